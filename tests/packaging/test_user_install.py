"""What a user does: build frugal's wheel, install it into a fresh virtualenv, and from a directory
outside this checkout run a program made of `frugal.components` (nginx on port 80 in its own cluster)
through `frugal preview`, with the installed pack. The program must be priced in full.

The install resolves frugal's declared dependency ranges, constrained to the versions CI pins
(requirements.txt), so a range that excludes a tested version fails here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

NGINX_PROGRAM = '''
"""nginx on port 80 in its own cluster, behind an HTTP API: frugal's components and nothing else."""

from frugal.components import (
    ApiGatewayProxy,
    ApiGatewayProxyArgs,
    ApiRoute,
    Container,
    ContainerImage,
    FargateCluster,
    FargateClusterArgs,
    FargateService,
    FargateServiceArgs,
    Network,
    NetworkArgs,
    VpcLink,
    VpcLinkArgs,
)

network = Network("net", NetworkArgs(egress="nat-instance"))
cluster = FargateCluster("web", FargateClusterArgs(vpc_id=network.vpc_id))
link = VpcLink("edge", VpcLinkArgs(vpc_id=network.vpc_id, subnet_ids=network.private_subnet_ids))
nginx = FargateService(
    "nginx",
    FargateServiceArgs(
        cluster=cluster,
        subnet_ids=network.private_subnet_ids,
        container=Container(image=ContainerImage.from_uri("public.ecr.aws/nginx/nginx:1.27-alpine"), port=80),
        ingress=[link.ingress_source],
    ),
)
ApiGatewayProxy("api", ApiGatewayProxyArgs(vpc_link=link, routes=[ApiRoute("/", nginx)]))
'''


def _pins() -> str:
    """requirements.txt's exact pins (not its `-e .`), as a pip constraints file."""
    lines = (REPO / "requirements.txt").read_text().splitlines()
    return "\n".join(line for line in lines if re.match(r"^[A-Za-z0-9_.-]+==", line)) + "\n"


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    assert done.returncode == 0, (
        f"{command} exited {done.returncode}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    )
    return done


def _source_copy(target: Path) -> Path:
    """The checkout's files as a clean clone has them (tracked and new, not ignored): the wheel is built
    from these, so nothing generated here (venvs, caches, setuptools' build/) leaks into it or stays
    behind in the checkout."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def user_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("user")
    source = _source_copy(scratch / "source")
    wheels = scratch / "wheels"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(wheels),
            str(source),
        ]
    )
    (wheel,) = wheels.glob("frugal-*.whl")
    venv = scratch / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    constraints = scratch / "constraints.txt"
    constraints.write_text(_pins())
    _run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel), "-c", str(constraints)]
    )
    return venv


def test_the_wheel_holds_the_package_and_its_data_not_the_app(user_venv: Path):
    site = next((user_venv / "lib").glob("python3*/site-packages"))
    assert (site / "frugal" / "components" / "fargate_service.py").is_file()
    assert (site / "frugal" / "policy" / "pricing" / "prices.json").is_file()
    assert (site / "frugal" / "pack" / "__main__.py").is_file()
    for outside in ("app", "settings.py", "stack.py", "tools", "policy", "components", "aws_rules.py"):
        assert not (site / outside).exists(), f"{outside} must not be installed"


def test_importing_the_components_loads_pulumi_aws_and_nothing_of_the_app(user_venv: Path, tmp_path: Path):
    probe = textwrap.dedent(
        """
        import sys
        import frugal.components as c
        assert "pulumi_aws" in sys.modules
        print(sorted({"app", "settings", "stack", "tools", "policy"} & set(sys.modules)))
        print(c.FargateService.__module__, c.FargateServiceArgs.__name__, c.Network.__name__)
        """
    )
    done = _run([str(user_venv / "bin" / "python"), "-c", probe], cwd=tmp_path)
    assert done.stdout.splitlines() == ["[]", "frugal.components.fargate_service FargateServiceArgs Network"]


def test_frugal_preview_prices_an_nginx_program_outside_the_checkout(user_venv: Path, tmp_path: Path):
    project = tmp_path / "my-nginx"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: my-nginx\nruntime:\n  name: python\n")
    (project / "Pulumi.dev.yaml").write_text("config:\n  aws:region: us-east-1\n")
    (project / "__main__.py").write_text(NGINX_PROGRAM)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("PYTHONPATH", None)
    frugal = str(user_venv / "bin" / "frugal")
    done = subprocess.run(
        [frugal, "preview", "--stack", "dev", "--json"], cwd=project, env=env, capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stderr[-3000:]
    report = json.loads(done.stdout)
    types = {r["type"] for r in report["resources"]}
    assert {"aws:ecs/service:Service", "aws:ec2/instance:Instance", "aws:apigatewayv2/api:Api"} <= types
    cost = report["cost"]
    assert cost["unpriced"] == [], cost["unpriced"]
    assert cost["monthly_usd"] > 0
    priced = {item["type"] for item in cost["items"] if item["monthly_usd"] > 0}
    assert {"aws:ecs/service:Service", "aws:ec2/instance:Instance"} <= priced
    # The installed pack ran (not this checkout's policy/): its directory is the one pack-path prints.
    pack = subprocess.run([frugal, "pack-path"], env=env, capture_output=True, text=True, check=True).stdout
    manifest = (Path(pack.strip()) / "PulumiPolicy.yaml").read_text()
    assert f"virtualenv: {user_venv}" in manifest
    assert str(REPO) not in manifest
