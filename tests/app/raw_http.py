"""Raw HTTP/1.1 over a loopback socket, for requests no HTTP client library would send."""

from __future__ import annotations

import json
import socket
import weakref
from dataclasses import dataclass

# Bytes read past the end of a response (a pipelined next one) wait here for the next read_response.
_unread: weakref.WeakKeyDictionary[socket.socket, bytes] = weakref.WeakKeyDictionary()


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


def connect(base: str, timeout: float = 10) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=timeout)


def read_response(sock: socket.socket) -> RawResponse:
    """Read one response (status line, headers, Content-Length body); skips 100 Continue."""
    data = _unread.pop(sock, b"")
    while True:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"closed before a full response header: {data[:200]!r}")
            data += chunk
        head, _, data = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        if status != 100:
            break
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(data) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    _unread[sock] = data[length:]
    return RawResponse(status, headers, data[:length])


def exchange(base: str, request: bytes, timeout: float = 10) -> RawResponse:
    with connect(base, timeout) as sock:
        sock.sendall(request)
        return read_response(sock)
