"""Slow-client figures: how the service answers while slow clients hold connections (loopback).

Starts gunicorn with the app's own config (2 workers x 4 threads) from `--root` (this checkout by
default; point it at another checkout to compare commits) on a free 127.0.0.1 port, opens
`--clients` connections of one kind, and for `--seconds` probes GET /health/live twice a second
with a 5 s timeout. Prints how many probes were answered, their p50 and worst latency, and how long
the server kept the slow connections before answering or closing them. Bounded in time and count.

    python bench/slow_clients.py --kind slowloris --clients 10
    python bench/slow_clients.py --kind slow-body --root /tmp/old-app
"""

from __future__ import annotations

import argparse
import contextlib
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = "bench-key-0123456789abcdef"
PROBE_TIMEOUT = 5.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _slowloris(sock: socket.socket, stop: threading.Event) -> None:
    # The case: a partial header, then one more header line every 3 s, never the blank line.
    sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n")
    n = 0
    while not stop.wait(3.0):
        n += 1
        sock.sendall(f"X-Slow-{n}: a\r\n".encode())


def _slow_body(sock: socket.socket, stop: threading.Event) -> None:
    # The other case: a POST that declares 100 bytes and sends 5.
    sock.sendall(
        b"POST /api/devices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"X-API-Key: " + KEY.encode() + b'\r\nContent-Length: 100\r\n\r\n{"id"'
    )
    stop.wait()


def _never_closes(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    stop.wait()


Behaviour = Callable[[socket.socket, threading.Event], None]
KINDS: dict[str, Behaviour] = {
    "slowloris": _slowloris,
    "slow-body": _slow_body,
    "never-closes": _never_closes,
}


def _watch(sock: socket.socket, opened: float, stop: threading.Event, released: list[float]) -> None:
    """Record when the server answers this connection with an error or closes it."""
    sock.settimeout(0.5)
    while not stop.is_set():
        try:
            data = sock.recv(65536)
        except TimeoutError:
            continue
        except OSError:
            data = b""
        if not data or b"HTTP/1.1 4" in data or b"HTTP/1.1 5" in data:
            released.append(time.monotonic() - opened)
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=sorted(KINDS), default="slowloris")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=20, help="how long the slow clients hold on")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose app to run")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 120:
        parser.error("--clients 1..200, --seconds 1..120 (the run is bounded)")

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="frugal-slow-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FRUGAL_", "WEB_CONC"))} | {
            "FRUGAL_SQLITE_PATH": str(Path(tmp) / "d.db"),
            "FRUGAL_API_KEY": KEY,
            "WEB_CONCURRENCY": "2",
            "FRUGAL_ACCESS_LOG": "off",
        }
        command = [sys.executable, "-m", "gunicorn", "-c", "app/gunicorn.conf.py", "-b", f"127.0.0.1:{port}"]
        with (Path(tmp) / "gunicorn.log").open("wb") as log:
            server = subprocess.Popen(
                [*command, "app.wsgi:app"], cwd=args.root, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        stop = threading.Event()
        sockets: list[socket.socket] = []
        released: list[float] = []
        try:
            for _ in range(100):
                with contextlib.suppress(OSError), urllib.request.urlopen(base + "/health/live", timeout=1):
                    break
                time.sleep(0.1)
            for _ in range(args.clients):
                sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                sockets.append(sock)
                opened = time.monotonic()
                threading.Thread(target=_quietly, args=(KINDS[args.kind], sock, stop), daemon=True).start()
                threading.Thread(target=_watch, args=(sock, opened, stop, released), daemon=True).start()
            time.sleep(0.5)
            latencies: list[float] = []
            failed = 0
            end = time.monotonic() + args.seconds
            while time.monotonic() < end:
                began = time.monotonic()
                try:
                    with urllib.request.urlopen(base + "/health/live", timeout=PROBE_TIMEOUT):
                        latencies.append((time.monotonic() - began) * 1000)
                except OSError:
                    failed += 1
                time.sleep(max(0.0, 0.5 - (time.monotonic() - began)))
        finally:
            stop.set()
            time.sleep(0.6)  # the watchers notice the stop
            for sock in sockets:
                sock.close()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    answered = len(latencies)
    released.sort()
    print(
        f"{args.root} · {args.clients} x {args.kind} for {args.seconds} s"
        f" · load before: {os.getloadavg()[0]:.2f}\n"
        f"  /health/live probes answered: {answered}/{answered + failed} (timeout {PROBE_TIMEOUT:g} s)"
        + (f", p50 {statistics.median(latencies):.1f} ms, worst {max(latencies):.1f} ms" if latencies else "")
        + f"\n  slow connections answered or closed by the server: {len(released)}/{len(sockets)}"
        + (f", after {released[0]:.1f}-{released[-1]:.1f} s" if released else "")
        + (
            f"; {len(sockets) - len(released)} still open after {args.seconds} s"
            if len(released) < len(sockets)
            else ""
        )
    )
    return 0


def _quietly(behave: Behaviour, sock: socket.socket, stop: threading.Event) -> None:
    with contextlib.suppress(OSError):
        behave(sock, stop)


if __name__ == "__main__":
    sys.exit(main())
