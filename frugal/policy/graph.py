"""The stack's resource graph, from the engine's own dependency data.

The engine hands AnalyzeStack each resource's `dependencies` and `propertyDependencies` (the URNs each
input property was computed from). They are there on a first preview, when every id and ARN is still
unknown, so links such as service -> task definition, scalable target -> service or schedule ->
instance hold whatever is known. Where the engine sent no dependencies for a property (a literal the
program wrote), links fall back to equal known values. Nothing is ever linked because it is "the only
one of its type".

One graph is built per AnalyzeStack (`framework.stack_graph`) and shared by the stack rules and the
cost model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import native
from .values import UNKNOWN, Reader, is_unknown


@dataclass(frozen=True)
class Provider:
    """The provider a resource was registered with: its type and configured properties."""

    type: str
    props: Mapping[str, Any]


@dataclass
class Node:
    """One resource: its own type and name, its `kind` (the pulumi-aws twin) and props in that shape."""

    urn: str
    type: str
    name: str
    props: Any
    parent: str | None = None
    dependencies: tuple[str, ...] = ()
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    provider: Provider | None = None
    kind: str = ""

    def __post_init__(self) -> None:
        if not self.kind:
            self.kind, self.props = native.twin(self.type, self.props)
            self.property_dependencies = native.twin_dependencies(self.type, self.property_dependencies)

    @property
    def label(self) -> str:
        """How messages name the resource: its name, and its type when that is not the kind's own."""
        return self.name if self.kind == self.type else f"{self.name} ({self.type})"

    def get(self, *path: str | int, default: Any = None) -> Any:
        return Reader().get(self.props, *path, default=default)


# Decides whether a target matches a known literal value of the source's property.
ValueMatch = Callable[[Any, Node], bool]


def same_value(*keys: str) -> ValueMatch:
    """A literal equal to one of the target's known `keys` (e.g. `name`, `id`)."""

    def match(value: Any, target: Node) -> bool:
        for key in keys:
            other = target.get(key)
            if other is not None and not is_unknown(other) and other == value:
                return True
        return False

    return match


class StackGraph:
    """Resources by URN, kind and parent, and the links between them."""

    def __init__(self, nodes: Iterable[Node]) -> None:
        self.nodes: list[Node] = list(nodes)
        self.by_urn: dict[str, Node] = {n.urn: n for n in self.nodes}
        self._by_kind: dict[str, list[Node]] = {}
        self._children: dict[str, list[Node]] = {}
        for node in self.nodes:
            self._by_kind.setdefault(node.kind, []).append(node)
            if node.parent:
                self._children.setdefault(node.parent, []).append(node)

    @classmethod
    def from_policy_resources(cls, resources: Sequence[Any]) -> StackGraph:
        """From pulumi_policy `PolicyResource`s (AnalyzeStack's view)."""
        nodes = []
        for resource in resources:
            provider = None
            if resource.provider is not None:
                provider = Provider(resource.provider.resource_type, resource.provider.props)
            nodes.append(
                Node(
                    urn=resource.urn,
                    type=resource.resource_type,
                    name=resource.name,
                    props=resource.props,
                    parent=resource.parent.urn if resource.parent is not None else None,
                    dependencies=tuple(d.urn for d in resource.dependencies),
                    property_dependencies={
                        key: tuple(d.urn for d in deps)
                        for key, deps in resource.property_dependencies.items()
                    },
                    provider=provider,
                )
            )
        return cls(nodes)

    def of(self, *kinds: str) -> list[Node]:
        return [n for kind in kinds for n in self._by_kind.get(kind, [])]

    def children(self, urn: str) -> list[Node]:
        return list(self._children.get(urn, []))

    def descendants(self, urn: str) -> list[Node]:
        found: list[Node] = []
        stack = list(self._children.get(urn, []))
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(self._children.get(node.urn, []))
        return found

    def _expanded(self, urns: Iterable[str]) -> list[Node]:
        """The nodes behind dependency URNs; a component stands for its descendants too."""
        found: list[Node] = []
        for urn in urns:
            node = self.by_urn.get(urn)
            if node is None:
                continue
            found.append(node)
            found.extend(self.descendants(urn))
        return found

    def depends_on(self, source: Node, kinds: Sequence[str]) -> list[Node]:
        """The resources of `kinds` among everything `source` depends on, through any property."""
        wanted = set(kinds)
        return [node for node in self._expanded(source.dependencies) if node.kind in wanted]

    def has_dependencies(self, source: Node, prop: str) -> bool:
        return bool(source.property_dependencies.get(prop))

    def targets(
        self, source: Node, prop: str, kinds: Sequence[str], match: ValueMatch | None = None
    ) -> list[Node]:
        """The resources of `kinds` that `source.prop` refers to.

        By the engine's property dependencies when it sent any for `prop`; else, when the value is a
        known literal, the resources `match` says it names; else none.
        """
        if self.has_dependencies(source, prop):
            wanted = set(kinds)
            seen: dict[str, Node] = {}
            for node in self._expanded(source.property_dependencies[prop]):
                if node.kind in wanted:
                    seen.setdefault(node.urn, node)
            return list(seen.values())
        if match is None:
            return []
        value = source.get(prop)
        if value is None or is_unknown(value):
            return []
        candidates = self.of(*kinds)
        values = value if isinstance(value, list) else [value]
        return [c for c in candidates if any(v is not UNKNOWN and match(v, c) for v in values)]

    def referrers(
        self, target: Node, kinds: Sequence[str], prop: str, match: ValueMatch | None = None
    ) -> list[Node]:
        """The resources of `kinds` whose `prop` refers to `target`."""
        return [
            source
            for source in self.of(*kinds)
            if any(n.urn == target.urn for n in self.targets(source, prop, [target.kind], match))
        ]

    def linked(self, source: Node, prop: str, target: Node, match: ValueMatch | None = None) -> bool:
        return any(n.urn == target.urn for n in self.targets(source, prop, [target.kind], match))

    def unlinkable(self, sources: Iterable[Node], prop: str) -> list[Node]:
        """Sources whose `prop` is unknown and carries no dependencies: links from them can't be seen."""
        return [s for s in sources if not self.has_dependencies(s, prop) and s.get(prop) is UNKNOWN]
