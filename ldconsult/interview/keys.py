"""Our keys, and what a prompt they end carries back.

Keys (chosen because terminals deliver them as plain control bytes in raw mode; see
NOTES-prompting.md): Ctrl-Z and Ctrl-B go back, ``?`` and F1 show help (``?`` in a text
box only while it is empty, so "why?" can still be typed), Ctrl-D means "don't know
yet", Ctrl-N adds a note, Ctrl-O asks for more questions (an adaptive interview then
asks the next most useful ones; neither tmux, screen nor the shell take it, and in raw
mode the terminal passes it on). Each ends the prompt with :class:`Ended`, which carries
what was on it (:class:`Typed`): the text and the cursor, the pointer, the ticks, the
filter. So asking again loses nothing that was being typed. A change of the terminal's
size ends a prompt the same way (:func:`end_on_resize`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ldconsult.bank.model import Question

TEXTUAL = ("text", "long_text", "number", "integer", "money", "date")


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
