"""Is `pchain import` fast on years of another app's log? Builds a Strong export and a Hevy export of
ROWS rows each (default 100,000: about 13 years of four workouts a week), imports each into a fresh
history, and prints the times, beside a 1,000-row baseline in the same run; then imports the big
ones again (which adds nothing) and times that too.

Target: 100,000 rows in under 30 s. Times are of `pchain import` as a user runs it (a new process,
start-up included) and, in this process, of reading the file into sessions and of writing them.
Usage: python bench/import_scale.py [ROWS] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from pchain_tui.commands.importing import _exercise_names
from pchain_tui.domain.importing.batch import read_export
from pchain_tui.domain.importing.csv_table import decode
from pchain_tui.domain.importing.formats import FORMATS
from pchain_tui.storage.history_store import HISTORY_FILE_NAME, HistoryStore

EXERCISES = ["Romanian Deadlift (Barbell)", "Hip Thrust (Barbell)", "Bent Over Row (Barbell)", "Leg Press",
             "Face Pull (Cable)", "Lat Pulldown (Cable)", "Glute Bridge", "Plank", "Deadlift (Barbell)",
             "Bench Press (Barbell)", "Kettlebell Swing", "Seated Leg Curl (Machine)"]
STRONG_COLUMNS = ["Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance",
                  "Seconds", "Notes", "Workout Notes", "RPE"]
HEVY_COLUMNS = ["title", "start_time", "end_time", "description", "exercise_title", "superset_id", "exercise_notes",
                "set_index", "set_type", "weight_kg", "reps", "distance_km", "duration_seconds", "rpe"]


def _workouts(seed: int):
    """(start, name, [(exercise, role, weight, reps, seconds, rpe)...]), four or so a week, without end."""
    rng = random.Random(seed)
    day = datetime(2012, 1, 2, 18, 0)
    n = 0
    while True:
        sets = []
        for exercise in rng.sample(EXERCISES, 5):
            hold = exercise == "Plank"
            sets.append((exercise, "warmup", 20.0, 10, None, None))
            for _ in range(4):
                sets.append((exercise, "work", None if hold else float(rng.randrange(40, 140, 5) / 2), None if hold
                             else rng.randint(5, 12), 60.0 if hold else None, rng.choice((None, 7.0, 8.0, 8.5, 9.0))))
        yield day + timedelta(minutes=rng.randint(0, 90)), f"Day {'ABCD'[n % 4]}", sets
        day += timedelta(days=rng.choice((1, 2, 2, 3)))
        n += 1


def strong_file(rows: int, seed: int = 3) -> str:
    """A Strong export (current columns) of `rows` rows, a Rest Timer row after each work set among them."""
    lines = []
    for start, name, sets in _workouts(seed):
        when = start.strftime("%Y-%m-%d %H:%M:%S")
        number: dict[str, int] = {}
        for exercise, role, weight, reps, seconds, rpe in sets:
            order = "W" if role == "warmup" else str(number.setdefault(exercise, 0) + 1)
            lines.append([when, name, "1h 5m", exercise, order, weight or 0, reps or 0, 0, seconds or 0, "", "",
                          rpe or ""])
            if role != "warmup":
                number[exercise] += 1
                lines.append([when, name, "1h 5m", exercise, "Rest Timer", 0, 0, 0, 90, "", "", ""])
        if len(lines) >= rows:
            return _csv(STRONG_COLUMNS, lines[:rows])


def hevy_file(rows: int, seed: int = 5) -> str:
    """A Hevy export (kg) of `rows` rows."""
    lines = []
    for start, name, sets in _workouts(seed):
        began, ended = (moment.strftime("%-d %b %Y, %H:%M") for moment in (start, start + timedelta(minutes=62)))
        index: dict[str, int] = {}
        for exercise, role, weight, reps, seconds, rpe in sets:
            at = index[exercise] = index.get(exercise, -1) + 1
            lines.append([name, began, ended, "", exercise, "", "", at, "warmup" if role == "warmup" else "normal",
                          weight if weight is not None else "", reps if reps is not None else "", "",
                          seconds if seconds is not None else "", rpe if rpe is not None else ""])
        if len(lines) >= rows:
            return _csv(HEVY_COLUMNS, lines[:rows])


def _csv(columns: list[str], lines: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(lines)
    return out.getvalue()


def _as_a_user(app: str, path: Path, home: Path) -> float:
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pchain_tui", "import", app, str(path)], capture_output=True,
                                  text=True, env={**os.environ, "PCHAIN_HOME": str(home)})
    took = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"pchain import failed ({run.returncode}): {run.stderr[-2000:]}")
    return took


def _in_process(app: str, file: Path, folder: Path) -> tuple[float, float, int]:
    """Seconds to read the file into sessions, seconds to write them to a fresh history, sets written."""
    names, _problems = _exercise_names(Path("/nonexistent"))
    started = time.perf_counter()
    batch = read_export(decode(file.read_bytes()), file.name, FORMATS[app], names)
    read = time.perf_counter() - started
    path = folder / f"{app}-in-process.sqlite3"
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    with HistoryStore(path) as store:
        added = store.add_imported(batch.sessions)
    return read, time.perf_counter() - started, sum(n for _new, n in added)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the files and histories in DIR (kept)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pchain-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"pchain import: {args.rows:,} rows against 1,000, in {folder}")
    print(f"{'file':<26}{'rows':>9}{'size':>9}{'as a user':>11}{'again':>8}{'read':>8}{'write':>8}{'sets':>9}")
    for app, make in (("strong", strong_file), ("hevy", hevy_file)):
        for rows in (1_000, args.rows):
            text = make(rows)
            path = folder / f"{app}-{rows}.csv"
            path.write_text(text, encoding="utf-8")
            home = folder / f"home-{app}-{rows}"
            (home / "data" / HISTORY_FILE_NAME).unlink(missing_ok=True)
            first = _as_a_user(app, path, home)
            again = _as_a_user(app, path, home)
            read, write, sets = _in_process(app, path, folder)
            size = f"{len(text.encode()) / 1e6:.1f} MB"
            print(f"{path.name:<26}{rows:>9,}{size:>9}{first:>10.2f}s{again:>7.2f}s{read:>7.2f}s{write:>7.2f}s"
                  f"{sets:>9,}")
    print("as a user: `pchain import` into a fresh history, start-up included; again: the same file once more "
          "(adds nothing); read / write: in this process, file text to sessions / sessions into a fresh history. "
          "Strong's rows include a Rest Timer row after each work set, which is not a set. Target: under 30 s.")


if __name__ == "__main__":
    main()
