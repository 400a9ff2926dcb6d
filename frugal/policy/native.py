"""aws-native resources seen as their pulumi-aws twins.

aws-native spells the CloudFormation registry's types (`aws-native:ecs:Service` is `AWS::ECS::Service`)
with CloudFormation's property names. The rules and pricers are written once, against the pulumi-aws
shape; `twin(type, props)` maps an aws-native resource onto it: the twin's type token (its "kind") and
its properties renamed and reshaped. Unknown values pass through untouched (a `Reader` records them),
so an aws-native resource is checked and priced exactly like its twin, unknowns included.

Property names come from the aws-native 1.x SDK (the CloudFormation schemas).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from . import types as t
from .values import UNKNOWN, is_unknown, plain

Props = dict[str, Any]


def _get(props: Mapping[str, Any], *path: str) -> Any:
    current: Any = props
    for key in path:
        if is_unknown(current):
            return UNKNOWN
        if not isinstance(current, Mapping) or key not in current:
            return None
        current = current[key]
    return UNKNOWN if is_unknown(current) else current


def _keep(props: Mapping[str, Any], *keys: str) -> Props:
    return {key: props[key] for key in keys if key in props}


def _enabled(value: Any) -> Any:
    """CloudFormation's "ENABLED"/"DISABLED" flags as booleans."""
    if value is None or is_unknown(value):
        return value
    return str(value).upper() == "ENABLED"


def _internal(scheme: Any) -> Any:
    """`scheme` as pulumi-aws's `internal`: CloudFormation's default scheme is internet-facing."""
    if scheme is None:
        return False
    if is_unknown(scheme):
        return UNKNOWN
    return str(scheme) == "internal"


def _ecs_service(props: Props) -> Props:
    out = _keep(props, "launchType", "desiredCount", "taskDefinition", "cluster", "enableExecuteCommand")
    if "capacityProviderStrategy" in props:
        out["capacityProviderStrategies"] = props["capacityProviderStrategy"]
    if "serviceName" in props:
        out["name"] = props["serviceName"]
    vpc = _get(props, "networkConfiguration", "awsvpcConfiguration")
    if vpc is UNKNOWN:
        out["networkConfiguration"] = UNKNOWN
    elif isinstance(vpc, Mapping):
        network: Props = _keep(vpc, "subnets")
        if "securityGroups" in vpc:
            network["securityGroups"] = vpc["securityGroups"]
        if "assignPublicIp" in vpc:
            network["assignPublicIp"] = _enabled(vpc["assignPublicIp"])
        out["networkConfiguration"] = network
    return out


def _ecs_task_definition(props: Props) -> Props:
    out = _keep(props, "cpu", "memory", "family", "requiresCompatibilities", "runtimePlatform")
    if "containerDefinitions" in props:
        out["containerDefinitions"] = props["containerDefinitions"]
    size = _get(props, "ephemeralStorage", "sizeInGiB")
    if size is not None:
        out["ephemeralStorage"] = {"sizeInGib": size}
    return out


def _ecs_cluster(props: Props) -> Props:
    return {"settings": props["clusterSettings"]} if "clusterSettings" in props else {}


def _instance(props: Props) -> Props:
    out = _keep(
        props,
        "instanceType",
        "sourceDestCheck",
        "subnetId",
        "ebsOptimized",
        "monitoring",
        "disableApiTermination",
    )
    interfaces = props.get("networkInterfaces")
    if is_unknown(interfaces):
        out["associatePublicIpAddress"] = UNKNOWN
    elif isinstance(interfaces, list) and interfaces:
        first = interfaces[0]
        out["associatePublicIpAddress"] = (
            UNKNOWN if is_unknown(first) else _get(first, "associatePublicIpAddress")
        )
        if isinstance(first, Mapping) and "subnetId" in first and "subnetId" not in out:
            out["subnetId"] = first["subnetId"]
    mappings = props.get("blockDeviceMappings")
    if is_unknown(mappings):
        out["ebsBlockDevices"] = UNKNOWN
    elif isinstance(mappings, list):
        extra = []
        for mapping in mappings:
            if is_unknown(mapping) or not isinstance(mapping, Mapping):
                extra.append(UNKNOWN)
                continue
            ebs = mapping.get("ebs") or {}
            device = {"deviceName": mapping.get("deviceName"), **(ebs if isinstance(ebs, Mapping) else {})}
            # The AMI's root device is /dev/xvda (Amazon Linux) or /dev/sda1 (Ubuntu and most others).
            if mapping.get("deviceName") in ("/dev/xvda", "/dev/sda1") and "rootBlockDevice" not in out:
                out["rootBlockDevice"] = device
            else:
                extra.append(device)
        if extra:
            out["ebsBlockDevices"] = extra
    return out


