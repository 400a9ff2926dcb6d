"""An app database: RDS PostgreSQL 16, db.t4g.medium, single-AZ, 50 GB gp3, password from random."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword("db", length=32, special=False)
db = aws.rds.Instance(
    "app",
    engine="postgres",
    engine_version="16.4",
    instance_class="db.t4g.medium",
    allocated_storage=50,
    storage_type="gp3",
    db_name="app",
    username="app",
    password=password.result,
    multi_az=False,
    skip_final_snapshot=True,
)

pulumi.export("endpoint", db.endpoint)
