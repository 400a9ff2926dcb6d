"""Key custody for a payments team: a CloudHSM cluster with one hsm1.medium HSM."""

import pulumi_aws as aws

private_subnets = aws.ec2.get_subnets(filters=[{"name": "tag:Tier", "values": ["private"]}])
cluster = aws.cloudhsmv2.Cluster("payments", hsm_type="hsm1.medium", subnet_ids=private_subnets.ids[:2])
aws.cloudhsmv2.Hsm("payments-1", cluster_id=cluster.cluster_id, subnet_id=private_subnets.ids[0])
