"""Personal bests (domain/training/bests.py): which sets count, loads kept apart by kind, and the day
each best was first reached."""

from __future__ import annotations

import pytest

from pchain_tui.domain.model import Side, WorkKind
from pchain_tui.domain.session.record import SetRecord
from pchain_tui.domain.training.bests import LoadKind, personal_bests

DAY = 86_400.0


def _rep_set(day: int, reps: int, load: str | None, *, role: str = "work", skipped: bool = False,
             side: Side | None = None) -> SetRecord:
    at = 1_790_000_000.0 + day * DAY
    return SetRecord(0, "romanian-deadlift", "Romanian deadlift", 1, side, WorkKind.PACED, 10, reps, None, None, load,
                     "3-1-1-0", at, at + 40, 40, skipped=skipped, role=role)


def _hold(day: int, seconds: float, load: str | None = None) -> SetRecord:
    at = 1_790_000_000.0 + day * DAY
    return SetRecord(0, "wall-sit", "Wall sit", 1, None, WorkKind.HOLD, None, None, 45.0, seconds, load, "",
                     at, at + seconds, seconds)


def _day(record: SetRecord) -> int:
    return round((record.started_at - 1_790_000_000.0) / DAY)


def test_heaviest_set_most_reps_at_the_top_loads_and_best_e1rm():
    sets = [_rep_set(0, 10, "60 kg"), _rep_set(1, 5, "80 kg"), _rep_set(2, 8, "70 kg"), _rep_set(3, 6, "80 kg"),
            _rep_set(4, 12, "50 kg"), _rep_set(5, 9, "70 kg")]
    (kg,) = personal_bests(sets).weighed
    assert kg.kind == LoadKind("kg")
    assert (kg.heaviest.value, kg.heaviest.record.done_reps, _day(kg.heaviest.record)) == (80, 5, 1)  # first at 80
    # The three heaviest loads, heaviest first, each with its most reps and the day of them.
    assert [(str(f.load), f.value, _day(f.record)) for f in kg.most_reps] == [
        ("80 kg", 6, 3), ("70 kg", 9, 5), ("60 kg", 10, 0)]
    # Epley: 6 x 80 = 96, 9 x 70 = 91, 10 x 60 = 80, 5 x 80 = 93.3, 8 x 70 = 88.7, 12 x 50 = 70.
    assert kg.e1rm is not None and kg.e1rm.value == pytest.approx(96.0) and _day(kg.e1rm.record) == 3


def test_warmups_and_skipped_sets_never_count():
    sets = [_rep_set(0, 8, "60 kg"), _rep_set(1, 10, "100 kg", skipped=True), _rep_set(2, 12, "60 kg", role="warmup"),
            _rep_set(3, 15, None, role="warmup"), _hold(4, 90, None)]
    bests = personal_bests([*sets, _hold(5, 40)])
    (kg,) = bests.weighed
    assert kg.heaviest.value == 60 and [f.value for f in kg.most_reps] == [8]
    assert bests.unweighed == ()  # the only unloaded set was a warm-up
    assert bests.longest_hold is not None and bests.longest_hold.value == 90
    assert personal_bests([s for s in sets if s.role == "warmup" or s.skipped]).empty


def test_kg_and_lb_are_kept_apart_and_so_are_loads_per_hand():
    sets = [_rep_set(0, 5, "100 lb"), _rep_set(1, 5, "60 kg"), _rep_set(2, 5, "62.5kg"),
            _rep_set(3, 8, "24 kg per hand"), _rep_set(4, 5, "225 lbs")]
    bests = personal_bests(sets)
    by_kind = {str(w.kind): w for w in bests.weighed}
    assert list(by_kind) == ["kg", "lb", "kg per hand"]  # the kind with most sets first
    assert str(by_kind["kg"].heaviest.load) == "62.5 kg"  # never 225 (lb) read as heavier
    assert str(by_kind["lb"].heaviest.load) == "225 lb"
    assert [str(f.load) for f in by_kind["kg per hand"].most_reps] == ["24 kg per hand"]


def test_a_bare_number_is_in_the_units_given():
    (only,) = personal_bests([_rep_set(0, 5, "135"), _rep_set(1, 5, "140 lb")], units="lb").weighed
    assert only.kind == LoadKind("lb") and only.heaviest.value == 140


def test_loads_in_words_or_none_get_reps_bests_only():
    sets = [_rep_set(0, 12, "light"), _rep_set(1, 15, None), _rep_set(2, 14, "light"), _rep_set(3, 10, "moderate"),
            _rep_set(4, 9, "0 kg"), _rep_set(5, 15, " ")]
    bests = personal_bests(sets)
    assert bests.weighed == ()  # no heaviest, no estimate
    # Most reps first; with none and blank alike, the first day 15 was done.
    assert [((f.record.load or "").strip(), f.value, _day(f.record)) for f in bests.unweighed] == [
        ("", 15, 1), ("light", 14, 2), ("moderate", 10, 3), ("0 kg", 9, 4)]


def test_a_set_of_more_than_12_reps_is_heaviest_but_gives_no_estimate():
    (kg,) = personal_bests([_rep_set(0, 15, "80 kg"), _rep_set(1, 12, "60 kg")]).weighed
    assert kg.heaviest.value == 80
    assert kg.e1rm is not None and kg.e1rm.record.done_reps == 12 and kg.e1rm.value == pytest.approx(84.0)
    (none,) = personal_bests([_rep_set(0, 13, "80 kg")]).weighed
    assert none.e1rm is None


def test_a_best_reached_again_keeps_the_first_day_in_whatever_order_the_sets_come():
    sets = [_rep_set(0, 8, "70 kg"), _rep_set(5, 8, "70 kg"), _rep_set(9, 8, "70 kg")]
    for order in (sets, sets[::-1]):
        (kg,) = personal_bests(order).weighed
        assert {_day(kg.heaviest.record), _day(kg.most_reps[0].record), _day(kg.e1rm.record)} == {0}


def test_longest_hold_keeps_its_load_and_holds_are_not_reps_bests():
    bests = personal_bests([_hold(0, 45.0, "10 kg"), _hold(1, 30.0), _hold(2, 45.0, "20 kg")])
    assert bests.weighed == () and bests.unweighed == ()
    assert bests.longest_hold is not None and str(bests.longest_hold.load) == "10 kg"  # first to 45 s


def test_only_the_heaviest_loads_get_most_reps_rows():
    sets = [_rep_set(n, 5, f"{60 + 5 * n} kg") for n in range(6)]
    (kg,) = personal_bests(sets, top_loads=2).weighed
    assert [f.value for f in kg.most_reps] == [5, 5] and [f.load.amount for f in kg.most_reps] == [85, 80]


def test_per_side_sets_count_each_side():
    sets = [_rep_set(0, 8, "12 kg", side=Side.LEFT), _rep_set(0, 9, "12 kg", side=Side.RIGHT)]
    (kg,) = personal_bests(sets).weighed
    assert kg.most_reps[0].value == 9 and kg.most_reps[0].record.side is Side.RIGHT

