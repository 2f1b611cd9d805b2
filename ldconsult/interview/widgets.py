"""The questionary widget for one question, with our keys, wrapped at word boundaries.

A widget is built from the bank's question, the progress context and, when a key ended
the prompt before (help, a note, back, "don't know" where it is not offered), what was
on it then (:class:`~ldconsult.interview.keys.Typed`), restored instead of the stored
answer. A list (with "don't know yet" and "skip" where offered), a multi-select whose
number keys tick its boxes, a yes/no, or a text box with its hint and, for a date, what
the date typed so far means. The keys that end a prompt are in
:mod:`ldconsult.interview.keys`; the text's wrapping and style in
:mod:`ldconsult.interview.screen_text`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from ldconsult.bank import values
from ldconsult.bank.model import Question
from ldconsult.base import date_words, dates
from ldconsult.base.text import wrap
from ldconsult.interview.keys import SKIP, UNKNOWN, Typed, bind, inquirer
from ldconsult.interview.long_lists import fit_long_items
from ldconsult.interview.protocol import Context
from ldconsult.interview.screen_text import (
    INPUT_MARK,
    cells,
    choice_title,
    message,
    refusal,
    style,
)
from ldconsult.interview.typed_dates import date_preview, local_today

MANY_CHOICES = 12  # more than this: type to filter instead of number keys
NUMBER_KEYS = "1234567890"  # questionary's select numbers its first ten choices so too
UNKNOWN_LABEL = "Don't know yet"
SKIP_LABEL = "Skip (optional)"
TEXT_HINTS = {"number": "a number, e.g. 12 or 3.5", "integer": "a whole number",
              "money": "an amount in your currency; 1.5k and 2m work too",
              "long_text": "Enter to finish"}


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


def tall_errors(widget: Any) -> None:
    """Let the line under a text box that says why an answer is refused take the lines it
    needs (prompt_toolkit gives it one, and cut a long reason at the terminal's edge)."""
    for window in widget.application.layout.find_all_windows():
        text = getattr(window.content, "text", None)
        if "ValidationToolbar" in getattr(text, "__qualname__", ""):
            window.height = None


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
        examples = dates.examples(ctx.today or local_today(), values.looking(q))
        hint = "a date, e.g. " + date_words.said(examples)
    else:
        hint = TEXT_HINTS.get(q.type, "")
    if q.allow_unknown:
        hint = (hint + "; " if hint else "") + "Ctrl-D = don't know yet"
    if not q.required:
        hint = (hint + "; " if hint else "") + "Enter on empty skips"
    return f"({hint})" if hint else ""


def _date_preview(q: Question, ctx: Context, width: int) -> Callable[[], Any]:
    """The date being typed, resolved as it is typed, so it can be confirmed (broken
    between words: prompt_toolkit would cut the line at the terminal's edge)."""
    from prompt_toolkit.application import get_app

    today = ctx.today or local_today()

    def shown() -> list[tuple[str, str]]:
        style, text = date_preview(q, get_app().current_buffer.text, today, ctx.since)
        lines = wrap(text.strip(), width, first="  ", rest="    ", cells=cells)
        return [(style, "\n".join(lines) if text.strip() else text)]

    return shown


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
