"""Each rule: compliant props, non-compliant props, values unknown at preview, and config overrides."""

from __future__ import annotations

import json

import pytest
from frugal_policy.rules import RULES

from tests.policy.helpers import (
    UNKNOWN_BOOL,
    UNKNOWN_NUM,
    UNKNOWN_STR,
    Res,
    run_resource_rule,
    run_stack_rule,
)

SERVICE = "aws:ecs/service:Service"
INSTANCE = "aws:ec2/instance:Instance"
SUBNET = "aws:ec2/subnet:Subnet"


def spot_service(**extra: object) -> dict:
    return {
        "capacityProviderStrategies": [{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}],
        "networkConfiguration": {"assignPublicIp": False, "subnets": ["subnet-1"]},
        "desiredCount": 1,
        **extra,
    }


# --- no-public-ip ---------------------------------------------------------------------------------


def nat_network(map_public: object = True, source_dest: object = False) -> list[Res]:
    return [
        Res(SUBNET, "public", {"mapPublicIpOnLaunch": map_public}),
        Res(SUBNET, "private", {"mapPublicIpOnLaunch": False}),
        Res(
            INSTANCE,
            "nat",
            {"instanceType": "t4g.nano", "sourceDestCheck": source_dest, "associatePublicIpAddress": True},
            deps={"subnetId": ["public"]},
        ),
        Res(SERVICE, "svc", spot_service()),
    ]


def test_no_public_ip_allows_one_nat_instance_in_its_public_subnet():
    outcome = run_stack_rule("no-public-ip", nat_network())
    assert outcome.violations == [] and outcome.advisory is None


def test_no_public_ip_flags_every_kind_of_public_address():
    resources = [
        Res(SERVICE, "web", spot_service(networkConfiguration={"assignPublicIp": True})),
        Res(INSTANCE, "box", {"instanceType": "t3.micro", "associatePublicIpAddress": True}),
        Res(
            "aws:ec2/launchTemplate:LaunchTemplate",
            "lt",
            {"networkInterfaces": [{"associatePublicIpAddress": "true"}]},
        ),
        Res(SUBNET, "pub", {"mapPublicIpOnLaunch": True}),
        Res("aws:ec2/eip:Eip", "ip", {"domain": "vpc"}),
        Res("aws:lb/loadBalancer:LoadBalancer", "alb", {"loadBalancerType": "application"}),
        Res("aws:rds/instance:Instance", "db", {"publiclyAccessible": True}),
    ]
    outcome = run_stack_rule("no-public-ip", resources)
    flagged = {at.rsplit("::", 1)[-1] for _, at in outcome.violations}
    assert flagged == {"web", "box", "lt", "pub", "ip", "alb", "db"}
    assert "internet-facing" in outcome.text() and "assignPublicIp" in outcome.text()


def test_no_public_ip_counts_nat_instances_against_the_limit():
    resources = [
        *nat_network(),
        Res(
            INSTANCE,
            "nat2",
            {"instanceType": "t4g.nano", "sourceDestCheck": False, "associatePublicIpAddress": True},
        ),
    ]
    outcome = run_stack_rule("no-public-ip", resources)
    assert [at.rsplit("::", 1)[-1] for _, at in outcome.violations] == ["nat2"]
    assert run_stack_rule("no-public-ip", resources, {"maxNatInstances": 2.0}).violations == []


def test_no_public_ip_a_public_subnet_without_the_nat_instance_needs_max_public_subnets():
    resources = [Res(SUBNET, "pub", {"mapPublicIpOnLaunch": True})]
    assert len(run_stack_rule("no-public-ip", resources).violations) == 1
    assert run_stack_rule("no-public-ip", resources, {"maxPublicSubnets": 1}).violations == []


def test_no_public_ip_internal_load_balancer_passes():
    resources = [Res("aws:lb/loadBalancer:LoadBalancer", "alb", {"internal": True})]
    assert run_stack_rule("no-public-ip", resources).violations == []


