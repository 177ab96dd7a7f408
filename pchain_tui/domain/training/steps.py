"""The next step up (or down) in load, for the equipment an exercise uses.

A barbell grows by the smallest pair of plates, dumbbells by the next pair on the rack, a
kettlebell to the next common bell, a machine by one plate of its stack. Bodyweight work has no
load to add: its progression is reps, then a harder variation, a slower lowering or a longer hold
(see progression.py). Where a step cannot be worked out (a bell of an unusual size, a band), the
words say so plainly instead of inventing a weight.
"""

from __future__ import annotations

from enum import Enum

from pchain_tui.domain.model import Exercise
from pchain_tui.domain.settings import Settings
from pchain_tui.domain.training.loads import Load, number, parse_load

KETTLEBELLS = {"kg": (4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 20.0, 24.0, 28.0, 32.0, 36.0, 40.0, 48.0),
               "lb": (9.0, 13.0, 18.0, 22.0, 26.0, 31.0, 35.0, 44.0, 53.0, 62.0, 70.0, 79.0, 88.0, 106.0)}
"""Common kettlebell sizes (the competition and classic bells; lb the usual labels of the same bells)."""


class Equipment(Enum):
    """How an exercise is loaded, which decides how its load grows."""

    BARBELL = "barbell"
    """Plates on a bar (or a sled): the smallest pair of plates."""
    DUMBBELLS = "dumbbells"
    KETTLEBELL = "kettlebell"
    MACHINE = "machine"
    """A weight stack (cable, leg curl): one plate of the stack."""
    BAND = "band"
    """A resistance band: a stronger band, which has no number."""
    BODYWEIGHT = "bodyweight"
    """Nothing to load (a floor, a bench, a bar to hang from)."""


def equipment_of(exercise: Exercise) -> Equipment:
    """The kind of loading, from the exercise's equipment list (bodyweight when nothing loads it)."""
    words = " ".join(exercise.equipment).lower()
    for keys, kind in ((("barbell", "sled"), Equipment.BARBELL), (("dumbbell",), Equipment.DUMBBELLS),
                       (("kettlebell",), Equipment.KETTLEBELL), (("machine", "cable"), Equipment.MACHINE),
                       (("band",), Equipment.BAND)):
        if any(key in words for key in keys):
            return kind
    return Equipment.BODYWEIGHT


def fixed_step(equipment: Equipment, unit: str, settings: Settings) -> float | None:
    """The load step of equipment that grows by a fixed amount, in `unit`; None for the others."""
    if equipment is Equipment.BARBELL:
        return settings.step if unit == settings.units else Settings(units=unit).step
    if equipment is Equipment.DUMBBELLS:
        return settings.dumbbell_step_in(unit)
    if equipment is Equipment.MACHINE:
        return settings.machine_step_in(unit)
    return None


def heavier(load: Load, equipment: Equipment, settings: Settings) -> Load | None:
    """The next load up, or None when it cannot be worked out (a bell of no common size, a band)."""
    return _moved(load, equipment, settings, +1)


def lighter(load: Load, equipment: Equipment, settings: Settings) -> Load | None:
    """The next load down (never below nothing), or None when it cannot be worked out."""
    return _moved(load, equipment, settings, -1)


def _moved(load: Load, equipment: Equipment, settings: Settings, direction: int) -> Load | None:
    if equipment is Equipment.KETTLEBELL:
        sizes = KETTLEBELLS[load.unit]
        if load.amount not in sizes:
            return None  # an unusual bell: "the next size up" is all that can be said
        index = sizes.index(load.amount) + direction
        return Load(sizes[index], load.unit, load.rest) if 0 <= index < len(sizes) else None
    step = fixed_step(equipment, load.unit, settings)
    if step is None:
        if equipment is Equipment.BODYWEIGHT:  # a vest, a plate held: the barbell's plates are the step
            step = fixed_step(Equipment.BARBELL, load.unit, settings)
        else:
            return None
    amount = load.amount + direction * step
    return Load(amount, load.unit, load.rest) if amount > 0 else None


def step_words(equipment: Equipment, settings: Settings) -> str:
    """How the load grows, for when no number can be given: "the next bell up"."""
    if equipment is Equipment.KETTLEBELL:
        return "your bells: the next size up"
    if equipment is Equipment.BAND:
        return "take a stronger band"
    unit = settings.units
    if equipment is Equipment.DUMBBELLS:
        return f"take the next dumbbells up ({number(settings.dumbbell_step_in(unit))} {unit} heavier)"
    if equipment is Equipment.MACHINE:
        return f"add one plate of the stack ({number(settings.machine_step_in(unit))} {unit})"
    return f"add the smallest plates ({number(settings.step)} {unit})"


def stepped(text: str | None, exercise: Exercise, settings: Settings, direction: int) -> str | None:
    """A load written as text, one step of the exercise's equipment up (direction 1) or down (-1);
    None when the text is no number or no step can be worked out."""
    load = parse_load(text, settings.units)
    if load is None:
        return None
    moved = _moved(load, equipment_of(exercise), settings, 1 if direction > 0 else -1)
    return None if moved is None else str(moved)
