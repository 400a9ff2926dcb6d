"""EKS: the control plane (standard or extended support, from the Kubernetes version), managed node
groups (desired size x instance type, their root volumes and public IPv4), and the types around them:
Fargate profiles and add-ons (billed by what runs), capabilities (no sourced price: fail closed).

A node group's instance type comes from `instanceTypes`, else from its launch template (linked through
the graph), else EKS's default t3.medium; its disk from `diskSize` (default 20 GiB) or the template's
block devices. Spot node groups are priced at on demand, the dearest listed type, as an upper bound.
"""

from __future__ import annotations

import datetime
from typing import Any

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node, same_value
from ..values import UNKNOWN, Reader, as_bool, as_number
from .core import Inputs, Pricing, fmt_num, notes_text, prices
from .ebs import volume_monthly
from .ec2 import instance_hourly, subnets_map_public
from .table import MissingPriceError

# End of standard support on EKS (14 months after EKS's release; extended support runs 12 months more).
# endoflife.date/amazon-eks (stored copy, February 2026), which follows AWS's EKS version calendar
# (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html) [likely]. Every older version left
# standard support before 2025-03-23; newer ones than the table are new, in standard support.
END_OF_STANDARD_SUPPORT = {
    "1.29": datetime.date(2025, 3, 23),
    "1.30": datetime.date(2025, 7, 23),
    "1.31": datetime.date(2025, 11, 26),
    "1.32": datetime.date(2026, 3, 23),
    "1.33": datetime.date(2026, 7, 29),
    "1.34": datetime.date(2026, 12, 2),
    "1.35": datetime.date(2027, 3, 27),
}
_OLDEST_LISTED = (1, 29)
# EKS's defaults when a node group sets no instance type or disk (EKS API reference, CreateNodegroup).
DEFAULT_INSTANCE_TYPE = "t3.medium"
DEFAULT_DISK_GB = 20.0
DEFAULT_WINDOWS_DISK_GB = 50.0
# The root volume type of EKS's own launch template for a node group (gp2, as the corpus's list price
# and pulumi-eks's nodegroup.ts default assume) [likely].
DEFAULT_VOLUME_TYPE = "gp2"
# AWS add-ons whose agents send billed data (findings, metrics, logs): billed by use, not free.
_USAGE_ADDONS = {
    "aws-guardduty-agent": "GuardDuty runtime monitoring, per vCPU-hour monitored",
    "amazon-cloudwatch-observability": "CloudWatch Container Insights metrics and logs",
}


def today() -> datetime.date:
    """The date support status is judged on (a function, so tests can pin it)."""
    return datetime.datetime.now(datetime.UTC).date()


def _minor(version: str) -> tuple[int, int] | None:
    parts = version.strip().split(".")
    try:
        return int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        return None


def in_extended_support(version: str, on: datetime.date) -> bool | None:
    """Is this Kubernetes version past EKS standard support on that date? None if unreadable."""
    minor = _minor(version)
    if minor is None:
        return None
    ended = END_OF_STANDARD_SUPPORT.get(f"{minor[0]}.{minor[1]}")
    if ended is not None:
        return on >= ended
    return minor < _OLDEST_LISTED


@prices(t.EKS_CLUSTER)
def price_cluster(cluster: Node, pricing: Pricing) -> None:
    read = Reader()
    tier = read.get(cluster.props, "controlPlaneScalingConfig", "tier")
    if tier is UNKNOWN or (tier is not None and str(tier).lower() != "standard"):
        pricing.unpriced(
            cluster,
            f"provisioned control plane tier {'unknown at preview' if tier is UNKNOWN else tier!r}: "
            "no sourced price for EKS Provisioned Control Plane tiers",
            "unknown" if tier is UNKNOWN else "no-price",
        )
        return
    support = read.get(cluster.props, "upgradePolicy", "supportType", default="EXTENDED")
    version = cluster.get("version")
    notes: list[str] = []
    upper = False
    extended = False
    if support is UNKNOWN:
        extended, upper = True, True
        notes.append("upgradePolicy unknown at preview: priced as extended support")
    elif str(support).upper() == "STANDARD":
        notes.append("support type STANDARD: upgraded when standard support ends, never extended")
    elif version is UNKNOWN:
        extended, upper = True, True
        notes.append("version unknown at preview: priced as extended support")
    elif version is None:
        notes.append("no version set: EKS creates the latest, in standard support")
    else:
        past = in_extended_support(str(version), today())
        if past is None:
            extended, upper = True, True
            notes.append(f"version {version!r} unreadable: priced as extended support")
        elif past:
            extended = True
            notes.append(f"Kubernetes {version} is past standard support: extended support (on by default)")
        else:
            notes.append(f"Kubernetes {version}, in standard support")
    key = "eks.cluster_hour.extended" if extended else "eks.cluster_hour"
    if as_bool(read.get(cluster.props, "computeConfig", "enabled")) is True:
        notes.append("Auto Mode: the instances it launches for pods are billed by use")
    pricing.item(
        cluster,
        HOURS_PER_MONTH * pricing.rate(key, cluster),
        f"EKS control plane, 730 h/month{notes_text(notes)}",
        upper_bound=upper,
    )


