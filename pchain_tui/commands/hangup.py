"""Never an orphan: when its terminal goes away, pchain ends, even while the app is busy.

A terminal goes away with a SIGHUP, or without one reaching pchain (it is not in the terminal's
session, or the signal went to someone else): then the terminal only reads as hung up. Textual 8's
Linux driver deals with neither. Its input thread, at end of file, selects and reads nothing in a loop
at full speed for ever; and a SIGHUP handled through the asyncio loop waits for that loop, which a
long computation on the UI thread holds up. Both left a pchain spinning with no terminal.

So a thread of our own waits for either: the signal handler only writes a byte to a pipe (the one
thing safe to do between any two bytecodes of the main thread), and the terminal is polled for a
hang-up alone (it never reads the person's keys). Then the app is asked to stop, as on SIGTERM; if it
has not ended `GRACE` seconds later, the watch itself saves what the history holds and ends the
process. A main thread stuck inside one call of C code that holds the interpreter lock is beyond
any Python thread's reach; Python code, however long it loops, is not.

A thread that fails to write to the terminal because the terminal is gone (Textual's output thread)
has not met an internal error: its traceback is not passed on to become a crash report.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import signal
import termios
import threading
from collections.abc import Callable
from types import TracebackType

GRACE = 2.0
"""Seconds the app has to end by itself after a hang-up before the process is ended for it."""

_HANGUP, _ENDED = b"h", b"e"
_GONE = select.POLLHUP | select.POLLERR
_LEAVE_SCREEN = "\x1b[<u\x1b[?1000l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l\x1b[?1004l\x1b[?1049l\x1b[?25h"
"""What Textual writes when it stops (keyboard protocol, mouse, paste, focus, alternate screen, cursor)."""


class HangupWatch:
    """While the app runs (`with HangupWatch(...):`), a SIGHUP or a hung-up terminal ends pchain."""

    def __init__(self, stop: Callable[[], None], save: Callable[[], None], exit_code: int, *,
                 terminal: int | None = None) -> None:
        """`stop` asks the app to end (called on the watch's thread, so it must be thread-safe);
        `save` writes what can be written when the app did not end in time, before the process
        ends with `exit_code`. `terminal` is the file descriptor the app reads keys from, or None."""
        self._stop = stop
        self._save = save
        self._exit_code = exit_code
        self._terminal = terminal if terminal is not None and os.isatty(terminal) else None
        self._hung_up = False
        self.terminal_gone = False
        """True once the terminal read as hung up: nothing written to it can reach anyone."""
        self._ended = threading.Event()
        self._lock = threading.Lock()
        self._forcing = False
        self._modes: list | None = None
        self._pipe: tuple[int, int] | None = None
        self._previous: object = None
        self._previous_hook = threading.excepthook
        self._thread: threading.Thread | None = None

    def __enter__(self) -> HangupWatch:
        if self._terminal is not None:
            with contextlib.suppress(termios.error):
                self._modes = termios.tcgetattr(self._terminal)  # before the app puts it in raw mode
        self._pipe = os.pipe()
        os.set_blocking(self._pipe[1], False)
        self._previous = signal.signal(signal.SIGHUP, self._on_signal)
        self._previous_hook, threading.excepthook = threading.excepthook, self._thread_failed
        self._thread = threading.Thread(target=self._watch, name="pchain-hangup", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        assert self._thread is not None and self._pipe is not None
        with self._lock:
            self._ended.set()
            forcing = self._forcing
        if forcing:  # too late: the watch is saving, and then it ends the process
            self._thread.join()
        signal.signal(signal.SIGHUP, self._previous)
        threading.excepthook = self._previous_hook
        self._wake(_ENDED)
        self._thread.join()
        for end in self._pipe:
            os.close(end)

    def _thread_failed(self, failure: threading.ExceptHookArgs) -> None:
        """A thread's uncaught error, passed on unless it is a write to the terminal that has gone."""
        error = failure.exc_value
        if isinstance(error, OSError) and error.errno == errno.EIO and self._terminal_hung_up():
            return
        self._previous_hook(failure)

    def _terminal_hung_up(self) -> bool:
        """True when the terminal reads as hung up right now (the watch may not have seen it yet)."""
        if self._terminal is None:
            return False
        poller = select.poll()
        poller.register(self._terminal, 0)
        return any(events & _GONE for _fd, events in poller.poll(0))

    def _on_signal(self, _number: int, _frame: object) -> None:
        """On the main thread, between any two bytecodes: only wake the watch."""
        self._wake(_HANGUP)

    def _wake(self, why: bytes) -> None:
        assert self._pipe is not None
        with contextlib.suppress(BlockingIOError):  # the pipe is full: the watch is awake already
            os.write(self._pipe[1], why)

    def _watch(self) -> None:
        assert self._pipe is not None
        poller = select.poll()
        poller.register(self._pipe[0], select.POLLIN)
        if self._terminal is not None:
            poller.register(self._terminal, 0)  # no events asked: a hang-up and an error are always told
        while not self._hung_up:
            for fd, events in poller.poll():
                if fd == self._pipe[0]:
                    if os.read(self._pipe[0], 64).endswith(_ENDED) or self._ended.is_set():
                        return
                    self._hung_up = True
                elif events & _GONE:
                    self._hung_up = self.terminal_gone = True
                else:  # POLLNVAL: the descriptor was closed under us; there is nothing left to watch
                    poller.unregister(fd)
        self._stop()
        if self._ended.wait(GRACE):
            return
        with self._lock:
            if self._ended.is_set():
                return
            self._forcing = True
        self._save()
        self._restore_terminal()
        os._exit(self._exit_code)

    def _restore_terminal(self) -> None:
        """A SIGHUP can come while the terminal is still there (`kill -HUP`): give it back as it was,
        since the app, stuck, never will."""
        if self.terminal_gone or self._terminal is None or self._modes is None:
            return
        with contextlib.suppress(OSError, termios.error):
            os.write(self._terminal, _LEAVE_SCREEN.encode())
            termios.tcsetattr(self._terminal, termios.TCSANOW, self._modes)
