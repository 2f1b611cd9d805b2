"""The Typer app: parse options, call one core function, choose a renderer.

Start-up matters (a lead opens this in a meeting), so this module imports only typer;
each command imports its implementation when it runs. :mod:`ldconsult.cli` is the entry
point and answers ``--version`` without importing even this module. Every domain error
passes through :func:`_boundary`, which prints one line to stderr and exits with the
error's code.
"""

from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Optional, TypeVar

import typer
from typer.core import TyperGroup

from ldconsult import __version__
from ldconsult.cli import boundary

F = TypeVar("F", bound=Callable[..., Any])
# Click's error classes, found through the one Typer exports: Typer 0.29 vendors Click
# (typer._click), older releases use the click package.
_CLICK_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class _OneLineErrors(TyperGroup):
    """Usage errors from the parser as one line on stderr ("ldconsult: error: ..."), like
    every other error, instead of Typer's five-line box. --help is unchanged."""

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _CLICK_ERROR as exc:
            if type(exc).__name__ != "NoArgsIsHelpError":  # that one has shown the help
                ctx = getattr(exc, "ctx", None)
                hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
                boundary.say(f"error: {exc.format_message().replace('Value error, ', '')}{hint}")
            sys.exit(exc.exit_code)
        except typer.Abort:
            boundary.say("aborted")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_OneLineErrors,
    name="ldconsult",
    help="Needs-assessment interviews for L&D: ask what a performance consultant would ask, "
         "then recommend training, a non-training fix, both, or 'find out more first'.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=False,
)
banks_app = typer.Typer(help="List, show, validate question banks, or print their JSON Schema.",
                        no_args_is_help=True, add_completion=False)
app.add_typer(banks_app, name="banks")

_state = {"debug": False}