def _launch_template(group: Node, pricing: Pricing) -> Node | None:
    found = pricing.graph.targets(group, "launchTemplate", [t.LAUNCH_TEMPLATE], same_value("id", "name"))
    if found:
        return found[0]
    reference = group.get("launchTemplate")
    if isinstance(reference, dict):
        for key in ("id", "name"):
            wanted = reference.get(key)
            for template in pricing.graph.of(t.LAUNCH_TEMPLATE):
                if wanted not in (None, UNKNOWN) and template.get(key) == wanted:
                    return template
    return None


class _UnpricedError(Exception):
    def __init__(self, reason: str, cause: str = "unknown") -> None:
        super().__init__(reason)
        self.reason = reason
        self.cause = cause


def _priced_type(instance_type: str, node: Node, pricing: Pricing) -> float:
    try:
        return instance_hourly(instance_type, node, pricing)
    except MissingPriceError:
        raise _UnpricedError(f"instance type {instance_type} is not in the price table", "no-price") from None


def _instance_type(
    group: Node, template: Node | None, pricing: Pricing, notes: list[str]
) -> tuple[str, float, bool]:
    """(instance type, its hourly price, priced at a bound) of the node group's nodes."""
    read = Reader()
    listed = group.get("instanceTypes")
    if listed is UNKNOWN:
        raise _UnpricedError("instanceTypes unknown at preview")
    types = [str(x) for x in read.items(listed, "instanceTypes") if x is not UNKNOWN]
    if len(types) != len(read.items(listed, "instanceTypes")):
        raise _UnpricedError("an instance type is unknown at preview")
    spot = str(group.get("capacityType", default="ON_DEMAND")).upper() == "SPOT"
    if types:
        if spot:
            dearest = max(types, key=lambda x: _priced_type(x, group, pricing))
            notes.append(f"Spot: priced at on demand for {dearest}, the dearest listed")
            return dearest, _priced_type(dearest, group, pricing), True
        if len(types) > 1:
            notes.append("on demand launches the first listed type")
        return types[0], _priced_type(types[0], group, pricing), False
    if template is not None:
        from_template = template.get("instanceType")
        if from_template is UNKNOWN:
            bound = pricing.bounds.instance_types
            allowed = []
            for candidate in bound.value if bound else ():
                try:
                    allowed.append((instance_hourly(str(candidate), group, pricing), str(candidate)))
                except MissingPriceError:
                    continue
            if not allowed:
                raise _UnpricedError(
                    "its launch template's instanceType is unknown at preview, and no enforced rule limits it"
                )
            hourly, dearest = max(allowed)
            notes.append(
                f"template instanceType unknown at preview: priced as {dearest}, "
                f"the dearest {bound.source} allows"
            )
            return dearest, hourly, True
        if from_template is not None:
            if spot:
                notes.append("Spot: priced at on demand")
            return str(from_template), _priced_type(str(from_template), group, pricing), spot
    notes.append(f"no instance type set: EKS's default {DEFAULT_INSTANCE_TYPE}")
    if spot:
        notes.append("Spot: priced at on demand")
    return DEFAULT_INSTANCE_TYPE, _priced_type(DEFAULT_INSTANCE_TYPE, group, pricing), spot


