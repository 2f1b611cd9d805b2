"""What a plan comes to, in a few comparable values: the fingerprint an adaptive interview
compares to tell whether an answer could change the advice.

:func:`outcome` runs the engine's decisions (:func:`ldconsult.engine.analyse` and the
checkpoints of :func:`ldconsult.engine.measurement_of`) without writing a word of the
recommendation, so it is fast enough to try every possible answer of every question
left (a few tenths of a millisecond a call). It decides nothing of its own: the same
signals give the same verdict, plan, flags and dates as ``recommend``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ldconsult.bank.signals import Signals

if TYPE_CHECKING:
    from ldconsult.engine.select import Chosen

# How much a change matters, highest first (Outcome.change returns one of these).
VERDICT, LEAD, SIZE, FIXES, CHECKS, ESTIMATE, DETAIL, SAME = 7, 6, 5, 4, 3, 2, 1, 0
LEVELS = (VERDICT, LEAD, SIZE, FIXES, CHECKS, ESTIMATE, DETAIL)
LEVEL_WORDS = {VERDICT: "the verdict", LEAD: "the lead fix", SIZE: "the training's size",
               FIXES: "the main fixes or warnings", CHECKS: "the checkpoints",
               ESTIMATE: "what the estimate of costs and payback rests on",
               DETAIL: "a detail of the plan"}
TOP_FIXES = 3  # the plan's first rows (a fix with what travels with it is one row)
SHOWN_SEVERITIES = frozenset({"medium", "high"})
# Training hours fall in doubling buckets: 0.5 and 0.75 hours are the same size of plan,
# 1 and 4 hours are not.
SIZE_BUCKETS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)


@dataclass(frozen=True)
class Outcome:
    """The plan in short: what a stakeholder would notice if it changed."""

    verdict: str
    lead: str | None  # the lead fix's id
    size: int | None  # the bucket of the plan's training hours (None: no sized training)
    # the plan's first TOP_FIXES rows, the lead first: each fix's id with the ids of the
    # fixes that travel with it ("Error-proof the step, with: ..."), as the memo shows them
    fixes: tuple[tuple[str, tuple[str, ...]], ...]
    flags: tuple[str, ...]  # warnings of medium or high severity
    checks: tuple[str, ...]  # checkpoint dates
    # Everything else the plan holds, for ranking questions that cannot change the above.
    detail: tuple[object, ...] = ()
    # the inputs of the estimate of costs and payback still unknown (economics.INPUTS), for
    # a plan that acts: the memo's business case, and, with both costs known, whether the
    # plan is dearer than the problem (a verdict two answers decide together)
    estimate: tuple[str, ...] = ()

    def change(self, other: Outcome) -> int:
        """How much ``other`` differs: VERDICT, LEAD, SIZE, FIXES (fixes or warnings),
        CHECKS, ESTIMATE, DETAIL or SAME."""
        if self.verdict != other.verdict:
            return VERDICT
        if self.lead != other.lead:
            return LEAD
        if self.size != other.size:
            return SIZE
        if self.fixes != other.fixes or self.flags != other.flags:
            return FIXES
        if self.checks != other.checks:
            return CHECKS
        if self.estimate != other.estimate:
            return ESTIMATE
        return DETAIL if self.detail != other.detail else SAME


def size_bucket(hours: float) -> int:
    return next((i for i, top in enumerate(SIZE_BUCKETS) if hours <= top), len(SIZE_BUCKETS))


def outcome(sig: Signals, anchor: dt.date) -> Outcome:
    """The fingerprint of the plan these signals give, with dates counted from ``anchor``.

    ``sig`` is not changed (the engine adds derived signals to its own copy)."""
    from ldconsult.engine import analyse, economics, measure, plan_points
    from ldconsult.engine.steps import missing_items

    a = analyse(_copy(sig), anchor)
    lead = next((c.entry.id for c in a.chosen if c.lead), None)
    ids = tuple(c.entry.id for c in a.chosen)
    size = a.size
    # measurement_of's dates, without building its models (a third of the time)
    checks = plan_points(a, measure.measures(a.d.signals)[0])
    detail = (ids, tuple(c.entry.id for c in a.also), tuple(f[0] for f in a.flags),
              tuple(missing_items(a.d, a.verdict)),
              (size.hours, size.learners, size.reach) if size is not None else None)
    return Outcome(
        verdict=a.verdict, lead=lead, size=size_bucket(size.hours) if size else None,
        fixes=plan_rows(a.chosen), flags=tuple(f[0] for f in a.flags if f[1] in SHOWN_SEVERITIES),
        checks=tuple(p.date.isoformat() for p in checks),
        estimate=economics.missing_inputs(a.d.signals, a.verdict), detail=detail)


def plan_rows(chosen: Sequence[Chosen]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The plan's first TOP_FIXES rows as a reader sees them: each fix (the lead first)
    with the fixes that travel with it. Counting the ids as listed would let a second
    row change unseen behind the lead's companions."""
    rows = [c for c in chosen if c.bundle_of is None][:TOP_FIXES]
    return tuple((c.entry.id, tuple(b.entry.id for b in chosen if b.bundle_of == c.entry.id))
                 for c in rows)


def _copy(sig: Signals) -> Signals:
    """A copy the engine may add to (it sets derived signals such as lead_time)."""
    return Signals(dict(sig.values), dict(sig.evidence), sig.unknown_from)
