"""Shared fixtures: every test gets its own PCHAIN_HOME, so no test reads or writes the real user folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from pchain_tui.domain.files.catalog import load_catalog, load_libraries
from pchain_tui.domain.model import Routine
from pchain_tui.storage import paths

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def pchain_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private user home for the test."""
    home = tmp_path / "pchain-home"
    monkeypatch.setenv("PCHAIN_HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):  # should PCHAIN_HOME ever be dropped
        monkeypatch.setenv(name, str(tmp_path / "xdg" / name.lower()))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(scope="session")
def library():
    """The bundled exercise library."""
    found, problems = load_libraries(paths.bundled_routines_dir())
    assert not problems, problems
    return found


@pytest.fixture(scope="session")
def bundled() -> dict[str, Routine]:
    """Every bundled routine by id."""
    catalog = load_catalog(paths.bundled_routines_dir(), Path("/nonexistent"))
    broken = [(e.id, [str(p) for p in e.result.problems]) for e in catalog.entries if not e.ok]
    assert not broken, broken
    return {e.id: e.result.routine for e in catalog.entries}
