"""Turn a recording into what the engine would hand the analyzer, run the pack, and read its cost table."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import rpc
from pulumi_policy.deserialize import SPECIAL_ARCHIVE_SIG, SPECIAL_ASSET_SIG, SPECIAL_SIG_KEY

from frugal.analyzer import (
    AnalyzerInfo,
    AnalyzerProvider,
    AnalyzerResource,
    PolicyConfig,
    PolicyPack,
    Violation,
    reconcile_policy_config,
)
from frugal.mocks import RecordedResource, Recording
from frugal.preview.program import PreviewError


def marshal(value: Any) -> Any:
    """A recorded input value in the engine's wire form: unknowns, secrets, assets and resource refs."""
    if isinstance(value, pulumi.output.Unknown):
        return rpc.UNKNOWN
    if isinstance(value, Mapping):
        return {str(k): marshal(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [marshal(v) for v in value]
    if isinstance(value, pulumi.Asset):
        return {SPECIAL_SIG_KEY: SPECIAL_ASSET_SIG, **_asset_fields(value)}
    if isinstance(value, pulumi.Archive):
        return {SPECIAL_SIG_KEY: SPECIAL_ARCHIVE_SIG, **_asset_fields(value)}
    return value


def _asset_fields(value: Any) -> dict[str, Any]:
    for attribute in ("path", "text", "uri"):
        if getattr(value, attribute, None) is not None:
            return {attribute: getattr(value, attribute)}
    assets = getattr(value, "assets", None)
    return {"assets": {k: marshal(v) for k, v in (assets or {}).items()}}


@dataclass
class StackResources:
    """The resources as the analyzer sees them, plus the providers they were registered with."""

    resources: list[AnalyzerResource]
    by_urn: dict[str, AnalyzerResource] = field(default_factory=dict)


def analyzer_resources(recording: Recording, config: Mapping[str, str]) -> StackResources:
    """Every registered resource (components too, as the engine analyzes them) with its provider."""
    providers: dict[str, AnalyzerProvider] = {}
    for resource in recording.resources:
        if resource.type.startswith("pulumi:providers:"):
            providers[resource.urn] = AnalyzerProvider(
                urn=resource.urn, type=resource.type, name=resource.name, properties=marshal(resource.inputs)
            )
    result: list[AnalyzerResource] = []
    for resource in recording.resources:
        result.append(
            AnalyzerResource(
                urn=resource.urn,
                type=resource.type,
                name=resource.name,
                properties=marshal(resource.inputs),
                parent=resource.parent,
                provider=_provider_for(resource, providers, recording, config) if resource.custom else None,
                dependencies=list(resource.dependencies),
                property_dependencies={k: list(v) for k, v in resource.property_dependencies.items()},
                protect=False,
            )
        )
    return StackResources(resources=result, by_urn={r.urn: r for r in result})


def _provider_for(
    resource: RecordedResource,
    providers: Mapping[str, AnalyzerProvider],
    recording: Recording,
    config: Mapping[str, str],
) -> AnalyzerProvider | None:
    if resource.type.startswith("pulumi:providers:"):
        return None
    if resource.provider:
        # A provider reference is "<provider URN>::<provider id>".
        explicit = providers.get(resource.provider.rsplit("::", 1)[0])
        if explicit is not None:
            return explicit
    # The engine's default provider for the package, configured from the stack's `<package>:*` keys.
    package = resource.type.split(":", 1)[0]
    properties = {k.split(":", 1)[1]: v for k, v in config.items() if k.startswith(package + ":")}
    return AnalyzerProvider(
        urn=f"urn:pulumi:{recording.stack}::{recording.project}::pulumi:providers:{package}::default",
        type=f"pulumi:providers:{package}",
        name="default",
        properties=properties,
    )


def analyze(
    pack: PolicyPack, resources: StackResources, policy_config: Mapping[str, PolicyConfig]
) -> tuple[AnalyzerInfo, list[Violation]]:
    """In the engine's order: Handshake, ConfigureStack, AnalyzerInfo, Configure, Analyze, AnalyzeStack."""
    pack.handshake()
    pack.configure_stack()
    info = pack.analyzer_info()
    effective = reconcile_policy_config(info, policy_config)
    pack.configure(effective)
    if pack.cost_report is not None:
        # A report left by an earlier run of a reused pack must not pass for this one's.
        pack.cost_report.unlink(missing_ok=True)
    violations: list[Violation] = []
    for resource in resources.resources:
        violations.extend(pack.analyze(resource))
    violations.extend(pack.analyze_stack(resources.resources))
    return info, violations


# ---------------------------------------------------------------------------------------------
# Cost: the table the pack's own budget rule computed, in the pack's process


@dataclass
class Cost:
    """The frugal pack's cost report (frugal/policy/report.py), as the preview shows it."""

    monthly_usd: float
    daily_usd: float
    upper_bound: bool
    budget_usd: float | None
    items: list[dict[str, Any]]
    unpriced: list[dict[str, Any]]
    usage_priced: list[dict[str, Any]]
    free: list[dict[str, Any]]
    notes: list[str]


def read_cost(pack: PolicyPack) -> Cost | None:
    """The report the pack wrote during AnalyzeStack; None when it wrote none (not the frugal pack)."""
    path = pack.cost_report
    if path is None or not path.is_file():
        return None
    try:
        report = json.loads(path.read_text())
        return Cost(
            monthly_usd=float(report["monthly_usd"]),
            daily_usd=float(report["daily_usd"]),
            upper_bound=bool(report.get("upper_bound")),
            budget_usd=report.get("budget_usd"),
            items=list(report["items"]),
            unpriced=list(report["unpriced"]),
            usage_priced=list(report["usage_priced"]),
            free=list(report.get("free", [])),
            notes=list(report.get("notes", [])),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PreviewError("cost report", f"the pack's cost report {path} is unreadable: {exc!r}") from exc
