"""An OpenSearch Serverless SEARCH collection with its encryption policy: no nodes to size at all."""

import json

import pulumi
import pulumi_aws as aws

encryption = aws.opensearch.ServerlessSecurityPolicy(
    "docs-encryption",
    name="docs-encryption",
    type="encryption",
    policy=json.dumps(
        {"Rules": [{"ResourceType": "collection", "Resource": ["collection/docs"]}], "AWSOwnedKey": True}
    ),
)
collection = aws.opensearch.ServerlessCollection(
    "docs", name="docs", type="SEARCH", opts=pulumi.ResourceOptions(depends_on=[encryption])
)

pulumi.export("endpoint", collection.collection_endpoint)
