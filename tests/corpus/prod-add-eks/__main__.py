"""The prod stack plus an EKS control plane.

The wrapper reuses the project as it is: Pulumi.yaml and Pulumi.prod.yaml here are symlinks to the repo
root's files (project `frugal`, the prod stack's config), so `--stack prod` previews prod plus one change.
"""

import json
import os
import runpy
import sys
from pathlib import Path

import pulumi_aws as aws

# Run the repository's own program first, as the language host would run it from the repo root: its
# relative paths (app/static, the Docker context) and its imports (components, settings) need the repo
# as cwd and on sys.path. cwd stays there: applies that read files may run after run_path returns, and
# the language host (or the offline preview) restores cwd once the program ends.
REPO = Path(__file__).resolve().parents[3]
os.chdir(REPO)
sys.path.insert(0, str(REPO))
runpy.run_path(str(REPO / "__main__.py"), run_name="__main__")

# The one resource this change adds to prod.
eks_role = aws.iam.Role(
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
    "eks-cluster", role=eks_role.name, policy_arn="arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
)
default_vpc = aws.ec2.get_vpc(default=True)
default_subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [default_vpc.id]}])
aws.eks.Cluster("platform", role_arn=eks_role.arn, vpc_config={"subnet_ids": default_subnets.ids[:2]})
