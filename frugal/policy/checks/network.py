"""Network rules: no public IPv4, no NAT gateway, no load balancer, few interface endpoints."""

from __future__ import annotations

from typing import Any

from pulumi_policy import ReportViolation, StackValidationArgs

from .. import types as t
from ..framework import as_int, count_rule, integer, stack_graph, stack_rule
from ..graph import Node, StackGraph, same_value
from ..values import UNKNOWN, Reader, as_bool, as_number


def _flag(read: Reader, node: Node, *path: str, default: Any = None) -> Any:
    """A boolean property of one of the stack's resources: True, False, None or UNKNOWN (recorded)."""
    return as_bool(read.scoped(node.name).get(node.props, *path, default=default))


def _in_subnet(graph: StackGraph, instance: Node, subnet: Node) -> bool:
    if instance.kind == t.AUTOSCALING_GROUP:
        return graph.linked(instance, "vpcZoneIdentifiers", subnet, same_value("id"))
    return graph.linked(instance, "subnetId", subnet, same_value("id"))


def _group_templates(graph: StackGraph, group: Node) -> list[Node]:
    """The launch templates an Auto Scaling group launches from (directly or in a mixed policy)."""
    return graph.targets(
        group, "launchTemplate", [t.LAUNCH_TEMPLATE], same_value("id", "name")
    ) + graph.targets(group, "mixedInstancesPolicy", [t.LAUNCH_TEMPLATE])


def _nat_group(graph: StackGraph, group: Node, read: Reader) -> list[Node]:
    """The launch templates of an Auto Scaling group that is a NAT instance, as fck-nat builds one: at
    most one instance, with a network interface that has source/dest check off or that a route sends
    traffic to. Empty when the group is not one."""
    high = as_number(read.scoped(group.name).get(group.props, "maxSize"))
    if not isinstance(high, int | float) or high > 1:
        return []
    found = []
    for template in _group_templates(graph, group):
        # Its interface: attached through the template, or at boot by the user data (fck-nat's way).
        interfaces = graph.depends_on(template, [t.NETWORK_INTERFACE])
        routed = any(graph.referrers(eni, [t.ROUTE], "networkInterfaceId") for eni in interfaces)
        unchecked = any(as_bool(eni.get("sourceDestCheck")) is False for eni in interfaces)
        if routed or unchecked:
            found.append(template)
    return found


