"""ldconsult review PATH...: many intakes → one portfolio (table, csv, json or md).

Exit codes: 2 when nothing could be reviewed (or bad usage), else 1 when a --fail-on
code matched, else 4 when some files could not be read, else 0.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

from ldconsult.base.errors import ExitCode
from ldconsult.base.text import say
from ldconsult.review.paths import Found, expand
from ldconsult.review.portfolio import Portfolio, collect
from ldconsult.review.query import ReviewUsageError, make_query
from ldconsult.review.workers import Engine, check_jobs, default_engine

if TYPE_CHECKING:
    from ldconsult.render.review_common import RowWriter

PROGRESS_MIN_FILES = 200


def run(paths: list[str], *, format: str = "table", fail_on: str | None = None,
        sort: str | None = None, filters: list[str] | None = None, bank: str | None = None,
        jobs: int = 0, csv_raw: bool = False, stdout: TextIO | None = None,
        stderr: TextIO | None = None, engine: Engine | None = None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    query = make_query(filters=filters or [], sort=sort, fail_on=fail_on)
    if csv_raw and format != "csv":
        raise ReviewUsageError(f"--csv-raw applies only to --format csv, not {format}")
    check_jobs(jobs)  # before the files are looked for
    if bank:
        from ldconsult.bank.banks import resolve

        resolve(bank)  # a bad --bank is one clear error, not one failure per file
    found = expand(paths)
    if not found.files:
        return _nothing_found(paths, found, stderr)
    if engine is None:
        default_engine()  # import the engine before the workers fork, so they share it
    writer = _row_writer(format, stdout, stderr, csv_raw)
    # Without --sort, CSV and JSON rows go out as they are reviewed, in the order the
    # files were found: the first byte comes at once, not after the last file.
    stream = writer is not None and query.sort is None
    if stream:
        writer.start()
    with _progress(len(found.files), stderr) as tick:
        portfolio = collect(found, query, bank=bank, jobs=jobs, engine=engine, tick=tick,
                            on_row=writer.row if stream else None)
    if stream:
        writer.end(portfolio)
    else:
        _render(portfolio, format, stdout, writer)
    stdout.flush()
    _messages(portfolio, format, stderr)
    return int(portfolio.exit_code)


def _row_writer(format: str, stdout: TextIO, stderr: TextIO, csv_raw: bool) -> RowWriter | None:
    if format == "json":
        from ldconsult.render.review_json import JsonWriter

        return JsonWriter(stdout)
    if format == "csv":
        from ldconsult.render.review_csv import CsvWriter

        return CsvWriter(stdout, stderr, raw=csv_raw)
    return None


def _nothing_found(paths: list[str], found: Found, stderr: TextIO) -> int:
    for f in found.failures:
        say(f"could not read {f}", stderr)
    where = ", ".join(paths)
    say(f"no intake files found in {where} (looked for *.yaml, *.yml and *.json; "
        "hidden and draft files are skipped)", stderr)
    return int(ExitCode.USAGE)


def _render(p: Portfolio, format: str, stdout: TextIO, writer: RowWriter | None) -> None:
    if writer is not None:
        from ldconsult.render.review_common import write

        write(writer, p)
    elif format == "md":
        from ldconsult.render import review_md

        review_md.render(p, stdout)
    else:
        from rich.console import Console

        from ldconsult.render import review_table

        Console(file=stdout, highlight=False).print(review_table.render(p))


def _messages(p: Portfolio, format: str, stderr: TextIO) -> None:
    """One-line notes on stderr for what a script piping stdout would otherwise miss."""
    if p.read == 0:
        why = f"{len(p.failures)} could not be read" if p.failures else ""
        if p.skipped:
            why += (", " if why else "") + f"{len(p.skipped)} drafts skipped"
        say(f"no intake could be reviewed ({why})", stderr)
        return
    if p.query.filters and not p.rows:
        say("no intakes match the filters", stderr)
    if format in ("json", "md") and p.failures:
        say(f"{len(p.failures)} file{'s' if len(p.failures) != 1 else ''} could "
            "not be read (see 'failures' in the output)" if format == "json" else
            f"{len(p.failures)} file{'s' if len(p.failures) != 1 else ''} could not be read "
            "(see 'Could not read' in the report)", stderr)
    if format != "table":
        from ldconsult.render.review_common import fail_on_line

        hit = fail_on_line(p)
        if hit:
            say(hit, stderr)


@contextlib.contextmanager
def _progress(total: int, stderr: TextIO) -> Iterator[Callable[[], None] | None]:
    """A progress bar on stderr for big sets, only on a terminal (never in pipes or CI).

    Refreshed by hand, not by Rich's timer thread: the workers are forked, and forking
    while another thread holds a lock is asking for a deadlock.
    """
    if total <= PROGRESS_MIN_FILES or not stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TimeRemainingColumn,
    )

    bar = Progress("Reviewing", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(file=stderr), transient=True, auto_refresh=False,
                   redirect_stdout=False, redirect_stderr=False)
    task = bar.add_task("review", total=total)
    last = [0.0]

    def tick() -> None:
        bar.advance(task)
        now = time.monotonic()
        if now - last[0] > 0.1:
            last[0] = now
            bar.refresh()

    with bar:
        yield tick