def test_no_public_ip_flags_an_instance_that_inherits_a_public_ip_from_the_nat_instances_subnet():
    def bastion(**props: object) -> Res:
        return Res(INSTANCE, "bastion", {"instanceType": "t4g.nano", **props}, deps={"subnetId": ["public"]})

    outcome = run_stack_rule("no-public-ip", [*nat_network(), bastion()])
    assert [at.rsplit("::", 1)[-1] for _, at in outcome.violations] == ["bastion"]
    assert "mapPublicIpOnLaunch" in outcome.text()
    private = run_stack_rule("no-public-ip", [*nat_network(), bastion(associatePublicIpAddress=False)])
    assert private.violations == []
    elsewhere = Res(INSTANCE, "app", {"instanceType": "t4g.nano"}, deps={"subnetId": ["private"]})
    assert run_stack_rule("no-public-ip", [*nat_network(), elsewhere]).violations == []


def test_no_public_ip_flags_an_internet_facing_classic_load_balancer():
    classic = "aws:elb/loadBalancer:LoadBalancer"
    outcome = run_stack_rule("no-public-ip", [Res(classic, "clb", {"listeners": []})])
    assert [at.rsplit("::", 1)[-1] for _, at in outcome.violations] == ["clb"]
    assert run_stack_rule("no-public-ip", [Res(classic, "clb", {"internal": True})]).violations == []


def test_no_public_ip_unknown_values_are_a_violation_by_default_and_advisory_on_request():
    resources = [
        *nat_network(map_public=UNKNOWN_BOOL),
        Res(SERVICE, "svc2", spot_service(networkConfiguration={"assignPublicIp": UNKNOWN_BOOL})),
    ]
    outcome = run_stack_rule("no-public-ip", resources)
    assert len(outcome.violations) == 1
    assert "cannot be checked at preview" in outcome.messages[0]
    assert "mapPublicIpOnLaunch" in outcome.messages[0] and "assignPublicIp" in outcome.messages[0]
    advisory = run_stack_rule("no-public-ip", resources, {"onUnknown": "advisory"})
    assert advisory.violations == [] and "cannot be checked at preview" in advisory.advisory


# --- fargate-spot ---------------------------------------------------------------------------------


def test_fargate_spot_passes_an_all_spot_strategy():
    assert run_resource_rule("fargate-spot", SERVICE, spot_service()).violations == []


def test_fargate_spot_flags_launch_type_and_missing_strategy():
    launch = run_resource_rule("fargate-spot", SERVICE, {"launchType": "FARGATE", "desiredCount": 1})
    assert "launchType=FARGATE" in launch.text()
    none = run_resource_rule("fargate-spot", SERVICE, {"desiredCount": 1})
    assert "no capacityProviderStrategies" in none.text()


def test_fargate_spot_flags_low_share_and_a_base_over_the_limit():
    mixed = {
        "capacityProviderStrategies": [
            {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0},
        ]
    }
    outcome = run_resource_rule("fargate-spot", SERVICE, mixed)
    assert any("50%" in m and "minSpotShare=1" in m for m in outcome.messages)
    assert any("maxOnDemandBase=0" in m for m in outcome.messages)
    relaxed = run_resource_rule("fargate-spot", SERVICE, mixed, {"minSpotShare": 0.5, "maxOnDemandBase": 1.0})
    assert relaxed.violations == []


def test_fargate_spot_unknown_provider_is_reported():
    props = {"capacityProviderStrategies": [{"capacityProvider": UNKNOWN_STR, "weight": 1}]}
    outcome = run_resource_rule("fargate-spot", SERVICE, props)
    assert len(outcome.violations) == 1 and "capacityProviderStrategies[0].capacityProvider" in outcome.text()


def test_fargate_spot_ignores_ec2_services():
    assert run_resource_rule("fargate-spot", SERVICE, {"launchType": "EC2"}).violations == []


# --- counted per stack: NAT gateways, load balancers, WAF -----------------------------------------


