"""The HTTP server in front of Flask: gunicorn's gthread worker, made safe against slow clients.

gunicorn's gthread worker gives a connection to a thread as soon as its first bytes arrive, and the
thread then blocks until the request is complete. Ten clients that each send a header line every few
seconds (slowloris), or POSTs that declare 100 bytes and send 5, hold all 2 x 4 threads and stall
the service. In `BufferingThreadWorker` no thread ever waits for a client: a thread takes what has
arrived without blocking, and if the header or the body is not all there yet, the connection goes
back to the event loop until more arrives, as in a buffering proxy such as nginx. A thread runs the
app only for a request that is all in memory. A client that has not sent its whole request
`REQUEST_READ_TIMEOUT` seconds after its first byte (after connecting, for a new connection) gets a
408 and is disconnected. A slow client then costs a socket and a few KB, not a thread. Closing a
connection (Connection: close, errors) lingers in the event loop too: gunicorn's own close waits up
to 2 s for the peer in the event loop's thread, which a client that never closes turns into a stall.

The errors answered before Flask sees a request (gunicorn's 400, 414, 431; this module's 408, 413,
414, 431) are JSON in the app's error shape instead of gunicorn's HTML page.

Built on gunicorn 27's gthread worker (pinned in app/requirements.txt; the internals it uses are in
app/compat_gunicorn.py, checked at import); tests/app/test_slow_clients.py and
tests/app/test_server_errors.py exercise every path through real sockets.
"""

from __future__ import annotations

import contextlib
import errno
import json
import re
import selectors
import socket
import time
from functools import partial
from typing import Any

from werkzeug.exceptions import RequestTimeout

from app import MAX_BODY_BYTES
from app import compat_gunicorn as gunicorn_compat

# Fail at boot, naming what changed, if a gunicorn upgrade moved an internal this worker builds on.
gunicorn_compat.check()

# A whole request (header and body) must arrive within this many seconds of its first byte. The
# requests this API takes are at most 64 KiB; API Gateway's VPC link and browsers send them in
# milliseconds.
REQUEST_READ_TIMEOUT = 10.0
# Request line and header fields together. API Gateway forwards at most 10,240 bytes of them (HTTP
# API quotas); gunicorn's own limits (gunicorn.conf.py) apply within this.
MAX_HEADER_BYTES = 32 * 1024
# A chunked body may carry framing around its data; past this much buffered it is refused outright.
MAX_CHUNKED_BYTES = 4 * MAX_BODY_BYTES
# How long a closing connection is drained (so that unread input can't turn our FIN into a reset
# that destroys the response) before it is closed anyway.
LINGER_SECONDS = 2.0
LINGER_MAX_BYTES = 1024 * 1024
RECV_BYTES = 64 * 1024

_CODES = {
    400: "bad_request",
    403: "forbidden",
    408: "request_timeout",
    413: "payload_too_large",
    414: "uri_too_long",
    417: "expectation_failed",
    431: "header_fields_too_large",
    500: "internal_error",
    501: "not_implemented",
}
_REASONS = {
    400: "Bad Request",
    408: "Request Timeout",
    413: "Content Too Large",
    414: "URI Too Long",
    431: "Request Header Fields Too Large",
}
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")


class RequestReadTimeout(RequestTimeout):
    """A thread found the rest of a request missing past its deadline (only reachable for bytes
    this worker could not buffer ahead: it is the backstop, not the normal path). A werkzeug 408,
    so that inside Flask it becomes the app's JSON 408."""


def error_bytes(status: int, message: str, reason: str | None = None) -> bytes:
    """A complete HTTP/1.1 response in the app's JSON error shape, closing the connection."""
    error = {"code": _CODES.get(status, "http_error"), "message": message[:300]}
    body = json.dumps({"error": error}, separators=(",", ":")).encode()
    reason = reason or _REASONS.get(status, "Error")
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "\r\n"
    )
    return head.encode("latin-1") + body


def write_json_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """Replaces gunicorn.util.write_error (HTML) in this worker's process; same signature."""
    gunicorn_compat.write_nonblock(sock, error_bytes(status_int, mesg or reason, reason))


class Verdict:
    """What a buffered request lacks: nothing (`complete`), more bytes, or an answer of our own."""

    __slots__ = ("complete", "error", "send_continue")

    def __init__(
        self, *, complete: bool = False, error: tuple[int, str] | None = None, send_continue: bool = False
    ) -> None:
        self.complete = complete
        self.error = error
        self.send_continue = send_continue


