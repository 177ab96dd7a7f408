"""Does the history screen stay instant with years of history? Builds a history of SETS sets (default
100,000: five years, 2,500 sessions of the bundled routines, as bench/history_scale.py does) and
times, beside a history of one week in the same run:

- the first page of the session list (60 sessions, a line per exercise) and the session count;
- the page at the very end of the list (the oldest sessions), reached page by page;
- an exercise's chart data (its latest 160 sessions, how many it has, and every measure's trend),
  for every exercise: what the history's thread does when an exercise is highlighted;
- drawing one measure's chart at 80x24, the slowest of the measures: what the UI thread does.

Targets: a page under 50 ms and an exercise's chart data under 200 ms (this history does up to 16
sets of an exercise a session), both off the UI thread (the screen says "reading…" meanwhile, and
keeps what it read); drawing under 16 ms, a frame at 60 Hz, on the UI thread.
Usage: python bench/history_screen.py [SETS] [--keep DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from history_scale import build  # noqa: E402 - the same history as the other history benchmark
from timing import timed  # noqa: E402 - the benchmarks' one way to time a job

from pchain_tui.domain.training.trends import Measure, trend  # noqa: E402
from pchain_tui.services.history_browser import CHART_SESSIONS  # noqa: E402
from pchain_tui.storage.history_queries import Cursor, session_page  # noqa: E402
from pchain_tui.storage.history_store import HistoryStore  # noqa: E402
from pchain_tui.ui.widgets.trend_chart import draw  # noqa: E402


def measure(path: Path) -> dict[str, float]:
    """The screen's reads and drawing on the history at `path`, in milliseconds."""
    with HistoryStore(path, read_only=True) as store:
        figures = {"first page": timed(lambda: session_page(store)), "count": timed(store.count_sessions)}
        after, last, pages = None, None, 0
        while page := session_page(store, after):
            last, after, pages = after, Cursor(page[-1].started_at, page[-1].session_id), pages + 1
        figures["last page"] = timed(lambda: session_page(store, last))
        figures["pages"] = pages
        ids = store.exercise_ids()
        def chart_data(exercise_id: str) -> None:
            sessions = store.exercise_history(exercise_id, limit=CHART_SESSIONS)
            store.count_sessions(exercise_id=exercise_id)
            for m in Measure:
                trend(m, sessions)

        trails = [timed(lambda i=i: chart_data(i), repeat=3) for i in ids]
        figures["chart data, slowest exercise"] = max(trails)
        figures["chart data, median exercise"] = statistics.median(trails)
        sessions = store.exercise_history("romanian-deadlift", limit=CHART_SESSIONS)
        drawable = [series for series in (trend(m, sessions) for m in Measure) if len(series.points) > 1]
        figures["drawing, slowest measure"] = max(timed(lambda s=s: draw(s, 78, 11)) for s in drawable)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the big history here once and reuse it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        big = (args.keep or Path(scratch)) / f"history-{args.sets}.sqlite3"
        if not big.exists():
            big.parent.mkdir(parents=True, exist_ok=True)
            print(f"building a history of {args.sets:,} sets...", flush=True)
            build(big, args.sets)
        small = Path(scratch) / "week.sqlite3"
        build(small, 120)
        large, week = measure(big), measure(small)
    print(f"{'':32}{args.sets:>12,} sets{'a week':>14}")
    for name in large:
        unit = "" if name == "pages" else " ms"
        print(f"{name:32}{large[name]:>12.1f}{unit:3}{week[name]:>11.1f}{unit}")


if __name__ == "__main__":
    main()
