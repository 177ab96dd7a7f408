"""A running workout: the engine behind a lock, its cue thread, sound, and what gets saved.

Screens call the control methods here; each one takes the lock, acts on the engine at the
clock's current time, and wakes the cue thread. This is the one place where the engine, the
cue scheduler, the sound player and the history meet, and it imports nothing from Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from pchain_tui.cue_scheduler import CueScheduler
from pchain_tui.domain.clock import Clock
from pchain_tui.domain.cues import CueEvent
from pchain_tui.domain.engine import SessionEngine, SessionState, Status
from pchain_tui.domain.plan import Plan
from pchain_tui.domain.record import SessionRecord, SetRecord


class Sound(Protocol):
    """What a live session needs of the sound player."""

    def play(self, name: str) -> None:
        """Start playing a cue's sound without waiting for it."""
        ...


class SetLog(Protocol):
    """Where finished sets go (the history), as soon as they are finished."""

    def session_started(self, record: SessionRecord) -> None:
        """A session began (or was resumed)."""
        ...

    def set_saved(self, record: SessionRecord, set_record: SetRecord) -> None:
        """A set was finished or corrected."""
        ...

    def session_ended(self, record: SessionRecord) -> None:
        """The session finished or was quit."""
        ...


class LiveSession:
    """An engine run against the real clock, with cues played on time and sets saved at once."""

    def __init__(self, plan: Plan, clock: Clock, sound: Sound | None = None, log: SetLog | None = None,
                 record: SessionRecord | None = None, on_cue: Callable[[CueEvent], None] | None = None,
                 silent_cues: frozenset[str] = frozenset()) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self.engine = SessionEngine(plan, clock, record)
        self._sound = sound
        self._log = log
        self.on_cue = on_cue
        """Called (on the cue thread) with every cue played; the workout screen uses it to repaint."""
        self._silent = silent_cues
        self._saved = 0
        self._ended = False
        self.scheduler = CueScheduler(self.engine, self.lock, clock, self._cue)
        if log is not None:
            log.session_started(self.engine.record)

    @property
    def plan(self) -> Plan:
        """The plan being run."""
        return self.engine.plan

    @property
    def record(self) -> SessionRecord:
        """What has been done so far."""
        return self.engine.record

    def start(self) -> None:
        """Start playing cues."""
        self.scheduler.start()

    def stop(self) -> None:
        """Stop the cue thread (the record stays)."""
        self.scheduler.stop()

    def state(self) -> SessionState:
        """The session now."""
        with self.lock:
            state = self.engine.state(self.clock.now())
        self._save_new_sets()
        return state

    def next_cue_at(self) -> float | None:
        """When the next cue is due (None: nothing scheduled)."""
        with self.lock:
            event = self.engine.next_event()
        return None if event is None else event.at

    def deliver_due(self) -> list[CueEvent]:
        """Play whatever is due now, from the caller's thread (for a fake clock, without the cue thread)."""
        with self.lock:
            due = self.engine.poll(self.clock.now())
        for event in due:
            self._cue(event, self.clock.now())
        return due

    def _cue(self, event: CueEvent, _now: float) -> None:
        if self._sound is not None and event.cue.value not in self._silent:
            self._sound.play(event.cue.value)
        if self.on_cue is not None:
            self.on_cue(event)

    def _control(self, action: Callable[[float], object]) -> object:
        with self.lock:
            result = action(self.clock.now())
        self.scheduler.wake()
        self._save_new_sets()
        return result

    def _save_new_sets(self) -> None:
        """Hand every newly finished set to the log the moment the engine records it."""
        if self._log is None:
            return
        with self.lock:
            new = self.engine.finished_sets[self._saved:]
            record = self.engine.record
        for set_record in new:
            self._log.set_saved(record, set_record)
        self._saved += len(new)
        if record.state in ("finished", "abandoned") and not self._ended:
            self._ended = True
            self._log.session_ended(record)

    def toggle_pause(self) -> bool:
        """Pause or resume."""
        return bool(self._control(self.engine.toggle_pause))

    def next(self) -> bool:
        """Enter: move on / finish the set."""
        return bool(self._control(self.engine.next))

    def skip(self) -> bool:
        """Skip the current step."""
        return bool(self._control(self.engine.skip))

    def back(self) -> bool:
        """Go back a step."""
        return bool(self._control(self.engine.back))

    def count_rep(self) -> bool:
        """Count a self-paced rep."""
        return bool(self._control(self.engine.count_rep))

    def adjust_rest(self, seconds: float) -> float:
        """Add or remove rest."""
        return float(self._control(lambda now: self.engine.adjust_rest(now, seconds)))  # type: ignore[arg-type]

    def log_set(self, reps: int | None = None, seconds: float | None = None, load: str | None = None) -> None:
        """Correct the last set with what was really done, and save the correction."""
        with self.lock:
            changed = self.engine.log_set(reps, seconds, load)
            last = self.engine.record.sets[-1] if changed else None
        if last is not None and self._log is not None:
            self._log.set_saved(self.engine.record, last)

    def quit(self) -> None:
        """Stop the workout, keeping what was done."""
        self._control(self.engine.quit)
        self.stop()

    def abandon(self) -> None:
        """The app is going away (a signal): keep what was done and leave the session resumable."""
        if not self.finished:
            self.quit()

    @property
    def finished(self) -> bool:
        """True once the workout is over (finished or quit)."""
        return self.engine.status in (Status.FINISHED, Status.QUIT)
