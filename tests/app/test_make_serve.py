"""`make serve` binds the port PORT names, and says so clearly when that port is taken."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
from pathlib import Path

from tests.app.conftest import ROOT
from tests.support import free_port, wait_http


def make_serve(port: str, data_dir: Path, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRUGAL_", "WEB_CONC", "MAKE"))}
    with log.open("wb") as out:
        return subprocess.Popen(
            ["make", "-s", "serve", f"PORT={port}", f"DATA_DIR={data_dir}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def test_make_serve_listens_on_port(tmp_path: Path) -> None:
    port = free_port()
    process = make_serve(str(port), tmp_path / "data", tmp_path / "serve.log")
    try:
        wait_http(f"http://127.0.0.1:{port}/health/live", process=process, timeout_s=60)
        assert f"frugal on http://127.0.0.1:{port}/" in (tmp_path / "serve.log").read_text()
        assert (tmp_path / "data" / "api-key").read_text().strip()
        assert (tmp_path / "data" / "frugal.db").exists()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_make_serve_says_when_the_port_is_taken(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        process = make_serve(str(port), tmp_path / "data", tmp_path / "serve.log")
        assert process.wait(timeout=120) != 0
    output = (tmp_path / "serve.log").read_text()
    assert f"port {port} on 127.0.0.1 is already in use" in output
    assert "PORT=" in output
    assert not (tmp_path / "data").exists(), "nothing is set up for a server that can't start"


def test_make_serve_refuses_a_port_that_is_not_a_number(tmp_path: Path) -> None:
    process = make_serve("80a", tmp_path / "data", tmp_path / "serve.log")
    assert process.wait(timeout=120) != 0
    assert "PORT must be a number from 1 to 65535, got '80a'" in (tmp_path / "serve.log").read_text()
