"""The estimated one-rep max (Epley) and where it stops estimating."""

import pytest

from pchain_tui.domain.training.strength import E1RM_MAX_REPS, estimated_1rm


@pytest.mark.parametrize(("amount", "reps", "expected"), [
    (100, 1, 100.0),  # a single is its own max
    (100, 10, 133.33),
    (60, 8, 76.0),
    (45.5, 12, 63.7),
])
def test_epley(amount, reps, expected):
    assert estimated_1rm(amount, reps) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(("amount", "reps"), [(100, E1RM_MAX_REPS + 1), (100, 0), (0, 5), (-20, 5)])
def test_no_estimate_when_the_set_cannot_say(amount, reps):
    assert estimated_1rm(amount, reps) is None
