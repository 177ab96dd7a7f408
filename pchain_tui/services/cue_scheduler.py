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

import sys
import threading
from collections.abc import Callable
from typing import Protocol

from pchain_tui.domain.clock import Clock
from pchain_tui.domain.session.cues import CueEvent

SPIN_SECONDS = 0.002
"""How long before an event the thread stops sleeping and spins: OS sleeps overshoot by ~0.1-1 ms."""
IDLE_WAIT = 1.0
"""How long to sleep when nothing is scheduled (a wake() cuts it short)."""
LEAD_SECONDS = 0.3
"""How far ahead cues are handed to `on_ahead` (a sound stream places them to the frame): more
than a stream's buffer, little enough that a pause or a skip seldom has anything to take back."""


class CueSource(Protocol):
    """What the scheduler needs of the engine."""

    def next_event(self) -> CueEvent | None:
        """The next event expected."""
        ...

    def poll(self, now: float | None = None) -> list[CueEvent]:
        """The events due by `now`, each once."""
        ...

    def upcoming(self, until: float) -> list[CueEvent]:
        """The events due by `until`, without delivering them."""
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
                 on_cue: Callable[[CueEvent, float], None], spin: float = SPIN_SECONDS,
                 on_polled: Callable[[], None] | None = None,
                 on_ahead: Callable[[list[CueEvent]], None] | None = None, lead: float = LEAD_SECONDS) -> None:
        self._source = source
        self._on_ahead = on_ahead
        """Called with the events due within `lead` whenever that list changes (a new event comes
        into it, or a pause or skip changed it): a sound stream places them ahead, to the frame."""
        self._lead = lead
        self._ahead: tuple | None = None
        self._on_polled = on_polled
        """Called after each poll of the engine (polling can finish a set: its owner sends it out)."""
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

    def hand_ahead_again(self) -> None:
        """What `on_ahead` makes of the same events changed (sound muted, a voice turned on): hand
        them ahead again now."""
        self._ahead = None  # one assignment: the cue thread sees the old value or this one
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
        now = self._clock.now()
        with self._lock:
            event = self._source.next_event()
            soon = self._source.upcoming(now + self._lead + IDLE_WAIT) if self._on_ahead is not None else []
        ahead = [e for e in soon if e.at <= now + self._lead]
        beyond = soon[len(ahead):len(ahead) + 1]  # the next event to hand ahead, if it is due within IDLE_WAIT
        self._hand_ahead(ahead)
        if event is None:
            wait(IDLE_WAIT)
            return
        now = self._clock.now()
        delay = event.at - now
        if delay > self._spin:
            sleep = delay - self._spin
            if self._on_ahead is not None:  # wake in time to hand the next event ahead, too
                sleep = min(sleep, beyond[0].at - self._lead - now if beyond else IDLE_WAIT)
            wait(max(sleep, 0.0))
            return  # woken or not, look again: the schedule may have changed
        while self._clock.now() < event.at and not self._wake.is_set():
            pass  # the last stretch: spinning beats a sleep that may overshoot
        with self._lock:
            due = self._source.poll(self._clock.now())
        for due_event in due:
            self._on_cue(due_event, self._clock.now())
        if self._on_polled is not None:
            self._on_polled()

    def _hand_ahead(self, ahead: list[CueEvent]) -> None:
        """Tell `on_ahead` the events due soon, when they differ from what it was told last."""
        if self._on_ahead is None:
            return
        seen = tuple((e.step_index, e.key, e.at) for e in ahead)
        if seen != self._ahead:
            self._ahead = seen
            self._on_ahead(ahead)

    def _wait(self, seconds: float) -> bool:
        woken = self._wake.wait(seconds)
        self._wake.clear()
        return woken
