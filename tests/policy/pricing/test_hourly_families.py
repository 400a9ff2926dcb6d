"""Hourly families with their own pricer module: Amazon MQ (messaging), DocumentDB, Directory Service,
Transfer Family, Shield Advanced, SES dedicated IP pools and DMS.

Expected figures are worked out by hand from the price table (730 h a month)."""

from __future__ import annotations

from pulumi_policy.proxy import UNKNOWN_STRING_VALUE as UNKNOWN

from tests.policy.helpers import estimate_of, node

H = 730


def monthly(*nodes) -> list[float]:
    result = estimate_of(*nodes)
    assert result.unpriced == [], result.unpriced
    return [round(i.monthly_usd, 2) for i in result.items]


def unpriced(*nodes) -> list[tuple[str, str]]:
    return [(u.kind, u.reason) for u in estimate_of(*nodes).unpriced]


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


def test_dms_replication_instances_and_storage_beyond_the_included_allowance():
    instance = "aws:dms/replicationInstance:ReplicationInstance"
    assert monthly(node(instance, "a", {"replicationInstanceClass": "dms.t2.micro"})) == [13.14]
    assert monthly(node(instance, "b", {"replicationInstanceClass": "dms.t2.micro", "multiAz": True})) == [
        26.28
    ]
    big = estimate_of(
        node(instance, "c", {"replicationInstanceClass": "dms.t2.micro", "allocatedStorage": 200})
    )
    assert [i.monthly_usd for i in big.items] == [13.14] and big.unpriced[0].kind == "no-price"
    assert unpriced(node(instance, "d", {"replicationInstanceClass": "dms.r5.large"}))[0][0] == "no-price"
