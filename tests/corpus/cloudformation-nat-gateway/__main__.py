"""A team's existing CloudFormation snippet for egress, reused verbatim through aws.cloudformation.Stack."""

import json

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("legacy", cidr_block="10.8.0.0/16")
public = aws.ec2.Subnet("public-a", vpc_id=vpc.id, cidr_block="10.8.0.0/24", availability_zone="us-east-1a")

template = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {"PublicSubnetId": {"Type": "AWS::EC2::Subnet::Id"}},
    "Resources": {
        "NatEip": {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}},
        "NatGateway": {
            "Type": "AWS::EC2::NatGateway",
            "Properties": {
                "AllocationId": {"Fn::GetAtt": ["NatEip", "AllocationId"]},
                "SubnetId": {"Ref": "PublicSubnetId"},
            },
        },
    },
    "Outputs": {"NatGatewayId": {"Value": {"Ref": "NatGateway"}}},
}

egress = aws.cloudformation.Stack(
    "egress",
    template_body=json.dumps(template),
    parameters={"PublicSubnetId": public.id},
)

pulumi.export("natGatewayId", egress.outputs["NatGatewayId"])
