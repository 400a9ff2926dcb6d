"""The preview's CLI contract: exit codes, the --json shape, and errors that say which input is wrong."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from frugal.preview import cli
from frugal.preview.cli import main

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
TINY_PROGRAM = FIXTURES / "programs" / "tiny"
TINY_PACK = FIXTURES / "packs" / "tiny"
TINY = ["--program", str(TINY_PROGRAM), "--policy-pack", str(TINY_PACK)]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_module_entry_point_exits_1_on_a_mandatory_violation_and_prints_the_report() -> None:
    # The tiny program makes NAT gateways, which the tiny pack forbids (mandatory).
    done = subprocess.run(
        [sys.executable, "-m", "frugal.preview", *TINY],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "tiny-forbidden-type" in done.stdout
    assert "mandatory" in done.stdout
    assert "Blocked" in done.stdout
    assert "aws:ec2/natGateway:NatGateway x3" in done.stdout  # the resource tree folds same-typed resources
    # The tiny pack writes no cost report, so there is no table (never one computed apart from the pack).
    assert "No cost table: the pack wrote no cost report" in done.stdout
    assert f"pack tiny ({TINY_PACK.relative_to(REPO)})  ·  policy config none (pack defaults)" in done.stdout


def test_exit_0_when_the_policy_config_allows_everything(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    allow = tmp_path / "allow.json"
    allow.write_text(json.dumps({"tiny-forbidden-type": {"forbiddenTypes": []}}))
    code, out, _ = _run(capsys, *TINY, "--policy-config", str(allow))
    assert code == 0
    assert "Passed" in out


def test_advisory_violations_alone_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    advisory = tmp_path / "advisory.json"
    advisory.write_text(json.dumps({"all": "advisory"}))
    code, out, _ = _run(capsys, *TINY, "--policy-config", str(advisory), "--json")
    report = json.loads(out)
    assert code == 0
    assert {v["enforcement"] for v in report["violations"]} == {"advisory"}


def test_json_has_exactly_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *TINY, "--config", str(TINY_PROGRAM / "Pulumi.big.yaml"), "--json")
    report = json.loads(out)
    assert code == 1
    assert set(report) == {"stack", "new_stack", "resources", "cost", "violations"}
    assert report["stack"] == "big" and report["new_stack"] is False
    assert len(report["resources"]) == 13  # a bucket and tiny:size=12 NAT gateways
    assert all(set(r) == {"urn", "type", "name", "parent", "remote"} for r in report["resources"])
    assert report["cost"] is None  # the tiny pack writes no cost report
    assert len(report["violations"]) == 12
    assert all(set(v) == {"policy", "enforcement", "message", "urn"} for v in report["violations"])
    assert {v["policy"] for v in report["violations"]} == {"tiny-forbidden-type"}


def test_a_missing_stack_file_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, *TINY, "--config", str(FIXTURES / "stacks" / "Pulumi.nope.yaml"))
    assert code == 2
    assert out == ""
    assert "config error" in err
    assert "Pulumi.nope.yaml" in err and "not found" in err


def test_a_stack_without_a_stack_file_runs_on_project_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *TINY, "--stack", "nowhere", "--json")
    assert code == 1
    assert json.loads(out)["stack"] == "nowhere"
    assert len(json.loads(out)["resources"]) == 4  # tiny:size defaults to 3 in Pulumi.yaml


@pytest.mark.parametrize(
    ("program", "message"),
    [("does-not-exist", "does not exist"), ("packs", "not a Pulumi project: no Pulumi.yaml")],
)
def test_a_bad_program_dir_exits_2(capsys: pytest.CaptureFixture[str], program: str, message: str) -> None:
    code, _, err = _run(capsys, "--program", str(FIXTURES / program), "--policy-pack", str(TINY_PACK))
    assert code == 2
    assert "usage error" in err and message in err


def test_a_missing_policy_pack_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--program", str(TINY_PROGRAM), "--policy-pack", str(FIXTURES / "programs"))
    assert code == 2
    assert "no policy pack" in err and "PulumiPolicy.yaml not found" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"tiny-max-size": {"maxSize": "big"}}', "tiny-max-size: maxSize: 'big' is not of type 'number'"),
        ('{"tiny-max-size": "sometimes"}', "'sometimes' is not a valid enforcement level"),
        ('{"no-such-policy": "mandatory"}', "no-such-policy: no policy of that name"),
    ],
)
def test_a_bad_policy_config_exits_2_saying_what_is_wrong(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    config = tmp_path / "policy.json"
    config.write_text(content)
    code, out, err = _run(capsys, *TINY, "--policy-config", str(config))
    assert code == 2
    assert out == ""
    assert "policy config error" in err and message in err


def test_a_missing_policy_config_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, *TINY, "--policy-config", str(tmp_path / "absent.json"))
    assert code == 2
    assert "absent.json not found" in err


def test_a_program_exception_exits_2_with_its_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    negative = tmp_path / "Pulumi.negative.yaml"
    negative.write_text("config:\n  tiny:size: -1\n")
    code, out, err = _run(capsys, *TINY, "--config", str(negative))
    assert code == 2
    assert out == ""
    assert "program error" in err
    assert "ValueError: tiny:size must be 0 or more, got -1" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("code", [0, 1, 3])
def test_a_program_calling_sys_exit_is_a_program_error_whatever_its_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, code: int
) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: quits\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(
        f"import sys\n\nimport pulumi_aws as aws\n\naws.s3.Bucket('b')\nsys.exit({code})\n"
    )
    exit_code, out, err = _run(capsys, "--program", str(tmp_path), "--policy-pack", str(TINY_PACK))
    assert exit_code == 2
    assert out == ""
    assert f"program error: {tmp_path / '__main__.py'} called sys.exit({code}) before it finished" in err


def test_frugal_config_errors_exit_2_with_the_programs_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "Pulumi.badcpu.yaml"
    bad.write_text((REPO / "Pulumi.dev.yaml").read_text().replace("frugal:cpu: 256", "frugal:cpu: 300"))
    code, _, err = _run(capsys, "--config", str(bad))
    assert code == 2
    assert "program error" in err
    assert "frugal:cpu" in err and "300" in err


def test_stack_and_config_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--stack", "dev", "--config", "Pulumi.dev.yaml"])
    assert caught.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_help_says_where_the_cost_table_comes_from(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "the pack's monthly-budget rule computed, in the pack's own process" in out
    assert "$FRUGAL_COST_REPORT" in out and "--new-stack" in out


def test_a_crash_in_the_preview_itself_exits_2_not_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(**_: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(cli, "preview", crash)
    code, out, err = _run(capsys, *TINY)
    assert code == 2
    assert out == ""
    assert "KeyError" in err and "internal error: the preview itself failed" in err


def test_debug_lets_the_programs_exception_through(tmp_path: Path) -> None:
    negative = tmp_path / "Pulumi.negative.yaml"
    negative.write_text("config:\n  tiny:size: -1\n")
    with pytest.raises(ValueError, match="tiny:size must be 0 or more"):
        main([*TINY, "--config", str(negative), "--debug"])


def _write_program(root: Path, name: str, bucket_name: str, *, main: str | None = None) -> Path:
    """A program whose entry point imports a local module named `helpers`, like many real programs do."""
    root.mkdir(parents=True)
    (root / "Pulumi.yaml").write_text(
        f"name: {name}\nruntime: python\n" + (f"main: {main}\n" if main else "")
    )
    code_dir = root / (main or ".")
    code_dir.mkdir(parents=True, exist_ok=True)
    (code_dir / "helpers.py").write_text(f"BUCKET = {bucket_name!r}\n")
    (code_dir / "__main__.py").write_text(
        "import pulumi_aws as aws\nfrom helpers import BUCKET\n\naws.s3.Bucket(BUCKET)\n"
    )
    return root


def test_pulumi_yaml_main_and_local_modules_of_different_programs_in_one_process(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = _write_program(tmp_path / "first", "first", "alpha", main="src")
    second = _write_program(tmp_path / "second", "second", "beta")
    names = []
    for program in (first, second):
        code, out, _ = _run(capsys, "--program", str(program), "--policy-pack", str(TINY_PACK), "--json")
        assert code == 0
        names.append([r["name"] for r in json.loads(out)["resources"]])
    # Each run imports its own `helpers`, not the one the previous program left in sys.modules.
    assert names == [["alpha"], ["beta"]]


def test_messages_are_printed_verbatim_even_with_brackets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: brackets\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("raise ValueError(\"allowed: ['x', 'y'] [bold]as is[/bold]\")\n")
    code, _, err = _run(capsys, "--program", str(tmp_path), "--policy-pack", str(TINY_PACK))
    assert code == 2
    assert "ValueError: allowed: ['x', 'y'] [bold]as is[/bold]" in err


def test_json_mode_sends_warnings_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, *TINY, "--stack", "nowhere", "--json")
    assert code == 1
    assert json.loads(out)["stack"] == "nowhere"
    assert "warning: no Pulumi.nowhere.yaml" in err


def test_make_preview_runs_the_cli_for_the_chosen_stack() -> None:
    dry = subprocess.run(
        ["make", "-n", "preview", "STACK=prod"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "-m tools.preview --stack prod" in dry.stdout


def _child_pids(pid: int) -> list[int]:
    listed = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(p) for p in listed.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_preview_stopped_by_a_signal_stops_its_policy_pack(tmp_path: Path, signum: int) -> None:
    # A program that outlives the pack's start-up, so the signal lands while the pack is running.
    (tmp_path / "Pulumi.yaml").write_text("name: slow\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("import time\n\ntime.sleep(60)\n")
    running = subprocess.Popen(
        [sys.executable, "-m", "frugal.preview", "--program", str(tmp_path), "--policy-pack", str(TINY_PACK)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    pack_pids: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not pack_pids and time.monotonic() < deadline and running.poll() is None:
            time.sleep(0.1)
            pack_pids = _child_pids(running.pid)
        assert pack_pids, "the preview never started its policy pack"
        running.send_signal(signum)
        code = running.wait(timeout=30)
        assert [pid for pid in pack_pids if _alive(pid)] == []
        # A plain exit with the shell's 128+signal code, not a KeyboardInterrupt traceback.
        assert code == 128 + signum
        assert "Traceback" not in (running.stderr.read() if running.stderr else "")
    finally:
        if running.poll() is None:
            running.kill()
            running.wait(timeout=10)
        for pid in pack_pids:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_an_unreadable_cost_report_exits_2_naming_it(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(TINY_PACK, pack)
    main_py = pack / "__main__.py"
    # A pack that writes something other than a cost report where the preview expects one.
    main_py.write_text(
        main_py.read_text().replace(
            "def _resource_budget(args: StackValidationArgs, report: ReportViolation) -> None:\n",
            "def _resource_budget(args: StackValidationArgs, report: ReportViolation) -> None:\n"
            "    import os, pathlib\n"
            "    pathlib.Path(os.environ['FRUGAL_COST_REPORT']).write_text('not json')\n",
        )
    )
    done = subprocess.run(
        [sys.executable, "-m", "frugal.preview", "--program", str(TINY_PROGRAM), "--policy-pack", str(pack)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "cost report error" in done.stderr and "unreadable" in done.stderr
    assert "Traceback" not in done.stderr
