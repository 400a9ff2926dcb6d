#!/usr/bin/env python3
"""Run every aws-py-* project of pulumi/examples through frugal's offline preview and tabulate the result.

    python examples_survey.py EXAMPLES_DIR REPO_DIR [--policy-config policy/config/dev.json]
                              [--timeout 180] [--only NAME ...] [--rewrite-config]
                              [--debug-failures LOGDIR] [--json-out FILE] [--repeat N]
                              [--preview-entry "-m frugal.preview"]

EXAMPLES_DIR holds the exported aws-py-* folders (e.g. `git archive HEAD aws-py-foo | tar -x`). A
project is every directory under an aws-py-* folder that has a Pulumi.yaml (aws-py-assume-role has two,
aws-py-stackreference three). For each, the script writes a plausible `Pulumi.dev.yaml` (aws:region
us-east-1 plus every key the program requires, from PLAUSIBLE_CONFIG below) unless one is there, then
runs, from REPO_DIR:

    REPO_DIR/.venv/bin/python -m frugal.preview --program P --stack dev --policy-config CFG --json

with a per-project timeout, and prints: project, exit code, resource count, estimate, first error line.
Exit 0 = passed, 1 = blocked by a mandatory policy, 2 = error, "timeout" = killed after --timeout.
With --debug-failures, each exit 2 is run again with --debug and its full stderr kept in LOGDIR.

Runs on the standard library; uses rich for the table when it is importable (REPO_DIR's venv has it).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# Config each program reads with require()/require_secret() (or needs to get far), with realistic
# values. Secrets are plain: `secure:` values can't be decrypted offline. Keys are as the program's
# Config() namespace resolves them: "<project name>:<key>" unless a namespace is given.
# "{pub_key_path}", "{priv_key_path}", "{pub_key}", "{priv_key_b64}" are filled in with a key pair
# generated once under EXAMPLES_DIR/.survey-keys.
PLAUSIBLE_CONFIG: dict[str, dict[str, str]] = {
    "aws-py-ansible-wordpress": {
        "pulumi-ansible-wordpress-py:publicKeyPath": "{pub_key_path}",
        "pulumi-ansible-wordpress-py:privateKeyPath": "{priv_key_path}",
        "pulumi-ansible-wordpress-py:dbPassword": "Wp-Preview-Passw0rd-2026",
    },
    "aws-py-assume-role/assume-role": {
        "aws-py-assume-role:roleToAssumeARN": "arn:aws:iam::123456789012:role/allow-s3-management-3f2c1a7",
    },
    "aws-py-assume-role/create-role": {"aws-py-create-role:unprivilegedUsername": "somebody@pulumi.com"},
    "aws-py-django-voting-app": {
        "voting-app:sql-admin-name": "sqladmin",
        "voting-app:sql-admin-password": "Adm1n-Preview-Passw0rd",
        "voting-app:sql-user-name": "votinguser",
        "voting-app:sql-user-password": "Us3r-Preview-Passw0rd",
        "voting-app:django-admin-name": "djangoadmin",
        "voting-app:django-admin-password": "Dj4ngo-Preview-Passw0rd",
        "voting-app:django-secret-key": "9f8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f",
    },
    "aws-py-dynamicresource": {
        "aws-py-dynamicresource:sql-admin-name": "sqladmin",
        "aws-py-dynamicresource:sql-admin-password": "Adm1n-Preview-Passw0rd",
        "aws-py-dynamicresource:sql-user-name": "votinguser",
        "aws-py-dynamicresource:sql-user-password": "Us3r-Preview-Passw0rd",
    },
    "aws-py-ec2-provisioners": {
        "aws-py-ec2-provisioners:publicKey": "{pub_key}",
        "aws-py-ec2-provisioners:privateKey": "{priv_key_b64}",
    },
    "aws-py-ecs-instances-autoapi/py-ecs-instance": {"cfg:autoscalingGroupSize": "2"},
    "aws-py-langserve": {"aws-py-langserve:open-api-key": "sk-preview-0123456789abcdef"},
    "aws-py-redshift-glue-etl": {
        "aws-py-redshift-glue-etl:clusterIdentifier": "my-redshift-cluster",
        "aws-py-redshift-glue-etl:clusterNodeType": "ra3.xlplus",
        "aws-py-redshift-glue-etl:clusterDBName": "dev",
        "aws-py-redshift-glue-etl:clusterDBUsername": "admin",
        "aws-py-redshift-glue-etl:clusterDBPassword": "Redsh1ft-Preview-Passw0rd",
        "aws-py-redshift-glue-etl:glueDBName": "my-glue-db",
    },
    "aws-py-slackbot": {
        "mentionbot:slackToken": "xoxb-0000000000-0000000000000-previewtokenvalue",
        "mentionbot:verificationToken": "previewverificationtoken0123",
    },
    "aws-py-stackreference/company": {"aws-py-stackreference-company:companyName": "ACMECorp"},
    "aws-py-stackreference/department": {"aws-py-stackreference-department:departmentName": "E-Commerce"},
    "aws-py-stackreference/team": {
        "aws-py-stackreference-team:companyStack": "acme/aws-py-stackreference-company/dev",
        "aws-py-stackreference-team:departmentStack": "acme/aws-py-stackreference-department/dev",
        "aws-py-stackreference-team:teamName": "Frontend Dev",
    },
    "aws-py-static-website": {
        "aws-py-static-website:targetDomain": "www.frugal-demo.net",
        "aws-py-static-website:pathToWebsiteContents": "./www",
    },
    "aws-py-voting-app": {"voting-app:redis-password": "R3dis-Preview-Passw0rd"},
    "aws-py-wordpress-fargate-rds": {"wordpress-ecs-rds:db_password": "Wp-Preview-Passw0rd-2026"},
}
REGION = "us-east-1"


@dataclass
class Row:
    project: str
    exit: str  # "0", "1", "2", "timeout", or another code
    resources: int | None
    estimate_usd: float | None
    not_priced: int | None
    seconds: float
    error: str


def find_projects(examples_dir: Path) -> list[Path]:
    projects = []
    for top in sorted(examples_dir.glob("aws-py-*")):
        if top.is_dir():
            projects += sorted({p.parent for p in top.rglob("Pulumi.yaml") if "node_modules" not in p.parts})
    return projects


def _key_pair(examples_dir: Path) -> dict[str, str]:
    """An RSA key pair in PEM (what ssh-keygen -m PEM writes), made once, for programs that read one."""
    key_dir = examples_dir / ".survey-keys"
    private, public = key_dir / "id_rsa", key_dir / "id_rsa.pub"
    if not private.is_file():
        key_dir.mkdir(exist_ok=True)
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", str(private)],
            check=True,
        )
    return {
        "pub_key_path": str(public),
        "priv_key_path": str(private),
        "pub_key": public.read_text().strip(),
        "priv_key_b64": base64.b64encode(private.read_bytes()).decode(),
    }


def write_config(examples_dir: Path, project: Path, *, rewrite: bool) -> None:
    stack_file = project / "Pulumi.dev.yaml"
    if stack_file.exists() and not rewrite:
        return
    relative = project.relative_to(examples_dir).as_posix()
    wanted = {"aws:region": REGION, **PLAUSIBLE_CONFIG.get(relative, {})}
    if any("{" in v for v in wanted.values()):
        keys = _key_pair(examples_dir)
        wanted = {k: v.format(**keys) for k, v in wanted.items()}
    # JSON strings are valid YAML scalars: no YAML library needed, and every value stays a string.
    lines = ["config:"] + [f"  {k}: {json.dumps(v)}" for k, v in wanted.items()]
    stack_file.write_text("\n".join(lines) + "\n")


def _run(cmd: list[str], cwd: Path, timeout: float) -> tuple[int | None, str, str, float]:
    """Run with a bound; on timeout SIGTERM first (the preview then stops its policy pack), then SIGKILL."""
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out, err, time.monotonic() - start
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        return None, out, err, time.monotonic() - start


def _first_error_line(stderr: str, project: Path, limit: int = 220) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    found = ""
    for line in lines:
        if " error:" in line or line.startswith(("program error", "config error", "usage error")):
            found = line
            break
    else:
        # An internal error prints a traceback first: its last line names the exception.
        errors = [line for line in lines if not line.startswith("warning:")]
        found = errors[-1] if errors else ""
    found = found.replace(f"{project}/", "")
    if len(found) > limit:  # asyncio reprs run to a screenful: keep the head and the tail
        found = found[: limit // 2 - 2] + " … " + found[-(limit // 2 - 2) :]
    return found


_SEVERITY = {"0": 0, "1": 1}


def survey_one(
    examples_dir: Path,
    project: Path,
    repo: Path,
    policy_config: Path,
    timeout: float,
    debug_dir: Path | None,
    entry: list[str],
    repeat: int = 1,
) -> Row:
    name = project.relative_to(examples_dir).as_posix()
    base = [str(repo / ".venv" / "bin" / "python"), *entry, "--program", str(project)]
    base += ["--stack", "dev", "--policy-config", str(policy_config)]
    # Some failures are races between threads: with --repeat, keep the worst of N runs and say so.
    runs = [_run([*base, "--json"], repo, timeout) for _ in range(repeat)]
    outcomes = ["timeout" if r[0] is None else str(r[0]) for r in runs]
    code, out, err, seconds = max(runs, key=lambda r: 3 if r[0] is None else _SEVERITY.get(str(r[0]), 2))
    resources = estimate = not_priced = None
    if code in (0, 1):
        try:
            result = json.loads(out)
            resources = len(result["resources"])
            if result.get("cost"):
                estimate = result["cost"]["monthly_usd"]
                not_priced = len(result["cost"].get("not_priced") or [])
        except (ValueError, KeyError, TypeError) as exc:
            err = f"survey: stdout is not the preview's JSON ({exc})\n{err}"
    error = "" if code in (0, 1) else _first_error_line(err, project)
    if code is None:
        error = f"killed after {timeout:.0f}s; {error}".rstrip("; ")
    if len(set(outcomes)) > 1:
        error = f"[exits {','.join(outcomes)}] {error}".rstrip()
    if code not in (0, 1) and debug_dir is not None:
        debug_dir.mkdir(parents=True, exist_ok=True)
        _, dout, derr, _ = _run([*base, "--json", "--debug"], repo, timeout)
        (debug_dir / (name.replace("/", "__") + ".log")).write_text(
            f"$ {' '.join(base)} --json --debug\n--- stdout\n{dout}\n--- stderr\n{derr}"
        )
    exit_text = "timeout" if code is None else str(code)
    return Row(name, exit_text, resources, estimate, not_priced, seconds, error)


def print_table(rows: list[Row]) -> None:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.exit] = counts.get(row.exit, 0) + 1
    summary = ", ".join(f"exit {k}: {v}" for k, v in sorted(counts.items())) + f" (of {len(rows)})"

    def cells(row: Row) -> list[str]:
        est = "" if row.estimate_usd is None else f"${row.estimate_usd:,.2f}"
        if row.not_priced:
            est += f" (+{row.not_priced} not priced)"
        return [row.project, row.exit, "" if row.resources is None else str(row.resources), est, row.error]

    headers = ["project", "exit", "resources", "estimate/month", "first error line"]
    try:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table
    except ImportError:
        widths = [max(len(h), *(len(cells(r)[i]) for r in rows)) for i, h in enumerate(headers[:4])]
        print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False)) + "  " + headers[4])
        for row in rows:
            c = cells(row)
            print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=False)) + "  " + c[4])
        print(summary)
        return
    table = Table(title="pulumi/examples aws-py-* through frugal.preview", show_lines=False)
    for header in headers:
        table.add_column(header, overflow="fold", no_wrap=header != "first error line")
    for row in rows:
        style = {"0": "green", "1": "yellow"}.get(row.exit, "red")
        c = cells(row)
        table.add_row(escape(c[0]), f"[{style}]{escape(c[1])}[/]", *(escape(v) for v in c[2:]))
    console = Console(width=max(160, Console().width))
    console.print(table)
    console.print(summary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("examples_dir", type=Path, help="directory holding the aws-py-* folders")
    parser.add_argument("repo_dir", type=Path, help="frugal checkout whose .venv and frugal.preview to use")
    parser.add_argument(
        "--policy-config",
        type=Path,
        default=Path("policy/config/dev.json"),
        help="policy config JSON, relative to REPO_DIR unless absolute (default: policy/config/dev.json)",
    )
    parser.add_argument("--timeout", type=float, default=180, help="seconds per project (default 180)")
    parser.add_argument("--only", nargs="*", default=None, help="project names (relative paths) to run")
    parser.add_argument("--rewrite-config", action="store_true", help="overwrite existing Pulumi.dev.yaml")
    parser.add_argument("--debug-failures", type=Path, metavar="LOGDIR", help="rerun errors with --debug")
    parser.add_argument(
        "--preview-entry",
        default="-m frugal.preview",
        help="what follows REPO_DIR/.venv/bin/python to start the preview (default: '-m frugal.preview')",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per project; the worst outcome is shown")
    parser.add_argument("--json-out", type=Path, metavar="FILE", help="also write the rows as JSON")
    args = parser.parse_args(argv)

    examples_dir = args.examples_dir.resolve()
    repo = args.repo_dir.resolve()
    policy_config = args.policy_config if args.policy_config.is_absolute() else repo / args.policy_config
    if not (repo / ".venv" / "bin" / "python").is_file():
        parser.error(f"{repo}/.venv/bin/python not found: run `make install` in {repo}")
    if not policy_config.is_file():
        parser.error(f"policy config {policy_config} not found")
    projects = find_projects(examples_dir)
    if args.only:
        projects = [p for p in projects if p.relative_to(examples_dir).as_posix() in set(args.only)]
    if not projects:
        parser.error(f"no aws-py-* Pulumi projects under {examples_dir}")

    rows = []
    for project in projects:
        write_config(examples_dir, project, rewrite=args.rewrite_config)
        row = survey_one(
            examples_dir,
            project,
            repo,
            policy_config,
            args.timeout,
            args.debug_failures,
            shlex.split(args.preview_entry),
            max(1, args.repeat),
        )
        progress = f"{row.project}: exit {row.exit} in {row.seconds:.1f}s {row.error}"
        print(progress, file=sys.stderr, flush=True)
        rows.append(row)
    print_table(rows)
    if args.json_out:
        args.json_out.write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
