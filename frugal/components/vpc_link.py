"""VpcLink: an API Gateway (HTTP API) VPC link and its own security group, made before the services.

The services behind the link own the rule that admits it (`ingress_source` goes in their `ingress`);
`ApiGatewayProxy` adds the link's egress to exactly the ports of the services it routes to. The
provider strips AWS's default allow-all egress rule from a new group, so those rules are all the link
can reach. VPC links are immutable (subnets, security groups): changing either replaces the link.
A VPC link has no charge of its own (AWS's API Gateway pricing page,
https://aws.amazon.com/api-gateway/pricing/, prices HTTP APIs by request and lists no VPC link fee;
not re-read 2026-12-08, likely). With no traffic for 60 days it goes INACTIVE and the first requests
after that fail for minutes (checked 2026-12-08, sure:
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from frugal.components.base import Component, Moved
from frugal.components.fargate_service_args import IngressSource

DEFAULT_DESCRIPTION = "API Gateway VPC link: reaches the ports of the services it routes to, only"


@dataclass
class VpcLinkArgs:
    vpc_id: pulumi.Input[str]
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Private subnets for the link's network interfaces (the tasks' subnets)."""
    description: str = DEFAULT_DESCRIPTION
    """The security group's description (changing it replaces the group, and with it the link)."""


class VpcLink(Component):
    """A VPC link for HTTP APIs with a security group of its own."""

    vpc_link_id: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    ingress_source: IngressSource
    """For the `ingress` of each service the API routes to."""

    def __init__(
        self,
        name: str,
        args: VpcLinkArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        moved: Moved | None = None,
    ) -> None:
        super().__init__("frugal:components:VpcLink", name, opts, moved)
        group = aws.ec2.SecurityGroup(
            f"{name}-vpc-link",
            vpc_id=args.vpc_id,
            description=args.description,
            opts=self.child_opts(f"{name}-vpc-link"),
        )
        link = aws.apigatewayv2.VpcLink(
            f"{name}-vpc-link",
            subnet_ids=args.subnet_ids,
            security_group_ids=[group.id],
            opts=self.child_opts(f"{name}-vpc-link"),
        )
        self.vpc_link_id = link.id
        self.security_group_id = group.id
        self.ingress_source = IngressSource("vpc-link", group.id, "From the API Gateway VPC link")
        self.finish({"vpcLinkId": self.vpc_link_id, "securityGroupId": self.security_group_id})
