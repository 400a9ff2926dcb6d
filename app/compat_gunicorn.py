"""gunicorn's internals that app/server.py's worker builds on, in one place. Checked against gunicorn
27.0.1 (pinned in app/requirements.txt); tests/app/test_compat_gunicorn.py fails when an upgrade moves
one of them, so an upgrade is a decision, not a surprise.

The worker subclasses `ThreadWorker` (gthread) and its connection `TConn`, overriding the methods in
`OVERRIDDEN` and using the attributes in `ATTRIBUTES`; it reads requests through a `SocketUnreader`;
it answers gunicorn's own 4xx pages as JSON by replacing `gunicorn.util.write_error` in its process.

Self-contained on purpose: the app is its own deployable and imports nothing from `frugal`.
"""

from __future__ import annotations

import inspect
import socket
import warnings
from collections.abc import Callable

import gunicorn
from gunicorn import util as _util
from gunicorn.http.unreader import SocketUnreader
from gunicorn.workers.gthread import TConn, ThreadWorker

TESTED = (27, 0, 1)

# Class -> {method: its parameters after self}: the worker overrides or calls these.
OVERRIDDEN: dict[type, dict[str, tuple[str, ...]]] = {
    ThreadWorker: {
        "init_process": (),
        "accept": ("listener",),
        "handle": ("conn",),
        "finish_request": ("conn", "fs"),
        "enqueue_req": ("conn",),
        "murder_pending": (),
        "_keepalive_after": ("conn", "keepalive"),
        "handle_error": ("req", "client", "addr", "exc"),
    },
    TConn: {"__init__": ("cfg", "sock", "client", "server"), "init": (), "close": ("graceful",)},
    SocketUnreader: {"__init__": ("sock", "max_chunk"), "chunk": ("size_hint",), "take_buffered": ()},
}
# Class -> instance attributes the worker reads or sets, as gunicorn's own source assigns them.
ATTRIBUTES: dict[type, tuple[str, ...]] = {
    ThreadWorker: ("nr_conns", "poller", "cfg", "log"),
    TConn: ("parser", "sock", "client", "data_ready"),
    SocketUnreader: ("sock", "buf"),
}
# gunicorn.util functions: name -> parameters.
UTIL: dict[str, tuple[str, ...]] = {
    "write_error": ("sock", "status_int", "reason", "mesg"),
    "write_nonblock": ("sock", "data", "chunked"),
    "close": ("sock",),
}


class GunicornCompatError(ImportError):
    """An internal the worker relies on is missing or changed in the installed gunicorn."""


def _parameters(function: Callable[..., object]) -> tuple[str, ...]:
    names = tuple(inspect.signature(function).parameters)
    return names[1:] if names[:1] == ("self",) else names


def _assigned(cls: type) -> set[str]:
    """Attributes set as `self.<name> = ...` anywhere in the class and its gunicorn bases."""
    found: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith("gunicorn."):
            try:
                source = inspect.getsource(klass)
            except (OSError, TypeError):  # installed without sources: nothing to check against
                return set(ATTRIBUTES.get(cls, ()))
            found |= {name for name in ATTRIBUTES.get(cls, ()) if f"self.{name} =" in source}
    return found


def _signature_problem(owner: object, label: str, name: str, expected: tuple[str, ...]) -> str | None:
    """`label.name` missing from `owner`, or with other parameters than `expected`, in words."""
    function = getattr(owner, name, None)
    if function is None:
        return f"{label}.{name} is gone"
    if _parameters(function) != expected:
        return f"{label}.{name}{_parameters(function)} was {name}{expected}"
    return None


def problems() -> list[str]:
    """What no longer matches: each missing method, changed signature or attribute, in words."""
    found: list[str | None] = []
    for cls, methods in OVERRIDDEN.items():
        found += [_signature_problem(cls, cls.__qualname__, name, sig) for name, sig in methods.items()]
    for cls, attributes in ATTRIBUTES.items():
        missing = set(attributes) - _assigned(cls)
        if missing:
            found.append(f"{cls.__qualname__} no longer sets {', '.join(sorted(missing))}")
    found += [_signature_problem(_util, "gunicorn.util", name, expected) for name, expected in UTIL.items()]
    return [problem for problem in found if problem]


def check() -> None:
    """Raise when an internal is gone or changed; warn when the version is not the one checked."""
    found = problems()
    if found:
        raise GunicornCompatError(f"gunicorn {gunicorn.__version__}: " + "; ".join(found))
    if tuple(gunicorn.version_info[:2]) != TESTED[:2]:
        warnings.warn(
            f"gunicorn {gunicorn.__version__} is installed; app/server.py was checked with "
            f"{'.'.join(map(str, TESTED))}",
            stacklevel=2,
        )


def replace_error_writer(writer: Callable[[socket.socket, int, str, str], None]) -> None:
    """Make gunicorn write its own error pages (400, 414, 431, ...) with `writer`, in this process."""
    _util.write_error = writer


def write_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """Answer an error the way gunicorn does, through whichever writer is in place."""
    _util.write_error(sock, status_int, reason, mesg)


def write_nonblock(sock: socket.socket, data: bytes) -> None:
    _util.write_nonblock(sock, data)


def close(sock: socket.socket) -> None:
    _util.close(sock)


__all__ = [
    "SocketUnreader",
    "TConn",
    "ThreadWorker",
    "check",
    "close",
    "problems",
    "replace_error_writer",
    "write_error",
    "write_nonblock",
]
