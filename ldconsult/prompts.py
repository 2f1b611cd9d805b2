"""Prompters: the questionary adapter (a person at a keyboard) and a scripted one (tests).

Both implement :class:`ldconsult.interview.Prompter`. The engine never sees a widget.

Keys (chosen because terminals deliver them as plain control bytes in raw mode; see
NOTES-prompting.md): Ctrl-Z goes back one question (Ctrl-B works too, for terminals
where Ctrl-Z is taken; SIGTSTP is ignored while the interview runs, so a Ctrl-Z pressed
between two prompts cannot suspend the program), ``?`` shows help and why we ask
(in a text box only while the box is empty, so "why?" can still be typed; F1 works
too), Ctrl-D answers "don't know
yet" where the bank allows it (select lists also show it as a choice), Ctrl-N attaches
a note, Ctrl-C stops and offers to keep a draft.

Long text uses a single-line box that wraps, finished by Enter. A multi-line box needs
Esc+Enter (or Alt+Enter) to finish, which nobody on a shared screen knows: people press
Enter, see a new line, and feel stuck. (No extra key inserts a line break either:
some terminals send Ctrl-J for Enter, and Enter must always finish.)
"""

from __future__ import annotations

import contextlib
import functools
import signal
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from ldconsult import values
from ldconsult.banks import Question
from ldconsult.interview import (BACK, HELP, SAVE, UNKNOWN, Context, Prompter, Reply,
                                 ReviewAction, ReviewEntry, answer, edit, note)

MANY_CHOICES = 12
UNKNOWN_LABEL = "Don't know yet"
SKIP_LABEL = "Skip (optional)"


class InteractivePrompter(Prompter, Protocol):
    """What ``ldconsult interview`` needs beyond the engine's :class:`Prompter`."""

    def session(self) -> contextlib.AbstractContextManager[None]: ...

    def say(self, *lines: str) -> None: ...

    def confirm_save_draft(self) -> bool: ...


class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


_BACK, _HELP, _UNKNOWN, _NOTE, _SKIP = (_Sentinel(n) for n in
                                        ("back", "help", "unknown", "note", "skip"))
_SAVE = _Sentinel("save")
_SENTINEL_REPLY = {_BACK: BACK, _HELP: HELP, _UNKNOWN: UNKNOWN}


# ---------------------------------------------------------------------------------------
# Scripted prompter (tests, and the engine benchmark)

class ScriptedPrompter:
    """Replies from a list, in order. Plain values are answers. Running out raises EOFError,
    the way a closed pipe does, so a test that misses a step fails instead of hanging."""

    def __init__(self, replies: Iterable[Any] = (), reviews: Iterable[Any] = ()) -> None:
        self.replies = list(replies)
        self.reviews = list(reviews)
        self.asked: list[tuple[str, Context]] = []
        self.reviewed: list[list[ReviewEntry]] = []

    def ask(self, question: Question, ctx: Context) -> Reply:
        self.asked.append((question.id, ctx))
        if not self.replies:
            raise EOFError(f"script ran out of replies at '{question.id}'")
        item = self.replies.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item if isinstance(item, Reply) else answer(item)

    def review(self, entries: Sequence[ReviewEntry]) -> ReviewAction:
        self.reviewed.append(list(entries))
        item = self.reviews.pop(0) if self.reviews else SAVE
        if isinstance(item, BaseException):
            raise item
        return item

    def confirm_save_draft(self) -> bool:
        return True

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        yield

    def say(self, *lines: str) -> None:
        pass


# ---------------------------------------------------------------------------------------
# Questionary prompter

