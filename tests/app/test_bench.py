"""The load-test scripts: parsing of wrk output, and the server comparison's slow clients (the runs
themselves are `make bench-app` and bench/compare_servers.py, not tests)."""

from __future__ import annotations

import pytest

from bench.app_load import parse_wrk

WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:18558/health/live
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     8.77ms   17.67ms 114.78ms   93.06%
    Req/Sec     0.98k   300.84     1.64k    90.00%
  Latency Distribution
     50%    3.00ms
     75%    6.99ms
     90%   15.61ms
     99%   98.37ms
  982 requests in 1.00s, 205.22KB read
Requests/sec:    977.40
Transfer/sec:    204.26KB
"""


def test_reads_rate_percentiles_and_count() -> None:
    result = parse_wrk(WRK_OUTPUT)
    assert (result.rps, result.p50_ms, result.p99_ms, result.requests, result.errors) == (
        977.4,
        3.0,
        98.37,
        982,
        0,
    )


def test_units_and_errors() -> None:
    text = (
        WRK_OUTPUT.replace("3.00ms", "850.00us")
        .replace("98.37ms", "1.20s")
        .replace(
            "Requests/sec",
            "  Socket errors: connect 0, read 2, write 0, timeout 3\n"
            "  Non-2xx or 3xx responses: 4\nRequests/sec",
        )
    )
    result = parse_wrk(text)
    assert result.p50_ms == pytest.approx(0.85)
    assert result.p99_ms == pytest.approx(1200)
    assert result.errors == 9


def test_unreadable_output_is_an_error() -> None:
    with pytest.raises(ValueError, match="could not read"):
        parse_wrk("wrk: connection refused")


def test_server_comparison_sends_the_slow_client_tests_bytes() -> None:
    """bench/compare_servers.py says it runs the clients of test_slow_clients.py: each of its
    clients sends what the test's client of the same position sends (the API key aside)."""
    import socket
    import threading

    from bench import compare_servers
    from tests.app import test_slow_clients

    def sent(behave, key: str) -> bytes:
        ours, peer = socket.socketpair()
        with ours, peer:
            # A response waiting, for the clients that read one before they stall.
            peer.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            stop = threading.Event()
            stop.set()  # each client sends its first bytes, then stops at once
            behave(ours, stop)
            ours.shutdown(socket.SHUT_WR)
            data = b""
            while chunk := peer.recv(65536):
                data += chunk
            return data.replace(key.encode(), b"<key>")

    bench_kinds = list(compare_servers.KINDS.values())
    test_kinds = list(test_slow_clients.KINDS.values())
    assert len(bench_kinds) == len(test_kinds) == 6
    for bench_client, test_client in zip(bench_kinds, test_kinds, strict=True):
        assert sent(bench_client, compare_servers.BENCH_KEY) == sent(test_client, test_slow_clients.API_KEY)
