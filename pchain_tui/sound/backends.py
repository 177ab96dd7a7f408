"""Ways of making a sound: simpleaudio, a system player, the terminal bell, or nothing.

A backend is driven by `SoundPlayer` from one worker thread: `check_available` (cheap, may
raise `BackendUnavailable`), then `start` (prepares and probes, may raise anything), then
`play` for each cue, with `poll` in between to notice failures that show up later (a player
process that exited with an error). `play` starts a sound and returns; it never waits for the
sound to end. Only `busy` may be called from another thread.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import wave
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pchain_tui.domain.clock import Clock, SystemClock
from pchain_tui.sound.alsa import silence_alsa_errors
from pchain_tui.sound.bank import Sound

SYSTEM_PLAYERS: dict[str, tuple[str, ...]] = {
    "pw-play": (),
    "paplay": (),
    "aplay": ("-q",),
    "afplay": (),
}
"""System players in the order they are tried, each with the options it is run with."""

SYSTEM = "system"
"""`--sound system`: the first system player that works."""

AUTO_ORDER: tuple[str, ...] = ("miniaudio", "simpleaudio", *SYSTEM_PLAYERS, "bell", "none")
"""Backends in the order they are tried when none is chosen."""

BACKEND_CHOICES: tuple[str, ...] = ("miniaudio", "simpleaudio", SYSTEM, *SYSTEM_PLAYERS, "bell", "none")
"""Every name `--sound` accepts."""


@dataclass(frozen=True)
class TimedCue:
    """A cue to be heard at clock time `at`; `key` tells it apart from every other cue of the session."""

    key: Hashable
    name: str
    at: float
    words: str | None = None
    """Spoken with the cue when there is a voice (a stream backend mixes it in)."""


class BackendUnavailable(Exception):
    """The backend does not exist here (module not installed, program not on PATH)."""


class BackendFailed(Exception):
    """The backend exists but does not work (no device, no sound server...)."""


class CueSkipped(Exception):
    """This one cue could not be played, but the backend still works: no reason to fall back."""


class Backend:
    """One way of playing sounds. The base class plays nothing and never fails."""

    name = "none"
    """What `--sound` calls it, and what the player reports."""
    schedules = False
    """True for a backend that takes cues ahead of time (`expect`) and places them itself."""
    latency = 0.0
    """Seconds from being handed a cue to its being heard, at the least."""

    def check_available(self) -> None:
        """Raise `BackendUnavailable` if this backend cannot exist here. Must be quick."""

    def start(self, sounds: Mapping[str, Sound]) -> None:
        """Prepare `sounds` and check the backend works; raise if it does not."""

    def play(self, sound: Sound, words: str | None = None) -> None:
        """Start playing `sound` and return at once; raise if that fails. `words` are spoken with
        it by a backend with a voice (the stream); the others play the sound alone."""

    def expect(self, cues: Sequence[TimedCue]) -> None:
        """The cues due soon with their clock times (only called when `schedules`)."""

    def expected(self, key: Hashable) -> bool:
        """True when the cue under `key` was placed ahead, so its due-time `play` is not needed."""
        return False

    def poll(self) -> str | None:
        """A failure noticed since the last call (e.g. a player that exited non-zero), or None."""
        return None

    def busy(self) -> bool:
        """Whether a sound is still playing. Safe to call from any thread."""
        return False

    def close(self) -> None:
        """Release what `start` took. Sounds already playing may finish on their own."""


class SilentBackend(Backend):
    """`none`: cues make no sound."""


class BellBackend(Backend):
    """`bell`: every cue rings the terminal bell (one sound for all cues, but not silence)."""

    name = "bell"

    def __init__(self, ring: Callable[[], None] | None = None) -> None:
        self._ring = ring if ring is not None else TerminalBell()

    def play(self, sound: Sound, words: str | None = None) -> None:
        """Ring the bell."""
        self._ring()


class TerminalBell:
    """Rings the controlling terminal's bell by writing BEL to /dev/tty; does nothing when there
    is no terminal. Used when the app gives the bell backend no `ring` of its own."""

    def __init__(self, path: str = "/dev/tty") -> None:
        self._path = path
        self._fd: int | None = None
        self._broken = False
        self._lock = threading.Lock()

    def __call__(self) -> None:
        """Write one BEL; give up quietly (and for good) if the terminal cannot be written."""
        with self._lock:
            if self._broken:
                return
            try:
                if self._fd is None:
                    # O_NOCTTY: never make a terminal ours just by ringing it.
                    self._fd = os.open(self._path, os.O_WRONLY | os.O_NOCTTY)
                os.write(self._fd, b"\a")
            except OSError:
                self._broken = True


_SIMPLEAUDIO_PROBE = """
import sys, time
try:
    import simpleaudio
    playing = simpleaudio.play_buffer(bytes(88), 1, 2, 44100)
    deadline = time.monotonic() + 2.0
    while playing.is_playing() and time.monotonic() < deadline:
        time.sleep(0.005)
