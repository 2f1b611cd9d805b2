"""The interview engine: a cursor over the bank's questions. No terminal I/O.

The engine owns order, visibility (``when`` on sections and questions), validation
(:func:`ldconsult.bank.values.coerce`), "don't know yet", notes, going back, and the review
loop. It asks through a small :class:`Prompter` protocol (:mod:`ldconsult.interview.protocol`),
so the same engine serves the questionary prompter (a person at a keyboard) and the
scripted prompter (tests and ``--answers``). After every change it hands a draft snapshot
to ``on_change`` so the caller can write it to disk: an interruption loses at most the
answer being typed. The meeting details asked before the bank are in
:mod:`ldconsult.interview.meeting_details`.

Visibility is computed in one pass in bank order, counting only the answers of
questions that are themselves visible. So an answer to a question that became hidden
cannot keep later questions visible, and it is left out of the saved intake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from ldconsult.bank import conditions, values
from ldconsult.bank.banks import LoadedBank
from ldconsult.bank.model import Question
from ldconsult.base import plan_dates
from ldconsult.intake import BankRef, Intake, Meta, now
from ldconsult.interview import pace
from ldconsult.interview.meeting_details import META_SECTION
from ldconsult.interview.protocol import Context, Prompter, ReviewEntry


class Interview:
    """One interview over one bank. Mutable on purpose: it is the cursor and its state."""

    def __init__(self, loaded: LoadedBank, *, answers: Mapping[str, Any] | None = None,
                 unknown: Iterable[str] = (), notes: Mapping[str, str] | None = None,
                 meta: Meta | None = None, cursor: str | None = None,
                 created: dt.datetime | None = None, resumed: bool = False,
                 on_change: Callable[[Intake], None] | None = None,
                 clock: Callable[[], dt.datetime] = now) -> None:
        self.loaded = loaded
        self.questions: list[Question] = loaded.bank.questions()
        self._pos = {q.id: i for i, q in enumerate(self.questions)}
        self._sections = [s for s in loaded.bank.sections for _ in s.questions]
        # Parsed once: visibility is recomputed after every answer.
        self._qcond = [conditions.parse(q.when) if q.when else None for q in self.questions]
        self._scond = {s.id: conditions.parse(s.when) for s in loaded.bank.sections if s.when}
        self._refs = [self._ref_positions(i) for i in range(len(self.questions))]
        self._seconds = [pace.seconds(q) for q in self.questions]
        self.answers: dict[str, Any] = dict(answers or {})
        self.unknown: set[str] = set(unknown)
        self.notes: dict[str, str] = dict(notes or {})
        # model_construct: the defaults need no check, and validating would build Meta's
        # schema (and pydantic's plugin loader, ~15 ms) before the first question.
        self.meta = meta or Meta.model_construct()
        self.created = created
        self.on_change = on_change
        self.clock = clock
        self.index = self._pos.get(cursor, 0) if cursor or not resumed else len(self.questions)
        # Passed questions: the review loop asks only newly visible ones it has not seen.
        self.seen: set[str] = {q.id for q in self.questions[:self.index]}
        self.seen |= set(self.answers) | self.unknown
        self._vis: list[bool] | None = None
        self._editing = False  # changing an answer from the review screen

    # -- visibility ----------------------------------------------------------------------

    def visibility(self) -> list[bool]:
        if self._vis is None:
            self._vis = self._compute_visibility()
        return self._vis

    def _compute_visibility(self) -> list[bool]:
        effective: dict[str, Any] = {}
        unknown: set[str] = set()
        section_ok: dict[str, bool] = {}
        out: list[bool] = []
        for i, q in enumerate(self.questions):
            s = self._sections[i]
            if s.id not in section_ok:
                sc = self._scond.get(s.id)
                section_ok[s.id] = sc is None or sc.evaluate(effective, unknown)
            qc = self._qcond[i]
            vis = section_ok[s.id] and (qc is None or qc.evaluate(effective, unknown))
            out.append(vis)
            if vis:
                if q.id in self.answers:
                    effective[q.id] = self.answers[q.id]
                if q.id in self.unknown:
                    unknown.add(q.id)
        return out

    def _ref_positions(self, i: int) -> tuple[int, ...]:
        """Where the questions that decide whether question ``i`` is asked are."""
        refs: set[str] = set()
        for cond in (self._qcond[i], self._scond.get(self._sections[i].id)):
            if cond is not None:
                refs |= cond.refs()
        return tuple(sorted(self._pos[r] for r in refs if r in self._pos))

    def visible_ids(self) -> list[str]:
        vis = self.visibility()
        return [q.id for i, q in enumerate(self.questions) if vis[i]]

    def hidden_answered(self) -> list[str]:
        vis = self.visibility()
        return [q.id for i, q in enumerate(self.questions) if not vis[i]
                and (q.id in self.answers or q.id in self.unknown)]

    def missing_required(self) -> list[str]:
        vis = self.visibility()
        return [q.id for i, q in enumerate(self.questions) if vis[i] and q.required
                and values.is_empty(self.answers.get(q.id)) and q.id not in self.unknown]

    # -- progress ------------------------------------------------------------------------

    def outlook(self, i: int) -> tuple[int, float]:
        """(questions, seconds) at most left after question ``i`` on the current path.

        A question whose condition still waits for an answer at ``i`` or later is
        counted as if it will be asked. A count of only the questions visible now grew
        each time a condition opened (42, 44, 48, 50) and the promised minutes slipped;
        this bound never grows as the interview moves forward (it shrinks faster when a
        condition closes). ``i = -1`` gives the whole interview.
        """
        vis = self.visibility()
        count, secs = 0, 0.0
        for j in range(i + 1, len(self.questions)):
            if vis[j] or any(p >= i for p in self._refs[j]):
                count += 1
                secs += self._seconds[j]
        return count, secs

    def promise(self) -> tuple[int, float]:
        """What the intro promises: (questions, seconds) at most left from the current
        question on (:meth:`outlook`), the seconds at meeting pace with the meeting
        details still to ask and the review included."""
        questions, seconds = self.outlook(self.index - 1)
        seconds += sum(pace.seconds(q) for q in META_SECTION.questions
                       if not getattr(self.meta, q.id))
        return questions, seconds + pace.REVIEW_SECONDS

    def context(self, i: int, **kw: Any) -> Context:
        vis = self.visibility()
        q = self.questions[i]
        section = self._sections[i]
        shown_sections = [s.id for j, s in enumerate(self._sections) if vis[j]]
        section_ids = list(dict.fromkeys(shown_sections))
        first = next((j for j in range(len(self.questions)) if vis[j]), i)
        first_in_section = not any(vis[j] and self._sections[j].id == section.id
                                   for j in range(i))
        left, seconds_left = self.outlook(i)
        day = self.day()
        return Context(
            section=section, section_no=section_ids.index(section.id) + 1 if section.id in
            section_ids else 1, section_count=len(section_ids), number=sum(vis[:i]) + 1,
            total=sum(vis), current=self.answers.get(q.id), is_unknown=q.id in self.unknown,
            note=self.notes.get(q.id), can_go_back=i > first,
            first_in_section=first_in_section, left=left, seconds_left=seconds_left,
            today=day, since="" if day == self.clock().date() else "the meeting",
            stage="edit" if self._editing else "full", **kw)

    def day(self) -> dt.date:
        """The day the answers' dates count from: the meeting's, so "in 6 weeks" typed up
        a week later still means six weeks after the meeting (else the clock's)."""
        return plan_dates.iso_in(self.meta.meeting_date) or self.clock().date()

    # -- running -------------------------------------------------------------------------

    def run(self, prompter: Prompter, *, review: bool = True,
            only_missing: bool = False) -> Intake:
        """Ask until done, then review; return the complete intake.

        ``only_missing`` (answers file given): ask only visible required questions that
        have no answer yet.
        """
        self._walk(prompter, self._is_missing if only_missing else self._is_visible)
        while True:
            if review:
                action = prompter.review(self.review_entries())
                if action.kind in ("edit", "ask") and action.qid in self._pos:
                    self._edit(prompter, action.qid)
                    continue
            missing = self.missing_required()
            if not missing:
                return self.result()
            self.index = self._pos[missing[0]]
            self._walk(prompter, self._is_missing)
            if not review and not self.missing_required():
                return self.result()

    def _is_visible(self, i: int) -> bool:
        return self.visibility()[i]

    def _is_unseen(self, i: int) -> bool:
        return self.visibility()[i] and self.questions[i].id not in self.seen

    def _is_missing(self, i: int) -> bool:
        q = self.questions[i]
        return (self.visibility()[i] and q.required and q.id not in self.unknown
                and values.is_empty(self.answers.get(q.id)))

    def _walk(self, prompter: Prompter, want: Callable[[int], bool]) -> None:
        i = self._next(self.index, want)
        while i < len(self.questions):
            self.index = i
            if self.ask_one(prompter, i) == "back":
                i = self._previous(i)
                continue  # a question we stepped back to is asked whatever ``want`` says
            i = self._next(i + 1, want)
            # The draft's cursor names the next question, so a resume does not re-ask.
            self.index = min(i, len(self.questions))
            self._changed()
        if self.index != len(self.questions):
            self.index = len(self.questions)
            self._changed()

    def _next(self, start: int, want: Callable[[int], bool]) -> int:
        i = start
        while i < len(self.questions) and not want(i):
            i += 1
        return i

    def _previous(self, i: int) -> int:
        vis = self.visibility()
        j = i - 1
        while j >= 0 and not vis[j]:
            j -= 1
        return j if j >= 0 else i

    def _edit(self, prompter: Prompter, qid: str) -> None:
        if self.ask_from_review(prompter, qid) == "next":
            # Ask what the new answer made visible and nobody has seen yet.
            self.index += 1
            self._changed()
            self._walk(prompter, self._is_unseen)
        self.index = len(self.questions)
        self._changed()

    def ask_from_review(self, prompter: Prompter, qid: str) -> Literal["next", "back"]:
        """Ask ``qid`` chosen on the review screen (the progress line says so)."""
        self.index = self._pos[qid]
        self._editing = True
        try:
            return self.ask_one(prompter, self.index)
        finally:
            self._editing = False

    def ask_one(self, prompter: Prompter, i: int) -> Literal["next", "back"]:
        """Ask question ``i`` until it gets a valid reply; help and notes re-ask."""
        q = self.questions[i]
        error: str | None = None
        info: str | None = None
        show_help = False
        while True:
            ctx = self.context(i, error=error, show_help=show_help, info=info)
            reply = prompter.ask(q, ctx)
            error, info, show_help = None, None, False
            if reply.kind == "more":
                info, error = self.more_questions()
            elif reply.kind == "back":
                if ctx.can_go_back:
                    return "back"
                error = "this is the first question: there is nothing before it"
            elif reply.kind == "help":
                show_help = True
            elif reply.kind == "note":
                self.set_note(q.id, reply.value)
            elif reply.kind == "unknown":
                if q.allow_unknown:
                    self.set_unknown(q.id, notify=False)
                    return "next"
                error = "this question needs an answer (\"don't know yet\" is not offered here)"
            else:
                try:
                    self.set_answer(q.id, reply.value, notify=False)
                except ValueError as exc:
                    error = str(exc)
                    continue
                return "next"

    def more_questions(self) -> tuple[str | None, str | None]:
        """The "more questions" key: (what it did, or why it cannot). Every question that
        applies is asked here already; an adaptive interview overrides this."""
        return None, "every question that applies is asked already"

    # -- changing state ------------------------------------------------------------------

    def set_answer(self, qid: str, raw: Any, *, notify: bool = True) -> Any:
        """Validate and store an answer (``None`` for a skipped optional question).

        ``notify=False`` lets the cursor move on before the draft is handed out."""
        q = self.questions[self._pos[qid]]
        value = values.coerce(q, raw, today=self.day(), live=True)
        if value is None:
            self.answers.pop(qid, None)
        else:
            self.answers[qid] = value
        self.unknown.discard(qid)
        self.seen.add(qid)
        self._changed(notify)
        return value

    def set_unknown(self, qid: str, *, notify: bool = True) -> None:
        self.answers.pop(qid, None)
        self.unknown.add(qid)
        self.seen.add(qid)
        self._changed(notify)

    def set_note(self, qid: str, text: str | None) -> None:
        text = (text or "").strip()
        if text:
            self.notes[qid] = text
        else:
            self.notes.pop(qid, None)
        self._changed()

    def _changed(self, notify: bool = True) -> None:
        self._vis = None
        if notify and self.on_change is not None:
            self.on_change(self.snapshot())

    # -- results -------------------------------------------------------------------------

    def review_entries(self) -> list[ReviewEntry]:
        vis = self.visibility()
        out: list[ReviewEntry] = []
        for i, q in enumerate(self.questions):
            has = q.id in self.answers or q.id in self.unknown
            if not vis[i] and not has:
                continue
            value = self.answers.get(q.id)
            out.append(ReviewEntry(
                question=q, section=self._sections[i], value=value,
                shown=values.display(q, value), unknown=q.id in self.unknown,
                note=self.notes.get(q.id), hidden=not vis[i],
                missing=vis[i] and q.required and not has))
        return out

    def _bank_ref(self) -> BankRef:
        lb = self.loaded
        return BankRef(id=lb.bank.id, version=lb.bank.version, sha256=lb.sha256,
                       path=None if lb.builtin else str(lb.path))

    def _intake(self, keep: set[str], status: Literal["draft", "complete"],
                cursor: str | None) -> Intake:
        order = [q.id for q in self.questions]
        orphans = [k for k in self.answers if k not in self._pos]
        answers = {k: self.answers[k] for k in order + orphans
                   if k in self.answers and (k in keep or k in orphans)}
        stamp = self.clock()
        return Intake(
            bank=self._bank_ref(), status=status, created=self.created or stamp,
            updated=stamp, meta=self.meta, answers=answers,
            unknown=[k for k in order if k in self.unknown and k in keep],
            notes={k: v for k, v in self.notes.items() if k in keep or k not in self._pos},
            cursor=cursor, **self._record(status))

    def _record(self, status: Literal["draft", "complete"]) -> dict[str, Any]:
        """Extra intake fields (an adaptive interview records what it asked)."""
        return {}

    def snapshot(self) -> Intake:
        """A draft: every answer kept (hidden ones too), cursor at the current question."""
        if self.created is None:
            self.created = self.clock()
        keep = {q.id for q in self.questions}
        cursor = self.questions[self.index].id if self.index < len(self.questions) else None
        return self._intake(keep, "draft", cursor)

    def result(self) -> Intake:
        """The complete intake: answers of visible questions only, in bank order."""
        if self.created is None:
            self.created = self.clock()
        return self._intake(set(self.visible_ids()), "complete", None)

    @classmethod
    def from_draft(cls, loaded: LoadedBank, draft: Intake, **kw: Any) -> Interview:
        return cls(loaded, answers=draft.answers, unknown=draft.unknown, notes=draft.notes,
                   meta=draft.meta, cursor=draft.cursor, created=draft.created, resumed=True,
                   **kw)
