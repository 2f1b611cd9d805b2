"""What reviewing one file gives: a Row (a diagnosed intake, as the portfolio shows it),
a Failure (a file that could not be reviewed, and why) or a Skipped draft.

Plain frozen records, cheap to build from what a worker sends back. Core module: no
typer, rich or questionary.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Row:
    """One reviewed intake, as the portfolio shows it."""

    file: str
    title: str
    requester: str
    date: str
    bank: str
    verdict: str
    top_intervention: str
    flags: tuple[str, ...]
    status: str  # follow-up status, "" when the intake has no readings


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be reviewed, and why (one line)."""

    file: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A draft intake, listed but not diagnosed."""

    file: str
    reason: str
