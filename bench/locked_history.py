"""Does the workout screen stay on time while another process holds the history database locked?

Runs the real app (headless, real clock, the cue thread on, a real history) through a short
workout twice in one run: once with the database free (the baseline), once while a second
process holds SQLite's write lock the whole time, so every save waits out the busy timeout.
Measured each time:

- the app's event-loop lag: a task asks to wake every 5 ms and notes how late it wakes (the UI
  thread is blocked for at least that long);
- how late each rest second appears on the big digits after it began;
- whether every set reaches the disk once the lock goes (the history retries by itself).

Target: the locked run's loop lag and digit lateness (p99) within a few ms of the baseline's, and
every set saved. Usage: python bench/locked_history.py [SETS]
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pchain_tui.domain.clock import SystemClock
from pchain_tui.domain.model import Block, Exercise, Routine
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.session.plan import StepKind
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.tempo import parse_tempo
from pchain_tui.services.container import Services
from pchain_tui.services.cue_scheduler import tighten_switch_interval
from pchain_tui.services.history_service import HistoryService
from pchain_tui.storage.history_store import HistoryStore
from pchain_tui.storage.safe_history import SafeHistory
from pchain_tui.ui.app import AppOptions, PchainApp
from pchain_tui.ui.dialogs.set_done import SetDoneDialog
from pchain_tui.ui.screens.summary import SummaryScreen
from pchain_tui.ui.widgets.big_digits import BigDigits

REST = 4.0
TICK = 0.005

HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
db.execute("ROLLBACK")
"""


class Silent:
    def play(self, name: str, key=None, words=None) -> None:
        pass

    def expect(self, cues) -> None:
        pass

    def prepare_speech(self, phrases) -> None:
        pass

    latency = 0.0

    def wait_ready(self, timeout: float) -> bool:
        return True

    def drain(self, timeout: float) -> bool:
        return True

    def close(self) -> None:
        pass


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def workout(database: Path, sets: int) -> dict:
    clock = SystemClock()
    told: list[str] = []
    history = HistoryService(SafeHistory(database, clock=clock), Settings(), lambda n: told.append(n.text), clock)
    block = Block(Exercise(id="bench", name="Bench"), sets, Range(1, 1), None, Range(REST, REST),
                  parse_tempo("1-0-1-0"))
    routine = Routine(id="bench", name="Bench", blocks=(block,))
    app = PchainApp(AppOptions(user_dir=Path(tempfile.mkdtemp()), routine=routine),
                    Services(clock, Settings(), Silent(), history))
    late: list[float] = []

    def watch_value(widget: BigDigits, value: str) -> None:
        """How long after its second began a rest second appears (from the engine's own elapsed time)."""
        screen = next((s for s in app.screen_stack if hasattr(s, "live")), None)
        state = screen.live.state() if screen is not None else None
        if state is not None and state.step.kind is StepKind.REST and value.isdigit() and int(value) < REST:
            late.append((state.elapsed - (REST - int(value))) * 1000)

    BigDigits.watch_value = watch_value  # type: ignore[attr-defined]
    lags: list[float] = []
    running = True

    async def measure_lag() -> None:
        while running:
            asked = time.perf_counter()
            await asyncio.sleep(TICK)
            lags.append((time.perf_counter() - asked - TICK) * 1000)

    async with app.run_test(size=(100, 30)) as pilot:
        lag_task = asyncio.get_running_loop().create_task(measure_lag())
        await pilot.app.workers.wait_for_complete()
        await pilot.press("enter")  # overview: start
        await pilot.press("enter")  # intro: read
        deadline = time.monotonic() + 60 + sets * (REST + 10)
        while not isinstance(app.screen, SummaryScreen) and time.monotonic() < deadline:
            if isinstance(app.screen, SetDoneDialog):
                await pilot.press("enter")
            await asyncio.sleep(0.05)
        running = False
        await lag_task
    return {"history": history, "lags": lags, "late": late, "told": told}


def saved_sets(database: Path) -> int:
    with HistoryStore(database, read_only=True) as store:
        return sum(len(record.sets) for _id, record in store.sessions())


def describe(name: str, result: dict) -> str:
    lags, late = result["lags"], result["late"]
    return (f"{name:8} loop lag p50 {statistics.median(lags):5.2f} ms  p99 {percentile(lags, 0.99):6.2f} ms  "
            f"max {max(lags):7.2f} ms  over 20 ms {sum(lag > 20 for lag in lags):3}   "
            f"digits late p50 {statistics.median(late):5.1f} ms  "
            f"p99 {percentile(late, 0.99):6.1f} ms")


def main() -> None:
    sets = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    tighten_switch_interval()
    folder = Path(tempfile.mkdtemp(prefix="pchain-locked-"))
    free_db, locked_db = folder / "free.sqlite3", folder / "locked.sqlite3"
    for path in (free_db, locked_db):
        HistoryStore(path).close()

    free = asyncio.run(workout(free_db, sets))
    free["history"].close()

    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(locked_db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    locked = asyncio.run(workout(locked_db, sets))
    during = saved_sets(locked_db)
    holder.stdin.close()  # the other process lets go
    holder.wait()
    started = time.monotonic()
    history = locked["history"]
    while history.call(lambda h: h.pending).result() and time.monotonic() - started < 10:
        time.sleep(0.05)
    after = saved_sets(locked_db)
    all_saved = history.close()

    print(f"{sets} sets of one rep with {REST:g} s rests, the app on the real clock with the cue thread")
    print(describe("free", free))
    print(describe("locked", locked))
    print(f"locked: the person was told {locked['told'][:1]}")
    print(f"sets on disk while locked: {during}; {time.monotonic() - started:.1f} s after the lock went: {after} "
          f"of {sets} (all saved: {all_saved})")
    ratio = percentile(locked["lags"], 0.99) / max(percentile(free["lags"], 0.99), 1e-6)
    ok = after == sets and percentile(locked["lags"], 0.99) < percentile(free["lags"], 0.99) + 5
    print(f"locked / free loop lag at p99: {ratio:.2f}x")
    print(f"target: the locked run as prompt as the free one (p99 within 5 ms), every set saved: "
          f"{'PASS' if ok else 'FAIL'}")
    sqlite3.connect(locked_db).close()


if __name__ == "__main__":
    main()
