"""``ldconsult interview``: run the engine with a prompter, keep drafts, save, summarise.

Answers are never lost: a draft is written atomically after every answer, next to the
output (``intakes/.<name>.draft.yaml``); Ctrl-C asks whether to keep it and prints the
``--resume`` command; a successful save removes it. The output path is checked before
the first question, so nobody types for fifteen minutes into a file that cannot be
written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ldconsult import intake as intake_mod
from ldconsult.bank import banks, values
from ldconsult.base import plan_dates
from ldconsult.base.atomic import check_output
from ldconsult.base.errors import (
    ExitCode,
    IntakeError,
    LdError,
    MissingAnswersError,
    OverwriteError,
)
from ldconsult.base.text import printable, say
from ldconsult.cli.commands import stopping
from ldconsult.intake import BankRef, Intake, Meta
from ldconsult.interview.adaptive import AdaptiveInterview
from ldconsult.interview.cursor import Interview
from ldconsult.interview.meeting_details import META_FIELDS, ask_meta

if TYPE_CHECKING:
    from ldconsult.interview.answers import AnswerSet
    from ldconsult.interview.protocol import InteractivePrompter

Ending = Literal["card", "full", "none"]  # what the interview ends on
NO_TTY = ("there is no terminal to ask on; give the answers with --answers FILE "
          "(YAML or JSON: question id → value)")


def run(*, bank: str | None, answers: Path | None, resume: Path | None, out: Path | None,
        force: bool, title: str | None, requester: str | None, interviewer: str | None,
        meeting_date: str | None, show_summary: bool, full: bool = False,
        prompter: InteractivePrompter | None = None,
        interactive: bool | None = None, cwd: Path | None = None,
        today: dt.date | None = None, all_questions: bool = False) -> int:
    today = today or dt.date.today()
    cwd = cwd or Path.cwd()
    ending: Ending = "full" if full and show_summary else "card" if show_summary else "none"
    interactive = stdin_is_tty() if interactive is None else interactive
    draft: Intake | None = intake_mod.load(resume) if resume else None
    if draft is not None and draft.status != "draft":
        raise IntakeError("this intake is complete, not a draft: nothing to resume "
                          "(use --answers to start a new interview from it)", path=str(resume))
    recorded = draft.bank.path if draft is not None and not bank else None
    loaded = banks.load_recorded(recorded) if recorded else \
        banks.resolve(bank or (draft.bank.id if draft else None))
    if draft is not None:
        intake_mod.check_answers(draft, loaded.bank, str(resume))
    meeting_date = _meeting_date(meeting_date, today)
    meeting = plan_dates.iso_in(meeting_date) or (plan_dates.iso_in(draft.meta.meeting_date)
                                             if draft is not None else None)
    aset: AnswerSet | None = None
    if answers:  # the module loads only for --answers, not before an interview's first question
        from ldconsult.interview import answers as answers_file

        aset = answers_file.load(answers, loaded.bank, today=today, meeting=meeting)
    meta = _meta(draft, aset, today, title=title, requester=requester,
                 interviewer=interviewer, meeting_date=meeting_date)
    # Adaptive: the bank marks its basics, the person did not ask for every question, and
    # a draft being resumed was adaptive too (a draft keeps the way it started).
    adaptive = loaded.bank.adaptive and not all_questions and (
        draft is None or draft.asked is not None)
    engine = _engine(loaded, draft, aset, meta, adaptive)
    answers_mode = aset is not None
    target = _target(out, resume, meta, cwd, today)
    if target is not None:  # before any question: a refused path would lose the meeting
        _check_free(target, force, resume if interactive else None, drafts=interactive,
                    chosen=out is not None)
    if isinstance(engine, AdaptiveInterview) and answers_mode:
        # The file's answers are taken as the interview asks for them (the others are
        # not used), up to the first question it asks that the file does not answer.
        engine.meta = _complete_meta(engine.meta, today)
        missing = engine.replay()
    else:
        missing = engine.missing_required()
    nothing_given = not answers_mode and draft is None
    if not interactive and (missing or nothing_given):
        raise MissingAnswersError(
            (f"missing required answers: {', '.join(missing)}; " if missing else "")
            + NO_TTY)
    if not interactive or (answers_mode and not missing):
        engine.meta = _complete_meta(engine.meta, today)
        return _finish(engine, engine.result(), target or _default_out(engine.meta, cwd, today),
                       force, resume, loaded, ending)
    return _interactive(engine, prompter, target, force, resume, loaded, ending,
                        answers_mode, cwd, today, draft.bank if draft else None)


def stdin_is_tty(stream: Any = None) -> bool:
    """True only when stdin exists, has a file descriptor and is a terminal."""
    from ldconsult.base.stdio import is_terminal

    return is_terminal(sys.stdin if stream is None else stream)


# ---------------------------------------------------------------------------------------

def _interactive(engine: Interview, prompter: InteractivePrompter | None, target: Path | None, force: bool,
                 resume: Path | None, loaded: banks.LoadedBank, ending: Ending,
                 answers_mode: bool, cwd: Path, today: dt.date,
                 draft_bank: BankRef | None = None) -> int:
    if prompter is None:
        from ldconsult.interview.prompts import QuestionaryPrompter

        prompter = QuestionaryPrompter()
    draft_path: Path | None = None
    try:
        with stopping.stop_on_signals(), prompter.session():
            _intro(prompter, engine, loaded, _draft_path(target, resume) if target else None)
            if not answers_mode and not resume:
                asked = [f for f in META_FIELDS if not getattr(engine.meta, f)]
                engine.meta = ask_meta(prompter, engine.meta, asked, today=today)
            engine.meta = _complete_meta(engine.meta, today)
            if target is None:
                target = _default_out(engine.meta, cwd, today)
                _check_free(target, force, resume)
                prompter.say(f"A draft is saved after every answer: {_quote(_draft_path(target, None))}")
            draft_path = _draft_path(target, resume)
            engine.on_change = lambda snap: intake_mod.save(snap, draft_path, force=True)
            intake_mod.save(engine.snapshot(), draft_path, force=True)
            if resume is not None:
                restored = len(engine.answers) + len(engine.unknown)
                prompter.say(f"Resuming: {restored} answer{'s' if restored != 1 else ''} "
                             "restored" + _bank_changed(engine, draft_bank))
            try:
                result = engine.run(prompter, review=not answers_mode,
                                    only_missing=answers_mode)
            except KeyboardInterrupt as stop:
                return stopping.stopped(engine, prompter, draft_path, _quote(draft_path),
                                        stop)
    except KeyboardInterrupt:  # during the meeting details: no answer to keep yet
        stopping.tell("interrupted before the first question; nothing was saved")
        return int(ExitCode.INTERRUPTED)
    except EOFError:
        kept = f" (the answers so far are in {_quote(draft_path)}; continue with --resume)" \
            if draft_path is not None and draft_path.exists() else ""
        raise MissingAnswersError("input ended before the interview was done: " + NO_TTY
                                  + kept) from None
    return _finish(engine, result, target, force, draft_path, loaded, ending)


def _bank_changed(engine: Interview, ref: BankRef | None) -> str:
    lb = engine.loaded
    if ref is None or not ref.sha256 or ref.sha256 == lb.sha256:
        return ""
    orphans = [k for k in engine.answers if engine.loaded.bank.question(k) is None]
    gone = f"; kept answers to questions it no longer has: {', '.join(orphans)}" if orphans \
        else ""
    return (f" (note: the bank changed since the draft was saved, version {ref.version} → "
            f"{lb.bank.version}{gone})")


def _intro(prompter: Any, engine: Interview, loaded: banks.LoadedBank,
           draft: Path | None) -> None:
    if hasattr(prompter, "intro"):
        from ldconsult.interview import pace

        # The promise is the most the path can take (Interview.outlook), at meeting pace,
        # with the meeting details still to ask and the review; an adaptive interview
        # also says what the basics take (the rest depends on the answers).
        questions, seconds = engine.promise()
        basics = None
        if isinstance(engine, AdaptiveInterview):
            count, basic_seconds = engine.basics_promise()
            basics = (count, pace.minutes(basic_seconds))
        prompter.intro(loaded.bank.title, pace.minutes(seconds), questions,
                       _quote(draft) if draft else None, basics=basics)


def _finish(engine: Interview, result: Intake, target: Path, force: bool,
            draft_path: Path | None, loaded: banks.LoadedBank, ending: Ending) -> int:
    result = result.model_copy(update={"meta": engine.meta})
    hidden = engine.hidden_answered()
    try:
        # The target was checked before the first question; if a file appeared there
        # since, refuse rather than clobber it (the draft keeps the answers).
        saved = intake_mod.save(result, target, force=force)
    except OverwriteError:
        if draft_path is not None:
            say(f"your answers are safe in the draft: {draft_path}")
        raise
    if draft_path is not None:
        draft_path.unlink(missing_ok=True)
    if hidden:
        asked = [q.prompt for q in engine.questions if q.id in hidden]  # say() joins lines
        say("not saved, as they no longer apply given the other answers: "
            + "; ".join(f"“{p}”" for p in asked))
    code = _summary(result, loaded, saved, ending) if ending != "none" else ExitCode.OK
    # Relative to here, as the card's commands name it: an absolute path of 81 columns
    # wrapped mid-word and pushed the card's banner off a 24-row screen.
    sys.stdout.write(f"Saved: {printable(_quote(saved))}\n")
    sys.stdout.flush()
    return int(code)


def _summary(result: Intake, loaded: banks.LoadedBank, saved: Path,
             ending: Ending) -> ExitCode:
    """Show the recommendation: the one-screen card, or the full summary. The intake is
    already saved: a failure here loses nothing."""
    from ldconsult.render.console import out

    console = out()
    try:
        from ldconsult.engine import recommend
        from ldconsult.render.endcard import end_card
        from ldconsult.render.summary import render_summary
    except ImportError:
        _plain_summary(console, result, loaded)
        return ExitCode.OK
    try:
        rec = recommend(result, loaded)
        console.print(render_summary(rec) if ending == "full" else
                      end_card(rec, _quote(saved), _quote(saved.with_suffix(".md"))))
    except LdError as exc:
        say(f"the intake is saved, but no recommendation could be made: {exc}")
        return exc.exit_code
    except Exception as exc:  # a bug in the engine must not hide that the answers are safe
        say(f"the intake is saved, but the summary failed ({type(exc).__name__}: {exc});"
                 f" please report it, and try 'ldconsult --debug recommend {_quote(saved)}'")
        return ExitCode.INTERNAL
    return ExitCode.OK


def _plain_summary(console: Any, result: Intake, loaded: banks.LoadedBank) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(Text(f"Answers: {result.meta.title or loaded.bank.title}", style="bold"))
    for section in loaded.bank.sections:
        rows = [q for q in section.questions
                if q.id in result.answers or q.id in result.unknown]
        if not rows:
            continue
        table = Table(title=Text(section.title), title_justify="left", show_header=False,
                      box=None, padding=(0, 1))
        table.add_column(style="dim", ratio=1)
        table.add_column(ratio=1)
        for q in rows:
            shown = "don't know yet" if q.id in result.unknown else \
                values.display(q, result.answers.get(q.id))
            if q.id in result.notes:
                shown += f"  (note: {result.notes[q.id]})"
            table.add_row(Text(q.prompt), Text(shown))
        console.print(table)


# ---------------------------------------------------------------------------------------
# Inputs: meta, engine, paths

def _meta(draft: Intake | None, aset: AnswerSet | None, today: dt.date,
          **given: str | None) -> Meta:
    data: dict[str, Any] = draft.meta.model_dump() if draft else {}
    if aset is not None:
        data.update({k: v for k, v in aset.meta.items() if v not in (None, "")})
    data.update({k: v for k, v in given.items() if v not in (None, "")})
    if not data:
        # Nothing to check: validating would build Meta's schema and load pydantic's
        # plugin machinery (~15 ms) before the first question; ask_meta validates.
        return Meta.model_construct()
    return Meta.model_validate(data)


def _meeting_date(given: str | None, today: dt.date) -> str | None:
    """``--meeting-date`` as an ISO date (a phrase counts back from today)."""
    if not given:
        return None
    try:
        return values.coerce(values.MEETING_DATE, given, today=today)
    except ValueError as exc:
        raise LdError(f"--meeting-date: {exc}") from None


def _complete_meta(meta: Meta, today: dt.date) -> Meta:
    if meta.meeting_date:
        return meta
    return meta.model_copy(update={"meeting_date": today.isoformat()})


def _engine(loaded: banks.LoadedBank, draft: Intake | None,
            aset: AnswerSet | None, meta: Meta, adaptive: bool) -> Interview:
    if adaptive:
        engine: Interview = AdaptiveInterview.from_draft(loaded, draft, oracle=aset) \
            if draft is not None else AdaptiveInterview(loaded, oracle=aset)
        if aset is not None:
            engine.notes.update(aset.notes)
        engine.meta = meta
        return engine
    if draft is not None:
        engine = Interview.from_draft(loaded, draft)
    else:
        engine = Interview(loaded)
    if aset is not None:
        engine.answers.update(aset.answers)
        for qid in aset.unknown:
            engine.answers.pop(qid, None)
            engine.unknown.add(qid)
        engine.notes.update(aset.notes)
        engine.seen |= set(aset.answers) | set(aset.unknown)
        engine._vis = None
    engine.meta = meta
    return engine


def slug(text: str) -> str:
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", flat.lower()).strip("-")
    return s[:50].rstrip("-") or "intake"


def _default_out(meta: Meta, cwd: Path, today: dt.date) -> Path:
    date = meta.meeting_date or today.isoformat()
    return cwd / "intakes" / f"{date}-{slug(meta.title)}.yaml"


def _target(out: Path | None, resume: Path | None, meta: Meta, cwd: Path,
            today: dt.date) -> Path | None:
    """The output path if it is known before any question is asked."""
    if out is not None:
        return out
    if resume is not None:
        m = re.fullmatch(r"\.(.+)\.draft\.ya?ml", resume.name)
        if m:
            return resume.parent / f"{m.group(1)}.yaml"
    if meta.title:
        return _default_out(meta, cwd, today)
    return None


def _draft_path(target: Path, resume: Path | None) -> Path:
    if resume is not None:
        return resume
    return target.parent / f".{target.stem}.draft.yaml"


def _check_free(target: Path, force: bool, resume: Path | None, *, drafts: bool = True,
                chosen: bool = False) -> None:
    """Refuse, before any question, an intake or draft path the save would refuse: one that
    exists (without --force), or that is not a regular file (a FIFO, a device, a symlink,
    even a dangling one). ``chosen``: the path came from -o, so its folder must exist;
    a path worked out from the title or the draft gets its folder made."""
    try:
        check_output(target, force=force, make_folders=not chosen)
    except OverwriteError:
        if chosen:
            raise
        raise OverwriteError("already exists (use --force to overwrite, or -o another path)",
                             path=str(target)) from None
    draft = _draft_path(target, resume)
    if drafts and resume is None:
        try:
            check_output(draft, force=force, make_folders=True)
        except OverwriteError:
            raise OverwriteError(f"an unfinished draft of this interview exists: continue with "
                                 f"'ldconsult interview --resume {_quote(draft)}' (or use "
                                 "--force to start over)", path=str(draft)) from None


def _quote(path: Path) -> str:
    text = str(path)
    with contextlib.suppress(ValueError):
        if path.is_absolute() and path.is_relative_to(Path.cwd()):
            text = str(path.relative_to(Path.cwd()))
    return text if re.fullmatch(r"[\w./@:+-]+", text) else "'" + text.replace("'", "'\\''") + "'"


