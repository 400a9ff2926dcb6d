"""An Elastic Beanstalk app: one SingleInstance environment on t3.small, which Beanstalk gives an EIP."""

import pulumi_aws as aws

app = aws.elasticbeanstalk.Application("guestbook", description="a small Flask app")
aws.elasticbeanstalk.Environment(
    "guestbook-dev",
    application=app.name,
    solution_stack_name="64bit Amazon Linux 2023 v4.3.0 running Python 3.12",
    settings=[
        {
            "namespace": "aws:elasticbeanstalk:environment",
            "name": "EnvironmentType",
            "value": "SingleInstance",
        },
        {"namespace": "aws:autoscaling:launchconfiguration", "name": "InstanceType", "value": "t3.small"},
        {
            "namespace": "aws:autoscaling:launchconfiguration",
            "name": "IamInstanceProfile",
            "value": "aws-elasticbeanstalk-ec2-role",
        },
    ],
)
