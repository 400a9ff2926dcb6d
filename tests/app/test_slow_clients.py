"""Slow and stalled clients can't stall the service: real gunicorn (2 workers x 4 threads, as in
the container) on loopback, with more slow clients of each kind than it has threads.

Bounded: every client stops by itself after HOLD_SECONDS; no timing is asserted beyond the
timeouts any client needs (a probe that gets no answer at all within PROBE_TIMEOUT fails).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from app.server import REQUEST_READ_TIMEOUT
from tests.app.conftest import API_KEY, Server
from tests.app.raw_http import connect, read_response

PER_KIND = 10  # each kind alone is more than the 8 threads of 2 workers x 4
HOLD_SECONDS = REQUEST_READ_TIMEOUT + 4  # long enough to see the 408s
PROBE_TIMEOUT = 5.0


def _slowloris(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n")
    n = 0
    while not stop.wait(1.0):  # one more header line a second, never the blank line
        n += 1
        sock.sendall(f"X-Slow-{n}: a\r\n".encode())


def _slow_body(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(
        b"POST /api/devices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"X-API-Key: " + API_KEY.encode() + b'\r\nContent-Length: 100\r\n\r\n{"id"'
    )
    stop.wait(HOLD_SECONDS)


def _expect_then_stall(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(
        b"POST /api/devices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\nExpect: 100-continue\r\n\r\n"
    )
    stop.wait(HOLD_SECONDS)


def _never_closes(sock: socket.socket, stop: threading.Event) -> None:
    # Asks the server to close, reads the answer, and keeps its end open.
    sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    read_response(sock)
    stop.wait(HOLD_SECONDS)


def _pipelined_then_stall(sock: socket.socket, stop: threading.Event) -> None:
    # A whole request with the start of the next behind it, then nothing more.
    sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\nGET /health/live HTTP/1.1\r\nHo")
    assert read_response(sock).status == 200
    stop.wait(HOLD_SECONDS)


def _silent(sock: socket.socket, stop: threading.Event) -> None:
    stop.wait(HOLD_SECONDS)


KINDS: dict[str, Callable[[socket.socket, threading.Event], None]] = {
    "slowloris": _slowloris,
    "slow body": _slow_body,
    "expect, then no body": _expect_then_stall,
    "connection close, never closes": _never_closes,
    "pipelined, then stalls": _pipelined_then_stall,
    "connects, sends nothing": _silent,
}


def _probe(base: str) -> int:
    with urllib.request.urlopen(base + "/health/live", timeout=PROBE_TIMEOUT) as response:
        return response.status


def test_health_answers_while_slow_clients_hold_connections(start_gunicorn, tmp_path: Path) -> None:
    server: Server = start_gunicorn({"FRUGAL_SQLITE_PATH": str(tmp_path / "d.db")}, workers=2)
    stop = threading.Event()
    sockets: dict[str, list[socket.socket]] = {kind: [] for kind in KINDS}
    threads = []
    for kind, behave in KINDS.items():
        for _ in range(PER_KIND):
            sock = connect(server.base, timeout=HOLD_SECONDS + 10)
            sockets[kind].append(sock)

            def run(sock: socket.socket = sock, behave=behave) -> None:
                # OSError: the server closed it, which is what a slow client should expect.
                with contextlib.suppress(OSError):
                    behave(sock, stop)

            thread = threading.Thread(target=run, daemon=True)
            thread.start()
            threads.append(thread)
    started = time.monotonic()
    try:
        time.sleep(1.0)  # every slow client has sent what it sends first
        probes = []
        for _ in range(6):
            probes.append(_probe(server.base))
            time.sleep(0.3)
        # Writes and reads of the API work too, not only the health check.
        created = urllib.request.Request(
            server.base + "/api/devices",
            data=json.dumps({"id": "during", "name": "n"}).encode(),
            headers={"Content-Type": "application/json", "X-API-Key": API_KEY},
            method="POST",
        )
        with urllib.request.urlopen(created, timeout=PROBE_TIMEOUT) as response:
            assert response.status == 201
        with urllib.request.urlopen(server.base + "/api/devices", timeout=PROBE_TIMEOUT) as response:
            assert [d["id"] for d in json.load(response)["items"]] == ["during"]
        assert probes == [200] * 6

        # Past the read timeout, each client with a partial request got a JSON 408 and was let go.
        time.sleep(max(0.0, started + REQUEST_READ_TIMEOUT + 2.5 - time.monotonic()))
        for kind in ("slowloris", "slow body", "expect, then no body", "pipelined, then stalls"):
            for sock in sockets[kind]:
                response = read_response(sock)
                assert response.status == 408, kind
                assert response.json()["error"]["code"] == "request_timeout"
        for sock in sockets["connects, sends nothing"]:
            assert sock.recv(100) == b"", "a connection that never sent a byte is closed without an answer"
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)
        for group in sockets.values():
            for sock in group:
                sock.close()
    assert _probe(server.base) == 200
    assert "Traceback" not in server.log(), server.log()[-3000:]
