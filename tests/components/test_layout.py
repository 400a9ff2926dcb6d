"""The components' layout: no module over 500 lines, and one test module here per component module."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COMPONENTS = REPO / "frugal" / "components"
MAX_LINES = 500
# Modules that make no resources of their own (tested through the components that use them).
NO_TEST_MODULE = {"__init__", "base", "fargate_service_args", "fargate_service_alarm"}


@pytest.mark.parametrize("module", sorted(COMPONENTS.glob("*.py")), ids=lambda path: path.name)
def test_no_component_module_is_over_500_lines(module: Path) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module.name} has {lines} lines; split it (issue 18)"


def test_each_component_module_has_its_own_test_module() -> None:
    modules = {path.stem for path in COMPONENTS.glob("*.py")} - NO_TEST_MODULE
    tests = {path.stem.removeprefix("test_") for path in Path(__file__).parent.glob("test_*.py")}
    assert sorted(modules - tests) == []
