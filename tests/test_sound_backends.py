"""SoundPlayer's fallback chain, non-blocking play and failure handling, with fake backends,
plus the real system-player and bell backends driven by stand-in programs."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.notice import Notice, Severity
from pchain_tui.sound import Backend, BackendFailed, BackendUnavailable, SoundPlayer, silence_alsa_errors
from pchain_tui.sound.backends import BellBackend, SimpleaudioBackend, SystemPlayerBackend, TerminalBell
from pchain_tui.sound.bank import load_sounds
from pchain_tui.storage import paths

WAIT = 10.0
"""Upper bound for waiting on the player's thread; reached only when something is broken."""


class FakeBackend(Backend):
    """A backend that records what it plays and fails when and how it is told to."""

    def __init__(
        self,
        name: str,
        *,
        unavailable: str | None = None,
        fail_start: str | None = None,
        fail_on_play: int | None = None,
        gate: threading.Event | None = None,
        problem_after_play: str | None = None,
    ) -> None:
        self.name = name
        self.unavailable = unavailable
        self.fail_start = fail_start
        self.fail_on_play = fail_on_play
        self.gate = gate
        self.problem_after_play = problem_after_play
        self.played: list[str] = []
        self.calls = 0
        self.closed = False
        self.entered = threading.Event()
        self.finished = threading.Event()
        self.problem: str | None = None

    def check_available(self) -> None:
        if self.unavailable:
            raise BackendUnavailable(self.unavailable)

    def start(self, sounds) -> None:
        if self.fail_start:
            raise BackendFailed(self.fail_start)

    def play(self, sound, words=None) -> None:
        self.calls += 1
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(WAIT)
        try:
            if self.fail_on_play is not None and self.calls >= self.fail_on_play:
                raise RuntimeError("device lost")
            self.played.append(sound.name)
            if self.problem_after_play:
                self.problem = self.problem_after_play
        finally:
            self.finished.set()

    def poll(self) -> str | None:
        problem, self.problem = self.problem, None
        return problem

    def close(self) -> None:
        self.closed = True


