"""An awsx ALB with defaults: internet-facing over the default VPC's public subnets, listener on 80."""

import pulumi
import pulumi_awsx as awsx

lb = awsx.lb.ApplicationLoadBalancer("web")

pulumi.export("url", lb.load_balancer.dns_name)
