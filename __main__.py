"""The frugal Pulumi program: reads the stack's config once, validates it, and builds `stack.py`.

Every `frugal:*` value goes through `settings.load_settings` first, so a bad or unknown key stops the
program with a message naming the key, the value and what's allowed, before any resource is declared.
"""

from __future__ import annotations

import os
from pathlib import Path

import pulumi
from pulumi.runtime import config as runtime_config

import stack
from frugal.components import tag_resources
from settings import SettingsError, load_settings, policy_budget

# The policy pack's per-stack config: the stack's budget is the number its `monthly-budget` rule uses.
POLICY_CONFIG_DIR = Path(__file__).resolve().parent / "policy" / "config"


def project_config_values(namespace: str) -> dict[str, str]:
    """Every config value in `namespace`, bare key -> the engine's string (for the unknown-key check).

    pulumi.Config can only look keys up, not list them; the runtime's config map (set by the
    language host, or PULUMI_CONFIG in older hosts) is where the full set lives.
    """
    merged = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    prefix = f"{namespace}:"
    return {key[len(prefix) :]: str(value) for key, value in merged.items() if key.startswith(prefix)}


project = pulumi.get_project()
stack_name = pulumi.get_stack()
config = pulumi.Config(project)
budget_file = POLICY_CONFIG_DIR / f"{stack_name}.json"
try:
    settings = load_settings(project_config_values(project), namespace=project)
    budget_usd_monthly = policy_budget(budget_file)
except SettingsError as err:
    # A clean, single message instead of a traceback through the Pulumi runtime.
    raise pulumi.RunError(str(err)) from None
if budget_usd_monthly is None:
    pulumi.log.warn(
        f"no monthly-budget.budgetUsdMonthly in {budget_file} (or no such file): the stack gets no AWS budget"
    )

name_prefix = f"{project}-{stack_name}"
# Before any resource is declared: the transformation only sees what comes after it.
tag_resources(stack.cost_tags(project, name_prefix))
outputs = stack.build(
    settings,
    name_prefix=name_prefix,
    api_key=config.get_secret("apiKey"),
    git_sha=os.environ.get("FRUGAL_GIT_SHA") or None,
    budget_usd_monthly=budget_usd_monthly,
)
for export_name, value in outputs.items():
    pulumi.export(export_name, value)
