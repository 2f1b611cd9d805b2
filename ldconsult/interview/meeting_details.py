"""The meeting details, asked before the bank's questions. No terminal I/O.

The title, who asked, who runs the interview and the meeting's date (the day the
answers' dates count from). The section is built from constants, without validation, for
start-up time; :func:`ask_meta` asks the details not given on the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ldconsult.bank import values
from ldconsult.bank.model import Question, Section
from ldconsult.intake import Meta
from ldconsult.interview.protocol import Context, Prompter


def _constant(**given: Any) -> Question:
    """A Question from constant, valid values, without validation (a test validates them).

    Validating here would build the bank models' pydantic schemas before the first
    question (start-up time; see benchmarks/startup.py). The empty containers are given
    too: model_construct would otherwise call the default factories after inspecting
    their signatures, which for ``list`` compiles tokenize's regular expression (~13 ms).
    """
    empty: dict[str, Any] = {"examples": [], "signals_if_true": {}, "signals_if_false": {},
                             "thresholds": []}
    return Question.model_construct(set(given), **{**empty, **given})


META_SECTION = Section.model_construct(id="meeting", title="About this meeting", questions=[
    _constant(id="title", prompt="Title of the request (a few words, e.g. 'Returns errors "
              "in the warehouse')", type="text", max_length=120,
              help="A few words that name the problem, not the solution asked for: "
                   "'Wrong fees since the portal update', not 'Portal course'.",
              why="The title names the saved file and heads the memo and the portfolio "
                  "review, so the request can be found and talked about later."),
    _constant(id="requester", prompt="Who asked for it? (name and team)", type="text",
              required=False,
              help="The person who asked, with their role or team: 'Dana Ortiz, head of "
                   "Returns'. Enter on an empty answer skips it.",
              why="The memo is written for them, and the next steps name who acts; a "
                  "request nobody owns rarely changes anything."),
    _constant(id="interviewer", prompt="Who is running this interview?", type="text",
              required=False,
              help="You, or whoever leads the conversation: 'Priya, L&D'. Enter on an "
                   "empty answer skips it.",
              why="Whoever reads the intake later knows whom to ask about an answer."),
    _constant(id="meeting_date", prompt="Date of the meeting", type="date",
              help="Today, unless you are typing up an earlier conversation: 'today', "
                   "'yesterday', '20 November' (the last one) or 2026-11-20. The dates "
                   "asked later count from it: 'in 6 weeks' is 6 weeks after the meeting.",
              why="The plan counts from the meeting: when to check the results, how much "
                  "time is left before the deadline, and whether L&D came in late."),
])
META_FIELDS = tuple(q.id for q in META_SECTION.questions)


_NOT_FOR_META = {
    "back": "this is the first question: there is nothing before it",
    "unknown": "the meeting details need an answer (\"don't know yet\" is not offered here)",
    "note": "notes go with the questions that follow, not with the meeting details",
}


def ask_meta(prompter: Prompter, meta: Meta, fields: Sequence[str], *,
             today: dt.date | None = None) -> Meta:
    """Ask the meeting details not given on the command line (back works between them)."""
    data = dict(meta)  # not model_dump: that builds the serializer before the first question
    today = today or dt.date.today()
    if data.get("meeting_date") is None:
        data["meeting_date"] = today.isoformat()
    qs = [q for q in META_SECTION.questions if q.id in fields]
    i = 0
    while i < len(qs):
        q = qs[i]
        reply, error, show_help = None, None, False
        while True:
            ctx = Context(section=META_SECTION, section_no=0, section_count=0, number=i + 1,
                          total=len(qs), current=data.get(q.id) or None, error=error,
                          show_help=show_help, can_go_back=i > 0, left=len(qs) - i - 1,
                          today=today)
            reply = prompter.ask(q, ctx)
            error, show_help = None, False
            if reply.kind == "back" and i > 0:
                break
            if reply.kind != "answer":
                show_help = reply.kind == "help"
                error = _NOT_FOR_META.get(reply.kind)
                continue
            try:
                value = values.coerce(q, reply.value, today=today)
            except ValueError as exc:
                error = str(exc)
                continue
            data[q.id] = value if value is not None else ""
            break
        i = i - 1 if reply.kind == "back" else i + 1
    return Meta.model_validate(data)
