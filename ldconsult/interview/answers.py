"""Answers files for ``interview --answers``: YAML or JSON, validated like typed answers.

Two shapes are accepted:

- a flat mapping ``question id → value``;
- a mapping with ``answers:`` and optional ``meta:``, ``unknown:`` and ``notes:`` (so a
  saved intake, or a draft, also works as an answers file; its other intake keys such
  as ``bank`` or ``status`` are ignored).

Every value goes through :func:`ldconsult.bank.values.coerce`, exactly like an answer typed
at the prompt. All problems are collected and reported in one :class:`AnswersError`.
A ``null`` value means "not answered": the interview asks for it if it is required.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass, field
from typing import Any

from ldconsult.bank import values
from ldconsult.bank.model import Bank
from ldconsult.base import plan_dates
from ldconsult.base.errors import AnswersError
from ldconsult.base.yamlio import load_data
from ldconsult.intake import Meta

STRUCTURED_KEYS = {"answers", "meta", "unknown", "notes"}
# Keys of a saved intake that an answers file may carry and that we do not use.
INTAKE_KEYS = {"schema_version", "ldconsult_version", "bank", "status", "created",
               "updated", "cursor", "history", "asked", "not_asked"}


@dataclass
class AnswerSet:
    answers: dict[str, Any] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


def load(path: str | os.PathLike[str], bank: Bank, *,
         today: dt.date | None = None, meeting: dt.date | None = None) -> AnswerSet:
    """Read and validate an answers file against ``bank`` (raises AnswersError).

    Dates written as people say them ("end of March", "in 6 weeks") count from the
    meeting: ``meeting`` (``--meeting-date``), else the file's ``meta.meeting_date``,
    else ``today``, the day the meeting date itself counts from."""
    name = str(path)
    raw = load_data(path)
    return parse(raw, bank, name, today=today, meeting=meeting)


def parse(raw: Any, bank: Bank, name: str = "answers", *,
          today: dt.date | None = None, meeting: dt.date | None = None) -> AnswerSet:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise AnswersError("an answers file is a mapping of question id to answer, or has "
                           "an 'answers:' mapping", path=name)
    problems: list[str] = []
    structured = "answers" in raw and bank.question("answers") is None
    if structured:
        extra = [k for k in raw if k not in STRUCTURED_KEYS | INTAKE_KEYS]
        problems += [f"unknown top-level key '{k}'{_near(str(k), STRUCTURED_KEYS)}"
                     for k in extra]
        body = raw.get("answers") or {}
        if not isinstance(body, dict):
            problems.append("answers: expected a mapping of question id to answer")
            body = {}
    else:
        body = raw
    out = AnswerSet()
    unknown_ids: list[str] = []
    if structured:  # first: the answers' dates count from the meeting
        _meta(raw.get("meta"), out, problems, today)
    day = meeting or plan_dates.iso_in(out.meta.get("meeting_date")) or today
    for qid, value in body.items():
        _one(bank, str(qid), value, out, problems, unknown_ids, day)
    if structured:
        _unknown_list(bank, raw.get("unknown"), out, problems, unknown_ids)
        _notes(bank, raw.get("notes"), out, problems, unknown_ids)
    if unknown_ids:
        ids = bank.questions()
        listed = ", ".join(f"{k}{_near(k, [q.id for q in ids], short=True)}"
                           for k in unknown_ids)
        problems.append(f"unknown ids: {listed}")
    if problems:
        n = len(problems)
        raise AnswersError(f"{n} problem{'s' if n > 1 else ''}: " + "; ".join(problems),
                           path=name)
    return out


def _one(bank: Bank, qid: str, value: Any, out: AnswerSet, problems: list[str],
         unknown_ids: list[str], today: dt.date | None) -> None:
    q = bank.question(qid)
    if q is None:
        unknown_ids.append(qid)
        return
    if value is None:
        return
    try:
        coerced = values.coerce(q, value, today=today)
    except ValueError as exc:
        problems.append(f"{qid}: {exc}")
        return
    if coerced is not None:
        out.answers[qid] = coerced


def _unknown_list(bank: Bank, raw: Any, out: AnswerSet, problems: list[str],
                  unknown_ids: list[str]) -> None:
    if raw is None:
        return
    if not isinstance(raw, list):
        problems.append("unknown: expected a list of question ids")
        return
    for qid in map(str, raw):
        q = bank.question(qid)
        if q is None:
            unknown_ids.append(qid)
        elif not q.allow_unknown:
            problems.append(f"unknown: '{qid}' does not allow \"don't know yet\"")
        elif qid in out.answers:
            problems.append(f"unknown: '{qid}' also has an answer (choose one)")
        else:
            out.unknown.append(qid)


def _notes(bank: Bank, raw: Any, out: AnswerSet, problems: list[str],
           unknown_ids: list[str]) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        problems.append("notes: expected a mapping of question id to text")
        return
    for qid, text in raw.items():
        if bank.question(str(qid)) is None:
            unknown_ids.append(str(qid))
        elif not isinstance(text, (str, int, float)) or isinstance(text, bool):
            problems.append(f"notes: '{qid}' should be text")
        elif str(text).strip():
            out.notes[str(qid)] = str(text).strip()


def _meta(raw: Any, out: AnswerSet, problems: list[str], today: dt.date | None) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        problems.append("meta: expected a mapping (title, requester, interviewer, "
                        "meeting_date)")
        return
    allowed = list(Meta.model_fields)
    for key, value in raw.items():
        if key not in allowed:
            problems.append(f"meta: unknown key '{key}'{_near(str(key), allowed)}")
            continue
        if key == "meeting_date" and value is not None:
            try:
                value = values.coerce(values.MEETING_DATE, value, today=today)
            except ValueError as exc:
                problems.append(f"meta.meeting_date: {exc}")
                continue
        elif value is not None and not isinstance(value, str):
            value = str(value)
        out.meta[key] = value


def _near(word: str, options: Any, short: bool = False) -> str:
    near = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    if not near:
        return ""
    return f" (did you mean {near[0]}?)" if short else f"; did you mean '{near[0]}'?"