@pytest.mark.parametrize(
    ("rule", "type_", "limit_key"),
    [
        ("no-nat-gateway", "aws:ec2/natGateway:NatGateway", "maxNatGateways"),
        ("no-load-balancer", "aws:lb/loadBalancer:LoadBalancer", "maxLoadBalancers"),
        ("no-load-balancer", "aws:alb/loadBalancer:LoadBalancer", "maxLoadBalancers"),
        ("no-load-balancer", "aws:elb/loadBalancer:LoadBalancer", "maxLoadBalancers"),
        ("no-waf", "aws:wafv2/webAcl:WebAcl", "maxWebAcls"),
    ],
)
def test_counted_rules(rule: str, type_: str, limit_key: str):
    assert run_stack_rule(rule, [Res(SUBNET, "s", {})]).violations == []
    two = [Res(type_, "a", {}), Res(type_, "b", {})]
    assert len(run_stack_rule(rule, two).violations) == 2
    outcome = run_stack_rule(rule, two, {limit_key: 1.0})
    assert [at.rsplit("::", 1)[-1] for _, at in outcome.violations] == ["b"]
    # Counting needs no property values: unknown props change nothing and stay silent.
    unknown = [Res(type_, "a", {"connectivityType": UNKNOWN_STR, "internal": UNKNOWN_BOOL})]
    assert len(run_stack_rule(rule, unknown).violations) == 1
    assert "onUnknown" not in RULES[rule].properties


# --- vpc-endpoint-budget --------------------------------------------------------------------------


def endpoints(count: int, kind: object = "Interface") -> list[Res]:
    subnets = [
        Res(SUBNET, "a", {"availabilityZone": "us-east-1a"}),
        Res(SUBNET, "b", {"availabilityZone": "us-east-1b"}),
    ]
    return subnets + [
        Res(
            "aws:ec2/vpcEndpoint:VpcEndpoint",
            f"ep{i}",
            {
                "vpcEndpointType": kind,
                "serviceName": f"com.amazonaws.us-east-1.svc{i}",
                "subnetIds": ["x", "y"],
            },
            deps={"subnetIds": ["a", "b"]},
        )
        for i in range(count)
    ]


def test_vpc_endpoint_budget():
    assert run_stack_rule("vpc-endpoint-budget", endpoints(2, "Gateway")).violations == []
    outcome = run_stack_rule("vpc-endpoint-budget", endpoints(2))
    assert len(outcome.violations) == 2  # one per AZ
    assert "us-east-1a" in outcome.text() and "ep1" in outcome.text()
    assert (
        run_stack_rule("vpc-endpoint-budget", endpoints(2), {"maxInterfaceEndpointsPerAz": 2}).violations
        == []
    )
    assert (
        len(run_stack_rule("vpc-endpoint-budget", endpoints(3), {"maxInterfaceEndpointsPerAz": 2}).violations)
        == 2
    )


def test_vpc_endpoint_budget_without_az_links_counts_each_endpoint_in_every_az():
    resources = [
        Res("aws:ec2/vpcEndpoint:VpcEndpoint", f"ep{i}", {"vpcEndpointType": "Interface"}) for i in range(2)
    ]
    outcome = run_stack_rule("vpc-endpoint-budget", resources, {"maxInterfaceEndpointsPerAz": 1})
    assert len(outcome.violations) == 1 and "each AZ" in outcome.text()


def test_vpc_endpoint_budget_unknown_type():
    outcome = run_stack_rule("vpc-endpoint-budget", endpoints(1, UNKNOWN_STR))
    assert "cannot be checked at preview" in outcome.text()


# --- log-retention --------------------------------------------------------------------------------

LOG = "aws:cloudwatch/logGroup:LogGroup"


def test_log_retention():
    assert run_resource_rule("log-retention", LOG, {"retentionInDays": 3}).violations == []
    assert "never expire" in run_resource_rule("log-retention", LOG, {}).text()
    assert "never expire" in run_resource_rule("log-retention", LOG, {"retentionInDays": 0}).text()
    assert "maxRetentionDays=30" in run_resource_rule("log-retention", LOG, {"retentionInDays": 365}).text()
    assert (
        run_resource_rule(
            "log-retention", LOG, {"retentionInDays": 365}, {"maxRetentionDays": 400.0}
        ).violations
        == []
    )
    unknown = run_resource_rule("log-retention", LOG, {"retentionInDays": UNKNOWN_NUM})
    assert "cannot be checked at preview: retentionInDays" in unknown.text()


