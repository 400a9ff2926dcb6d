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
from typing import Any

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
    out = _keep(props, "instanceType", "sourceDestCheck", "subnetId", "ebsOptimized")
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


def _db_instance(props: Props) -> Props:
    out = _keep(
        props,
        "engine",
        "multiAz",
        "allocatedStorage",
        "maxAllocatedStorage",
        "storageType",
        "iops",
        "storageThroughput",
        "publiclyAccessible",
        "dbClusterIdentifier",
    )
    if "dbInstanceClass" in props:
        out["instanceClass"] = props["dbInstanceClass"]
    return out


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
    return _keep(data, "instanceType", "networkInterfaces", "blockDeviceMappings", "imageId")


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


def _log_group(props: Props) -> Props:
    return _keep(props, "retentionInDays")


def _fields(*keys: str, **renames: str) -> Callable[[Props], Props]:
    """A reshape that keeps `keys` as they are and renames the others (native name -> twin name)."""

    def reshape(props: Props) -> Props:
        out = _keep(props, *keys)
        out.update({twin: props[native] for native, twin in renames.items() if native in props})
        return out

    return reshape


def _with(reshape: Callable[[Props], Props], **fixed: Any) -> Callable[[Props], Props]:
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


def _lightsail_database(props: Props) -> Props:
    out = _keep(props, "availabilityZone")
    for native, twin in (
        ("relationalDatabaseBundleId", "bundleId"),
        ("relationalDatabaseBlueprintId", "blueprintId"),
        ("relationalDatabaseName", "relationalDatabaseName"),
    ):
        if native in props:
            out[twin] = props[native]
    return out


