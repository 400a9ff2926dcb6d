"""What every rule shares: registration (`@resource_rule`, `@stack_rule`, keyword arguments only) with
its config schema, config merging, unknown handling, and the pack-wide state a stack rule needs (the
other rules' config, one graph per AnalyzeStack).

`Rule.validate` skips other resource types, merges the stack's config over the schema defaults, hands
the check its resource in the pulumi-aws shape (aws-native twins included, see `native.py`) and a
`Reader`, then `finish`es with what it could not check.

Unknown values: a rule finishes every check it can, then reports what it could not check, either as a
violation at its enforcement level (`onUnknown: "violation"`, fail closed: used where the value is
normally a literal from config) or as an advisory (`"advisory"`: raised as `UnknownValueError`, which
the analyzer reports as "can't run policy during preview"; used where unknowns are normal on a first
preview, e.g. documents built from ARNs). Each rule's schema lets a stack override that choice.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError

from ..compat import pulumi_policy as pulumi_policy_compat
from ..compat.pulumi_policy import NotApplicableError
from . import native
from .graph import StackGraph
from .values import UNKNOWN, Reader


class PreviewUnknownError(UnknownValueError):
    """Raised at the end of a rule whose remaining checks need values known only after apply.

    The analyzer turns an `UnknownValueError` into an ADVISORY diagnostic carrying `message`.
    """

    def __init__(self, message: str) -> None:
        super().__init__(UNKNOWN_STRING_VALUE, [])
        self.message = message


# --- config schema helpers ------------------------------------------------------------------------


def on_unknown_schema(default: str) -> dict[str, Any]:
    return {
        "type": "string",
        "enum": ["advisory", "violation"],
        "default": default,
        "description": "A value unknown at preview gives an advisory, or a violation at this rule's level.",
    }


def integer(default: int, description: str, minimum: int | None = 0) -> dict[str, Any]:
    bound = {} if minimum is None else {"minimum": minimum}
    return {"type": "integer", **bound, "default": default, "description": description}


def strings(default: list[str], description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}, "default": default, "description": description}


def as_int(value: Any) -> int:
    # Policy config arrives through protobuf Struct, where every number is a float.
    return int(float(value))


# Lets a stack's policy config say why it sets a rule so (JSON has no comments); not read by any rule.
WHY_SCHEMA = {"type": "string", "description": "Why this stack configures the rule so (documentation only)."}


# --- the resource a resource rule checks ------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """The analyzed resource as a resource rule sees it: its kind and props in the pulumi-aws shape."""

    type: str
    kind: str
    name: str
    props: Any


Check = Callable[[Any, ReportViolation, dict[str, Any], Reader], None]


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    scope: str  # "resource" (one resource at a time) or "stack"
    check: Check
    properties: Mapping[str, Mapping[str, Any]]
    remediation: str
    types: tuple[str, ...] = ()  # resource kinds a resource rule looks at (empty: all); twins included
    verifies: str = ""  # what `finish` says is not verified; empty: the check calls `finish` itself
    # The level a stack gets when its policy config doesn't set one. Cost rules are mandatory; a rule for
    # other people's programs that is about more than cost (free-security) advises until a stack opts in.
    enforcement: str = "mandatory"

    def defaults(self) -> dict[str, Any]:
        return {key: spec["default"] for key, spec in self.properties.items() if "default" in spec}

    def config(self, given: Mapping[str, Any] | None) -> dict[str, Any]:
        """Schema defaults overlaid with what the stack's policy config sets."""
        merged = self.defaults()
        merged.update({k: v for k, v in (given or {}).items() if k != "enforcementLevel"})
        return merged

    def validate(self, args: ResourceValidationArgs | StackValidationArgs, report: ReportViolation) -> None:
        """Skip other resource kinds, hand the check its config and a `Reader`, then `finish`."""
        subject: Any = args
        if self.scope == "resource":
            kind = native.kind_of(args.resource_type)
            if self.types and kind not in self.types:
                return
            kind, props = native.twin(args.resource_type, args.props)
            subject = Subject(args.resource_type, kind, args.name, props)
        read = Reader()
        cfg = self.config(args.get_config())
        self.check(subject, report, cfg, read)
        if self.verifies:
            finish(read, cfg, report, self.verifies)

    def policy(self) -> ResourceValidationPolicy | StackValidationPolicy:
        schema = PolicyConfigSchema(properties={k: dict(v) for k, v in self.properties.items()})
        common = {
            "name": self.name,
            "description": self.description,
            "config_schema": schema,
            "remediation_steps": self.remediation,
            "enforcement_level": EnforcementLevel(self.enforcement),
        }
        if self.scope == "stack":
            return StackValidationPolicy(validate=_guarded(self.validate), **common)
        return ResourceValidationPolicy(validate=_guarded(self.validate), **common)


