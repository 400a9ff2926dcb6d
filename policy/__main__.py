"""The frugal cost guardrails as a Pulumi policy pack.

The engine runs `python -m pulumi.policy <engine> <this directory>`, which runs this file with the
directory first on sys.path, as does `python policy/__main__.py`; so `frugal_policy` imports either way.
PolicyPack(...) starts the analyzer's gRPC server, prints its port and blocks.
"""

from frugal_policy.checks import policies
from frugal_policy.framework import install_hooks
from pulumi_policy import EnforcementLevel, PolicyPack

# Before the server starts: lets monthly-budget read the other rules' config and share one graph.
install_hooks()

PolicyPack(
    name="frugal-cost-guardrails",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=policies(),
    description="AWS cost guardrails: no public IPs, Fargate Spot, no NAT gateway or ALB, a monthly budget "
    "that fails closed on anything it can't price.",
)
