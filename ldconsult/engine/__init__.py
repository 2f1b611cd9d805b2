"""The diagnosis and recommendation engine: intake → signals → diagnosis → Recommendation.

Pure and deterministic: the same intake and bank give the same recommendation, byte for
byte. Dates are anchored on the meeting date (then ``today``, then the intake's creation
date), never on the clock. The rules are written up for L&D leads in docs/method.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ldconsult import banks
from ldconsult.engine import plan
from ldconsult.engine.diagnose import ENVIRONMENT, Diagnosis, diagnose
from ldconsult.engine.flags import Context, raise_flags
from ldconsult.engine.select import Chosen, choose, verdict
from ldconsult.errors import BankError
from ldconsult.recommendation import (GRID, Cause, Checkpoint, Economics, Evidence, Flag,
                                      Intervention, Measurement, Missing, NextStep,
                                      Recommendation, Requested)
from ldconsult.signals import Evidence as SigEvidence
from ldconsult.signals import Signals, derive

__all__ = ["recommend", "build", "load_for", "diagnose"]

LABELS = dict(GRID) | {"feedback": "Feedback", "manager_support": "Manager support"}
CAUSE_ORDER = ("expectations", "feedback", "resources", "incentives", "manager_support",
               "knowledge_skill", "capacity", "motives")
PROMPT_CHARS = 90


def load_for(intake: Any, bank_ref: str | None = None) -> banks.LoadedBank:
    """The bank an intake was made with: ``--bank``, else its recorded path, else by id."""
    if bank_ref:
        return banks.resolve(bank_ref)
    path = intake.bank.path
    if path and Path(path).is_file():
        return banks.load_recorded(path)  # a path from a file: errors never echo its content
    found = banks.find_by_id(intake.bank.id)
    if found is None:
        raise BankError(f"intake was made with bank '{intake.bank.id}', which is not built "
                        "in; pass --bank PATH")
    return found


def anchor_date(meeting_date: str | None, today: dt.date | None,
                created: dt.datetime | None = None) -> dt.date:
    if meeting_date:
        try:
            return dt.date.fromisoformat(str(meeting_date)[:10])
        except ValueError:
            pass
    if today is not None:
        return today
    return created.date() if created is not None else dt.date(1970, 1, 1)


def recommend(intake: Any, loaded: banks.LoadedBank, *, today: dt.date | None = None) -> Recommendation:
    bank = loaded.bank
    sig = derive(bank.questions(), intake.answers, intake.unknown)
    anchor = anchor_date(intake.meta.meeting_date, today, intake.created)
    rec = build(sig, meta=intake.meta, bank=bank, anchor_date=anchor)
    if intake.history:
        rec = _with_result(rec, intake, anchor)
    return rec


def _with_result(rec: Recommendation, intake: Any, anchor: dt.date) -> Recommendation:
    try:
        from ldconsult.followup import compute_result
    except ImportError:  # the follow-up module is optional until it ships
        return rec
    return rec.model_copy(update={"result": compute_result(intake, rec.measurement, today=anchor)})


_PROMPTS: dict[int, tuple[Any, dict[str, str]]] = {}


def _prompts(bank: Any) -> dict[str, str]:
    """Question id → short prompt, cached per bank object (banks are frozen)."""
    if bank is None:
        return {}
    hit = _PROMPTS.get(id(bank))
    if hit is None or hit[0] is not bank:
        short = {q.id: _short(q.prompt) for q in bank.questions()}
        if len(_PROMPTS) > 16:
            _PROMPTS.clear()
        hit = _PROMPTS[id(bank)] = (bank, short)
    return hit[1]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PROMPT_CHARS else text[: PROMPT_CHARS - 1].rstrip() + "…"


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

    requested_cost = _requested_cost(sig)
    d = diagnose(sig, requested_cost)
    v = verdict(d)
    chosen, also = choose(d, v)
    hours = plan.recommended_hours(chosen) if v in plan.ACTIONABLE else 0.0
    flags = raise_flags(Context(d, v, chosen, hours))
    codes = [f[0] for f in flags]
    missing = plan.missing_items(d, v)
    basics_words = [plan.WHO[m][0] for m in d.missing_basics] or (
        [plan.WHO["causes"][0]] if v == "more_info" else [])
    econ = plan.economics(sig, v, chosen)
    meas = plan.measurement(d, v, chosen, anchor_date, vanity="vanity-metric" in codes)
    checks = tuple(plan.checkpoints(v, anchor_date, meas["kpi"]))
    measurement = _intern(("measurement", *meas.values(), checks), lambda: Measurement(
        **meas, checkpoints=tuple(Checkpoint(day=day, date=date, check=text)
                                  for day, date, text in checks)))
    req = plan.requested(d, v, chosen, anchor_date)
    requester = getattr(meta, "requester", "") or ""
    return Recommendation(
        intake_title=getattr(meta, "title", "") or "", requester=requester,
        meeting_date=getattr(meta, "meeting_date", None), bank=getattr(bank, "id", "") or "",
        verdict=v, headline=plan.headline(d, v, chosen, basics_words),
        reframed_problem=_reframe(d) if v in plan.ACTIONABLE else "",
        problem_as_stated=plan._text(sig, "problem_statement"),
        causes=_causes(d, ev), interventions=_interventions(chosen, sig, ev),
        also_consider=_interventions(also, sig, ev),
        flags=tuple(_flag(c, s, m, ev(e)) for c, s, m, e in flags),
        requested=_intern(("requested", *req.values()), lambda: Requested(**req)),
        measurement=measurement,
        economics=Economics(
            **_econ_fields(econ.fields), notes=tuple(econ.notes)),
        risks=tuple(plan.risks(d, v, chosen, codes)),
        next_steps=tuple(
            _intern(("step", a, o, due), lambda: NextStep(action=a, owner=o, due=due))
            for a, o, due in plan.next_steps(d, v, chosen, anchor_date, missing, requester)),
        missing=tuple(_intern(("missing", m), lambda: Missing(
            item=plan.WHO[m][0], ask=plan.WHO[m][1], why=plan.WHO[m][2])) for m in missing),
        result=None)


ECON_KEYS = ("cost_of_problem_monthly", "audience_size", "loaded_hourly_cost",
             "requested_hours_per_person", "requested_cost", "recommended_hours_per_person",
             "recommended_cost", "requested_cost_per_person", "recommended_cost_per_person",
             "payback_months", "roi_percent_first_year")


def _econ_fields(f: dict[str, Any]) -> dict[str, Any]:
    return {k: f.get(k) for k in ECON_KEYS}


def _requested_cost(sig: Signals) -> float | None:
    vals = [sig.get(n, None) for n in ("requested_format_hours", "audience_size",
                                      "loaded_hourly_cost")]
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return float(vals[0] * vals[1] * vals[2])
    return None


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


def _interventions(chosen: list[Chosen], sig: Signals, ev: Any) -> tuple[Intervention, ...]:
    hourly, size = sig.get("loaded_hourly_cost", None), sig.get("audience_size", None)
    priced = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (hourly, size))
    out = []
    for c in chosen:
        e = c.entry
        cost = round(e.hours * hourly * size, 2) if priced and e.hours else None
        why = ev(c.why)
        inputs = tuple(i.id for i in c.inputs)
        out.append(_intern(("fix", e.id, c.lead, cost, inputs, _ids(why)), lambda: Intervention(
            id=e.id, kind=e.kind, title=e.title, owner=e.owner, referral=e.referral,
            effort=e.effort, lead=c.lead, summary=_summary(c), duration=e.duration,
            why=why, cost=cost)))
    return tuple(out)


def _summary(c: Chosen) -> str:
    """The memo text, with a sentence for each entry folded in as an input."""
    return " ".join([c.entry.summary, *(i.as_input for i in c.inputs if i.as_input)])


def _flag(code: str, severity: str, message: str, evidence: tuple[Evidence, ...]) -> Flag:
    return _intern(("flag", code, message, _ids(evidence)), lambda: Flag(
        code=code, severity=severity, message=message, evidence=evidence))


def _reframe(d: Diagnosis) -> str:
    """Moore's action-mapping goal: 'metric X by date, as people in role do Y'."""
    sig = d.signals
    if not sig.has("metric"):
        return ""
    who = plan._text(sig, "audience") or "the people concerned"
    goal = plan.outcome(sig)
    return f"{goal[0].upper()}{goal[1:]}, as {who} do the task to standard."
