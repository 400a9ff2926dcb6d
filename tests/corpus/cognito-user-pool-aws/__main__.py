"""Sign-in for a web app: a Cognito user pool (email usernames, strong passwords) and a public app client."""

import pulumi
import pulumi_aws as aws

pool = aws.cognito.UserPool(
    "users",
    username_attributes=["email"],
    auto_verified_attributes=["email"],
    password_policy={
        "minimum_length": 12,
        "require_lowercase": True,
        "require_numbers": True,
        "require_symbols": False,
        "require_uppercase": True,
    },
    account_recovery_setting={"recovery_mechanisms": [{"name": "verified_email", "priority": 1}]},
)
client = aws.cognito.UserPoolClient(
    "web",
    user_pool_id=pool.id,
    generate_secret=False,
    explicit_auth_flows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
)

pulumi.export("userPoolId", pool.id)
pulumi.export("clientId", client.id)
