"""A sessions table: PAY_PER_REQUEST, a by-user GSI (on demand too) and TTL on expiresAt."""

import pulumi
import pulumi_aws as aws

table = aws.dynamodb.Table(
    "sessions",
    billing_mode="PAY_PER_REQUEST",
    hash_key="id",
    attributes=[{"name": "id", "type": "S"}, {"name": "userId", "type": "S"}],
    global_secondary_indexes=[{"name": "byUser", "hash_key": "userId", "projection_type": "KEYS_ONLY"}],
    ttl={"attribute_name": "expiresAt", "enabled": True},
    server_side_encryption={"enabled": True},
)

pulumi.export("tableName", table.name)
