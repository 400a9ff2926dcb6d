"""Baseline for `bench/app_load.py --baseline`: a bare Flask + sqlite3 handler with no validation,
auth, CORS, request ids or error handling, reading the same 50 rows. Not part of the service."""

from __future__ import annotations

import os
import sqlite3
import threading

from flask import Flask, jsonify

COLUMNS = ("id", "name", "location", "status", "updated_at")
DB_PATH = os.environ["FRUGAL_SQLITE_PATH"]
app = Flask(__name__)
_local = threading.local()


def _conn() -> sqlite3.Connection:
    if getattr(_local, "conn", None) is None:
        _local.conn = sqlite3.connect(DB_PATH, check_same_thread=False)
    return _local.conn


with sqlite3.connect(DB_PATH) as setup:
    setup.execute(
        "CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, name TEXT, location TEXT, status TEXT, "
        "updated_at TEXT)"
    )
    setup.executemany(
        "INSERT OR IGNORE INTO devices VALUES (?, ?, ?, ?, ?)",
        [
            (f"dev-{n:03d}", f"Device {n}", f"rack-{n % 5}", "active", "2026-01-01T00:00:00.000Z")
            for n in range(50)
        ],
    )


@app.get("/api/devices")
def devices():
    rows = _conn().execute(f"SELECT {', '.join(COLUMNS)} FROM devices ORDER BY id LIMIT 51").fetchall()
    return jsonify(items=[dict(zip(COLUMNS, r, strict=True)) for r in rows[:50]], next_cursor=None)


@app.get("/health/live")
def live():
    return jsonify(status="ok")


@app.get("/health/ready")
def ready():
    return jsonify(status="ok")
