"""The review for a terminal: portfolio table, bar charts, push-back list, unreadable files.

User text is passed as ``rich.text.Text`` (never as markup), so "[red]" in a title stays
literal. Bars are unicode blocks followed by the count: readable without colour.
"""

from __future__ import annotations

import os

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from ldconsult.render.review_common import chart_lines, fail_on_line, summary_line
from ldconsult.review import Portfolio

_VERDICT_STYLE = {"training": "cyan", "non_training": "green", "blended": "yellow",
                  "more_info": "magenta", "no_intervention": "dim"}
_STATUS_STYLE = {"on_track": "green", "off_track": "red", "target_reached": "bold green",
                 "no_data": "dim"}


WIDE = 140  # below this, each intake takes a few lines in four columns


class PortfolioTable:
    """The portfolio, laid out for the width it gets: eight columns on a wide terminal,
    four stacked columns on a narrow one (80 columns cannot hold eight readable ones)."""

    def __init__(self, p: Portfolio) -> None:
        self.p = p

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        base = _common_folder([r.file for r in self.p.rows])
        title = "Portfolio" + (f" (files in {base}{os.sep})" if base else "")
        wide = options.max_width >= WIDE
        yield (_wide if wide else _narrow)(self.p, Text(title), len(base) + 1 if base else 0)


def portfolio_table(p: Portfolio) -> PortfolioTable:
    return PortfolioTable(p)


def _common_folder(files: list[str]) -> str:
    """The folder every file is in (shown once in the title, not on every row)."""
    folders = {os.path.dirname(f) for f in files}
    try:
        common = os.path.commonpath(list(folders)) if folders else ""
    except ValueError:  # absolute and relative paths mixed
        return ""
    return common if common and all(f.startswith(common + os.sep) for f in files) else ""


def _table(title: Text, gap: int = 0) -> Table:
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                 padding=(0, 1, gap, 0), pad_edge=False)


def _wide(p: Portfolio, title: Text, cut: int) -> Table:
    table = _table(title)
    for name in ("File", "Title", "Requester", "Date", "Verdict", "Top intervention",
                 "Flags", "Status"):
        table.add_column(name, overflow="fold", no_wrap=name in ("Date", "Verdict"))
    for r in p.rows:
        table.add_row(Text(r.file[cut:]), Text(r.title), Text(r.requester), Text(r.date),
                      Text(r.verdict, style=_VERDICT_STYLE.get(r.verdict, "")),
                      Text(r.top_intervention), Text("\n".join(r.flags)),
                      Text(r.status or "—", style=_STATUS_STYLE.get(r.status, "dim")))
    return table


def _narrow(p: Portfolio, title: Text, cut: int) -> Table:
    table = _table(title, gap=1)  # a blank line between intakes
    table.add_column("Intake", overflow="fold", ratio=3)
    table.add_column("Verdict / status", no_wrap=True)
    table.add_column("Top intervention", overflow="fold", ratio=2)
    table.add_column("Flags", overflow="fold", ratio=2)
    for r in p.rows:
        intake = Text(r.title or "(untitled)", style="bold")
        intake.append(f"\n{r.file[cut:]}", style="dim")
        who = " · ".join(x for x in (r.requester, r.date) if x)
        if who:
            intake.append(f"\n{who}")
        verdict = Text(r.verdict, style=_VERDICT_STYLE.get(r.verdict, ""))
        if r.status:
            verdict.append(f"\n{r.status}", style=_STATUS_STYLE.get(r.status, "dim"))
        table.add_row(intake, verdict, Text(r.top_intervention), Text("\n".join(r.flags)))
    return table


def chart(title: str, counts: dict[str, int], style: str = "cyan") -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    for label, bar, n in chart_lines(counts):
        grid.add_row(Text(label), Text(bar or " ", style=style), Text(str(n)))
    return Group(Text(title, style="bold"), grid)


def _bullets(marker: str, lines: list[Text]) -> Table:
    """A list whose wrapped lines stay indented under their text."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for line in lines:
        grid.add_row(f"  {marker}", line)
    return grid


def _push_back(p: Portfolio) -> list[RenderableType]:
    if not p.push_back:
        return []
    by_file = {r.file: r for r in p.rows}
    lines = []
    for f in p.push_back:
        row = by_file[f]
        line = Text(f)
        line.append(f" — {row.title or '(untitled)'}")
        if row.requester:
            line.append(f" ({row.requester})")
        lines.append(line)
    return [Text("Push back on", style="bold"),
            Text("Solution-first requests whose causes lie in the environment:", style="dim"),
            _bullets("•", lines), Text("")]


def _unreadable(p: Portfolio) -> list[RenderableType]:
    out: list[RenderableType] = []
    if p.failures:
        out += [Text(f"Could not read ({len(p.failures)})", style="bold red"),
                _bullets("✗", [Text(" ".join(str(f).split())) for f in p.failures]), Text("")]
    if p.skipped:
        out += [Text(f"Skipped drafts ({len(p.skipped)})", style="bold"),
                _bullets("-", [Text(f"{s.file}: {s.reason}") for s in p.skipped]), Text("")]
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
