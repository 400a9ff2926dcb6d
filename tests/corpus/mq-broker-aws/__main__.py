"""A legacy JMS integration: Amazon MQ for ActiveMQ, mq.m5.large, single-instance deployment."""

import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword("mq", length=24, special=False)
broker = aws.mq.Broker(
    "orders",
    broker_name="orders",
    engine_type="ActiveMQ",
    engine_version="5.18",
    host_instance_type="mq.m5.large",
    deployment_mode="SINGLE_INSTANCE",
    publicly_accessible=False,
    users=[{"username": "orders", "password": password.result}],
)

pulumi.export("brokerId", broker.id)
