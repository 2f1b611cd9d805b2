"""What the adaptive interview asks, what it loses, and how fast it chooses.

    python benchmarks/adaptive.py --exe /path/to/venv/bin/ldconsult
    python benchmarks/adaptive.py --cases DIR     # any folder of cNN.answers.yaml

Every calibration answers file (tests/calibration/cNN.answers.yaml; the folder is read,
not a list) is replayed twice through the installed CLI, as a user would:
``ldconsult interview --answers FILE`` (adaptive: only the answers to the questions it
asks are used) and the same with ``--all-questions`` (every answer), then
``ldconsult recommend --format json`` on each. One row per case: the questions the
adaptive interview asked and the full path's length, and whether the verdict, the lead,
the top three fixes and the medium-or-higher flags agree, with both meetings' minutes at
meeting pace (interview/pace.py, as benchmarks/meeting_pace.py counts them). Then the
median minutes, and it ends with:

    agreement N/M                       verdict and lead both agree
    fixes and flags agreement P%        cases whose top three fixes and flags both agree
    median questions asked Q (full bank F)
    choosing a question p50 X ms, p95 Y ms (...)

The last line is measured in-process (run this script with the python of the install you
measure), over every step of every case at which the chooser ran (the basics are asked
without choosing), after the engine has been imported and warmed up, as the interview
does in the background while the basics are asked. It also gives the machine's load and,
as a baseline measured in the same run, the time of one full recommendation.
benchmarks/judgment.py measures the engine with all the facts; this measures what
asking fewer questions loses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import judgment  # noqa: E402  (the same way of running the installed CLI)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = ROOT / "tests" / "calibration"
SHOWN = {"medium", "high"}


@dataclass
class Case:
    name: str
    asked: int = 0
    full: int = 0
    minutes: float = 0.0  # the adaptive meeting at meeting pace (interview/pace.py)
    full_minutes: float = 0.0
    verdict: bool = False
    lead: bool = False
    fixes: bool = False
    flags: bool = False
    error: str = ""

    @property
    def agrees(self) -> bool:
        return self.verdict and self.lead


def lead(rec: dict[str, Any]) -> str | None:
    return next((i["id"] for i in rec.get("interventions") or [] if i.get("lead")), None)


def top_fixes(rec: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    """The plan's first three rows, as the memo shows them: each fix with the fixes that
    travel with it (``bundle_of``). The first three ids as listed would often be the lead
    and its companions, and hide a change in the second or third row."""
    fixes = rec.get("interventions") or []
    return [(i["id"], tuple(b["id"] for b in fixes if b.get("bundle_of") == i["id"]))
            for i in fixes if not i.get("bundle_of")][:3]


def flags(rec: dict[str, Any]) -> set[str]:
    return {f["code"] for f in rec.get("flags") or [] if f.get("severity") in SHOWN}


def compare(name: str, adaptive: dict[str, Any], full: dict[str, Any], asked: list[str],
            path: list[str]) -> Case:
    return Case(name, asked=len(asked), full=len(path), minutes=minutes(asked),
                full_minutes=minutes(path),
                verdict=adaptive.get("verdict") == full.get("verdict"),
                lead=lead(adaptive) == lead(full),
                fixes=top_fixes(adaptive) == top_fixes(full),
                flags=flags(adaptive) == flags(full))


def asked_in(intake: Path) -> list[str]:
    import yaml

    data = yaml.safe_load(intake.read_text(encoding="utf-8"))
    return list(data.get("asked") or [])


def path(answers: Path) -> list[str]:
    """The questions the whole bank asks on this case's path."""
    from ldconsult.bank import banks
    from ldconsult.interview import answers as answers_file
    from ldconsult.interview.cursor import Interview

    loaded = banks.resolve(None)
    aset = answers_file.load(answers, loaded.bank, today=dt.date(2026, 1, 1))
    return Interview(loaded, answers=aset.answers, unknown=aset.unknown).visible_ids()


def minutes(asked: list[str]) -> float:
    """A meeting that asks these questions, at meeting pace, with the four meeting details
    and the review (as benchmarks/meeting_pace.py counts it)."""
    from ldconsult.bank import banks
    from ldconsult.interview import pace
    from ldconsult.interview.meeting_details import META_SECTION

    bank = banks.resolve(None).bank
    seconds = sum(pace.seconds(bank.question(q)) for q in asked if bank.question(q))
    seconds += sum(pace.seconds(q) for q in META_SECTION.questions) + pace.REVIEW_SECONDS
    return seconds / 60


def cases_in(folder: Path) -> list[tuple[str, Path]]:
    return [(p.name[: -len(".answers.yaml")], p)
            for p in sorted(folder.glob("c*.answers.yaml"))]


def score(folder: Path, exe: str) -> list[Case]:
    out = []
    with tempfile.TemporaryDirectory(prefix="ldconsult-adaptive-") as tmp:
        for name, answers in cases_in(folder):
            a, f = Path(tmp) / f"{name}.adaptive.yaml", Path(tmp) / f"{name}.full.yaml"
            try:
                adaptive = judgment.interview_and_recommend(exe, answers, a)
                full = judgment.interview_and_recommend(exe, answers, f, "--all-questions")
            except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
                out.append(Case(name, error=str(exc)))
                continue
            out.append(compare(name, adaptive, full, asked_in(a), path(answers)))
    return out


