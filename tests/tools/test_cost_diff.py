"""The cost diff: two real preview outputs of dev (office hours, and 24x7), and the same from git refs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from frugal import cost_diff
from frugal.analyzer import PolicyPack
from frugal.preview import render
from frugal.preview.cli import preview

REPO = Path(__file__).resolve().parents[2]


def _report(pack: PolicyPack, config: Path | None = None) -> dict:
    result = preview(
        stack=None if config else "dev",
        config_file=config,
        pack=pack,
        pack_dir=REPO / "policy",
        policy_config_file=REPO / "policy" / "config" / "dev.json",
    )
    return json.loads(json.dumps(render.as_json(result.recording, result.cost, result.violations)))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    always_on = tmp_path_factory.mktemp("stack") / "Pulumi.dev.yaml"
    always_on.write_text(
        (REPO / "Pulumi.dev.yaml")
        .read_text()
        .replace("frugal:schedule: office-hours", "frugal:schedule: none")
    )
    with PolicyPack(REPO / "policy", project="frugal", stack="dev") as pack:
        return _report(pack), _report(pack, always_on)


def test_office_hours_to_24x7_shows_the_delta_and_each_changed_line(reports: tuple[dict, dict]):
    base, head = reports
    markdown, code = cost_diff.render(base, head, "dev")
    assert code == 1  # 24x7 is over dev's budget
    assert markdown.startswith("<!-- frugal-cost-diff:dev -->\n### dev: $4.12 → $10.15/month (+$6.03): ")
    assert "| monthly, fixed | $4.12 | $10.15 | +$6.03 |" in markdown
    changed = markdown.split("**Changed**", 1)[1].split("**Policy", 1)[0]
    rows = [row for row in changed.splitlines() if row.startswith("| ") and "resource" not in row]
    assert len(rows) == 3
    assert any("app-service" in r and "+$1.54" in r and "239.0 h/month (schedule) → " in r for r in rows)
    assert any("network-nat" in r and "+$2.44" in r for r in rows)
    assert "**Added**" not in markdown and "**Removed**" not in markdown
    assert "**Policy: blocked** by 1 mandatory violation(s)" in markdown and "`monthly-budget`" in markdown
    back, code = cost_diff.render(head, base, "dev")
    assert code == 0 and "$10.15 → $4.12/month (-$6.03)" in back and "**Policy: passed**" in back


def test_lines_are_added_and_removed_by_resource(reports: tuple[dict, dict]):
    base, _ = reports
    extra = json.loads(json.dumps(base))
    extra["cost"]["items"].append(
        {
            "urn": "urn:pulumi:dev::frugal::aws:ec2/eip:Eip::spare",
            "type": "aws:ec2/eip:Eip",
            "monthly_usd": 3.65,
            "basis": "Elastic IP: public IPv4, 730 h/month, attached or not",
        }
    )
    extra["cost"]["monthly_usd"] += 3.65
    added, _ = cost_diff.render(base, extra, "dev")
    assert "**Added**" in added and "| spare | `aws:ec2/eip:Eip` |  | $3.65 | +$3.65 |" in added
    assert "adds spare (Elastic IP" in added.splitlines()[1]
    removed, _ = cost_diff.render(extra, base, "dev")
    assert "**Removed**" in removed and "removes spare" in removed.splitlines()[1]
    same, _ = cost_diff.render(base, base, "dev")
    assert "$4.12 → $4.12/month (+$0.00): no change in fixed cost" in same


def test_bad_inputs_exit_2_naming_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "b.json").write_text("not json")
    assert cost_diff.main([str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 2
    assert "is not a `frugal preview --json` report" in capsys.readouterr().err
    assert cost_diff.main([str(tmp_path / "missing.json"), str(tmp_path / "a.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_from_git_refs_runs_the_base_in_a_worktree(tmp_path: Path):
    """A clone at HEAD with dev switched to 24x7 in its working tree, diffed against its own HEAD."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--local", str(REPO), str(clone)], check=True)
    for name in (
        "frugal",
        "tools",
        "policy",
        "app",
        "pyproject.toml",
        "stack.py",
        "settings.py",
        "__main__.py",
        "Pulumi.yaml",
        "Pulumi.dev.yaml",
    ):
        # The clone holds the last commit; the tree under test may be ahead of it: use the tree's files.
        source, target = REPO / name, clone / name
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "venv"))
        else:
            shutil.copy2(source, target)
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-qm",
            "tree",
            "--allow-empty",
        ],
        cwd=clone,
        check=True,
    )
    dev = clone / "Pulumi.dev.yaml"
    dev.write_text(dev.read_text().replace("frugal:schedule: office-hours", "frugal:schedule: none"))
    done = subprocess.run(
        [sys.executable, "-m", "tools.cost_diff", "--base-ref", "HEAD", "--stack", "dev"],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "### dev: $4.12 → $10.15/month (+$6.03)" in done.stdout
    listed = subprocess.run(
        ["git", "worktree", "list"], cwd=clone, capture_output=True, text=True, check=True
    )
    assert len(listed.stdout.splitlines()) == 1  # the temporary worktree is gone


def test_the_packs_own_report_renders_for_a_job_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """What a real `pulumi preview` leaves at $FRUGAL_COST_REPORT (here: the offline analyzer's)."""
    with PolicyPack(REPO / "policy", project="frugal", stack="dev") as pack:
        preview(stack="dev", pack=pack, pack_dir=REPO / "policy")
        assert pack.cost_report is not None
        report = tmp_path / "cost.json"
        report.write_text(pack.cost_report.read_text())
    from frugal import cost_report

    assert cost_report.main([str(report)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("### dev: $4.12/month, within budget ($4.50)")
    assert "| app-service | `aws:ecs/service:Service` | 0.75 |" in out
    assert cost_report.main([str(tmp_path / "missing.json")]) == 2
