"""Tags on every taggable AWS resource of a program: the program's own tags plus the component each
resource belongs to.

`tag_resources({"project": ..., "stack": ...})`, called once before any resource is declared, registers
a stack transformation. For every `aws:` resource whose inputs include `tags` (the pulumi-aws schema's
own answer to "is this type taggable?"; the SDK passes every declared input, `None` when unset), it
merges into `tags`:
- the given tags, and
- `component`: the name of the nearest `Component` the resource is declared under, or `root_component`
  for a resource declared at the root of the program.
An EC2 instance's root volume is billed on its own, so an instance's `root_block_device` block, when
there is one, gets the same tags. Other tags a resource sets itself are kept; these keys win, since
cost allocation depends on them being right.

Why a transformation writing `tags`, and not the provider's default tags:
- the `stack` value must follow the stack, and stack config can't compute it: every stack file would
  carry a copy of its own name;
- explicit providers (StaticSite's us-east-1 one) don't read the stack's `aws:*` config, so they would
  need the tags again, and an explicit provider for the whole program would also ignore `aws:profile`
  and the like from stack config;
- `component` can only come from a transformation anyway;
- these are SDK-side transformations (`register_stack_transformation`), not engine-side `transforms`:
  they run in the program, so the mocks, the offline preview and the policy pack see exactly the tags
  AWS gets (Pulumi's mock monitor does not run engine-side transforms).
Default tags still compose with these: pulumi-aws merges the provider's `defaultTags` under the
resource's `tags` (resource tags win) into `tagsAll`, so account-wide tags of your own stay available.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from frugal.components.base import Component

COMPONENT_KEY = "component"
ROOT_COMPONENT = "root"
_AWS_PREFIX = "aws:"
_INSTANCE = "aws:ec2/instance:Instance"
# Set on every resource the transformation sees: the name of its nearest component (or None).
_MARK = "_tagging_component"


def _merged(existing: Any, tags: Mapping[str, str]) -> Any:
    """`existing` (None, a dict, or an Input of one) with `tags` laid over it."""
    if existing is None:
        return dict(tags)
    if isinstance(existing, Mapping) and all(isinstance(v, str) for v in existing.values()):
        return {**existing, **tags}
    return pulumi.Output.from_input(existing).apply(lambda value: {**(value or {}), **tags})


def _root_block_device(block: Any, tags: Mapping[str, str]) -> Any:
    if isinstance(block, Mapping):
        return {**block, "tags": _merged(block.get("tags"), tags)}
    return block  # an Args object or an Output: left as it is (the components pass plain dicts)


def nearest_component(resource: pulumi.Resource, parent: pulumi.Resource | None) -> str | None:
    """The name of `resource` if it is a Component, else of the nearest Component above it."""
    if isinstance(resource, Component):
        return resource.component_name
    if parent is None:
        return None
    if isinstance(parent, Component):
        return parent.component_name
    return getattr(parent, _MARK, None)


def tag_resources(
    tags: Mapping[str, str], *, component_key: str = COMPONENT_KEY, root_component: str = ROOT_COMPONENT
) -> None:
    """Tag every taggable AWS resource declared after this call (see the module docstring)."""
    fixed = dict(tags)
    if component_key in fixed:
        raise ValueError(f"tag {component_key!r} is set per component; don't pass it in `tags`")

    def transformation(args: pulumi.ResourceTransformationArgs) -> pulumi.ResourceTransformationResult | None:
        component = nearest_component(args.resource, args.opts.parent)
        setattr(args.resource, _MARK, component)
        if not args.type_.startswith(_AWS_PREFIX) or "tags" not in args.props:
            return None
        ours = {**fixed, component_key: component or root_component}
        props = dict(args.props)
        props["tags"] = _merged(props.get("tags"), ours)
        if args.type_ == _INSTANCE and props.get("root_block_device") is not None:
            props["root_block_device"] = _root_block_device(props["root_block_device"], ours)
        return pulumi.ResourceTransformationResult(props, args.opts)

    pulumi.runtime.register_stack_transformation(transformation)
