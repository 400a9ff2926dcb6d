"""Security headers on every response the app sends.

The page (app/static/index.html) loads only its own files and talks only to `apiBaseUrl`, so its
Content-Security-Policy allows exactly that: scripts, styles and images from its own origin, and
fetches to its own origin plus the API's. Everything else (the API's JSON, the page's assets) gets
`default-src 'none'`, which makes a response opened as a document inert. No response may be framed
(`frame-ancestors 'none'`; X-Frame-Options, its older form, would add bytes to every response for
browsers too old to run the page anyway). Referrer-Policy only matters to documents: the page.

`page_headers(api_origin)` is the single statement of what the page needs; the app sends it with
an empty `api_origin` (the API is on the page's own origin), and CloudFront must send it with the
API's origin when it serves the page from S3 (see the README's "The service").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

StartResponse = Callable[..., Any]
WSGIApplication = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

# On every response.
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff"}
API_CSP = "default-src 'none'; frame-ancestors 'none'"


def page_csp(api_origin: str = "") -> str:
    """The page's CSP. `api_origin`: scheme://host[:port] of the API when it is not the page's own."""
    connect = "'self'" + (f" {api_origin}" if api_origin else "")
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        f"connect-src {connect}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


def page_headers(api_origin: str = "") -> dict[str, str]:
    """Every security header the page's HTML response needs."""
    return {
        **COMMON_HEADERS,
        # The page's fetches and links need no Referer.
        "Referrer-Policy": "no-referrer",
        "Content-Security-Policy": page_csp(api_origin),
    }


# As WSGI header lists: the middleware below appends them to every response. It works at the WSGI
# level because werkzeug's Headers.setdefault cost about 30 us a response for these four, a tenth of
# a whole /health/live request; a list extend costs under 1 us.
_PAGE_LIST = list(page_headers().items())
_OTHER_LIST = list({**COMMON_HEADERS, "Content-Security-Policy": API_CSP}.items())
_COMMON_LIST = list(COMMON_HEADERS.items())


class SecurityHeaders:
    """WSGI middleware: the page's headers on HTML responses, the strict ones on everything else."""

    def __init__(self, wsgi_app: WSGIApplication) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kind = next((value for name, value in headers if name.lower() == "content-type"), None)
            if kind is None:
                # No body to protect (204), or a 304 whose headers the browser merges into the page
                # it has cached: a CSP here would replace the page's own with the strict one.
                headers.extend(_COMMON_LIST)
            else:
                headers.extend(_PAGE_LIST if kind.startswith("text/html") else _OTHER_LIST)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def install_security_headers(app: Flask) -> None:
    app.wsgi_app = SecurityHeaders(app.wsgi_app)  # type: ignore[method-assign]
