"""CI deploys through GitHub OIDC: one role, trusted from one repo's main branch, allowed one bucket."""

import json

import pulumi
import pulumi_aws as aws

GITHUB_SUBJECT = "repo:example/site:ref:refs/heads/main"

github = aws.iam.OpenIdConnectProvider(
    "github",
    url="https://token.actions.githubusercontent.com",
    client_id_lists=["sts.amazonaws.com"],
    thumbprint_lists=["6938fd4d98bab03faadb97b34396831e3780aea1"],
)
deploy = aws.iam.Role(
    "deploy",
    assume_role_policy=github.arn.apply(
        lambda arn: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Federated": arn},
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Condition": {
                            "StringEquals": {
                                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                                "token.actions.githubusercontent.com:sub": GITHUB_SUBJECT,
                            }
                        },
                    }
                ],
            }
        )
    ),
)
aws.iam.RolePolicy(
    "deploy",
    role=deploy.id,
    policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": "arn:aws:s3:::example-site"},
                {
                    "Effect": "Allow",
                    "Action": ["s3:PutObject", "s3:DeleteObject"],
                    "Resource": "arn:aws:s3:::example-site/*",
                },
            ],
        }
    ),
)

pulumi.export("roleArn", deploy.arn)