@stack_rule(
    name="no-public-ip",
    description="Public IPv4 addresses cost $3.65/month each and expose resources: keep tasks, instances, "
    "load balancers and databases private (a NAT instance's one address is allowed).",
    properties={
        "maxNatInstances": integer(
            1, "NAT instances (sourceDestCheck=false) allowed their one public address."
        ),
        "maxPublicSubnets": integer(
            0, "Public subnets allowed besides those holding an allowed NAT instance."
        ),
    },
    remediation=(
        "Set assignPublicIp=false, associatePublicIpAddress=false, mapPublicIpOnLaunch=false, internal=true, "
        "publiclyAccessible=false; reach the service through API Gateway + a VPC link."
    ),
    verifies="that no public IPv4 address is created",
)
def no_public_ip(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    graph = stack_graph(args)
    max_nat = as_int(cfg["maxNatInstances"])
    nat_instances: list[Node] = []
    unset: list[Node] = []  # other instances that leave the address to their subnet
    for instance in graph.of(*t.INSTANCES):
        source_dest = _flag(read, instance, "sourceDestCheck")
        public = _flag(read, instance, "associatePublicIpAddress")
        if source_dest is False:
            nat_instances.append(instance)
            if len(nat_instances) > max_nat:
                report(
                    f"{instance.label}: NAT instance {len(nat_instances)}, over maxNatInstances={max_nat}; "
                    "each one pays for a public IPv4 address",
                    instance.urn,
                )
            continue
        if public is True:
            report(f"{instance.label}: EC2 instance with associatePublicIpAddress=true", instance.urn)
        elif public is None:
            unset.append(instance)
    nat_templates: set[str] = set()
    for group in graph.of(t.AUTOSCALING_GROUP):
        templates = _nat_group(graph, group, read)
        if not templates:
            continue
        nat_instances.append(group)
        if len(nat_instances) > max_nat:
            report(
                f"{group.label}: NAT instance {len(nat_instances)} (an Auto Scaling group of at most 1), "
                f"over maxNatInstances={max_nat}; each one pays for a public IPv4 address",
                group.urn,
            )
        else:
            nat_templates.update(template.urn for template in templates)
    allowed_nat = nat_instances[:max_nat]

    public_subnets = [s for s in graph.of(t.SUBNET) if _flag(read, s, "mapPublicIpOnLaunch") is True]
    for instance in unset:
        # The subnet may be allowed for the NAT instance; another instance in it still gets an address.
        if any(_in_subnet(graph, instance, s) for s in public_subnets):
            report(
                f"{instance.label}: EC2 instance in a subnet with mapPublicIpOnLaunch=true and no "
                "associatePublicIpAddress=false gets a public IPv4",
                instance.urn,
            )
    unlinked = [s for s in public_subnets if not any(_in_subnet(graph, nat, s) for nat in allowed_nat)]
    max_public = as_int(cfg["maxPublicSubnets"])
    for subnet in unlinked[max_public:]:
        report(
            f"{subnet.label}: subnet with mapPublicIpOnLaunch=true that holds no allowed NAT instance "
            f"(maxPublicSubnets={max_public})",
            subnet.urn,
        )

    for eip in graph.of(t.EIP):
        if any(graph.linked(eip, "instance", nat) for nat in allowed_nat):
            continue
        report(
            f"{eip.label}: Elastic IP ($3.65/month attached or not); a NAT instance can use its "
            "auto-assigned address, released while stopped",
            eip.urn,
        )

    for template in graph.of(t.LAUNCH_TEMPLATE):
        if template.urn in nat_templates:
            continue  # the allowed NAT instance's one address
        at = read.scoped(template.name)
        for index, interface in enumerate(at.items_of(template.props, "networkInterfaces")):
            if interface is UNKNOWN:
                continue
            if (
                as_bool(at.scoped(f"networkInterfaces[{index}]").get(interface, "associatePublicIpAddress"))
                is True
            ):
                report(
                    f"{template.label}: launch template networkInterfaces[{index}] associates a public IP",
                    template.urn,
                )

    for service in graph.of(t.ECS_SERVICE):
        if _flag(read, service, "networkConfiguration", "assignPublicIp") is True:
            report(
                f"{service.label}: ECS service with assignPublicIp=true (one public IPv4 per task)",
                service.urn,
            )

    for balancer in graph.of(*t.ALL_LOAD_BALANCERS):
        if balancer.get("loadBalancerType") == "gateway":
            continue  # a Gateway Load Balancer has no public address: it sits behind endpoints in the VPC
        if _flag(read, balancer, "internal", default=False) is False:
            report(f"{balancer.label}: internet-facing load balancer (one public IPv4 per AZ)", balancer.urn)

    for database in graph.of(*t.RDS_INSTANCES):
        if _flag(read, database, "publiclyAccessible") is True:
            report(f"{database.label}: RDS instance with publiclyAccessible=true", database.urn)


count_rule(
    name="no-nat-gateway",
    description=(
        "A NAT gateway costs about $32.85/month per AZ plus $0.045/GB and its address; use the NAT instance."
    ),
    setting="maxNatGateways",
    kinds=(t.NAT_GATEWAY,),
    what="NAT gateway",
    why="$0.045/h + $0.045/GB; a t4g.nano NAT instance costs $0.0042/h",
    remediation="Set egress to nat-instance (about $3 a month on a schedule) or use free gateway endpoints.",
)
count_rule(
    name="no-load-balancer",
    description=(
        "ALBs and NLBs cost about $16.43/month before traffic; API Gateway + Cloud Map is the cheap path."
    ),
    setting="maxLoadBalancers",
    kinds=t.ALL_LOAD_BALANCERS,
    what="load balancer",
    why="$0.0225/h + LCUs even when idle",
    remediation="Put an API Gateway HTTP API with a VPC link to the Cloud Map service in front of the tasks.",
)


@stack_rule(
    name="vpc-endpoint-budget",
    description="Each interface endpoint costs about $7.30/month per AZ; keep their number per AZ small.",
    properties={
        "maxInterfaceEndpointsPerAz": integer(
            0, "Interface endpoints allowed in any one AZ (gateway endpoints are free)."
        ),
    },
    remediation="Use the NAT instance for egress, and the free S3/DynamoDB gateway endpoints.",
    verifies="the interface endpoint count",
)
def vpc_endpoint_budget(
    args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
) -> None:
    graph = stack_graph(args)
    limit = as_int(cfg["maxInterfaceEndpointsPerAz"])
    per_az: dict[str, list[str]] = {}
    everywhere: list[str] = []  # endpoints whose AZs can't be resolved: counted in every AZ
    for endpoint in graph.of(t.VPC_ENDPOINT):
        kind = read.scoped(endpoint.name).get(endpoint.props, "vpcEndpointType", default="Gateway")
        if kind != "Interface":
            continue
        service = read.scoped(endpoint.name).get(endpoint.props, "serviceName", default=endpoint.name)
        label = f"{endpoint.name} ({service if service is not UNKNOWN else '?'})"
        zones = {
            subnet.get("availabilityZone") for subnet in graph.targets(endpoint, "subnetIds", [t.SUBNET])
        }
        zones.discard(None)
        if not zones or UNKNOWN in zones:
            everywhere.append(label)
        for zone in zones - {UNKNOWN}:
            per_az.setdefault(str(zone), []).append(label)
    counts = {zone: labels + everywhere for zone, labels in per_az.items()} or (
        {"each AZ": everywhere} if everywhere else {}
    )
    for zone, labels in counts.items():
        if len(labels) > limit:
            report(
                f"{len(labels)} interface endpoints in {zone} (over maxInterfaceEndpointsPerAz={limit}, "
                f"~$7.30/month each per AZ): {', '.join(sorted(set(labels)))}"
            )
