"""Two r6g.large.search data nodes with 50 GB gp3 each, written with pulumi_aws_native."""

import pulumi
import pulumi_aws_native as aws_native

domain = aws_native.opensearchservice.Domain(
    "search",
    engine_version="OpenSearch_2.15",
    cluster_config={"instance_type": "r6g.large.search", "instance_count": 2},
    ebs_options={"ebs_enabled": True, "volume_type": "gp3", "volume_size": 50},
    encryption_at_rest_options={"enabled": True},
    node_to_node_encryption_options={"enabled": True},
)

pulumi.export("endpoint", domain.domain_endpoint)
