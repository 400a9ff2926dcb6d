"""A Classic ELB in two AZs with an HTTP listener and a health check."""

import pulumi
import pulumi_aws as aws

elb = aws.elb.LoadBalancer(
    "legacy-web",
    availability_zones=["us-east-1a", "us-east-1b"],
    listeners=[{"instance_port": 8080, "instance_protocol": "http", "lb_port": 80, "lb_protocol": "http"}],
    health_check={
        "target": "HTTP:8080/health",
        "healthy_threshold": 2,
        "unhealthy_threshold": 2,
        "timeout": 3,
        "interval": 30,
    },
    cross_zone_load_balancing=True,
)

pulumi.export("dnsName", elb.dns_name)
