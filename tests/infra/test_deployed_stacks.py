"""dev, prod and prod with domains declare the resources they declared before the components were made
generic (tests/infra/snapshots, taken at 6df8706): each at its old URN or at a new one that carries the
old URN as an alias, with the same inputs except the in-place updates listed here, and the cost
allocation tags (issue 11), which every taggable resource gained on top of its own (tag changes are
in-place TagResource calls)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.infra import deployed
from tests.infra.helpers import run_stack_with_aliases

OLD_SERVICE = "frugal:components:FargateService"
OLD_API = "frugal:components:ApiGatewayProxy"
CLUSTER = "frugal:components:FargateCluster"
VPC_LINK = "frugal:components:VpcLink"
ROOT = "pulumi:pulumi:Stack"  # how the mocks spell a root resource's parent in its URN
# (type, old parent, old name, new parent, new name); every other resource kept its URN.
MOVED = [
    ("aws:ecs/cluster:Cluster", OLD_SERVICE, "app-cluster", CLUSTER, "app-cluster"),
    ("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", OLD_SERVICE, "app-capacity", CLUSTER, "app-capacity"),  # noqa: E501
    ("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", OLD_SERVICE, "app-namespace", CLUSTER, "app-namespace"),  # noqa: E501
    ("aws:ssm/parameter:Parameter", OLD_SERVICE, "app-api-key", ROOT, "app-api-key"),
    ("aws:ec2/securityGroup:SecurityGroup", OLD_API, "api-vpc-link", VPC_LINK, "api-vpc-link"),
    ("aws:apigatewayv2/vpcLink:VpcLink", OLD_API, "api-vpc-link", VPC_LINK, "api-vpc-link"),
    ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", OLD_API, "api-service-from-vpc-link", OLD_SERVICE, "app-from-vpc-link"),  # noqa: E501
    ("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", OLD_API, "api-vpc-link-to-service", OLD_API, "api-vpc-link-to-app"),  # noqa: E501
    ("aws:apigatewayv2/integration:Integration", OLD_API, "api-service", OLD_API, "api-app"),
    ("aws:apigatewayv2/route:Route", OLD_API, "api-proxy", OLD_API, "api-app-proxy"),
    ("aws:apigatewayv2/route:Route", OLD_API, "api-root", OLD_API, "api-app-root"),
]  # fmt: skip
MOVES = {
    f"{old_parent}${type_}::{old_name}": f"{new_parent}${type_}::{new_name}"
    for type_, old_parent, old_name, new_parent, new_name in MOVED
}
# (name, input) -> why it changes; all are in-place updates (IAM UpdateRole/PutRolePolicy, CloudFront
# UpdateDistribution), none replaces anything.
IN_PLACE_UPDATES = {
    ("app-execution", "description"): "the role's description no longer names the app's API key",
    ("app-task", "description"): "the role's description no longer names the app's table",
    ("app-execution", "policy"): "the secret-reading statement's Sid is ReadSsmParameters, not ApiKey",
    ("site-cdn", "defaultCacheBehavior"): "responseHeadersPolicyId: the security headers (issue 12)",
    ("site-cdn", "orderedCacheBehaviors"): "responseHeadersPolicyId on /index.html and /config.json too",
    # Issue 20, the free cdk-nag fixes: PutBucketPolicy, UpdateStage, ModifyInstanceAttribute (and
    # forceDestroy, which only the provider's state holds), UpdateDistribution.
    ("site-bucket", "policy"): "a statement denying requests without TLS (S10)",
    ("api-default", "accessLogSettings"): "access logs to the new api-access log group (APIG1)",
    ("network-nat", "disableApiTermination"): "termination protection on the NAT instance (EC29)",
    ("network-nat", "forceDestroy"): "so `pulumi destroy` and replacements still terminate it",
    ("site-cdn", "loggingConfig"): "CloudFront standard logs to the log bucket (CFR3)",
}
# Issue 17: the stacks' tasks run on arm64 (frugal:architecture in Pulumi.<stack>.yaml): the image is built
# for linux/arm64 and the task definition gets a new revision, a replacement as every new image makes, which
# the service rolls out like any deployment.
ARM64 = {
    ("app-image", "platforms"): "linux/arm64",
    ("app-task", "runtimePlatform"): "cpuArchitecture ARM64",
}

# Only dev's table had no point-in-time recovery (UpdateContinuousBackups, in place; DDB3).
IN_PLACE_UPDATES_IN_DEV = {("data-table", "pointInTimeRecovery"): "point-in-time recovery, always on now"}
NEW = {
    "pulumi:pulumi:Stack$frugal:components:FargateCluster::app",
    "pulumi:pulumi:Stack$frugal:components:VpcLink::api",
    "frugal:components:StaticSite$aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy::site-headers",
    # Issue 12: the page's favicon, one more site file.
    "frugal:components:StaticSite$aws:s3/bucketObjectv2:BucketObjectv2::site-favicon.svg",
    # Issue 11: the alert topic and the budget, and each stack's alarms.
    "pulumi:pulumi:Stack$frugal:components:Alerts::alerts",
    "frugal:components:Alerts$aws:sns/topic:Topic::alerts-topic",
    "frugal:components:Alerts$aws:sns/topicPolicy:TopicPolicy::alerts-topic",
    "frugal:components:Alerts$aws:budgets/budget:Budget::alerts-budget",
    "frugal:components:Network$aws:cloudwatch/metricAlarm:MetricAlarm::network-nat-system-check",
    "frugal:components:Network$aws:cloudwatch/metricAlarm:MetricAlarm::network-nat-instance-check",
    # Issue 20: the log bucket and what delivers to it (S1, CFR3, VPC7), and the API's access logs (APIG1).
    "pulumi:pulumi:Stack$frugal:components:LogBucket::logs",
    "frugal:components:LogBucket$aws:s3/bucket:Bucket::logs-bucket",
    "frugal:components:LogBucket$aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::logs-bucket",
    "frugal:components:LogBucket$aws:s3/bucketOwnershipControls:BucketOwnershipControls::logs-bucket",
    "frugal:components:LogBucket$aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::logs-bucket",
    "frugal:components:LogBucket$aws:s3/bucketPolicy:BucketPolicy::logs-bucket",
    "frugal:components:StaticSite$aws:s3/bucketLogging:BucketLogging::site-bucket",
    "frugal:components:Network$aws:ec2/flowLog:FlowLog::network-flow-logs",
    "frugal:components:ApiGatewayProxy$aws:cloudwatch/logGroup:LogGroup::api-access",
}
# dev creates only the NAT instance's alarms (Pulumi.dev.yaml); prod all of them.
NEW_IN_PROD = {
    "frugal:components:ApiGatewayProxy$aws:cloudwatch/metricAlarm:MetricAlarm::api-5xx-rate",
    "frugal:components:FargateService$aws:cloudwatch/metricAlarm:MetricAlarm::app-running-tasks",
}
COST_TAG_KEYS = {"project", "stack", "component"}


def suffix(urn: str) -> str:
    return urn.split("::", 2)[2]


@pytest.fixture(scope="module", params=list(deployed.VARIANTS))
def compared(request: pytest.FixtureRequest) -> dict[str, Any]:
    variant = request.param
    stack, overrides = deployed.VARIANTS[variant]
    previous = {r["urn"]: r for r in deployed.load(variant)}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(deployed.REPO)
        recording, aliases = run_stack_with_aliases(stack, overrides)
    current = {r["urn"]: r for r in deployed.snapshot(recording)}
    # Old URN -> the current resources that are it (by URN or by alias).
    identities: dict[str, list[str]] = {}
    for urn in current:
        for known_as in [urn, *aliases.get(urn, [])]:
            identities.setdefault(known_as, []).append(urn)
    return {
        "variant": variant,
        "previous": previous,
        "current": current,
        "aliases": aliases,
        "identities": identities,
        "recording": recording,
    }


def not_declared_once(previous: dict[str, Any], identities: dict[str, list[str]]) -> list[str]:
    return [urn for urn in previous if len(identities.get(urn, [])) != 1]


def test_every_deployed_resource_is_still_declared_once(compared: dict[str, Any]) -> None:
    assert not_declared_once(compared["previous"], compared["identities"]) == []


def test_exactly_the_listed_resources_moved(compared: dict[str, Any]) -> None:
    moved = {
        suffix(old): suffix(compared["identities"][old][0])
        for old in compared["previous"]
        if compared["identities"][old][0] != old
    }
    assert moved == MOVES


def test_only_the_listed_resources_are_new(compared: dict[str, Any]) -> None:
    matched = {urn for old in compared["previous"] for urn in compared["identities"][old]}
    expected = NEW | (NEW_IN_PROD if compared["variant"] != "dev" else set())
    assert {suffix(urn) for urn in compared["current"] if urn not in matched} == expected


def test_no_alias_names_a_urn_the_program_declares(compared: dict[str, Any]) -> None:
    # The engine refuses an alias that another resource of the program still holds.
    declared = set(compared["current"])
    clashes = {urn: a for urn, a in compared["aliases"].items() if set(a) & (declared - {urn})}
    assert clashes == {}


def _renamed_ids(compared: dict[str, Any]) -> dict[str, str]:
    """The mocks make ids from names (`api-app-id`); on AWS an aliased resource keeps its id."""
    renames = {}
    for old in compared["previous"]:
        new = compared["identities"][old][0]
        old_name, new_name = old.rsplit("::", 1)[1], new.rsplit("::", 1)[1]
        if old_name != new_name:
            renames[f"{new_name}-id"] = f"{old_name}-id"
    return renames


def _with_ids_renamed(value: Any, renames: dict[str, str]) -> Any:
    text = json.dumps(value, sort_keys=True)
    for new, old in renames.items():
        text = text.replace(f'{new}"', f'{old}"')
    return json.loads(text)


def _without_cost_tags(inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs as they were before the cost allocation tags: those keys gone from `tags` (and from
    an instance's root volume block), and `tags` gone where nothing else was in it."""
    result = json.loads(json.dumps(inputs))
    if isinstance(result.get("tags"), list):
        return result  # docker-build's image tags
    for holder in (result, result.get("rootBlockDevice")):
        if isinstance(holder, dict) and isinstance(holder.get("tags"), dict):
            rest = {k: v for k, v in holder["tags"].items() if k not in COST_TAG_KEYS}
            if rest:
                holder["tags"] = rest
            else:
                del holder["tags"]
    return result


