"""Hourly families with their own pricer module: Amazon MQ (messaging), DocumentDB, Directory Service,
Transfer Family, Shield Advanced, SES dedicated IP pools, MWAA, FSx, DMS and App Runner.

Expected figures are worked out by hand from the price table (730 h a month)."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN

from tests.policy.helpers import estimate_of, node

H = 730


def monthly(*nodes) -> list[float]:
    result = estimate_of(*nodes)
    assert result.unpriced == [], result.unpriced
    return [round(i.monthly_usd, 2) for i in result.items]


def unpriced(*nodes) -> list[tuple[str, str]]:
    return [(u.cause, u.reason) for u in estimate_of(*nodes).unpriced]


def test_mq_brokers_by_instance_type_and_deployment_mode():
    broker = "aws:mq/broker:Broker"
    assert monthly(node(broker, "a", {"hostInstanceType": "mq.t2.micro"})) == [round(H * 0.03, 2)]
    assert monthly(
        node(broker, "b", {"hostInstanceType": "mq.m5.large", "deploymentMode": "ACTIVE_STANDBY_MULTI_AZ"})
    ) == [round(2 * H * 0.288, 2)]
    assert monthly(
        node(
            "aws-native:amazonmq:Broker",
            "c",
            {
                "hostInstanceType": "mq.m5.xlarge",
                "deploymentMode": "CLUSTER_MULTI_AZ",
                "engineType": "RABBITMQ",
            },
        )
    ) == [round(3 * H * 0.576, 2)]
    [(kind, reason)] = unpriced(node(broker, "d", {"hostInstanceType": "mq.m7g.large"}))
    assert kind == "no-price" and "mq.mq.m7g.large" in reason
    assert unpriced(node(broker, "e", {"hostInstanceType": UNKNOWN}))[0][0] == "unknown"


def test_docdb_instances_by_class_from_the_family_base_and_io_optimized_clusters_fail_closed():
    instance = "aws:docdb/clusterInstance:ClusterInstance"
    assert monthly(node(instance, "a", {"instanceClass": "db.t3.medium"})) == [56.94]
    assert monthly(node(instance, "b", {"instanceClass": "db.r5.4xlarge"})) == [round(H * 0.277 * 32 / 4, 2)]
    cluster = node("aws:docdb/cluster:Cluster", "c", {"storageType": "iopt1"})
    member = node(
        instance,
        "m",
        {"instanceClass": "db.t3.medium", "clusterIdentifier": UNKNOWN},
        {"clusterIdentifier": [cluster]},
    )
    assert "I/O-optimized" in unpriced(cluster, member)[0][1]
    assert unpriced(node(instance, "s", {"instanceClass": "db.serverless"}))[0][0] == "no-price"


def test_directories_by_type_edition_size_and_domain_controller_count():
    directory = "aws:directoryservice/directory:Directory"
    assert monthly(node(directory, "ms", {"type": "MicrosoftAD", "edition": "Standard"})) == [87.60]
    assert monthly(node(directory, "ent", {"type": "MicrosoftAD"})) == [
        round(2 * H * 0.2, 2)
    ]  # Enterprise default
    assert monthly(
        node(
            directory,
            "big",
            {"type": "MicrosoftAD", "edition": "Standard", "desiredNumberOfDomainControllers": 4},
        )
    ) == [round(4 * H * 0.06, 2)]
    assert monthly(node(directory, "simple", {"size": "Small"})) == [73.0]  # SimpleAD default
    assert monthly(node("aws-native:directoryservice:SimpleAd", "n", {"size": "Large", "name": "corp"})) == [
        219.0
    ]
    assert monthly(node("aws-native:directoryservice:MicrosoftAd", "n", {"edition": "Standard"})) == [87.60]
    [(kind, reason)] = unpriced(node(directory, "conn", {"type": "ADConnector", "size": "Large"}))
    assert kind == "no-price" and "ad_connector.large_dc_hour" in reason
    assert unpriced(node(directory, "u", {"type": "MicrosoftAD", "edition": UNKNOWN}))[0][0] == "unknown"


def test_directory_regions_follow_their_directory_and_sharing_bills_per_account():
    directory = node(
        "aws:directoryservice/directory:Directory", "d", {"type": "MicrosoftAD", "edition": "Standard"}
    )
    region = node(
        "aws:directoryservice/serviceRegion:ServiceRegion",
        "west",
        {"directoryId": UNKNOWN, "regionName": "us-west-2", "desiredNumberOfDomainControllers": 3},
        {"directoryId": [directory]},
    )
    shared = node("aws:directoryservice/sharedDirectory:SharedDirectory", "s", {"directoryId": "d-1"})
    assert monthly(directory, region, shared) == [87.60, round(3 * H * 0.06, 2), round(H * 0.018, 2)]
    lonely = node("aws:directoryservice/serviceRegion:ServiceRegion", "r", {"directoryId": "d-9"})
    assert unpriced(lonely)[0][0] == "unknown"


def test_transfer_servers_bill_each_protocol():
    server = "aws:transfer/server:Server"
    assert monthly(node(server, "sftp", {})) == [219.0]
    assert monthly(node(server, "all", {"protocols": ["SFTP", "FTPS", "FTP"]})) == [657.0]
    assert monthly(node("aws-native:transfer:Server", "n", {"protocols": ["AS2", "SFTP"]})) == [438.0]
    assert unpriced(node(server, "u", {"protocols": UNKNOWN}))[0][0] == "unknown"


def test_shield_advanced_and_ses_dedicated_ip_pools():
    assert monthly(node("aws:shield/subscription:Subscription", "s", {"autoRenew": "ENABLED"})) == [3000.0]
    standard = estimate_of(node("aws:sesv2/dedicatedIpPool:DedicatedIpPool", "p", {"poolName": "p"}))
    assert standard.items == [] and "leased separately" in standard.free[0].note
    managed = unpriced(node("aws-native:ses:DedicatedIpPool", "m", {"scalingMode": "MANAGED"}))
    assert managed[0][0] == "no-price" and "ses.managed_ip_pool_month" in managed[0][1]


def test_mwaa_environments_with_their_always_on_workers_and_schedulers():
    environment = "aws:mwaa/environment:Environment"
    assert monthly(node(environment, "small", {"maxWorkers": 10})) == [357.70]
    assert monthly(
        node(environment, "big", {"environmentClass": "mw1.large", "minWorkers": 3, "schedulers": 4})
    ) == [round(H * (0.99 + 2 * 0.22 + 2 * 0.22), 2)]
    assert monthly(
        node("aws-native:mwaa:Environment", "n", {"environmentClass": "mw1.medium", "minWorkers": 2})
    ) == [round(H * (0.74 + 0.11), 2)]
    assert unpriced(node(environment, "micro", {"environmentClass": "mw1.micro"}))[0][0] == "no-price"
    assert unpriced(node(environment, "u", {"minWorkers": UNKNOWN}))[0][0] == "unknown"


def test_fsx_file_systems_by_deployment_storage_and_throughput():
    windows = node(
        "aws:fsx/windowsFileSystem:WindowsFileSystem",
        "w",
        {"deploymentType": "MULTI_AZ_1", "storageCapacity": 300, "throughputCapacity": 32},
    )
    zfs = node(
        "aws:fsx/openZfsFileSystem:OpenZfsFileSystem",
        "z",
        {"deploymentType": "SINGLE_AZ_1", "storageCapacity": 64, "throughputCapacity": 64},
    )
    assert monthly(windows, zfs) == [round(300 * 0.23 + 32 * 4.5, 2), round(64 * 0.09 + 64 * 0.26, 2)]
    single = node(
        "aws:fsx/windowsFileSystem:WindowsFileSystem", "s", {"storageCapacity": 32, "throughputCapacity": 8}
    )
    assert "fsx.windows.single_az_1" in unpriced(single)[0][1]
    iops = node(
        "aws:fsx/openZfsFileSystem:OpenZfsFileSystem",
        "i",
        {
            "deploymentType": "SINGLE_AZ_1",
            "storageCapacity": 64,
            "throughputCapacity": 64,
            "diskIopsConfiguration": {"mode": "USER_PROVISIONED", "iops": 10000},
        },
    )
    # 3 IOPS per GB are included (192); the rest bill per IOPS-month.
    assert monthly(iops) == [round(64 * 0.09 + 64 * 0.26 + (10000 - 3 * 64) * 0.006, 2)]
    windows_iops = node(
        "aws:fsx/windowsFileSystem:WindowsFileSystem",
        "wi",
        {
            "deploymentType": "MULTI_AZ_1",
            "storageCapacity": 300,
            "throughputCapacity": 32,
            "diskIopsConfiguration": {"mode": "USER_PROVISIONED", "iops": 5000},
        },
    )
    assert unpriced(windows_iops)[0][0] == "no-price"
    assert unpriced(node("aws:fsx/windowsFileSystem:WindowsFileSystem", "u", {"storageCapacity": UNKNOWN}))[
        0
    ][0] == ("unknown")


def test_dms_replication_instances_and_storage_beyond_the_included_allowance():
    instance = "aws:dms/replicationInstance:ReplicationInstance"
    assert monthly(node(instance, "a", {"replicationInstanceClass": "dms.t2.micro"})) == [13.14]
    assert monthly(node(instance, "b", {"replicationInstanceClass": "dms.t2.micro", "multiAz": True})) == [
        26.28
    ]
    big = estimate_of(
        node(instance, "c", {"replicationInstanceClass": "dms.t2.micro", "allocatedStorage": 200})
    )
    assert [i.monthly_usd for i in big.items] == [13.14, round(150 * 0.115, 2)] and big.unpriced == []
    assert unpriced(node(instance, "d", {"replicationInstanceClass": "dms.r5.large"}))[0][0] == "no-price"


PUBLIC = {"imageRepository": {"imageRepositoryType": "ECR_PUBLIC", "imageIdentifier": "public.ecr.aws/x/y"}}


@pytest.mark.parametrize(
    ("memory", "gigabytes"), [(None, 2), ("2048", 2), ("4 GB", 4), ("0.5 GB", 0.5), ("1024", 1)]
)
def test_app_runner_bills_the_memory_of_its_provisioned_instances(memory, gigabytes):
    config = {"sourceConfiguration": PUBLIC}
    if memory:
        config["instanceConfiguration"] = {"cpu": "1024", "memory": memory}
    assert monthly(node("aws:apprunner/service:Service", "svc", config)) == [round(gigabytes * H * 0.007, 2)]


def test_app_runner_reads_min_size_from_its_auto_scaling_configuration():
    scaling = node(
        "aws:apprunner/autoScalingConfigurationVersion:AutoScalingConfigurationVersion",
        "warm",
        {"minSize": 3},
    )
    service = node(
        "aws-native:apprunner:Service",
        "svc",
        {
            "autoScalingConfigurationArn": UNKNOWN,
            "instanceConfiguration": {"memory": "3 GB"},
            "sourceConfiguration": {
                "autoDeploymentsEnabled": False,
                "imageRepository": {"imageRepositoryType": "ECR"},
            },
        },
        {"autoScalingConfigurationArn": [scaling]},
    )
    assert monthly(scaling, service) == [round(3 * 3 * H * 0.007, 2)]
    unlinked = node("aws:apprunner/service:Service", "svc", {"autoScalingConfigurationArn": UNKNOWN})
    assert unpriced(unlinked)[0][0] == "unknown"


def test_app_runner_automatic_deployments_bill_a_monthly_fee_the_table_lacks():
    # pulumi-aws turns automatic deployments on by default for private ECR and code repositories.
    result = estimate_of(
        node(
            "aws:apprunner/service:Service",
            "svc",
            {"sourceConfiguration": {"codeRepository": {"repositoryUrl": "u"}}},
        )
    )
    assert [round(i.monthly_usd, 2) for i in result.items] == [round(2 * H * 0.007, 2)]
    assert (
        result.unpriced[0].cause == "no-price"
        and "apprunner.automatic_deployments_month" in result.unpriced[0].reason
    )
