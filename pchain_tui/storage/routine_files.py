"""Creating and copying routine files in the user's folder, and opening them in $EDITOR.

Bundled routines are never edited in place: editing one copies it to the user's folder, where it
shadows the bundled one by id.
"""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

from pchain_tui.domain.files import schema
from pchain_tui.domain.model import slug

TEMPLATE = """\
# yaml-language-server: $schema=./routine.schema.json
# A pchain routine. Lines starting with # are comments. Save and close the editor when done:
# pchain checks the file and shows any mistake with its line and column.
# Run `pchain exercises` for the exercise ids, `pchain schema` for every field.

name: {name}
description: What this routine is for, in a sentence.
rest: 30-60              # rest between sets: seconds, 1m30s, or a range
exercises:
  - use: glute-bridge    # an exercise from the library, by id
    sets: 3
    reps: 12-15          # a number or a range
  - use: romanian-deadlift
    sets: 3
    reps: 8-10
    load: light          # free text
  - use: wall-sit
    sets: 2
    hold: 30-45          # seconds held, instead of reps
  # - name: My own move  # an exercise written here instead of the library
  #   sets: 2
  #   reps: 10
  #   per_side: true     # left, then right
  #   tempo: 3-1-1-0     # lower 3 s, pause 1 s, lift 1 s, no pause at the top; or `self`
  #   cues: [First cue, Second cue]
"""


def write_schemas(folder: Path) -> None:
    """Put the JSON Schemas beside the user's routines, so editors validate them."""
    (folder / "routine.schema.json").write_text(schema.dumps(schema.routine_schema()), encoding="utf-8")
    (folder / "exercises.schema.json").write_text(schema.dumps(schema.library_schema()), encoding="utf-8")


def copy_for_editing(source: Path, user_dir: Path) -> Path:
    """The user's own copy of a routine (made from `source` if it is not in the user's folder yet)."""
    user_dir.mkdir(parents=True, exist_ok=True)
    if source.parent.resolve() == user_dir.resolve():
        return source
    target = user_dir / source.name
    if not os.path.lexists(target):  # a link there, even to nowhere, is the person's: never written through
        shutil.copyfile(source, target)
    write_schemas(user_dir)
    return target


def create_from_template(name: str, user_dir: Path) -> tuple[Path, bool]:
    """A new routine file named after `name`; (path, created) — False when it already existed."""
    user_dir.mkdir(parents=True, exist_ok=True)
    path = user_dir / f"{slug(name)}.yaml"
    if os.path.lexists(path):  # a link to nowhere is not written through; checking it says what it is
        return path, False
    path.write_text(TEMPLATE.format(name=_yaml_text(name)), encoding="utf-8")
    write_schemas(user_dir)
    return path, True


def _yaml_text(text: str) -> str:
    """`text` as a YAML value that stays text (quoted when YAML would read it otherwise)."""
    import yaml

    dumped = yaml.safe_dump(text, default_flow_style=True, allow_unicode=True).strip()
    return dumped.removesuffix("\n...").removesuffix("...").strip()


def editor_command(path: Path) -> list[str]:
    """The editor to run on `path`: $VISUAL, $EDITOR, else the first of nano, vi found."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor:
        return [*shlex.split(editor), str(path)]
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback, str(path)]
    raise FileNotFoundError("no editor found: set $EDITOR")
