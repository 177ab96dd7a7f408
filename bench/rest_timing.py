"""Does a 60 s rest last 60 s, and does its countdown show every second exactly once?

Runs the real app (headless, real clock, the cue thread on) through a one-rep set and a rest.
Sound is recorded instead of played: the rest lasts from the set-end cue to the rest-end cue,
each timed at its play() call. The big digits are watched: during the rest they must show
60, 59, ..., 1 with no second skipped or repeated, and each change is timed against the true
second boundary. Targets: rest within 10 ms of its length; no skipped or repeated second.
Usage: python bench/rest_timing.py [SECONDS]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
from pathlib import Path

from pchain_tui.domain.clock import SystemClock
from pchain_tui.domain.model import Block, Exercise, Routine
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.session.plan import StepKind
from pchain_tui.domain.tempo import parse_tempo
from pchain_tui.services.container import Services
from pchain_tui.services.cue_scheduler import tighten_switch_interval
from pchain_tui.ui.app import AppOptions, PchainApp
from pchain_tui.ui.widgets.big_digits import BigDigits


class Recorder:
    def __init__(self, clock: SystemClock) -> None:
        self.clock = clock
        self.calls: list[tuple[str, float]] = []

    def play(self, name: str, key=None, words=None) -> None:
        self.calls.append((name, self.clock.now()))

    def prepare_speech(self, phrases) -> None:
        pass

    def expect(self, cues) -> None:
        pass

    latency = 0.0

    def wait_ready(self, timeout: float) -> bool:
        return True

    def drain(self, timeout: float) -> bool:
        return True

    def close(self) -> None:
        pass


async def run(rest: float) -> None:
    clock = SystemClock()
    recorder = Recorder(clock)
    shown: list[tuple[float, str, StepKind]] = []
    block = Block(Exercise(id="bench", name="Bench"), 2, Range(1, 1), None, Range(rest, rest), parse_tempo("1-0-1-0"))
    routine = Routine(id="bench", name="Bench", blocks=(block,))
    app = PchainApp(AppOptions(user_dir=Path(tempfile.mkdtemp()), routine=routine), Services(clock, sound=recorder))

    def watch_value(widget: BigDigits, value: str) -> None:
        screen = next((s for s in app.screen_stack if hasattr(s, "live")), None)
        kind = screen.live.state().step.kind if screen is not None else None
        shown.append((clock.now(), value, kind))

    BigDigits.watch_value = watch_value  # type: ignore[attr-defined]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # overview: start
        await pilot.press("enter")  # intro: read
        while not any(name == "rest-end" for name, _ in recorder.calls):
            await asyncio.sleep(0.2)
        await asyncio.sleep(0.2)
    set_end = next(t for name, t in recorder.calls if name == "set-end")
    rest_end = next(t for name, t in recorder.calls if name == "rest-end")
    measured = rest_end - set_end
    print(f"rest of {rest:g} s: from the set-end cue to the rest-end cue {measured:.4f} s "
          f"(off by {(measured - rest) * 1000:+.2f} ms)")
    during = [(t, v) for t, v, kind in shown if kind is StepKind.REST]
    seconds = [_seconds(v) for _t, v in during]
    expected = list(range(int(rest), 0, -1))
    print(f"countdown showed {len(seconds)} values; every second from {int(rest)} to 1 exactly once: "
          f"{seconds == expected}")
    late = [(t - (set_end + (rest - s))) * 1000 for (t, _v), s in zip(during, seconds)]
    print(f"each digit shown after its second began: median {statistics.median(late):.1f} ms, "
          f"max {max(late):.1f} ms")
    ok = abs(measured - rest) <= 0.010 and seconds == expected
    print(f"target: within 10 ms, no skipped or repeated second: {'PASS' if ok else 'FAIL'}")


def _seconds(value: str) -> int:
    minutes, _, secs = value.rpartition(":")
    return int(minutes or 0) * 60 + int(secs)


if __name__ == "__main__":
    tighten_switch_interval()
    asyncio.run(run(float(sys.argv[1]) if len(sys.argv) > 1 else 60.0))
