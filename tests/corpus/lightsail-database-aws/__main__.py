"""A Lightsail managed MySQL 8 database, micro_2_0 (standard, not high availability)."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword("db", length=24, special=False)
db = aws.lightsail.Database(
    "blog-db",
    relational_database_name="blog",
    availability_zone="us-east-1a",
    master_database_name="wordpress",
    master_username="wpadmin",
    master_password=password.result,
    blueprint_id="mysql_8_0",
    bundle_id="micro_2_0",
    skip_final_snapshot=True,
)

pulumi.export("endpoint", db.master_endpoint_address)
