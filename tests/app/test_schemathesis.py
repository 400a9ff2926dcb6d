"""The OpenAPI spec against the running service: schemathesis, bounded, on loopback, both backends.

Every check (`--checks all`): no 5xx, only documented status codes, content types and headers,
responses that match their schemas, schema-valid requests accepted, schema-invalid ones rejected,
auth enforced, and the stateful create/read/update/delete links inferred from the spec.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.app.conftest import API_KEY, Backend, Server

CONFIG = Path(__file__).with_name("schemathesis.toml")
# Per operation and phase; with a fixed seed the run is the same every time (about 5 s on SQLite).
MAX_EXAMPLES = 40
SEED = 20261122


def test_the_spec_holds_against_the_service(backend: Backend, start_gunicorn, tmp_path: Path) -> None:
    server: Server = start_gunicorn(backend.env() | {"FRUGAL_ACCESS_LOG": "off"}, workers=1)
    executable = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert executable, "schemathesis not found: install requirements-dev.txt"
    command = [
        executable, "--config-file", str(CONFIG), "run", f"{server.base}/api/openapi.json",
        "--checks", "all", "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1",
        "--header", f"X-API-Key: {API_KEY}", "--request-timeout", "10",
    ]  # fmt: skip
    # Its report folder and hypothesis database go to the test's own directory.
    completed = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout[-12_000:] + completed.stderr[-2_000:]
    assert "Tested: 8" in completed.stdout  # every operation in the spec