except Exception as error:
    print(str(error).strip() or type(error).__name__)
    sys.exit(3)
print("ok")
"""
"""Opens the default device and plays 1 ms of silence, to its end, in a throwaway process."""


class SimpleaudioBackend(Backend):
    """`simpleaudio`: plays preloaded buffers in-process through ALSA (Linux), CoreAudio or WinMM.

    The probe runs in a subprocess because simpleaudio can take the whole interpreter down:
    it opens the device while holding the GIL (a hung sound server would freeze every
    thread), and simpleaudio 1.0.4 crashes the process after a sound ends on Python 3.12+.
    A probe that hangs, crashes or fails rules simpleaudio out before the app depends on it.
    """

    name = "simpleaudio"

    def __init__(self, probe_timeout: float = 3.0) -> None:
        self._probe_timeout = probe_timeout
        self._module = None
        self._waves: dict[str, object] = {}
        self._playing: list = []
        self._lock = threading.Lock()

    def check_available(self) -> None:
        """Import simpleaudio, with alsa-lib's own messages silenced first."""
        silence_alsa_errors()
        try:
            import simpleaudio
        except ImportError as error:
            raise BackendUnavailable(f"not installed ({error})") from None
        self._module = simpleaudio

    def start(self, sounds: Mapping[str, Sound]) -> None:
        """Probe the device, then wrap every sound in a WaveObject once."""
        self._probe()
        self._waves = {
            name: self._module.WaveObject(s.frames, s.channels, s.sample_width, s.rate) for name, s in sounds.items()
        }

    def _probe(self) -> None:
        if not sys.executable:  # an embedded interpreter: no way to run a probe apart
            return
        try:
            run = subprocess.run(
                [sys.executable, "-c", _SIMPLEAUDIO_PROBE],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                timeout=self._probe_timeout,
                start_new_session=True,
                text=True,
            )
        except subprocess.TimeoutExpired:
            raise BackendFailed(f"the device did not open within {self._probe_timeout:g} s") from None
        answer = run.stdout.strip()
        if run.returncode < 0:
            raise BackendFailed(f"crashed (signal {-run.returncode})")
        if run.returncode != 0 or answer != "ok":
            raise BackendFailed(answer or f"probe exited with status {run.returncode}")

    def play(self, sound: Sound, words: str | None = None) -> None:
        """Start the preloaded WaveObject; simpleaudio plays it on a thread of its own."""
        wave_object = self._waves.get(sound.name)
        if wave_object is None:
            wave_object = self._module.WaveObject(sound.frames, sound.channels, sound.sample_width, sound.rate)
        try:
            handle = wave_object.play()
        except Exception as error:
            # On a bare hardware device (no dmix, no sound server) a cue that overlaps our
            # previous one finds the device busy: that cue is lost, the backend is fine.
            if "busy" in str(error).lower() and self.busy():
                raise CueSkipped(str(error)) from None
            raise
        with self._lock:
            self._playing = [p for p in self._playing if p.is_playing()]
            self._playing.append(handle)

    def busy(self) -> bool:
        """Whether any sound started here is still playing."""
        with self._lock:
            self._playing = [p for p in self._playing if p.is_playing()]
            return bool(self._playing)

    def close(self) -> None:
        """Forget the buffers; sounds still playing end by themselves."""
        self._waves = {}


