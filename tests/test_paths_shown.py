"""Paths in messages are from ~ or absolute, whatever the current folder, and name a link as itself."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pchain_tui.storage.paths import tilde_path
from tests.test_cli import pchain

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    (folder / "routines").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("USERPROFILE", str(folder))  # Path.home() on Windows
    return folder


def test_under_home_from_tilde_elsewhere_absolute(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    assert tilde_path(home / "routines" / "x.yaml") == "~/" + str(Path("routines", "x.yaml"))
    assert tilde_path(home) == "~"
    assert tilde_path(tmp_path / "other") == str(tmp_path / "other")
    monkeypatch.chdir(home / "routines")
    assert tilde_path(Path("x.yaml")) == "~/" + str(Path("routines", "x.yaml"))  # never relative to here
    assert tilde_path(Path("..")) == "~"
    monkeypatch.chdir(tmp_path)
    assert tilde_path(Path("a.yaml")) == str(tmp_path / "a.yaml")


@posix_only
def test_links_are_named_as_themselves(home: Path, tmp_path: Path):
    loop, dangling = home / "routines" / "loop.yaml", home / "routines" / "dangling.yaml"
    loop.symlink_to(loop.name)
    dangling.symlink_to(tmp_path / "nowhere.yaml")
    assert tilde_path(loop) == "~/routines/loop.yaml"  # no RuntimeError (Path.resolve before Python 3.13)
    assert tilde_path(dangling) == "~/routines/dangling.yaml"  # not where it leads


@posix_only
def test_dot_dot_is_tidied_only_where_that_names_the_same_file(home: Path, tmp_path: Path):
    assert tilde_path(home / "routines" / ".." / "x.yaml") == "~/x.yaml"
    elsewhere = tmp_path / "elsewhere" / "deep"
    elsewhere.mkdir(parents=True)
    (home / "link").symlink_to(elsewhere)
    # home/link/.. is tmp_path/elsewhere, not home: tidying the text would name another file.
    assert tilde_path(home / "link" / ".." / "x.yaml") == "~/link/../x.yaml"


def test_list_names_the_routines_folder_absolute_from_any_folder(tmp_path: Path):
    user = tmp_path / "mine"
    user.mkdir()
    inside = pchain("--routines", str(user), "list", cwd=tmp_path)
    assert inside.returncode == 0 and f"Your routines folder: {user}" in inside.stdout  # not "mine"


def test_the_routine_cache_is_not_read_back_under_another_home(home: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch):
    """Problems in the picker's cached rows name files from ~: another home folder reads the files again."""
    from pchain_tui.storage import catalog_cache
    from pchain_tui.ui.screens.picker import summarize

    (home / "routines" / "oops.yaml").write_text("name: Oops\nexercises:\n  - use: glute-brige\n    reps: 10\n")

    def shown() -> str:
        cached = catalog_cache.load_catalog_cached(tmp_path / "no-bundled", home / "routines", tilde_path, summarize)
        return next(row for row in cached.rows if row.id == "oops").details.plain

    assert "~/routines/oops.yaml cannot be loaded" in shown()
    for name in ("HOME", "USERPROFILE"):
        monkeypatch.setenv(name, str(tmp_path / "another"))
    assert f"{home / 'routines' / 'oops.yaml'} cannot be loaded" in shown()
