"""The person's settings, read from the text of `settings.toml` (the file lives in the config folder;
`storage.settings_file` reads it).

Every key is optional; a missing file means the defaults::

    # pchain settings
    units = "kg"              # "kg" or "lb": the unit of loads written as a bare number
    load_step = 2.5           # a barbell's step once every set reaches the top of its range:
                              # the smallest pair of plates (default 2.5 kg / 5 lb)
    dumbbell_step = 2         # the step between dumbbells on your rack (default 2 kg / 5 lb)
    machine_step = 5          # one plate of a machine's stack (default 5 kg / 10 lb)
    bar = 20                  # your barbell, in units (default 20 kg / 45 lb), for the plates per side
    plates = [20, 20, 10, 5, 2.5, 1.25]  # the pairs of plates you own, one entry per pair (default:
                              # a gym's, as many as needed: 25 20 15 10 5 2.5 1.25 kg / 45 35 25 10 5 2.5 lb)
    effort = "off"            # "rpe" or "rir": the set dialog asks how hard the set was (default: not asked)
    slower_eccentric = false  # bodyweight at the top of its range: suggest a slower lowering
                              # even where a harder variation is known
    volume = 100              # loudness of the cues, 0-100
    quiet_cues = []           # cues with no sound, e.g. ["tick", "rep"] (the screen still shows them)
    desktop_notifications = false  # notify-send too, when a rest or hold ends and the terminal is behind
    sound = true              # cue sounds; false: none, the screen flashes (pchain writes this line
                              # when you turn sound off or on in the app, ctrl+p)
    voice = false             # spoken prompts (as --voice; pchain writes this line too)
    voice_speed = 175         # words a minute
    voice_phases = true       # say "down", "hold", "up" on paced reps (rep numbers are said anyway)
    theme = "textual-dark"    # the colours; pchain writes this line when you pick a theme (ctrl+p)
    program = "beginner"      # the program followed (`pchain program NAME` writes it; false: none)
    program_since = 2026-12-03T18:30:00+01:00  # when it was chosen (written with it)
    program_started = 2026-12-04  # the day of its first session since then, kept once found: week 1
                              # is that day's week (false until there is one)

    [keys]                    # remap keys: binding id = key(s); `?` in the app lists the ids' keys
    "session.pause" = "space,w"
    "session.skip" = "k"

A mistake never stops pchain: each problem is reported as `file:line:column: message` and the
setting it concerns keeps its default. The [keys] entries are only read here; whether each names a
binding and a key that does not clash is checked against the app's screens
(`domain.key_settings`), with the places recorded here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from pchain_tui.domain.problems import Problem, did_you_mean
from pchain_tui.domain.session.cues import Cue

SETTINGS_FILE_NAME = "settings.toml"
UNITS = ("kg", "lb")
DEFAULT_STEPS = {"kg": 2.5, "lb": 5.0}
"""The smallest jump most gyms allow on a bar: a pair of 1.25 kg plates, or of 2.5 lb plates."""
DUMBBELL_STEPS = {"kg": 2.0, "lb": 5.0}
"""The usual step between pairs on a dumbbell rack."""
MACHINE_STEPS = {"kg": 5.0, "lb": 10.0}
"""The usual plate of a cable or machine stack."""
MAX_STEP = 50.0
MAX_BAR = 100.0
MAX_PLATE = 100.0
EFFORTS = ("off", "rpe", "rir")
"""What the set dialog may ask about how hard a set was."""


class Place(NamedTuple):
    """Where a setting is written: its line, and the columns of its name and of its value (1-based)."""

    line: int
    name_column: int
    value_column: int


@dataclass(frozen=True)
class Settings:
    """What the person has set, or the defaults."""

    units: str = "kg"
    """"kg" or "lb"."""
    load_step: float | None = None
    """How much load a barbell gains at the top of a range; None for the units' default."""
    dumbbell_step: float | None = None
    """The step between dumbbells, in `units`; None for the units' default."""
    machine_step: float | None = None
    """One plate of a machine's stack, in `units`; None for the units' default."""
    slower_eccentric: bool = False
    """At the top of its range, a bodyweight exercise lowers a second slower even where a harder
    variation is known (it does so anyway when none is)."""
    keys: tuple[tuple[str, str], ...] = ()
    """(binding id, keys as written) pairs from the [keys] table, in file order, to remap the app's
    keys once `domain.key_settings.check_keys` has found them sound."""
    volume: int = 100
    """Loudness of the cues, 0-100 (percent of the sounds as made)."""
    quiet_cues: frozenset[str] = frozenset()
    """Cues that make no sound (their screen change still shows): e.g. {"tick", "rep"}."""
    desktop_notifications: bool = False
    """Also send a desktop notification (notify-send) when a rest or hold ends while the terminal
    is not in front."""
    bar: float | None = None
    """The barbell's weight in `units`; None for 20 kg / 45 lb."""
    plates: tuple[float, ...] = ()
    """The pairs of plates the lifter owns, in `units`, one entry per pair; empty: a gym's, as many as needed."""
    effort: str = "off"
    """What the set dialog asks about how hard the set was: "rpe" (1-10), "rir" (reps left), or "off"."""
    sound: bool = True
    """Cue sounds; False: silent cues and a flashing screen (turned on and off in the app)."""
    voice: bool = False
    """Spoken prompts (as `--voice`)."""
    voice_speed: int = 175
    """Words a minute."""
    voice_phases: bool = True
    """Say the phase words of paced reps ("down", "hold", "up"); the rep numbers are said anyway."""
    theme: str | None = None
    """The Textual theme by name (the app checks that it knows it); None for the default."""
    program: str | None = None
    """The id of the program followed (whether pchain knows it is checked once programs are read); None: none."""
    program_since: float | None = None
    """When that program was chosen (epoch seconds): its weeks count from its first session after this."""
    program_started: float | None = None
    """When the program's first session since it was chosen was (epoch seconds, kept by pchain once
    found, so years of history are not read again for it); None: not found yet."""
    program_place: Place = field(default=Place(1, 1, 1), compare=False)
    """Where `program` is written, so a program pchain does not know is reported at its line."""
    source: str = field(default=SETTINGS_FILE_NAME, compare=False)
    """The settings file, as problems name it."""
    key_places: tuple[tuple[str, Place], ...] = field(default=(), compare=False)
    """Where each [keys] entry is written, so a problem found once the app's bindings are known (a
    clash) points at its line."""

    def key_place(self, binding_id: str) -> Place:
        """Where `binding_id` is remapped; the top of the file for settings not read from one."""
        return next((place for name, place in self.key_places if name == binding_id), Place(1, 1, 1))

    @property
    def step(self) -> float:
        """The barbell's load step in `units`."""
        return self.load_step if self.load_step is not None else DEFAULT_STEPS[self.units]

    def dumbbell_step_in(self, unit: str) -> float:
        """The dumbbell step in `unit` (the setting applies to `units`)."""
        return self.dumbbell_step if self.dumbbell_step is not None and unit == self.units else DUMBBELL_STEPS[unit]

    def machine_step_in(self, unit: str) -> float:
        """The machine step in `unit` (the setting applies to `units`)."""
        return self.machine_step if self.machine_step is not None and unit == self.units else MACHINE_STEPS[unit]


