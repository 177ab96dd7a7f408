"""The fields of routine and library files: one definition drives both the loader and the JSON Schema.

Each kind of value knows how to read itself from a located YAML node (raising `InvalidValue`
with a person-friendly message) and how to describe itself as JSON Schema, so `pchain schema`
and `pchain validate` cannot disagree about what a file may contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pchain_tui.domain import model, quantities, tempo
from pchain_tui.domain.training import loads
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


@dataclass
class Gap(Duration):
    """A duration that may be 0 (no rest at all): `0`, `15`, `15s`."""

    def parse(self, node: Node, what: str, ctx: Context) -> float:
        text = _scalar_text(node, what, "a duration", "write seconds like 0, 15 or 15s")
        if re.fullmatch(r"\s*0+(\.0*)?\s*s?\s*", text):
            return 0.0
        return super().parse(node, what, ctx)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "number", "minimum": 0, "maximum": self.maximum},
                          {"type": "string", "pattern": quantities.DURATION_PATTERN}]}


_WARMUP_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*[x×*]\s*(\d+)\s*$", re.IGNORECASE)
_WARMUP_LOAD = re.compile(r"^\s*(.+?)\s*[x×*]\s*(\d+)\s*$", re.IGNORECASE)
WARMUP_ITEM_PATTERN = r"^\s*\S.*\s*[x×*]\s*\d+\s*$"


class WarmupValue(Kind):
    """`auto`, or a list of ramp sets: `40% x 8` (of the working load) or `20 kg x 10`."""

    max_items = 6

    def parse(self, node: Node, what: str, ctx: Context) -> model.Warmup:
        if isinstance(node, Scalar) and node.kind == "str" and str(node.value).strip().lower() == "auto":
            return model.Warmup()
        if not isinstance(node, Sequence):
            raise InvalidValue(f"`{what}` must be `auto` or a list of sets like [40% x 8, 60% x 5], "
                               f"not {describe(node)}", "write `warmup: auto` to ramp up to the working load")
        if not node.items:
            raise InvalidValue(f"`{what}` is empty", "list the ramp sets, e.g. [40% x 8, 60% x 5, 80% x 3], or "
                                                     "write `warmup: auto`")
        if len(node.items) > self.max_items:
            raise InvalidValue(f"`{what}` has {len(node.items)} sets; the most is {self.max_items}",
                               "a ramp of 2-4 sets is plenty")
        sets = []
        for index, item in enumerate(node.items, 1):
            try:
                sets.append(self._one(item, f"{what} set {index}"))
            except InvalidValue as error:
                ctx.report(item, error.message, error.hint)
        return model.Warmup(tuple(sets))

    @staticmethod
    def _one(node: Node, what: str) -> model.WarmupSet:
        if not isinstance(node, Scalar) or node.kind not in ("str", "int", "float"):
            raise InvalidValue(f"`{what}` must be text like 40% x 8 or 20 kg x 10, not {describe(node)}")
        text = str(node.value)
        percent = _WARMUP_PERCENT.match(text)
        loaded = _WARMUP_LOAD.match(text)
        if percent is None and loaded is None:
            raise InvalidValue(f"`{what}` '{text.strip()}' is not a ramp set",
                               "write a share of the working load and reps, like 40% x 8, or a load, like 20 kg x 10")
        reps = quantities.parse_count((percent or loaded)[2], what=f"the reps of `{what}`", maximum=MAX_REPS)  # type: ignore[index]
        if percent is not None:
            share = float(percent[1].replace(",", "."))
            if not 0 < share < 100:
                raise InvalidValue(f"`{what}` is {percent[1]}% of the working load; a warm-up takes more than 0% "
                                   "and less than 100%", "e.g. 40% x 8, 60% x 5, 80% x 3")
            return model.WarmupSet(reps, percent=share)
        load = loaded[1].strip()  # type: ignore[index]
        if loads.parse_load(load) is None or not loads.has_unit(load):
            raise InvalidValue(f"`{what}` has the load '{load}', which is not a number with kg or lb",
                               "write it like 20 kg x 10, or as a share: 40% x 8")
        return model.WarmupSet(reps, load=load)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "pattern": r"^\s*[Aa][Uu][Tt][Oo]\s*$"},
                          {"type": "array", "minItems": 1, "maxItems": self.max_items,
                           "items": {"type": "string", "pattern": WARMUP_ITEM_PATTERN}}]}


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

    item: Record | EntryOrGroup
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
class EntryOrGroup(Kind):
    """A list item that is either an entry, or a group of entries under one of `group_keys`
    (`- circuit:` holding exercises): a mapping with a group key is read as the group."""

    entry: Record
    group: Record
    group_keys: tuple[str, ...]

    def parse(self, node: Node, what: str, ctx: Context) -> dict[str, tuple[Any, Node]] | None:
        if isinstance(node, Mapping) and any(key.value in self.group_keys for key, _value in node.items):
            return self.group.parse(node, what, ctx)
        return self.entry.parse(node, what, ctx)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [self.entry.schema(), self.group.schema()]}


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

MAX_ROUNDS = 10
MAX_WARMUP_REST = 300

_ENTRY_FIELDS: dict[str, Field] = {
    "use": Field(Text(60), "The id of an exercise in the library (exercises.yaml), e.g. glute-bridge."),
    **EXERCISE_FIELDS,
    "sets": Field(Count(MAX_SETS), "How many sets (default 1)."),
    "reps": Field(CountRange(MAX_REPS), "Reps per set (per side when per_side): a number or a range, e.g. 10-12."),
    "hold": Field(DurationRange(MAX_HOLD), "Seconds held per set instead of reps: e.g. 30, 45s or 30-45."),
    "rest": Field(DurationRange(MAX_REST), "Rest after each set, overriding the routine's: e.g. 60 or 30-60."),
    "load": Field(Text(40), "The load as free text, e.g. 20 kg or light."),
    "warmup": Field(WarmupValue(), "Warm-up sets before the working sets: `auto` (a ramp worked out from the load) "
                                   "or a list like [40% x 8, 60% x 5, 80% x 3] (of the load) or [20 kg x 10]."),
    "note": Field(Text(300), "A note shown on the exercise's intro screen."),
}
_ENTRY_HINTS = {
    "rep": "did you mean 'reps'?", "time": "did you mean 'hold'?", "seconds": "did you mean 'hold'?",
    "exercise": "did you mean 'use' (a library id) or 'name' (an inline exercise)?",
    "id": "did you mean 'use'?", "side": "did you mean 'per_side'?", "weight": "did you mean 'load'?",
    "warm_up": "did you mean 'warmup'?", "warmups": "did you mean 'warmup'?", "warm-up": "did you mean 'warmup'?",
    "": "write each exercise as a mapping, e.g. `- use: glute-bridge` with `sets:` and `reps:` below",
}
_ENTRY_RULES = (OneOf(("use", "name"), exclusive=False), OneOf(("reps", "hold")))
ROUTINE_ENTRY = Record("an exercise", _ENTRY_FIELDS, rules=_ENTRY_RULES, hints=_ENTRY_HINTS)

_IN_A_CIRCUIT = "a circuit cannot hold another circuit: list its exercises here, or give it an entry of its own"
CIRCUIT_MEMBER = Record(
    "an exercise of a circuit",
    {key: spec for key, spec in _ENTRY_FIELDS.items() if key not in ("sets", "rest", "warmup")},
    rules=_ENTRY_RULES,
    hints={**_ENTRY_HINTS,
           "sets": "a circuit's exercises are done once a round: set `rounds:` on the circuit",
           "rest": "set `rest:` (after each round) or `rest_between:` (between its exercises) on the circuit",
           "warmup": "warm up before the circuit: give the warm-up its own entry above it",
           "circuit": _IN_A_CIRCUIT, "superset": _IN_A_CIRCUIT,
           "": "write each exercise as a mapping, e.g. `- use: glute-bridge` with `reps:` below"},
)
CIRCUIT = Record(
    "a circuit",
    {
        "rounds": Field(Count(MAX_ROUNDS), "How many times the circuit is done.", required=True),
        "rest": Field(DurationRange(MAX_REST), "Rest after each round (default: the routine's rest)."),
        "rest_between": Field(Gap(MAX_REST), "Rest between the exercises of a round, e.g. 0 or 15 (default 0: a "
                                             "3-second get-ready to move to the next)."),
        "exercises": Field(ListOf(CIRCUIT_MEMBER, max_items=8), "The exercises, done back to back in this order.",
                           required=True),
    },
    hints={"sets": "did you mean 'rounds'?", "round": "did you mean 'rounds'?",
           "rest_after": "did you mean 'rest' (after each round)?",
           "": "write the circuit as a mapping with `rounds:` and `exercises:`"},
)
CIRCUIT_ENTRY = Record(
    "a circuit entry",
    {
        "circuit": Field(CIRCUIT, "Exercises done back to back, `rounds` times, resting after each round."),
        "superset": Field(CIRCUIT, "Another word for a circuit of two exercises."),
    },
    rules=(OneOf(("circuit", "superset")),),
    hints={"": "write `- circuit:` with `rounds:` and `exercises:` below it"},
)
ROUTINE_ITEM = EntryOrGroup(ROUTINE_ENTRY, CIRCUIT_ENTRY, ("circuit", "superset"))

ROUTINE_FILE = Record(
    "the routine",
    {
        "name": Field(Text(60), "The routine's name, e.g. Beginner day 1.", required=True),
        "description": Field(Text(500), "What the routine is for, in a sentence or two."),
        "rest": Field(DurationRange(MAX_REST), "Default rest between sets: seconds or a range, e.g. 45 or 30-60 "
                                               "(default 60)."),
        "tempo": Field(TempoValue(), "Default tempo for exercises that do not set one (default 3-1-1-0)."),
        "exercises": Field(ListOf(ROUTINE_ITEM), "The exercises (or circuits of them), in order.", required=True),
    },
    hints={"title": "did you mean 'name'?", "exercise": "did you mean 'exercises'?"},
)
