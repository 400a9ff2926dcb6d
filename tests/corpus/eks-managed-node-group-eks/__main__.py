"""pulumi-eks with a managed node group: the default node group skipped, two m7i.large managed nodes."""

import json

import pulumi
import pulumi_aws as aws
import pulumi_eks as eks

node_role = aws.iam.Role(
    "nodes",
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
        f"nodes-{policy}", role=node_role.name, policy_arn=f"arn:aws:iam::aws:policy/{policy}"
    )

cluster = eks.Cluster("apps", skip_default_node_group=True, instance_roles=[node_role])
eks.ManagedNodeGroup(
    "general",
    cluster=cluster,
    node_role=node_role,
    instance_types=["m7i.large"],
    scaling_config={"desired_size": 2, "min_size": 2, "max_size": 4},
)

pulumi.export("kubeconfig", cluster.kubeconfig)