# --- container-insights-off -----------------------------------------------------------------------

CLUSTER = "aws:ecs/cluster:Cluster"


def test_container_insights_off():
    off = {"settings": [{"name": "containerInsights", "value": "disabled"}]}
    assert run_resource_rule("container-insights-off", CLUSTER, off).violations == []
    for value in ("enabled", "enhanced"):
        on = {"settings": [{"name": "containerInsights", "value": value}]}
        assert value in run_resource_rule("container-insights-off", CLUSTER, on).text()
    assert "account default" in run_resource_rule("container-insights-off", CLUSTER, {}).text()
    assert (
        run_resource_rule("container-insights-off", CLUSTER, {}, {"requireExplicit": False}).violations == []
    )
    unknown = {"settings": [{"name": "containerInsights", "value": UNKNOWN_STR}]}
    assert (
        "cannot be checked at preview" in run_resource_rule("container-insights-off", CLUSTER, unknown).text()
    )


def test_container_insights_account_default():
    setting = {"name": "containerInsights", "value": "enabled"}
    outcome = run_resource_rule(
        "container-insights-off", "aws:ecs/accountSettingDefault:AccountSettingDefault", setting
    )
    assert "every new cluster" in outcome.text()


# --- fargate-task-size ----------------------------------------------------------------------------

TASK = "aws:ecs/taskDefinition:TaskDefinition"


def test_fargate_task_size():
    small = {"cpu": "256", "memory": "512", "requiresCompatibilities": ["FARGATE"]}
    assert run_resource_rule("fargate-task-size", TASK, small).violations == []
    big = {"cpu": "4096", "memory": "8192", "requiresCompatibilities": ["FARGATE"]}
    outcome = run_resource_rule("fargate-task-size", TASK, big)
    assert any("4 vCPU" in m for m in outcome.messages) and any("8192" in m for m in outcome.messages)
    assert (
        run_resource_rule("fargate-task-size", TASK, big, {"maxCpu": 4096, "maxMemory": 8192}).violations
        == []
    )
    assert (
        "1 vCPU"
        in run_resource_rule(
            "fargate-task-size", TASK, {"cpu": "1 vCPU", "memory": "2 GB"}, {"maxCpu": 512}
        ).text()
    )
    unknown = run_resource_rule("fargate-task-size", TASK, {"cpu": UNKNOWN_STR, "memory": "512"})
    assert "cannot be checked at preview: cpu" in unknown.text()
    ec2_only = {"cpu": "4096", "memory": "8192", "requiresCompatibilities": ["EC2"]}
    assert run_resource_rule("fargate-task-size", TASK, ec2_only).violations == []


# --- service-count-cap ----------------------------------------------------------------------------


def test_service_count_cap():
    assert run_resource_rule("service-count-cap", SERVICE, spot_service(desiredCount=2)).violations == []
    assert (
        "maxDesiredCount=2"
        in run_resource_rule("service-count-cap", SERVICE, spot_service(desiredCount=20)).text()
    )
    target = {"scalableDimension": "ecs:service:DesiredCount", "minCapacity": 1, "maxCapacity": 20}
    assert (
        "maxCount=4"
        in run_resource_rule("service-count-cap", "aws:appautoscaling/target:Target", target).text()
    )
    action = {
        "scalableDimension": "ecs:service:DesiredCount",
        "scalableTargetAction": {"minCapacity": 1, "maxCapacity": 9},
    }
    assert (
        "maxCapacity=9"
        in run_resource_rule(
            "service-count-cap", "aws:appautoscaling/scheduledAction:ScheduledAction", action
        ).text()
    )
    assert (
        run_resource_rule(
            "service-count-cap", SERVICE, spot_service(desiredCount=20), {"maxDesiredCount": 20}
        ).violations
        == []
    )
    unknown = run_resource_rule("service-count-cap", SERVICE, spot_service(desiredCount=UNKNOWN_NUM))
    assert "cannot be checked at preview: desiredCount" in unknown.text()


