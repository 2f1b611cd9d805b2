"""A plain, fast text grid for the portfolio table.

Rich's Table measures and renders every cell through its full layout engine: about
2.5 ms per row, so 10,000 intakes took 25 s and 140 MB just to print. This grid does the
one thing the portfolio needs (columns that fit the terminal, long text wrapped inside
its cell, a style per line) in plain string operations, and hands Rich ready-made
segments that need no further layout.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style

Line = tuple[str, str]  # (text, Rich style)
Cell = list[Line]
GAP = "  "
MIN_WIDTH = 6


@dataclass(frozen=True)
class Column:
    name: str
    wrap: bool = True  # False: never wrapped (dates, codes), always at full width


def widths(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], total: int) -> list[int]:
    """Column widths that fit ``total``: natural widths, wrapping columns shrunk in
    proportion to their size when the terminal is too narrow."""
    natural = [max([_width(c.name)] + [_width(t) for row in rows for t, _ in row[i]])
               for i, c in enumerate(columns)]
    room = total - len(GAP) * (len(columns) - 1)
    fixed = sum(w for w, c in zip(natural, columns) if not c.wrap)
    flexible = sum(w for w, c in zip(natural, columns) if c.wrap)
    if fixed + flexible <= room or not flexible:
        return natural
    share = max(room - fixed, MIN_WIDTH * sum(c.wrap for c in columns))
    out = [max(MIN_WIDTH, share * w // flexible) if c.wrap else w
           for w, c in zip(natural, columns)]
    spare = share - sum(w for w, c in zip(out, columns) if c.wrap)
    for i, c in enumerate(columns):  # hand out what rounding left, widest first
        if spare <= 0:
            break
        if c.wrap and out[i] < natural[i]:
            out[i] += 1
            spare -= 1
    return out


def _fit(cell: Cell, width: int, wrap: bool) -> Cell:
    if not wrap:
        return cell
    out: Cell = []
    for text, style in cell:
        if _width(text) <= width:
            out.append((text, style))
        else:
            out += [(part, style) for part in _wrap(text, width)]
    return out


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` terminal cells (wide characters count twice)."""
    if text.isascii():
        return textwrap.wrap(text, width, break_long_words=True,
                             break_on_hyphens=False) or [""]
    out: list[str] = []
    current, used = "", 0
    for word in text.split():
        size = cell_len(word)
        if current and used + 1 + size <= width:
            current, used = f"{current} {word}", used + 1 + size
            continue
        if current:
            out.append(current)
        while size > width:  # a word longer than the cell: break it
            piece = _take(word, width)
            out.append(piece)
            word = word[len(piece):]
            size = cell_len(word)
        current, used = word, size
    if current:
        out.append(current)
    return out or [""]


def _take(word: str, width: int) -> str:
    piece, used = "", 0
    for ch in word:
        size = get_character_cell_size(ch)
        if used + size > width and piece:
            break
        piece, used = piece + ch, used + size
    return piece


def render(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], total: int, *,
           blank_between: bool = False) -> Iterator[Segment]:
    """Header, rule and rows as Rich segments (no further layout work for Rich)."""
    w = widths(columns, rows, total)
    yield from _line([(c.name, "bold") for c in columns], w)
    yield Segment("─" * min(total, sum(w) + len(GAP) * (len(columns) - 1)), _style("dim"))
    yield Segment.line()
    for n, row in enumerate(rows):
        if n and blank_between:
            yield Segment.line()
        cells = [_fit(cell, w[i], c.wrap) for i, (c, cell) in enumerate(zip(columns, row))]
        for line in range(max(1, max(len(c) for c in cells))):
            yield from _line([c[line] if line < len(c) else ("", "") for c in cells], w)


def _line(parts: list[Line], w: list[int]) -> Iterator[Segment]:
    """One printed line: cells padded to their widths, no trailing blanks."""
    while len(parts) > 1 and not parts[-1][0]:
        parts = parts[:-1]
    last = len(parts) - 1
    for i, (text, style) in enumerate(parts):
        yield Segment(text if i == last else _pad(text, w[i]) + GAP, _style(style))
    yield Segment.line()


@lru_cache(maxsize=64)
def _style(name: str) -> Style | None:
    return Style.parse(name) if name else None


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def bullets(marker: str, items: Sequence[str], total: int) -> Iterator[Segment]:
    """A list whose wrapped lines stay indented under their text."""
    lead = f"  {marker} "
    indent = " " * _width(lead)
    width = max(MIN_WIDTH, total - len(indent))
    for item in items:
        for n, line in enumerate(_wrap(item, width)):
            yield Segment((indent if n else lead) + line)
            yield Segment.line()
