"""Security rules: s3-no-public-access, no-plaintext-secrets, iam-least-privilege."""

from __future__ import annotations

import json

import pytest

from tests.policy.helpers import (
    UNKNOWN_STR,
    Res,
    run_resource_rule,
    run_stack_rule,
)

# --- s3-no-public-access --------------------------------------------------------------------------

TASK = "aws:ecs/taskDefinition:TaskDefinition"
BUCKET = "aws:s3/bucket:Bucket"
PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
ALL_ON = {
    "blockPublicAcls": True,
    "blockPublicPolicy": True,
    "ignorePublicAcls": True,
    "restrictPublicBuckets": True,
}
OAC_POLICY = json.dumps(
    {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::site/*",
                "Condition": {"StringEquals": {"AWS:SourceArn": "arn:d"}},
            }
        ]
    }
)


def test_s3_no_public_access():
    private = [
        Res(BUCKET, "site", {"bucket": "site"}),
        Res(PAB, "pab", {**ALL_ON, "bucket": "site"}),
        Res("aws:s3/bucketPolicy:BucketPolicy", "pol", {"bucket": "site", "policy": OAC_POLICY}),
    ]
    assert run_stack_rule("s3-no-public-access", private).violations == []
    public_policy = json.dumps(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::site/*",
                }
            ]
        }
    )
    public = [
        Res(BUCKET, "site", {"bucket": "site", "acl": "public-read"}),
        Res(PAB, "pab", {**ALL_ON, "bucket": "site", "blockPublicPolicy": False}),
        Res("aws:s3/bucketPolicy:BucketPolicy", "pol", {"bucket": "site", "policy": public_policy}),
        Res("aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration", "web", {"bucket": "site"}),
        Res(BUCKET, "logs", {"bucket": "logs"}),
    ]
    flagged = {at.rsplit("::", 1)[-1] for _, at in run_stack_rule("s3-no-public-access", public).violations}
    # The bare bucket (logs) is private by AWS's default; the website configuration alone opens nothing.
    assert flagged == {"site", "pab", "pol"}


PUBLIC_POLICY = json.dumps(
    {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "*"}]}
)


def _flagged(resources: list[Res], config: dict | None = None) -> set[str]:
    outcome = run_stack_rule("s3-no-public-access", resources, config or {})
    return {at.rsplit("::", 1)[-1] for _, at in outcome.violations}


def test_a_bucket_with_no_public_access_block_is_private_by_awss_default():
    # `pulumi new aws-python`: one bucket, nothing else. Since April 2023 AWS turns Block Public Access
    # on and ACLs off for every new bucket.
    assert _flagged([Res(BUCKET, "my-bucket", {})]) == set()
    assert _flagged([Res("aws:s3/bucketV2:BucketV2", "my-bucket", {})]) == set()
    # A block with a flag off on a bucket nothing opens: still private.
    off = Res(PAB, "pab", {**ALL_ON, "bucket": "site", "blockPublicPolicy": False})
    assert _flagged([Res(BUCKET, "site", {"bucket": "site"}), off]) == set()
    # The stricter setting asks every bucket for its own block, all four flags on.
    strict = {"requireBlockPublicAccess": True}
    assert _flagged([Res(BUCKET, "logs", {"bucket": "logs"})], strict) == {"logs"}
    assert _flagged([Res(BUCKET, "site", {"bucket": "site"}), off], strict) == {"pab"}


def test_what_explicitly_makes_a_bucket_public_is_blocked():
    site = Res(BUCKET, "site", {"bucket": "site"})
    off = Res(PAB, "pab", {**ALL_ON, "bucket": "site", "blockPublicPolicy": False})
    policy = Res("aws:s3/bucketPolicy:BucketPolicy", "pol", {"bucket": "site", "policy": PUBLIC_POLICY})
    # A block with a flag off together with a public policy: both are reported.
    assert _flagged([site, off, policy]) == {"pab", "pol"}
    # A public policy or a public ACL alone (no block at all): blocked.
    assert _flagged([site, policy]) == {"pol"}
    acl = Res("aws:s3/bucketAclV2:BucketAclV2", "acl", {"bucket": "site", "acl": "public-read"})
    assert _flagged([site, off, acl]) == {"pab", "acl"}
    grants = {
        "bucket": "site",
        "accessControlPolicy": {
            "owner": {"id": "o"},
            "grants": [
                {
                    "grantee": {"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"},
                    "permission": "READ",
                }
            ],
        },
    }
    assert _flagged([site, Res("aws:s3/bucketAclV2:BucketAclV2", "grants", grants)]) == {"grants"}
    # A policy inline on the bucket counts like a BucketPolicy.
    assert _flagged([Res(BUCKET, "inline", {"bucket": "inline", "policy": PUBLIC_POLICY})]) == {"inline"}
    # The OAC policy (a service principal with a condition) opens nothing.
    private = Res("aws:s3/bucketPolicy:BucketPolicy", "pol", {"bucket": "site", "policy": OAC_POLICY})
    assert _flagged([site, off, private]) == set()


def test_a_block_turned_off_with_a_policy_unknown_at_preview_is_blocked():
    # A first preview of a public website: the policy names the bucket's ARN, unknown until apply.
    site = Res(BUCKET, "site", {"bucket": "site"})
    off = Res(PAB, "pab", {**ALL_ON, "bucket": "site", "blockPublicPolicy": False})
    policy = Res("aws:s3/bucketPolicy:BucketPolicy", "pol", {"bucket": "site", "policy": UNKNOWN_STR})
    outcome = run_stack_rule("s3-no-public-access", [site, off, policy])
    assert {at.rsplit("::", 1)[-1] for _, at in outcome.violations} == {"pab"}
    assert "policy unknown at preview" in outcome.text()


def test_s3_block_public_access_config_and_unknowns():
    bare = [Res(BUCKET, "logs", {"bucket": "logs"})]
    assert run_stack_rule("s3-no-public-access", bare, {"requireBlockPublicAccess": False}).violations == []
    account = [*bare, Res("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "acct", ALL_ON)]
    assert run_stack_rule("s3-no-public-access", account, {"requireBlockPublicAccess": True}).violations == []
    unknown = [
        Res(BUCKET, "site", {"bucket": "site"}),
        Res(PAB, "pab", {**ALL_ON, "bucket": "site"}),
        Res("aws:s3/bucketPolicy:BucketPolicy", "pol", {"bucket": "site", "policy": UNKNOWN_STR}),
    ]
    # A bucket policy naming a distribution not yet created is normal at a first preview: an advisory.
    outcome = run_stack_rule("s3-no-public-access", unknown)
    assert outcome.violations == [] and "cannot be checked at preview: pol.policy" in outcome.advisory
    strict = run_stack_rule("s3-no-public-access", unknown, {"onUnknown": "violation"})
    assert "cannot be checked at preview: pol.policy" in strict.text()


# --- no-plaintext-secrets -------------------------------------------------------------------------


def containers(*env: tuple[str, str]) -> dict:
    return {
        "containerDefinitions": json.dumps(
            [
                {
                    "name": "app",
                    "environment": [{"name": n, "value": v} for n, v in env],
                    "secrets": [
                        {"name": "FRUGAL_API_KEY", "valueFrom": "arn:aws:ssm:us-east-1:1:parameter/k"}
                    ],
                }
            ]
        )
    }


def test_no_plaintext_secrets():
    clean = containers(("FRUGAL_TABLE", "devices"), ("AWS_REGION", "us-east-1"))
    assert run_resource_rule("no-plaintext-secrets", TASK, clean).violations == []
    leaky = containers(("DB_PASSWORD", "hunter2"), ("GITHUB_TOKEN", "ghp_x"), ("API_KEY", ""))  # "" is unset
    outcome = run_resource_rule("no-plaintext-secrets", TASK, leaky)
    assert (
        len(outcome.violations) == 2 and "DB_PASSWORD" in outcome.text() and "GITHUB_TOKEN" in outcome.text()
    )
    allowed = run_resource_rule(
        "no-plaintext-secrets", TASK, leaky, {"allowedNames": ["DB_PASSWORD", "GITHUB_TOKEN"]}
    )
    assert allowed.violations == []
    function = {"environment": {"variables": {"STRIPE_SECRET": "sk_live"}}}
    assert (
        "STRIPE_SECRET"
        in run_resource_rule("no-plaintext-secrets", "aws:lambda/function:Function", function).text()
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DB_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"),
        ("KMS_KEY_ID", "1234abcd-12ab-34cd-56ef-1234567890ab"),
        ("TOKEN_URL", "https://auth.example.com/oauth2/token"),
        ("API_KEY_PARAMETER", "/frugal/dev/api-key"),
        ("SECRET_NAME", "prod/db"),
        ("PASSWORD_MIN_LENGTH", "12"),
        ("ENABLE_TOKEN_CACHE", "true"),
        ("CACHE_KEY_PREFIX_LENGTH", "8"),
        ("IMAGE_DIGEST", "sha256:" + "a3f1" * 16),
        # Model ids, versioned ids and ARN tails: long and dense, but names, not secrets.
        ("BEDROCK_MODEL_ID", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"),
        ("MODEL", "anthropic.claude-3-haiku-20240307-v1:0"),
        ("LLM_MODEL_KEY", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"),
        ("MODEL", "openai.gpt-oss-120b-1:0"),
        ("EMBEDDING_MODEL", "amazon.titan-embed-text-v2:0"),
        ("PIPELINE_VERSION", "ingest-normalizer-transform-v12:3"),
        ("DB_SECRET", "secret:prod/db-credentials-AbCdEf"),
        ("TARGET_GROUP", "targetgroup/my-target-group-frontend/73e2d6bc24d8a067"),
        ("MODEL_TOKEN_LIMIT_PROFILE", "inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0"),
    ],
)
def test_no_plaintext_secrets_passes_references_to_secrets_and_settings(name: str, value: str):
    assert run_resource_rule("no-plaintext-secrets", TASK, containers((name, value))).violations == []


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [
        ("DATABASE_URL", "postgres://app:s3cr3t-pw@db.internal:5432/app", "a URL with a password"),
        ("DB_PASS", "hunter2hunter2", "named like a secret"),
        ("STRIPE_SK", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe-style secret key"),
        ("UPSTREAM", "AKIAIOSFODNN7EXAMPLE", "AWS access key id"),
        ("GH", "ghp_" + "A1b2C3d4E5" * 4, "GitHub token"),
        ("SLACK_HOOK", "xoxb-1234567890-abcdefghij", "Slack token"),
        ("SESSION_SIGNING", "Zq8!vR2#mK9$wL4%tY7^pN3&hB6*cX1@", "long random-looking string"),
        ("githubToken", "plain-value", "named like a secret"),
        # Dots, dashes and a colon don't make a random string an id.
        ("SIGNING", "Zq8vR2mK9wL4tY7pN3hB6cX1.aB3dE5fG7hJ9-kL2:7", "long random-looking string"),
        ("API_KEY", "Zq8vR2mK9wL4tY7pN3hB6cX1aB3dE5fG7hJ9-v1:0", "long random-looking string"),
    ],
)
def test_no_plaintext_secrets_catches_secrets_by_value_or_name(name: str, value: str, why: str):
    outcome = run_resource_rule("no-plaintext-secrets", TASK, containers((name, value)))
    assert len(outcome.violations) == 1 and name in outcome.text() and why in outcome.text()


def test_ssm_string_parameters_named_like_secrets_must_be_secure_strings():
    parameter = "aws:ssm/parameter:Parameter"

    def check(**props: object):
        return run_resource_rule("no-plaintext-secrets", parameter, props)

    assert "use SecureString" in check(name="/app/db_password", type="String", value="hunter2").text()
    assert "use SecureString" in check(name="/app/api-token", type="String", value=UNKNOWN_STR).text()
    assert check(name="/app/db_password", type="SecureString", value="hunter2").violations == []
    assert (
        check(
            name="/app/db_secret_arn", type="String", value="arn:aws:secretsmanager:us-east-1:1:secret:x"
        ).violations
        == []
    )
    assert check(name="/app/ami", type="String", value="ami-0123456789abcdef0").violations == []
    native = run_resource_rule(
        "no-plaintext-secrets",
        "aws-native:ssm:Parameter",
        {"name": "stripe_sk", "type": "String", "value": "x1"},
    )
    assert "use SecureString" in native.text()


def test_no_plaintext_secrets_unknown_definitions_are_advisory():
    outcome = run_resource_rule("no-plaintext-secrets", TASK, {"containerDefinitions": UNKNOWN_STR})
    assert outcome.violations == [] and "containerDefinitions" in outcome.advisory
    # An ARN not yet known, interpolated into the JSON string, is an unknown too.
    interpolated = {"containerDefinitions": f'[{{"name": "app", "image": "{UNKNOWN_STR}"}}]'}
    assert run_resource_rule("no-plaintext-secrets", TASK, interpolated).advisory
    strict = run_resource_rule(
        "no-plaintext-secrets", TASK, {"containerDefinitions": UNKNOWN_STR}, {"onUnknown": "violation"}
    )
    assert len(strict.violations) == 1


# --- iam-least-privilege --------------------------------------------------------------------------


def document(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def test_iam_least_privilege_attachments():
    attach = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
    scoped = {"policyArn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}
    assert run_resource_rule("iam-least-privilege", attach, scoped).violations == []
    for name in ("AmazonS3FullAccess", "AdministratorAccess", "CloudWatchFullAccessV2"):
        outcome = run_resource_rule(
            "iam-least-privilege", attach, {"policyArn": f"arn:aws:iam::aws:policy/{name}"}
        )
        assert name in outcome.text()
    custom = {"forbiddenManagedPolicies": ["AdministratorAccess"]}
    full = {"policyArn": "arn:aws:iam::aws:policy/AmazonS3FullAccess"}
    assert run_resource_rule("iam-least-privilege", attach, full, custom).violations == []
    role = {"managedPolicyArns": ["arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]}
    assert (
        "AmazonDynamoDBFullAccess"
        in run_resource_rule("iam-least-privilege", "aws:iam/role:Role", role).text()
    )


def test_iam_least_privilege_documents():
    policy = "aws:iam/rolePolicy:RolePolicy"
    scoped = document(
        {
            "Effect": "Allow",
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
            "Resource": "arn:aws:dynamodb:us-east-1:1:table/t",
        },
        {"Effect": "Allow", "Action": "ssmmessages:CreateControlChannel", "Resource": "*"},
        {"Effect": "Allow", "Action": "dynamodb:ListTables", "Resource": "*"},
    )
    assert run_resource_rule("iam-least-privilege", policy, {"policy": scoped}).violations == []
    broad = document(
        {"Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*"},
        {
            "Sid": "Table",
            "Effect": "Allow",
            "Action": "dynamodb:*",
            "Resource": "arn:aws:dynamodb:us-east-1:1:table/t",
        },
        {"Sid": "Star", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "Not", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
        {"Sid": "Deny", "Effect": "Deny", "Action": "*", "Resource": "*"},
    )
    outcome = run_resource_rule("iam-least-privilege", policy, {"policy": broad})
    assert [m.split(":")[1].strip() for m in outcome.messages] == ["All", "Table", "Star", "Not"]
    narrow = run_resource_rule(
        "iam-least-privilege",
        policy,
        {"policy": document({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})},
        {"dataServices": ["dynamodb"]},
    )
    assert narrow.violations == []
    inline = {
        "inlinePolicies": [
            {"name": "x", "policy": document({"Effect": "Allow", "Action": "kms:*", "Resource": "*"})}
        ]
    }
    assert "kms:*" in run_resource_rule("iam-least-privilege", "aws:iam/role:Role", inline).text()


def test_iam_least_privilege_unknown_document_is_advisory():
    outcome = run_resource_rule("iam-least-privilege", "aws:iam/policy:Policy", {"policy": UNKNOWN_STR})
    assert outcome.violations == [] and "cannot be checked at preview: policy" in outcome.advisory


def test_iam_conditions_that_scope_a_statement_count_as_scoping():
    policy = "aws:iam/policy:Policy"
    via_service = document(
        {
            "Effect": "Allow",
            "Action": "kms:Decrypt",
            "Resource": "*",
            "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}},
        }
    )
    assert run_resource_rule("iam-least-privilege", policy, {"policy": via_service}).violations == []
    source_arn = document(
        {
            "Effect": "Allow",
            "Action": "sqs:SendMessage",
            "Resource": "*",
            "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:events"}},
        }
    )
    assert run_resource_rule("iam-least-privilege", policy, {"policy": source_arn}).violations == []
    sms = document({"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"})
    assert run_resource_rule("iam-least-privilege", policy, {"policy": sms}).violations == []
    unrelated = document(
        {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}},
        }
    )
    assert (
        "s3:GetObject on Resource '*'"
        in run_resource_rule("iam-least-privilege", policy, {"policy": unrelated}).text()
    )


def test_iam_write_access_to_everything_and_admin_through_every_attachment_is_caught():
    policy = "aws:iam/policy:Policy"
    iam_all = document({"Effect": "Allow", "Action": "iam:*", "Resource": "*"})
    assert (
        "wildcard action iam:*"
        in run_resource_rule("iam-least-privilege", policy, {"policy": iam_all}).text()
    )
    pass_role = document({"Effect": "Allow", "Action": ["iam:PassRole", "iam:GetRole"], "Resource": "*"})
    outcome = run_resource_rule("iam-least-privilege", policy, {"policy": pass_role})
    assert len(outcome.violations) == 1 and "iam:PassRole on Resource '*'" in outcome.text()
    for type_, props in (
        (
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            {"policyArn": "arn:aws:iam::aws:policy/PowerUserAccess"},
        ),
        (
            "aws:iam/userPolicyAttachment:UserPolicyAttachment",
            {"policyArn": "arn:aws:iam::aws:policy/IAMFullAccess"},
        ),
        (
            "aws:iam/policyAttachment:PolicyAttachment",
            {"policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
        ),
        (
            "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
            {
                "roleName": "ops",
                "policyArns": [
                    "arn:aws:iam::aws:policy/ReadOnlyAccess",
                    "arn:aws:iam::aws:policy/AdministratorAccess",
                ],
            },
        ),
        (
            "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
            {"policyArns": ["arn:aws:iam::aws:policy/PowerUserAccess"]},
        ),
        ("aws-native:iam:Role", {"managedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}),
        (
            "aws-native:iam:User",
            {
                "policies": [
                    {
                        "policyName": "all",
                        "policyDocument": {
                            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
                        },
                    }
                ]
            },
        ),
        (
            "aws-native:iam:ManagedPolicy",
            {"policyDocument": {"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}},
        ),
    ):
        assert run_resource_rule("iam-least-privilege", type_, props).violations, type_
    read_only = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive"
    assert (
        run_resource_rule(
            "iam-least-privilege", read_only, {"policyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}
        ).violations
        == []
    )
