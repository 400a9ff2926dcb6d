"""MSK Serverless with IAM auth: no brokers to size, billed per cluster-hour and partition-hour."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])

cluster = aws.msk.ServerlessCluster(
    "events",
    cluster_name="events",
    vpc_configs=[{"subnet_ids": subnets.ids[:2]}],
    client_authentication={"sasl": {"iam": {"enabled": True}}},
)

pulumi.export("arn", cluster.arn)
