"""A small but highly available MySQL 8.0: db.t4g.small, Multi-AZ, 20 GB gp2."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword("db", length=32, special=False)
db = aws.rds.Instance(
    "shop",
    engine="mysql",
    engine_version="8.0.39",
    instance_class="db.t4g.small",
    allocated_storage=20,
    storage_type="gp2",
    db_name="shop",
    username="shop",
    password=password.result,
    multi_az=True,
    skip_final_snapshot=True,
)

pulumi.export("endpoint", db.endpoint)
