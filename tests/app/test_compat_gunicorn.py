"""The gunicorn internals the worker builds on are where app/compat_gunicorn.py says, in the version it
was checked with: an upgrade that moves one fails here (and at the worker's import), by name."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import gunicorn
import pytest
from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from app import compat_gunicorn

REPO = Path(__file__).resolve().parents[2]


def test_every_internal_the_worker_uses_is_there() -> None:
    assert compat_gunicorn.problems() == []
    compat_gunicorn.check()


def test_the_checked_version_is_the_pinned_and_installed_one() -> None:
    # Bumping the pin fails this until someone re-checks the internals and updates TESTED.
    pinned = re.search(r"^gunicorn==([\d.]+)$", (REPO / "app" / "requirements.txt").read_text(), re.M)
    assert pinned is not None
    tested = ".".join(map(str, compat_gunicorn.TESTED))
    assert pinned.group(1) == tested == gunicorn.__version__


def test_an_upgrade_that_drops_or_changes_an_internal_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(ThreadWorker, "_keepalive_after")
    monkeypatch.setattr(util, "write_error", lambda sock, status_int, reason: None)
    found = compat_gunicorn.problems()
    assert "ThreadWorker._keepalive_after is gone" in found
    assert any(p.startswith("gunicorn.util.write_error('sock', 'status_int', 'reason')") for p in found)
    with pytest.raises(compat_gunicorn.GunicornCompatError, match="_keepalive_after"):
        compat_gunicorn.check()


def test_a_replaced_error_writer_answers_gunicorns_own_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(util, "write_error", util.write_error)  # restored after the test
    written: list[tuple[int, str]] = []
    compat_gunicorn.replace_error_writer(lambda sock, status, reason, mesg: written.append((status, reason)))
    left, right = socket.socketpair()
    with left, right:
        util.write_error(left, 400, "Bad Request", "no")  # what gunicorn's Worker.handle_error calls
        compat_gunicorn.write_error(left, 408, "Request Timeout", "slow")
    assert written == [(400, "Bad Request"), (408, "Request Timeout")]
