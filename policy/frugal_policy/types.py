"""Every resource type token the rules and pricers name, written once.

pulumi-aws tokens are the canonical "kinds". aws-native twins (the CloudFormation registry's names) are
mapped onto them by `native.py`, so a rule or pricer that handles a kind handles both spellings.
"""

from __future__ import annotations

# --- compute: ECS, EC2, autoscaling -----------------------------------------------------------
ECS_SERVICE = "aws:ecs/service:Service"
ECS_TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
ECS_CLUSTER = "aws:ecs/cluster:Cluster"
ECS_ACCOUNT_SETTING = "aws:ecs/accountSettingDefault:AccountSettingDefault"
ECS_CAPACITY_PROVIDER = "aws:ecs/capacityProvider:CapacityProvider"
SCALABLE_TARGET = "aws:appautoscaling/target:Target"
SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction"
SCALING_POLICY = "aws:appautoscaling/policy:Policy"
EC2_INSTANCE = "aws:ec2/instance:Instance"
SPOT_INSTANCE_REQUEST = "aws:ec2/spotInstanceRequest:SpotInstanceRequest"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
AUTOSCALING_GROUP = "aws:autoscaling/group:Group"
AUTOSCALING_SCHEDULE = "aws:autoscaling/schedule:Schedule"
SCHEDULER_SCHEDULE = "aws:scheduler/schedule:Schedule"

# --- network ---------------------------------------------------------------------------------
SUBNET = "aws:ec2/subnet:Subnet"
ROUTE = "aws:ec2/route:Route"
EIP = "aws:ec2/eip:Eip"
EIP_ASSOCIATION = "aws:ec2/eipAssociation:EipAssociation"
NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"
VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
LB = "aws:lb/loadBalancer:LoadBalancer"
ALB = "aws:alb/loadBalancer:LoadBalancer"
CLASSIC_ELB = "aws:elb/loadBalancer:LoadBalancer"
ROUTE53_ZONE = "aws:route53/zone:Zone"
PRIVATE_DNS_NAMESPACE = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"
PUBLIC_DNS_NAMESPACE = "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace"
DISCOVERY_SERVICE = "aws:servicediscovery/service:Service"
ROUTE53_HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
VPC_ENDPOINT_SUBNET_ASSOCIATION = "aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation"
TGW_VPC_ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment"
TGW_VPC_ATTACHMENT_ACCEPTER = "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter"
TGW_PEERING_ATTACHMENT = "aws:ec2transitgateway/peeringAttachment:PeeringAttachment"
TGW_PEERING_ATTACHMENT_ACCEPTER = "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter"
TGW_CONNECT = "aws:ec2transitgateway/connect:Connect"
VPN_CONNECTION = "aws:ec2/vpnConnection:VpnConnection"
CLIENT_VPN_ASSOCIATION = "aws:ec2clientvpn/networkAssociation:NetworkAssociation"
GLOBAL_ACCELERATOR = "aws:globalaccelerator/accelerator:Accelerator"
CUSTOM_ROUTING_ACCELERATOR = "aws:globalaccelerator/customRoutingAccelerator:CustomRoutingAccelerator"
NETWORK_FIREWALL = "aws:networkfirewall/firewall:Firewall"
NETWORK_FIREWALL_ENDPOINT_ASSOCIATION = "aws:networkfirewall/vpcEndpointAssociation:VpcEndpointAssociation"
NETWORK_FIREWALL_TGW_ACCEPTER = (
    "aws:networkfirewall/firewallTransitGatewayAttachmentAccepter:FirewallTransitGatewayAttachmentAccepter"
)
RESOLVER_ENDPOINT = "aws:route53/resolverEndpoint:ResolverEndpoint"
LATTICE_SERVICE = "aws:vpclattice/service:Service"
VPC_IPAM = "aws:ec2/vpcIpam:VpcIpam"
DX_CONNECTION = "aws:directconnect/connection:Connection"
DX_LAG = "aws:directconnect/linkAggregationGroup:LinkAggregationGroup"
DX_LAG_NATIVE = "aws-native:directconnect:Lag"  # no pulumi-aws twin: member connections join by lagId
DISCOVERY_INSTANCE = "aws:servicediscovery/instance:Instance"
TRAFFIC_POLICY_INSTANCE = "aws:route53/trafficPolicyInstance:TrafficPolicyInstance"

