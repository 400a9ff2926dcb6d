"""An orders table on provisioned capacity, 25 RCU / 25 WCU, with a by-customer GSI at 10 / 10."""

import pulumi
import pulumi_aws as aws

table = aws.dynamodb.Table(
    "orders",
    billing_mode="PROVISIONED",
    read_capacity=25,
    write_capacity=25,
    hash_key="orderId",
    attributes=[{"name": "orderId", "type": "S"}, {"name": "customerId", "type": "S"}],
    global_secondary_indexes=[
        {
            "name": "byCustomer",
            "hash_key": "customerId",
            "projection_type": "ALL",
            "read_capacity": 10,
            "write_capacity": 10,
        }
    ],
)

pulumi.export("tableName", table.name)