_MORE = Verdict()
_WAIT = object()  # handle()'s answer: the request isn't all there, wait in the event loop
_COMPLETE = Verdict(complete=True)


def _chunked_status(buffer: bytearray, start: int) -> tuple[bool, int]:
    """(finished, data bytes so far) of the chunked body that begins at `start`. Raises ValueError
    on framing that isn't chunked encoding."""
    position, data = start, 0
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return False, data
        size_text = bytes(buffer[position:line_end]).split(b";", 1)[0].strip(b" \t")
        if not _HEX.fullmatch(size_text):
            raise ValueError("not a chunk size")
        size = int(size_text, 16)
        position = line_end + 2
        if size == 0:
            while True:  # trailer fields, then an empty line
                line_end = buffer.find(b"\r\n", position)
                if line_end < 0:
                    return False, data
                if line_end == position:
                    return True, data
                position = line_end + 2
        data += size
        position += size
        if position + 2 > len(buffer):
            return False, data
        if buffer[position : position + 2] != b"\r\n":
            raise ValueError("chunk data not followed by CRLF")
        position += 2


def examine(buffer: bytearray) -> Verdict:
    """Decide whether `buffer` (what a client sent so far) holds a whole request.

    Framing this can't read (a bad or repeated Content-Length, an unknown Transfer-Encoding) is
    `complete`: gunicorn's parser answers it without reading more. Expect: 100-continue is taken
    off the request and answered here, so that the body is buffered too.
    """
    header_end = buffer.find(b"\r\n\r\n")
    if header_end < 0:
        if len(buffer) <= MAX_HEADER_BYTES:
            return _MORE
        if buffer.find(b"\r\n", 0, MAX_HEADER_BYTES) < 0:
            return Verdict(error=(414, "Request line too long."))
        return Verdict(error=(431, f"Request line and header fields over {MAX_HEADER_BYTES} bytes."))
    if header_end > MAX_HEADER_BYTES:
        return Verdict(error=(431, f"Request line and header fields over {MAX_HEADER_BYTES} bytes."))
    lines = bytes(buffer[:header_end]).split(b"\r\n")
    lengths: list[bytes] = []
    chunked = expect_continue = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip(b" \t").lower()
        value = value.strip(b" \t")
        if name == b"content-length":
            lengths.append(value)
        elif name == b"transfer-encoding":
            if value.lower() != b"chunked":
                return _COMPLETE  # gunicorn: 501 or 400
            chunked = True
        elif name == b"expect" and value.lower() == b"100-continue":
            expect_continue = True
    body_start = header_end + 4
    body_length = len(buffer) - body_start
    if chunked:
        if lengths:
            return _COMPLETE  # both: gunicorn refuses it (request smuggling)
        try:
            finished, data = _chunked_status(buffer, body_start)
        except ValueError:
            # Answered here: inside the app, gunicorn's parser would raise it as a 500.
            return Verdict(error=(400, "Malformed chunked body."))
        if data > MAX_BODY_BYTES or body_length > MAX_CHUNKED_BYTES:
            return Verdict(error=(413, f"Request body is larger than {MAX_BODY_BYTES // 1024} KiB."))
        if finished:
            return _COMPLETE
        return Verdict(send_continue=expect_continue)
    if not lengths:
        return _COMPLETE  # no body
    if len(lengths) > 1 or not lengths[0].isdigit():
        return _COMPLETE  # gunicorn: 400
    length = int(lengths[0])
    if length > MAX_BODY_BYTES:
        return Verdict(error=(413, f"Request body is larger than {MAX_BODY_BYTES // 1024} KiB."))
    if body_length >= length:
        return _COMPLETE
    return Verdict(send_continue=expect_continue)


def strip_expect(buffer: bytearray) -> bool:
    """Remove the Expect header from the buffered request (this worker sent the 100 Continue, so
    gunicorn must not send another). True when the request is HTTP/1.1 and had one."""
    header_end = buffer.find(b"\r\n\r\n")
    first_end = buffer.find(b"\r\n")
    if not bytes(buffer[:first_end]).endswith(b"HTTP/1.1"):
        return False  # RFC 9110 10.1.1: an HTTP/1.0 client's expectation is ignored
    position = first_end + 2
    while position < header_end:
        line_end = buffer.find(b"\r\n", position)
        name = bytes(buffer[position:line_end]).partition(b":")[0].strip(b" \t").lower()
        if name == b"expect":
            del buffer[position : line_end + 2]
            return True
        position = line_end + 2
    return False


