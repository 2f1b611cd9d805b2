"""The review as CSV: a header and one row per intake on stdout; failures go to stderr."""

from __future__ import annotations

import csv
from typing import TextIO

from ldconsult.render.review_common import COLUMNS
from ldconsult.render.textutil import say
from ldconsult.review import Portfolio


def render(p: Portfolio, stream: TextIO, errors: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows((r.file, r.title, r.requester, r.date, r.bank, r.verdict, r.top_intervention,
                      ";".join(r.flags), r.status) for r in p.rows)
    for f in p.failures:
        say(f"could not read {f}", errors)
    for s in p.skipped:
        say(f"skipped {s.file}: {s.reason}", errors)
