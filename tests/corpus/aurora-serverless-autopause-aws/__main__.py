"""A dev database that costs nothing idle: Aurora PostgreSQL Serverless v2, min 0 ACU (auto-pause after
10 minutes), max 2 ACU; storage is the only standing charge and it is usage-priced."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword("db", length=32, special=False)
cluster = aws.rds.Cluster(
    "dev-db",
    engine="aurora-postgresql",
    engine_mode="provisioned",
    engine_version="16.4",
    database_name="app",
    master_username="app",
    master_password=password.result,
    serverlessv2_scaling_configuration={
        "min_capacity": 0,
        "max_capacity": 2,
        "seconds_until_auto_pause": 600,
    },
    skip_final_snapshot=True,
)
aws.rds.ClusterInstance(
    "dev-db-1",
    cluster_identifier=cluster.id,
    engine="aurora-postgresql",
    engine_version="16.4",
    instance_class="db.serverless",
)

pulumi.export("endpoint", cluster.endpoint)
