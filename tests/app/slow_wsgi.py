"""The real app plus one slow route, so a test can have a request in flight when SIGTERM lands."""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.wsgi import app

SLOW_SECONDS = 2.0


@app.get("/test/slow")
def slow() -> dict[str, str]:
    # Tells the test the request is inside the handler, so SIGTERM lands while it is in flight.
    Path(os.environ["FRUGAL_TEST_STARTED_MARKER"]).touch()
    time.sleep(SLOW_SECONDS)
    return {"status": "finished"}
