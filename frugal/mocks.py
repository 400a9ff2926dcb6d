"""Pulumi mocks that record every registered resource, shared by the tests and the offline preview.

`run_program` runs a Pulumi program (any callable that declares resources) under
`pulumi.runtime.set_mocks` and returns a `Recording`: each resource with its type, name, parent
URN, camelCase inputs, dependencies and property dependencies (as the SDK sends them to the engine),
the invokes it made, and the stack outputs. No engine, CLI or cloud account is involved.

Two modes, like the two previews a stack sees:
- an existing stack (the default): every resource answers plausible computed outputs (ids, ARNs, ...);
- a new stack (`new_stack=True`), as a first `pulumi preview` sees it: every id and every computed
  output is unknown, and only what the program wrote itself (its inputs) is known.
Components (local ones, and multi-language ones such as awsx's, built by a plugin offline nobody runs)
answer no outputs of their own: theirs are unknown at preview, never an echo of their inputs.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi
from google.protobuf import json_format, struct_pb2
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import rpc
from pulumi.runtime.proto import resource_pb2

from frugal.compat import pulumi as sdk

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
PARTITION = "aws"

log = logging.getLogger(__name__)


@dataclass
class RecordedResource:
    urn: str
    type: str
    name: str
    inputs: dict[str, Any]
    parent: str | None
    custom: bool
    id: str | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    provider: str | None = None
    dependencies: list[str] = field(default_factory=list)
    # Input property name -> the URNs its value was computed from, as the SDK sends them.
    property_dependencies: dict[str, list[str]] = field(default_factory=dict)
    # A multi-language component (awsx, eks): its children are built by its plugin.
    remote: bool = False


@dataclass
class RecordedCall:
    token: str
    args: dict[str, Any]
    answered: bool


@dataclass
class Recording:
    """Everything a program registered, in registration order."""

    project: str
    stack: str
    resources: list[RecordedResource] = field(default_factory=list)
    calls: list[RecordedCall] = field(default_factory=list)
    stack_outputs: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def of_type(self, type_: str) -> list[RecordedResource]:
        return [r for r in self.resources if r.type == type_]

    def one(self, type_: str) -> RecordedResource:
        found = self.of_type(type_)
        if len(found) != 1:
            raise AssertionError(f"expected one {type_}, found {len(found)}: {[r.name for r in found]}")
        return found[0]

    def named(self, name: str) -> RecordedResource:
        found = [r for r in self.resources if r.name == name]
        if len(found) != 1:
            raise AssertionError(f"expected one resource named {name!r}, found {len(found)}")
        return found[0]

    def by_urn(self, urn: str) -> RecordedResource:
        for resource in self.resources:
            if resource.urn == urn:
                return resource
        raise KeyError(urn)

    def children_of(self, parent_urn: str) -> list[RecordedResource]:
        return [r for r in self.resources if r.parent == parent_urn]


def _arn(service: str, resource: str, *, region: str = REGION) -> str:
    return f"arn:{PARTITION}:{service}:{region}:{ACCOUNT_ID}:{resource}"


def _first_image_tag(inputs: Mapping[str, Any], name: str) -> str:
    tags = inputs.get("tags")
    return str(tags[0]) if isinstance(tags, list) and tags else name


def _fake_outputs(type_: str, name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Plausible provider-computed outputs, so programs that read `.arn`, `.id` etc. keep going."""
    _, module, _kind = [*type_.split(":"), "", ""][:3]
    service = module.split("/")[0] or "unknown"
    resource_name = inputs.get("name") or name
    outputs: dict[str, Any] = {
        "arn": _arn(service, f"{_kind.lower() or 'resource'}/{resource_name}"),
        "name": resource_name,
    }
    specific: dict[str, dict[str, Any]] = {
        "aws:iam/role:Role": {"arn": f"arn:{PARTITION}:iam::{ACCOUNT_ID}:role/{resource_name}"},
        "aws:iam/policy:Policy": {"arn": f"arn:{PARTITION}:iam::{ACCOUNT_ID}:policy/{resource_name}"},
        "aws:s3/bucket:Bucket": {
            "arn": f"arn:{PARTITION}:s3:::{inputs.get('bucket') or resource_name}",
            "bucket": inputs.get("bucket") or resource_name,
            "bucketRegionalDomainName": f"{inputs.get('bucket') or resource_name}.s3.{REGION}.amazonaws.com",
            # The global name CloudFront's standard logging takes.
            "bucketDomainName": f"{inputs.get('bucket') or resource_name}.s3.amazonaws.com",
        },
        "aws:s3/bucketV2:BucketV2": {
            "arn": f"arn:{PARTITION}:s3:::{inputs.get('bucket') or resource_name}",
            "bucket": inputs.get("bucket") or resource_name,
            "bucketRegionalDomainName": f"{inputs.get('bucket') or resource_name}.s3.{REGION}.amazonaws.com",
            # The global name CloudFront's standard logging takes.
            "bucketDomainName": f"{inputs.get('bucket') or resource_name}.s3.amazonaws.com",
        },
        "aws:ecr/repository:Repository": {
            "repositoryUrl": f"{ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com/{resource_name}",
        },
        "aws:cloudwatch/logGroup:LogGroup": {"arn": _arn("logs", f"log-group:{resource_name}")},
        "aws:ssm/parameter:Parameter": {"arn": _arn("ssm", f"parameter/{str(resource_name).lstrip('/')}")},
        "aws:dynamodb/table:Table": {"arn": _arn("dynamodb", f"table/{resource_name}")},
        "aws:servicediscovery/service:Service": {"arn": _arn("servicediscovery", f"service/srv-{name}")},
        "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": {
            "arn": _arn("servicediscovery", f"namespace/ns-{name}"),
            "hostedZone": f"Z{name.upper()[:12]}",
        },
        "aws:ecs/cluster:Cluster": {"arn": _arn("ecs", f"cluster/{resource_name}")},
        "aws:ecs/service:Service": {"arn": _arn("ecs", f"service/{resource_name}")},
        "aws:ecs/taskDefinition:TaskDefinition": {
            "arn": _arn("ecs", f"task-definition/{inputs.get('family') or name}:1"),
            "revision": 1,
        },
        "aws:apigatewayv2/api:Api": {
            "apiEndpoint": f"https://{name}-id.execute-api.{REGION}.amazonaws.com",
            "executionArn": _arn("execute-api", f"{name}-id"),
        },
        "aws:cloudfront/distribution:Distribution": {
            "domainName": f"d{abs(hash(name)) % 10**8:08d}.cloudfront.net",
            "hostedZoneId": "Z2FDTNDATAQYW2",
            "arn": f"arn:{PARTITION}:cloudfront::{ACCOUNT_ID}:distribution/{name}-id",
        },
        "aws:acm/certificate:Certificate": {
            "domainValidationOptions": [
                {
                    "domainName": inputs.get("domainName", "example.com"),
                    "resourceRecordName": f"_x.{inputs.get('domainName', 'example.com')}.",
                    "resourceRecordType": "CNAME",
                    "resourceRecordValue": "_y.acm-validations.aws.",
                }
            ]
        },
        "aws:ec2/instance:Instance": {"primaryNetworkInterfaceId": f"eni-{name}", "privateIp": "10.0.0.10"},
        # A pushed docker-build image: `ref` is the digest-qualified reference a task definition uses.
        "docker-build:index:Image": {
            "digest": "sha256:" + "0" * 64,
            "ref": f"{_first_image_tag(inputs, name).rsplit(':', 1)[0]}@sha256:{'0' * 64}",
        },
        "random:index/randomPassword:RandomPassword": {"result": "preview-generated-password"},
        "random:index/randomString:RandomString": {"result": "previewrandom"},
        "random:index/randomId:RandomId": {"hex": "0a1b2c3d", "b64Url": "ChssPQ", "dec": "169552957"},
        "random:index/randomPet:RandomPet": {"id": "preview-pet"},
        "pulumi:pulumi:StackReference": {"outputs": {}, "secretOutputNames": []},
        "aws:lb/loadBalancer:LoadBalancer": {
            "dnsName": f"{name}-1234567890.{REGION}.elb.amazonaws.com",
            "zoneId": "Z35SXDOTRQ7X7K",
            "arnSuffix": f"app/{name}/0123456789abcdef",
        },
        "aws:lb/targetGroup:TargetGroup": {"arnSuffix": f"targetgroup/{name}/0123456789abcdef"},
        "aws:ec2/eip:Eip": {"publicIp": "198.51.100.10", "allocationId": f"eipalloc-{name}"},
        "aws:ec2/vpc:Vpc": {
            "defaultSecurityGroupId": f"sg-default-{name}",
            "defaultRouteTableId": f"rtb-{name}",
        },
    }
    outputs.update(specific.get(type_, {}))
    return outputs


