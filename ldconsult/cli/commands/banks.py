"""ldconsult banks list | show | validate | schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ldconsult.bank import banks as bank_mod
from ldconsult.base.errors import ExitCode, InputFileError
from ldconsult.render.console import err, esc, out


def list_banks() -> int:
    from rich.table import Table

    table = Table(title="Question banks", title_justify="left")
    # Ids are never wrapped or cut: people copy them into --bank.
    for col, kw in (("id", {"style": "bold", "no_wrap": True}), ("title", {}), ("version", {}),
                    ("questions", {"justify": "right"}), ("minutes", {"justify": "right"})):
        table.add_column(col, **kw)
    for row in bank_mod.summary_rows():
        title = row["title"] + (" (default)" if row["default"] else "")
        table.add_row(esc(row["id"]), esc(title), esc(row["version"]),
                      str(row["questions"]), f"~{row['minutes']}")
    con = out()
    con.print(table)
    con.print("Use one with [bold]ldconsult interview --bank ID[/]; see one with "
              "[bold]ldconsult banks show ID[/].")
    return 0


def show_bank(ref: str) -> int:
    from ldconsult.render.bank_outline import render

    loaded = bank_mod.resolve(ref)
    out().print(render(loaded))
    return 0


def validate_banks(paths: list[Path]) -> int:
    con, econ = out(), err()
    found = 0
    unreadable = 0
    for path in paths:
        try:
            problems = bank_mod.validate_file(path)
        except InputFileError as exc:
            econ.print(f"[red]✗[/] {esc(str(exc))}", soft_wrap=True)
            unreadable += 1
            continue
        if not problems:
            con.print(f"[green]✓[/] {esc(str(path))}: valid", soft_wrap=True)
            continue
        found += len(problems)
        con.print(f"[red]✗[/] {esc(str(path))}: {len(problems)} problem"
                  f"{'s' if len(problems) != 1 else ''}", soft_wrap=True)
        for p in problems:
            con.print(f"  {esc(str(p))}", soft_wrap=True)
    if unreadable:
        return ExitCode.USAGE
    return ExitCode.FINDINGS if found else ExitCode.OK


def print_schema() -> int:
    sys.stdout.write(json.dumps(bank_mod.json_schema(), indent=2, ensure_ascii=False) + "\n")
    return 0
