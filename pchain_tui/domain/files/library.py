"""Reading exercise library files (exercises.yaml) into exercises routines can use by id.

An entry with a problem is kept out of the exercises, and remembered with its first problem, so
a routine that uses it is refused with the reason instead of running with a field left out.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pchain_tui.domain.files import fields as F
from pchain_tui.domain.files.reading import read_bytes
from pchain_tui.domain.files.yaml_source import Mapping, parse_yaml
from pchain_tui.domain.model import Exercise
from pchain_tui.domain.problems import InvalidValue, Problem, did_you_mean
from pchain_tui.domain.tempo import Start


@dataclass
class Library:
    """What reading one or more libraries gave."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    """The entries routines may use, by id."""
    problems: list[Problem] = field(default_factory=list)
    unusable: dict[str, Problem] = field(default_factory=dict)
    """Entries kept out by a problem, by id: the first problem in each."""

    def add(self, later: Library) -> None:
        """Read `later` over this one: its entries, usable or not, replace those with the same id."""
        for ex_id in later.unusable:
            self.exercises.pop(ex_id, None)
        for ex_id in later.exercises:
            self.unusable.pop(ex_id, None)
        self.exercises.update(later.exercises)
        self.unusable.update(later.unusable)
        self.problems.extend(later.problems)


def load_library(path: Path, display: str | None = None, known: MappingABC[str, Exercise] | None = None) -> Library:
    """Load an exercise library file. `known` holds the exercises of libraries read before it
    (a `harder:` id may name one of those)."""
    name = display or str(path)
    data, problems = read_bytes(path, name)
    if data is None:
        return Library(problems=problems)
    return parse_library(data, name, known)


def parse_library(data: bytes, name: str, known: MappingABC[str, Exercise] | None = None) -> Library:
    """Parse the bytes of an exercise library."""
    root, problems = parse_yaml(data, name)
    if root is None:
        return Library(problems=problems)
    read_problems = list(problems)  # duplicate keys and the like, found while reading the YAML
    ctx = F.Context(name, problems)
    try:
        top = F.LIBRARY_FILE.parse(root, "the exercise library", ctx)
    except InvalidValue as error:
        ctx.report(root, error.message, "a library starts with `exercises:` and lists exercises by id below it")
        return Library(problems=ctx.problems)
    entries = top.get("exercises", ({}, root))[0]
    # Every entry is built, a broken one too, so that a `harder:` naming it still finds its name.
    built = {ex_id: exercise_from(ex_id, values, None) for ex_id, (values, _key, _found) in entries.items()
             if values is not None}
    everything = {**(known or {}), **built}
    library = Library(problems=ctx.problems)
    owners = _owners(root, entries)
    for ex_id, (values, _key, found) in entries.items():
        if values is None:  # not an id at all: `found` says so
            library.unusable[ex_id] = found[0]
            continue
        troubles = [*found, *(p for p in read_problems if owners(p) == ex_id)]
        before = len(ctx.problems)
        exercise = with_harder(built[ex_id], values, everything, ctx)
        troubles.extend(ctx.problems[before:])
        if troubles:
            library.unusable[ex_id] = min(troubles, key=lambda p: (p.line, p.column))
        else:
            library.exercises[ex_id] = exercise
    return library


def _owners(root: Any, entries: dict[str, tuple[Any, Any, Any]]):
    """Which entry a problem found while reading the YAML lies in (by position: from an entry's id
    to the next id, or to the top-level key after `exercises`)."""
    starts = sorted(((key.line, key.column), ex_id) for ex_id, (_values, key, _found) in entries.items())
    end = (float("inf"), 0)
    if isinstance(root, Mapping) and starts:
        end = min(((key.line, key.column) for key, _value in root.items if (key.line, key.column) > starts[0][0]),
                  default=end)

    def owner(problem: Problem) -> str | None:
        where = (problem.line, problem.column)
        inside = [ex_id for start, ex_id in starts if start <= where < end]
        return inside[-1] if inside else None

    return owner


def with_harder(exercise: Exercise, values: dict[str, tuple[Any, Any]], library: MappingABC[str, Exercise],
                ctx: F.Context, unusable: MappingABC[str, Problem] | None = None) -> Exercise:
    """The exercise with its harder variation's name, or a problem when `harder:` names no exercise
    (or, given `unusable`, an entry a problem keeps out)."""
    if exercise.harder is None:
        return exercise
    harder = library.get(exercise.harder)
    if harder is None or harder.id == exercise.id:
        node = values["harder"][1] if "harder" in values else None
        trouble = (unusable or {}).get(exercise.harder)
        if node is not None and trouble is not None:
            ctx.report(node, f"`harder` names '{exercise.harder}', but {kept_out(trouble)}", fix_first(trouble))
        elif node is not None:
            what = "itself" if harder is not None else f"'{exercise.harder}', which is not in the library"
            hint = did_you_mean(exercise.harder, sorted(library), many=True) or "run `pchain exercises` for the ids"
            ctx.report(node, f"`harder` names {what}", hint)
        return replace(exercise, harder=None)
    return replace(exercise, harder_name=harder.name)


def kept_out(trouble: Problem) -> str:
    """Why an entry cannot be used, for messages: where its problem is."""
    return f"its entry in {trouble.path} has a problem at line {trouble.line}:{trouble.column}"


def fix_first(trouble: Problem) -> str:
    """The hint for using an entry a problem keeps out."""
    return f"fix that entry first: {trouble.message}"


def exercise_from(ex_id: str, values: dict[str, tuple[Any, Any]], base: Exercise | None) -> Exercise:
    """An Exercise from parsed fields, each falling back to `base` (the library entry) when given."""
    def pick(key: str, default: Any) -> Any:
        if key in values:
            return values[key][0]
        return getattr(base, key) if base is not None else default

    start = values["start"][0] if "start" in values else None
    phase_cues = values["phase_cues"][0] if "phase_cues" in values else None
    return Exercise(
        id=ex_id,
        name=pick("name", ex_id),
        description=pick("description", ""),
        targets=pick("targets", ()),
        equipment=pick("equipment", ()),
        start=Start(start) if start else (base.start if base else Start.TOP),
        tempo=pick("tempo", None),
        per_side=pick("per_side", False),
        cues=pick("cues", ()),
        phase_cues=tuple((k, v[0]) for k, v in phase_cues.items()) if phase_cues is not None
        else (base.phase_cues if base else ()),
        harder=pick("harder", None),
        harder_name=base.harder_name if base is not None and "harder" not in values else None,
    )