def _policy_document(args: Mapping[str, Any]) -> dict[str, Any]:
    """Render `aws.iam.getPolicyDocument` for real, so rules and tests see the JSON AWS would get."""
    statements = []
    for stmt in args.get("statements") or []:
        rendered: dict[str, Any] = {"Effect": stmt.get("effect", "Allow")}
        if stmt.get("sid"):
            rendered["Sid"] = stmt["sid"]
        for key, out_key in (
            ("actions", "Action"),
            ("notActions", "NotAction"),
            ("resources", "Resource"),
            ("notResources", "NotResource"),
        ):
            values = stmt.get(key)
            if values:
                rendered[out_key] = values[0] if len(values) == 1 else sorted(values)
        for key, out_key in (("principals", "Principal"), ("notPrincipals", "NotPrincipal")):
            principals = stmt.get(key)
            if principals:
                merged: dict[str, Any] = {}
                for p in principals:
                    ids = p.get("identifiers") or []
                    merged[p["type"]] = ids[0] if len(ids) == 1 else sorted(ids)
                rendered[out_key] = "*" if merged == {"*": "*"} else merged
        conditions = stmt.get("conditions")
        if conditions:
            cond: dict[str, dict[str, Any]] = {}
            for c in conditions:
                values = c.get("values") or []
                cond.setdefault(c["test"], {})[c["variable"]] = values[0] if len(values) == 1 else values
            rendered["Condition"] = cond
        statements.append(rendered)
    document = {"Version": args.get("version") or "2012-10-17", "Statement": statements}
    return {
        "json": json.dumps(document, indent=2),
        "minifiedJson": json.dumps(document, separators=(",", ":")),
    }


