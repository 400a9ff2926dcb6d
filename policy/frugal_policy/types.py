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
LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration"
EC2_FLEET = "aws:ec2/fleet:Fleet"
SPOT_FLEET_REQUEST = "aws:ec2/spotFleetRequest:SpotFleetRequest"
CAPACITY_RESERVATION = "aws:ec2/capacityReservation:CapacityReservation"
AUTOSCALING_GROUP = "aws:autoscaling/group:Group"
AUTOSCALING_SCHEDULE = "aws:autoscaling/schedule:Schedule"
SCHEDULER_SCHEDULE = "aws:scheduler/schedule:Schedule"

# --- network ---------------------------------------------------------------------------------
SUBNET = "aws:ec2/subnet:Subnet"
ROUTE = "aws:ec2/route:Route"
NETWORK_INTERFACE = "aws:ec2/networkInterface:NetworkInterface"
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

# --- data ------------------------------------------------------------------------------------
EBS_VOLUME = "aws:ebs/volume:Volume"
RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
RDS_CLUSTER = "aws:rds/cluster:Cluster"
DYNAMODB_TABLE = "aws:dynamodb/table:Table"
DYNAMODB_GSI = "aws:dynamodb/globalSecondaryIndex:GlobalSecondaryIndex"
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
WAFV2_WEB_ACL = "aws:wafv2/webAcl:WebAcl"
WAF_WEB_ACL = "aws:waf/webAcl:WebAcl"
WAF_REGIONAL_WEB_ACL = "aws:wafregional/webAcl:WebAcl"

# --- security --------------------------------------------------------------------------------
KMS_KEY = "aws:kms/key:Key"
KMS_REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey"
SECRET = "aws:secretsmanager/secret:Secret"
CLOUDWATCH_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
CLOUDWATCH_COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm"
CLOUDWATCH_DASHBOARD = "aws:cloudwatch/dashboard:Dashboard"
LAMBDA_FUNCTION = "aws:lambda/function:Function"
LAMBDA_EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping"
LAMBDA_PROVISIONED_CONCURRENCY = "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig"
LAMBDA_SCALING_CONFIG = "aws:lambda/functionScalingConfig:FunctionScalingConfig"
REST_API_STAGE = "aws:apigateway/stage:Stage"
REST_METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings"
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
IAM_ROLE_POLICY_ATTACHMENTS_EXCLUSIVE = (
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive"
)
IAM_USER_POLICY_ATTACHMENTS_EXCLUSIVE = (
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive"
)
IAM_GROUP_POLICY_ATTACHMENTS_EXCLUSIVE = (
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive"
)
IAM_USER = "aws:iam/user:User"
IAM_GROUP = "aws:iam/group:Group"

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
