"""What the HTTP server answers before Flask sees a request: JSON in the app's error shape, at the
limits the README and the spec state. Real gunicorn on loopback, raw sockets."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.openapi import SERVER_ERRORS
from app.server import MAX_HEADER_BYTES
from tests.app.conftest import API_KEY, Server
from tests.app.raw_http import connect, exchange, read_response


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Server:
    # One server for the module: these requests don't touch the data.
    from tests.support import free_port, spawn_gunicorn, wait_http

    directory = tmp_path_factory.mktemp("server-errors")
    port = free_port()
    env = {"FRUGAL_API_KEY": API_KEY, "FRUGAL_SQLITE_PATH": str(directory / "d.db"), "WEB_CONCURRENCY": "1"}
    process = spawn_gunicorn(port, env, directory / "gunicorn.log")
    server = Server(f"http://127.0.0.1:{port}", process, directory / "gunicorn.log")
    try:
        wait_http(server.base + "/health/live", process=process)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def request(line: str, *headers: str, body: bytes = b"") -> bytes:
    return (line + "\r\n" + "".join(h + "\r\n" for h in ("Host: x", *headers)) + "\r\n").encode() + body


CASES = [
    # (what, raw request, status, code)
    (
        "request line over 8,190 bytes",
        request("GET /api/devices?x=" + "a" * 8200 + " HTTP/1.1"),
        414,
        "uri_too_long",
    ),
    (
        "request line over the 32 KiB header budget, no line end yet",
        b"GET /" + b"a" * (MAX_HEADER_BYTES + 10),
        414,
        "uri_too_long",
    ),
    (
        "101 header fields",
        request("GET /health/live HTTP/1.1", *(f"X-{n}: v" for n in range(101))),
        431,
        None,
    ),
    (
        "a header field over 8,190 bytes",
        request("GET /health/live HTTP/1.1", "X-Big: " + "v" * 8200),
        431,
        None,
    ),
    (
        "header fields over 32 KiB together",
        request("GET /health/live HTTP/1.1", *(f"X-{n}: " + "v" * 8000 for n in range(5))),
        431,
        "header_fields_too_large",
    ),
    ("a malformed request line", b"GARBAGE\r\n\r\n", 400, "bad_request"),
    ("a header name with a space", request("GET /health/live HTTP/1.1", "Bad Name: v"), 400, "bad_request"),
    (
        "a control character in a header",
        request("GET /health/live HTTP/1.1", "X-A: a\x01b"),
        400,
        "bad_request",
    ),
    (
        "a Content-Length that isn't a number",
        request("POST /api/devices HTTP/1.1", "Content-Length: abc"),
        400,
        None,
    ),
    (
        "two Content-Lengths",
        request("POST /api/devices HTTP/1.1", "Content-Length: 2", "Content-Length: 3"),
        400,
        None,
    ),
    (
        "a transfer coding other than chunked",
        request("POST /api/devices HTTP/1.1", "Transfer-Encoding: gzip"),
        400,
        "bad_request",
    ),
    (
        "a chunk size that isn't hexadecimal",
        request("POST /api/devices HTTP/1.1", "Transfer-Encoding: chunked", body=b"zz\r\n{}\r\n0\r\n\r\n"),
        400,
        "bad_request",
    ),
    (
        "chunk data without its CRLF",
        request("POST /api/devices HTTP/1.1", "Transfer-Encoding: chunked", body=b"2\r\n{}XX0\r\n\r\n"),
        400,
        "bad_request",
    ),
    (
        "a declared body over 64 KiB, refused before it is sent",
        request("POST /api/devices HTTP/1.1", "Content-Type: application/json", "Content-Length: 70000"),
        413,
        "payload_too_large",
    ),
]


@pytest.mark.parametrize(("what", "raw", "status", "code"), CASES, ids=[c[0] for c in CASES])
def test_server_level_errors_are_json(
    server: Server, what: str, raw: bytes, status: int, code: str | None
) -> None:
    response = exchange(server.base, raw)
    assert response.status == status, (what, response)
    assert response.headers["content-type"] == "application/json"
    assert response.headers["connection"] == "close"
    error = response.json()["error"]
    assert set(error) == {"code", "message"}
    if code:
        assert error["code"] == code
    assert error["message"]


def test_statuses_the_server_answers_are_in_the_spec() -> None:
    assert {"400", "408", "414", "431"} <= set(SERVER_ERRORS)


def test_a_url_between_the_old_and_new_request_line_limits_reaches_the_app(server: Server) -> None:
    # 4,094 bytes was gunicorn's default: a 6 KB URL now gets the app's own JSON answer.
    response = exchange(server.base, request("GET /api/devices?location=" + "a" * 6000 + " HTTP/1.1"))
    assert response.status == 422
    assert response.json()["error"]["fields"] == {"location": ["Longer than maximum length 128."]}


def test_expect_100_continue_gets_the_continue_and_then_the_answer(server: Server) -> None:
    body = b'{"id": "expect-1", "name": "n"}'
    head = request(
        "POST /api/devices HTTP/1.1",
        "Content-Type: application/json",
        f"X-API-Key: {API_KEY}",
        f"Content-Length: {len(body)}",
        "Expect: 100-continue",
    )
    with connect(server.base) as sock:
        sock.sendall(head)
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"  # exactly one, before the body
        sock.sendall(body)
        response = read_response(sock)
    assert response.status == 201
    assert response.json()["id"] == "expect-1"


def test_expect_100_continue_with_a_body_too_large_is_refused_without_a_continue(server: Server) -> None:
    raw = request("POST /api/devices HTTP/1.1", "Content-Length: 100000", "Expect: 100-continue")
    with connect(server.base) as sock:
        sock.sendall(raw)
        response = read_response(sock)  # raises if anything but one final response comes
    assert response.status == 413


def test_pipelined_and_byte_by_byte_requests_are_answered_in_order(server: Server) -> None:
    one = request("GET /health/live HTTP/1.1")
    two = request("GET /api/devices/none HTTP/1.1")
    with connect(server.base) as sock:
        sock.sendall(one + two)
        assert read_response(sock).status == 200
        assert read_response(sock).status == 404
        # A complete request with the start of the next behind it: the rest comes later.
        sock.sendall(one + two[:10])
        assert read_response(sock).status == 200
        sock.sendall(two[10:])
        assert read_response(sock).status == 404
        # The next request a byte at a time, on the same kept-alive connection.
        for byte in request("GET /version HTTP/1.1"):
            sock.sendall(bytes([byte]))
        assert read_response(sock).json()["version"]


def test_a_chunked_body_with_extensions_and_trailers_is_read(server: Server) -> None:
    data = b'{"id": "chunky", "name": "n"}'
    body = b"5;ext=1\r\n" + data[:5] + b"\r\n" + f"{len(data) - 5:x}\r\n".encode() + data[5:] + b"\r\n"
    body += b"0\r\nX-Trailer: t\r\n\r\n"
    raw = request(
        "POST /api/devices HTTP/1.1",
        "Content-Type: application/json",
        f"X-API-Key: {API_KEY}",
        "Transfer-Encoding: chunked",
        body=body,
    )
    response = exchange(server.base, raw)
    assert response.status == 201, response


def test_the_worker_logs_no_tracebacks(server: Server, tmp_path: Path) -> None:
    # Runs last in this module: none of the requests above broke the worker or its event loop.
    assert exchange(server.base, request("GET /health/live HTTP/1.1")).status == 200
    log = server.log()
    assert "Traceback" not in log and "Exception in worker process" not in log, log[-3000:]