def _generic_invoke(token: str, args: Mapping[str, Any]) -> dict[str, Any] | None:
    """Answers for the invokes most AWS programs make; None for an invoke we don't know."""
    if token == "aws:index/getAvailabilityZones:getAvailabilityZones":
        names = [f"{REGION}{suffix}" for suffix in "abcdef"]
        return {"names": names, "zoneIds": [f"use1-az{i}" for i in range(1, 7)], "id": REGION}
    if token == "aws:index/getCallerIdentity:getCallerIdentity":
        return {
            "accountId": ACCOUNT_ID,
            "arn": f"arn:{PARTITION}:iam::{ACCOUNT_ID}:user/preview",
            "userId": "AIDAPREVIEW",
            "id": ACCOUNT_ID,
        }
    if token in ("aws:index/getRegion:getRegion", "aws:index/region:Region"):
        return {
            "name": REGION,
            "region": REGION,
            "id": REGION,
            "endpoint": f"ec2.{REGION}.amazonaws.com",
            "description": "US East (N. Virginia)",
        }
    if token == "aws:index/getPartition:getPartition":
        return {
            "partition": PARTITION,
            "dnsSuffix": "amazonaws.com",
            "id": PARTITION,
            "reverseDnsPrefix": "com.amazonaws",
        }
    if token == "aws:ec2/getAmi:getAmi":
        return {
            "id": "ami-0123456789abcdef0",
            "imageId": "ami-0123456789abcdef0",
            "architecture": "arm64",
            "name": "al2023-ami-2023.6-arm64",
        }
    if token == "aws:ssm/getParameter:getParameter":
        return {
            "id": args.get("name"),
            "name": args.get("name"),
            "type": "String",
            "value": "ami-0123456789abcdef0",
            "insecureValue": "ami-0123456789abcdef0",
        }
    if token == "aws:ec2/getVpc:getVpc":
        return {"id": "vpc-default", "cidrBlock": "172.31.0.0/16", "default": True}
    if token == "aws:ec2/getSubnets:getSubnets":
        return {"ids": ["subnet-default-a", "subnet-default-b"], "id": "subnets"}
    if token == "aws:ec2/getSubnet:getSubnet":
        return {"id": args.get("id", "subnet-default-a"), "availabilityZone": f"{REGION}a"}
    if token == "aws:iam/getPolicyDocument:getPolicyDocument":
        return _policy_document(args)
    if token == "aws:ecr/getAuthorizationToken:getAuthorizationToken":
        return {
            "authorizationToken": "cHJldmlldzpwcmV2aWV3",
            "userName": "AWS",
            "password": "preview",
            "proxyEndpoint": f"https://{ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com",
            "id": REGION,
        }
    if token == "aws:route53/getZone:getZone":
        return {"id": "ZPREVIEW", "zoneId": "ZPREVIEW", "name": args.get("name", "example.com")}
    if token == "aws:ec2/getPrefixList:getPrefixList":
        return {"id": "pl-preview", "name": args.get("name", ""), "cidrBlocks": []}
    return _more_generic_invokes(token, args)


