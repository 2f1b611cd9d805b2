"""The recommendation memo in Markdown, from a Jinja2 template.

The built-in template is ``ldconsult/render/templates/memo.md.j2``. A user's template
(``ldconsult export --template FILE``) runs in Jinja2's immutable sandbox with
``StrictUndefined``; a broken template raises :class:`~ldconsult.errors.TemplateError`
with the file and line.

Variables a template can use
----------------------------
``rec``
    The :class:`~ldconsult.recommendation.Recommendation` (verdict, headline, causes,
    interventions, also_consider, flags, requested, measurement, economics, risks, next_steps, missing,
    result; ``rec.verdict_label`` is the verdict in words).
``intake``
    The :class:`~ldconsult.intake.Intake` (meta.title, meta.requester, meta.interviewer,
    meta.meeting_date, answers, unknown, notes, history).
``bank``
    The :class:`~ldconsult.banks.Bank` the intake was made with (id, title, version).
``answers``
    Every answer in bank order, each with ``section``, ``id``, ``prompt``, ``answer``
    (as a person reads it; "Don't know yet" for unknown), ``note`` and ``unknown``.
    Answers to questions the bank no longer has come last, in section "No longer in the bank".
``sections``
    The same answers grouped: each has ``title`` and ``answers``.
``memo``
    Ready-made pieces of the built-in memo: ``summary`` (a paragraph in management terms),
    ``date``, ``grid`` (rows of Gilbert's grid), ``gaps``, ``unknown_cells``,
    ``interventions`` (lead first), ``advise_against``, ``economics`` (label/value rows),
    ``economics_missing`` (inputs the intake lacks), ``warnings`` (flags, high first),
    ``time_left`` (follow-up: days to the deadline, or since it passed).

Filters
-------
``md``
    Escape text for inline Markdown (one line; emphasis, links, code, HTML and
    block starts all neutralised). Autoescape is off for Markdown, so apply it to every
    piece of user text.
``md_lines``
    Like ``md`` but keeps line breaks (as hard breaks); for multi-line answers.
``cell``
    ``md`` for a table cell: never empty ("—"), pipes escaped.
``num`` / ``money``
    Numbers with thousands separators (``num`` keeps one decimal).
``evidence``
    A list of evidence (``cause.evidence``, ``intervention.why``) as plain text,
    "question → answer; …", each question once; ``evidence(3)`` keeps the first three
    and says how many more. Follow it with ``md``.
"""

from __future__ import annotations

import re
import types
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ldconsult.banks import Bank, LoadedBank
from ldconsult.errors import TemplateError
from ldconsult.intake import Intake
from ldconsult.recommendation import GRID, Recommendation
from ldconsult.render.textutil import evidence_text, printable, time_left
from ldconsult.signals import show_answer
from ldconsult.values import display

BUILTIN = "memo.md.j2"
UNKNOWN_ANSWER = "Don't know yet"
STATE_WORD = {"gap": "**GAP**", "ok": "ok", "unknown": "?"}
BUILDS = ("training", "non_training", "blended")  # verdicts that launch something to measure
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}

# ---------------------------------------------------------------------------------------
# Escaping. Markdown syntax that works anywhere in a line is backslash-escaped: \ ` * _
# { } [ ] # | ~. With [ and ] escaped no link or image can form, so ( ) and ! are left
# alone, except "1)" at a line start. < and > become entities (no raw HTML, autolinks or
# block quotes), and & only where it would start an entity. Characters that matter only
# at the start of a line (lists, setext underlines) are escaped only there. This keeps
# ordinary prose ("L&D (Ops)", "e-learning", "18.5%") readable in the raw file.
_ANYWHERE = re.compile(r"([\\`*_{}\[\]#|~])")
# A trailing & counts too: the template's next characters could complete an entity.
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};|$)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def md(value: Any) -> str:
    """Inline Markdown: one line of literal text."""
    return _escape_line(" ".join(_text(value).split()))


def md_lines(value: Any) -> str:
    """Literal text that keeps its line breaks (hard breaks; blank lines dropped)."""
    lines = [" ".join(line.split()) for line in _text(value).splitlines()]
    return "\\\n".join(_escape_line(line) for line in lines if line)


def cell(value: Any) -> str:
    """A table cell: one line, pipes escaped, never empty."""
    return md(value) or "—"


def num(value: Any) -> str:
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def money(value: Any) -> str:
    return "" if value is None else f"{value:,.0f}"


def evidence(items: Any, limit: int | None = None) -> str:
    """Answers behind a finding, "question → answer; …", each question once (plain text);
    with ``limit``, at most that many questions and "(+N more)"."""
    return evidence_text(items, limit)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return printable(value if isinstance(value, str) else show_answer(value))


def _escape_line(line: str) -> str:
    line = _ENTITY.sub("&amp;", line).replace("<", "&lt;").replace(">", "&gt;")
    line = _ANYWHERE.sub(r"\\\1", line)
    line = _ORDERED.sub(r"\1\\\2", line)
    if line[:1] in ("-", "+", "="):
        line = "\\" + line
    return line


