"""Which files in a routines folder are routines, and a fingerprint of what is there.

Kept apart from the catalog so that checking a folder for changes needs no routine model.
Every name that ends in .yaml counts, whatever it is on disk (a folder, a dangling link, a named
pipe): the loader says why such a thing is not a routine instead of the list hiding it.
"""

from __future__ import annotations

import os
from pathlib import Path

LIBRARY_FILE_NAME = "exercises.yaml"
"""A file of this name in a routines folder is an exercise library, not a routine."""

ROUTINE_SUFFIXES = (".yaml", ".yml")


def yaml_names(folder: Path) -> list[Path]:
    """Everything in `folder` named like a YAML file, sorted by name.

    Hidden names are left out: editors keep their lock files there (Emacs's `.#x.yaml` is a
    symbolic link to nowhere while x.yaml is being edited).
    """
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in ROUTINE_SUFFIXES and not p.name.startswith("."))


def routine_files(folder: Path) -> list[Path]:
    """The routine files in a folder (not the library), sorted by name."""
    return [p for p in yaml_names(folder) if p.name != LIBRARY_FILE_NAME]


def fingerprint(*folders: Path) -> tuple:
    """Every YAML name's kind, size and modification time in `folders`: any edit, new or removed
    file changes it. Never raises for what is in a folder: a dangling or looping link is stamped
    by the link itself."""
    found = []
    for folder in folders:
        for path in yaml_names(folder):
            found.append((str(path), *_stamp(path)))
    return tuple(found)


def _stamp(path: Path) -> tuple:
    for stat in (os.stat, os.lstat):
        try:
            found = stat(path)
        except OSError:
            continue
        return found.st_mode, found.st_size, found.st_mtime_ns
    return ()  # gone since the folder was listed

