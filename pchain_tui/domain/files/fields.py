"""The fields of routine and library files: one definition drives both the loader and the JSON Schema.

Each kind of value knows how to read itself from a located YAML node (raising `InvalidValue`
with a person-friendly message) and how to describe itself as JSON Schema, so `pchain schema`
and `pchain validate` cannot disagree about what a file may contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pchain_tui.domain import quantities, tempo
from pchain_tui.domain.files.yaml_source import Mapping, Node, Scalar, Sequence, describe
from pchain_tui.domain.problems import InvalidValue, Problem, did_you_mean

ID_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)


@dataclass
class Context:
    """Where problems found while reading one file are collected."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def report(self, node: Node | Scalar, message: str, hint: str | None = None) -> None:
        """Record a problem at `node`."""
        self.problems.append(Problem(self.path, node.line, node.column, message, hint))


class Kind:
    """A kind of value a field holds."""

    def parse(self, node: Node, what: str, ctx: Context) -> Any:
        """Read the value of field `what` from `node`; raise InvalidValue if it is wrong."""
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        """The JSON Schema for this kind of value."""
        raise NotImplementedError


def _scalar_text(node: Node, what: str, expected: str, hint: str) -> str:
    """The text written for a scalar that should be a number-like value."""
    if not isinstance(node, Scalar) or node.kind in ("bool", "null"):
        raise InvalidValue(f"`{what}` must be {expected}, not {describe(node)}", hint)
    return node.text


@dataclass
class Text(Kind):
    """Plain text: shown as written, never interpreted as markup."""

    max_length: int = 200

    def parse(self, node: Node, what: str, ctx: Context) -> str:
        if not isinstance(node, Scalar) or node.kind == "null":
            raise InvalidValue(f"`{what}` must be text, not {describe(node)}",
                               "put text that contains ': ' or starts with [ { & * ! | > in quotes")
        if node.kind != "str":
            raise InvalidValue(f"`{what}` must be text, but YAML reads '{node.text}' as {describe(node)}",
                               f"put it in quotes: \"{node.text}\"")
        text = node.value.strip()  # type: ignore[union-attr]
        if not text:
            raise InvalidValue(f"`{what}` is empty")
        if len(text) > self.max_length:
            raise InvalidValue(f"`{what}` is {len(text)} characters long; the most is {self.max_length}",
                               "keep it short enough to read at a glance")
        return text

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}


@dataclass
class TextList(Kind):
    """A list of short texts (a single text counts as a list of one)."""

    item: Text = field(default_factory=Text)
    max_items: int = 12

    def parse(self, node: Node, what: str, ctx: Context) -> tuple[str, ...]:
        if isinstance(node, Scalar) and node.kind == "str":
            return (self.item.parse(node, what, ctx),)
        if not isinstance(node, Sequence):
            raise InvalidValue(f"`{what}` must be a list of text, not {describe(node)}",
                               f"write it as `{what}: [first, second]` or as `- ` lines")
        if len(node.items) > self.max_items:
            raise InvalidValue(f"`{what}` has {len(node.items)} items; the most is {self.max_items}")
        values = []
        for item in node.items:
            try:
                values.append(self.item.parse(item, f"{what} item {len(values) + 1}", ctx))
            except InvalidValue as error:
                ctx.report(item, error.message, error.hint)
        return tuple(values)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [self.item.schema(),
                          {"type": "array", "items": self.item.schema(), "maxItems": self.max_items}]}


@dataclass
class Count(Kind):
    """A whole number from 1 to `maximum`."""

    maximum: int

    def parse(self, node: Node, what: str, ctx: Context) -> int:
        text = _scalar_text(node, what, "a whole number", "write it like 3")
        return quantities.parse_count(text, what=f"`{what}`", maximum=self.maximum)

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1, "maximum": self.maximum}


_COUNT_RANGE = r"^\s*\d+\s*(-|–|to)\s*\d+\s*$"


@dataclass
class CountRange(Kind):
    """A whole number or a range of them, `10-12`."""

    maximum: int

    def parse(self, node: Node, what: str, ctx: Context) -> quantities.Range:
        text = _scalar_text(node, what, "a number or a range", "write it like 10 or 10-12")
        count = Count(self.maximum)
        return quantities.parse_range(
            text, lambda part: quantities.parse_count(part, what=f"`{what}`", maximum=count.maximum), what=f"`{what}`"
        )

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [Count(self.maximum).schema(), {"type": "string", "pattern": _COUNT_RANGE}]}


