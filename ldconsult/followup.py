"""Follow-up after launch: record KPI readings in an intake, and judge them.

The method does not stop at the recommendation. The team launches, measures against the
baseline agreed before launch, listens to learners and managers, and iterates. This
module is the core of ``ldconsult followup``; it knows no terminal.

Recording (:func:`append_reading`)
    A reading is *appended* to the intake's ``history``; nothing earlier in the file
    changes (not even ``updated``: each reading carries its own ``recorded`` time).

    * Concurrency: two ``followup`` runs on one intake must not lose a reading. We take
      an exclusive ``fcntl.flock`` on ``<intake>.lock`` (next to the intake, never
      deleted: unlinking a lock file lets a third process lock a fresh inode while the
      second still holds the old one), polling for up to :data:`LOCK_TIMEOUT` seconds,
      then give up with a :class:`WriteError`. Under the lock we re-read the file,
      append, and write atomically (temp file, fsync, rename), so a reader never sees
      half a file and a writer never works from a stale copy.
    * Byte preservation: for a YAML intake we append the new item's text to the end of
      the file (after ``history:``'s last item, or a new ``history:`` key), so hand
      edits and comments above it survive. The result is parsed back and must equal
      the expected intake; if it does not (an unusual layout), we fall back to dumping
      the whole intake, which is byte-identical for files ldconsult wrote itself. JSON
      intakes are rewritten as JSON.
    * Symlinks are followed, so a linked intake stays a link.

Status (:func:`compute_result`)
    Baseline and target are the first number in the agreed text ("18%", "4.2 days",
    "1,200", "40k"). A target below the baseline means lower is better. Progress is the
    share of the baseline→target gap closed by the latest reading. Pace compares that
    with the share of time gone, from the baseline date (the meeting date, else the
    first reading) to the deadline, at the latest reading's date, with
    :data:`SLACK` of allowance because results lag behaviour. Without a deadline we can
    only apply the half-way rule (:data:`NO_DEADLINE_RULE`) and say so.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ldconsult import intake as intake_mod
from ldconsult.errors import LdError, WriteError
from ldconsult.intake import Intake, Reading
from ldconsult.recommendation import Measurement, Result, Status
from ldconsult.yamlio import (MAX_BYTES, atomic_write, decode, dump_yaml, parse_json,
                              parse_yaml, read_bytes)

try:  # POSIX; on Windows there is no flock and appends are not serialised.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

SLACK = 0.10  # results trail behaviour: allow 10 points of the gap behind a straight line
NO_DEADLINE_RULE = 0.5  # with no deadline, "on track" means at least half the gap closed
FLAT = 0.10  # under 10% of the gap either way counts as "the metric hasn't moved"
CHECKPOINT_DAYS = (30, 60, 90)
LOCK_TIMEOUT = 10.0
BEHAVIOURS = ("yes", "partly", "no")
DEFAULT_DRIVERS = "manager support, tools, incentives"


class ReadingError(LdError, ValueError):
    """A follow-up reading (or the intake it goes into) cannot be used."""


# ---------------------------------------------------------------------------------------
# Numbers and dates

_NUMBER = re.compile(r"""
    (?<![^\W_])(?<![.,])           # not glued to a word or a version: Q3, H1, v1.2
    (?P<sign>[-+\u2212]?)
    (?: (?P<thousands>\d{1,3}(?:,\d{3})+(?!\d))(?P<tfrac>\.\d+)?
      | (?P<int>\d+)(?P<frac>\.\d+|,\d{1,2}(?!\d))?
      | (?P<lead>\.\d+) )
    (?P<k>k(?![^\W\d_]))?          # 40k, but not 40 km
    """, re.VERBOSE | re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


_DATES = re.compile(r"\b\d{4}-\d{1,2}(?:-\d{1,2})?\b|\b\d{1,2}/(?:\d{1,2}/)?\d{2,4}\b")
_YEAR = re.compile(r"(?:19|20)\d\d")


def first_number(text: Any) -> float | None:
    """The first number in an agreed value such as '18%', '4.2 days' or '1,200/month'.

    The baseline question asks "as of when?", so dates are not numbers: ISO and slashed
    dates are skipped, and so is a leading bare year ('March 2026: 18%') when a number
    that is not a year follows it.
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    found = list(_NUMBER.finditer(_DATES.sub(" ", str(text))))
    if not found:
        return None
    plain = [m for m in found if not _YEAR.fullmatch(m.group(0))]
    return _number_of(plain[0] if plain else found[0])


