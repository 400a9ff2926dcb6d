"""Independent reference prices: resources whose monthly list price is worked out here by hand from
AWS's own price data, never from the pack's price table, then compared with the estimate.

Where the two disagree, one of them is wrong: fix the table or the pricer, or the case (with its
source). Rates are us-east-1 and quoted with the AWS source each comes from:

- EC2 = AWS EC2 pricing-page feed `ec2-ondemand-without-sec-sel/US East (N. Virginia)/Linux`, published
  2025-04-04 (copy: yeo/ec2.shop data/ec2/us-east-1-ondemand.json and -previousgen-ondemand.json @74c9fd8a)
- EBS = AWS EBS pricing-page feed, published 2024-07-18 (copy: yeo/ec2.shop data/ebs/ebs.json)
- RDS-PG / RDS-MYSQL = AWS RDS pricing-page feeds rds-postgresql-ondemand / rds-mysql-ondemand,
  published 2024-09-28 (copy: yeo/ec2.shop @44337592 data/rds/)
- CW = AWS CloudWatch pricing page: detailed monitoring is 7 metrics x $0.30 per instance-month
- EBS-OPT = AWS EC2 on-demand page's "EBS-Optimized Usage" table (m1.large $0.025 per hour; an undated
  copy, search-index file 29185092519)
- ES = RDS User Guide "Amazon RDS Extended Support charges" (standby billed too) with the RDS feeds'
  Extended Support lines; end-of-standard-support dates from the RDS release calendars
"""

from __future__ import annotations

from datetime import date

import pytest

from frugal.policy.pricing import rds
from tests.policy.helpers import estimate_of, node

H = 730

CASES = [
    pytest.param(
        "aws:ec2/instance:Instance",
        {
            "instanceType": "t3.micro",
            "associatePublicIpAddress": False,
            "rootBlockDevice": {"volumeSize": 8, "volumeType": "gp3"},
        },
        # EC2 t3.micro $0.0104/h; EBS gp3 $0.08/GB-month
        0.0104 * H + 8 * 0.08,
        id="ec2-t3-micro-private",
    ),
    pytest.param(
        "aws:ec2/instance:Instance",
        {
            "instanceType": "m5.large",
            "monitoring": True,
            "associatePublicIpAddress": False,
            "rootBlockDevice": {"volumeSize": 20, "volumeType": "gp2"},
        },
        # EC2 m5.large $0.096/h; CW detailed monitoring 7 x $0.30; EBS gp2 $0.10/GB-month
        0.096 * H + 7 * 0.30 + 20 * 0.10,
        id="ec2-m5-large-detailed-monitoring",
    ),
    pytest.param(
        "aws:ec2/instance:Instance",
        {
            "instanceType": "m1.large",
            "ebsOptimized": True,
            "associatePublicIpAddress": False,
            "rootBlockDevice": {"volumeSize": 8, "volumeType": "gp2"},
        },
        # EC2 (previous generation) m1.large $0.175/h; EBS-OPT $0.025/h; EBS gp2 $0.10/GB-month
        0.175 * H + 0.025 * H + 8 * 0.10,
        id="ec2-m1-large-ebs-optimized",
    ),
    pytest.param(
        "aws:ebs/volume:Volume",
        {"size": 100, "availabilityZone": "us-east-1a"},
        # CreateVolume's default type is gp2 (EC2 API reference); EBS gp2 $0.10/GB-month
        100 * 0.10,
        id="ebs-untyped-is-gp2",
    ),
    pytest.param(
        "aws:ebs/volume:Volume",
        {"size": 500, "type": "st1"},
        # EBS st1 $0.045/GB-month
        500 * 0.045,
        id="ebs-st1",
    ),
    pytest.param(
        "aws:rds/instance:Instance",
        {
            "engine": "postgres",
            "engineVersion": "11.22",
            "instanceClass": "db.t3.large",
            "allocatedStorage": 20,
            "storageType": "gp2",
        },
        # RDS-PG db.t3.large $0.145/h + gp2 $0.115/GB-month; ES: PG 11 left standard support on
        # 2024-02-29, year 3 from 2026-03-01: 2 vCPU x $0.20/vCPU-hour
        0.145 * H + 20 * 0.115 + 2 * 0.20 * H,
        id="rds-postgres-11-extended-support",
    ),
    pytest.param(
        "aws:rds/instance:Instance",
        {
            "engine": "mysql",
            "engineVersion": "8.0.39",
            "instanceClass": "db.t4g.small",
            "multiAz": True,
            "allocatedStorage": 20,
            "storageType": "gp2",
        },
        # RDS-MYSQL db.t4g.small Multi-AZ $0.065/h; gp2 Multi-AZ $0.23/GB-month; ES: MySQL 8.0 left
        # standard support on 2026-07-31, year 1: 2 vCPU x 2 instances x $0.10/vCPU-hour
        0.065 * H + 20 * 0.23 + 2 * 2 * 0.10 * H,
        id="rds-mysql-8-0-multi-az",
    ),
    pytest.param(
        "aws:rds/instance:Instance",
        {
            "engine": "mysql",
            "engineVersion": "8.4.3",
            "instanceClass": "db.r4.8xlarge",
            "allocatedStorage": 100,
            "storageType": "gp2",
            "performanceInsightsEnabled": True,
            "performanceInsightsRetentionPeriod": 731,
        },
        # RDS-MYSQL db.r4.8xlarge $3.84/h; gp2 $0.115/GB-month; Performance Insights 24 months on 32
        # vCPU: 'ProvisionedFMR vCPU-Months' $1.50 + 23 x 'ProvisionedAMR vCPU-Months' $0.0631
        3.84 * H + 100 * 0.115 + 32 * (1.50 + 23 * 0.0631),
        id="rds-mysql-performance-insights-24-months",
    ),
    pytest.param(
        "aws:rds/instance:Instance",
        {
            "engine": "postgres",
            "instanceClass": "db.m5.large",
            "multiAz": True,
            "allocatedStorage": 100,
            "storageType": "gp3",
        },
        # RDS-PG db.m5.large Multi-AZ: 2 x $0.178/h (the feed's Multi-AZ line is exactly twice);
        # gp3 Multi-AZ $0.23/GB-month, 100 GB is within the included 3,000 IOPS / 125 MiB/s
        2 * 0.178 * H + 100 * 0.23,
        id="rds-postgres-multi-az-gp3",
    ),
]


@pytest.mark.parametrize(("type_", "props", "list_usd"), CASES)
def test_the_estimate_matches_the_hand_worked_list_price(
    monkeypatch, type_: str, props: dict, list_usd: float
):
    monkeypatch.setattr(rds, "today", lambda: date(2026, 12, 8))
    result = estimate_of(node(type_, "x", props))
    assert result.unpriced == [], result.unpriced
    estimated = sum(item.monthly_usd for item in result.items)
    assert estimated == pytest.approx(list_usd, abs=0.01), [(i.monthly_usd, i.basis) for i in result.items]
