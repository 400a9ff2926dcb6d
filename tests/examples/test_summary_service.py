"""The example's summary service against the real inventory app, both under gunicorn on loopback:
the summary reads the inventory through INVENTORY_URL, the way it reads inventory.<namespace>:8080
on AWS."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import requests

from tests.support import REPO, free_port, spawn_gunicorn, wait_http

SUMMARY_DIR = REPO / "examples" / "two-services" / "summary"
API_KEY = "summary-test-key-0123456789"
STATUSES = ("active", "inactive", "retired")
LOCATIONS = ("basement", "lab", "")
DEVICES = 230  # more than two of the inventory's 100-device pages


def load_summary() -> ModuleType:
    spec = importlib.util.spec_from_file_location("summary", SUMMARY_DIR / "summary.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


summary = load_summary()


def stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def spawn_summary(port: int, inventory_url: str, log_path: Path) -> subprocess.Popen:
    """The summary as its container runs it (gunicorn gthread), from its own directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRUGAL_", "INVENTORY_"))}
    env |= {"INVENTORY_URL": inventory_url, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "summary:app_from_environment()",
    ]
    with log_path.open("wb") as log:
        return subprocess.Popen(
            command, cwd=SUMMARY_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    workdir = tmp_path_factory.mktemp("two-services")
    inventory_port, summary_port = free_port(), free_port()
    inventory = spawn_gunicorn(
        inventory_port,
        {
            "FRUGAL_API_KEY": API_KEY,
            "FRUGAL_STORAGE": "sqlite",
            "FRUGAL_SQLITE_PATH": str(workdir / "devices.db"),
            "WEB_CONCURRENCY": "1",
            "FRUGAL_ACCESS_LOG": "off",
        },
        workdir / "inventory.log",
    )
    inventory_url = f"http://127.0.0.1:{inventory_port}"
    summary_process = spawn_summary(summary_port, inventory_url, workdir / "summary.log")
    try:
        wait_http(f"{inventory_url}/health/live", inventory)
        wait_http(f"http://127.0.0.1:{summary_port}/health", summary_process)
        expected_status: Counter[str] = Counter()
        expected_location: Counter[str] = Counter()
        with requests.Session() as session:
            for index in range(DEVICES):
                status, location = STATUSES[index % 3], LOCATIONS[index % 7 % 3]
                created = session.post(
                    f"{inventory_url}/api/devices",
                    json={
                        "id": f"dev-{index:04d}",
                        "name": f"Device {index}",
                        "status": status,
                        "location": location,
                    },
                    headers={"X-API-Key": API_KEY},
                    timeout=5,
                )
                assert created.status_code == 201, created.text
                expected_status[status] += 1
                expected_location[location or summary.NO_LOCATION] += 1
        yield {
            "inventory": inventory_url,
            "summary": f"http://127.0.0.1:{summary_port}",
            "by_status": dict(expected_status),
            "by_location": dict(expected_location),
            "inventory_process": inventory,
        }
    finally:
        stop(summary_process)
        stop(inventory)


def test_the_summary_counts_every_device_through_the_inventory_api(servers: dict[str, Any]) -> None:
    answer = requests.get(f"{servers['summary']}/summary/devices", timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "total": DEVICES,
        "by_status": dict(sorted(servers["by_status"].items())),
        "by_location": dict(sorted(servers["by_location"].items())),
    }


def test_the_summary_follows_a_change_in_the_inventory(servers: dict[str, Any]) -> None:
    changed = requests.patch(
        f"{servers['inventory']}/api/devices/dev-0000",
        json={"status": "retired"},
        headers={"X-API-Key": API_KEY},
        timeout=5,
    )
    assert changed.status_code == 200
    counts = requests.get(f"{servers['summary']}/summary/devices", timeout=30).json()["by_status"]
    assert counts["active"] == servers["by_status"]["active"] - 1
    assert counts["retired"] == servers["by_status"]["retired"] + 1
    restored = requests.patch(
        f"{servers['inventory']}/api/devices/dev-0000",
        json={"status": "active"},
        headers={"X-API-Key": API_KEY},
        timeout=5,
    )
    assert restored.status_code == 200


def test_health_does_not_call_the_inventory(servers: dict[str, Any]) -> None:
    assert requests.get(f"{servers['summary']}/health", timeout=5).json() == {"status": "ok"}
    unknown = requests.get(f"{servers['summary']}/summary/nothing", timeout=5)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"


def test_an_unreachable_inventory_is_a_502_with_a_reason(tmp_path: Path) -> None:
    port, dead = free_port(), free_port()  # nothing listens on `dead`
    process = spawn_summary(port, f"http://127.0.0.1:{dead}", tmp_path / "summary.log")
    try:
        wait_http(f"http://127.0.0.1:{port}/health", process)
        answer = requests.get(f"http://127.0.0.1:{port}/summary/devices", timeout=30)
        assert answer.status_code == 502
        error = answer.json()["error"]
        assert error["code"] == "inventory_unavailable"
        assert f"127.0.0.1:{dead}" in error["message"]
    finally:
        stop(process)


def test_the_summary_refuses_to_start_without_a_usable_inventory_url(tmp_path: Path) -> None:
    for bad in ("", "inventory:8080", "http://inventory.local:8080/api"):
        process = spawn_summary(free_port(), bad, tmp_path / "summary.log")
        try:
            assert process.wait(timeout=30) != 0
        finally:
            stop(process)
        assert "INVENTORY_URL must look like" in (tmp_path / "summary.log").read_text()


class _EndlessInventory(BaseHTTPRequestHandler):
    """Answers every page with a next cursor: a broken listing the summary must not follow forever."""

    def do_GET(self) -> None:
        body = json.dumps({"items": [{"id": "x", "status": "active"}], "next_cursor": "again"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_listing_that_never_ends_stops_at_the_page_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EndlessInventory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(summary, "MAX_PAGES", 5)
    try:
        client = summary.create_app(f"http://127.0.0.1:{server.server_address[1]}").test_client()
        answer = client.get("/summary/devices")
        assert answer.status_code == 502
        assert "did not end within 5 pages" in answer.get_json()["error"]["message"]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("answer", "message"),
    [(b"not json", "is not JSON"), (b'{"items": 3}', "is not a page of devices"), (b"[]", "is not a page")],
)
def test_a_broken_inventory_answer_is_a_502(answer: bytes, message: str) -> None:
    class Handler(_EndlessInventory):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = summary.create_app(f"http://127.0.0.1:{server.server_address[1]}").test_client()
        response = client.get("/summary/devices")
        assert response.status_code == 502 and message in response.get_json()["error"]["message"]
    finally:
        server.shutdown()
        server.server_close()
