"""JSON Schemas for routine and library files, generated from the loader's own field definitions."""

from __future__ import annotations

import json
from typing import Any

from pchain_tui.domain.files import fields as F

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def routine_schema() -> dict[str, Any]:
    """The JSON Schema of a routine file."""
    return {
        "$schema": DIALECT,
        "title": "pchain routine",
        "description": "A pchain workout routine. See `pchain schema --help` and the README.",
        **F.ROUTINE_FILE.schema(),
    }


def library_schema() -> dict[str, Any]:
    """The JSON Schema of an exercise library file (exercises.yaml)."""
    return {
        "$schema": DIALECT,
        "title": "pchain exercise library",
        "description": "Exercises keyed by id, used by routines with `use: <id>`.",
        **F.LIBRARY_FILE.schema(),
    }


def dumps(schema: dict[str, Any]) -> str:
    """The schema as stable, readable JSON text (what `pchain schema` prints and the repo ships)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
