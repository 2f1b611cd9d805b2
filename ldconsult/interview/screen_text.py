"""The prompts' text on the screen: broken between words to fit, and one style.

prompt_toolkit breaks a long line wherever the terminal's edge falls (and cuts some lines
there), so the question, its hint, a choice, why an answer is refused and the lines that
stand for an answered question are wrapped here first, measured in cells (a wide
character takes two).
"""

from __future__ import annotations

import functools
from typing import Any

from ldconsult.bank.model import Question
from ldconsult.base.text import wrap

MIN_WIDTH, MAX_WIDTH = 40, 100  # columns filled: long lines read badly
INPUT_MARK = "›"  # questionary adds the space after it


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
