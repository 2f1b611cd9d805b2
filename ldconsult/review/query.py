"""The review's query: --filter, --sort and --fail-on, checked and built into a Query,
and the order each sort key puts rows in.

Mistakes raise ReviewUsageError (exit 2) with a hint at the nearest valid word.

This module is core: no typer, rich or questionary.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ldconsult.base.errors import LdError
from ldconsult.base.text import echo
from ldconsult.engine.recommendation import VERDICT_LABELS, Status
from ldconsult.review.rows import Row

SORT_KEYS = ("file", "date", "title", "requester", "verdict", "flags", "status")
FILTER_KEYS = ("verdict", "flag", "bank", "requester", "status")
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
NO_STATUS = "none"  # filter value for intakes without follow-up readings

# Stable codes from DESIGN.md; the engine's catalogue may add more (see known_flag_codes).
BASE_FLAG_CODES = ("solution-first", "format-mismatch", "no-metric", "vanity-metric",
                   "no-baseline", "no-deadline", "late-involvement", "missing-field-voice",
                   "missing-strategy-voice", "no-exemplar", "environment-cause",
                   "incentive-conflict", "low-stakes")


class ReviewUsageError(LdError):
    """A bad --sort, --filter, --fail-on, --jobs or --csv-raw value (exit 2)."""


@dataclass(frozen=True)
class Query:
    filters: tuple[tuple[str, str], ...] = ()
    sort: str | None = None  # None: the order the files were found (rows can stream)
    fail_on: frozenset[str] = frozenset()

    def matches(self, row: Row) -> bool:
        return all(_MATCHERS[key](row, value) for key, value in self.filters)


_MATCHERS: dict[str, Callable[[Row, str], bool]] = {
    "verdict": lambda r, v: r.verdict == v,
    "flag": lambda r, v: v in r.flags,
    "bank": lambda r, v: r.bank == v,
    "requester": lambda r, v: v.casefold() in r.requester.casefold(),
    "status": lambda r, v: (r.status or NO_STATUS) == v,
}


def known_flag_codes() -> tuple[str, ...]:
    """Every flag code the engine can raise (DESIGN.md's list plus the catalogue's)."""
    codes = list(BASE_FLAG_CODES)
    try:
        from ldconsult.engine.catalogue import flag_texts

        extra = list(flag_texts())
    except (ImportError, OSError, LdError):  # the catalogue is checked by the engine's tests
        extra = []
    codes.extend(c for c in extra if c not in codes)
    return tuple(codes)


def make_query(*, filters: Iterable[str] = (), sort: str | None = None,
               fail_on: str | None = None, flag_codes: Iterable[str] | None = None) -> Query:
    """Check the options and build a Query; mistakes raise ReviewUsageError with a hint.
    Without ``sort``, rows keep the order the files were found in (see :func:`ldconsult.review.paths.expand`)."""
    codes = tuple(flag_codes) if flag_codes is not None else known_flag_codes()
    key = sort.strip().lower() if sort is not None else None
    if key is not None and key not in SORT_KEYS:
        raise ReviewUsageError(f"--sort: unknown key '{echo(sort)}'{_hint(key, SORT_KEYS)} "
                               f"(keys: {', '.join(SORT_KEYS)})")
    parsed = tuple(_parse_filter(f, codes) for f in filters)
    wanted = frozenset(_parse_codes(fail_on, codes)) if fail_on else frozenset()
    return Query(parsed, key, wanted)


def _parse_filter(raw: str, codes: tuple[str, ...]) -> tuple[str, str]:
    key, sep, value = raw.partition("=")
    key, value = key.strip().lower(), value.strip()
    if not sep or key not in FILTER_KEYS:
        raise ReviewUsageError(f"--filter '{echo(raw)}': expected KEY=VALUE with KEY one of "
                               f"{', '.join(FILTER_KEYS)}{_hint(key, FILTER_KEYS)}")
    if not value:
        raise ReviewUsageError(f"--filter '{echo(raw)}': the value is empty")
    allowed = {"verdict": tuple(VERDICT_LABELS), "flag": codes,
               "status": STATUSES + (NO_STATUS,)}.get(key)
    if allowed is not None and value not in allowed:
        raise ReviewUsageError(f"--filter {key}: unknown value '{echo(value)}'"
                               f"{_hint(value, allowed)} (values: {', '.join(allowed)})")
    return key, value


def _parse_codes(raw: str, codes: tuple[str, ...]) -> list[str]:
    out = [c.strip() for c in raw.split(",") if c.strip()]
    if not out:
        raise ReviewUsageError("--fail-on: give one or more flag codes, comma-separated")
    for code in out:
        if code not in codes:
            raise ReviewUsageError(f"--fail-on: unknown flag code '{echo(code)}'"
                                   f"{_hint(code, codes)} (codes: {', '.join(codes)})")
    return out


def _hint(word: str, choices: Iterable[str]) -> str:
    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{near[0]}'?" if near else ""


_VERDICT_ORDER = {v: i for i, v in enumerate(VERDICT_LABELS)}
_STATUS_ORDER = {s: i for i, s in enumerate(("off_track", "on_track", "no_change_yet",
                                             "no_data", "target_reached", ""))}
SORTERS: dict[str, Callable[[Row], Any]] = {
    "file": lambda r: r.file,
    "date": lambda r: (r.date == "", r.date, r.file),
    "title": lambda r: (r.title.casefold(), r.file),
    "requester": lambda r: (r.requester.casefold(), r.file),
    "verdict": lambda r: (_VERDICT_ORDER.get(r.verdict, 99), r.file),
    "flags": lambda r: (-len(r.flags), r.file),
    "status": lambda r: (_STATUS_ORDER.get(r.status, 50), r.status, r.file),
}
