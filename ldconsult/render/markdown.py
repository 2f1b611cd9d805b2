"""The recommendation memo in Markdown, from a Jinja2 template.

The built-in template is ``ldconsult/render/templates/memo.md.j2``. A user's template
(``ldconsult export --template FILE``) runs in Jinja2's immutable sandbox with
``StrictUndefined``, in a child process with limits on CPU time, memory and output size
(:mod:`ldconsult.render.sandbox`); a broken template, or one over a limit, raises
:class:`~ldconsult.base.errors.TemplateError` with the file (and line).

Variables a template can use
----------------------------
``rec``
    The :class:`~ldconsult.engine.recommendation.Recommendation` (verdict, headline, causes,
    interventions, also_consider, flags, requested, measurement, economics, risks, next_steps, missing,
    mandate (what a rule requires and how the plan meets it), result; ``rec.verdict_label``
    is the verdict in words).
``intake``
    The :class:`~ldconsult.intake.Intake` (meta.title, meta.requester, meta.interviewer,
    meta.meeting_date, answers, unknown, notes, history).
``bank``
    The :class:`~ldconsult.bank.banks.Bank` the intake was made with (id, title, version).
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
    For the short body of the built-in memo (details go to the appendices):
    ``brief`` (the summary in two or three sentences), ``gap_lines`` (per gap cell:
    ``cause``, ``finding`` without the cell's definition, and ``quote``, one short answer
    or ""), ``plan`` (per intervention, lead first: ``item``, ``why`` in a few words and
    ``by``, the date of its start or hand-over step), ``also_titles``, ``risks_top`` /
    ``risks_rest`` (the plan's risks, then flags; each has ``text`` and, for flags,
    ``code`` and ``severity``), ``steps_top`` / ``steps_rest`` (next steps other than
    starting a fix of the plan), ``indicators_top`` (three leading indicators),
    ``behaviours_top`` (three behaviours, each with its ``observer`` when the engine pairs
    them), ``checkpoints`` (each with ``day``, ``date`` and a short ``check``).

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
``progress``
    ``rec.result.progress_percent`` in words ("42% of the way from the baseline to the
    target"), rounded as the summary, the follow-up panel and the JSON round it.
``evidence``
    A list of evidence (``cause.evidence``, ``intervention.why``) as plain text,
    "question → answer; …", each question once; ``evidence(3)`` keeps the first three
    and says how many more. Follow it with ``md``.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ldconsult.bank.banks import Bank, LoadedBank
from ldconsult.bank.signals import show_answer
from ldconsult.bank.values import display
from ldconsult.base.errors import TemplateError
from ldconsult.base.text import printable
from ldconsult.engine.recommendation import GRID, Recommendation, progress_words
from ldconsult.intake import Intake
from ldconsult.render import sandbox
from ldconsult.render.sandbox import TEMPLATE_LIMITS, Limits
from ldconsult.render.textutil import (
    bundles,
    economics_rows,
    evidence_text,
    group_evidence,
    money,
    months,
    num,
    time_left,
)

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
    "evidence": evidence, "progress": progress_words,
}


# ---------------------------------------------------------------------------------------
# Rendering

def render_memo(rec: Recommendation, intake: Intake, loaded: LoadedBank, *,
                template: Path | None = None, limits: Limits = TEMPLATE_LIMITS,
                raw: bool = False) -> str:
    """The memo as Markdown text (ends with one newline). A user's ``template`` runs
    within ``limits`` (CPU time, memory, output size), and its output is made
    ``printable`` as every output is (a template may show user text unescaped), unless
    ``raw`` (for a file the caller has checked is one)."""
    if template is None:
        return builtin_memo(rec, intake, loaded)
    text = _render_user(Path(template), memo_context(rec, intake, loaded.bank), limits)
    text = text if raw else printable(text)
    return text.rstrip("\n") + "\n"


def builtin_memo(rec: Recommendation, intake: Intake, loaded: LoadedBank, *,
                 place: Callable[[str], str] = lambda name: "") -> str:
    """The built-in memo. ``place(name)`` fills the template's marks for what only the
    HTML page and the Word document show: a picture ("grid", "timeline", "readings") and
    where the appendices begin ("appendices"). The Markdown memo leaves them empty."""
    context = memo_context(rec, intake, loaded.bank) | {"place": place}
    source = resources.files("ldconsult.render").joinpath("templates", BUILTIN).read_text(
        encoding="utf-8")
    text = _environment(BUILTIN, source).get_template(BUILTIN).render(context)
    # Optional blocks (and empty marks) leave runs of blank lines; in Markdown (no code
    # blocks here) one blank line means the same, and the raw file reads better.
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


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


def _render_user(path: Path, context: dict[str, Any], limits: Limits) -> str:
    from ldconsult.base.yamlio import decode, read_bytes

    name = str(path)
    source = decode(read_bytes(path, kind="a text template"), name)
    # Compiled and run in a child process with CPU, memory and output limits.
    return sandbox.render(lambda: _user_chunks(name, source, context), name, limits)


def _user_chunks(name: str, source: str, context: dict[str, Any]) -> Iterator[str]:
    """The template's output piece by piece; Jinja2's errors as one-line TemplateErrors."""
    try:
        yield from _environment(name, source).get_template(name).generate(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", path=name,
                            line=exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template error: cannot include '{exc.name}': a memo template "
                            "must be a single file", path=name,
                            line=_template_line(exc.__traceback__, name)) from None
    except MemoryError:
        raise
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
    plan = bundles(rec.interventions)
    heads = plan.heads
    risks = _risk_items(rec)
    # Starting or handing over a fix of the plan shows as its date in the plan's table;
    # the body's next steps are the others (all of them are in the appendix).
    planned = {_start_key(i) for i in interventions}
    other_steps = [s for s in rec.next_steps if (s.action.partition(": ")[2], s.owner)
                   not in planned]
    return {
        "brief": " ".join(_brief_sentences(rec, len(intake.unknown))),
        "gap_lines": [{"cause": c, "finding": _finding(c), "quote": _short_quote(c.evidence)}
                      for c in rec.causes if c.state == "gap"],
        "plan": [{"item": i, "why": _lead_why(i, rec) if i.lead else _why(i, rec),
                  "by": _start(i, rec), "with": [p.title for p in plan.partners[i.id]],
                  "size": _size(i)} for i in heads],
        "two_tracks": plan.two_tracks,
        "waits_for": [f"“{p.title}”" for i in heads if i.kind == "training"
                      for p in heads if p.id in i.after and (i.start or "") > (p.start or "")],
        "checkpoints": [{"day": c.day, "date": c.date, "why": c.why,
                         "check": _check(c.check, rec)} for c in rec.measurement.checkpoints],
        "also_titles": [i.title for i in rec.also_consider],
        "risks_top": risks[:BODY_RISKS], "risks_rest": risks[BODY_RISKS:],
        "steps_top": other_steps[:BODY_STEPS],
        "steps_rest": other_steps[BODY_STEPS:],
        "indicators_top": list(rec.measurement.leading_indicators[:BODY_MEASURES]),
        "behaviours_top": _behaviours(rec)[:BODY_MEASURES],
        "summary": " ".join(_summary_sentences(rec, len(intake.unknown))),
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


def _lead_why(lead: Any, rec: Recommendation) -> str:
    """Why the lead leads, without its weights (the appendix has them)."""
    if not rec.lead_reason:
        return _why(lead, rec)
    text = rec.lead_reason.split(" (weight ", 1)[0]
    return _upper_first(text.split(" leads because ", 1)[-1]).rstrip(".") + "."


def _size(item: Any) -> str:
    """"about 2 hours each for 40 people" for a fix people spend time on."""
    if not item.hours:
        return ""
    each = f"{round(item.hours * 60)} minutes" if item.hours < 1 else f"{num(item.hours)} hours"
    return f"about {each} each" + (f" for {num(item.learners)} people" if item.learners else "")


def _summary_sentences(rec: Recommendation, unknown: int) -> list[str]:
    out = [_sentence(rec.headline)]
    lead = rec.lead
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
        out.append(f"It should pay for itself in {months(e.payback_months)}.")
    out += _open_questions(rec, unknown)
    m = rec.measurement
    if m.kpi and rec.verdict in BUILDS:
        goal = f" from {m.baseline}" if m.baseline else ""
        goal += f" to {m.target}" if m.target else ""
        goal += f" by {m.deadline}" if m.deadline else ""
        out.append(f"Success means {_lower_first(m.kpi)} moves{goal}." if goal
                   else f"We will judge success by {_lower_first(m.kpi)}.")
    return out


# The body of the built-in memo must read in two minutes: it shows this many items of
# each list and sends the rest (and every full text) to the appendices.
BODY_RISKS, BODY_STEPS, BODY_MEASURES = 2, 4, 2
# An answer is quoted in the body when it reads alone ("no" does not without its
# question) and is short; the appendix has every answer with its question.
QUOTE_WORDS = (3, 10)
WHY_MIN_WORDS = 7  # shorter sentences in a fix's text are asides, not its reason
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def _open_questions(rec: Recommendation, unknown: int) -> list[str]:
    """The sentence that says how much is still to find out (none when nothing is).

    ``unknown`` counts the answers given as "don't know yet": the open questions. The list
    below (``rec.missing``) holds only the ones that matter most, so it may be shorter."""
    n = len(rec.missing)
    still = (f"{unknown} question{'s are' if unknown != 1 else ' is'} still open "
             "(answered \"don't know yet\")")
    if n and rec.verdict == "more_info":
        return [f"Before anything is built, we need {n} answer{'s' if n != 1 else ''} "
                "(listed below)" + (f"; in all, {still}." if unknown > n else ".")]
    if unknown:
        most = (f"; the {'one' if n == 1 else n} that matter{'s' if n == 1 else ''} most "
                f"{'is' if n == 1 else 'are'} listed below" if n else "")
        return [f"{still}{most}."]
    if n:
        return [f"{n} open question{'s' if n != 1 else ''} remain{'' if n != 1 else 's'} "
                "(listed below)."]
    return []


def _brief_sentences(rec: Recommendation, unknown: int) -> list[str]:
    """The summary for a busy reader: the headline, the money, what is still open."""
    out = [_sentence(rec.headline)]
    e = rec.economics
    money_bits = []
    if e.cost_of_problem_monthly:
        money_bits.append(f"the problem costs {money(e.cost_of_problem_monthly)} a month")
    ours = e.total_cost if e.total_cost is not None else e.recommended_cost
    if ours is not None:
        plan = f"our plan about {money(ours)} in all"
        if e.requested_cost is not None:
            plan += f" (the request's learner time alone: {money(e.requested_cost)})"
        money_bits.append(plan)
    elif e.requested_cost is not None:
        money_bits.append(f"the request would cost {money(e.requested_cost)}")
    if e.payback_months is not None:
        money_bits.append(f"payback in {months(e.payback_months)}")
    if money_bits:
        out.append(_sentence(_upper_first("; ".join(money_bits))))
    out += _open_questions(rec, unknown)
    return out


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _why(item: Any, rec: Recommendation) -> str:
    """Why a fix is in the plan, in a few words: the gaps it closes (the answers behind
    the fix are answers behind those causes), else one sentence of its own text."""
    asked = {e.question for e in item.why}
    fixes = [c.label for c in rec.causes
             if c.state == "gap" and asked & {e.question for e in c.evidence}]
    if fixes:
        return "Fixes " + _and(fixes) + "."
    return why_sentence(item.summary)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def why_sentence(summary: str) -> str:
    """One sentence of a fix's memo text: the shorter of its first two sentences, unless
    that one is a short aside. The catalogue writes each text as "what it is" + "why it
    works", and the reason is usually the shorter one."""
    sentences = [s for s in _SENTENCE_END.split(" ".join(summary.split())) if s][:2]
    if not sentences:
        return ""
    full = [s for s in sentences if len(s.split()) >= WHY_MIN_WORDS] or sentences
    return min(full, key=lambda s: len(s.split()))


