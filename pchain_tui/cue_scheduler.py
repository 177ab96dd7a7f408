"""Plays cue events at their scheduled times, on a thread of its own, whatever the UI is doing.

The thread asks the engine for the next event, sleeps until just before it, spins the last
stretch, then polls the engine and hands every due event to `on_cue`. Any change to the session
(pause, skip, +15 s...) is followed by `wake()`, so the thread looks again at once; events are
always taken from the engine, so a changed schedule is followed exactly.

Textual's own timers run 5-7 ms late on a busy machine, too late for a metronome; a thread
sleeping to absolute deadlines is not tied to repaints. Python's GIL can still delay the wake-up
by its switch interval, so the app lowers that (see `tighten_switch_interval`).
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from typing import Protocol

from pchain_tui.domain.clock import Clock
from pchain_tui.domain.cues import CueEvent

SPIN_SECONDS = 0.002
"""How long before an event the thread stops sleeping and spins: OS sleeps overshoot by ~0.1-1 ms."""
IDLE_WAIT = 1.0
"""How long to sleep when nothing is scheduled (a wake() cuts it short)."""


class CueSource(Protocol):
    """What the scheduler needs of the engine."""

    def next_event(self) -> CueEvent | None:
        """The next event expected."""
        ...

    def poll(self, now: float | None = None) -> list[CueEvent]:
        """The events due by `now`, each once."""
        ...


def tighten_switch_interval(seconds: float = 0.0005) -> float:
    """Let a waking thread take the GIL sooner (the default 5 ms would make cues late).

    Returns the previous interval, to restore when no cues are being played."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, seconds))
    return previous


class CueScheduler:
    """Delivers an engine's cue events to `on_cue` at their times, from a daemon thread."""

    def __init__(self, source: CueSource, lock: threading.Lock, clock: Clock,
                 on_cue: Callable[[CueEvent, float], None], spin: float = SPIN_SECONDS) -> None:
        self._source = source
        self._lock = lock
        self._clock = clock
        self._on_cue = on_cue
        self._spin = spin
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._previous_interval: float | None = None

    def start(self) -> None:
        """Start the thread (and make the GIL switch often enough for it to be on time)."""
        self._previous_interval = tighten_switch_interval()
        self._thread = threading.Thread(target=self._run, name="pchain-cues", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """The schedule may have changed: look at the next event again now."""
        self._wake.set()

    def stop(self, timeout: float = 1.0) -> None:
        """Stop the thread and wait for it (bounded)."""
        self._stopped.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        if self._previous_interval is not None:
            sys.setswitchinterval(self._previous_interval)
            self._previous_interval = None

    def _run(self) -> None:
        while not self._stopped.is_set():
            self.step()

    def step(self, wait: Callable[[float], bool] | None = None) -> None:
        """One round: sleep towards the next event (cut short by wake) or deliver what is due.

        `wait(seconds) -> woken` is the sleep; tests pass one that moves a fake clock instead.
        """
        wait = wait or self._wait
        with self._lock:
            event = self._source.next_event()
        if event is None:
            wait(IDLE_WAIT)
            return
        delay = event.at - self._clock.now()
        if delay > self._spin:
            wait(delay - self._spin)
            return  # woken or not, look again: the schedule may have changed
        while self._clock.now() < event.at and not self._wake.is_set():
            pass  # the last stretch: spinning beats a sleep that may overshoot
        with self._lock:
            due = self._source.poll(self._clock.now())
        for due_event in due:
            self._on_cue(due_event, self._clock.now())

    def _wait(self, seconds: float) -> bool:
        woken = self._wake.wait(seconds)
        self._wake.clear()
        return woken


class QuietGarbageCollector:
    """Runs Python's garbage collector only between cues.

    A full collection stops every thread for 10 ms or more while the UI churns through objects,
    which would make a cue late. While a workout runs, automatic collection is off and this is
    called from the repaint timer: it collects the young generation when no cue is due within
    `young_gap`, and everything when none is due within `full_gap` (rests, intros, pauses).
    """

    def __init__(self, young_gap: float = 0.05, full_gap: float = 0.5, full_every: float = 60.0) -> None:
        self.young_gap = young_gap
        self.full_gap = full_gap
        self.full_every = full_every
        self._was_enabled = False
        self._last_full = float("-inf")

    def start(self) -> None:
        """Turn automatic collection off (it is put back as it was by `stop`)."""
        self._was_enabled = gc.isenabled()
        gc.disable()

    def stop(self) -> None:
        """Let Python collect garbage by itself again, if it did before."""
        if self._was_enabled:
            gc.enable()

    def tick(self, now: float, next_cue_at: float | None) -> None:
        """Collect what can be collected before the next cue."""
        gap = float("inf") if next_cue_at is None else next_cue_at - now
        threshold = gc.get_threshold()[0]
        if gap > self.full_gap and now - self._last_full > self.full_every:
            gc.collect()
            self._last_full = now
        elif gap > self.young_gap and gc.get_count()[0] > threshold:
            gc.collect(1 if gc.get_count()[1] > gc.get_threshold()[1] else 0)
