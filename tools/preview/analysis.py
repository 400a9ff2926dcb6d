"""Turn a recording into what the engine would hand the analyzer, run the pack, and price the stack."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import rpc
from pulumi_policy.deserialize import (
    SPECIAL_ARCHIVE_SIG,
    SPECIAL_ASSET_SIG,
    SPECIAL_SIG_KEY,
    deserialize_properties,
)

from tools.analyzer import (
    AnalyzerInfo,
    AnalyzerProvider,
    AnalyzerResource,
    PolicyConfig,
    PolicyPack,
    Violation,
    reconcile_policy_config,
)
from tools.mocks import RecordedResource, Recording
from tools.preview.program import PreviewError

REPO_POLICY_DIR = Path(__file__).resolve().parents[2] / "policy"


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
    if isinstance(value, pulumi.Resource):
        # A resource reference whose id isn't known here: the analyzer sees an unknown, as in a preview.
        return rpc.UNKNOWN
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
    violations: list[Violation] = []
    for resource in resources.resources:
        violations.extend(pack.analyze(resource))
    violations.extend(pack.analyze_stack(resources.resources))
    return info, violations


# ---------------------------------------------------------------------------------------------
# Cost


@dataclass
class Cost:
    monthly_usd: float
    daily_usd: float
    items: list[dict[str, Any]]
    not_priced: list[dict[str, Any]]
    usage_priced: list[dict[str, Any]]
    source: str


def cost_model_directory(pack_dir: Path) -> Path | None:
    """Where `frugal_policy/cost_model.py` is: the pack directory, else this repo's policy/, else None."""
    for directory in (pack_dir.resolve(), REPO_POLICY_DIR):
        if (directory / "frugal_policy" / "cost_model.py").is_file():
            return directory
    return None


def _import_from(directory: Path, module_name: str) -> Any:
    loaded = sys.modules.get(module_name)
    if loaded is not None and Path(getattr(loaded, "__file__", "")).resolve().is_relative_to(directory):
        return loaded
    # Another directory's copy of the package may be loaded (tests use several packs): load this one.
    for name in [m for m in sys.modules if m == "frugal_policy" or m.startswith("frugal_policy.")]:
        del sys.modules[name]
    sys.path.insert(0, str(directory))
    try:
        return importlib.import_module(module_name)
    finally:
        sys.path.remove(str(directory))


def estimate_cost(resources: StackResources, pack_dir: Path) -> Cost | None:
    directory = cost_model_directory(pack_dir)
    if directory is None:
        return None
    # A pack's own cost model may fail to import as well as to estimate: either is a cost-model error.
    try:
        module = _import_from(directory, "frugal_policy.cost_model")
        estimate = module.estimate(
            [
                module.PricedResource(r.urn, r.type, r.name, deserialize_properties(r.properties))
                for r in resources.resources
                if r.provider is not None
            ]
        )
    except Exception as exc:
        raise PreviewError("cost model", f"{directory}/frugal_policy/cost_model.py failed: {exc!r}") from exc
    return Cost(
        monthly_usd=float(estimate.monthly_usd),
        daily_usd=float(estimate.daily_usd()),
        items=[
            {"urn": i.urn, "type": i.type, "monthly_usd": float(i.monthly_usd), "basis": i.basis}
            for i in estimate.items
        ],
        not_priced=[{"urn": n.urn, "type": n.type, "reason": n.reason} for n in estimate.not_priced],
        usage_priced=[{"urn": u.urn, "type": u.type, "note": u.note} for u in estimate.usage_priced],
        source=str(directory),
    )
