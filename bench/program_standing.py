"""Does following a program stay instant on years of history? Builds a history of SETS sets (default
100,000: five years of the bundled routines, as bench/history_scale.py does) and times where the
beginner program stands (the day done last, and the first session since it was chosen, for the deload
weeks) with the program chosen a month ago and five years ago, beside an empty history in the same run:
the first time (every session since it was chosen is read) and once the day of its first session is
kept in settings.toml (as pchain does once it has found it).

Target: under 50 ms of database time, as the picker's other reads. Usage:
python bench/program_standing.py [SETS] [--keep DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from history_scale import DAY, build  # noqa: E402 - the same history as the other figures
from timing import timed  # noqa: E402 - the benchmarks' one way to time a job

from pchain_tui.domain.files.catalog import load_catalog  # noqa: E402
from pchain_tui.domain.files.programs import load_programs  # noqa: E402
from pchain_tui.domain.training.rotation import standing  # noqa: E402
from pchain_tui.storage import paths  # noqa: E402
from pchain_tui.storage.history_store import HISTORY_FILE_NAME, HistoryStore  # noqa: E402
from pchain_tui.storage.program_files import bundled_programs_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the history here once and reuse it")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pchain-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    full, empty = folder / HISTORY_FILE_NAME, folder / "empty.sqlite3"
    if not full.exists():
        build(full, args.sets)
    HistoryStore(empty).close()
    ids = {e.id for e in load_catalog(paths.bundled_routines_dir(), Path("/nonexistent")).entries}
    beginner = next(e.result.program for e in load_programs(bundled_programs_dir(), Path("/nonexistent"), ids)
                    if e.id == "beginner")
    now = time.time()
    print(f"history: {args.sets:,} sets in {folder}")
    for label, path in (("empty", empty), (f"{args.sets:,} sets", full)):
        with HistoryStore(path, read_only=True) as store:
            for chosen, ago in (("a month ago", 30 * DAY), ("five years ago", 5 * 365 * DAY)):
                ms = timed(lambda ago=ago: standing(beginner, store, now - ago, now), args.repeat)
                found = standing(beginner, store, now - ago, now)
                kept = timed(lambda ago=ago, f=found: standing(beginner, store, now - ago, now, f.first_at),
                             args.repeat)
                print(f"{label:>14}, chosen {chosen:<14}: first time {ms:8.1f} ms, with the first session kept "
                      f"{kept:6.1f} ms (next {found.next_day}, week {found.week})")


if __name__ == "__main__":
    main()
