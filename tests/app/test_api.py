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


@pytest.mark.parametrize("device_id", [".", "..", "...", "." * 64])
def test_ids_made_only_of_dots_are_rejected(client: FlaskClient, device_id: str) -> None:
    # `.` and `..` are removed from URLs by clients and proxies: such a device could never be addressed.
    response = post(client, {"id": device_id, "name": "dots"})
    assert response.status_code == 422
    assert "not only dots" in response.get_json()["error"]["fields"]["id"][0]


@pytest.mark.parametrize("device_id", [".a", "a.", "..x..", "-", "_", "v1.2.3"])
def test_ids_with_dots_and_something_else_are_accepted(client: FlaskClient, device_id: str) -> None:
    assert post(client, {"id": device_id, "name": "n"}).status_code == 201
    assert client.get(f"/api/devices/{device_id}").status_code == 200


def test_a_dot_only_id_stored_before_the_rule_can_still_be_read_listed_and_deleted(app, client) -> None:
    app.extensions["frugal.storage"].create(
        {
            "id": "...",
            "name": "legacy",
            "location": "",
            "status": "active",
            "updated_at": "2026-01-01T00:00:00.000Z",
        }
    )
    post(client, {"id": "a", "name": "n"})
    page = client.get("/api/devices?limit=1").get_json()
    assert [d["id"] for d in page["items"]] == ["..."]
    # Its cursor (the last id) still works, so pagination over old data doesn't break.
    assert [
        d["id"] for d in client.get(f"/api/devices?cursor={page['next_cursor']}").get_json()["items"]
    ] == ["a"]
    assert client.get("/api/devices/...").get_json()["name"] == "legacy"
    assert client.delete("/api/devices/...", headers=WRITE).status_code == 204


# C1 controls (U+0085 NEXT LINE among them), line and paragraph separators, bidi embeddings,
# overrides and isolates: invisible or reordering characters that make a name display as another.
FORBIDDEN_TEXT = ["\x80", "\x85", "\x9f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069", "\x7f"]


@pytest.mark.parametrize("char", FORBIDDEN_TEXT)
@pytest.mark.parametrize("field", ["name", "location"])
def test_c1_controls_separators_and_bidi_overrides_are_rejected(
    client: FlaskClient, field: str, char: str
) -> None:
    created = post(client, {"id": "t", "name": "n"} | {field: f"a{char}b"})
    assert created.status_code == 422
    assert "control" in created.get_json()["error"]["fields"][field][0]
    post(client, {"id": "ok", "name": "n"})
    patched = client.patch("/api/devices/ok", json={field: f"a{char}b"}, headers=WRITE)
    assert patched.status_code == 422
    listed = client.get("/api/devices?location=" + urllib.parse.quote(f"a{char}b"))
    assert listed.status_code == 422


@pytest.mark.parametrize("name", ["\u00a0", "\u3000", "\ufeff", " \u2003 "])
def test_names_of_unicode_spaces_only_are_blank(client: FlaskClient, name: str) -> None:
    response = post(client, {"id": "b", "name": name})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["name"] == ["Must not be blank."]


@pytest.mark.parametrize("text", ["Zürich ☃", "שלום", "مرحبا", "a\u200db", "\u00a0x"])
def test_ordinary_unicode_text_is_accepted(client: FlaskClient, text: str) -> None:
    assert post(client, {"id": "u", "name": text, "location": text}).status_code == 201


def test_the_spec_states_the_rules_the_code_enforces(client: FlaskClient) -> None:
    """Each rule, as the spec says it, gives the code's verdict on the same values."""
    spec = client.get("/api/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    create, patch = schemas["DeviceCreate"]["properties"], schemas["DevicePatch"]
    assert schemas["DevicePatch"]["minProperties"] == 1
    [id_param] = spec["paths"]["/api/devices/{device_id}"]["parameters"]
    assert id_param["schema"]["pattern"] == create["id"]["pattern"]
    query = {p["name"]: p["schema"] for p in spec["paths"]["/api/devices"]["get"]["parameters"]}
    cases = {
        "id": (create["id"]["pattern"], ["sensor-01", ".a"], ["..", ".", "a b", "a/b", "é"]),
        "name": (
            create["name"]["pattern"],
            ["n", " x "],
            ["", "   ", "\u3000", "a\x85", "a\u202e", "a\u2028"],
        ),
        "location": (create["location"]["pattern"], ["", "lab 1"], ["a\nb", "a\x9f", "\u2066x"]),
        "patch name": (patch["properties"]["name"]["pattern"], ["n"], ["\ufeff", "a\x00"]),
        "query location": (query["location"]["pattern"], [""], ["a\u2029"]),
    }
    for field, (pattern, good, bad) in cases.items():
        for value in good:
            assert re.search(pattern, value), (field, value)
        for value in bad:
            assert not re.search(pattern, value), (field, value)
    for status in ("400", "408", "414", "431"):
        for path, operations in spec["paths"].items():
            for method, operation in operations.items():
                if method != "parameters":
                    assert status in operation["responses"], (status, method, path)
