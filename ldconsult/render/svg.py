"""The memo's pictures as inline SVG, for the HTML page.

Each picture is one ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` (the words of
:func:`ldconsult.render.pictures.describe`), drawn with presentation attributes only: no
script, no style sheet, no outside resource, nothing that needs a browser to fill in. Every
piece of text goes through :func:`_esc` (terminal-safe, then XML-escaped), so an answer
cannot end an element or open a new one. Its parts carry ``data-*`` attributes (cell and
state, fix and start date, reading and value) that the tests read back.

Sizes are in SVG units on a 640-wide canvas; the page scales it to the column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

from ldconsult.base.calendar_math import add_months
from ldconsult.base.text import printable
from ldconsult.render.pictures import (
    KIND_NAMES,
    MONTHS,
    STATE_NAMES,
    Bar,
    Cell,
    Grid,
    Milestone,
    Readings,
    Timeline,
    describe,
    short_date,
)
from ldconsult.render.textutil import num

WIDTH = 640
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
INK, MUTED, RULE = "#1f2328", "#57606a", "#d0d7de"
STATE_FILL = {"gap": "#fde2e0", "ok": "#e6f4ea", "unknown": "#f3f4f6"}
STATE_LINE = {"gap": "#b42318", "ok": "#2e7d4f", "unknown": "#8c959f"}
STATE_WORD = {"gap": "GAP", "ok": "ok", "unknown": "?"}
KIND_COLOUR = {"training": "#2f5fa7", "non_training": "#b86e00"}
MARK_COLOUR = {"go_live": "#6f42c1", "deadline": "#b42318", "target": "#2e7d4f",
               "meeting": MUTED}
# A white outline under a label keeps it readable where it crosses a line.
HALO = {"stroke": "#ffffff", "stroke-width": 3.0, "paint-order": "stroke",
        "stroke-linejoin": "round"}
CHAR_EM = 0.6  # average glyph width of a sans-serif face, in ems (DejaVu Sans: the widest)


# ---------------------------------------------------------------------------------------
# Building blocks

def _esc(value: object) -> Markup:
    return escape(printable(str(value)))


def _n(x: float) -> str:
    return f"{round(x, 1):g}"


def el(tag: str, attrs: dict[str, object] | None = None, *children: object) -> Markup:
    """One element; attribute values and text children are escaped, Markup is kept."""
    attr = "".join(f' {k}="{_esc(_n(v) if isinstance(v, float) else v)}"'
                   for k, v in (attrs or {}).items() if v is not None)
    if not children:
        return Markup(f"<{tag}{attr}/>")
    body = "".join(c if isinstance(c, Markup) else _esc(c) for c in children)
    return Markup(f"<{tag}{attr}>{body}</{tag}>")


def text(x: float, y: float, words: str, size: float = 11, **attrs: object) -> Markup:
    return el("text", {"x": float(x), "y": float(y), "font-size": float(size),
                       "fill": attrs.pop("fill", INK), **attrs}, words)


def width_of(words: str, size: float) -> float:
    return len(words) * size * CHAR_EM


def fit(words: str, room: float, size: float) -> str:
    """``words`` cut after a whole word (with …) to fit ``room`` units."""
    line, rest = _take(words, room, size, reserve="…")
    return line + ("…" if rest else "")


def wrap(words: str, room: float, size: float, lines: int) -> list[str]:
    """At most ``lines`` lines of ``room`` units, broken between words; the last one
    ends with … when words are left over."""
    out: list[str] = []
    rest = " ".join(printable(words).split())
    while rest and len(out) < lines - 1:
        line, rest = _take(rest, room, size)
        out.append(line)
    if rest:
        out.append(fit(rest, room, size))
    return out


def _take(words: str, room: float, size: float, reserve: str = "") -> tuple[str, str]:
    """The words that fit ``room`` (leaving room for ``reserve`` if any are left over),
    and the rest. A first word longer than the room is cut: nothing else to cut at."""
    words = " ".join(printable(words).split())
    if width_of(words, size) <= room:
        return words, ""
    kept: list[str] = []
    for word in words.split(" "):
        if width_of(" ".join([*kept, word]) + reserve, size) > room:
            break
        kept.append(word)
    if not kept:
        cut = max(1, int(room / (size * CHAR_EM)) - len(reserve))
        return words[:cut], words[cut:]
    rest = words.split(" ")[len(kept):]
    return " ".join(kept).rstrip(",;:") if reserve else " ".join(kept), " ".join(rest)


def svg(name: str, height: float, title: str, desc: str, *parts: Markup,
        width: float = WIDTH) -> Markup:
    """The picture: ``role="img"``, named by its title and described by its desc."""
    return el("svg", {"xmlns": "http://www.w3.org/2000/svg",
                      "viewBox": f"0 0 {_n(width)} {_n(height)}", "width": "100%",
                      "role": "img", "aria-labelledby": f"{name}-title {name}-desc",
                      "class": f"picture-{name}", "font-family": FONT},
              el("title", {"id": f"{name}-title"}, title),
              el("desc", {"id": f"{name}-desc"}, desc), *parts)


class Axis:
    """Dates to x: ``start`` … ``end`` (padded) across ``left`` … ``right``."""

    def __init__(self, start: dt.date, end: dt.date, left: float, right: float,
                 canvas: float = WIDTH) -> None:
        span = max((end - start).days, 14)
        pad = max(3, round(span * 0.04))
        self.start, self.days = start - dt.timedelta(days=pad), span + 2 * pad
        self.left, self.right, self.canvas = left, right, canvas

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.start).days / self.days * (self.right - self.left)

    def months(self) -> Iterable[dt.date]:
        """The first day of each month shown (every third month on a long axis)."""
        step = 1 if self.days <= 550 else 3
        day = dt.date(self.start.year, self.start.month, 1)
        end = self.start + dt.timedelta(days=self.days)
        while day <= end:
            if day >= self.start and (day.month - 1) % step == 0:
                yield day
            day = add_months(day, 1)

    def ticks(self, top: float, bottom: float, y_label: float) -> list[Markup]:
        """A line at each month; its name where there is room (with the year on the first
        one shown and in January)."""
        out = []
        free = self.left  # where the next label may start
        for day in self.months():
            x = self.x(day)
            out.append(el("line", {"x1": x, "x2": x, "y1": float(top), "y2": float(bottom),
                                   "stroke": RULE, "stroke-width": 1.0}))
            label = MONTHS[day.month - 1]
            if free == self.left or day.month == 1:
                label += f" {day.year}"
            if x + 3 >= free and x + 3 + width_of(label, 10) <= self.canvas:
                out.append(text(x + 3, y_label, label, 10, fill=MUTED))
                free = x + 3 + width_of(label, 10) + 6
        return out


# ---------------------------------------------------------------------------------------
# The grid of causes

# A narrower canvas than the others: the grid is drawn smaller on the page, and its words
# must stay as large as theirs.
GRID_W, GRID_LABEL_W, CELL_GAP, CELL_H = 470, 86, 6, 70


def grid_svg(g: Grid) -> Markup:
    cell_w = (GRID_W - GRID_LABEL_W - 2 * CELL_GAP) / 3
    parts = []
    for k, row in enumerate(("Environment", "Individual")):
        y = 4 + k * (CELL_H + CELL_GAP)
        parts.append(text(0, y + CELL_H / 2 + 4, row, 11, **{"font-weight": "bold"}))
    for k, cell in enumerate(g.cells):
        x = GRID_LABEL_W + (k % 3) * (cell_w + CELL_GAP)
        y = 4 + (k // 3) * (CELL_H + CELL_GAP)
        parts.append(_cell(cell, x, y, cell_w))
    legend_y = 4 + 2 * CELL_H + CELL_GAP + 18
    parts += _legend(legend_y, [(STATE_FILL[s], STATE_LINE[s], f"{STATE_WORD[s]} = "
                                 f"{STATE_NAMES[s].lower()}") for s in ("gap", "ok", "unknown")])
    return svg("grid", legend_y + 8, "Gilbert's grid of causes", describe(g), *parts,
               width=GRID_W)


def _cell(c: Cell, x: float, y: float, w: float) -> Markup:
    state = c.state
    box = el("rect", {"x": x, "y": float(y), "width": w, "height": float(CELL_H), "rx": 6.0,
                      "fill": STATE_FILL[state], "stroke": STATE_LINE[state],
                      "stroke-width": 2.0 if state == "gap" else 1.0,
                      "stroke-dasharray": "4 3" if state == "unknown" else None})
    label = text(x + 7, y + 17, c.label, 12, **{"font-weight": "bold"})
    badge = text(x + 7, y + 32, STATE_WORD[state], 11, fill=STATE_LINE[state],
                 **{"font-weight": "bold"})
    parts = [box, label, badge]
    beside_x = x + 14 + width_of(STATE_WORD[state], 11)
    for short, extra in c.beside:  # on the state's line: "? · feedback: ?"
        parts.append(text(beside_x, y + 32, f"· {short}: {STATE_WORD[extra]}", 10.5,
                          fill=STATE_LINE[extra]))
    line_y = y + 47
    if c.note:
        for line in wrap(f"“{c.note}”", w - 14, 10.5, 2):
            parts.append(text(x + 7, line_y, line, 10.5, fill=INK, **{"font-style": "italic"}))
            line_y += 13
    return el("g", {"data-cell": c.label, "data-state": state},
              el("title", None, f"{c.label}: {STATE_NAMES[state].lower()}"
                 + (f": {c.note}" if c.note else "")), *parts)


def _legend(y: float, items: list[tuple[str, str, str]], x: float = 0) -> list[Markup]:
    parts = []
    for fill, line, words in items:
        parts.append(el("rect", {"x": float(x), "y": y - 10, "width": 11.0, "height": 11.0,
                                 "rx": 2.0, "fill": fill, "stroke": line}))
        parts.append(text(x + 15, y, words, 10.5, fill=MUTED))
        x += 15 + width_of(words, 10.5) + 14
    return parts


# ---------------------------------------------------------------------------------------
# The plan on a time line

BAR_LABEL_W, LINE_H, LANE_H, TITLE_PT = 220, 12.5, 14, 10.5


def timeline_svg(t: Timeline) -> Markup:
    axis = Axis(t.start, t.end, BAR_LABEL_W + 8, WIDTH - 12)
    top = 24
    rows = [wrap(b.title, BAR_LABEL_W - 6, TITLE_PT, 2) for b in t.bars]
    heights = [8 + LINE_H * len(lines) for lines in rows]
    bottom = top + sum(heights)
    parts = axis.ticks(top - 14, bottom, top - 8)
    kinds = dict.fromkeys(b.kind for b in t.bars)  # the legend sits above the names
    parts += _legend(top - 8, [(KIND_COLOUR[k], KIND_COLOUR[k], KIND_NAMES[k])
                               for k in kinds])
    y = top
    for bar, lines, height in zip(t.bars, rows, heights):
        parts.append(_bar(bar, lines, axis, y, height))
        y += height
    lanes = _lanes(t.milestones, axis)
    for m in t.milestones:
        parts.append(_milestone(m, axis, top - 4, bottom + 4 + LANE_H * (lanes[m] + 1)))
    depth = max(lanes.values(), default=-1) + 1
    return svg("timeline", bottom + 8 + LANE_H * depth, "The plan on a time line",
               describe(t), *parts)


def _bar(b: Bar, lines: list[str], axis: Axis, y: float, height: float) -> Markup:
    colour = KIND_COLOUR.get(b.kind, MUTED)
    weight = {"font-weight": "bold"} if b.lead else {}
    names = [text(0, y + 13 + LINE_H * k, line, TITLE_PT, **weight)
             for k, line in enumerate(lines)]
    middle = y + height / 2
    if b.start is None:
        drawn = [text(axis.left, middle + 4, fit(b.when or "later", axis.right - axis.left,
                                                 10.5), 10.5, fill=MUTED,
                      **{"font-style": "italic"})]
    else:
        x = axis.x(b.start)
        when = short_date(b.start) + (" · start here" if b.lead else "")
        drawn = [el("rect", {"x": x, "y": middle - 6, "width": max(axis.right - x, 2.0),
                             "height": 12.0, "rx": 3.0, "fill": colour,
                             "fill-opacity": 0.28}),
                 el("rect", {"x": x, "y": middle - 6, "width": 4.0, "height": 12.0,
                             "fill": colour}),
                 text(x + 8, middle + 3.5, when, 10, fill=INK, **weight)]
    return el("g", {"data-fix": b.title, "data-kind": b.kind,
                    "data-start": b.start.isoformat() if b.start else ""},
              el("title", None, b.title + (" (start here)" if b.lead else "")
                 + (f", from {b.start.isoformat()}" if b.start else f", {b.when or 'later'}")),
              *names, *drawn)


def _lanes(marks: Iterable[Milestone], axis: Axis) -> dict[Milestone, int]:
    """A label row for each milestone, so labels of close dates do not overlap."""
    ends: list[float] = []  # right end of the last label in each lane
    out = {}
    for m in marks:
        x = _label_x(m, axis)
        lane = next((k for k, end in enumerate(ends) if end + 8 < x), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = x + width_of(_mark_words(m), 10)
        out[m] = lane
    return out


def _mark_words(m: Milestone) -> str:
    return f"{m.label} {short_date(m.day)}"


def _label_x(m: Milestone, axis: Axis) -> float:
    """Where a milestone's label starts: at its line, or further left at the right edge."""
    return min(axis.x(m.day) - 2, axis.canvas - width_of(_mark_words(m), 10))


