"""DataTable: the inventory's DynamoDB table, on demand, so an idle stack pays nothing for it."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

PARTITION_KEY = "id"


@dataclass
class DataTableArgs:
    # Both on in prod (a settings flag, not a stack-name check): PITR costs per GB stored, which is
    # pennies for this table, and deletion protection makes `pulumi destroy` stop at the data.
    point_in_time_recovery: bool = False
    deletion_protection: bool = False


class DataTable(pulumi.ComponentResource):
    table_name: pulumi.Output[str]
    table_arn: pulumi.Output[str]

    def __init__(self, name: str, args: DataTableArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("frugal:components:DataTable", name, None, opts)
        table = aws.dynamodb.Table(
            f"{name}-table",
            billing_mode="PAY_PER_REQUEST",
            hash_key=PARTITION_KEY,
            attributes=[{"name": PARTITION_KEY, "type": "S"}],
            point_in_time_recovery={"enabled": args.point_in_time_recovery},
            deletion_protection_enabled=args.deletion_protection,
            server_side_encryption={"enabled": False},  # AWS-owned key: free, unlike the KMS options
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.table_name = table.name
        self.table_arn = table.arn
        self.register_outputs({"table_name": self.table_name, "table_arn": self.table_arn})
