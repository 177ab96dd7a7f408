"""Personal bests of one exercise, from the sets that count.

Only sets that count are looked at (done, not warm-ups: `SetRecord.counts`). Loads are free text:
a load in numbers is read with `parse_load`, and loads of different kinds (kg, lb, "kg per hand")
are kept apart, never compared with each other; a load in words ("light") or no load at all gets
reps bests only. A best held by several sets is the first of them: the day it was reached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.session.record import SetRecord
from pchain_tui.domain.training.loads import Load, parse_load
from pchain_tui.domain.training.strength import estimated_1rm

TOP_LOADS = 3
"""How many of the heaviest loads (of each kind) get their own "most reps" best."""


class LoadKind(NamedTuple):
    """What a load in numbers is measured in: its unit and what follows it ("kg", "kg per hand").

    A tuple, so that keying the tallies of thousands of sets by it hashes in C.
    """

    unit: str
    """"kg" or "lb"."""
    rest: str = ""
    """What followed the unit, as written and trimmed ("per hand"), else empty."""

    def __str__(self) -> str:
        return f"{self.unit} {self.rest}" if self.rest else self.unit


@dataclass(frozen=True)
class Feat:
    """A set that holds a best, its load as read (None for words or none), and the figure of the best."""

    record: SetRecord
    load: Load | None
    value: float
    """What the best is about: the load's amount, the reps, the seconds held or the estimated 1RM."""

    @property
    def at(self) -> float:
        """When the set began (epoch seconds)."""
        return self.record.started_at


def _beats(value: float, record: SetRecord, best: Feat | None) -> bool:
    """True when `value` reached in `record` is a better best than `best`: higher, or as high and earlier.

    Compared before a Feat is made: a long history has thousands of sets and a handful of bests.
    """
    return best is None or value > best.value or (value == best.value and record.started_at < best.at)


@dataclass(frozen=True)
class WeighedBests:
    """The bests of one kind of load in numbers."""

    kind: LoadKind
    heaviest: Feat
    """The first set at the heaviest load (its value is the load's amount)."""
    e1rm: Feat | None
    """The set with the highest estimated 1RM; None when no set had 12 reps or fewer."""
    most_reps: tuple[Feat, ...]
    """The most reps at each of the TOP_LOADS heaviest loads, heaviest first."""


@dataclass(frozen=True)
class PersonalBests:
    """An exercise's personal bests."""

    weighed: tuple[WeighedBests, ...]
    """One entry per kind of load in numbers, the kind used most first."""
    unweighed: tuple[Feat, ...]
    """The most reps at each load in words, and with no load (the load None), most reps first."""
    longest_hold: Feat | None
    """The longest hold, whatever its load."""

    @property
    def empty(self) -> bool:
        """True when no set counted: nothing to show."""
        return not self.weighed and not self.unweighed and self.longest_hold is None


class _Reader:
    """Loads as read, each distinct text parsed once: a long history repeats a handful of loads."""

    def __init__(self, units: str) -> None:
        self.units = units
        self._seen: dict[str | None, tuple[LoadKind, Load] | None] = {}

    def read(self, text: str | None) -> tuple[LoadKind, Load] | None:
        """The kind and load of a load in numbers above zero; None for words, none or zero."""
        if text not in self._seen:
            load = parse_load(text, self.units)
            self._seen[text] = (LoadKind(load.unit, load.rest.strip()), load) if load and load.amount > 0 else None
        return self._seen[text]


@dataclass
class _KindTally:
    """What has been seen of one kind of load so far."""

    heaviest: Feat
    sets: int = 0
    e1rm: Feat | None = None


def personal_bests(sets: Iterable[SetRecord], units: str = "kg", top_loads: int = TOP_LOADS) -> PersonalBests:
    """The personal bests in `sets` (of one exercise); a bare number is a load in `units`."""
    reader = _Reader(units)
    tallies: dict[LoadKind, _KindTally] = {}
    most_at: dict[tuple[LoadKind, float], Feat] = {}
    unweighed: dict[str | None, Feat] = {}
    longest: Feat | None = None
    for s in sets:
        if not s.counts:
            continue
        read = reader.read(s.load)
        if s.kind is WorkKind.HOLD:
            if s.done_seconds and _beats(s.done_seconds, s, longest):
                longest = Feat(s, read[1] if read else None, s.done_seconds)
            continue
        reps = s.done_reps or 0
        if reps <= 0:
            continue
        if read is None:
            key = (s.load.strip() or None) if s.load else None
            if _beats(reps, s, unweighed.get(key)):
                unweighed[key] = Feat(s, None, reps)
            continue
        kind, load = read
        if (tally := tallies.get(kind)) is None:
            tally = tallies[kind] = _KindTally(Feat(s, load, load.amount))
        elif _beats(load.amount, s, tally.heaviest):
            tally.heaviest = Feat(s, load, load.amount)
        tally.sets += 1
        if (e1rm := estimated_1rm(load.amount, reps)) is not None and _beats(e1rm, s, tally.e1rm):
            tally.e1rm = Feat(s, load, e1rm)
        if _beats(reps, s, most_at.get(at_load := (kind, load.amount))):
            most_at[at_load] = Feat(s, load, reps)
    weighed = []
    for kind, tally in sorted(tallies.items(), key=lambda item: (-item[1].sets, item[0])):
        amounts = sorted((amount for k, amount in most_at if k == kind), reverse=True)[:top_loads]
        weighed.append(WeighedBests(kind, tally.heaviest, tally.e1rm,
                                    tuple(most_at[(kind, amount)] for amount in amounts)))
    ranked = sorted(unweighed.values(), key=lambda feat: (-feat.value, feat.at))
    return PersonalBests(tuple(weighed), tuple(ranked), longest)