def _milestone(m: Milestone, axis: Axis, top: float, label_y: float) -> Markup:
    x = axis.x(m.day)
    colour = MARK_COLOUR.get(m.kind, "#0969da")
    x_text = _label_x(m, axis)
    return el("g", {"data-milestone": m.kind, "data-date": m.day.isoformat()},
              el("line", {"x1": x, "x2": x, "y1": top, "y2": label_y - 9, "stroke": colour,
                          "stroke-width": 1.5, "stroke-dasharray":
                          None if m.kind in ("go_live", "deadline") else "3 3"}),
              text(x_text, label_y, _mark_words(m), 10, fill=colour, **HALO))


# ---------------------------------------------------------------------------------------
# The readings against the target

READ_W, PLOT_LEFT, PLOT_TOP, PLOT_H = 480, 40, 34, 120


def readings_svg(r: Readings) -> Markup:
    axis = Axis(r.start, r.end, PLOT_LEFT, READ_W - 64, READ_W)
    values = [v for _, v in r.points] + [v for v in (r.baseline, r.target) if v is not None]
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or max(abs(high) * 0.1, 1.0)
    low, high = low - pad, high + pad

    def y(v: float) -> float:
        return PLOT_TOP + (high - v) / (high - low) * PLOT_H

    bottom = PLOT_TOP + PLOT_H
    parts = axis.ticks(PLOT_TOP, bottom, bottom + 14)
    parts += [_milestone(m, axis, PLOT_TOP, PLOT_TOP - 6 - LANE_H * lane)
              for m, lane in _lanes(r.milestones, axis).items() if lane < 2]
    parts.append(el("line", {"x1": float(PLOT_LEFT), "x2": axis.right, "y1": float(bottom),
                             "y2": float(bottom), "stroke": MUTED}))
    for value, words, colour in ((r.baseline, "Baseline", MUTED),
                                 (r.target, "Target", STATE_LINE["ok"])):
        if value is not None:
            parts.append(el("g", {"data-line": words.lower(), "data-value": _n(value)},
                            el("line", {"x1": float(PLOT_LEFT), "x2": axis.right,
                                        "y1": y(value), "y2": y(value), "stroke": colour,
                                        "stroke-width": 1.5, "stroke-dasharray": "6 4"}),
                            text(axis.right + 4, y(value) + 4, f"{words} {num(value)}", 10,
                                 fill=colour)))
    parts += _y_labels(low, high, y)
    parts.append(_points(r, axis, y))
    return svg("readings", bottom + 24, f"Readings: {r.kpi}", describe(r), *parts,
               width=READ_W)


