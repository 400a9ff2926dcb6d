"""What the installed provider SDKs offer, read from their sources (nothing is imported):

- `resource_tokens(package)`: every resource type token a provider SDK registers;
- `taggable_tokens(package)`: those whose resources take a `tags` input;
- `resource_inputs(package, token)`: a resource's input property names, in the schema's camelCase.

    python -m tools.provider_types taggable > frugal/policy/taggable.json

regenerates the pack's list of taggable types after a provider upgrade (a test says when it is stale).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

PACKAGES = ("pulumi_aws", "pulumi_aws_native")
_TAGS_INPUT = '__props__.__dict__["tags"] = tags'


@cache
def _modules(package: str) -> tuple[Path, tuple[dict, ...]]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.origin:
        raise LookupError(f"{package} is not installed")
    root = Path(spec.origin).parent
    found = re.search(r'resource_modules="""(.*?)"""', (root / "__init__.py").read_text(), re.S)
    if not found:
        raise LookupError(f"{package}: no resource_modules registration found")
    return root, tuple(json.loads(found.group(1)))


def resource_tokens(package: str) -> tuple[str, ...]:
    _, modules = _modules(package)
    return tuple(sorted(token for module in modules for token in module["classes"]))


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _class_source(directory: Path, cls: str) -> str:
    """The source of the module defining resource class `cls`: the codegen names it after the class."""
    path = directory / f"{_snake(cls)}.py"
    if path.is_file():
        return path.read_text()
    for candidate in directory.glob("*.py"):  # a name the convention doesn't give
        text = candidate.read_text()
        if f"\nclass {cls}(pulumi.CustomResource)" in text:
            return text
    return ""


def taggable_tokens(package: str) -> tuple[str, ...]:
    root, modules = _modules(package)
    taggable: list[str] = []
    for module in modules:
        directory = root.parent / module["fqn"].replace(".", "/")
        classes = module["classes"].items()
        taggable += [token for token, cls in classes if _TAGS_INPUT in _class_source(directory, cls)]
    return tuple(sorted(taggable))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def resource_inputs(package: str, token: str) -> tuple[str, ...] | None:
    """The input properties of resource `token` (its `<Class>Args` constructor's keyword arguments, as
    the schema spells them: camelCase); None when the SDK has no such resource."""
    root, modules = _modules(package)
    for module in modules:
        cls = module["classes"].get(token)
        if cls is None:
            continue
        source = _class_source(root.parent / module["fqn"].replace(".", "/"), cls)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef) and node.name in (f"{cls}Args", f"{cls}InitArgs"):
                init = next(
                    (f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None
                )
                if init is None:
                    return ()
                return tuple(sorted(_camel(arg.arg) for arg in init.args.kwonlyargs))
        return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args != ["taggable"]:
        print("usage: python -m tools.provider_types taggable", file=sys.stderr)
        return 2
    tokens = [token for package in PACKAGES for token in taggable_tokens(package)]
    print(
        json.dumps(
            {
                "note": "Resource types that take a `tags` input, from the installed provider SDKs "
                "(python -m tools.provider_types taggable).",
                "types": tokens,
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
