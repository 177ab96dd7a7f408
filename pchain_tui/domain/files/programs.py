"""Program files (programs/*.yaml): routines done as days in rotation, read like routine files.

The same located YAML and field machinery as routines: unknown keys, wrong types and values out of
range are problems at their line and column, and a day that names no routine gets "did you mean".
A user's program with the id of a bundled one replaces it, as routines do.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pchain_tui.domain.files import fields as F
from pchain_tui.domain.files.folders import yaml_names
from pchain_tui.domain.files.reading import read_bytes
from pchain_tui.domain.files.yaml_source import Node, Scalar, describe, parse_yaml
from pchain_tui.domain.files.yaml_source import Sequence as YamlSequence
from pchain_tui.domain.problems import InvalidValue, Problem, did_you_mean
from pchain_tui.domain.program import Deload, Program, ProgramEntry, ProgramResult
from pchain_tui.domain.settings import Settings

MAX_DAYS = 14
MAX_DELOAD_EVERY = 52
_ID = re.compile(F.ID_PATTERN)


class DayList(F.Kind):
    """The days of a program: routine ids, in rotation. Parsed to (id, node) pairs, so an id that
    names no routine is reported where it is written."""

    def parse(self, node: Node, what: str, ctx: F.Context) -> list[tuple[str, Scalar]]:
        if not isinstance(node, YamlSequence):
            raise InvalidValue(f"`{what}` must be a list of routine ids, not {describe(node)}",
                               f"write it as `{what}: [beginner-day-1, beginner-day-2]`")
        if not node.items:
            raise InvalidValue(f"`{what}` is empty", "list the routine ids of the program's days, in order")
        if len(node.items) > MAX_DAYS:
            raise InvalidValue(f"`{what}` has {len(node.items)} days; the most is {MAX_DAYS}")
        days = []
        for item in node.items:
            if not isinstance(item, Scalar) or item.kind != "str":
                ctx.report(item, f"a day must be a routine id, not {describe(item)}", "e.g. beginner-day-1")
            elif not _ID.match(str(item.value)):
                ctx.report(item, f"'{item.value}' is not a routine id: ids are lowercase letters and digits "
                                 "joined by dashes", "a routine's id is its file name without .yaml")
            else:
                days.append((str(item.value), item))
        return days

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "string", "pattern": F.ID_PATTERN}, "minItems": 1,
                "maxItems": MAX_DAYS}


class PerWeek(F.Kind):
    """How many of the program's days a week: 1 to 7."""

    def parse(self, node: Node, what: str, ctx: F.Context) -> int:
        try:
            return F.Count(7).parse(node, what, ctx)
        except InvalidValue as error:
            raise InvalidValue(error.message, "how many of the program's days you do in a week, from 1 to 7") \
                from None

    def schema(self) -> dict[str, Any]:
        return F.Count(7).schema()


class EveryWeeks(F.Kind):
    """How often a deload week comes: every 2nd to 52nd week."""

    def parse(self, node: Node, what: str, ctx: F.Context) -> int:
        text = _number_text(node, what, "a whole number of weeks")
        if not text.isdigit():
            raise InvalidValue(f"`{what}` must be a whole number of weeks, not '{text}'", "write it like 6")
        weeks = int(text)
        if weeks < 2:
            raise InvalidValue(f"`{what}` must be 2 or more, not {weeks}",
                               "every: 6 makes each 6th week a deload week; every week a deload is no program")
        if weeks > MAX_DELOAD_EVERY:
            raise InvalidValue(f"`{what}` must be at most {MAX_DELOAD_EVERY} weeks, not {weeks}")
        return weeks

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 2, "maximum": MAX_DELOAD_EVERY}


class Share(F.Kind):
    """A share of the sets, more than 0 and less than 1."""

    def parse(self, node: Node, what: str, ctx: F.Context) -> float:
        text = _number_text(node, what, "a number between 0 and 1")
        try:
            share = float(text)
        except ValueError:
            raise InvalidValue(f"`{what}` must be a number between 0 and 1, not '{text}'",
                               "0.5 keeps half the sets") from None
        if not 0 < share < 1:  # (also false for nan)
            raise InvalidValue(f"`{what}` must be more than 0 and less than 1, not {text}",
                               "0.5 keeps half the sets, 0.6 three in five")
        return share

    def schema(self) -> dict[str, Any]:
        return {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}


DELOAD = F.Record("deload", {
    "every": F.Field(EveryWeeks(), "A deload week every this many weeks, e.g. 6.", required=True),
    "sets": F.Field(Share(), "The share of each exercise's sets kept in a deload week, e.g. 0.5 (at least 1 set "
                             "each).", required=True),
}, hints={"week": "did you mean 'every'?", "weeks": "did you mean 'every'?",
          "": "write it as `deload: {every: 6, sets: 0.5}`"})

PROGRAM_FILE = F.Record("the program", {
    "name": F.Field(F.Text(60), "The program's name, e.g. Beginner, twice a week.", required=True),
    "description": F.Field(F.Text(500), "What the program is for, in a sentence or two."),
    "days": F.Field(DayList(), "The routine ids of the program's days, in the order they are done.", required=True),
    "per_week": F.Field(PerWeek(), "How many of the days a week, 1-7 (default 2): the rest between two days is 48 h, "
                                   "or a week divided by this when that is shorter."),
    "deload": F.Field(DELOAD, "An easier week now and then: `{every: 6, sets: 0.5}` halves the sets every 6th week."),
}, hints={"title": "did you mean 'name'?", "routines": "did you mean 'days'?", "day": "did you mean 'days'?",
          "sessions": "did you mean 'per_week'?", "frequency": "did you mean 'per_week'?",
          "": "a program starts with `name:` and `days:`"})