# --- lightsail -------------------------------------------------------------------------------
LIGHTSAIL_INSTANCE = "aws:lightsail/instance:Instance"
LIGHTSAIL_DATABASE = "aws:lightsail/database:Database"
LIGHTSAIL_STATIC_IP = "aws:lightsail/staticIp:StaticIp"
LIGHTSAIL_STATIC_IP_ATTACHMENT = "aws:lightsail/staticIpAttachment:StaticIpAttachment"
LIGHTSAIL_DISK = "aws:lightsail/disk:Disk"
LIGHTSAIL_LB = "aws:lightsail/lb:Lb"
LIGHTSAIL_CONTAINER_SERVICE = "aws:lightsail/containerService:ContainerService"
LIGHTSAIL_DISTRIBUTION = "aws:lightsail/distribution:Distribution"
LIGHTSAIL_BUCKET = "aws:lightsail/bucket:Bucket"

# --- data ------------------------------------------------------------------------------------
EBS_VOLUME = "aws:ebs/volume:Volume"
RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
DOCDB_INSTANCE = "aws:docdb/clusterInstance:ClusterInstance"
DOCDB_CLUSTER = "aws:docdb/cluster:Cluster"
DMS_REPLICATION_INSTANCE = "aws:dms/replicationInstance:ReplicationInstance"
FSX_WINDOWS = "aws:fsx/windowsFileSystem:WindowsFileSystem"
FSX_OPENZFS = "aws:fsx/openZfsFileSystem:OpenZfsFileSystem"
DYNAMODB_TABLE = "aws:dynamodb/table:Table"
ECR_REPOSITORY = "aws:ecr/repository:Repository"
ECR_LIFECYCLE_POLICY = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
SSM_PARAMETER = "aws:ssm/parameter:Parameter"
BUCKET = "aws:s3/bucket:Bucket"
BUCKET_V2 = "aws:s3/bucketV2:BucketV2"
BUCKET_ACL = "aws:s3/bucketAcl:BucketAcl"
BUCKET_ACL_V2 = "aws:s3/bucketAclV2:BucketAclV2"
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
BUCKET_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
BUCKET_WEBSITE = "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration"
BUCKET_WEBSITE_V2 = "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2"

# --- edge ------------------------------------------------------------------------------------
CLOUDFRONT_DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
HTTP_API_STAGE = "aws:apigatewayv2/stage:Stage"
HTTP_API = "aws:apigatewayv2/api:Api"
HTTP_API_DOMAIN = "aws:apigatewayv2/domainName:DomainName"
REST_API = "aws:apigateway/restApi:RestApi"
REST_API_DOMAIN = "aws:apigateway/domainName:DomainName"
BEANSTALK_ENVIRONMENT = "aws:elasticbeanstalk/environment:Environment"
WAFV2_WEB_ACL = "aws:wafv2/webAcl:WebAcl"
WAF_WEB_ACL = "aws:waf/webAcl:WebAcl"
WAF_REGIONAL_WEB_ACL = "aws:wafregional/webAcl:WebAcl"
WAFV2_RULE_GROUP = "aws:wafv2/ruleGroup:RuleGroup"
WAFV2_WEB_ACL_RULE = "aws:wafv2/webAclRule:WebAclRule"
WAFV2_WEB_ACL_RULE_GROUP_ASSOCIATION = "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation"
WAF_RULE = "aws:waf/rule:Rule"
WAF_RATE_BASED_RULE = "aws:waf/rateBasedRule:RateBasedRule"
WAF_RULE_GROUP = "aws:waf/ruleGroup:RuleGroup"
WAF_REGIONAL_RULE = "aws:wafregional/rule:Rule"
WAF_REGIONAL_RATE_BASED_RULE = "aws:wafregional/rateBasedRule:RateBasedRule"
WAF_REGIONAL_RULE_GROUP = "aws:wafregional/ruleGroup:RuleGroup"
SHIELD_SUBSCRIPTION = "aws:shield/subscription:Subscription"

