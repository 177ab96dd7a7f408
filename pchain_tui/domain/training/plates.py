"""Plates per side: how to load a barbell to a number, with the bar and the plates a lifter has."""

from __future__ import annotations

from dataclasses import dataclass

from pchain_tui.domain.model import Exercise
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.training.loads import number, parse_load

DEFAULT_BARS = {"kg": 20.0, "lb": 45.0}
"""A standard barbell: 20 kg, or 45 lb."""
STANDARD_PLATES = {"kg": (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25), "lb": (45.0, 35.0, 25.0, 10.0, 5.0, 2.5)}
"""A gym's plates, as many of each as needed, when the settings do not list the lifter's own."""
_EPS = 1e-6


@dataclass(frozen=True)
class Loading:
    """A bar loaded towards a target: the plates on each side and what it then weighs."""

    target: float
    bar: float
    per_side: tuple[float, ...]
    unit: str

    @property
    def total(self) -> float:
        """What the loaded bar weighs."""
        return self.bar + 2 * sum(self.per_side)

    @property
    def exact(self) -> bool:
        """True when the plates make the target exactly."""
        return abs(self.total - self.target) < _EPS

    def __str__(self) -> str:
        if self.target < self.bar - _EPS:
            return f"lighter than the bar ({number(self.bar)} {self.unit})"
        plates = " + ".join(number(p) for p in self.per_side)
        said = f"per side: {plates}" if plates else f"the bar alone ({number(self.bar)} {self.unit})"
        if not self.exact:
            said += f" · makes {number(self.total)} {self.unit}, not {number(self.target)}"
        return said


def load_bar(target: float, bar: float, plates: tuple[float, ...], unit: str, *, pairs: bool) -> Loading:
    """The heaviest loading of `bar` that does not pass `target`, biggest plates first.

    `pairs`: `plates` lists the pairs the lifter owns (each entry once per pair); otherwise there are
    as many of each as needed. Biggest-first is what a lifter does at the rack, and with the usual
    plates (each at least twice the next) it is also the closest loading."""
    left = (target - bar) / 2
    taken: list[float] = []
    available = sorted(plates, reverse=True)
    index = 0
    while index < len(available) and left > _EPS:
        plate = available[index]
        if plate <= left + _EPS:
            taken.append(plate)
            left -= plate
            if pairs:
                index += 1
        else:
            index += 1
    return Loading(target, bar, tuple(taken), unit)


def plates_text(load: str | None, exercise: Exercise, settings: Settings) -> str | None:
    """"per side: 20 + 5 + 2.5" for a barbell exercise with a load in numbers; None for anything else
    (dumbbells, machines, bodyweight, a load in words, a load per hand)."""
    if "barbell" not in " ".join(exercise.equipment).lower():
        return None
    parsed = parse_load(load, settings.units)
    if parsed is None or parsed.rest.strip():
        return None
    mine = parsed.unit == settings.units
    bar = settings.bar if mine and settings.bar is not None else DEFAULT_BARS[parsed.unit]
    owned = mine and bool(settings.plates)
    plates = settings.plates if owned else STANDARD_PLATES[parsed.unit]
    return str(load_bar(parsed.amount, bar, plates, parsed.unit, pairs=owned))
