"""The service's config (`AppConfig`), read once from the environment and validated at startup.

A bad value raises `ConfigError` with a message naming the variable, so a misconfigured
container fails fast at boot instead of answering 500s later.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

# Shorter keys are guessable; settings.py enforces the same floor on frugal:apiKey.
MIN_API_KEY_LENGTH = 16

StorageKind = Literal["sqlite", "dynamodb"]

DEFAULT_SQLITE_PATH = ".data/frugal.db"
# An origin is scheme://host[:port] with no path; a typo such as a trailing slash would never match.
_ORIGIN_RE = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")
_TABLE_RE = re.compile(r"^[A-Za-z0-9_.-]{3,255}$")
_GIT_SHA_RE = re.compile(r"^[0-9a-fA-F]{7,40}$")


class ConfigError(ValueError):
    """A setting is missing or malformed."""


@dataclass(frozen=True)
class AppConfig:
    api_key: str | None = None
    cors_origins: tuple[str, ...] = ()
    storage: StorageKind = "sqlite"
    sqlite_path: str = DEFAULT_SQLITE_PATH
    dynamodb_table: str | None = None
    dynamodb_endpoint: str | None = None
    aws_region: str | None = None
    git_sha: str | None = None
    # Extra Flask config for tests (e.g. {"TESTING": True}); never read from the environment.
    flask: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.storage not in ("sqlite", "dynamodb"):
            raise ConfigError(f"FRUGAL_STORAGE must be 'sqlite' or 'dynamodb', got {self.storage!r}")
        for origin in self.cors_origins:
            if not _ORIGIN_RE.match(origin):
                raise ConfigError(
                    f"FRUGAL_CORS_ORIGINS: {origin!r} is not an origin like https://example.com "
                    "(scheme and host, optional port, no path or trailing slash)"
                )
        if self.api_key is not None and len(self.api_key) < MIN_API_KEY_LENGTH:
            raise ConfigError(
                f"FRUGAL_API_KEY must be at least {MIN_API_KEY_LENGTH} characters (or unset to refuse writes)"
            )
        if self.storage == "sqlite" and not self.sqlite_path:
            raise ConfigError("FRUGAL_SQLITE_PATH must not be empty")
        if self.storage == "dynamodb":
            if not self.dynamodb_table:
                raise ConfigError("FRUGAL_STORAGE=dynamodb needs FRUGAL_DYNAMODB_TABLE")
            if not _TABLE_RE.match(self.dynamodb_table):
                raise ConfigError(f"FRUGAL_DYNAMODB_TABLE {self.dynamodb_table!r} is not a valid table name")
            if not self.aws_region:
                raise ConfigError("FRUGAL_STORAGE=dynamodb needs AWS_REGION or AWS_DEFAULT_REGION")
        if self.git_sha is not None and not _GIT_SHA_RE.match(self.git_sha):
            raise ConfigError(f"FRUGAL_GIT_SHA must be 7 to 40 hex digits, got {self.git_sha!r}")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AppConfig:
        """Build settings from environment variables (os.environ by default)."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        origins = tuple(o.strip() for o in (get("FRUGAL_CORS_ORIGINS") or "").split(",") if o.strip())
        return cls(
            api_key=get("FRUGAL_API_KEY"),
            cors_origins=origins,
            storage=(get("FRUGAL_STORAGE") or "sqlite").lower(),  # type: ignore[arg-type]
            sqlite_path=get("FRUGAL_SQLITE_PATH") or DEFAULT_SQLITE_PATH,
            dynamodb_table=get("FRUGAL_DYNAMODB_TABLE"),
            dynamodb_endpoint=get("AWS_ENDPOINT_URL_DYNAMODB") or get("AWS_ENDPOINT_URL"),
            aws_region=get("AWS_REGION") or get("AWS_DEFAULT_REGION"),
            git_sha=get("FRUGAL_GIT_SHA"),
        )
