"""A small PostgreSQL database (db.t4g.micro, 20 GB gp3, single-AZ), written with pulumi_aws_native."""

import pulumi
import pulumi_aws_native as aws_native
import pulumi_random as random

password = random.RandomPassword("db", length=32, special=False)
db = aws_native.rds.DbInstance(
    "app",
    engine="postgres",
    engine_version="16.4",
    db_instance_class="db.t4g.micro",
    allocated_storage="20",
    storage_type="gp3",
    db_name="app",
    master_username="app",
    master_user_password=password.result,
    multi_az=False,
)

pulumi.export("endpoint", db.endpoint)