# --- choosing, in-process ------------------------------------------------------------------

def choosing_times(folder: Path) -> list[float]:
    """Milliseconds of every choice the chooser made, replaying each case (a choice that
    finds nothing alone also tries pairs, :meth:`Chooser.pair`: counted in it)."""
    from ldconsult.bank import banks
    from ldconsult.interview import answers as answers_file
    from ldconsult.interview import chooser
    from ldconsult.interview.adaptive import AdaptiveInterview

    loaded = banks.resolve(None)
    times: list[float] = []
    original, original_pair = chooser.Chooser.rank, chooser.Chooser.pair

    def timed(self: Any, *args: Any, **kw: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(self, *args, **kw)
        finally:
            times.append((time.perf_counter() - start) * 1000)

    def timed_pair(self: Any, *args: Any, **kw: Any) -> Any:
        """Before stopping, pairs are tried: part of the same choice."""
        start = time.perf_counter()
        try:
            return original_pair(self, *args, **kw)
        finally:
            times[-1] += (time.perf_counter() - start) * 1000

    chooser.Chooser.rank = timed  # type: ignore[method-assign]
    chooser.Chooser.pair = timed_pair  # type: ignore[method-assign]
    try:
        for _, answers in cases_in(folder):
            aset = answers_file.load(answers, loaded.bank, today=dt.date(2026, 1, 1))
            engine = AdaptiveInterview(loaded, oracle=aset)
            engine.meta = engine.meta.model_copy(update={
                "meeting_date": aset.meta.get("meeting_date") or "2026-01-01"})
            engine.replay()
    finally:
        chooser.Chooser.rank = original  # type: ignore[method-assign]
        chooser.Chooser.pair = original_pair  # type: ignore[method-assign]
    return times


def warm_up() -> float:
    """Import the engine and run it once; then the time of one full recommendation (ms,
    the median of 20): the baseline the choosing time is compared with."""
    from ldconsult.bank import banks
    from ldconsult.bank.signals import derive
    from ldconsult.engine import build
    from ldconsult.interview import answers as answers_file

    loaded = banks.resolve(None)
    first = DEFAULT_CASES / "c01.answers.yaml"
    aset = answers_file.load(first, loaded.bank, today=dt.date(2026, 1, 1))
    sig = derive(loaded.bank.questions(), aset.answers, aset.unknown)
    build(sig, bank=loaded.bank, anchor_date=dt.date(2026, 10, 12))
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        build(derive(loaded.bank.questions(), aset.answers, aset.unknown), bank=loaded.bank,
              anchor_date=dt.date(2026, 10, 12))
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


# --- the table ------------------------------------------------------------------------------

def _yn(ok: bool) -> str:
    return "ok" if ok else "NO"


def row(c: Case) -> str:
    if c.error:
        return f"{c.name:<5} ERROR {c.error}"
    return (f"{c.name:<5} {c.asked:>5} {c.full:>5} {c.minutes:>6.0f} {c.full_minutes:>6.0f}   "
            f"{_yn(c.verdict):<7} {_yn(c.lead):<4} {_yn(c.fixes):<5} {_yn(c.flags)}")


HEADER = (f"{'case':<5} {'asked':>5} {'full':>5} {'min':>6} {'full':>6}   {'verdict':<7} "
          f"{'lead':<4} {'fixes':<5} flags")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def pace_line(cases: list[Case]) -> str:
    ok = [c for c in cases if not c.error]
    if not ok:
        return "median minutes at meeting pace: -"
    return (f"median minutes at meeting pace {statistics.median(c.minutes for c in ok):.0f} "
            f"(full bank {statistics.median(c.full_minutes for c in ok):.0f})")


def summary(cases: list[Case], times: list[float], baseline: float) -> list[str]:
    ok = [c for c in cases if not c.error]
    both = sum(c.fixes and c.flags for c in ok)
    asked = statistics.median(c.asked for c in ok) if ok else 0
    full = statistics.median(c.full for c in ok) if ok else 0
    load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    p50, p95 = (percentile(times, 50), percentile(times, 95)) if times else (0.0, 0.0)
    return [f"agreement {sum(c.agrees for c in ok)}/{len(cases)}",
            f"fixes and flags agreement {round(100 * both / len(cases)) if cases else 0}%",
            f"median questions asked {asked:g} (full bank {full:g})",
            f"choosing a question p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(times)} choices; "
            f"one full recommendation {baseline:.1f} ms, so p95 = {p95 / baseline:.1f}x; "
            f"load {load})"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES,
                        help="folder of cNN.answers.yaml (default: %(default)s)")
    judgment.add_exe(parser)
    args = parser.parse_args(argv)
    if judgment.exe_missing("adaptive", args.exe):
        return 2
    if not cases_in(args.cases):
        print(f"adaptive: {args.cases}: no cNN.answers.yaml", file=sys.stderr)
        return 2
    cases = score(args.cases, args.exe)
    print(HEADER)
    for c in cases:
        print(row(c))
    baseline = warm_up()
    times = choosing_times(args.cases)
    print()
    print(pace_line(cases))
    print("\n".join(summary(cases, times, baseline)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
