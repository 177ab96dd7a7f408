"""A running workout: the engine behind a lock, its cue thread, sound, and what gets saved.

Screens call the control methods here; each one takes the lock, acts on the engine at the
clock's current time, and wakes the cue thread. What happens (a cue played, a set finished, the
session ended) goes out as events to the log (the history, on a thread of its own) and to the
listener (the screen, which posts itself a message), from whichever thread advanced the engine.
Nobody outside reads the engine: they get snapshots (`state()`) and events.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Protocol, TypeVar

from pchain_tui.domain.clock import Clock
from pchain_tui.domain.session.cues import CueEvent
from pchain_tui.domain.session.engine import SessionEngine, SessionState, Status
from pchain_tui.domain.session.plan import Plan, Step, StepKind
from pchain_tui.domain.session.record import SessionRecord, SetRecord
from pchain_tui.domain.session.spoken import Speech, phrases, words_for
from pchain_tui.services.cue_scheduler import CueScheduler
from pchain_tui.sound.backends import TimedCue

T = TypeVar("T")

HANDOVER = 0.08
"""Seconds for a cue to reach the stream (the cue thread, the player's queue) on top of its buffer, with
room for a busy machine (30 ms was short beside a test suite on every core)."""


class CueSound(Protocol):
    """What a live session needs of the sound player."""

    def play(self, name: str, key: Hashable | None = None, words: str | None = None) -> None:
        """Start playing a cue's sound now without waiting for it; `key` is the cue's identity,
        `words` what a voice says with it."""
        ...

    def prepare_speech(self, phrases: Sequence[str]) -> None:
        """Render what the session can say, ahead, off the caller's thread."""
        ...

    @property
    def latency(self) -> float:
        """Seconds from handing a cue over to hearing it, at the least."""
        ...

    def expect(self, cues: Sequence[TimedCue]) -> None:
        """The cues due soon, with their clock times, replacing what was expected before."""
        ...


class SetLog(Protocol):
    """Where the session goes (the history). Every call must return at once: it only queues."""

    def session_started(self, record: SessionRecord) -> None:
        """A session began (or was resumed); `record` is a snapshot."""
        ...

    def set_saved(self, set_record: SetRecord) -> None:
        """A set was finished or corrected."""
        ...

    def session_ended(self, record: SessionRecord) -> None:
        """The session finished or was quit; `record` is a snapshot."""
        ...


class SessionListener(Protocol):
    """Who hears what happens (the workout screen). Called on the cue thread or the caller's."""

    def cue_played(self, event: CueEvent) -> None:
        """A cue was just played."""
        ...

    def set_finished(self, set_record: SetRecord) -> None:
        """A set (one side of a per-side set) was finished, by its timer or by the person, or skipped."""
        ...

    def session_ended(self, record: SessionRecord) -> None:
        """The workout is over (finished or quit); `record` is a snapshot."""
        ...


class LiveSession:
    """An engine run against the real clock, with cues played on time and sets saved at once."""

    def __init__(self, plan: Plan, clock: Clock, sound: CueSound | None = None, log: SetLog | None = None,
                 record: SessionRecord | None = None, silent_cues: frozenset[str] = frozenset(),
                 speech: Speech | None = None, muted: bool = False) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._engine = SessionEngine(plan, clock, record)
        self._sound = sound
        self._log = log
        self.listener: SessionListener | None = None
        """Hears every cue, finished set and the end; set by the screen that shows the session."""
        self._silent = silent_cues
        """Cues with neither a sound nor words (tap mode's phases, the person's quiet cues)."""
        self._speech = speech
        """What the voice says (None: no voice)."""
        self._muted = muted
        """No cue sounds (the screen flashes instead); the sound stays open, to be turned on again."""
        self._ended = False
        if sound is not None and speech is not None:  # rendered ahead, while the person reads the intro
            sound.prepare_speech(phrases(plan, speech))
        self.scheduler = CueScheduler(self._engine, self._lock, clock, self._cue, on_polled=self._after,
                                      on_ahead=self._ahead if sound is not None else None)
        if log is not None:
            log.session_started(self.record)

    @property
    def plan(self) -> Plan:
        """The plan being run (never changes)."""
        return self._engine.plan

    @property
    def record(self) -> SessionRecord:
        """A snapshot of what has been done so far."""
        with self._lock:
            return self._engine.record.snapshot()

    def start(self) -> None:
        """Start playing cues on the cue thread."""
        self.scheduler.start()

    def stop(self) -> None:
        """Stop the cue thread (the record stays)."""
        self.scheduler.stop()

    def state(self) -> SessionState:
        """The session now: a snapshot to draw from."""
        return self._engine_call(lambda now: self._engine.state(now))

    def next_cue_at(self) -> float | None:
        """When the next cue is due (None: nothing scheduled)."""
        with self._lock:
            event = self._engine.next_event()
        return None if event is None else event.at

    @property
    def finished(self) -> bool:
        """True once the workout is over (finished or quit)."""
        with self._lock:
            return self._engine.status in (Status.FINISHED, Status.QUIT)

    # --- controls ------------------------------------------------------------------------------

    def toggle_pause(self) -> bool:
        """Pause or resume."""
        return bool(self._control(self._engine.toggle_pause))

    def load_for(self, step: Step) -> str | None:
        """The load a set starts from: its exercise's load as last logged today, else the plan's."""
        with self._lock:
            return self._engine.load_for(step)

    def set_muted(self, muted: bool) -> None:
        """Silence the cues, or let them sound again: from the next cue not yet heard."""
        self._muted = muted
        self.scheduler.hand_ahead_again()  # the cues placed ahead are taken back (or placed)

    def set_speech(self, speech: Speech | None) -> None:
        """Turn the voice on (rendering its phrases first, off this thread) or off, from the next cue."""
        self._speech = speech
        if self._sound is not None and speech is not None:
            self._sound.prepare_speech(phrases(self.plan, speech))
        self.scheduler.hand_ahead_again()

    def pause(self) -> bool:
        """Pause; False when it was not running."""
        return bool(self._control(self._engine.pause))

    def resume(self) -> bool:
        """Carry on after a pause (a set restarts after a short get-ready); False when not paused."""
        return bool(self._control(self._engine.resume))

    def next(self) -> bool:
        """Enter: move on / finish the set.

        Leaving an intro starts a countdown whose first tick is due at once; a stream can only make
        it heard one buffer later, off the beat of the ticks after it. So the countdown starts that
        much later (the screen shows it now, its first number a moment before the tick)."""
        with self._lock:
            intro = self._engine.step.kind is StepKind.INTRO
        lead = self._sound.latency + HANDOVER if intro and self._sound is not None and self._sound.latency else 0.0
        return bool(self._control(lambda now: self._engine.next(now + lead)))

    def skip(self) -> bool:
        """Skip the current step."""
        return bool(self._control(self._engine.skip))

    def back(self) -> bool:
        """Go back a step."""
        return bool(self._control(self._engine.back))

    def count_rep(self) -> bool:
        """Count a self-paced rep."""
        return bool(self._control(self._engine.count_rep))

    def uncount_rep(self) -> bool:
        """Take back the last self-paced rep counted."""
        return bool(self._control(self._engine.uncount_rep))

    def adjust_rest(self, seconds: float) -> float:
        """Add or remove rest; returns the change made."""
        return float(self._control(lambda now: self._engine.adjust_rest(now, seconds)))

    def log_set(self, key: tuple | None = None, reps: int | None = None, seconds: float | None = None,
                load: str | None = None, note: str | None = None, *, rpe: float | None = None,
                rir: float | None = None) -> None:
        """Correct a finished set (by its key; the last by default) with what was really done, and
        save the correction."""
        with self._lock:
            corrected = self._engine.log_set(key, reps, seconds, load, note, rpe=rpe, rir=rir)
        if corrected is not None and self._log is not None:
            self._log.set_saved(corrected)

    def quit(self) -> None:
        """Stop the workout, keeping what was done."""
        self._control(self._engine.quit)
        self.stop()

    def abandon(self) -> None:
        """The app is going away (a signal): keep what was done and leave the session resumable."""
        if not self.finished:
            self.quit()

    # --- inside --------------------------------------------------------------------------------

    def _control(self, action: Callable[[float], T]) -> T:
        result = self._engine_call(action)
        self.scheduler.wake()
        return result

    def _engine_call(self, action: Callable[[float], T]) -> T:
        """Act on the engine under the lock, then send out what that made happen."""
        with self._lock:
            result = action(self.clock.now())
        self._after()
        return result

    def _after(self) -> None:
        """Hand every newly finished set, and the end of the session, to the log and the listener.

        Called after every engine call, on whichever thread made it; the engine's outbox makes each
        set go out exactly once."""
        with self._lock:
            finished = self._engine.take_finished()
            corrected = self._engine.take_corrected()
            over = self._engine.status in (Status.FINISHED, Status.QUIT) and not self._ended
            self._ended = self._ended or over
            ended = self._engine.record.snapshot() if over else None
        listener = self.listener
        for set_record in corrected:
            if self._log is not None:
                self._log.set_saved(set_record)
        for set_record in finished:
            if self._log is not None:
                self._log.set_saved(set_record)
            if listener is not None:
                listener.set_finished(set_record)
        if ended is not None:
            if self._log is not None:
                self._log.session_ended(ended)
            if listener is not None:
                listener.session_ended(ended)

    def _ahead(self, events: list[CueEvent]) -> None:
        """The cues due soon go to the sound ahead of time, so a stream can place them to the frame."""
        assert self._sound is not None
        self._sound.expect([] if self._muted else [TimedCue(_identity(e), e.cue.value, e.at, self._words(e))
                                                   for e in events if e.cue.value not in self._silent])

    def _words(self, event: CueEvent) -> str | None:
        return words_for(event, self.plan, self._speech) if self._speech is not None else None

    def _cue(self, event: CueEvent, _now: float) -> None:
        if self._sound is not None and not self._muted and event.cue.value not in self._silent:
            self._sound.play(event.cue.value, _identity(event), self._words(event))
        listener = self.listener
        if listener is not None:
            listener.cue_played(event)


def _identity(event: CueEvent) -> tuple:
    """What tells a cue apart from every other of the session: its step and its key in that step's visit."""
    return (event.step_index, event.key)
