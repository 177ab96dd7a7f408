"""Tempo notation, phases of a rep, durations and ranges."""

import pytest

from pchain_tui.domain.problems import InvalidValue
from pchain_tui.domain.quantities import Range, format_seconds, parse_duration, parse_range
from pchain_tui.domain.tempo import Phase, Start, parse_tempo


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("3-1-1-0", (3, 1, 1, 0)),
        ("3110", (3, 1, 1, 0)),
        ("31X0", (3, 1, None, 0)),
        ("2-0-X-1", (2, 0, None, 1)),
        (" 4 - 0 - x - 0 ", (4, 0, None, 0)),
        ("2.5-0-1-0", (2.5, 0, 1, 0)),
        ("10-0-1-0", (10, 0, 1, 0)),
    ],
)
def test_tempo_parses_the_lifters_notation(text, parts):
    assert parse_tempo(text).parts == parts


def test_self_means_self_paced():
    assert parse_tempo("Self").self_paced
    assert str(parse_tempo("self")) == "self"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3-1-1", "has 3 parts"),
        ("3-1-1-0-2", "has 5 parts"),
        ("fast", "is not a tempo"),
        ("311", "is not a tempo"),
        ("0-0-0-0", "no time"),
        ("99-0-1-0", "longer than 30 s"),
    ],
)
def test_bad_tempo_says_what_is_wrong(text, message):
    with pytest.raises(InvalidValue) as caught:
        parse_tempo(text)
    assert message in caught.value.message
    assert caught.value.hint is None or "-0" in caught.value.hint


def test_phase_order_follows_where_the_rep_starts():
    tempo = parse_tempo("3-1-2-0")
    assert tempo.phases(Start.TOP, 1.0) == ((Phase.LOWER, 3), (Phase.PAUSE_BOTTOM, 1), (Phase.LIFT, 2))
    assert tempo.phases(Start.BOTTOM, 1.0) == ((Phase.LIFT, 2), (Phase.LOWER, 3), (Phase.PAUSE_BOTTOM, 1))


def test_explosive_phase_takes_the_configured_time():
    tempo = parse_tempo("30X0")
    assert sum(seconds for _phase, seconds in tempo.phases(Start.TOP, explosive=0.5)) == 3.5
    assert dict(tempo.phases(Start.TOP, explosive=0.75))[Phase.LIFT] == 0.75


def test_tempo_in_words():
    assert parse_tempo("3-1-1-0").describe(Start.TOP) == "lower for 3 s, pause 1 s at the bottom, lift for 1 s"
    assert parse_tempo("2-0-X-2").describe(Start.BOTTOM) == "lift explosively, pause 2 s at the top, lower for 2 s"


@pytest.mark.parametrize(("text", "seconds"), [("45", 45), ("45s", 45), ("1m30s", 90), ("2m", 120), ("1:30", 90),
                                               ("1 min 5 s", 65), ("2.5", 2.5)])
def test_durations(text, seconds):
    assert parse_duration(text, what="rest", maximum=900) == seconds


@pytest.mark.parametrize("text", ["1h", "", "m", "soon", "0"])
def test_bad_durations(text):
    with pytest.raises(InvalidValue):
        parse_duration(text, what="rest", maximum=900)


def test_ranges():
    one = lambda part: parse_duration(part, what="hold", maximum=600)  # noqa: E731
    assert parse_range("30-45", one, what="hold") == Range(30, 45)
    assert parse_range("30s-1m", one, what="hold") == Range(30, 60)
    assert parse_range("40", one, what="hold") == Range(40, 40)
    assert str(Range(10, 12)) == "10-12" and str(Range(8, 8)) == "8"
    with pytest.raises(InvalidValue, match="goes down"):
        parse_range("45-30", one, what="hold")


def test_format_seconds():
    assert [format_seconds(s) for s in (45, 60, 90, 3600)] == ["45 s", "1 min", "1 min 30 s", "60 min"]
