"""Helpers the app and edge tests share: free loopback ports and Debian's Chromium under Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# No outside network here: without the background-networking flags Chromium keeps dialling out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def chromium_browser() -> Iterator[Browser]:
    """Debian's chromium, headless (Playwright's own browser download can't work here)."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make chromium` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def wait_http(url: str, process: subprocess.Popen | None = None, timeout_s: float = 30) -> None:
    """Poll `url` until it answers; fail at once if `process` (the server) exits first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {timeout_s}s")


def spawn_gunicorn(
    port: int, env: Mapping[str, str], log_path: Path, target: str = "app.wsgi:app"
) -> subprocess.Popen:
    """gunicorn with the app's own config on 127.0.0.1:`port`, output to `log_path`.

    The caller's FRUGAL_* and WEB_CONCURRENCY don't leak in; `env` is applied on top. The server gets its
    own process group, so a test can signal (or kill -9) the master and its workers together.
    """
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("FRUGAL_", "WEB_CONC"))}
    full_env |= {"PYTHONUNBUFFERED": "1", **env}
    bind = f"127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "-c", "app/gunicorn.conf.py", "-b", bind, target]
    with log_path.open("wb") as log:
        return subprocess.Popen(
            command, cwd=REPO, env=full_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
