"""Which library exercise another app's exercise name is: "Romanian Deadlift (Barbell)" -> romanian-deadlift.

A name is looked up, in order: in the tables of names (the user's `import-names.yaml`, then the
bundled exercise_names.yaml), as written and then without an equipment suffix such as
"(Barbell)"; then among the library's ids and names the same two ways. Names are compared as
slugs, so case, spaces and hyphens do not matter. A name that matches nothing is kept as an
exercise of its own, its id the slug of the whole name ("Bench Press (Barbell)" -> bench-press-barbell).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pchain_tui.domain.files.reading import read_bytes
from pchain_tui.domain.files.yaml_source import Mapping as YamlMapping
from pchain_tui.domain.files.yaml_source import Node, Scalar, Sequence, describe, parse_yaml
from pchain_tui.domain.model import slug
from pchain_tui.domain.problems import Problem, did_you_mean

NAMES_FILE_NAME = "import-names.yaml"
"""The user's table of names, in their config folder beside routines/."""
BUNDLED_NAMES = Path(__file__).with_name("exercise_names.yaml")
"""The table that comes with pchain."""
_KEYS = ("equipment", "names")
_SUFFIX = re.compile(r"\s*\(([^()]*)\)\s*$")


@dataclass
class NameTable:
    """One file of names: other apps' names -> library ids, and the equipment words a name may end in."""

    names: dict[str, str] = field(default_factory=dict)
    """Slug of a name -> exercise id."""
    equipment: set[str] = field(default_factory=set)
    """Lowercase words that, in brackets at the end of a name, say only what it is done with."""
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Match:
    """An exercise name and the id it is imported as."""

    exercise_id: str
    in_library: bool
    """True when the id is a library exercise's (by a table or by its name); False: kept as its own."""


def read_name_table(path: Path, display: str, exercise_ids: Iterable[str]) -> NameTable:
    """A table of names from a YAML file; its problems located (`file:line:col: what; hint`).

    `exercise_ids` are the ids a name may map to (the library's). An entry with a problem is left out.
    """
    data, problems = read_bytes(path, display)
    if data is None:
        return NameTable(problems=problems)
    if all(not line.strip() or line.lstrip().startswith(b"#") for line in data.splitlines()):
        return NameTable()  # nothing but comments yet: a table with no names
    root, problems = parse_yaml(data, display)
    table = NameTable(problems=list(problems))
    if root is None:
        return table
    if not isinstance(root, YamlMapping):
        table.problems.append(Problem(display, root.line, root.column, f"expected a mapping, found {describe(root)}",
                                      "the file has `names:` with `Their name: library-id` lines below it"))
        return table
    known = sorted(set(exercise_ids))
    for key, value in root.items:
        if key.value == "equipment":
            _read_equipment(value, display, table)
        elif key.value == "names":
            _read_names(value, display, known, table)
        else:
            hint = did_you_mean(str(key.value), _KEYS) or "the keys are `equipment:` and `names:`"
            table.problems.append(Problem(display, key.line, key.column, f"unknown key '{key.text}'", hint))
    return table


def _read_equipment(value: Node, display: str, table: NameTable) -> None:
    if not isinstance(value, Sequence):
        table.problems.append(Problem(display, value.line, value.column,
                                      f"`equipment` should be a list of words, found {describe(value)}",
                                      "write it like [barbell, dumbbell]"))
        return
    for item in value.items:
        if isinstance(item, Scalar) and item.kind == "str" and item.text.strip():
            table.equipment.add(item.text.strip().lower())
        else:
            table.problems.append(Problem(display, item.line, item.column,
                                          f"an equipment word should be text, found {describe(item)}"))


def _read_names(value: Node, display: str, known: list[str], table: NameTable) -> None:
    if not isinstance(value, YamlMapping):
        table.problems.append(Problem(display, value.line, value.column,
                                      f"`names` should be a mapping, found {describe(value)}",
                                      "write a line per name: `Bent Over Row: barbell-row`"))
        return
    first_line: dict[str, tuple[int, str]] = {}
    for key, target in value.items:
        name = slug(_words(str(key.text)))
        if not isinstance(target, Scalar) or target.kind != "str":
            table.problems.append(Problem(display, target.line, target.column,
                                          f"the id for '{key.text}' should be text, found {describe(target)}",
                                          "write an exercise id from `pchain exercises`"))
            continue
        wanted = str(target.value).strip()
        if wanted not in known:
            hint = did_you_mean(slug(wanted), known) or "run `pchain exercises` for the ids"
            table.problems.append(Problem(display, target.line, target.column,
                                          f"'{target.text}' is not an exercise id of the library", hint))
            continue
        if name in first_line:
            line, text = first_line[name]
            table.problems.append(Problem(display, key.line, key.column,
                                          f"'{key.text}' is the same name as '{text}' on line {line}",
                                          "names are compared without case, spaces or hyphens: keep one"))
            continue
        first_line[name] = (key.line, str(key.text))
        table.names[name] = wanted


def _words(name: str) -> str:
    """A name's words for comparing: "Farmer's Walk & Carry" -> "farmers walk  and  carry"."""
    return name.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")


class ExerciseNames:
    """Matches other apps' names to exercise ids; each name is worked out once.

    `tables` are read in order, the first to know a name winning (the user's before the bundled);
    `library` maps each library id to its exercise's name.
    """

    def __init__(self, tables: list[NameTable], library: Mapping[str, str]) -> None:
        self._names: dict[str, str] = {}
        for table in reversed(list(tables)):
            self._names.update(table.names)
        self._equipment: set[str] = set().union(*(table.equipment for table in tables))
        self._library = {slug(_words(name)): ex_id for ex_id, name in library.items()}
        self._library.update({ex_id: ex_id for ex_id in library})
        self._seen: dict[str, Match] = {}

    def match(self, name: str) -> Match:
        """The id `name` is imported as, and whether it is a library exercise."""
        found = self._seen.get(name)
        if found is None:
            found = self._seen[name] = self._match(name)
        return found

    def _match(self, name: str) -> Match:
        whole = slug(_words(name))
        bare = slug(_words(self._without_equipment(name)))
        for known in (self._names, self._library):
            for key in (whole, bare):
                if key in known:
                    return Match(known[key], True)
        return Match(whole, False)

    def _without_equipment(self, name: str) -> str:
        """The name without its bracketed equipment ("Deadlift (Trap Bar)" -> "Deadlift")."""
        while (suffix := _SUFFIX.search(name)) and suffix[1].strip().lower() in self._equipment:
            name = name[:suffix.start()]
        return name
