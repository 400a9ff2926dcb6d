"""EKS with one managed node group: two t3.medium nodes, 20 GB disks, in the default VPC's subnets."""

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

node_role = aws.iam.Role(
    "eks-node",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    ),
)
for policy in ("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"):
    aws.iam.RolePolicyAttachment(
        f"eks-node-{policy}", role=node_role.name, policy_arn=f"arn:aws:iam::aws:policy/{policy}"
    )

aws.eks.NodeGroup(
    "general",
    cluster_name=cluster.name,
    node_role_arn=node_role.arn,
    subnet_ids=subnets.ids[:2],
    instance_types=["t3.medium"],
    disk_size=20,
    scaling_config={"desired_size": 2, "min_size": 2, "max_size": 3},
)

pulumi.export("endpoint", cluster.endpoint)