# --- security --------------------------------------------------------------------------------
KMS_KEY = "aws:kms/key:Key"
KMS_REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey"
SECRET = "aws:secretsmanager/secret:Secret"
KMS_EXTERNAL_KEY = "aws:kms/externalKey:ExternalKey"
KMS_REPLICA_EXTERNAL_KEY = "aws:kms/replicaExternalKey:ReplicaExternalKey"
ACMPCA_AUTHORITY = "aws:acmpca/certificateAuthority:CertificateAuthority"
CLOUDHSM_HSM = "aws:cloudhsmv2/hsm:Hsm"
CLOUDHSM_CLUSTER_NATIVE = "aws-native:cloudhsm:Cluster"  # no pulumi-aws twin takes its shape
DIRECTORY = "aws:directoryservice/directory:Directory"
DIRECTORY_SERVICE_REGION = "aws:directoryservice/serviceRegion:ServiceRegion"
DIRECTORY_SHARED = "aws:directoryservice/sharedDirectory:SharedDirectory"
CLOUDWATCH_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
LAMBDA_FUNCTION = "aws:lambda/function:Function"
LAMBDA_EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping"
LAMBDA_PROVISIONED_CONCURRENCY = "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig"
LAMBDA_SCALING_CONFIG = "aws:lambda/functionScalingConfig:FunctionScalingConfig"
REST_API_STAGE = "aws:apigateway/stage:Stage"
REST_API_DEPLOYMENT_NATIVE = "aws-native:apigateway:Deployment"  # stageDescription creates a stage
MQ_BROKER = "aws:mq/broker:Broker"
TRANSFER_SERVER = "aws:transfer/server:Server"
SES_DEDICATED_IP_POOL = "aws:sesv2/dedicatedIpPool:DedicatedIpPool"
MWAA_ENVIRONMENT = "aws:mwaa/environment:Environment"
APPRUNNER_SERVICE = "aws:apprunner/service:Service"
APPRUNNER_AUTOSCALING = "aws:apprunner/autoScalingConfigurationVersion:AutoScalingConfigurationVersion"
LOG_METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
COGNITO_CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
COGNITO_MANAGED_CLIENT = "aws:cognito/managedUserPoolClient:ManagedUserPoolClient"
IAM_ROLE = "aws:iam/role:Role"
IAM_POLICY = "aws:iam/policy:Policy"
IAM_ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
IAM_USER_POLICY = "aws:iam/userPolicy:UserPolicy"
IAM_GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy"
IAM_ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
IAM_USER_POLICY_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment"
IAM_GROUP_POLICY_ATTACHMENT = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment"
IAM_POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment"

# --- groups the rules and pricers share --------------------------------------------------------
INSTANCES = (EC2_INSTANCE, SPOT_INSTANCE_REQUEST)
LOAD_BALANCERS = (LB, ALB)
ALL_LOAD_BALANCERS = (*LOAD_BALANCERS, CLASSIC_ELB)
RDS_INSTANCES = (RDS_INSTANCE, RDS_CLUSTER_INSTANCE)
BUCKETS = (BUCKET, BUCKET_V2)
WEB_ACLS = (WAFV2_WEB_ACL, WAF_WEB_ACL, WAF_REGIONAL_WEB_ACL)
DNS_ZONES = (ROUTE53_ZONE, PRIVATE_DNS_NAMESPACE, PUBLIC_DNS_NAMESPACE)

# The engine's own resources: providers, the stack, stack references.
PULUMI_PREFIX = "pulumi:"
PROVIDER_PREFIX = "pulumi:providers:"
STACK = "pulumi:pulumi:Stack"