# Managed CloudFront policies by name: programs look these ids up instead of hard-coding them (AWS's list,
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html).
_MANAGED_CACHE_POLICIES = {
    "Managed-CachingOptimized": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "Managed-CachingDisabled": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
}


def _more_generic_invokes(token: str, args: Mapping[str, Any]) -> dict[str, Any] | None:
    """More lookups common AWS programs make, answered with plausible values (see `_generic_invoke`)."""
    name = args.get("name") or args.get("id") or "preview"
    if token == "aws:index/getDefaultTags:getDefaultTags":
        return {"id": "default-tags", "tags": {}}
    if token == "aws:index/getArn:getArn":
        parts = str(args.get("arn", "")).split(":", 5)
        parts += [""] * (6 - len(parts))
        return {
            "id": args.get("arn"),
            "arn": args.get("arn"),
            "partition": parts[1],
            "service": parts[2],
            "region": parts[3],
            "account": parts[4],
            "resource": parts[5],
        }
    if token == "aws:ec2/getAvailabilityZone:getAvailabilityZone":
        zone = args.get("name") or f"{REGION}a"
        return {"id": zone, "name": zone, "zoneId": "use1-az1", "region": REGION, "state": "available"}
    if token == "aws:ec2/getVpcs:getVpcs":
        return {"id": REGION, "ids": ["vpc-default"]}
    if token == "aws:ec2/getSecurityGroup:getSecurityGroup":
        return {
            "id": args.get("id") or "sg-preview",
            "name": name,
            "vpcId": "vpc-default",
            "arn": _arn("ec2", f"security-group/{args.get('id') or 'sg-preview'}"),
        }
    if token == "aws:ec2/getSecurityGroups:getSecurityGroups":
        return {"id": REGION, "ids": ["sg-preview"], "vpcIds": ["vpc-default"], "arns": []}
    if token == "aws:ec2/getInternetGateway:getInternetGateway":
        return {
            "id": "igw-preview",
            "internetGatewayId": "igw-preview",
            "arn": _arn("ec2", "internet-gateway/igw-preview"),
        }
    if token == "aws:ec2/getRouteTable:getRouteTable":
        return {"id": "rtb-preview", "routeTableId": "rtb-preview", "vpcId": "vpc-default", "routes": []}
    if token == "aws:ec2/getAmiIds:getAmiIds":
        return {"id": REGION, "ids": ["ami-0123456789abcdef0"]}
    if token == "aws:ec2/getVpcEndpointService:getVpcEndpointService":
        service = args.get("service") or "preview"
        return {
            "id": service,
            "serviceName": args.get("serviceName") or f"com.amazonaws.{REGION}.{service}",
            "serviceType": args.get("serviceType") or "Interface",
            "availabilityZones": [f"{REGION}a"],
        }
    if token == "aws:iam/getRole:getRole":
        return {
            "id": name,
            "name": name,
            "arn": f"arn:{PARTITION}:iam::{ACCOUNT_ID}:role/{name}",
            "assumeRolePolicy": "{}",
        }
    if token == "aws:iam/getPolicy:getPolicy":
        arn = args.get("arn") or f"arn:{PARTITION}:iam::aws:policy/{name}"
        return {"id": arn, "arn": arn, "name": str(arn).rsplit("/", 1)[-1], "policy": "{}"}
    if token == "aws:iam/getSessionContext:getSessionContext":
        return {"id": args.get("arn"), "arn": args.get("arn"), "issuerArn": args.get("arn")}
    if token == "aws:kms/getKey:getKey":
        return {"id": "key-preview", "keyId": "key-preview", "arn": _arn("kms", "key/key-preview")}
    if token == "aws:kms/getAlias:getAlias":
        return {
            "id": name,
            "name": name,
            "arn": _arn("kms", str(name)),
            "targetKeyId": "key-preview",
            "targetKeyArn": _arn("kms", "key/key-preview"),
        }
    if token == "aws:acm/getCertificate:getCertificate":
        return {
            "id": "cert-preview",
            "domain": args.get("domain"),
            "arn": _arn("acm", "certificate/cert-preview"),
            "status": "ISSUED",
        }
    if token == "aws:ecr/getRepository:getRepository":
        return {
            "id": name,
            "name": name,
            "arn": _arn("ecr", f"repository/{name}"),
            "repositoryUrl": f"{ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com/{name}",
        }
    if token == "aws:secretsmanager/getSecret:getSecret":
        return {"id": name, "name": name, "arn": _arn("secretsmanager", f"secret:{name}")}
    if token == "aws:cloudfront/getCachePolicy:getCachePolicy":
        policy_id = args.get("id") or _MANAGED_CACHE_POLICIES.get(str(name), f"cache-policy-{name}")
        return {"id": policy_id, "name": name}
    if token in ("aws:lb/getHostedZoneId:getHostedZoneId", "aws:elb/getHostedZoneId:getHostedZoneId"):
        return {"id": "Z35SXDOTRQ7X7K"}
    if token == "aws:elb/getServiceAccount:getServiceAccount":
        return {"id": "127311923021", "arn": f"arn:{PARTITION}:iam::127311923021:root"}
    return None