def _node_count(group: Node, notes: list[str]) -> tuple[float, bool]:
    read = Reader()
    scaling = group.get("scalingConfig")
    if scaling is UNKNOWN:
        raise _UnpricedError("scalingConfig unknown at preview")
    desired, low, high = (as_number(read.get(scaling, key)) for key in ("desiredSize", "minSize", "maxSize"))
    if desired is UNKNOWN or desired is None:
        if high not in (None, UNKNOWN):
            notes.append(
                f"desiredSize {'unknown at preview' if desired is UNKNOWN else 'not set'}: priced at maxSize"
            )
            return float(high), True
        raise _UnpricedError("scalingConfig desiredSize unknown at preview, and no maxSize bounds it")
    count = float(desired)
    if low not in (None, UNKNOWN):
        count = max(count, float(low))
    return count, False


def _disks(group: Node, template: Node | None, pricing: Pricing) -> tuple[float, str]:
    """Monthly price and basis of one node's EBS volumes."""
    read = Reader()
    windows = str(group.get("amiType", default="")).upper().startswith("WINDOWS")
    if template is None:
        size = as_number(group.get("diskSize"))
        if size is UNKNOWN:
            raise _UnpricedError("diskSize unknown at preview")
        note = ""
        if size is None:
            size = DEFAULT_WINDOWS_DISK_GB if windows else DEFAULT_DISK_GB
            note = f" (EKS's default {fmt_num(size)} GB)"
        monthly, made_of = volume_monthly(pricing, group, DEFAULT_VOLUME_TYPE, float(size), None, None)
        return monthly, f"{made_of}{note}"
    monthly, parts = 0.0, []
    for mapping in read.items_of(template.props, "blockDeviceMappings"):
        ebs = read.get(mapping, "ebs") if mapping is not UNKNOWN else UNKNOWN
        if ebs is UNKNOWN:
            raise _UnpricedError("its launch template's block devices are unknown at preview")
        size = as_number(read.get(ebs, "volumeSize"))
        if size in (None, UNKNOWN):
            raise _UnpricedError("a launch template volume size is unknown (a snapshot-sized volume?)")
        volume_type = str(read.get(ebs, "volumeType", default="gp2"))
        iops, throughput = (as_number(read.get(ebs, key)) for key in ("iops", "throughput"))
        cost, made_of = volume_monthly(
            pricing,
            group,
            volume_type,
            float(size),
            None if iops is UNKNOWN else iops,
            None if throughput is UNKNOWN else throughput,
        )
        monthly, parts = monthly + cost, [*parts, made_of]
    if not parts:
        monthly, made_of = volume_monthly(pricing, group, DEFAULT_VOLUME_TYPE, DEFAULT_DISK_GB, None, None)
        return monthly, f"{made_of} (the template sets no volume: assumed the EKS AMI's)"
    return monthly, " + ".join(parts)


def _public_ip(group: Node, template: Node | None, pricing: Pricing) -> tuple[bool, str]:
    """Do the nodes get public IPv4 addresses: from the template's interfaces, else their subnets."""
    read = Reader()
    if template is not None:
        for interface in read.items_of(template.props, "networkInterfaces"):
            public = (
                as_bool(read.get(interface, "associatePublicIpAddress"))
                if interface is not UNKNOWN
                else UNKNOWN
            )
            if public is True:
                return True, ""
            if public is False:
                return False, ""
    return subnets_map_public(group, pricing, "subnetIds", missing="its subnets are", which="a subnet")


