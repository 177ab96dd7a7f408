"""Counted words for messages: "1 set", "2 sets", never "set(s)"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """`count` and `word`, in the plural unless the count is one ("1 set", "3 sets", "2 analyses")."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
