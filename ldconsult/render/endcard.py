"""The card that ends an interview: one screen (80×24) the stakeholder can read at a glance.

Verdict, headline, the lead fix with its owner and why it leads, the top three flags,
the next step, and the exact commands for the full report and the memo. The lines are
shared out between the parts (each at most MOST lines), so the card never scrolls: at
most CARD_LINES lines, which leaves room for the "Saved:" line and the shell's prompt.
Why the lead leads and each flag are sentences: each is shown whole or left out, and
the flags left out are counted ("+2 more (1 high) in the full report"). The headline, the
lead and the next step are always there (the next step whole, up to MOST lines, before
any flag: what to do is not cut for a warning); when even they do not fit, they are cut
with "…" after a whole word.
The full summary stays one command away (``ldconsult recommend PATH``, or
``interview --full``).

User text goes into :class:`rich.text.Text`, never into markup.
"""

from __future__ import annotations

import shlex
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.text import Text

from ldconsult.base.text import printable, wrap
from ldconsult.engine.recommendation import VERDICT_LABELS, Intervention, Recommendation
from ldconsult.render.summary import (
    SEVERITY_RANK,
    SEVERITY_STYLE,
    VERDICT_BORDER,
    VERDICT_STYLE,
)
from ldconsult.render.textutil import because

CARD_LINES = 22  # 24 rows less "Saved: …" and the shell prompt after it
MAX_WIDTH = 100
LABEL = 12  # the label column: "Next step   "
# Lines each part may take, at most (see _share).
MOST = {"headline": 6, "lead": 2, "why": 4, "flag": 3, "next": 4}
HEADLINE_LEAST = 2
TOP_FLAGS = 3
# What gets the lines left, in this order: the headline and the lead grow up to their
# need; the sentences (why the lead leads, then the flags) come whole.
ORDER = ("headline", "lead", "why", "flag0", "flag1", "flag2")
FLAG_MARK = {"high": "▲", "medium": "△", "low": "·", "info": "·"}


class EndCard:
    """A Rich renderable; lays itself out for the width it is given (at most MAX_WIDTH).

    Nothing is cut inside a word, so no date or number shows in part: a part that does
    not fit its lines ends with "…" after its last whole word, and the next step's owner
    and date, and the banner's meeting date, are kept whole while the text before them
    is cut."""

    def __init__(self, rec: Recommendation, intake_path: str, memo_path: str) -> None:
        self.rec = rec
        self.intake_path = intake_path
        self.memo_path = memo_path

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(options.max_width, MAX_WIDTH)
        commands = [Text("The full report, and the memo for the stakeholder:", style="bold"),
                    *_command([["ldconsult"], ["recommend"], [self.intake_path]], width),
                    *_command([["ldconsult"], ["export"], [self.intake_path],
                               ["-o", self.memo_path]], width)]
        parts = _parts(self.rec, width)
        rows = sum(len(t.wrap(console, width)) for t in commands)  # a long path folds
        banner = _banner(self.rec, width)
        # the banner as drawn: its borders, and a long verdict that wraps on a narrow screen
        room = CARD_LINES - len(console.render_lines(banner, options.update_width(width))) - rows
        # The blank lines (after the headline, before the commands) give way, the second
        # first, if that keeps the headline (it says it all: verdict, fix, target, date) or
        # the lead whole, or shows why the lead leads or another flag.
        blanks, lines = max(((n, _share(parts, room - n)) for n in (2, 1, 0)),
                            key=lambda b: (sum(b[1].values()) <= room - b[0],
                                           _shown(b[1], parts), b[0]))
        yield banner
        yield from parts["headline"].render(lines["headline"])
        yield from [Text("")] * min(blanks, 1)
        for name in ("lead", "why"):
            yield from parts[name].render(lines[name])
        shown = [n for n in range(len(parts["flags"])) if lines[f"flag{n}"]]
        for n in shown:
            yield from parts["flags"][n].render(lines[f"flag{n}"])
        if lines["more"]:
            on_card = {id(parts["top"][n]) for n in shown}
            yield from _more_flags([f for f in self.rec.flags if id(f) not in on_card],
                                   bool(shown), width)
        yield from parts["next"].render(lines["next"])
        yield from [Text("")] * (blanks - 1)
        yield from commands


def end_card(rec: Recommendation, intake_path: str, memo_path: str) -> EndCard:
    return EndCard(rec, intake_path, memo_path)


# ---------------------------------------------------------------------------------------
# Parts, and the lines each gets

