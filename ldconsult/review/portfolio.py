"""Review many intakes at once: one compact row per intake, counts, and who to push back on.

``collect`` reviews the files found (``paths.expand``) through ``workers``, keeps the
rows that pass the query (``query``) and counts them as they arrive, in a Portfolio.

Without a sort key, rows keep the order of the files as found, and a renderer can write
each one as it arrives (``collect(on_row=...)``): CSV and JSON stream.

This module is core: no typer, rich or questionary.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ldconsult.base.errors import ExitCode
from ldconsult.engine.recommendation import VERDICT_LABELS
from ldconsult.review.paths import Found
from ldconsult.review.query import SORTERS, STATUSES, Query
from ldconsult.review.rows import Failure, Row, Skipped
from ldconsult.review.workers import Engine, iter_reviews

SCHEMA_VERSION = 1
PUSH_BACK = ("solution-first", "environment-cause")


@dataclass
class Tally:
    verdicts: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    push_back: list[str] = field(default_factory=list)
    fail_hits: list[tuple[str, str]] = field(default_factory=list)

    def add(self, row: Row, fail_on: frozenset[str]) -> None:
        self.verdicts[row.verdict] += 1
        self.flags.update(row.flags)
        if row.status:
            self.statuses[row.status] += 1
        if all(code in row.flags for code in PUSH_BACK):
            self.push_back.append(row.file)
        self.fail_hits.extend((row.file, c) for c in row.flags if c in fail_on)


@dataclass
class Portfolio:
    """The result of a review: rows (filtered, sorted), failures, drafts, counts."""

    rows: list[Row]
    failures: list[Failure]
    skipped: list[Skipped]
    tally: Tally
    read: int  # intakes diagnosed, before filtering
    query: Query

    @property
    def exit_code(self) -> ExitCode:
        """Nothing readable (2) beats a --fail-on match (1), which beats unreadable files (4)."""
        if self.read == 0:
            return ExitCode.USAGE
        if self.tally.fail_hits:
            return ExitCode.FINDINGS
        if self.failures:
            return ExitCode.PARTIAL
        return ExitCode.OK

    def counts(self) -> dict[str, dict[str, int]]:
        verdicts = {v: self.tally.verdicts[v] for v in VERDICT_LABELS if self.tally.verdicts[v]}
        flags = dict(sorted(self.tally.flags.items(), key=lambda kv: (-kv[1], kv[0])))
        statuses = {s: self.tally.statuses[s] for s in STATUSES if self.tally.statuses[s]}
        return {"verdict": verdicts, "flag": flags, "status": statuses}

    @property
    def push_back(self) -> list[str]:
        order = {r.file: i for i, r in enumerate(self.rows)}
        return sorted(self.tally.push_back, key=lambda f: order.get(f, 0))


def collect(found: Found, query: Query, *, bank: str | None = None, jobs: int = 0,
            today: dt.date | None = None, engine: Engine | None = None,
            tick: Callable[[], None] | None = None,
            on_row: Callable[[Row], None] | None = None) -> Portfolio:
    """Review every file in ``found`` and gather the portfolio.

    ``on_row`` receives each row that passes the filters as soon as it is reviewed, in
    the order of ``found.files``: a renderer can stream them (only without a sort key,
    since sorting needs every row first).
    """
    if on_row is not None and query.sort is not None:
        raise ValueError("rows can stream only in the order the files were found")
    tally, rows, skipped = Tally(), [], []
    failures = list(found.failures)
    read = 0
    for item in iter_reviews(found.files, bank=bank, jobs=jobs, today=today, engine=engine):
        if tick is not None:
            tick()
        if isinstance(item, Row):
            read += 1
            if query.matches(item):
                rows.append(item)
                tally.add(item, query.fail_on)
                if on_row is not None:
                    on_row(item)
        elif isinstance(item, Failure):
            failures.append(item)
        else:
            skipped.append(item)
    if query.sort is not None:
        rows.sort(key=SORTERS[query.sort])
    failures.sort(key=lambda f: f.file)
    return Portfolio(rows, failures, skipped, tally, read, query)
