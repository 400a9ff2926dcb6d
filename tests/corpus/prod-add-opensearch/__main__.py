"""The prod stack plus an OpenSearch domain of two r6g.large.search data nodes with 100 GB gp3 each.

The wrapper reuses the project as it is: Pulumi.yaml and Pulumi.prod.yaml here are symlinks to the repo
root's files (project `frugal`, the prod stack's config), so `--stack prod` previews prod plus one change.
"""

import os
import runpy
import sys
from pathlib import Path

import pulumi_aws as aws

# Run the repository's own program first, as the language host would run it from the repo root: its
# relative paths (app/static, the Docker context) and its imports (components, settings) need the repo
# as cwd and on sys.path. cwd stays there: applies that read files may run after run_path returns, and
# the language host (or the offline preview) restores cwd once the program ends.
REPO = Path(__file__).resolve().parents[3]
os.chdir(REPO)
sys.path.insert(0, str(REPO))
runpy.run_path(str(REPO / "__main__.py"), run_name="__main__")

# The one resource this change adds to prod.
aws.opensearch.Domain(
    "device-search",
    engine_version="OpenSearch_2.15",
    cluster_config={
        "instance_type": "r6g.large.search",
        "instance_count": 2,
        "zone_awareness_enabled": True,
        "zone_awareness_config": {"availability_zone_count": 2},
    },
    ebs_options={"ebs_enabled": True, "volume_type": "gp3", "volume_size": 100},
    encrypt_at_rest={"enabled": True},
    node_to_node_encryption={"enabled": True},
    domain_endpoint_options={"enforce_https": True},
)
