"""Aurora Serverless v2 that never pauses: min 0.5 ACU, max 4 ACU, one db.serverless instance."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword("db", length=32, special=False)
cluster = aws.rds.Cluster(
    "catalog",
    engine="aurora-postgresql",
    engine_mode="provisioned",
    engine_version="16.4",
    database_name="catalog",
    master_username="catalog",
    master_password=password.result,
    serverlessv2_scaling_configuration={"min_capacity": 0.5, "max_capacity": 4},
    skip_final_snapshot=True,
)
aws.rds.ClusterInstance(
    "catalog-1",
    cluster_identifier=cluster.id,
    engine="aurora-postgresql",
    engine_version="16.4",
    instance_class="db.serverless",
)

pulumi.export("endpoint", cluster.endpoint)
