"""Redshift: provisioned clusters (nodes x node type; RA3 managed storage by use), Serverless workgroups
(billed only while queries run: usage) and Redshift-managed VPC endpoints (PrivateLink rates)."""

from __future__ import annotations

from frugal.cron import HOURS_PER_MONTH

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, as_bool, as_number
from .core import Inputs, Pricing, fmt_num, notes_text, prices
from .table import MissingPriceError


@prices(t.REDSHIFT_CLUSTER)
def price_cluster(cluster: Node, pricing: Pricing) -> None:
    node_type = cluster.get("nodeType")
    # Unset, the provider derives the type from numberOfNodes (multi-node above 1).
    cluster_type = cluster.get("clusterType")
    count = as_number(cluster.get("numberOfNodes", default=1))
    multi_az = as_bool(cluster.get("multiAz", default=False))
    if any(value is UNKNOWN for value in (node_type, cluster_type, count)):
        pricing.unpriced(cluster, "nodeType, clusterType or numberOfNodes unknown at preview")
        return
    if node_type is None:
        pricing.unpriced(cluster, "nodeType is not set")
        return
    try:
        hourly = pricing.rate(f"redshift.{node_type}", cluster)
    except MissingPriceError:
        pricing.unpriced(cluster, f"node type {node_type} is not in the price table", "no-price")
        return
    nodes = 1.0 if cluster_type == "single-node" else float(count or 1)
    notes = []
    copies = 1
    if multi_az in (True, UNKNOWN):
        # Multi-AZ runs the cluster's compute in two Availability Zones, both billed.
        copies = 2
        notes.append("Multi-AZ x2" if multi_az is True else "multiAz unknown at preview: assumed on (x2)")
    if str(node_type).startswith("ra3."):
        notes.append("managed storage by use")
    pricing.item(
        cluster,
        copies * nodes * hourly * HOURS_PER_MONTH,
        f"{fmt_num(nodes)} x {node_type} node(s), 730 h/month{notes_text(notes)}",
        upper_bound=multi_az is UNKNOWN,
    )


@prices(t.REDSHIFT_SERVERLESS_WORKGROUP)
def price_workgroup(workgroup: Node, pricing: Pricing) -> None:
    # Redshift Serverless bills RPU-hours only while queries run (per second, 60 s minimum): an idle
    # workgroup costs nothing, so its base capacity is a rate, not a fixed monthly cost.
    base = as_number(workgroup.get("baseCapacity", default=128))
    rate = pricing.rate("redshift.serverless.rpu_hour", workgroup)
    per_hour = (
        ""
        if base in (None, UNKNOWN)
        else f" (base {fmt_num(float(base))} RPUs: ${float(base) * rate:,.2f} per hour of queries)"
    )
    pricing.usage(workgroup, f"RPU-hours only while queries run, 60 s minimum{per_hour}; idle costs nothing")


@prices(t.REDSHIFT_ENDPOINT_ACCESS, t.REDSHIFT_SERVERLESS_ENDPOINT_ACCESS)
def price_endpoint_access(endpoint: Node, pricing: Pricing) -> None:
    # Redshift management guide (Redshift-managed VPC endpoints): AWS PrivateLink pricing; Redshift
    # picks one subnet of the subnet group for the endpoint's network interface.
    pricing.item(
        endpoint,
        HOURS_PER_MONTH * pricing.rate("vpc_endpoint.interface_az_hour", endpoint),
        "Redshift-managed VPC endpoint in 1 AZ at AWS PrivateLink rates, 730 h/month + data processed "
        "(usage)",
    )


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:redshift/cluster:Cluster": Inputs(
        reads="clusterType multiAz nodeType numberOfNodes region",
        free=(
            "allowVersionUpgrade applyImmediately aquaConfigurationStatus "
            "automatedSnapshotRetentionPeriod availabilityZone availabilityZoneRelocationEnabled "
            "clusterIdentifier clusterParameterGroupName clusterSubnetGroupName clusterVersion "
            "databaseName defaultIamRoleArn elasticIp encrypted enhancedVpcRouting "
            "finalSnapshotIdentifier iamRoles kmsKeyId maintenanceTrackName manageMasterPassword "
            "manualSnapshotRetentionPeriod masterPassword masterPasswordSecretKmsKeyId masterPasswordWo "
            "masterPasswordWoVersion masterUsername ownerAccount port preferredMaintenanceWindow "
            "publiclyAccessible skipFinalSnapshot snapshotArn snapshotClusterIdentifier "
            "snapshotIdentifier tags vpcSecurityGroupIds"
        ),
    ),
    "aws:redshift/endpointAccess:EndpointAccess": Inputs(
        reads="region",
        free="clusterIdentifier endpointName resourceOwner subnetGroupName vpcSecurityGroupIds",
    ),
    "aws:redshiftserverless/endpointAccess:EndpointAccess": Inputs(
        reads="region",
        free="endpointName ownerAccount subnetIds vpcSecurityGroupIds workgroupName",
    ),
    "aws:redshiftserverless/workgroup:Workgroup": Inputs(
        reads="baseCapacity region",
        free=(
            "configParameters enhancedVpcRouting maxCapacity namespaceName port "
            "pricePerformanceTarget publiclyAccessible securityGroupIds subnetIds tags trackName "
            "workgroupName"
        ),
    ),
}