class _DeadlineUnreader(gunicorn_compat.SocketUnreader):
    """Reads past what was buffered are bounded by the connection's deadline."""

    def __init__(self, sock: socket.socket, conn: BufferedConn) -> None:
        super().__init__(sock)
        self.conn = conn

    def chunk(self, size_hint: int | None = None) -> bytes:
        remaining = self.conn.read_deadline - time.monotonic()
        if remaining > 0:
            previous = self.sock.gettimeout()
            self.sock.settimeout(remaining)
            try:
                return super().chunk(size_hint)
            except TimeoutError:
                pass
            finally:
                self.sock.settimeout(previous)
        # The answer (a 408, from Flask or from handle_error) ends the connection: nothing after it
        # may try to read the rest of this request.
        self.conn.timed_out = True
        raise RequestReadTimeout()


class BufferedConn(gunicorn_compat.TConn):
    """A connection whose next request is read ahead into `inbox` by the event loop."""

    def __init__(
        self, cfg: Any, sock: socket.socket, client: Any, server: Any, worker: BufferingThreadWorker
    ):
        super().__init__(cfg, sock, client, server)
        self.worker = worker
        self.inbox = bytearray()
        self.read_deadline = 0.0
        self.linger_deadline = 0.0
        self.lingered = 0
        self.release_on_close = False
        self.timed_out = False
        self.started = False  # this request's first bytes have arrived (its deadline is set)

    def init(self) -> None:
        fresh = self.parser is None
        super().init()
        if fresh and self.parser is not None and hasattr(self.parser, "unreader"):
            self.parser.unreader = _DeadlineUnreader(self.sock, self)
        if self.inbox:
            self.parser.unreader.unread(self.inbox)
            self.inbox = bytearray()

    def close(self, graceful: bool = False) -> None:
        if graceful:
            # gunicorn's graceful close lingers up to 2 s, blocking; this one lingers in the loop.
            # gunicorn has already taken the connection off its count.
            self.worker.linger(self, release=False)
        else:
            super().close()


