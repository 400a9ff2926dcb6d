"""An orders database for Lambda functions: Aurora PostgreSQL Serverless v2 at 0.5 ACU, with an RDS Proxy
in front so that bursts of function instances share a pool of connections."""

import json

import pulumi
import pulumi_aws as aws

# The platform team's shared VPC: its private subnets carry Tier=private.
private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])

cluster = aws.rds.Cluster(
    "orders",
    engine="aurora-postgresql",
    engine_mode="provisioned",
    engine_version="16.4",
    database_name="orders",
    master_username="orders",
    manage_master_user_password=True,
    serverlessv2_scaling_configuration={"min_capacity": 0.5, "max_capacity": 4},
    skip_final_snapshot=True,
)
aws.rds.ClusterInstance(
    "orders-1",
    cluster_identifier=cluster.id,
    engine="aurora-postgresql",
    engine_version="16.4",
    instance_class="db.serverless",
)

proxy_role = aws.iam.Role(
    "orders-proxy",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "rds.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    ),
)
aws.iam.RolePolicy(
    "orders-proxy",
    role=proxy_role.id,
    policy=cluster.master_user_secrets[0].secret_arn.apply(
        lambda arn: json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": arn}
                ],
            }
        )
    ),
)
proxy = aws.rds.Proxy(
    "orders",
    engine_family="POSTGRESQL",
    role_arn=proxy_role.arn,
    vpc_subnet_ids=private_subnets.ids,
    require_tls=True,
    auths=[
        {
            "auth_scheme": "SECRETS",
            "iam_auth": "REQUIRED",
            "secret_arn": cluster.master_user_secrets[0].secret_arn,
        }
    ],
)
aws.rds.ProxyDefaultTargetGroup(
    "orders",
    db_proxy_name=proxy.name,
    connection_pool_config={"max_connections_percent": 90},
)
aws.rds.ProxyTarget(
    "orders",
    db_proxy_name=proxy.name,
    target_group_name="default",
    db_cluster_identifier=cluster.cluster_identifier,
)

pulumi.export("proxyEndpoint", proxy.endpoint)
