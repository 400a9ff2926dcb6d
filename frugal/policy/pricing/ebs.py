"""EBS volumes: storage per GB-month by type, plus provisioned IOPS and throughput where they are billed."""

from __future__ import annotations

from typing import Any

from .. import types as t
from ..graph import Node
from ..values import UNKNOWN, as_number
from .core import Inputs, Pricing, fmt_num, prices
from .table import MissingPriceError

GP3_FREE_IOPS = 3000
GP3_FREE_MBPS = 125


def volume_monthly(
    pricing: Pricing,
    node: Node,
    volume_type: str,
    size_gb: float,
    iops: float | None,
    throughput: float | None,
) -> tuple[float, str]:
    """A volume's monthly price and what it is made of. Raises MissingPriceError for an unpriced type."""
    monthly = size_gb * pricing.rate(f"ebs.{volume_type}.gb_month", node)
    parts = [f"{fmt_num(size_gb)} GB {volume_type}"]
    if volume_type == "gp3":
        if iops and iops > GP3_FREE_IOPS:
            monthly += (iops - GP3_FREE_IOPS) * pricing.rate("ebs.gp3.iops_month", node)
            parts.append(f"{fmt_num(iops)} IOPS")
        if throughput and throughput > GP3_FREE_MBPS:
            monthly += (throughput - GP3_FREE_MBPS) * pricing.rate("ebs.gp3.mbps_month", node)
            parts.append(f"{fmt_num(throughput)} MB/s")
    elif volume_type == "io1" and iops:
        monthly += iops * pricing.rate("ebs.io1.iops_month", node)
        parts.append(f"{fmt_num(iops)} provisioned IOPS")
    elif volume_type == "io2" and iops:
        # io2 IOPS are tiered per volume: the first 32,000, up to 64,000, and above.
        tiers = ((32000, "tier1"), (64000, "tier2"), (float("inf"), "tier3"))
        floor = 0.0
        for ceiling, tier in tiers:
            if iops > floor:
                monthly += (min(iops, ceiling) - floor) * pricing.rate(f"ebs.io2.iops_month.{tier}", node)
            floor = ceiling
        parts.append(f"{fmt_num(iops)} provisioned IOPS")
    return monthly, " + ".join(parts)


def device_numbers(device: Any) -> tuple[Any, Any, Any, Any]:
    """(size, type, iops, throughput) of a block device mapping; UNKNOWN where unknown."""
    if device is UNKNOWN or not isinstance(device, dict):
        return UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN
    size = as_number(device.get("volumeSize"))
    volume_type = device.get("volumeType")
    iops = as_number(device.get("iops"))
    throughput = as_number(device.get("throughput"))
    return size, volume_type, iops, throughput


@prices(t.EBS_VOLUME)
def price_volume(volume: Node, pricing: Pricing) -> None:
    size = as_number(volume.get("size"))
    # CreateVolume's default type is gp2 (EC2 API reference, CreateVolume "VolumeType ... Default: gp2";
    # botocore's EC2 model says the same) [sure]. The provider passes no type of its own.
    volume_type = volume.get("type", default="gp2")
    if size in (None, UNKNOWN) or volume_type is UNKNOWN:
        pricing.unpriced(
            volume, "size or type unknown at preview (a snapshot-sized volume is priced after apply)"
        )
        return
    iops = as_number(volume.get("iops"))
    throughput = as_number(volume.get("throughput"))
    if UNKNOWN in (iops, throughput):
        pricing.unpriced(volume, "iops or throughput unknown at preview")
        return
    try:
        monthly, what = volume_monthly(pricing, volume, str(volume_type), float(size), iops, throughput)
    except MissingPriceError:
        pricing.unpriced(volume, f"volume type {volume_type} is not in the price table", "no-price")
        return
    pricing.item(volume, monthly, f"{what} EBS volume")


# The inputs of each type priced here: read, free (no effect on the monthly price), or unread though
# price-relevant (see `Inputs`; tests/policy/pricing/test_inputs.py checks them against the provider).
INPUTS: dict[str, Inputs] = {
    "aws:ebs/volume:Volume": Inputs(
        reads="iops region size throughput type",
        free=(
            "availabilityZone encrypted finalSnapshot kmsKeyId multiAttachEnabled outpostArn "
            "snapshotId tags volumeInitializationRate"
        ),
    ),
}
