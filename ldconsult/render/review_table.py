"""The review for a terminal: portfolio table, bar charts, push-back list, unreadable files.

User text is passed as ``rich.text.Text`` or grid cells (never as markup), so "[red]" in
a title stays literal, and always through :func:`printable`, so a title, file name or
reason cannot drive the terminal. Bars are unicode blocks followed by the count:
readable without colour.
"""

from __future__ import annotations

import os

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from ldconsult.base.text import clip, one_line, printable
from ldconsult.render import review_grid as grid
from ldconsult.render.review_common import (
    chart_lines,
    fail_on_line,
    fields,
    in_words,
    summary_line,
)
from ldconsult.review.portfolio import Portfolio
from ldconsult.review.rows import Row

_VERDICT_STYLE = {"training": "cyan", "non_training": "green", "blended": "yellow",
                  "more_info": "magenta", "no_intervention": "dim"}
_STATUS_STYLE = {"on_track": "green", "off_track": "red", "target_reached": "bold green",
                 "no_change_yet": "cyan", "no_data": "dim"}


WIDE = 140  # below this, each intake takes a few lines in four columns


class PortfolioTable:
    """The portfolio, laid out for the width it gets: eight columns on a wide terminal,
    four stacked columns on a narrow one (80 columns cannot hold eight readable ones)."""

    def __init__(self, p: Portfolio) -> None:
        self.p = p

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        base = _common_folder([r.file for r in self.p.rows])
        yield Text("Portfolio" + (f" (files in {printable(base)}{os.sep})" if base else ""),
                   style="bold")
        cut = len(base) + 1 if base else 0
        if options.max_width >= WIDE:
            yield from grid.render(_WIDE, [_wide_row(r, cut) for r in self.p.rows],
                                   options.max_width)
        else:
            yield from grid.render(_NARROW, [_narrow_row(r, cut) for r in self.p.rows],
                                   options.max_width, blank_between=True)


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


_WIDE = [grid.Column("File"), grid.Column("Title"), grid.Column("Requester"),
         grid.Column("Date", wrap=False), grid.Column("Verdict", wrap=False),
         grid.Column("Top intervention"), grid.Column("Flags", wrap=False),
         grid.Column("Status", wrap=False)]
_NARROW = [grid.Column("Intake"), grid.Column("Verdict / status", wrap=False),
           grid.Column("Top intervention"), grid.Column("Flags", wrap=False)]


def _wide_row(r: Row, cut: int) -> list[grid.Cell]:
    t = _shown(r, cut)
    return [[(t.file, "")], [(t.title, "")], [(t.requester, "")], [(t.date, "")],
            [(t.verdict, _VERDICT_STYLE.get(r.verdict, ""))], [(t.top_intervention, "")],
            [(f, "") for f in t.flags],
            [(t.status or "—", _STATUS_STYLE.get(r.status, "dim"))]]


def _narrow_row(r: Row, cut: int) -> list[grid.Cell]:
    t = _shown(r, cut)
    intake = [(t.title or "(untitled)", "bold"), (t.file, "dim")]
    who = " · ".join(x for x in (t.requester, t.date) if x)
    if who:
        intake.append((who, ""))
    verdict = [(t.verdict, _VERDICT_STYLE.get(r.verdict, ""))]
    if r.status:
        verdict.append((t.status, _STATUS_STYLE.get(r.status, "dim")))
    return [intake, verdict, [(t.top_intervention, "")], [(f, "") for f in t.flags]]


CELL_LIMIT = 200  # characters of one field shown in the table (CSV and JSON have all)
LINE_LIMIT = 400  # characters of one push-back or could-not-read line


def _shown(r: Row, cut: int) -> Row:
    """The row as the table shows it: every field printable and cut to CELL_LIMIT, so a
    900 KB title costs what a short one does to lay out (it took 77 s); the verdict and
    status in words (CSV and JSON keep the ids)."""
    def cell(text: str) -> str:
        return printable(text, limit=CELL_LIMIT)

    shown = {**fields(r, words=True), "file": r.file[cut:]}
    return Row(**{c: tuple(map(cell, v)) if c == "flags" else cell(v)
                  for c, v in shown.items()})


def chart(title: str, counts: dict[str, int], style: str = "cyan") -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    for label, bar, n in chart_lines(counts):
        grid.add_row(Text(label), Text(bar or " ", style=style), Text(str(n)))
    return Group(Text(title, style="bold"), grid)


class _Bullets:
    def __init__(self, marker: str, items: list[str]) -> None:
        self.marker, self.items = marker, items

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from grid.bullets(self.marker, self.items, options.max_width)


def _push_back(p: Portfolio) -> list[RenderableType]:
    if not p.push_back:
        return []
    by_file = {r.file: r for r in p.rows}
    lines = []
    for f in p.push_back:
        row = by_file[f]
        who = f" ({row.requester})" if row.requester else ""
        lines.append(one_line(clip(f"{f} — {row.title or '(untitled)'}{who}", LINE_LIMIT)))
    return [Text("Push back on", style="bold"),
            Text("Solution-first requests whose causes lie in the environment:", style="dim"),
            _Bullets("•", lines), Text("")]


def _unreadable(p: Portfolio) -> list[RenderableType]:
    out: list[RenderableType] = []
    if p.failures:
        out += [Text(f"Could not read ({len(p.failures)})", style="bold red"),
                _Bullets("✗", [one_line(clip(str(f), LINE_LIMIT)) for f in p.failures]),
                Text("")]
    if p.skipped:
        out += [Text(f"Skipped drafts ({len(p.skipped)})", style="bold"),
                _Bullets("-", [one_line(clip(f"{s.file}: {s.reason}", LINE_LIMIT))
                               for s in p.skipped]),
                Text("")]
    return out


def render(p: Portfolio) -> RenderableType:
    parts: list[RenderableType] = [Text(summary_line(p), style="bold"), Text("")]
    parts.append(portfolio_table(p) if p.rows else Text("No intakes to show.", style="dim"))
    parts.append(Text(""))
    counts = in_words(p.counts())
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
