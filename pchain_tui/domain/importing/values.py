"""The values in an export's cells: numbers (with a decimal point or comma), counts, RPE, local
times and durations. Each reader raises InvalidValue with what is wrong and a hint."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import TypeVar

from pchain_tui.domain.problems import InvalidValue

T = TypeVar("T")

_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?$")
"""Hevy's "26 Jul 2025, 07:06"."""
_DURATION = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$", re.IGNORECASE)
"""Strong's "1h 5m", "45m", "30s"."""
_CLOCK = re.compile(r"^(\d+):(\d{2})(?::(\d{2}))?$")
"""A duration written as a clock: "1:05:00", "45:00"."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (escape sequences start with one): never kept from another app's text."""


def number(text: str, what: str) -> float | None:
    """A number as an export writes it ("60", "62.5", "62,5"); None for an empty cell."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text.replace(",", ".") if "," in text and "." not in text else text)
    except ValueError:
        raise InvalidValue(f"{what} '{shown(text)}' is not a number", "write it like 62.5") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidValue(f"{what} '{shown(text)}' is not a number", "write it like 62.5")
    return value


def count(text: str, what: str) -> int | None:
    """A whole number of 0 or more ("10", or "10.0" as some exports write it); None for an empty cell."""
    try:
        value = number(text, what)
    except InvalidValue:
        value = -1.0  # said below, with the hint for a count
    if value is None:
        return None
    if value < 0 or not value.is_integer():
        raise InvalidValue(f"{what} '{shown(text.strip())}' is not a whole number of 0 or more", "write it like 10")
    return int(value)


def amount(text: str, what: str) -> float | None:
    """A number of 0 or more (seconds, a distance); None for an empty cell."""
    value = number(text, what)
    if value is not None and value < 0:
        raise InvalidValue(f"{what} '{shown(text.strip())}' is below 0", "write it like 30")
    return value


def rpe(text: str) -> float | None:
    """A rate of perceived exertion, 1-10; None for an empty cell (and for 0, which exports write for none)."""
    value = number(text, "RPE")
    if value is None or value == 0:
        return None
    if not 1 <= value <= 10:
        raise InvalidValue(f"RPE '{shown(text.strip())}' is not from 1 to 10", "RPE runs from 1 (easy) to 10 (all out)")
    return value


def local_time(text: str, what: str) -> float:
    """Epoch seconds of a local date and time: "2025-07-26 07:06:12" (Strong) or "26 Jul 2025, 07:06" (Hevy)."""
    return _local_time(text.strip(), what)


@lru_cache(maxsize=4096)
def _local_time(text: str, what: str) -> float:
    # Cached: every set of a workout repeats its start.
    if not text:
        raise InvalidValue(f"the {what} is empty", "every row needs the workout's date and time")
    match = _DAY_MONTH_YEAR.match(text)
    try:
        if match:
            day, month, year, hour, minute, second = match.groups()
            if month.lower() not in _MONTHS:
                raise ValueError(month)
            moment = datetime(int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute), int(second or 0))
        else:
            moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"the {what} '{shown(text)}' is not a date and time",
                           "write it like 2025-07-26 07:06:00 or 26 Jul 2025, 07:06") from None
    return moment.timestamp()


@lru_cache(maxsize=1024)
def duration(text: str) -> float | None:
    """Seconds from "1h 5m", "45m", "1:05:00" or a number of seconds; None for an empty cell (cached:
    every set of a workout repeats it)."""
    text = text.strip()
    if not text:
        return None
    if text.replace(".", "", 1).isdigit():
        return float(text)
    clock = _CLOCK.match(text)
    if clock:
        first, second, third = (int(part) if part else None for part in clock.groups())
        return float(first * 3600 + second * 60 + third) if third is not None else float(first * 60 + second)
    match = _DURATION.match(text)
    if match and any(match.groups()):
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        return float(hours * 3600 + minutes * 60 + seconds)
    raise InvalidValue(f"the duration '{shown(text)}' is not a length of time", "write it like 1h 5m or 45m")


def or_none(read: Callable[[str], T | None], text: str, doubts: list[InvalidValue]) -> T | None:
    """`read(text)`, or None with what was wrong added to `doubts`: for a value a set can do without."""
    try:
        return read(text)
    except InvalidValue as error:
        doubts.append(error)
        return None


@lru_cache(maxsize=4096)
def clean(text: str) -> str:
    """A name from another app as pchain keeps it: control characters dropped, spaces closed up (cached:
    names repeat on every row)."""
    return " ".join(_CONTROL.sub(" ", text).split())


def clean_note(text: str) -> str | None:
    """A note as pchain keeps it: its lines and tabs kept, other control characters dropped; None if empty."""
    kept = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()
    return kept or None


def shown(text: str) -> str:
    """Text from a cell, fit to quote in a message: control characters shown as escapes, cut at 40 characters."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return text if len(text) <= 40 else text[:39] + "…"