def input_changes(compared: dict[str, Any], current: dict[str, Any]) -> set[tuple[str, str]]:
    """(name, input) for every input of a deployed resource that differs now (types must not), apart
    from the cost allocation tags."""
    renames = _renamed_ids(compared)
    changed: set[tuple[str, str]] = set()
    for old_urn, old in compared["previous"].items():
        new = current[compared["identities"][old_urn][0]]
        if new["type"] != old["type"]:
            changed.add((old_urn.rsplit("::", 1)[1], "<type>"))
        new_inputs = _without_cost_tags(_with_ids_renamed(new["inputs"], renames))
        for key in set(old["inputs"]) | set(new_inputs):
            if old["inputs"].get(key) != new_inputs.get(key):
                changed.add((old_urn.rsplit("::", 1)[1], key))
    return changed


def test_deployed_resources_only_gained_the_cost_tags_on_top_of_their_own(compared: dict[str, Any]) -> None:
    """Every tag a deployed resource had is still there with its value; what's new is the three keys."""
    gained = []
    for old_urn, old in compared["previous"].items():
        if not old["type"].startswith("aws:"):
            continue  # docker-build's `tags` are image tags
        new = compared["current"][compared["identities"][old_urn][0]]["inputs"]
        for before, after in (
            (old["inputs"], new),
            (old["inputs"].get("rootBlockDevice"), new.get("rootBlockDevice")),
        ):
            if not isinstance(after, dict) or "tags" not in after:
                continue
            old_tags = (before or {}).get("tags") or {}
            assert {k: v for k, v in after["tags"].items() if k in old_tags} == old_tags, old_urn
            gained.append(set(after["tags"]) - set(old_tags))
    assert gained and all(keys == COST_TAG_KEYS for keys in gained)


