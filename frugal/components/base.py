"""What every component here shares: children parented to it, aliases for children that moved, one
style of registered outputs.

A child that an earlier version of a program declared somewhere else (under another component, or
under another name) keeps its deployed identity through `moved`: child name -> the aliases of its old
URN, e.g. `{"app-cluster": [pulumi.Alias(parent=old_service_urn)]}`. The aliases apply to every child
of that name (a security group and the VPC link that uses it may share one), and a `moved` entry that
names no child is an error, so a typo can't silently turn into a replacement.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

Moved = Mapping[str, Sequence[pulumi.Alias | str]]
"""Child name -> aliases (an `Alias` or a full URN) for the URN it had before."""

_CAMEL_CASE = re.compile(r"^[a-z][a-zA-Z0-9]*$")


class Component(pulumi.ComponentResource):
    """A ComponentResource whose children come from `child_opts` and whose outputs go through `finish`."""

    def __init__(
        self, type_: str, name: str, opts: pulumi.ResourceOptions | None = None, moved: Moved | None = None
    ) -> None:
        # Set first: stack transformations (components.tagging) see the component during super().__init__.
        self.component_name = name
        """The component's logical name (what `components.tagging` puts in the `component` tag)."""
        super().__init__(type_, name, None, opts)
        self._component_type = type_
        self._moved = {child: list(aliases) for child, aliases in (moved or {}).items()}
        self._declared: set[str] = set()

    def child_opts(self, name: str, **options: Any) -> pulumi.ResourceOptions:
        """Options for the child named `name`: `parent=self`, its aliases from `moved`, and `options`."""
        self._declared.add(name)
        aliases = self._moved.get(name)
        return pulumi.ResourceOptions(parent=self, aliases=aliases or None, **options)

    def invoke_opts(self) -> pulumi.InvokeOptions:
        return pulumi.InvokeOptions(parent=self)

    def finish(self, outputs: Mapping[str, Any]) -> None:
        """Register `outputs` (camelCase keys, as stack exports are), after checking `moved` was all used."""
        unused = sorted(set(self._moved) - self._declared)
        if unused:
            raise ValueError(
                f"{self._component_type} {self.component_name!r}: `moved` names children it does not "
                f"declare: {', '.join(unused)} (it declares {', '.join(sorted(self._declared))})"
            )
        wrong = sorted(key for key in outputs if not _CAMEL_CASE.match(key))
        if wrong:
            raise ValueError(f"output keys must be camelCase: {', '.join(wrong)}")
        self.register_outputs(dict(outputs))
