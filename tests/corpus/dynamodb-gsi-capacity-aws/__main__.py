"""A tiny base table (1 RCU / 1 WCU) whose two GSIs carry the real load: 40 RCU / 40 WCU each."""

import pulumi
import pulumi_aws as aws

table = aws.dynamodb.Table(
    "events",
    billing_mode="PROVISIONED",
    read_capacity=1,
    write_capacity=1,
    hash_key="pk",
    range_key="sk",
    attributes=[
        {"name": "pk", "type": "S"},
        {"name": "sk", "type": "S"},
        {"name": "userId", "type": "S"},
        {"name": "kind", "type": "S"},
    ],
    global_secondary_indexes=[
        {
            "name": "byUser",
            "hash_key": "userId",
            "projection_type": "ALL",
            "read_capacity": 40,
            "write_capacity": 40,
        },
        {
            "name": "byKind",
            "hash_key": "kind",
            "projection_type": "KEYS_ONLY",
            "read_capacity": 40,
            "write_capacity": 40,
        },
    ],
)

pulumi.export("tableName", table.name)
