"""Two processes appending readings to one intake at once lose nothing."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from pathlib import Path

from ldconsult import followup as fu
from ldconsult import intake as intake_mod
from ldconsult.intake import BankRef, Intake, Meta, Reading

PER_WORKER = 20


def _append_many(path: str, worker: int, start: multiprocessing.synchronize.Event) -> None:
    start.wait(10)
    for i in range(PER_WORKER):
        reading = Reading(date=dt.date.today().isoformat(), metric=worker * 100 + i,
                          note=f"worker {worker} reading {i}")
        fu.append_reading(path, reading)


def _new_intake(path: Path) -> Path:
    intake_mod.save(Intake(bank=BankRef(id="t", version="1"),
                           meta=Meta(title="Concurrent", meeting_date="2026-01-01"),
                           answers={"metric": "x"}), path)
    return path


def _append_at_once(*paths: Path) -> None:
    """Worker n appends through ``paths[n - 1]``, all starting together."""
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    workers = [ctx.Process(target=_append_many, args=(str(p), w, start))
               for w, p in enumerate(paths, 1)]
    for p in workers:
        p.start()
    start.set()
    for p in workers:
        p.join(60)
    assert all(p.exitcode == 0 for p in workers), [p.exitcode for p in workers]


def test_two_processes_appending_at_once_lose_no_reading(tmp_path: Path) -> None:
    path = _new_intake(tmp_path / "intake.yaml")
    before = path.read_bytes()
    _append_at_once(path, path)

    history = intake_mod.load(path).history
    assert len(history) == 2 * PER_WORKER
    assert sorted(r.note for r in history) == sorted(
        f"worker {w} reading {i}" for w in (1, 2) for i in range(PER_WORKER))
    for w in (1, 2):  # each worker's readings stay in the order it wrote them
        mine = [r.metric for r in history if r.note and r.note.startswith(f"worker {w} ")]
        assert mine == [w * 100 + i for i in range(PER_WORKER)]
    assert path.read_bytes().startswith(before)
    assert path.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".intake.yaml.*.tmp"))  # no temp files left behind


def test_two_processes_appending_through_two_hard_links_lose_no_reading(
        tmp_path: Path) -> None:
    """Each name has its own lock file: the lock on the file itself serialises them."""
    path = _new_intake(tmp_path / "intake.yaml")
    other = tmp_path / "linked.yaml"
    os.link(path, other)
    _append_at_once(path, other)
    history = intake_mod.load(other).history
    assert len(history) == 2 * PER_WORKER
    assert path.stat().st_ino == other.stat().st_ino
