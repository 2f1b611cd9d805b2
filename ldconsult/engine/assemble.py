"""Assembling the Recommendation: the engine's decisions (:mod:`ldconsult.engine.analysis`)
put into the memo's words, with the answers quoted as evidence, the economics, the
measurement plan, the mandate and the next steps.

Every part of a recommendation is immutable, so one instance serves every recommendation
with the same content (:func:`_intern`): a batch review repeats them thousands of times.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ldconsult.bank.signals import Evidence as SigEvidence
from ldconsult.bank.signals import Signals
from ldconsult.engine import economics, measure, plan, steps
from ldconsult.engine.analysis import Analysis, analyse, plan_points
from ldconsult.engine.checkpoints import mandate_due
from ldconsult.engine.diagnosis import ENVIRONMENT, Diagnosis
from ldconsult.engine.recommendation import (
    GRID,
    Cause,
    Checkpoint,
    Economics,
    Evidence,
    Flag,
    Intervention,
    Mandate,
    Measurement,
    Missing,
    NextStep,
    Recommendation,
    Requested,
    Score,
)
from ldconsult.engine.select import ACTIONABLE, Chosen
from ldconsult.engine.sizing import Size
from ldconsult.engine.timeline import Timeline
from ldconsult.engine.words import CaseWords, case_words, fill

LABELS = dict(GRID) | {"feedback": "Feedback", "manager_support": "Manager support"}
CAUSE_ORDER = ("expectations", "feedback", "resources", "incentives", "manager_support",
               "knowledge_skill", "capacity", "motives")


_PROMPTS: dict[int, tuple[Any, dict[str, str]]] = {}


def _prompts(bank: Any) -> dict[str, str]:
    """Question id → prompt on one line, cached per bank object (banks are frozen). Never
    cut: the memo quotes it."""
    if bank is None:
        return {}
    hit = _PROMPTS.get(id(bank))
    if hit is None or hit[0] is not bank:
        short = {q.id: " ".join(q.prompt.split()) for q in bank.questions()}
        if len(_PROMPTS) > 16:
            _PROMPTS.clear()
        hit = _PROMPTS[id(bank)] = (bank, short)
    return hit[1]


_EVIDENCE: dict[tuple[SigEvidence, str], Evidence] = {}


def _evidence(e: SigEvidence, prompt: str) -> Evidence:
    """Evidence models are immutable, so one instance serves every recommendation that
    cites the same answer (a batch review repeats them thousands of times)."""
    key = (e, prompt)
    hit = _EVIDENCE.get(key)
    if hit is None:
        if len(_EVIDENCE) > 20000:
            _EVIDENCE.clear()
        hit = _EVIDENCE[key] = Evidence(question=e.question, prompt=prompt, answer=e.answer,
                                        meaning=e.meaning)
    return hit


def build(sig: Signals, *, meta: Any = None, bank: Any = None,
          anchor_date: dt.date = dt.date(1970, 1, 1)) -> Recommendation:
    """A recommendation from signals (bank-independent; ``bank`` only supplies prompts)."""
    prompts = _prompts(bank)

    seen: dict[int, Evidence] = {}  # the same answer is cited by causes, fixes and flags

    def ev(items: list[SigEvidence] | tuple[SigEvidence, ...]) -> tuple[Evidence, ...]:
        out = []
        for e in items:
            hit = seen.get(id(e))
            if hit is None:
                hit = seen[id(e)] = _evidence(e, prompts.get(e.question, ""))
            out.append(hit)
        return tuple(out)

    a = analyse(sig, anchor_date)
    d, v, chosen, also, tl, size = a.d, a.verdict, a.chosen, a.also, a.tl, a.size
    codes = [f[0] for f in a.flags]
    missing = _fitting(steps.missing_items(d, v), d, v)
    measurement = measurement_of(a, anchor_date)
    case = case_words(sig, measurement.kpi)
    econ = economics.economics(sig, v, chosen, size)
    req = plan.requested(d, v, chosen, tl)
    requester = getattr(meta, "requester", "") or ""
    starts = [steps.start_date(d, c, chosen, tl) for c in chosen]
    ready = steps.ready_by(d, chosen, tl)
    needed = {c.entry.id for c in steps.preconditions(chosen)}
    reach = size.reach if size is not None else ""
    words = [steps.ITEM_WORDS[m] for m in missing if m in steps.ITEM_WORDS]
    return Recommendation(
        intake_title=getattr(meta, "title", "") or "", requester=requester,
        meeting_date=getattr(meta, "meeting_date", None), bank=getattr(bank, "id", "") or "",
        verdict=v, headline=plan.headline(d, v, chosen, words, size),
        lead_reason=plan.lead_reason(chosen, also),
        reframed_problem=_reframe(d) if v in ACTIONABLE else "",
        problem_as_stated=sig.text("problem_statement"),
        causes=_causes(d, ev),
        interventions=_interventions(chosen, d, size, requester, ev, case, starts,
                                     {i: ready for i in needed} if ready else {}),
        also_consider=_interventions(also, d, None, requester, ev, case),
        flags=tuple(_flag(c, s, m, ev(e)) for c, s, m, e in a.flags),
        requested=_intern(("requested", *req.values()), lambda: Requested(**req)),
        measurement=measurement,
        economics=Economics(**_econ_fields(econ.fields), notes=tuple(econ.notes)),
        risks=tuple(plan.risks(d, v, chosen, codes, reach, requester)),
        next_steps=tuple(
            _intern(("step", a_, o, due), lambda: NextStep(action=a_, owner=o, due=due))
            for a_, o, due in steps.next_steps(d, v, chosen, starts, tl, missing, requester)
            + _mandate_step(d, chosen, tl, requester)),
        missing=tuple(_missing(m) for m in missing if m in steps.FIND_OUT),
        mandate=_mandate(d, v, chosen, tl, starts),
        result=None)


def _mandate(d: Diagnosis, v: str, chosen: list[Chosen], tl: Timeline,
             starts: list[dt.date | None]) -> Mandate | None:
    terms = steps.mandate_terms(d, chosen, tl, starts) if v in ACTIONABLE else None
    return Mandate(**terms) if terms else None


def measurement_of(a: Analysis, anchor: dt.date) -> Measurement:
    """The measurement plan, with checkpoints fitted to the case."""
    meas = measure.measurement(a.d, a.verdict, a.chosen)
    checks = tuple(Checkpoint(day=(p.date - anchor).days, date=p.date.isoformat(),
                              check=p.check, kind=p.kind, why=p.why)
                   for p in plan_points(a, meas["kpi"]))
    return _intern(("measurement", *(str(v) for v in meas.values()), checks),
                   lambda: Measurement(**meas, checkpoints=checks))


# A measure and its parts: what a plan to build needs, and a settled no-build does not.
MEASURE_ITEMS = frozenset({"metric", "baseline", "target", "deadline"})


def _fitting(missing: list[str], d: Diagnosis, verdict: str) -> list[str]:
    """What to find out, fitted to the verdict: a no-build the requester settled (a
    preference, not worth solving, one person's lapse) asks for no measure; one whose
    stakes are unknown still asks what would show a problem, the way to reopen it."""
    if verdict == "no_intervention" and (d.worth == "no" or d.isolated):
        return [m for m in missing if m not in MEASURE_ITEMS]
    return missing


def _mandate_step(d: Diagnosis, chosen: list[Chosen], tl: Timeline,
                  requester: str) -> list[tuple[str, str, str]]:
    """The mandated fix is due on the mandate's date."""
    due = mandate_due(tl, chosen) if d.mandated else None
    if due is None or due[1] is None:
        return []
    when, fix = due
    return [(f"Finish: {fix.title}, with records, for all the requirement covers",
             steps.owner(fix, d.signals, requester), when.isoformat())]


def _missing(code: str) -> Missing:
    f = steps.FIND_OUT[code]
    return _intern(("missing", code), lambda: Missing(item=f.item, ask=f.ask, why=f.why,
                                                      code=code, method=f.method, how=f.how))


# The figures economics.py computes: every field but the fixed currency note and the notes.
ECON_KEYS = tuple(k for k in Economics.model_fields if k not in ("currency_note", "notes"))


def _econ_fields(f: dict[str, Any]) -> dict[str, Any]:
    return {k: f.get(k) for k in ECON_KEYS}


_INTERNED: dict[tuple[Any, ...], Any] = {}


def _intern(key: tuple[Any, ...], make: Any) -> Any:
    """One immutable part per distinct content: a portfolio repeats the same causes, fixes
    and flags thousands of times. Evidence is keyed by identity; the cached part holds
    those evidence objects, so their ids cannot be reused while the entry lives."""
    try:
        hit = _INTERNED.get(key)
    except TypeError:  # an unhashable value from an unusual bank: build it afresh
        return make()
    if hit is None:
        if len(_INTERNED) > 50000:
            _INTERNED.clear()
        hit = _INTERNED[key] = make()
    return hit


def _ids(items: tuple[Evidence, ...]) -> tuple[int, ...]:
    return tuple(map(id, items))


def _causes(d: Diagnosis, ev: Any) -> tuple[Cause, ...]:
    out = []
    for c in CAUSE_ORDER:
        f = d.findings[c]
        evidence = ev(f.evidence)
        out.append(_intern(("cause", c, f.state, f.summary, _ids(evidence)), lambda: Cause(
            cell=c, label=LABELS[c], row="environment" if c in ENVIRONMENT else "individual",
            state=f.state, summary=f.summary, evidence=evidence)))
    return tuple(out)


def _interventions(chosen: list[Chosen], d: Diagnosis, trained: Size | None, requester: str,
                   ev: Any, words: CaseWords, starts: list[dt.date | None] | None = None,
                   ready: dict[str, dt.date] | None = None) -> tuple[Intervention, ...]:
    """The plan's items (with their ``starts``), or "also consider" (no start, no size)."""
    sig = d.signals
    hourly = sig.get("loaded_hourly_cost", None)
    out = []
    for c, start in zip(chosen, starts if starts is not None else [None] * len(chosen)):
        e = c.entry
        size = trained if e.sized else None
        hours = economics.hours_of(c, trained, sig) or None
        who = economics.learners_of(c, sig, trained) if hours else None
        priced = isinstance(hourly, (int, float)) and not isinstance(hourly, bool) and who
        out.append(Intervention(
            id=e.id, kind=e.kind, title=e.title, owner=steps.owner(e, sig, requester),
            referral=e.referral, effort=e.effort, lead=c.lead, summary=_summary(c, sig, words),
            duration=size.shape if size is not None else (
                fill(e.duration, words) if e.duration else None), why=ev(c.why),
            cost=round(hours * hourly * who, 2) if priced and hours else None,
            hours=hours, learners=who, start=start.isoformat() if start else None,
            track=c.track, after=c.after, bundle_of=c.bundle_of,
            ready_by=ready[e.id].isoformat() if ready and e.id in ready else None,
            score=_score(c) if c.score is not None else None))
    return tuple(out)


def _score(c: Chosen) -> Score:
    s = c.score
    return Score(evidence=s.evidence, metric=s.metric, timing=s.timing, effort=s.effort,
                 leverage=s.leverage, total=s.total, reasons=s.reasons)


def _summary(c: Chosen, sig: Signals, words: CaseWords) -> str:
    """The memo text (its variant for the situation) in the case's words, with a sentence
    for each entry folded in as an input, and the best performers' method where training
    uses it."""
    extra = [fill(i.as_input, words) for i in c.inputs if i.as_input]
    if c.entry.kind == "training" and sig.get("exemplar_method") in ("artefact", "habit") \
            and sig.has("exemplar_practice"):
        # Their method in the case's words says what the general sentence would: one, not
        # both (a near twin).
        extra = [f"Build it on what the best performers already use: {words.practice}."]
    return " ".join([fill(c.entry.text_for(sig.values), words), *extra])


def _flag(code: str, severity: str, message: str, evidence: tuple[Evidence, ...]) -> Flag:
    return _intern(("flag", code, message, _ids(evidence)), lambda: Flag(
        code=code, severity=severity, message=message, evidence=evidence))


def _reframe(d: Diagnosis) -> str:
    """Moore's action-mapping goal: 'metric X by date, as people in role do Y'."""
    sig = d.signals
    if not sig.has("metric"):
        return ""
    who = sig.text("audience") or "the people concerned"
    goal = plan.outcome(sig)
    return f"{goal[0].upper()}{goal[1:]}, as {who} do the task to standard."
