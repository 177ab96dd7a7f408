"""Which workouts are running right now, in this pchain or in another one.

A running workout holds an advisory lock on a small file named after its session. The operating
system drops the lock when the process ends, however it ends (a crash, a kill, a closed terminal),
so a session whose lock can be taken is not running anywhere and may be offered for resuming; one
whose lock is held is running in another pchain and is left alone. Where file locks do not exist
(not POSIX), every session counts as not running, as before.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class SessionLocks:
    """The locks of the sessions this process runs, and a way to ask about the others."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._held: dict[int, int] = {}

    def hold(self, session_id: int) -> bool:
        """Mark a session as running here; False when another process runs it. Where locks cannot
        be taken at all, True: the workout goes on as it did before locks."""
        if fcntl is None or session_id in self._held:
            return True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = os.open(self._file(session_id), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return True  # no locks here: carry on as before rather than refuse the workout
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            return False
        except OSError:  # locks unsupported on this file system
            os.close(handle)
            return True
        self._held[session_id] = handle
        return True

    def release(self, session_id: int) -> None:
        """The session stopped running here."""
        handle = self._held.pop(session_id, None)
        if handle is not None:
            try:
                self._file(session_id).unlink(missing_ok=True)
            except OSError:
                pass  # a stale file is harmless: its lock went with the handle
            os.close(handle)

    def running_elsewhere(self, session_id: int) -> bool:
        """True when another process holds the session's lock right now."""
        if fcntl is None or session_id in self._held:
            return False
        try:
            handle = os.open(self._file(session_id), os.O_RDONLY)
        except OSError:
            return False  # no file: nobody has run it since its lock was released
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:  # locks unsupported on this file system
            return False
        finally:
            os.close(handle)  # closing drops the shared lock taken just to look
        return False

    def _file(self, session_id: int) -> Path:
        return self.folder / f"session-{session_id}.lock"
