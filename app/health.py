"""Liveness, readiness and version endpoints, outside /api so they need no CORS or key."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify

from app import __version__
from app.errors import error_response

bp = Blueprint("health", __name__)
_OK = '{"status":"ok"}\n'
log = logging.getLogger("app.health")


@bp.get("/health/live")
def live() -> Response:
    # Only says the process serves requests; storage trouble must not make ECS kill healthy tasks.
    return current_app.response_class(_OK, mimetype="application/json")


@bp.get("/health/ready")
def ready() -> Response:
    try:
        current_app.extensions["frugal.storage"].ping()
    except Exception as exc:
        log.warning("storage not ready", extra={"error": type(exc).__name__})
        return error_response(503, "not_ready", "Storage is not answering.")
    return jsonify(status="ok")


@bp.get("/version")
def version() -> Response:
    return jsonify(version=__version__, git_sha=current_app.extensions["frugal.settings"].git_sha)
