"""The page from one origin, the API from another, in headless Chromium: the CloudFront + API Gateway
split, rebuilt on loopback.

- the API is the real app under gunicorn, with FRUGAL_CORS_ORIGINS set to the site's origin only;
- the site is a small static server that serves exactly the objects StaticSite would upload (same
  keys, Content-Type and Cache-Control, and the generated config.json pointing at the API);
- a second copy of the site on another port plays a foreign origin that CORS must refuse;
- both send the security headers StaticSite's response headers policy makes CloudFront add, with the
  Content-Security-Policy's API source pointed at the loopback API: the page must work under them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Browser, Page, Response

from tests.components.test_static_site import APP_STATIC, HEADERS, objects_by_key, run_site
from tests.support import chromium_browser, free_port, spawn_gunicorn, wait_http

API_KEY = "edge-test-key-0123456789"
TIMEOUT_MS = 15_000
# The CSP source StaticSite is given, swapped for the loopback API's origin when served.
PLACEHOLDER_API = "https://api.example.com"


@dataclass(frozen=True)
class SiteObject:
    body: bytes
    content_type: str
    cache_control: str


def uploaded_site(api_url: str) -> tuple[dict[str, SiteObject], dict[str, str]]:
    """The objects StaticSite registers for app/static, and the headers CloudFront would add to them."""
    recording = run_site(APP_STATIC, api_url=api_url, api_origin=PLACEHOLDER_API)
    objects: dict[str, SiteObject] = {}
    for key, inputs in objects_by_key(recording).items():
        body = inputs["content"].encode() if "content" in inputs else Path(inputs["source"].path).read_bytes()
        objects[key] = SiteObject(body, inputs["contentType"], inputs["cacheControl"])
    config = recording.one(HEADERS).inputs["securityHeadersConfig"]
    policy = config["contentSecurityPolicy"]["contentSecurityPolicy"]
    assert PLACEHOLDER_API in policy
    headers = {
        "Content-Security-Policy": policy.replace(PLACEHOLDER_API, api_url),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": config["frameOptions"]["frameOption"],
        "Referrer-Policy": config["referrerPolicy"]["referrerPolicy"],
    }
    return objects, headers


class BucketServer(ThreadingHTTPServer):
    """Serves a dict of objects like CloudFront in front of the bucket: `/` is the default root object."""

    daemon_threads = True

    def __init__(self, objects: dict[str, SiteObject], headers: dict[str, str]) -> None:
        self.objects = objects
        self.headers = headers
        super().__init__(("127.0.0.1", 0), _BucketHandler)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _BucketHandler(BaseHTTPRequestHandler):
    server: BucketServer

    def do_GET(self) -> None:
        key = self.path.split("?", 1)[0].lstrip("/") or "index.html"
        found = self.server.objects.get(key)
        if found is None:
            # A private bucket behind OAC answers 403 for a missing key.
            self.send_error(HTTPStatus.FORBIDDEN)
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", found.content_type)
        self.send_header("Cache-Control", found.cache_control)
        self.send_header("Content-Length", str(len(found.body)))
        for name, value in self.server.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(found.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(objects: dict[str, SiteObject], headers: dict[str, str]) -> Iterator[BucketServer]:
    server = BucketServer(objects, headers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Edge:
    api: str
    site: str
    foreign_site: str


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    api_port = free_port()
    api = f"http://127.0.0.1:{api_port}"
    objects, headers = uploaded_site(api)
    with serve(objects, headers) as site, serve(objects, headers) as foreign_site:
        workdir = tmp_path_factory.mktemp("edge-api")
        env = {
            "FRUGAL_API_KEY": API_KEY,
            "FRUGAL_CORS_ORIGINS": site.origin,
            "FRUGAL_STORAGE": "sqlite",
            "FRUGAL_SQLITE_PATH": str(workdir / "devices.db"),
            "WEB_CONCURRENCY": "1",
        }
        process = spawn_gunicorn(api_port, env, workdir / "gunicorn.log")
        try:
            wait_http(f"{api}/health/live", process)
            yield Edge(api=api, site=site.origin, foreign_site=foreign_site.origin)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def api_responses(page: Page) -> list[Response]:
    seen: list[Response] = []
    page.on("response", lambda response: seen.append(response) if "/api/" in response.url else None)
    return seen


def set_key(page: Page) -> None:
    page.click("#key-set")
    page.fill("#key-input", API_KEY)
    page.click("#key-save")
    page.wait_for_selector("#key-state:has-text('set for this tab')")


def test_site_serves_the_generated_config_pointing_at_the_api(edge: Edge) -> None:
    config = requests.get(f"{edge.site}/config.json", timeout=5)
    assert config.json() == {"apiBaseUrl": edge.api}
    assert config.headers["Cache-Control"] == "no-cache"
    index = requests.get(f"{edge.site}/", timeout=5)
    assert index.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "frugal inventory" in index.text
    assert f"connect-src 'self' {edge.api};" in index.headers["Content-Security-Policy"]
    assert index.headers["X-Frame-Options"] == "DENY"


def test_the_csp_lets_the_page_fetch_only_itself_and_its_api(edge: Edge, page: Page) -> None:
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.violations.push(e.effectiveDirective + ' ' + e.blockedURI));"
    )
    page.goto(f"{edge.site}/")
    page.wait_for_load_state("networkidle")
    outcome = page.evaluate(
        """async (urls) => {
            const tryFetch = (url) => fetch(url).then(r => 'ok ' + r.status, () => 'blocked');
            const result = {};
            for (const [name, url] of Object.entries(urls)) { result[name] = await tryFetch(url); }
            return result;
        }""",
        {
            "own": f"{edge.site}/config.json",
            "api": f"{edge.api}/api/devices",
            "other": f"{edge.foreign_site}/config.json",
        },
    )
    assert outcome == {"own": "ok 200", "api": "ok 200", "other": "blocked"}
    page.wait_for_function("window.violations.length > 0")
    violations = page.evaluate("window.violations")
    assert violations == [f"connect-src {edge.foreign_site}/config.json"]


def test_page_reads_and_writes_through_cors_from_the_allowed_origin(edge: Edge, page: Page) -> None:
    seeded = requests.post(
        f"{edge.api}/api/devices",
        json={"id": "seeded-01", "name": "Seeded before the page loads", "status": "active"},
        headers={"X-API-Key": API_KEY},
        timeout=5,
    )
    assert seeded.status_code == 201, seeded.text
    responses = api_responses(page)
    page.goto(f"{edge.site}/")

    # Read: the list comes from the other origin.
    page.wait_for_selector("tr[data-id='seeded-01']")
    assert page.locator("#message").is_hidden()
    listing = next(r for r in responses if r.request.method == "GET" and "/api/devices" in r.url)
    assert listing.url.startswith(edge.api)
    assert listing.header_value("access-control-allow-origin") == edge.site

    # Write: a JSON POST with X-API-Key needs a preflight, which the app must allow.
    set_key(page)
    page.fill("#f-id", "browser-01")
    page.fill("#f-name", "Made in Chromium")
    page.fill("#f-location", "lab")
    page.select_option("#f-status", "inactive")
    page.click("#f-submit")
    page.wait_for_selector("#message.success:has-text('Added browser-01.')")
    page.wait_for_selector("tr[data-id='browser-01']")
    created = requests.get(f"{edge.api}/api/devices/browser-01", timeout=5).json()
    assert (created["name"], created["location"], created["status"]) == (
        "Made in Chromium",
        "lab",
        "inactive",
    )
    post = next(r for r in responses if r.request.method == "POST")
    assert post.status == 201
    assert post.header_value("access-control-allow-origin") == edge.site

    # Update and delete go through the same preflight path.
    page.click("button[aria-label='Edit browser-01']")
    page.fill("#f-name", "Renamed in Chromium")
    page.click("#f-submit")
    page.wait_for_selector("#message.success:has-text('Saved browser-01.')")
    assert (
        requests.get(f"{edge.api}/api/devices/browser-01", timeout=5).json()["name"] == "Renamed in Chromium"
    )
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[aria-label='Delete browser-01']")
    page.wait_for_selector("#message.success:has-text('Deleted browser-01.')")
    assert requests.get(f"{edge.api}/api/devices/browser-01", timeout=5).status_code == 404


def test_preflight_answers_only_the_allowed_origin(edge: Edge) -> None:
    def preflight(origin: str) -> requests.Response:
        return requests.options(
            f"{edge.api}/api/devices",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-api-key",
            },
            timeout=5,
        )

    allowed = preflight(edge.site)
    assert allowed.headers["Access-Control-Allow-Origin"] == edge.site
    assert {h.strip().lower() for h in allowed.headers["Access-Control-Allow-Headers"].split(",")} >= {
        "content-type",
        "x-api-key",
    }
    assert "POST" in allowed.headers["Access-Control-Allow-Methods"]
    refused = preflight(edge.foreign_site)
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_page_from_a_foreign_origin_is_refused(edge: Edge, page: Page) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"{request.method} {request.url}"))
    responses = api_responses(page)
    page.goto(f"{edge.foreign_site}/")

    # The read reaches the app but the browser withholds the answer: the page shows a network error.
    page.wait_for_selector("#message.error:has-text('Cannot reach the API')")
    assert page.locator("#devices tr").count() == 0
    assert any("blocked by CORS policy" in line for line in console), console
    # Chromium reports the blocked read as a failed request, never as a response the page could see.
    assert any(f.startswith(f"GET {edge.api}/api/devices") for f in failed), failed
    assert not responses
    # The app itself answered, without an Access-Control-Allow-Origin for this origin.
    direct = requests.get(f"{edge.api}/api/devices", headers={"Origin": edge.foreign_site}, timeout=5)
    assert direct.status_code == 200
    assert "Access-Control-Allow-Origin" not in direct.headers

    # A write never leaves the browser: the preflight is refused, so nothing is created.
    set_key(page)
    page.fill("#f-id", "foreign-01")
    page.fill("#f-name", "Should never exist")
    page.click("#f-submit")
    page.wait_for_selector("#message.error:has-text('Cannot reach the API')")
    assert requests.get(f"{edge.api}/api/devices/foreign-01", timeout=5).status_code == 404
    assert any(f.startswith(f"POST {edge.api}/api/devices") for f in failed), failed
    assert not responses