def _guarded(validate: Callable[..., None]) -> Callable[..., None]:
    """A bug in one rule must not take the analyzer (and every other rule) down: report it instead."""

    def run(args: ResourceValidationArgs | StackValidationArgs, report: ReportViolation) -> None:
        try:
            validate(args, report)
        except (UnknownValueError, NotApplicableError):
            raise
        except Exception as error:
            report(f"the rule failed on these properties ({type(error).__name__}: {error}); please report it")

    return run


RULES: dict[str, Rule] = {}


class DuplicateRuleError(ValueError):
    """Two rules registered under one name: the second would silently replace the first."""


def _register(
    *,
    name: str,
    description: str,
    scope: str,
    properties: Mapping[str, Mapping[str, Any]],
    remediation: str,
    types: tuple[str, ...],
    verifies: str,
    on_unknown: str | None,
    enforcement: str,
) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if name in RULES:
            raise DuplicateRuleError(f"two rules are named {name!r}: rule names must be unique")
        unknown = {} if on_unknown is None else {"onUnknown": on_unknown_schema(on_unknown)}
        documented = {**properties, **unknown, "why": WHY_SCHEMA}
        RULES[name] = Rule(
            name=name,
            description=description,
            scope=scope,
            check=check,
            properties=documented,
            remediation=remediation,
            types=types,
            verifies=verifies,
            enforcement=enforcement,
        )
        return check

    return register


def resource_rule(
    *,
    name: str,
    description: str,
    properties: Mapping[str, Mapping[str, Any]],
    remediation: str,
    types: tuple[str, ...] = (),
    verifies: str = "",
    on_unknown: str | None = "violation",
    enforcement: str = "mandatory",
) -> Callable[[Check], Check]:
    """Register a check of one resource at a time (of `types`, aws-native twins included; empty: every
    type) with its schema, plus `onUnknown` (its default `on_unknown`; None: the rule reads no property)
    and `why`, a note for config files. A name registered twice raises `DuplicateRuleError`."""
    return _register(
        name=name,
        description=description,
        scope="resource",
        properties=properties,
        remediation=remediation,
        types=types,
        verifies=verifies,
        on_unknown=on_unknown,
        enforcement=enforcement,
    )


def stack_rule(
    *,
    name: str,
    description: str,
    properties: Mapping[str, Mapping[str, Any]],
    remediation: str,
    verifies: str = "",
    on_unknown: str | None = "violation",
    enforcement: str = "mandatory",
) -> Callable[[Check], Check]:
    """Register a check of the whole stack, as `resource_rule` does (`enforcement`: the level a stack
    gets when its policy config sets none)."""
    return _register(
        name=name,
        description=description,
        scope="stack",
        properties=properties,
        remediation=remediation,
        types=(),
        verifies=verifies,
        on_unknown=on_unknown,
        enforcement=enforcement,
    )


def finish(read: Reader, cfg: Mapping[str, Any], report: ReportViolation, what: str) -> None:
    """Say what could not be checked, as `onUnknown` chooses; silent only when nothing was unknown."""
    for problem in read.invalid:
        report(problem)
    if read.unknown_paths:
        unknown_or_report(
            cfg,
            report,
            f"cannot be checked at preview: {', '.join(read.unknown_paths)} unknown until apply; "
            f"{what} is not verified",
        )


def unknown_or_report(cfg: Mapping[str, Any], report: ReportViolation, message: str) -> None:
    """A violation at the rule's level (`onUnknown: violation`), else the analyzer's advisory."""
    if cfg.get("onUnknown") == "violation":
        report(message)
    else:
        raise PreviewUnknownError(message)


