"""The frugal cost guardrails as a Pulumi policy pack: the one place that builds the PolicyPack.

Every way of running the pack ends here: the repository's `policy/` (`pulumi preview --policy-pack
policy`), the directory `frugal pack-path` prints for an installed frugal, and `python -m frugal.pack`.
The engine runs a Python pack as `python -m pulumi.policy <engine> <pack directory>`, which runs that
directory's `__main__.py`; each of those hands over to this module. PolicyPack(...) starts the
analyzer's gRPC server, prints its port and blocks.
"""

from pulumi_policy import EnforcementLevel, PolicyPack

from frugal.policy.checks import policies
from frugal.policy.framework import install_hooks

# Before the server starts: lets monthly-budget read the other rules' config and share one graph.
install_hooks()

PolicyPack(
    name="frugal-cost-guardrails",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=policies(),
    description="AWS cost guardrails: no public IPs, Fargate Spot, no NAT gateway or ALB, a monthly budget "
    "that fails closed on anything it can't price.",
)
