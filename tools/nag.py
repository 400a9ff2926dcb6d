"""Our own check of a program against cdk-nag's AwsSolutions rules (not cdk-nag itself, which reads CDK
constructs): each rule that applies to a resource type the program declares, read from the recorded inputs.

    python -m tools.nag [--stack dev|prod] [--set frugal:key=value ...]

- `NAG_TYPES`: which cdk-nag rules look at which pulumi-aws type. cdk-nag names CloudFormation types; each is
  mapped onto its pulumi-aws twin(s), for every AwsSolutions rule, not only the ones our stacks meet today.
- `NOT_NAGGED`: the types our stacks declare that no AwsSolutions rule looks at.
- `CHECKS`: the rules we evaluate, each with the types it handles. A type of the program that a rule covers
  (per `NAG_TYPES`) but no check handles is `unhandled`: a new resource can't slip in unchecked.
- `nag-suppressions.json`: the failures we accept, each with the rule id, the resource, whether it is a cost
  trade-off or by design, the reason, and the monthly price of meeting the rule where there is one.

Rule ids are cdk-nag's (https://github.com/cdklabs/cdk-nag/blob/main/RULES.md). A few (CFR4, ECS2, SNS3)
are only in some cdk-nag releases; they are kept because the rule itself is worth holding.
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frugal.mocks import RecordedResource, Recording, run_program
from frugal.stack_files import load_stack_config

REPO = Path(__file__).resolve().parents[1]
SUPPRESSIONS_FILE = REPO / "nag-suppressions.json"

# cdk-nag AwsSolutions rule ids by the pulumi-aws types they look at (their CloudFormation types, mapped).
NAG_TYPES: dict[str, tuple[str, ...]] = {
    # storage
    "aws:s3/bucket:Bucket": ("S1", "S2", "S3", "S10"),
    "aws:s3/bucketV2:BucketV2": ("S1", "S2", "S3", "S10"),
    "aws:efs/fileSystem:FileSystem": ("EFS1",),
    # compute
    "aws:ec2/instance:Instance": ("EC26", "EC28", "EC29"),
    "aws:ebs/volume:Volume": ("EC26",),
    "aws:ec2/launchTemplate:LaunchTemplate": ("EC26",),
    "aws:ec2/launchConfiguration:LaunchConfiguration": ("EC28",),
    "aws:ec2/securityGroup:SecurityGroup": ("EC23", "EC27"),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ("EC23",),
    "aws:ec2/securityGroupRule:SecurityGroupRule": ("EC23",),
    "aws:ecr/repository:Repository": ("ECR1",),
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ("ECR1",),
    "aws:ecs/cluster:Cluster": ("ECS4",),
    "aws:ecs/taskDefinition:TaskDefinition": ("ECS2", "ECS7"),
    "aws:eks/cluster:Cluster": ("EKS1", "EKS2"),
    "aws:elb/loadBalancer:LoadBalancer": ("ELB1", "ELB2", "ELB3", "ELB4", "ELB5"),
    "aws:lb/loadBalancer:LoadBalancer": ("ELB2",),
    "aws:alb/loadBalancer:LoadBalancer": ("ELB2",),
    "aws:autoscaling/group:Group": ("AS1", "AS2", "AS3"),
    "aws:elasticbeanstalk/environment:Environment": ("EB1", "EB3", "EB4"),
    "aws:lambda/function:Function": ("L1",),
    # databases
    "aws:dynamodb/table:Table": ("DDB3",),
    "aws:dax/cluster:Cluster": ("DDB4",),
    "aws:rds/instance:Instance": ("RDS2", "RDS3", "RDS10", "RDS11", "RDS13"),
    "aws:rds/cluster:Cluster": ("RDS2", "RDS6", "RDS10", "RDS11", "RDS14", "RDS16"),
    "aws:elasticache/cluster:Cluster": ("AEC1", "AEC5"),
    "aws:elasticache/replicationGroup:ReplicationGroup": ("AEC3", "AEC4", "AEC5", "AEC6"),
    "aws:neptune/cluster:Cluster": ("N1", "N2", "N3", "N4", "N5"),
    "aws:redshift/cluster:Cluster": ("RS1", "RS2", "RS3", "RS4", "RS5", "RS6", "RS8", "RS9", "RS10", "RS11"),
    "aws:docdb/cluster:Cluster": ("DOC1", "DOC2", "DOC3", "DOC4", "DOC5"),
    # network and delivery
    "aws:ec2/vpc:Vpc": ("VPC7",),
    "aws:ec2/networkAcl:NetworkAcl": ("VPC3",),
    "aws:ec2/networkAclRule:NetworkAclRule": ("VPC3",),
    "aws:cloudfront/distribution:Distribution": ("CFR1", "CFR2", "CFR3", "CFR4", "CFR5", "CFR6"),
    "aws:apigatewayv2/stage:Stage": ("APIG1",),
    "aws:apigatewayv2/route:Route": ("APIG4",),
    "aws:apigateway/stage:Stage": ("APIG1", "APIG3", "APIG6"),
    "aws:apigateway/restApi:RestApi": ("APIG2",),
    "aws:apigateway/method:Method": ("APIG4", "COG4"),
    # security, identity
    "aws:iam/role:Role": ("IAM4", "IAM5"),
    "aws:iam/user:User": ("IAM4", "IAM5"),
    "aws:iam/group:Group": ("IAM4", "IAM5"),
    "aws:iam/policy:Policy": ("IAM5",),
    "aws:iam/rolePolicy:RolePolicy": ("IAM5",),
    "aws:iam/userPolicy:UserPolicy": ("IAM5",),
    "aws:iam/groupPolicy:GroupPolicy": ("IAM5",),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ("IAM4",),
    "aws:kms/key:Key": ("KMS5",),
    "aws:secretsmanager/secret:Secret": ("SMG4",),
    "aws:cognito/userPool:UserPool": ("COG1", "COG2", "COG3"),
    "aws:cognito/identityPool:IdentityPool": ("COG7",),
    # application integration, analytics, serverless
    "aws:sns/topic:Topic": ("SNS2", "SNS3"),
    "aws:sqs/queue:Queue": ("SQS2", "SQS3", "SQS4"),
    "aws:kinesis/stream:Stream": ("KDS1", "KDS3"),
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": ("KDF1",),
    "aws:msk/cluster:Cluster": ("MSK2", "MSK3", "MSK6"),
    "aws:opensearch/domain:Domain": ("OS1", "OS2", "OS3", "OS4", "OS5", "OS7", "OS8", "OS9"),
    "aws:sfn/stateMachine:StateMachine": ("SF1", "SF2"),
    "aws:appsync/graphQLApi:GraphQLApi": ("ASC3",),
    "aws:athena/workgroup:Workgroup": ("ATH1",),
    "aws:emr/cluster:Cluster": ("EMR2", "EMR4", "EMR5", "EMR6"),
    "aws:sagemaker/notebookInstance:NotebookInstance": ("SM1", "SM2", "SM3"),
    "aws:codebuild/project:Project": ("CB3", "CB4", "CB5"),
}

# What our stacks declare that no AwsSolutions rule looks at (configuration sub-resources included: the
# rules read them through the resource they configure, e.g. a bucket policy through its bucket).
NOT_NAGGED: frozenset[str] = frozenset(
    {
        "aws:acm/certificate:Certificate",
        "aws:acm/certificateValidation:CertificateValidation",
        "aws:apigatewayv2/api:Api",
        "aws:apigatewayv2/apiMapping:ApiMapping",
        "aws:apigatewayv2/domainName:DomainName",
        "aws:apigatewayv2/integration:Integration",
        "aws:apigatewayv2/vpcLink:VpcLink",
        "aws:appautoscaling/policy:Policy",
        "aws:appautoscaling/scheduledAction:ScheduledAction",
        "aws:appautoscaling/target:Target",
        "aws:budgets/budget:Budget",
        "aws:cloudfront/originAccessControl:OriginAccessControl",
        "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:costexplorer/anomalyMonitor:AnomalyMonitor",
        "aws:costexplorer/anomalySubscription:AnomalySubscription",
        "aws:ec2/eip:Eip",
        "aws:ec2/flowLog:FlowLog",
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/natGateway:NatGateway",
        "aws:ec2/route:Route",
        "aws:ec2/routeTable:RouteTable",
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        "aws:ec2/subnet:Subnet",
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
        "aws:ecs/service:Service",
        "aws:route53/record:Record",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "aws:s3/bucketLogging:BucketLogging",
        "aws:s3/bucketObjectv2:BucketObjectv2",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:scheduler/schedule:Schedule",
        "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
        "aws:servicediscovery/service:Service",
        "aws:sns/topicPolicy:TopicPolicy",
        "aws:sns/topicSubscription:TopicSubscription",
        "aws:ssm/parameter:Parameter",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    }
)

# A check returns None when the resource meets the rule, else what is missing.
CheckFn = Callable[[RecordedResource, Recording], str | None]


@dataclass(frozen=True)
class Check:
    rule: str
    info: str
    types: tuple[str, ...]
    check: CheckFn


@dataclass(frozen=True)
class Suppression:
    rule: str
    resource: str
    kind: str  # "trade-off" or "by-design"
    reason: str
    usd_monthly: float | None
    price_source: str | None = None


@dataclass(frozen=True)
class Finding:
    rule: str
    resource: str
    type: str
    status: str  # "pass", "fail", "suppressed", "unhandled"
    detail: str = ""


# --- links and documents ----------------------------------------------------------------------------


def referrers(
    stack: Recording, types: Sequence[str], prop: str, target: RecordedResource
) -> list[RecordedResource]:
    """Resources of `types` whose `prop` was computed from `target` (or names its id literally)."""
    return [
        r
        for r in stack.resources
        if r.type in types
        and (
            target.urn in r.property_dependencies.get(prop, [])
            or (target.id and r.inputs.get(prop) == target.id)
        )
    ]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _document(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return json.loads(value)
    return value if isinstance(value, dict) else {}


def _statements(value: Any) -> list[dict[str, Any]]:
    return [s for s in _as_list(_document(value).get("Statement")) if isinstance(s, dict)]


def _denies_without_tls(statements: list[dict[str, Any]], actions: Sequence[str]) -> bool:
    """cdk-nag S10/SNS3: a Deny for everyone, of one of `actions`, when aws:SecureTransport is false."""
    for statement in statements:
        principal = statement.get("Principal")
        everyone = principal == "*" or (isinstance(principal, dict) and "*" in _as_list(principal.get("AWS")))
        condition = (statement.get("Condition") or {}).get("Bool", {})
        if (
            statement.get("Effect") == "Deny"
            and everyone
            and set(_as_list(statement.get("Action"))) & set(actions)
            and str(condition.get("aws:SecureTransport")).lower() == "false"
        ):
            return True
    return False


# --- the checks ---------------------------------------------------------------------------------------

BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")


def _s1(bucket: RecordedResource, stack: Recording) -> str | None:
    logging = referrers(
        stack,
        ("aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"),
        "bucket",
        bucket,
    )
    return None if logging or bucket.inputs.get("loggings") else "no server access logs"


def _s2(bucket: RecordedResource, stack: Recording) -> str | None:
    flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    blocks = referrers(stack, ("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",), "bucket", bucket)
    if any(all(block.inputs.get(flag) is True for flag in flags) for block in blocks):
        return None
    return "no public access block with all four settings on"


def _s3(bucket: RecordedResource, stack: Recording) -> str | None:
    # As cdk-nag reads it: an explicit default-encryption configuration. (S3 applies SSE-S3 to every new
    # object anyway since 2023-01-05, which is why our buckets carry a suppression instead.)
    configs = referrers(
        stack,
        (
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
        ),
        "bucket",
        bucket,
    )
    return (
        None
        if configs or bucket.inputs.get("serverSideEncryptionConfiguration")
        else "no explicit default encryption"
    )


def _s10(bucket: RecordedResource, stack: Recording) -> str | None:
    policies = referrers(stack, ("aws:s3/bucketPolicy:BucketPolicy",), "bucket", bucket)
    statements = [s for p in policies for s in _statements(p.inputs.get("policy"))]
    statements += _statements(bucket.inputs.get("policy"))
    return (
        None
        if _denies_without_tls(statements, ("s3:*", "*"))
        else "the bucket policy doesn't deny requests without TLS"
    )


def _ec26(instance: RecordedResource, stack: Recording) -> str | None:
    volumes = [
        instance.inputs.get("rootBlockDevice") or {},
        *_as_list(instance.inputs.get("ebsBlockDevices")),
    ]
    return None if all(v.get("encrypted") is True for v in volumes) else "an EBS volume is not encrypted"


def _ec28(instance: RecordedResource, stack: Recording) -> str | None:
    return None if instance.inputs.get("monitoring") is True else "no detailed monitoring"


def _ec29(instance: RecordedResource, stack: Recording) -> str | None:
    return None if instance.inputs.get("disableApiTermination") is True else "no termination protection"


def _open_to_world(rule: Mapping[str, Any]) -> bool:
    return "0.0.0.0/0" in _as_list(rule.get("cidrIpv4") or rule.get("cidrBlocks")) or "::/0" in _as_list(
        rule.get("cidrIpv6") or rule.get("ipv6CidrBlocks")
    )


def _ec23(resource: RecordedResource, stack: Recording) -> str | None:
    rules = (
        [resource.inputs]
        if resource.type != "aws:ec2/securityGroup:SecurityGroup"
        else _as_list(resource.inputs.get("ingress"))
    )
    if (
        resource.type == "aws:ec2/securityGroupRule:SecurityGroupRule"
        and resource.inputs.get("type") != "ingress"
    ):
        return None
    return "inbound from 0.0.0.0/0 or ::/0" if any(_open_to_world(r) for r in rules) else None


def _ec27(group: RecordedResource, stack: Recording) -> str | None:
    return None if group.inputs.get("description") else "no description"


def _ecr1(repository: RecordedResource, stack: Recording) -> str | None:
    policies = referrers(stack, ("aws:ecr/repositoryPolicy:RepositoryPolicy",), "repository", repository)
    for statement in [s for p in policies for s in _statements(p.inputs.get("policy"))]:
        principal = statement.get("Principal")
        if statement.get("Effect") == "Allow" and (
            principal == "*" or "*" in _as_list((principal or {}).get("AWS"))
        ):
            return "the repository policy allows anyone"
    return None


def _ecs4(cluster: RecordedResource, stack: Recording) -> str | None:
    settings = {s.get("name"): s.get("value") for s in _as_list(cluster.inputs.get("settings"))}
    return None if settings.get("containerInsights") in ("enabled", "enhanced") else "Container Insights off"


def _containers(task: RecordedResource) -> list[dict[str, Any]]:
    value = task.inputs.get("containerDefinitions")
    return json.loads(value) if isinstance(value, str) else list(value or [])


def _ecs2(task: RecordedResource, stack: Recording) -> str | None:
    named = [c.get("name") for c in _containers(task) if c.get("environment")]
    return f"environment variables in {', '.join(named)}" if named else None


def _ecs7(task: RecordedResource, stack: Recording) -> str | None:
    unlogged = [
        c.get("name")
        for c in _containers(task)
        if (c.get("logConfiguration") or {}).get("logDriver") != "awslogs"
    ]
    return f"no awslogs log driver in {', '.join(unlogged)}" if unlogged else None


def _ddb3(table: RecordedResource, stack: Recording) -> str | None:
    return (
        None
        if (table.inputs.get("pointInTimeRecovery") or {}).get("enabled") is True
        else "no point-in-time recovery"
    )


def _vpc7(vpc: RecordedResource, stack: Recording) -> str | None:
    return None if referrers(stack, ("aws:ec2/flowLog:FlowLog",), "vpcId", vpc) else "no flow log"


def _cfr1(distribution: RecordedResource, stack: Recording) -> str | None:
    restriction = ((distribution.inputs.get("restrictions") or {}).get("geoRestriction") or {}).get(
        "restrictionType"
    )
    return None if restriction in ("whitelist", "blacklist") else "no geo restriction"


def _cfr2(distribution: RecordedResource, stack: Recording) -> str | None:
    return None if distribution.inputs.get("webAclId") else "no WAF web ACL"


def _cfr3(distribution: RecordedResource, stack: Recording) -> str | None:
    return None if (distribution.inputs.get("loggingConfig") or {}).get("bucket") else "no access logs"


def _cfr4(distribution: RecordedResource, stack: Recording) -> str | None:
    certificate = distribution.inputs.get("viewerCertificate") or {}
    if certificate.get("cloudfrontDefaultCertificate"):
        return "the default *.cloudfront.net certificate allows TLSv1"
    version = str(certificate.get("minimumProtocolVersion") or "")
    return (
        None
        if version.startswith("TLSv1.2") or version.startswith("TLSv1.3")
        else f"viewer TLS minimum {version}"
    )


def _cfr5(distribution: RecordedResource, stack: Recording) -> str | None:
    for origin in _as_list(distribution.inputs.get("origins")):
        protocols = (origin.get("customOriginConfig") or {}).get("originSslProtocols") or []
        if {"SSLv3", "TLSv1"} & set(protocols):
            return f"origin {origin.get('originId')} allows SSLv3/TLSv1"
    return None


def _cfr6(distribution: RecordedResource, stack: Recording) -> str | None:
    for origin in _as_list(distribution.inputs.get("origins")):
        if origin.get("customOriginConfig"):
            continue  # not an S3 REST origin (a website endpoint is a custom origin and can't be private)
        oai = (origin.get("s3OriginConfig") or {}).get("originAccessIdentity")
        if not (origin.get("originAccessControlId") or oai):
            return f"S3 origin {origin.get('originId')} without OAC or OAI"
    return None


def _apig1(stage: RecordedResource, stack: Recording) -> str | None:
    return None if (stage.inputs.get("accessLogSettings") or {}).get("destinationArn") else "no access logs"


def _apig4(route: RecordedResource, stack: Recording) -> str | None:
    kind = route.inputs.get("authorizationType") or "NONE"
    return None if kind != "NONE" else "no authorizer"


_WILDCARD_FREE = ("sts:AssumeRole",)


def _iam4(principal: RecordedResource, stack: Recording) -> str | None:
    attached = referrers(stack, ("aws:iam/rolePolicyAttachment:RolePolicyAttachment",), "role", principal)
    arns = [a.inputs.get("policyArn") for a in attached] + _as_list(principal.inputs.get("managedPolicyArns"))
    managed = [str(arn) for arn in arns if str(arn).startswith("arn:aws:iam::aws:policy/")]
    return f"AWS managed policies: {', '.join(managed)}" if managed else None


def _iam5(resource: RecordedResource, stack: Recording) -> str | None:
    documents = (
        [resource.inputs.get("policy")]
        if resource.type != "aws:iam/role:Role"
        else [p.get("policy") for p in _as_list(resource.inputs.get("inlinePolicies"))]
    )
    found = []
    for statement in [s for d in documents if d for s in _statements(d)]:
        if statement.get("Effect") != "Allow":
            continue
        for value in _as_list(statement.get("Action")) + _as_list(statement.get("Resource")):
            if "*" in str(value):
                found.append(f"{statement.get('Sid') or '?'}: {value}")
    return f"wildcards: {'; '.join(found)}" if found else None


def _topic_statements(topic: RecordedResource, stack: Recording) -> list[dict[str, Any]]:
    policies = referrers(stack, ("aws:sns/topicPolicy:TopicPolicy",), "arn", topic)
    return [s for p in policies for s in _statements(p.inputs.get("policy"))] + _statements(
        topic.inputs.get("policy")
    )


def _sns2(topic: RecordedResource, stack: Recording) -> str | None:
    return None if topic.inputs.get("kmsMasterKeyId") else "no server-side encryption"


def _sns3(topic: RecordedResource, stack: Recording) -> str | None:
    statements = _topic_statements(topic, stack)
    return (
        None
        if _denies_without_tls(statements, ("sns:Publish", "sns:*", "*"))
        else "the topic policy doesn't deny publishing without TLS"
    )


SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = (
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
)
INSTANCE = ("aws:ec2/instance:Instance",)
TASK = ("aws:ecs/taskDefinition:TaskDefinition",)
CDN = ("aws:cloudfront/distribution:Distribution",)
TOPIC = ("aws:sns/topic:Topic",)
IAM_DOCUMENTS = ("aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy")
CHECKS: tuple[Check, ...] = (
    Check("S1", "The S3 bucket has server access logs disabled.", BUCKETS, _s1),
    Check("S2", "The S3 bucket does not have public access restricted and blocked.", BUCKETS, _s2),
    Check("S3", "The S3 bucket does not have default encryption enabled.", BUCKETS, _s3),
    Check("S10", "The S3 bucket does not require requests to use SSL.", BUCKETS, _s10),
    Check("EC23", "The security group allows inbound access from 0.0.0.0/0 or ::/0.", (SG, *INGRESS), _ec23),
    Check("EC26", "The EBS volume has encryption disabled.", INSTANCE, _ec26),
    Check("EC27", "The security group does not have a description.", (SG,), _ec27),
    Check("EC28", "The EC2 instance does not have detailed monitoring enabled.", INSTANCE, _ec28),
    Check(
        "EC29",
        "The EC2 instance is not part of an ASG and has termination protection disabled.",
        INSTANCE,
        _ec29,
    ),
    Check("ECR1", "The ECR repository allows open access.", ("aws:ecr/repository:Repository",), _ecr1),
    Check("ECS2", "The ECS task definition sets environment variables directly.", TASK, _ecs2),
    Check(
        "ECS4",
        "The ECS cluster has CloudWatch Container Insights disabled.",
        ("aws:ecs/cluster:Cluster",),
        _ecs4,
    ),
    Check("ECS7", "The ECS task definition does not have awslogs logging enabled.", TASK, _ecs7),
    Check(
        "DDB3",
        "The DynamoDB table does not have point-in-time recovery enabled.",
        ("aws:dynamodb/table:Table",),
        _ddb3,
    ),
    Check("VPC7", "The VPC does not have an associated flow log.", ("aws:ec2/vpc:Vpc",), _vpc7),
    Check("CFR1", "The CloudFront distribution may require geo restrictions.", CDN, _cfr1),
    Check("CFR2", "The CloudFront distribution may require integration with AWS WAF.", CDN, _cfr2),
    Check("CFR3", "The CloudFront distribution does not have access logging enabled.", CDN, _cfr3),
    Check(
        "CFR4", "The CloudFront distribution allows SSLv3 or TLSv1 for HTTPS viewer connections.", CDN, _cfr4
    ),
    Check("CFR5", "The CloudFront distribution uses SSLv3 or TLSv1 to talk to the origin.", CDN, _cfr5),
    Check(
        "CFR6",
        "The CloudFront distribution does not restrict its S3 origin to itself (OAC or OAI).",
        CDN,
        _cfr6,
    ),
    Check(
        "APIG1", "The API does not have access logging enabled.", ("aws:apigatewayv2/stage:Stage",), _apig1
    ),
    Check("APIG4", "The API does not implement authorization.", ("aws:apigatewayv2/route:Route",), _apig4),
    Check("IAM4", "The IAM role uses AWS managed policies.", ("aws:iam/role:Role",), _iam4),
    Check("IAM5", "The IAM entity contains wildcard permissions.", IAM_DOCUMENTS, _iam5),
    Check("SNS2", "The SNS topic does not have server-side encryption enabled.", TOPIC, _sns2),
    Check("SNS3", "The SNS topic does not require publishers to use SSL.", TOPIC, _sns3),
)
CHECKS_BY_RULE: dict[str, Check] = {c.rule: c for c in CHECKS}


# --- suppressions -------------------------------------------------------------------------------------


def load_suppressions(path: Path = SUPPRESSIONS_FILE) -> list[Suppression]:
    raw = json.loads(path.read_text())
    return [Suppression(**entry) for entry in raw["suppressions"]]


def evaluate(stack: Recording, suppressions: Sequence[Suppression] = ()) -> list[Finding]:
    """Every (rule, resource) pair cdk-nag would look at: pass, fail, suppressed, or unhandled."""
    accepted = {(s.rule, s.resource): s for s in suppressions}
    findings: list[Finding] = []
    for resource in stack.resources:
        for rule in NAG_TYPES.get(resource.type, ()):
            check = CHECKS_BY_RULE.get(rule)
            if check is None or resource.type not in check.types:
                findings.append(
                    Finding(rule, resource.name, resource.type, "unhandled", "no check handles this type")
                )
                continue
            problem = check.check(resource, stack)
            if problem is None:
                findings.append(Finding(rule, resource.name, resource.type, "pass"))
            elif (rule, resource.name) in accepted:
                findings.append(
                    Finding(
                        rule,
                        resource.name,
                        resource.type,
                        "suppressed",
                        accepted[(rule, resource.name)].reason,
                    )
                )
            else:
                findings.append(Finding(rule, resource.name, resource.type, "fail", problem))
    return findings


def unclassified_types(stack: Recording) -> list[str]:
    """aws types in the program that are neither in `NAG_TYPES` nor known to be outside every rule."""
    return sorted(
        {r.type for r in stack.resources if r.type.startswith("aws:") and r.custom}
        - set(NAG_TYPES)
        - NOT_NAGGED
    )


def suppressions_markdown(suppressions: Sequence[Suppression]) -> str:
    """docs/security.md's table of accepted findings."""
    lines = [
        "| cdk-nag rule | resource | kind | why | price to meet it |",
        "|---|---|---|---|---|",
    ]
    for s in suppressions:
        price = f"${s.usd_monthly:.2f}/month" if s.usd_monthly is not None else "n/a"
        lines.append(f"| {s.rule} | `{s.resource}` | {s.kind} | {s.reason} | {price} |")
    return "\n".join(lines)


