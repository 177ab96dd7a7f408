"""Lifting tempo in the four-number notation (`3-1-1-0`, `31X0`, `self`) and the phases of a rep.

The four numbers are always eccentric (lowering), pause at the bottom, concentric (lifting),
pause at the top. Where the rep begins decides the order: from the top (RDL, lunge) the rep
lowers first; from the bottom (bridge, row) it lifts first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from pchain_tui.domain.problems import InvalidValue

MAX_PART_SECONDS = 30

_PART = r"(\d{1,2}(?:\.\d+)?|[xX])"
_DASHED = re.compile(rf"^{_PART}-{_PART}-{_PART}-{_PART}$")
_COMPACT = re.compile(r"^([0-9xX])([0-9xX])([0-9xX])([0-9xX])$")
TEMPO_PATTERN = r"^\s*([Ss][Ee][Ll][Ff]|[0-9xX]{4}|(\d{1,2}(\.\d+)?|[xX])(\s*-\s*(\d{1,2}(\.\d+)?|[xX])){3})\s*$"
"""The JSON Schema pattern for a tempo string (kept in step with `parse_tempo`)."""


class Start(Enum):
    """Where a rep begins."""

    TOP = "top"
    BOTTOM = "bottom"


class Phase(Enum):
    """A part of a rep, in the order the four-number notation gives them."""

    LOWER = "lower"
    PAUSE_BOTTOM = "pause-bottom"
    LIFT = "lift"
    PAUSE_TOP = "pause-top"

    @property
    def word(self) -> str:
        """The word shown on screen: LOWER, PAUSE or LIFT."""
        return "PAUSE" if self in (Phase.PAUSE_BOTTOM, Phase.PAUSE_TOP) else self.name


_ORDER = {
    Start.TOP: (Phase.LOWER, Phase.PAUSE_BOTTOM, Phase.LIFT, Phase.PAUSE_TOP),
    Start.BOTTOM: (Phase.LIFT, Phase.PAUSE_TOP, Phase.LOWER, Phase.PAUSE_BOTTOM),
}
_NOTATION_ORDER = (Phase.LOWER, Phase.PAUSE_BOTTOM, Phase.LIFT, Phase.PAUSE_TOP)


@dataclass(frozen=True)
class Tempo:
    """A tempo: four phase lengths in notation order (None = explosive), or self-paced."""

    parts: tuple[float | None, float | None, float | None, float | None] | None

    @property
    def self_paced(self) -> bool:
        """True for `self`: the person sets the pace and no metronome runs."""
        return self.parts is None

    def seconds(self, phase: Phase, explosive: float) -> float:
        """How long `phase` lasts, an explosive phase taking `explosive` seconds."""
        assert self.parts is not None, "a self-paced tempo has no phases"
        value = self.parts[_NOTATION_ORDER.index(phase)]
        return explosive if value is None else value

    def phases(self, start: Start, explosive: float) -> tuple[tuple[Phase, float], ...]:
        """The phases of one rep in the order they happen, leaving out those of zero length."""
        timed = ((phase, self.seconds(phase, explosive)) for phase in _ORDER[start])
        return tuple((phase, seconds) for phase, seconds in timed if seconds > 0)

    def __str__(self) -> str:
        if self.parts is None:
            return "self"
        return "-".join("X" if p is None else f"{p:g}" for p in self.parts)

    def describe(self, start: Start) -> str:
        """The tempo in words, in the order of a rep: "lower for 3 s, pause 1 s, lift for 1 s"."""
        if self.parts is None:
            return "at your own pace"
        words = []
        for phase in _ORDER[start]:
            value = self.parts[_NOTATION_ORDER.index(phase)]
            if value == 0:
                continue
            amount = "explosively" if value is None else f"for {value:g} s"
            if phase is Phase.LOWER:
                words.append(f"lower {amount}")
            elif phase is Phase.LIFT:
                words.append(f"lift {amount}")
            else:
                where = "bottom" if phase is Phase.PAUSE_BOTTOM else "top"
                words.append("pause at the " + where if value is None else f"pause {value:g} s at the {where}")
        return ", ".join(words)


SELF_PACED = Tempo(None)
DEFAULT_TEMPO = Tempo((3.0, 1.0, 1.0, 0.0))


def parse_tempo(text: str) -> Tempo:
    """Parse `3-1-1-0`, `3110`, `31X0`, `2-0-X-1` or `self` (case and spaces do not matter)."""
    cleaned = re.sub(r"\s+", "", text)
    if cleaned.lower() == "self":
        return SELF_PACED
    match = _DASHED.match(cleaned) or _COMPACT.match(cleaned)
    if not match:
        count = len(cleaned.split("-"))
        problem = (
            f"tempo '{text.strip()}' has {count} parts; a tempo has four"
            if "-" in cleaned and count != 4
            else f"tempo '{text.strip()}' is not a tempo"
        )
        raise InvalidValue(
            problem,
            "write lowering-pause-lifting-pause like 3-1-1-0 or 31X0 (X = explosive), or self",
        )
    parts = tuple(None if g in "xX" else float(g) for g in match.groups())
    if any(p is not None and p > MAX_PART_SECONDS for p in parts):
        raise InvalidValue(f"tempo '{text.strip()}' has a phase longer than {MAX_PART_SECONDS} s")
    if all(p == 0 for p in parts):
        raise InvalidValue(f"tempo '{text.strip()}' makes a rep take no time",
                           "give the lowering a few seconds: 3-0-1-0")
    return Tempo(parts)  # type: ignore[arg-type]
