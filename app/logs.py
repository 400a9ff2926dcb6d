"""JSON-lines logging on stdout, for the app and for gunicorn (see gunicorn.conf.py)."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

from gunicorn import glogging

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line; extra= fields are merged in."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class AccessJsonFormatter(logging.Formatter):
    """gunicorn passes its access-log atoms as the record's args; keep the useful ones."""

    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args if isinstance(record.args, dict) else {}
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": "info",
            "logger": "access",
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "query": atoms.get("q") or None,
            "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
            "bytes": atoms.get("B"),
            "duration_ms": round(atoms.get("D", 0) / 1000, 2) if isinstance(atoms.get("D"), int) else None,
            "remote": atoms.get("h"),
            "request_id": atoms.get("{x-request-id}o"),
            "user_agent": atoms.get("a"),
        }
        return json.dumps(entry, default=str)


class NoAccessLogger(glogging.Logger):
    """gunicorn's logger without the per-request access line (FRUGAL_ACCESS_LOG=off)."""

    def access(self, *args: Any, **kwargs: Any) -> None:
        return None


def configure_app_logging(level: int = logging.INFO) -> None:
    """Send the `app` logger to stdout as JSON unless something (gunicorn, pytest) already did."""
    logger = logging.getLogger("app")
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