def _boundary(fn: F) -> F:
    """One error boundary (:mod:`ldconsult.cli.boundary`): domain errors → one line on stderr
    + their exit code; Typer's own exits pass through."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        code = boundary.call(lambda: fn(*args, **kwargs), debug=_state["debug"],
                             passthrough=(typer.Exit, typer.Abort, SystemExit))
        if code:
            raise typer.Exit(code)

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ldconsult {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] = None,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show full tracebacks instead of one-line errors.")] = False,
) -> None:
    _state["debug"] = debug


# ---------------------------------------------------------------------------------------
# interview

@app.command(epilog="Examples:\n\n"
             "  ldconsult interview\n\n"
             "  ldconsult interview --bank quick-triage --requester 'Dana (Ops)'\n\n"
             "  ldconsult interview --answers answers.yaml -o intakes/returns.yaml\n\n"
             "  ldconsult interview --all-questions\n\n"
             "  ldconsult interview --resume intakes/.2026-11-23-returns.draft.yaml")
@_boundary
def interview(
    bank: Annotated[Optional[str], typer.Option(
        "--bank", "-b", help="Bank id (see 'ldconsult banks list') or path to a bank file.",
        show_default="performance-consulting")] = None,
    answers: Annotated[Optional[Path], typer.Option(
        "--answers", "-a", help="YAML or JSON file of answers (question id → value), "
        "taken as the questions come up; only what it lacks is asked.")] = None,
    resume: Annotated[Optional[Path], typer.Option(
        "--resume", help="Continue an interrupted interview from its draft file.")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Where to save the intake.",
        show_default="intakes/<date>-<title>.yaml")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing intake.")] = False,
    title: Annotated[Optional[str], typer.Option(help="Title of the request.")] = None,
    requester: Annotated[Optional[str], typer.Option(help="Who asked for it.")] = None,
    interviewer: Annotated[Optional[str], typer.Option(help="Who runs the interview.")] = None,
    meeting_date: Annotated[Optional[str], typer.Option(
        "--meeting-date", help="Date of the meeting, e.g. 2026-11-16 or yesterday.",
        show_default="today")] = None,
    summary: Annotated[bool, typer.Option(
        "--summary/--no-summary", help="Show the result at the end.")] = True,
    full: Annotated[bool, typer.Option(
        "--full", help="End with the full report instead of the one-screen card.")] = False,
    all_questions: Annotated[bool, typer.Option(
        "--all-questions", help="Ask every question of the bank, not only those that "
        "can change the plan (with --answers: use every answer in the file).")] = False,
) -> int:
    """Run a needs-assessment interview and save the intake.

    The default bank asks the basics, then only the questions whose answers could
    change the plan; Ctrl-O asks more, and the review screen lists what was not asked.
    Help and 'why we ask' on demand, "don't know yet", notes, going back, and a review
    screen. A draft is saved after every answer; Ctrl-C offers to keep it.
    """
    from ldconsult.cli.fast import start

    return start(dict(bank=bank, answers=answers, resume=resume, out=out, force=force,
                      title=title, requester=requester, interviewer=interviewer,
                      meeting_date=meeting_date, summary=summary, full=full,
                      all_questions=all_questions))


# ---------------------------------------------------------------------------------------
# recommend / export

class RecommendFormat(str, Enum):
    rich = "rich"
    md = "md"
    json = "json"


class ExportFormat(str, Enum):
    md = "md"
    json = "json"
    html = "html"
    docx = "docx"


BankOpt = Annotated[Optional[str], typer.Option(
    "--bank", "-b", help="Bank id or path, when the intake was made with your own bank.")]
IntakeArg = Annotated[Path, typer.Argument(help="A saved intake file (YAML or JSON).",
                                           show_default=False)]


@app.command(epilog="Examples:\n\n  ldconsult recommend intakes/2026-11-23-returns.yaml\n\n"
             "  ldconsult recommend intake.yaml --format json | jq .verdict")
@_boundary
def recommend(
    intake: IntakeArg,
    format: Annotated[RecommendFormat, typer.Option(
        "--format", "-f", help="rich (terminal summary), md (memo) or json.")] = RecommendFormat.rich,
    bank: BankOpt = None,
) -> int:
    """Diagnose a saved intake: verdict, causes, interventions with owners, measurement."""
    from ldconsult.cli.commands.recommend import run

    return run(intake, format=format.value, bank=bank)


@app.command(epilog="Examples:\n\n  ldconsult export intake.yaml > memo.md\n\n"
             "  ldconsult export intake.yaml -o memo.md --force\n\n"
             "  ldconsult export intake.yaml -o memo.html\n\n"
             "  ldconsult export intake.yaml -o memo.docx\n\n"
             "  ldconsult export intake.yaml --template my-memo.md.j2")
@_boundary
def export(
    intake: IntakeArg,
    format: Annotated[Optional[ExportFormat], typer.Option(
        "--format", "-f", help="md (memo for the stakeholder), html (the memo as a web "
        "page with pictures, prints on one or two pages), docx (the memo as a Word "
        "document; needs -o on a terminal) or json. Default: what the -o name says "
        "(.html, .docx, .json), else md.", show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Write to this file instead of stdout.")] = None,
    template: Annotated[Optional[Path], typer.Option(
        "--template", "-t", help="Your own Jinja2 memo template (rendered sandboxed).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    raw: Annotated[bool, typer.Option(
        "--raw", help="With --template and -o FILE: keep control characters from the "
                      "intake as they are (else shown as symbols, as everywhere).")] = False,
    bank: BankOpt = None,
) -> int:
    """Export the memo (Markdown, a web page or a Word document) or the recommendation as JSON."""
    from ldconsult.cli.commands.export import run

    return run(intake, format=format.value if format is not None else None, out=out,
               template=template, force=force, bank=bank, raw=raw)


# ---------------------------------------------------------------------------------------
# review

class ReviewFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


@app.command(epilog="Examples:\n\n  ldconsult review intakes/\n\n"
             "  ldconsult review 'intakes/**/*.yaml' --format csv > portfolio.csv\n\n"
             "  ldconsult review intakes/ --fail-on solution-first,environment-cause\n\n"
             "  ldconsult review intakes/ --filter verdict=more_info --sort date\n\n"
             "Exit codes: 0 all read; 1 a --fail-on flag matched; 2 nothing readable "
             "(or bad usage); 4 some files could not be read. When several apply, 2 wins, "
             "then 1, then 4.\n\n"
             "Folders and patterns take *.yaml, *.yml and *.json, skipping hidden files "
             "and drafts; draft intakes (status: draft) are listed as skipped.")
@_boundary
def review(
    paths: Annotated[list[str], typer.Argument(
        help="Intake files, folders (searched recursively) or glob patterns.",
        show_default=False)],
    format: Annotated[ReviewFormat, typer.Option(
        "--format", "-f", help="table, csv, json or md.")] = ReviewFormat.table,
    fail_on: Annotated[Optional[str], typer.Option(
        "--fail-on", help="Comma-separated flag codes: exit 1 if any intake has one.")] = None,
    sort: Annotated[Optional[str], typer.Option(
        "--sort", help="Sort by: file, date, title, requester, verdict, flags, status. "
        "Without it, rows keep the order the files were found in (each folder or pattern "
        "sorted by path), and CSV and JSON rows are written as they are reviewed.",
        show_default=False)] = None,
    filter: Annotated[Optional[list[str]], typer.Option(
        "--filter", help="KEY=VALUE, e.g. verdict=training or flag=solution-first "
        "(repeatable; all must match).")] = None,
    bank: BankOpt = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", help="Worker processes (0 = one per core; never more than the "
        "cores).")] = 0,
    csv_raw: Annotated[bool, typer.Option(
        "--csv-raw", help="CSV with the exact data: no apostrophe before cells that start "
        "with = + - @ (which a spreadsheet would run as formulas), control characters "
        "kept.")] = False,
) -> int:
    """Review many intakes: portfolio table, verdict and flag counts, requests to push back on."""
    from ldconsult.cli.commands.review import run

    return run(paths, format=format.value, fail_on=fail_on, sort=sort, filters=filter or [],
               bank=bank, jobs=jobs, csv_raw=csv_raw)


# ---------------------------------------------------------------------------------------
# followup

class FollowupFormat(str, Enum):
    rich = "rich"
    md = "md"
    json = "json"
    html = "html"


@app.command(epilog="Examples:\n\n  ldconsult followup intake.yaml\n\n"
             "  ldconsult followup intake.yaml --metric 7.5 --date 2027-01-15 "
             "--note 'pilot team only'\n\n"
             "  ldconsult followup intake.yaml --show --format html > status.html")
@_boundary
def followup(
    intake: IntakeArg,
    metric: Annotated[Optional[str], typer.Option(
        "--metric", "-m", help="The KPI's value now.")] = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", "-d", help="Date of the reading (YYYY-MM-DD).", show_default="today")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="Anything worth keeping.")] = None,
    leading: Annotated[Optional[list[str]], typer.Option(
        "--leading", help="A leading indicator, NAME=VALUE (repeatable).")] = None,
    behaviours: Annotated[Optional[str], typer.Option(
        "--behaviours", help="Are the target behaviours seen on the job? yes, partly or no.")] = None,
    learner_feedback: Annotated[Optional[str], typer.Option(
        "--learner-feedback", help="What learners say (on a terminal, asked only when the "
        "plan has training).")] = None,
    manager_feedback: Annotated[Optional[str], typer.Option(
        "--manager-feedback", help="What managers observe.")] = None,
    show: Annotated[bool, typer.Option(
        "--show", help="Only show the status; record nothing.")] = False,
    format: Annotated[FollowupFormat, typer.Option(
        "--format", "-f", help="rich, json, or html (the memo as a web page, with the "
        "readings drawn against the target; md is treated as rich).")] = FollowupFormat.rich,
    bank: BankOpt = None,
) -> int:
    """Record a reading after launch and see whether it is working and what to try next."""
    from ldconsult.cli.commands.followup import run

    return run(intake, metric=metric, date=date, note=note, leading=leading or [],
               behaviours=behaviours, learner_feedback=learner_feedback,
               manager_feedback=manager_feedback, show=show, format=format.value, bank=bank)


# ---------------------------------------------------------------------------------------
# banks

@banks_app.command("list")
@_boundary
def banks_list() -> int:
    """List the built-in banks: id, title, version, questions, minutes."""
    from ldconsult.cli.commands.banks import list_banks

    return list_banks()


@banks_app.command("show", epilog="Example:\n\n  ldconsult banks show quick-triage")
@_boundary
def banks_show(
    bank: Annotated[str, typer.Argument(help="Bank id or path.", show_default=False)],
) -> int:
    """Show a bank as an outline: sections, questions, types, conditions and signals."""
    from ldconsult.cli.commands.banks import show_bank

    return show_bank(bank)


@banks_app.command("validate", epilog="Exit codes: 0 valid; 1 problems found; 2 a file "
                   "could not be read.\n\nExample:\n\n  ldconsult banks validate my-bank.yaml")
@_boundary
def banks_validate(
    paths: Annotated[list[Path], typer.Argument(help="Bank files to check.",
                                                show_default=False)],
) -> int:
    """Check bank files and report every problem with file:line:column."""
    from ldconsult.cli.commands.banks import validate_banks

    return validate_banks(paths)


@banks_app.command("schema", epilog="Example:\n\n  ldconsult banks schema > bank.schema.json")
@_boundary
def banks_schema() -> int:
    """Print the JSON Schema of the bank format (for editor autocompletion)."""
    from ldconsult.cli.commands.banks import print_schema

    return print_schema()


def main() -> None:
    app()
