"""The review as a Markdown report (CommonMark plus a GFM pipe table).

Every piece of user text (titles, names, file names, reasons) goes through :func:`md`,
so a stakeholder's "|", "*" or "<b>" cannot break the table or inject markup.
"""

from __future__ import annotations

import re
from typing import TextIO

from ldconsult.base.text import one_line
from ldconsult.render.review_common import (
    COLUMNS,
    chart_lines,
    fail_on_line,
    fields,
    in_words,
    summary_line,
)
from ldconsult.review.portfolio import Portfolio
from ldconsult.review.rows import Row

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#])")
_BLOCK_START = re.compile(r"^([>+=-])|^(\d+)([.)])")


def md(text: str) -> str:
    """User text made inert in a Markdown inline context (one line, printable, specials
    escaped)."""
    flat = one_line(str(text))
    flat = _SPECIAL.sub(r"\\\1", flat)
    return _BLOCK_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1)
                            else f"{m.group(2)}\\{m.group(3)}", flat, count=1)


_TABLE_COLUMNS = [c for c in COLUMNS if c != "bank"]


def _row(r: Row) -> str:
    shown = {**fields(r, words=True), "flags": ", ".join(r.flags)}
    return "| " + " | ".join(md(shown[c]) if shown[c] else "" for c in _TABLE_COLUMNS) + " |"


def _chart(title: str, counts: dict[str, int]) -> list[str]:
    if not counts:
        return []
    width = max(len(k) for k in counts)
    body = [f"{label.ljust(width)}  {bar:<30} {n}".rstrip()
            for label, bar, n in chart_lines(counts)]
    return [f"### {title}", "", "```text", *body, "```", ""]


def report(p: Portfolio) -> str:
    lines = ["# Intake portfolio review", "", md(summary_line(p)), ""]
    hit = fail_on_line(p)
    if hit:
        lines += [f"**{md(hit)}**", ""]
    lines += ["## Portfolio", ""]
    if p.rows:
        lines += ["| File | Title | Requester | Date | Verdict | Top intervention | Flags "
                  "| Status |", "|---|---|---|---|---|---|---|---|"]
        lines += [_row(r) for r in p.rows]
    else:
        lines.append("No intakes to show.")
    lines += ["", "## Counts", ""]
    counts = in_words(p.counts())
    lines += _chart("Verdicts", counts["verdict"]) + _chart("Flags", counts["flag"]) + \
        _chart("Follow-up status", counts["status"])
    by_file = {r.file: r for r in p.rows}
    if p.push_back:
        lines += ["## Push back on", "",
                  "Solution-first requests whose causes lie in the environment:", ""]
        lines += [f"- {md(f)}: {md(by_file[f].title or '(untitled)')}"
                  + (f" ({md(by_file[f].requester)})" if by_file[f].requester else "")
                  for f in p.push_back]
        lines.append("")
    if p.failures:
        lines += ["## Could not read", ""]
        lines += [f"- {md(f.file + (f':{f.line}' if f.line else ''))}: {md(f.reason)}"
                  for f in p.failures]
        lines.append("")
    if p.skipped:
        lines += ["## Skipped drafts", ""]
        lines += [f"- {md(s.file)}: {md(s.reason)}" for s in p.skipped]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render(p: Portfolio, stream: TextIO) -> None:
    stream.write(report(p))
