"""Never an orphan: a pchain whose terminal goes away ends within seconds, idle or busy, with or
without a SIGHUP reaching it, and what the history was still writing is saved.

Each test runs pchain in a pseudo-terminal of its own; "busy" is the UI thread stuck in a long
computation in Python code (patched in by the small script below, never by the product). The
terminal goes away when the test closes its end of it, as a terminal emulator or tmux does.
"""

from __future__ import annotations

import fcntl
import os
import select
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from pchain_tui import exit_codes
from pchain_tui.commands.hangup import GRACE

CHILD = r"""
import fcntl, sys, termios, time
from pathlib import Path

mode, ready, controlling = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "controlling"
if controlling:  # this terminal is the session's, as in a terminal window: closing it sends SIGHUP
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)

from pchain_tui import cli
from pchain_tui.ui.app import PchainApp
from pchain_tui.ui.screens.workout import WorkoutScreen


def spin():
    ready.write_text(mode)
    while True:  # a long computation on the UI thread
        pass


mounted = PchainApp.on_mount


def on_mount(self):
    mounted(self)
    if mode in ("idle", "busy"):
        self.call_after_refresh(spin if mode == "busy" else lambda: ready.write_text(mode))


def ask_what_was_done(self, set_record):
    # The history's thread busy beyond the grace period (a slow disk), a correction queued behind
    # it, and the UI thread stuck: only the hang-up watch can still get the correction written.
    self.app.services.history.call(lambda history: time.sleep(SLOW))
    self.live.log_set(set_record.key, reps=5)
    spin()


SLOW = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
PchainApp.on_mount = on_mount
WorkoutScreen.ask_what_was_done = ask_what_was_done
sys.exit(cli.main(["--no-sound", *sys.argv[5:]]))
"""

ROUTINE = """\
name: Orphan test
rest: 1
exercises:
  - use: glute-bridge
    sets: 3
    reps: 1
    tempo: 1-0-1-0
"""
START = 40.0
"""Seconds pchain may take to come up on a loaded machine."""
IDLE_EXIT = 3.0
"""Seconds from the hang-up to the end of an idle pchain (it measured 0.25 s)."""
BUSY_EXIT = GRACE + 3.0
"""... and of a busy one: the grace period, then saving (it measured 2.1 s)."""


class Terminal:
    """pchain in a pseudo-terminal whose output is read all along (so pchain never blocks on it)."""

    def __init__(self, home: Path, mode: str, *, controlling: bool = True, slow: float = 0.0,
                 args: tuple[str, ...] = ()) -> None:
        self.ready = home.parent / f"{home.name}.ready"
        self.home = home
        master, slave = os.openpty()
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.slave_name = os.ttyname(slave)
        env = {**os.environ, "PCHAIN_HOME": str(home), "TERM": "xterm-256color"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, mode, str(self.ready), "controlling" if controlling else "not", str(slow),
             *args], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.master: int | None = master
        self.output = bytearray()
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while not self._stop.is_set():  # never blocked in read: closing the master must close it for real
            assert self.master is not None
            if select.select([self.master], [], [], 0.02)[0]:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.output += data

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START
        while not self.ready.exists():
            assert self.process.poll() is None, f"pchain ended early: {self.output.decode(errors='replace')}"
            assert time.monotonic() < deadline, "pchain did not come up"
            time.sleep(0.05)

    def press_enter(self) -> None:
        assert self.master is not None
        os.write(self.master, b"\r")

    def close(self) -> float:
        """The terminal goes away: its end is closed. Returns the time it happened."""
        self._stop.set()
        self._reader.join()
        assert self.master is not None
        os.close(self.master)
        self.master = None
        return time.monotonic()

    def ended_within(self, since: float, seconds: float) -> tuple[int, float]:
        """Wait (bounded) for pchain to end; its exit code and how long it took."""
        deadline = since + seconds
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"pchain was still running {seconds} s after the hang-up")
            time.sleep(0.01)
        return self.process.returncode, time.monotonic() - since

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.master is not None:
            self.close()


@pytest.fixture
def terminals():
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.kill()