# --- command line ---------------------------------------------------------------------------------------


def run_stack(stack: str, overrides: Mapping[str, str] | None = None) -> Recording:
    loaded = load_stack_config(REPO, stack)
    return run_program(
        lambda: runpy.run_path(str(REPO / "__main__.py"), run_name="__main__"),
        project=loaded.project,
        stack=loaded.stack,
        config={**loaded.config, **(overrides or {})},
        secret_keys=loaded.secret_keys,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.nag", description=__doc__.splitlines()[0])
    parser.add_argument("--stack", default="dev")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a config override")
    args = parser.parse_args(argv)
    overrides = dict(item.split("=", 1) for item in args.set)
    recording = run_stack(args.stack, overrides)
    findings = evaluate(recording, load_suppressions())
    for finding in sorted(findings, key=lambda f: (f.status != "fail", f.rule, f.resource)):
        detail = f": {finding.detail}" if finding.detail else ""
        print(f"{finding.status:10} {finding.rule:6} {finding.resource}{detail}")
    unclassified = unclassified_types(recording)
    for type_ in unclassified:
        print(f"unclassified type {type_}: add it to NAG_TYPES or NOT_NAGGED")
    bad = [f for f in findings if f.status in ("fail", "unhandled")]
    counts = {
        status: sum(f.status == status for f in findings)
        for status in ("pass", "suppressed", "fail", "unhandled")
    }
    print(", ".join(f"{n} {status}" for status, n in counts.items()))
    return 1 if bad or unclassified else 0


if __name__ == "__main__":
    sys.exit(main())
