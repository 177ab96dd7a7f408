"""How late cues are played, with the cue thread, while a Textual app repaints at 60 Hz.

Two copies of the same fast metronome run side by side on the real clock, under the same
headless Textual app that repaints big digits and a bar 60 times a second:

- **cue thread**: pchain's CueScheduler (a thread sleeping to absolute deadlines);
- **naive**: the same kind of session polled from a Textual `set_interval(1/100)` timer.

For every cue, lateness = when `play()` was called - when the engine scheduled it.
Target: p99 <= 1 ms for the cue thread. Usage: python bench/cue_timing.py [CUES]
"""

from __future__ import annotations

import statistics
import sys
import time

from textual.app import App, ComposeResult

from pchain_tui.domain.clock import SystemClock
from pchain_tui.domain.model import Block, Exercise, Routine
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.session.cues import CueEvent
from pchain_tui.domain.session.plan import Timings, build_plan
from pchain_tui.domain.tempo import parse_tempo
from pchain_tui.services.cue_scheduler import tighten_switch_interval
from pchain_tui.services.live_session import LiveSession
from pchain_tui.services.quiet_gc import QuietGarbageCollector
from pchain_tui.ui.widgets.big_digits import BigDigits
from pchain_tui.ui.widgets.fill_bar import FillBar

TEMPO = "0.1-0.05-0.1-0.05"  # 4 phase cues and a rep cue every 0.3 s: a dense stream of cues


class Recorder:
    """Stands in for the sound player: notes when each play() call happens."""

    def __init__(self, clock: SystemClock) -> None:
        self.clock = clock
        self.calls: list[float] = []

    def play(self, name: str) -> None:
        """Note the time of the call."""
        self.calls.append(self.clock.now())


class Events(list):
    """Listens to a live session and keeps every cue it plays."""

    def cue_played(self, event: CueEvent) -> None:
        self.append(event)

    def set_finished(self, set_record) -> None:
        pass

    def session_ended(self, record) -> None:
        pass


def session(reps: int, clock: SystemClock) -> tuple[LiveSession, Recorder, list[CueEvent]]:
    exercise = Exercise(id="bench", name="Bench")
    block = Block(exercise, 1, Range(reps, reps), None, Range(1, 1), parse_tempo(TEMPO))
    plan = build_plan(Routine(id="bench", name="Bench", blocks=(block,)), timings=Timings(get_ready=1.0))
    recorder = Recorder(clock)
    events = Events()
    live = LiveSession(plan, clock, recorder)
    live.listener = events
    return live, recorder, events


def play_due(live: LiveSession) -> None:
    """The naive way: whatever is due when a UI timer fires."""
    while (at := live.next_cue_at()) is not None and at <= live.clock.now():
        live.scheduler.step()


class Load(App[None]):
    """Repaints big digits and a bar at 60 Hz while the two metronomes run."""

    def __init__(self, reps: int) -> None:
        super().__init__()
        self.clock = SystemClock()
        self.reps = reps
        self.threaded = session(reps, self.clock)
        self.naive = session(reps, self.clock)
        self.frames = 0

    def compose(self) -> ComposeResult:
        yield BigDigits()
        yield FillBar()

    def on_mount(self) -> None:
        self.gc = QuietGarbageCollector()  # as the workout screen does
        self.gc.start()
        for live, _recorder, _events in (self.threaded, self.naive):
            live.next()  # past the intro: the get-ready starts now, with the app running
        self.threaded[0].start()
        self.set_interval(1 / 60, self.repaint)
        self.set_interval(1 / 100, lambda: play_due(self.naive[0]))

    def repaint(self) -> None:
        state = self.threaded[0].state()
        self.gc.tick(state.now, self.threaded[0].next_cue_at())
        self.query_one(BigDigits).value = f"{self.frames % 100:02d}"
        self.query_one(FillBar).fraction = state.phase_fraction
        self.frames += 1
        if self.threaded[0].finished and self.naive[0].finished:
            self.exit()


def lateness_ms(recorder: Recorder, events: list[CueEvent]) -> list[float]:
    return [(call - event.at) * 1000 for call, event in zip(recorder.calls, events)]


def describe(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"{name:12} cues {len(values):4}   p50 {statistics.median(values):7.3f} ms   p99 {p99:7.3f} ms   "
            f"max {max(values):7.3f} ms")


def main() -> None:
    cues = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    reps = max(1, cues // 5)
    tighten_switch_interval()
    app = Load(reps)
    started = time.perf_counter()
    app.run(headless=True, size=(100, 30))
    seconds = time.perf_counter() - started
    threaded = lateness_ms(app.threaded[1], app.threaded[2])
    naive = lateness_ms(app.naive[1], app.naive[2])
    print(f"{len(threaded)} cues at tempo {TEMPO} over {seconds:.1f} s; the app repainted {app.frames} times "
          f"({app.frames / seconds:.0f} Hz)")
    print(describe("cue thread", threaded))
    print(describe("naive 10 ms", naive))
    p99 = sorted(threaded)[int(len(threaded) * 0.99)]
    print(f"naive / cue thread at p99: {sorted(naive)[int(len(naive) * 0.99)] / max(p99, 1e-6):.0f}x")
    print(f"target: cue thread p99 <= 1 ms: {p99:.3f} ms {'PASS' if p99 <= 1.0 else 'FAIL'}")


if __name__ == "__main__":
    main()
