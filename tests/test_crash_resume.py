"""pchain as a real process in a pseudo-terminal: killed, hung up, terminated or crashed mid-workout,
nothing finished is lost and the workout can be resumed and finished."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import sqlite3
import struct
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

ROUTINE = """\
name: Crash test
rest: 1
exercises:
  - use: glute-bridge
    sets: 3
    reps: 1
    tempo: 1-0-1-0
"""
TIMEOUT = 40.0


class Pchain:
    """pchain running in a pseudo-terminal, its output drained so it never blocks."""

    def __init__(self, home: Path, *args: str, code: str | None = None) -> None:
        """`code`: run this instead of `python -m pchain_tui` (it sees the same arguments)."""
        env = {**os.environ, "PCHAIN_HOME": str(home), "TERM": "xterm-256color"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            program = ["-c", code] if code is not None else ["-m", "pchain_tui"]
            os.execvpe(sys.executable, [sys.executable, *program, "--no-sound", *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def press_enter(self) -> None:
        os.write(self.fd, b"\r")

    def signal(self, number: int) -> int:
        """Send a signal and wait for the process to end; its exit status."""
        os.kill(self.pid, number)
        return self.wait()

    def wait(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return status
            time.sleep(0.05)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("pchain did not end")


def database(home: Path) -> Path:
    return home / "data" / "history.sqlite3"


def query(home: Path, sql: str) -> list[tuple]:
    if not database(home).exists():
        return []
    with sqlite3.connect(f"file:{database(home)}?mode=ro", uri=True) as db:
        return db.execute(sql).fetchall()


def until(condition, what: str) -> None:
    """Wait (bounded) for the other process to get somewhere."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def sets_saved(home: Path) -> int:
    return query(home, "SELECT count(*) FROM sets")[0][0] if database(home).exists() else 0


def start_workout(tmp_path: Path, code: str | None = None) -> tuple[Path, Pchain]:
    home = tmp_path / "home"
    routine = tmp_path / "crash.yaml"
    routine.write_text(ROUTINE)
    app = Pchain(home, "run", str(routine), code=code)
    until(lambda: b"Press enter to start" in app.output, "the overview")
    app.press_enter()  # start
    until(lambda: b"READ THE CUES" in app.output, "the intro")
    app.press_enter()  # read the intro
    return home, app


def test_sigkill_loses_no_finished_set_and_the_workout_resumes(tmp_path):
    home, app = start_workout(tmp_path)
    until(lambda: sets_saved(home) >= 1, "set 1 saved")
    app.press_enter()  # the set dialog: keep what was counted
    until(lambda: sets_saved(home) >= 2, "set 2 saved")
    app.signal(signal.SIGKILL)
    assert query(home, "SELECT set_number, done_reps FROM sets ORDER BY set_number") == [(1, 1), (2, 1)]
    assert query(home, "SELECT state FROM sessions") == [("running",)]

    resumed = Pchain(home, "resume")
    until(lambda: query(home, "SELECT state FROM sessions") == [("finished",)], "the resumed workout to finish")
    assert query(home, "SELECT set_number FROM sets ORDER BY set_number") == [(1,), (2,), (3,)]
    assert query(home, "SELECT count(*) FROM sessions") == [(1,)]  # the same session, not a new one
    resumed.signal(signal.SIGTERM)


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM])
def test_hangup_and_terminate_keep_the_workout_resumable(tmp_path, number):
    home, app = start_workout(tmp_path)
    until(lambda: sets_saved(home) >= 1, "set 1 saved")
    status = app.signal(number)
    assert os.WIFEXITED(status), "pchain should stop cleanly on the signal, not die of it"
    assert "Traceback" not in app.output.decode(errors="replace")
    assert query(home, "SELECT state FROM sessions") == [("abandoned",)]
    assert sets_saved(home) == 1

    from pchain_tui.storage.history_store import HistoryStore

    with HistoryStore(database(home), read_only=True) as store:
        (session_id, record), = store.unfinished()
        assert record.routine_name == "Crash test" and len(record.sets) == 1


CRASH_ON_LOGGING = """
import sys
from pchain_tui import cli
from pchain_tui.services.live_session import LiveSession

def broken(self, *args, **kwargs):
    raise RuntimeError("injected for the test")

LiveSession.log_set = broken  # the set dialog's answer: an internal error, as a bug would make one
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_crash_after_a_set_says_so_truly_and_the_workout_resumes(tmp_path):
    home, app = start_workout(tmp_path, CRASH_ON_LOGGING)
    until(lambda: sets_saved(home) >= 1, "set 1 saved")
    app.press_enter()  # the set dialog: keep what was counted
    status = app.wait()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 70
    shown = app.output.decode(errors="replace")
    assert "Traceback" not in shown
    said = re.findall(r"pchain: [^\r\n]*", shown)
    assert said == [f"pchain: internal error; details were written to {home / 'data' / 'crash.log'}. The workout "
                    "is saved as far as it went (1 of 3 sets done); `pchain resume` picks it up again. "
                    "Please report it."]
    details = (home / "data" / "crash.log").read_text()
    assert "RuntimeError: injected for the test" in details
    assert "\x1b" not in details  # plain text to read and paste, not the terminal's colours

    resumed = Pchain(home, "resume")  # what the message promised
    until(lambda: query(home, "SELECT state FROM sessions") == [("finished",)], "the resumed workout to finish")
    assert query(home, "SELECT set_number FROM sets ORDER BY set_number") == [(1,), (2,), (3,)]
    resumed.signal(signal.SIGTERM)
