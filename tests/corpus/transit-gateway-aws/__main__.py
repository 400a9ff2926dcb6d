"""A Transit Gateway hub and the attachment of one spoke VPC."""

import pulumi
import pulumi_aws as aws

hub = aws.ec2transitgateway.TransitGateway("hub", description="shared network hub", amazon_side_asn=64512)

spoke = aws.ec2.Vpc("spoke", cidr_block="10.2.0.0/16")
spoke_subnet = aws.ec2.Subnet(
    "spoke-a", vpc_id=spoke.id, cidr_block="10.2.0.0/24", availability_zone="us-east-1a"
)

aws.ec2transitgateway.VpcAttachment(
    "spoke",
    transit_gateway_id=hub.id,
    vpc_id=spoke.id,
    subnet_ids=[spoke_subnet.id],
)

pulumi.export("transitGatewayId", hub.id)
