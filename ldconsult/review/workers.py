"""Reviewing the files, in this process or in worker processes: one small row per file.

Built for thousands of files. Worker processes read, parse, validate and diagnose each
file and send back only a small row (a tuple of short strings), never the intake or the
recommendation, so memory stays flat and inter-process traffic is tiny. Each worker
loads a bank once and keeps it. Results stream back in order.

An intake whose ``status`` is ``draft`` is not diagnosed: it is listed as a skipped draft
(its answers are incomplete, so a verdict would mislead).

The pool sends the function it maps to the workers by name (pickled), so that function,
the pool's initializer and the per-process state they share stay at module level. This
module is core: no typer, rich or questionary.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any

from ldconsult.base.errors import LdError
from ldconsult.review.query import ReviewUsageError
from ldconsult.review.rows import Failure, Row, Skipped

Engine = tuple[Callable[..., Any], Callable[..., Any]]  # (recommend, load_for)


def default_engine() -> Engine:
    from ldconsult.engine import load_for, recommend

    return recommend, load_for


def iter_reviews(files: list[str], *, bank: str | None = None, jobs: int = 0,
                 today: dt.date | None = None,
                 engine: Engine | None = None) -> Iterator[Row | Failure | Skipped]:
    """Review each file, yielding results in the order of ``files``."""
    if engine is None:  # the real engine: rows through quick_summary
        setup = (bank, today or dt.date.today(), None, default_engine()[1])
    else:
        setup = (bank, today or dt.date.today(), *engine)
    workers = _worker_count(jobs, len(files))
    if workers <= 1:
        saved = dict(_STATE)
        _setup(*setup)
        try:
            yield from (_decode(_review_one(p)) for p in files)
        finally:
            _STATE.clear()
            _STATE.update(saved)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if "fork" in
                                      multiprocessing.get_all_start_methods() else None)
    chunk = max(1, min(64, len(files) // (workers * 8)))
    with ctx.Pool(workers, initializer=_init_worker, initargs=setup) as pool:
        for encoded in pool.imap(_review_one, files, chunksize=chunk):
            yield _decode(encoded)


def check_jobs(jobs: int) -> None:
    """--jobs is 0 (one worker per core) or more."""
    if jobs < 0:
        raise ReviewUsageError(f"--jobs: must be 0 (one per core) or more, not {jobs}")


def _worker_count(jobs: int, n: int) -> int:
    check_jobs(jobs)
    cpus = cpu_count()
    wanted = min(jobs or cpus, cpus)  # more workers than cores only add start-up and memory
    # Starting workers costs more than reviewing a handful of files in-process.
    return 1 if n < 32 else min(wanted, n)


def cpu_count() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than
    the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# Per-process state: the options, the engine, and the banks loaded so far.
_STATE: dict[str, Any] = {}


def _setup(bank: str | None, today: dt.date, recommend: Callable[..., Any] | None,
           load_for: Callable[..., Any]) -> None:
    """``recommend`` None: the real engine, summarized by quick_summary when it can be."""
    _STATE.update(bank=bank, today=today, recommend=recommend, load_for=load_for, banks={},
                  quick_ok=None)


def _init_worker(*setup: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    _setup(*setup)


def _review_one(path: str) -> tuple[Any, ...]:
    """Read, validate and diagnose one file; return a small tuple (cheap to send back)."""
    try:
        return _diagnose(path)
    except LdError as exc:
        if exc.path not in (None, path):  # e.g. the intake's bank file is broken
            return ("F", path, str(exc), None)
        return ("F", path, exc.message, exc.line)
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop a batch of thousands
        return ("F", path, f"internal error: {type(exc).__name__}: {exc} (please report)", None)


def _diagnose(path: str) -> tuple[Any, ...]:
    from ldconsult import intake as intake_mod
    from ldconsult.base import fastyaml
    from ldconsult.base.files import read_bytes
    from ldconsult.base.yamlio import parse_json

    data = read_bytes(path)  # regular files only: a FIFO in a glob never blocks
    raw = parse_json(data, path) if path.lower().endswith(".json") else fastyaml.parse(data, path)
    if isinstance(raw, dict) and raw.get("status") == "draft" and "bank" in raw:
        return ("S", path, "draft (status: draft), not diagnosed")
    intake = intake_mod.from_data(raw, path, data)
    loaded = _bank_for(intake)
    intake_mod.check_answers(intake, loaded.bank, path, data)
    verdict, lead, codes, status = _summarize(intake, loaded, _STATE["today"])
    meta = intake.meta
    return ("R", path, meta.title, meta.requester,
            meta.meeting_date or intake.created.date().isoformat(), intake.bank.id,
            verdict, lead, codes, status)


def _summarize(intake: Any, loaded: Any, today: dt.date) -> tuple[Any, ...]:
    """Row fields. With the real engine, the quick path is checked against a full
    recommendation on this process's first intake, and used only if they agree, so an
    engine that has changed shape makes review slower, never wrong."""
    from ldconsult.review import summary as rs

    recommend = _STATE["recommend"]
    if recommend is not None:
        return rs.summary(recommend(intake, loaded, today=today))
    full_engine = default_engine()[0]
    quick_ok = _STATE.get("quick_ok")
    if quick_ok is None:
        full = rs.summary(full_engine(intake, loaded, today=today))
        _STATE["quick_ok"] = _try_quick(intake, loaded, today) == full
        return full
    if quick_ok:
        quick = _try_quick(intake, loaded, today)
        if quick is not None:
            return quick
    return rs.summary(full_engine(intake, loaded, today=today))


def _try_quick(intake: Any, loaded: Any, today: dt.date) -> tuple[Any, ...] | None:
    from ldconsult.review import summary as rs

    try:
        return rs.quick_summary(intake, loaded, today)
    except Exception:  # noqa: BLE001 - the full engine decides (and reports) instead
        return None


def _bank_for(intake: Any) -> Any:
    """The bank for an intake, loaded once per worker (a failure is remembered too)."""
    key = (intake.bank.id, intake.bank.path)
    cache = _STATE["banks"]
    if key not in cache:
        try:
            cache[key] = _STATE["load_for"](intake, _STATE["bank"])
        except LdError as exc:
            cache[key] = exc
    found = cache[key]
    if isinstance(found, LdError):
        raise found
    return found


_SHARED: dict[Any, Any] = {}


def _shared(value: Any) -> Any:
    """One copy of values that repeat across rows (bank, verdict, lead, flags, status):
    each row arrives from a worker with its own copies, and thousands of rows add up."""
    hit = _SHARED.get(value)
    if hit is None:
        if len(_SHARED) > 10_000:
            _SHARED.clear()
        hit = _SHARED[value] = value
    return hit


def _decode(item: tuple[Any, ...]) -> Row | Failure | Skipped:
    kind = item[0]
    if kind == "R":
        _, file, title, requester, date, bank, verdict, top, flags, status = item
        return Row(file, title, _shared(requester), _shared(date), _shared(bank),
                   _shared(verdict), _shared(top), _shared(flags), _shared(status))
    if kind == "F":
        return Failure(*item[1:])
    return Skipped(*item[1:])
