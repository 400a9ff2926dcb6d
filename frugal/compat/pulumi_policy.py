"""pulumi-policy's private APIs that the pack relies on. Checked against pulumi-policy 1.21.0;
pyproject.toml allows >=1.21.0,<2.

- `NotApplicableError` (`policy._NotApplicableError`): what `ResourceValidationArgs` methods raise when a
  policy doesn't apply; a rule's guard lets it through, as pulumi-policy expects.
- `hook_analyzer`: wraps the analyzer servicer's `Configure` and `AnalyzeStack`
  (`policy._PolicyAnalyzerServicer`), so the pack sees every policy's config (one rule reads another's)
  and knows where one AnalyzeStack starts and ends (its stack rules share one graph).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from google.protobuf import json_format
from pulumi_policy import policy as _policy

from . import check_version, require

DISTRIBUTION = "pulumi-policy"
TESTED = "1.21.0"
LOWEST, BELOW = "1.21.0", "2"  # as pyproject.toml's dependency

require(_policy, ("_NotApplicableError", "_PolicyAnalyzerServicer"), DISTRIBUTION)
require(_policy._PolicyAnalyzerServicer, ("Configure", "AnalyzeStack"), DISTRIBUTION)
VERSION_WARNING = check_version(DISTRIBUTION, LOWEST, BELOW)

NotApplicableError: type[Exception] = _policy._NotApplicableError

# The analyzer protocol's EnforcementLevel values (pulumi's analyzer.proto).
_LEVELS = {0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate"}

PolicyConfig = Mapping[str, tuple[str, dict[str, Any]]]


def hook_analyzer(
    *,
    on_configure: Callable[[PolicyConfig], None],
    before_analyze_stack: Callable[[], None],
    after_analyze_stack: Callable[[], None],
) -> None:
    """Wrap the servicer once per process: `on_configure` gets each policy's (level, properties) as
    Configure delivers them; `before_`/`after_analyze_stack` run around every AnalyzeStack."""
    servicer: Any = _policy._PolicyAnalyzerServicer
    if getattr(servicer, "_frugal_hooked", False):
        return
    original_configure, original_analyze_stack = servicer.Configure, servicer.AnalyzeStack

    def configure_hook(self: Any, request: Any, context: Any) -> Any:
        on_configure(
            {
                name: (
                    _LEVELS.get(value.enforcementLevel, "mandatory"),
                    json_format.MessageToDict(value.properties),
                )
                for name, value in request.policyConfig.items()
            }
        )
        return original_configure(self, request, context)

    def analyze_stack_hook(self: Any, request: Any, context: Any) -> Any:
        before_analyze_stack()
        try:
            return original_analyze_stack(self, request, context)
        finally:
            after_analyze_stack()

    servicer.Configure = configure_hook
    servicer.AnalyzeStack = analyze_stack_hook
    servicer._frugal_hooked = True