class Messages(list):
    """A notify callback that keeps what it was told and can wait for a line."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[threading.Thread] = []
        self.notices: list[Notice] = []
        self._changed = threading.Condition()

    def __call__(self, notice: Notice) -> None:
        with self._changed:
            self.append(notice.text)
            self.notices.append(notice)
            self.threads.append(threading.current_thread())
            self._changed.notify_all()

    def wait_for(self, fragment: str) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: any(fragment in m for m in self), WAIT)


@pytest.fixture
def players():
    """Makes players on the bundled sounds, and closes them after the test."""
    made: list[SoundPlayer] = []
    gates: list[threading.Event] = []

    def make(*backends: Backend, **options) -> tuple[SoundPlayer, Messages]:
        messages = Messages()
        options.setdefault("sounds_dir", paths.sounds_dir())
        player = SoundPlayer(notify=messages, backends=list(backends), **options)
        made.append(player)
        gates.extend(b.gate for b in backends if getattr(b, "gate", None) is not None)
        assert messages.wait_for("sound: ")  # the player has chosen its backend
        return player, messages

    yield make
    for gate in gates:  # let blocked fake backends return, so their threads end
        gate.set()
    for player in made:
        player.close()


# -- choosing a backend -----------------------------------------------------------------------


def test_uses_the_first_backend_that_starts_and_says_so_once(players):
    broken, working = FakeBackend("a", fail_start="no device"), FakeBackend("b")
    player, messages = players(broken, working)
    assert player.backend_name == "b"
    assert messages == ["sound: a failed (no device); using b"]
    assert messages.notices[0].severity is Severity.WARNING  # a failure is worth the person's attention
    assert broken.closed
    player.play("tick")
    assert player.drain(WAIT)
    assert working.played == ["tick"]


def test_backends_that_are_not_installed_are_skipped_without_a_word(players):
    player, messages = players(FakeBackend("a", unavailable="not installed"), FakeBackend("b"))
    assert player.backend_name == "b"
    assert messages == ["sound: using b"]
    assert messages.notices[0].severity is Severity.INFO  # all is well: just so the person knows


def test_a_backend_failing_on_the_third_play_hands_over_that_cue(players):
    first, second = FakeBackend("a", fail_on_play=3), FakeBackend("b")
    player, messages = players(first, second)
    for name in ("tick", "lower", "lift", "rep"):
        player.play(name)
    assert player.drain(WAIT)
    assert first.played == ["tick", "lower"]
    assert second.played == ["lift", "rep"], "the cue that failed is played by the next backend"
    assert player.backend_name == "b"
    assert messages == ["sound: using a", "sound: a failed (device lost); using b"]
    assert first.closed


def test_a_failure_noticed_after_the_play_falls_back_too(players):
    first = FakeBackend("a", problem_after_play="exited with status 1")
    second = FakeBackend("b")
    player, messages = players(first, second)
    player.play("tick")
    assert messages.wait_for("using b")
    player.play("lower")
    assert player.drain(WAIT)
    assert (first.played, second.played) == (["tick"], ["lower"])
    assert messages[-1] == "sound: a failed (exited with status 1); using b"


def test_when_everything_fails_it_ends_silent(players):
    player, messages = players(FakeBackend("a", fail_on_play=1), FakeBackend("b", fail_start="nope"))
    player.play("tick")
    assert player.drain(WAIT)
    assert player.backend_name == "none"
    assert messages[-1] == "sound: a failed (device lost); b failed (nope); using none (silent)"


def test_a_forced_backend_goes_first(players):
    player, messages = players(FakeBackend("a"), FakeBackend("b"), backend="b")
    assert player.backend_name == "b"
    assert messages == ["sound: using b"]


def test_a_forced_backend_that_fails_falls_back_to_the_usual_order(players):
    player, messages = players(FakeBackend("a"), FakeBackend("b", fail_start="no server"), backend="b")
    assert player.backend_name == "a"
    assert messages == ["sound: b failed (no server); using a"]


def test_a_forced_backend_that_is_missing_is_reported(players):
    player, messages = players(FakeBackend("a"), FakeBackend("b", unavailable="not found on PATH"), backend="b")
    assert player.backend_name == "a"
    assert messages == ["sound: b is not available (not found on PATH); using a"]


def test_an_unknown_forced_name_is_reported_and_ignored(players):
    player, messages = players(FakeBackend("a"), FakeBackend("b"), backend="loudspeaker")
    assert player.backend_name == "a"
    assert messages == ["sound: unknown backend 'loudspeaker' (choose from a, b); using a"]


def test_system_means_the_first_system_player_that_works(players):
    missing = FakeBackend("pw-play", unavailable="not found on PATH")
    candidates = [FakeBackend("simpleaudio"), missing, FakeBackend("aplay")]
    player, messages = players(*candidates, backend="system")
    assert player.backend_name == "aplay"
    assert messages == ["sound: using aplay"]


# -- never blocking, never raising --------------------------------------------------------------


def test_play_returns_while_a_slow_backend_is_still_playing(players):
    gate = threading.Event()
    slow = FakeBackend("slow", gate=gate)
    player, _ = players(slow)
    player.play("tick")
    # play() has returned; the backend got the cue on the player's thread and is still in it.
    assert slow.entered.wait(WAIT)
    assert not slow.finished.is_set()
    player.play("lower")  # queued behind it, again without waiting
    gate.set()
    assert player.drain(WAIT)
    assert slow.played == ["tick", "lower"]


def test_play_never_raises(players):
    def broken_notify(notice: Notice) -> None:
        raise RuntimeError("notify is broken too")

    angry = FakeBackend("a", fail_on_play=1)
    last = FakeBackend("none", fail_on_play=1)
    player = SoundPlayer(paths.sounds_dir(), notify=broken_notify, backends=[angry, last])
    try:
        for name in ("tick", "no-such-cue", "", None, 42, ["tick"], "done"):
            player.play(name)  # type: ignore[arg-type]
        assert player.drain(WAIT)
        assert player.backend_name == "none"
        player.play("rep")  # on the last-resort silent backend
        assert player.drain(WAIT)
    finally:
        player.close()
    player.play("tick")  # after close: ignored, still no exception
    player.close()  # twice is fine


def test_unknown_sound_names_are_reported_once(players):
    player, messages = players(FakeBackend("a"))
    for _ in range(3):
        player.play("kazoo")
    assert player.drain(WAIT)
    assert messages == ["sound: using a", "sound: no sound named 'kazoo'"]


def test_missing_sounds_folder_is_a_message_not_a_crash(players, tmp_path: Path):
    backend = FakeBackend("a")
    player, messages = players(backend, sounds_dir=tmp_path / "nowhere")
    player.play("tick")
    assert player.drain(WAIT)
    assert messages[0].startswith("sound: no WAV files in ")
    assert messages[0].endswith("; using a")
    assert backend.played == []


def test_a_backend_that_hangs_is_left_behind(players):
    clock = FakeClock()
    gate = threading.Event()  # never set by the test: the backend hangs until teardown
    hung, spare = FakeBackend("a", gate=gate), FakeBackend("b")
    player, messages = players(hung, spare, clock=clock, hang_timeout=2.0)
    player.play("tick")
    assert hung.entered.wait(WAIT)
    clock.advance(2.5)
    player.play("lower")  # notices the hang, moves on, and still returns at once
    assert player.drain(WAIT)
    assert spare.played == ["lower"]
    assert player.backend_name == "b"
    assert messages[-1] == "sound: a failed (did not return within 2 s); using b"


def test_cues_that_waited_too_long_are_dropped(players):
    clock = FakeClock()
    gate = threading.Event()
    slow = FakeBackend("a", gate=gate)
    player, _ = players(slow, clock=clock, max_delay=0.5, hang_timeout=5.0)
    player.play("tick")
    assert slow.entered.wait(WAIT)
    player.play("lower")  # queued while "tick" is stuck...
    clock.advance(1.0)  # ...and by the time it could be played, it is a second late
    gate.set()
    assert player.drain(WAIT)
    assert slow.played == ["tick"]


def test_notify_is_called_from_the_players_thread(players):
    player, messages = players(FakeBackend("a", fail_on_play=1), FakeBackend("b"))
    player.play("tick")
    assert player.drain(WAIT)
    assert len(messages) == 2
    assert all(thread is not threading.main_thread() for thread in messages.threads)


def test_backend_name_can_be_read_while_another_thread_plays(players):
    first, second = FakeBackend("a", fail_on_play=50), FakeBackend("b")
    player, _ = players(first, second)
    seen: set[str] = set()

    def cue_thread() -> None:
        for _ in range(100):
            player.play("tick")

    worker = threading.Thread(target=cue_thread)
    worker.start()
    while worker.is_alive():
        seen.add(player.backend_name)
    worker.join()
    assert player.drain(WAIT)
    seen.add(player.backend_name)
    assert seen <= {"a", "b"} and player.backend_name == "b"
    assert len(first.played) + len(second.played) == 100


def test_close_closes_the_backend_and_stops_the_thread(players):
    backend = FakeBackend("a")
    player, _ = players(backend)
    player.play("tick")
    player.close(timeout=WAIT)
    assert backend.played == ["tick"], "cues queued before close are still played"
    assert backend.closed
    assert not player._worker.is_alive()


# -- the real system-player backend, with stand-in programs ---------------------------------------


def write_program(folder: Path, name: str, body: str) -> Path:
    """A stand-in player: a /bin/sh script that uses shell built-ins only (PATH is cut down)."""
    folder.mkdir(exist_ok=True)
    program = folder / name
    program.write_text("#!/bin/sh\n" + body + "\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return program


@pytest.fixture
def fake_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding only the stand-in programs the test writes."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def wait_until(condition, timeout: float = WAIT) -> bool:
    """Poll `condition` until it holds: for waiting on child processes, which signal nothing."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def zombies_of_this_process() -> list[str]:
    """Our children that have exited but were never waited for."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat_line = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat_line.rsplit(")", 1)[1].split()
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            found.append(entry.name)
    return found


needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="stand-in players are /bin/sh scripts")


@needs_posix
def test_a_player_missing_from_path_is_unavailable(fake_path: Path):
    with pytest.raises(BackendUnavailable, match="not found on PATH"):
        SystemPlayerBackend("pw-play").check_available()


@needs_posix
def test_a_player_that_exits_with_an_error_fails_its_probe(fake_path: Path):
    write_program(fake_path, "paplay", "exit 1")
    backend = SystemPlayerBackend("paplay")
    backend.check_available()
    with pytest.raises(BackendFailed, match="exited with status 1"):
        backend.start({})
    backend.close()


@needs_posix
def test_players_get_the_file_and_are_reaped(fake_path: Path, tmp_path: Path):
    log = tmp_path / "played.txt"
    write_program(fake_path, "aplay", f'echo "$@" >> {log}')
    sounds, _ = load_sounds(paths.sounds_dir())
    backend = SystemPlayerBackend("aplay", ("-q",))
    backend.check_available()
    backend.start(sounds)
    for name in ("tick", "lower", "done"):
        backend.play(sounds[name])
    assert wait_until(lambda: not backend.busy()), "three tiny scripts should have exited"
    assert backend.poll() is None
    lines = log.read_text().splitlines()
    assert lines[0].startswith("-q ") and lines[0].endswith("silence.wav"), "the probe plays silence first"
    # The three players run side by side, so their lines may come in any order.
    assert sorted(lines[1:]) == sorted(f"-q {sounds[name].path}" for name in ("tick", "lower", "done"))
    if Path("/proc/self/stat").exists():
        assert zombies_of_this_process() == []
    backend.close()


@needs_posix
def test_a_player_that_gets_stuck_is_killed_and_counts_as_failed(fake_path: Path):
    write_program(fake_path, "afplay", 'case "$1" in *silence.wav) exit 0;; esac; exec /bin/sleep 60')
    clock = FakeClock()
    sounds, _ = load_sounds(paths.sounds_dir())
    backend = SystemPlayerBackend("afplay", stuck_after=10.0, clock=clock)
    backend.check_available()
    backend.start(sounds)
    backend.play(sounds["tick"])
    assert backend.poll() is None
    clock.advance(11)
    assert backend.poll() == "a player did not finish within 10 s"
    assert not backend.busy()


@needs_posix
def test_a_player_failing_mid_session_makes_the_player_fall_back(fake_path: Path):
    # Plays the probe and the first two cues, then fails on the third, like aplay losing its
    # device. (Chosen by file, not by a counter: the players run concurrently.)
    write_program(fake_path, "aplay", 'case "$2" in *lift.wav) exit 1;; esac')
    messages = Messages()
    spare = FakeBackend("bell")
    player = SoundPlayer(
        paths.sounds_dir(),
        notify=messages,
        backends=[SystemPlayerBackend("aplay", ("-q",)), spare],
        health_interval=0.01,
    )
    try:
        assert messages.wait_for("sound: ")
        assert player.backend_name == "aplay"
        for name in ("tick", "lower", "lift"):
            player.play(name)
        assert messages.wait_for("using bell")
        assert messages == ["sound: using aplay", "sound: aplay failed (exited with status 1); using bell"]
        player.play("rep")
        assert player.drain(WAIT)
        assert spare.played == ["rep"]
    finally:
        player.close()


# -- bell, simpleaudio without simpleaudio, ALSA silencing, no Textual -------------------------------


def test_the_bell_backend_rings_for_every_cue():
    rings = []
    backend = BellBackend(lambda: rings.append(1))
    sounds, _ = load_sounds(paths.sounds_dir())
    backend.play(sounds["tick"])
    backend.play(sounds["done"])
    assert rings == [1, 1]


def test_the_default_bell_writes_bel_and_gives_up_quietly(tmp_path: Path):
    terminal = tmp_path / "tty"
    terminal.write_bytes(b"")
    TerminalBell(str(terminal))()
    assert terminal.read_bytes() == b"\a"
    TerminalBell(str(tmp_path / "no" / "tty"))()  # no terminal: nothing happens, nothing raised


def test_simpleaudio_not_installed_is_unavailable(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "simpleaudio", None)  # makes `import simpleaudio` fail
    with pytest.raises(BackendUnavailable, match="not installed"):
        SimpleaudioBackend().check_available()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="alsa-lib is Linux-only")
class FakeSimpleaudio(types.ModuleType):
    """Stands in for simpleaudio: one device that a second overlapping sound finds busy."""

    class PlayObject:
        def __init__(self, device: FakeSimpleaudio) -> None:
            self.device = device

        def is_playing(self) -> bool:
            return self.device.playing

    class WaveObject:
        device: FakeSimpleaudio

        def __init__(self, frames: bytes, channels: int, width: int, rate: int) -> None:
            self.frames = frames

        def play(self):
            with self.device.attempted:
                self.device.attempts += 1
                self.device.attempted.notify_all()
            if self.device.playing:
                raise RuntimeError("Error opening PCM device. -- CODE: -16 -- MSG: Device or resource busy")
            self.device.playing = True
            self.device.played.append(self.frames)
            return FakeSimpleaudio.PlayObject(self.device)

    def __init__(self) -> None:
        super().__init__("simpleaudio")
        self.playing = False
        self.played: list[bytes] = []
        self.attempts = 0
        self.attempted = threading.Condition()
        self.WaveObject = type("WaveObject", (FakeSimpleaudio.WaveObject,), {"device": self})


def test_simpleaudio_plays_preloaded_buffers_and_skips_a_cue_when_its_device_is_busy(
    players, monkeypatch: pytest.MonkeyPatch
):
    device = FakeSimpleaudio()
    monkeypatch.setitem(sys.modules, "simpleaudio", device)
    monkeypatch.setattr(SimpleaudioBackend, "_probe", lambda self: None)
    player, messages = players(SimpleaudioBackend(), FakeBackend("b"))
    sounds, _ = load_sounds(paths.sounds_dir())
    player.play("tick")
    player.play("lower")  # overlaps the tick, which "plays" until the test ends it
    with device.attempted:
        assert device.attempted.wait_for(lambda: device.attempts == 2, WAIT)
    device.playing = False
    player.play("done")
    with device.attempted:
        assert device.attempted.wait_for(lambda: device.attempts == 3, WAIT)
    device.playing = False  # the done sound ends
    assert player.drain(WAIT)
    assert device.played == [sounds["tick"].frames, sounds["done"].frames]
    assert player.backend_name == "simpleaudio", "a busy device is not a broken backend"
    assert messages == ["sound: using simpleaudio"]


def test_silencing_alsa_is_idempotent():
    first = silence_alsa_errors()
    assert silence_alsa_errors() is first
    libasound = any(Path(d, "libasound.so.2").exists() for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"))
    if libasound:
        assert first is True


def test_the_sound_package_imports_nothing_from_textual():
    code = (
        "import sys\n"
        "import pchain_tui.sound, pchain_tui.sound.alsa, pchain_tui.sound.backends\n"
        "import pchain_tui.sound.bank, pchain_tui.sound.player\n"
        "print(','.join(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""
