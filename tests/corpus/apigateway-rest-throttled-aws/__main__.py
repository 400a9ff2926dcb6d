"""A REST API with a mock GET /ping on a prod stage throttled to 50 rps / burst 100 (no cache)."""

import pulumi
import pulumi_aws as aws

api = aws.apigateway.RestApi("ping", endpoint_configuration={"types": "REGIONAL"})
resource = aws.apigateway.Resource("ping", rest_api=api.id, parent_id=api.root_resource_id, path_part="ping")
method = aws.apigateway.Method(
    "get", rest_api=api.id, resource_id=resource.id, http_method="GET", authorization="NONE"
)
integration = aws.apigateway.Integration(
    "get",
    rest_api=api.id,
    resource_id=resource.id,
    http_method=method.http_method,
    type="MOCK",
    request_templates={"application/json": '{"statusCode": 200}'},
)
aws.apigateway.MethodResponse(
    "get-200", rest_api=api.id, resource_id=resource.id, http_method=method.http_method, status_code="200"
)
deployment = aws.apigateway.Deployment(
    "v1", rest_api=api.id, opts=pulumi.ResourceOptions(depends_on=[method, integration])
)
stage = aws.apigateway.Stage("prod", rest_api=api.id, deployment=deployment.id, stage_name="prod")
aws.apigateway.MethodSettings(
    "all",
    rest_api=api.id,
    stage_name=stage.stage_name,
    method_path="*/*",
    settings={"throttling_rate_limit": 50, "throttling_burst_limit": 100, "metrics_enabled": False},
)

pulumi.export("url", stage.invoke_url)
