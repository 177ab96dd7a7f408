"""Loading routine and library files into the model, or into located problems a person can act on.

The loader never raises for bad input: every function returns what it could build and the list
of problems. A file with any problem yields no routine, so a half-understood workout never runs.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Mapping as MappingABC
from dataclasses import replace
from pathlib import Path
from typing import Any

from pchain_tui.domain.files import fields as F
from pchain_tui.domain.files.yaml_source import MAX_BYTES, parse_yaml
from pchain_tui.domain.model import Block, Exercise, LoadResult, Routine, slug
from pchain_tui.domain.problems import InvalidValue, Problem, did_you_mean
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.tempo import DEFAULT_TEMPO, Start

DEFAULT_REST = Range(60, 60)
__all__ = ["LoadResult", "load_library", "load_routine", "parse_library", "parse_routine"]


def read_bytes(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes (one more than the size limit at most), or why it cannot be read.

    Only a regular file is opened: reading a named pipe waits for a writer forever, and opening
    some devices does something by itself.
    """
    try:
        kind = _not_a_file(os.stat(path).st_mode)
    except OSError as error:
        return None, [Problem(display, 1, 1, *_unreachable(path, error))]
    if kind:
        return None, [Problem(display, 1, 1, *kind)]
    try:
        # O_NONBLOCK: should a pipe take the file's place after the check, opening it does not wait;
        # O_BINARY (Windows only): bytes as they are, with no line-ending translation.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        return None, [Problem(display, 1, 1, f"cannot read the file: {error.strerror or error}")]
    with open(handle, "rb", closefd=True) as file:
        kind = _not_a_file(os.fstat(file.fileno()).st_mode)
        if kind:
            return None, [Problem(display, 1, 1, *kind)]
        try:
            return file.read(MAX_BYTES + 1), []
        except OSError as error:
            return None, [Problem(display, 1, 1, f"cannot read the file: {error.strerror or error}")]


_RENAME = "rename it or move it out, so its name does not end in .yaml"
_NOT_FILES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_a_file(mode: int) -> tuple[str, str] | None:
    """(message, hint) when `mode` is not a regular file's."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _NOT_FILES if test(mode)), None)
    message = f"this is {kind}, not a file" if kind else "this is not a regular file"
    return message, f"pchain reads only regular files: {_RENAME}"


def _unreachable(path: Path, error: OSError) -> tuple[str, str | None]:
    """(message, hint) for a file that stat cannot reach: usually a link to nowhere, or a loop."""
    relink = "point the link at a routine file, or remove it"
    if error.errno == errno.ELOOP:
        return "this is a symbolic link that goes round in a loop (or through too many links)", relink
    if isinstance(error, FileNotFoundError) and path.is_symlink():
        try:
            return f"this is a symbolic link to '{os.readlink(path)}', which does not exist", relink
        except OSError:  # removed in the meantime
            pass
    return f"cannot read the file: {error.strerror or error}", None


def load_library(path: Path, display: str | None = None,
                 known: MappingABC[str, Exercise] | None = None) -> tuple[dict[str, Exercise], list[Problem]]:
    """Load an exercise library file: {id: Exercise}, and its problems. `known` holds the exercises of
    libraries read before it (a `harder:` id may name one of those)."""
    name = display or str(path)
    data, problems = read_bytes(path, name)
    if data is None:
        return {}, problems
    return parse_library(data, name, known)


def parse_library(data: bytes, name: str,
                  known: MappingABC[str, Exercise] | None = None) -> tuple[dict[str, Exercise], list[Problem]]:
    """Parse the bytes of an exercise library."""
    root, problems = parse_yaml(data, name)
    if root is None:
        return {}, problems
    ctx = F.Context(name, problems)
    try:
        top = F.LIBRARY_FILE.parse(root, "the exercise library", ctx)
    except InvalidValue as error:
        ctx.report(root, error.message, "a library starts with `exercises:` and lists exercises by id below it")
        return {}, ctx.problems
    entries = top.get("exercises", ({}, root))[0]
    library = {ex_id: _exercise(ex_id, values, None) for ex_id, (values, _node) in entries.items()}
    everything = {**(known or {}), **library}
    for ex_id, (values, _node) in entries.items():
        library[ex_id] = _with_harder(library[ex_id], values, everything, ctx)
    return library, ctx.problems


def _with_harder(exercise: Exercise, values: dict[str, tuple[Any, Any]], library: MappingABC[str, Exercise],
                 ctx: F.Context) -> Exercise:
    """The exercise with its harder variation's name, or a problem when `harder:` names no exercise."""
    if exercise.harder is None:
        return exercise
    harder = library.get(exercise.harder)
    if harder is None or harder.id == exercise.id:
        node = values["harder"][1] if "harder" in values else None
        if node is not None:
            what = "itself" if harder is not None else f"'{exercise.harder}', which is not in the library"
            hint = did_you_mean(exercise.harder, sorted(library), many=True) or "run `pchain exercises` for the ids"
            ctx.report(node, f"`harder` names {what}", hint)
        return replace(exercise, harder=None)
    return replace(exercise, harder_name=harder.name)


def load_routine(path: Path, library: MappingABC[str, Exercise], display: str | None = None,
                 routine_id: str | None = None) -> LoadResult:
    """Load a routine file, resolving `use:` ids against `library`."""
    name = display or str(path)
    data, problems = read_bytes(path, name)
    if data is None:
        return LoadResult(None, problems)
    return parse_routine(data, name, library, routine_id or path.stem, path)


def parse_routine(data: bytes, name: str, library: MappingABC[str, Exercise], routine_id: str,
                  path: Path | None = None) -> LoadResult:
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
    blocks = []
    for values, node in _value(top, "exercises", []):
        block = _block(values, node, library, default_rest, default_tempo, ctx)
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


def _exercise(ex_id: str, values: dict[str, tuple[Any, Any]], base: Exercise | None) -> Exercise:
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


def _block(values: dict[str, tuple[Any, Any]], node: Any, library: MappingABC[str, Exercise],
           default_rest: Range, default_tempo: Any, ctx: F.Context) -> Block | None:
    base = None
    if "use" in values:
        ex_id, use_node = values["use"]
        base = library.get(ex_id)
        if base is None:
            hint = did_you_mean(ex_id, sorted(library), many=True) or (
                "run `pchain exercises` to list the library's ids" if library else "no exercise library was found")
            ctx.report(use_node, f"unknown exercise '{ex_id}'", hint)
            return None
        exercise = _exercise(ex_id, values, base)
    elif "name" in values:
        exercise = _exercise(slug(values["name"][0]), values, None)
    else:
        return None  # the missing `use`/`name` is already reported
    if ("reps" in values) == ("hold" in values):
        return None  # already reported by the OneOf rule
    if "harder" in values:
        exercise = _with_harder(exercise, values, library, ctx)
    tempo = exercise.tempo or default_tempo or DEFAULT_TEMPO
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
    )
