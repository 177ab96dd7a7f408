"""A workout running in another pchain is never offered for resuming; one whose pchain died is."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from pchain_tui.domain.history import SafeHistory
from pchain_tui.history_service import HistoryService
from pchain_tui.session_locks import SessionLocks
from pchain_tui.settings import Settings
from tests.test_history import a_session, a_set

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file locks")


def hold_in_another_process(folder, session_id: int) -> subprocess.Popen:
    """A second process that runs the session until its stdin closes (it may also just be killed)."""
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from pchain_tui.session_locks import SessionLocks
        print(SessionLocks(Path({str(folder)!r})).hold({session_id}), flush=True)
        sys.stdin.read()
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "True"
    return process


def test_a_lock_held_by_another_process_shows_and_goes_with_it(tmp_path):
    locks = SessionLocks(tmp_path / "running")
    assert not locks.running_elsewhere(7)
    other = hold_in_another_process(tmp_path / "running", 7)
    try:
        assert locks.running_elsewhere(7)
        assert not locks.hold(7)  # two pchains cannot both run it
    finally:
        other.kill()  # killed, not closed cleanly: the lock still goes
        other.wait()
    assert not locks.running_elsewhere(7)
    assert locks.hold(7) and not locks.running_elsewhere(7)  # our own is not "elsewhere"
    assert SessionLocks(tmp_path / "running").running_elsewhere(7)  # but another holder sees it
    locks.release(7)
    assert not SessionLocks(tmp_path / "running").running_elsewhere(7)
    assert not (tmp_path / "running" / "session-7.lock").exists()


def test_resume_offers_only_sessions_no_pchain_is_running(tmp_path):
    database = tmp_path / "history.sqlite3"
    told: list[str] = []
    service = HistoryService(SafeHistory(database), Settings(), told.append)
    first = service.history.start_session(a_session(a_set(1)))
    second = service.history.start_session(a_session(a_set(1), routine="beginner-day-2"))
    assert {session_id for session_id, _ in service.unfinished()} == {first, second}

    other = hold_in_another_process(tmp_path / "running", second)
    try:
        assert [session_id for session_id, _ in service.unfinished()] == [first]
    finally:
        other.stdin.close()
        other.wait()
    assert {session_id for session_id, _ in service.unfinished()} == {first, second}


def test_a_workout_holds_its_lock_while_it_runs_and_lets_go_when_it_ends(tmp_path):
    service = HistoryService(SafeHistory(tmp_path / "history.sqlite3"), Settings(), print)
    log = service.log()
    record = a_session(a_set(1))
    log.session_started(record)
    elsewhere = SessionLocks(tmp_path / "running")  # what a second pchain would see
    assert elsewhere.running_elsewhere(log.session_id)
    record.state = "abandoned"
    log.session_ended(record)
    assert not elsewhere.running_elsewhere(log.session_id)
    assert [session_id for session_id, _ in service.unfinished()] == [log.session_id]
