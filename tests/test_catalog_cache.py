"""The picker's cache of parsed routines is used when nothing changed, and never when something did."""

from __future__ import annotations

import os
from pathlib import Path

from pchain_tui import catalog_cache, paths


def load(bundled: Path, user: Path):
    return catalog_cache.load_catalog_cached(bundled, user, str)


def test_unchanged_files_come_from_the_cache_and_edits_are_seen(tmp_path, monkeypatch):
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    bundled.mkdir(), user.mkdir()
    (bundled / "a.yaml").write_text("name: A\nexercises:\n  - name: X\n    reps: 5\n")
    catalog, estimates = load(bundled, user)
    assert catalog.find("a").result.routine.name == "A" and estimates["a"] > 0
    assert (paths.cache_dir() / catalog_cache.CACHE_NAME).exists()

    import pchain_tui.domain.catalog as catalog_module

    calls = []
    real = catalog_module.load_catalog
    monkeypatch.setattr(catalog_module, "load_catalog", lambda *a, **k: calls.append(a) or real(*a, **k))
    load(bundled, user)
    assert calls == []  # nothing changed: the files were not read

    monkeypatch.undo()
    (user / "a.yaml").write_text("name: Mine\nexercises:\n  - name: X\n    reps: 5\n")
    assert load(bundled, user)[0].find("a").result.routine.name == "Mine"
    (bundled / "a.yaml").write_text("name: A edited\nexercises:\n  - name: X\n    reps: 5\n")
    os.utime(bundled / "a.yaml", ns=(1, 1))
    (user / "a.yaml").unlink()
    assert load(bundled, user)[0].find("a").result.routine.name == "A edited"


def test_a_damaged_cache_is_rebuilt(tmp_path):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "a.yaml").write_text("name: A\nexercises:\n  - name: X\n    reps: 5\n")
    cache = paths.cache_dir() / catalog_cache.CACHE_NAME
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a pickle")
    assert load(bundled, tmp_path / "none")[0].find("a").ok
