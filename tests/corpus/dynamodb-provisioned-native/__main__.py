"""A sessions table on provisioned capacity (20 RCU / 20 WCU), written with pulumi_aws_native."""

import pulumi
import pulumi_aws_native as aws_native

table = aws_native.dynamodb.Table(
    "sessions",
    billing_mode="PROVISIONED",
    attribute_definitions=[{"attribute_name": "id", "attribute_type": "S"}],
    key_schema=[{"attribute_name": "id", "key_type": "HASH"}],
    provisioned_throughput={"read_capacity_units": 20, "write_capacity_units": 20},
)

pulumi.export("tableName", table.id)
