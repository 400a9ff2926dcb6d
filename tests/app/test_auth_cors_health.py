"""API key on writes, CORS, health/version, the page's config, and 500 handling."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app import create_app
from app.config import AppConfig
from app.storage import StorageUnavailableError
from app.storage.sqlite import SQLiteStorage
from tests.app.conftest import API_KEY, WRITE

WRITES = [
    ("post", "/api/devices", {"id": "a", "name": "n"}),
    ("patch", "/api/devices/a", {"name": "m"}),
    ("delete", "/api/devices/a", None),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
@pytest.mark.parametrize("key", [None, "", "wrong-key-0123456789", API_KEY + "x", API_KEY[:-1]])
def test_write_without_the_right_key_is_401(client: FlaskClient, method: str, path: str, body, key) -> None:
    client.post("/api/devices", json={"id": "a", "name": "n"}, headers=WRITE)
    headers = {} if key is None else {"X-API-Key": key}
    response = getattr(client, method)(path, json=body, headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert client.get("/api/devices/a").get_json()["name"] == "n"


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_writes_answer_503_when_no_key_is_configured(tmp_path: Path, method: str, path: str, body) -> None:
    client = create_app(AppConfig(api_key=None, sqlite_path=str(tmp_path / "d.db"))).test_client()
    response = getattr(client, method)(path, json=body, headers={"X-API-Key": "anything-at-all-here"})
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "writes_disabled"
    assert "FRUGAL_API_KEY" in error["message"]
    assert client.get("/api/devices").status_code == 200


def test_reads_need_no_key(client: FlaskClient) -> None:
    assert client.get("/api/devices").status_code == 200
    assert client.get("/api/devices/none").status_code == 404


def test_key_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch, client: FlaskClient) -> None:
    import app.api as api_module

    calls = []
    original = api_module.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(api_module.hmac, "compare_digest", spy)
    client.post("/api/devices", json={"id": "a", "name": "n"}, headers={"X-API-Key": "guess-guess-guess"})
    assert calls == [(b"guess-guess-guess", API_KEY.encode())]


def test_a_non_ascii_key_matches_the_utf8_bytes_the_client_sends(tmp_path: Path) -> None:
    key = "clé-secrète-0123456789"
    client = create_app(AppConfig(api_key=key, sqlite_path=str(tmp_path / "d.db"))).test_client()
    # What a WSGI server puts in the environ for the header bytes a client sends (PEP 3333: latin-1).
    sent = {"HTTP_X_API_KEY": key.encode("utf-8").decode("latin-1")}
    response = client.post("/api/devices", json={"id": "a", "name": "n"}, environ_overrides=sent)
    assert response.status_code == 201
    wrong = {"HTTP_X_API_KEY": key.encode("utf-8").decode("latin-1")[:-1] + "x"}
    assert (
        client.post("/api/devices", json={"id": "b", "name": "n"}, environ_overrides=wrong).status_code == 401
    )


ALLOWED = "https://page.example"


def test_allowed_origin_gets_cors_headers(client: FlaskClient) -> None:
    response = client.get("/api/devices", headers={"Origin": ALLOWED})
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "X-Request-Id" in response.headers["Access-Control-Expose-Headers"]
    assert "Origin" in response.headers["Vary"]


def test_errors_carry_cors_headers_so_the_page_can_read_them(client: FlaskClient) -> None:
    response = client.post("/api/devices", json={"id": "a"}, headers={"Origin": ALLOWED})
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED


def test_preflight_for_a_write_is_answered(client: FlaskClient) -> None:
    response = client.options(
        "/api/devices/a",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "content-type, x-api-key",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "PATCH" in response.headers["Access-Control-Allow-Methods"]
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    assert response.headers["X-Request-Id"]
    allowed_headers = response.headers["Access-Control-Allow-Headers"].lower()
    assert "x-api-key" in allowed_headers and "content-type" in allowed_headers


@pytest.mark.parametrize("origin", ["https://evil.example", "https://page.example.evil.test", "null"])
def test_other_origins_get_no_allow_origin(client: FlaskClient, origin: str) -> None:
    for response in (
        client.get("/api/devices", headers={"Origin": origin}),
        client.options("/api/devices", headers={"Origin": origin, "Access-Control-Request-Method": "POST"}),
    ):
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "Access-Control-Allow-Methods" not in response.headers
        assert "Origin" in response.headers["Vary"]


def test_non_api_paths_get_no_cors_headers(client: FlaskClient) -> None:
    response = client.get("/health/live", headers={"Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_no_cors_headers_when_no_origins_configured(tmp_path: Path) -> None:
    client = create_app(AppConfig(api_key=API_KEY, sqlite_path=str(tmp_path / "d.db"))).test_client()
    response = client.get("/api/devices", headers={"Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_health_and_version(client: FlaskClient) -> None:
    assert client.get("/health/live").get_json() == {"status": "ok"}
    assert client.get("/health/ready").get_json() == {"status": "ok"}
    assert client.get("/version").get_json() == {"version": "0.1.0", "git_sha": "0123abc"}


class BrokenStorage(SQLiteStorage):
    def ping(self) -> None:
        raise OSError("disk on fire at /secret/path")

    def list(self, **_: object):
        raise RuntimeError("internal detail: /secret/path")


def test_ready_is_503_when_storage_fails_and_live_stays_200(tmp_path: Path) -> None:
    storage = BrokenStorage(str(tmp_path / "d.db"))
    client = create_app(
        AppConfig(api_key=API_KEY, sqlite_path=str(tmp_path / "d.db")), storage=storage
    ).test_client()
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "not_ready"
    assert client.get("/health/live").status_code == 200


def test_unexpected_error_is_500_json_with_request_id_and_no_internals(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    storage = BrokenStorage(str(tmp_path / "d.db"))
    client = create_app(
        AppConfig(api_key=API_KEY, sqlite_path=str(tmp_path / "d.db")), storage=storage
    ).test_client()
    with caplog.at_level(logging.ERROR, logger="app"):
        caplog.handler.setLevel(logging.ERROR)
        logging.getLogger("app").addHandler(caplog.handler)
        try:
            response = client.get("/api/devices")
        finally:
            logging.getLogger("app").removeHandler(caplog.handler)
    assert response.status_code == 500
    error = response.get_json()["error"]
    assert error["code"] == "internal_error"
    assert "secret" not in json.dumps(response.get_json())
    assert error["request_id"] == response.headers["X-Request-Id"]
    logged = [r for r in caplog.records if getattr(r, "request_id", None) == error["request_id"]]
    assert logged and logged[0].exc_info is not None


def test_request_id_is_echoed_when_sane_and_replaced_when_not(client: FlaskClient) -> None:
    assert client.get("/health/live", headers={"X-Request-Id": "abcdef-123456"}).headers["X-Request-Id"] == (
        "abcdef-123456"
    )
    replaced = client.get("/health/live", headers={"X-Request-Id": "bad id <script>"}).headers["X-Request-Id"]
    assert replaced != "bad id <script>" and len(replaced) == 32


def test_page_and_its_config_are_served(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert b'src="app.js"' in page.data and b'href="style.css"' in page.data
    assert client.get("/config.json").get_json() == {"apiBaseUrl": ""}
    assert client.get("/app.js").status_code == 200
    assert client.get("/style.css").status_code == 200


class BusyStorage(SQLiteStorage):
    def list(self, **_: object):
        raise StorageUnavailableError("SQLite: database is locked")


def test_busy_storage_is_503_with_retry_after(tmp_path: Path) -> None:
    storage = BusyStorage(str(tmp_path / "d.db"))
    client = create_app(
        AppConfig(api_key=API_KEY, sqlite_path=str(tmp_path / "d.db")), storage=storage
    ).test_client()
    response = client.get("/api/devices")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "storage_unavailable"
    assert "locked" not in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "1"


def test_the_page_gets_its_content_security_policy_and_the_common_headers(client: FlaskClient) -> None:
    page = client.get("/")
    csp = {d.split()[0]: d.split()[1:] for d in page.headers["Content-Security-Policy"].split("; ")}
    assert csp == {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    "path",
    [
        "/api/devices",
        "/api/devices/none",
        "/api/openapi.json",
        "/health/live",
        "/version",
        "/app.js",
        "/nope",
    ],
)
def test_everything_else_is_inert_as_a_document_and_never_framed(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_cloudfront_page_policy_names_the_api_origin() -> None:
    from app.security import page_csp, page_headers

    assert "connect-src 'self' https://abc.execute-api.us-east-1.amazonaws.com;" in page_csp(
        "https://abc.execute-api.us-east-1.amazonaws.com"
    )
    assert set(page_headers("https://api.example")) == {
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
    }


def test_a_304_for_the_page_carries_no_csp_that_would_replace_the_pages(client: FlaskClient) -> None:
    # Browsers merge a 304's headers into the page they cached: the API's strict policy there would
    # block the page's own script.
    first = client.get("/")
    again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert "Content-Security-Policy" not in again.headers
    assert again.headers["X-Content-Type-Options"] == "nosniff"