@dataclass
class Duration(Kind):
    """Seconds: `45`, `45s`, `1m30s`, `1:30`."""

    maximum: float

    def parse(self, node: Node, what: str, ctx: Context) -> float:
        text = _scalar_text(node, what, "a duration", "write seconds like 45, 45s or 1m30s")
        return quantities.parse_duration(text, what=f"`{what}`", maximum=self.maximum)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": self.maximum},
                          {"type": "string", "pattern": quantities.DURATION_PATTERN}]}


@dataclass
class DurationRange(Kind):
    """A duration or a range of them, `30-45` or `30s-1m`."""

    maximum: float

    def parse(self, node: Node, what: str, ctx: Context) -> quantities.Range:
        text = _scalar_text(node, what, "a duration or a range", "write seconds like 45 or a range like 30-60")
        return quantities.parse_range(text, self._one(what), what=f"`{what}`")

    def _one(self, what: str):
        return lambda part: quantities.parse_duration(part, what=f"`{what}`", maximum=self.maximum)

    def schema(self) -> dict[str, Any]:
        one = quantities.DURATION_PATTERN.replace("^", "").replace("$", "")
        return {"anyOf": [Duration(self.maximum).schema(),
                          {"type": "string", "pattern": rf"^\s*({one})\s*(-|–|to)\s*({one})\s*$"}]}


class TempoValue(Kind):
    """A tempo: `3-1-1-0`, `3110`, `31X0` or `self`."""

    def parse(self, node: Node, what: str, ctx: Context) -> tempo.Tempo:
        text = _scalar_text(node, what, "a tempo", "write it like 3-1-1-0, 31X0 or self")
        return tempo.parse_tempo(text)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "pattern": tempo.TEMPO_PATTERN},
                          {"type": "integer", "minimum": 1, "maximum": 9999}]}


@dataclass
class Choice(Kind):
    """One of a few words, in any case, with spaces around allowed."""

    choices: tuple[str, ...]

    def parse(self, node: Node, what: str, ctx: Context) -> str:
        if not isinstance(node, Scalar) or node.kind != "str":
            raise InvalidValue(f"`{what}` must be one of {self._listed()}, not {describe(node)}")
        word = str(node.value).strip().lower()
        if word not in self.choices:
            raise InvalidValue(f"`{what}` must be one of {self._listed()}, not '{node.value}'",
                               did_you_mean(word, self.choices))
        return word

    def _listed(self) -> str:
        return ", ".join(self.choices)

    def schema(self) -> dict[str, Any]:
        # The enum is what editors offer; the pattern lets through what `parse` also reads ("Bottom").
        any_case = "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in word) for word in self.choices)
        return {"type": "string", "anyOf": [{"enum": list(self.choices)}, {"pattern": rf"^\s*({any_case})\s*$"}]}


class Flag(Kind):
    """true or false."""

    def parse(self, node: Node, what: str, ctx: Context) -> bool:
        if not isinstance(node, Scalar) or node.kind != "bool":
            raise InvalidValue(f"`{what}` must be true or false, not {describe(node)}",
                               "per_side: true works the left side, then the right" if what == "per_side" else None)
        return bool(node.value)

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Field:
    """A key of a mapping: its kind, whether it is required, and what it means."""

    kind: Kind
    doc: str
    required: bool = False


@dataclass(frozen=True)
class OneOf:
    """One of `keys` must be present; with `exclusive`, only one of them."""

    keys: tuple[str, ...]
    exclusive: bool = True

    def check(self, present: set[str]) -> str | None:
        """A message when the rule is broken, else None."""
        given = [k for k in self.keys if k in present]
        names = " or ".join(f"`{k}`" for k in self.keys)
        if not given:
            return f"missing {names}"
        if len(given) > 1 and self.exclusive:
            return f"give only one of {names}"
        return None

    def hint(self) -> str:
        """What a right entry looks like."""
        return "e.g. " + " or ".join(f"`{k}: ...`" for k in self.keys)

    def schema(self) -> dict[str, Any]:
        """The rule in JSON Schema."""
        return {"oneOf" if self.exclusive else "anyOf": [{"required": [k]} for k in self.keys]}