def test_inputs_are_unchanged_but_for_the_listed_in_place_updates(compared: dict[str, Any]) -> None:
    expected = (
        set(IN_PLACE_UPDATES)
        | set(ARM64)
        | (set(IN_PLACE_UPDATES_IN_DEV) if compared["variant"] == "dev" else set())
    )
    assert input_changes(compared, compared["current"]) == expected


def _resource(compared: dict[str, Any], name: str, type_: str, which: str) -> dict[str, Any]:
    (found,) = [r for r in compared[which].values() if r["urn"].endswith(f"{type_}::{name}")]
    return found


def test_the_execution_policy_changed_only_its_sid(compared: dict[str, Any]) -> None:
    type_ = "aws:iam/rolePolicy:RolePolicy"
    before = json.loads(_resource(compared, "app-execution", type_, "previous")["inputs"]["policy"])
    after = json.loads(_resource(compared, "app-execution", type_, "current")["inputs"]["policy"])
    (secret,) = [s for s in after["Statement"] if s["Sid"] == "ReadSsmParameters"]
    secret["Sid"] = "ApiKey"
    assert after == before


def test_the_distribution_only_gained_the_headers_policy_and_its_logs(compared: dict[str, Any]) -> None:
    type_ = "aws:cloudfront/distribution:Distribution"
    before = _resource(compared, "site-cdn", type_, "previous")["inputs"]
    after = _resource(compared, "site-cdn", type_, "current")["inputs"]
    headers = _resource(
        compared, "site-headers", "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", "current"
    )
    headers_id = compared["recording"].by_urn(headers["urn"]).id
    after = _without_cost_tags(after)
    behaviours = [after["defaultCacheBehavior"], *after["orderedCacheBehaviors"]]
    assert [b.pop("responseHeadersPolicyId") for b in behaviours] == [headers_id] * 3
    (logs,) = [b for b in compared["recording"].of_type("aws:s3/bucket:Bucket") if b.name == "logs-bucket"]
    assert after.pop("loggingConfig") == {
        "bucket": logs.outputs["bucketDomainName"],
        "prefix": "cloudfront/site/",
        "includeCookies": False,
    }
    assert after == before


