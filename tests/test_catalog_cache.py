"""The picker's cache of parsed routines is used when nothing changed, and never when something did;
painting the list from it needs no routine model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pchain_tui.storage import catalog_cache, paths
from pchain_tui.ui.screens.picker import summarize

ROUTINE = "name: {name}\nexercises:\n  - name: X\n    reps: 5\n"


def load(bundled: Path, user: Path) -> catalog_cache.CachedCatalog:
    return catalog_cache.load_catalog_cached(bundled, user, str, summarize)


def test_unchanged_files_come_from_the_cache_and_edits_are_seen(tmp_path, monkeypatch):
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    bundled.mkdir(), user.mkdir()
    (bundled / "a.yaml").write_text(ROUTINE.format(name="A"))
    cached = load(bundled, user)
    assert cached.catalog.find("a").result.routine.name == "A"
    assert [row.id for row in cached.rows] == ["a"] and "~1 min" in cached.rows[0].prompt.plain
    assert (paths.cache_dir() / catalog_cache.CACHE_NAME).exists()

    import pchain_tui.domain.files.catalog as catalog_module

    calls = []
    real = catalog_module.load_catalog
    with monkeypatch.context() as patch:  # (undoing only this: PCHAIN_HOME stays on the test's own folder)
        patch.setattr(catalog_module, "load_catalog", lambda *a, **k: calls.append(a) or real(*a, **k))
        again = load(bundled, user)
    assert again.rows[0].prompt.plain == cached.rows[0].prompt.plain
    assert again.catalog.find("a").result.routine.name == "A"
    assert calls == []  # nothing changed: the files were not read
    assert str(paths.cache_dir()).startswith(str(tmp_path))

    (user / "a.yaml").write_text(ROUTINE.format(name="Mine"))
    mine = load(bundled, user)
    assert mine.catalog.find("a").result.routine.name == "Mine" and "Mine" in mine.rows[0].prompt.plain
    (bundled / "a.yaml").write_text(ROUTINE.format(name="A edited"))
    os.utime(bundled / "a.yaml", ns=(1, 1))
    (user / "a.yaml").unlink()
    assert load(bundled, user).catalog.find("a").result.routine.name == "A edited"


def test_a_broken_routine_row_carries_its_problems(tmp_path):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "bad.yaml").write_text("name: Bad\nexercises:\n  - name: X\n    reps: lots\n")
    row = load(bundled, tmp_path / "none").rows[0]
    assert not row.ok and row.problem_count == 1
    assert "line 4:" in row.details.plain and "cannot be loaded" in row.details.plain


def test_a_damaged_cache_is_rebuilt(tmp_path):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "a.yaml").write_text(ROUTINE.format(name="A"))
    cache = paths.cache_dir() / catalog_cache.CACHE_NAME
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a pickle")
    assert load(bundled, tmp_path / "none").catalog.find("a").ok


def test_a_damaged_catalog_inside_a_good_cache_is_read_from_the_files(tmp_path):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "a.yaml").write_text(ROUTINE.format(name="A"))
    cached = load(bundled, tmp_path / "none")
    damaged = catalog_cache.CachedCatalog(cached.rows, [], b"not a pickle", cached._reload)
    assert damaged.catalog.find("a").result.routine.name == "A"


def test_the_rows_come_from_the_cache_without_importing_the_routine_model(tmp_path):
    """The point of the rows: the first frame does not wait for the model's import."""
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "a.yaml").write_text(ROUTINE.format(name="A"))
    load(bundled, tmp_path / "none")  # writes the cache
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pchain_tui.storage.catalog_cache import load_catalog_cached\n"
        "from pchain_tui.ui.screens.picker import summarize\n"
        f"cached = load_catalog_cached(Path({str(bundled)!r}), Path({str(tmp_path / 'none')!r}), str, summarize)\n"
        "print(cached.rows[0].prompt.plain)\n"
        "print('pchain_tui.domain.model' in sys.modules)\n"
        "cached.catalog\n"
        "print('pchain_tui.domain.model' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ}).stdout.split("\n")
    assert out[0].startswith("A") and out[1:3] == ["False", "True"]