class RecordingMocks(pulumi.runtime.Mocks):
    """Answers resources with plausible outputs (none on a new stack) and invokes generically."""

    def __init__(self, recording: Recording, *, new_stack: bool = False) -> None:
        self.recording = recording
        self.new_stack = new_stack

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict]:
        if not args.custom:
            # A component's outputs are what it registers itself, later; a remote one's, its plugin's.
            return None, {}
        if self.new_stack:
            # Nothing exists yet: the id and every computed output are unknown at preview.
            return None, dict(args.inputs)
        resource_id = args.resource_id or f"{args.name}-id"
        outputs = _fake_outputs(args.typ, args.name, args.inputs)
        outputs.update(args.inputs)
        outputs.setdefault("id", resource_id)
        return resource_id, outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict:
        answer = _generic_invoke(args.token, args.args)
        self.recording.calls.append(RecordedCall(args.token, dict(args.args), answer is not None))
        if answer is None:
            message = f"unknown invoke {args.token}: answered with an empty result"
            if message not in self.recording.warnings:  # once per token, however often it is called
                self.recording.warnings.append(message)
                log.warning(message)
            return {}
        return answer


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """A MockMonitor that also keeps each registration's parent, inputs and dependencies."""

    def __init__(self, mocks: RecordingMocks, recording: Recording) -> None:
        super().__init__(mocks)
        self.recording = recording

    def RegisterResource(self, request):  # noqa: N802 - gRPC method name
        if request.type == "pulumi:pulumi:Stack":
            return super().RegisterResource(request)
        # As MockMonitor.RegisterResource, but the request is read once, with resource references
        # downgraded (see `_recorded_inputs`): the base class would rehydrate them into Resources.
        urn = self.make_urn(request.parent, request.type, request.name)
        downgraded = _downgraded(request.object)
        args = pulumi.runtime.MockResourceArgs(
            typ=request.type,
            name=request.name,
            inputs=rpc.deserialize_properties(downgraded),
            provider=request.provider,
            resource_id=request.importId,
            custom=request.custom or False,
            transforms=sdk.resolve_transforms(request.transforms),
        )
        resource_id, state = self.mocks.new_resource(args)
        response_object = sdk.sync_await(rpc.serialize_properties(state, {}))
        self.resources[urn] = pulumi_mocks.MockMonitor.ResourceRegistration(urn, resource_id, state)
        self.recording.resources.append(
            RecordedResource(
                urn=urn,
                type=request.type,
                name=request.name,
                inputs=rpc.deserialize_properties(downgraded, keep_unknowns=True),
                parent=request.parent or None,
                custom=bool(request.custom),
                id=resource_id,
                outputs=state,
                provider=request.provider or None,
                dependencies=list(request.dependencies),
                property_dependencies={
                    key: list(value.urns) for key, value in request.propertyDependencies.items()
                },
                remote=bool(request.remote),
            )
        )
        return resource_pb2.RegisterResourceResponse(urn=urn, id=resource_id, object=response_object)

    def Invoke(self, request):  # noqa: N802 - gRPC method name
        # Resource references in invoke arguments, as in registrations: ids, never rehydrated.
        request.args.CopyFrom(_downgraded(request.args))
        if self.mocks.new_stack and _contains_unknown(json_format.MessageToDict(request.args)):
            # The SDK only notices an unknown at the top level of an invoke's arguments or inside a
            # map; one in a list (`filters=[{"values": [vpc.id]}]`) reaches the monitor. A first
            # preview can't answer it: the result is wholly unknown, as for `get_vpc_output(id=...)`.
            args = rpc.deserialize_properties(request.args, keep_unknowns=True)
            self.recording.calls.append(RecordedCall(request.tok, dict(args), False))
            return resource_pb2.ResourceInvokeResponse(unknown=True)
        return super().Invoke(request)

    def ReadResource(self, request):  # noqa: N802 - gRPC method name
        request.properties.CopyFrom(_downgraded(request.properties))
        return super().ReadResource(request)

    def RegisterResourceOutputs(self, request):  # noqa: N802 - gRPC method name
        # A component's register_outputs(...) lands here: keep them as that component's outputs.
        outputs = _recorded_inputs(request.outputs)
        for resource in self.recording.resources:
            if resource.urn == request.urn:
                resource.outputs = outputs
        return super().RegisterResourceOutputs(request)


