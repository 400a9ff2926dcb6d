"""The device API under /api: CRUD with validation, API-key auth on writes, cursor pagination."""

from __future__ import annotations

import hmac
import json
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from app.errors import ApiError
from app.schemas import DeviceCreateSchema, DeviceListQuerySchema, DevicePatchSchema, valid_device_id
from app.storage import BadCursorError, DeviceExistsError, DeviceNotFoundError, Storage

bp = Blueprint("api", __name__, url_prefix="/api")

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_create_schema = DeviceCreateSchema()
_patch_schema = DevicePatchSchema()
_list_query_schema = DeviceListQuerySchema()


def _storage() -> Storage:
    return current_app.extensions["frugal.storage"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@bp.before_request
def _require_api_key() -> None:
    if request.method not in WRITE_METHODS:
        return
    expected: bytes | None = current_app.extensions["frugal.api_key"]
    if expected is None:
        raise ApiError(
            503, "writes_disabled", "Writes are disabled: the server has no FRUGAL_API_KEY configured."
        )
    # WSGI hands header values over as latin-1-decoded str (PEP 3333): encoding them back to latin-1
    # gives the bytes the client sent, so a non-ASCII key sent as UTF-8 matches its UTF-8 encoding.
    given = request.headers.get("X-API-Key", "").encode("latin-1")
    # compare_digest: the time taken does not reveal how much of the key matched.
    if not given or not hmac.compare_digest(given, expected):
        raise ApiError(401, "unauthorized", "Missing or wrong X-API-Key header.")


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _json_body() -> Any:
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as Content-Type: application/json.")
    raw = request.get_data(cache=False)  # raises 413 past MAX_CONTENT_LENGTH when Content-Length says so
    if (
        request.content_length is None
        and len(raw) >= current_app.config["MAX_CONTENT_LENGTH"]
        and request.environ["wsgi.input"].read(1)
    ):
        # A chunked body has no Content-Length; werkzeug stops reading it at the limit instead of
        # raising, which would hand us a silently truncated body. One more byte from the server's
        # own stream tells a body of exactly the limit (allowed) from a longer one.
        raise RequestEntityTooLarge()
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "bad_json", "Request body is not valid JSON.") from exc


def _load(schema: Schema, data: Any, **kwargs: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ApiError(422, "validation_error", "Request body must be a JSON object.")
    try:
        return schema.load(data, **kwargs)
    except ValidationError as exc:
        raise ApiError(422, "validation_error", "Invalid fields.", fields=exc.normalized_messages()) from exc


def _not_found(device_id: str) -> ApiError:
    return ApiError(404, "not_found", f"No device with id {device_id!r}.")


def _existing_id(device_id: str) -> str:
    # An id that could never have been created is a 404 without asking the backend, whose
    # key limits (DynamoDB: 2 KB) would otherwise turn it into an error.
    if not valid_device_id(device_id):
        raise ApiError(404, "not_found", "No device with that id.")
    return device_id


@bp.get("/devices")
def list_devices() -> Response:
    try:
        query = _list_query_schema.load(request.args.to_dict())
    except ValidationError as exc:
        raise ApiError(
            422, "validation_error", "Invalid query parameters.", fields=exc.normalized_messages()
        ) from exc
    try:
        page = _storage().list(
            status=query.get("status"),
            location=query.get("location"),
            limit=query["limit"],
            cursor=query.get("cursor"),
        )
    except BadCursorError as exc:
        raise ApiError(
            422, "validation_error", "Invalid query parameters.", fields={"cursor": [str(exc)]}
        ) from exc
    if page.items_json is not None:
        body = f'{{"items":{page.items_json},"next_cursor":{json.dumps(page.next_cursor)}}}'
        return current_app.response_class(body, mimetype="application/json")
    return jsonify(items=page.items, next_cursor=page.next_cursor)


@bp.post("/devices")
def create_device() -> tuple[Response, int, dict[str, str]]:
    device = _load(_create_schema, _json_body())
    device["updated_at"] = _now()
    try:
        created = _storage().create(device)
    except DeviceExistsError as exc:
        raise ApiError(409, "conflict", f"A device with id {device['id']!r} already exists.") from exc
    return jsonify(created), 201, {"Location": f"/api/devices/{created['id']}"}


@bp.get("/devices/<device_id>")
def get_device(device_id: str) -> Response:
    try:
        return jsonify(_storage().get(_existing_id(device_id)))
    except DeviceNotFoundError as exc:
        raise _not_found(device_id) from exc


@bp.patch("/devices/<device_id>")
def update_device(device_id: str) -> Response:
    changes = _load(_patch_schema, _json_body(), partial=True)
    if not changes:
        raise ApiError(422, "validation_error", "Send at least one of: name, location, status.")
    changes["updated_at"] = _now()
    try:
        return jsonify(_storage().update(_existing_id(device_id), changes))
    except DeviceNotFoundError as exc:
        raise _not_found(device_id) from exc


@bp.delete("/devices/<device_id>")
def delete_device(device_id: str) -> Response:
    try:
        _storage().delete(_existing_id(device_id))
    except DeviceNotFoundError as exc:
        raise _not_found(device_id) from exc
    return Response(status=204)
