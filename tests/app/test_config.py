"""The app's config from the environment: defaults, and a clear error for each bad value."""

from __future__ import annotations

import pytest

from app import create_app
from app.config import AppConfig, ConfigError


def test_defaults() -> None:
    settings = AppConfig.from_env({})
    assert settings.storage == "sqlite"
    assert settings.sqlite_path == ".data/frugal.db"
    assert settings.api_key is None
    assert settings.cors_origins == ()


def test_full_environment() -> None:
    settings = AppConfig.from_env(
        {
            "FRUGAL_API_KEY": "k" * 32,
            "FRUGAL_CORS_ORIGINS": " https://a.example , http://localhost:8080,",
            "FRUGAL_STORAGE": "DynamoDB",
            "FRUGAL_DYNAMODB_TABLE": "frugal-devices",
            "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:5000",
            "AWS_DEFAULT_REGION": "eu-west-1",
            "FRUGAL_GIT_SHA": "abcdef1",
        }
    )
    assert settings.cors_origins == ("https://a.example", "http://localhost:8080")
    assert settings.storage == "dynamodb"
    assert settings.dynamodb_endpoint == "http://127.0.0.1:5000"
    assert settings.aws_region == "eu-west-1"
    assert settings.git_sha == "abcdef1"


def test_aws_region_wins_over_default_region() -> None:
    env = {"FRUGAL_STORAGE": "dynamodb", "FRUGAL_DYNAMODB_TABLE": "t-1", "AWS_REGION": "us-west-2"}
    assert AppConfig.from_env(env | {"AWS_DEFAULT_REGION": "eu-west-1"}).aws_region == "us-west-2"


@pytest.mark.parametrize(
    ("env", "mentions"),
    [
        ({"FRUGAL_STORAGE": "postgres"}, "FRUGAL_STORAGE"),
        ({"FRUGAL_CORS_ORIGINS": "https://a.example/"}, "FRUGAL_CORS_ORIGINS"),
        ({"FRUGAL_CORS_ORIGINS": "a.example"}, "FRUGAL_CORS_ORIGINS"),
        ({"FRUGAL_CORS_ORIGINS": "*"}, "FRUGAL_CORS_ORIGINS"),
        ({"FRUGAL_API_KEY": "short"}, "FRUGAL_API_KEY"),
        ({"FRUGAL_STORAGE": "dynamodb", "AWS_REGION": "us-east-1"}, "FRUGAL_DYNAMODB_TABLE"),
        (
            {"FRUGAL_STORAGE": "dynamodb", "FRUGAL_DYNAMODB_TABLE": "t!", "AWS_REGION": "x"},
            "FRUGAL_DYNAMODB_TABLE",
        ),
        ({"FRUGAL_STORAGE": "dynamodb", "FRUGAL_DYNAMODB_TABLE": "table"}, "AWS_REGION"),
        ({"FRUGAL_GIT_SHA": "main"}, "FRUGAL_GIT_SHA"),
    ],
)
def test_bad_values_raise_clear_errors(env: dict[str, str], mentions: str) -> None:
    with pytest.raises(ConfigError, match=mentions):
        AppConfig.from_env(env)


def test_create_app_reads_an_environment_mapping(tmp_path) -> None:
    app = create_app({"FRUGAL_SQLITE_PATH": str(tmp_path / "x" / "d.db"), "FRUGAL_GIT_SHA": "abc1234"})
    assert app.test_client().get("/version").get_json()["git_sha"] == "abc1234"
    assert (tmp_path / "x" / "d.db").exists()
