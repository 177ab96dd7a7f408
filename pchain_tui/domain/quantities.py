"""Numbers people write in routines: counts, durations ("45", "45s", "1m30s") and ranges ("10-12")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pchain_tui.domain.problems import InvalidValue

_DURATION = re.compile(r"^\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+(?:\.\d+)?)\s*s?)?\s*$")
_CLOCK = re.compile(r"^\s*(\d+):(\d\d)\s*$")
DURATION_PATTERN = r"^\s*(\d+\s*m(in)?(\s*0*[0-5]?\d(\.\d+)?\s*s?)?|\d+(\.\d+)?\s*s?)\s*$|^\s*\d+:[0-5]\d\s*$"
"""The JSON Schema pattern for a duration string (kept in step with `parse_duration`: after minutes,
fewer than 60 seconds)."""
RANGE_SEPARATOR = re.compile(r"\s*(?:-|–|to)\s*")


@dataclass(frozen=True)
class Range:
    """An inclusive range of numbers; a single number is a range with `low == high`."""

    low: float
    high: float

    @property
    def is_single(self) -> bool:
        """True when the range is one number."""
        return self.low == self.high

    def __str__(self) -> str:
        return _num(self.low) if self.is_single else f"{_num(self.low)}-{_num(self.high)}"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def parse_count(text: str, *, what: str, maximum: int) -> int:
    """Parse a whole positive number such as a number of sets."""
    text = text.strip()
    if not text.isdigit():
        raise InvalidValue(f"{what} must be a whole number, not '{text}'", "write it like 3")
    value = int(text)
    if not 1 <= value <= maximum:
        raise InvalidValue(f"{what} must be between 1 and {maximum}, not {value}")
    return value


def parse_duration(text: str, *, what: str, maximum: float) -> float:
    """Parse seconds written as `45`, `45s`, `1m30s`, `2m` or `1:30`; after minutes, the seconds
    must be fewer than 60 (`1m70s` is more likely a slip than 130 s)."""
    clock = _CLOCK.match(text)
    match = _DURATION.match(text)
    if clock:
        minutes, seconds = int(clock[1]), int(clock[2])
        if seconds >= 60:
            total = minutes * 60 + seconds
            raise InvalidValue(f"{what} '{text.strip()}' has {seconds} seconds after the minutes",
                               f"did you mean {total // 60}:{total % 60:02d}?")
        seconds += minutes * 60
    elif match and (match[1] or match[2]):
        seconds = float(match[2] or 0)
        if match[1] is not None and seconds >= 60:
            total = int(match[1]) * 60 + seconds
            raise InvalidValue(f"{what} '{text.strip()}' has {_num(seconds)} seconds after the minutes",
                               f"did you mean {_minutes_seconds(total)}?")
        seconds += int(match[1] or 0) * 60
    else:
        raise InvalidValue(
            f"{what} '{text.strip()}' is not a duration", "write seconds like 45, 45s or 1m30s"
        )
    if not 0 < seconds <= maximum:
        raise InvalidValue(f"{what} must be more than 0 and at most {_num(maximum)} s, not {_num(seconds)}")
    return seconds


def _minutes_seconds(seconds: float) -> str:
    """130 as 2m10s, 120 as 2m."""
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}m{_num(rest)}s" if rest else f"{int(minutes)}m"


def parse_range(text: str, parse_one, *, what: str) -> Range:
    """Parse `a` or `a-b` (a <= b), each side read by `parse_one`."""
    if text.strip().startswith("-"):
        raise InvalidValue(f"{what} cannot be negative, as in '{text.strip()}'", "write it like 10 or 10-12")
    parts = RANGE_SEPARATOR.split(text.strip())
    if len(parts) == 1:
        value = parse_one(parts[0])
        return Range(value, value)
    if len(parts) != 2 or not all(parts):
        raise InvalidValue(f"{what} '{text.strip()}' is not a number or a range", "write it like 10 or 10-12")
    low, high = parse_one(parts[0]), parse_one(parts[1])
    if low > high:
        raise InvalidValue(
            f"{what} range '{text.strip()}' goes down", f"put the smaller number first: {_num(high)}-{_num(low)}"
        )
    return Range(low, high)


def format_minutes(seconds: float) -> str:
    """An estimate in whole minutes: "~24 min"."""
    return f"~{max(1, round(seconds / 60))} min"


def format_seconds(seconds: float) -> str:
    """Seconds for people: 45 s, 1 min 30 s, 2 min."""
    seconds = round(seconds)
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"
