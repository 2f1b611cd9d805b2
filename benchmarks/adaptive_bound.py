"""How few questions any adaptive interview could ask with this bank: a bound in hindsight.

    python benchmarks/adaptive_bound.py            # every calibration case (about 3 min)
    python benchmarks/adaptive_bound.py c03 c25    # some of them

benchmarks/adaptive.py measures what the shipped chooser asks. This asks a different
question: knowing every answer in advance, what is the smallest set of questions after
which an adaptive interview could stop? A set qualifies when

1. the plan from its answers is the plan from the whole bank's answers (Outcome.change
   finds no more than a detail), and
2. the stop rule holds there: no possible answer to any question left that applies
   could change the plan (the chooser, run exhaustively, finds none).

No interview can know the answers in advance, so no chooser can stop earlier than a
smallest such set, on average; one that chooses well gets near it. The search is greedy:
starting from what the shipped chooser asked, and again from the whole bank's path, each
question is dropped when the rest still qualifies (the smaller of the two is kept). A
greedy set is not always the smallest, so the bound printed can only be beaten by a few.

It is computed twice: for the whole plan (verdict, lead, size, top three fixes with what
travels with them, medium-or-higher flags, checkpoints), and for the verdict, lead, size
and checkpoints only (the fixes and flags free to differ). The last lines:

    median questions asked Q (shipped chooser, full bank F)
    hindsight bound, whole plan: median B
    hindsight bound, verdict, lead, size and checkpoints only: median C

Run it with the python of the install measured (it imports ldconsult).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "calibration"
MEETING = dt.date(2026, 1, 1)  # "today" for cases that give no meeting date


def coarse(change: Callable[[Any, Any], int]) -> Callable[[Any, Any], int]:
    """Outcome.change (``change``) with the fixes, flags and estimate free to differ: a
    difference only there counts as a detail."""
    from ldconsult.engine.outcome import DETAIL, SAME

    def coarse_change(self: Any, other: Any) -> int:
        level = change(replace(self, fixes=other.fixes, flags=other.flags,
                               estimate=other.estimate), other)
        return DETAIL if level == SAME and self != other else level

    return coarse_change


class Case:
    """One calibration case: its answers, the whole bank's plan, and a test for a set of
    questions asked."""

    def __init__(self, loaded: Any, answers_path: Path) -> None:
        from ldconsult.engine import anchor_date
        from ldconsult.interview import answers as answers_file
        from ldconsult.interview.chooser import Chooser

        self.loaded = loaded
        self.questions = loaded.bank.questions()
        self.aset = answers_file.load(answers_path, loaded.bank, today=MEETING)
        self.meeting = self.aset.meta.get("meeting_date") or MEETING.isoformat()
        self.anchor = anchor_date(self.meeting, MEETING)
        self.chooser = Chooser(loaded.bank, self.anchor, exhaustive=True)
        self.path = self.visible(self.aset.answers, self.aset.unknown)
        self.always = {q.id for q in self.questions if q.always}

    def visible(self, answers: Mapping[str, Any], unknown: Iterable[str]) -> list[str]:
        from ldconsult.interview.cursor import Interview

        return Interview(self.loaded, answers=dict(answers), unknown=set(unknown)).visible_ids()

    def state(self, asked: set[str]) -> tuple[dict[str, Any], set[str], list[str]]:
        """The answers and "don't know"s of ``asked`` that apply, and what applies."""
        a = {k: v for k, v in self.aset.answers.items() if k in asked}
        u = {k for k in self.aset.unknown if k in asked}
        while True:
            vis = self.visible(a, u)
            kept_a = {k: v for k, v in a.items() if k in vis}
            kept_u = {k for k in u if k in vis}
            if (kept_a, kept_u) == (a, u):
                return a, u, vis
            a, u = kept_a, kept_u

    def plan(self, answers: Mapping[str, Any], unknown: set[str]) -> Any:
        from ldconsult.bank.signals import derive
        from ldconsult.engine.outcome import outcome

        return outcome(derive(self.questions, dict(answers), unknown), self.anchor)

    def qualifies(self, asked: set[str], reference: Any) -> bool:
        from ldconsult.engine.outcome import DETAIL

        a, u, vis = self.state(asked)
        if reference.change(self.plan(a, u)) > DETAIL:
            return False
        left = [q for q in self.questions if q.id in vis and q.id not in asked]
        return not any(r.changes_plan for r in self.chooser.rank(a, u, left))

    def shrink(self, start: list[str], reference: Any) -> int:
        """Drop each question of ``start`` (the last first) while the rest qualifies; the
        size of what is left (the questions that still apply)."""
        keep = set(start)
        for qid in reversed(start):
            if qid not in self.always and qid in keep and self.qualifies(keep - {qid}, reference):
                keep.discard(qid)
        return len(set(self.state(keep)[2]) & keep)

    def bound(self, shipped: list[str]) -> int:
        full = self.state(set(self.path))
        reference = self.plan(full[0], full[1])
        return min(self.shrink(shipped, reference), self.shrink(self.path, reference))


def shipped_asked(loaded: Any, case: Case) -> list[str]:
    """What the shipped adaptive interview asks on this case (a replay)."""
    from ldconsult.interview.adaptive import AdaptiveInterview

    iv = AdaptiveInterview(loaded, oracle=case.aset)
    iv.meta = iv.meta.model_copy(update={"meeting_date": case.meeting})
    iv.replay()
    return list(iv.asked)


def run(names: list[str], out: Callable[[str], None] = print) -> dict[str, list[int]]:
    from ldconsult.bank import banks
    from ldconsult.engine.outcome import Outcome

    loaded = banks.resolve(None)
    files = sorted(CASES.glob("c*.answers.yaml"))
    if names:
        files = [f for f in files if f.name.split(".")[0] in names]
    cols: dict[str, list[int]] = {"asked": [], "full": [], "whole": [], "coarse": []}
    out(f"{'case':<5} {'asked':>5} {'full':>5} {'bound':>6} {'bound*':>7}")
    for f in files:
        case = Case(loaded, f)
        shipped = shipped_asked(loaded, case)
        whole = case.bound(shipped)
        with mock.patch.object(Outcome, "change", coarse(Outcome.change)):
            freed = Case(loaded, f).bound(shipped)
        for key, n in (("asked", len(shipped)), ("full", len(case.path)), ("whole", whole),
                       ("coarse", freed)):
            cols[key].append(n)
        out(f"{f.name.split('.')[0]:<5} {len(shipped):>5} {len(case.path):>5} {whole:>6} "
            f"{freed:>7}")
    out("")
    out("bound: the whole plan exact; bound*: the verdict, lead, size and checkpoints only")
    out(f"median questions asked {statistics.median(cols['asked']):g} "
        f"(shipped chooser, full bank {statistics.median(cols['full']):g})")
    out(f"hindsight bound, whole plan: median {statistics.median(cols['whole']):g}")
    out("hindsight bound, verdict, lead, size and checkpoints only: median "
        f"{statistics.median(cols['coarse']):g}")
    return cols


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", nargs="*", help="case names (c01 ...); default: all")
    run(parser.parse_args().cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
