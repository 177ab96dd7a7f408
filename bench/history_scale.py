"""Does a history of years stay instant? Builds a history of SETS sets (default 100,000: five years,
2,500 sessions of the bundled routines) and times, beside an empty history in the same run:

- the overview's database work (today's plan and last time / trend / recency, every bundled routine);
- the picker's (when each routine was last done, the sessions that can be resumed);
- the last 10 sessions of one exercise;
- `pchain history` (default: recent sessions) and `pchain history --all`, as a user runs them;
- `pchain history --exercise romanian-deadlift` (its e1RM trend and personal bests: every one of its sets is read);
- `pchain export --format json` and `--format csv` of everything.

Targets: overview and picker under 50 ms of database time; `pchain history` under 1 s; export of
100k sets under 5 s. Usage: python bench/history_scale.py [SETS] [--keep DIR] [--repeat N]
(--keep reuses the generated history in DIR across runs; it is built once.)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pchain_tui.domain.clock import SystemClock
from pchain_tui.domain.files.catalog import load_catalog
from pchain_tui.domain.model import Side, WorkKind
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.settings import Settings
from pchain_tui.services.history_service import HistoryService
from pchain_tui.storage import paths
from pchain_tui.storage.history_store import HISTORY_FILE_NAME, HistoryStore

DAY = 86_400.0


def build(path: Path, total_sets: int, seed: int = 7) -> None:
    """Write a history of about `total_sets` sets: sessions of the bundled routines, 2 days apart."""
    catalog = load_catalog(paths.bundled_routines_dir(), Path("/nonexistent"))
    routines = [e.result.routine for e in catalog.entries if e.ok]
    rng = random.Random(seed)
    per_session = 40
    sessions = max(1, total_sets // per_session)
    start = time.time() - sessions * 0.73 * DAY  # about five years for 2,500 sessions
    written = 0
    with HistoryStore(path) as store:
        for n in range(sessions):
            routine = routines[n % len(routines)]
            at = start + n * 0.73 * DAY
            record = SessionRecord(routine.id, routine.name, routine.content_hash, at, None,
                                   RecordState.FINISHED, [], str(routine.path))
            clock = at
            while len(record.sets) < per_session and written + len(record.sets) < total_sets:
                for index, block in enumerate(routine.blocks):
                    for number in range(1, block.sets + 1):
                        for side in ((Side.LEFT, Side.RIGHT) if block.per_side else (None,)):
                            if len(record.sets) >= per_session:
                                break
                            hold = block.kind is WorkKind.HOLD
                            target = block.hold.high if hold else block.reps.high
                            done = max(0, int(target) - rng.randint(0, 3))
                            length = 30.0 + rng.random() * 20
                            record.sets.append(SetRecord(
                                index, block.exercise.id, block.exercise.name,
                                number + 100 * (len(record.sets) // routine.total_sets), side, block.kind,
                                None if hold else int(target), None if hold else done,
                                float(target) if hold else None, float(done) if hold else None,
                                block.load, str(block.tempo), clock, clock + length, length,
                                rest_after=60.0))
                            clock += length + 60
            record.ended_at = clock
            written += len(record.sets)
            store.start_session(record)


def timed(job, repeat: int = 5) -> float:
    """The median wall time of `job()`, in seconds."""
    times = []
    for _ in range(repeat):
        begun = time.perf_counter()
        job()
        times.append(time.perf_counter() - begun)
    return statistics.median(times)


def measure(home: Path, repeat: int) -> dict[str, str]:
    """Every figure for the history under `home` (PCHAIN_HOME)."""
    os.environ["PCHAIN_HOME"] = str(home)
    catalog = load_catalog(paths.bundled_routines_dir(), Path("/nonexistent"))
    routines = [e.result.routine for e in catalog.entries if e.ok]
    history_path = home / "data" / HISTORY_FILE_NAME
    service = HistoryService.open(history_path, Settings(), lambda notice: None, SystemClock())
    figures: dict[str, str] = {}
    try:
        service.routines_last_trained().result()  # opens the file: not part of any figure

        def overview_all() -> None:
            for routine in routines:
                service.plan(routine).result()
                service.overview(routine, catalog.library).result()

        figures["overview (per routine)"] = f"{timed(overview_all, repeat) / len(routines) * 1000:.1f} ms"
        def picker_details():
            return service.routines_last_trained().result(), service.unfinished().result()

        def last_ten():
            return service.call(lambda h: h.exercise_history("romanian-deadlift", 10)).result()

        figures["picker details"] = f"{timed(picker_details, repeat) * 1000:.1f} ms"
        figures["last 10 of one exercise"] = f"{timed(last_ten, repeat) * 1000:.1f} ms"
    finally:
        service.close()
    env = {**os.environ, "PCHAIN_HOME": str(home)}
    for label, args in (("pchain history", ["history"]), ("pchain history --all", ["history", "--all"]),
                        ("history --exercise (bests)", ["history", "--exercise", "romanian-deadlift"]),
                        ("export json", ["export", "--format", "json"]), ("export csv", ["export", "--format", "csv"])):
        begun = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pchain_tui", *args], env=env, capture_output=True, text=True,
                              timeout=600)
        took = time.perf_counter() - begun
        lines = done.stdout.count("\n")
        status = "" if done.returncode == 0 else f" (exit {done.returncode}: {done.stderr.strip()[:80]})"
        figures[label] = f"{took:.2f} s, {lines} lines{status}"
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each in-process figure (the median)")
    parser.add_argument("--keep", type=Path, help="build the large history here once and reuse it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        empty = Path(scratch) / "empty"
        (empty / "data").mkdir(parents=True)
        big = args.keep or Path(scratch) / "big"
        big_file = big / "data" / HISTORY_FILE_NAME
        if not big_file.exists():
            big_file.parent.mkdir(parents=True, exist_ok=True)
            begun = time.perf_counter()
            build(big_file, args.sets)
            print(f"built {args.sets} sets in {time.perf_counter() - begun:.1f} s "
                  f"({big_file.stat().st_size / 1e6:.1f} MB)", flush=True)
        baseline = measure(empty, args.repeat)
        large = measure(big, args.repeat)
    width = max(map(len, baseline))
    print(f"{'':{width}}  {'empty history':>22}  {f'{args.sets:,} sets':>26}")
    for label in baseline:
        print(f"{label:{width}}  {baseline[label]:>22}  {large[label]:>26}")


if __name__ == "__main__":
    main()
