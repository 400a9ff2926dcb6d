"""OpenAPI 3 description built with apispec from the marshmallow schemas."""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from app import __version__
from app.schemas import (
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
    write_errors = {
        "400": _error("Malformed JSON"),
        "401": _error("Missing or wrong API key"),
        "413": _error("Body over 64 KiB"),
        "415": _error("Body is not application/json"),
        "422": _error("Schema violation or unknown field"),
        "503": _error("Writes disabled (no API key configured), or storage busy or unreachable"),
    }
    id_param = {"name": "device_id", "in": "path", "required": True, "schema": {"type": "string"}}
    spec.path(
        path="/api/devices",
        operations={
            "get": {
                "summary": "List devices",
                "parameters": [{"in": "query", "schema": DeviceListQuerySchema}],
                "responses": {"200": _json("DevicePage", "A page of devices"), "422": _error("Bad query")},
            },
            "post": {
                "summary": "Create a device",
                "security": secured,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": "DeviceCreate"}},
                },
                "responses": {
                    "201": _json("Device", "Created"),
                    "409": _error("The id exists"),
                    **write_errors,
                },
            },
        },
    )
    spec.path(
        path="/api/devices/{device_id}",
        parameters=[id_param],
        operations={
            "get": {
                "summary": "Get a device",
                "responses": {"200": _json("Device", "The device"), "404": _error("No such device")},
            },
            "patch": {
                "summary": "Update some fields of a device",
                "security": secured,
                "requestBody": {"required": True, "content": {"application/json": {"schema": "DevicePatch"}}},
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
        },
    )
    spec.path(
        path="/health/live",
        operations={"get": {"summary": "Process is up", "responses": {"200": _json("Health", "Up")}}},
    )
    spec.path(
        path="/health/ready",
        operations={
            "get": {
                "summary": "Storage answers",
                "responses": {"200": _json("Health", "Ready"), "503": _error("Storage not answering")},
            }
        },
    )
    spec.path(
        path="/version",
        operations={
            "get": {"summary": "Version and git sha", "responses": {"200": _json("Version", "Version")}}
        },
    )
    spec.path(
        path="/api/openapi.json",
        operations={"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3"}}}},
    )
    return spec.to_dict()
