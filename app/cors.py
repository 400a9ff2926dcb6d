"""CORS for /api/*: only the configured origins get Access-Control-Allow-Origin; preflights answered.

Hand-written rather than flask-cors: flask-cors's after_request hook cost about 110 us on every
request, Origin header or not (a quarter of the list handler), and the policy here is small.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, request

ALLOW_METHODS = "GET, POST, PATCH, DELETE"
ALLOW_HEADERS = "Content-Type, X-API-Key"
EXPOSE_HEADERS = "X-Request-Id, Location"
PREFLIGHT_MAX_AGE = "600"
PREFIX = "/api/"


def install_cors(app: Flask, origins: Iterable[str]) -> None:
    allowed = frozenset(origins)
    if not allowed:
        return

    @app.before_request
    def _preflight() -> Response | None:
        if (
            request.method == "OPTIONS"
            and "Access-Control-Request-Method" in request.headers
            and request.path.startswith(PREFIX)
        ):
            # Answered here so that auth and routing never see a preflight. Unknown origins get
            # the same 204 without Allow-Origin, which the browser treats as a refusal.
            return Response(status=204)
        return None

    @app.after_request
    def _cors_headers(response: Response) -> Response:
        if not request.path.startswith(PREFIX):
            return response
        # The answer differs by Origin, so shared caches (CloudFront, proxies) must key on it.
        response.vary.add("Origin")
        origin = request.headers.get("Origin")
        if origin is None or origin not in allowed:
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
            response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
            response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        else:
            response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        return response