def _eip(props: Props) -> Props:
    out = _keep(props, "domain")
    if "instanceId" in props:
        out["instance"] = props["instanceId"]
    return out


# What decides RDS Extended Support and paid Performance Insights retention (same names in both SDKs).
_LIFECYCLE = (
    "engineVersion",
    "engineLifecycleSupport",
    "performanceInsightsRetentionPeriod",
    "databaseInsightsMode",
)
_DB_INSTANCE = {"dbInstanceClass": "instanceClass", "enablePerformanceInsights": "performanceInsightsEnabled"}
_DB_CLUSTER = {
    "serverlessV2ScalingConfiguration": "serverlessv2ScalingConfiguration",
    "dbClusterIdentifier": "clusterIdentifier",
}


def _db_instance(props: Props) -> Props:
    keep = (
        "engine",
        "multiAz",
        "allocatedStorage",
        "maxAllocatedStorage",
        "storageType",
        "iops",
        "storageThroughput",
        "publiclyAccessible",
        "dbClusterIdentifier",
        *_LIFECYCLE,
    )
    return _renamed(props, keep, _DB_INSTANCE)


def _db_cluster(props: Props) -> Props:
    keep = (
        "engine",
        "engineMode",
        "dbClusterInstanceClass",
        "allocatedStorage",
        "storageType",
        "iops",
        "storageThroughput",
        *_LIFECYCLE,
        "performanceInsightsEnabled",
    )
    return _renamed(props, keep, _DB_CLUSTER)


def _load_balancer_v2(props: Props) -> Props:
    out = _keep(props, "subnets", "subnetMappings")
    out["loadBalancerType"] = props.get("type", "application")
    out["internal"] = _internal(props.get("scheme"))
    return out


def _classic_load_balancer(props: Props) -> Props:
    out = _keep(props, "subnets", "availabilityZones", "listeners")
    out["internal"] = _internal(props.get("scheme"))
    return out


def _subnet(props: Props) -> Props:
    return _keep(props, "mapPublicIpOnLaunch", "availabilityZone", "vpcId", "cidrBlock")


def _launch_template(props: Props) -> Props:
    data = props.get("launchTemplateData")
    if is_unknown(data):
        return {"instanceType": UNKNOWN}
    if not isinstance(data, Mapping):
        return {}
    kept = ("instanceType", "networkInterfaces", "blockDeviceMappings", "imageId")
    return _keep(data, *kept, "monitoring", "ebsOptimized")


def _scalable_target(props: Props) -> Props:
    # Inline scheduledActions stay: the ECS pricer reads them like separate ScheduledAction resources.
    return _keep(
        props,
        "minCapacity",
        "maxCapacity",
        "resourceId",
        "scalableDimension",
        "serviceNamespace",
        "scheduledActions",
    )


def _autoscaling_group(props: Props) -> Props:
    out = _keep(props, "minSize", "maxSize", "desiredCapacity", "mixedInstancesPolicy", "vpcZoneIdentifiers")
    template = props.get("launchTemplate")
    if is_unknown(template):
        out["launchTemplate"] = UNKNOWN
    elif isinstance(template, Mapping):
        out["launchTemplate"] = {
            "id": template.get("launchTemplateId"),
            "name": template.get("launchTemplateName"),
            "version": template.get("version"),
        }
    if "autoScalingGroupName" in props:
        out["name"] = props["autoScalingGroupName"]
    return out


def _nat_gateway(props: Props) -> Props:
    return _keep(props, "connectivityType", "subnetId", "allocationId")


def _user_pool_client(props: Props) -> Props:
    out = _keep(props, "userPoolId", "clientName")
    if "allowedOAuthFlows" in props:
        out["allowedOauthFlows"] = props["allowedOAuthFlows"]
    return out


def _lambda_function(props: Props) -> Props:
    return _keep(props, "environment", "runtime", "memorySize", "architectures", "snapStart", "functionName")


def _ssm_parameter(props: Props) -> Props:
    return _keep(props, "name", "type", "value", "tier")


def _iam_principal(props: Props) -> Props:
    """Role, User or Group: managed policy ARNs, and inline `policies` as pulumi-aws's inlinePolicies."""
    out = _keep(props, "managedPolicyArns")
    policies = props.get("policies")
    if is_unknown(policies):
        out["inlinePolicies"] = UNKNOWN
    elif isinstance(policies, list):
        out["inlinePolicies"] = [
            UNKNOWN
            if is_unknown(p) or not isinstance(p, Mapping)
            else {"name": p.get("policyName"), "policy": p.get("policyDocument")}
            for p in policies
        ]
    return out


_POLICY_DOCUMENT = {"policyDocument": "policy"}


