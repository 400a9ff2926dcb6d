"""A small warehouse: Redshift with 2 ra3.xlplus nodes, password from random."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword(
    "warehouse", length=32, special=False, min_upper=1, min_lower=1, min_numeric=1
)
warehouse = aws.redshift.Cluster(
    "warehouse",
    cluster_identifier="warehouse",
    node_type="ra3.xlplus",
    cluster_type="multi-node",
    number_of_nodes=2,
    database_name="analytics",
    master_username="analytics",
    master_password=password.result,
    skip_final_snapshot=True,
)

pulumi.export("endpoint", warehouse.endpoint)
