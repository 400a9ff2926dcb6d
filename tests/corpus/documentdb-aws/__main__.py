"""DocumentDB (MongoDB-compatible) with one db.t3.medium instance."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword("docdb", length=32, special=False)
cluster = aws.docdb.Cluster(
    "profiles",
    engine="docdb",
    master_username="profiles",
    master_password=password.result,
    skip_final_snapshot=True,
)
aws.docdb.ClusterInstance("profiles-1", cluster_identifier=cluster.id, instance_class="db.t3.medium")

pulumi.export("endpoint", cluster.endpoint)
