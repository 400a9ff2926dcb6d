"""frugal's inventory service: `create_app(config)` builds the Flask app."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from flask import Flask, Response, g, jsonify, request

from app.config import AppConfig, ConfigError

__version__ = "0.1.0"
__all__ = ["AppConfig", "ConfigError", "__version__", "create_app"]

MAX_BODY_BYTES = 64 * 1024
STATIC_DIR = Path(__file__).parent / "static"
_REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._-]{8,128}")


def create_app(
    config: AppConfig | Mapping[str, str] | None = None, *, storage: object | None = None
) -> Flask:
    """Build the app from AppConfig, an environment-like mapping, or os.environ when None.

    `storage` replaces the backend chosen by the settings (tests inject failing ones).
    """
    from app import api, health
    from app.cors import install_cors
    from app.errors import register_error_handlers
    from app.logs import configure_app_logging
    from app.openapi import build_spec
    from app.security import install_security_headers
    from app.storage import make_storage

    settings = config if isinstance(config, AppConfig) else AppConfig.from_env(config)
    configure_app_logging()

    app = Flask(__name__, static_folder=None)
    # The page's files are served at the site root, the same layout the StaticSite uploads to S3, so
    # its relative links work in both places. One rule naming them rather than Flask's
    # `/<path:filename>` catch-all, which would claim every unknown path and answer a POST to one
    # with 405 (Allow: GET) instead of 404.
    app.static_folder = STATIC_DIR
    page_files = ",".join(repr(p.name) for p in sorted(STATIC_DIR.iterdir()) if p.is_file())
    app.add_url_rule(f"/<any({page_files}):filename>", endpoint="static", view_func=app.send_static_file)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, **settings.flask)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["frugal.settings"] = settings
    app.extensions["frugal.api_key"] = settings.api_key.encode() if settings.api_key else None
    app.extensions["frugal.storage"] = storage if storage is not None else make_storage(settings)

    @app.before_request
    def _assign_request_id() -> None:
        # Straight from the WSGI environ and os.urandom: this runs on every request.
        incoming = request.environ.get("HTTP_X_REQUEST_ID", "")
        g.request_id = incoming if incoming and _REQUEST_ID_RE.fullmatch(incoming) else os.urandom(16).hex()

    @app.after_request
    def _send_request_id(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "")
        return response

    install_cors(app, settings.cors_origins)
    install_security_headers(app)
    spec = build_spec()

    @app.get("/api/openapi.json")
    def openapi() -> Response:
        return jsonify(spec)

    @app.get("/config.json")
    def page_config() -> Response:
        # Same origin locally; on AWS the StaticSite uploads its own config.json with the API URL.
        response = jsonify(apiBaseUrl="")
        response.headers["Cache-Control"] = "no-cache"
        return response

    @app.get("/")
    def index() -> Response:
        response = app.send_static_file("index.html")
        response.headers["Cache-Control"] = "no-cache"
        return response

    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    register_error_handlers(app)
    return app
