"""A log-analytics domain: 2 r6g.large data nodes over 2 AZs, 3 dedicated masters, 2 UltraWarm nodes,
100 GB gp3 per data node."""

import pulumi
import pulumi_aws as aws

domain = aws.opensearch.Domain(
    "logs",
    engine_version="OpenSearch_2.15",
    cluster_config={
        "instance_type": "r6g.large.search",
        "instance_count": 2,
        "zone_awareness_enabled": True,
        "zone_awareness_config": {"availability_zone_count": 2},
        "dedicated_master_enabled": True,
        "dedicated_master_type": "m6g.large.search",
        "dedicated_master_count": 3,
        "warm_enabled": True,
        "warm_type": "ultrawarm1.medium.search",
        "warm_count": 2,
    },
    ebs_options={"ebs_enabled": True, "volume_type": "gp3", "volume_size": 100},
    encrypt_at_rest={"enabled": True},
    node_to_node_encryption={"enabled": True},
    domain_endpoint_options={"enforce_https": True, "tls_security_policy": "Policy-Min-TLS-1-2-2019-07"},
)

pulumi.export("endpoint", domain.endpoint)
