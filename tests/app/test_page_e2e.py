"""The web page in headless Chromium (Debian's) against gunicorn on a free loopback port, at a phone's
width (390 px) and a desktop's (1280 px).

Set FRUGAL_E2E_SCREENSHOTS to a directory to keep the screenshots the overflow checks take.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import threading
import urllib.request
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from app.security import page_headers
from frugal.components.static_site import REFERRER_POLICY, content_security_policy
from tests.app.conftest import API_KEY, Server
from tests.support import chromium_browser

WIDTHS = [390, 1280]
LONG_ID = "a" * 64  # sorts first: on the first page
LONG_NAME = "N" * 128  # one 128-character word: no space to break at
CSP_VIOLATION = "Content Security Policy"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def server(start_gunicorn, tmp_path: Path) -> Server:
    return start_gunicorn({"FRUGAL_SQLITE_PATH": str(tmp_path / "d.db")}, workers=1)


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def width(request: pytest.FixtureRequest) -> int:
    return request.param


def open_page(browser: Browser, base: str, width: int) -> tuple[Page, list[str], list[str]]:
    context = browser.new_context(base_url=base, viewport={"width": width, "height": 800})
    page = context.new_page()
    # Generous: the machine's 2 cores are shared, and a slow run must not read as a failure.
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    errors: list[str] = []
    console: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda message: console.append(message.text))
    return page, errors, console


@pytest.fixture
def page(browser: Browser, server: Server, width: int) -> Iterator[Page]:
    page, errors, console = open_page(browser, server.base, width)
    yield page
    page.context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
    assert not [line for line in console if CSP_VIOLATION in line], console


def seed(server: Server, *devices: dict) -> None:
    for device in devices:
        request = urllib.request.Request(
            server.base + "/api/devices",
            data=json.dumps(device).encode(),
            headers={"Content-Type": "application/json", "X-API-Key": API_KEY},
            method="POST",
        )
        urllib.request.urlopen(request, timeout=10).close()


def bulk(count: int) -> list[dict]:
    return [{"id": f"bulk-{n:03d}", "name": f"Bulk {n}", "location": "hall"} for n in range(count)]


def set_key(page: Page) -> None:
    page.evaluate(f"sessionStorage.setItem('frugal.apiKey', {API_KEY!r})")


def add_device(page: Page, device_id: str, name: str, location: str = "", status: str = "active") -> None:
    page.fill("#f-id", device_id)
    page.fill("#f-name", name)
    page.fill("#f-location", location)
    page.select_option("#f-status", status)
    page.click("#f-submit")


def row_ids(page: Page) -> list[str]:
    return page.locator("#devices tr").evaluate_all("rows => rows.map(r => r.dataset.id)")


def focused_label(page: Page) -> str | None:
    return page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')")


def in_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None, selector
    return box["x"] >= 0 and box["x"] + box["width"] <= size["width"] and 0 <= box["y"] < size["height"]


def png_width(path: Path) -> int:
    return struct.unpack(">I", path.read_bytes()[16:20])[0]  # the IHDR chunk's width


def screenshot_is_viewport_wide(page: Page, name: str, tmp_path: Path) -> None:
    """A full-page screenshot is as wide as what can be scrolled: nothing overflows sideways."""
    directory = Path(os.environ.get("FRUGAL_E2E_SCREENSHOTS") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]  # type: ignore[index]
    path = directory / f"{name}-{width}px.png"
    page.screenshot(path=str(path), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert png_width(path) == width, f"{path} is wider than the {width} px viewport"


def test_add_list_edit_delete_and_see_errors(page: Page, tmp_path: Path) -> None:
    page.goto("/")
    expect(page.locator("#empty")).to_be_visible()

    add_device(page, "sensor-01", "Boiler sensor", "basement")
    # The first write asks for the key once, then remembers it for the tab.
    expect(page.locator("#key-dialog")).to_be_visible()
    page.fill("#key-input", API_KEY)
    page.click("#key-save")
    expect(page.locator("#message")).to_have_text("Added sensor-01.")
    row = page.locator("#devices tr[data-id='sensor-01']")
    expect(row).to_contain_text("Boiler sensor")
    expect(row).to_contain_text("basement")
    expect(row.locator(".badge")).to_have_text("active")
    assert page.evaluate("sessionStorage.getItem('frugal.apiKey')") == API_KEY

    # A validation error from the API is shown at the form and next to the field.
    add_device(page, "bad id!", "Second")
    expect(page.locator("#form-error")).to_contain_text("Invalid fields")
    expect(page.locator("#message")).to_have_class("message error")
    expect(page.locator(".field-error[data-field='id']")).to_contain_text("1 to 64 characters")
    expect(page.locator("#f-id")).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("document.activeElement.id") == "f-id"  # the field to fix has the focus
    expect(page.locator("#key-dialog")).to_be_hidden()  # the key was not asked again

    add_device(page, "sensor-02", "Door", "hall", "inactive")
    expect(page.locator("#devices tr")).to_have_count(2)
    screenshot_is_viewport_wide(page, "two-devices", tmp_path)

    # Filters narrow the list.
    page.select_option("#filter-status", "inactive")
    page.click("#filter-apply")
    expect(page.locator("#devices tr")).to_have_count(1)
    expect(page.locator("#devices tr")).to_have_attribute("data-id", "sensor-02")
    page.click("#filter-clear")
    expect(page.locator("#devices tr")).to_have_count(2)

    # Edit.
    page.click("button[aria-label='Edit sensor-01']")
    expect(page.locator("#f-id")).to_be_disabled()
    page.select_option("#f-status", "retired")
    page.click("#f-submit")
    expect(page.locator("#message")).to_have_text("Saved sensor-01.")
    expect(page.locator("#devices tr[data-id='sensor-01'] .badge")).to_have_text("retired")

    # Delete (confirm dialog accepted).
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[aria-label='Delete sensor-02']")
    expect(page.locator("#message")).to_have_text("Deleted sensor-02.")
    expect(page.locator("#devices tr")).to_have_count(1)


def test_nothing_overflows_with_long_text_and_rows_fit_the_width(
    page: Page, server: Server, tmp_path: Path
) -> None:
    seed(
        server,
        {"id": LONG_ID, "name": LONG_NAME, "location": "L" * 128},
        {"id": "abc-0000", "name": "Boiler room sensor", "location": "basement"},
        *bulk(30),
    )
    page.goto("/")
    expect(page.locator("#devices tr")).to_have_count(25)
    narrow = page.viewport_size["width"] < 640  # type: ignore[index]
    # Under 640 px each row is a card; wider, a table row.
    display = page.locator("#devices tr").first.evaluate("row => getComputedStyle(row).display")
    assert display == ("grid" if narrow else "table-row")
    if narrow:
        expect(page.locator(".devices thead")).to_be_hidden()
    else:
        expect(page.locator(".devices thead")).to_be_visible()

    # Ids stay on one line, cut short, with the whole id as the title.
    long_id = page.locator(f"#devices tr[data-id='{LONG_ID}'] td.id")
    expect(long_id).to_have_attribute("title", LONG_ID)
    metrics = long_id.evaluate(
        "td => ({truncated: td.scrollWidth > td.clientWidth, space: getComputedStyle(td).whiteSpace})"
    )
    assert metrics["truncated"] and metrics["space"] == "nowrap"
    short_id = page.locator("#devices tr[data-id='abc-0000'] td.id")
    assert short_id.evaluate("td => td.scrollWidth <= td.clientWidth")  # "abc-0000" is never cut

    # The 128-character word wraps inside its cell, and every row's buttons are on screen.
    name_box = page.locator(f"#devices tr[data-id='{LONG_ID}'] td.name").bounding_box()
    assert name_box and name_box["x"] + name_box["width"] <= page.viewport_size["width"]  # type: ignore[index]
    for label in (f"Edit {LONG_ID}", f"Delete {LONG_ID}", "Edit abc-0000"):
        page.locator(f"button[aria-label='{label}']").scroll_into_view_if_needed()
        assert in_viewport(page, f"button[aria-label='{label}']"), label
    for selector in ("#filter-apply", "#filter-clear", "#key-set"):
        page.locator(selector).scroll_into_view_if_needed()
        assert in_viewport(page, selector), selector
    header_width = page.locator("header.bar").evaluate("bar => bar.getBoundingClientRect().width")
    assert header_width == page.viewport_size["width"]  # type: ignore[index]
    screenshot_is_viewport_wide(page, "long-text", tmp_path)


def test_a_conflict_shows_at_the_form_and_on_the_field_and_goes_when_edited(
    page: Page, server: Server
) -> None:
    seed(server, *bulk(100))
    page.goto("/")
    set_key(page)
    for _ in range(3):
        page.click("#more")
        expect(page.locator("#more")).not_to_have_attribute("aria-disabled", "true")
    expect(page.locator("#devices tr")).to_have_count(100)

    add_device(page, "bulk-050", "Again")
    # Next to the action that failed, with the field marked: not only in a banner 100 rows up.
    expect(page.locator("#form-error")).to_contain_text("already exists")
    assert in_viewport(page, "#form-error")
    expect(page.locator(".field-error[data-field='id']")).to_contain_text("already exists")
    expect(page.locator("#f-id")).to_have_attribute("aria-invalid", "true")
    assert in_viewport(page, "#message"), "the status line stays in view"

    # Correcting the id takes the stale errors away.
    page.fill("#f-id", "bulk-new")
    expect(page.locator("#form-error")).to_be_hidden()
    expect(page.locator(".field-error[data-field='id']")).to_have_text("")
    expect(page.locator("#f-id")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#message")).to_be_hidden()


def test_a_wrong_key_shows_at_the_form_and_is_forgotten(page: Page) -> None:
    page.goto("/")
    page.evaluate("sessionStorage.setItem('frugal.apiKey', 'wrong-key-0123456789')")
    page.reload()
    expect(page.locator("#key-state")).to_have_text("API key: set for this tab")
    add_device(page, "x-1", "X")
    expect(page.locator("#form-error")).to_contain_text("Missing or wrong X-API-Key header.")
    assert in_viewport(page, "#form-error")
    expect(page.locator("#message")).to_contain_text("Missing or wrong X-API-Key header.")
    expect(page.locator("#key-state")).to_have_text("API key: not set")
    expect(page.locator("#devices tr")).to_have_count(0)


def test_load_more_pages_through_the_cursor_once_per_click(page: Page, server: Server) -> None:
    seed(server, *bulk(80))
    page.goto("/")
    expect(page.locator("#devices tr")).to_have_count(25)
    # Two clicks before the first answer: one request, 25 more rows, no duplicates.
    lists: list[str] = []
    page.on("request", lambda r: lists.append(r.url) if "/api/devices?" in r.url else None)
    page.evaluate("() => { const more = document.getElementById('more'); more.click(); more.click(); }")
    expect(page.locator("#devices tr")).to_have_count(50)
    expect(page.locator("#more")).to_have_attribute("aria-disabled", "false")
    assert len(lists) == 1
    assert row_ids(page) == [f"bulk-{n:03d}" for n in range(50)]
    page.click("#more")  # 75
    page.click("#more")  # 80, the last page
    expect(page.locator("#more")).to_be_hidden()
    assert row_ids(page) == [f"bulk-{n:03d}" for n in range(80)]


def test_a_save_in_flight_is_busy_and_sent_once(page: Page) -> None:
    page.goto("/")
    set_key(page)
    held: list[Route] = []
    page.route(
        "**/api/devices",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    add_device(page, "once-1", "Once")
    expect(page.locator("#f-submit")).to_have_attribute("aria-disabled", "true")
    expect(page.locator("#f-submit")).to_have_text("Adding…")
    expect(page.locator("#device-form")).to_have_attribute("aria-busy", "true")
    page.click("#f-submit", force=True)  # while the first is in flight (force: it is aria-disabled)
    page.press("#f-name", "Enter")
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator("#message")).to_have_text("Added once-1.")
    expect(page.locator("#f-submit")).to_have_text("Add device")
    expect(page.locator("#f-submit")).to_have_attribute("aria-disabled", "false")
    assert len(held) == 1
    assert row_ids(page) == ["once-1"]
    assert page.evaluate("document.activeElement.id") == "f-id"  # ready for the next device


def test_an_edit_updates_the_row_in_place_and_keeps_the_pages(page: Page, server: Server) -> None:
    seed(server, *bulk(30))
    page.goto("/")
    set_key(page)
    page.click("#more")
    expect(page.locator("#devices tr")).to_have_count(30)
    page.click("button[aria-label='Edit bulk-027']")
    page.fill("#f-name", "Renamed in place")
    page.click("#f-submit")
    expect(page.locator("#message")).to_have_text("Saved bulk-027.")
    # Still the 30 rows, in the same order, the edited one where it was, and the focus on it.
    assert row_ids(page) == [f"bulk-{n:03d}" for n in range(30)]
    expect(page.locator("#devices tr").nth(27)).to_contain_text("Renamed in place")
    assert focused_label(page) == "Edit bulk-027"
    expect(page.locator("#form-title")).to_have_text("Add a device")


def test_after_a_delete_the_focus_moves_to_a_neighbour(page: Page, server: Server) -> None:
    seed(server, *bulk(3))
    page.goto("/")
    set_key(page)
    page.on("dialog", lambda dialog: dialog.accept())
    expect(page.locator("#devices tr")).to_have_count(3)
    page.click("button[aria-label='Delete bulk-001']")
    expect(page.locator("#devices tr")).to_have_count(2)
    assert focused_label(page) == "Edit bulk-002"  # the next row
    page.click("button[aria-label='Delete bulk-002']")
    expect(page.locator("#devices tr")).to_have_count(1)
    assert focused_label(page) == "Edit bulk-000"  # the last one went: the previous row
    page.click("button[aria-label='Delete bulk-000']")
    expect(page.locator("#empty")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "list-title"  # none left: the list's heading


def test_an_added_device_appears_where_it_sorts_without_a_reload(page: Page, server: Server) -> None:
    seed(server, {"id": "b", "name": "b"}, {"id": "d", "name": "d"})
    page.goto("/")
    set_key(page)
    expect(page.locator("#devices tr")).to_have_count(2)
    add_device(page, "c", "c")
    expect(page.locator("#message")).to_have_text("Added c.")
    assert row_ids(page) == ["b", "c", "d"]


def test_the_page_has_a_favicon_and_loads_nothing_that_fails(page: Page) -> None:
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto("/")
    expect(page.locator("#empty")).to_be_visible()
    href = page.locator("link[rel=icon]").get_attribute("href")
    icon = page.request.get(href)
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert failed == []


def cloudfront_headers(api_origin: str) -> dict[str, str]:
    """The page's headers as StaticSite's response headers policy sends them (an https origin there)."""
    placeholder = "https://api.placeholder.example"
    return {
        "Content-Security-Policy": content_security_policy(placeholder).replace(placeholder, api_origin),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": REFERRER_POLICY,
    }


class _SiteHandler(BaseHTTPRequestHandler):
    """The page's files on their own origin, index.html with the headers under test."""

    api_origin = ""
    headers_for = staticmethod(page_headers)

    def do_GET(self) -> None:
        name = self.path.split("?", 1)[0].lstrip("/") or "index.html"
        static = Path(__file__).resolve().parents[2] / "app" / "static"
        if name == "config.json":
            body, kind = json.dumps({"apiBaseUrl": self.api_origin}).encode(), "application/json"
        elif (static / name).is_file():
            body = (static / name).read_bytes()
            kind = {"html": "text/html", "js": "text/javascript", "css": "text/css", "svg": "image/svg+xml"}[
                name.rsplit(".", 1)[1]
            ]
        else:
            self.send_error(HTTPStatus.FORBIDDEN)
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        if name == "index.html":
            for header, value in self.headers_for(self.api_origin).items():
                self.send_header(header, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    "headers_for", [page_headers, cloudfront_headers], ids=["app-page-headers", "staticsite-policy"]
)
def test_the_page_works_under_the_csp_cloudfront_must_send(
    browser: Browser, start_gunicorn, tmp_path: Path, width: int, headers_for
) -> None:
    """The page on one origin, the API on another, under the app's page headers (the reference) and
    under the policy StaticSite actually attaches to the distribution."""
    handler = type("Handler", (_SiteHandler,), {"headers_for": staticmethod(headers_for)})
    site = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    site_origin = f"http://127.0.0.1:{site.server_address[1]}"
    api: Server = start_gunicorn(
        {"FRUGAL_SQLITE_PATH": str(tmp_path / "d.db"), "FRUGAL_CORS_ORIGINS": site_origin}, workers=1
    )
    handler.api_origin = api.base
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    page, errors, console = open_page(browser, site_origin, width)
    try:
        seed(api, {"id": "seeded", "name": "Seeded"})
        response = page.goto("/")
        assert response is not None
        assert f"connect-src 'self' {api.base};" in response.headers["content-security-policy"]
        expect(page.locator("#devices tr[data-id='seeded']")).to_be_visible()
        set_key(page)
        add_device(page, "cross-1", "Across origins")
        expect(page.locator("#message")).to_have_text("Added cross-1.")
        assert errors == []
        assert not [line for line in console if CSP_VIOLATION in line], console
    finally:
        page.context.close()
        site.shutdown()
        site.server_close()
        with contextlib.suppress(RuntimeError):
            thread.join(timeout=5)