class QuestionaryPrompter:
    """Draws each question with questionary on the terminal (even when stdout is a file)."""

    def __init__(self, *, input: Any = None, output: Any = None) -> None:
        self.input = input
        self.output = output

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        from prompt_toolkit.application import create_app_session
        from prompt_toolkit.output import create_output

        output = self.output or create_output(always_prefer_tty=True)
        with create_app_session(input=self.input, output=output), _no_suspend():
            yield

    # -- drawing -------------------------------------------------------------------------

    def say(self, *lines: str, style: str = "") -> None:
        self._show([(style, line) for line in lines])

    def _show(self, lines: Sequence[tuple[str, str]]) -> None:
        """Print (style, text) lines in one call: each call merges prompt_toolkit's
        default styles anew (~2 ms), which adds up before the first question."""
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        fragments: list[tuple[str, str]] = []
        for style, line in lines:
            fragments += [(style, line), ("", "\n")]
        if fragments:
            print_formatted_text(FormattedText(fragments), style=_style(), end="")

    def intro(self, title: str, minutes: int, questions: int, draft: str | None) -> None:
        hint = "class:hint"
        lines = [("bold", ""), ("bold", f"{title}  (about {minutes} min, {questions} questions)"),
                 (hint, "Keys: Enter = next · Ctrl-Z = back · ? = help and why we ask"),
                 (hint, "      Ctrl-N = add a note · Ctrl-D = don't know yet (where offered)"),
                 (hint, "      Ctrl-C = stop; you can keep a draft and resume later"),
                 (hint, "At the end you review every answer and can change any of them.")]
        if draft:
            lines.append((hint, f"A draft is saved after every answer: {draft}"))
        self._show(lines)

    def _header(self, q: Question, ctx: Context) -> None:
        if ctx.section_no == 0:
            head = f"{ctx.section.title} · {ctx.number}/{ctx.total}"
        else:
            head = (f"Section {ctx.section_no}/{ctx.section_count} · {ctx.section.title} · "
                    f"Question {ctx.number}/{ctx.total}")
        lines = [("", ""), ("class:header", head)]
        if ctx.first_in_section and ctx.section.intro and not (ctx.error or ctx.show_help):
            lines.append(("class:hint", ctx.section.intro.strip()))
        self._show(lines)
        if ctx.show_help:
            self._help(q)
        if ctx.note:
            self.say(f"Note: {ctx.note}", style="class:hint")
        if ctx.is_unknown:
            self.say("Currently: don't know yet", style="class:hint")
        if ctx.error:
            self.say(f"✗ {ctx.error}", style="class:error")

    def _help(self, q: Question) -> None:
        shown = False
        if q.help:
            self.say(f"Help: {q.help.strip()}", style="class:help")
            shown = True
        if q.why:
            self.say(f"Why we ask: {q.why.strip()}", style="class:help")
            shown = True
        if q.examples:
            self.say("Examples: " + "; ".join(q.examples), style="class:help")
            shown = True
        for c in q.choices or []:
            if c.help:
                self.say(f"  {c.shown}: {c.help.strip()}", style="class:help")
                shown = True
        if not shown:
            self.say("No extra help for this question.", style="class:help")

    # -- asking --------------------------------------------------------------------------

    def ask(self, question: Question, ctx: Context) -> Reply:
        self._header(question, ctx)
        widget = _widget_for(question, ctx)
        result = widget.unsafe_ask()
        if result is _NOTE:
            return note(self._ask_note(question, ctx.note))
        if result is _SKIP:
            return answer(None)
        if isinstance(result, _Sentinel):
            if result is _UNKNOWN:
                self.say(f"  → {UNKNOWN_LABEL}", style="class:hint")
            elif result is _BACK:
                self.say("  ← back to the previous question", style="class:hint")
            return _SENTINEL_REPLY[result]
        if isinstance(result, str) and result.strip() == "?" and question.type in _TEXTUAL:
            return HELP
        return answer(result)

    def _ask_note(self, q: Question, current: str | None) -> str:
        import questionary

        return questionary.text(
            f"Note for '{q.id}' (Enter to keep it; empty removes it):",
            default=current or "", style=_style()).unsafe_ask()

    def review(self, entries: Sequence[ReviewEntry]) -> ReviewAction:
        import questionary

        self._review_listing(entries)
        missing = sum(e.missing for e in entries)
        save = "✔ Save and finish" + (f" (first asks the {missing} still missing)"
                                      if missing else "")
        choices = [questionary.Choice(save, value=_SAVE)]
        for n, e in enumerate(entries, 1):
            mark = " ✎" if e.note and not e.hidden else ""
            title = (f"{n:>2}. {_short(e.question.prompt, 44)} — "
                     f"{_short(_review_value(e), 24)}{mark}")
            choices.append(questionary.Choice(
                title, value=e.question.id,
                disabled="hidden now: will not be saved" if e.hidden else None))
        many = len(choices) > MANY_CHOICES
        result = questionary.select(
            "Save, or choose an answer to change it (Ctrl-N there adds a note):",
            choices=choices, use_search_filter=many, use_jk_keys=False, use_emacs_keys=False,
            style=_style(), instruction="(arrows, Enter" + (", type to filter)" if many else ")"),
        ).unsafe_ask()
        return SAVE if result is _SAVE or result is None else edit(str(result))

    def _review_listing(self, entries: Sequence[ReviewEntry]) -> None:
        self.say("", "Review: every answer, before saving", style="class:header")
        section = None
        for n, e in enumerate(entries, 1):
            if e.section.id != section:
                section = e.section.id
                self.say(f"  {e.section.title}", style="bold")
            self.say(f"   {n:>2}. {_short(e.question.prompt, 48)}: {_review_value(e)}",
                     style="class:hidden" if e.hidden else "")
            if e.note and not e.hidden:
                self.say(f"       note: {_short(e.note, 70)}", style="class:hint")
        for e in entries:
            if e.hidden:
                self.say(f"  hidden now: {e.question.id} ({_short(e.question.prompt, 40)}) — "
                         "its answer will not be saved", style="class:hint")

    def confirm_save_draft(self) -> bool:
        import questionary

        try:
            return bool(questionary.confirm("Stopped. Keep a draft so you can resume later?",
                                            default=True, style=_style()).unsafe_ask())
        except (KeyboardInterrupt, EOFError):
            return True  # when in doubt, keep the answers