# --- cloudfront-price-class -----------------------------------------------------------------------

DIST = "aws:cloudfront/distribution:Distribution"


def test_cloudfront_price_class():
    assert (
        run_resource_rule("cloudfront-price-class", DIST, {"priceClass": "PriceClass_100"}).violations == []
    )
    assert "PriceClass_All" in run_resource_rule("cloudfront-price-class", DIST, {}).text()
    assert (
        "PriceClass_200"
        in run_resource_rule("cloudfront-price-class", DIST, {"priceClass": "PriceClass_200"}).text()
    )
    allowed = {"allowedPriceClasses": ["PriceClass_100", "PriceClass_200"]}
    assert (
        run_resource_rule(
            "cloudfront-price-class", DIST, {"priceClass": "PriceClass_200"}, allowed
        ).violations
        == []
    )
    assert (
        "cannot be checked"
        in run_resource_rule("cloudfront-price-class", DIST, {"priceClass": UNKNOWN_STR}).text()
    )


# --- rds-dev-size ---------------------------------------------------------------------------------

RDS = "aws:rds/instance:Instance"


def test_rds_dev_size():
    small = {"instanceClass": "db.t4g.micro", "allocatedStorage": 20, "multiAz": False}
    assert run_resource_rule("rds-dev-size", RDS, small).violations == []
    big = {
        "instanceClass": "db.m5.large",
        "allocatedStorage": 500,
        "maxAllocatedStorage": 1000,
        "multiAz": True,
    }
    outcome = run_resource_rule("rds-dev-size", RDS, big)
    assert len(outcome.violations) == 4
    relaxed = {"allowedInstanceClasses": ["db.m5.large"], "allowMultiAz": True, "maxAllocatedStorageGb": 1000}
    assert run_resource_rule("rds-dev-size", RDS, big, relaxed).violations == []
    unknown = run_resource_rule("rds-dev-size", RDS, {**small, "multiAz": UNKNOWN_BOOL})
    assert "cannot be checked at preview: multiAz" in unknown.text()


# --- ecr-lifecycle --------------------------------------------------------------------------------

REPO = "aws:ecr/repository:Repository"
LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy"


def keep(count: int) -> str:
    return json.dumps(
        {
            "rules": [
                {
                    "rulePriority": 1,
                    "selection": {
                        "tagStatus": "any",
                        "countType": "imageCountMoreThan",
                        "countNumber": count,
                    },
                    "action": {"type": "expire"},
                }
            ]
        }
    )


def test_ecr_lifecycle():
    linked = [
        Res(REPO, "repo", {"name": "app"}),
        Res(LIFECYCLE, "keep", {"repository": "app", "policy": keep(10)}),
    ]
    assert run_stack_rule("ecr-lifecycle", linked).violations == []
    by_dependency = [
        Res(REPO, "repo", {"name": "app"}),
        Res(
            LIFECYCLE, "keep", {"repository": UNKNOWN_STR, "policy": keep(10)}, deps={"repository": ["repo"]}
        ),
    ]
    assert run_stack_rule("ecr-lifecycle", by_dependency).violations == []
    missing = run_stack_rule("ecr-lifecycle", [Res(REPO, "repo", {"name": "app"})])
    assert "no lifecycle policy" in missing.text()
    hoarding = [
        Res(REPO, "repo", {"name": "app"}),
        Res(LIFECYCLE, "keep", {"repository": "app", "policy": keep(500)}),
    ]
    assert "maxImageCount=30" in run_stack_rule("ecr-lifecycle", hoarding).text()
    assert run_stack_rule("ecr-lifecycle", hoarding, {"maxImageCount": 500}).violations == []


def test_ecr_lifecycle_unknown_repository_link_is_said_not_passed():
    unlinked = [
        Res(REPO, "repo", {"name": "app"}),
        Res(LIFECYCLE, "keep", {"repository": UNKNOWN_STR, "policy": keep(5)}),
    ]
    outcome = run_stack_rule("ecr-lifecycle", unlinked)
    assert len(outcome.violations) == 1
    assert (
        "no lifecycle policy" in outcome.text()
        and "1 lifecycle policies name a repository unknown" in outcome.text()
    )