class SystemPlayerBackend(Backend):
    """A command-line player (`pw-play`, `paplay`, `aplay`, `afplay`) run once per cue.

    Each cue is a child process in its own session, with stdin, stdout and stderr on
    /dev/null, so nothing it says reaches the terminal and no key it might read is taken.
    Finished children are reaped on every `poll`; one that exited non-zero means the backend
    failed. One that runs far longer than any cue is stuck: it is killed and counts as a failure.
    """

    def __init__(
        self,
        program: str,
        options: tuple[str, ...] = (),
        *,
        probe_timeout: float = 0.5,
        stuck_after: float = 10.0,
        clock: Clock | None = None,
    ) -> None:
        self.name = program
        self._options = options
        self._probe_timeout = probe_timeout
        self._stuck_after = stuck_after
        self._clock = clock or SystemClock()
        self._executable: str | None = None
        self._children: list[tuple[subprocess.Popen, float]] = []
        self._lock = threading.Lock()
        self._scratch: str | None = None

    def check_available(self) -> None:
        """Find the program on PATH."""
        self._executable = shutil.which(self.name)
        if self._executable is None:
            raise BackendUnavailable("not found on PATH")

    def start(self, sounds: Mapping[str, Sound]) -> None:
        """Play 20 ms of silence and give the player a fraction of a second to fail.

        A player with no server or device (paplay without PulseAudio, aplay without a card)
        exits non-zero at once. One still running when the time is up is taken as working;
        its exit status is still checked later, like any cue's.
        """
        self._scratch = tempfile.mkdtemp(prefix="pchain-sound-")
        silence = Path(self._scratch) / "silence.wav"
        with wave.open(str(silence), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(44100)
            out.writeframes(bytes(2 * 882))
        child = self._spawn(silence)
        try:
            status = child.wait(timeout=self._probe_timeout)
        except subprocess.TimeoutExpired:
            with self._lock:
                self._children.append((child, self._clock.now()))
            return
        if status != 0:
            raise BackendFailed(_status(status))

    def _spawn(self, path: Path) -> subprocess.Popen:
        return subprocess.Popen(
            [self._executable or self.name, *self._options, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )

    def play(self, sound: Sound, words: str | None = None) -> None:
        """Start the player on the sound's file; do not wait for it."""
        child = self._spawn(sound.path)
        with self._lock:
            self._children.append((child, self._clock.now()))

    def poll(self) -> str | None:
        """Reap finished players; report the first that failed or got stuck."""
        problem = None
        now = self._clock.now()
        with self._lock:
            running = []
            for child, started in self._children:
                status = child.poll()
                if status is None and now - started > self._stuck_after:
                    child.kill()
                    child.wait()  # just killed: returns at once, and reaps it
                    problem = problem or f"a player did not finish within {self._stuck_after:g} s"
                elif status is None:
                    running.append((child, started))
                elif status != 0:
                    problem = problem or _status(status)
            self._children = running
        return problem

    def busy(self) -> bool:
        """Whether a player started here is still running (reaping those that ended)."""
        with self._lock:
            return any(child.poll() is None for child, _ in self._children)

    def close(self) -> None:
        """Reap what has ended and remove the probe's scratch folder; running players finish
        on their own (their Popen objects are reaped by subprocess when collected)."""
        self.poll()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _status(status: int) -> str:
    return f"killed by signal {-status}" if status < 0 else f"exited with status {status}"
