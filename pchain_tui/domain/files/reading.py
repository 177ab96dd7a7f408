"""Reading a file named like a routine, or saying why it is not one.

Only a regular file is opened: reading a named pipe waits for a writer forever, and opening some
devices does something by itself. A link to nowhere, or one that loops, is said to be that.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pchain_tui.domain.files.yaml_source import MAX_BYTES
from pchain_tui.domain.problems import Problem


def read_bytes(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes (one more than the size limit at most), or why it cannot be read."""
    try:
        kind = _not_a_file(os.stat(path).st_mode)
    except OSError as error:
        return None, [Problem(display, 1, 1, *_unreachable(path, error))]
    if kind:
        return None, [Problem(display, 1, 1, *kind)]
    try:
        # O_NONBLOCK: should a pipe take the file's place after the check, opening it does not wait;
        # O_BINARY (Windows only): bytes as they are, with no line-ending translation.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        return None, [Problem(display, 1, 1, f"cannot read the file: {error.strerror or error}")]
    with open(handle, "rb", closefd=True) as file:
        kind = _not_a_file(os.fstat(file.fileno()).st_mode)
        if kind:
            return None, [Problem(display, 1, 1, *kind)]
        try:
            return file.read(MAX_BYTES + 1), []
        except OSError as error:
            return None, [Problem(display, 1, 1, f"cannot read the file: {error.strerror or error}")]


_RENAME = "rename it or move it out, so its name does not end in .yaml"
_NOT_FILES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_a_file(mode: int) -> tuple[str, str] | None:
    """(message, hint) when `mode` is not a regular file's."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _NOT_FILES if test(mode)), None)
    message = f"this is {kind}, not a file" if kind else "this is not a regular file"
    return message, f"pchain reads only regular files: {_RENAME}"


def _unreachable(path: Path, error: OSError) -> tuple[str, str | None]:
    """(message, hint) for a file that stat cannot reach: usually a link to nowhere, or a loop."""
    relink = "point the link at a routine file, or remove it"
    if error.errno == errno.ELOOP:
        return "this is a symbolic link that goes round in a loop (or through too many links)", relink
    if isinstance(error, FileNotFoundError) and path.is_symlink():
        try:
            return f"this is a symbolic link to '{os.readlink(path)}', which does not exist", relink
        except OSError:  # removed in the meantime
            pass
    return f"cannot read the file: {error.strerror or error}", None
