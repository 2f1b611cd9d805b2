"""The keystrokes a person types to answer a question in ``ldconsult interview``: shared
by the pseudo-terminal tests and ``benchmarks/meeting_pace.py --live``."""

from __future__ import annotations

from typing import Any

from ldconsult.bank.model import Question
from ldconsult.interview.widgets import MANY_CHOICES

DOWN, ENTER, SPACE = "\x1b[B", "\r", " "
CTRL_D, CTRL_N, CTRL_U, CTRL_Z = "\x04", "\x0e", "\x15", "\x1a"
DONT_KNOW, SKIP = "<ctrl-d>", "<skip>"
# questionary numbers select choices in this order (InquirerControl.SHORTCUT_KEYS)
SHORTCUTS = "1234567890abcdefghijklmnopqrstuvwxyz"


def select_values(q: Question) -> list[Any]:
    """The values of a select-like widget, in the order questionary numbers them."""
    if q.type == "confirm":
        base: list[Any] = [True, False]
    elif q.type == "scale":
        base = list(range(int(q.min or 1), int(q.max or 5) + 1))
    else:
        base = [c.value for c in q.choices or []]
    return base + ([DONT_KNOW] if q.allow_unknown else []) + ([SKIP] if not q.required else [])


def keys_for(q: Question, value: Any) -> str:
    """The keystrokes that give ``value`` to question ``q`` (asked fresh, nothing ticked)."""
    if value == DONT_KNOW:
        return CTRL_D
    as_select = q.type in ("select", "scale") or (
        q.type == "confirm" and (q.allow_unknown or not q.required))
    if as_select:
        index = select_values(q).index(value)
        if len(q.choices or []) > MANY_CHOICES:  # a long list filters as you type: arrows
            return DOWN * index + ENTER
        return SHORTCUTS[index] + ENTER
    if q.type == "confirm":
        return "y" if value else "n"
    if q.type == "multi_select":
        assert value != SKIP, "skip a checkbox by sending ENTER with nothing ticked"
        ticks = [SPACE if c.value in value else "" for c in q.choices or []]
        return DOWN.join(ticks) + ENTER  # one send: escape sequences stay whole
    return ("" if value == SKIP else str(value)) + ENTER
