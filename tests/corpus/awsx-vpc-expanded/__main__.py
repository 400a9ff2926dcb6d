"""The stack the real CLI sees for `awsx.ec2.Vpc("main")` with every default, built by hand.

With the Pulumi CLI the engine expands awsx's remote component: the children below are registered by the
awsx plugin under a component of type `awsx:ec2:Vpc`. Under SDK mocks those children never exist, so this
program declares them itself, with the same types, names, parents and inputs, for the policy pack to price.

Source: pulumi/pulumi-awsx at e60adf3 (2026-08-20; vpc.ts and subnetDistributorLegacy.ts have not changed
since v3.8.0), files `awsx/ec2/vpc.ts` and `awsx/ec2/subnetDistributorLegacy.ts`:
- `getDefaultAzs`: `numberOfAvailabilityZones ?? 3`, the first 3 names from getAvailabilityZones;
- `decideCidrBlockVpcInput`: cidrBlock defaults to "10.0.0.0/16";
- natGateways.strategy defaults to "OnePerAz": one EIP + NAT gateway in each AZ's public subnet;
- subnetStrategy "Legacy" with no specs -> `generateDefaultSubnets`: per AZ a private and a public subnet.
  The /16 is split into 4 (next power of two over 3 AZs) /18 AZ blocks; private = the first /19 of the
  block, public = the first /20 after it (10.0.0.0/19 + 10.0.32.0/20, 10.0.64.0/19 + 10.0.96.0/20, ...);
- public subnets are created first in each AZ (`compareSubnetSpecs`), with mapPublicIpOnLaunch true;
- parents: Vpc -> the component; InternetGateway, subnets -> the VPC; a route table per subnet -> its
  subnet; association and route -> the route table; EIP and NAT gateway -> the public subnet;
- resource names: VPC and IGW `main`, subnets/route tables/associations/routes `main-public-1`,
  `main-private-1`, ..., EIP and NAT gateway `main-1`, `main-2`, `main-3`.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

NAME = "main"
AZS = ["us-east-1a", "us-east-1b", "us-east-1c"]
LAYOUT = {  # az index -> (private /19, public /20), as generateDefaultSubnets computes them
    0: ("10.0.0.0/19", "10.0.32.0/20"),
    1: ("10.0.64.0/19", "10.0.96.0/20"),
    2: ("10.0.128.0/19", "10.0.160.0/20"),
}


class ExpandedVpc(pulumi.ComponentResource):
    """The component shell the awsx plugin registers, with the children it creates by default."""

    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("awsx:ec2:Vpc", name, {}, opts)
        shared_tags = {"Name": name}
        self.vpc = aws.ec2.Vpc(
            name, cidr_block="10.0.0.0/16", tags=shared_tags, opts=pulumi.ResourceOptions(parent=self)
        )
        in_vpc = pulumi.ResourceOptions(parent=self.vpc, depends_on=[self.vpc])
        self.igw = aws.ec2.InternetGateway(name, vpc_id=self.vpc.id, tags=shared_tags, opts=in_vpc)

        self.public_subnets: list[aws.ec2.Subnet] = []
        self.private_subnets: list[aws.ec2.Subnet] = []
        self.nat_gateways: list[aws.ec2.NatGateway] = []
        for index, az in enumerate(AZS):
            private_cidr, public_cidr = LAYOUT[index]
            number = index + 1
            # Public first in each AZ: the private route needs this AZ's NAT gateway.
            public = self._subnet(f"{name}-public-{number}", az, public_cidr, "Public", in_vpc)
            public_rt = self._route_table(f"{name}-public-{number}", public, "Public")
            aws.ec2.Route(
                f"{name}-public-{number}",
                route_table_id=public_rt.id,
                gateway_id=self.igw.id,
                destination_cidr_block="0.0.0.0/0",
                opts=pulumi.ResourceOptions(parent=public_rt, depends_on=[public_rt]),
            )
            in_public = pulumi.ResourceOptions(parent=public, depends_on=[public])
            eip = aws.ec2.Eip(f"{name}-{number}", tags={"Name": f"{name}-{number}"}, opts=in_public)
            nat = aws.ec2.NatGateway(
                f"{name}-{number}",
                subnet_id=public.id,
                allocation_id=eip.allocation_id,
                tags={"Name": f"{name}-{number}"},
                opts=in_public,
            )
            self.nat_gateways.append(nat)
            self.public_subnets.append(public)

            private = self._subnet(f"{name}-private-{number}", az, private_cidr, "Private", in_vpc)
            private_rt = self._route_table(f"{name}-private-{number}", private, "Private")
            aws.ec2.Route(
                f"{name}-private-{number}",
                route_table_id=private_rt.id,
                nat_gateway_id=nat.id,
                destination_cidr_block="0.0.0.0/0",
                opts=pulumi.ResourceOptions(parent=private_rt, depends_on=[private_rt]),
            )
            self.private_subnets.append(private)

        self.register_outputs(
            {
                "vpcId": self.vpc.id,
                "publicSubnetIds": [s.id for s in self.public_subnets],
                "privateSubnetIds": [s.id for s in self.private_subnets],
                "natGateways": [n.id for n in self.nat_gateways],
            }
        )

    def _subnet(
        self, resource_name: str, az: str, cidr: str, kind: str, opts: pulumi.ResourceOptions
    ) -> aws.ec2.Subnet:
        return aws.ec2.Subnet(
            resource_name,
            vpc_id=self.vpc.id,
            availability_zone=az,
            cidr_block=cidr,
            map_public_ip_on_launch=kind == "Public",
            assign_ipv6_address_on_creation=False,
            tags={"Name": resource_name, "SubnetType": kind},
            opts=opts,
        )

    def _route_table(self, resource_name: str, subnet: aws.ec2.Subnet, kind: str) -> aws.ec2.RouteTable:
        table = aws.ec2.RouteTable(
            resource_name,
            vpc_id=self.vpc.id,
            tags={"Name": resource_name, "SubnetType": kind},
            opts=pulumi.ResourceOptions(parent=subnet, depends_on=[subnet]),
        )
        aws.ec2.RouteTableAssociation(
            resource_name,
            route_table_id=table.id,
            subnet_id=subnet.id,
            opts=pulumi.ResourceOptions(parent=table, depends_on=[table]),
        )
        return table


vpc = ExpandedVpc(NAME)

pulumi.export("vpcId", vpc.vpc.id)
