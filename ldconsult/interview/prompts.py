"""The questionary prompter: a person at a keyboard.

It implements :class:`ldconsult.interview.protocol.InteractivePrompter`; the scripted one
(tests) is in :mod:`ldconsult.interview.scripted_prompter`, and what this one prints about
a question and on the review screen in :mod:`ldconsult.interview.question_lines`. The
engine never sees a widget; the widgets are in :mod:`ldconsult.interview.widgets`, the
keys that end them in :mod:`ldconsult.interview.keys`.

Long text uses a single-line box that wraps, finished by Enter. A multi-line box needs
Esc+Enter (or Alt+Enter) to finish, which nobody on a shared screen knows: people press
Enter, see a new line, and feel stuck. (No extra key inserts a line break either:
some terminals send Ctrl-J for Enter, and Enter must always finish.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
from collections.abc import Iterator, Sequence
from typing import Any

from ldconsult.bank.model import Question
from ldconsult.base.text import wrap
from ldconsult.interview import keys, long_lists, screen_text, typed_dates, widgets
from ldconsult.interview.progress_line import progress
from ldconsult.interview.protocol import (
    ASK_MORE,
    BACK,
    HELP,
    MORE,
    MORE_STEP,
    SAVE,
    UNKNOWN,
    Context,
    NotAsked,
    Reply,
    ReviewAction,
    ReviewEntry,
    answer,
    ask,
    edit,
    note,
)
from ldconsult.interview.question_lines import answer_label, help_lines, review_title


class QuestionaryPrompter:
    """Draws each question with questionary on the terminal (even when stdout is a file).

    Everything it prints is broken between words to fit the terminal. What was typed
    when a key ended a prompt (help, a note, back, Ctrl-D) is kept per question and
    restored when that question is asked again, until it gets an answer.
    """

    def __init__(self, *, input: Any = None, output: Any = None) -> None:
        self.input = input
        self.output = output
        self._typed: dict[str, keys.Typed] = {}
        # What was printed (style, line), unwrapped: laid out again after a resize.
        self._log: list[tuple[str, str]] = []
        self._last_header: tuple[str, int] | None = None
        self._last_error: tuple[str, str] | None = None
        self._last_note: str | None = None

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        from prompt_toolkit.application import create_app_session
        from prompt_toolkit.output import create_output

        output = self.output or create_output(always_prefer_tty=True)
        with create_app_session(input=self.input, output=output), _no_suspend():
            yield

    # -- drawing -------------------------------------------------------------------------

    def width(self) -> int:
        """Columns to fill: the terminal's, less one (a full line wraps early on some
        terminals), and at most MAX_WIDTH, as long lines read badly."""
        from prompt_toolkit.application.current import get_app_session

        columns = get_app_session().output.get_size().columns
        return max(MIN_WIDTH, min(columns - 1, MAX_WIDTH))

    def say(self, *lines: str, style: str = "") -> None:
        self._show([(style, line) for line in lines])

    def _show(self, lines: Sequence[tuple[str, str]]) -> None:
        """Print (style, text) lines in one call, each broken between words to fit (one
        call: each merges prompt_toolkit's default styles anew, ~2 ms)."""
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        self._log = (self._log + list(lines))[-LOG_LINES:]
        width = self.width()
        fragments: list[tuple[str, str]] = []
        for style, line in lines:
            for part in _fit(line, width):
                fragments += [(style, part), ("", "\n")]
        if fragments:
            print_formatted_text(FormattedText(fragments), style=screen_text.style(), end="")

    def _relayout(self) -> None:
        """After the terminal changed size: a clean screen with what was printed last,
        broken between words at the new width; the prompt is then drawn again below it.
        (Redrawn in place, a reflowing terminal showed the question twice.)"""
        from prompt_toolkit.application.current import get_app_session

        output = get_app_session().output
        output.erase_screen()
        output.cursor_goto(0, 0)
        output.flush()
        rows, width = output.get_size().rows, self.width()
        shown: list[tuple[str, str]] = []
        for style, line in reversed(self._log):  # the last lines that fit above the prompt
            parts = _fit(line, width)
            if len(shown) + len(parts) > max(rows - RESIZE_ROOM, 1):
                break
            shown[:0] = [(style, p) for p in parts]
        log, self._log = self._log, []
        self._show(shown)
        self._log = log

    def _run(self, widget: Any) -> Any:
        """Run a prompt until it ends other than by a change of the terminal's size."""
        return keys.end_on_resize(widget).unsafe_ask()

    def intro(self, title: str, minutes: int, questions: int, draft: str | None,
              basics: tuple[int, int] | None = None) -> None:
        """The bank's title and what the interview takes; ``basics``: (count, minutes)
        of an adaptive interview's basics (the rest depends on the answers)."""
        hint = "class:hint"
        if basics is None:
            lines = [("bold", ""), ("bold", f"{title}  (about {minutes} min, up to "
                                            f"{questions} questions)")]
        else:
            lines = [("bold", ""), ("bold", title),
                     ("", f"First the {basics[0]} basics (about {basics[1]} min), then only "
                      "the questions whose answers can change the plan: at most "
                      f"{max(questions - basics[0], 0)} more, up to {minutes} min in all.")]
        lines += [(hint, "Keys: Enter = next · Ctrl-Z = back · ? = help and why we ask"),
                  (hint, "      Ctrl-N = add a note · Ctrl-D = don't know yet (where offered)")]
        if basics is not None:
            lines.append((hint, "      Ctrl-O = more questions (the next most useful ones)"))
        lines += [(hint, "      Ctrl-C = stop; you can keep a draft and resume later"),
                  (hint, "At the end you review every answer and can change any of them"
                   + (", or ask what was left out." if basics is not None else "."))]
        if draft:
            lines.append((hint, f"A draft is saved after every answer: {draft}"))
        self._show(lines)

    def _header(self, q: Question, ctx: Context) -> None:
        lines: list[tuple[str, str]] = []
        # Asked again at once (after help, a note, a refused key): what stands above the
        # prompt is not printed again, only what is new.
        again = self._last_header == (q.id, ctx.number)
        if not again:
            lines += [("", ""), ("class:header", progress(ctx, self.width()))]
            if ctx.first_in_section and ctx.section.intro and not (ctx.error or ctx.show_help):
                lines.append(("class:hint", ctx.section.intro.strip()))
            if ctx.is_unknown:
                lines.append(("class:hint", "Currently: don't know yet"))
        self._last_header = (q.id, ctx.number)
        if ctx.show_help:
            lines += [("class:help", line) for line in help_lines(q)]
        if ctx.note and (not again or ctx.note != self._last_note):
            lines.append(("class:hint", f"Note: {ctx.note}"))
        self._last_note = ctx.note
        if ctx.info:
            lines.append(("class:hint", ctx.info))
        if ctx.error and self._last_error != (q.id, ctx.error):  # said once is enough
            lines.append(("class:error", f"✗ {ctx.error}"))
        self._last_error = (q.id, ctx.error) if ctx.error else None
        self._show(lines)

    # -- asking --------------------------------------------------------------------------

    def ask(self, question: Question, ctx: Context) -> Reply:
        self._header(question, ctx)
        while True:
            typed = self._typed.get(question.id)
            result = self._run(widgets.build(question, ctx, typed, self.width()))
            if not (isinstance(result, keys.Ended) and result.action is keys.RESIZE):
                break
            self._typed[question.id] = result.typed
            self._relayout()
        if isinstance(result, keys.Ended):
            self._typed[question.id] = result.typed
            return self._ended(question, ctx, result.action)
        self._typed.pop(question.id, None)
        if isinstance(result, str) and result.strip() == "?" and question.type in keys.TEXTUAL:
            return HELP
        self._show(screen_text.transcript(question, self._echo(question, result), self.width()))
        if result is keys.SKIP:
            return answer(None)
        if result is keys.UNKNOWN:  # chosen from the list
            return UNKNOWN
        both = typed_dates.readings(question, result, ctx.today)
        if both:
            result = self._choose_reading(result, both, ctx)
        resolved = typed_dates.resolved_date(question, result, ctx.today, ctx.since)
        if resolved:
            self.say(f"  → {resolved}", style="class:resolved")
        return answer(result)

    def _choose_reading(self, said: str, both: Sequence[Any], ctx: Context) -> str:
        """The day meant by a date said without a year, for a question that may be about
        the past or the future ("1 November" for a go-live): the person picks, the nearer
        one first. Its ISO form is the answer."""
        import questionary

        from ldconsult.base import date_words

        width, today = self.width(), ctx.today or dt.date.today()
        choices = [questionary.Choice(screen_text.choice_title(
            date_words.spoken(day, today, since=ctx.since), width, 6), value=day.isoformat())
            for day in both]
        msg, hint = screen_text.message(f"“{' '.join(said.split())}”: which one?",
                                        "(number or arrows, Enter)", width)
        return str(questionary.select(msg, choices=choices, use_shortcuts=True,
                                      use_jk_keys=False, use_emacs_keys=False,
                                      style=screen_text.style(), instruction=hint).unsafe_ask())

    @staticmethod
    def _echo(q: Question, result: Any) -> str:
        """The answer as the scrollback shows it."""
        if result is keys.SKIP or (isinstance(result, (str, list)) and not result):
            return "— (skipped)"
        if result is keys.UNKNOWN:
            return widgets.UNKNOWN_LABEL
        return answer_label(q, result) if not isinstance(result, str) or q.choices else result

    def _ended(self, q: Question, ctx: Context, action: keys.Sentinel) -> Reply:
        if action is keys.NOTE:
            if ctx.section_no == 0:  # the meeting details take no notes: the engine says so
                return note("")
            return note(self._ask_note(q, ctx.note))
        if action is keys.UNKNOWN:
            if q.allow_unknown:
                self._show(screen_text.transcript(q, widgets.UNKNOWN_LABEL, self.width()))
            return UNKNOWN  # where it is not offered, the engine says so
        if action is keys.BACK:
            self.say("  ← back to the previous question", style="class:hint")
            self._last_header = None
            return BACK
        if action is keys.MORE:
            return MORE
        return HELP

    def _ask_note(self, q: Question, current: str | None) -> str:
        import questionary

        msg, hint = screen_text.message(f"Note for: {' '.join(q.prompt.split())}",
                                        "(Enter to keep it; empty removes it)", self.width())
        # Erased when done: the question, asked again, shows the note under its header.
        return questionary.text(msg, default=current or "", style=screen_text.style(),
                                instruction=hint + "\n" + screen_text.INPUT_MARK,
                                erase_when_done=True).unsafe_ask()

    def review(self, entries: Sequence[ReviewEntry],
               not_asked: Sequence[NotAsked] = ()) -> ReviewAction:
        """Each answer once, then (an adaptive interview) what was not asked and why:
        choose an answer to change it, a question to ask it, or save. Ctrl-O (or the
        line under the save) asks the next most useful questions not asked."""
        self._last_header = None
        self.say("", "Review: each answer once. Choose one to change it, or save."
                 + (" Below the answers: what was not asked, and why; choose one to ask "
                    "it." if not_asked else ""), style="class:header")
        typed: keys.Typed | None = None
        while True:  # again after a resize, laid out for the new width
            result = self._run(self._review_picker(entries, not_asked, typed))
            if not (isinstance(result, keys.Ended) and result.action is keys.RESIZE):
                break
            typed = result.typed
            self._relayout()
        if result is _MORE:
            return ASK_MORE
        if isinstance(result, tuple):
            return ask(result[1])
        return SAVE if result is _SAVE or result is None else edit(str(result))

    def _review_picker(self, entries: Sequence[ReviewEntry], not_asked: Sequence[NotAsked],
                       typed: keys.Typed | None) -> Any:
        import questionary

        width = self.width()
        missing = sum(e.missing for e in entries)
        save = "✔ Save and finish" + (f" (first asks the {missing} still missing)"
                                      if missing else "")
        choices: list[Any] = [questionary.Choice(save, value=_SAVE)]
        if not_asked:
            choices.append(questionary.Choice(
                screen_text.choice_title(f"＋ Ask more: the {min(len(not_asked), MORE_STEP)} "
                                         "most useful of the questions not asked (Ctrl-O)",
                                         width, 3), value=_MORE))
        section = None
        for n, e in enumerate(entries, 1):
            if e.section.id != section:
                section = e.section.id
                choices.append(questionary.Separator(f"── {e.section.title}"))
            choices.append(questionary.Choice(
                review_title(n, e, width), value=e.question.id,
                disabled="hidden now: will not be saved" if e.hidden else None))
        choices += self._not_asked_choices(not_asked, width)
        many = len(entries) + len(not_asked) > widgets.MANY_CHOICES
        msg, hint = screen_text.message("Save, or choose an answer to change it:",
                                        "(arrows, Enter" + (", type to filter)" if many else ")"),
                                        self.width())
        offered = [c.value for c in choices if isinstance(c, questionary.Choice)]
        picker = questionary.select(
            msg, choices=choices, use_search_filter=many, use_jk_keys=False,
            use_emacs_keys=False, style=screen_text.style(), instruction=hint,
            default=typed.pointed if typed is not None and typed.pointed in offered else None,
            erase_when_done=True)  # the next screen is the edit, or the end card
        long_lists.fit_long_items(picker, choices, typed)
        if not_asked:
            keys.bind_more(picker, _MORE)
        return picker

    @staticmethod
    def _not_asked_choices(not_asked: Sequence[NotAsked], width: int) -> list[Any]:
        import questionary

        if not not_asked:
            return []
        out: list[Any] = [questionary.Separator(
            f"── Not asked ({len(not_asked)}): {not_asked[0].reason}; choose one to ask it")]
        pad = 3 + 2  # " » " and "? "
        for n in not_asked:
            out.append(questionary.Choice(
                "? " + screen_text.choice_title(" ".join(n.question.prompt.split()), width, pad),
                value=("ask", n.question.id)))
        return out

    def confirm_save_draft(self) -> bool:
        import questionary

        try:
            return bool(questionary.confirm("Stopped. Keep a draft so you can resume later?",
                                            default=True, style=screen_text.style()).unsafe_ask())
        except (KeyboardInterrupt, EOFError):
            return True  # when in doubt, keep the answers


MIN_WIDTH, MAX_WIDTH = screen_text.MIN_WIDTH, screen_text.MAX_WIDTH
LOG_LINES = 200  # printed lines kept to lay the screen out again after a resize
RESIZE_ROOM = 8  # rows left for the prompt below them
_SAVE = keys.Sentinel("save")
_MORE = keys.Sentinel("ask more")

def _fit(line: str, width: int) -> list[str]:
    """A printed line broken between words; continuation lines hang under its text."""
    lead = " " * (len(line) - len(line.lstrip(" ")))
    if not line.strip():
        return [line]
    # prose wraps flush; an indented line ("  → back") hangs under its text
    return wrap(line, width, first=lead, rest=lead + ("  " if lead else ""),
                cells=screen_text.cells)


@contextlib.contextmanager
def _no_suspend() -> Iterator[None]:
    # Ctrl-Z is our back key; between two prompts the terminal is briefly in cooked
    # mode, where it would suspend the process. Ignore SIGTSTP while we run.
    sig = getattr(signal, "SIGTSTP", None)
    try:
        old = signal.signal(sig, signal.SIG_IGN) if sig is not None else None
    except ValueError:  # not the main thread
        old = None
    try:
        yield
    finally:
        if old is not None:
            signal.signal(sig, old)  # type: ignore[arg-type]
