"""The app under real gunicorn processes: durability, concurrent writers, graceful shutdown, logs."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.app.conftest import API_KEY, ROOT, Backend, Server

WRITERS = 4
SHARED_IDS = 30
OWN_IDS = 15


def request(
    base: str, method: str, path: str, body: object | None = None, timeout: float = 10
) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        base + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", "X-API-Key": API_KEY},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else {}
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def all_ids(base: str) -> list[str]:
    ids, cursor = [], None
    for _ in range(100):
        path = "/api/devices?limit=100" + (f"&cursor={cursor}" if cursor else "")
        status, page = request(base, "GET", path)
        assert status == 200
        ids += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return ids
    raise AssertionError("pagination did not end")


def test_data_survives_kill_9_and_restart(backend: Backend, start_gunicorn) -> None:
    server: Server = start_gunicorn(backend.env())
    for n in range(20):
        assert request(server.base, "POST", "/api/devices", {"id": f"k-{n:02d}", "name": f"n{n}"})[0] == 201
    assert request(server.base, "PATCH", "/api/devices/k-00", {"status": "retired"})[0] == 200
    assert request(server.base, "DELETE", "/api/devices/k-01")[0] == 204

    os.killpg(server.process.pid, signal.SIGKILL)  # master and workers, no chance to clean up
    assert server.process.wait(timeout=10) == -signal.SIGKILL

    restarted: Server = start_gunicorn(backend.env())
    assert sorted(all_ids(restarted.base)) == [f"k-{n:02d}" for n in range(20) if n != 1]
    assert request(restarted.base, "GET", "/api/devices/k-00")[1]["status"] == "retired"


def _writer(base: str, writer: int) -> list[tuple[str, int]]:
    results = []
    ids = [f"shared-{n:02d}" for n in range(SHARED_IDS)] + [f"own-{writer}-{n:02d}" for n in range(OWN_IDS)]
    for device_id in ids:
        status, _ = request(base, "POST", "/api/devices", {"id": device_id, "name": f"by writer {writer}"})
        results.append((device_id, status))
    return results


def test_concurrent_writer_processes_lose_nothing_and_duplicate_nothing(
    backend: Backend, start_gunicorn
) -> None:
    server: Server = start_gunicorn(backend.env(), workers=3)
    with ProcessPoolExecutor(max_workers=WRITERS) as pool:
        outcomes = [r for rs in pool.map(_writer, [server.base] * WRITERS, range(WRITERS)) for r in rs]

    assert {status for _, status in outcomes} <= {201, 409}
    winners: dict[str, int] = {}
    for device_id, status in outcomes:
        winners[device_id] = winners.get(device_id, 0) + (status == 201)
    assert all(count == 1 for count in winners.values()), "each id is created exactly once"

    ids = all_ids(server.base)
    assert len(ids) == len(set(ids)), "no duplicates in the listing"
    assert set(ids) == {f"shared-{n:02d}" for n in range(SHARED_IDS)} | {
        f"own-{w}-{n:02d}" for w in range(WRITERS) for n in range(OWN_IDS)
    }
    # The stored record is the one whose create answered 201, not a later overwrite.
    for device_id in (f"shared-{n:02d}" for n in range(0, SHARED_IDS, 7)):
        name = request(server.base, "GET", f"/api/devices/{device_id}")[1]["name"]
        assert int(name.rsplit(" ", 1)[1]) in range(WRITERS)


@pytest.mark.parametrize(
    ("size", "status"), [(60_000, 201), (65_536, 201), (65_537, 413), (70_000, 413), (1_000_000, 413)]
)
def test_chunked_body_size_limit(start_gunicorn, tmp_path: Path, size: int, status: int) -> None:
    """No Content-Length (chunked): the 64 KiB limit must still answer 413, not parse a truncated body."""
    server: Server = start_gunicorn({"FRUGAL_SQLITE_PATH": str(tmp_path / "d.db")}, workers=1)
    body = json.dumps({"id": "big", "name": "n", "location": ""}).encode()
    body = body[:-1] + b" " * (size - len(body)) + b"}"  # valid JSON padded with whitespace
    host, port = server.base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    chunks = (body[i : i + 8192] for i in range(0, len(body), 8192))
    connection.request(
        "POST",
        "/api/devices",
        body=chunks,
        headers={"Content-Type": "application/json", "X-API-Key": API_KEY},
        encode_chunked=True,
    )
    response = connection.getresponse()
    assert response.status == status
    connection.close()


def test_sigterm_drains_in_flight_requests(start_gunicorn, tmp_path: Path) -> None:
    marker = tmp_path / "slow-started"
    server: Server = start_gunicorn(
        {"FRUGAL_SQLITE_PATH": str(tmp_path / "d.db"), "FRUGAL_TEST_STARTED_MARKER": str(marker)},
        target="tests.app.slow_wsgi:app",
        workers=1,
    )
    result: dict[str, object] = {}

    def call_slow() -> None:
        result["answer"] = request(server.base, "GET", "/test/slow", timeout=30)

    caller = threading.Thread(target=call_slow)
    caller.start()
    deadline = time.monotonic() + 20
    while not marker.exists():  # the handler has started and now sleeps 2 s
        assert time.monotonic() < deadline, "the slow request never reached the handler"
        time.sleep(0.02)
    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    caller.join(timeout=30)
    assert result["answer"] == (200, {"status": "finished"})
    assert server.process.wait(timeout=30) == 0
    assert time.monotonic() - started < 20, "the drain should take about the 2 s the request needs"
    # After the drain nothing listens any more.
    with pytest.raises(OSError):
        urllib.request.urlopen(server.base + "/health/live", timeout=2)


def test_logs_are_json_lines_on_stdout(start_gunicorn, tmp_path: Path) -> None:
    server: Server = start_gunicorn({"FRUGAL_SQLITE_PATH": str(tmp_path / "d.db")}, workers=1)
    request(server.base, "POST", "/api/devices", {"id": "log-1", "name": "n"})
    request(server.base, "GET", "/api/devices/missing")
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=30)
    lines = [line for line in server.log().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line parses
    access = [e for e in entries if e["logger"] == "access"]
    assert {(e["method"], e["path"], e["status"]) for e in access} >= {
        ("POST", "/api/devices", 201),
        ("GET", "/api/devices/missing", 404),
    }
    assert all(len(e["request_id"]) == 32 for e in access if e["path"] != "/health/live")


def test_access_log_can_be_turned_off(start_gunicorn, tmp_path: Path) -> None:
    server: Server = start_gunicorn(
        {"FRUGAL_SQLITE_PATH": str(tmp_path / "d.db"), "FRUGAL_ACCESS_LOG": "off"}, workers=1
    )
    assert request(server.base, "POST", "/api/devices", {"id": "quiet", "name": "n"})[0] == 201
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=30)
    entries = [json.loads(line) for line in server.log().splitlines() if line.strip()]
    assert entries, "gunicorn's own lines are still logged"
    assert not [e for e in entries if e["logger"] == "access"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FRUGAL_STORAGE": "mysql"}, "FRUGAL_STORAGE must be 'sqlite' or 'dynamodb'"),
        # (gunicorn itself parses WEB_CONCURRENCY before the config file, so "lots" fails in gunicorn.)
        ({"WEB_CONCURRENCY": "0"}, "WEB_CONCURRENCY must be a whole number"),
        ({"PORT": "99999"}, "PORT must be a whole number"),
        ({"FRUGAL_ACCESS_LOG": "maybe"}, "FRUGAL_ACCESS_LOG must be 'on' or 'off'"),
    ],
)
def test_bad_environment_stops_startup_with_a_clear_message(env: dict[str, str], message: str) -> None:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("FRUGAL_")} | {
        "FRUGAL_API_KEY": API_KEY
    }
    completed = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "app/gunicorn.conf.py", "-b", "127.0.0.1:0", "app.wsgi:app"],
        cwd=ROOT,
        env=full_env | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode != 0
    assert message in completed.stdout + completed.stderr