_TEXTUAL = ("text", "long_text", "number", "integer", "money", "date")


def _review_value(e: ReviewEntry) -> str:
    if e.hidden:
        return f"{e.shown} (hidden now: will not be saved)"
    if e.unknown:
        return "don't know yet"
    if e.missing:
        return "✗ required, not answered"
    return e.shown if e.value is not None else "— (skipped)"


def _short(text: str, width: int) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# ---------------------------------------------------------------------------------------
# Widgets

def _widget_for(q: Question, ctx: Context) -> Any:
    if q.type in ("select", "scale") or (q.type == "confirm" and
                                         (q.allow_unknown or not q.required)):
        widget = _select(q, ctx)
    elif q.type == "multi_select":
        widget = _checkbox(q, ctx)
    elif q.type == "confirm":
        widget = _confirm(q, ctx)
    else:
        widget = _text(q, ctx)
    _bind(widget, q, ctx)
    return widget


def _message(q: Question) -> str:
    return q.prompt.strip() + ("" if q.required else " (optional)")


def _choices_of(q: Question) -> list[tuple[str, Any, str | None]]:
    if q.type == "confirm":
        return [("Yes", True, None), ("No", False, None)]
    if q.type == "scale":
        lo, hi = int(q.min or 1), int(q.max or 5)
        return [(str(n), n, None) for n in range(lo, hi + 1)]
    return [(c.shown, c.value, c.help) for c in q.choices or []]


def _select(q: Question, ctx: Context) -> Any:
    import questionary

    items = _choices_of(q)
    choices = [questionary.Choice(title, value=value, description=desc)
               for title, value, desc in items]
    if q.allow_unknown:
        choices.append(questionary.Choice(UNKNOWN_LABEL, value=_UNKNOWN))
    if not q.required:
        choices.append(questionary.Choice(SKIP_LABEL, value=_SKIP))
    default: Any = None
    if ctx.is_unknown:
        default = _UNKNOWN
    elif ctx.current is not None and any(v == ctx.current for _, v, _ in items):
        default = next(c for c in choices if c.value == ctx.current)
    many = len(choices) > MANY_CHOICES
    return questionary.select(
        _message(q), choices=choices, default=default, use_shortcuts=not many,
        use_search_filter=many, use_jk_keys=False, use_emacs_keys=False,
        style=_style(), instruction="(type to filter, arrows, Enter)" if many else
        "(number or arrows, Enter)")


