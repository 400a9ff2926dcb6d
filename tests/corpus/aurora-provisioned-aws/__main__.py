"""Aurora PostgreSQL 16 with one provisioned db.r6g.large writer instance (standard storage)."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword("db", length=32, special=False)
cluster = aws.rds.Cluster(
    "orders",
    engine="aurora-postgresql",
    engine_version="16.4",
    database_name="orders",
    master_username="orders",
    master_password=password.result,
    skip_final_snapshot=True,
)
aws.rds.ClusterInstance(
    "orders-writer",
    cluster_identifier=cluster.id,
    engine="aurora-postgresql",
    engine_version="16.4",
    instance_class="db.r6g.large",
)

pulumi.export("endpoint", cluster.endpoint)
