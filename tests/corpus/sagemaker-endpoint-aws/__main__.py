"""A real-time inference endpoint: one ml.m5.large serving a scikit-learn model from S3."""

import json

import pulumi
import pulumi_aws as aws

role = aws.iam.Role(
    "sagemaker",
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
model = aws.sagemaker.Model(
    "churn",
    execution_role_arn=role.arn,
    primary_container={
        "image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
        "model_data_url": "s3://example-models/churn/model.tar.gz",
    },
)
config = aws.sagemaker.EndpointConfiguration(
    "churn",
    production_variants=[
        {
            "variant_name": "primary",
            "model_name": model.name,
            "instance_type": "ml.m5.large",
            "initial_instance_count": 1,
        }
    ],
)
endpoint = aws.sagemaker.Endpoint("churn", endpoint_config_name=config.name)

pulumi.export("endpointName", endpoint.name)