def _start_key(item: Any) -> tuple[str, str]:
    return (item.title, item.owner)


def _start(item: Any, rec: Recommendation) -> str:
    """When a fix starts: its own date, or its "Start: …" / "Hand over …: …" next step."""
    if item.start:
        return item.start
    return next((s.due or "" for s in rec.next_steps
                 if (s.action.partition(": ")[2], s.owner) == _start_key(item)), "")


def _finding(cause: Any) -> str:
    """What a gap cell's answers show, without the cell's general definition: the engine
    writes environment gaps as "definition: what the answers show"."""
    head, sep, tail = cause.summary.partition(": ")
    if cause.row != "environment" or not sep or not tail.strip():
        return cause.summary
    return _upper_first(tail.strip())


def _check(text: str, rec: Recommendation) -> str:
    """A checkpoint in the body: the KPI is named in the row above, so "the KPI" will do."""
    # Only the question it asks; the appendix has the whole checkpoint.
    text = text.split("; ", 1)[0]
    head = text.split("? ", 1)
    if len(head) == 2:
        text = head[0] + "?"
    kpi = rec.measurement.kpi
    if kpi:
        for form in (kpi, _lower_first(kpi)):
            text = text.replace(form, "the KPI")
    return text


def _short_quote(items: Any) -> str:
    """The first answer behind a cause, when it is short enough to quote."""
    groups = list(group_evidence(items).values())
    if not groups:
        return ""
    answer = ", ".join(groups[0])
    return answer if QUOTE_WORDS[0] <= len(answer.split()) <= QUOTE_WORDS[1] else ""


