"""A review row's fields from the engine: the verdict, the lead intervention, the flag
codes and the follow-up status.

Building a full Recommendation (headline, evidence, economics, next steps) costs more
than parsing the intake, and a portfolio row needs none of it. :func:`quick_summary`
runs only the engine steps that decide those four things; tests check that it agrees
with ``engine.recommend`` on generated intakes of every shipped bank, and
:func:`derive` with ``signals.derive``. Core module: no typer, rich or questionary.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ldconsult.bank.signals import Signals, _merge, add_unknown, evidence_of

# What a row needs from a diagnosis: (verdict, lead intervention title, flag codes, status).
Summary = tuple[str, str, tuple[str, ...], str]


def summary(rec: Any) -> Summary:
    """A row's fields from a full Recommendation."""
    lead = rec.lead
    return (rec.verdict, lead.title if lead else "", tuple(f.code for f in rec.flags),
            rec.result.status if rec.result is not None else "")


def quick_summary(intake: Any, loaded: Any, today: dt.date) -> Summary:
    """The engine's ``summarize`` (its decisions without the memo's words), on signals
    derived through the cache below."""
    from ldconsult.engine import summarize

    sig = derive(loaded.bank.questions(), intake.answers, intake.unknown)
    return summarize(intake, loaded, today=today, sig=sig)


_FINITE = frozenset({"select", "multi_select", "confirm", "scale"})
_NONE, _FREE, _KEEP = 0, 1, 2  # how a question's answers become signals (see _how)
_HOW: dict[int, tuple[Any, int]] = {}
_SIGNALS_OF: dict[tuple[Any, ...], tuple[Any, list[tuple[str, Any, Any]]]] = {}


def derive(questions: list[Any], answers: dict[str, Any], unknown: list[str]) -> Signals:
    """``signals.derive``, remembering what each choice means across intakes.

    Choices repeat across thousands of intakes, so the signals and evidence of each
    (question, choice) are built once per process; questions that set no signal are
    skipped; free text and numbers go through as usual. The same steps and merge as
    ``signals.derive`` (their equality is tested).
    """
    out = Signals()
    unknown_ids = set(unknown)
    for q in questions:
        if unknown_ids and q.id in unknown_ids:
            add_unknown(out.unknown_from, q)
            continue
        how = _how(q)
        if how == _NONE:
            continue
        value = answers.get(q.id)
        if value is None or value == "" or value == []:
            continue
        items = _kept(q, value) if how == _KEEP else evidence_of(q, value)
        for name, sig_value, evidence in items:
            _merge(out, name, sig_value, evidence)
    return out


def _how(q: Any) -> int:
    hit = _HOW.get(id(q))
    if hit is None or hit[0] is not q:  # the question object itself guards the id
        how = _NONE if not q.signal_names() else \
            _KEEP if q.type in _FINITE and not q.provides else _FREE
        hit = _HOW[id(q)] = (q, how)
    return hit[1]


def _kept(q: Any, value: Any) -> list[tuple[str, Any, Any]]:
    key = (id(q), type(value), tuple(value) if isinstance(value, list) else value)
    hit = _SIGNALS_OF.get(key)
    if hit is None or hit[0] is not q:
        if len(_SIGNALS_OF) > 50_000:
            _SIGNALS_OF.clear()
        hit = _SIGNALS_OF[key] = (q, evidence_of(q, value))
    return hit[1]
