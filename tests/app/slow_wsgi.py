"""The real app plus one slow route, so a test can have a request in flight when SIGTERM lands."""

from __future__ import annotations

import time

from app.wsgi import app

SLOW_SECONDS = 2.0


@app.get("/test/slow")
def slow() -> dict[str, str]:
    time.sleep(SLOW_SECONDS)
    return {"status": "finished"}