def parse_settings(text: str, shown: str = SETTINGS_FILE_NAME) -> tuple[Settings, list[Problem]]:
    """Settings from TOML text; `shown` names the file in problems."""
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, column, message = _decode_error(error)
        return Settings(source=shown), [Problem(shown, line, column, message,
                                                "the defaults are used until it is fixed")]
    except RecursionError:  # tomllib reads nested lists and inline tables by recursion
        return Settings(source=shown), [Problem(shown, 1, 1, "lists or tables are nested too deeply to read",
                                                "the defaults are used until it is fixed")]
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, value in table.items():
        line, column = _where(text, key)
        if key == "keys":
            values["keys"], values["key_places"], found = _key_entries(value, text, shown, Place(line, 1, column))
            problems += found
            continue
        check = _CHECKS.get(key)
        if check is None:
            problems.append(Problem(shown, line, 1, f"unknown setting '{escaped(key)}'",
                                    did_you_mean(key, SETTING_NAMES)))
            continue
        if key == "program":
            values["program_place"] = Place(line, 1, column)
        try:
            values[key] = check(value)
        except ValueError as error:
            problems.append(Problem(shown, line, column, f"{key}: {error}", "the default is used"))
    return Settings(source=shown, **values), problems


def _key_entries(value: Any, text: str, shown: str, table: Place) -> tuple[
        tuple[tuple[str, str], ...], tuple[tuple[str, Place], ...], list[Problem]]:
    """The [keys] entries that are text, where each is written, and a problem for each that is not.

    A bare dotted name (`session.skip = "k"`, or `[keys.session]`) is a nested table in TOML; it
    names the same binding as the quoted id, so it is read as one.
    """
    if not isinstance(value, dict):
        return (), (), [Problem(shown, table.line, table.value_column,
                                'keys: must be a table of binding ids to keys, like [keys] "session.skip" = "k"',
                                "the default keys are used")]
    written = _key_places(text)
    entries: list[tuple[Place, str, Any]] = []
    for binding_id, keys in _flatten(value):
        spots = written.get(binding_id, [])
        taken = sum(1 for _, other, _ in entries if other == binding_id)
        entries.append((spots[taken] if taken < len(spots) else table, binding_id, keys))
    entries.sort(key=lambda entry: entry[0])
    problems: list[Problem] = []
    kept: list[tuple[Place, str, str]] = []
    for index, (place, binding_id, keys) in enumerate(entries):
        lines = [p.line for p, other, _ in entries if other == binding_id]
        if len(lines) > 1:
            if all(other != binding_id for _, other, _ in entries[index + 1:]):  # said once, at the last
                problems.append(Problem(shown, place.line, place.name_column,
                                        f'[keys] "{escaped(binding_id)}" is set more than once (lines '
                                        f'{", ".join(map(str, lines))})',
                                        "keep one; until then its default key is kept"))
        elif not isinstance(keys, str):
            problems.append(Problem(shown, place.line, place.value_column,
                                    f'[keys] "{escaped(binding_id)}": must be keys in quotes, like "k" or "space,w", '
                                    f"not {_toml(keys)}", "its default key is kept"))
        else:
            kept.append((place, binding_id, keys))
    return (tuple((binding_id, keys) for _, binding_id, keys in kept),
            tuple((binding_id, place) for place, binding_id, _ in kept), problems)


