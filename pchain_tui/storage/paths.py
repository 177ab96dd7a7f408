"""Where pchain's files are: bundled routines and sounds, and the user's folders.

`PCHAIN_HOME`, when set, moves every user folder (config, data) under one directory, for tests
and for people who want everything in one place.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent.parent
"""The pchain_tui package folder."""
APP_NAME = "pchain"


def _bundled(name: str) -> Path:
    """A folder shipped in the wheel (inside the package) or, in a checkout, beside the package."""
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def bundled_routines_dir() -> Path:
    """The routines that come with pchain."""
    return _bundled("routines")


def sounds_dir() -> Path:
    """The WAV files that come with pchain."""
    return _bundled("sounds")


def _home() -> Path | None:
    home = os.environ.get("PCHAIN_HOME")
    return Path(home).expanduser() if home else None


def config_dir() -> Path:
    """The user's config folder (routines, settings)."""
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """The user's data folder (history)."""
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME))


def user_routines_dir() -> Path:
    """The user's own routines; one with a bundled routine's id shadows it."""
    return config_dir() / "routines"


def tilde_path(path: Path) -> str:
    """`path` for a message, the same whatever the current folder: from ~ when under the home folder,
    else absolute.

    Links are never followed: a symbolic link is named as itself, even one that leads nowhere or
    loops. A `..` is tidied away only when that names the same file (after a link, it may not).
    """
    absolute = path.absolute()
    tidy = Path(os.path.normpath(absolute))
    if tidy != absolute and os.path.realpath(tidy) != os.path.realpath(absolute):
        tidy = absolute
    home = Path.home()
    if tidy == home:
        return "~"
    return "~/" + str(tidy.relative_to(home)) if tidy.is_relative_to(home) else str(tidy)


def cache_dir() -> Path:
    """The user's cache folder (things pchain can always rebuild)."""
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME))
