"""A data scientist's SageMaker notebook instance: ml.t3.medium with a 20 GB volume."""

import json

import pulumi
import pulumi_aws as aws

role = aws.iam.Role(
    "notebook",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "sagemaker.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ),
)
notebook = aws.sagemaker.NotebookInstance(
    "analysis", instance_type="ml.t3.medium", role_arn=role.arn, volume_size=20
)

pulumi.export("notebookUrl", notebook.url)