FILTERS: dict[str, Callable[..., str]] = {
    "md": md, "md_lines": md_lines, "cell": cell, "num": num, "money": money,
    "evidence": evidence,
}


# ---------------------------------------------------------------------------------------
# Rendering

def render_memo(rec: Recommendation, intake: Intake, loaded: LoadedBank, *,
                template: Path | None = None) -> str:
    """The memo as Markdown text (ends with one newline)."""
    context = memo_context(rec, intake, loaded.bank)
    if template is None:
        source = resources.files("ldconsult.render").joinpath("templates", BUILTIN).read_text(
            encoding="utf-8")
        text = _environment(BUILTIN, source).get_template(BUILTIN).render(context)
        # Optional blocks leave runs of blank lines; in Markdown (no code blocks here)
        # one blank line means the same, and the raw file reads better.
        text = re.sub(r"\n{3,}", "\n\n", text)
    else:
        text = _render_user(Path(template), context)
    return text.rstrip("\n") + "\n"


def _environment(name: str, source: str) -> jinja2.Environment:
    env = ImmutableSandboxedEnvironment(
        loader=_OneFile(name, source), undefined=jinja2.StrictUndefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(FILTERS)
    return env


class _OneFile(jinja2.BaseLoader):
    """Serves one template (no includes from elsewhere on disk)."""

    def __init__(self, name: str, source: str) -> None:
        self.name, self.source = name, source

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        if template != self.name:
            raise jinja2.TemplateNotFound(template)
        return self.source, self.name, lambda: True


def _render_user(path: Path, context: dict[str, Any]) -> str:
    from ldconsult.yamlio import decode, read_bytes

    name = str(path)
    source = decode(read_bytes(path), name)
    try:
        return _environment(name, source).get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", path=name,
                            line=exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template error: cannot include '{exc.name}': a memo template "
                            "must be a single file", path=name,
                            line=_template_line(exc.__traceback__, name)) from None
    except Exception as exc:  # undefined names, sandbox violations, errors in expressions
        what = {"UndefinedError": "undefined", "SecurityError": "not allowed in a template"}
        kind = what.get(type(exc).__name__, type(exc).__name__)
        raise TemplateError(f"template error ({kind}): {exc}", path=name,
                            line=_template_line(exc.__traceback__, name)) from None


