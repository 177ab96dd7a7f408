"""Property-based tests: whatever bytes arrive, the loader returns a routine or problems, never raises."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pchain_tui.domain.files.library import load_library, parse_library
from pchain_tui.domain.files.loader import parse_routine
from pchain_tui.storage import paths

LIBRARY = load_library(paths.bundled_routines_dir() / "exercises.yaml").exercises
SEEDS = [p.read_bytes() for p in sorted(paths.bundled_routines_dir().glob("*.yaml")) if p.name != "exercises.yaml"]
FIXTURES = [p.read_bytes() for p in sorted((Path(__file__).parent / "fixtures" / "broken").iterdir())]


def check(data: bytes) -> None:
    result = parse_routine(data, "fuzz.yaml", LIBRARY, "fuzz")
    assert (result.routine is None) == bool(result.problems)
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message
        str(problem)


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10_000), st.floats(allow_nan=True),
                         st.text(max_size=20), st.sampled_from(["3-1-1-0", "31X0", "self", "10-12", "1m30s",
                                                                "glute-bridge", "top", "45s", "15-12", "x"]))
yaml_keys = st.sampled_from(["name", "exercises", "use", "sets", "reps", "hold", "rest", "tempo", "start",
                             "per_side", "cues", "load", "note", "phase_cues", "lower", "rep", "bogus"])
yaml_values = st.recursive(yaml_scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(yaml_keys, children, max_size=5)), max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values)
def test_random_yaml_structures(value):
    check(yaml.safe_dump(value, allow_unicode=True).encode())


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes(data):
    check(data)
    parse_library(data, "fuzz.yaml")


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(SEEDS + FIXTURES), st.data())
def test_mutations_of_real_files(seed, data):
    text = bytearray(seed)
    for _ in range(data.draw(st.integers(1, 4))):
        if not text:
            break
        position = data.draw(st.integers(0, len(text) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "replace", "duplicate-line"]))
        if action == "delete":
            del text[position:position + data.draw(st.integers(1, 8))]
        elif action == "insert":
            text[position:position] = data.draw(st.sampled_from(
                [b":", b"-", b" ", b"\n", b"\t", b"[", b"{", b"&a ", b"*a", b"!!python/name:os.system ", b"'",
                 b'"', b"#", b"\xff", b"0", b"X", b"- use: ", b"<<: "]))
        elif action == "replace":
            text[position] = data.draw(st.integers(0, 255))
        else:
            start = text.rfind(b"\n", 0, position) + 1
            end = text.find(b"\n", position)
            end = len(text) if end == -1 else end + 1
            text[end:end] = text[start:end]
        check(bytes(text))
