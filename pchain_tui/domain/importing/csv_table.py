"""An export's CSV text: decoded whatever its byte-order mark, with its columns and its rows, each
row with the line of the file it starts on (a quoted note may span lines)."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t")
"""Strong writes "," (older versions ";"); a spreadsheet may save tabs."""
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
"""What a byte that is not UTF-8 decodes to with errors="surrogateescape"."""


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row of an export, and what became of it."""

    path: str
    line: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


class NotAnExport(Exception):
    """The file is not the export asked for (or not one at all): nothing in it can be imported."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark) or UTF-16 with one.

    Bytes that are not UTF-8 are kept as lone surrogates, so the rows they are in can be named
    (`CsvTable.rows`) while the others import.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    return data.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="surrogateescape")


class CsvTable:
    """The header and rows of a CSV text. Column names are matched without case or surrounding spaces."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        first = text.split("\n", 1)[0]
        if not first.strip():
            raise NotAnExport("the file is empty" if not text.strip() else "the first line is empty, not a header",
                              "an export starts with a line of column names")
        self.delimiter = max(DELIMITERS, key=first.count)
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)
        header = next(self._reader)
        self.columns: dict[str, int] = {}
        for index, name in enumerate(header):
            self.columns.setdefault(name.strip().lower(), index)
        self.names = [name.strip() for name in header]
        """The column names as written, in order."""
        self._check_encoding = bool(_NOT_UTF8.search(text))
        self.stopped: RowProblem | None = None
        """Why reading stopped before the end of the file, if it did."""

    @property
    def end_line(self) -> int:
        """The line the row last given by `rows` ends on."""
        return self._reader.line_num

    def has(self, column: str) -> bool:
        """True when the file has this column."""
        return column.lower() in self.columns

    def rows(self) -> Iterator[tuple[int, list[str] | RowProblem]]:
        """Each row below the header with the line it starts on: its cells, or what is wrong with it.

        Blank lines are passed over. A row that the CSV reader cannot get past (an unclosed quote
        running to the end of the file) ends the reading, with `stopped` saying where.
        """
        line = self._reader.line_num + 1
        while True:
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except csv.Error as error:
                self.stopped = RowProblem(self.path, line, f"the CSV cannot be read from here on ({error})",
                                          "look for a quote (\") that is opened and never closed")
                return
            start, line = line, self._reader.line_num + 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if self._check_encoding and any(_NOT_UTF8.search(cell) for cell in cells):
                yield start, RowProblem(self.path, start, "the row is not UTF-8 text (it has bytes of another "
                                        "encoding); it is left out",
                                        "export again, or save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet)")
                continue
            yield start, cells
