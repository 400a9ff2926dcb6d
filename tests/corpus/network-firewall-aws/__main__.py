"""A Network Firewall in a dedicated firewall subnet with a stateful domain allow-list."""

import pulumi_aws as aws

vpc = aws.ec2.Vpc("inspected", cidr_block="10.5.0.0/16")
fw_subnet = aws.ec2.Subnet(
    "firewall-a", vpc_id=vpc.id, cidr_block="10.5.0.0/28", availability_zone="us-east-1a"
)

allow_list = aws.networkfirewall.RuleGroup(
    "egress-domains",
    capacity=100,
    type="STATEFUL",
    rule_group={
        "rules_source": {
            "rules_source_list": {
                "generated_rules_type": "ALLOWLIST",
                "target_types": ["TLS_SNI", "HTTP_HOST"],
                "targets": [".amazonaws.com", ".github.com"],
            }
        }
    },
)
policy = aws.networkfirewall.FirewallPolicy(
    "egress",
    firewall_policy={
        "stateless_default_actions": ["aws:forward_to_sfe"],
        "stateless_fragment_default_actions": ["aws:forward_to_sfe"],
        "stateful_rule_group_references": [{"resource_arn": allow_list.arn}],
    },
)
aws.networkfirewall.Firewall(
    "egress",
    firewall_policy_arn=policy.arn,
    vpc_id=vpc.id,
    subnet_mappings=[{"subnet_id": fw_subnet.id}],
)