def _number_of(m: re.Match[str]) -> float:
    if m["thousands"]:
        value = float(m["thousands"].replace(",", "") + (m["tfrac"] or ""))
    elif m["int"]:
        value = float(m["int"] + (m["frac"] or "").replace(",", "."))
    else:
        value = float(m["lead"])
    if m["k"]:
        value *= 1000
    return -value if m["sign"] in ("-", "\u2212") else value


def parse_metric(raw: str | float) -> float:
    """A typed reading: just a number, optionally with '%' (e.g. 12, 4.5, 1,200, 18%)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw)
    text = str(raw).strip().removesuffix("%").strip()
    m = _NUMBER.fullmatch(text)
    if not m:
        raise ReadingError(f"--metric: '{raw}' is not a number (e.g. 12, 4.5, 1,200 or 18%)")
    return _number_of(m)


def parse_date(text: Any) -> dt.date | None:
    """A date out of agreed text: ISO 'YYYY-MM-DD' anywhere in it, else None."""
    if isinstance(text, dt.date):
        return text
    m = _ISO_DATE.search(str(text or ""))
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(0))
    except ValueError:
        return None


def reading_date(raw: str | None, today: dt.date) -> dt.date:
    if raw is None or not raw.strip():
        return today
    text = raw.strip()
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ReadingError(f"--date: '{raw}' is not a date in the form YYYY-MM-DD") from None


def fmt(x: float | None) -> str:
    """A number as people write it: 12, 4.25, 1,200."""
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.3f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------------------------------
# Building a reading

@dataclass(frozen=True)
class ReadingInput:
    """What the user gave (options or answers to prompts), before validation."""

    metric: str | float | None = None
    date: str | None = None
    leading: Sequence[str] = ()
    behaviours: str | None = None
    learner_feedback: str | None = None
    manager_feedback: str | None = None
    note: str | None = None


def has_metric(measurement: Measurement) -> bool:
    return bool((measurement.kpi or "").strip() or (measurement.baseline or "").strip())


def require_metric(measurement: Measurement) -> None:
    if not has_metric(measurement):
        raise ReadingError("this intake has no agreed metric (KPI): agree the metric, baseline "
                           "and target first, then record readings against them")


def make_reading(given: ReadingInput, intake: Intake, measurement: Measurement, *,
                 today: dt.date, recorded: dt.datetime) -> Reading:
    """Validate ``given`` against the intake and build the reading. Raises ReadingError."""
    require_metric(measurement)
    if given.metric is None or str(given.metric).strip() == "":
        raise ReadingError("--metric: a reading needs the KPI's value")
    value = parse_metric(given.metric)
    when = reading_date(given.date, today)
    check_reading_date(when, intake, today)
    return Reading(date=when.isoformat(), metric=value, leading=parse_leading(given.leading),
                   behaviours_seen=parse_behaviours(given.behaviours),
                   learner_feedback=_text(given.learner_feedback),
                   manager_feedback=_text(given.manager_feedback), note=_text(given.note),
                   recorded=recorded)


def check_reading_date(when: dt.date, intake: Intake, today: dt.date) -> None:
    if when > today:
        raise ReadingError(f"--date: {when} is in the future (today is {today}); record a "
                           "reading once it has been taken")
    meeting = parse_date(intake.meta.meeting_date)
    if meeting and when < meeting:
        raise ReadingError(f"--date: {when} is before the meeting date {meeting}, when the "
                           "baseline was agreed; a follow-up reading comes after it")


def parse_leading(items: Sequence[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        name, sep, raw = str(item).partition("=")
        name = name.strip()
        if not sep or not name:
            raise ReadingError(f"--leading: '{item}' is not NAME=VALUE (e.g. first_call_fix=62)")
        if name in out:
            raise ReadingError(f"--leading: '{name}' is given twice")
        try:
            out[name] = parse_metric(raw)
        except ReadingError:
            raise ReadingError(f"--leading: '{name}={raw.strip()}' needs a number after "
                               "'='") from None
    return out


def parse_behaviours(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    value = raw.strip().lower()
    if value not in BEHAVIOURS:
        raise ReadingError(f"--behaviours: '{raw}' is not one of yes, partly, no")
    return value


def _text(raw: str | None) -> str | None:
    text = (raw or "").strip()
    return text or None


# ---------------------------------------------------------------------------------------
# Appending, under a lock

def append_reading(path: str | os.PathLike[str], reading: Reading, *,
                   lock_timeout: float = LOCK_TIMEOUT) -> Intake:
    """Append ``reading`` to the intake at ``path``; return the intake as written."""
    target = Path(os.path.realpath(path))
    name = str(target)
    with file_lock(target, timeout=lock_timeout):
        data = read_bytes(target)  # re-read under the lock: another run may have appended
        is_json = target.suffix.lower() == ".json"
        old = intake_mod.from_data(parse_json(data, name) if is_json else parse_yaml(data, name),
                                   name, data)
        new = old.model_copy(update={"history": [*old.history, reading]})
        text = _new_text(target, data, new, reading)
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise WriteError("the intake would grow past the size ldconsult reads back "
                             f"({MAX_BYTES // 1024} KiB); start a new intake for the next "
                             "iteration", path=name)
        atomic_write(target, text, force=True)
    return new


@contextmanager
def file_lock(target: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on ``<target>.lock`` (poll until ``timeout`` seconds)."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    lock_path = target.with_name(target.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise WriteError(f"cannot create the lock file {lock_path.name}: "
                         f"{exc.strerror or exc}", path=str(target)) from None
    try:
        _acquire(fd, target, timeout)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, target: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise WriteError(f"locked by another process (waited {timeout:g} s for "
                                 f"{target.name}.lock); try again", path=str(target)) from None
            time.sleep(0.02)


def _new_text(path: Path, data: bytes, new: Intake, reading: Reading) -> str:
    if path.suffix.lower() == ".json":
        return json.dumps(new.to_data(), indent=2, ensure_ascii=False) + "\n"
    text = decode(data, str(path))
    appended = _appended_yaml(text, reading)
    if appended is not None and _same(appended, new, str(path)):
        return appended
    return intake_mod.dumps(new)


def _appended_yaml(text: str, reading: Reading) -> str | None:
    """``text`` with one more history item at its end, or None if the layout won't allow."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value:
        return None
    item = _reading_data(reading)
    block = dump_yaml({"history": [item]})
    keys = [k.value for k, _ in root.value]
    body = text if text.endswith("\n") else text + "\n"
    if "history" not in keys:
        return body + block
    key, seq = root.value[-1]
    if key.value != "history" or not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
        return None
    items = block.split("\n", 1)[1]
    indent = " " * seq.start_mark.column
    return body + "".join(indent + line if line else line for line in items.splitlines(True))


