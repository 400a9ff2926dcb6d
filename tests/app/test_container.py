"""No Docker engine here: check that the Dockerfile, the gunicorn config and .dockerignore agree."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import runpy
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app.conftest import ROOT

DOCKERFILE = ROOT / "app" / "Dockerfile"
HEALTH_CHECK = "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/health/live', timeout=3)"
ECS_STOP_TIMEOUT = 120


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with backslash continuations joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    result = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            result.append((keyword.upper(), rest.strip()))
    return result


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM")
    return steps[last_from:]


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list), f"use the exec form (a JSON array), not {args!r}"
    return value


def gunicorn_config(env: dict[str, str] | None = None) -> dict:
    saved = {k: os.environ.get(k) for k in ("PORT", "WEB_CONCURRENCY")}
    for key in saved:
        os.environ.pop(key, None)
    os.environ.update(env or {})
    try:
        return runpy.run_path(str(ROOT / "app" / "gunicorn.conf.py"))
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None)
            if value is not None:
                os.environ[key] = value


def test_multi_stage_on_slim_python() -> None:
    froms = [args for keyword, args in instructions() if keyword == "FROM"]
    assert len(froms) >= 2
    assert all(re.match(r"python:3\.\d+-slim", f) for f in froms)


def test_cmd_runs_gunicorn_with_the_config_and_entry_point() -> None:
    cmd = exec_form(next(args for keyword, args in final_stage() if keyword == "CMD"))
    assert cmd[0] == "gunicorn"
    config_path = cmd[cmd.index("--config") + 1]
    assert (ROOT / config_path).is_file()
    assert cmd[-1] == "app.wsgi:app"
    assert "--bind" not in cmd and "-b" not in cmd, "the port comes from gunicorn.conf.py"


def test_port_agrees_between_dockerfile_config_and_health_check() -> None:
    stage = final_stage()
    exposed = [args for keyword, args in stage if keyword == "EXPOSE"]
    assert exposed == ["8080"]
    env_line = " ".join(args for keyword, args in stage if keyword == "ENV")
    assert "PORT=8080" in shlex.split(env_line)
    config = gunicorn_config({"PORT": "8080"})
    assert config["bind"] == ["0.0.0.0:8080"]
    assert config["CONTAINER_PORT"] == 8080
    assert gunicorn_config()["bind"] == ["0.0.0.0:8080"], "8080 is also the default without PORT"

    health = next(args for keyword, args in stage if keyword == "HEALTHCHECK")
    assert exec_form(health.split("CMD", 1)[1].strip()) == ["python", "-c", HEALTH_CHECK]


def test_health_check_command_works_against_a_live_server(start_gunicorn, tmp_path: Path) -> None:
    server = start_gunicorn({"FRUGAL_SQLITE_PATH": str(tmp_path / "d.db")}, workers=1)
    port = server.base.rsplit(":", 1)[1]
    ok = subprocess.run([sys.executable, "-c", HEALTH_CHECK.replace("8080", port)], timeout=30)
    assert ok.returncode == 0
    os.killpg(server.process.pid, signal.SIGKILL)  # master and worker: nothing listens any more
    server.process.wait(timeout=10)
    failed = subprocess.run(
        [sys.executable, "-c", HEALTH_CHECK.replace("8080", port)], capture_output=True, timeout=30
    )
    assert failed.returncode != 0


def test_runs_as_a_non_root_user() -> None:
    users = [args for keyword, args in final_stage() if keyword == "USER"]
    assert users, "the final stage must set USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")


def test_graceful_timeout_fits_inside_ecs_stop_timeout() -> None:
    config = gunicorn_config()
    assert config["graceful_timeout"] < ECS_STOP_TIMEOUT
    assert config["ECS_STOP_TIMEOUT_SECONDS"] == ECS_STOP_TIMEOUT


def test_copied_paths_exist() -> None:
    for keyword, args in instructions():
        if keyword == "COPY" and not args.startswith("--from"):
            source = args.split()[0]
            assert (ROOT / source).exists(), f"COPY {source} does not exist in the build context"


def _ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; `!` re-includes; a dir pattern covers its files."""
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        regex = (
            re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
        )
        if any(re.fullmatch(regex, prefix) for prefix in prefixes) or fnmatch.fnmatch(path, pattern):
            ignored = not negate
    return ignored


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("app/__init__.py", True),
        ("app/requirements.txt", True),
        ("app/static/index.html", True),
        ("app/storage/sqlite.py", True),
        ("app/gunicorn.conf.py", True),
        ("app/__pycache__/api.cpython-311.pyc", False),
        ("app/storage/__pycache__/x.pyc", False),
        (".venv/bin/python", False),
        (".git/HEAD", False),
        (".data/frugal.db", False),
        ("tests/app/test_api.py", False),
        ("policy/requirements.txt", False),
        ("Pulumi.dev.yaml", False),
        ("README.md", False),
    ],
)
def test_dockerignore_is_an_allowlist_of_app(path: str, kept: bool) -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert _ignored(path, patterns) is (not kept)


def test_app_imports_only_what_the_image_installs() -> None:
    """Every third-party import under app/ comes from app/requirements.txt or its dependencies,
    so the container (which installs only that file) can start."""
    import ast
    import importlib.metadata as metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pinned = [
        Requirement(line.split("#")[0].strip())
        for line in (ROOT / "app" / "requirements.txt").read_text().splitlines()
        if line.split("#")[0].strip()
    ]
    installable: set[str] = set()
    pending = [canonicalize_name(r.name) for r in pinned]
    while pending:
        name = pending.pop()
        if name in installable:
            continue
        installable.add(name)
        for spec in metadata.requires(name) or []:
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(canonicalize_name(requirement.name))

    providers = metadata.packages_distributions()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in ("app", "__future__"):
                    continue
                dists = {canonicalize_name(d) for d in providers.get(top, [])}
                assert dists & installable, (
                    f"{path.relative_to(ROOT)} imports {top}, not in app/requirements.txt"
                )
