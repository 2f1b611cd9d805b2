"""The review for a terminal: portfolio table, bar charts, push-back list, unreadable files.

User text is passed as ``rich.text.Text`` (never as markup), so "[red]" in a title stays
literal. Bars are unicode blocks followed by the count: readable without colour.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ldconsult.render.review_common import chart_lines, fail_on_line, summary_line
from ldconsult.review import Portfolio

_VERDICT_STYLE = {"training": "cyan", "non_training": "green", "blended": "yellow",
                  "more_info": "magenta", "no_intervention": "dim"}
_STATUS_STYLE = {"on_track": "green", "off_track": "red", "target_reached": "bold green",
                 "no_data": "dim"}


def portfolio_table(p: Portfolio) -> Table:
    # A light box keeps eight columns inside the terminal: text folds within its cell
    # (nothing is cut off); only the date never wraps.
    table = Table(title="Portfolio", title_justify="left", box=box.SIMPLE_HEAD,
                  show_edge=False, padding=(0, 1, 0, 0), pad_edge=False)
    for name in ("File", "Title", "Requester", "Date", "Verdict", "Top intervention",
                 "Flags", "Status"):
        table.add_column(name, overflow="fold", no_wrap=name == "Date")
    for r in p.rows:
        table.add_row(Text(r.file), Text(r.title), Text(r.requester), Text(r.date),
                      Text(r.verdict, style=_VERDICT_STYLE.get(r.verdict, "")),
                      Text(r.top_intervention), Text(" ".join(r.flags)),
                      Text(r.status or "—", style=_STATUS_STYLE.get(r.status, "dim")))
    return table


def chart(title: str, counts: dict[str, int], style: str = "cyan") -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    for label, bar, n in chart_lines(counts):
        grid.add_row(Text(label), Text(bar or " ", style=style), Text(str(n)))
    return Group(Text(title, style="bold"), grid)


def _push_back(p: Portfolio) -> list[RenderableType]:
    if not p.push_back:
        return []
    by_file = {r.file: r for r in p.rows}
    out: list[RenderableType] = [
        Text("Push back on", style="bold"),
        Text("Solution-first requests whose causes lie in the environment:", style="dim")]
    for f in p.push_back:
        line = Text("  • ")
        line.append(f)
        row = by_file[f]
        line.append(f" — {row.title or '(untitled)'}")
        if row.requester:
            line.append(f" ({row.requester})")
        out.append(line)
    return out + [Text("")]


def _unreadable(p: Portfolio) -> list[RenderableType]:
    out: list[RenderableType] = []
    if p.failures:
        out.append(Text(f"Could not read ({len(p.failures)})", style="bold red"))
        out += [Text("  ✗ ").append(" ".join(str(f).split())) for f in p.failures]
        out.append(Text(""))
    if p.skipped:
        out.append(Text(f"Skipped drafts ({len(p.skipped)})", style="bold"))
        out += [Text(f"  - {s.file}: {s.reason}") for s in p.skipped]
        out.append(Text(""))
    return out


def render(p: Portfolio) -> RenderableType:
    parts: list[RenderableType] = [Text(summary_line(p), style="bold"), Text("")]
    parts.append(portfolio_table(p) if p.rows else Text("No intakes to show.", style="dim"))
    parts.append(Text(""))
    counts = p.counts()
    for title, key, style in (("Verdicts", "verdict", "cyan"), ("Flags", "flag", "yellow"),
                              ("Follow-up status", "status", "green")):
        if counts[key]:
            parts += [chart(title, counts[key], style), Text("")]
    parts += _push_back(p) + _unreadable(p)
    hit = fail_on_line(p)
    if hit:
        parts.append(Text(hit, style="bold red"))
    while parts and isinstance(parts[-1], Text) and not parts[-1].plain:
        parts.pop()
    return Group(*parts)
