"""Engine overhead per question, without a prompter (target: under 1 ms per question).

Runs whole interviews over a bank with an instant prompter that gives a valid answer to
every question, and reports the time per question asked:

- engine: order, visibility, validation, progress context, review entries;
- engine + draft snapshot: what the interview command adds after every answer, minus
  the file write (the Intake model is built each time);
- YAML dump of one draft, for scale (the write itself depends on the disk).

    python benchmarks/engine.py [BANK] [--runs N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from typing import Any

from ldconsult import intake
from ldconsult.bank import banks
from ldconsult.bank.model import Question
from ldconsult.interview.cursor import Interview
from ldconsult.interview.protocol import (
    SAVE,
    Context,
    Reply,
    ReviewAction,
    ReviewEntry,
    answer,
)


class InstantPrompter:
    """Answers every question at once with a valid value."""

    def __init__(self) -> None:
        self.asked = 0

    def ask(self, question: Question, ctx: Context) -> Reply:
        self.asked += 1
        return answer(valid_answer(question))

    def review(self, entries: Sequence[ReviewEntry]) -> ReviewAction:
        return SAVE


def valid_answer(q: Question) -> Any:
    if q.type == "select":
        return q.choice_values[-1]
    if q.type == "multi_select":
        return q.choice_values[: max(1, int(q.min or 1))]
    if q.type == "confirm":
        return False
    if q.type in ("number", "integer", "money"):
        return int(q.min if q.min is not None and q.min > 20 else 20)
    if q.type == "scale":
        return 3
    if q.type == "date":
        return "2027-03-31"
    return "x" * max(q.min_length or 0, 12)


def per_question(loaded: banks.LoadedBank, runs: int,
                 on_change: Callable[[intake.Intake], None] | None) -> tuple[float, int]:
    asked = 0
    start = time.perf_counter()
    for _ in range(runs):
        prompter = InstantPrompter()
        Interview(loaded, on_change=on_change).run(prompter)
        asked += prompter.asked
    return (time.perf_counter() - start) / asked * 1000, asked // runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bank", nargs="?", default=banks.DEFAULT_BANK)
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args()
    loaded = banks.resolve(args.bank)
    per_question(loaded, 2, None)  # warm up caches and pydantic
    plain, n = per_question(loaded, args.runs, None)
    drafts, _ = per_question(loaded, args.runs, lambda snap: None)
    eng = Interview(loaded)
    eng.run(InstantPrompter())
    snap = eng.snapshot()
    t0 = time.perf_counter()
    for _ in range(args.runs):
        intake.dumps(snap)
    dump_ms = (time.perf_counter() - t0) / args.runs * 1000
    print(f"bank {loaded.bank.id}: {len(loaded.bank.questions())} questions, {n} asked per run, "
          f"{args.runs} runs")
    print(f"engine only:            {plain:.3f} ms per question")
    print(f"engine + draft snapshot: {drafts:.3f} ms per question")
    print(f"YAML dump of one draft:  {dump_ms:.3f} ms")
    verdict = "OK" if drafts < 1.0 else "OVER TARGET"
    print(f"target < 1 ms per question: {verdict}")


if __name__ == "__main__":
    main()
