"""Every error is JSON: {"error": {"code", "message", "fields"?, "request_id"?}}."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from app.storage import StorageUnavailableError

log = logging.getLogger("app.errors")

# Stable machine-readable codes for the HTTP errors werkzeug raises.
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    503: "unavailable",
}
_MESSAGES = {
    404: "No such resource.",
    405: "Method not allowed on this resource.",
    413: "Request body is larger than 64 KiB.",
}


class ApiError(Exception):
    """Raised by handlers to answer with a specific status, code and message."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields


def error_response(
    status: int,
    code: str,
    message: str,
    fields: dict[str, Any] | None = None,
    request_id: str | None = None,
) -> Response:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    if request_id:
        body["request_id"] = request_id
    response = jsonify(error=body)
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        message = _MESSAGES.get(status) or exc.description or exc.name
        response = error_response(status, _HTTP_CODES.get(status, "http_error"), message)
        # Keep headers that carry meaning (Allow on 405), not werkzeug's HTML content type.
        for name, value in exc.get_headers():
            if name.lower() == "allow":
                response.headers["Allow"] = value
        return response

    @app.errorhandler(StorageUnavailableError)
    def _storage_unavailable(exc: StorageUnavailableError) -> Response:
        log.warning(
            "storage unavailable",
            extra={"request_id": getattr(g, "request_id", None), "error": str(exc), "path": request.path},
        )
        response = error_response(
            503, "storage_unavailable", "Storage is busy or unreachable; retry shortly."
        )
        response.headers["Retry-After"] = "1"
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        request_id = getattr(g, "request_id", None)
        log.exception(
            "unhandled error",
            extra={"request_id": request_id, "method": request.method, "path": request.path},
        )
        # The message never includes the exception: internals stay in the log.
        return error_response(
            500,
            "internal_error",
            "Internal error; quote the request id if you report it.",
            request_id=request_id,
        )
