"""How long the session engine takes per call, next to a 60 Hz frame (16.7 ms).

Runs a bundled routine on a fake clock and, at many points through the session, times
`state(now)` (what a repaint asks), `next_event()` (what the cue scheduler asks) and `poll(now)`.
A baseline measured in the same run, `time.monotonic()`, is printed beside them so the figures
can be compared across machines. Usage: python bench/engine.py [ROUTINE_ID]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from pchain_tui.domain.clock import FakeClock
from pchain_tui.domain.files.catalog import load_catalog
from pchain_tui.domain.session.engine import SessionEngine, Status
from pchain_tui.domain.session.plan import build_plan
from pchain_tui.storage import paths

FRAME_MS = 1000 / 60
REPEAT = 200


def per_call_us(fn, repeat: int = REPEAT) -> float:
    """Median over 5 rounds of the mean time per call, in microseconds."""
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        rounds.append((time.perf_counter() - start) / repeat * 1e6)
    return statistics.median(rounds)


def main() -> None:
    routine_id = sys.argv[1] if len(sys.argv) > 1 else "seven-moves"
    catalog = load_catalog(paths.bundled_routines_dir(), Path("/nonexistent"))
    routine = catalog.find(routine_id).result.routine
    clock = FakeClock()
    engine = SessionEngine(build_plan(routine), clock)
    figures: dict[str, list[float]] = {"state": [], "next_event": [], "poll": [], "baseline monotonic()": []}
    samples = 0
    while engine.status is not Status.FINISHED:
        state = engine.state()
        if state.left is None:  # intro or a self-paced set: move on as a person would
            engine.next(clock.now())
            continue
        clock.advance(0.5)
        samples += 1
        if samples % 20:
            continue
        now = clock.now()
        figures["state"].append(per_call_us(lambda at=now: engine.state(at)))
        figures["next_event"].append(per_call_us(engine.next_event))
        figures["poll"].append(per_call_us(lambda at=now: engine.poll(at)))
        figures["baseline monotonic()"].append(per_call_us(time.monotonic))
        engine.poll(now)
    baseline = statistics.median(figures["baseline monotonic()"])
    print(f"routine {routine_id}: {len(figures['state'])} points through the session, {REPEAT} calls each")
    print(f"{'call':22} {'median us':>10} {'max us':>10} {'x monotonic':>12} {'% of 60 Hz frame':>17}")
    for name, values in figures.items():
        median, worst = statistics.median(values), max(values)
        share = median / 1000 / FRAME_MS * 100
        print(f"{name:22} {median:10.2f} {worst:10.2f} {median / baseline:12.1f} {share:16.3f}%")
    worst_ms = max(max(v) for k, v in figures.items() if k != "baseline monotonic()") / 1000
    verdict = "PASS" if worst_ms < 0.1 else "FAIL"
    print(f"target: every call well under 0.1 ms; worst {worst_ms:.4f} ms: {verdict}")


if __name__ == "__main__":
    main()
