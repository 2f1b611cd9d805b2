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
    The :class:`~ldconsult.bank.model.Bank` the intake was made with (id, title, version).
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
    ``time_left`` (follow-up: days to the deadline, or since it passed), ``goal`` (the
    goal row from its parts: ``baseline``, ``target``, ``date``), ``also_watch`` (the
    other measures, each with its own target), ``measure_note`` (what the measurement
    section says when nothing is built or the facts come first), ``behaviours`` (every
    behaviour with its ``observer``), ``details`` (the fixes, lead first, each with
    ``item`` and ``why``: the answers behind it that no earlier fix cited; ``also_details``
    the same for ``rec.also_consider``) and ``weights``
    (the fixes that were weighed, each with its ``score``).
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
``sentence``
    Text ending with one full stop (for a phrase that may or may not have one).
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

from ldconsult.bank.banks import LoadedBank
from ldconsult.bank.model import Bank
from ldconsult.bank.signals import show_answer
from ldconsult.bank.values import display
from ldconsult.base.errors import TemplateError
from ldconsult.base.text import printable
from ldconsult.engine.recommendation import Recommendation, progress_words
from ldconsult.intake import Intake
from ldconsult.render import sandbox
from ldconsult.render.memo_pieces import (
    BODY_RISKS,
    BODY_STEPS,
    with_full_stop,
    memo_pieces,
    why_sentence,
)
from ldconsult.render.sandbox import TEMPLATE_LIMITS, Limits
from ldconsult.render.textutil import evidence_text, money, num, whole_sentences

__all__ = ["render_memo", "memo_context", "answer_rows", "md", "md_lines", "cell", "FILTERS",
           "BODY_RISKS", "BODY_STEPS", "why_sentence"]

BUILTIN = "memo.md.j2"
UNKNOWN_ANSWER = "Don't know yet"

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


def sentence(value: Any) -> str:
    """Text ending with one full stop (a phrase gets one; a sentence keeps its own)."""
    return with_full_stop(_text(value))


FILTERS: dict[str, Callable[..., str]] = {
    "md": md, "md_lines": md_lines, "cell": cell, "num": num, "money": money,
    "evidence": evidence, "progress": progress_words, "sentence": sentence,
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
                 place: Callable[[str], str] = lambda name: "",
                 context: dict[str, Any] | None = None) -> str:
    """The built-in memo. ``place(name)`` fills the template's marks for what only the
    HTML page and the Word document show: a picture ("grid", "timeline", "readings") and
    where the appendices begin ("appendices"). The Markdown memo leaves them empty.
    ``context`` is :func:`memo_context`'s, when the caller has already built it."""
    context = (context or memo_context(rec, intake, loaded.bank)) | {"place": place}
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
    from ldconsult.base.files import decode, read_bytes

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
            "sections": sections, "memo": memo_pieces(rec, intake)}


def answer_rows(intake: Intake, bank: Bank) -> list[dict[str, Any]]:
    """Every answer with its question, in bank order. A sentence an answer or a note says
    twice (or again in fewer words) is shown once."""
    rows = []
    unknown = set(intake.unknown)
    for section in bank.sections:
        for q in section.questions:
            if q.id not in intake.answers and q.id not in unknown and q.id not in intake.notes:
                continue
            answer = UNKNOWN_ANSWER if q.id in unknown else (
                display(q, intake.answers[q.id]) if q.id in intake.answers else "—")
            rows.append({"section": section.title, "id": q.id, "prompt": q.prompt,
                         "answer": whole_sentences(answer),
                         "note": whole_sentences(intake.notes.get(q.id, "")),
                         "unknown": q.id in unknown})
    known = {q.id for q in bank.questions()}
    for qid in dict.fromkeys(intake.orphans(known)):
        value = intake.answers.get(qid)
        rows.append({"section": "No longer in the bank", "id": qid, "prompt": qid,
                     "answer": UNKNOWN_ANSWER if qid in unknown else show_answer(value)
                     if value is not None else "—",
                     "note": intake.notes.get(qid, ""), "unknown": qid in unknown})
    return rows
