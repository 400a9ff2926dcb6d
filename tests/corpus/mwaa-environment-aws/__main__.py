"""Managed Airflow: an MWAA mw1.small environment reading DAGs from a private bucket."""

import json

import pulumi_aws as aws

dags = aws.s3.BucketV2("dags")
aws.s3.BucketPublicAccessBlock(
    "dags",
    bucket=dags.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)
aws.s3.BucketVersioningV2("dags", bucket=dags.id, versioning_configuration={"status": "Enabled"})
role = aws.iam.Role(
    "airflow",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ),
)
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])
sg = aws.ec2.SecurityGroup("airflow", vpc_id=aws.ec2.get_vpc(default=True).id)
aws.mwaa.Environment(
    "pipelines",
    environment_class="mw1.small",
    airflow_version="2.10.3",
    dag_s3_path="dags/",
    source_bucket_arn=dags.arn,
    execution_role_arn=role.arn,
    max_workers=2,
    network_configuration={"security_group_ids": [sg.id], "subnet_ids": private_subnets.ids[:2]},
)