def _checkbox(q: Question, ctx: Context) -> Any:
    import questionary

    current = ctx.current if isinstance(ctx.current, list) else []
    choices = [questionary.Choice(c.shown, value=c.value, checked=c.value in current,
                                  description=c.help) for c in q.choices or []]

    def check(chosen: list[Any]) -> bool | str:
        try:
            values.coerce(q, chosen)
        except ValueError as exc:
            return str(exc)
        return True

    hint = "(Space to tick, Enter when done"
    hint += ", Ctrl-D = don't know yet)" if q.allow_unknown else ")"
    return questionary.checkbox(_message(q), choices=choices, validate=check,
                                use_jk_keys=False, use_emacs_keys=False, style=_style(),
                                instruction=hint)


def _confirm(q: Question, ctx: Context) -> Any:
    import questionary

    default = ctx.current if isinstance(ctx.current, bool) else (
        q.default if isinstance(q.default, bool) else True)
    return questionary.confirm(_message(q), default=default, auto_enter=True, style=_style())


_TEXT_HINTS = {"number": "a number, e.g. 12 or 3.5", "integer": "a whole number",
               "money": "an amount, e.g. 25000 or 25k", "date": "YYYY-MM-DD",
               "long_text": "Enter to finish"}


def _text(q: Question, ctx: Context) -> Any:
    import questionary
    from prompt_toolkit.formatted_text import FormattedText

    def check(text: str) -> bool | str:
        if text.strip() == "?":
            return True
        try:
            values.coerce(q, text)
        except ValueError as exc:
            return str(exc)
        return True

    default = "" if ctx.current is None else _as_text(q, ctx.current)
    hint = _TEXT_HINTS.get(q.type, "")
    if q.allow_unknown:
        hint = (hint + "; " if hint else "") + "Ctrl-D = don't know yet"
    if not q.required:
        hint = (hint + "; " if hint else "") + "Enter on empty skips"
    placeholder = q.placeholder or (q.examples[0] if q.examples else None)
    kw: dict[str, Any] = {}
    if placeholder and not default:
        # "e.g." so the grey example never reads as an answer in the transcript
        kw["placeholder"] = FormattedText([("class:placeholder", f"e.g. {placeholder}")])
    return questionary.text(_message(q), default=default, validate=check, style=_style(),
                            instruction=f"({hint})" if hint else None, **kw)


def _as_text(q: Question, value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _bind(widget: Any, q: Question, ctx: Context) -> None:
    """Merge our keys into the widget's application; each ends the prompt with a sentinel."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    kb = KeyBindings()
    actions: list[tuple[tuple[str, ...], _Sentinel]] = [
        (("c-z",), _BACK), (("c-b",), _BACK), (("f1",), _HELP), (("c-n",), _NOTE),
        (("c-d",), _UNKNOWN if q.allow_unknown else _Sentinel("ignored"))]
    if q.type not in _TEXTUAL:
        actions.append((("?",), _HELP))
    else:  # "?" in an empty text box means help; anywhere else it is just a character
        kb.add("?", eager=True, filter=_empty_buffer())(_exit_with(_HELP))
    for keys, result in actions:
        if result.name == "ignored":
            kb.add(*keys, eager=True)(lambda event: None)  # no accidental EOF on Ctrl-D
            continue
        kb.add(*keys, eager=True)(_exit_with(result))
    app = widget.application
    app.key_bindings = merge_key_bindings([app.key_bindings, kb]) if app.key_bindings else kb


def _empty_buffer() -> Any:
    from prompt_toolkit.application import get_app
    from prompt_toolkit.filters import Condition

    return Condition(lambda: not get_app().current_buffer.text)


def _exit_with(result: _Sentinel) -> Any:
    def handler(event: Any) -> None:
        event.app.exit(result=result)

    return handler


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


@functools.lru_cache(maxsize=1)
def _style() -> Any:
    from prompt_toolkit.styles import Style

    return Style.from_dict({
        "header": "bold ansicyan", "hint": "ansibrightblack", "help": "ansiyellow",
        "error": "bold ansired", "hidden": "ansibrightblack italic",
        "placeholder": "ansibrightblack", "instruction": "ansibrightblack",
    })
