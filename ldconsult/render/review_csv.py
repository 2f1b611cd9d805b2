"""The review as CSV: a header and one row per intake on stdout; failures go to stderr.

By default the CSV is safe to open in a spreadsheet and to show in a terminal: a cell
that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe (so
Excel, LibreOffice and Google Sheets take it as text, not as a formula that could fetch
a URL or run a command), and control characters and bidi overrides are made visible as
everywhere else (:func:`printable`). ``raw`` (``--csv-raw``) writes the exact data.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from ldconsult.base.text import printable, say
from ldconsult.render.review_common import COLUMNS, Flusher, fields
from ldconsult.review.portfolio import Portfolio
from ldconsult.review.rows import Row

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvWriter:
    """The CSV one row at a time: ``start``, ``row`` for each intake, ``end``."""

    def __init__(self, stream: TextIO, errors: TextIO, *, raw: bool = False) -> None:
        self.stream, self.errors, self.raw = stream, errors, raw
        self._plain = csv.writer(stream, lineterminator="\n")
        # The csv module quotes a cell with "\n" but not one with a lone "\r" (it is not
        # in our line terminator), and readers would end the row there: quote such rows.
        self._quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self._flush = Flusher(stream)

    def start(self) -> None:
        self._plain.writerow(COLUMNS)
        self._flush(now=True)

    def row(self, r: Row) -> None:
        row = cells(r, raw=self.raw)
        (self._quoted if any("\r" in c for c in row) else self._plain).writerow(row)
        self._flush()

    def end(self, p: Portfolio) -> None:
        for f in p.failures:
            say(f"could not read {f}", self.errors)
        for s in p.skipped:
            say(f"skipped {s.file}: {s.reason}", self.errors)


def cells(r: Row, *, raw: bool = False) -> Iterable[str]:
    row = list({**fields(r), "flags": ";".join(r.flags)}.values())
    return row if raw else [neutral(c) for c in row]


def neutral(cell: str) -> str:
    """A cell no spreadsheet runs as a formula and no terminal obeys."""
    return ("'" if cell.startswith(FORMULA_START) else "") + printable(cell)
