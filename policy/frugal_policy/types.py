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

# --- caches, search, containers, streaming, warehouse, file systems, ML ---------------------------
ELASTICACHE_CLUSTER = "aws:elasticache/cluster:Cluster"
ELASTICACHE_REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
ELASTICACHE_SERVERLESS_CACHE = "aws:elasticache/serverlessCache:ServerlessCache"
ELASTICACHE_RESERVED_NODE = "aws:elasticache/reservedCacheNode:ReservedCacheNode"
OPENSEARCH_DOMAIN = "aws:opensearch/domain:Domain"
ELASTICSEARCH_DOMAIN = "aws:elasticsearch/domain:Domain"
OPENSEARCH_VPC_ENDPOINT = "aws:opensearch/vpcEndpoint:VpcEndpoint"
ELASTICSEARCH_VPC_ENDPOINT = "aws:elasticsearch/vpcEndpoint:VpcEndpoint"
OPENSEARCH_SERVERLESS_COLLECTION = "aws:opensearch/serverlessCollection:ServerlessCollection"
OPENSEARCH_SERVERLESS_COLLECTION_GROUP = "aws:opensearch/serverlessCollectionGroup:ServerlessCollectionGroup"
OPENSEARCH_SERVERLESS_SECURITY_POLICY = "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy"
OPENSEARCH_SERVERLESS_VPC_ENDPOINT = "aws:opensearch/serverlessVpcEndpoint:ServerlessVpcEndpoint"
OPENSEARCH_INGESTION_PIPELINE = "aws:opensearchingest/pipeline:Pipeline"
OPENSEARCH_INGESTION_PIPELINE_ENDPOINT = "aws:opensearchingest/pipelineEndpoint:PipelineEndpoint"
EKS_CLUSTER = "aws:eks/cluster:Cluster"
EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
EKS_FARGATE_PROFILE = "aws:eks/fargateProfile:FargateProfile"
EKS_ADDON = "aws:eks/addon:Addon"
EKS_CAPABILITY = "aws:eks/capability:Capability"
MSK_CLUSTER = "aws:msk/cluster:Cluster"
MSK_SERVERLESS_CLUSTER = "aws:msk/serverlessCluster:ServerlessCluster"
MSK_REPLICATOR = "aws:msk/replicator:Replicator"
MSK_VPC_CONNECTION = "aws:msk/vpcConnection:VpcConnection"
MSK_CHANNEL = "aws:msk/channel:Channel"
MSK_CONNECT_CONNECTOR = "aws:mskconnect/connector:Connector"
KINESIS_STREAM = "aws:kinesis/stream:Stream"
KINESIS_STREAM_CONSUMER = "aws:kinesis/streamConsumer:StreamConsumer"
FIREHOSE_DELIVERY_STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"
KINESIS_ANALYTICS_APPLICATION = "aws:kinesis/analyticsApplication:AnalyticsApplication"
KINESIS_ANALYTICS_V2_APPLICATION = "aws:kinesisanalyticsv2/application:Application"
KINESIS_CHANNEL_NATIVE = "aws-native:kinesis:Channel"
MSK_CHANNEL_NATIVE = "aws-native:msk:Channel"
REDSHIFT_CLUSTER = "aws:redshift/cluster:Cluster"
REDSHIFT_ENDPOINT_ACCESS = "aws:redshift/endpointAccess:EndpointAccess"
REDSHIFT_SERVERLESS_WORKGROUP = "aws:redshiftserverless/workgroup:Workgroup"
REDSHIFT_SERVERLESS_ENDPOINT_ACCESS = "aws:redshiftserverless/endpointAccess:EndpointAccess"
EFS_FILE_SYSTEM = "aws:efs/fileSystem:FileSystem"
EFS_REPLICATION = "aws:efs/replicationConfiguration:ReplicationConfiguration"
SAGEMAKER_ENDPOINT = "aws:sagemaker/endpoint:Endpoint"
SAGEMAKER_ENDPOINT_CONFIGURATION = "aws:sagemaker/endpointConfiguration:EndpointConfiguration"
SAGEMAKER_NOTEBOOK_INSTANCE = "aws:sagemaker/notebookInstance:NotebookInstance"
SAGEMAKER_APP = "aws:sagemaker/app:App"
SAGEMAKER_SPACE = "aws:sagemaker/space:Space"
SAGEMAKER_FEATURE_GROUP = "aws:sagemaker/featureGroup:FeatureGroup"
SAGEMAKER_MLFLOW_TRACKING_SERVER = "aws:sagemaker/mlflowTrackingServer:MlflowTrackingServer"
SAGEMAKER_MLFLOW_APP = "aws:sagemaker/mlflowApp:MlflowApp"
SAGEMAKER_CLUSTER_NATIVE = "aws-native:sagemaker:Cluster"
SAGEMAKER_INFERENCE_COMPONENT_NATIVE = "aws-native:sagemaker:InferenceComponent"
SAGEMAKER_INFERENCE_EXPERIMENT_NATIVE = "aws-native:sagemaker:InferenceExperiment"
SAGEMAKER_PARTNER_APP_NATIVE = "aws-native:sagemaker:PartnerApp"

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