def _template_line(tb: types.TracebackType | None, filename: str) -> int | None:
    """The template line of the innermost frame Jinja mapped back to the template."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# ---------------------------------------------------------------------------------------
# The context: answers for the appendix and ready-made memo pieces

def memo_context(rec: Recommendation, intake: Intake, bank: Bank) -> dict[str, Any]:
    rows = answer_rows(intake, bank)
    sections: list[dict[str, Any]] = []
    for row in rows:
        if not sections or sections[-1]["title"] != row["section"]:
            sections.append({"title": row["section"], "answers": []})
        sections[-1]["answers"].append(row)
    return {"rec": rec, "intake": intake, "bank": bank, "answers": rows,
            "sections": sections, "memo": _memo(rec, intake)}


def answer_rows(intake: Intake, bank: Bank) -> list[dict[str, Any]]:
    rows = []
    unknown = set(intake.unknown)
    for section in bank.sections:
        for q in section.questions:
            if q.id not in intake.answers and q.id not in unknown and q.id not in intake.notes:
                continue
            answer = UNKNOWN_ANSWER if q.id in unknown else (
                display(q, intake.answers[q.id]) if q.id in intake.answers else "—")
            rows.append({"section": section.title, "id": q.id, "prompt": q.prompt,
                         "answer": answer, "note": intake.notes.get(q.id, ""),
                         "unknown": q.id in unknown})
    known = {q.id for q in bank.questions()}
    for qid in dict.fromkeys(intake.orphans(known)):
        value = intake.answers.get(qid)
        rows.append({"section": "No longer in the bank", "id": qid, "prompt": qid,
                     "answer": UNKNOWN_ANSWER if qid in unknown else show_answer(value)
                     if value is not None else "—",
                     "note": intake.notes.get(qid, ""), "unknown": qid in unknown})
    return rows


def _memo(rec: Recommendation, intake: Intake) -> dict[str, Any]:
    interventions = sorted(rec.interventions, key=lambda i: not i.lead)
    return {
        "summary": " ".join(_summary_sentences(rec)),
        "date": rec.meeting_date or intake.meta.meeting_date or intake.updated.date().isoformat(),
        "grid": _grid(rec),
        "gaps": [c for c in rec.causes if c.state == "gap"],
        "unknown_cells": [c.label for c in rec.causes if c.state == "unknown"],
        "interventions": interventions,
        "advise_against": _advise_against(rec),
        "economics": _economics_rows(rec),
        "economics_missing": _economics_missing(rec),
        "warnings": sorted(rec.flags, key=lambda f: SEVERITY_ORDER.get(f.severity, 9)),
        "time_left": time_left(rec.result.days_left, rec.result.deadline) if rec.result else "",
    }


def _summary_sentences(rec: Recommendation) -> list[str]:
    out = [_sentence(rec.headline)]
    lead = next((i for i in rec.interventions if i.lead), None) or \
        (rec.interventions[0] if rec.interventions else None)
    if lead is not None:
        out.append(f"First step: {_lower_first(lead.title)} (owner: {lead.owner}, "
                   f"{lead.effort} effort).")
    e = rec.economics
    if e.cost_of_problem_monthly:
        out.append(f"The problem costs about {money(e.cost_of_problem_monthly)} a month.")
    if e.recommended_cost is not None and e.requested_cost is not None:
        out.append(f"Our recommendation costs about {money(e.recommended_cost)}, against "
                   f"{money(e.requested_cost)} for the solution requested.")
    if e.payback_months is not None:
        out.append(f"It should pay for itself in {_months(e.payback_months)}.")
    n = len(rec.missing)
    if n and rec.verdict == "more_info":
        out.append(f"Before anything is built, we need {n} answer{'s' if n != 1 else ''} "
                   "(listed below).")
    elif n:
        out.append(f"{n} open question{'s' if n != 1 else ''} remain{'' if n != 1 else 's'} "
                   "(listed below).")
    m = rec.measurement
    if m.kpi and rec.verdict in BUILDS:
        goal = f" from {m.baseline}" if m.baseline else ""
        goal += f" to {m.target}" if m.target else ""
        goal += f" by {m.deadline}" if m.deadline else ""
        out.append(f"Success means {_lower_first(m.kpi)} moves{goal}." if goal
                   else f"We will judge success by {_lower_first(m.kpi)}.")
    return out


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _lower_first(text: str) -> str:
    # "Scenario practice" reads better mid-sentence, but keep acronyms ("CRM", "KPI").
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _months(m: float) -> str:
    if m < 1:
        return "under a month"
    return f"about {num(round(m, 1))} month{'s' if round(m, 1) != 1 else ''}"


# Feedback and manager support are not Gilbert cells of their own: they are shown
# beside the cell they belong to (feedback is information; managers shape consequences).
EXTRA_BESIDE = {"expectations": ("feedback", "feedback"),
                "incentives": ("manager_support", "managers")}


def _grid(rec: Recommendation) -> list[list[dict[str, str]]]:
    def state(name: str) -> str:
        cause = rec.cause(name)
        return cause.state if cause else "unknown"

    def item(name: str, label: str) -> dict[str, str]:
        text = STATE_WORD[state(name)]
        if name in EXTRA_BESIDE:
            extra, short = EXTRA_BESIDE[name]
            text += f" ({short}: {STATE_WORD[state(extra)]})"
        return {"label": label, "state": state(name), "text": text}

    return [[item(c, label) for c, label in GRID[:3]], [item(c, label) for c, label in GRID[3:]]]


def _advise_against(rec: Recommendation) -> dict[str, str] | None:
    req = rec.requested
    if not req.solution or req.solution in ("none", "unknown") or not req.finding:
        return None
    asked = req.as_stated or req.solution
    hours = f" ({num(req.format_hours)} hours per person)" if req.format_hours else ""
    return {"asked": f"{asked}{hours}", "finding": req.finding,
            "instead": req.how_we_serve_the_goal}


def _economics_rows(rec: Recommendation) -> list[tuple[str, str]]:
    e = rec.economics
    rows = [
        ("Cost of the problem", f"{money(e.cost_of_problem_monthly)} per month"
         if e.cost_of_problem_monthly is not None else ""),
        ("People affected", num(e.audience_size)),
        ("Requested solution", _cost(e.requested_cost, e.requested_cost_per_person,
                                     e.requested_hours_per_person)),
        ("Recommended solution", _cost(e.recommended_cost, e.recommended_cost_per_person,
                                       e.recommended_hours_per_person)),
        ("Payback", _months(e.payback_months) if e.payback_months is not None else ""),
        ("Return in the first year", f"{e.roi_percent_first_year:,.0f}%"
         if e.roi_percent_first_year is not None else ""),
    ]
    return [(label, value) for label, value in rows if value]


def _cost(total: float | None, per_person: float | None, hours: float | None) -> str:
    bits = [f"about {money(total)}" if total is not None else "",
            f"{money(per_person)} per person" if per_person is not None else "",
            f"{num(hours)} hours each" if hours is not None else ""]
    return ", ".join(b for b in bits if b)


def _economics_missing(rec: Recommendation) -> list[str]:
    e = rec.economics
    wanted = [(e.cost_of_problem_monthly, "what the problem costs per month"),
              (e.audience_size, "how many people are involved"),
              (e.loaded_hourly_cost, "the loaded cost of an hour of their time"),
              (e.requested_hours_per_person, "how long the requested format takes")]
    return [label for value, label in wanted if value is None]