@dataclass
class Record(Kind):
    """A mapping with known keys; unknown keys are errors with a "did you mean" hint."""

    name: str
    fields: dict[str, Field]
    rules: tuple[OneOf, ...] = ()
    hints: dict[str, str] = field(default_factory=dict)
    """Extra hints for keys people often write by mistake."""

    def parse(self, node: Node, what: str, ctx: Context) -> dict[str, tuple[Any, Node]] | None:
        """The valid fields as {key: (value, node)}; problems go to `ctx`; None if not a mapping."""
        if not isinstance(node, Mapping):
            raise InvalidValue(f"{what} must be a mapping of keys to values, not {describe(node)}",
                               self.hints.get("", None))
        values: dict[str, tuple[Any, Node]] = {}
        present: set[str] = set()
        misspelled: set[str] = set()  # keys a typo stood for: not reported again as missing
        for key, value in node.items:
            spec = self.fields.get(key.value)  # type: ignore[arg-type]
            if spec is None:
                hint = self.hints.get(str(key.value)) or did_you_mean(str(key.value), list(self.fields))
                misspelled.update(k for k in self.fields if hint and f"'{k}'" in hint)
                ctx.report(key, f"unknown key '{key.value}' in {self.name}",
                           hint or "known keys: " + ", ".join(self.fields))
                continue
            present.add(key.value)  # type: ignore[arg-type]
            try:
                values[key.value] = (spec.kind.parse(value, str(key.value), ctx), value)  # type: ignore[index]
            except InvalidValue as error:
                ctx.report(value, error.message, error.hint)
        for name, spec in self.fields.items():
            if spec.required and name not in present | misspelled:
                meaning = spec.doc[0].lower() + spec.doc[1:].rstrip(".")
                ctx.report(node, f"{self.name} is missing `{name}`", f"add `{name}:` ({meaning})")
        for rule in self.rules:
            if misspelled & set(rule.keys):
                continue
            message = rule.check(present)
            if message:
                ctx.report(node, f"{self.name}: {message}", rule.hint())
        return values

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: {**spec.kind.schema(), "description": spec.doc} for name, spec in self.fields.items()},
            "additionalProperties": False,
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            schema["required"] = required
        if self.rules:
            schema["allOf"] = [rule.schema() for rule in self.rules]
        return schema


@dataclass
class ListOf(Kind):
    """A non-empty list of records."""

    item: Record
    max_items: int = 40

    def parse(self, node: Node, what: str, ctx: Context) -> list[tuple[dict[str, tuple[Any, Node]], Node]]:
        if not isinstance(node, Sequence):
            raise InvalidValue(f"`{what}` must be a list, not {describe(node)}", "start each item with `- `")
        if not node.items:
            raise InvalidValue(f"`{what}` is empty", "list at least one")
        if len(node.items) > self.max_items:
            raise InvalidValue(f"`{what}` has {len(node.items)} items; the most is {self.max_items}")
        parsed = []
        for index, item in enumerate(node.items, 1):
            try:
                parsed.append((self.item.parse(item, f"item {index} of `{what}`", ctx), item))
            except InvalidValue as error:
                ctx.report(item, error.message, error.hint)
        return parsed

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.item.schema(), "minItems": 1, "maxItems": self.max_items}


@dataclass
class MapOf(Kind):
    """A mapping from ids (lowercase-kebab) to records."""

    item: Record
    max_items: int = 500
    max_id_length: int = 60
    """As long as `use:` and `harder:` may be, so every entry can be named."""

    def parse(self, node: Node, what: str, ctx: Context) -> dict[str, tuple[dict[str, tuple[Any, Node]] | None,
                                                                            Scalar, tuple[Problem, ...]]]:
        """Each entry by id: its valid fields (None when the id itself is wrong), its key, and the
        problems found in it."""
        if not isinstance(node, Mapping):
            raise InvalidValue(f"`{what}` must be a mapping from ids to entries, not {describe(node)}")
        if len(node.items) > self.max_items:
            raise InvalidValue(f"`{what}` has {len(node.items)} entries; the most is {self.max_items}")
        parsed = {}
        for key, value in node.items:
            before = len(ctx.problems)
            values: dict[str, tuple[Any, Node]] | None = None
            if not _ID.match(str(key.value)):
                ctx.report(key, f"id '{key.value}' must be lowercase letters and digits joined by dashes",
                           "e.g. glute-bridge")
            elif len(str(key.value)) > self.max_id_length:
                ctx.report(key, f"id '{key.value}' is {len(str(key.value))} characters long; "
                                f"the most is {self.max_id_length}", "`use:` names an exercise in at most that")
            else:
                try:
                    values = self.item.parse(value, f"exercise '{key.value}'", ctx)
                except InvalidValue as error:
                    ctx.report(value, error.message, error.hint)
                    values = {}
            parsed[str(key.value)] = (values, key, tuple(ctx.problems[before:]))
        return parsed

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN, "maxLength": self.max_id_length},
                "additionalProperties": self.item.schema(), "maxProperties": self.max_items}


