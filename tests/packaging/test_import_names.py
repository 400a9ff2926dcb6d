"""Each module has one import name: nothing imports the old homes (`frugal_policy`,
`policy.frugal_policy`, `aws_rules`, top-level `components`), and an error raised on one side is the
same class the other side catches."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from frugal import aws_limits, cron

REPO = Path(__file__).resolve().parents[2]
OLD_HOMES = re.compile(
    r"^\s*(?:from|import)\s+(?:frugal_policy|policy\.frugal_policy|policy|aws_rules|components)\b", re.M
)


def python_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # The corpus holds other people's programs, written against their own packages.
    return [REPO / name for name in listed if not name.startswith("tests/corpus/")]


def test_nothing_imports_a_module_by_an_old_name():
    offenders = [
        f"{path.relative_to(REPO)}: {match.group(0).strip()}"
        for path in python_files()
        for match in OLD_HOMES.finditer(path.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize("name", ["frugal_policy", "aws_rules", "components", "policy.frugal_policy"])
def test_the_old_names_do_not_import(name: str, tmp_path: Path):
    # From an empty directory: tests/components (the components' tests) is no old name.
    done = subprocess.run(
        [sys.executable, "-c", f"import {name}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr


def test_a_cron_error_from_the_settings_side_is_the_packs_cron_error():
    with pytest.raises(cron.CronError):
        aws_limits.validate_cron("cron(0 25 * * ? *)")
