"""docs/components.md's "use the components in your own program" block runs, under the mocks, as written."""

from __future__ import annotations

import json
import re

from tests.infra.helpers import REPO, run_components


def readme_example() -> str:
    text = (REPO / "docs" / "components.md").read_text()
    section = text.split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    return block


def test_the_readme_example_declares_two_services_in_one_cluster_behind_one_api() -> None:
    code = compile(readme_example(), "docs/components.md", "exec")
    recording = run_components(lambda: exec(code, {"__name__": "__main__"}))
    assert len(recording.of_type("aws:ecs/cluster:Cluster")) == 1
    assert len(recording.of_type("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")) == 1
    assert len(recording.of_type("aws:ecs/service:Service")) == 2
    routes = {r.inputs["routeKey"] for r in recording.of_type("aws:apigatewayv2/route:Route")}
    assert routes == {"ANY /orders/{proxy+}", "ANY /orders", "ANY /{proxy+}", "ANY /"}
    definitions = {
        t.name: json.loads(t.inputs["containerDefinitions"])[0]
        for t in recording.of_type("aws:ecs/taskDefinition:TaskDefinition")
    }
    assert definitions["orders-task"]["secrets"][0]["name"] == "DATABASE_URL"
    assert definitions["web-task"]["portMappings"][0]["containerPort"] == 80
    assert recording.stack_outputs["ordersInsideTheVpc"] == "http://orders.frugal-test.internal:3000"
