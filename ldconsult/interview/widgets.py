"""The questionary widget for one question, with our keys, wrapped at word boundaries.

A widget is built from the bank's question, the progress context and, when a key ended
the prompt before (help, a note, back, "don't know" where it is not offered), what was
on it then (:class:`Typed`): the text and the cursor, the pointer, the ticks, the filter.
Our keys end the prompt with :class:`Ended`, which carries that state, so asking again
loses nothing that was being typed.

Keys (chosen because terminals deliver them as plain control bytes in raw mode; see
NOTES-prompting.md): Ctrl-Z and Ctrl-B go back, ``?`` and F1 show help (``?`` in a text
box only while it is empty, so "why?" can still be typed), Ctrl-D means "don't know
yet", Ctrl-N adds a note, Ctrl-O asks for more questions (an adaptive interview then
asks the next most useful ones; neither tmux, screen nor the shell take it, and in raw
mode the terminal passes it on), and the number keys tick the boxes of a multi-select.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ldconsult.bank import values
from ldconsult.bank.model import Question
from ldconsult.base import dates
from ldconsult.base.text import wrap
from ldconsult.interview.protocol import Context

MANY_CHOICES = 12  # more than this: type to filter instead of number keys
MIN_WIDTH, MAX_WIDTH = 40, 100  # columns filled: long lines read badly
NUMBER_KEYS = "1234567890"  # questionary's select numbers its first ten choices so too
UNKNOWN_LABEL = "Don't know yet"
SKIP_LABEL = "Skip (optional)"
TEXTUAL = ("text", "long_text", "number", "integer", "money", "date")
INPUT_MARK = "›"  # questionary adds the space after it
TEXT_HINTS = {"number": "a number, e.g. 12 or 3.5", "integer": "a whole number",
              "money": "an amount in your currency; 1.5k and 2m work too",
              "long_text": "Enter to finish"}


class Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


BACK, HELP, UNKNOWN, NOTE, SKIP, RESIZE, MORE = (
    Sentinel(n) for n in ("back", "help", "unknown", "note", "skip", "resize", "more"))
MORE_KEY = "c-o"


@dataclass(frozen=True)
class Typed:
    """What was on a prompt when one of our keys ended it."""

    text: str | None = None  # a text box: its text and cursor
    cursor: int = 0
    pointed: Any = None  # a list: the choice under the pointer
    ticked: tuple[Any, ...] | None = None  # a multi-select: the ticked values
    search: str | None = None  # a long list: the filter typed so far


@dataclass(frozen=True)
class Ended:
    """A prompt ended by one of our keys (not by an answer)."""

    action: Sentinel
    typed: Typed


# ---------------------------------------------------------------------------------------
# Building

def build(q: Question, ctx: Context, typed: Typed | None, width: int) -> Any:
    """The widget for ``q``; ``typed`` (if any) is restored instead of the stored answer."""
    if q.type in ("select", "scale") or (q.type == "confirm" and
                                         (q.allow_unknown or not q.required)):
        widget = _select(q, ctx, typed, width)
    elif q.type == "multi_select":
        widget = _checkbox(q, ctx, typed, width)
    elif q.type == "confirm":
        widget = _confirm(q, ctx, width)
    else:
        widget = _text(q, ctx, typed, width)
    bind(widget, q)
    # The prompter prints the question and the answer itself, broken between words
    # (prompt_toolkit breaks a long answer wherever the line ends).
    widget.application.erase_when_done = True
    tall_errors(widget)
    return widget


def end_on_resize(widget: Any) -> Any:
    """Make a change of the terminal's size end the prompt with :class:`Ended` (RESIZE),
    what was typed kept, for the prompter to lay the screen out again at the new width.

    prompt_toolkit redraws a prompt in place after a resize, moving up as many rows as
    it drew. A terminal that reflows its lines (tmux, most desktop terminals) has made
    those rows more by then: the top of the old prompt stayed on screen, and the question
    showed twice, its lines wrapped for the old width and cut."""
    app = widget.application

    def resized() -> None:
        if not app.is_done:
            app.exit(result=Ended(RESIZE, capture(app)))

    app._on_resize = resized  # called on SIGWINCH, and when polling finds a new size
    return widget


def tall_errors(widget: Any) -> None:
    """Let the line under a text box that says why an answer is refused take the lines it
    needs (prompt_toolkit gives it one, and cut a long reason at the terminal's edge)."""
    for window in widget.application.layout.find_all_windows():
        text = getattr(window.content, "text", None)
        if "ValidationToolbar" in getattr(text, "__qualname__", ""):
            window.height = None


def refusal(message: str, width: int) -> str:
    """Why an answer is refused, broken between words to fit under the box."""
    return "\n".join(wrap(message, width, cells=cells))


def question_text(q: Question) -> str:
    """The prompt as shown, marked when it may be skipped."""
    return q.prompt.strip() + ("" if q.required else " (optional)")


def transcript(q: Question, shown: str, width: int) -> list[tuple[str, str]]:
    """(style, line) pairs that stand for an answered prompt in the scrollback."""
    lines = [("class:question", line) for line in wrap(question_text(q), width, first="? ",
                                                       rest="  ", cells=cells)]
    lines += [("class:answer", line) for line in wrap(shown, width, first=INPUT_MARK + " ",
                                                      rest="  ", cells=cells)]
    return lines


def message(q: Question | str, hint: str, width: int) -> tuple[str, str]:
    """(message, instruction) for questionary, broken between words to fit ``width``.

    questionary draws "? " + message + " " + instruction; continuation lines are
    indented under the message. The hint joins the last line when it fits."""
    text = q if isinstance(q, str) else question_text(q)
    lines = wrap(text, width, first="? ", rest="  ", cells=cells)
    body = "\n  ".join(line[2:] for line in lines)
    if not hint:
        return body, ""
    if cells(lines[-1]) + cells(hint) + 2 <= width:
        return body, hint
    return body, "\n" + "\n".join(wrap(hint, width, first="  ", rest="  ", cells=cells))


def choice_title(label: str, width: int, indent: int) -> str:
    """A choice's label wrapped under itself (``indent``: the cells before it)."""
    lines = wrap(label, max(width - indent, 20), cells=cells)
    return ("\n" + " " * indent).join(lines)


def labels(q: Question) -> list[tuple[str, Any, str | None]]:
    """(label, value, help) as the widget offers them: what people saw and chose."""
    if q.type == "confirm":
        return [("Yes", True, None), ("No", False, None)]
    if q.type == "scale":
        lo, hi = int(q.min or 1), int(q.max or 5)
        return [(str(n), n, None) for n in range(lo, hi + 1)]
    return [(c.shown, c.value, c.help) for c in q.choices or []]


def _select(q: Question, ctx: Context, typed: Typed | None, width: int) -> Any:
    import questionary

    items = labels(q)
    extra = ([(UNKNOWN_LABEL, UNKNOWN, None)] if q.allow_unknown else []) + \
        ([(SKIP_LABEL, SKIP, None)] if not q.required else [])
    many = len(items) + len(extra) > MANY_CHOICES
    indent = 3 if many else 6  # " » " and, with number keys, "1) "
    choices = [questionary.Choice(choice_title(title, width, indent), value=value,
                                  description=_description(desc, width))
               for title, value, desc in [*items, *extra]]
    default = _pointed(typed, ctx, q, [c.value for c in choices])
    hint = "(type to filter, arrows, Enter)" if many else "(number or arrows, Enter)"
    msg, hint = message(q, hint, width)
    widget = questionary.select(
        msg, choices=choices, default=default, use_shortcuts=not many,
        use_search_filter=many, use_jk_keys=False, use_emacs_keys=False, style=style(),
        instruction=hint)
    fit_long_items(widget, choices, typed)
    return widget


def _pointed(typed: Typed | None, ctx: Context, q: Question, offered: list[Any]) -> Any:
    """Where the pointer starts: where it was, else on the stored answer."""
    if typed is not None and typed.pointed in offered:
        return typed.pointed
    if ctx.is_unknown and UNKNOWN in offered:
        return UNKNOWN
    if q.type != "multi_select" and ctx.current in offered:
        return ctx.current
    return None


def _checkbox(q: Question, ctx: Context, typed: Typed | None, width: int) -> Any:
    import questionary

    if typed is not None and typed.ticked is not None:
        ticked: Sequence[Any] = typed.ticked
    else:
        ticked = ctx.current if isinstance(ctx.current, list) else []
    numbered = len(q.choices or []) <= len(NUMBER_KEYS)
    choices = [questionary.Choice(
        _numbered(n, c.shown, width) if numbered else choice_title(c.shown, width, 5),
        value=c.value, checked=c.value in ticked, description=_description(c.help, width))
        for n, c in enumerate(q.choices or [])]
    hint = "(Space" + (" or its number" if numbered else "") + " to tick, Enter when done"
    hint += ", Ctrl-D = don't know yet)" if q.allow_unknown else ")"
    msg, hint = message(q, hint, width)

    def check(chosen: list[Any]) -> bool | str:
        try:
            values.coerce(q, chosen, today=ctx.today)
        except ValueError as exc:
            return refusal(str(exc), width)
        return True

    widget = questionary.checkbox(
        msg, choices=choices, validate=check, use_jk_keys=False, use_emacs_keys=False,
        style=style(), instruction=hint,
        initial_choice=_pointed(typed, ctx, q, [c.value for c in choices]))
    if numbered:
        _number_keys(widget, len(choices))
    return widget


def _numbered(n: int, label: str, width: int) -> str:
    # " » ○ " is five cells, "1) " three more
    return f"{NUMBER_KEYS[n]}) " + choice_title(label, width, 8)


def _description(text: str | None, width: int) -> str | None:
    if not text:
        return None
    # questionary prints "  Description: " (15 cells) before it
    return "\n".join(wrap(" ".join(text.split()), width - 2, first=" " * 13, rest="  ",
                          cells=cells)).lstrip()


def _confirm(q: Question, ctx: Context, width: int) -> Any:
    import questionary

    default = ctx.current if isinstance(ctx.current, bool) else (
        q.default if isinstance(q.default, bool) else True)
    msg, hint = message(q, "(Y/n)" if default else "(y/N)", width)
    return questionary.confirm(msg, default=default, auto_enter=True, style=style(),
                               instruction=hint)


def _text(q: Question, ctx: Context, typed: Typed | None, width: int) -> Any:
    import questionary
    from prompt_toolkit.document import Document
    from prompt_toolkit.formatted_text import FormattedText

    today = ctx.today
    live = ctx.section_no != 0  # the meeting's own date counts from the clock

    def check(text: str) -> bool | str:
        if text.strip() == "?":
            return True
        try:
            values.coerce(q, text, today=today, live=live)
        except values.Ambiguous:
            return True  # both readings are offered after Enter
        except ValueError as exc:
            return refusal(str(exc), width)
        return True

    stored = "" if ctx.current is None else _as_text(ctx.current)
    text = typed.text if typed is not None and typed.text is not None else stored
    msg, hint = message(q, _hint(q, ctx), width)
    kw: dict[str, Any] = {}
    placeholder = q.placeholder or (q.examples[0] if q.examples else None)
    if placeholder and not text:
        # "e.g." so the grey example never reads as an answer in the transcript
        kw["placeholder"] = FormattedText([("class:placeholder", f"e.g. {placeholder}")])
    if q.type == "date":
        kw["bottom_toolbar"] = _date_preview(q, ctx, width)
    # The answer goes on its own line, after the question and its hint.
    widget = questionary.text(msg, validate=check, style=style(),
                              instruction=(hint + "\n" if hint else "\n") + INPUT_MARK, **kw)
    cursor = typed.cursor if typed is not None and typed.text is not None else len(text)
    widget.application.layout.current_buffer.reset(Document(text, min(cursor, len(text))))
    return widget


def _hint(q: Question, ctx: Context) -> str:
    if q.type == "date":
        examples = dates.examples(ctx.today or _today(), values.looking(q))
        hint = "a date, e.g. " + dates.said(examples)
    else:
        hint = TEXT_HINTS.get(q.type, "")
    if q.allow_unknown:
        hint = (hint + "; " if hint else "") + "Ctrl-D = don't know yet"
    if not q.required:
        hint = (hint + "; " if hint else "") + "Enter on empty skips"
    return f"({hint})" if hint else ""


def _today() -> Any:
    import datetime as dt

    return dt.date.today()


def _date_preview(q: Question, ctx: Context, width: int) -> Callable[[], Any]:
    """The date being typed, resolved as it is typed, so it can be confirmed (broken
    between words: prompt_toolkit would cut the line at the terminal's edge)."""
    from prompt_toolkit.application import get_app

    today = ctx.today or _today()

    def shown() -> list[tuple[str, str]]:
        style, text = date_preview(q, get_app().current_buffer.text, today, ctx.since)
        lines = wrap(text.strip(), width, first="  ", rest="    ", cells=cells)
        return [(style, "\n".join(lines) if text.strip() else text)]

    return shown


def date_preview(q: Question, text: str, today: Any, since: str = "") -> tuple[str, str]:
    """(style, line) under a date box: what the text typed so far means."""
    text = text.strip()
    if not text or text == "?":
        return ("class:hint", " ")
    try:
        day = values.as_date(q, text, today)  # the same checks as the answer itself
    except values.Ambiguous as exc:
        both = " or ".join(_short(d) for d in exc.readings)
        return ("class:resolved", f"  → {both}? (you choose after Enter)")
    except values.OutOfRange as exc:
        return ("class:hint", f"  … {exc}")
    except ValueError:
        return ("class:hint", "  … not a date yet")
    try:
        values.check_live_date(q, day, today)
    except ValueError:  # a date the answer will refuse: the reason comes with Enter
        return ("class:hint", f"  → {dates.spoken(day, today, since=since)} ✗ before the "
                              "meeting")
    return ("class:resolved", f"  → {said_date(q, day, today, since)}")


def said_date(q: Question, day: Any, today: Any, since: str = "") -> str:
    """'Wednesday 31 March 2027, in 4 months', with a warning when the date lies on the
    side of the meeting the question does not expect ('⚠ before the meeting')."""
    odd = values.wrong_side(q, day, today)
    warning = "" if not odd else " ⚠ is that right?" if since else f" ⚠ {odd}: is that right?"
    return dates.spoken(day, today, since=since) + warning


def _short(day: Any) -> str:
    return f"{day.day} {dates.MONTH_NAMES[day.month - 1]} {day.year}"


def resolved_date(q: Question, answer: Any, today: Any, since: str = "") -> str | None:
    """'2027-03-31 (Wednesday 31 March 2027, in 4 months)' for a typed date answer."""
    if q.type != "date" or not isinstance(answer, str) or not answer.strip():
        return None
    try:
        day = values.as_date(q, answer, today or _today())
    except ValueError:
        return None
    return f"{day.isoformat()} ({said_date(q, day, today or _today(), since)})"


def readings(q: Question, answer: Any, today: Any) -> list[Any]:
    """The days a typed date may mean: two when the person must choose, else none."""
    if q.type != "date" or not isinstance(answer, str):
        return []
    try:
        values.as_date(q, answer, today or _today())
    except values.Ambiguous as exc:
        return list(exc.readings)
    except ValueError:
        pass
    return []


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------------------------------
# Keys

def bind(widget: Any, q: Question) -> None:
    """Merge our keys into the widget's application; each ends it with :class:`Ended`."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    kb = KeyBindings()
    # Ctrl-D where "don't know" is not offered still ends the prompt: the engine then
    # says so in one line (and it never reaches prompt_toolkit as end of input).
    for keys, action in ((("c-z",), BACK), (("c-b",), BACK), (("f1",), HELP),
                         (("c-n",), NOTE), (("c-d",), UNKNOWN), ((MORE_KEY,), MORE)):
        kb.add(*keys, eager=True)(_end_with(action))
    if q.type not in TEXTUAL:
        kb.add("?", eager=True)(_end_with(HELP))
    else:  # "?" in an empty text box means help; anywhere else it is just a character
        kb.add("?", eager=True, filter=_empty_buffer())(_end_with(HELP))
    app = widget.application
    app.key_bindings = merge_key_bindings([app.key_bindings, kb]) if app.key_bindings else kb


def bind_more(widget: Any, result: Any) -> None:
    """Ctrl-O ends ``widget`` (the review's list) with ``result``: ask more questions."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    kb = KeyBindings()
    kb.add(MORE_KEY, eager=True)(lambda event: event.app.exit(result=result))
    app = widget.application
    app.key_bindings = merge_key_bindings([app.key_bindings, kb]) if app.key_bindings else kb


def _end_with(action: Sentinel) -> Callable[[Any], None]:
    def handler(event: Any) -> None:
        event.app.exit(result=Ended(action, capture(event.app)))

    return handler


def capture(app: Any) -> Typed:
    """What is on the prompt now: restored when the question is asked again."""
    ic = inquirer(app)
    if ic is None:
        buffer = app.current_buffer
        return Typed(text=buffer.text, cursor=buffer.cursor_position)
    pointed = ic.get_pointed_at().value if ic.choice_count else None
    return Typed(pointed=pointed, ticked=tuple(ic.selected_options),
                 search=ic.search_filter or None)


def inquirer(app: Any) -> Any:
    """The list control of a select or checkbox widget (None for a text box)."""
    from questionary.prompts.common import InquirerControl

    for window in app.layout.find_all_windows():
        if isinstance(window.content, InquirerControl):
            return window.content
    return None


def _empty_buffer() -> Any:
    from prompt_toolkit.application import get_app
    from prompt_toolkit.filters import Condition

    return Condition(lambda: not get_app().current_buffer.text)


def _number_keys(widget: Any, count: int) -> None:
    """1-9 and 0 tick (or untick) the first ten boxes and move the pointer there."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    ic = inquirer(widget.application)
    kb = KeyBindings()
    for n in range(count):
        kb.add(NUMBER_KEYS[n], eager=True)(functools.partial(_tick, ic, n))
    app = widget.application
    app.key_bindings = merge_key_bindings([app.key_bindings, kb])


def _tick(ic: Any, n: int, event: Any) -> None:
    ic.pointed_at = n
    value = ic.choices[n].value
    if value in ic.selected_options:
        ic.selected_options.remove(value)
    else:
        ic.selected_options.append(value)


# ---------------------------------------------------------------------------------------
# Long lists whose items take several lines

def fit_long_items(widget: Any, choices: Sequence[Any], typed: Typed | None) -> None:
    """A wrapped item stays whole on screen, the filter ignores line breaks, and a
    filter typed before a key ended the prompt is back."""
    from prompt_toolkit.layout import ScrollOffsets

    ic = inquirer(widget.application)
    tallest = max((str(c.title).count("\n") for c in choices), default=0)
    for window in widget.application.layout.find_all_windows():
        if window.content is ic:
            window.scroll_offsets = ScrollOffsets(bottom=tallest + 1)
    ic.__class__ = _flat_search_class(type(ic))
    if typed is not None and typed.search:
        ic.search_filter = typed.search
        shown = [c.value for c in ic.filtered_choices]  # the pointer counts shown items
        ic.pointed_at = shown.index(typed.pointed) if typed.pointed in shown else 0


@functools.lru_cache(maxsize=None)
def _flat_search_class(base: type) -> type:
    from questionary import Separator

    # questionary filters on the raw title; ours holds line breaks and indents, so
    # "count as success" would not find a prompt wrapped between "as" and "success".
    class FlatSearch(base):  # type: ignore[misc, valid-type]
        @property
        def filtered_choices(self) -> list[Any]:
            if not self.search_filter:
                return self.choices
            wanted = self.search_filter.lower()
            found = [c for c in self.choices if not isinstance(c, Separator)
                     and wanted in " ".join(_plain(c.title).split()).lower()]
            self.found_in_search = bool(found)
            return found or self.choices

    return FlatSearch


def _plain(title: Any) -> str:
    return "".join(t[1] for t in title) if isinstance(title, list) else str(title)


def cells(text: str) -> int:
    from prompt_toolkit.utils import get_cwidth

    return get_cwidth(text)


@functools.lru_cache(maxsize=1)
def style() -> Any:
    from prompt_toolkit.styles import Style

    return Style.from_dict({
        "header": "bold ansicyan", "hint": "ansibrightblack", "help": "ansiyellow",
        "error": "bold ansired", "hidden": "ansibrightblack italic",
        "placeholder": "ansibrightblack", "instruction": "ansibrightblack",
        "resolved": "bold ansigreen", "bottom-toolbar": "noreverse",
        "separator": "bold ansicyan", "question": "bold", "answer": "bold ansiyellow",
    })