def _reading_data(reading: Reading) -> dict[str, Any]:
    return reading.model_dump(mode="json")  # as Intake.to_data() writes a history item


def _same(text: str, expected: Intake, name: str) -> bool:
    try:
        return intake_mod.from_data(parse_yaml(text, name), name).to_data() == expected.to_data()
    except (LdError, ValueError):
        return False


# ---------------------------------------------------------------------------------------
# Status

@dataclass(frozen=True)
class _Judgement:
    status: Status
    message: str
    progress: float | None = None
    elapsed: float | None = None


def metric_series(history: Sequence[Reading]) -> list[tuple[dt.date, float]]:
    """(date, value) of readings with a metric, in date order (ties: order recorded)."""
    points = [(parse_date(r.date), r.metric) for r in history if r.metric is not None]
    dated = [(d, v) for d, v in points if d is not None]
    return sorted(dated, key=lambda p: p[0])


def latest_behaviours(history: Sequence[Reading]) -> str | None:
    seen = [(parse_date(r.date) or dt.date.min, i, r.behaviours_seen)
            for i, r in enumerate(history) if r.behaviours_seen]
    return max(seen)[2] if seen else None


def compute_result(intake: Intake, measurement: Measurement, *,
                   today: dt.date | None = None) -> Result:
    """How the readings compare with baseline and target, and what to try next.

    ``today`` is the date the status is judged at. It is never taken as earlier than the
    latest reading: the engine, which never reads the clock, passes the meeting date, and
    so gets a result as of the latest reading.
    """
    series = metric_series(intake.history)
    today = max(today or dt.date.today(), series[-1][0] if series else dt.date.min)
    baseline, target = first_number(measurement.baseline), first_number(measurement.target)
    deadline = parse_date(measurement.deadline)
    meeting = parse_date(intake.meta.meeting_date)
    start = meeting or (series[0][0] if series else None)
    judged = judge(series, measurement, baseline, target, start, deadline, today)
    behaviours = latest_behaviours(intake.history)
    latest_date = series[-1][0] if series else None
    checkpoint = next_checkpoint(meeting, latest_date, today,
                                 tuple(c.day for c in measurement.checkpoints) or CHECKPOINT_DAYS)
    direction = None
    if baseline is not None and target is not None and baseline != target:
        direction = "lower" if target < baseline else "higher"
    return Result(
        status=judged.status, latest=series[-1][1] if series else None,
        latest_date=latest_date.isoformat() if latest_date else None,
        baseline=baseline, target=target, direction=direction,
        progress_percent=None if judged.progress is None else round(judged.progress * 100, 1),
        deadline=deadline.isoformat() if deadline else None,
        days_left=(deadline - today).days if deadline else None,
        trend=tuple(v for _, v in series), readings=len(intake.history),
        behaviours_seen=behaviours, message=judged.message,
        next_iteration=tuple(next_iteration(judged, intake.history, measurement, behaviours,
                                            deadline is not None)),
        next_checkpoint=checkpoint.isoformat() if checkpoint else None)


