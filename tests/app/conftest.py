"""Fixtures for the service tests: a moto DynamoDB server on loopback, both storage backends,
Flask test clients, and real gunicorn processes on free loopback ports."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.config import AppConfig
from app.storage import Storage
from app.storage.dynamodb import DynamoDBStorage
from app.storage.sqlite import SQLiteStorage
from tests.support import free_port, spawn_gunicorn, wait_http

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "test-key-0123456789abcdef"
REGION = "us-east-1"
# moto accepts any credentials; fixed fake ones keep boto3 from looking for real ones.
FAKE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
}


@pytest.fixture(scope="session", autouse=True)
def _fake_aws_credentials() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in FAKE_AWS_ENV}
    os.environ.update(FAKE_AWS_ENV)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """moto's standalone server as a subprocess: the app talks real HTTP to it."""
    executable = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or shutil.which(
        "moto_server"
    )
    assert executable, "moto_server not found: install requirements-dev.txt"
    port = free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("wb")
    process = subprocess.Popen(
        [executable, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_http(endpoint + "/moto-api/", process=process)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def create_table(endpoint: str, name: str | None = None) -> str:
    """The table as issue 3 creates it: partition key `id` (S), no sort key, on-demand."""
    name = name or f"devices-{uuid.uuid4().hex[:12]}"
    client = boto3.client("dynamodb", region_name=REGION, endpoint_url=endpoint)
    client.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return name


@dataclass(frozen=True)
class Backend:
    kind: str
    settings: AppConfig

    def storage(self) -> Storage:
        if self.kind == "dynamodb":
            return DynamoDBStorage(
                self.settings.dynamodb_table or "", self.settings.aws_region, self.settings.dynamodb_endpoint
            )
        return SQLiteStorage(self.settings.sqlite_path)

    def env(self) -> dict[str, str]:
        """The same backend as environment variables, for a gunicorn process."""
        if self.kind == "dynamodb":
            return {
                "FRUGAL_STORAGE": "dynamodb",
                "FRUGAL_DYNAMODB_TABLE": self.settings.dynamodb_table or "",
                "AWS_ENDPOINT_URL_DYNAMODB": self.settings.dynamodb_endpoint or "",
                "AWS_REGION": REGION,
            }
        return {"FRUGAL_STORAGE": "sqlite", "FRUGAL_SQLITE_PATH": self.settings.sqlite_path}


@pytest.fixture(params=["sqlite", "dynamodb"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "dynamodb":
        endpoint = request.getfixturevalue("moto_endpoint")
        settings = AppConfig(
            api_key=API_KEY,
            storage="dynamodb",
            dynamodb_table=create_table(endpoint),
            dynamodb_endpoint=endpoint,
            aws_region=REGION,
        )
    else:
        settings = AppConfig(api_key=API_KEY, storage="sqlite", sqlite_path=str(tmp_path / "devices.db"))
    return Backend(request.param, settings)


@pytest.fixture
def storage(backend: Backend) -> Storage:
    return backend.storage()


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> AppConfig:
    return AppConfig(
        api_key=API_KEY,
        sqlite_path=str(tmp_path / "devices.db"),
        cors_origins=("https://page.example",),
        git_sha="0123abc",
    )


@pytest.fixture
def app(sqlite_settings: AppConfig) -> Flask:
    return create_app(sqlite_settings)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def any_client(backend: Backend) -> FlaskClient:
    """A client on each backend in turn."""
    return create_app(backend.settings).test_client()


WRITE = {"X-API-Key": API_KEY}


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def start_gunicorn(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start gunicorn with the app's config on a free loopback port; everything is stopped after."""
    started: list[Server] = []

    def start(
        env: dict[str, str], *, target: str = "app.wsgi:app", workers: int = 2, wait: bool = True
    ) -> Server:
        port = free_port()
        log_path = tmp_path / f"gunicorn-{port}.log"
        process = spawn_gunicorn(
            port, {"FRUGAL_API_KEY": API_KEY, "WEB_CONCURRENCY": str(workers), **env}, log_path, target
        )
        server = Server(f"http://127.0.0.1:{port}", process, log_path)
        started.append(server)
        if wait:
            wait_http(server.base + "/health/live", process=process)
        return server

    yield start
    for server in started:
        if server.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=10)
