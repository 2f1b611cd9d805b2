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

from ldconsult.render.review_common import COLUMNS
from ldconsult.render.textutil import printable, say
from ldconsult.review import Portfolio, Row

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(p: Portfolio, stream: TextIO, errors: TextIO, *, raw: bool = False) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    # The csv module quotes a cell with "\n" but not one with a lone "\r" (it is not in
    # our line terminator), and readers would end the row there: quote such rows fully.
    quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for r in p.rows:
        row = cells(r, raw=raw)
        (quoted if any("\r" in c for c in row) else writer).writerow(row)
    for f in p.failures:
        say(f"could not read {f}", errors)
    for s in p.skipped:
        say(f"skipped {s.file}: {s.reason}", errors)


def cells(r: Row, *, raw: bool = False) -> Iterable[str]:
    row = (r.file, r.title, r.requester, r.date, r.bank, r.verdict, r.top_intervention,
           ";".join(r.flags), r.status)
    return row if raw else [neutral(c) for c in row]


def neutral(cell: str) -> str:
    """A cell no spreadsheet runs as a formula and no terminal obeys."""
    return ("'" if cell.startswith(FORMULA_START) else "") + printable(cell)