def test_ecr_lifecycle_invalid_policy_json_is_a_violation():
    broken = [
        Res(REPO, "repo", {"name": "app"}),
        Res(LIFECYCLE, "keep", {"repository": "app", "policy": "{rules:"}),
    ]
    assert "keep.policy is not valid JSON" in run_stack_rule("ecr-lifecycle", broken).text()


# --- s3-no-public-access --------------------------------------------------------------------------

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
    assert flagged == {"site", "pab", "pol", "web", "logs"}


def test_s3_block_public_access_config_and_unknowns():
    bare = [Res(BUCKET, "logs", {"bucket": "logs"})]
    assert run_stack_rule("s3-no-public-access", bare, {"requireBlockPublicAccess": False}).violations == []
    account = [*bare, Res("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "acct", ALL_ON)]
    assert run_stack_rule("s3-no-public-access", account).violations == []
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
    leaky = containers(("DB_PASSWORD", "hunter2"), ("GITHUB_TOKEN", "ghp_x"), ("API_KEY", ""))
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


# --- extra rules ----------------------------------------------------------------------------------


def test_dynamodb_on_demand():
    table = "aws:dynamodb/table:Table"
    assert run_resource_rule("dynamodb-on-demand", table, {"billingMode": "PAY_PER_REQUEST"}).violations == []
    assert "PROVISIONED" in run_resource_rule("dynamodb-on-demand", table, {}).text()
    provisioned = {"billingMode": "PROVISIONED", "readCapacity": 5, "writeCapacity": 5}
    assert len(run_resource_rule("dynamodb-on-demand", table, provisioned).violations) == 1
    assert (
        run_resource_rule("dynamodb-on-demand", table, provisioned, {"maxProvisionedUnits": 10}).violations
        == []
    )
    assert (
        "cannot be checked"
        in run_resource_rule("dynamodb-on-demand", table, {"billingMode": UNKNOWN_STR}).text()
    )


def test_ec2_instance_types():
    assert run_resource_rule("ec2-instance-types", INSTANCE, {"instanceType": "t4g.nano"}).violations == []
    assert (
        "m5.large" in run_resource_rule("ec2-instance-types", INSTANCE, {"instanceType": "m5.large"}).text()
    )
    assert (
        run_resource_rule(
            "ec2-instance-types",
            INSTANCE,
            {"instanceType": "m5.large"},
            {"allowedInstanceTypes": ["m5.large"]},
        ).violations
        == []
    )
    assert (
        "cannot be checked"
        in run_resource_rule("ec2-instance-types", INSTANCE, {"instanceType": UNKNOWN_STR}).text()
    )


def test_api_throttling():
    stage = "aws:apigatewayv2/stage:Stage"
    ok = {"defaultRouteSettings": {"throttlingRateLimit": 50, "throttlingBurstLimit": 100}}
    assert run_resource_rule("api-throttling", stage, ok).violations == []
    assert len(run_resource_rule("api-throttling", stage, {}).violations) == 2
    high = {"defaultRouteSettings": {"throttlingRateLimit": 5000, "throttlingBurstLimit": 100}}
    assert "5000" in run_resource_rule("api-throttling", stage, high).text()
    assert run_resource_rule("api-throttling", stage, high, {"maxRateLimit": 5000}).violations == []
    unknown = {"defaultRouteSettings": {"throttlingRateLimit": UNKNOWN_NUM, "throttlingBurstLimit": 100}}
    assert "cannot be checked" in run_resource_rule("api-throttling", stage, unknown).text()


def test_rules_ignore_types_they_do_not_govern():
    for rule in (
        "fargate-spot",
        "log-retention",
        "fargate-task-size",
        "cloudfront-price-class",
        "rds-dev-size",
        "no-plaintext-secrets",
        "iam-least-privilege",
        "dynamodb-on-demand",
        "api-throttling",
    ):
        assert run_resource_rule(rule, "aws:ec2/vpc:Vpc", {"cidrBlock": UNKNOWN_STR}).violations == [], rule
