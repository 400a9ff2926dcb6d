"""Bounded work per request on DynamoDB: one Scan of at most MAX_SCANNED_ITEMS per list request,
and short timeouts with few attempts against an endpoint that accepts connections and never answers.
moto_server and a frozen TCP listener, both on loopback."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from app import create_app
from app.config import AppConfig
from app.storage import StorageUnavailableError
from app.storage.dynamodb import MAX_SCANNED_ITEMS, DynamoDBStorage
from tests.app.conftest import API_KEY, REGION, create_table

TABLE_SIZE = 300


def status_of(n: int) -> str:
    return "inactive" if n % 10 == 0 else "active"


@pytest.fixture(scope="module")
def big_table(moto_endpoint: str) -> str:
    """300 devices: every tenth inactive, none in 'nowhere'."""
    name = create_table(moto_endpoint)
    client = boto3.client("dynamodb", region_name=REGION, endpoint_url=moto_endpoint)
    for start in range(0, TABLE_SIZE, 25):
        client.batch_write_item(
            RequestItems={
                name: [
                    {
                        "PutRequest": {
                            "Item": {
                                "id": {"S": f"d-{n:03d}"},
                                "name": {"S": "n"},
                                "location": {"S": "lab"},
                                "status": {"S": status_of(n)},
                                "updated_at": {"S": "2026-01-01T00:00:00.000Z"},
                            }
                        }
                    }
                    for n in range(start, start + 25)
                ]
            }
        )
    return name


def scans_of(storage: DynamoDBStorage) -> list[int]:
    """ScannedCount of every Scan call the storage's client makes from now on."""
    counts: list[int] = []
    storage.client.meta.events.register(
        "after-call.dynamodb.Scan", lambda parsed, **_: counts.append(parsed["ScannedCount"])
    )
    return counts


@pytest.mark.parametrize(
    ("filters", "limit"),
    [({"location": "nowhere"}, 50), ({"status": "active"}, 7), ({"status": "inactive"}, 100), ({}, 100)],
)
def test_a_list_request_is_one_bounded_scan(
    moto_endpoint: str, big_table: str, filters: dict, limit: int
) -> None:
    storage = DynamoDBStorage(big_table, REGION, moto_endpoint)
    counts = scans_of(storage)
    query = {"status": None, "location": None} | filters
    page = storage.list(limit=limit, cursor=None, **query)
    assert len(counts) == 1
    assert counts[0] <= MAX_SCANNED_ITEMS
    assert len(page.items) <= limit
    assert page.next_cursor is not None  # 300 items: never all of them in one request

    # Following the cursors still finds exactly the matching devices, a bounded scan each time.
    seen = [d["id"] for d in page.items]
    cursor = page.next_cursor
    for _ in range(TABLE_SIZE):
        if cursor is None:
            break
        page = storage.list(limit=limit, cursor=cursor, **query)
        seen += [d["id"] for d in page.items]
        cursor = page.next_cursor
    assert cursor is None
    assert all(count <= MAX_SCANNED_ITEMS for count in counts)
    expected = [
        f"d-{n:03d}"
        for n in range(TABLE_SIZE)
        if all({"status": status_of(n), "location": "lab"}[name] == value for name, value in filters.items())
    ]
    assert sorted(seen) == expected


def test_the_api_returns_a_short_page_with_a_cursor_rather_than_scanning_on(
    moto_endpoint: str, big_table: str
) -> None:
    settings = AppConfig(
        api_key=API_KEY,
        storage="dynamodb",
        dynamodb_table=big_table,
        dynamodb_endpoint=moto_endpoint,
        aws_region=REGION,
    )
    client = create_app(settings).test_client()
    page = client.get("/api/devices?location=nowhere").get_json()
    assert page["items"] == []
    assert page["next_cursor"]


class FrozenEndpoint:
    """Accepts TCP connections and reads, but never answers: a DynamoDB endpoint that hangs."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.requests = 0
        self._open: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            self._open.append(conn)
            conn.settimeout(5)
            try:
                if conn.recv(65536):
                    self.requests += 1
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for conn in self._open:
            conn.close()
        self.listener.close()


@pytest.fixture
def frozen() -> Iterator[FrozenEndpoint]:
    endpoint = FrozenEndpoint()
    yield endpoint
    endpoint.close()


def test_the_readiness_probe_tries_once_with_short_timeouts(frozen: FrozenEndpoint) -> None:
    storage = DynamoDBStorage("devices", REGION, frozen.url)
    with pytest.raises(StorageUnavailableError):
        storage.ping()
    assert frozen.requests == 1
    config = storage._clients["probe"].meta.config
    assert (config.connect_timeout, config.read_timeout) == (1, 1)


def test_storage_calls_try_twice_with_short_timeouts(frozen: FrozenEndpoint) -> None:
    storage = DynamoDBStorage("devices", REGION, frozen.url)
    with pytest.raises(StorageUnavailableError):
        storage.get("x")
    assert frozen.requests == 2
    config = storage.client.meta.config
    assert (config.connect_timeout, config.read_timeout) == (1, 2)


def test_ready_is_503_and_live_200_against_a_frozen_endpoint(frozen: FrozenEndpoint, tmp_path: Path) -> None:
    settings = AppConfig(
        api_key=API_KEY,
        storage="dynamodb",
        dynamodb_table="devices",
        dynamodb_endpoint=frozen.url,
        aws_region=REGION,
    )
    client = create_app(settings).test_client()
    assert client.get("/health/live").status_code == 200
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "not_ready"
    assert frozen.requests == 1
