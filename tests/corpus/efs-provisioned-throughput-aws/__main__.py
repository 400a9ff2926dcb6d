"""Shared storage for a render farm: EFS with 64 MiB/s provisioned throughput (storage is usage)."""

import pulumi
import pulumi_aws as aws

fs = aws.efs.FileSystem(
    "renders", throughput_mode="provisioned", provisioned_throughput_in_mibps=64, encrypted=True
)

pulumi.export("fileSystemId", fs.id)