def _y_labels(low: float, high: float, y: Callable[[float], float]) -> list[Markup]:
    step = _nice((high - low) / 4)
    first = step * -(-low // step)
    out = []
    v = first
    while v <= high:
        out.append(text(PLOT_LEFT - 6, y(v) + 4, num(round(v, 6)), 10, fill=MUTED,
                        **{"text-anchor": "end"}))
        v += step
    return out


def _nice(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least ``raw``."""
    power = 10 ** _floor_log10(raw)
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _floor_log10(x: float) -> int:
    k = 0
    while x >= 10:
        x, k = x / 10, k + 1
    while x < 1:
        x, k = x * 10, k - 1
    return k


def _points(r: Readings, axis: Axis, y: Callable[[float], float]) -> Markup:
    xy = [(axis.x(d), y(v)) for d, v in r.points]
    path = " ".join(f"{_n(px)},{_n(py)}" for px, py in xy)
    dots = []
    for (px, py), (day, value) in zip(xy, r.points):
        dots.append(el("g", {"data-reading": day.isoformat(), "data-value": _n(value)},
                       el("title", None, f"{day.isoformat()}: {num(value)}"),
                       el("circle", {"cx": px, "cy": py, "r": 4.0, "fill": "#0969da"}),
                       text(px, py - 8, num(value), 10, **{"text-anchor": "middle"})))
    line = el("polyline", {"points": path, "fill": "none", "stroke": "#0969da",
                           "stroke-width": 2.0}) if len(xy) > 1 else Markup("")
    return Markup(line + Markup("").join(dots))
