"""frugal: Pulumi components for cheap AWS containers (`frugal.components`), a policy pack of cost and
exposure guardrails with a cost model (`frugal.policy`, run from `frugal.pack`), and the tools around
them (`frugal preview`, `frugal cost-diff`, `frugal cost-report`, `frugal pack-path`; see frugal/cli.py).

Importing `frugal` itself loads nothing else: each part pulls in only what it needs.
"""