# --- The files' fields -------------------------------------------------------------------------

MAX_SETS = 20
MAX_REPS = 200
MAX_HOLD = 600
MAX_REST = 900

_START = Choice(("top", "bottom"))
PHASE_CUES = Record(
    "phase_cues",
    {
        "lower": Field(Text(40), "Shown while lowering."),
        "pause": Field(Text(40), "Shown during a pause."),
        "lift": Field(Text(40), "Shown while lifting."),
        "hold": Field(Text(40), "Shown during a hold."),
    },
)

EXERCISE_FIELDS: dict[str, Field] = {
    "name": Field(Text(60), "The exercise's name as shown on screen."),
    "description": Field(Text(300), "One or two sentences on what the exercise is."),
    "targets": Field(TextList(Text(40)), "Muscles worked, e.g. [glutes, hamstrings]."),
    "equipment": Field(TextList(Text(40)), "What is needed, e.g. [barbell] or [bodyweight]."),
    "start": Field(_START, "Where a rep begins: top (lowers first, e.g. RDL) or bottom (lifts first, e.g. bridge)."),
    "tempo": Field(TempoValue(), "Tempo: lowering-pause-lifting-pause seconds, e.g. 3-1-1-0 or 31X0 (X = explosive); "
                                 "or `self` for self-paced reps."),
    "per_side": Field(Flag(), "true to do every set on the left side, then on the right."),
    "cues": Field(TextList(Text(80)), "Form cues, most important first."),
    "phase_cues": Field(PHASE_CUES, "One short cue per phase (lower, pause, lift, hold) shown during the set."),
    "harder": Field(Text(60), "The library id of a harder variation (e.g. single-leg-glute-bridge), suggested once "
                              "this exercise is done at the top of its range with nothing to add as load."),
}

LIBRARY_ENTRY = Record("a library exercise", {**EXERCISE_FIELDS, "name": Field(Text(60), EXERCISE_FIELDS["name"].doc,
                                                                                 required=True)})
LIBRARY_FILE = Record("the exercise library", {
    "exercises": Field(MapOf(LIBRARY_ENTRY), "Exercises keyed by id (lowercase-kebab, e.g. glute-bridge).",
                       required=True),
})

ROUTINE_ENTRY = Record(
    "an exercise",
    {
        "use": Field(Text(60), "The id of an exercise in the library (exercises.yaml), e.g. glute-bridge."),
        **EXERCISE_FIELDS,
        "sets": Field(Count(MAX_SETS), "How many sets (default 1)."),
        "reps": Field(CountRange(MAX_REPS), "Reps per set (per side when per_side): a number or a range, e.g. 10-12."),
        "hold": Field(DurationRange(MAX_HOLD), "Seconds held per set instead of reps: e.g. 30, 45s or 30-45."),
        "rest": Field(DurationRange(MAX_REST), "Rest after each set, overriding the routine's: e.g. 60 or 30-60."),
        "load": Field(Text(40), "The load as free text, e.g. 20 kg or light."),
        "note": Field(Text(300), "A note shown on the exercise's intro screen."),
    },
    rules=(OneOf(("use", "name"), exclusive=False), OneOf(("reps", "hold"))),
    hints={"rep": "did you mean 'reps'?", "time": "did you mean 'hold'?", "seconds": "did you mean 'hold'?",
           "exercise": "did you mean 'use' (a library id) or 'name' (an inline exercise)?",
           "id": "did you mean 'use'?", "side": "did you mean 'per_side'?", "weight": "did you mean 'load'?",
           "": "write each exercise as a mapping, e.g. `- use: glute-bridge` with `sets:` and `reps:` below"},
)

ROUTINE_FILE = Record(
    "the routine",
    {
        "name": Field(Text(60), "The routine's name, e.g. Beginner day 1.", required=True),
        "description": Field(Text(500), "What the routine is for, in a sentence or two."),
        "rest": Field(DurationRange(MAX_REST), "Default rest between sets: seconds or a range, e.g. 45 or 30-60 "
                                               "(default 60)."),
        "tempo": Field(TempoValue(), "Default tempo for exercises that do not set one (default 3-1-1-0)."),
        "exercises": Field(ListOf(ROUTINE_ENTRY), "The exercises, in order.", required=True),
    },
    hints={"title": "did you mean 'name'?", "exercise": "did you mean 'exercises'?"},
)
