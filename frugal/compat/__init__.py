"""The private APIs of our dependencies, one module per dependency, so an upgrade that moves one breaks
in a single place (and in its test, tests/packaging/test_compat.py), not somewhere deep in a preview.

Each module says the version it was checked against (`TESTED`), raises `CompatError` at import when a
name it needs is gone, and warns (`CompatWarning`) when the installed version is outside the range it
was checked for.
"""

from __future__ import annotations

import importlib.metadata
import re
import warnings


class CompatError(ImportError):
    """A private API frugal relies on is missing from the installed version of a dependency."""


class CompatWarning(UserWarning):
    """The installed version of a dependency is outside the range its compat module was checked for."""


def version_tuple(text: str) -> tuple[int, ...]:
    """ "3.272.0" -> (3, 272, 0); a pre-release or local suffix ("1.0.0rc1", "2.1+local") is dropped."""
    numbers = []
    for part in text.split("+", 1)[0].split("."):
        lead = re.match(r"\d*", part).group()  # type: ignore[union-attr]  # \d* always matches
        if not lead:
            break
        numbers.append(int(lead))
        if lead != part:  # "0rc1": the numbers end here
            break
    return tuple(numbers)


def installed(distribution: str) -> str:
    return importlib.metadata.version(distribution)


def check_version(distribution: str, lowest: str, below: str) -> str | None:
    """A warning's text (and the warning itself) when `distribution` is not in [lowest, below)."""
    version = installed(distribution)
    if version_tuple(lowest) <= version_tuple(version) < version_tuple(below):
        return None
    message = (
        f"{distribution} {version} is installed; frugal's use of its private APIs was checked for "
        f">={lowest},<{below}"
    )
    warnings.warn(message, CompatWarning, stacklevel=3)
    return message


def require(module: object, names: tuple[str, ...], distribution: str) -> None:
    """Raise `CompatError` naming every one of `names` that `module` lacks."""
    missing = [name for name in names if not hasattr(module, name)]
    if missing:
        raise CompatError(
            f"{distribution} {installed(distribution)}: {getattr(module, '__name__', module)} has no "
            f"{', '.join(missing)}, which frugal relies on (see frugal/compat/)"
        )