def pchains(home: Path) -> list[int]:
    """The processes running with `home` (this test's own folder) on their command line."""
    found = subprocess.run(["pgrep", "-f", str(home)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def no_pchain_left(home: Path) -> bool:
    return not pchains(home)


@pytest.mark.parametrize("controlling", [True, False], ids=["sighup", "no-sighup"])
@pytest.mark.parametrize("mode", ["idle", "busy"])
def test_pchain_ends_when_its_terminal_goes_away(tmp_path, terminals, mode, controlling):
    """With a SIGHUP (pchain is the terminal's session) and without (only the terminal reads as hung
    up, where Textual's input thread used to spin for ever); the UI thread idle or stuck."""
    home = tmp_path / "home"
    terminal = Terminal(home, mode, controlling=controlling)
    terminals.append(terminal)
    terminal.wait_ready()
    code, took = terminal.ended_within(terminal.close(), IDLE_EXIT if mode == "idle" else BUSY_EXIT)
    assert code == (exit_codes.OK if mode == "idle" else exit_codes.INTERRUPTED)
    assert mode == "idle" or took >= GRACE  # the app had its chance to end by itself first
    assert no_pchain_left(home)
    assert not (home / "data" / "crash.log").exists()  # writing to a gone terminal is no internal error


def test_a_busy_workout_still_saves_what_the_history_was_writing(tmp_path, terminals):
    home = tmp_path / "home"
    routine = tmp_path / "orphan.yaml"
    routine.write_text(ROUTINE)
    terminal = Terminal(home, "workout", slow=GRACE + 1.0, args=("run", str(routine)))
    terminals.append(terminal)
    deadline = time.monotonic() + START
    while b"Press enter to start" not in terminal.output:
        assert time.monotonic() < deadline, "no overview"
        time.sleep(0.05)
    terminal.press_enter()  # start
    while b"READ THE CUES" not in terminal.output:
        assert time.monotonic() < deadline, "no intro"
        time.sleep(0.05)
    terminal.press_enter()  # the intro read: set 1 runs, ends, and the app gets stuck
    terminal.wait_ready()
    code, _took = terminal.ended_within(terminal.close(), BUSY_EXIT + GRACE)
    assert code == exit_codes.INTERRUPTED
    with sqlite3.connect(f"file:{home / 'data' / 'history.sqlite3'}?mode=ro", uri=True) as db:
        assert db.execute("SELECT set_number, done_reps FROM sets").fetchall() == [(1, 5)]  # the correction too
        assert db.execute("SELECT state FROM sessions").fetchall() == [("running",)]  # resumable


def test_a_sighup_to_a_busy_pchain_gives_a_live_terminal_back_as_it_was(tmp_path, terminals):
    """`kill -HUP` with the terminal still there: pchain ends, and the terminal is out of raw mode
    and of the alternate screen, which the stuck app could not see to."""
    home = tmp_path / "home"
    terminal = Terminal(home, "busy")
    terminals.append(terminal)
    terminal.wait_ready()
    before = time.monotonic()
    terminal.process.send_signal(signal.SIGHUP)
    code, _took = terminal.ended_within(before, BUSY_EXIT)
    assert code == exit_codes.INTERRUPTED
    slave = os.open(terminal.slave_name, os.O_RDWR | os.O_NOCTTY)
    try:
        modes = termios.tcgetattr(slave)
    finally:
        os.close(slave)
    assert modes[3] & termios.ICANON and modes[3] & termios.ECHO
    deadline = time.monotonic() + 5
    while not terminal.output.endswith(b"\x1b[?1049l\x1b[?25h"):
        assert time.monotonic() < deadline, bytes(terminal.output[-80:])
        time.sleep(0.02)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_tmux_kill_session_leaves_no_busy_pchain(tmp_path):
    """The report's case, as a person has it: pchain busy in a tmux window, the session killed."""
    home = tmp_path / "home"
    ready = tmp_path / "home.ready"
    server = f"pchain-orphan-{os.getpid()}"
    command = f"PCHAIN_HOME={home} {sys.executable} -c {_quoted(CHILD)} busy {ready} not"
    subprocess.run(["tmux", "-L", server, "new-session", "-d", "-s", "c1", "-x", "80", "-y", "24", command],
                   check=True)
    try:
        deadline = time.monotonic() + START
        while not ready.exists():
            assert time.monotonic() < deadline, "pchain did not come up in tmux"
            time.sleep(0.05)
        killed = time.monotonic()
        subprocess.run(["tmux", "-L", server, "kill-session", "-t", "c1"], check=True)
        while not no_pchain_left(home):
            assert time.monotonic() < killed + BUSY_EXIT, "a pchain was left after its tmux session was killed"
            time.sleep(0.05)
    finally:
        subprocess.run(["tmux", "-L", server, "kill-server"], capture_output=True)
        for pid in pchains(home):  # only on failure: this test's own pchain, by its id
            os.kill(pid, signal.SIGKILL)


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)
