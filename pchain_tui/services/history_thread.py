"""The history on a thread of its own: every read and write runs there, in the order asked.

SQLite can make a caller wait: a database locked by another pchain holds each write for the busy
timeout, and a slow disk holds everything. So nothing that draws the screen ever calls the
database; it queues a call here and gets a `Future` back. Writes are fire-and-forget; reads are
awaited by the UI (`asyncio.wrap_future`), never blocked on.

While sets are kept in memory because writing failed, the thread tries again every
`retry_every` seconds, so they reach the disk as soon as the lock goes or space comes back, even
if no other set follows. The person hears about a problem once when it starts (and again only if
it changes), and once when everything is saved again.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from pchain_tui.domain.notice import Notice, Severity
from pchain_tui.storage.safe_history import SafeHistory

T = TypeVar("T")

RETRY_EVERY = 2.0
"""Seconds between attempts to write sets that are kept in memory."""

_STOP = object()


class HistoryThread:
    """Owns a `SafeHistory` and runs every call on it from one daemon thread."""

    def __init__(self, history: SafeHistory, tell: Callable[[Notice], None], *,
                 retry_every: float = RETRY_EVERY) -> None:
        self.history = history
        """Only ever touched from the thread (calls run there)."""
        self._tell = tell
        self._retry_every = retry_every
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._told: str | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="pchain-history", daemon=True)
        self._thread.start()

    def call(self, job: Callable[[SafeHistory], T]) -> Future[T]:
        """Run `job(history)` on the thread, after everything asked before it; returns at once."""
        future: Future[T] = Future()
        if self._closed:
            future.set_exception(RuntimeError("the history is closed"))
        else:
            self._jobs.put((job, future))
        return future

    def close(self, timeout: float = 5.0) -> bool:
        """Write what can be written, close the database and stop the thread (waits at most
        `timeout`). True when no set is left in memory only (each is in the history or the journal)."""
        if self._closed:
            return True
        left = self.call(lambda history: (history.close(), history.unkept)[1])
        self._closed = True
        self._jobs.put(_STOP)
        self._thread.join(timeout)
        try:
            return left.result(timeout=0) == 0
        except Exception:  # noqa: BLE001 - not done in time, or failed: something may be left
            return False

    def _run(self) -> None:
        while True:
            wait = self._retry_every if self.history.pending else None
            try:
                item = self._jobs.get(timeout=wait)
            except queue.Empty:
                self.history.flush()
                self._report()
                continue
            if item is _STOP:
                return
            job, future = item
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(job(self.history))
                except BaseException as error:  # noqa: BLE001 - it goes to whoever waits for it
                    future.set_exception(error)
            self._report()

    def _report(self) -> None:
        """Tell the person when a problem starts or changes, and when it has cleared."""
        if news := self.history.take_news():
            self._tell(Notice(news))
        problem = self.history.problem
        if problem == self._told:
            return
        if problem is not None:
            self._tell(Notice(problem, Severity.WARNING))
        elif self.history.pending == 0:
            self._tell(Notice("history: saving works again; every set is saved"))
        else:
            return  # cleared for now, but something is still in memory: keep the old word
        self._told = problem
