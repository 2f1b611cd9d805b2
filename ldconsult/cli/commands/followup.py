"""ldconsult followup INTAKE: record a reading after launch, then show the status (on the
terminal, as JSON, or as the memo's web page with the readings drawn against the target).

Thin on purpose: options (or prompts, on a terminal) become a :class:`ReadingInput`;
:mod:`ldconsult.followup` validates, appends under a lock and judges; this module only
asks and prints. questionary is imported only when we actually prompt.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ldconsult import followup as fu
from ldconsult import intake as intake_mod
from ldconsult.base.errors import MissingAnswersError
from ldconsult.base.stdio import is_terminal
from ldconsult.engine.recommendation import (
    Measurement,
    Recommendation,
    Result,
    progress_words,
)
from ldconsult.intake import Intake, Reading

STATUS_STYLE = {
    "target_reached": ("TARGET REACHED", "bold white on green"),
    "on_track": ("ON TRACK", "bold black on green3"),
    "off_track": ("OFF TRACK", "bold white on red"),
    "no_change_yet": ("NO CHANGE YET", "bold black on cyan"),
    "no_data": ("NO DATA", "bold black on yellow"),
}
CHECK_NAMES = {"first": "first check", "mid": "mid check", "target": "target check"}


def run(intake: Path, *, metric: str | None = None, date: str | None = None,
        note: str | None = None, leading: list[str] | None = None,
        behaviours: str | None = None, learner_feedback: str | None = None,
        manager_feedback: str | None = None, show: bool = False, format: str = "rich",
        bank: str | None = None, today: dt.date | None = None,
        clock: Callable[[], dt.datetime] = intake_mod.now,
        interactive: bool | None = None, prompt_io: tuple[Any, Any] | None = None) -> int:
    """``today``, ``clock``, ``interactive`` (stdin is a terminal) and ``prompt_io``
    (prompt_toolkit input and output) default to the real ones; tests inject them."""
    today = today or dt.date.today()
    path = str(intake)
    current = intake_mod.load(path)
    loaded = bank_of(current, bank)
    rec = plan_for(current, loaded, path)
    measurement = rec.measurement
    given = fu.ReadingInput(metric=metric, date=date, leading=tuple(leading or ()),
                            behaviours=behaviours, learner_feedback=learner_feedback,
                            manager_feedback=manager_feedback, note=note)
    if show:
        _refuse_reading_options(given)
    else:
        current = _record(path, current, rec, given, today, clock, interactive, prompt_io)
    plan = fu.schedule_of(measurement, fu.baseline_day(current))
    result = fu.compute_result(current, measurement, today=today, plan=plan)
    if format == "json":
        from ldconsult.base.text import json_safe

        sys.stdout.write(json_safe(result.model_dump_json(indent=2)) + "\n")
    elif format == "html":
        from ldconsult.cli.commands.export import write_stdout
        from ldconsult.render.html_page import render_page

        # The memo's page with the status just shown (judged today, as the panel is).
        write_stdout(render_page(rec.model_copy(update={"result": result}), current, loaded))
    else:
        from ldconsult.render.console import out

        out().print(render_result(result, current, measurement, plan, today))
    return 0


def bank_of(intake: Intake, bank_ref: str | None) -> Any:
    """The bank the intake was made with (a LoadedBank)."""
    from ldconsult.engine import load_for

    return load_for(intake, bank_ref)


def plan_for(intake: Intake, loaded: Any, path: str) -> Recommendation:
    """The plan agreed for the intake at ``path``, as the engine states it. No ``today``:
    its dates hang on the meeting (else the day the intake was made), as the baseline day
    does, so the checkpoints stay put from one reading to the next."""
    from ldconsult.engine import recommend

    return recommend(intake_mod.check_answers(intake, loaded.bank, path), loaded)


def has_training(rec: Recommendation) -> bool:
    """Whether the plan trains anyone: only then are there learners to ask."""
    return any(i.kind == "training" for i in rec.interventions)


def _refuse_reading_options(given: fu.ReadingInput) -> None:
    named = [name for name, value in (
        ("--metric", given.metric), ("--date", given.date), ("--leading", given.leading),
        ("--behaviours", given.behaviours), ("--learner-feedback", given.learner_feedback),
        ("--manager-feedback", given.manager_feedback), ("--note", given.note)) if value]
    if named:
        raise fu.ReadingError(f"--show records nothing, but {', '.join(named)} "
                              f"{'was' if len(named) == 1 else 'were'} given; drop --show to "
                              "record the reading")


def _record(path: str, current: Intake, rec: Recommendation, given: fu.ReadingInput,
            today: dt.date, clock: Callable[[], dt.datetime], interactive: bool | None,
            prompt_io: tuple[Any, Any] | None) -> Intake:
    measurement = rec.measurement
    fu.require_metric(measurement)
    _precheck(given, current, today, path)
    if given.metric is None:
        if not (is_terminal(sys.stdin) if interactive is None else interactive):
            raise MissingAnswersError(
                "no --metric given and no terminal to ask for it: use --metric VALUE "
                "[--date YYYY-MM-DD] (or --show to see the status without recording)")
        given = ask_reading(given, measurement, current, today, prompt_io,
                            learners=has_training(rec))
    reading = fu.make_reading(given, current, measurement, today=today, recorded=clock())
    updated = fu.append_reading(path, reading)
    _confirm(reading, path, len(updated.history), measurement)
    return updated


def _precheck(given: fu.ReadingInput, current: Intake, today: dt.date, path: str) -> None:
    """Reject bad options, and an intake we may not write, before anyone types an answer."""
    fu.check_writable(path)
    if given.metric is not None:
        fu.parse_metric(given.metric)
    fu.check_reading_date(fu.reading_date(given.date, today), current, today)
    fu.parse_leading(given.leading)
    fu.parse_behaviours(given.behaviours)


def _confirm(reading: Reading, path: str, count: int, measurement: Measurement) -> None:
    from ldconsult.render.console import err, esc

    econ = err()
    econ.print(f"[green]✓[/] Recorded {esc(fu.fmt(reading.metric))} for {reading.date} in "
               f"{esc(path)} ({count} reading{'s' if count != 1 else ''}).", soft_wrap=True)
    for which, text in (("baseline", measurement.baseline), ("target", measurement.target)):
        if fu.first_number(text) is None:
            said = f"'{text}' has no number in it" if text else "was not agreed"
            econ.print(f"[yellow]warning:[/] the {which} {esc(said)}, so readings can't be "
                       "judged yet.", soft_wrap=True)


# ---------------------------------------------------------------------------------------
# Prompts (only on a terminal)

def ask_reading(given: fu.ReadingInput, measurement: Measurement, current: Intake,
                today: dt.date, prompt_io: tuple[Any, Any] | None = None, *,
                learners: bool = True) -> fu.ReadingInput:
    """Ask for what the options did not give. Ctrl-C propagates (nothing is written).
    ``learners``: the plan has training, so there are learners to ask about.

    Prompts are drawn on the terminal even when stdout is redirected (``--format json >
    status.json``), so they never end up in the output file.
    """
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    pipe, screen = prompt_io or (None, create_output(always_prefer_tty=True))
    with create_app_session(input=pipe, output=screen):
        return _ask(given, measurement, current, today, learners)


def _ask(given: fu.ReadingInput, measurement: Measurement, current: Intake,
         today: dt.date, learners: bool) -> fu.ReadingInput:
    import questionary

    def valid_metric(text: str) -> bool | str:
        try:
            fu.parse_metric(text)
            return True
        except fu.ReadingError as exc:
            return exc.message.removeprefix("--metric: ")

    def valid_date(text: str) -> bool | str:
        try:
            fu.check_reading_date(fu.reading_date(text, today), current, today)
            return True
        except fu.ReadingError as exc:
            return exc.message.removeprefix("--date: ")

    kpi = measurement.kpi or "the KPI"
    plan = f" (baseline {measurement.baseline}, target {measurement.target})" \
        if measurement.baseline or measurement.target else ""
    try:
        metric = questionary.text(f"{kpi}: value now{plan}?", validate=valid_metric).unsafe_ask()
        date = given.date or questionary.text(
            "Date of the reading (YYYY-MM-DD)?", default=today.isoformat(),
            validate=valid_date).unsafe_ask()
        behaviours = given.behaviours or questionary.select(
            "Are the target behaviours seen on the job?",
            choices=["yes", "partly", "no", "not checked"]).unsafe_ask()
        # A plan without training has no learners: asking would invent some.
        learner = given.learner_feedback or (questionary.text(
            "What do learners say? (optional)").unsafe_ask() if learners else None)
        manager = given.manager_feedback or questionary.text(
            "What do managers observe? (optional)").unsafe_ask()
        note = given.note or questionary.text(
            "Anything else worth keeping? (optional)").unsafe_ask()
    except EOFError:
        raise MissingAnswersError("the terminal closed before the reading was complete: use "
                                  "--metric VALUE [--date YYYY-MM-DD]") from None
    return fu.ReadingInput(metric=metric, date=date, leading=given.leading,
                           behaviours=None if behaviours == "not checked" else behaviours,
                           learner_feedback=learner, manager_feedback=manager, note=note)


# ---------------------------------------------------------------------------------------
# Rich output

def render_result(result: Result, intake: Intake, measurement: Measurement,
                  plan: fu.Schedule, today: dt.date) -> Any:
    """The status panel; ``plan`` is the schedule ``result`` was judged against."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from ldconsult.base.text import printable, printable_model

    # The agreed KPI, baseline and target, the readings' feedback, the title: user text,
    # made printable (only what is shown: an intake's answers can be large).
    result, measurement = printable_model(result), printable_model(measurement)
    history = [printable_model(r) for r in intake.history]
    label, style = STATUS_STYLE[result.status]
    head = Text.assemble((f" {label} ", style), "  ", Text(result.message))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, value in _rows(result, measurement, history, plan, today):
        grid.add_row(key, value)
    parts: list[Any] = [head, Text(""), grid]
    if result.next_iteration:
        parts += [Text(""), Text("Next iteration", style="bold")]
        bullets = Table.grid(padding=(0, 1))
        bullets.add_column(no_wrap=True)
        bullets.add_column()
        for step in result.next_iteration:
            bullets.add_row(" •", Text(step))
        parts.append(bullets)
    title = Text.assemble("Follow-up: ", Text(printable(intake.meta.title or intake.bank.id)))
    return Panel(Group(*parts), title=title, title_align="left", expand=False)


