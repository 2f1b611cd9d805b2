"""The terminal summary of a recommendation (Rich).

Order: verdict banner, headline, Gilbert's grid as a picture, interventions, flags,
measurement plan, economics, next steps, what to find out, follow-up results.

Every piece of user text goes into :class:`rich.text.Text` objects, never into a markup
string, so a requester's "[red]" or "[/]" shows literally. Each grid cell spells its state
("GAP", "ok", "?") so the picture still reads without colour (NO_COLOR, pipes, files).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.constrain import Constrain
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ldconsult.base.text import clip, printable_model
from ldconsult.engine.recommendation import (
    GRID,
    STATUS_WORDS,
    VERDICT_LABELS,
    Economics,
    Measurement,
    Recommendation,
    Result,
    progress_words,
)
from ldconsult.engine.select import ACTIONABLE
from ldconsult.render.textutil import (
    also_watch,
    bundles,
    checkpoint_text,
    economics_rows,
    evidence_text,
    goal_parts,
    money,
    num,
    paired_behaviours,
    time_left,
)

VERDICT_STYLE = {
    "training": "bold white on blue",
    "non_training": "bold white on green4",
    "blended": "bold white on magenta",
    "more_info": "bold black on yellow",
    "no_intervention": "bold white on grey35",
}
VERDICT_BORDER = {"training": "blue", "non_training": "green", "blended": "magenta",
                  "more_info": "yellow", "no_intervention": "grey50"}
STATE_WORD = {"gap": "GAP", "ok": "ok", "unknown": "?"}
STATE_STYLE = {"gap": "bold white on red", "ok": "bold white on green4",
               "unknown": "bold black on yellow"}
STATE_COLOUR = {"gap": "red", "ok": "green", "unknown": "yellow"}
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2, "info": 3}
SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}
MAX_WIDTH = 100
BANNER_LIMIT = 200  # characters of the title or requester in the banner
TEXT_LIMIT = 1000  # characters of any other piece of text
LIST_LIMIT = 4  # longer lists are cut in the terminal; the memo has them all
# Feedback and manager support are not Gilbert cells of their own: they are shown under
# the cell they belong to (feedback is information; managers shape consequences).
EXTRA_UNDER = {"expectations": ("feedback", "feedback"),
               "incentives": ("manager_support", "managers")}


def render_summary(rec: Recommendation) -> RenderableType:
    """The whole summary as one renderable; print it with any Rich console."""
    # Rich sends ESC and friends to the terminal as they are; and a screen needs no 50 KB
    # answer (the memo has every word).
    rec = printable_model(rec, limit=TEXT_LIMIT)
    parts: list[RenderableType] = [_banner(rec), Text(rec.headline, style="bold")]
    parts += _section("Root causes (Gilbert's grid)", [_grid(rec), _legend(), *_cause_notes(rec)])
    if rec.verdict == "more_info":  # then what to find out is the main message
        parts += _section("Find out first", _missing(rec))
    parts += _section("Interventions", _interventions(rec))
    parts += _section("About the request", _requested(rec))
    parts += _section("Flags", _flags(rec))
    parts += _section("Measurement plan", _measurement(rec.measurement, rec.verdict))
    parts += _section("Economics (rough)", _economics(rec.economics))
    parts += _section("Risks", _bullets(rec.risks))
    parts += _section("Next steps", _next_steps(rec))
    if rec.verdict != "more_info":
        parts += _section("Find out first", _missing(rec))
    if rec.result is not None:
        parts += _section("Results so far", _result(rec.result))
    # On a wide terminal, long lines and a stretched grid are harder to read.
    return Constrain(Group(*parts), width=MAX_WIDTH)


def print_summary(rec: Recommendation, console: Console | None = None) -> None:
    """Print the summary to ``console`` (stdout by default)."""
    from ldconsult.render.console import out

    (console or out()).print(render_summary(rec))


# ---------------------------------------------------------------------------------------
# Pieces

def _banner(rec: Recommendation) -> Panel:
    body = Text.assemble((" VERDICT ", VERDICT_STYLE[rec.verdict]), "  ",
                         (VERDICT_LABELS[rec.verdict], "bold"))
    # The title and requester are free text of any length: the banner shows a line's worth.
    who = " · ".join(clip(x, BANNER_LIMIT) for x in (rec.intake_title, rec.requester,
                                                     rec.meeting_date or "") if x)
    if who:
        body.append(f"\n{who}", style="dim")
    return Panel(body, border_style=VERDICT_BORDER[rec.verdict], box=box.HEAVY, expand=True)


def _section(title: str, body: list[RenderableType]) -> list[RenderableType]:
    if not body:
        return []
    return [Text(""), Text(title, style="bold cyan underline"), *body]


def _grid(rec: Recommendation) -> Table:
    table = Table(box=box.ROUNDED, show_header=False, show_lines=True, expand=True,
                  padding=(0, 1))
    table.add_column("row", style="bold", width=11, no_wrap=True)
    for _ in range(3):
        table.add_column(ratio=1)
    for name, cells in (("Environment", GRID[:3]), ("Individual", GRID[3:])):
        table.add_row(Text(name), *(_cell(rec, cell, label) for cell, label in cells))
    return table


def _cell(rec: Recommendation, cell: str, label: str) -> Text:
    state = _state(rec, cell)
    text = Text(label, style=f"bold {STATE_COLOUR[state]}")
    text.append("\n")
    text.append_text(_badge(state))
    if cell in EXTRA_UNDER:
        extra, short = EXTRA_UNDER[cell]
        text.append(f"\n{short} ")
        text.append_text(_badge(_state(rec, extra)))
    return text


def _state(rec: Recommendation, cell: str) -> str:
    cause = rec.cause(cell)
    return cause.state if cause else "unknown"


def _badge(state: str) -> Text:
    return Text(f" {STATE_WORD[state]} ", style=STATE_STYLE[state])


def _legend() -> Text:
    text = Text("", style="dim")
    for state, meaning in (("gap", "a cause to fix"), ("ok", "not a cause"),
                           ("unknown", "not known yet")):
        text.append_text(_badge(state))
        text.append(f" {meaning}   ", style="dim")
    return text


def _cause_notes(rec: Recommendation) -> list[RenderableType]:
    rows = [(c.label, c.state, c.summary) for c in rec.causes if c.state == "gap" and c.summary]
    if not rows:
        return []
    table = _list_table()
    for label, state, summary in rows:
        table.add_row(_badge(state), Text.assemble((label, "bold"), ": ", summary))
    return [table]


def _interventions(rec: Recommendation) -> list[RenderableType]:
    plan = bundles(rec.interventions)
    table = _list_table()
    for n, item in enumerate(plan.heads, 1):
        head = Text.assemble((f"{item.title}", "bold"))
        if item.lead:
            head.append("  ★ start here", style="bold green")
        body = Text.assemble(head, "\n", (_intervention_facts(item), "dim"))
        if item.lead and rec.lead_reason:
            body.append(f"\n{rec.lead_reason}", style="green")
        if item.duration:
            body.append(f"\n{item.duration}")
        if item.summary and item.lead:  # the memo explains the others; keep this short
            body.append(f"\n{item.summary}")
        for p in plan.partners[item.id]:
            body.append("\n+ together with: ", style="bold")
            body.append(f"{p.title} ({p.owner})")
        why = evidence_text(item.why, limit=2)
        if why:
            body.append("\nbecause ", style="italic")
            body.append(why, style="italic")
        table.add_row(Text(f"{n}.", style="bold"), body)
    parts: list[RenderableType] = [table] if plan.heads else []
    if plan.two_tracks:
        parts.append(Text("Two tracks at the same time: training and the fixes to the work "
                          "start together; neither waits for the other.", style="bold"))
    if rec.also_consider:
        also = Text("Also consider: ", style="bold")
        also.append("; ".join(f"{i.title} ({i.owner})" for i in rec.also_consider))
        parts.append(also)
    return parts


def _intervention_facts(item: Any) -> str:
    kind = "training" if item.kind == "training" else "non-training"
    referral = item.referral and "referral" not in item.owner.lower()
    owner = f"owner: {item.owner}" + (" (referral)" if referral else "")
    hours = f" · {num(item.hours)} h each" + (f" × {num(item.learners)}" if item.learners else "") \
        if item.hours else ""
    start = f" · starts {item.start}" if item.start else (
        " · at the next reset" if item.kind == "non_training" and item.score and
        item.score.timing < 0 else "")
    cost = f" · ~{money(item.cost)}" if item.cost is not None else ""
    return f"{kind} · {owner} · effort: {item.effort}{hours}{start}{cost}"


def _requested(rec: Recommendation) -> list[RenderableType]:
    req = rec.requested
    if not (req.solution or req.as_stated or req.finding):
        return []
    lines: list[RenderableType] = []
    asked = req.as_stated or req.solution
    if asked:
        hours = f" ({num(req.format_hours)} h per person)" if req.format_hours else ""
        lines.append(Text.assemble(("Asked for: ", "bold"), asked, hours))
    if req.finding:
        lines.append(Text(req.finding))
    if req.how_we_serve_the_goal:
        lines.append(Text(req.how_we_serve_the_goal))
    return lines


def _flags(rec: Recommendation) -> list[RenderableType]:
    table = _list_table()
    for flag in sorted(rec.flags, key=lambda f: SEVERITY_RANK.get(f.severity, 9)):
        mark = Text(f"{flag.severity:<6}", style=SEVERITY_STYLE.get(flag.severity, ""))
        table.add_row(mark, Text.assemble((flag.code, "bold"), "  ", flag.message))
    return [table] if rec.flags else []


def _measurement(m: Measurement, verdict: str) -> list[RenderableType]:
    table = _fact_table()
    builds = verdict in ACTIONABLE
    if m.kpi or m.baseline or m.target:
        kpi = Text(m.kpi or "no KPI agreed yet", style="" if m.kpi else "yellow")
        if m.source:
            kpi.append(f" (source: {m.source})", style="dim")
        table.add_row("KPI", kpi)
        g = goal_parts(m, builds)
        if g and (g["target"] or g["date"]):
            table.add_row("Goal", Text(f"{g['baseline']} → {g['target']} {g['date']}".strip()))
        if m.secondary:
            table.add_row("Also watch", Text("; ".join(also_watch(m))))
    behaviours = [b["text"] + (f" ({b['observer']})" if b["observer"] else "")
                  for b in paired_behaviours(m)]
    for label, items in (("Leading", m.leading_indicators), ("Behaviours", behaviours),
                         ("Drivers", m.drivers)):
        if items:
            table.add_row(label, Text("\n".join(f"• {i}" for i in items[:LIST_LIMIT])
                                      + _more(len(items))))
    if m.checkpoints:
        table.add_row("Checkpoints", Text("\n".join(checkpoint_text(c) for c in m.checkpoints)))
    parts: list[RenderableType] = [table] if table.row_count else []
    if m.vanity_warning:
        parts.append(Text.assemble(("⚠ ", "bold yellow"), (m.vanity_warning, "yellow")))
    return parts


def _more(n: int) -> str:
    return f"\n  (+{n - LIST_LIMIT} more in the memo)" if n > LIST_LIMIT else ""


def _economics(e: Economics) -> list[RenderableType]:
    table = _fact_table()
    for label, value in economics_rows(e):
        table.add_row(label, Text(value))
    if not table.row_count:
        return []
    return [table, *(Text(n, style="dim") for n in e.notes), Text(e.currency_note, style="dim")]


def _next_steps(rec: Recommendation) -> list[RenderableType]:
    table = _list_table()
    for step in rec.next_steps:
        who = Text(f"{step.owner}" + (f", by {step.due}" if step.due else ""), style="dim")
        table.add_row(Text("→", style="bold"), Text.assemble(step.action, " — ", who))
    return [table] if rec.next_steps else []


def _missing(rec: Recommendation) -> list[RenderableType]:
    table = _list_table()
    for m in rec.missing:
        body = Text.assemble((m.item, "bold"), " — ask ", m.ask)
        if m.how:
            body.append(f"\nHow: {m.how}")
        if m.why:
            body.append(f" ({m.why})", style="dim")
        table.add_row(Text("?", style="bold yellow"), body)
    return [table] if rec.missing else []


def _result(r: Result) -> list[RenderableType]:
    table = _fact_table()
    table.add_row("Status", Text(STATUS_WORDS.get(r.status, r.status), style="bold"))
    if r.latest is not None:
        when = f" ({r.latest_date})" if r.latest_date else ""
        better = f", {r.direction} is better" if r.direction else ""
        table.add_row("Latest", Text(f"{num(r.latest)}{when}; baseline {num(r.baseline) or '?'}"
                                     f", target {num(r.target) or '?'}{better}"))
    if r.progress_percent is not None:
        table.add_row("Progress", Text(progress_words(r.progress_percent)))
    if r.trend:
        label = f"Trend ({r.readings})" if r.readings > len(r.trend) else "Trend"
        table.add_row(label, Text(" → ".join(num(x) for x in r.trend)))
    if r.behaviours_seen:
        table.add_row("Behaviours", Text(f"seen on the job: {r.behaviours_seen}"))
    deadline = time_left(r.days_left, r.deadline)
    if deadline:
        table.add_row("Time", Text(deadline))
    if r.next_checkpoint:
        table.add_row("Next check", Text(r.next_checkpoint))
    parts: list[RenderableType] = [table]
    if r.message:
        parts.append(Text(r.message))
    parts += _bullets(r.next_iteration)
    return parts


def _bullets(items: Iterable[str]) -> list[RenderableType]:
    table = _list_table()
    for item in items:
        table.add_row(Text("•"), Text(item))
    return [table] if table.row_count else []


# ---------------------------------------------------------------------------------------
# Helpers

def _list_table() -> Table:
    """Two columns: a narrow marker and wrapped text (keeps hanging indents at 80 cols)."""
    table = Table.grid(padding=(0, 1), expand=False)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    return table


def _fact_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    return table