def _iam_document(props: Props) -> Props:
    return _renamed(props, (), _POLICY_DOCUMENT)


def _http_stage(props: Props) -> Props:
    return _keep(props, "defaultRouteSettings", "stageName", "apiId", "autoDeploy", "accessLogSettings")


def _rest_stage(props: Props) -> Props:
    out = _keep(
        props,
        "stageName",
        "restApiId",
        "deploymentId",
        "methodSettings",
        "cacheClusterEnabled",
        "cacheClusterSize",
    )
    if "accessLogSetting" in props:  # CloudFormation's name is singular
        out["accessLogSettings"] = props["accessLogSetting"]
    return out


def _bucket_policy(props: Props) -> Props:
    return _renamed(props, ("bucket",), _POLICY_DOCUMENT)


def _topic_policy(props: Props) -> Props:
    # One CloudFormation policy may serve several topics; pulumi-aws's names one (`arn`).
    return _renamed(props, ("topics",), _POLICY_DOCUMENT)


def _log_group(props: Props) -> Props:
    return _keep(props, "retentionInDays")


def _renamed(props: Props, keep: tuple[str, ...], renames: Mapping[str, str]) -> Props:
    """The `keep` properties as they are and the `renames` ones under their twin's names."""
    out = _keep(props, *keep)
    out.update({twin: props[native] for native, twin in renames.items() if native in props})
    return out


_CACHE_CLUSTER = {"cacheNodeType": "nodeType", "clusterName": "clusterId"}
_REPLICATION_GROUP = {"cacheNodeType": "nodeType", "nodeGroupConfiguration": "nodeGroupConfigurations"}
_EKS_CLUSTER = {"resourcesVpcConfig": "vpcConfig"}
_NODE_GROUP = {"nodeRole": "nodeRoleArn", "subnets": "subnetIds", "nodegroupName": "nodeGroupName"}
_KINESIS_STREAM = {"retentionPeriodHours": "retentionPeriod"}
# Firehose destinations that can deliver into a VPC (the VPC delivery charge), in pulumi-aws's names.
_FIREHOSE_DESTINATIONS = {
    "elasticsearchDestinationConfiguration": "elasticsearchConfiguration",
    "amazonopensearchserviceDestinationConfiguration": "opensearchConfiguration",
    "amazonOpenSearchServerlessDestinationConfiguration": "opensearchserverlessConfiguration",
}
_NOTEBOOK = {"volumeSizeInGb": "volumeSize", "notebookInstanceName": "name"}


def _cache_cluster(props: Props) -> Props:
    return _renamed(props, ("engine", "numCacheNodes", "replicationGroupId"), _CACHE_CLUSTER)


def _replication_group(props: Props) -> Props:
    keep = (
        "engine",
        "numCacheClusters",
        "numNodeGroups",
        "replicasPerNodeGroup",
        "globalReplicationGroupId",
        "primaryClusterId",
        "replicationGroupId",
    )
    return _renamed(props, keep, _REPLICATION_GROUP)


def _serverless_cache(props: Props) -> Props:
    out = _renamed(props, ("engine", "majorEngineVersion"), {"serverlessCacheName": "name"})
    limits = props.get("cacheUsageLimits")
    if is_unknown(limits):
        out["cacheUsageLimits"] = UNKNOWN
    elif isinstance(limits, Mapping):
        shaped: Props = _keep(limits, "dataStorage")
        if "ecpuPerSecond" in limits:
            # pulumi-aws spells the ECPU limits as a list of one.
            shaped["ecpuPerSeconds"] = [limits["ecpuPerSecond"]]
        out["cacheUsageLimits"] = shaped
    return out


def _firehose(props: Props) -> Props:
    out: Props = {}
    for native_name, twin_name in _FIREHOSE_DESTINATIONS.items():
        destination = props.get(native_name)
        if is_unknown(destination):
            out[twin_name] = UNKNOWN
        elif isinstance(destination, Mapping) and "vpcConfiguration" in destination:
            out[twin_name] = {"vpcConfig": destination["vpcConfiguration"]}
    return out


def _msk_connector(props: Props) -> Props:
    out: Props = {}
    capacity = props.get("capacity")
    if is_unknown(capacity):
        out["capacity"] = UNKNOWN
    elif isinstance(capacity, Mapping):
        out["capacity"] = _renamed(capacity, ("provisionedCapacity",), {"autoScaling": "autoscaling"})
    return out


def _endpoint_config(props: Props) -> Props:
    return _renamed(props, ("productionVariants", "shadowProductionVariants"), {"endpointConfigName": "name"})


def _same(*keys: str) -> Callable[[Props], Props]:
    """A twin whose properties the pricers read under the same names."""
    return lambda props: _keep(props, *keys)