def allowlist(report: ReportViolation, key: str, value: Any, allowed: list[Any]) -> None:
    if value not in (None, UNKNOWN) and value not in allowed:
        report(f"{key}={value} is not one of {allowed}")


def cap(
    report: ReportViolation, key: str, value: Any, cfg: Mapping[str, Any], setting: str, unit: str = ""
) -> None:
    """Report a known number above the integer setting; None and UNKNOWN are the caller's concern."""
    limit = as_int(cfg[setting])
    if isinstance(value, int | float) and value > limit:
        report(f"{key}={value:g}{unit} is above {setting}={limit}")


def count_rule(
    *,
    name: str,
    description: str,
    setting: str,
    kinds: tuple[str, ...],
    what: str,
    why: str,
    remediation: str,
) -> None:
    """A stack rule allowing at most `setting` resources of `kinds` (default 0), aws-native twins included."""

    @stack_rule(
        name=name,
        description=description,
        properties={setting: integer(0, f"{what[:1].upper()}{what[1:]}s allowed.")},
        remediation=remediation,
        on_unknown=None,  # counting reads no property, so nothing can be unknown
    )
    def count_cap(
        args: StackValidationArgs, report: ReportViolation, cfg: dict[str, Any], read: Reader
    ) -> None:
        limit = as_int(cfg[setting])
        for number, node in enumerate(stack_graph(args).of(*kinds)[limit:], start=limit + 1):
            report(f"{node.label}: {what} number {number}, over the limit of {limit}; {why}", node.urn)


# --- pack-wide state: the other rules' config, and one graph per AnalyzeStack -----------------------

_MANDATORY = ("mandatory", "remediate")


@dataclass
class _PackState:
    # Each policy's level and properties as the engine sent them in Configure; empty until it does.
    configured: dict[str, tuple[str, dict[str, Any]]]
    # Bumped at every AnalyzeStack by the installed hook; None: no hook (rules called directly).
    generation: int | None = None


STATE = _PackState(configured={})
_generations = itertools.count(1)
_memo: dict[tuple[Any, ...], Any] = {}


def configure(policy_config: Mapping[str, tuple[str, Mapping[str, Any]]]) -> None:
    """Record each policy's (level, properties), as Configure delivers them (also used by tests)."""
    STATE.configured = {name: (level, dict(props)) for name, (level, props) in policy_config.items()}


def enforced_config(name: str) -> dict[str, Any] | None:
    """A rule's effective config when it is enforced (mandatory), else None: a stack rule may rely on
    what an enforced rule guarantees (e.g. price an unknown task size at `fargate-task-size`'s cap)."""
    known = RULES.get(name)
    if known is None:
        return None
    level, given = STATE.configured.get(name, ("mandatory", {}))
    if level not in _MANDATORY:
        return None
    return known.config(given)


def per_analysis(key: str, args: StackValidationArgs, build: Callable[[], Any]) -> Any:
    """`build()` once per AnalyzeStack for every stack rule that asks with the same `key`.

    Without the hook (a rule called directly, as in unit tests) nothing is shared: each call builds.
    """
    if STATE.generation is None:
        return build()
    memo_key = (STATE.generation, key, tuple(r.urn for r in args.resources))
    if memo_key not in _memo:
        _memo.clear()  # only the current AnalyzeStack's values are worth keeping
        _memo[memo_key] = build()
    return _memo[memo_key]


def stack_graph(args: StackValidationArgs) -> StackGraph:
    return per_analysis("graph", args, lambda: StackGraph.from_policy_resources(args.resources))


def _next_generation() -> None:
    STATE.generation = next(_generations)


def install_hooks() -> None:
    """Hook pulumi-policy's analyzer (its internals: see `frugal.compat.pulumi_policy`).

    Configure: keep every policy's config, so one rule can read another's. AnalyzeStack: start a new
    generation, so the stack rules of one call share one graph and one estimate.
    """
    pulumi_policy_compat.hook_analyzer(
        on_configure=configure, before_analyze_stack=_next_generation, after_analyze_stack=_memo.clear
    )