def _rows(result: Result, m: Measurement, history: list[Reading], plan: fu.Schedule,
          today: dt.date) -> list[tuple[str, Any]]:
    from rich.text import Text

    rows: list[tuple[str, Any]] = []
    if m.kpi:
        better = f"  ({result.direction} is better)" if result.direction else ""
        rows.append(("KPI", Text.assemble(Text(m.kpi), (better, "dim"))))
    if result.latest is not None:
        rows.append(("Latest", Text(f"{fu.fmt(result.latest)} on {result.latest_date}")))
    rows.append(("Baseline → target", Text(f"{m.baseline or '—'} → {m.target or '—'}")))
    if result.trend:
        n = len(result.trend)
        rows.append(("Trend", Text.assemble((fu.sparkline(result.trend), "cyan"),
                                            f"  {fu.fmt(result.trend[0])} … "
                                            f"{fu.fmt(result.trend[-1])} ({n} reading"
                                            f"{'s' if n != 1 else ''})")))
    if result.progress_percent is not None:
        rows.append(("Progress", Text(progress_words(result.progress_percent))))
    rows.append(("Deadline", Text(_deadline(result, m))))
    if result.behaviours_seen:
        rows.append(("Behaviours seen", Text(result.behaviours_seen)))
    rows += _voices(history)
    if result.next_checkpoint:
        rows.append(("Next checkpoint", Text(_checkpoint(result.next_checkpoint, plan, today))))
    elif plan.target is not None and result.latest_date:
        rows.append(("Next checkpoint", Text(f"none: the target check ({plan.target.date}) "
                                             "is done")))
    return rows


