"""A workout running in another pchain is never offered for resuming; one whose pchain died is."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.session.record import RecordState
from pchain_tui.domain.settings import Settings
from pchain_tui.services.history_service import HistoryService
from pchain_tui.storage.safe_history import SafeHistory
from pchain_tui.storage.session_locks import SessionLocks
from tests.test_history import a_session, a_set

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file locks")


def hold_in_another_process(folder, session_id: int) -> subprocess.Popen:
    """A second process that runs the session until its stdin closes (it may also just be killed)."""
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from pchain_tui.storage.session_locks import SessionLocks
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


def history_service(database) -> HistoryService:
    return HistoryService(SafeHistory(database, clock=FakeClock()), Settings(), print, FakeClock())


def test_resume_offers_only_sessions_no_pchain_is_running(tmp_path):
    service = history_service(tmp_path / "history.sqlite3")
    first = service.call(lambda history: history.start_session(a_session(a_set(1)))).result()
    second = service.call(lambda history: history.start_session(
        a_session(a_set(1), routine="beginner-day-2"))).result()
    assert {session_id for session_id, _ in service.unfinished().result()} == {first, second}

    other = hold_in_another_process(tmp_path / "running", second)
    try:
        assert [session_id for session_id, _ in service.unfinished().result()] == [first]
    finally:
        other.stdin.close()
        other.wait()
    assert {session_id for session_id, _ in service.unfinished().result()} == {first, second}
    service.close()


def test_a_workout_holds_its_lock_while_it_runs_and_lets_go_when_it_ends(tmp_path):
    service = history_service(tmp_path / "history.sqlite3")
    log = service.log()
    record = a_session(a_set(1))
    log.session_started(record)
    ((session_id, _record),) = service.call(lambda history: history.unfinished()).result()
    elsewhere = SessionLocks(tmp_path / "running")  # what a second pchain would see
    assert elsewhere.running_elsewhere(session_id)
    record.state = RecordState.ABANDONED
    log.session_ended(record)
    assert [sid for sid, _ in service.unfinished().result()] == [session_id]
    assert not elsewhere.running_elsewhere(session_id)
    service.close()
