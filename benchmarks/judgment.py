"""Judgment score: the calibration cases through the installed CLI, checked against what
an expert would recommend (tests/calibration/cNN.expect.yaml; see its README).

    python benchmarks/judgment.py                 # every case in tests/calibration/ (c01-c31)
    python benchmarks/judgment.py --cases DIR     # any folder of cNN.answers.yaml + cNN.expect.yaml
    python benchmarks/judgment.py --json out.json # the per-case results as JSON too

Each case runs exactly as a user would: ``ldconsult interview --answers FILE -o INTAKE
--all-questions`` (every answer: this measures the engine on all the facts; what an
adaptive interview loses is benchmarks/adaptive.py's), then ``ldconsult recommend INTAKE
--format json``. An ldconsult older than --all-questions uses every answer anyway. One row per case, then totals:

- verdict: in the accepted set;
- lead: the lead's kind (and id, where the sheet is clear) as expected;
- fixes: expected interventions found in the plan (for "find out more", the ways of
  finding out that the sheet names);
- flags: expected flags raised / expected; extra: raised but not expected (``wrong`` ones
  are marked with !);
- must-NOT: the sheet's "must NOT" items the recommendation does;
- learner-h: total learner-hours requested -> recommended (the sheet's range);
- checks: whether every checkpoint falls inside the sheet's window (no check before a
  go-live, none after the deadline).

The scoring functions are pure (``score(recommendation, expect)``), so the test suite runs
the same checks in-process (tests/test_calibration.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = ROOT / "tests" / "calibration"

# How a headline talks about a kind of shortfall, when the JSON does not say.
SHORTFALL_WORDS = {
    "errors": r"\berrors?\b|\bmistakes?\b|\bwrong\b|first[- ]time[- ]right|\bquality\b",
    "speed": r"\bfaster\b|\bspeed\b|\bslow\b|\bthroughput\b|\bbacklog\b|\bturnaround\b",
    "volume": r"\bsales\b|\bconversion\b|\battach\b|\bvolume\b",
    "incidents": r"\bincidents?\b|\bnear[- ]miss|\bbreach",
}
# The words v1's "missing" items use, for recommendations that carry no code.
MISSING_WORDS = {"cost_of_problem": r"cost", "baseline": r"baseline",
                 "target": r"target", "deadline": r"deadline|date"}


@dataclass
class CaseScore:
    case: str
    verdict: str = ""
    verdict_ok: bool = False
    lead: str = ""
    lead_ok: bool = False
    fixes_found: int = 0
    fixes_expected: int = 0
    fixes_missing: list[str] = field(default_factory=list)
    flags_found: int = 0
    flags_expected: int = 0
    flags_missing: list[str] = field(default_factory=list)
    flags_extra: list[str] = field(default_factory=list)
    flags_wrong: list[str] = field(default_factory=list)
    must_not_hits: list[str] = field(default_factory=list)
    learner_hours_requested: float | None = None
    learner_hours_recommended: float | None = None
    learner_hours_expected: tuple[float, float] | None = None
    hours_ok: bool | None = None
    checkpoints_ok: bool | None = None
    checkpoints_note: str = ""
    error: str = ""

    @property
    def clean(self) -> bool:
        return (self.verdict_ok and self.lead_ok and not self.must_not_hits
                and self.fixes_found == self.fixes_expected
                and self.flags_found == self.flags_expected and not self.flags_wrong)


# --- reading a recommendation ----------------------------------------------------------

def plan(rec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(rec.get("interventions") or [])


def lead_of(rec: dict[str, Any]) -> dict[str, Any] | None:
    return next((i for i in plan(rec) if i.get("lead")), None)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def training_hours_per_person(rec: dict[str, Any]) -> float:
    training = [i for i in plan(rec) if i.get("kind") == "training"]
    if not training:
        return 0.0
    if all("hours" in i for i in training):
        return float(sum(i.get("hours") or 0 for i in training))
    return float((rec.get("economics") or {}).get("recommended_hours_per_person") or 0)


def learner_hours(rec: dict[str, Any]) -> float | None:
    econ = rec.get("economics") or {}
    if "learner_hours_recommended" in econ:
        value = econ.get("learner_hours_recommended")
        return None if value is None else float(value)
    per, size = econ.get("recommended_hours_per_person"), econ.get("audience_size")
    if rec.get("verdict") in ("more_info", "no_intervention"):
        return 0.0
    if per is None or size is None:
        return None
    return float(per) * float(size)


def shortfall(rec: dict[str, Any]) -> set[str]:
    kind = (rec.get("measurement") or {}).get("shortfall")
    if kind:
        return {kind}
    text = rec.get("headline", "")
    return {k for k, pattern in SHORTFALL_WORDS.items() if re.search(pattern, text, re.I)}


def checkpoints(rec: dict[str, Any]) -> list[dict[str, Any]]:
    return list((rec.get("measurement") or {}).get("checkpoints") or [])


def _is_target_check(cp: dict[str, Any]) -> bool:
    if cp.get("kind"):
        return cp["kind"] == "target"
    return "target" in str(cp.get("check", "")).lower()


def missing_codes(rec: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for m in rec.get("missing") or []:
        if m.get("code"):
            out.add(m["code"])
            continue
        for code, pattern in MISSING_WORDS.items():
            if re.search(pattern, m.get("item", ""), re.I):
                out.add(code)
    return out


def find_out_methods(rec: dict[str, Any]) -> set[str]:
    return {m.get("method") for m in rec.get("missing") or [] if m.get("method")}


def texts(rec: dict[str, Any]) -> str:
    parts = [rec.get("headline", ""), rec.get("lead_reason", "")]
    for i in plan(rec):
        parts += [i.get("title", ""), i.get("summary", "")]
    return "\n".join(parts)


def training_start(rec: dict[str, Any]) -> dt.date | None:
    starts = [_date(i.get("start")) for i in plan(rec) if i.get("kind") == "training"
              and i.get("start")]
    if starts:
        return min(d for d in starts if d)
    titles = [i.get("title", "") for i in plan(rec) if i.get("kind") == "training"]
    dues = [_date(s.get("due")) for s in rec.get("next_steps") or []
            if any(t and t in s.get("action", "") for t in titles)]
    dues = [d for d in dues if d]
    return min(dues) if dues else None


# --- the checks ------------------------------------------------------------------------

def _ids(rec: dict[str, Any]) -> set[str]:
    return {i.get("id") for i in plan(rec)}


def must_not_hit(rec: dict[str, Any], item: dict[str, Any]) -> bool:
    """Does the recommendation do this 'must NOT' item?"""
    check = next(k for k in item if k != "says")
    arg = item[check]
    lead = lead_of(rec) or {}
    if check == "verdict_is":
        return rec.get("verdict") in arg
    if check == "lead_is":
        return lead.get("id") in arg
    if check == "lead_kind_is":
        return lead.get("kind") == arg
    if check == "training_hours_over":
        return training_hours_per_person(rec) > float(arg)
    if check in ("learner_hours_above", "learner_hours_below"):
        hours = learner_hours(rec)
        if hours is None:
            return False
        return hours > float(arg) if check.endswith("above") else hours < float(arg)
    if check == "has_without":
        ids = _ids(rec)
        return bool(ids & set(arg["has"])) and not ids & set(arg["without"])
    if check == "single_track":
        kinds = {i.get("kind") for i in plan(rec) if i.get("id") != "pilot_group"}
        return not {"training", "non_training"} <= kinds
    if check == "kpi_matches":
        kpi = (rec.get("measurement") or {}).get("kpi") or ""
        return bool(kpi) and bool(re.search(arg, kpi))
    if check == "shortfall_is":
        return bool(shortfall(rec) & set(arg))
    if check == "text_matches":
        return bool(re.search(arg, texts(rec)))
    if check == "owner_matches":
        return any(i.get("id") in arg["ids"] and re.search(arg["pattern"], i.get("owner", ""))
                   for i in plan(rec))
    if check == "missing_only":
        codes = missing_codes(rec)
        return rec.get("verdict") == "more_info" and codes <= set(arg) and not \
            find_out_methods(rec)
    if check == "no_next_step":
        return not rec.get("next_steps")
    if check == "checkpoint_before":
        limit = _date(arg)
        return any((d := _date(cp.get("date"))) and d < limit for cp in checkpoints(rec))
    if check == "target_check_before":
        limit = _date(arg)
        return any(_is_target_check(cp) and (d := _date(cp.get("date"))) and d < limit
                   for cp in checkpoints(rec))
    if check == "training_starts_after":
        start = training_start(rec)
        return start is not None and start > _date(arg)
    if check == "missing_has":
        return arg in missing_codes(rec)
    raise ValueError(f"unknown must_not check '{check}'")


def _fix_found(item: Any, ids: set[str]) -> bool:
    options = item if isinstance(item, list) else [item]
    return bool(ids & set(options))


def _window(rec: dict[str, Any], expect: dict[str, Any]) -> tuple[bool | None, str]:
    window = expect.get("checkpoints") or {}
    if not window:
        return None, ""
    dates = [d for cp in checkpoints(rec) if (d := _date(cp.get("date")))]
    if not dates:
        return False, "no dated checkpoints"
    low, high = _date(window.get("not_before")), _date(window.get("not_after"))
    early = [d for d in dates if low and d < low]
    late = [d for d in dates if high and d > high]
    if early or late:
        bits = ([f"{len(early)} before {low}"] if early else []) + (
            [f"{len(late)} after {high}"] if late else [])
        return False, ", ".join(bits)
    return True, f"{min(dates)}..{max(dates)}"


def score(case: str, rec: dict[str, Any], expect: dict[str, Any]) -> CaseScore:
    s = CaseScore(case=case, verdict=rec.get("verdict", ""))
    s.verdict_ok = s.verdict in expect.get("verdict", [])
    lead = lead_of(rec) or {}
    s.lead = lead.get("id", "") or "-"
    want = expect.get("lead") or {}
    s.lead_ok = s.verdict_ok and (not want.get("kind") or lead.get("kind") == want["kind"]) \
        and (not want.get("ids") or lead.get("id") in want["ids"])
    ids = _ids(rec)
    fixes = expect.get("fixes") or []
    found = [f for f in fixes if _fix_found(f, ids)]
    methods = expect.get("find_out") or []
    have = find_out_methods(rec)
    s.fixes_expected = len(fixes) + len(methods)
    s.fixes_found = len(found) + len([m for m in methods if m in have])
    s.fixes_missing = [str(f) for f in fixes if f not in found] + [
        f"find out by {m}" for m in methods if m not in have]
    flags = expect.get("flags") or {}
    raised = [f.get("code") for f in rec.get("flags") or []]
    expected = flags.get("expected") or []
    s.flags_expected = len(expected)
    s.flags_found = len([f for f in expected if f in raised])
    s.flags_missing = [f for f in expected if f not in raised]
    s.flags_extra = [f for f in raised if f not in expected]
    s.flags_wrong = [f for f in raised if f in (flags.get("wrong") or [])]
    s.must_not_hits = [item.get("says", str(item)) for item in expect.get("must_not") or []
                       if must_not_hit(rec, item)]
    hours = expect.get("learner_hours") or {}
    s.learner_hours_requested = hours.get("requested")
    s.learner_hours_recommended = learner_hours(rec)
    if hours.get("expected") is not None:
        low, high = hours["expected"]
        s.learner_hours_expected = (float(low), float(high))
        rec_h = s.learner_hours_recommended
        s.hours_ok = rec_h is not None and low <= rec_h <= high
    s.checkpoints_ok, s.checkpoints_note = _window(rec, expect)
    return s


# --- running the installed CLI ----------------------------------------------------------

def cases_in(folder: Path) -> list[tuple[str, Path, Path]]:
    out = []
    for expect in sorted(folder.glob("*.expect.yaml")):
        name = expect.name[: -len(".expect.yaml")]
        answers = folder / f"{name}.answers.yaml"
        if answers.is_file():
            out.append((name, answers, expect))
    return out


@lru_cache(maxsize=None)
def _all_questions(exe: str) -> tuple[str, ...]:
    """``--all-questions`` where the installed ldconsult knows it (older ones used every
    answer of a file anyway)."""
    shown = subprocess.run([exe, "interview", "--help"], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
    return ("--all-questions",) if "--all-questions" in shown.stdout else ()


def run_cli(exe: str, answers: Path, work: Path) -> dict[str, Any]:
    return interview_and_recommend(exe, answers, work / f"{answers.stem}.intake.yaml",
                                   *_all_questions(exe))


def interview_and_recommend(exe: str, answers: Path, intake: Path,
                            *options: str) -> dict[str, Any]:
    """``ldconsult interview --answers FILE -o INTAKE [options]``, then the recommendation
    JSON of that intake (benchmarks/adaptive.py runs it both ways)."""
    made = subprocess.run([exe, "interview", "--answers", str(answers), "-o", str(intake),
                           "--force", "--no-summary", *options], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)
    if made.returncode != 0:
        raise RuntimeError(f"interview {' '.join(options)} exit {made.returncode}: "
                           f"{made.stderr.strip()[:300]}")
    shown = subprocess.run([exe, "recommend", str(intake), "--format", "json"],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=120)
    if shown.returncode != 0:
        raise RuntimeError(f"recommend exit {shown.returncode}: {shown.stderr.strip()[:300]}")
    return json.loads(shown.stdout)


def load_expect(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def score_folder(folder: Path, exe: str) -> list[CaseScore]:
    out = []
    with tempfile.TemporaryDirectory(prefix="ldconsult-judgment-") as tmp:
        for name, answers, expect in cases_in(folder):
            try:
                rec = run_cli(exe, answers, Path(tmp))
            except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
                out.append(CaseScore(case=name, error=str(exc)))
                continue
            out.append(score(name, rec, load_expect(expect)))
    return out


# --- the table -----------------------------------------------------------------------------

def _yn(value: bool | None) -> str:
    return "-" if value is None else ("ok" if value else "NO")


def _h(value: float | None) -> str:
    return "?" if value is None else f"{value:,.0f}"


def row(s: CaseScore) -> str:
    if s.error:
        return f"{s.case:<5} ERROR {s.error}"
    extra = ",".join(("!" if f in s.flags_wrong else "") + f for f in s.flags_extra) or "-"
    hours = f"{_h(s.learner_hours_requested)}->{_h(s.learner_hours_recommended)}"
    if s.learner_hours_expected:
        lo, hi = s.learner_hours_expected
        hours += f" ({lo:,.0f}-{hi:,.0f}) {_yn(s.hours_ok)}"
    return (f"{s.case:<5} {s.verdict:<15} {_yn(s.verdict_ok):<3} {s.lead[:24]:<24} "
            f"{_yn(s.lead_ok):<3} {s.fixes_found}/{s.fixes_expected:<3} "
            f"{s.flags_found}/{s.flags_expected:<3} {len(s.must_not_hits):<4} "
            f"{hours:<26} {_yn(s.checkpoints_ok):<3} {extra}")


HEADER = (f"{'case':<5} {'verdict':<15} {'ok':<3} {'lead':<24} {'ok':<3} {'fixes':<5} "
          f"{'flags':<5} {'NOT':<4} {'learner-h req->rec (sheet) ok':<26} {'chk':<3} "
          "extra flags (! = wrong)")


def totals(scores: list[CaseScore]) -> str:
    ok = [s for s in scores if not s.error]
    n = len(scores)
    windows = [s.checkpoints_ok for s in ok if s.checkpoints_ok is not None]
    hours = [s.hours_ok for s in ok if s.hours_ok is not None]
    return "\n".join([
        f"verdicts ok      {sum(s.verdict_ok for s in ok)}/{n}",
        f"leads ok         {sum(s.lead_ok for s in ok)}/{n}",
        f"fixes found      {sum(s.fixes_found for s in ok)}/{sum(s.fixes_expected for s in ok)}",
        f"flags found      {sum(s.flags_found for s in ok)}/{sum(s.flags_expected for s in ok)}"
        f"  (extra {sum(len(s.flags_extra) for s in ok)}, of them wrong "
        f"{sum(len(s.flags_wrong) for s in ok)})",
        f"must-NOT hits    {sum(len(s.must_not_hits) for s in ok)}",
        f"learner-h in range {sum(bool(h) for h in hours)}/{len(hours)}",
        f"checks in window {sum(bool(w) for w in windows)}/{len(windows)}",
        f"errors           {sum(bool(s.error) for s in scores)}",
    ])


def details(s: CaseScore) -> list[str]:
    lines = []
    if s.fixes_missing:
        lines.append(f"  {s.case} fixes missing: {', '.join(s.fixes_missing)}")
    if s.flags_missing:
        lines.append(f"  {s.case} flags missing: {', '.join(s.flags_missing)}")
    for hit in s.must_not_hits:
        lines.append(f"  {s.case} must NOT: {hit}")
    if s.checkpoints_ok is False:
        lines.append(f"  {s.case} checkpoints: {s.checkpoints_note}")
    return lines


def add_exe(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exe", default=shutil.which("ldconsult") or "ldconsult",
                        help="the installed ldconsult command (default: the one on PATH)")


def exe_missing(tool: str, exe: str) -> bool:
    """Say so (and return True) when ``exe`` is not an installed ldconsult."""
    if shutil.which(exe) is not None:
        return False
    print(f"{tool}: '{exe}' not found: install ldconsult (pip install .) or pass --exe PATH",
          file=sys.stderr)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES,
                        help="folder of cNN.answers.yaml + cNN.expect.yaml (default: %(default)s)")
    add_exe(parser)
    parser.add_argument("--json", type=Path, help="also write the per-case results here")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list what each case misses")
    args = parser.parse_args(argv)
    if exe_missing("judgment", args.exe):
        return 2
    if not args.cases.is_dir():
        print(f"judgment: {args.cases}: no such folder", file=sys.stderr)
        return 2
    scores = score_folder(args.cases, args.exe)
    if not scores:
        print(f"judgment: {args.cases}: no cNN.answers.yaml with cNN.expect.yaml", file=sys.stderr)
        return 2
    print(HEADER)
    for s in scores:
        print(row(s))
    if args.verbose:
        print()
        for s in scores:
            if lines := details(s):
                print("\n".join(lines))
    print()
    print(totals(scores))
    if args.json:
        args.json.write_text(json.dumps([asdict(s) for s in scores], indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
