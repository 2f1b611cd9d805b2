"""What the memo's three pictures show, as data: the grid of causes, the plan on a time
line, and the readings against the target.

Built from the memo's own pieces (``memo_context(...)["memo"]``: ``grid``, ``gap_lines``,
``plan``, ``checkpoints``, ``date``), so a picture says what the memo says. The HTML page
draws them as SVG (:mod:`ldconsult.render.svg`), the Word document as tables
(:mod:`ldconsult.render.word_doc`); both use :func:`describe` for the words a screen
reader gets. Text here is the intake's, unescaped: each drawer escapes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ldconsult.base.calendar_math import MONTH_NAMES
from ldconsult.engine.recommendation import GRID, Recommendation
from ldconsult.render.memo_pieces import EXTRA_BESIDE, cell_state
from ldconsult.render.textutil import num

STATE_NAMES = {"gap": "A cause to fix", "ok": "Not a cause", "unknown": "Not known yet"}
KIND_NAMES = {"training": "Training", "non_training": "Fix to the work"}
CHECK_NAMES = {"first": "First check", "mid": "Mid check", "target": "Target check",
               "": "Check"}
GO_LIVE, DEADLINE, MEETING = "Go-live", "Deadline", "Meeting"
MONTHS = tuple(name[:3] for name in MONTH_NAMES)  # "Jan" … "Dec": axes and table heads


@dataclass(frozen=True)
class Cell:
    label: str
    row: str  # environment | individual
    state: str  # gap | ok | unknown
    beside: tuple[tuple[str, str], ...]  # (short name, state): feedback, managers
    note: str  # for a gap: the answer that shows it, or what the answers show


@dataclass(frozen=True)
class Grid:
    cells: tuple[Cell, ...]  # six, environment row first, in Gilbert's order


@dataclass(frozen=True)
class Bar:
    title: str
    start: dt.date | None  # None: not dated (at a later reset, says ``when``)
    when: str  # the memo's "Starts": a date, or when it starts in words
    kind: str  # training | non_training
    lead: bool
    partners: tuple[str, ...]


@dataclass(frozen=True)
class Milestone:
    day: dt.date
    label: str
    kind: str  # meeting | go_live | deadline | first | mid | target | check


@dataclass(frozen=True)
class Timeline:
    bars: tuple[Bar, ...]
    milestones: tuple[Milestone, ...]  # in date order
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Readings:
    kpi: str
    points: tuple[tuple[dt.date, float], ...]  # in date order
    baseline: float | None
    target: float | None
    baseline_day: dt.date
    milestones: tuple[Milestone, ...]  # the checkpoints and the deadline
    start: dt.date
    end: dt.date


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# The grid of causes

def grid(rec: Recommendation, memo: dict[str, Any]) -> Grid:
    notes = {g["cause"].cell: g["quote"] or g["finding"] for g in memo["gap_lines"]}
    rows = [c for row in memo["grid"] for c in row]  # the memo's cells, in GRID order
    cells = []
    for (name, _), shown in zip(GRID, rows):
        extra = EXTRA_BESIDE.get(name)
        beside = ((extra[1], cell_state(rec, extra[0])),) if extra else ()
        row = "environment" if len(cells) < 3 else "individual"
        cells.append(Cell(label=shown["label"], row=row, state=shown["state"], beside=beside,
                          note=notes.get(name, "") if shown["state"] == "gap" else ""))
    return Grid(tuple(cells))


# ---------------------------------------------------------------------------------------
# The plan on a time line

def timeline(rec: Recommendation, memo: dict[str, Any], go_live: dt.date | None,
             deadline: dt.date | None) -> Timeline | None:
    """The fixes from their start, the go-live, the deadline and the checkpoints; None
    when the plan has no fix with a date."""
    bars = tuple(Bar(title=p["item"].title, start=_date(p["by"]), when=p["by"],
                     kind=p["item"].kind,
                     lead=p["item"].lead, partners=tuple(p["with"])) for p in memo["plan"])
    if not any(b.start for b in bars):
        return None
    meeting = _date(memo["date"])
    marks = [Milestone(meeting, MEETING, "meeting")] if meeting else []
    if go_live is not None:
        marks.append(Milestone(go_live, GO_LIVE, "go_live"))
    marks += _checks(rec, meeting)
    if deadline is not None and deadline not in {m.day for m in marks if m.kind == "target"}:
        marks.append(Milestone(deadline, DEADLINE, "deadline"))
    marks.sort(key=lambda m: m.day)
    days = [b.start for b in bars if b.start] + [m.day for m in marks]
    return Timeline(bars, tuple(marks), min(days), max(days))


def _checks(rec: Recommendation, meeting: dt.date | None) -> list[Milestone]:
    out = []
    for c in rec.measurement.checkpoints:
        day = _date(c.date) or (meeting + dt.timedelta(days=c.day) if meeting else None)
        if day is not None:
            out.append(Milestone(day, CHECK_NAMES.get(c.kind, "Check"), c.kind or "check"))
    return out


# ---------------------------------------------------------------------------------------
# The readings against the target

def readings(rec: Recommendation, history: Any, memo: dict[str, Any],
             deadline: dt.date | None) -> Readings | None:
    """The follow-up readings with the baseline and target lines; None before any."""
    dated = ((_date(r.date), r.metric) for r in history)  # a reading may hold notes only
    points = tuple(sorted(((d, float(v)) for d, v in dated if d is not None and v is not None),
                          key=lambda p: p[0]))
    if rec.result is None or not points:
        return None
    meeting = _date(memo["date"]) or points[0][0]
    marks = _checks(rec, meeting)
    if deadline is not None and deadline not in {m.day for m in marks}:
        marks.append(Milestone(deadline, DEADLINE, "deadline"))
    marks.sort(key=lambda m: m.day)
    days = [meeting, *(p[0] for p in points), *(m.day for m in marks)]
    return Readings(kpi=rec.measurement.kpi or "The measure", points=points,
                    baseline=rec.result.baseline, target=rec.result.target,
                    baseline_day=meeting, milestones=tuple(marks), start=min(days),
                    end=max(days))


# ---------------------------------------------------------------------------------------
# In words, for screen readers and for anyone who cannot see the picture

def describe(picture: Grid | Timeline | Readings) -> str:
    if isinstance(picture, Grid):
        return _describe_grid(picture)
    if isinstance(picture, Timeline):
        return _describe_timeline(picture)
    return _describe_readings(picture)


def _describe_grid(g: Grid) -> str:
    parts = []
    for state in ("gap", "ok", "unknown"):
        cells = [c for c in g.cells if c.state == state]
        if cells:
            named = [c.label + (f" (“{c.note}”)" if c.note else "") for c in cells]
            parts.append(f"{STATE_NAMES[state]}: {'; '.join(named)}.")
    return " ".join(parts)


def _describe_timeline(t: Timeline) -> str:
    events: dict[dt.date, list[str]] = {}
    for b in t.bars:
        if b.start is not None:
            events.setdefault(b.start, []).append(
                f"{b.title} starts ({KIND_NAMES.get(b.kind, b.kind).lower()})")
    for m in t.milestones:
        events.setdefault(m.day, []).append(m.label.lower() if m.kind != "meeting"
                                            else "the meeting")
    dated = sorted(events.items())
    text = " ".join(f"{d.isoformat()}: {'; '.join(e)}." for d, e in dated)
    for b in t.bars:
        if b.start is None:
            text += f" {b.title} starts {b.when or 'later'}."
    return text


def _describe_readings(r: Readings) -> str:
    shown = "; ".join(f"{d.isoformat()}: {num(v)}" for d, v in r.points)
    goal = [f"Baseline {num(r.baseline)}." if r.baseline is not None else "",
            f"Target {num(r.target)}." if r.target is not None else ""]
    return " ".join([f"{r.kpi}: {shown}.", *(g for g in goal if g)])


def short_date(day: dt.date) -> str:
    """"4 Mar": a date on a picture, where the year shows on the axis."""
    return f"{day.day} {MONTHS[day.month - 1]}"