def judge(series: Sequence[tuple[dt.date, float]], m: Measurement, baseline: float | None,
          target: float | None, start: dt.date | None, deadline: dt.date | None,
          today: dt.date) -> _Judgement:
    """The status rules, in order: data, numbers, target reached, deadline, pace."""
    if not series:
        return _Judgement("no_data", "No readings yet: record the first one against the "
                          "baseline.")
    if baseline is None or target is None:
        which, text = ("baseline", m.baseline) if baseline is None else ("target", m.target)
        said = f"'{text}' has no number in it" if text else "was not agreed"
        return _Judgement("no_data", f"The {which} {said}, so readings can't be judged: agree "
                          "a numeric baseline and target with the metric's owner.")
    if baseline == target:
        return _Judgement("no_data", f"Baseline and target are both {fmt(target)}, so there is "
                          "no gap to close and no way to tell which direction is better.")
    when, latest = series[-1]
    progress = (latest - baseline) / (target - baseline)
    where = (f"{fmt(latest)} on {when} is {_pct(progress)} of the way from {fmt(baseline)} "
             f"to {fmt(target)}")
    if progress >= 1:
        return _Judgement("target_reached", f"Target reached: {where}.", progress)
    if deadline is None:
        status: Status = "on_track" if progress >= NO_DEADLINE_RULE else "off_track"
        return _Judgement(status, f"{_label(status)}: {where}. No deadline was agreed, so pace "
                          "can't be judged; this uses the half-way rule.", progress)
    if today > deadline:
        return _Judgement("off_track", f"Off track: the deadline {deadline} has passed and the "
                          f"latest reading is {where}.", progress, 1.0)
    elapsed = _elapsed(start or when, when, deadline)
    status = "on_track" if progress >= elapsed - SLACK else "off_track"
    return _Judgement(status, f"{_label(status)}: {where}, with {_pct(elapsed)} of the time to "
                      f"{deadline} gone.", progress, elapsed)


def _elapsed(start: dt.date, when: dt.date, deadline: dt.date) -> float:
    span = (deadline - start).days
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (when - start).days / span))


def _pct(x: float) -> str:
    return f"{round(x * 100):d}%"


def _label(status: Status) -> str:
    return status.replace("_", " ").capitalize()


def next_checkpoint(meeting: dt.date | None, latest: dt.date | None, today: dt.date,
                    days: Sequence[int] = CHECKPOINT_DAYS) -> dt.date | None:
    """The next 30/60/90-day point after the meeting not yet passed or covered by a
    reading; after those, 30 days after the latest reading."""
    if meeting:
        for d in sorted(days):
            point = meeting + dt.timedelta(days=d)
            if point >= today and (latest is None or point > latest):
                return point
    if latest:
        return latest + dt.timedelta(days=30)
    return None


# ---------------------------------------------------------------------------------------
# What to try next: a table of (situation, advice), read top to bottom

@dataclass(frozen=True)
class _Situation:
    status: Status
    behaviours: str | None
    any_behaviours: bool
    flat: bool
    manager_heard: bool
    has_deadline: bool
    has_readings: bool
    drivers: str