def _flatten(table: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """The leaves of nested tables, by dotted name (a loop, not recursion: a name may have many dots)."""
    stack = [("", table)]
    while stack:
        prefix, node = stack.pop(0)
        for name, value in node.items():
            if isinstance(value, dict):
                stack.append((f"{prefix}{name}.", value))
            else:
                yield f"{prefix}{name}", value


def _units(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in UNITS:
        return value.strip().lower()
    raise ValueError(f"must be \"kg\" or \"lb\", not {_toml(value)}")


def _step(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= MAX_STEP:
        raise ValueError(f"must be a number more than 0 and at most {MAX_STEP:g}, not {_toml(value)}")
    return float(value)


def _bar(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= MAX_BAR:
        raise ValueError(f"must be the bar's weight, a number more than 0 and at most {MAX_BAR:g}, not {_toml(value)}")
    return float(value)


def _plates(value: Any) -> tuple[float, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"must be a list of plate weights, one per pair you own, like [20, 10, 5], not {_toml(value)}")
    for plate in value:
        if isinstance(plate, bool) or not isinstance(plate, int | float) or not 0 < plate <= MAX_PLATE:
            raise ValueError(f"each plate must be a number more than 0 and at most {MAX_PLATE:g}, not {_toml(plate)}")
    return tuple(sorted((float(p) for p in value), reverse=True))


def _effort(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in EFFORTS:
        return value.strip().lower()
    raise ValueError(f'must be "rpe", "rir" or "off", not {_toml(value)}')


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {_toml(value)}")
    return value


def _volume(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValueError(f"must be a whole number from 0 to 100 (percent), not {_toml(value)}")
    return value


def _speed(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 80 <= value <= 450:
        raise ValueError(f"must be words a minute from 80 to 450, not {_toml(value)}")
    return value


def _theme(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", value):
        raise ValueError(f'must be the name of a theme, like "textual-dark", not {_toml(value)}')
    return value


def _program(value: Any) -> str | None:
    if value is False:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", value):
        raise ValueError(f'must be a program id in quotes, like "beginner", or false for none, not {_toml(value)}')
    return value


def _moment(value: Any) -> float:
    """A TOML date-time (with its offset, or local) or date (its midnight, local) as epoch seconds."""
    if isinstance(value, datetime):
        return value.timestamp()  # a date-time without an offset is local time
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).timestamp()
    raise ValueError(f"must be a date and time, like 2026-12-03T18:30:00+01:00, not {_toml(value)}")


def _moment_or_none(value: Any) -> float | None:
    """As `_moment`, or false for none yet."""
    return None if value is False else _moment(value)


def _cue_names(value: Any) -> frozenset[str]:
    names = tuple(cue.value for cue in Cue)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"must be a list of cue names, like [\"tick\", \"rep\"] (from {', '.join(names)})")
    unknown = [v for v in value if v not in names]
    if unknown:
        hint = did_you_mean(unknown[0], names) or f"the cues are {', '.join(names)}"
        raise ValueError(f"unknown cue \"{escaped(unknown[0])}\"; {hint}")
    return frozenset(value)


_CHECKS: dict[str, Callable[[Any], Any]] = {"units": _units, "load_step": _step, "dumbbell_step": _step,
                                            "machine_step": _step, "bar": _bar, "plates": _plates, "effort": _effort,
                                            "slower_eccentric": _flag,
                                            "volume": _volume, "quiet_cues": _cue_names,
                                            "desktop_notifications": _flag, "sound": _flag, "voice": _flag,
                                            "voice_speed": _speed, "voice_phases": _flag, "theme": _theme,
                                            "program": _program, "program_since": _moment,
                                            "program_started": _moment_or_none}
SETTING_NAMES = (*_CHECKS, "keys")
"""Every top-level name settings.toml may use ([keys] is a table, read by `_key_entries`)."""


def escaped(text: str) -> str:
    """`text` with each character that would not show as itself (a control character such as ESC,
    an invisible format character, a line separator) written as a TOML escape, so a message that
    quotes the file can never drive the terminal."""
    if text.isprintable():  # the usual case
        return text
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}"
                   for c in text)


def _toml(value: Any) -> str:
    """A value as it was probably written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{escaped(value)}"'
    return "a table" if isinstance(value, dict) else ("a list" if isinstance(value, list) else str(value))


_DECODE_POSITION = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")


def _decode_error(error: tomllib.TOMLDecodeError) -> tuple[int, int, str]:
    """tomllib puts the position in its message: "Invalid value (at line 2, column 9)"."""
    match = _DECODE_POSITION.match(str(error))
    if match is None:
        return 1, 1, str(error)
    return int(match[2]), int(match[3]), match[1][:1].lower() + match[1][1:]


def _where(text: str, key: str) -> tuple[int, int]:
    """The line of a top-level key and the column of its value, or column 1 for a [table] (tomllib
    keeps no positions)."""
    table: list[str] | None = None  # None: still at the top, before any [table]
    for number, line in enumerate(text.split("\n"), start=1):  # as tomllib counts lines
        if header := _HEADER.match(line):
            table = _parts(header[1])
            if table[:1] == [key]:
                return number, 1
        elif table is None and (assignment := _ASSIGNMENT.match(line)) and _parts(assignment[1])[:1] == [key]:
            return number, assignment.end() + 1
    return 1, 1


_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
"""One part of a TOML key: bare, "basic" or 'literal'."""
_DOTTED = rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*"
_HEADER = re.compile(rf"^[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]")
_ASSIGNMENT = re.compile(rf"^[ \t]*({_DOTTED})[ \t]*=[ \t]*")
_INLINE_PAIR = re.compile(rf"[{{,][ \t]*({_DOTTED})[ \t]*=[ \t]*")


def _key_places(text: str) -> dict[str, list[Place]]:
    """Where each [keys] entry is written, by binding id, in file order: under a [keys] (or
    [keys.session]) header, as a dotted `keys."session.skip" = ...`, or in an inline
    `keys = {...}` (which TOML keeps on one line)."""
    places: dict[str, list[Place]] = {}
    table: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if header := _HEADER.match(line):
            table = _parts(header[1])
        elif assignment := _ASSIGNMENT.match(line):
            path = table + _parts(assignment[1])
            if len(path) > 1 and path[0] == "keys":
                places.setdefault(".".join(path[1:]), []).append(
                    Place(number, assignment.start(1) + 1, assignment.end() + 1))
            elif path == ["keys"]:
                for pair in _INLINE_PAIR.finditer(line, assignment.end()):
                    places.setdefault(".".join(_parts(pair[1])), []).append(
                        Place(number, pair.start(1) + 1, pair.end() + 1))
    return places


def _parts(dotted: str) -> list[str]:
    """The names in a dotted TOML key, unquoted."""
    return [_unquoted(part) for part in re.findall(_PART, dotted)]


def _unquoted(part: str) -> str:
    """One part of a key as tomllib reads it: a basic string's escapes ("\\u001b") are read too."""
    if part[0] == '"' and "\\" in part:
        try:
            return tomllib.loads(f"k = {part}")["k"]
        except tomllib.TOMLDecodeError:  # a bad escape: the file did not parse, this key is never asked for
            return part[1:-1]
    return part[1:-1] if part[0] in "\"'" else part