def test_aliases_name_the_old_parents_as_the_engine_reads_them() -> None:
    """What goes to the engine: full parent URNs in its scheme (no stack type in a root URN)."""
    recording, _ = run_stack_with_aliases("dev")
    specs = _alias_specs("dev")
    old_service = "urn:pulumi:dev::frugal::frugal:components:FargateService::app"
    old_api = "urn:pulumi:dev::frugal::frugal:components:ApiGatewayProxy::api"
    assert specs == {
        ("aws:ecs/cluster:Cluster", "app-cluster"): [("", old_service)],
        ("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "app-capacity"): [("", old_service)],
        ("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "app-namespace"): [
            ("", old_service)
        ],
        ("aws:ssm/parameter:Parameter", "app-api-key"): [("", old_service)],
        ("aws:ec2/securityGroup:SecurityGroup", "api-vpc-link"): [("", old_api)],
        ("aws:apigatewayv2/vpcLink:VpcLink", "api-vpc-link"): [("", old_api)],
        ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "app-from-vpc-link"): [
            ("api-service-from-vpc-link", old_api)
        ],
        ("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "api-vpc-link-to-app"): [
            ("api-vpc-link-to-service", "")
        ],
        ("aws:apigatewayv2/integration:Integration", "api-app"): [("api-service", "")],
        ("aws:apigatewayv2/route:Route", "api-app-proxy"): [("api-proxy", "")],
        ("aws:apigatewayv2/route:Route", "api-app-root"): [("api-root", "")],
    }
    assert recording.resources


def _alias_specs(stack: str) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(type, name) -> [(alias name, alias parent URN)] for every resource registered with aliases."""
    from frugal.mocks import RecordingMonitor

    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    original = RecordingMonitor.RegisterResource

    def register(monitor: RecordingMonitor, request: Any) -> Any:
        # pulumi_aws adds type-only aliases of its own (BucketObjectv2 was BucketObject): not ours.
        ours = [(a.spec.name, a.spec.parentUrn) for a in request.aliases if a.spec.name or a.spec.parentUrn]
        if ours:
            found[(request.type, request.name)] = ours
        return original(monitor, request)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RecordingMonitor, "RegisterResource", register)
        patch.chdir(deployed.REPO)
        deployed.run_variant(stack)
    return found


def test_the_checks_see_a_changed_input_and_a_dropped_alias(compared: dict[str, Any]) -> None:
    """Guard: the comparison itself can fail."""
    current = json.loads(json.dumps(compared["current"]))
    (task,) = [u for u in current if u.endswith("aws:ecs/taskDefinition:TaskDefinition::app-task")]
    current[task]["inputs"]["cpu"] = "16384"
    assert ("app-task", "cpu") in input_changes(compared, current)
    moved_old = next(urn for urn in compared["previous"] if suffix(urn) in MOVES)
    identities = {k: v for k, v in compared["identities"].items() if k != moved_old}
    assert not_declared_once(compared["previous"], identities) == [moved_old]
