"""What the questionary prompter prints about a question: its help (``help_lines``), and
on the review screen its line (``review_title``), with the answer (``review_value``) in the
words the widget offered (``answer_label``). Plain text; no terminal library."""

from __future__ import annotations

from typing import Any

from ldconsult.bank import values
from ldconsult.bank.model import Question
from ldconsult.interview import screen_text, widgets
from ldconsult.interview.protocol import ReviewEntry


def help_lines(q: Question) -> list[str]:
    lines = []
    if q.help:
        lines.append(f"Help: {q.help.strip()}")
    if q.why:
        lines.append(f"Why we ask: {q.why.strip()}")
    if q.examples:
        lines.append("Examples: " + "; ".join(q.examples))
    lines += [f"  {c.shown}: {c.help.strip()}" for c in q.choices or [] if c.help]
    return lines or ["No extra help for this question."]


def review_title(n: int, e: ReviewEntry, width: int) -> str:
    """A review line: the question, then the whole answer (labels, as offered), then the
    note, each wrapped under the number."""
    pad = 3 + 4  # " » " and "12. "
    lines = screen_text.choice_title(f"{n:>2}. {' '.join(e.question.prompt.split())}", width, pad)
    lines += "\n" + " " * pad + screen_text.choice_title(f"→ {review_value(e)}", width, pad + 2)
    if e.note and not e.hidden:
        lines += "\n" + " " * pad + screen_text.choice_title(f"✎ note: {e.note}", width, pad + 2)
    return lines


def review_value(e: ReviewEntry) -> str:
    if e.unknown:
        return "don't know yet"
    if e.missing:
        return "✗ required, not answered"
    if e.value is None:
        return "— (skipped)"
    return answer_label(e.question, e.value)


def answer_label(q: Question, value: Any) -> str:
    """An answer in the words the widget offered it ("Yes", a choice's label)."""
    offered = {repr(v): label for label, v, _ in widgets.labels(q)}
    if q.type == "multi_select" and isinstance(value, list):
        return ", ".join(offered.get(repr(v), str(v)) for v in value)
    return offered.get(repr(value), values.display(q, value))
