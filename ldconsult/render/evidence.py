"""Evidence as people read it, shared by the Rich summary and the Markdown memo."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def group_evidence(items: Iterable[Any] | None) -> dict[str, list[str]]:
    """Question (as asked) → its distinct answers, in order.

    One answer can back several signals, and a multi-select answer arrives as one piece
    of evidence per choice: readers want each question once with all its answers.
    """
    grouped: dict[str, list[str]] = {}
    for e in items or ():
        answers = grouped.setdefault(e.prompt or e.question, [])
        if e.answer not in answers:
            answers.append(e.answer)
    return grouped


def evidence_text(items: Iterable[Any] | None, limit: int | None = None) -> str:
    """"question → answer, answer; …" (plain text: escape it for the output format)."""
    groups = list(group_evidence(items).items())
    shown = groups if limit is None else groups[:limit]
    text = "; ".join(f"{q} → {', '.join(a)}" for q, a in shown)
    return text + (f" (+{len(groups) - len(shown)} more)" if len(shown) < len(groups) else "")
