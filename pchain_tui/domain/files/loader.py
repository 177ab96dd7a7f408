"""Loading routine files into the model, or into located problems a person can act on.

The loader never raises for bad input: every function returns what it could build and the list
of problems. A file with any problem yields no routine, so a half-understood workout never runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping as MappingABC
from dataclasses import replace
from pathlib import Path
from typing import Any

from pchain_tui.domain.files import fields as F
from pchain_tui.domain.files.library import exercise_from, fix_first, kept_out, with_harder
from pchain_tui.domain.files.reading import read_bytes
from pchain_tui.domain.files.yaml_source import parse_yaml
from pchain_tui.domain.model import Block, Circuit, Exercise, LoadResult, Routine, Warmup, slug
from pchain_tui.domain.problems import InvalidValue, Problem, did_you_mean
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.tempo import DEFAULT_TEMPO
from pchain_tui.domain.training.loads import parse_load

DEFAULT_REST = Range(60, 60)
__all__ = ["LoadResult", "load_routine", "parse_routine"]


def load_routine(path: Path, library: MappingABC[str, Exercise], display: str | None = None,
                 routine_id: str | None = None, unusable: MappingABC[str, Problem] | None = None) -> LoadResult:
    """Load a routine file, resolving `use:` ids against `library`; `unusable` holds the library
    entries a problem keeps out (by id, with that problem), to say why one cannot be used."""
    name = display or str(path)
    data, problems = read_bytes(path, name)
    if data is None:
        return LoadResult(None, problems)
    return parse_routine(data, name, library, routine_id or path.stem, path, unusable)


def parse_routine(data: bytes, name: str, library: MappingABC[str, Exercise], routine_id: str,
                  path: Path | None = None, unusable: MappingABC[str, Problem] | None = None) -> LoadResult:
    """Parse the bytes of a routine file."""
    root, problems = parse_yaml(data, name)
    if root is None:
        return LoadResult(None, problems)
    ctx = F.Context(name, problems)
    try:
        top = F.ROUTINE_FILE.parse(root, "a routine", ctx)
    except InvalidValue as error:
        ctx.report(root, error.message, "a routine starts with `name:` and `exercises:`")
        return LoadResult(None, ctx.problems)
    default_rest = _value(top, "rest", DEFAULT_REST)
    default_tempo = _value(top, "tempo", None)
    blocks: list[Block] = []
    circuits = 0
    for values, node in _value(top, "exercises", []):
        group = next((word for word in ("circuit", "superset") if word in values), None)
        if group is not None:
            circuits += 1
            blocks.extend(_circuit(group, *values[group], circuits, library, unusable or {}, default_rest,
                                   default_tempo, ctx))
            continue
        block = _block(values, node, library, unusable or {}, default_rest, default_tempo, ctx)
        if block is not None:
            blocks.append(block)
    if ctx.problems:
        return LoadResult(None, sorted(ctx.problems, key=lambda p: (p.line, p.column)))
    routine = Routine(
        id=routine_id,
        name=top["name"][0],
        description=_value(top, "description", ""),
        blocks=tuple(blocks),
        path=path,
        content_hash=hashlib.sha256(data).hexdigest(),
    )
    return LoadResult(routine, [])


def _value(values: dict[str, tuple[Any, Any]], key: str, default: Any) -> Any:
    return values[key][0] if key in values else default


def _circuit(word: str, values: dict[str, tuple[Any, Any]], node: Any, number: int,
             library: MappingABC[str, Exercise], unusable: MappingABC[str, Problem], default_rest: Range,
             default_tempo: Any, ctx: F.Context) -> list[Block]:
    """The blocks of a circuit (or superset): one per exercise, each with the circuit's rounds as its sets."""
    entries = _value(values, "exercises", [])
    if word == "superset" and "exercises" in values and len(entries) != 2:
        ctx.report(values["exercises"][1], f"a superset is two exercises done back to back; this one has "
                                           f"{len(entries)}", "use `circuit:` for any other number of exercises")
        return []
    rounds = _value(values, "rounds", 1)
    rest = _value(values, "rest", default_rest)
    between = _value(values, "rest_between", 0.0)
    members = [block for entry, entry_node in entries
               if (block := _block(entry, entry_node, library, unusable, rest, default_tempo, ctx)) is not None]
    return [replace(block, sets=rounds, rest=rest,
                    circuit=Circuit(number, rounds, between, len(members), position, word))
            for position, block in enumerate(members)]


def _block(values: dict[str, tuple[Any, Any]], node: Any, library: MappingABC[str, Exercise],
           unusable: MappingABC[str, Problem], default_rest: Range, default_tempo: Any, ctx: F.Context) -> Block | None:
    base = None
    if "use" in values:
        ex_id, use_node = values["use"]
        base = library.get(ex_id)
        if base is None and ex_id in unusable:
            ctx.report(use_node, f"exercise '{ex_id}' cannot be used: {kept_out(unusable[ex_id])}",
                       fix_first(unusable[ex_id]))
            return None
        if base is None:
            hint = did_you_mean(ex_id, sorted(library), many=True) or (
                "run `pchain exercises` to list the library's ids" if library else "no exercise library was found")
            ctx.report(use_node, f"unknown exercise '{ex_id}'", hint)
            return None
        exercise = exercise_from(ex_id, values, base)
    elif "name" in values:
        exercise = exercise_from(slug(values["name"][0]), values, None)
    else:
        return None  # the missing `use`/`name` is already reported
    if ("reps" in values) == ("hold" in values):
        return None  # already reported by the OneOf rule
    if "harder" in values:
        exercise = with_harder(exercise, values, library, ctx, unusable)
    tempo = exercise.tempo or default_tempo or DEFAULT_TEMPO
    warmup = _value(values, "warmup", None)
    if warmup is not None and not _warmup_fits(warmup, values, ctx):
        return None
    return Block(
        exercise=exercise,
        sets=_value(values, "sets", 1),
        reps=_value(values, "reps", None),
        hold=_value(values, "hold", None),
        rest=_value(values, "rest", default_rest),
        tempo=tempo,
        per_side=exercise.per_side,
        load=_value(values, "load", None),
        note=_value(values, "note", None),
        warmup=warmup,
    )


def _warmup_fits(warmup: Warmup, values: dict[str, tuple[Any, Any]], ctx: F.Context) -> bool:
    """A warm-up ramps a load: say so when the entry has none to ramp."""
    node = values["warmup"][1]
    if "hold" in values:
        ctx.report(node, "a hold has no warm-up sets", "remove `warmup:`, or warm up with an easier hold before it")
        return False
    if any(s.percent is not None for s in warmup.sets) and parse_load(_value(values, "load", None)) is None:
        ctx.report(node, "the warm-up is in percent of the working load, but the exercise has no `load:` in numbers",
                   "add a load like `load: 60 kg`, or write the warm-up loads out: [20 kg x 10]")
        return False
    return True
