"""Amazon MSK: 3 kafka.m5.large brokers across 3 subnets, 100 GB of storage per broker."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])

kafka_sg = aws.ec2.SecurityGroup(
    "kafka",
    vpc_id=vpc.id,
    ingress=[{"protocol": "tcp", "from_port": 9092, "to_port": 9098, "cidr_blocks": ["172.31.0.0/16"]}],
)
cluster = aws.msk.Cluster(
    "events",
    kafka_version="3.6.0",
    number_of_broker_nodes=3,
    broker_node_group_info={
        "instance_type": "kafka.m5.large",
        "client_subnets": subnets.ids[:3],
        "security_groups": [kafka_sg.id],
        "storage_info": {"ebs_storage_info": {"volume_size": 100}},
    },
)

pulumi.export("bootstrap", cluster.bootstrap_brokers_tls)
