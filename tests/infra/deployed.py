"""What the dev and prod stacks declare, in a form that can be compared across refactors.

`snapshot(recording)` keeps, for every resource, what decides whether `pulumi up` would leave a deployed
resource alone: its URN, its type and its inputs. `tests/infra/snapshots/*.json` hold the stacks as they
were before the components were made generic (issue 10, commit 6df8706); test_deployed_stacks.py checks
that today's program still declares each of those resources, with the same inputs, at the same URN or at
a new URN that carries the old one as an alias.

Regenerate (only when a change to a deployed resource is deliberate, and say so in the commit):

    .venv/bin/python -m tests.infra.deployed
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pulumi
from pulumi.output import Unknown

from frugal.mocks import Recording
from tests.infra.helpers import REPO, SECRET_SIG, run_stack

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
# The mocks make CloudFront domain names from Python's per-process salted hash().
_CLOUDFRONT_DOMAIN = re.compile(r"d\d{8}\.cloudfront\.net")
# Prod with the custom-domain example its stack file carries in a comment (the domain code paths).
PROD_DOMAINS = {
    "frugal:hostedZone": "example.com",
    "frugal:apiDomain": "api.example.com",
    "frugal:siteDomain": "www.example.com",
}
VARIANTS: dict[str, tuple[str, dict[str, str]]] = {
    "dev": ("dev", {}),
    "prod": ("prod", {}),
    "prod-domains": ("prod", PROD_DOMAINS),
}


def normalize(value: Any) -> Any:
    """Inputs as plain JSON: secrets marked, assets by repo-relative path, mock-random names fixed."""
    if isinstance(value, dict):
        if SECRET_SIG in value:
            return {"<secret>": normalize(value.get("value"))}
        return {key: normalize(item) for key, item in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [normalize(item) for item in value]
    if isinstance(value, Unknown):
        return "<unknown>"
    if isinstance(value, pulumi.FileAsset):
        return {"<file>": os.path.relpath(value.path, REPO)}
    if isinstance(value, str):
        return _CLOUDFRONT_DOMAIN.sub("dNNNNNNNN.cloudfront.net", value)
    return value


def snapshot(recording: Recording) -> list[dict[str, Any]]:
    return [
        {"urn": r.urn, "type": r.type, "custom": r.custom, "inputs": normalize(r.inputs)}
        for r in sorted(recording.resources, key=lambda r: r.urn)
    ]


def run_variant(variant: str) -> Recording:
    stack, overrides = VARIANTS[variant]
    previous = Path.cwd()
    os.chdir(REPO)  # StaticSite's app/static is relative to the project directory, as under `pulumi up`
    try:
        return run_stack(stack, overrides)
    finally:
        os.chdir(previous)


def load(variant: str) -> list[dict[str, Any]]:
    return json.loads((SNAPSHOTS / f"{variant}.json").read_text())


def main() -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    for variant in VARIANTS:
        path = SNAPSHOTS / f"{variant}.json"
        path.write_text(json.dumps(snapshot(run_variant(variant)), indent=1, sort_keys=True) + "\n")
        print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
