"""Trends drawn in block characters."""

from __future__ import annotations

from collections.abc import Iterable

_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Iterable[float]) -> str:
    """A trend in block characters, one per value, lowest to highest: "▁▃▅█"."""
    values = list(values)
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:  # flat: a level line, neither floor nor ceiling
        return "▄" * len(values)
    top = len(_BARS) - 1
    return "".join(_BARS[round((v - low) / (high - low) * top)] for v in values)
