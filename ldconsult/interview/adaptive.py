"""The adaptive interview: the basics, then only the questions that can change the plan.

A bank that marks its basics (``always: true``) is asked this way unless the person asks
for every question (``--all-questions``). The basics come first, in bank order. Then,
at each step, the question whose answers could most change the plan is asked
(:mod:`ldconsult.interview.chooser`), until no question left could change it, alone or
with one other; then the review. The person stays in charge: the "more questions" key
(and the review screen) asks the next most useful ones, and the review lists every
question left out, with why, so any of them can be asked.

With an answers file, a question is answered from the file when the interview asks it:
the other answers are not used, so a replay shows what an adaptive meeting would have
asked. The intake records the questions asked, in order (``asked``), and those that
applied but were not asked, with why (``not_asked``).

The chooser imports the engine: that is done in the background while the basics are
asked (:func:`warm_up`), so the first choice does not wait for it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from ldconsult.bank.banks import LoadedBank
from ldconsult.bank.model import Question
from ldconsult.intake import NO_CHANGE, Intake
from ldconsult.interview import pace
from ldconsult.interview.cursor import Interview
from ldconsult.interview.protocol import (
    MORE_STEP,
    Context,
    NotAsked,
    Prompter,
    Reply,
    ReviewAction,
    ReviewEntry,
)

if TYPE_CHECKING:
    from ldconsult.interview.answers import AnswerSet
    from ldconsult.interview.chooser import Chooser, Ranked

REASONS = {NO_CHANGE: "could not change the plan"}


class FileOnly:
    """The prompter of a replay with no terminal: it is never asked anything, as every
    question is answered from the file or left for the caller to report."""

    def ask(self, question: Question, ctx: Context) -> Reply:
        raise AssertionError(f"a replay asks nothing ('{question.id}')")  # pragma: no cover

    def review(self, entries: Sequence[ReviewEntry],
               not_asked: Sequence[NotAsked] = ()) -> ReviewAction:
        raise AssertionError("a replay has no review")  # pragma: no cover


class AdaptiveInterview(Interview):
    """An interview that asks the basics, then what can change the plan.

    ``asked``: the questions asked so far, in order (a draft's); ``oracle``: an answers
    file, consulted when a question is asked."""

    def __init__(self, loaded: LoadedBank, *, asked: Iterable[str] = (),
                 oracle: AnswerSet | None = None, **kw: Any) -> None:
        super().__init__(loaded, **kw)
        self.asked: list[str] = [q for q in asked if q in self._pos]
        self.oracle = oracle
        self.extra = 0  # questions asked for with the "more questions" key, still to ask
        self.basics = [q.id for q in self.questions if q.always]
        cursor = kw.get("cursor")
        self.step = self.asked.index(cursor) if cursor in self.asked else len(self.asked)
        self._chooser: Chooser | None = None
        self._ranking: list[Ranked] = []  # the last choice's view of the questions left
        self._partner: Question | None = None  # asked with the last choice: its pair's other
        self._replaying = False

    @classmethod
    def from_draft(cls, loaded: LoadedBank, draft: Intake, **kw: Any) -> AdaptiveInterview:
        return cls(loaded, answers=draft.answers, unknown=draft.unknown, notes=draft.notes,
                   meta=draft.meta, cursor=draft.cursor, created=draft.created, resumed=True,
                   asked=draft.asked or (), **kw)

    # -- running -------------------------------------------------------------------------

    def run(self, prompter: Prompter, *, review: bool = True,
            only_missing: bool = False) -> Intake:
        """Ask the basics and what can change the plan, then review; return the intake.
        With an answers file (``oracle``), its answers are taken as the questions come
        up and only what it lacks is asked (``only_missing``: no review)."""
        warm_up()
        self._walk_adaptive(prompter)
        while True:
            if review:
                action = prompter.review(self.review_entries(), self.not_asked())
                if self._act(prompter, action):
                    continue
            missing = self.missing_required()
            if not missing:
                return self.result()
            self._ask_now(prompter, missing[0], editing=False)

    def replay(self) -> list[str]:
        """Take every answer from the answers file, as the questions come up; a required
        question the file does not answer is left unanswered (the walk goes on as if it
        were). Returns those questions (empty: the intake is complete)."""
        self._replaying = True
        try:
            self._walk_adaptive(FileOnly())
        finally:
            self._replaying = False
        return self.missing_required()

    def _act(self, prompter: Prompter, action: ReviewAction) -> bool:
        """Do what the review screen asked; False means save."""
        if action.kind == "edit" and action.qid in self.asked:
            self._ask_now(prompter, action.qid, editing=True)
        elif action.kind == "ask" and action.qid in self._pos and action.qid not in self.asked:
            self._ask_now(prompter, action.qid, editing=True)
        elif action.kind == "more":
            self.extra += MORE_STEP
            self.step = len(self.asked)
            self._walk_adaptive(prompter)
        else:
            return action.kind != "save"
        return True

    def _ask_now(self, prompter: Prompter, qid: str, *, editing: bool) -> None:
        """Ask one question out of turn (from the review, or one still missing), then
        whatever its answer made useful."""
        if qid not in self.asked:
            self.asked.append(qid)
        if editing:
            asked = self.ask_from_review(prompter, qid)
        else:
            self.index = self._pos[qid]
            asked = self.ask_one(prompter, self.index)
        self._changed()
        if asked == "next":
            self.step = len(self.asked)
            self._walk_adaptive(prompter)

    def _walk_adaptive(self, prompter: Prompter) -> None:
        while True:
            if self.step < len(self.asked):  # walking again what was asked (after back)
                qid = self.asked[self.step]
                if not self.visibility()[self._pos[qid]]:
                    self.step += 1
                    continue
            else:
                chosen = self._choose()
                if chosen is None:
                    break
                qid = chosen
                self.asked.append(qid)
                if self._from_file(qid):
                    self.step += 1
                    continue
            self.index = self._pos[qid]
            if self.ask_one(prompter, self.index) == "back":
                self.step = self._previous_step()
            else:
                self.step += 1
            self._sync_index()
            self._changed()
        self._sync_index()
        self._changed()

    def _sync_index(self) -> None:
        """The draft's cursor names the next question (none: the next is to be chosen)."""
        self.index = self._pos[self.asked[self.step]] if self.step < len(self.asked) \
            else len(self.questions)

    def _previous_step(self) -> int:
        vis = self.visibility()
        j = self.step - 1
        while j >= 0 and not vis[self._pos[self.asked[j]]]:
            j -= 1
        return max(j, 0)

    def _from_file(self, qid: str) -> bool:
        """Answer ``qid`` from the answers file; False when it has to be asked."""
        if self.oracle is None:
            return False
        if qid in self.oracle.answers:
            self.set_answer(qid, self.oracle.answers[qid], notify=False)
        elif qid in self.oracle.unknown:
            self.set_unknown(qid, notify=False)
        elif self.questions[self._pos[qid]].required and not self._replaying:
            return False
        # an optional question the file leaves out is skipped, as at the prompt; a
        # required one, in a replay, stays unanswered for the caller to report
        return True

    # -- choosing ------------------------------------------------------------------------

    def _choose(self) -> str | None:
        """The next question: a basic not asked yet, else the one whose answers could
        most change the plan, else one asked for with the "more questions" key."""
        vis = self.visibility()
        left = [q for i, q in enumerate(self.questions) if vis[i] and q.id not in self.asked]
        basic = next((q.id for q in left if q.always), None)
        if basic is not None:
            return basic
        if not left:
            return None
        answers, unknown = self._effective()
        self._ranking = self.chooser().rank(answers, unknown, left)
        best = self._ranking[0]
        self._partner = None
        if best.changes_plan:
            return best.question.id
        pair = self.chooser().pair(answers, unknown, self._ranking)
        if pair is not None:  # two answers together could change it: the first, then
            self._partner = pair[1]  # the other is asked if the first leaves it open
            return pair[0].id
        if self.extra > 0:
            self.extra -= 1
            return best.question.id
        return None

    def chooser(self) -> Chooser:
        if self._chooser is None:
            from ldconsult.engine import anchor_date
            from ldconsult.interview.chooser import Chooser

            anchor = anchor_date(self.meta.meeting_date, self.clock().date(), self.created)
            self._chooser = Chooser(self.loaded.bank, anchor)
        return self._chooser

    def _effective(self) -> tuple[dict[str, Any], set[str]]:
        """The answers and "don't know"s of the questions asked that still apply."""
        vis = self.visibility()
        kept = {q for q in self.asked if vis[self._pos[q]]}
        return ({k: v for k, v in self.answers.items() if k in kept},
                {k for k in self.unknown if k in kept})

    def more_questions(self) -> tuple[str | None, str | None]:
        self.extra += MORE_STEP
        return (f"After the questions that can change the plan, up to {self.extra} more "
                "will be asked, the most useful first."), None

    # -- progress ------------------------------------------------------------------------

    def context(self, i: int, **kw: Any) -> Context:
        ctx = super().context(i, **kw)
        qid = self.questions[i].id
        number = self.asked.index(qid) + 1 if qid in self.asked else len(self.asked) + 1
        if self._editing:
            return _replace(ctx, number=number, can_go_back=False)
        if qid in self.basics:
            basics = self._basics_on_path()
            done = basics.index(qid) if qid in basics else len(basics)
            return _replace(ctx, stage="basics", number=done + 1, total=len(basics),
                            left=len(basics) - done - 1, can_go_back=self.step > 0,
                            seconds_left=sum(self._seconds[self._pos[b]]
                                             for b in basics[done + 1:]))
        left = self.plan_left(qid)
        return _replace(ctx, stage="adaptive", number=number, total=number + len(left),
                        left=len(left), seconds_left=sum(pace.seconds(q) for q in left),
                        can_go_back=self.step > 0)

    def plan_left(self, current: str | None = None) -> list[Question]:
        """The questions that, at the last choice, could change the plan (with the other
        of a pair whose answers together could, and those asked for with the "more
        questions" key), besides ``current``."""
        partner = self._partner.id if self._partner is not None else None
        changing = [r.question for r in self._ranking
                    if (r.changes_plan or r.question.id == partner)
                    and r.question.id != current and r.question.id not in self.asked]
        rest = [r.question for r in self._ranking
                if not r.changes_plan and r.question.id != partner
                and r.question.id != current and r.question.id not in self.asked]
        return changing + rest[:self.extra]

    def basics_promise(self) -> tuple[int, float]:
        """(the basics still to ask, their seconds at meeting pace): what is sure to be
        asked, at most (a basic whose condition may still open is counted)."""
        basics = [self.questions[self._pos[b]] for b in self._basics_on_path()
                  if b not in self.asked]
        return len(basics), sum(pace.seconds(q) for q in basics)

    def _basics_on_path(self) -> list[str]:
        """The basics that apply, or may still: a condition waiting for an answer to a
        question not answered yet counts as open, so the count never grows."""
        vis = self.visibility()
        settled = (set(self.answers) | self.unknown) & set(self.asked[:self.step])
        return [b for b in self.basics if vis[self._pos[b]] or any(
            self.questions[p].id not in settled for p in self._refs[self._pos[b]])]

    # -- results -------------------------------------------------------------------------

    def review_entries(self) -> list[ReviewEntry]:
        asked = set(self.asked)
        return [e for e in super().review_entries()
                if e.question.id in asked or e.hidden]

    def not_asked(self) -> list[NotAsked]:
        """The questions that apply and were not asked, in bank order, with why."""
        vis = self.visibility()
        asked = set(self.asked)
        return [NotAsked(q, self._sections[i], REASONS[NO_CHANGE])
                for i, q in enumerate(self.questions) if vis[i] and q.id not in asked]

    def missing_required(self) -> list[str]:
        """Required questions without an answer among those asked and the basics (the
        basics are always asked)."""
        wanted = set(self.asked) | set(self.basics)
        return [q for q in super().missing_required() if q in wanted]

    def visible_ids(self) -> list[str]:
        asked = set(self.asked)
        return [q for q in super().visible_ids() if q in asked]

    def _record(self, status: Literal["draft", "complete"]) -> dict[str, Any]:
        if status == "draft":
            return {"asked": list(self.asked)}
        vis = self.visibility()
        kept = [q for q in self.asked if vis[self._pos[q]]]
        return {"asked": kept,
                "not_asked": {n.question.id: NO_CHANGE for n in self.not_asked()}}


def _replace(ctx: Context, **changes: Any) -> Context:
    from dataclasses import replace

    return replace(ctx, **changes)


_WARM: list[threading.Thread] = []


WARM_AFTER = 0.5  # seconds: the first question is on screen by then (benchmarks/startup.py)


def warm_up() -> None:
    """Import the engine and load its catalogue in the background (about 0.2-0.4 s), so
    the first choice after the basics does not wait for it. Once per process. It starts
    after WARM_AFTER, so it never competes with drawing the first question; a choice
    needed sooner (answers from a file) imports the engine itself."""
    if _WARM:
        return

    def work() -> None:
        time.sleep(WARM_AFTER)
        try:
            from ldconsult.bank.signals import Signals
            from ldconsult.engine.outcome import outcome

            outcome(Signals(), dt.date(2000, 1, 1))
        except Exception:  # noqa: BLE001 - the first real choice reports any problem
            pass

    thread = threading.Thread(target=work, name="ldconsult-warm-up", daemon=True)
    _WARM.append(thread)
    thread.start()
