"""`SoundPlayer`: plays cues by name without ever blocking or failing its caller.

`play` only puts the cue's name on a queue; one worker thread owned by the player hands it to
the backend. That thread also probes backends, notices failures and falls back along the
chain (simpleaudio, system players, bell, none), and reports each change once through
`notify`. So a slow, hung or broken backend costs the caller (the cue scheduler) nothing.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

from pchain_tui.domain.clock import Clock, SystemClock
from pchain_tui.domain.notice import Notice, Severity
from pchain_tui.sound.backends import (
    SYSTEM,
    SYSTEM_PLAYERS,
    Backend,
    CueSkipped,
    BellBackend,
    SilentBackend,
    SimpleaudioBackend,
    SystemPlayerBackend,
    TimedCue,
)
from pchain_tui.sound.bank import Sound, load_sounds
from pchain_tui.sound.stream import StreamBackend
from pchain_tui.sound.voice import Voice

FIRST_PHRASES = 4
"""Phrases rendered before the session may start (the first set's name and the first numbers)."""

_STOP = object()
"""Queued by `close`: the worker closes the backend and ends."""


class SoundPlayer:
    """Plays the cue sounds in `sounds_dir` through the first backend that works.

    `backend` forces one (a name from `BACKEND_CHOICES`); if it is unknown, unavailable or
    fails, the player says so and falls back to the others in the usual order.

    `notify` receives one `Notice` per change ("sound: using aplay", "sound: simpleaudio failed
    (...); using aplay"). It is always called from the player's own thread, never from the
    caller's, and must not block: in a Textual app, post a message (`App.post_message` is
    thread-safe). `ring` rings the bell for the `bell` backend; by default BEL goes to /dev/tty.

    `backends` replaces the real backends (tests); `clock` is the time source for deciding
    that a cue is stale or a backend hung. The sound files are read, and the backends probed, on
    the player's thread. Thread-safe: `play` may be called from any thread while another reads
    `backend_name`. Nothing is ever written to stdout or stderr.
    """

    def __init__(
        self,
        sounds_dir: Path,
        backend: str | None = None,
        notify: Callable[[Notice], None] | None = None,
        *,
        ring: Callable[[], None] | None = None,
        backends: Sequence[Backend] | None = None,
        max_delay: float = 0.5,
        hang_timeout: float = 2.0,
        health_interval: float = 0.25,
        clock: Clock | None = None,
        volume: float = 1.0,
        voice: Voice | None = None,
    ) -> None:
        self._notify = notify
        self._clock = clock or SystemClock()
        self._sounds_dir = sounds_dir
        self._max_delay = max_delay
        self._hang_timeout = hang_timeout
        self._health_interval = health_interval
        self._sounds: dict[str, Sound] = {}
        self._startup_notes: list[str] = []
        """Problems found before a backend is chosen, reported with the player's first message."""

        self._voice = voice
        """Speaks the cues' words through the stream (None: beeps only, as without --voice)."""
        self._offered = (list(backends) if backends is not None
                         else default_backends(ring, self._clock, volume, voice))
        self._forced = backend
        self._candidates: list[Backend] = [SilentBackend()]
        """The backends that exist here, in the order to try them (found on the player's thread)."""

        self._lock = threading.Lock()
        self._settled = threading.Condition(self._lock)
        """Signalled whenever a queued cue has been dealt with (for `drain`)."""
        self._index = 0
        self._backend: Backend = self._candidates[0]
        self._name = self._backend.name
        self._busy_since: float | None = None
        """When the worker handed the current cue to the backend; None between cues."""
        self._pending = 0
        self._generation = 0
        """Bumped when a hung worker is abandoned; a worker of an older generation just ends."""
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._closed = False
        self._unknown: set[str] = set()
        self._speech_ready = threading.Event()
        """Clear while the first phrases of a session are being rendered."""
        self._speech_ready.set()
        self._ready = threading.Event()
        """Set once the first backend has been chosen and started (a stream opened and settled)."""
        self._worker = self._start_worker(None)

    # -- the caller's side -------------------------------------------------------------------

    @property
    def latency(self) -> float:
        """Seconds from handing a cue over to hearing it, at the least (the stream's buffer; 0 for
        the players, which start each sound as they are asked)."""
        with self._lock:
            return self._backend.latency

    @property
    def backend_name(self) -> str:
        """The backend in use, or being tried while the player starts."""
        with self._lock:
            return self._name

    def play(self, name: str, key: Hashable | None = None, words: str | None = None) -> None:
        """Play the sound called `name` (a `Cue` value) now, with `words` spoken if there is a
        voice; return at once, never raise.

        `key` is the cue's identity: a cue already handed to `expect` under that key is placed by
        a stream backend to the frame, so its due-time play makes no second sound."""
        self._put(("play", name, key, words))

    def expect(self, cues: Sequence[TimedCue]) -> None:
        """The cues due soon, each with its clock time, as the session now sees them (replacing what
        was expected before: a cue no longer listed is dropped unless it has started). Only a
        stream backend uses them; the others play each cue when `play` comes."""
        self._put(("expect", tuple(cues), None, None))

    def _put(self, job: tuple) -> None:
        try:
            with self._lock:
                if self._closed:
                    return
                now = self._clock.now()
                if self._busy_since is not None and now - self._busy_since > self._hang_timeout:
                    self._abandon_hung_worker()
                self._pending += 1
                self._jobs.put((*job, now))
        except Exception:  # sound must never break its caller
            pass

    def prepare_speech(self, phrases: Sequence[str]) -> None:
        """Render a session's phrases ahead, on a thread of their own (about 0.1 s each with
        espeak-ng), so no cue waits for one. Says once why there will be no voice, if there is none."""
        voice = self._voice
        if voice is None:
            return

        first, rest = list(phrases[:FIRST_PHRASES]), list(phrases[FIRST_PHRASES:])

        def render() -> None:
            try:
                if voice.engine is None:
                    self._say_once("voice: no speech engine found (espeak-ng on Linux, say on macOS); beeps only")
                    return
                voice.prerender(first)
            finally:
                self._speech_ready.set()
            voice.prerender(rest)
            self._ready.wait(10)
            if not self._backend.schedules:
                self._say_once(f"voice: only the miniaudio stream can speak, not {self._name}; beeps only")

        self._speech_ready.clear()
        threading.Thread(target=render, name="pchain-voice", daemon=True).start()

    def _say_once(self, text: str) -> None:
        """A voice notice, once (it names itself: "voice: ...")."""
        if text not in self._unknown:
            self._unknown.add(text)
            if self._notify is not None:
                _quietly(self._notify, Notice(text, Severity.WARNING))

    def wait_ready(self, timeout: float) -> bool:
        """Wait (bounded) until a backend is chosen and started, and the first phrases a session
        will say are rendered, so the first cue is placed on time and said. For a worker thread,
        never the UI's. False on timeout."""
        deadline = self._clock.now() + timeout
        return self._ready.wait(timeout) and self._speech_ready.wait(max(0.0, deadline - self._clock.now()))

    def drain(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds until every queued cue has been started and has
        finished playing (to let a last sound end before exit, and for tests). False on timeout."""
        deadline = self._clock.now() + timeout
        with self._settled:
            if not self._settled.wait_for(lambda: self._pending == 0, timeout):
                return False
        while self._backend_busy():
            remaining = deadline - self._clock.now()
            if remaining <= 0:
                return False
            time.sleep(min(0.005, remaining))  # polling the backend: there is nothing to wait on
        return True

    def close(self, timeout: float = 1.0) -> None:
        """Stop after the cues already queued; wait at most `timeout` for the worker. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._jobs.put(_STOP)
            worker = self._worker
        if worker is not threading.current_thread():
            worker.join(timeout)

    def __enter__(self) -> SoundPlayer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- choosing backends -------------------------------------------------------------------

    def _usable(self, candidates: list[Backend], forced: str | None) -> list[Backend]:
        """The candidates that exist here, a forced one first, always ending with a silent one."""
        group: list[Backend] = []
        if forced is not None:
            if forced == SYSTEM:
                group = [b for b in candidates if b.name in SYSTEM_PLAYERS]
            else:
                group = [b for b in candidates if b.name == forced]
            if not group:
                choices = [b.name for b in candidates]
                if any(name in SYSTEM_PLAYERS for name in choices):
                    choices.insert(1, SYSTEM)
                self._startup_notes.append(f"unknown backend {forced!r} (choose from {', '.join(choices)})")
        ordered = group + [b for b in candidates if b not in group]

        usable, missing = [], []
        for backend in ordered:
            try:
                backend.check_available()
            except Exception as error:  # BackendUnavailable, or a broken installation: as missing
                missing.append((backend, _describe(error)))
                continue
            usable.append(backend)
        # A forced choice that does not exist is worth a word; the automatic order skips
        # what is not installed without comment.
        if group and not any(b in usable for b in group):
            self._startup_notes += [f"{b.name} is not available ({why})" for b, why in missing if b in group]
        if not usable or usable[-1].name != "none":
            usable.append(SilentBackend())
        return usable

    def _choose(self, start: int, failures: list[str]) -> None:
        """Start the candidates from `start` on until one works; report the outcome once."""
        for index in range(start, len(self._candidates)):
            backend = self._candidates[index]
            with self._lock:
                self._index, self._backend, self._name = index, backend, backend.name
            try:
                backend.start(self._sounds)
            except Exception as error:
                failures.append(f"{backend.name} failed ({_describe(error)})")
                _quietly(backend.close)
                continue
            break
        else:  # only reachable when a test's own "none" fails: end on a real silent one
            backend = SilentBackend()
            with self._lock:
                self._index, self._backend, self._name = len(self._candidates), backend, backend.name
        ending = "using none (silent)" if self._name == "none" else f"using {self._name}"
        # Silence is trouble unless it was asked for (`--sound none`).
        trouble = failures or (self._name == "none" and self._forced != "none")
        self._say("; ".join([*failures, ending]), Severity.WARNING if trouble else Severity.INFO)

    def _fall_back(self, failed: Backend, reason: str, *, close: bool = True) -> None:
        """`failed` stopped working: say so and move on to the next candidate."""
        if close:
            _quietly(failed.close)
        self._choose(self._index + 1, [f"{failed.name} failed ({reason})"])

    # -- the worker --------------------------------------------------------------------------

    def _start_worker(self, hung: Backend | None) -> threading.Thread:
        worker = threading.Thread(
            target=self._run, args=(self._generation, self._jobs, hung), name="pchain-sound", daemon=True
        )
        worker.start()
        return worker

    def _abandon_hung_worker(self) -> None:
        """The backend has not returned from `play` for too long: leave that thread to it and
        carry on with a fresh worker on the next backend. Called with the lock held."""
        self._generation += 1
        self._busy_since = None
        self._jobs = queue.SimpleQueue()
        self._pending = 0
        self._settled.notify_all()
        self._worker = self._start_worker(self._backend)

    def _run(self, generation: int, jobs: queue.SimpleQueue, hung: Backend | None) -> None:
        if hung is None:
            try:  # reading files and probing for backends is slow enough to keep off the caller's thread
                self._sounds, self._startup_notes = load_sounds(self._sounds_dir)
                self._candidates = self._usable(self._offered, self._forced)
            except Exception as error:  # a surprise here leaves the silent backend, and says why
                self._startup_notes.append(f"cannot start ({_describe(error)})")
            self._choose(0, list(self._startup_notes))
            self._ready.set()
        else:
            # Do not close it: close() might hang in the same place that play() did.
            self._fall_back(hung, f"did not return within {self._hang_timeout:g} s", close=False)
        while True:
            # While something plays, wake up now and then to reap it and notice a failure.
            timeout = self._health_interval if self._backend_busy() else None
            try:
                job = jobs.get(timeout=timeout)
            except queue.Empty:
                job = None
            if self._generation != generation:
                return
            if job is _STOP:
                _quietly(self._backend.close)
                return
            if job is not None:
                self._handle(job, generation)
            if self._generation != generation:
                return  # the backend hung in that cue and this thread was abandoned
            self._check_health(generation)

    def _handle(self, job: tuple, generation: int) -> None:
        kind, what, key, words, queued_at = job
        try:
            if kind == "expect":
                if self._backend.schedules:
                    self._backend.expect(what)
                return
            sound = self._sounds.get(what) if isinstance(what, str) else None
            if sound is None:
                if repr(what) not in self._unknown:
                    self._unknown.add(repr(what))
                    self._say(f"no sound named {what!r}")
            elif key is not None and self._backend.schedules and self._backend.expected(key):
                pass  # placed ahead, to the frame
            elif self._clock.now() - queued_at <= self._max_delay:  # a late cue would mislead
                self._play(sound, generation, words)
        except Exception:  # the worker must outlive any surprise, or sound stops for good
            pass
        finally:
            with self._lock:
                if self._generation == generation:
                    self._pending -= 1
                    self._settled.notify_all()

    def _play(self, sound: Sound, generation: int, words: str | None = None) -> None:
        """Hand `sound` to the backend; if that fails, fall back and try the next one."""
        while True:
            backend = self._backend
            with self._lock:
                self._busy_since = self._clock.now()
            error = None
            try:
                backend.play(sound, words)
            except CueSkipped:
                pass
            except Exception as exc:
                error = exc
            with self._lock:
                if self._generation != generation:
                    return  # abandoned while the backend hung: a newer worker has taken over
                self._busy_since = None
            if error is None:
                return
            self._fall_back(backend, _describe(error))

    def _check_health(self, generation: int) -> None:
        backend = self._backend
        try:
            problem = backend.poll()
        except Exception as error:
            problem = _describe(error)
        if problem and self._generation == generation:
            self._fall_back(backend, problem)

    def _backend_busy(self) -> bool:
        try:
            return bool(self._backend.busy())
        except Exception:
            return False

    def _say(self, text: str, severity: Severity = Severity.WARNING) -> None:
        if self._notify is not None:
            _quietly(self._notify, Notice(f"sound: {text}", severity))


def _quietly(function: Callable, *args: object) -> None:
    """Call `function`, ignoring any exception: nothing about sound may escape."""
    try:
        function(*args)
    except Exception:
        pass


def _describe(error: BaseException) -> str:
    """An exception as one short line."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def default_backends(ring: Callable[[], None] | None = None, clock: Clock | None = None,
                     volume: float = 1.0, voice: Voice | None = None) -> list[Backend]:
    """One of each backend, in `AUTO_ORDER`; `ring` rings the bell for the `bell` backend; the
    stream keeps its frames on `clock`, plays at `volume` (0-1) and speaks with `voice`."""
    return [
        StreamBackend(clock, volume, voice),
        SimpleaudioBackend(),
        *(SystemPlayerBackend(program, options) for program, options in SYSTEM_PLAYERS.items()),
        BellBackend(ring),
        SilentBackend(),
    ]
