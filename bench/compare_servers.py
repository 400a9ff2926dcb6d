"""The service under several WSGI servers side by side, on loopback: slow clients, then wrk, interleaved.

Issue 18, item 8: `BufferingThreadWorker` (app/server.py) against maintained servers that could replace
it. Every server runs this checkout's app with 2 processes x 4 threads where it has both (waitress is
one process, so 8 threads), its access log off, a fresh SQLite file of its own, on a free 127.0.0.1
port, all at once:

- `ours`: gunicorn with app/gunicorn.conf.py (`BufferingThreadWorker`);
- `gthread`: the same config with gunicorn's own `gthread` worker;
- `granian`: granian's WSGI interface, `--http1-header-read-timeout` 10 s like ours, 4 blocking
  threads a worker; `granian32` the same with 32;
- `waitress`: `--channel-timeout 10` (closes a connection idle 10 s; its default is 120);
- `uvicorn`: uvicorn (httptools, uvloop) with the app wrapped by a2wsgi (bench/a2wsgi_app.py).

1. Slow clients, one server after another: the clients of tests/app/test_slow_clients.py (10 each of
   slowloris, slow body, Expect then no body, Connection: close then never closes, pipelined then
   stalls, connects and sends nothing: 60 connections), `/health/live` probed twice a second with a
   5 s timeout for 11 s, one write and one list, then which slow connections the server has answered
   or closed 12.5 s after they opened (ours answers 408 at 10 s). `--slow-rounds` times.
2. Throughput: `wrk` as `make bench-app` runs it (bench/app_load.py: 1 thread, 8 connections)
   against `GET /api/devices?limit=50` (50 devices) and `GET /health/live`, `--seconds` each, every
   server once a round, order rotated every round, `--rounds` rounds; medians and each/ours.

Servers that aren't installed are left out with a note. Bounded: at most 60 slow connections and
`--rounds` x servers x 2 wrk runs, each `--seconds` long.

    python bench/compare_servers.py --rounds 7 --seconds 3
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.app_load import BENCH_KEY, ROOT, free_port, run_wrk, seed, wait_ready
from tests.app.raw_http import read_response

PATHS = {"list": "/api/devices?limit=50", "live": "/health/live"}
READ_TIMEOUT = 10  # app/server.py's REQUEST_READ_TIMEOUT, given to the others where they have one
PER_KIND = 10  # the test's; --per-kind for more
PROBE_TIMEOUT = 5.0
PROBE_SECONDS = 11.0
RELEASE_CHECK_AT = READ_TIMEOUT + 2.5
HOLD_SECONDS = READ_TIMEOUT + 4


@dataclass(frozen=True)
class Candidate:
    name: str
    needs: str  # the module that must be importable
    command: Callable[[int], list[str]]


def _gunicorn(*extra: str) -> Callable[[int], list[str]]:
    def command(port: int) -> list[str]:
        config = ["-c", "app/gunicorn.conf.py", "-b", f"127.0.0.1:{port}"]
        return [sys.executable, "-m", "gunicorn", *config, *extra, "app.wsgi:app"]

    return command


def _granian(threads: int) -> Callable[[int], list[str]]:
    def command(port: int) -> list[str]:
        return [
            sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", "2", "--blocking-threads", str(threads), "--http", "1",
            "--http1-header-read-timeout", str(READ_TIMEOUT * 1000), "--no-access-log", "app.wsgi:app",
        ]  # fmt: skip

    return command


def _waitress(port: int) -> list[str]:
    return [
        sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{port}", "--threads", "8",
        "--channel-timeout", str(READ_TIMEOUT), "app.wsgi:app",
    ]  # fmt: skip


def _uvicorn(port: int) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
        "--http", "httptools", "--loop", "uvloop", "--no-access-log", "--timeout-keep-alive", "360",
        "bench.a2wsgi_app:app",
    ]  # fmt: skip


CANDIDATES = (
    Candidate("ours", "gunicorn", _gunicorn()),
    Candidate("gthread", "gunicorn", _gunicorn("--worker-class", "gthread")),
    Candidate("granian", "granian", _granian(4)),
    # More blocking threads than the slow-client test has clients that can hold one.
    Candidate("granian32", "granian", _granian(32)),
    Candidate("waitress", "waitress", _waitress),
    Candidate("uvicorn", "a2wsgi", _uvicorn),
)


# The clients of tests/app/test_slow_clients.py, same bytes.
def _slowloris(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n")
    n = 0
    while not stop.wait(1.0):
        n += 1
        sock.sendall(f"X-Slow-{n}: a\r\n".encode())


def _slow_body(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(
        b"POST /api/devices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"X-API-Key: " + BENCH_KEY.encode() + b'\r\nContent-Length: 100\r\n\r\n{"id"'
    )
    stop.wait(HOLD_SECONDS)


def _expect_then_stall(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(
        b"POST /api/devices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\nExpect: 100-continue\r\n\r\n"
    )
    stop.wait(HOLD_SECONDS)


def _never_closes(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    read_response(sock)
    stop.wait(HOLD_SECONDS)


def _pipelined_then_stall(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\nGET /health/live HTTP/1.1\r\nHo")
    read_response(sock)
    stop.wait(HOLD_SECONDS)


def _silent(sock: socket.socket, stop: threading.Event) -> None:
    stop.wait(HOLD_SECONDS)


KINDS: dict[str, Callable[[socket.socket, threading.Event], None]] = {
    "slowloris": _slowloris,
    "slow body": _slow_body,
    "expect, no body": _expect_then_stall,
    "never closes": _never_closes,
    "pipelined, stalls": _pipelined_then_stall,
    "silent": _silent,
}


@dataclass
class SlowResult:
    probes: int = 0
    answered: int = 0
    worst_ms: float = 0.0
    write_and_list: bool = False
    per_kind: int = PER_KIND
    released: dict[str, int] = field(default_factory=dict)  # answered or closed by RELEASE_CHECK_AT
    timeouts_408: int = 0
    alive_after: bool = False

    def summary(self) -> str:
        released = sum(self.released.values())
        still_open = {kind: self.per_kind - n for kind, n in self.released.items() if n < self.per_kind}
        open_kinds = ", ".join(f"{kind} {n}" for kind, n in still_open.items())
        return (
            f"probes {self.answered}/{self.probes} (worst {self.worst_ms:.0f} ms), "
            f"write+list {'ok' if self.write_and_list else 'FAILED'}, "
            f"released by {RELEASE_CHECK_AT:g} s {released}/{self.per_kind * len(KINDS)}"
            f" ({self.timeouts_408} x 408)"
            + (f", still open: {open_kinds}" if open_kinds else "")
            + ("" if self.alive_after else ", NOT ANSWERING AFTERWARDS")
        )


def _timed_get(url: str) -> float | None:
    began = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=PROBE_TIMEOUT) as response:
            response.read()
            return (time.monotonic() - began) * 1000 if response.status == 200 else None
    except OSError:
        return None


def _released(sock: socket.socket) -> tuple[bool, bool]:
    """(answered or closed by the server, answered 408)."""
    sock.settimeout(0.2)
    try:
        data = sock.recv(65536)
    except TimeoutError:
        return False, False
    except OSError:
        return True, False
    return True, data.startswith(b"HTTP/1.1 408") or data.startswith(b"HTTP/1.0 408")


def slow_clients(base: str, per_kind: int = PER_KIND) -> SlowResult:
    host, port = base.removeprefix("http://").split(":")
    result = SlowResult(per_kind=per_kind)
    stop = threading.Event()
    sockets: dict[str, list[socket.socket]] = {kind: [] for kind in KINDS}
    threads = []
    started = time.monotonic()
    for kind, behave in KINDS.items():
        for _ in range(per_kind):
            sock = socket.create_connection((host, int(port)), timeout=HOLD_SECONDS + 10)
            sockets[kind].append(sock)

            def run(sock: socket.socket = sock, behave=behave) -> None:
                with contextlib.suppress(OSError, ValueError, IndexError):
                    behave(sock, stop)

            thread = threading.Thread(target=run, daemon=True)
            thread.start()
            threads.append(thread)
    try:
        time.sleep(1.0)
        end = time.monotonic() + PROBE_SECONDS
        while time.monotonic() < end:
            began = time.monotonic()
            latency = _timed_get(base + "/health/live")
            result.probes += 1
            if latency is not None:
                result.answered += 1
                result.worst_ms = max(result.worst_ms, latency)
            time.sleep(max(0.0, 0.5 - (time.monotonic() - began)))
        with contextlib.suppress(OSError, ValueError, KeyError):
            created = urllib.request.Request(
                base + "/api/devices",
                data=json.dumps({"id": f"during-{time.monotonic_ns()}", "name": "n"}).encode(),
                headers={"Content-Type": "application/json", "X-API-Key": BENCH_KEY},
                method="POST",
            )
            with urllib.request.urlopen(created, timeout=PROBE_TIMEOUT) as response:
                wrote = response.status == 201
            with urllib.request.urlopen(base + "/api/devices?limit=1", timeout=PROBE_TIMEOUT) as response:
                result.write_and_list = wrote and len(json.load(response)["items"]) == 1
        time.sleep(max(0.0, started + RELEASE_CHECK_AT - time.monotonic()))
        for kind, group in sockets.items():
            outcomes = [_released(sock) for sock in group]
            result.released[kind] = sum(released for released, _ in outcomes)
            result.timeouts_408 += sum(is_408 for _, is_408 in outcomes)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)
        for group in sockets.values():
            for sock in group:
                sock.close()
    time.sleep(1.0)
    result.alive_after = _timed_get(base + "/health/live") is not None
    return result


def start(candidate: Candidate, tmp: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRUGAL_", "WEB_CONC"))} | {
        "FRUGAL_SQLITE_PATH": str(tmp / f"{candidate.name}.db"),
        "FRUGAL_API_KEY": BENCH_KEY,
        "FRUGAL_ACCESS_LOG": "off",
        "WEB_CONCURRENCY": "2",
        "PYTHONUNBUFFERED": "1",
    }
    with (tmp / f"{candidate.name}.log").open("wb") as log:
        process = subprocess.Popen(
            candidate.command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_ready(base, deadline_s=40)
    seed(base, 50)
    return process, base


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("gunicorn", "granian", "waitress", "uvicorn", "a2wsgi", "httptools", "uvloop", "flask"):
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{package} {version(package)}")
    return ", ".join(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="wrk rounds (0: slow clients only)")
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--slow-rounds", type=int, default=1)
    parser.add_argument("--per-kind", type=int, default=PER_KIND, help="slow clients of each kind")
    parser.add_argument("--only", default="", help="comma-separated candidate names (default: all)")
    args = parser.parse_args(argv)
    if not 0 <= args.rounds <= 30 or not 1 <= args.seconds <= 30 or not 0 <= args.slow_rounds <= 5:
        parser.error("--rounds 0..30, --seconds 1..30, --slow-rounds 0..5 (the run is bounded)")
    if not 1 <= args.per_kind <= 100:
        parser.error("--per-kind 1..100 (at most 600 slow connections)")
    wanted = {name for name in args.only.split(",") if name} or {c.name for c in CANDIDATES}
    candidates = []
    for candidate in CANDIDATES:
        if candidate.name not in wanted:
            continue
        if importlib.util.find_spec(candidate.needs) is None:
            print(f"{candidate.name}: left out, `{candidate.needs}` is not installed")
            continue
        candidates.append(candidate)
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.1f}; {_versions()}"
    )
    with tempfile.TemporaryDirectory(prefix="frugal-servers-") as tmp:
        servers: dict[str, tuple[subprocess.Popen, str]] = {}
        try:
            for candidate in candidates:
                servers[candidate.name] = start(candidate, Path(tmp))
            for slow_round in range(args.slow_rounds):
                for name, (_, base) in servers.items():
                    outcome = slow_clients(base, args.per_kind)
                    print(f"slow clients round {slow_round + 1}, {name:<8}: {outcome.summary()}", flush=True)
            if not args.rounds:
                return 0
            names = list(servers)
            results: dict[tuple[str, str], list[float]] = {}
            cpu: dict[tuple[str, str], list[float]] = {}
            for target, path in PATHS.items():
                for process, base in servers.values():  # warm-up
                    run_wrk(base + path, 1, args.connections, 1, process.pid)
                for round_ in range(args.rounds):
                    shift = round_ % len(names)
                    order = names[shift:] + names[:shift]
                    line = []
                    for name in order:
                        process, base = servers[name]
                        result = run_wrk(base + path, args.seconds, args.connections, 1, process.pid)
                        results.setdefault((target, name), []).append(result.rps)
                        cpu.setdefault((target, name), []).append(result.cpu_us_per_request)
                        errors = f" {result.errors} errors" if result.errors else ""
                        line.append(f"{name} {result.rps:5.0f}{errors}")
                    load = os.getloadavg()[0]
                    print(f"{target} round {round_ + 1:2d} (load {load:.1f}): " + " | ".join(line))
            print(f"\nmedians over {args.rounds} rounds of {args.seconds} s, wrk -t1 -c{args.connections}:")
            print("server    " + "".join(f"{h:>{w}}" for h, w in (
                ("list req/s", 11), ("x ours", 8), ("us CPU/req", 12), ("live req/s", 12), ("x ours", 8),
            )))  # fmt: skip
            for name in names:
                row = f"{name:<10}"
                for target in PATHS:
                    median = statistics.median(results[(target, name)])
                    ours = statistics.median(results[(target, names[0])])
                    row += f"{median:>11.0f}{median / ours:>8.2f}"
                    if target == "list":
                        row += f"{statistics.median(cpu[(target, name)]):>12.0f}"
                print(row)
        finally:
            for process, _ in servers.values():
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
            for process, _ in servers.values():
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
