"""Loading valid routines: defaults, library entries, overrides, shadowing."""

from __future__ import annotations

from pathlib import Path

from pchain_tui.domain.files.catalog import load_catalog
from pchain_tui.domain.files.loader import parse_routine
from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.quantities import Range
from pchain_tui.domain.tempo import Start


def load(text: str, library) -> object:
    result = parse_routine(text.encode(), "r.yaml", library, "r")
    assert not result.problems, [str(p) for p in result.problems]
    return result.routine


def test_smallest_routine_gets_sensible_defaults(library):
    routine = load("name: Tiny\nexercises:\n  - name: Wall sit\n    hold: 30\n", library)
    block = routine.blocks[0]
    assert (block.exercise.id, block.sets, block.hold, block.rest) == ("wall-sit", 1, Range(30, 30), Range(60, 60))
    assert block.kind is WorkKind.HOLD and block.exercise.start is Start.TOP


def test_library_entry_with_overrides(library):
    routine = load(
        "name: R\nrest: 30-60\ntempo: 4-0-1-0\nexercises:\n"
        "  - use: glute-bridge\n    sets: 3\n    reps: 12-15\n    name: Heavy bridge\n    cues: [Ribs down]\n"
        "    load: 20 kg\n", library)
    block = routine.blocks[0]
    base = library["glute-bridge"]
    assert block.exercise.name == "Heavy bridge" and block.exercise.cues == ("Ribs down",)
    assert block.exercise.targets == base.targets and block.exercise.start is base.start
    assert block.tempo == base.tempo  # the exercise's own tempo beats the routine default
    assert (block.reps, block.rest, block.load) == (Range(12, 15), Range(30, 60), "20 kg")
    assert block.prescription() == "3 x 12-15"


def test_routine_tempo_applies_to_inline_exercises(library):
    routine = load("name: R\ntempo: 31X0\nexercises:\n  - name: Deadlift\n    reps: 5\n", library)
    assert str(routine.blocks[0].tempo) == "3-1-X-0"


def test_tempo_written_as_digits_keeps_leading_zero(library):
    routine = load("name: R\nexercises:\n  - name: Row\n    reps: 5\n    tempo: 0310\n", library)
    assert str(routine.blocks[0].tempo) == "0-3-1-0"


def test_per_side_is_inherited_and_can_be_turned_off(library):
    assert library["single-leg-rdl"].per_side
    routine = load("name: R\nexercises:\n  - use: single-leg-rdl\n    sets: 2\n    reps: 6-8\n"
                   "  - use: single-leg-rdl\n    reps: 6\n    per_side: false\n", library)
    assert [b.per_side for b in routine.blocks] == [True, False]
    assert routine.blocks[0].prescription() == "2 x 6-8 per side"
    assert routine.total_sets == 5


def test_self_paced_tempo(library):
    routine = load("name: R\nexercises:\n  - use: kettlebell-swing\n    sets: 3\n    reps: 15-20\n", library)
    assert routine.blocks[0].kind is WorkKind.SELF_PACED


def test_anchors_and_merge_keys_work(library):
    routine = load("name: R\nexercises:\n  - &bridge {use: glute-bridge, sets: 3, reps: 12}\n"
                   "  - <<: *bridge\n    reps: 15\n", library)
    assert [b.reps for b in routine.blocks] == [Range(12, 12), Range(15, 15)]


def test_text_is_kept_as_written(library):
    routine = load('name: "[bold]Not markup[/bold]"\nexercises:\n  - name: X\n    reps: 5\n', library)
    assert routine.name == "[bold]Not markup[/bold]"


def test_user_routine_shadows_bundled_and_broken_ones_do_not_hide_others(tmp_path):
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    bundled.mkdir(), user.mkdir()
    (bundled / "exercises.yaml").write_text("exercises:\n  bridge:\n    name: Bridge\n")
    (bundled / "a.yaml").write_text("name: Bundled A\nexercises:\n  - use: bridge\n    reps: 10\n")
    (bundled / "b.yaml").write_text("name: Bundled B\nexercises:\n  - use: bridge\n    reps: 10\n")
    (user / "a.yaml").write_text("name: My A\nexercises:\n  - use: bridge\n    reps: 12\n")
    (user / "broken.yaml").write_text("name: [oops\n")
    catalog = load_catalog(bundled, user)
    by_id = {e.id: e for e in catalog.entries}
    assert by_id["a"].source == "user" and by_id["a"].result.routine.name == "My A"
    assert by_id["b"].ok and not by_id["broken"].ok
    problem = by_id["broken"].result.problems[0]
    assert (problem.line, problem.column) == (1, 7) and "not closed" in problem.hint  # at the [ left open


def test_content_hash_changes_with_the_file(library):
    one = load("name: R\nexercises:\n  - name: X\n    reps: 5\n", library)
    two = load("name: R\nexercises:\n  - name: X\n    reps: 6\n", library)
    assert one.content_hash != two.content_hash and len(one.content_hash) == 64


def test_user_library_overrides_bundled(tmp_path):
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    bundled.mkdir(), user.mkdir()
    (bundled / "exercises.yaml").write_text("exercises:\n  bridge:\n    name: Bridge\n    cues: [Old]\n")
    (user / "exercises.yaml").write_text("exercises:\n  bridge:\n    name: Bridge\n    cues: [Mine]\n")
    (user / "r.yaml").write_text("name: R\nexercises:\n  - use: bridge\n    reps: 10\n")
    catalog = load_catalog(bundled, user)
    assert catalog.find("r").result.routine.blocks[0].exercise.cues == ("Mine",)


def test_missing_folders_are_fine():
    catalog = load_catalog(Path("/nonexistent/a"), Path("/nonexistent/b"))
    assert catalog.entries == [] and catalog.library == {}
