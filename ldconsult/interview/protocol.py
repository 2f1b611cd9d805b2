"""What the interview engine and a prompter say to each other. No terminal I/O.

The engine asks one question at a time through a :class:`Prompter`, handing it a
:class:`Context` (everything needed to draw the question), and gets a :class:`Reply` back
(an answer, back, "don't know yet", help, a note, more questions). The review screen gets
a :class:`ReviewEntry` per answer and the questions an adaptive interview did not ask
(:class:`NotAsked`), and answers with a :class:`ReviewAction`. ``ldconsult interview``
needs a little more of a prompter (a session, plain lines, keeping a draft):
:class:`InteractivePrompter`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from ldconsult.bank.model import Question, Section

ReplyKind = Literal["answer", "back", "unknown", "help", "note", "more"]
# Where the interview is, for the progress line: every question of the bank ("full"),
# the basics of an adaptive interview, the questions after them, or changing an answer
# from the review screen.
Stage = Literal["full", "basics", "adaptive", "edit"]


@dataclass(frozen=True)
class Reply:
    """What the person did at a prompt."""

    kind: ReplyKind
    value: Any = None


BACK = Reply("back")
UNKNOWN = Reply("unknown")
HELP = Reply("help")
MORE = Reply("more")  # "ask more questions" (an adaptive interview asks the next useful ones)


def answer(value: Any) -> Reply:
    return Reply("answer", value)


def note(text: str) -> Reply:
    return Reply("note", text)


@dataclass(frozen=True)
class Context:
    """Everything a prompter needs to draw one question (numbers count visible items)."""

    section: Section
    section_no: int  # 0 for the meeting details asked before the bank
    section_count: int
    number: int
    total: int
    current: Any = None  # the stored answer: the default when re-asking
    is_unknown: bool = False
    note: str | None = None
    error: str | None = None  # why the last reply was refused
    show_help: bool = False
    can_go_back: bool = True
    first_in_section: bool = False
    # At most what is left after this question on the current path (Interview.outlook):
    # it never grows as the interview moves on, so it does not jump when a condition opens.
    left: int = 0
    seconds_left: float = 0.0
    # The day dates count from ("in 6 weeks", "1 November"): the meeting's; None: the
    # system's. ``since`` names it when it is not today ("the meeting").
    today: dt.date | None = None
    since: str = ""
    stage: Stage = "full"
    info: str | None = None  # a one-line note on what a key did (not an error)


@dataclass(frozen=True)
class ReviewEntry:
    question: Question
    section: Section
    value: Any
    shown: str
    unknown: bool
    note: str | None
    hidden: bool  # answered earlier, hidden now: will not be saved
    missing: bool  # visible, required, no answer yet


MORE_STEP = 5  # questions the review's "ask more" choice (Ctrl-O) adds to an adaptive interview


@dataclass(frozen=True)
class NotAsked:
    """A question that applies but an adaptive interview did not ask, and why."""

    question: Question
    section: Section
    reason: str  # in words, e.g. "could not change the plan"


@dataclass(frozen=True)
class ReviewAction:
    kind: Literal["save", "edit", "ask", "more"]
    qid: str | None = None


SAVE = ReviewAction("save")
ASK_MORE = ReviewAction("more")  # ask the next most useful questions not asked


def edit(qid: str) -> ReviewAction:
    return ReviewAction("edit", qid)


def ask(qid: str) -> ReviewAction:
    """Ask a question the adaptive interview left out."""
    return ReviewAction("ask", qid)


class Prompter(Protocol):
    def ask(self, question: Question, ctx: Context) -> Reply: ...

    def review(self, entries: Sequence[ReviewEntry],
               not_asked: Sequence[NotAsked] = ()) -> ReviewAction: ...


class InteractivePrompter(Prompter, Protocol):
    """What ``ldconsult interview`` needs beyond the engine's :class:`Prompter`."""

    def session(self) -> contextlib.AbstractContextManager[None]: ...

    def say(self, *lines: str) -> None: ...

    def confirm_save_draft(self) -> bool: ...
