"""Property-based tests of the exercise library (exercises.yaml): whatever arrives, reading it gives
exercises and located problems, never an exception; every problem points inside the file; and a
valid library reads back as exactly what was written."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pchain_tui.domain.files.fields import ID_PATTERN
from pchain_tui.domain.files.library import Library, parse_library
from pchain_tui.domain.files.schema import library_schema
from pchain_tui.domain.tempo import Start, parse_tempo
from pchain_tui.storage import paths

NAME = "exercises.yaml"
SEEDS = [(paths.bundled_routines_dir() / NAME).read_bytes(),
         (Path(__file__).parent / "fixtures" / "broken-library" / NAME).read_bytes()]
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML 1.1's line ends, as the reader counts them
SCHEMA = jsonschema.Draft202012Validator(library_schema())


def lines_of(data: bytes) -> list[str]:
    """The file's lines as an editor that follows YAML shows them (a bad byte is one character)."""
    return LINE_BREAK.split(data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace"))


def shows_as_written(text: str) -> bool:
    """No control character but a line break or a tab (an escape sequence would drive the terminal),
    no half of a character, and no format character but those that join emoji and words."""
    def refused(c: str) -> bool:
        category = unicodedata.category(c)
        return (category == "Cc" and c not in "\n\t" or category == "Cs"
                or category == "Cf" and c not in "\u200c\u200d" and not 0xE0020 <= ord(c) <= 0xE007F)

    return not any(refused(c) for c in text)


def check(data: bytes) -> Library:
    """Read `data` as a library and check what every reading must give."""
    library = parse_library(data, NAME)  # any exception fails the test
    lines = lines_of(data)
    for problem in library.problems:
        assert problem.path == NAME and problem.message
        assert 1 <= problem.line <= len(lines), (str(problem), len(lines))
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, (str(problem), lines[problem.line - 1])
        assert shows_as_written(str(problem)), str(problem)
    assert set(library.unusable).isdisjoint(library.exercises)
    assert all(problem in library.problems for problem in library.unusable.values())
    assert library.problems or not library.unusable
    return library


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes(data):
    check(data)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text(text):
    check(text.encode("utf-8", errors="surrogatepass"))


library_keys = st.sampled_from(["exercises", "name", "description", "targets", "equipment", "start", "tempo",
                                "per_side", "cues", "phase_cues", "harder", "lower", "hold", "glute-bridge",
                                "my-move", "Bad Id", "reps", "<<"])
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10_000), st.floats(allow_nan=True),
                    st.text(max_size=12), st.sampled_from(["3-1-1-0", "31X0", "self", "top", "bottom", "fast",
                                                           "glute-bridge", "my-move", "\u200d", "\x1b[2J"]))
structures = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(library_keys, children, max_size=5)), max_leaves=30)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures)
def test_random_yaml_structures(value):
    check(yaml.safe_dump({"exercises": value}, allow_unicode=True).encode())
    check(yaml.safe_dump(value, allow_unicode=True).encode())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SEEDS), st.data())
def test_mutations_of_real_libraries(seed, data):
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
                [b":", b"-", b" ", b"\n", b"\r", b"\t", b"[", b"{", b"&a ", b"*a", b"<<: *a\n", b"'", b'"', b"#",
                 b"\xff", b"\xef\xbb\xbf", b"\xe2\x80\x8d", b"\xe2\x80\xae", b"!!python/name:os.system ", b"0",
                 b"harder: nothing\n    ", b"tempo: fast\n    "]))
        elif action == "replace":
            text[position] = data.draw(st.integers(0, 255))
        else:
            start = text.rfind(b"\n", 0, position) + 1
            end = text.find(b"\n", position)
            end = len(text) if end == -1 else end + 1
            text[end:end] = text[start:end]
        check(bytes(text))


# --- Valid libraries read back as written --------------------------------------------------------

def texts(max_size: int) -> st.SearchStrategy[str]:
    """Text a library may hold: anything shown as written (joined emoji too), with no space around."""
    characters = st.one_of(st.characters(exclude_categories=("Cc", "Cs", "Cf")), st.sampled_from("\u200c\u200d"))
    return st.text(characters, min_size=1, max_size=max_size).filter(lambda s: s == s.strip() and s)


def text_lists(max_size: int) -> st.SearchStrategy[str | list[str]]:
    return st.one_of(texts(max_size), st.lists(texts(max_size), max_size=12))


TEMPOS = ["3-1-1-0", "31X0", "2-0-X-1", "self", "SELF", "4-0-1-0", "1.5-0-1-0", "3 - 1 - 1 - 0", "x0x0"]


@st.composite
def valid_libraries(draw) -> dict[str, dict]:
    ids = draw(st.lists(st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda i: len(i) <= 60),
                        min_size=1, max_size=6, unique=True))
    entries = {}
    for ex_id in ids:
        entry = {"name": draw(texts(60))}
        optional = {
            "description": texts(300), "targets": text_lists(40), "equipment": text_lists(40),
            "start": st.sampled_from(["top", "bottom", "Bottom"]), "tempo": st.sampled_from(TEMPOS),
            "per_side": st.booleans(), "cues": text_lists(80),
            "phase_cues": st.dictionaries(st.sampled_from(["lower", "pause", "lift", "hold"]), texts(40), min_size=1),
        }
        others = [other for other in ids if other != ex_id]
        if others:
            optional["harder"] = st.sampled_from(others)
        for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
            entry[key] = draw(optional[key])
        entries[ex_id] = entry
    return {"exercises": entries}


def as_tuple(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_libraries(), st.booleans())
def test_a_valid_library_reads_back_as_written(written, flow):
    data = yaml.safe_dump(written, allow_unicode=True, default_flow_style=flow, sort_keys=False).encode()
    assert SCHEMA.is_valid(written)  # what the schema allows, the loader reads
    library = check(data)
    assert not library.problems, [str(p) for p in library.problems]
    assert list(library.exercises) == list(written["exercises"])
    for ex_id, entry in written["exercises"].items():
        exercise = library.exercises[ex_id]
        assert exercise.id == ex_id and exercise.name == entry["name"]
        assert exercise.description == entry.get("description", "")
        assert exercise.targets == as_tuple(entry.get("targets", []))
        assert exercise.equipment == as_tuple(entry.get("equipment", []))
        assert exercise.cues == as_tuple(entry.get("cues", []))
        assert exercise.start is Start(entry.get("start", "top").lower())
        assert exercise.tempo == (parse_tempo(entry["tempo"]) if "tempo" in entry else None)
        assert exercise.per_side is entry.get("per_side", False)
        assert exercise.phase_cues == tuple(entry.get("phase_cues", {}).items())
        assert exercise.harder == entry.get("harder")
        assert exercise.harder_name == (written["exercises"][entry["harder"]]["name"] if "harder" in entry else None)
