"""The frugal Pulumi program: reads the stack's config once, validates it, and builds `stack.py`.

Every `frugal:*` value goes through `settings.load_settings` first, so a bad or unknown key stops the
program with a message naming the key, the value and what's allowed, before any resource is declared.
"""

from __future__ import annotations

import os

import pulumi
from pulumi.runtime import config as runtime_config

import stack
from settings import SettingsError, load_settings


def project_config_values(namespace: str) -> dict[str, str]:
    """Every config value in `namespace`, bare key -> the engine's string (for the unknown-key check).

    pulumi.Config can only look keys up, not list them; the runtime's config map (set by the
    language host, or PULUMI_CONFIG in older hosts) is where the full set lives.
    """
    merged = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    prefix = f"{namespace}:"
    return {key[len(prefix) :]: str(value) for key, value in merged.items() if key.startswith(prefix)}


project = pulumi.get_project()
config = pulumi.Config(project)
try:
    settings = load_settings(project_config_values(project), namespace=project)
except SettingsError as err:
    # A clean, single message instead of a traceback through the Pulumi runtime.
    raise pulumi.RunError(str(err)) from None

outputs = stack.build(
    settings,
    name_prefix=f"{project}-{pulumi.get_stack()}",
    api_key=config.get_secret("apiKey"),
    git_sha=os.environ.get("FRUGAL_GIT_SHA") or None,
)
for export_name, value in outputs.items():
    pulumi.export(export_name, value)
