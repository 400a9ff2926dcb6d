"""The prod stack plus a db.r6g.4xlarge Multi-AZ PostgreSQL on 1000 GB io1 with 10000 IOPS.

The wrapper reuses the project as it is: Pulumi.yaml and Pulumi.prod.yaml here are symlinks to the repo
root's files (project `frugal`, the prod stack's config), so `--stack prod` previews prod plus one change.
"""

import os
import runpy
import sys
from pathlib import Path

import pulumi_aws as aws
import pulumi_random as random

# Run the repository's own program first, as the language host would run it from the repo root: its
# relative paths (app/static, the Docker context) and its imports (components, settings) need the repo
# as cwd and on sys.path. cwd stays there: applies that read files may run after run_path returns, and
# the language host (or the offline preview) restores cwd once the program ends.
REPO = Path(__file__).resolve().parents[3]
os.chdir(REPO)
sys.path.insert(0, str(REPO))
runpy.run_path(str(REPO / "__main__.py"), run_name="__main__")

# The one resource this change adds to prod.
password = random.RandomPassword("reporting-db", length=32, special=False)
aws.rds.Instance(
    "reporting-db",
    engine="postgres",
    engine_version="16.4",
    instance_class="db.r6g.4xlarge",
    multi_az=True,
    allocated_storage=1000,
    storage_type="io1",
    iops=10000,
    db_name="reporting",
    username="reporting",
    password=password.result,
    skip_final_snapshot=True,
)
