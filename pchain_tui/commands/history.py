"""`pchain history` and `pchain export`: the log as tables with trends, and every set as CSV or JSON.

Both only read, with the database opened read-only, and ask SQLite for just what they show:
the history can be years long. A missing history is not an error (nothing was trained yet); a
history that cannot be read is reported on stderr with exit code 1.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from argparse import ArgumentTypeError
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from time import gmtime, localtime, strftime
from pathlib import Path
from typing import Any, TextIO, TypeVar

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pchain_tui.commands.exercise_bests import ExerciseBests, print_bests, settings_units
from pchain_tui.domain.model import slug
from pchain_tui.domain.problems import did_you_mean
from pchain_tui.domain.session.record import RecordState, SessionRecord, SetRecord
from pchain_tui.domain.training.exercise_log import ExerciseSession, split_by_exercise
from pchain_tui.domain.training.loads import Load, parse_load
from pchain_tui.domain.words import plural
from pchain_tui.storage import paths
from pchain_tui.storage.history_store import HistoryError, HistoryStore, default_history_path
from pchain_tui.storage.unsaved_journal import JournalError, UnsavedJournal
from pchain_tui.ui.text.sparkline import sparkline

EXIT_OK, EXIT_FAILED = 0, 1
TREND_SESSIONS = 10
"""Sessions shown in an exercise's trend."""
RECENT_SESSIONS = 10
"""Sessions `pchain history` shows when not told how many (--limit, --since, --all)."""
T = TypeVar("T")

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("session_id", "the session's number in the history"),
    ("routine_id", "the routine's id (its file name without .yaml)"),
    ("routine_name", "the routine's name"),
    ("session_state", "finished, abandoned (quit) or running (interrupted)"),
    ("session_started", "when the session began, local time"),
    ("exercise_id", "the exercise's id"),
    ("exercise_name", "the exercise's name"),
    ("block", "the exercise's place in the routine, from 1"),
    ("set_number", "the set, from 1"),
    ("side", "left or right for per-side work, else empty"),
    ("kind", "paced (tempo reps), self (self-paced reps) or hold"),
    ("target_reps", "reps asked for; empty for holds"),
    ("done_reps", "reps done; empty for holds"),
    ("target_seconds", "seconds of hold asked for; empty for reps"),
    ("done_seconds", "seconds held; empty for reps"),
    ("load", "the load as written (\"20 kg\", \"light\"); empty for none"),
    ("load_amount", "the load as a number, when it is one (20 for \"20 kg\"); empty for words or none"),
    ("load_unit", "kg or lb, beside load_amount"),
    ("tempo", "eccentric-pause-concentric-pause seconds, or self; empty for holds"),
    ("started_at", "when the set began, local time"),
    ("ended_at", "when the set ended, local time"),
    ("tut_seconds", "time under tension: the active seconds of the set"),
    ("skipped", "1 when the set was skipped (nothing was done), else 0"),
    ("rest_seconds", "seconds rested after the set; empty when not known (the last set)"),
    ("note", "what was written about the set; empty for none"),
    ("role", "work, or warmup for a ramp set (never counted for progression); dropset or failure from an import"),
    ("rpe", "how hard the set felt, 1-10; empty when not said"),
    ("rir", "reps in reserve, as the person felt them; empty when not said"),
    ("tut_lower", "seconds lowering in a paced set; empty for holds and self-paced sets"),
    ("tut_pause", "seconds in the pauses of a paced set"),
    ("tut_lift", "seconds lifting in a paced set"),
)
"""The columns of `pchain export`, in order, with what each holds.

CSV times are local and written `YYYY-MM-DD HH:MM:SS` (ISO 8601 with a space, which spreadsheets
read as dates); JSON times carry their UTC offset (`2026-09-21T10:00:00+02:00`). Seconds are
rounded to tenths. CSV cells of missing values are empty; in JSON they are null.
"""


