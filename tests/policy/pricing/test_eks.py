"""EKS: control plane by support status, managed node groups (types, counts, launch templates through the
graph, disks, public IPv4), Fargate profiles, add-ons and capabilities. Prices hand-computed from
prices.json: eks.cluster_hour 0.10 / extended 0.60, t3.medium 0.0416, m7i.large 0.1008, m5.large 0.096,
gp2 0.10, gp3 0.08, IPv4 0.005."""

from __future__ import annotations

import datetime

import pytest
from pulumi_policy.proxy import UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE

from frugal.policy.pricing import Bound, Bounds, eks
from tests.policy.helpers import estimate_of, node

CLUSTER = "aws:eks/cluster:Cluster"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
SUBNET = "aws:ec2/subnet:Subnet"
SCALING = {"desiredSize": 2, "minSize": 1, "maxSize": 4}


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch):
    def pin(year: int, month: int, day: int) -> None:
        monkeypatch.setattr(eks, "today", lambda: datetime.date(year, month, day))

    return pin


def control_plane(props: dict) -> tuple[float, str, bool]:
    result = estimate_of(node(CLUSTER, "apps", props))
    assert result.unpriced == [] and len(result.items) == 1, result.unpriced
    item = result.items[0]
    return round(item.monthly_usd, 2), item.basis, item.upper_bound


def test_the_control_plane_is_standard_or_extended_support_by_version(on_day):
    on_day(2026, 12, 1)
    assert control_plane({})[0] == 73.00
    assert control_plane({"version": "1.34"})[0] == 73.00
    monthly, basis, _ = control_plane({"version": "1.31"})
    assert monthly == 438.00 and "past standard support" in basis
    assert control_plane({"version": "1.24"})[0] == 438.00
    assert control_plane({"version": "1.40"})[0] == 73.00
    # Support type STANDARD: upgraded at the end of standard support, never billed extended.
    assert control_plane({"version": "1.31", "upgradePolicy": {"supportType": "STANDARD"}})[0] == 73.00
    on_day(2026, 12, 2)
    assert control_plane({"version": "1.34"})[0] == 438.00


def test_an_unknown_version_is_priced_as_extended_support_at_most(on_day):
    on_day(2026, 12, 1)
    monthly, basis, upper = control_plane({"version": UNKNOWN_STRING_VALUE})
    assert (monthly, upper) == (438.00, True) and basis.startswith("at most")


def test_provisioned_control_plane_tiers_fail_closed_and_auto_mode_is_noted(on_day):
    on_day(2026, 12, 1)
    tiered = estimate_of(node(CLUSTER, "apps", {"controlPlaneScalingConfig": {"tier": "tier-xl"}}))
    assert tiered.items == [] and tiered.unpriced[0].cause == "no-price"
    assert control_plane({"controlPlaneScalingConfig": {"tier": "standard"}})[0] == 73.00
    assert "Auto Mode" in control_plane({"computeConfig": {"enabled": True}})[1]


def test_aws_native_cluster(on_day):
    on_day(2026, 12, 1)
    native = estimate_of(
        node(
            "aws-native:eks:Cluster", "apps", {"resourcesVpcConfig": {"subnetIds": ["a"]}, "version": "1.30"}
        )
    )
    assert native.items[0].monthly_usd == pytest.approx(438.00)


def amounts(*nodes, bounds: Bounds | None = None) -> list[float]:
    result = estimate_of(*nodes, bounds=bounds)
    assert result.unpriced == [], result.unpriced
    return [round(i.monthly_usd, 2) for i in result.items]


def test_a_node_group_is_its_nodes_disks_and_their_public_addresses():
    group = node(
        NODE_GROUP,
        "general",
        {"instanceTypes": ["t3.medium"], "diskSize": 20, "scalingConfig": SCALING, "subnetIds": ["subnet-x"]},
    )
    # Subnets outside the stack (a lookup of the default VPC): assumed to map public IPs.
    assert amounts(group) == [round(2 * 0.0416 * 730, 2), 7.30, 4.00]
    private = node(SUBNET, "private", {"mapPublicIpOnLaunch": False})
    in_private = node(
        NODE_GROUP,
        "general",
        {"scalingConfig": SCALING, "subnetIds": [UNKNOWN_STRING_VALUE]},
        {"subnetIds": [private]},
    )
    # No instance type or disk: EKS's default t3.medium and 20 GB.
    assert amounts(private, in_private) == [round(2 * 0.0416 * 730, 2), 4.00]


def test_a_launch_template_linked_through_the_graph_gives_the_type_and_the_disks():
    template = node(
        TEMPLATE,
        "nodes",
        {
            "instanceType": "m7i.large",
            "blockDeviceMappings": [
                {"deviceName": "/dev/xvda", "ebs": {"volumeSize": 50, "volumeType": "gp3"}}
            ],
        },
    )
    subnet = node(SUBNET, "private", {"mapPublicIpOnLaunch": False})
    group = node(
        NODE_GROUP,
        "general",
        {
            "scalingConfig": {"desiredSize": 3},
            "launchTemplate": {"id": UNKNOWN_STRING_VALUE, "version": "$Latest"},
            "subnetIds": UNKNOWN_STRING_VALUE,
        },
        {"launchTemplate": [template], "subnetIds": [subnet]},
    )
    assert amounts(template, group, subnet) == [round(3 * 0.1008 * 730, 2), 12.00]
    missing = estimate_of(
        node(NODE_GROUP, "g", {"scalingConfig": SCALING, "launchTemplate": {"id": "lt-outside"}})
    )
    assert "not in the stack" in missing.unpriced[0].reason


