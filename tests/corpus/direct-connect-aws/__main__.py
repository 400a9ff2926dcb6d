"""A dedicated 1 Gbps Direct Connect port at an Equinix location, ordered ahead of the cross-connect."""

import pulumi
import pulumi_aws as aws

dx = aws.directconnect.Connection("datacenter", bandwidth="1Gbps", location="EqDC2", provider_name="Equinix")

pulumi.export("connectionId", dx.id)
