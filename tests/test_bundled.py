"""The bundled library and programs: complete, valid, and matching the published prescriptions."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from pchain_tui.domain.files import schema
from pchain_tui.domain.model import WorkKind
from pchain_tui.domain.quantities import Range
from pchain_tui.storage import paths

ROUTINES = paths.bundled_routines_dir()
ROUTINES_BUNDLED = {"beginner-day-1", "beginner-day-2", "intermediate-day-1", "intermediate-day-2", "top-five",
            "seven-moves", "home", "eccentric-hamstrings", "home-circuit"}
# Every exercise TRAINING_FACTS.md names.
EXERCISES = {"romanian-deadlift", "glute-bridge", "single-leg-glute-bridge", "barbell-row", "calf-raise",
             "rear-delt-fly", "kettlebell-swing", "hip-thrust", "single-leg-rdl", "wall-sit", "superman-hold",
             "reverse-lunge", "bulgarian-split-squat", "face-pull", "gorilla-row", "deadlift", "pull-through",
             "pull-up", "bird-dog", "band-pull-apart", "nordic-curl", "good-morning", "back-extension",
             "reverse-sled-drag", "leg-curl"}


def test_all_bundled_routines_load(bundled):
    assert set(bundled) == ROUTINES_BUNDLED


def test_library_covers_every_exercise_with_cues(library):
    assert set(library) >= EXERCISES
    for ex_id, exercise in library.items():
        assert len(exercise.cues) >= 3, ex_id
        assert exercise.targets and exercise.equipment, ex_id


def test_every_file_names_its_schema():
    for path in ROUTINES.glob("*.yaml"):
        expected = "exercises.schema.json" if path.name == "exercises.yaml" else "routine.schema.json"
        assert path.read_text().splitlines()[0] == f"# yaml-language-server: $schema=./{expected}", path


def test_beginner_day_1_is_as_published(bundled):
    blocks = bundled["beginner-day-1"].blocks
    assert [(b.exercise.id, b.sets) for b in blocks] == [
        ("glute-bridge", 3), ("romanian-deadlift", 3), ("barbell-row", 3), ("wall-sit", 3)]
    assert [b.reps or b.hold for b in blocks] == [Range(12, 15), Range(8, 10), Range(10, 12), Range(30, 45)]
    assert blocks[3].kind is WorkKind.HOLD


def test_per_side_work_in_the_programs(bundled):
    per_side = {b.exercise.id for r in bundled.values() for b in r.blocks if b.per_side}
    assert {"single-leg-glute-bridge", "single-leg-rdl", "reverse-lunge", "bulgarian-split-squat"} <= per_side


def test_committed_schemas_match_the_generated_ones():
    assert (ROUTINES / "routine.schema.json").read_text() == schema.dumps(schema.routine_schema())
    assert (ROUTINES / "exercises.schema.json").read_text() == schema.dumps(schema.library_schema())


def schema_errors(generated: dict, path: Path) -> list[str]:
    """What an independent validator (the jsonschema library) finds wrong with a YAML file."""
    from jsonschema.validators import Draft202012Validator

    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [error.message for error in Draft202012Validator(generated).iter_errors(document)]


def test_bundled_files_pass_an_independent_validator():
    routines = [p for p in ROUTINES.glob("*.yaml") if p.name != "exercises.yaml"]
    assert len(routines) == 9
    for path in routines:
        assert schema_errors(schema.routine_schema(), path) == [], path.name
    assert schema_errors(schema.library_schema(), ROUTINES / "exercises.yaml") == []


def test_independent_validator_rejects_broken_files():
    broken = Path(__file__).parent / "fixtures" / "broken"
    for name in ("unknown-key.yaml", "reps-and-hold.yaml", "zero-sets.yaml", "tempo-words.yaml"):
        assert schema_errors(schema.routine_schema(), broken / name), name


def test_schema_is_valid_json_schema():
    from jsonschema.validators import Draft202012Validator

    for generated in (schema.routine_schema(), schema.library_schema()):
        Draft202012Validator.check_schema(generated)
        assert json.loads(schema.dumps(generated)) == generated