def _contains_unknown(value: Any) -> bool:
    """Is the unknown sentinel anywhere in a value: nested in maps and lists included?"""
    if isinstance(value, dict):
        return any(_contains_unknown(item) for item in value.values())
    if isinstance(value, list):
        return any(_contains_unknown(item) for item in value)
    return value == rpc.UNKNOWN


def _recorded_inputs(struct: struct_pb2.Struct) -> dict[str, Any]:
    """Property values as recorded: unknowns kept, resource references downgraded (`_downgraded`)."""
    return rpc.deserialize_properties(_downgraded(struct), keep_unknowns=True)


def _downgraded(struct: struct_pb2.Struct) -> struct_pb2.Struct:
    """The struct with each resource reference replaced by the resource's id (a component's: its URN),
    unknown while the id is, as the engine hands references to analyzers. Deserializing a reference
    instead would rehydrate the resource: a second registration, on another event loop (what broke
    programs passing `role=my_role`)."""
    plain = json_format.MessageToDict(struct)

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            if sdk.is_resource_reference(value):
                resource_id = value.get("id")
                if resource_id == "":
                    return rpc.UNKNOWN
                return resource_id if resource_id is not None else value.get("urn", rpc.UNKNOWN)
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    result = struct_pb2.Struct()
    result.update(walk(plain))
    return result


def run_program(
    program: Callable[[], Any],
    *,
    project: str = "project",
    stack: str = "stack",
    config: Mapping[str, str] | None = None,
    secret_keys: list[str] | None = None,
    preview: bool = True,
    new_stack: bool = False,
) -> Recording:
    """Run `program` under recording mocks and return what it registered.

    `config` holds fully qualified keys (`"frugal:cpu": "256"`) with string values, as the engine
    passes them. `new_stack`: as a first preview sees it (see the module docstring). An exception
    raised by the program propagates to the caller.
    """
    recording = Recording(project=project, stack=stack)
    sdk.reset_runtime(project=project, stack=stack)
    pulumi.runtime.set_all_config(dict(config or {}), secret_keys or [])
    mocks = RecordingMocks(recording, new_stack=new_stack)
    monitor = RecordingMonitor(mocks, recording)
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=preview, monitor=monitor)
    sdk.clear_pending()

    root = pulumi.runtime.get_root_resource()

    async def finish() -> None:
        program()
        # `pulumi.export` keeps values on the root stack; resolve them the way the engine would show them.
        exports = dict(getattr(root, "outputs", {}) or {})
        for name, value in exports.items():
            recording.stack_outputs[name] = await pulumi.Output.from_input(value).future(with_unknowns=True)

    sdk.run_program_function(finish)
    return recording