def _number_text(node: Node, what: str, expected: str) -> str:
    if not isinstance(node, Scalar) or node.kind not in ("int", "float", "str"):
        raise InvalidValue(f"`{what}` must be {expected}, not {describe(node)}")
    return node.text.strip()


def load_program(path: Path, routine_ids: Collection[str], display: str | None = None,
                 program_id: str | None = None) -> ProgramResult:
    """Load a program file; each day must be one of `routine_ids`."""
    name = display or str(path)
    data, problems = read_bytes(path, name)
    if data is None:
        return ProgramResult(None, [_about_programs(p) for p in problems])
    return parse_program(data, name, routine_ids, program_id or path.stem, path)


def parse_program(data: bytes, name: str, routine_ids: Collection[str], program_id: str,
                  path: Path | None = None) -> ProgramResult:
    """Parse the bytes of a program file."""
    root, problems = parse_yaml(data, name)
    if root is None:
        return ProgramResult(None, [_about_programs(p) for p in problems])
    ctx = F.Context(name, [_about_programs(p) for p in problems])
    try:
        top = PROGRAM_FILE.parse(root, "a program", ctx)
    except InvalidValue as error:
        ctx.report(root, error.message, error.hint)
        return ProgramResult(None, ctx.problems)
    known = sorted(routine_ids)
    days = []
    for day, node in top["days"][0] if "days" in top else []:
        if day in days:
            ctx.report(node, f"'{day}' is in `days` twice",
                       "name each routine once: the next day is the one after the day done last")
        elif day in routine_ids:
            days.append(day)
        else:
            ctx.report(node, f"unknown routine '{day}' in `days`",
                       did_you_mean(day, known, many=True) or "`pchain list` shows the routine ids")
    if ctx.problems:
        return ProgramResult(None, sorted(ctx.problems, key=lambda p: (p.line, p.column)))
    deload = None
    if "deload" in top:
        values = top["deload"][0]
        deload = Deload(values["every"][0], values["sets"][0])
    program = Program(id=program_id, name=top["name"][0], days=tuple(days),
                      per_week=top["per_week"][0] if "per_week" in top else 2, deload=deload,
                      description=top["description"][0] if "description" in top else "", path=path)
    return ProgramResult(program, [])


def _about_programs(problem: Problem) -> Problem:
    """A problem from the shared YAML reader, whose hints speak of routines, said of a program."""
    if problem.hint and "routine" in problem.hint:
        hint = problem.hint.replace("`name:` and `exercises:`", "`name:` and `days:`")
        return replace(problem, hint=hint.replace("routine", "program"))
    return problem


def program_files(folder: Path) -> list[Path]:
    """The program files in a folder, sorted by name."""
    return yaml_names(folder)


def load_programs(bundled: Path, user: Path, routine_ids: Collection[str], display=str) -> list[ProgramEntry]:
    """The bundled programs and the user's, sorted by name; a user program with a bundled one's id replaces it."""
    by_id: dict[str, ProgramEntry] = {}
    for source, folder in (("bundled", bundled), ("user", user)):
        for path in program_files(folder):
            by_id[path.stem] = ProgramEntry(path.stem, path, source, load_program(path, routine_ids, display(path)))
    return sorted(by_id.values(), key=lambda e: (e.result.program.name.lower() if e.ok else e.id, e.id))


def find_program(entries: Sequence[ProgramEntry], name: str) -> ProgramEntry | None:
    """The program whose id or name is `name`, in any case (and with spaces around), or None."""
    wanted = name.strip().casefold()
    return next((e for e in entries if e.id.casefold() == wanted), None) or next(
        (e for e in entries if e.ok and e.result.program.name.casefold() == wanted), None)


def program_hint(entries: Sequence[ProgramEntry], name: str) -> str:
    """What to say when `name` names no program: the closest ids or names, else where they are listed."""
    choices = [e.id for e in entries] + [e.result.program.name.lower() for e in entries if e.ok]
    return did_you_mean(name.strip(), choices, many=True) or "`pchain list` shows the programs"


def active_program(entries: Sequence[ProgramEntry], settings: Settings) -> tuple[Program | None, Problem | None]:
    """The program the settings say is followed, or None; and the problem when they name a program
    that is not there or cannot be read (no program is followed then, and pchain goes on)."""
    if settings.program is None:
        return None, None
    place = settings.program_place
    entry = next((e for e in entries if e.id == settings.program), None)
    if entry is None:
        hint = did_you_mean(settings.program, [e.id for e in entries])
        return None, Problem(settings.source, place.line, place.value_column, f"no program '{settings.program}'",
                             f"{hint + ' ' if hint else ''}(`pchain program NAME` chooses one; until then none is "
                             "followed)")
    if entry.result.program is None:
        first = entry.result.problems[0]
        return None, Problem(settings.source, place.line, place.value_column,
                             f"program '{entry.id}' cannot be used: {first}",
                             "fix it (`pchain validate` lists its problems); until then no program is followed")
    return entry.result.program, None


def program_schema() -> dict[str, Any]:
    """The JSON Schema of a program file (`pchain schema --program`), from the loader's own fields."""
    from pchain_tui.domain.files.schema import DIALECT

    return {"$schema": DIALECT, "title": "pchain program",
            "description": "A pchain program: routines done as days in turn. See the README's Programs.",
            **PROGRAM_FILE.schema()}
