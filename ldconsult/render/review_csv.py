"""The review as CSV: a header and one row per intake on stdout; failures go to stderr."""

from __future__ import annotations

import csv
from typing import TextIO

from ldconsult.render.review_common import COLUMNS
from ldconsult.review import Portfolio


def render(p: Portfolio, stream: TextIO, errors: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows((r.file, r.title, r.requester, r.date, r.bank, r.verdict, r.top_intervention,
                      ";".join(r.flags), r.status) for r in p.rows)
    for f in p.failures:
        errors.write(f"ldconsult: could not read {_one_line(str(f))}\n")
    for s in p.skipped:
        errors.write(f"ldconsult: skipped {_one_line(s.file)}: {s.reason}\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())
