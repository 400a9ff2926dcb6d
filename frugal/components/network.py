"""Network: a VPC whose private subnets reach AWS without giving tasks public IPs.

Private subnets (one per AZ) hold the tasks. Egress to ECR, CloudWatch Logs and SSM is one of:
- `nat-instance`: a t4g.nano in a small public subnet, stopped and started on the service's
  schedule by EventBridge Scheduler (free tier) rather than an ASG, because a route must point at
  a fixed network interface: an ASG replacement would get a new one, while a stopped-and-started
  instance keeps its ENI (and the route to it) and releases its auto-assigned public IPv4;
- `vpc-endpoints`: interface endpoints for ecr.api, ecr.dkr, logs and ssm in every private subnet;
- `nat-gateway`: one managed NAT gateway.
The S3 (image layers) and DynamoDB gateway endpoints are always there: they're free and keep that
traffic off the NAT. With `flow_logs`, the VPC's flow logs go to a `LogBucket` in S3 (no fixed fee, unlike
an interface endpoint or a CloudWatch Logs group's ingestion: $0.25 per GB delivered). The NAT instance
has termination protection, which `pulumi destroy` and replacements get past through `force_destroy`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from frugal.aws_limits import EGRESS_MODES, Schedule
from frugal.components.alerts import AlarmTopic, ec2_action_arn
from frugal.components.base import Component, Moved
from frugal.components.log_bucket import FLOW_LOGS_PREFIX, LogDestination
from frugal.components.scheduler import ApiCall, scheduled_api_calls

INTERFACE_ENDPOINT_SERVICES = ("ecr.api", "ecr.dkr", "logs", "ssm")
NAT_INSTANCE_TYPE = "t4g.nano"
# The current Amazon Linux 2023 arm64 AMI, from AWS's public SSM parameter.
NAT_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
# The AL2023 AMI's root snapshot is 8 GiB; a volume can't be smaller than its snapshot.
NAT_ROOT_VOLUME_GIB = 8
# Status checks are 1-minute metrics (free, basic monitoring). A failed system check for 2 minutes asks
# EC2 to recover the instance onto other hardware (same ID, ENI, private and public IP); a failed
# instance check for 3 minutes reboots it. A stopped instance publishes nothing: missing data is OK.
STATUS_CHECK_PERIOD_SECONDS = 60
NAT_STATUS_ALARMS = (
    # (child suffix, metric, EC2 action, minutes failing)
    ("nat-system-check", "StatusCheckFailed_System", "recover", 2),
    ("nat-instance-check", "StatusCheckFailed_Instance", "reboot", 3),
)
HTTPS = 443

# Masquerading and forwarding, after AWS's NAT instance guide
# (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html#create-nat-ami), hardened
# against the ways it is reported to fail on a t4g.nano:
# - dnf can be OOM-killed in 512 MiB, so a temporary swap file comes first, and the install retries;
# - no `set -e`: an aborted script still leaves a "healthy" instance the route points at. Instead the
#   masquerade rule is checked and a failure powers the instance off, where an operator can see it;
# - forwarding is switched on (and persisted) only after that check, so a box that can't translate
#   never forwards, not even after a restart (user data runs once; sysctl.d and the saved ruleset
#   are what the nightly stop/start brings back);
# - the interface comes from iproute2, not the legacy `route`.
# The ruleset is saved before the iptables service ever starts, so the package's default REJECT
# rules are never loaded.
NAT_USER_DATA = """#!/bin/bash
dd if=/dev/zero of=/swapfile bs=1M count=1024 && chmod 600 /swapfile && mkswap /swapfile && swapon /swapfile
for attempt in 1 2 3 4 5; do dnf install -y iptables-services && break; sleep 15; done
swapoff /swapfile; rm -f /swapfile
IFACE=$(ip -o -4 route show to default | awk '{print $5; exit}')
iptables -t nat -A POSTROUTING -o "$IFACE" -j MASQUERADE
iptables-save > /etc/sysconfig/iptables
systemctl enable iptables
iptables -t nat -C POSTROUTING -o "$IFACE" -j MASQUERADE && test -s /etc/sysconfig/iptables || poweroff
echo "net.ipv4.ip_forward=1" > /etc/sysctl.d/90-nat.conf
sysctl -p /etc/sysctl.d/90-nat.conf
"""


InstanceSchedule = Schedule
"""The name this type had before `Schedule` served every schedule: `start` and `stop` the NAT instance."""


@dataclass
class NetworkArgs:
    az_count: int = 1
    """Availability Zones with a private subnet each (the NAT, if any, lives in the first)."""
    egress: str = "nat-instance"
    """How private subnets reach ECR, Logs and SSM: nat-instance, vpc-endpoints or nat-gateway."""
    cidr_block: str = "10.0.0.0/16"
    nat_schedule: Schedule | None = None
    """When the NAT instance runs (egress nat-instance only); None keeps it running all the time."""
    alarms: AlarmTopic | None = None
    """The NAT instance's status-check alarms (recover, reboot) notify here; the other egress modes have
    nothing of their own to watch. None: no alarms."""
    flow_logs: LogDestination | None = None
    """VPC flow logs (all traffic) to this bucket, under `vpc-flow-logs/`: no fixed fee, $0.25 per GB
    delivered (vended logs). None: no flow logs."""

    def __post_init__(self) -> None:
        if self.egress not in EGRESS_MODES:
            raise ValueError(f"Network egress {self.egress!r}: allowed: {', '.join(EGRESS_MODES)}")
        if self.nat_schedule is not None and self.egress != "nat-instance":
            raise ValueError(f"Network nat_schedule applies to egress nat-instance only, not {self.egress!r}")


class Network(Component):
    """A VPC with private subnets only tasks use, free gateway endpoints, and the chosen egress."""

    vpc_id: pulumi.Output[str]
    vpc_cidr: pulumi.Output[str]
    private_subnet_ids: pulumi.Output[list[str]]
    public_subnet_ids: pulumi.Output[list[str]]
    """Only the NAT's subnet (egress nat-instance or nat-gateway), else empty."""
    private_route_table_id: pulumi.Output[str]
    nat_instance_id: pulumi.Output[str] | None

    def __init__(
        self,
        name: str,
        args: NetworkArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        moved: Moved | None = None,
    ) -> None:
        super().__init__("frugal:components:Network", name, opts, moved)
        self._label = name
        zones = self._zones(args)
        region = aws.get_region(opts=self.invoke_opts()).region
        # /20 private subnets per AZ from the bottom of the range, /24 public ones from the top half.
        network = ipaddress.ip_network(args.cidr_block)
        private_cidrs = [str(cidr) for cidr in network.subnets(new_prefix=20)]
        public_cidrs = [str(cidr) for cidr in list(network.subnets(new_prefix=17))[1].subnets(new_prefix=24)]

        vpc = self._vpc(args)
        if args.flow_logs is not None:
            self._flow_logs(vpc, args.flow_logs)
        private_subnets = self._private_subnets(vpc, zones, private_cidrs)
        private_rt = self._private_route_table(vpc, zones, private_subnets)
        self._gateway_endpoints(vpc, region, private_rt)
        public_subnets = self._egress(args, vpc, zones, region, public_cidrs, private_subnets, private_rt)

        self.vpc_id = vpc.id
        self.vpc_cidr = vpc.cidr_block
        self.private_subnet_ids = pulumi.Output.all(*[s.id for s in private_subnets])
        self.public_subnet_ids = pulumi.Output.all(*[s.id for s in public_subnets])
        self.private_route_table_id = private_rt.id
        self.finish(
            {
                "vpcId": self.vpc_id,
                "vpcCidr": self.vpc_cidr,
                "privateSubnetIds": self.private_subnet_ids,
                "publicSubnetIds": self.public_subnet_ids,
                "privateRouteTableId": self.private_route_table_id,
                "natInstanceId": self.nat_instance_id,
            }
        )

    def _zones(self, args: NetworkArgs) -> list[str]:
        """The first az_count Availability Zones; opted-in Local Zones (us-east-1-bos-1a) are left out."""
        zones = aws.get_availability_zones(
            state="available",
            filters=[{"name": "opt-in-status", "values": ["opt-in-not-required"]}],
            opts=self.invoke_opts(),
        ).names
        if not 1 <= args.az_count <= len(zones):
            raise ValueError(
                f"Network az_count {args.az_count}: allowed: 1 to {len(zones)} (zones in the region)"
            )
        return list(zones[: args.az_count])

    def _vpc(self, args: NetworkArgs) -> aws.ec2.Vpc:
        name = f"{self._label}-vpc"
        return aws.ec2.Vpc(
            name,
            cidr_block=args.cidr_block,
            # Cloud Map private DNS and interface endpoints' private DNS need both.
            enable_dns_hostnames=True,
            enable_dns_support=True,
            tags={"Name": name},
            opts=self.child_opts(name),
        )

    def _flow_logs(self, vpc: aws.ec2.Vpc, destination: LogDestination) -> None:
        """Every accepted and rejected flow of the VPC, as files in S3 every 10 minutes."""
        name = f"{self._label}-flow-logs"
        aws.ec2.FlowLog(
            name,
            vpc_id=vpc.id,
            traffic_type="ALL",
            log_destination_type="s3",
            log_destination=pulumi.Output.concat(destination.bucket_arn, f"/{FLOW_LOGS_PREFIX}"),
            max_aggregation_interval=600,
            tags={"Name": name},
            opts=self.child_opts(name, depends_on=list(destination.ready)),
        )

    def _private_subnets(self, vpc: aws.ec2.Vpc, zones: list[str], cidrs: list[str]) -> list[aws.ec2.Subnet]:
        subnets = []
        for cidr, zone in zip(cidrs, zones, strict=False):
            name = f"{self._label}-private-{zone[-1]}"
            subnets.append(
                aws.ec2.Subnet(
                    name,
                    vpc_id=vpc.id,
                    cidr_block=cidr,
                    availability_zone=zone,
                    map_public_ip_on_launch=False,
                    tags={"Name": f"{self._label}-private-{zone}", "frugal:tier": "private"},
                    opts=self.child_opts(name),
                )
            )
        return subnets

    def _private_route_table(
        self, vpc: aws.ec2.Vpc, zones: list[str], subnets: list[aws.ec2.Subnet]
    ) -> aws.ec2.RouteTable:
        name = f"{self._label}-private"
        route_table = aws.ec2.RouteTable(name, vpc_id=vpc.id, tags={"Name": name}, opts=self.child_opts(name))
        for zone, subnet in zip(zones, subnets, strict=True):
            association = f"{self._label}-private-{zone[-1]}"
            aws.ec2.RouteTableAssociation(
                association,
                subnet_id=subnet.id,
                route_table_id=route_table.id,
                opts=self.child_opts(association),
            )
        return route_table

    def _gateway_endpoints(self, vpc: aws.ec2.Vpc, region: str, route_table: aws.ec2.RouteTable) -> None:
        """S3 (image layers) and DynamoDB: free, and they keep that traffic off the NAT."""
        for service in ("s3", "dynamodb"):
            name = f"{self._label}-{service}"
            self._endpoint(name, name, vpc, region, service, "Gateway", route_table_ids=[route_table.id])

    def _egress(
        self,
        args: NetworkArgs,
        vpc: aws.ec2.Vpc,
        zones: list[str],
        region: str,
        public_cidrs: list[str],
        private_subnets: list[aws.ec2.Subnet],
        private_rt: aws.ec2.RouteTable,
    ) -> list[aws.ec2.Subnet]:
        """The private subnets' way out; returns the public subnets it needed."""
        name = self._label
        self.nat_instance_id = None
        if args.egress == "vpc-endpoints":
            self._interface_endpoints(vpc, args.cidr_block, region, private_subnets)
            return []
        subnet, internet_path = self._public_subnet(vpc, zones[0], public_cidrs[0])
        if args.egress == "nat-instance":
            # The instance installs packages at first boot: its route to the internet must exist by then.
            instance = self._nat_instance(vpc, args.cidr_block, subnet, internet_path)
            self.nat_instance_id = instance.id
            self._private_default_route(
                private_rt, network_interface_id=instance.primary_network_interface_id
            )
            if args.nat_schedule is not None:
                self._nat_schedule(instance, args.nat_schedule)
            if args.alarms is not None:
                self._nat_alarms(instance, region, args.alarms)
            return [subnet]
        # A public NAT gateway fails to create in a VPC without an internet gateway, and nothing in
        # its inputs refers to the gateway: wait for the public route explicitly.
        eip = aws.ec2.Eip(
            f"{name}-nat",
            domain="vpc",
            tags={"Name": f"{name}-nat"},
            opts=self.child_opts(f"{name}-nat", depends_on=internet_path),
        )
        gateway = aws.ec2.NatGateway(
            f"{name}-nat",
            allocation_id=eip.id,
            subnet_id=subnet.id,
            connectivity_type="public",
            tags={"Name": f"{name}-nat"},
            opts=self.child_opts(f"{name}-nat", depends_on=internet_path),
        )
        self._private_default_route(private_rt, nat_gateway_id=gateway.id)
        return [subnet]

    def _private_default_route(self, private_rt: aws.ec2.RouteTable, **target: Any) -> None:
        """The private subnets' internet route, through the NAT instance or gateway named in `target`."""
        name = f"{self._label}-private-default"
        aws.ec2.Route(
            name,
            route_table_id=private_rt.id,
            destination_cidr_block="0.0.0.0/0",
            opts=self.child_opts(name),
            **target,
        )

    def _public_subnet(
        self, vpc: aws.ec2.Vpc, zone: str, cidr: str
    ) -> tuple[aws.ec2.Subnet, list[pulumi.Resource]]:
        """The public subnet, and the resources that make its route to the internet gateway."""
        name = self._label
        igw = aws.ec2.InternetGateway(
            f"{name}-igw", vpc_id=vpc.id, tags={"Name": f"{name}-igw"}, opts=self.child_opts(f"{name}-igw")
        )
        subnet = aws.ec2.Subnet(
            f"{name}-public-{zone[-1]}",
            vpc_id=vpc.id,
            cidr_block=cidr,
            availability_zone=zone,
            # The NAT instance asks for its own address; nothing else launched here gets one.
            map_public_ip_on_launch=False,
            tags={"Name": f"{name}-public-{zone}", "frugal:tier": "public"},
            opts=self.child_opts(f"{name}-public-{zone[-1]}"),
        )
        public_rt = aws.ec2.RouteTable(
            f"{name}-public",
            vpc_id=vpc.id,
            tags={"Name": f"{name}-public"},
            opts=self.child_opts(f"{name}-public"),
        )
        route = aws.ec2.Route(
            f"{name}-public-default",
            route_table_id=public_rt.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=igw.id,
            opts=self.child_opts(f"{name}-public-default"),
        )
        association = aws.ec2.RouteTableAssociation(
            f"{name}-public-{zone[-1]}",
            subnet_id=subnet.id,
            route_table_id=public_rt.id,
            opts=self.child_opts(f"{name}-public-{zone[-1]}"),
        )
        return subnet, [route, association]

    def _https_from_vpc_group(
        self, group_name: str, vpc: aws.ec2.Vpc, vpc_cidr: str, description: str
    ) -> aws.ec2.SecurityGroup:
        """A security group admitting only HTTPS from inside the VPC: all tasks speak to AWS APIs."""
        group = aws.ec2.SecurityGroup(
            group_name,
            vpc_id=vpc.id,
            description=description,
            tags={"Name": group_name},
            opts=self.child_opts(group_name),
        )
        rule = f"{group_name}-https-from-vpc"
        aws.vpc.SecurityGroupIngressRule(
            rule,
            security_group_id=group.id,
            ip_protocol="tcp",
            from_port=HTTPS,
            to_port=HTTPS,
            cidr_ipv4=vpc_cidr,
            description="HTTPS from the private subnets",
            opts=self.child_opts(rule),
        )
        return group

    def _nat_instance(
        self, vpc: aws.ec2.Vpc, vpc_cidr: str, subnet: aws.ec2.Subnet, internet_path: list[pulumi.Resource]
    ) -> aws.ec2.Instance:
        name = self._label
        # Nothing from outside the VPC may reach the instance.
        group = self._https_from_vpc_group(
            f"{name}-nat", vpc, vpc_cidr, "NAT instance: HTTPS from inside the VPC, out to the internet"
        )
        # 443 carries the forwarded traffic and dnf; 80 is for dnf mirrors that redirect to plain HTTP.
        egress_rules = [
            aws.vpc.SecurityGroupEgressRule(
                f"{name}-nat-out-{port}",
                security_group_id=group.id,
                ip_protocol="tcp",
                from_port=port,
                to_port=port,
                cidr_ipv4="0.0.0.0/0",
                description=f"tcp/{port} to the internet",
                opts=self.child_opts(f"{name}-nat-out-{port}"),
            )
            for port in (HTTPS, 80)
        ]
        ami = aws.ssm.get_parameter(name=NAT_AMI_PARAMETER, opts=self.invoke_opts())
        return aws.ec2.Instance(
            f"{name}-nat",
            ami=ami.value,
            instance_type=NAT_INSTANCE_TYPE,
            subnet_id=subnet.id,
            vpc_security_group_ids=[group.id],
            # Auto-assigned, not an EIP: released (and not billed) while the instance is stopped.
            associate_public_ip_address=True,
            source_dest_check=False,
            # T4g instances default to "unlimited" credits, billed when CPU stays above baseline;
            # "standard" throttles instead, so a busy NAT can never add surplus-credit charges.
            credit_specification={"cpu_credits": "standard"},
            user_data=NAT_USER_DATA,
            user_data_replace_on_change=True,
            # Termination protection (cdk-nag EC29, free): a console click or a stray API call can't
            # take every task's egress away. Stopping (the schedule) is still allowed. force_destroy lets
            # `pulumi destroy` and replacements terminate it anyway: the provider turns the protection off
            # first. It only works once a successful `pulumi up` has put it in the state, which the update
            # that adds both (in place) or the create does.
            disable_api_termination=True,
            force_destroy=True,
            metadata_options={"http_tokens": "required", "http_endpoint": "enabled"},
            root_block_device={
                "volume_type": "gp3",
                "volume_size": NAT_ROOT_VOLUME_GIB,
                "encrypted": True,
                "delete_on_termination": True,
            },
            tags={"Name": f"{name}-nat", "frugal:role": "nat-instance"},
            opts=self.child_opts(
                f"{name}-nat",
                # A new AMI in the SSM parameter shouldn't replace a working NAT on every update.
                ignore_changes=["ami"],
                # Its route to the internet and its egress must be open before first boot (the provider
                # drops AWS's default allow-all rule).
                depends_on=[*internet_path, *egress_rules],
            ),
        )

    def _nat_schedule(self, instance: aws.ec2.Instance, schedule: Schedule) -> None:
        name = self._label
        calls = [
            ApiCall(
                f"{name}-nat-{action}",
                expression,
                f"ec2:{action}Instances",
                {"InstanceIds": [instance.id]},
                f"{action.capitalize()} the NAT instance around the service's schedule",
            )
            for action, expression in (("start", schedule.start), ("stop", schedule.stop))
        ]
        role_description = "EventBridge Scheduler: start and stop this stack's NAT instance"
        scheduled_api_calls(
            self,
            f"{name}-nat-scheduler",
            role_description=role_description,
            sid="StartStopNatInstance",
            resources=[instance.arn],
            timezone=schedule.timezone,
            calls=calls,
        )

    def _nat_alarms(self, instance: aws.ec2.Instance, region: str, alarms: AlarmTopic) -> None:
        """EC2 heals the instance itself (recover, reboot); the topic hears of it and of the recovery."""
        partition = aws.get_partition(opts=self.invoke_opts()).partition
        for suffix, metric, action, minutes in NAT_STATUS_ALARMS:
            child = f"{self._label}-{suffix}"
            aws.cloudwatch.MetricAlarm(
                child,
                name=alarms.alarm_name(child),
                alarm_description=(
                    f"The NAT instance failed its {metric} check for {minutes} minutes: EC2 {action}s it. "
                    "Every task in the private subnets loses egress while it is down."
                ),
                namespace="AWS/EC2",
                metric_name=metric,
                dimensions={"InstanceId": instance.id},
                statistic="Maximum",
                period=STATUS_CHECK_PERIOD_SECONDS,
                evaluation_periods=minutes,
                datapoints_to_alarm=minutes,
                comparison_operator="GreaterThanOrEqualToThreshold",
                threshold=1,
                # Stopped on its schedule, the instance publishes no status checks: that is not a failure.
                treat_missing_data="notBreaching",
                alarm_actions=[ec2_action_arn(partition, region, action), alarms.topic_arn],
                ok_actions=[alarms.topic_arn],
                opts=self.child_opts(child),
            )

    def _interface_endpoints(
        self, vpc: aws.ec2.Vpc, vpc_cidr: str, region: str, subnets: list[aws.ec2.Subnet]
    ) -> None:
        name = self._label
        group = self._https_from_vpc_group(
            f"{name}-endpoints", vpc, vpc_cidr, "Interface endpoints: HTTPS from inside the VPC"
        )
        for service in INTERFACE_ENDPOINT_SERVICES:
            self._endpoint(
                f"{name}-{service.replace('.', '-')}",
                f"{name}-{service}",
                vpc,
                region,
                service,
                "Interface",
                private_dns_enabled=True,
                subnet_ids=[s.id for s in subnets],
                security_group_ids=[group.id],
            )

    def _endpoint(
        self, name: str, tag: str, vpc: aws.ec2.Vpc, region: str, service: str, kind: str, **placement: Any
    ) -> None:
        """A VPC endpoint for `service`; `placement` is what its kind needs (route tables or subnets)."""
        aws.ec2.VpcEndpoint(
            name,
            vpc_id=vpc.id,
            service_name=f"com.amazonaws.{region}.{service}",
            vpc_endpoint_type=kind,
            tags={"Name": tag},
            opts=self.child_opts(name),
            **placement,
        )
