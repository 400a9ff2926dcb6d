"""One small storage interface with two backends, chosen by FRUGAL_STORAGE.

Records are plain dicts with the keys id, name, location, status and updated_at (all strings);
the API layer validates them before they get here. Cursors are opaque strings that only the
backend that made them understands.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Protocol

from app.config import AppConfig
from app.schemas import valid_device_id

Device = dict[str, str]
# The keys of a Device, id first; both backends store exactly these.
FIELDS = ("id", "name", "location", "status", "updated_at")


class StorageError(Exception):
    """Base class of the errors a backend reports to the API layer."""


class DeviceNotFoundError(StorageError):
    pass


class DeviceExistsError(StorageError):
    pass


class BadCursorError(StorageError):
    pass


class StorageUnavailableError(StorageError):
    """The store is busy, throttling or unreachable: worth a retry, not a 500."""


class Page:
    """One page of a listing. A backend that can encode the items itself (SQLite's json_object)
    passes `items_json`, a JSON array, and the API sends it as is: building 50 dicts and encoding
    them again was most of the list endpoint's time. `items` decodes it on demand."""

    __slots__ = ("_items", "items_json", "next_cursor")

    def __init__(
        self,
        items: list[Device] | None = None,
        next_cursor: str | None = None,
        *,
        items_json: str | None = None,
    ) -> None:
        if (items is None) == (items_json is None):
            raise ValueError("give exactly one of items and items_json")
        self._items = items
        self.items_json = items_json
        self.next_cursor = next_cursor

    @property
    def items(self) -> list[Device]:
        if self._items is None:
            self._items = json.loads(self.items_json or "[]")
        return self._items


class Storage(Protocol):
    def create(self, device: Device) -> Device:
        """Insert a new device; raise DeviceExistsError if the id exists (never overwrite)."""

    def get(self, device_id: str) -> Device:
        """Return the device or raise DeviceNotFoundError."""

    def update(self, device_id: str, changes: Mapping[str, str]) -> Device:
        """Apply a partial update and return the new record, or raise DeviceNotFoundError."""

    def delete(self, device_id: str) -> None:
        """Delete the device or raise DeviceNotFoundError."""

    def list(self, *, status: str | None, location: str | None, limit: int, cursor: str | None) -> Page:
        """Return up to `limit` matching devices after `cursor` (BadCursorError if it is not ours)."""

    def ping(self) -> None:
        """Raise if the backing store does not answer (used by /health/ready)."""


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"id": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise BadCursorError("cursor is not one this service issued") from exc
    # Cursors only ever hold a device id; anything else (a lone surrogate, a 2 KB string) would
    # reach the backend as a key it cannot encode or accept, a 500 instead of a 422.
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("id"), str)
        or not valid_device_id(value["id"])
    ):
        raise BadCursorError("cursor is not one this service issued")
    return value["id"]


def make_storage(settings: AppConfig) -> Storage:
    if settings.storage == "dynamodb":
        from app.storage.dynamodb import DynamoDBStorage

        return DynamoDBStorage(
            table=settings.dynamodb_table or "",
            region=settings.aws_region,
            endpoint_url=settings.dynamodb_endpoint,
        )
    from app.storage.sqlite import SQLiteStorage

    return SQLiteStorage(settings.sqlite_path)