@prices(t.EKS_NODE_GROUP)
def price_node_group(group: Node, pricing: Pricing) -> None:
    if str(group.get("amiType", default="")).upper().startswith("WINDOWS"):
        pricing.unpriced(group, "Windows nodes carry a license price the table doesn't have", "no-price")
        return
    template = None
    if group.get("launchTemplate") is not None:
        template = _launch_template(group, pricing)
        if template is None:
            pricing.unpriced(group, "its launch template is not in the stack")
            return
    notes: list[str] = []
    try:
        instance_type, hourly, upper_type = _instance_type(group, template, pricing, notes)
        count, upper_count = _node_count(group, notes)
        disk_monthly, disk_basis = _disks(group, template, pricing)
    except _UnpricedError as problem:
        pricing.unpriced(group, problem.reason, problem.cause)
        return
    except MissingPriceError as missing:
        pricing.unpriced(group, str(missing), "no-price")
        return
    upper = upper_type or upper_count
    nodes = f"{fmt_num(count)} x {instance_type}"
    pricing.item(
        group,
        count * hourly * HOURS_PER_MONTH,
        f"{nodes} managed nodes, 730 h/month{notes_text(notes)}",
        upper_bound=upper,
    )
    public, why = _public_ip(group, template, pricing)
    if public:
        pricing.item(
            group,
            count * HOURS_PER_MONTH * pricing.rate("ipv4.public_hour", group),
            f"public IPv4 of {fmt_num(count)} node(s), 730 h/month{notes_text([why])}",
            upper_bound=upper,
        )
    pricing.item(
        group, count * disk_monthly, f"{fmt_num(count)} x {disk_basis} root volume(s)", upper_bound=upper
    )


@prices(t.EKS_FARGATE_PROFILE)
def price_fargate_profile(profile: Node, pricing: Pricing) -> None:
    pricing.usage(
        profile,
        "the pods it selects bill Fargate vCPU and GB-hours while they run (CoreDNS's among them if it "
        "selects kube-system)",
    )


@prices(t.EKS_ADDON)
def price_addon(addon: Node, pricing: Pricing) -> None:
    name: Any = addon.get("addonName")
    if name is UNKNOWN or name is None:
        pricing.unpriced(addon, "addonName unknown at preview: a Marketplace add-on bills through its vendor")
        return
    name = str(name)
    if "_" in name:
        # Marketplace add-ons are named vendor_product; AWS and community add-ons use dashes only.
        pricing.unpriced(addon, f"{name} is an AWS Marketplace add-on, billed by its vendor", "no-price")
    elif name in _USAGE_ADDONS:
        pricing.usage(addon, _USAGE_ADDONS[name])
    else:
        pricing.free(
            addon, f"{name}: an AWS or community add-on, no charge of its own (it runs on the nodes)"
        )


@prices(t.EKS_CAPABILITY)
def price_capability(capability: Node, pricing: Pricing) -> None:
    pricing.unpriced(
        capability,
        "EKS Capabilities (managed Argo CD, ACK, kro) bill per capability-hour and per managed resource; "
        "no sourced price",
        "no-price",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:eks/addon:Addon": Inputs(
        reads="addonName region",
        free=(
            "addonVersion clusterName configurationValues namespaceConfig podIdentityAssociations "
            "preserve resolveConflictsOnCreate resolveConflictsOnUpdate serviceAccountRoleArn tags"
        ),
    ),
    "aws:eks/capability:Capability": Inputs(
        reads="region",
        free=("capabilityName clusterName configuration deletePropagationPolicy roleArn tags timeouts type"),
    ),
    "aws:eks/cluster:Cluster": Inputs(
        reads="computeConfig controlPlaneScalingConfig name region upgradePolicy version",
        free=(
            "accessConfig bootstrapSelfManagedAddons defaultAddonsToRemoves deletionProtection "
            "enabledClusterLogTypes encryptionConfig forceUpdateVersion kubeApiServerConfig "
            "kubeControllerManagerConfig kubeSchedulerConfig kubernetesNetworkConfig outpostConfig "
            "remoteNetworkConfig roleArn storageConfig tags vpcConfig zonalShiftConfig"
        ),
    ),
    "aws:eks/fargateProfile:FargateProfile": Inputs(
        reads="region subnetIds",
        free="clusterName fargateProfileName podExecutionRoleArn selectors tags",
    ),
    "aws:eks/nodeGroup:NodeGroup": Inputs(
        reads=(
            "amiType capacityType diskSize instanceTypes launchTemplate region scalingConfig subnetIds "
            "version"
        ),
        free=(
            "clusterName forceUpdateVersion labels nodeGroupName nodeGroupNamePrefix "
            "nodeRepairConfig nodeRoleArn releaseVersion remoteAccess tags taints updateConfig"
        ),
        unread={
            "warmPoolConfig": "a warm pool keeps extra instances beyond the desired size",
        },
    ),
}
