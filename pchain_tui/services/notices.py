"""Notices for the person from the sound player, the history and the settings, shown as they come.

They may be left on any thread, before the app runs or while it does; once the app is running,
each one wakes it (no polling: an idle app should sleep).
"""

from __future__ import annotations

import asyncio
import queue
from collections.abc import Callable

from pchain_tui.domain.notice import Notice


class Notices:
    """A thread-safe mailbox of notices, delivered on the app's event loop."""

    def __init__(self) -> None:
        self._waiting: queue.SimpleQueue[Notice] = queue.SimpleQueue()
        self._wake: Callable[[], None] | None = None

    def put(self, notice: Notice) -> None:
        """Leave a notice (from any thread)."""
        self._waiting.put(notice)
        wake = self._wake
        if wake is not None:
            try:
                wake()
            except RuntimeError:  # the app's loop has closed: nobody is left to show it
                pass

    def deliver_to(self, show: Callable[[Notice], None], loop: asyncio.AbstractEventLoop) -> None:
        """Show every notice on `loop`'s thread: those waiting now, and each new one as it comes."""
        def drain() -> None:
            while True:
                try:
                    notice = self._waiting.get_nowait()
                except queue.Empty:
                    return
                show(notice)

        self._wake = lambda: loop.call_soon_threadsafe(drain)
        drain()

    def pending(self) -> list[Notice]:
        """Take the notices nobody has shown (to print them once the app is gone)."""
        left = []
        while True:
            try:
                left.append(self._waiting.get_nowait())
            except queue.Empty:
                return left
