"""Rules read pack-wide state (the other rules' config, as Configure sent it): reset it between tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from frugal.policy import framework


@pytest.fixture(autouse=True)
def _fresh_pack_state() -> Iterator[None]:
    framework.configure({})
    yield
    framework.configure({})
