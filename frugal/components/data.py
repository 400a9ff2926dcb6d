"""DataTable: a DynamoDB table on demand (one string partition key), so an idle stack pays nothing for it."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from frugal.components.base import Component, Moved

PARTITION_KEY = "id"


@dataclass
class DataTableArgs:
    point_in_time_recovery: bool = True
    """Continuous backups for 35 days (cdk-nag DDB3): $0.20 per GB-month of table size, no fixed fee, so
    $0.00 for a table of kilobytes (https://aws.amazon.com/dynamodb/pricing/on-demand/, 2026-12-08,
    likely)."""
    deletion_protection: bool = False
    """Makes `pulumi destroy` stop at the data; on in prod."""
    partition_key: str = PARTITION_KEY
    """The string partition key; there is no sort key and no index."""


class DataTable(Component):
    """A PAY_PER_REQUEST table with an AWS-owned key (free, unlike the KMS options)."""

    table_name: pulumi.Output[str]
    table_arn: pulumi.Output[str]
    """For the IAM statements of the services that use it."""

    def __init__(
        self,
        name: str,
        args: DataTableArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        moved: Moved | None = None,
    ) -> None:
        super().__init__("frugal:components:DataTable", name, opts, moved)
        table = aws.dynamodb.Table(
            f"{name}-table",
            billing_mode="PAY_PER_REQUEST",
            hash_key=args.partition_key,
            attributes=[{"name": args.partition_key, "type": "S"}],
            point_in_time_recovery={"enabled": args.point_in_time_recovery},
            deletion_protection_enabled=args.deletion_protection,
            server_side_encryption={"enabled": False},  # AWS-owned key: free, unlike the KMS options
            opts=self.child_opts(f"{name}-table"),
        )
        self.table_name = table.name
        self.table_arn = table.arn
        self.finish({"tableName": self.table_name, "tableArn": self.table_arn})
