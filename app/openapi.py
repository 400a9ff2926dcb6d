"""OpenAPI 3 description built with apispec from the marshmallow schemas."""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from app import __version__
from app.schemas import (
    ID_PATTERN,
    MAX_ID_LENGTH,
    DeviceCreateSchema,
    DeviceListQuerySchema,
    DevicePageSchema,
    DevicePatchSchema,
    DeviceSchema,
    ErrorSchema,
    HealthSchema,
    VersionSchema,
)

OPENAPI_VERSION = "3.0.3"


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": "Error"}}}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# What the HTTP server (app/server.py, in front of Flask) answers before a request reaches the app,
# on any path; also JSON with the same error shape. The limits are in app/gunicorn.conf.py.
SERVER_ERRORS = {
    "400": _error("Malformed HTTP request (request line, header or chunked body)"),
    "408": _error("The request was not received in full within the read timeout"),
    "414": _error("Request line (method, path and query) over 8,190 bytes"),
    "431": _error("Over 100 header fields, or a header field over 8,190 bytes"),
}


def _with_server_errors(operations: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for operation in operations.values():
        responses = operation["responses"]
        for status, response in SERVER_ERRORS.items():
            responses.setdefault(status, response)
    return operations


def _get(spec: APISpec, path: str, summary: str, responses: dict[str, Any]) -> None:
    """A path with only a GET (the health, version and document endpoints)."""
    operations = {"get": {"summary": summary, "responses": responses}}
    spec.path(path=path, operations=_with_server_errors(operations))


LIST_DESCRIPTION = (
    "Devices, `limit` at a time; follow `next_cursor` until it is null. On DynamoDB each request reads"
    " a bounded stretch of the table, so a filtered page may hold fewer than `limit` items, even none,"
    " while `next_cursor` is not null."
)


def build_spec() -> dict[str, Any]:
    spec = APISpec(
        title="frugal inventory",
        version=__version__,
        openapi_version=OPENAPI_VERSION,
        plugins=[MarshmallowPlugin()],
        info={"description": "Device inventory. Writes need the X-API-Key header; reads are public."},
    )
    spec.components.security_scheme("ApiKey", {"type": "apiKey", "in": "header", "name": "X-API-Key"})
    spec.components.schema("Device", schema=DeviceSchema)
    spec.components.schema("DeviceCreate", schema=DeviceCreateSchema)
    spec.components.schema("DevicePatch", schema=DevicePatchSchema)
    spec.components.schema("DevicePage", schema=DevicePageSchema)
    spec.components.schema("Error", schema=ErrorSchema)
    spec.components.schema("Version", schema=VersionSchema)
    spec.components.schema("Health", schema=HealthSchema)

    secured = [{"ApiKey": []}]
    location = {"description": "Where the created device is", "schema": {"type": "string"}}
    retry_after = {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}
    write_errors = {
        "400": _error("Malformed JSON, or a malformed HTTP request"),
        "401": _error("Missing or wrong API key"),
        "413": _error("Body over 64 KiB"),
        "415": _error("Body is not application/json"),
        "422": _error("Schema violation or unknown field"),
        "503": {
            **_error("Writes disabled (no API key configured), or storage busy or unreachable"),
            "headers": {"Retry-After": retry_after},
        },
    }
    storage_busy = {**_error("Storage busy or unreachable"), "headers": {"Retry-After": retry_after}}
    id_param = {
        "name": "device_id",
        "in": "path",
        "required": True,
        "description": "A device id. Ids made only of dots can't be created; one stored before that rule"
        " still resolves when the client sends the path as is.",
        "schema": {"type": "string", "pattern": ID_PATTERN, "minLength": 1, "maxLength": MAX_ID_LENGTH},
    }
    spec.path(
        path="/api/devices",
        operations=_with_server_errors(
            {
                "get": {
                    "summary": "List devices",
                    "description": LIST_DESCRIPTION,
                    "parameters": [{"in": "query", "schema": DeviceListQuerySchema}],
                    "responses": {
                        "200": _json("DevicePage", "A page of devices"),
                        "422": _error("Bad query, or a cursor this service did not issue"),
                        "503": storage_busy,
                    },
                },
                "post": {
                    "summary": "Create a device",
                    "security": secured,
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": "DeviceCreate"}},
                    },
                    "responses": {
                        "201": {**_json("Device", "Created"), "headers": {"Location": location}},
                        "409": _error("The id exists"),
                        **write_errors,
                    },
                },
            }
        ),
    )
    spec.path(
        path="/api/devices/{device_id}",
        parameters=[id_param],
        operations=_with_server_errors(
            {
                "get": {
                    "summary": "Get a device",
                    "responses": {
                        "200": _json("Device", "The device"),
                        "404": _error("No such device"),
                        "503": storage_busy,
                    },
                },
                "patch": {
                    "summary": "Update some fields of a device",
                    "security": secured,
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": "DevicePatch"}},
                    },
                    "responses": {
                        "200": _json("Device", "Updated"),
                        "404": _error("No such device"),
                        **write_errors,
                    },
                },
                "delete": {
                    "summary": "Delete a device",
                    "security": secured,
                    "responses": {
                        "204": {"description": "Deleted"},
                        "404": _error("No such device"),
                        "401": write_errors["401"],
                        "503": write_errors["503"],
                    },
                },
            }
        ),
    )
    _get(spec, "/health/live", "Process is up", {"200": _json("Health", "Up")})
    _get(
        spec,
        "/health/ready",
        "Storage answers (within about 2 s)",
        {"200": _json("Health", "Ready"), "503": _error("Storage not answering")},
    )
    _get(spec, "/version", "Version and git sha", {"200": _json("Version", "Version")})
    _get(spec, "/api/openapi.json", "This document", {"200": {"description": "OpenAPI 3"}})
    document = spec.to_dict()
    # An empty PATCH is a 422 ("send at least one field"); marshmallow has no way to say so.
    document["components"]["schemas"]["DevicePatch"]["minProperties"] = 1
    return document
