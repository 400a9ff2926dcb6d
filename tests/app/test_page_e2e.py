"""The web page in headless Chromium (Debian's) against gunicorn on a free loopback port."""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.app.conftest import API_KEY, Server
from tests.support import chromium_browser

SCREENSHOT = os.environ.get("FRUGAL_E2E_SCREENSHOT")  # set to a path to look at the page


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def server(start_gunicorn, tmp_path: Path) -> Server:
    return start_gunicorn({"FRUGAL_SQLITE_PATH": str(tmp_path / "d.db")}, workers=1)


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(base_url=server.base, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    # Generous: the machine's 2 cores are shared, and a slow run must not read as a failure.
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def add_device(page: Page, device_id: str, name: str, location: str = "", status: str = "active") -> None:
    page.fill("#f-id", device_id)
    page.fill("#f-name", name)
    page.fill("#f-location", location)
    page.select_option("#f-status", status)
    page.click("#f-submit")


def test_add_list_edit_delete_and_see_errors(page: Page) -> None:
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

    # A validation error from the API is shown, next to the field and in the message box.
    add_device(page, "bad id!", "Second")
    expect(page.locator("#message")).to_have_class("message error")
    expect(page.locator("#message")).to_contain_text("Invalid fields")
    expect(page.locator(".field-error[data-field='id']")).to_contain_text("1 to 64 characters")
    expect(page.locator("#f-id")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#key-dialog")).to_be_hidden()  # the key was not asked again

    # A conflict is shown too.
    add_device(page, "sensor-01", "Again")
    expect(page.locator("#message")).to_contain_text("already exists")

    add_device(page, "sensor-02", "Door", "hall", "inactive")
    expect(page.locator("#devices tr")).to_have_count(2)

    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT, full_page=True)

    # Filters narrow the list.
    page.select_option("#filter-status", "inactive")
    page.click("#filters button[type=submit]")
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


def test_wrong_key_shows_the_api_error_and_is_forgotten(page: Page) -> None:
    page.goto("/")
    page.evaluate("sessionStorage.setItem('frugal.apiKey', 'wrong-key-0123456789')")
    page.reload()
    expect(page.locator("#key-state")).to_have_text("API key: set for this tab")
    add_device(page, "x-1", "X")
    expect(page.locator("#message")).to_contain_text("Missing or wrong X-API-Key header.")
    expect(page.locator("#key-state")).to_have_text("API key: not set")
    expect(page.locator("#devices tr")).to_have_count(0)


def test_load_more_pages_through_the_cursor(page: Page, server: Server) -> None:
    for n in range(30):
        request = urllib.request.Request(
            server.base + "/api/devices",
            data=json.dumps({"id": f"bulk-{n:02d}", "name": f"Bulk {n}"}).encode(),
            headers={"Content-Type": "application/json", "X-API-Key": API_KEY},
            method="POST",
        )
        urllib.request.urlopen(request, timeout=10).close()
    page.goto("/")
    expect(page.locator("#devices tr")).to_have_count(25)
    expect(page.locator("#more")).to_be_visible()
    page.click("#more")
    expect(page.locator("#devices tr")).to_have_count(30)
    expect(page.locator("#more")).to_be_hidden()
    ids = page.locator("#devices tr").evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert ids == [f"bulk-{n:02d}" for n in range(30)]
