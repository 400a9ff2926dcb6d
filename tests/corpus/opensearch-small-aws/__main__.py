"""The smallest OpenSearch domain people start with: one t3.small.search node, 10 GB gp3."""

import pulumi
import pulumi_aws as aws

domain = aws.opensearch.Domain(
    "search-dev",
    engine_version="OpenSearch_2.15",
    cluster_config={"instance_type": "t3.small.search", "instance_count": 1},
    ebs_options={"ebs_enabled": True, "volume_type": "gp3", "volume_size": 10},
)

pulumi.export("endpoint", domain.endpoint)
