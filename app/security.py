"""Security headers on every response the app sends.

The page (app/static/index.html) loads only its own files and talks only to `apiBaseUrl`, so its
Content-Security-Policy allows exactly that: scripts, styles and images from its own origin, and
fetches to its own origin plus the API's. Everything else (the API's JSON, the page's assets) gets
`default-src 'none'`, which makes a response opened as a document inert. No response may be framed.

`page_headers(api_origin)` is the single statement of what the page needs; the app sends it with
an empty `api_origin` (the API is on the page's own origin), and CloudFront must send it with the
API's origin when it serves the page from S3 (see the README's "The service").
"""

from __future__ import annotations

from flask import Flask, Response

# Both for every response.
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # The page's fetches and links need no Referer; nothing the app serves needs one either.
    "Referrer-Policy": "no-referrer",
    # frame-ancestors (in the CSPs below) for browsers that only know the older header.
    "X-Frame-Options": "DENY",
}
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
    return {**COMMON_HEADERS, "Content-Security-Policy": page_csp(api_origin)}


_PAGE_HEADERS = page_headers()
_OTHER_HEADERS = {**COMMON_HEADERS, "Content-Security-Policy": API_CSP}


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = _PAGE_HEADERS if response.mimetype == "text/html" else _OTHER_HEADERS
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