def _fields(*keys: str, **renames: str) -> Callable[[Props], Props]:
    """A reshape that keeps `keys` as they are and renames the others (native name -> twin name)."""

    return lambda props: _renamed(props, keys, renames)


def _plus(reshape: Callable[[Props], Props], **fixed: Any) -> Callable[[Props], Props]:
    """A reshape that also sets properties the twin spells as values (e.g. a directory's `type`)."""

    def apply(props: Props) -> Props:
        return {**fixed, **reshape(props)}

    return apply


def _health_check(props: Props) -> Props:
    config = props.get("healthCheckConfig")
    if is_unknown(config):
        return {"type": UNKNOWN}
    if not isinstance(config, Mapping):
        return {}
    out = _keep(config, "type", "ipAddress", "port", "requestInterval", "measureLatency", "searchString")
    if "fullyQualifiedDomainName" in config:
        out["fqdn"] = config["fullyQualifiedDomainName"]
    return out


_LIGHTSAIL_DATABASE = {
    "relationalDatabaseBundleId": "bundleId",
    "relationalDatabaseBlueprintId": "blueprintId",
}


def _lightsail_database(props: Props) -> Props:
    return _renamed(props, ("availabilityZone", "relationalDatabaseName"), _LIGHTSAIL_DATABASE)


class Twin(NamedTuple):
    """What an aws-native type is seen as."""

    kind: str  # the pulumi-aws type token its rules and pricers are written for
    reshape: Callable[[Props], Props]  # its props into the twin's shape
    renames: Mapping[str, str]  # native property -> twin property, for property dependencies


# CloudFormation has two types for a transit gateway's VPC attachment; both are pulumi-aws's one.
_TGW_VPC_ATTACHMENT = Twin(t.TGW_VPC_ATTACHMENT, _fields("subnetIds", "transitGatewayId", "vpcId"), {})

