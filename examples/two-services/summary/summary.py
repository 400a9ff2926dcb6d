"""summary: a read-only summary of the inventory's devices, counted by status and by location.

It reads the inventory service's public list API (`GET /api/devices`, page by page) at INVENTORY_URL:
inside the VPC that is the inventory's Cloud Map name, e.g. http://inventory.two-services-dev.internal:8080;
locally, the inventory app on loopback.

    GET /summary/devices  200 {"total": n, "by_status": {...}, "by_location": {...}}
                          502 {"error": {"code": "inventory_unavailable", "message": ...}}
    GET /health           200 while the process serves requests (the container health check)

API Gateway passes the request path on unchanged, so this service answers under its route's prefix,
`/summary`. Run it next to a local inventory:

    INVENTORY_URL=http://127.0.0.1:8080 gunicorn -b 127.0.0.1:8081 'summary:app_from_environment()'
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from typing import Any

from flask import Flask, Response, jsonify

DEFAULT_PORT = 8081
PAGE_SIZE = 100  # the inventory's largest page
# A bound on the walk through the inventory's pages: 100,000 devices, far beyond what it holds.
MAX_PAGES = 1000
TIMEOUT_SECONDS = 5
NO_LOCATION = "(no location)"
_BASE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")


class InventoryUnavailableError(Exception):
    """The inventory could not be read (unreachable, an error status, or an answer that isn't a page)."""


def inventory_base_url(value: str | None) -> str:
    """INVENTORY_URL checked: scheme, host and optional port, no path."""
    url = (value or "").strip().rstrip("/")
    if not _BASE_URL.match(url):
        raise ValueError(
            f"INVENTORY_URL must look like http://inventory.<namespace>:8080 (no path), got {value!r}"
        )
    return url


def fetch_page(base_url: str, cursor: str | None) -> dict[str, Any]:
    query = {"limit": str(PAGE_SIZE), **({"cursor": cursor} if cursor else {})}
    url = f"{base_url}/api/devices?{urllib.parse.urlencode(query)}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            page = json.load(response)
    except urllib.error.HTTPError as error:
        raise InventoryUnavailableError(f"the inventory answered {error.code} for {url}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise InventoryUnavailableError(f"the inventory at {base_url} can't be reached: {error}") from None
    except ValueError:
        raise InventoryUnavailableError(f"the inventory's answer for {url} is not JSON") from None
    if not isinstance(page, dict) or not isinstance(page.get("items"), list):
        raise InventoryUnavailableError(f"the inventory's answer for {url} is not a page of devices")
    return page


def summarize(base_url: str) -> dict[str, Any]:
    """Counts over every device, following the inventory's cursors to the last page."""
    by_status: Counter[str] = Counter()
    by_location: Counter[str] = Counter()
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        page = fetch_page(base_url, cursor)
        for device in page["items"]:
            by_status[str(device.get("status"))] += 1
            by_location[str(device.get("location") or NO_LOCATION)] += 1
        cursor = page.get("next_cursor")
        if not cursor:
            return {
                "total": sum(by_status.values()),
                "by_status": dict(sorted(by_status.items())),
                "by_location": dict(sorted(by_location.items())),
            }
    raise InventoryUnavailableError(f"the inventory's listing did not end within {MAX_PAGES} pages")


def create_app(inventory_url: str) -> Flask:
    base_url = inventory_base_url(inventory_url)
    app = Flask(__name__)

    @app.get("/summary/devices")
    def devices() -> tuple[Response, int]:
        try:
            return jsonify(summarize(base_url)), 200
        except InventoryUnavailableError as error:
            return jsonify({"error": {"code": "inventory_unavailable", "message": str(error)}}), 502

    @app.get("/health")
    def health() -> tuple[Response, int]:
        return jsonify({"status": "ok"}), 200

    @app.errorhandler(404)
    def not_found(_: Exception) -> tuple[Response, int]:
        return jsonify({"error": {"code": "not_found", "message": "no such route"}}), 404

    return app


def app_from_environment() -> Flask:
    """The gunicorn entry point: configured from INVENTORY_URL, refusing to start without a usable one.

    The ValueError is left to gunicorn: a worker that fails to boot with an exception halts the master
    (a SystemExit would only make it start another worker, forever).
    """
    return create_app(os.environ.get("INVENTORY_URL", ""))
