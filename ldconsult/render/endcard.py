"""The card that ends an interview: one screen (80×24) the stakeholder can read at a glance.

Verdict, headline, the lead fix with its owner and why it leads, the top three flags,
the next step, and the exact commands for the full report and the memo. Each part has a
line budget (BUDGET) and is cut with "…" beyond it, so the card never scrolls: at most
CARD_LINES lines, which leaves room for the "Saved:" line and the shell's prompt.
The full summary stays one command away (``ldconsult recommend PATH``, or
``interview --full``).

User text goes into :class:`rich.text.Text`, never into markup.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.text import Text

from ldconsult.base.text import printable, wrap
from ldconsult.engine.recommendation import (
    VERDICT_LABELS,
    Flag,
    Intervention,
    Recommendation,
)
from ldconsult.render.summary import (
    SEVERITY_RANK,
    SEVERITY_STYLE,
    VERDICT_BORDER,
    VERDICT_STYLE,
)

CARD_LINES = 22  # 24 rows less "Saved: …" and the shell prompt after it
MAX_WIDTH = 100
LABEL = 12  # the label column: "Next step   "
# Lines each part may take; the headline takes what is left, within HEADLINE_LINES.
BUDGET = {"lead": 2, "why": 2, "flags": 3, "next": 2}
HEADLINE_LINES = (2, 6)
FLAG_MARK = {"high": "▲", "medium": "△", "low": "·", "info": "·"}


class EndCard:
    """A Rich renderable; lays itself out for the width it is given (at most MAX_WIDTH)."""

    def __init__(self, rec: Recommendation, intake_path: str, memo_path: str) -> None:
        self.rec = rec
        self.intake_path = intake_path
        self.memo_path = memo_path

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(options.max_width, MAX_WIDTH)
        body = [*_lead(self.rec, width), *_flags(self.rec.flags, width),
                *_next_step(self.rec, width)]
        commands = [Text("The full report, and the memo for the stakeholder:", style="bold"),
                    *_command([["ldconsult"], ["recommend"], [self.intake_path]], width),
                    *_command([["ldconsult"], ["export"], [self.intake_path],
                               ["-o", self.memo_path]], width)]
        # The headline gets what the rest leaves (3: the banner; 2: the blank lines).
        room = CARD_LINES - 3 - 2 - len(body) - len(commands)
        yield _banner(self.rec, width)
        yield from _clip(self.rec.headline, width, max(HEADLINE_LINES[0],
                                                       min(room, HEADLINE_LINES[1])), "bold")
        yield Text("")
        yield from body
        yield Text("")
        yield from commands


def end_card(rec: Recommendation, intake_path: str, memo_path: str) -> EndCard:
    return EndCard(rec, intake_path, memo_path)


# ---------------------------------------------------------------------------------------
# Parts

def _banner(rec: Recommendation, width: int) -> Panel:
    body = Text.assemble((" VERDICT ", VERDICT_STYLE[rec.verdict]), "  ",
                         (VERDICT_LABELS[rec.verdict], "bold"))
    who = " · ".join(printable(x) for x in (rec.intake_title, rec.requester,
                                            rec.meeting_date or "") if x)
    room = width - 4 - body.cell_len - 3  # the panel's borders and padding; the gap
    if who and room >= 12:
        body.append("   ")
        body.append(_cut(who, room), style="dim")
    return Panel(body, border_style=VERDICT_BORDER[rec.verdict], box=box.HEAVY, expand=True)


def _lead(rec: Recommendation, width: int) -> list[Text]:
    lead = rec.lead
    if lead is None:  # more_info, no_intervention: what to find out is the way forward
        missing = "; ".join(f"{m.item} (ask {m.ask})" for m in rec.missing)
        return _row("Find out", missing, width, BUDGET["lead"] + BUDGET["why"]) if missing \
            else []
    return (_row("Lead fix", f"{lead.title} (owner: {lead.owner})", width, BUDGET["lead"],
                 "bold")
            + _row("Why first", lead_reason(rec, lead), width, BUDGET["why"]))


def lead_reason(rec: Recommendation, lead: Intervention) -> str:
    """Why the lead leads: the engine's reason, else the first answer behind it."""
    if rec.lead_reason:
        return rec.lead_reason
    if lead.why:
        e = lead.why[0]
        return f"{e.prompt or e.question} → {e.answer}"
    return lead.summary


def _next_step(rec: Recommendation, width: int) -> list[Text]:
    if not rec.next_steps:
        return []
    step = rec.next_steps[0]
    due = f", by {step.due}" if step.due else ""
    return _row("Next step", f"{step.action} ({step.owner}{due})", width, BUDGET["next"])


def _flags(flags: Sequence[Flag], width: int) -> list[Text]:
    top = sorted(flags, key=lambda f: SEVERITY_RANK.get(f.severity, 9))[:BUDGET["flags"]]
    lines: list[Text] = []
    for n, flag in enumerate(top):
        label = Text(f"{'Flags' if n == 0 else '':<{LABEL}}", style="bold")
        label.append(f"{FLAG_MARK.get(flag.severity, '·')} ",
                     style=SEVERITY_STYLE.get(flag.severity, ""))
        label.append(_cut(printable(flag.message), width - LABEL - 2))
        lines.append(label)
    return lines


def _command(units: list[list[str]], width: int) -> list[Text]:
    """A command to copy, continued with " \\" when wider than a line; a unit (an option
    and its value) stays on one line. A path wider than the screen still folds."""
    quoted = [" ".join(shlex.quote(w) for w in unit) for unit in units]
    lines, line = [], quoted[0]
    for word in quoted[1:]:
        if cell_len(line) + 1 + cell_len(word) + 2 > width:  # 2: room for " \\"
            lines.append(line + " \\")
            line = "  " + word
        else:
            line += " " + word
    return [Text(text) for text in [*lines, line]]


# ---------------------------------------------------------------------------------------
# Fitting text in its budget

def _row(label: str, text: str, width: int, budget: int, style: str = "") -> list[Text]:
    lines = wrap(" ".join(text.split()), width - LABEL, cells=cell_len)
    lines = _budget(lines, budget, width - LABEL)
    return [Text.assemble((f"{label if n == 0 else '':<{LABEL}}", "bold"), (line, style))
            for n, line in enumerate(lines)]


def _clip(text: str, width: int, budget: int, style: str = "") -> list[Text]:
    lines = _budget(wrap(" ".join(text.split()), width, cells=cell_len), budget,
                    width)
    return [Text(line, style=style) for line in lines]


def _budget(lines: list[str], budget: int, width: int) -> list[str]:
    if len(lines) <= budget:
        return lines
    return lines[:budget - 1] + [_cut(lines[budget - 1] + " " + lines[budget], width)]


def _cut(text: str, width: int) -> str:
    """``text`` in ``width`` cells, ending with "…" when it had to be cut."""
    if cell_len(text) <= width:
        return text
    # The longest start of the text in width - 1 cells, found by halving: a longer start
    # never measures fewer cells. (Dropping one character at a time and measuring again
    # took seconds on a long title. rich's set_cell_size is no substitute: it measures
    # zero-width joiners and variation selectors differently from cell_len.)
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if cell_len(text[:mid]) < width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"
