"""An awsx NLB with defaults: internet-facing over the default VPC's public subnets."""

import pulumi
import pulumi_awsx as awsx

lb = awsx.lb.NetworkLoadBalancer("tcp")

pulumi.export("dnsName", lb.load_balancer.dns_name)
