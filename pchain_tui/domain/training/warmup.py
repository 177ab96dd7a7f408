"""Warm-up ramps: the lighter sets that lead up to the working load.

`warmup: auto` ramps by the working load (in kg; a load in lb is converted to choose the ramp):

- under 40 kg: 50 % x 8, 75 % x 5 (2 sets)
- 40 kg to under 100 kg: 40 % x 8, 60 % x 5, 80 % x 3 (3 sets)
- 100 kg and more: 40 % x 8, 60 % x 5, 75 % x 3, 90 % x 1 (4 sets)

Each load is rounded down to one the equipment can make: barbell work to what the plates make on the
bar (never below the empty bar), dumbbells and machines to their step, anything else to the barbell's
smallest plates. Sets that round to the same load are done once (the first, with its reps); a set
that would reach the working load is left out. Bodyweight work, and loads in words, get no ramp:
there is nothing to take a share of. After each warm-up set comes a rest of 60 s (or the exercise's
shortest rest, when that is shorter).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from pchain_tui.domain.model import Block, WarmupSet
from pchain_tui.domain.session.plan import LowerBound, TargetPolicy, Targets
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.training.loads import Load, parse_load
from pchain_tui.domain.training.plates import DEFAULT_BARS, STANDARD_PLATES, load_bar
from pchain_tui.domain.training.steps import Equipment, equipment_of, fixed_step

LB_PER_KG = 2.20462
AUTO_RAMPS: tuple[tuple[float, tuple[WarmupSet, ...]], ...] = (
    (100.0, (WarmupSet(8, 40), WarmupSet(5, 60), WarmupSet(3, 75), WarmupSet(1, 90))),
    (40.0, (WarmupSet(8, 40), WarmupSet(5, 60), WarmupSet(3, 80))),
    (0.0, (WarmupSet(8, 50), WarmupSet(5, 75))),
)
"""(from this working load in kg, the ramp), heaviest first."""
_EPS = 1e-6


@dataclass(frozen=True)
class RampSet:
    """A warm-up set as it will be done: reps at a load."""

    reps: int
    load: str


def ramp(block: Block, working_load: str | None, settings: Settings) -> tuple[RampSet, ...]:
    """The warm-up sets before `block`'s working sets at `working_load` (none when it asks for none)."""
    if block.warmup is None:
        return ()
    work = parse_load(working_load, settings.units)
    if work is not None and work.amount <= 0:
        work = None
    planned = block.warmup.sets or (_auto(work) if work is not None else ())
    sets: list[RampSet] = []
    for wanted in planned:
        load = _load_of(wanted, work, settings)
        if load is None:
            continue
        if work is not None and load.unit == work.unit and load.amount >= work.amount - _EPS and wanted.percent:
            continue  # rounding took it up to the working load: it would be a working set
        rounded = rounded_down(load, block, settings) if wanted.percent is not None else load
        if any(str(rounded) == done.load for done in sets):
            continue
        sets.append(RampSet(wanted.reps, str(rounded)))
    return tuple(sets)


def _auto(work: Load) -> tuple[WarmupSet, ...]:
    kilos = work.amount if work.unit == "kg" else work.amount / LB_PER_KG
    return next(sets for floor, sets in AUTO_RAMPS if kilos >= floor)


def _load_of(wanted: WarmupSet, work: Load | None, settings: Settings) -> Load | None:
    if wanted.percent is None:
        return parse_load(wanted.load, settings.units)
    if work is None:
        return None
    return Load(work.amount * wanted.percent / 100.0, work.unit, work.rest)


def rounded_down(load: Load, block: Block, settings: Settings) -> Load:
    """`load` rounded down to one the exercise's equipment can make."""
    equipment = equipment_of(block.exercise)
    unit = load.unit
    if equipment is Equipment.BARBELL:
        mine = unit == settings.units
        bar = settings.bar if mine and settings.bar is not None else DEFAULT_BARS[unit]
        owned = mine and bool(settings.plates)
        plates = settings.plates if owned else STANDARD_PLATES[unit]
        if load.amount <= bar + _EPS:
            return Load(bar, unit, load.rest)
        return Load(load_bar(load.amount, bar, plates, unit, pairs=owned).total, unit, load.rest)
    step = fixed_step(equipment, unit, settings) or fixed_step(Equipment.BARBELL, unit, settings) or 1.0
    amount = math.floor(load.amount / step + _EPS) * step
    return Load(max(step, round(amount, 3)), unit, load.rest)


class Warmed:
    """A target policy with each block's warm-up ramp added to the targets of `policy` (the lower
    bounds by default): the plan a session runs."""

    def __init__(self, policy: TargetPolicy | None = None, settings: Settings | None = None) -> None:
        self.policy = policy or LowerBound()
        self.settings = settings or Settings()

    def targets(self, block: Block) -> Targets:
        """The inner policy's targets, with the ramp up to their load."""
        return with_warmups(self.policy.targets(block), block, self.settings)


def with_warmups(targets: Targets, block: Block, settings: Settings) -> Targets:
    """`targets` with the warm-up ramp up to their load (the routine's when they have none)."""
    sets = ramp(block, targets.load or block.load, settings)
    return replace(targets, warmups=tuple((s.reps, s.load) for s in sets)) if sets else targets
