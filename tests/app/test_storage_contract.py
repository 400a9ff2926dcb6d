"""One contract, both backends: SQLite on a temp file and DynamoDB on moto's HTTP server."""

from __future__ import annotations

import sqlite3

import pytest

from app.storage import (
    BadCursorError,
    Device,
    DeviceExistsError,
    DeviceNotFoundError,
    Storage,
    StorageUnavailableError,
    encode_cursor,
)
from app.storage.dynamodb import DynamoDBStorage
from app.storage.sqlite import SQLiteStorage


def device(device_id: str, **overrides: str) -> Device:
    return {
        "id": device_id,
        "name": f"Device {device_id}",
        "location": "lab",
        "status": "active",
        "updated_at": "2026-01-01T00:00:00.000Z",
    } | overrides


def list_all(storage: Storage, limit: int, **filters: str | None) -> list[list[Device]]:
    pages, cursor = [], None
    for _ in range(1000):  # bounded: a cursor loop must end
        page = storage.list(
            status=filters.get("status"), location=filters.get("location"), limit=limit, cursor=cursor
        )
        assert len(page.items) <= limit
        pages.append(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return pages
    raise AssertionError("pagination never ended")


def test_create_then_get_round_trips(storage: Storage) -> None:
    created = storage.create(device("a-1", location=""))
    assert created == device("a-1", location="")
    assert storage.get("a-1") == device("a-1", location="")


def test_create_never_overwrites(storage: Storage) -> None:
    storage.create(device("dup", name="first"))
    with pytest.raises(DeviceExistsError):
        storage.create(device("dup", name="second"))
    assert storage.get("dup")["name"] == "first"


def test_get_update_delete_missing_raise_not_found(storage: Storage) -> None:
    with pytest.raises(DeviceNotFoundError):
        storage.get("nope")
    with pytest.raises(DeviceNotFoundError):
        storage.update("nope", {"name": "x", "updated_at": "2026-01-02T00:00:00.000Z"})
    with pytest.raises(DeviceNotFoundError):
        storage.delete("nope")


def test_update_changes_only_given_fields(storage: Storage) -> None:
    storage.create(device("u-1", location="attic"))
    updated = storage.update("u-1", {"status": "retired", "updated_at": "2026-02-02T00:00:00.000Z"})
    assert updated == device("u-1", location="attic", status="retired", updated_at="2026-02-02T00:00:00.000Z")
    assert storage.get("u-1") == updated


def test_delete_removes(storage: Storage) -> None:
    storage.create(device("d-1"))
    storage.delete("d-1")
    with pytest.raises(DeviceNotFoundError):
        storage.get("d-1")
    with pytest.raises(DeviceNotFoundError):
        storage.delete("d-1")


def test_list_empty(storage: Storage) -> None:
    page = storage.list(status=None, location=None, limit=50, cursor=None)
    assert page.items == []
    assert page.next_cursor is None


@pytest.mark.parametrize("limit", [1, 7, 50])
def test_pagination_returns_every_device_exactly_once(storage: Storage, limit: int) -> None:
    ids = {f"p-{n:03d}" for n in range(23)}
    for device_id in ids:
        storage.create(device(device_id))
    pages = list_all(storage, limit)
    seen = [d["id"] for page in pages for d in page]
    assert sorted(seen) == sorted(ids)
    assert all(len(page) == limit for page in pages[:-1]), "only the last page may be short"


def test_filters_by_status_and_location_across_pages(storage: Storage) -> None:
    statuses = ["active", "inactive", "retired"]
    for n in range(30):
        storage.create(device(f"f-{n:02d}", status=statuses[n % 3], location=f"room-{n % 2}"))
    pages = list_all(storage, 4, status="inactive", location="room-1")
    seen = sorted(d["id"] for page in pages for d in page)
    expected = sorted(f"f-{n:02d}" for n in range(30) if n % 3 == 1 and n % 2 == 1)
    assert seen == expected
    assert all(d["status"] == "inactive" and d["location"] == "room-1" for page in pages for d in page)


def test_empty_location_filter_matches_devices_without_one(storage: Storage) -> None:
    storage.create(device("e-1", location=""))
    storage.create(device("e-2", location="lab"))
    assert list_all(storage, 5, location="") == [[device("e-1", location="")]]


def test_filter_matching_nothing_ends(storage: Storage) -> None:
    for n in range(5):
        storage.create(device(f"z-{n}"))
    assert list_all(storage, 2, location="nowhere") == [[]]


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 !!",
        "e30",
        "W10",
        encode_cursor("")[:-2] + "@@",
        encode_cursor(""),
        # Forged: ids no device can have, which neither backend can take as a key.
        encode_cursor("\ud800"),
        encode_cursor("a" * 65),
        encode_cursor("a/b"),
    ],
)
def test_foreign_cursor_is_rejected(storage: Storage, cursor: str) -> None:
    with pytest.raises(BadCursorError):
        storage.list(status=None, location=None, limit=5, cursor=cursor)


def test_ping_answers(storage: Storage) -> None:
    storage.ping()


def test_unreachable_dynamodb_is_unavailable_not_a_crash() -> None:
    from tests.app.conftest import REGION
    from tests.support import free_port

    storage = DynamoDBStorage("devices", REGION, f"http://127.0.0.1:{free_port()}")  # nothing listens
    with pytest.raises(StorageUnavailableError):
        storage.ping()
    with pytest.raises(StorageUnavailableError):
        storage.create(device("x"))


def test_locked_sqlite_is_unavailable_not_a_crash(tmp_path) -> None:
    path = str(tmp_path / "locked.db")
    storage = SQLiteStorage(path, busy_timeout_ms=100)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another writer holds the lock past our busy timeout
    try:
        with pytest.raises(StorageUnavailableError):
            storage.create(device("x"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    storage.create(device("x"))  # and it recovers once the lock is gone


def test_page_takes_items_or_their_json_not_both() -> None:
    from app.storage import Page

    assert Page(items_json='[{"id": "a"}]').items == [{"id": "a"}]
    assert Page([{"id": "a"}]).items_json is None
    with pytest.raises(ValueError, match="exactly one"):
        Page([{"id": "a"}], items_json="[]")
    with pytest.raises(ValueError, match="exactly one"):
        Page()
