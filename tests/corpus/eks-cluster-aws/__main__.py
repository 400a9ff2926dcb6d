"""An EKS cluster on the default VPC's subnets; node groups come later from the app teams."""

import json

import pulumi
import pulumi_aws as aws

cluster_role = aws.iam.Role(
    "eks-cluster",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    ),
)
aws.iam.RolePolicyAttachment(
    "eks-cluster", role=cluster_role.name, policy_arn="arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
)
vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])
cluster = aws.eks.Cluster(
    "apps",
    role_arn=cluster_role.arn,
    vpc_config={"subnet_ids": subnets.ids[:2]},
)

pulumi.export("endpoint", cluster.endpoint)
