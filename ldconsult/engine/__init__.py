"""The diagnosis and recommendation engine: intake → signals → diagnosis → Recommendation.

Pure and deterministic: the same intake and bank give the same recommendation, byte for
byte. Dates are anchored on the meeting date (then ``today``, then the intake's creation
date), never on the clock. The rules are written up for L&D leads in docs/method.md.

Here, what reads an intake: :func:`recommend`, :func:`summarize`, :func:`key_dates`,
:func:`load_for`. The decisions are made in :mod:`ldconsult.engine.analysis`
(:func:`analyse`) and put into words in :mod:`ldconsult.engine.assemble` (:func:`build`);
both are exported from here too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ldconsult.bank import banks
from ldconsult.bank.signals import Signals, derive
from ldconsult.base import plan_dates
from ldconsult.base.errors import BankError

# Moved to analysis and assemble; still exported from here ("as" marks a re-export).
from ldconsult.engine.analysis import Analysis as Analysis
from ldconsult.engine.analysis import analyse
from ldconsult.engine.analysis import plan_points as plan_points
from ldconsult.engine.assemble import CAUSE_ORDER as CAUSE_ORDER
from ldconsult.engine.assemble import ECON_KEYS as ECON_KEYS
from ldconsult.engine.assemble import LABELS as LABELS
from ldconsult.engine.assemble import MEASURE_ITEMS as MEASURE_ITEMS
from ldconsult.engine.assemble import build, measurement_of
from ldconsult.engine.diagnose import diagnose
from ldconsult.engine.recommendation import Recommendation
from ldconsult.engine.timeline import Timeline

__all__ = ["recommend", "build", "summarize", "analyse", "load_for", "diagnose", "key_dates"]


def load_for(intake: Any, bank_ref: str | None = None) -> banks.LoadedBank:
    """The bank an intake was made with: ``--bank``, else its recorded path, else by id."""
    if bank_ref:
        return banks.resolve(bank_ref)
    path = intake.bank.path
    if path and _may_be_file(path):
        return banks.load_recorded(path)  # a path from a file: errors never echo its content
    found = banks.find_by_id(intake.bank.id, intake.bank.version)
    if found is None:
        raise BankError(f"intake was made with bank '{intake.bank.id}', which is not built "
                        "in; pass --bank PATH")
    return found


def _may_be_file(path: str) -> bool:
    """Whether ``path`` is a file, or may be one that cannot be looked at (a name too long
    for the system, no permission): load_recorded then says why, in one line."""
    try:
        return Path(path).is_file()
    except OSError:
        return True


def anchor_date(meeting_date: str | None, today: dt.date | None,
                created: dt.datetime | None = None) -> dt.date:
    """The day the plan's dates count from: the meeting, else the day the intake was made
    (so the plan does not move with the day it is read), else today."""
    return plan_dates.plan_start(meeting_date, created.date() if created else None, today) \
        or dt.date(1970, 1, 1)


def recommend(intake: Any, loaded: banks.LoadedBank, *, today: dt.date | None = None) -> Recommendation:
    bank = loaded.bank
    sig = derive(bank.questions(), intake.answers, intake.unknown)
    anchor = anchor_date(intake.meta.meeting_date, today, intake.created)
    rec = build(sig, meta=intake.meta, bank=bank, anchor_date=anchor)
    if intake.history:
        rec = _with_result(rec, intake, anchor)
    return rec


def key_dates(intake: Any, loaded: banks.LoadedBank, *,
              today: dt.date | None = None) -> Timeline:
    """The case's dates as :func:`recommend` reads them (the meeting, go-live, deadline),
    for what draws the plan on a time line."""
    sig = derive(loaded.bank.questions(), intake.answers, intake.unknown)
    return Timeline.of(sig, anchor_date(intake.meta.meeting_date, today, intake.created))


def _with_result(rec: Recommendation, intake: Any, anchor: dt.date) -> Recommendation:
    from ldconsult.engine.progress import compute_result

    return rec.model_copy(update={"result": compute_result(intake, rec.measurement, today=anchor)})


def summarize(intake: Any, loaded: banks.LoadedBank, *, today: dt.date | None = None,
              sig: Signals | None = None) -> tuple[str, str, tuple[str, ...], str]:
    """(verdict, lead title, flag codes, follow-up status): what a portfolio row needs,
    without the memo's words. ``review`` uses it; it gives exactly what ``recommend`` gives
    (a test holds them equal)."""
    if sig is None:
        sig = derive(loaded.bank.questions(), intake.answers, intake.unknown)
    anchor = anchor_date(intake.meta.meeting_date, today, intake.created)
    a = analyse(sig, anchor)
    lead = next((c for c in a.chosen if c.lead), a.chosen[0] if a.chosen else None)
    status = ""
    if intake.history:
        from ldconsult.engine.progress import compute_result

        status = compute_result(intake, measurement_of(a, anchor), today=anchor).status
    return a.verdict, lead.entry.title if lead else "", tuple(f[0] for f in a.flags), status
