"""SQLite backend: one file, WAL journal, a busy timeout, and a versioned schema migration.

Each process (gunicorn worker) and thread opens its own connection lazily, so nothing crosses a
fork. WAL lets readers run while one writer commits; the busy timeout makes concurrent writers
from several workers wait for the lock instead of failing.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import ParamSpec, TypeVar

from app.storage import (
    FIELDS,
    Device,
    DeviceExistsError,
    DeviceNotFoundError,
    Page,
    StorageUnavailableError,
    decode_cursor,
    encode_cursor,
)

BUSY_TIMEOUT_MS = 10_000
_SELECT = "SELECT id, name, location, status, updated_at FROM devices"
# SQLite encodes each row as a JSON object itself (JSON1 is built in since 3.38).
_SELECT_JSON = (
    "SELECT id, json_object('id', id, 'name', name, 'location', location, 'status', status, "
    "'updated_at', updated_at) FROM devices"
)

# Ordered migrations; PRAGMA user_version records how many have run.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE devices (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        location TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) WITHOUT ROWID
    """,
)


P = ParamSpec("P")
R = TypeVar("R")


def _unavailable_on_operational_error(method: Callable[P, R]) -> Callable[P, R]:
    """'database is locked' past the busy timeout, a full or unreadable disk: a 503, not a 500."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            raise StorageUnavailableError(f"SQLite: {exc}") from exc

    return wrapper


def _row_to_device(row: tuple[str, ...]) -> Device:
    return dict(zip(FIELDS, row))  # noqa: B905  (hot path; rows always have 5 columns)


class SQLiteStorage:
    def __init__(self, path: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        parent = Path(path).parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OSError(f"FRUGAL_SQLITE_PATH: cannot create directory {parent}: {exc}") from exc
        self._local = threading.local()
        self.migrate()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit is on disk before we answer 201, so even a host crash keeps it.
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    @property
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            conn = self._connect()
            self._local.conn = conn
            self._local.pid = os.getpid()
        return conn

    def migrate(self) -> None:
        """Run pending migrations; several workers may start at once, so it takes the write lock."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number, statement in enumerate(MIGRATIONS[version:], start=version + 1):
                conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    @_unavailable_on_operational_error
    def create(self, device: Device) -> Device:
        try:
            self._conn.execute(
                "INSERT INTO devices (id, name, location, status, updated_at) VALUES (?, ?, ?, ?, ?)",
                tuple(device[c] for c in FIELDS),
            )
        except sqlite3.IntegrityError as exc:
            raise DeviceExistsError(device["id"]) from exc
        return dict(device)

    @_unavailable_on_operational_error
    def get(self, device_id: str) -> Device:
        row = self._conn.execute(_SELECT + " WHERE id = ?", (device_id,)).fetchone()
        if row is None:
            raise DeviceNotFoundError(device_id)
        return _row_to_device(row)

    @_unavailable_on_operational_error
    def update(self, device_id: str, changes: Mapping[str, str]) -> Device:
        fields = [c for c in FIELDS[1:] if c in changes]
        assignments = ", ".join(f"{c} = ?" for c in fields)
        row = self._conn.execute(
            f"UPDATE devices SET {assignments} WHERE id = ? RETURNING id, name, location, status, updated_at",
            (*(changes[c] for c in fields), device_id),
        ).fetchone()
        if row is None:
            raise DeviceNotFoundError(device_id)
        return _row_to_device(row)

    @_unavailable_on_operational_error
    def delete(self, device_id: str) -> None:
        cursor = self._conn.execute("DELETE FROM devices WHERE id = ?", (device_id,))
        if cursor.rowcount == 0:
            raise DeviceNotFoundError(device_id)

    @_unavailable_on_operational_error
    def list(self, *, status: str | None, location: str | None, limit: int, cursor: str | None) -> Page:
        clauses: list[str] = []
        params: list[object] = []
        if cursor is not None:
            clauses.append("id > ?")
            params.append(decode_cursor(cursor))
        if status is not None:
            clauses.append("status = ?")
            params.append(status)
        if location is not None:
            clauses.append("location = ?")
            params.append(location)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        # One extra row tells whether another page exists without a second query.
        rows = self._conn.execute(
            f"{_SELECT_JSON}{where} ORDER BY id LIMIT ?", (*params, limit + 1)
        ).fetchall()
        next_cursor = encode_cursor(rows[limit - 1][0]) if len(rows) > limit else None
        return Page(items_json="[" + ",".join(r[1] for r in rows[:limit]) + "]", next_cursor=next_cursor)

    @_unavailable_on_operational_error
    def ping(self) -> None:
        self._conn.execute("SELECT 1 FROM devices LIMIT 1").fetchall()


__all__ = ["SQLiteStorage"]
