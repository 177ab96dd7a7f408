"""Loads as people write them: "20 kg", "45lb", "22,5 kg per hand", or words like "light"."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Load:
    """A load read from free text: an amount, a unit, and whatever followed ("per hand")."""

    amount: float
    unit: str
    """"kg" or "lb"."""
    rest: str = ""

    def plus(self, step: float) -> Load:
        """This load made heavier by `step` (in the same unit)."""
        return Load(self.amount + step, self.unit, self.rest)

    def __str__(self) -> str:
        return f"{number(self.amount)} {self.unit}{self.rest}"


_LOAD = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(kilograms?|kilos?|kgs?|pounds?|lbs?)?(?![a-z])(.*)$", re.IGNORECASE)
_MULTIPLIED = re.compile(r"^\s*[x×*]", re.IGNORECASE)


def parse_load(text: str | None, default_unit: str = "kg") -> Load | None:
    """Read `20 kg`, `45lb`, `22,5 kg per hand` or a bare `20` (in `default_unit`); None for words like `light`.

    `2 x 10 kg` is not read (which number would grow?), so it gets the words-only advice.
    """
    match = _LOAD.match(text or "")
    if match is None or _MULTIPLIED.match(match[3]):
        return None
    unit = match[2].lower() if match[2] else default_unit
    return Load(float(match[1].replace(",", ".")), "kg" if unit.startswith("k") else "lb", match[3].rstrip())


def number(value: float) -> str:
    """A number for people: 20, 22.5 (no trailing .0)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def with_unit(text: str | None, default_unit: str) -> str | None:
    """A load as it should be kept: a bare number gets its unit ("42.5" -> "42.5 kg"), so history never
    holds a number that could be either; words and loads with a unit stay as written."""
    if text is None or not text.strip():
        return None
    load = parse_load(text, default_unit)
    if load is None or has_unit(text):
        return text.strip()
    return str(load)


_UNIT = re.compile(r"(kilograms?|kilos?|kgs?|pounds?|lbs?)(?![a-z])", re.IGNORECASE)



def has_unit(text: str) -> bool:
    """True when `text` names its unit (kg or lb), so it reads the same whatever the settings say."""
    return _UNIT.search(text) is not None
