"""The HTTP API through Flask's test client; CRUD runs on both backends."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from flask.testing import FlaskClient
from openapi_spec_validator import validate as validate_openapi

from app.storage import encode_cursor
from tests.app.conftest import WRITE

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def post(client: FlaskClient, body: object, **headers: str):
    return client.post("/api/devices", json=body, headers=WRITE | headers)


def test_crud_round_trip(any_client: FlaskClient) -> None:
    created = post(any_client, {"id": "sensor-01", "name": "Boiler", "location": "basement"})
    assert created.status_code == 201
    assert created.headers["Location"] == "/api/devices/sensor-01"
    body = created.get_json()
    assert body | {"updated_at": None} == {
        "id": "sensor-01",
        "name": "Boiler",
        "location": "basement",
        "status": "active",
        "updated_at": None,
    }
    assert ISO_UTC.match(body["updated_at"])

    assert any_client.get("/api/devices/sensor-01").get_json() == body

    patched = any_client.patch("/api/devices/sensor-01", json={"status": "retired"}, headers=WRITE)
    assert patched.status_code == 200
    assert patched.get_json()["status"] == "retired"
    assert patched.get_json()["name"] == "Boiler"
    assert patched.get_json()["updated_at"] >= body["updated_at"]

    assert any_client.delete("/api/devices/sensor-01", headers=WRITE).status_code == 204
    assert any_client.get("/api/devices/sensor-01").status_code == 404
    assert any_client.delete("/api/devices/sensor-01", headers=WRITE).status_code == 404


def test_duplicate_create_is_409(any_client: FlaskClient) -> None:
    assert post(any_client, {"id": "x", "name": "one"}).status_code == 201
    second = post(any_client, {"id": "x", "name": "two"})
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "conflict"
    assert any_client.get("/api/devices/x").get_json()["name"] == "one"


def test_patch_missing_is_404(any_client: FlaskClient) -> None:
    response = any_client.patch("/api/devices/ghost", json={"name": "n"}, headers=WRITE)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_list_filters_limit_and_cursor(any_client: FlaskClient) -> None:
    for n in range(12):
        status = "active" if n % 2 else "inactive"
        assert (
            post(
                any_client, {"id": f"d{n:02d}", "name": f"n{n}", "status": status, "location": "lab"}
            ).status_code
            == 201
        )
    seen: list[str] = []
    url = "/api/devices?status=active&location=lab&limit=4"
    for _ in range(10):
        page = any_client.get(url).get_json()
        assert set(page) == {"items", "next_cursor"}
        assert len(page["items"]) <= 4
        seen += [d["id"] for d in page["items"]]
        if page["next_cursor"] is None:
            break
        url = f"/api/devices?status=active&location=lab&limit=4&cursor={page['next_cursor']}"
    assert sorted(seen) == [f"d{n:02d}" for n in range(12) if n % 2]


def test_list_default_limit_is_50(client: FlaskClient) -> None:
    for n in range(55):
        post(client, {"id": f"id-{n:02d}", "name": "n"})
    page = client.get("/api/devices").get_json()
    assert len(page["items"]) == 50
    assert page["next_cursor"]
    assert len(client.get(f"/api/devices?cursor={page['next_cursor']}").get_json()["items"]) == 5


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=abc",
        "status=broken",
        "cursor=%21%21",
        f"location={'x' * 129}",
        "cursor=" + encode_cursor("\ud800"),  # well-formed but forged: no device has that id
    ],
)
def test_bad_list_query_is_422(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/devices?{query}")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) <= {"limit", "status", "cursor", "location"}


def test_unknown_query_parameters_are_ignored(client: FlaskClient) -> None:
    assert client.get("/api/devices?_=123").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "no id"}, "id"),
        ({"id": "bad id", "name": "n"}, "id"),
        ({"id": "x" * 65, "name": "n"}, "id"),
        ({"id": "ok\n", "name": "n"}, "id"),
        ({"id": "ok"}, "name"),
        ({"id": "ok", "name": ""}, "name"),
        ({"id": "ok", "name": "   "}, "name"),
        ({"id": "ok", "name": "n" * 129}, "name"),
        ({"id": "ok", "name": 5}, "name"),
        ({"id": "ok", "name": "n", "location": "l" * 129}, "location"),
        ({"id": "ok", "name": "n", "status": "lost"}, "status"),
        ({"id": "ok", "name": "n", "color": "red"}, "color"),
        ({"id": "ok", "name": "n", "updated_at": "2020-01-01T00:00:00Z"}, "updated_at"),
        ({"id": "ok", "name": "\ud800"}, "name"),
        ({"id": "ok", "name": "a\u0000b"}, "name"),
        ({"id": "ok", "name": "n", "location": "line\nbreak"}, "location"),
    ],
)
def test_create_schema_violations_are_422_with_fields(client: FlaskClient, body: dict, field: str) -> None:
    response = post(client, body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"]
    assert client.get("/api/devices").get_json()["items"] == []


def test_boundary_values_are_accepted(client: FlaskClient) -> None:
    body = {"id": "A-z0._" + "9" * 58, "name": "n" * 128, "location": "l" * 128, "status": "inactive"}
    assert post(client, body).status_code == 201
    assert post(client, {"id": "b", "name": "n", "location": ""}).status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [({"id": "other"}, "id"), ({"status": "x"}, "status"), ({"name": ""}, "name"), ({"extra": 1}, "extra")],
)
def test_patch_schema_violations_are_422(client: FlaskClient, body: dict, field: str) -> None:
    post(client, {"id": "p", "name": "n"})
    response = client.patch("/api/devices/p", json=body, headers=WRITE)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_empty_patch_is_422(client: FlaskClient) -> None:
    post(client, {"id": "p", "name": "n"})
    response = client.patch("/api/devices/p", json={}, headers=WRITE)
    assert response.status_code == 422
    assert "at least one" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("data", ["{", "", "nul", '{"id": "a", "name": NaN}', "[" * 50_000, b"\xff\xfe{"])
def test_malformed_json_is_400(client: FlaskClient, data: str | bytes) -> None:
    response = client.post("/api/devices", data=data, content_type="application/json", headers=WRITE)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_json"


@pytest.mark.parametrize("data", ["[]", '"text"', "42", "null"])
def test_json_that_is_not_an_object_is_422(client: FlaskClient, data: str) -> None:
    response = client.post("/api/devices", data=data, content_type="application/json", headers=WRITE)
    assert response.status_code == 422


def test_body_over_64_kib_is_413(client: FlaskClient) -> None:
    body = json.dumps({"id": "big", "name": "n", "location": "x" * (64 * 1024)})
    response = client.post("/api/devices", data=body, content_type="application/json", headers=WRITE)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/jsonx"]
)
def test_non_json_write_is_415(client: FlaskClient, content_type: str | None) -> None:
    headers = WRITE | ({"Content-Type": content_type} if content_type else {})
    response = client.post("/api/devices", data='{"id":"a","name":"n"}', headers=headers)
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"


def test_json_with_charset_is_accepted(client: FlaskClient) -> None:
    response = client.post(
        "/api/devices",
        data='{"id":"a","name":"n"}',
        headers=WRITE | {"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201


@pytest.mark.parametrize("method", ["GET", "POST", "PATCH", "DELETE"])
def test_unknown_route_is_json_404(client: FlaskClient, method: str) -> None:
    for path in ("/nope", "/api/nope", "/api/devices/a/b", "/api", "/static/app.js"):
        response = client.open(path, method=method, json={"id": "a", "name": "n"}, headers=WRITE)
        assert response.status_code == 404, (method, path)
        assert response.is_json
        assert response.get_json()["error"]["code"] == "not_found"


def test_impossible_id_in_path_is_404(client: FlaskClient) -> None:
    assert client.get("/api/devices/" + "x" * 3000).status_code == 404
    assert client.delete("/api/devices/a%20b", headers=WRITE).status_code == 404


def test_wrong_method_is_json_405(client: FlaskClient) -> None:
    response = client.put("/api/devices", json={}, headers=WRITE)
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_openapi_describes_every_api_route(app, client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    validate_openapi(spec)  # raises on anything that isn't valid OpenAPI 3
    assert spec["openapi"].startswith("3.")
    documented = {
        (path, method) for path, ops in spec["paths"].items() for method in ops if method != "parameters"
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not (
            rule.rule.startswith(("/api", "/health")) or rule.rule == "/version"
        ):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, f"{method} {path} missing from the OpenAPI spec"
    device = spec["components"]["schemas"]["Device"]
    assert set(device["properties"]) == {"id", "name", "location", "status", "updated_at"}
    assert device["properties"]["status"]["enum"] == ["active", "inactive", "retired"]
    assert device["properties"]["updated_at"]["readOnly"] is True
    assert spec["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
    }


NASTY_VALUES = [None, True, 0, -1, 1.5, 10**40, "", " ", "\ud800", "\x00", "é" * 129, [], {}, ["a"], {"a": 1}]


@pytest.mark.parametrize("value", NASTY_VALUES)
@pytest.mark.parametrize("field", ["id", "name", "location", "status", "updated_at", "other"])
def test_bad_input_never_causes_a_500(client: FlaskClient, field: str, value: object) -> None:
    body = {"id": "base", "name": "n"} | {field: value}
    created = post(client, body)
    assert created.status_code in (201, 409, 422), created.get_json()
    assert created.is_json
    patched = client.patch("/api/devices/base", json={field: value}, headers=WRITE)
    assert patched.status_code in (200, 404, 422), patched.get_json()
    text = value if isinstance(value, str) else json.dumps(value)
    # surrogatepass: a lone surrogate arrives as invalid UTF-8 percent-escapes, as a browser would send it.
    quoted = urllib.parse.quote(text.encode("utf-8", "surrogatepass"))
    listed = client.get(f"/api/devices?status={quoted}&location={quoted}&limit={quoted}")
    assert listed.status_code in (200, 422)


def test_listed_items_equal_fetched_ones_for_tricky_text(any_client: FlaskClient) -> None:
    tricky = {"id": "t-1", "name": 'quote " backslash \\ slash / ü ☃ 🛰', "location": "</script> & 'x'"}
    assert post(any_client, tricky).status_code == 201
    listed = any_client.get("/api/devices")
    assert listed.mimetype == "application/json"
    assert listed.get_json()["items"] == [any_client.get("/api/devices/t-1").get_json()]
    assert listed.get_json()["items"][0]["name"] == tricky["name"]