# native token -> its twin
TWINS: dict[str, Twin] = {
    "aws-native:ecs:Service": Twin(
        t.ECS_SERVICE,
        _ecs_service,
        {"capacityProviderStrategy": "capacityProviderStrategies", "serviceName": "name"},
    ),
    "aws-native:ecs:TaskDefinition": Twin(t.ECS_TASK_DEFINITION, _ecs_task_definition, {}),
    "aws-native:ecs:Cluster": Twin(t.ECS_CLUSTER, _ecs_cluster, {"clusterSettings": "settings"}),
    "aws-native:ec2:Instance": Twin(t.EC2_INSTANCE, _instance, {}),
    "aws-native:ec2:Eip": Twin(t.EIP, _eip, {"instanceId": "instance"}),
    "aws-native:ec2:NatGateway": Twin(t.NAT_GATEWAY, _nat_gateway, {}),
    "aws-native:ec2:Subnet": Twin(t.SUBNET, _subnet, {}),
    "aws-native:ec2:LaunchTemplate": Twin(t.LAUNCH_TEMPLATE, _launch_template, {}),
    "aws-native:ec2:Host": Twin(t.EC2_DEDICATED_HOST, _same("instanceType", "instanceFamily"), {}),
    "aws-native:neptune:DbInstance": Twin(
        t.NEPTUNE_INSTANCE,
        _fields(dbInstanceClass="instanceClass", dbClusterIdentifier="clusterIdentifier"),
        {"dbInstanceClass": "instanceClass", "dbClusterIdentifier": "clusterIdentifier"},
    ),
    "aws-native:neptune:DbCluster": Twin(
        t.NEPTUNE_CLUSTER,
        _fields("storageType", dbClusterIdentifier="clusterIdentifier"),
        {"dbClusterIdentifier": "clusterIdentifier"},
    ),
    "aws-native:rds:DbInstance": Twin(t.RDS_INSTANCE, _db_instance, {"dbInstanceClass": "instanceClass"}),
    "aws-native:rds:DbCluster": Twin(
        t.RDS_CLUSTER,
        _db_cluster,
        _DB_CLUSTER,
    ),
    "aws-native:elasticloadbalancingv2:LoadBalancer": Twin(t.LB, _load_balancer_v2, {}),
    "aws-native:elasticloadbalancing:LoadBalancer": Twin(t.CLASSIC_ELB, _classic_load_balancer, {}),
    "aws-native:logs:LogGroup": Twin(t.LOG_GROUP, _log_group, {}),
    "aws-native:lambda:Function": Twin(t.LAMBDA_FUNCTION, _lambda_function, {}),
    "aws-native:ec2:Volume": Twin(t.EBS_VOLUME, _fields("size", "iops", "throughput", volumeType="type"), {}),
    "aws-native:apigatewayv2:Stage": Twin(t.HTTP_API_STAGE, _http_stage, {}),
    "aws-native:apigateway:Stage": Twin(
        t.REST_API_STAGE, _rest_stage, {"accessLogSetting": "accessLogSettings"}
    ),
    "aws-native:s3:BucketPolicy": Twin(t.BUCKET_POLICY, _bucket_policy, _POLICY_DOCUMENT),
    "aws-native:sns:TopicPolicy": Twin(t.SNS_TOPIC_POLICY, _topic_policy, _POLICY_DOCUMENT),
    "aws-native:iam:Role": Twin(t.IAM_ROLE, _iam_principal, {"policies": "inlinePolicies"}),
    "aws-native:iam:User": Twin(t.IAM_USER, _iam_principal, {"policies": "inlinePolicies"}),
    "aws-native:iam:Group": Twin(t.IAM_GROUP, _iam_principal, {"policies": "inlinePolicies"}),
    "aws-native:iam:ManagedPolicy": Twin(t.IAM_POLICY, _iam_document, _POLICY_DOCUMENT),
    "aws-native:iam:RolePolicy": Twin(t.IAM_ROLE_POLICY, _iam_document, _POLICY_DOCUMENT),
    "aws-native:iam:UserPolicy": Twin(t.IAM_USER_POLICY, _iam_document, _POLICY_DOCUMENT),
    "aws-native:iam:GroupPolicy": Twin(t.IAM_GROUP_POLICY, _iam_document, _POLICY_DOCUMENT),
    "aws-native:ssm:Parameter": Twin(t.SSM_PARAMETER, _ssm_parameter, {}),
    "aws-native:cognito:UserPoolClient": Twin(
        t.COGNITO_CLIENT,
        _user_pool_client,
        {"allowedOAuthFlows": "allowedOauthFlows"},
    ),
    "aws-native:applicationautoscaling:ScalableTarget": Twin(t.SCALABLE_TARGET, _scalable_target, {}),
    # network
    "aws-native:ec2:VpcEndpoint": Twin(
        t.VPC_ENDPOINT,
        _fields("vpcEndpointType", "serviceName", "subnetIds", "vpcId", "privateDnsEnabled"),
        {},
    ),
    "aws-native:ec2:TransitGatewayAttachment": _TGW_VPC_ATTACHMENT,
    "aws-native:ec2:TransitGatewayVpcAttachment": _TGW_VPC_ATTACHMENT,
    "aws-native:ec2:TransitGatewayPeeringAttachment": Twin(
        t.TGW_PEERING_ATTACHMENT,
        _fields("transitGatewayId", "peerTransitGatewayId", "peerRegion", "peerAccountId"),
        {},
    ),
    "aws-native:ec2:TransitGatewayConnect": Twin(
        t.TGW_CONNECT,
        _fields(transportTransitGatewayAttachmentId="transportAttachmentId"),
        {"transportTransitGatewayAttachmentId": "transportAttachmentId"},
    ),
    "aws-native:ec2:VpnConnection": Twin(
        t.VPN_CONNECTION,
        _fields(
            "customerGatewayId",
            "type",
            "transitGatewayId",
            "vpnGatewayId",
            "vpnConcentratorId",
            "staticRoutesOnly",
            "enableAcceleration",
            "tunnelBandwidth",
        ),
        {},
    ),
    "aws-native:globalaccelerator:Accelerator": Twin(
        t.GLOBAL_ACCELERATOR,
        _fields("enabled", "ipAddressType", "ipAddresses", "name"),
        {},
    ),
    "aws-native:networkfirewall:Firewall": Twin(
        t.NETWORK_FIREWALL,
        _fields(
            "subnetMappings",
            "availabilityZoneMappings",
            "transitGatewayId",
            "vpcId",
            "firewallPolicyArn",
            firewallName="name",
        ),
        {"firewallName": "name"},
    ),
    "aws-native:networkfirewall:VpcEndpointAssociation": Twin(
        t.NETWORK_FIREWALL_ENDPOINT_ASSOCIATION,
        _fields("firewallArn", "subnetMapping", "vpcId"),
        {},
    ),
    "aws-native:route53resolver:ResolverEndpoint": Twin(
        t.RESOLVER_ENDPOINT,
        _fields("direction", "ipAddresses", "securityGroupIds", "name"),
        {},
    ),
    "aws-native:vpclattice:Service": Twin(t.LATTICE_SERVICE, _fields("name", "authType"), {}),
    "aws-native:ec2:Ipam": Twin(t.VPC_IPAM, _fields("tier", "operatingRegions"), {}),
    "aws-native:directconnect:Connection": Twin(
        t.DX_CONNECTION,
        _fields("bandwidth", "location", "lagId", connectionName="name"),
        {"connectionName": "name"},
    ),
    # DNS and service discovery
    "aws-native:route53:HealthCheck": Twin(
        t.ROUTE53_HEALTH_CHECK, _health_check, {"healthCheckConfig": "fqdn"}
    ),
    "aws-native:route53:HostedZone": Twin(t.ROUTE53_ZONE, _fields("name", "vpcs"), {}),
    "aws-native:servicediscovery:PrivateDnsNamespace": Twin(
        t.PRIVATE_DNS_NAMESPACE, _fields("name", "vpc"), {}
    ),
    "aws-native:servicediscovery:PublicDnsNamespace": Twin(t.PUBLIC_DNS_NAMESPACE, _fields("name"), {}),
    "aws-native:servicediscovery:Service": Twin(
        t.DISCOVERY_SERVICE,
        _fields("name", "namespaceId", "dnsConfig", "healthCheckConfig", "healthCheckCustomConfig", "type"),
        {},
    ),
    "aws-native:servicediscovery:Instance": Twin(
        t.DISCOVERY_INSTANCE,
        _fields("serviceId", "instanceId", instanceAttributes="attributes"),
        {"instanceAttributes": "attributes"},
    ),
    # Lightsail
    "aws-native:lightsail:Instance": Twin(
        t.LIGHTSAIL_INSTANCE,
        _fields("bundleId", "blueprintId", "availabilityZone", instanceName="name"),
        {"instanceName": "name"},
    ),
    "aws-native:lightsail:Database": Twin(
        t.LIGHTSAIL_DATABASE,
        _lightsail_database,
        _LIGHTSAIL_DATABASE,
    ),
    "aws-native:lightsail:StaticIp": Twin(
        t.LIGHTSAIL_STATIC_IP,
        _fields("attachedTo", staticIpName="name"),
        {"staticIpName": "name"},
    ),
    "aws-native:lightsail:Disk": Twin(
        t.LIGHTSAIL_DISK,
        _fields("sizeInGb", "availabilityZone", diskName="name"),
        {"diskName": "name"},
    ),
    "aws-native:lightsail:LoadBalancer": Twin(
        t.LIGHTSAIL_LB,
        _fields("instancePort", "ipAddressType", loadBalancerName="name"),
        {"loadBalancerName": "name"},
    ),
    "aws-native:lightsail:Container": Twin(
        t.LIGHTSAIL_CONTAINER_SERVICE,
        _fields("power", "scale", "isDisabled", serviceName="name"),
        {"serviceName": "name"},
    ),
    "aws-native:lightsail:Bucket": Twin(
        t.LIGHTSAIL_BUCKET,
        _fields("bundleId", bucketName="name"),
        {"bucketName": "name"},
    ),
    # WAF, security, API Gateway
    "aws-native:wafv2:WebAcl": Twin(t.WAFV2_WEB_ACL, _fields("rules", "scope", "name", "defaultAction"), {}),
    "aws-native:wafv2:RuleGroup": Twin(t.WAFV2_RULE_GROUP, _fields("rules", "scope", "name", "capacity"), {}),
    "aws-native:codepipeline:Pipeline": Twin(t.CODEPIPELINE, _fields("pipelineType", "name"), {}),
    "aws-native:route53recoverycontrol:Cluster": Twin(t.ARC_CLUSTER, _fields("name"), {}),
    "aws-native:accessanalyzer:Analyzer": Twin(t.ACCESS_ANALYZER, _fields("type", "analyzerName"), {}),
    "aws-native:synthetics:Canary": Twin(
        t.SYNTHETICS_CANARY,
        _fields("schedule", "name", startCanaryAfterCreation="startCanary"),
        {"startCanaryAfterCreation": "startCanary"},
    ),
    "aws-native:acmpca:CertificateAuthority": Twin(
        t.ACMPCA_AUTHORITY,
        _fields("type", "usageMode", "keyStorageSecurityStandard"),
        {},
    ),
    "aws-native:kms:Key": Twin(
        t.KMS_KEY,
        _fields("keySpec", "keyUsage", "multiRegion", "enabled", "origin", "description"),
        {},
    ),
    "aws-native:kms:ReplicaKey": Twin(
        t.KMS_REPLICA_KEY, _fields("primaryKeyArn", "enabled", "description"), {}
    ),
    "aws-native:secretsmanager:Secret": Twin(t.SECRET, _fields("name", "kmsKeyId", "description"), {}),
    # other hourly families
    "aws-native:amazonmq:Broker": Twin(
        t.MQ_BROKER,
        _fields("hostInstanceType", "deploymentMode", "engineType", "storageType", "brokerName"),
        {},
    ),
    "aws-native:directoryservice:MicrosoftAd": Twin(
        t.DIRECTORY,
        _plus(_fields("edition", "name", "vpcSettings"), type="MicrosoftAD"),
        {},
    ),
    "aws-native:directoryservice:SimpleAd": Twin(
        t.DIRECTORY,
        _plus(_fields("size", "name", "vpcSettings"), type="SimpleAD"),
        {},
    ),
    "aws-native:transfer:Server": Twin(
        t.TRANSFER_SERVER,
        _fields("protocols", "endpointType", "identityProviderType", "domain"),
        {},
    ),
    "aws-native:ses:DedicatedIpPool": Twin(t.SES_DEDICATED_IP_POOL, _fields("scalingMode", "poolName"), {}),
    "aws-native:mwaa:Environment": Twin(
        t.MWAA_ENVIRONMENT,
        _fields(
            "environmentClass",
            "minWorkers",
            "maxWorkers",
            "schedulers",
            "minWebservers",
            "maxWebservers",
            "name",
        ),
        {},
    ),
    "aws-native:apprunner:Service": Twin(
        t.APPRUNNER_SERVICE,
        _fields("instanceConfiguration", "autoScalingConfigurationArn", "serviceName", "sourceConfiguration"),
        {},
    ),
    "aws-native:autoscaling:AutoScalingGroup": Twin(
        t.AUTOSCALING_GROUP,
        _autoscaling_group,
        {"autoScalingGroupName": "name"},
    ),
    "aws-native:elasticache:CacheCluster": Twin(t.ELASTICACHE_CLUSTER, _cache_cluster, _CACHE_CLUSTER),
    "aws-native:elasticache:ReplicationGroup": Twin(
        t.ELASTICACHE_REPLICATION_GROUP,
        _replication_group,
        _REPLICATION_GROUP,
    ),
    "aws-native:elasticache:ServerlessCache": Twin(
        t.ELASTICACHE_SERVERLESS_CACHE,
        _serverless_cache,
        {"serverlessCacheName": "name"},
    ),
    "aws-native:opensearchservice:Domain": Twin(
        t.OPENSEARCH_DOMAIN,
        _same("clusterConfig", "ebsOptions", "engineVersion", "domainName"),
        {},
    ),
    "aws-native:opensearchserverless:Collection": Twin(
        t.OPENSEARCH_SERVERLESS_COLLECTION,
        _fields(
            "name", "type", "standbyReplicas", "collectionGroupName", encryptionConfig="encryptionConfigs"
        ),
        {"encryptionConfig": "encryptionConfigs"},
    ),
    "aws-native:opensearchserverless:CollectionGroup": Twin(
        t.OPENSEARCH_SERVERLESS_COLLECTION_GROUP,
        _same("name", "standbyReplicas", "capacityLimits"),
        {},
    ),
    "aws-native:opensearchserverless:SecurityPolicy": Twin(
        t.OPENSEARCH_SERVERLESS_SECURITY_POLICY,
        _same("name", "type", "policy"),
        {},
    ),
    "aws-native:opensearchserverless:VpcEndpoint": Twin(
        t.OPENSEARCH_SERVERLESS_VPC_ENDPOINT,
        _same("name", "subnetIds", "vpcId"),
        {},
    ),
    "aws-native:osis:Pipeline": Twin(
        t.OPENSEARCH_INGESTION_PIPELINE,
        _same("minUnits", "maxUnits", "pipelineName"),
        {},
    ),
    "aws-native:eks:Cluster": Twin(
        t.EKS_CLUSTER,
        _fields(
            "name", "version", "upgradePolicy", "computeConfig", "controlPlaneScalingConfig", **_EKS_CLUSTER
        ),
        _EKS_CLUSTER,
    ),
    "aws-native:eks:Nodegroup": Twin(
        t.EKS_NODE_GROUP,
        _fields(
            "clusterName",
            "scalingConfig",
            "instanceTypes",
            "diskSize",
            "capacityType",
            "amiType",
            "launchTemplate",
            **_NODE_GROUP,
        ),
        _NODE_GROUP,
    ),
    "aws-native:eks:FargateProfile": Twin(t.EKS_FARGATE_PROFILE, _same("clusterName", "selectors"), {}),
    "aws-native:eks:Addon": Twin(t.EKS_ADDON, _same("addonName", "clusterName"), {}),
    "aws-native:eks:Capability": Twin(t.EKS_CAPABILITY, _same("capabilityName", "clusterName", "type"), {}),
    "aws-native:msk:Cluster": Twin(
        t.MSK_CLUSTER,
        _same("brokerNodeGroupInfo", "numberOfBrokerNodes", "storageMode", "clusterName"),
        {},
    ),
    "aws-native:msk:ServerlessCluster": Twin(
        t.MSK_SERVERLESS_CLUSTER, _same("clusterName", "vpcConfigs"), {}
    ),
    "aws-native:msk:Replicator": Twin(t.MSK_REPLICATOR, _same("replicatorName"), {}),
    "aws-native:msk:VpcConnection": Twin(t.MSK_VPC_CONNECTION, _same("authentication", "clientSubnets"), {}),
    "aws-native:msk:Channel": Twin(t.MSK_CHANNEL, _same(), {}),
    "aws-native:kafkaconnect:Connector": Twin(t.MSK_CONNECT_CONNECTOR, _msk_connector, {}),
    "aws-native:kinesis:Stream": Twin(
        t.KINESIS_STREAM,
        _fields("name", "shardCount", "streamModeDetails", "warmThroughputMiBps", **_KINESIS_STREAM),
        _KINESIS_STREAM,
    ),
    "aws-native:kinesis:StreamConsumer": Twin(t.KINESIS_STREAM_CONSUMER, _same("streamArn"), {}),
    "aws-native:kinesisfirehose:DeliveryStream": Twin(
        t.FIREHOSE_DELIVERY_STREAM,
        _firehose,
        _FIREHOSE_DESTINATIONS,
    ),
    "aws-native:kinesisanalyticsv2:Application": Twin(
        t.KINESIS_ANALYTICS_V2_APPLICATION,
        _same("runtimeEnvironment", "applicationMode", "applicationConfiguration"),
        {},
    ),
    "aws-native:redshift:Cluster": Twin(
        t.REDSHIFT_CLUSTER,
        _same("nodeType", "clusterType", "numberOfNodes", "multiAz", "clusterIdentifier"),
        {},
    ),
    "aws-native:redshift:EndpointAccess": Twin(t.REDSHIFT_ENDPOINT_ACCESS, _same("clusterIdentifier"), {}),
    "aws-native:redshiftserverless:Workgroup": Twin(
        t.REDSHIFT_SERVERLESS_WORKGROUP,
        _same("baseCapacity", "maxCapacity", "workgroupName"),
        {},
    ),
    "aws-native:efs:FileSystem": Twin(
        t.EFS_FILE_SYSTEM,
        _same("throughputMode", "provisionedThroughputInMibps", "replicationConfiguration"),
        {},
    ),
    "aws-native:sagemaker:Endpoint": Twin(t.SAGEMAKER_ENDPOINT, _same("endpointConfigName"), {}),
    "aws-native:sagemaker:EndpointConfig": Twin(
        t.SAGEMAKER_ENDPOINT_CONFIGURATION,
        _endpoint_config,
        {"endpointConfigName": "name"},
    ),
    "aws-native:sagemaker:NotebookInstance": Twin(
        t.SAGEMAKER_NOTEBOOK_INSTANCE,
        _fields("instanceType", **_NOTEBOOK),
        _NOTEBOOK,
    ),
    "aws-native:sagemaker:App": Twin(t.SAGEMAKER_APP, _same("appType", "resourceSpec", "appName"), {}),
    "aws-native:sagemaker:Space": Twin(t.SAGEMAKER_SPACE, _same("spaceSettings", "spaceName"), {}),
    "aws-native:sagemaker:FeatureGroup": Twin(
        t.SAGEMAKER_FEATURE_GROUP,
        _same("onlineStoreConfig", "throughputConfig"),
        {},
    ),
    "aws-native:sagemaker:MlflowTrackingServer": Twin(
        t.SAGEMAKER_MLFLOW_TRACKING_SERVER,
        _same("trackingServerSize"),
        {},
    ),
    "aws-native:sagemaker:MlflowApp": Twin(t.SAGEMAKER_MLFLOW_APP, _same(), {}),
}


def kind_of(type_: str) -> str:
    """The pulumi-aws token a rule or pricer handles this type as (itself when it has no twin)."""
    found = TWINS.get(type_)
    return found.kind if found else type_


def twin(type_: str, props: Any) -> tuple[str, Any]:
    """(kind, props in the kind's shape). Props of a type without a twin come back as plain values."""
    found = TWINS.get(type_)
    values = plain(props)
    if found is None:
        return type_, values
    if is_unknown(values) or not isinstance(values, Mapping):
        return found.kind, values
    return found.kind, found.reshape(dict(values))


def twin_dependencies(type_: str, dependencies: Mapping[str, Any]) -> dict[str, Any]:
    """Property dependencies keyed by the twin's property names."""
    found = TWINS.get(type_)
    if found is None:
        return dict(dependencies)
    return {found.renames.get(key, key): value for key, value in dependencies.items()}


def twins_of(kind: str) -> tuple[str, ...]:
    """The aws-native tokens that map onto `kind`."""
    return tuple(native for native, found in TWINS.items() if found.kind == kind)