def _risk_items(rec: Recommendation) -> list[dict[str, str]]:
    """The plan's own risks first (what could stop it), then the flags, high first: the
    flags about the request itself are answered in "What we advise against"."""
    flags = sorted(rec.flags, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    high = [f for f in flags if f.severity == "high"]
    rest = [f for f in flags if f.severity != "high"]

    def flag(f: Any) -> dict[str, str]:
        return {"text": f.message, "code": f.code, "severity": f.severity}

    return ([{"text": r, "code": "", "severity": ""} for r in rec.risks]
            + [flag(f) for f in high] + [flag(f) for f in rest])


def _behaviours(rec: Recommendation) -> list[dict[str, str]]:
    """Behaviours with their observers (the engine lists them in pairs when it can)."""
    m = rec.measurement
    paired = len(m.observers) == len(m.behaviours)
    return [{"text": b, "observer": m.observers[k] if paired else ""}
            for k, b in enumerate(m.behaviours)]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _lower_first(text: str) -> str:
    # "Scenario practice" reads better mid-sentence, but keep acronyms ("CRM", "KPI").
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


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
    return economics_rows(rec.economics)


def _economics_missing(rec: Recommendation) -> list[str]:
    e = rec.economics
    wanted = [(e.cost_of_problem_monthly, "what the problem costs per month"),
              (e.audience_size, "how many people are involved"),
              (e.loaded_hourly_cost, "the loaded cost of an hour of their time"),
              (e.requested_hours_per_person, "how long the requested format takes")]
    return [label for value, label in wanted if value is None]

