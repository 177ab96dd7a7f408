"""The picker's "Up next" line for the program followed, fitted to the width it has."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

SEPARATOR = " · "


def up_next_line(first: str, second: str, width: int) -> Text:
    """`first` (bold) and `second` (dim) on one line of `width` cells: the second half is cut (with an
    ellipsis) before the first, which is cut only when it does not fit alone."""
    width = max(width, 1)
    text = Text(first, style="bold", no_wrap=True)
    if cell_len(first) >= width:
        text.truncate(width, overflow="ellipsis")
        return text
    room = width - cell_len(first) - cell_len(SEPARATOR)
    if room >= 2:  # a letter and the ellipsis, at least
        text.append(SEPARATOR, style="dim")
        text.append(_cut(second, room), style="dim")
    return text


def _cut(text: str, room: int) -> str:
    if cell_len(text) <= room:
        return text
    kept = ""
    for char in text:
        if cell_len(kept + char) > room - 1:
            break
        kept += char
    return kept.rstrip(" ,") + "…"
