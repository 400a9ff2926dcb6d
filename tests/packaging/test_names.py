"""One meaning per name: one `Settings` class, and no fields spelled with a trailing underscore."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from tests.packaging.test_import_names import REPO, python_files


def _trailing(name: str) -> bool:
    return name.endswith("_") and not name.endswith("__")


def _trailing_underscore_fields(tree: ast.AST) -> Iterator[str]:
    """Class-level fields (`fields_ = ...`, `usage_: list`) and attributes set on self (`self.free_ =`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                targets = statement.targets if isinstance(statement, ast.Assign) else []
                if isinstance(statement, ast.AnnAssign):
                    targets = [statement.target]
                yield from (t.id for t in targets if isinstance(t, ast.Name) and _trailing(t.id))
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            on_self = isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
            if on_self and target.value.id == "self" and _trailing(target.attr):
                yield f"self.{target.attr}"


def test_one_settings_class() -> None:
    defined = [
        str(path.relative_to(REPO))
        for path in python_files()
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.ClassDef) and node.name == "Settings"
    ]
    assert defined == ["settings.py"]


def test_no_field_has_a_trailing_underscore() -> None:
    offenders = [
        f"{path.relative_to(REPO)}: {name}"
        for path in python_files()
        if path.relative_to(REPO).parts[0] != "tests"
        for name in _trailing_underscore_fields(ast.parse(path.read_text()))
    ]
    assert offenders == []
