"""A write-heavy MySQL on provisioned IOPS: db.m5.large, 100 GB io1, 3000 IOPS, single-AZ."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword("db", length=32, special=False)
db = aws.rds.Instance(
    "ledger",
    engine="mysql",
    engine_version="8.0.39",
    instance_class="db.m5.large",
    allocated_storage=100,
    storage_type="io1",
    iops=3000,
    db_name="ledger",
    username="ledger",
    password=password.result,
    skip_final_snapshot=True,
)

pulumi.export("endpoint", db.endpoint)
