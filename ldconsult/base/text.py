"""Terminal-safe text: the one output boundary for user text, used by every layer.

:func:`printable` is the only function that makes user text safe to show: every screen
writer (summary, review table, follow-up panel, bank outline, error and note lines via
:func:`say`) and the Markdown memo pass user text through it. :func:`json_safe` does the
same, losslessly, for JSON. :func:`wrap` lays text out between words. This module imports
nothing of ldconsult's and no terminal library, so the error path and the core can use it
without paying for Rich.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import Any, TextIO

# Bidi embeddings, overrides and isolates (U+202A-E, U+2066-9): they reorder what follows
# on screen, so "exe.evil" can display as "live.exe" (Trojan Source). The marks LRM, RLM
# and ALM stay: right-to-left writers use them in ordinary text, and they reorder nothing
# beyond a neighbouring character.
_BIDI = "\u202a-\u202e\u2066-\u2069"
# C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), bidi.
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]")
# What JSON leaves raw but a terminal obeys: DEL, C1 and bidi (json escapes C0 itself).
_JSON_RAW = re.compile(f"[\\x7f-\\x9f{_BIDI}]")
ELLIPSIS = "…"


def printable(text: str, limit: int | None = None) -> str:
    """User text made safe for a terminal: control characters shown as symbols (ESC → ␛,
    backspace → ␈), C1 controls as �, bidi overrides as ‹U+202E›. No colours, cursor
    moves, window titles or reordered text from an answer or a file name. With ``limit``,
    text longer than that many characters is cut (with …) first, so a 900 KB title costs
    no more to lay out than a short one."""
    return _CONTROL.sub(_picture, clip(text, limit) if limit is not None else text)


def _picture(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd" if code <= 0x9F else f"\u2039U+{code:04X}\u203a"


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, the last one an ellipsis."""
    return text if len(text) <= limit else text[:max(0, limit - 1)] + ELLIPSIS


def echo(raw: Any, limit: int = 40) -> str:
    """The user's input quoted back in a message: one line, and not the whole essay."""
    return clip(" ".join(str(raw).split()), limit)


def one_line(text: str) -> str:
    """Printable text on one line (runs of whitespace, newlines included, become a space)."""
    return " ".join(printable(str(text)).split())


def say(message: str, stream: TextIO | None = None, *, wrap_to: int | None = None) -> None:
    """One line for the user on stderr: 'ldconsult: message', safe for the terminal. A
    word longer than any path is cut: a message that quotes a 100,000-character argument
    stays a line one can read. ``wrap_to`` (a terminal's width) breaks the line between
    words, never inside one (a path stays whole, to be copied)."""
    stream = stream or sys.stderr
    line = f"ldconsult: {_LONG_WORD.sub(_cut_word, one_line(message))}"
    stream.write("\n".join(_between_words(line, wrap_to)) + "\n" if wrap_to else line + "\n")
    stream.flush()


def _between_words(line: str, width: int) -> list[str]:
    lines = [""]
    for word in line.split(" "):
        if lines[-1].strip() and len(lines[-1]) + 1 + len(word) > width:
            lines.append("  ")
        lines[-1] += (" " if lines[-1].strip() else "") + word
    return lines


def terminal_columns(stream: TextIO) -> int | None:
    """The width of the terminal ``stream`` writes to, or None when it is not one."""
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    return None


LONGEST_WORD = 200
_LONG_WORD = re.compile(f"\\S{{{LONGEST_WORD + 1},}}")


def _cut_word(m: re.Match[str]) -> str:
    return clip(m.group(), LONGEST_WORD)


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 controls and bidi overrides written as \\uXXXX escapes: the
    same data once parsed, but inert when the JSON itself is shown in a terminal. Safe
    on a whole document: these characters can only occur inside JSON strings."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def printable_data(value: Any, limit: int | None = None) -> Any:
    """``printable`` (with ``limit``) applied to every string in nested dicts, lists and
    tuples; keys are made printable but never cut."""
    if isinstance(value, str):
        return printable(value, limit)
    if isinstance(value, dict):
        return {printable_data(k): printable_data(v, limit) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [printable_data(v, limit) for v in value]
    return value


def printable_model(model: Any, limit: int | None = None) -> Any:
    """A copy of a pydantic model whose every string is printable, and at most ``limit``
    characters long (for screen renderers that show many of its fields)."""
    return type(model).model_validate(printable_data(model.model_dump(), limit))


def wrap(text: str, width: int, *, first: str = "", rest: str = "",
         cells: Callable[[str], int] = len) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken between words, and made
    ``printable``: every screen writer that lays text out goes through here, so no bank
    or answer text reaches the terminal raw.

    ``first`` starts the first line and ``rest`` the others (a prefix, or a hanging
    indent). Line breaks in ``text`` are kept. A word longer than a whole line is cut,
    as nothing else would fit. ``cells`` measures text on screen (wide characters).
    """
    out: list[str] = []
    for paragraph in str(text).split("\n"):
        out += _wrap_paragraph([printable(w) for w in paragraph.split()], width,
                               first if not out else rest, rest, cells)
    return out


def _wrap_paragraph(words: list[str], width: int, first: str, rest: str,
                    cells: Callable[[str], int]) -> list[str]:
    lines: list[str] = []
    line, used, empty = first, cells(first), True
    for word in words:
        size = cells(word)
        if not empty and used + 1 + size > width:
            lines.append(line)
            line, used, empty = rest, cells(rest), True
        while used + size > width and size > 1 and width > used:  # a word wider than a line
            cut = _fit(word, width - used, cells)
            lines.append(line + word[:cut])
            word, size = word[cut:], cells(word[cut:])
            line, used = rest, cells(rest)
        line, used = (line + word, used + size) if empty else (f"{line} {word}",
                                                              used + 1 + size)
        empty = False
    return lines + [line]


def _fit(word: str, room: int, cells: Callable[[str], int]) -> int:
    """How many characters of ``word`` fit in ``room`` cells (at least one)."""
    n = 0
    while n < len(word) and cells(word[:n + 1]) <= room:
        n += 1
    return max(n, 1)