class Part:
    """A piece of the card: its label, its text, and a tail that is never cut (an owner
    and a date); it renders in as many lines as it is given, cut at a word."""

    def __init__(self, label: str | None, text: str, width: int, *, tail: str = "",
                 style: str = "", mark: tuple[str, str] | None = None) -> None:
        self.label, self.style, self.mark, self.tail = label, style, mark, tail
        self.width = width - (LABEL if label is not None else 0) - (2 if mark else 0)
        self.text = " ".join(printable(text).split())
        self.need = len(self.lines(99)) if self.text or tail else 0

    def lines(self, budget: int) -> list[str]:
        whole = wrap(" ".join(x for x in (self.text, self.tail) if x), self.width,
                     cells=cell_len)
        if len(whole) <= budget:
            return whole
        if len(wrap(self.tail, self.width - 2, cells=cell_len)) >= budget:  # no room left
            return _fit(" ".join(x for x in (self.text, self.tail) if x), "", self.width,
                        budget)
        return _fit(self.text, self.tail, self.width, budget)

    def render(self, budget: int) -> list[Text]:
        out = []
        for n, line in enumerate(self.lines(budget) if budget else []):
            row = Text()
            if self.label is not None:
                row.append(f"{self.label if n == 0 else '':<{LABEL}}", style="bold")
            if self.mark:
                row.append(f"{self.mark[0] if n == 0 else ' '} ", style=self.mark[1])
            row.append(line, style=self.style)
            out.append(row)
        return out


def _parts(rec: Recommendation, width: int) -> dict[str, Any]:
    lead = rec.lead
    if lead is not None:
        lead_part = Part("Lead fix", lead.title, width, tail=f"(owner: {lead.owner})",
                         style="bold")
        why = Part("Why first", lead_reason(rec, lead), width)
    else:  # more_info, no_intervention: what to find out is the way forward
        missing = "; ".join(f"{m.item} (ask {m.ask})" for m in rec.missing)
        lead_part = Part("Find out", missing, width)
        why = Part("", "", width)
    top = sorted(rec.flags, key=lambda f: SEVERITY_RANK.get(f.severity, 9))[:TOP_FLAGS]
    flags = [Part("Flags" if n == 0 else "", f.message, width,
                  mark=(FLAG_MARK.get(f.severity, "·"), SEVERITY_STYLE.get(f.severity, "")))
             for n, f in enumerate(top)]
    step = rec.next_steps[0] if rec.next_steps else None
    nxt = Part("Next step", step.action, width,
               tail=f"({step.owner}{f', by {step.due}' if step.due else ''})") if step \
        else Part("", "", width)
    return {"headline": Part(None, rec.headline, width, style="bold"), "lead": lead_part,
            "why": why, "flags": flags, "top": top, "flag_count": len(rec.flags), "next": nxt}


def _share(parts: dict[str, Any], room: int) -> dict[str, int]:
    """Lines for each part, "more" (the line that counts the flags left out) among them.

    First what is always there: two lines of the headline, the lead's first line and the
    next step. Then, in ORDER, the headline and the lead grow up to what they would fill,
    and each sentence (why the lead leads, a flag) gets its lines whole if they are left,
    else none (one longer than MOST allows, always none); once a flag is left out, so are
    those after it (the card never shows a flag and hides a graver one). When flags are
    left out, a line says how many: it is kept before the rest is shared out."""
    got = _fill(parts, room)
    shown = sum(1 for n in range(len(parts["flags"])) if got[f"flag{n}"])
    if parts["flag_count"] > shown:
        got = _fill(parts, room - 1)
        got["more"] = 1
    return got


def _fill(parts: dict[str, Any], room: int) -> dict[str, int]:
    flags = parts["flags"]
    # a sentence longer than its most is never shown (it would be cut): need is 0 lines
    need = {"headline": min(parts["headline"].need, MOST["headline"]),
            "lead": min(parts["lead"].need, MOST["lead"]),
            "why": _whole(parts["why"].need, MOST["why"]),
            "next": min(parts["next"].need, MOST["next"])}
    need |= {f"flag{n}": _whole(f.need, MOST["flag"]) for n, f in enumerate(flags)}
    got = dict.fromkeys(need, 0)
    got |= {"headline": min(need["headline"], HEADLINE_LEAST), "lead": min(need["lead"], 1),
            "next": need["next"], "more": 0}
    over = sum(got.values()) - room
    if over > 0:  # a narrow screen: the headline is cut (after a word), then the step
        got["headline"] = max(1, got["headline"] - over)
        got["next"] = max(1, got["next"] - max(0, sum(got.values()) - room))
    flags_fit = True  # no flag left out so far
    for name in ORDER:
        if name not in need:
            continue
        room_left = max(0, room - sum(got.values()))
        if name in ("headline", "lead"):
            got[name] += min(need[name] - got[name], room_left)
        elif 0 < need[name] <= room_left and (flags_fit or name == "why"):
            got[name] = need[name]
        elif name.startswith("flag"):
            flags_fit = False
    return got