def test_an_unknown_template_instance_type_is_priced_at_the_enforced_rules_dearest():
    template = node(TEMPLATE, "nodes", {"instanceType": UNKNOWN_STRING_VALUE})
    group = node(
        NODE_GROUP,
        "g",
        {"scalingConfig": {"desiredSize": 1}, "launchTemplate": {"id": UNKNOWN_STRING_VALUE}},
        {"launchTemplate": [template]},
    )
    bounds = Bounds(
        instance_types=Bound(("t3.medium", "m5.large"), "ec2-instance-types allowedInstanceTypes")
    )
    result = estimate_of(template, group, bounds=bounds)
    assert result.items[0].monthly_usd == pytest.approx(0.096 * 730) and result.items[0].upper_bound
    assert "m5.large" in result.items[0].basis
    assert estimate_of(template, group).unpriced[0].cause == "unknown"


def test_spot_unknown_sizes_windows_and_missing_prices():
    spot = estimate_of(
        node(
            NODE_GROUP,
            "spot",
            {"capacityType": "SPOT", "instanceTypes": ["t3.medium", "m5.large"], "scalingConfig": SCALING},
        )
    ).items[0]
    assert spot.monthly_usd == pytest.approx(2 * 0.096 * 730) and spot.upper_bound
    at_max = estimate_of(
        node(NODE_GROUP, "g", {"scalingConfig": {"desiredSize": UNKNOWN_NUMBER_VALUE, "maxSize": 5}})
    ).items[0]
    assert at_max.monthly_usd == pytest.approx(5 * 0.0416 * 730) and at_max.upper_bound
    for props, kind in [
        ({"scalingConfig": UNKNOWN_STRING_VALUE}, "unknown"),
        ({"scalingConfig": SCALING, "instanceTypes": UNKNOWN_STRING_VALUE}, "unknown"),
        ({"scalingConfig": SCALING, "instanceTypes": ["x99.mega"]}, "no-price"),
        ({"scalingConfig": SCALING, "amiType": "WINDOWS_CORE_2022_x86_64"}, "no-price"),
    ]:
        result = estimate_of(node(NODE_GROUP, "g", props))
        assert result.items == [] and [u.cause for u in result.unpriced] == [kind], props


def test_aws_native_node_group():
    native = node(
        "aws-native:eks:Nodegroup",
        "general",
        {
            "instanceTypes": ["t3.medium"],
            "scalingConfig": SCALING,
            "subnets": ["subnet-x"],
            "nodeRole": "arn",
        },
    )
    assert amounts(native) == [round(2 * 0.0416 * 730, 2), 7.30, 4.00]


def test_fargate_profiles_add_ons_and_capabilities():
    profile = estimate_of(
        node("aws:eks/fargateProfile:FargateProfile", "fp", {"selectors": [{"namespace": "apps"}]})
    )
    assert profile.items == [] and profile.usage_priced
    addons = estimate_of(
        *(
            node("aws:eks/addon:Addon", name, {"addonName": name, "clusterName": "c"})
            for name in ("vpc-cni", "aws-guardduty-agent", "datadog_operator")
        )
    )
    assert [f.urn.rsplit("::", 1)[-1] for f in addons.free] == ["vpc-cni"]
    assert [u.urn.rsplit("::", 1)[-1] for u in addons.usage_priced] == ["aws-guardduty-agent"]
    assert [(u.urn.rsplit("::", 1)[-1], u.cause) for u in addons.unpriced] == [
        ("datadog_operator", "no-price")
    ]
    capability = estimate_of(node("aws:eks/capability:Capability", "argo", {"type": "ARGOCD"}))
    assert capability.unpriced[0].cause == "no-price"


def test_pulumi_eks_components_are_priced_through_the_children_the_engine_sees(on_day):
    """What the real CLI analyzes under eks.Cluster (NodeGroupV2: a launch template and an ASG, per
    pulumi-eks nodegroup.ts) and eks.ManagedNodeGroup: within the corpus's list prices (±35%)."""
    on_day(2026, 12, 1)
    component = node("eks:index:Cluster", "apps", {})
    control = node(CLUSTER, "apps-eksCluster", {}, parent=component)
    template = node(
        TEMPLATE,
        "apps-launchTemplate",
        {
            "instanceType": "t3.medium",
            "networkInterfaces": [{"associatePublicIpAddress": "true"}],
            "blockDeviceMappings": [
                {"deviceName": "/dev/xvda", "ebs": {"volumeSize": 20, "volumeType": "gp2"}}
            ],
        },
        parent=component,
    )
    asg = node(
        "aws:autoscaling/group:Group",
        "apps-nodes",
        {"desiredCapacity": 2, "minSize": 1, "maxSize": 2, "launchTemplate": {"id": UNKNOWN_STRING_VALUE}},
        {"launchTemplate": [template]},
        parent=component,
    )
    default = estimate_of(component, control, template, asg)
    assert default.unpriced == [] and abs(default.monthly_usd - 145.04) <= 0.35 * 145.04
    managed = node("eks:index:ManagedNodeGroup", "general", {})
    group = node(
        NODE_GROUP,
        "general",
        {"instanceTypes": ["m7i.large"], "scalingConfig": SCALING, "subnetIds": UNKNOWN_STRING_VALUE},
        parent=managed,
    )
    with_managed = estimate_of(component, control, managed, group)
    assert with_managed.unpriced == [] and with_managed.monthly_usd == pytest.approx(231.47, abs=0.01)
