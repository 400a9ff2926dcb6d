"""A managed SFTP endpoint (Transfer Family) in front of S3, service-managed users."""

import pulumi
import pulumi_aws as aws

server = aws.transfer.Server(
    "partner-drop", protocols=["SFTP"], identity_provider_type="SERVICE_MANAGED", endpoint_type="PUBLIC"
)

pulumi.export("endpoint", server.endpoint)