# native token -> (pulumi-aws twin, props mapping, {native property -> twin property} for dependencies)
_Twin = tuple[str, Callable[[Props], Props], Mapping[str, str]]
TWINS: dict[str, _Twin] = {
    "aws-native:ecs:Service": (
        t.ECS_SERVICE,
        _ecs_service,
        {"capacityProviderStrategy": "capacityProviderStrategies", "serviceName": "name"},
    ),
    "aws-native:ecs:TaskDefinition": (t.ECS_TASK_DEFINITION, _ecs_task_definition, {}),
    "aws-native:ecs:Cluster": (t.ECS_CLUSTER, _ecs_cluster, {"clusterSettings": "settings"}),
    "aws-native:ec2:Instance": (t.EC2_INSTANCE, _instance, {}),
    "aws-native:ec2:Eip": (t.EIP, _eip, {"instanceId": "instance"}),
    "aws-native:ec2:NatGateway": (t.NAT_GATEWAY, _nat_gateway, {}),
    "aws-native:ec2:Subnet": (t.SUBNET, _subnet, {}),
    "aws-native:ec2:LaunchTemplate": (t.LAUNCH_TEMPLATE, _launch_template, {}),
    "aws-native:rds:DbInstance": (t.RDS_INSTANCE, _db_instance, {"dbInstanceClass": "instanceClass"}),
    "aws-native:elasticloadbalancingv2:LoadBalancer": (t.LB, _load_balancer_v2, {}),
    "aws-native:elasticloadbalancing:LoadBalancer": (t.CLASSIC_ELB, _classic_load_balancer, {}),
    "aws-native:logs:LogGroup": (t.LOG_GROUP, _log_group, {}),
    "aws-native:cognito:UserPoolClient": (
        t.COGNITO_CLIENT,
        _user_pool_client,
        {"allowedOAuthFlows": "allowedOauthFlows"},
    ),
    "aws-native:applicationautoscaling:ScalableTarget": (t.SCALABLE_TARGET, _scalable_target, {}),
    # network
    "aws-native:ec2:VpcEndpoint": (
        t.VPC_ENDPOINT,
        _fields("vpcEndpointType", "serviceName", "subnetIds", "vpcId", "privateDnsEnabled"),
        {},
    ),
    "aws-native:ec2:TransitGatewayAttachment": (
        t.TGW_VPC_ATTACHMENT,
        _fields("subnetIds", "transitGatewayId", "vpcId"),
        {},
    ),
    "aws-native:ec2:TransitGatewayVpcAttachment": (
        t.TGW_VPC_ATTACHMENT,
        _fields("subnetIds", "transitGatewayId", "vpcId"),
        {},
    ),
    "aws-native:ec2:TransitGatewayPeeringAttachment": (
        t.TGW_PEERING_ATTACHMENT,
        _fields("transitGatewayId", "peerTransitGatewayId", "peerRegion", "peerAccountId"),
        {},
    ),
    "aws-native:ec2:TransitGatewayConnect": (
        t.TGW_CONNECT,
        _fields(transportTransitGatewayAttachmentId="transportAttachmentId"),
        {"transportTransitGatewayAttachmentId": "transportAttachmentId"},
    ),
    "aws-native:ec2:VpnConnection": (
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
    "aws-native:globalaccelerator:Accelerator": (
        t.GLOBAL_ACCELERATOR,
        _fields("enabled", "ipAddressType", "ipAddresses", "name"),
        {},
    ),
    "aws-native:networkfirewall:Firewall": (
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
    "aws-native:networkfirewall:VpcEndpointAssociation": (
        t.NETWORK_FIREWALL_ENDPOINT_ASSOCIATION,
        _fields("firewallArn", "subnetMapping", "vpcId"),
        {},
    ),
    "aws-native:route53resolver:ResolverEndpoint": (
        t.RESOLVER_ENDPOINT,
        _fields("direction", "ipAddresses", "securityGroupIds", "name"),
        {},
    ),
    "aws-native:vpclattice:Service": (t.LATTICE_SERVICE, _fields("name", "authType"), {}),
    "aws-native:ec2:Ipam": (t.VPC_IPAM, _fields("tier", "operatingRegions"), {}),
    "aws-native:directconnect:Connection": (
        t.DX_CONNECTION,
        _fields("bandwidth", "location", "lagId", connectionName="name"),
        {"connectionName": "name"},
    ),
    # DNS and service discovery
    "aws-native:route53:HealthCheck": (t.ROUTE53_HEALTH_CHECK, _health_check, {"healthCheckConfig": "fqdn"}),
    "aws-native:route53:HostedZone": (t.ROUTE53_ZONE, _fields("name", "vpcs"), {}),
    "aws-native:servicediscovery:PrivateDnsNamespace": (t.PRIVATE_DNS_NAMESPACE, _fields("name", "vpc"), {}),
    "aws-native:servicediscovery:PublicDnsNamespace": (t.PUBLIC_DNS_NAMESPACE, _fields("name"), {}),
    "aws-native:servicediscovery:Service": (
        t.DISCOVERY_SERVICE,
        _fields("name", "namespaceId", "dnsConfig", "healthCheckConfig", "healthCheckCustomConfig", "type"),
        {},
    ),
    "aws-native:servicediscovery:Instance": (
        t.DISCOVERY_INSTANCE,
        _fields("serviceId", "instanceId", instanceAttributes="attributes"),
        {"instanceAttributes": "attributes"},
    ),
    # Lightsail
    "aws-native:lightsail:Instance": (
        t.LIGHTSAIL_INSTANCE,
        _fields("bundleId", "blueprintId", "availabilityZone", instanceName="name"),
        {"instanceName": "name"},
    ),
    "aws-native:lightsail:Database": (
        t.LIGHTSAIL_DATABASE,
        _lightsail_database,
        {"relationalDatabaseBundleId": "bundleId", "relationalDatabaseBlueprintId": "blueprintId"},
    ),
    "aws-native:lightsail:StaticIp": (
        t.LIGHTSAIL_STATIC_IP,
        _fields("attachedTo", staticIpName="name"),
        {"staticIpName": "name"},
    ),
    "aws-native:lightsail:Disk": (
        t.LIGHTSAIL_DISK,
        _fields("sizeInGb", "availabilityZone", diskName="name"),
        {"diskName": "name"},
    ),
    "aws-native:lightsail:LoadBalancer": (
        t.LIGHTSAIL_LB,
        _fields("instancePort", "ipAddressType", loadBalancerName="name"),
        {"loadBalancerName": "name"},
    ),
    "aws-native:lightsail:Container": (
        t.LIGHTSAIL_CONTAINER_SERVICE,
        _fields("power", "scale", "isDisabled", serviceName="name"),
        {"serviceName": "name"},
    ),
    "aws-native:lightsail:Bucket": (
        t.LIGHTSAIL_BUCKET,
        _fields("bundleId", bucketName="name"),
        {"bucketName": "name"},
    ),
    # WAF, security, API Gateway
    "aws-native:wafv2:WebAcl": (t.WAFV2_WEB_ACL, _fields("rules", "scope", "name", "defaultAction"), {}),
    "aws-native:wafv2:RuleGroup": (t.WAFV2_RULE_GROUP, _fields("rules", "scope", "name", "capacity"), {}),
    "aws-native:acmpca:CertificateAuthority": (
        t.ACMPCA_AUTHORITY,
        _fields("type", "usageMode", "keyStorageSecurityStandard"),
        {},
    ),
    "aws-native:kms:Key": (
        t.KMS_KEY,
        _fields("keySpec", "keyUsage", "multiRegion", "enabled", "origin", "description"),
        {},
    ),
    "aws-native:kms:ReplicaKey": (t.KMS_REPLICA_KEY, _fields("primaryKeyArn", "enabled", "description"), {}),
    "aws-native:secretsmanager:Secret": (t.SECRET, _fields("name", "kmsKeyId", "description"), {}),
    "aws-native:apigateway:Stage": (
        t.REST_API_STAGE,
        _fields(
            "cacheClusterEnabled", "cacheClusterSize", "stageName", "restApiId", "deploymentId", "variables"
        ),
        {},
    ),
    # other hourly families
    "aws-native:amazonmq:Broker": (
        t.MQ_BROKER,
        _fields("hostInstanceType", "deploymentMode", "engineType", "storageType", "brokerName"),
        {},
    ),
    "aws-native:directoryservice:MicrosoftAd": (
        t.DIRECTORY,
        _with(_fields("edition", "name", "vpcSettings"), type="MicrosoftAD"),
        {},
    ),
    "aws-native:directoryservice:SimpleAd": (
        t.DIRECTORY,
        _with(_fields("size", "name", "vpcSettings"), type="SimpleAD"),
        {},
    ),
    "aws-native:transfer:Server": (
        t.TRANSFER_SERVER,
        _fields("protocols", "endpointType", "identityProviderType", "domain"),
        {},
    ),
    "aws-native:ses:DedicatedIpPool": (t.SES_DEDICATED_IP_POOL, _fields("scalingMode", "poolName"), {}),
    "aws-native:mwaa:Environment": (
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
    "aws-native:apprunner:Service": (
        t.APPRUNNER_SERVICE,
        _fields("instanceConfiguration", "autoScalingConfigurationArn", "serviceName", "sourceConfiguration"),
        {},
    ),
    "aws-native:autoscaling:AutoScalingGroup": (
        t.AUTOSCALING_GROUP,
        _autoscaling_group,
        {"autoScalingGroupName": "name"},
    ),
}


def kind_of(type_: str) -> str:
    """The pulumi-aws token a rule or pricer handles this type as (itself when it has no twin)."""
    twin = TWINS.get(type_)
    return twin[0] if twin else type_


def twin(type_: str, props: Any) -> tuple[str, Any]:
    """(kind, props in the kind's shape). Props of a type without a twin come back as plain values."""
    found = TWINS.get(type_)
    values = plain(props)
    if found is None:
        return type_, values
    kind, reshape, _ = found
    if is_unknown(values) or not isinstance(values, Mapping):
        return kind, values
    return kind, reshape(dict(values))


def twin_dependencies(type_: str, dependencies: Mapping[str, Any]) -> dict[str, Any]:
    """Property dependencies keyed by the twin's property names."""
    found = TWINS.get(type_)
    if found is None:
        return dict(dependencies)
    renames = found[2]
    return {renames.get(key, key): value for key, value in dependencies.items()}


def twins_of(kind: str) -> tuple[str, ...]:
    """The aws-native tokens that map onto `kind`."""
    return tuple(native for native, (twin_kind, _, _) in TWINS.items() if twin_kind == kind)
