"""Finding routines: the bundled ones and the user's, with the exercise library they share.

A broken file never hides the others: every routine is listed, with its problems if it has any.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pchain_tui.domain.files.folders import LIBRARY_FILE_NAME, routine_files
from pchain_tui.domain.model import Exercise, LoadResult
from pchain_tui.domain.problems import Problem

if TYPE_CHECKING:
    from pchain_tui.domain.files.library import Library


@dataclass
class CatalogEntry:
    """One routine file and what loading it gave."""

    id: str
    path: Path
    source: str
    """"bundled" or "user"."""
    result: LoadResult

    @property
    def ok(self) -> bool:
        """True when the routine loaded without problems."""
        return self.result.routine is not None


@dataclass
class Catalog:
    """Every routine pchain knows of, and the exercise library."""

    entries: list[CatalogEntry]
    library: dict[str, Exercise]
    library_problems: list[Problem] = field(default_factory=list)

    def find(self, routine_id: str) -> CatalogEntry | None:
        """The routine with this id, if there is one."""
        return next((e for e in self.entries if e.id == routine_id), None)


def read_libraries(*folders: Path, display=str) -> Library:
    """The exercise libraries found in `folders`, later folders overriding earlier ones by id."""
    from pchain_tui.domain.files.library import Library, load_library  # the YAML machinery, only when reading

    library = Library()
    seen: set[str] = set()
    for folder in folders:
        path = folder / LIBRARY_FILE_NAME
        real = os.path.realpath(path)  # (Path.resolve raises on a looping link before Python 3.13)
        if os.path.lexists(path) and real not in seen:  # a library that is not a file is a problem to show
            seen.add(real)
            library.add(load_library(path, display(path), library.exercises))
    return library


def load_libraries(*folders: Path, display=str) -> tuple[dict[str, Exercise], list[Problem]]:
    """The exercises routines may use from the libraries in `folders`, and the libraries' problems."""
    library = read_libraries(*folders, display=display)
    return library.exercises, library.problems


def load_catalog(bundled: Path, user: Path, display=str) -> Catalog:
    """Load the bundled routines and the user's; a user routine with the same id shadows the bundled one."""
    from pchain_tui.domain.files.loader import load_routine

    library = read_libraries(bundled, user, display=display)
    by_id: dict[str, CatalogEntry] = {}
    for source, folder in (("bundled", bundled), ("user", user)):
        for path in routine_files(folder):
            result = load_routine(path, library.exercises, display(path), unusable=library.unusable)
            by_id[path.stem] = CatalogEntry(path.stem, path, source, result)
    entries = sorted(by_id.values(), key=lambda e: (e.result.routine.name.lower() if e.ok else e.id, e.id))
    return Catalog(entries, library.exercises, library.problems)


def load_routine_file(path: Path, bundled: Path, user: Path, display=str) -> LoadResult:
    """A routine from any file, with the libraries of the bundled and user folders and its own folder."""
    from pchain_tui.domain.files.loader import load_routine

    library = read_libraries(bundled, user, path.parent, display=display)
    return load_routine(path, library.exercises, display(path), unusable=library.unusable)
