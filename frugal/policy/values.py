"""Reading resource properties that may be unknown at preview, without crashing and without losing track.

During `pulumi preview` the analyzer hands rules a `unknown_checking_proxy` over the resource's
properties: reading an unknown value raises `UnknownValueError`. The cost model may also get raw
dicts holding Pulumi's unknown sentinel strings. `Reader` accepts both, returns `UNKNOWN` for an
unknown value and remembers its path, so a rule can finish every check it can make and then say
exactly what it could not check.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

_SENTINELS = frozenset(
    {
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_STRING_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_OBJECT_VALUE,
        # The engine's own marker for an unknown value, as the Python SDK spells it.
        "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    }
)


class _Unknown:
    """The one value standing for "not known until the update runs"."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        # Truthiness of an unknown must never decide a check by accident.
        raise TypeError("an unknown value has no truth value; test `is UNKNOWN` first")


UNKNOWN: Any = _Unknown()


def is_unknown(value: Any) -> bool:
    return value is UNKNOWN or (isinstance(value, str) and value in _SENTINELS)


def _raw(value: Any) -> Any:
    """The plain list or dict behind a pulumi_policy proxy (their `__target` escape hatch)."""
    try:
        if type(value).__name__ in ("_DictProxy", "_ListProxy"):
            return value["__target"]
    except (KeyError, IndexError, TypeError):
        pass
    return value


class Reader:
    """Safe property access that records the paths of unknown values it meets."""

    def __init__(
        self, prefix: str = "", unknown_paths: list[str] | None = None, invalid: list[str] | None = None
    ) -> None:
        self.prefix = prefix
        self.unknown_paths: list[str] = [] if unknown_paths is None else unknown_paths
        # Documents that are not valid JSON: a real error (AWS would reject them), not an unknown.
        self.invalid: list[str] = [] if invalid is None else invalid

    def scoped(self, prefix: str) -> Reader:
        """A reader for a nested value (a list element, another resource) that names paths in full
        and shares this reader's record of unknowns."""
        joined = (
            f"{self.prefix}.{prefix}" if self.prefix and not prefix.startswith("[") else self.prefix + prefix
        )
        return Reader(joined, self.unknown_paths, self.invalid)

    def _full(self, path: str) -> str:
        if not self.prefix:
            return path
        return f"{self.prefix}{'' if path.startswith('[') else '.'}{path}"

    def _mark(self, path: str) -> Any:
        path = self._full(path)
        if path not in self.unknown_paths:
            self.unknown_paths.append(path)
        return UNKNOWN

    def unknown(self, path: str) -> Any:
        """Record that what `path` names is unknown at preview (a link, not a value); returns UNKNOWN."""
        return self._mark(path)

    def get(self, props: Any, *path: str | int, default: Any = None) -> Any:
        """`props[path[0]][path[1]]...`, `default` when absent, `UNKNOWN` (recorded) when unknown."""
        current = props
        walked: list[str] = []
        for key in path:
            walked.append(f"[{key}]" if isinstance(key, int) else str(key))
            if is_unknown(current):
                return self._mark(_join(walked[:-1]) or "(value)")
            try:
                if isinstance(current, Mapping):
                    if key not in _raw(current):
                        return default
                    current = current[key]
                elif isinstance(current, Sequence) and not isinstance(current, str | bytes):
                    if not isinstance(key, int) or key >= len(current):
                        return default
                    current = current[key]
                else:
                    return default
            except UnknownValueError:
                return self._mark(_join(walked))
        if is_unknown(current):
            return self._mark(_join(walked) or "(value)")
        return current

    def items(self, value: Any, path: str) -> list[Any]:
        """The elements of a list; unknown elements come back as `UNKNOWN` (recorded)."""
        if value is None:
            return []
        if is_unknown(value):
            self._mark(path)
            return []
        if isinstance(value, str | bytes) or not isinstance(value, Sequence):
            return [value]
        result: list[Any] = []
        for index in range(len(value)):
            try:
                element = value[index]
            except UnknownValueError:
                element = UNKNOWN
            if is_unknown(element):
                self._mark(f"{path}[{index}]")
                element = UNKNOWN
            result.append(element)
        return result

    def items_of(self, props: Any, key: str) -> list[Any]:
        """`items` of the list at `props[key]`; `[]` when absent or unknown (recorded)."""
        return self.items(self.get(props, key), key)

    def json(self, value: Any, path: str) -> Any:
        """A JSON document given either as a string or already decoded; `UNKNOWN` if unknown."""
        if is_unknown(value):
            return self._mark(path)
        if isinstance(value, str):
            if any(sentinel in value for sentinel in _SENTINELS):
                # An unknown interpolated into a JSON string (an ARN not yet created).
                return self._mark(path)
            try:
                return json.loads(value)
            except json.JSONDecodeError as error:
                self.invalid.append(f"{self._full(path)} is not valid JSON ({error.msg})")
                return None
        return plain(value)


def _join(parts: list[str]) -> str:
    return "".join(p if p.startswith("[") or i == 0 else f".{p}" for i, p in enumerate(parts))


def plain(value: Any) -> Any:
    """A deep copy of `value` with proxies turned into dicts/lists and unknowns into `UNKNOWN`."""
    value = _raw(value)
    if is_unknown(value):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {key: plain(_raw(value)[key]) for key in _raw(value)}
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [plain(element) for element in value]
    return value


def as_bool(value: Any) -> Any:
    """Booleans as Pulumi sends them: real bools, or "true"/"false" strings in some providers' inputs."""
    if value is None or value is UNKNOWN or isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    return bool(value)


def as_number(value: Any) -> Any:
    """Numbers arrive as ints, floats (protobuf) or numeric strings; `None`/`UNKNOWN` pass through."""
    if value is None or value is UNKNOWN:
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return None
    return None