_Rule = tuple[Callable[[_Situation], bool], str]
NEXT_ITERATION: tuple[_Rule, ...] = (
    (lambda s: not s.has_readings,
     "Record the first reading against the baseline (ldconsult followup INTAKE --metric "
     "VALUE), and say whether the behaviours are seen."),
    (lambda s: s.has_readings and s.status == "no_data",
     "Agree a numeric baseline and target with the metric's owner, so readings can be "
     "judged."),
    (lambda s: s.status == "target_reached",
     "Plan reinforcement so the gain holds: manager check-ins, refreshers, job aids kept "
     "current."),
    (lambda s: s.status == "target_reached",
     "Share the result with the sponsor, in the KPI's own terms and against the baseline."),
    (lambda s: s.status == "target_reached",
     "Consider scaling: if this was a pilot, plan the roll-out to everyone."),
    (lambda s: s.status in ("on_track", "off_track") and s.behaviours == "no",
     "The behaviours aren't seen on the job: check the drivers ({drivers}) before adding "
     "more training."),
    (lambda s: s.status in ("on_track", "off_track") and s.behaviours == "partly",
     "The behaviours are only partly seen: ask managers what stops the rest, and fix those "
     "drivers ({drivers}) first."),
    (lambda s: s.status in ("on_track", "off_track") and s.behaviours == "yes" and s.flat,
     "The behaviours changed but the metric hasn't moved: revisit the environment causes, "
     "or question the metric itself (it may be the wrong measure, or another cause drives "
     "it)."),
    (lambda s: s.status == "off_track" and s.behaviours == "yes" and not s.flat,
     "The metric moves, but too slowly: find which teams lag and what they lack, or agree "
     "a later date with the sponsor."),
    (lambda s: s.status == "off_track" and not s.any_behaviours,
     "Go and observe: interview the most and the least successful adopters (Brinkerhoff's "
     "success case method) to learn what makes the difference."),
    (lambda s: s.status == "on_track" and not s.any_behaviours,
     "Record whether the behaviours are seen on the job (--behaviours yes|partly|no): the "
     "metric alone can't say why it moves."),
    (lambda s: s.status in ("on_track", "off_track") and not s.manager_heard,
     "Ask managers what they see on the job, and record it (--manager-feedback)."),
    (lambda s: s.status in ("on_track", "off_track") and not s.has_deadline,
     "Agree a deadline with the sponsor, so pace can be judged."),
    (lambda s: s.status == "on_track",
     "Keep the plan, and check again at the next checkpoint."),
)


def next_iteration(judged: _Judgement, history: Sequence[Reading], m: Measurement,
                   behaviours: str | None, has_deadline: bool) -> list[str]:
    situation = _Situation(
        status=judged.status, behaviours=behaviours,
        any_behaviours=any(r.behaviours_seen for r in history),
        flat=judged.progress is not None and abs(judged.progress) < FLAT,
        manager_heard=any(r.manager_feedback for r in history),
        has_deadline=has_deadline,
        has_readings=any(r.metric is not None for r in history),
        drivers=short_drivers(m.drivers))
    return [text.format(drivers=situation.drivers) for test, text in NEXT_ITERATION
            if test(situation)]


def short_drivers(drivers: Sequence[str]) -> str:
    """The plan's drivers by name ('Managers: ask about…' → 'managers'), the ones marked
    '(fix first)' only, when there are some."""
    first = [d for d in drivers if "(fix first)" in d]
    names = [d.split(":", 1)[0].replace("(fix first)", "").strip() for d in first or drivers]
    names = [n[:1].lower() + n[1:] for n in names if n]
    return ", ".join(dict.fromkeys(names)) or DEFAULT_DRIVERS


# ---------------------------------------------------------------------------------------
# Sparkline (plain text, so any renderer can use it)

_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """One unicode block per value, scaled between the lowest and the highest."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return _BLOCKS[3] * len(values)
    top = len(_BLOCKS) - 1
    return "".join(_BLOCKS[round((v - low) / (high - low) * top)] for v in values)


# ---------------------------------------------------------------------------------------
# The measurement plan without the engine

def measurement_from_signals(intake: Intake, questions: Sequence[Any]) -> Measurement:
    """KPI, baseline, target and deadline straight from the bank's ``provides`` signals.

    The engine builds the full measurement plan; this is enough to judge readings when
    only the bank is at hand (``questions``: the bank's questions in bank order).
    """
    from ldconsult.signals import derive, show_answer

    sig = derive(questions, intake.answers, intake.unknown)

    def text(name: str) -> str | None:
        value = sig.values.get(name)
        return None if value in (None, "", []) else show_answer(value)

    return Measurement(kpi=text("metric"), source=text("metric_source"),
                       baseline=text("baseline"), target=text("target"),
                       deadline=text("deadline"))