def _voices(history: list[Reading]) -> list[tuple[str, Any]]:
    """The latest leading indicators and what learners and managers said (user text)."""
    from rich.text import Text

    rows: list[tuple[str, Any]] = []
    by_date = sorted(history, key=lambda r: r.date)  # ISO dates; ties keep append order
    for label, pick in (("Leading", lambda r: ", ".join(f"{k} {fu.fmt(v)}"
                                                         for k, v in r.leading.items())),
                        ("Learners say", lambda r: r.learner_feedback),
                        ("Managers see", lambda r: r.manager_feedback)):
        latest = next((r for r in reversed(by_date) if pick(r)), None)
        if latest is not None:
            rows.append((label, Text.assemble(Text(pick(latest)), (f"  ({latest.date})", "dim"))))
    return rows


def _checkpoint(when: str, plan: fu.Schedule, today: dt.date) -> str:
    """The date, which of the plan's checks it is and why then (else how it was set)."""
    from ldconsult.base.text import printable

    due = dt.date.fromisoformat(when)
    point = plan.at(due)
    if point is not None:
        name = CHECK_NAMES.get(point.kind, "check")
        said = f" ({name}: {printable(point.why)})" if point.why else f" ({name})"
    else:
        said = f" ({fu.AFTER_PLAN_DAYS} days after the latest reading; the plan has no date)"
    return when + said + ("  overdue" if due < today else "")


def _deadline(result: Result, m: Measurement) -> str:
    if result.deadline is None:
        return f"'{m.deadline}' is not a date" if m.deadline else "none agreed"
    left = result.days_left or 0
    if left < 0:
        return f"{result.deadline} (passed {-left} day{'s' if left != -1 else ''} ago)"
    return f"{result.deadline} ({left} day{'s' if left != 1 else ''} left)"
