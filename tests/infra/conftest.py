"""The dev and prod stacks, each run once per test module from its stack file under the recording mocks."""

from __future__ import annotations

import pytest

from frugal.mocks import Recording
from tests.infra.helpers import run_stack


@pytest.fixture(scope="module")
def dev() -> Recording:
    return run_stack("dev")


@pytest.fixture(scope="module")
def prod() -> Recording:
    return run_stack("prod")
