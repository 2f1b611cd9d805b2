"""Which question to ask next in an adaptive interview, and when to stop asking.

A question is worth asking when one of its possible answers would change the plan: the
verdict, the lead fix, the training's size, the main fixes or warnings, the checkpoints,
or what the estimate of costs rests on (:class:`ldconsult.engine.outcome.Outcome`). For every question that may be
asked now, each possible answer is tried: each choice, yes and no, numbers on each side
of the bank's thresholds and across orders of magnitude, dates from last month to next
year, and "don't know yet". The signals of each are derived, the engine's decisions run
(:func:`ldconsult.engine.outcome.outcome`), and the result compared with the plan if the
question stays unanswered. A question that opens others (their ``when`` needs its
answer) and changes nothing itself is worth what they could change: "what changed?"
matters through "when does it go live?". Nothing here names a question or a rule: it
works on any bank and any engine.

The best question is the one whose answers change the most: the verdict, then the lead,
the size, the main fixes or warnings, the checkpoints, the estimate (Outcome.change); among
equals, the first in the bank, so the conversation keeps the bank's order. When no
possible answer to any question left could change more than a detail, two answers
together still might (:meth:`Chooser.pair`): when none could either, the plan is settled.

Speed (benchmarks/adaptive.py): the signals are derived once per step and each answer's
signals merged into a copy (:func:`ldconsult.bank.signals.with_answer`); answers that
mean the same signals are tried once; text that maps no signal is never tried; a
question stops being tried once what is left of it cannot alter the choice; outcomes are
kept by signal state (:class:`ldconsult.interview.memo.Memo`), so a step after a "don't
know" costs little.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ldconsult.bank import conditions
from ldconsult.bank.model import Bank, Question
from ldconsult.bank.signals import Signals, derive, first_wins, with_answer, with_unknown
from ldconsult.engine.outcome import DETAIL, SAME, VERDICT, Outcome
from ldconsult.interview.memo import Memo, frozen, signal_key

UNKNOWN = object()  # the "don't know yet" answer
UNTRIED = -1  # the level of a question not tried yet
# Numbers the bank maps no threshold for are tried at a few orders of magnitude.
MAGNITUDES = (1, 10, 100, 10000)
# Dates are tried from last month to next year, counted from the meeting.
DATE_OFFSETS = (-30, 14, 60, 365)
FULL_TRIES = 3  # questions tried in full each step (the likeliest best); the rest until
# they change the plan
RECHECKS = 16  # engine runs a step for questions that changed nothing before


@dataclass(frozen=True)
class Ranked:
    """A question and the most one of its answers would change the plan."""

    question: Question
    level: int  # a level of Outcome.change: VERDICT ... DETAIL, or SAME

    @property
    def changes_plan(self) -> bool:
        """Some answer would (or, not tried yet, might) change more than a detail."""
        return self.level > DETAIL or self.level == UNTRIED


@dataclass
class _Best:
    """The best question found so far at a step: its level and place in the bank."""

    level: int
    pos: int


@dataclass(frozen=True)
class _Step:
    """The answers so far, their signals, and the plan they give (the reference every
    possible answer is compared with)."""

    answers: Mapping[str, Any]
    unknown: frozenset[str]
    sig: Signals
    key: Hashable  # the signals' values and evidence (memo.signal_key)
    setters: dict[str, str]  # first-wins signal -> the question that set it
    reference: Outcome


class Chooser:
    """Ranks the questions that may be asked now by how much they could change the plan.

    ``anchor`` is the meeting date (plans count their dates from it). ``exhaustive``
    tries every answer of every question at every step (no FULL_TRIES or RECHECKS
    shortcut): each level is exact, at several times the cost (benchmarks use it)."""

    def __init__(self, bank: Bank, anchor: dt.date, *, exhaustive: bool = False) -> None:
        self.bank = bank
        self.anchor = anchor
        self.exhaustive = exhaustive
        self.questions = bank.questions()
        self._pos = {q.id: i for i, q in enumerate(self.questions)}
        self._possible: dict[str, tuple[Any, ...]] = {}
        # Merging an answer "as if last" is exact unless a later question already set
        # one of its first-wins signals.
        self._first_wins = {q.id: {n for n in q.signal_names() if first_wins(n)}
                            for q in self.questions}
        self._conds = _conditions(bank)
        self._opens = _dependents(bank, self._conds)
        self._memo = Memo(anchor)
        self._hint: dict[str, int] = {}  # each question's level when last tried
        self._checked: dict[str, int] = {}  # the step it was last tried at
        self._steps = 0

    def possible(self, q: Question) -> tuple[Any, ...]:
        """One answer per distinct meaning (the signals it sets), "don't know" included;
        empty when no answer maps a signal (such a question cannot change the plan)."""
        hit = self._possible.get(q.id)
        if hit is None:
            hit = self._possible[q.id] = _distinct(q, _answers(q, self.anchor)) \
                if q.signal_names() else ()
        return hit

    def rank(self, answers: Mapping[str, Any], unknown: Iterable[str],
             candidates: Iterable[Question]) -> list[Ranked]:
        """``candidates``, the best first, each with the most its answers could change
        (``answers`` and ``unknown``: those of the questions asked that still apply).

        Exact where it decides: the first one, and, when it changes nothing, that
        nothing does (the stop rule). Below the first, a question is tried only until
        it is known to change the plan, so its level there may be a lower bound; and a
        question that changed nothing at an earlier step is tried again within a budget
        of RECHECKS engine runs a step, the longest unchecked first (until then it keeps
        its earlier level): answers rarely make such a question matter, and trying them
        all again would make each step several times slower."""
        step = self._step(dict(answers), frozenset(unknown), None)
        self._steps += 1
        live, idle = [], []
        for q in candidates:
            (live if self._hint.get(q.id, SAME) > DETAIL else idle).append(q)
        live.sort(key=lambda q: (-self._hint[q.id], self._pos[q.id]))
        idle.sort(key=lambda q: (self._checked.get(q.id, 0), self._pos[q.id]))
        best = _Best(SAME, len(self.questions))
        levels: dict[str, int] = {}
        for n, q in enumerate(live):
            levels[q.id] = self._try(step, q, best, full=self.exhaustive or n < FULL_TRIES)
        spent = self._memo.runs
        for q in idle:
            if (not self.exhaustive and best.level > DETAIL
                    and self._memo.runs - spent >= RECHECKS):
                break
            levels[q.id] = self._try(step, q, best, full=True)
        # Not tried yet: it may change the plan (counted so, below any question tried).
        out = [Ranked(q, levels.get(q.id, self._hint.get(q.id, UNTRIED))) for q in candidates]
        out.sort(key=lambda r: (-r.level, self._pos[r.question.id]))
        return out

    def pair(self, answers: Mapping[str, Any], unknown: Iterable[str],
             ranked: Sequence[Ranked]) -> tuple[Question, Question] | None:
        """Two questions whose answers together would change the plan, when no single one
        could (``ranked``: :meth:`rank`'s view, where every level is at most DETAIL), or
        None: the plan is settled. Some plans turn on two answers at once: "find out more"
        until two cells of the environment are known, "build nothing" when the problem is
        both cheap and of low impact. Tried among the questions whose answers change a
        detail of the plan (a question that changes nothing at all is left out: trying
        every pair would take about half a second), the first in bank order first."""
        step = self._step(dict(answers), frozenset(unknown), None)
        near = sorted((r.question for r in ranked if r.level == DETAIL),
                      key=lambda q: self._pos[q.id])
        for i, q1 in enumerate(near):
            for value in self.possible(q1):
                if value is UNKNOWN:
                    continue
                after = self._step({**step.answers, q1.id: value}, step.unknown,
                                   step.reference, self._signals(step, q1, value))
                for q2 in near[i + 1:]:
                    if any(self._level(after, q2, v2) > DETAIL for v2 in self.possible(q2)):
                        return q1, q2
        return None

    def _try(self, step: _Step, q: Question, best: _Best, full: bool) -> int:
        """Try ``q``; unless ``full``, stop at its first answer that changes the plan
        if that does not make it the best so far."""
        pos = self._pos[q.id]
        level = self._level_of(step, q, lambda top: not full and not (
            top > best.level or (top == best.level and pos < best.pos)))
        self._hint[q.id] = level
        self._checked[q.id] = self._steps
        if level > best.level or (level == best.level and pos < best.pos):
            best.level, best.pos = level, pos
        return level

    # -- one question --------------------------------------------------------------------

    def _level_of(self, step: _Step, q: Question, enough: Callable[[int], bool]) -> int:
        """The most an answer to ``q`` (or to what it opens) changes the plan; it stops
        early at a change the caller says is ``enough`` to know."""
        top = SAME
        for value in self.possible(q):
            top = max(top, self._level(step, q, value))
            if top == VERDICT or (top > DETAIL and enough(top)):
                return top
        if top <= DETAIL:  # changes nothing itself: what it opens might
            top = max(top, self._opened_level(step, q))
        return top

    def _level(self, step: _Step, q: Question, value: Any) -> int:
        """How much this answer to ``q`` changes the step's reference plan."""
        if value is UNKNOWN:  # the same values and evidence; more "don't know" entries
            sig, key = with_unknown(step.sig, q), (step.key, None)
        else:
            sig, key = self._signals(step, q, value), (step.key, (q.id, _frozen(value)))
            if sig is step.sig:
                return SAME  # it sets nothing the answers so far have not set
        return step.reference.change(self._memo.outcome(key, sig))

    def _signals(self, step: _Step, q: Question, value: Any) -> Signals:
        if any(self._pos.get(step.setters.get(name, ""), -1) > self._pos[q.id]
               for name in self._first_wins[q.id]):
            # a later answer set one of its first-wins signals: derive in bank order
            return derive(self.questions, {**step.answers, q.id: value}, step.unknown)
        return with_answer(step.sig, q, value)

    def _opened_level(self, step: _Step, q: Question) -> int:
        """The most the questions an answer to ``q`` opens could change the reference
        plan (each tried once, after the first answer that opens it)."""
        top, seen = SAME, set()
        for value in self.possible(q):
            if value is UNKNOWN:
                continue
            opened = [q2 for q2 in self._opened(step, q, value) if q2.id not in seen]
            if not opened:
                continue
            seen |= {q2.id for q2 in opened}
            after = self._step({**step.answers, q.id: value}, step.unknown, step.reference,
                               self._signals(step, q, value))
            for q2 in opened:
                for v2 in self.possible(q2):
                    top = max(top, self._level(after, q2, v2))
                    if top == VERDICT:
                        return top
        return top

    def _opened(self, step: _Step, q: Question, value: Any) -> list[Question]:
        """The questions whose condition holds once ``q`` is answered ``value`` and did
        not before."""
        followers = self._opens.get(q.id, ())
        if not followers:
            return []
        after = {**step.answers, q.id: value}
        return [q2 for q2 in followers if q2.id not in step.answers
                and q2.id not in step.unknown and self._applies(q2, after, step.unknown)
                and not self._applies(q2, step.answers, step.unknown)]

    def _applies(self, q: Question, answers: Mapping[str, Any], unknown: frozenset[str]) -> bool:
        return all(c.evaluate(answers, unknown) for c in self._conds[q.id])

    def _step(self, answers: dict[str, Any], unknown: frozenset[str],
              reference: Outcome | None, sig: Signals | None = None) -> _Step:
        sig = sig if sig is not None else derive(self.questions, answers, unknown)
        key = signal_key(sig)
        ref = reference if reference is not None else self._memo.outcome((key, None), sig)
        return _Step(answers, unknown, sig, key, _first_wins_setters(sig), ref)


def _conditions(bank: Bank) -> dict[str, tuple[conditions.Cond, ...]]:
    """Each question's conditions: its section's and its own."""
    out = {}
    for s in bank.sections:
        sc = (conditions.parse(s.when),) if s.when else ()
        for q in s.questions:
            out[q.id] = sc + ((conditions.parse(q.when),) if q.when else ())
    return out


def _dependents(bank: Bank, conds: Mapping[str, tuple[conditions.Cond, ...]]
                ) -> dict[str, list[Question]]:
    """Question id -> the questions whose conditions read its answer."""
    out: dict[str, list[Question]] = {}
    for q in bank.questions():
        refs: set[str] = set()
        for c in conds[q.id]:
            refs |= c.refs()
        for r in sorted(refs):
            out.setdefault(r, []).append(q)
    return out


def _first_wins_setters(sig: Signals) -> dict[str, str]:
    """First-wins signal → the question whose answer set it."""
    return {name: ev[0].question for name, ev in sig.evidence.items()
            if ev and first_wins(name)}


def _frozen(value: Any) -> Hashable:
    return "\0unknown" if value is UNKNOWN else frozen(value)


# ---------------------------------------------------------------------------------------
# Possible answers of one question

def _answers(q: Question, anchor: dt.date) -> list[Any]:
    """Answers that stand for every answer this question can get."""
    out: list[Any] = []
    if q.type == "select":
        out = list(q.choice_values)
    elif q.type == "multi_select":
        out = [[v] for v in q.choice_values]
    elif q.type == "confirm":
        out = [True, False]
    elif q.type == "scale":
        out = list(range(int(q.min or 1), int(q.max or 5) + 1))
    elif q.type in ("number", "integer", "money"):
        out = _numbers(q)
    elif q.type == "date" and q.provides:
        out = [(anchor + dt.timedelta(days=d)).isoformat() for d in DATE_OFFSETS]
    elif q.provides:  # text the engine reads: whether it is there is what can matter
        out = [q.placeholder or (q.examples[0] if q.examples else "as described")]
    if q.allow_unknown:
        out.append(UNKNOWN)
    return out


def _numbers(q: Question) -> list[float]:
    """Each side of every threshold the bank maps; across orders of magnitude when the
    number itself is a signal."""
    points: set[float] = set()
    for t in q.thresholds:
        for bound in (t.gte, t.gt, t.lte, t.lt):
            if bound is not None:
                points |= {bound - 1, bound, bound + 1}
    if q.provides:
        points |= set(MAGNITUDES)
        if q.min is not None:
            points.add(q.min)
    lo = q.min if q.min is not None else float("-inf")
    hi = q.max if q.max is not None else float("inf")
    inside = sorted(p for p in points if lo <= p <= hi)
    if q.max is not None and q.provides and q.max not in inside:
        inside.append(q.max)
    return [int(p) if q.type == "integer" else float(p) for p in inside]


def _distinct(q: Question, answers: Sequence[Any]) -> tuple[Any, ...]:
    """One answer per distinct meaning (the signals it sets)."""
    seen: dict[Hashable, Any] = {}
    for value in answers:
        key: Hashable = "\0unknown" if value is UNKNOWN else tuple(
            (name, _frozen(v)) for name, v, _ in q.signals_for(value))
        seen.setdefault(key, value)
    return tuple(seen.values())
