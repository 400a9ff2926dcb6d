"""An EKS cluster on two default-VPC subnets, written with pulumi_aws_native."""

import json

import pulumi
import pulumi_aws as aws
import pulumi_aws_native as aws_native

role = aws_native.iam.Role(
    "eks-cluster",
    assume_role_policy_document=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    ),
    managed_policy_arns=["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"],
)
vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])
cluster = aws_native.eks.Cluster(
    "apps", role_arn=role.arn, resources_vpc_config={"subnet_ids": subnets.ids[:2]}
)

pulumi.export("endpoint", cluster.endpoint)
