"""Shared pieces of the review renderers: row fields, counts as bars, the summary line."""

from __future__ import annotations

import time
from typing import Any, Protocol, TextIO

from ldconsult.engine.recommendation import STATUS_WORDS, VERDICT_WORDS
from ldconsult.review.portfolio import Portfolio
from ldconsult.review.rows import Row

COLUMNS = ("file", "title", "requester", "date", "bank", "verdict", "top_intervention",
           "flags", "status")
_EIGHTHS = " ▏▎▍▌▋▊▉"


def fields(row: Row, *, words: bool = False) -> dict[str, Any]:
    """A row's fields by column, in COLUMNS order. With ``words``, the verdict and status
    as people read them (the table and Markdown); CSV and JSON keep the ids."""
    data = {column: getattr(row, column) for column in COLUMNS}
    if words:
        data.update(verdict=verdict_word(row), status=status_word(row))
    return data


def row_data(row: Row) -> dict[str, Any]:
    """A row as plain data (JSON); ``flags`` stays a list."""
    return {**fields(row), "flags": list(row.flags)}


def in_words(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Counts for people: verdicts and statuses in words (flag codes stay codes)."""
    return {"verdict": {VERDICT_WORDS.get(k, k): n for k, n in counts["verdict"].items()},
            "flag": counts["flag"],
            "status": {STATUS_WORDS.get(k, k): n for k, n in counts["status"].items()}}


def verdict_word(row: Row) -> str:
    return VERDICT_WORDS.get(row.verdict, row.verdict)


def status_word(row: Row) -> str:
    return STATUS_WORDS.get(row.status, row.status) if row.status else ""


def bar(count: int, largest: int, width: int = 30) -> str:
    """A horizontal bar in eighth-blocks, readable without colour."""
    if count <= 0 or largest <= 0:
        return ""
    eighths = max(1, round(count / largest * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def chart_lines(counts: dict[str, int], width: int = 30) -> list[tuple[str, str, int]]:
    """(label, bar, count) for each entry, in the given order."""
    largest = max(counts.values(), default=0)
    return [(label, bar(n, largest, width), n) for label, n in counts.items()]


def summary_line(p: Portfolio) -> str:
    """'12 intakes reviewed · 3 shown · 2 could not be read · 1 draft skipped'."""
    parts = [f"{p.read} intake{'s' if p.read != 1 else ''} reviewed"]
    if p.query.filters:
        parts.append(f"{len(p.rows)} match the filters")
    if p.failures:
        parts.append(f"{len(p.failures)} could not be read")
    if p.skipped:
        parts.append(f"{len(p.skipped)} draft{'s' if len(p.skipped) != 1 else ''} skipped")
    return " · ".join(parts)


def fail_on_line(p: Portfolio) -> str | None:
    """Which --fail-on codes matched, or None."""
    if not p.tally.fail_hits:
        return None
    files = {f for f, _ in p.tally.fail_hits}
    codes: dict[str, int] = {}
    for _, code in p.tally.fail_hits:
        codes[code] = codes.get(code, 0) + 1
    what = ", ".join(f"{c} ({n})" for c, n in sorted(codes.items()))
    return f"--fail-on matched in {len(files)} intake{'s' if len(files) != 1 else ''}: {what}"


class RowWriter(Protocol):
    """A renderer that can write rows as they are reviewed (CSV, JSON)."""

    def start(self) -> None: ...
    def row(self, r: Row) -> None: ...
    def end(self, p: Portfolio) -> None: ...


def write(writer: RowWriter, p: Portfolio) -> None:
    """A whole portfolio through a row writer (rows sorted, or already collected)."""
    writer.start()
    for r in p.rows:
        writer.row(r)
    writer.end(p)


class Flusher:
    """Flushes a stream when ``interval`` seconds have passed since it last did, so rows
    reach a pipe as they come without a system call per row."""

    def __init__(self, stream: TextIO, interval: float = 0.1) -> None:
        self.stream, self.interval, self._last = stream, interval, 0.0

    def __call__(self, *, now: bool = False) -> None:
        t = time.monotonic()
        if now or t - self._last >= self.interval:
            self.stream.flush()
            self._last = t
