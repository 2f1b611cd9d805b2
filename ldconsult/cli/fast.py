"""``ldconsult interview …`` started without Typer, so the first question comes sooner.

A lead opens the interview in front of the stakeholder. Typer 0.29 costs ~40-60 ms before
the first question: its import, building every command, and a pydantic TypeAdapter for
each option, even one left at its None default (benchmarks/startup.py). So the common
command lines (the options below, as ``--opt VALUE``, ``--opt=VALUE`` or ``-o VALUE``,
each at most once) are parsed here. Anything else (``--help``, an unknown or repeated
option, a value that starts with '-', a stray argument) returns ``None`` and the Typer
app handles the command line exactly as before, messages included.
tests/test_cli_fast.py checks that this table and the Typer command agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

# option → parameter name of ``ldconsult.cli.typer_app.interview``
VALUES = {"--bank": "bank", "-b": "bank", "--answers": "answers", "-a": "answers",
          "--resume": "resume", "--out": "out", "-o": "out", "--title": "title",
          "--requester": "requester", "--interviewer": "interviewer",
          "--meeting-date": "meeting_date"}
FLAGS = {"--force": ("force", True), "--summary": ("summary", True),
         "--no-summary": ("summary", False), "--full": ("full", True),
         "--all-questions": ("all_questions", True)}
PATHS = frozenset({"answers", "resume", "out"})
DEFAULTS: dict[str, Any] = {"bank": None, "answers": None, "resume": None, "out": None,
                            "force": False, "title": None, "requester": None,
                            "interviewer": None, "meeting_date": None, "summary": True,
                            "full": False, "all_questions": False}


def parse(argv: Sequence[str]) -> dict[str, Any] | None:
    """The interview's parameters, or ``None`` when Typer should parse this command line."""
    params = dict(DEFAULTS)
    given: set[str] = set()
    args = list(argv)
    while args:
        word = args.pop(0)
        name, value = _split(word, args)
        if name is None or name in given:
            return None
        given.add(name)
        params[name] = value
    return params


def _split(word: str, rest: list[str]) -> tuple[str | None, Any]:
    """(parameter, value) for one option; consumes its value from ``rest``."""
    if word in FLAGS:
        return FLAGS[word]
    option, eq, inline = word.partition("=")
    if option not in VALUES or (eq and not option.startswith("--")):
        return None, None
    if eq:
        value = inline
    elif rest and not rest[0].startswith("-"):
        value = rest.pop(0)
    else:
        return None, None  # missing value, or one that looks like an option: Typer decides
    name = VALUES[option]
    return name, Path(value) if name in PATHS else value


def start(params: dict[str, Any]) -> int:
    """Run the interview with parsed parameters (both parsers end here)."""
    from ldconsult.cli.commands.interview import run

    p = dict(params)
    return run(bank=p["bank"], answers=p["answers"], resume=p["resume"], out=p["out"],
               force=p["force"], title=p["title"], requester=p["requester"],
               interviewer=p["interviewer"], meeting_date=p["meeting_date"],
               show_summary=p["summary"], full=p["full"], all_questions=p["all_questions"])


def run_interview(argv: Sequence[str]) -> int | None:
    """The exit code, or ``None`` when this command line is left to Typer."""
    params = parse(argv)
    if params is None:
        return None
    from ldconsult.cli import boundary

    return boundary.call(lambda: start(params))