def _shown(lines: dict[str, int], parts: dict[str, Any]) -> tuple[bool, bool, int, int]:
    """What a share shows: the headline whole, the lead whole, why the lead leads, and
    how many flags."""
    return (lines["headline"] >= min(parts["headline"].need, MOST["headline"]),
            lines["lead"] >= min(parts["lead"].need, MOST["lead"]), int(lines["why"] > 0),
            sum(1 for k, n in lines.items() if k.startswith("flag") and n))


def _whole(need: int, most: int) -> int:
    return need if need <= most else 0


def _more_flags(flags: list[Any], after: bool, width: int) -> list[Text]:
    """The line that counts the flags the card had no room for (and the high ones)."""
    count, high = len(flags), sum(f.severity == "high" for f in flags)
    what = f"+{count} more" if after else f"{count} flag{'s' if count > 1 else ''}"
    if high:
        what += f" ({high} high)" if count > 1 else " (high)"
    return Part("" if after else "Flags", f"{what} in the full report", width,
                style="dim").render(1)


def _fit(text: str, tail: str, width: int, budget: int) -> list[str]:
    """``text`` cut after a whole word, with "…", so that it and ``tail`` fill at most
    ``budget`` lines of ``width``; the tail stays whole."""
    words = text.split(" ")
    low, high = 0, len(words)
    while low < high:  # the most words that fit
        mid = (low + high + 1) // 2
        shown = " ".join(words[:mid]).rstrip(",;:·-–—") + "…"
        if len(wrap(" ".join(x for x in (shown, tail) if x), width, cells=cell_len)) \
                <= budget:
            low = mid
        else:
            high = mid - 1
    if low == 0:  # not even one word fits: the first is cut (a word wider than a line)
        return [_cut(" ".join(x for x in (text, tail) if x), width)] if budget == 1 else \
            wrap(" ".join(x for x in (text, tail) if x), width, cells=cell_len)[:budget - 1] \
            + [_cut(text, width)]
    shown = " ".join(words[:low]).rstrip(",;:·-–—") + "…"
    return wrap(" ".join(x for x in (shown, tail) if x), width, cells=cell_len)


def _banner(rec: Recommendation, width: int) -> Panel:
    body = Text.assemble((" VERDICT ", VERDICT_STYLE[rec.verdict]), "  ",
                         (VERDICT_LABELS[rec.verdict], "bold"))
    room = width - 4 - body.cell_len - 3  # the panel's borders and padding; the gap
    if room < 24 and cell_len(_who(rec, 10**6)) > room:
        # a long verdict on a narrow screen: the request gets a line of its own
        body.append("\n")
        room = width - 4
    else:
        body.append("   ")
    body.append(_who(rec, room), style="dim")
    return Panel(body, border_style=VERDICT_BORDER[rec.verdict], box=box.HEAVY, expand=True)


def _who(rec: Recommendation, room: int) -> str:
    """'Title · requester · 2026-11-16' in ``room`` cells: the date whole, the words
    before it cut after a whole word."""
    date = rec.meeting_date or ""
    names = " · ".join(" ".join(printable(x).split()) for x in (rec.intake_title,
                                                              rec.requester) if x)
    if not names:
        return date
    if cell_len(f"{names} · {date}" if date else names) <= room:
        return f"{names} · {date}" if date else names
    tail = f" · {date}" if date else ""
    lines = _fit(names, "", room - cell_len(tail), 1) if room - cell_len(tail) > 1 else []
    head = lines[0] if lines else ""
    return (head + tail) if head else date


def lead_reason(rec: Recommendation, lead: Intervention) -> str:
    """Why the lead leads: the engine's reason (without the weights, as the memo says it),
    else the first answer behind it."""
    if rec.lead_reason:
        return because(rec.lead_reason)
    if lead.why:
        e = lead.why[0]
        return f"{e.prompt or e.question} → {e.answer}"
    return lead.summary


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


def _cut(text: str, width: int) -> str:
    """``text`` in ``width`` cells, ending with "…" when it had to be cut (only for one
    word wider than a whole line: anything else is cut after a word, by _fit)."""
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