def since_date(text: str) -> date:
    """The value of `--since`: a date written YYYY-MM-DD (an argparse type)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ArgumentTypeError(f"'{text}' is not a date; write it like 2026-09-21") from None


def show_history(exercise: str | None = None, since: date | None = None, limit: int | None = None, *,
                 every: bool = False, path: Path | None = None, console: Console | None = None,
                 units: str | None = None) -> int:
    """Print recent sessions (one row per exercise done) and each exercise's trend; returns the exit code.

    Shown: the newest `limit` sessions; with no limit, the newest RECENT_SESSIONS, or every one
    from `since` on, or every one at all with `every`. The trend of each exercise shown covers its
    own last sessions, whatever the sessions shown. For one exercise, also its estimated 1RM over
    its last sessions and its personal bests (from `since` on, else ever); a load written as a bare
    number is in `units` (the settings' when None).
    """
    console = console or Console(highlight=False)
    wanted = slug(exercise) if exercise is not None else None
    start = datetime.combine(since, time.min).timestamp() if since else None
    if limit is None and not every and since is None:
        limit = RECENT_SESSIONS

    def read(store: HistoryStore) -> _Shown:
        sessions = store.sessions(start, limit, exercise_id=wanted)
        total = store.count_sessions(start, exercise_id=wanted)
        if wanted is None:
            return _Shown(sessions, total, _trends(store, sessions, start, units or settings_units()), [])
        sessions = [(sid, _only(record, wanted)) for sid, record in sessions]
        if not sessions:
            return _Shown(sessions, total, [], store.exercise_ids())
        history = store.exercise_history(wanted, None, since=start)
        bests = ExerciseBests.of(history, units or settings_units())
        # Its trend from the same sessions, and its best set from the bests, which leave warm-ups out,
        # so the two tables agree.
        return _Shown(sessions, total, [_Trend(len(history), history[:TREND_SESSIONS][::-1], bests.best_set())], [],
                      bests)

    shown = _read(path, "history", read, _Shown([], 0, [], []))
    _tell_unsaved(path or default_history_path(), console)
    if shown is None:
        return EXIT_FAILED
    if wanted is not None and not shown.sessions:
        return _no_such_exercise(exercise, wanted, shown.known, since, console)
    if not shown.sessions:
        after = f" since {since.isoformat()}" if since else ""
        console.print(Text(f"No sessions in your history{after} yet.", style="dim"))
        return EXIT_OK
    console.print(_sessions_table(shown.sessions))
    console.print(_trend_table(shown.trends))
    if shown.total > len(shown.sessions):
        console.print(Text(f"The last {len(shown.sessions)} of {shown.total:,} sessions"
                           f"{f' since {since.isoformat()}' if since else ''}; --all shows every one, "
                           "--limit N the last N, --since DATE those from a date.", style="dim"))
    if shown.bests is not None:
        print_bests(shown.bests, shown.sessions[0][1].sets[0].exercise_name, since, TREND_SESSIONS, console)
    return EXIT_OK


def export(fmt: str, out: TextIO, *, path: Path | None = None) -> int:
    """Write every set, one row each, as "csv" or "json" to `out`; returns the exit code.

    The rows are read and written one at a time, so a history of any size streams through.
    """
    if fmt not in ("csv", "json"):
        print(f"pchain export: unknown format '{fmt}'; use csv or json", file=sys.stderr)
        return EXIT_FAILED
    columns = [name for name, _meaning in EXPORT_COLUMNS]

    def write(sets: Iterator[tuple[int, SessionRecord, SetRecord]]) -> bool:
        if fmt == "csv":
            writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")  # (no check per row)
            writer.writeheader()
            writer.writerows(_rows(sets, _spreadsheet_time))
        else:
            _write_json_list(_rows(sets, _offset_time), out)
        return True

    written = _read(path, "export", lambda store: write(store.iter_sets()), False)
    if written is None:
        return EXIT_FAILED
    if not written:  # no history yet: an export with no rows
        write(iter(()))
    return EXIT_OK


_JSON = json.JSONEncoder(ensure_ascii=False)
"""One encoder for every row: json.dumps with any option makes a new one per call."""


def _write_json_list(rows: Iterator[dict[str, Any]], out: TextIO) -> None:
    """`rows` as one JSON list, a set per line, written one row at a time.

    A line per set rather than a line per field: the C encoder does it (indenting fields uses
    json's pure-Python one, three times slower), and the file greps like the CSV.
    """
    first = True
    for row in rows:
        out.write(("[\n  " if first else ",\n  ") + _JSON.encode(row))
        first = False
    out.write("[]\n" if first else "\n]\n")


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shown:
    """What `pchain history` prints: the sessions, how many there are in all, the trends."""

    sessions: list[tuple[int, SessionRecord]]
    total: int
    trends: list[_Trend]
    known: list[str]
    """Every exercise id in the history, when the one asked for has no sessions."""
    bests: ExerciseBests | None = None
    """For one exercise: its estimated 1RM trend and personal bests."""


@dataclass(frozen=True)
class _Trend:
    """One exercise's line in the trend table."""

    sessions: int
    recent: list[ExerciseSession]
    """Its last TREND_SESSIONS sessions, oldest first."""
    best: str


def _read(path: Path | None, command: str, job: Callable[[HistoryStore], T], nothing: T) -> T | None:
    """`job` on the history; `nothing` when there is none yet, None after reporting a failure.

    The history is opened read-only: reading needs no write access to the file or its folder.
    """
    path = path or default_history_path()
    if not path.exists():
        return nothing
    try:
        with HistoryStore(path, read_only=True) as store:
            return job(store)
    except (sqlite3.Error, OSError, HistoryError) as error:
        print(f"pchain {command}: cannot read {paths.tilde_path(path)}: {_reason(error)}", file=sys.stderr)
        return None


def _tell_unsaved(path: Path, console: Console) -> None:
    """Say so when sets wait in a journal of unsaved sets (they are not in the tables)."""
    journal = UnsavedJournal(path, paths.cache_dir())
    try:
        waiting = sum(len(entry.record.sets) for entry in journal.read())
    except JournalError as error:
        console.print(Text(f"Unsaved sets are waiting in {error}; they are left there untouched.", style="yellow"))
        return
    if waiting:
        console.print(Text(f"{plural(waiting, 'set')} done while the history could not be written "
                           f"{'is' if waiting == 1 else 'are'} kept in {paths.tilde_path(journal.existing()[0])}; "
                           "pchain adds them to the history the next time it can write it.", style="yellow"))


def _trends(store: HistoryStore, sessions: list[tuple[int, SessionRecord]], since: float | None,
            units: str) -> list[_Trend]:
    """The trend of each exercise in `sessions`, each from its own last sessions (since `since`); a
    bare load number is in `units`."""
    names = {s.exercise_id: s.exercise_name for _sid, record in sessions for s in record.sets}
    counts = store.exercise_counts(since)
    trends = []
    for exercise_id in names:
        recent = store.exercise_history(exercise_id, TREND_SESSIONS, since=since)[::-1]
        trends.append(_Trend(counts.get(exercise_id, len(recent)), recent,
                             best_set(store.loads_done(exercise_id, since), recent[-1].is_hold, units)))
    return sorted(trends, key=lambda t: t.recent[-1].sets[0].exercise_name.lower())


def _reason(error: Exception) -> str:
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        return f"it is damaged ({error}); pchain moves it aside and starts a new one the next time you train"
    return str(error)


def _only(record: SessionRecord, exercise_id: str) -> SessionRecord:
    """The session with only one exercise's sets."""
    return SessionRecord(record.routine_id, record.routine_name, record.content_hash, record.started_at,
                         record.ended_at, record.state, [s for s in record.sets if s.exercise_id == exercise_id])


def _no_such_exercise(asked: str, wanted: str, known: list[str], since: date | None, console: Console) -> int:
    if wanted in known:  # done, just not in the period asked for
        console.print(Text(f"No sets of {asked} since {since.isoformat() if since else 'ever'}.", style="dim"))
        return EXIT_OK
    hint = did_you_mean(wanted, known)
    print(f"pchain history: no sets of exercise '{asked}' in your history" + (f"; {hint}" if hint else ""),
          file=sys.stderr)
    return EXIT_FAILED


# --- the tables --------------------------------------------------------------------------------


def _sessions_table(sessions: list[tuple[int, SessionRecord]]) -> Table:
    """A section per session: the routine on a line of its own, then a row per exercise done. Made
    to fit 80 columns: the routine shares the exercise column, and the date its time's."""
    table = Table(title="Sessions", title_justify="left")
    table.add_column("date", no_wrap=True)
    table.add_column("routine and exercise")
    table.add_column("sets done")
    table.add_column("target", justify="right", no_wrap=True)
    table.add_column("load")
    for number, (sid, record) in enumerate(sessions):
        if number:
            table.add_section()
        routine = Text(record.routine_name, style="bold")
        if record.state is not RecordState.FINISHED:
            routine.append(f" ({'interrupted' if record.state is RecordState.RUNNING else 'quit'})", style="dim")
        started = datetime.fromtimestamp(record.started_at)
        table.add_row(started.strftime("%Y-%m-%d"), routine)
        # A session in the history has a set, so there is always a row for the time under the date.
        for row, line in enumerate(split_by_exercise(sid, record)):
            exercise = Padding(Text(line.sets[0].exercise_name), (0, 0, 0, 2))  # wrapped lines indented too
            table.add_row(started.strftime("%H:%M") if row == 0 else "", exercise, _amounts(line), _targets(line),
                          Text(_loads(line)))
    return table


def _trend_table(trends: list[_Trend]) -> Table:
    """Each exercise's best set and volume over its last sessions. Its last load is left out: it is
    the sessions table's, whose newest sessions include each exercise's last."""
    table = Table(title=f"Trend (last {TREND_SESSIONS} sessions of each exercise, oldest to newest)",
                  title_justify="left")
    table.add_column("exercise")
    table.add_column("times", justify="right")
    table.add_column("best set", no_wrap=True)
    table.add_column("volume", no_wrap=True)
    for trend in trends:
        last = trend.recent[-1]
        table.add_row(Text(last.sets[0].exercise_name), str(trend.sessions),
                      f"{sparkline(s.best for s in trend.recent)} {trend.best}",
                      f"{sparkline(s.volume for s in trend.recent)} {_amount(last.volume, last.is_hold)}")
    return table


def best_set(loads: list[tuple[str | None, int, float, int]], is_hold: bool, units: str = "kg") -> str:
    """The best work set ever, from each load's most reps, longest hold and count of sets
    (HistoryStore.loads_done): the heaviest load with the most reps at it, among loads of the kind
    used most (kg and lb are never compared), else the most reps, or the longest hold. A bare
    number is a load in `units`."""
    if not loads:
        return "none done"
    if is_hold:
        return f"{_number(max(seconds for _load, _reps, seconds, _sets in loads))} s"
    kinds: dict[tuple[str, str], list[tuple[float, int, str]]] = {}
    used: dict[tuple[str, str], int] = {}
    for load, reps, _seconds, sets in loads:
        parsed = parse_load(load, units)
        if parsed is not None and load is not None and parsed.amount > 0:
            kind = (parsed.unit, parsed.rest.strip())
            kinds.setdefault(kind, []).append((parsed.amount, reps, load))
            used[kind] = used.get(kind, 0) + sets
    if kinds:
        _amount, reps, load = max(kinds[max(used, key=used.__getitem__)])
        return f"{reps} x {load}"
    return plural(max(reps for _load, reps, _seconds, _sets in loads), "rep")


def _amount(value: float, is_hold: bool) -> str:
    """Seconds ("30 s") or reps ("1 rep", "30 reps")."""
    shown = _number(value)
    return f"{shown} s" if is_hold else f"{shown} {'rep' if shown == '1' else 'reps'}"


def _amounts(line: ExerciseSession) -> Text:
    """Work sets done as "15 · 14 · 13", per-side sets as left/right "10/9", holds with " s"; a skipped
    set as "–". Warm-ups are only counted ("+ 3 warm-ups"): they are not the work."""
    by_set: dict[int, list[str]] = {}
    for s in _work(line):
        amount = (s.done_seconds if line.is_hold else s.done_reps) if s.done else None
        by_set.setdefault(s.set_number, []).append("–" if amount is None else _number(amount))
    text = Text(" · ".join("/".join(sides) for sides in by_set.values()) + (" s" if line.is_hold and by_set else ""))
    warmups = len({s.set_number for s in line.sets if s.role == "warmup" and not s.skipped})
    if warmups:
        text.append(f"{' ' if by_set else ''}+ {plural(warmups, 'warm-up')}", style="dim")
    return text


def _work(line: ExerciseSession) -> list[SetRecord]:
    return [s for s in line.sets if s.role != "warmup"]


def _targets(line: ExerciseSession) -> str:
    values = [s.target_seconds if line.is_hold else s.target_reps for s in _work(line)]
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    amount = _number(low) if low == high else f"{_number(low)}-{_number(high)}"
    return amount + (" s" if line.is_hold else "")


def _loads(line: ExerciseSession) -> str:
    """The work sets' loads, each once (a warm-up's lighter load is not what the exercise was done at)."""
    return ", ".join(dict.fromkeys(s.load for s in _work(line) if s.load))


def _number(value: float) -> str:
    return str(int(round(value))) if abs(value - round(value)) < 0.05 else f"{value:.1f}"


# --- export ------------------------------------------------------------------------------------


def _rows(sets: Iterable[tuple[int, SessionRecord, SetRecord]],
          when: Callable[[float], str]) -> Iterator[dict[str, Any]]:
    """One dict per set, with the keys of EXPORT_COLUMNS, in the order given."""
    session: dict[str, Any] = {}
    loads: dict[str | None, Load | None] = {}  # a handful of loads, written on thousands of sets
    for sid, record, s in sets:
        if session.get("session_id") != sid:  # a session's columns, once for all its sets
            session = {"session_id": sid, "routine_id": record.routine_id, "routine_name": record.routine_name,
                       "session_state": record.state.value, "session_started": when(record.started_at)}
        if s.load not in loads:
            loads[s.load] = parse_load(s.load)
        load = loads[s.load]
        yield {
            **session,
            "exercise_id": s.exercise_id, "exercise_name": s.exercise_name, "block": s.block_index + 1,
            "set_number": s.set_number, "side": s.side.value if s.side else None, "kind": s.kind.value,
            "target_reps": s.target_reps, "done_reps": s.done_reps,
            "target_seconds": _tenths(s.target_seconds), "done_seconds": _tenths(s.done_seconds),
            "load": s.load, "load_amount": _whole(load.amount) if load else None,
            "load_unit": load.unit if load else None, "tempo": s.tempo or None,
            "started_at": when(s.started_at), "ended_at": when(s.ended_at), "tut_seconds": _tenths(s.tut),
            "skipped": int(s.skipped), "rest_seconds": _tenths(s.rest_after), "note": s.note,
            "role": s.role, "rpe": s.rpe, "rir": s.rir, "tut_lower": _tenths(s.tut_lower),
            "tut_pause": _tenths(s.tut_pause), "tut_lift": _tenths(s.tut_lift),
        }


def _whole(amount: float) -> float | int:
    """20 rather than 20.0, so a spreadsheet shows the load as written."""
    return int(amount) if amount.is_integer() else amount


def _tenths(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 1)


def _spreadsheet_time(epoch: float) -> str:
    return strftime("%Y-%m-%d %H:%M:%S", gmtime(epoch + _zone(int(epoch // _ZONE_STEADY))[0]))


def _offset_time(epoch: float) -> str:
    """ISO 8601 with the UTC offset of that moment (summer time or not): 2026-09-21T10:00:00+02:00."""
    offset, zone = _zone(int(epoch // _ZONE_STEADY))
    return strftime("%Y-%m-%dT%H:%M:%S", gmtime(epoch + offset)) + zone


_ZONE_STEADY = 900
"""Seconds, from the epoch, over which a UTC offset holds: today's zones change offset only on quarter hours."""


@cache
def _zone(quarter: int) -> tuple[int, str]:
    """The UTC offset (seconds, and as "+02:00") during a quarter of an hour: looked up once per quarter,
    not per row (the lookup was most of an export's time)."""
    offset = localtime(quarter * _ZONE_STEADY).tm_gmtoff
    hours, minutes = divmod(abs(offset) // 60, 60)
    return offset, f"{'-' if offset < 0 else '+'}{hours:02d}:{minutes:02d}"
