"""From a diagnosis to a verdict and a plan: candidates from the catalogue, weighed, one per
slot, bundled with the fixes that belong with them, the lead first.

The order is docs/method.md's: the verdict (what kind of answer), then the candidates
(every catalogue entry whose facts hold), the best per slot by weight, the lead (the best
weight; effort breaks a true tie, then the diagnostic order), bundles, then at most MORE
fixes beside the lead. The rest goes to "also consider" with its reasons: nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ldconsult.bank.signals import Evidence
from ldconsult.engine.catalogue import MANDATED_MINIMUM, Entry, by_id, interventions
from ldconsult.engine.diagnosis import ENVIRONMENT, Diagnosis, facts
from ldconsult.engine.timeline import Timeline
from ldconsult.engine.weigh import (FAST_WEEKS, MAX_LEVERAGE, PRECONDITION, Score, weigh,
                                    weeks_to_effect)

CAUSE_CELLS = frozenset(ENVIRONMENT) | {"knowledge_skill", "capacity", "motives"}
ALLOWED_CELLS: dict[str, frozenset[str]] = {
    "more_info": frozenset({"assessment"}),
    "no_intervention": frozenset({"clarify"}),
    "training": CAUSE_CELLS | {"launch"},
    "non_training": CAUSE_CELLS | {"launch"},
    "blended": CAUSE_CELLS | {"launch"},
}
ISSUE_SETS = {"expectations": "expectation_issues", "feedback": "feedback_issues",
              "resources": "resource_issues", "incentives": "incentive_issues"}
ACTIONABLE = frozenset({"training", "non_training", "blended"})
MORE = 3  # fixes in the focused plan beside the lead; bundled partners travel free
TRAINING_SLOT = "knowledge:training"


@dataclass(frozen=True)
class Chosen:
    entry: Entry
    why: tuple[Evidence, ...]
    lead: bool = False
    inputs: tuple[Entry, ...] = ()  # entries folded into this one (they prepare its content)
    score: Score | None = None
    bundle_of: str | None = None  # the id of the fix this one travels with
    track: str | None = None  # "training" or "environment", when two tracks run at once
    after: tuple[str, ...] = ()  # ids this one waits for (a precondition)


@dataclass
class Candidate:
    entry: Entry
    clause: Mapping[str, Any]
    why: tuple[Evidence, ...]
    score: Score
    bundle: list[Candidate] = field(default_factory=list)

    @property
    def rank(self) -> tuple[float, float, int, int, str]:
        """Best first: the weight; on a true tie the lighter effort, then the diagnostic
        order (docs/method.md)."""
        return (-self.score.total, -self.score.effort, *self.entry.order)


# --- The verdict ------------------------------------------------------------------------

def verdict(d: Diagnosis) -> str:
    """The verdict, in the order of docs/method.md ("Verdicts")."""
    if d.worth == "no" or d.preference:
        return "no_intervention"
    if d.missing_basics:
        return "more_info"
    if d.isolated or d.low_stakes:
        return "no_intervention"
    if d.decisive_unknowns:
        return "more_info"
    training, other = d.training_need or d.mandated, d.non_training_causes
    if d.training_need and not other and d.skill_gap_untested and d.environment_unexamined:
        return "more_info"  # only the requester's word for a skill gap, nothing else looked at
    if training and other:
        return "blended"
    if training:
        return "training"
    if other:
        return "non_training"
    if d.route == "unknown" or any(f.state == "unknown" for f in d.findings.values()):
        return "more_info"
    return "no_intervention"


# --- Evidence for a fit -----------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z0-9_]+")


def _wanted(value: Any) -> set[str]:
    if isinstance(value, Mapping):
        return set()
    return {str(v) for v in (value if isinstance(value, list) else [value])}


def _found(d: Diagnosis, key: str, want: Any) -> list[Evidence]:
    """The answers behind one fact of a clause. For a set signal, only the answers that
    named one of the values the clause wants (a tool fix cites the tool answer, not the one
    on time)."""
    if key == "route":
        return list(d.route_evidence)
    if key in d.findings:
        return d.findings[key].evidence
    if key == "large_audience":
        return d.signals.evidence.get("audience_size", [])
    found = d.signals.evidence.get(key, [])
    if key.endswith("_issues") or key in ("changes", "mandate_requires", "requester_owns"):
        wanted = _wanted(want)
        found = [e for e in found if not wanted
                 or set(_WORD.findall(e.meaning.split("=", 1)[-1])) & wanted]
    return found


def _union(*groups: list[Evidence] | tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """The answers in order, each (question, meaning) once, as first cited."""
    out: dict[tuple[str, str], Evidence] = {}
    for group in groups:
        for ev in group:
            out.setdefault((ev.question, ev.meaning), ev)
    return tuple(out.values())


def _why(d: Diagnosis, *clauses: Mapping[str, Any]) -> tuple[Evidence, ...]:
    """The answers behind a fit (every fact of every clause)."""
    return _union(*(_found(d, key, want) for clause in clauses for key, want in clause.items()))


# --- Candidates and slots ------------------------------------------------------------------

def _matched(d: Diagnosis, basis: str, tl: Timeline) -> list[tuple[Entry, Mapping[str, Any]]]:
    allowed = ALLOWED_CELLS[basis]
    f = facts(d, basis)
    f["launch_due"] = "yes" if tl.launch_due else "no"
    matched = [(e, c) for e in interventions() if e.cell in allowed
               for c in [e.match(f)] if c is not None]
    specific = {e.cell for e, _ in matched if not e.fallback}
    return [(e, c) for e, c in matched if not (e.fallback and e.cell in specific)]


def _in_plan(d: Diagnosis, e: Entry) -> bool:
    """Does the entry fix a gap the diagnosis found (so it may stand in the plan)?"""
    if e.feeds or e.cell == "launch":
        return False
    if e.cell == "knowledge_skill":
        # Training only for a real need to learn, or to meet a mandate; support entries'
        # fits already require a route or an exemplar.
        return e.kind != "training" or d.training_need or d.mandated
    if e.cell == "manager_support" and d.state(e.cell) != "gap":
        return d.training_need  # transfer: managers follow up on what was trained
    if e.cell == "motives" and d.environment_gaps:
        return False  # rarely the root cause while the environment is broken: look later
    return d.state(e.cell) == "gap"


def _preconditions(cands: list[Candidate]) -> None:
    """A fix that another candidate waits for (its ``before`` names that one's slot) weighs
    more: it has to start first."""
    slots = {c.entry.slot for c in cands}
    for c in cands:
        if slots & set(c.entry.before):
            s = c.score
            c.score = Score(s.evidence, s.metric, s.timing, s.effort,
                            min(s.leverage + PRECONDITION, MAX_LEVERAGE),
                            reasons=(*s.reasons, "other fixes in the plan wait for it"))


def candidates(d: Diagnosis, basis: str, tl: Timeline) -> tuple[list[Candidate], list[Candidate]]:
    """(the best candidate per slot, every other fit), each weighed."""
    best: dict[str, Candidate] = {}
    others: list[Candidate] = []
    for e, clause in _matched(d, basis, tl):
        by_fact = {key: _union(_found(d, key, want)) for key, want in clause.items()}
        why = _union(*by_fact.values())  # what _why(d, clause) gives, without a second pass
        cand = Candidate(e, clause, why, weigh(d, e, by_fact, tl))
        if basis not in ACTIONABLE or not _in_plan(d, e):
            others.append(cand)
            continue
        held = best.get(e.slot)
        if held is None or cand.rank < held.rank:
            if held is not None:
                others.append(held)
            best[e.slot] = cand
        else:
            others.append(cand)
    _preconditions(list(best.values()))
    return sorted(best.values(), key=lambda c: c.rank), others


def _bundle(lead: Candidate, pool: dict[str, Candidate], d: Diagnosis, tl: Timeline,
            placed: set[str]) -> None:
    """Fixes that belong with ``lead`` travel with it: a changed standard is announced, a
    tool fix takes its double entry, error-proofing comes with its standard work; and where
    the fix takes more than a month to act, its interim step covers the wait."""
    interim = lead.entry.interim if weeks_to_effect(d, lead.entry) > FAST_WEEKS else ()
    for bid in (*lead.entry.bundle, *(i for i in interim if i not in lead.entry.bundle)):
        if bid in placed:
            continue
        placed.add(bid)
        if bid in pool:
            lead.bundle.append(pool.pop(bid))
        elif bid in lead.entry.bundle_always or bid in interim:
            e = by_id()[bid]
            lead.bundle.append(Candidate(e, {}, lead.why, weigh(d, e, {"bundle": lead.why}, tl)))


def focus(ranked: list[Candidate], d: Diagnosis, tl: Timeline,
          basis: str) -> tuple[list[Candidate], list[Candidate]]:
    """The focused plan (the lead first, what travels with it, then at most MORE fixes) and
    the overflow, which goes to "also consider".

    The lead fits the verdict: a training verdict is led by training, a non-training one by
    a fix in the work. The MORE places go first to what the method requires (the training a
    blended verdict needs, one fix in the work when training leads and the environment has
    a gap, the fix for what the requester says explains most of it), then by weight. A fix
    with a negative weight never stands in the plan; bundled partners travel free."""
    gone = {i for c in ranked for i in c.entry.supersedes}
    overflow: list[Candidate] = [c for c in ranked if c.entry.id in gone]
    ranked = [c for c in ranked if c.entry.id not in gone]
    if not ranked:
        return [], overflow
    lead = _lead_for(basis, ranked)
    order = [lead] + [c for c in ranked if c is not lead]
    required = _required(order, d, basis)
    pool = {c.entry.id: c for c in order}
    hosts = {bid: c for c in reversed(order) for bid in c.entry.bundle}
    plan: list[Candidate] = []
    placed: set[str] = set()
    more = 0

    def place(cand: Candidate) -> None:
        pool.pop(cand.entry.id, None)
        placed.add(cand.entry.id)
        _bundle(cand, pool, d, tl, placed)
        plan.append(cand)

    place(lead)
    queue = required + [c for c in order[1:] if all(c is not r for r in required)]
    deferred: list[Candidate] = []
    for cand in queue:
        if cand.entry.id not in pool:
            continue  # travelling in another fix's bundle
        host = hosts.get(cand.entry.id)
        if host is not None and host is not cand and host.entry.id in pool and \
                host.rank < cand.rank and host.score.total >= 0:
            deferred.append(cand)  # it travels with its host, if the host is placed
            continue
        must = any(cand is r for r in required)
        if not must and (more >= MORE or cand.score.total <= 0):
            continue  # a fix with no weight in its favour waits in "also consider"
        place(cand)
        more += 1
    for cand in deferred:
        if cand.entry.id in pool and more < MORE and cand.score.total > 0:
            place(cand)
            more += 1
    overflow += [c for c in order if c.entry.id in pool]
    return plan, overflow


def _lead_for(basis: str, ranked: list[Candidate]) -> Candidate:
    """The best candidate of the verdict's own kind: training leads a training verdict,
    a fix in the work leads a non-training one; a blended verdict takes the best."""
    if basis in ("training", "non_training"):
        return next((c for c in ranked if c.entry.kind == basis), ranked[0])
    return ranked[0]


def mandated(chosen: Sequence[Chosen]) -> Chosen | None:
    """The fix that meets a requirement (docs/method.md, "Mandates"): its smallest form
    when the plan holds it (the requirement is met apart from the fix), else the plan's
    training for the task, else any training in it. The mandate's section, its checkpoint
    and its step all name this one."""
    training = [c for c in chosen if c.entry.kind == "training"]
    return next((c for c in training if c.entry.id == MANDATED_MINIMUM), None) or next(
        (c for c in training if c.entry.slot == TRAINING_SLOT), None) or next(
        iter(training), None)


def _required(order: list[Candidate], d: Diagnosis, basis: str) -> list[Candidate]:
    """What the method requires in the plan besides the lead: the training a training or
    blended verdict needs, what that training depends on (a precondition in the work: the
    signal, the check, the equipment, the time), a fix in the work when training leads
    while the environment has a gap (training is never the only answer to a broken
    environment), and the best fix for what the requester says explains most of it."""
    lead = order[0]
    out: list[Candidate | None] = []
    training = [c for c in order if c.entry.kind == "training"]
    if basis in ("training", "blended") and lead.entry.kind != "training":
        out.append(next((c for c in training if c.entry.slot == TRAINING_SLOT),
                        training[0] if training else None))
    trains = lead.entry.kind == "training" or basis in ("training", "blended")
    if trains:  # what practice or the go-live depends on must be in place first
        out.append(next((c for c in order if TRAINING_SLOT in c.entry.readies
                         and c.score.total >= 0), None))
    if lead.entry.kind == "training" and d.environment_gaps:
        out.append(next((c for c in order if c.entry.cell in ENVIRONMENT
                         and c.score.total >= 0), None))
    out.append(_main_cause_fix(order, d))
    unique: list[Candidate] = []
    for c in out:
        if c is not None and c is not lead and all(c is not u for u in unique):
            unique.append(c)
    return unique


def _main_cause_fix(ranked: list[Candidate], d: Diagnosis) -> Candidate | None:
    """The best fix for what the requester says explains most of the problem: it stays in
    the plan even when it is slow (it then follows rather than leads)."""
    main = d.signals.get("main_cause")
    if main in (None, "unknown"):
        return None
    return next((c for c in ranked if main in c.entry.cures), None)


# --- The plan ------------------------------------------------------------------------------

def choose(d: Diagnosis, basis: str, tl: Timeline) -> tuple[list[Chosen], list[Chosen]]:
    """(the focused plan, lead first; the other fits, to "also consider")."""
    ranked, others = candidates(d, basis, tl)
    if basis not in ACTIONABLE:  # a follow-up or a clarifying talk: nothing to weigh
        others.sort(key=lambda c: c.entry.order)
        return [Chosen(c.entry, c.why, i == 0, score=c.score) for i, c in enumerate(others)], []
    plan, overflow = focus(ranked, d, tl, basis)
    if not plan:  # no gap cell has a fix: promote the best other fit
        spare = sorted((c for c in others if c.entry.cell != "launch" and not c.entry.feeds),
                       key=lambda c: c.rank)
        if spare:
            plan, others = [spare[0]], [c for c in others if c is not spare[0]]
    rest = others + overflow
    inputs = _inputs(plan, rest)
    folded = {x.entry.id for group in inputs.values() for x in group}
    spare = _standalone_input(plan, rest, folded)
    if spare is not None:
        plan.append(spare)
    launch = [c for c in rest if c.entry.cell == "launch"]
    tracks = _tracks(plan)
    chosen = []
    for i, c in enumerate(plan):
        ins = inputs.get(c.entry.id, [])
        why = _why(d, c.clause, *(x.clause for x in ins)) if ins else c.why
        after = tuple(x.entry.id for x in ins) + _after(c, plan)
        chosen.append(Chosen(c.entry, why, i == 0, tuple(x.entry for x in ins), c.score,
                             track=tracks.get(c.entry.id), after=after))
        # What prepares its content is a step of its own, done first (the best performers'
        # method captured before the training is built on it).
        chosen += [Chosen(x.entry, x.why, False, (), x.score, bundle_of=c.entry.id,
                          track=tracks.get(c.entry.id)) for x in ins]
        chosen += [Chosen(b.entry, b.why, False, (), b.score, bundle_of=c.entry.id,
                          track=tracks.get(c.entry.id)) for b in c.bundle]
    chosen += [Chosen(c.entry, c.why, score=c.score) for c in launch]
    # What the plan shows (its fixes, the inputs folded into them, an interim step created
    # for a fix) is not "also".
    shown = {c.entry.id for c in chosen}
    also = sorted((c for c in rest if c.entry.id not in shown
                   and c.entry.cell != "launch"), key=lambda c: c.entry.order)
    return chosen, [Chosen(c.entry, c.why, score=c.score) for c in also]


def _inputs(plan: list[Candidate], rest: list[Candidate]) -> dict[str, list[Candidate]]:
    """Entries that prepare another's content are folded into it (capture what the best
    performers do → the standard, the job aid, the practice)."""
    ids = [c.entry.id for c in plan]
    out: dict[str, list[Candidate]] = {}
    for c in rest:
        if not c.entry.feeds:
            continue
        target = next((i for i in ids if i in c.entry.feeds), None)
        if target is not None:
            out.setdefault(target, []).append(c)
    return out


def _standalone_input(plan: list[Candidate], rest: list[Candidate],
                      folded: set[str]) -> Candidate | None:
    """The best performers' method with nothing in the plan to build it into: capturing it
    is still worth a place, when the plan has room and it weighs something."""
    if len(plan) > MORE:
        return None
    spare = sorted((c for c in rest if c.entry.feeds and c.entry.id not in folded
                    and c.score.total > 0), key=lambda c: c.rank)
    return spare[0] if spare else None


def _tracks(plan: list[Candidate]) -> dict[str, str]:
    """Two tracks at once when training and an environment fix are both in the plan;
    "fix first, then train" only where a fix is a precondition (``before``)."""
    kinds = {c.entry.kind for c in plan}
    if kinds != {"training", "non_training"}:
        return {}
    return {c.entry.id: "training" if c.entry.kind == "training" else "environment"
            for c in plan}


def _after(c: Candidate, plan: list[Candidate]) -> tuple[str, ...]:
    """The plan's fixes that must land before this one starts (their ``before`` names its
    slot): the agreed standard before the training that teaches it."""
    return tuple(p.entry.id for p in plan if p is not c and c.entry.slot in p.entry.before)
