"""The history's own thread: calls run in order off the caller's thread, failures reach the caller,
and sets kept in memory while the database is locked reach the disk once the lock goes."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.notice import Notice, Severity
from pchain_tui.services.history_thread import HistoryThread
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.storage.safe_history import SafeHistory

from .test_history import a_session, a_set

WAIT = 10.0


class Told:
    """Notices, kept as they come, with a way to wait for one."""

    def __init__(self) -> None:
        self.notices: list[Notice] = []
        self._changed = threading.Condition()

    def __call__(self, notice: Notice) -> None:
        with self._changed:
            self.notices.append(notice)
            self._changed.notify_all()

    def wait_for(self, words: str) -> Notice:
        with self._changed:
            assert self._changed.wait_for(lambda: any(words in n.text for n in self.notices), WAIT), self.notices
            return next(n for n in self.notices if words in n.text)


def test_calls_run_in_order_on_the_thread_and_failures_reach_the_caller(tmp_path):
    thread = HistoryThread(SafeHistory(tmp_path / "history.sqlite3", clock=FakeClock()), Told())
    caller = threading.current_thread()
    ran = [thread.call(lambda _h, n=n: (n, threading.current_thread() is caller)) for n in range(5)]
    assert [future.result(WAIT) for future in ran] == [(n, False) for n in range(5)]
    failing = thread.call(lambda _h: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing.result(WAIT)
    assert thread.call(lambda history: history.pending).result(WAIT) == 0  # the thread outlived it
    assert thread.close()
    with pytest.raises(RuntimeError, match="closed"):
        thread.call(lambda _h: None).result(WAIT)


def test_sets_kept_while_the_database_is_locked_are_saved_when_the_lock_goes(tmp_path):
    database = tmp_path / "history.sqlite3"
    HistoryStore(database).close()
    blocker = sqlite3.connect(database, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another pchain (or a sync tool) holds the write lock
    told = Told()
    thread = HistoryThread(SafeHistory(database, clock=FakeClock(), busy_timeout=0), told, retry_every=0.05)
    session_id = thread.call(lambda history: history.start_session(a_session(a_set(1)))).result(WAIT)
    thread.call(lambda history: history.save_set(session_id, a_set(2)))
    locked = told.wait_for("locked")
    assert locked.severity is Severity.WARNING
    assert thread.call(lambda history: history.pending).result(WAIT) == 2

    blocker.execute("ROLLBACK")  # the lock goes; no other set follows, the retry saves them
    blocker.close()
    assert told.wait_for("every set is saved").severity is Severity.INFO
    with HistoryStore(database, read_only=True) as store:
        ((_id, record),) = store.sessions()
        assert [s.set_number for s in record.sets] == [1, 2]
    assert [n.text for n in told.notices].count(locked.text) == 1  # said once, not at every retry
    assert thread.close()
