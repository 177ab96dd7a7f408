"""Which files in a routines folder are routines, and a fingerprint of what is there.

Kept apart from the catalog so that checking a folder for changes needs no routine model.
"""

from __future__ import annotations

from pathlib import Path

LIBRARY_FILE_NAME = "exercises.yaml"
"""A file of this name in a routines folder is an exercise library, not a routine."""

ROUTINE_SUFFIXES = (".yaml", ".yml")


def routine_files(folder: Path) -> list[Path]:
    """The routine files in a folder (not the library), sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in ROUTINE_SUFFIXES and p.name != LIBRARY_FILE_NAME and p.is_file())


def fingerprint(*folders: Path) -> tuple:
    """Every YAML file's name, size and modification time in `folders`: any edit, new or removed
    file changes it."""
    found = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix in ROUTINE_SUFFIXES:
                    stat = path.stat()
                    found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)