class BufferingThreadWorker(gunicorn_compat.ThreadWorker):
    """gthread, where no thread ever waits for a client: a request that isn't all there goes back to
    the event loop until it is (or its deadline passes)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading: list[BufferedConn] = []  # waiting for more of a request
        self.lingering: list[BufferedConn] = []

    def init_process(self) -> None:
        # gunicorn.workers.base.Worker.handle_error writes its 4xx/5xx pages through this function;
        # this worker's process answers them as JSON instead. Set before any thread starts.
        gunicorn_compat.replace_error_writer(write_json_error)
        super().init_process()

    def accept(self, listener: socket.socket) -> None:
        try:
            client_sock, client_addr = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = BufferedConn(self.cfg, client_sock, client_addr, listener.getsockname(), self)
        conn.read_deadline = time.monotonic() + REQUEST_READ_TIMEOUT
        conn.started = True
        self._wait_for_more(conn)  # the request can't be there yet

    def handle(self, conn: BufferedConn) -> Any:
        """In a thread: take what the client has sent without blocking, then serve the request if it
        is complete, refuse it, or give the connection back to the event loop to wait for more.

        Reading here rather than in the event loop keeps the loop's own work per request what
        gunicorn's is: every socket call in the loop's thread gives up the GIL, and getting it back
        from a busy request thread can take up to the interpreter's switch interval (5 ms).
        """
        try:
            outcome = self._read_ahead(conn)
        except Exception:
            self.log.exception("Error reading a request from %s", conn.client)
            return False
        if outcome is not None:
            return outcome  # _WAIT, or False: refused or gone (gunicorn then closes it)
        conn.started = False  # the next request on this connection gets its own deadline
        conn.data_ready = True
        return super().handle(conn)

    def _read_ahead(self, conn: BufferedConn) -> Any:
        # Non-blocking whatever came before: after a pipelined request gunicorn hands the connection
        # straight back with its socket still blocking.
        conn.sock.setblocking(False)
        unreader = getattr(conn.parser, "unreader", None)
        if unreader is not None and unreader.buf.tell():
            conn.inbox[:0] = unreader.take_buffered()  # pipelined behind the last request
        if not conn.started:
            conn.started = True
            conn.read_deadline = time.monotonic() + REQUEST_READ_TIMEOUT
        while True:
            verdict = examine(conn.inbox) if conn.inbox else _MORE
            if verdict.complete:
                return None
            if verdict.error is not None:
                self.log.info("Refused request from %s: %s %s", conn.client, *verdict.error)
                self._send(conn, error_bytes(*verdict.error))
                return False
            if verdict.send_continue and strip_expect(conn.inbox):
                self._send(conn, b"HTTP/1.1 100 Continue\r\n\r\n")
            try:
                data = conn.sock.recv(RECV_BYTES)
            except (BlockingIOError, InterruptedError):
                return _WAIT
            except OSError:
                return False
            if not data:  # the client went away
                return False
            conn.inbox += data

    def finish_request(self, conn: BufferedConn, fs: Any) -> None:
        if not fs.cancelled() and fs.exception() is None and fs.result() is _WAIT:
            self._wait_for_more(conn)
            return
        super().finish_request(conn, fs)

    def _wait_for_more(self, conn: BufferedConn) -> None:
        conn.sock.setblocking(False)
        self.reading.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _stop_waiting(self, conn: BufferedConn) -> None:
        self.reading.remove(conn)
        self.poller.unregister(conn.sock)

    def _on_readable(self, conn: BufferedConn, _sock: socket.socket) -> None:
        self._stop_waiting(conn)
        gunicorn_compat.ThreadWorker.enqueue_req(self, conn)

    def _send(self, conn: BufferedConn, data: bytes) -> None:
        # A few hundred bytes into an idle socket's send buffer: never partial in practice, and a
        # client that doesn't read them isn't waited for.
        with contextlib.suppress(OSError):
            conn.sock.send(data)

    def _refuse(self, conn: BufferedConn, status: int, message: str) -> None:
        self.log.info("Refused request from %s: %s %s", conn.client, status, message)
        self._send(conn, error_bytes(status, message))
        self.linger(conn, release=True)

    def linger(self, conn: BufferedConn, *, release: bool) -> None:
        """Half-close, then drain what the client still sends until it closes, LINGER_SECONDS pass,
        or LINGER_MAX_BYTES arrive; only then close (RFC 9112 9.6). `release`: take the connection
        off gunicorn's count (worker_connections) when it is closed."""
        conn.release_on_close = release
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._close(conn)
            return
        conn.sock.setblocking(False)
        conn.linger_deadline = time.monotonic() + LINGER_SECONDS
        conn.lingered = 0
        self.lingering.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_lingering_readable, conn))

    def _on_lingering_readable(self, conn: BufferedConn, _sock: socket.socket) -> None:
        try:
            data = conn.sock.recv(RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        conn.lingered += len(data)
        if not data or conn.lingered >= LINGER_MAX_BYTES:
            self._end_linger(conn)

    def _end_linger(self, conn: BufferedConn) -> None:
        self.lingering.remove(conn)
        self.poller.unregister(conn.sock)
        self._close(conn)

    def _close(self, conn: BufferedConn) -> None:
        if conn.release_on_close:
            self.nr_conns -= 1
        gunicorn_compat.close(conn.sock)

    def _keepalive_after(self, conn: BufferedConn, keepalive: bool) -> bool:
        return False if conn.timed_out else super()._keepalive_after(conn, keepalive)

    def murder_pending(self) -> None:
        """Called by gunicorn's loop about once a second: also expire slow and lingering clients."""
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c in self.reading if c.read_deadline <= now]:
            self._stop_waiting(conn)
            if conn.inbox:
                self._refuse(conn, 408, f"The request was not complete within {REQUEST_READ_TIMEOUT:g} s.")
            else:  # connected and never sent anything
                self.nr_conns -= 1
                gunicorn_compat.close(conn.sock)
        for conn in [c for c in self.lingering if c.linger_deadline <= now]:
            self._end_linger(conn)

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if isinstance(exc, RequestReadTimeout):
            self.log.info("Request from %s not complete in time", addr)
            gunicorn_compat.write_error(
                client, 408, "Request Timeout", "The request was not complete in time."
            )
            return
        super().handle_error(req, client, addr, exc)
