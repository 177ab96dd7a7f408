"""Estimated one-rep max: what a set of several reps says about the heaviest single a lifter could do."""

from __future__ import annotations

E1RM_FORMULA = "Epley"
"""The formula used, as screens and commands name it."""

E1RM_MAX_REPS = 12
"""Sets of more reps than this say too little about a single to estimate one (the formulas drift)."""


def estimated_1rm(amount: float, reps: int) -> float | None:
    """Epley's estimate of the one-rep max from `reps` done at `amount`: amount x (1 + reps / 30).

    A single is its own max. None when the set cannot say: no load, no reps, or more than
    E1RM_MAX_REPS reps.
    """
    if amount <= 0 or not 0 < reps <= E1RM_MAX_REPS:
        return None
    return float(amount) if reps == 1 else amount * (1 + reps / 30)
