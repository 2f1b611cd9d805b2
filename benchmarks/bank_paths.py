"""How many questions each shipped bank asks on its shortest, typical and longest path.

    python benchmarks/bank_paths.py [--draws 3000]

Conditions (``when``) decide which questions a person sees. The shortest and longest
paths are found by drawing random answers (a choice, "don't know", or nothing for an
optional question) and keeping the fewest and the most questions seen; the typical path
is the median over the answers files shipped for that bank (examples/answers/ and, for
the default bank, the calibration cases in tests/calibration/). Minutes are the median
time of those paths at meeting pace (ldconsult/pace.py: each question read aloud, its
choices read, the answer heard and typed), questions only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ldconsult.bank import banks
from ldconsult.interview import answers as answers_file
from ldconsult.interview import pace
from ldconsult.interview.cursor import Interview


def _draw(q: Any, rng: random.Random) -> tuple[Any, bool]:
    """(an answer, or None; whether it is "don't know")."""
    if q.allow_unknown and rng.random() < 0.2:
        return None, True
    if not q.required and rng.random() < 0.2:
        return None, False
    if q.type == "select":
        return rng.choice(q.choice_values), False
    if q.type == "multi_select":
        values = q.choice_values
        return rng.sample(values, rng.randint(1, min(3, len(values)))), False
    if q.type == "confirm":
        return rng.random() < 0.5, False
    if q.type in ("number", "integer", "money", "scale"):
        return 3 if q.type != "money" else 1000, False
    if q.type == "date":
        return "2027-06-30", False
    return "an answer of some length", False


def visible(loaded: banks.LoadedBank, answers: dict[str, Any], unknown: list[str]) -> int:
    return len(Interview(loaded, answers=answers, unknown=unknown).visible_ids())


def extremes(loaded: banks.LoadedBank, draws: int, seed: int = 7) -> tuple[int, int]:
    rng = random.Random(seed)
    low, high = len(loaded.bank.questions()), 0
    for _ in range(draws):
        answers: dict[str, Any] = {}
        unknown: list[str] = []
        for q in loaded.bank.questions():
            value, dont_know = _draw(q, rng)
            if dont_know:
                unknown.append(q.id)
            elif value is not None:
                answers[q.id] = value
        n = visible(loaded, answers, unknown)
        low, high = min(low, n), max(high, n)
    return low, high


def answer_files(bank_id: str) -> list[Path]:
    folder = ROOT / "examples" / "answers"
    files = sorted(folder.glob("*.yaml")) if bank_id == banks.DEFAULT_BANK else \
        sorted((folder / bank_id).glob("*.yaml"))
    if bank_id == banks.DEFAULT_BANK:
        files += sorted((ROOT / "tests" / "calibration").glob("*.answers.yaml"))
    return files


def typical(loaded: banks.LoadedBank,
            paths: list[list[str]] | None = None) -> tuple[float | None, int]:
    """(the median number of questions on the answers files' paths, how many files).
    ``paths``: those paths when already worked out (:func:`_paths`)."""
    counts = [len(ids) for ids in (_paths(loaded) if paths is None else paths)]
    return (statistics.median(counts) if counts else None), len(counts)


def typical_minutes(loaded: banks.LoadedBank,
                    paths: list[list[str]] | None = None) -> float | None:
    """The median meeting time of those paths, by ldconsult.interview.pace's model."""
    index = {q.id: q for q in loaded.bank.questions()}
    times = [sum(pace.seconds(index[q]) for q in ids) / 60
             for ids in (_paths(loaded) if paths is None else paths)]
    return statistics.median(times) if times else None


def _paths(loaded: banks.LoadedBank) -> list[list[str]]:
    """The question ids each answers file of this bank is asked, in order."""
    out = []
    for path in answer_files(loaded.bank.id):
        aset = answers_file.load(path, loaded.bank)
        out.append(Interview(loaded, answers=aset.answers, unknown=aset.unknown).visible_ids())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=3000)
    args = parser.parse_args(argv)
    print(f"{'bank':<24} {'in bank':>7} {'shortest':>8} {'typical':>8} {'longest':>8} "
          f"{'files':>5} {'typical min':>11}")
    for bank_id, path in banks.shipped().items():
        loaded = banks.load_file(path, builtin=True)
        low, high = extremes(loaded, args.draws)
        paths = _paths(loaded)  # the answers files, loaded and walked once
        mid, n = typical(loaded, paths)
        spent = typical_minutes(loaded, paths)
        minutes = f"{spent:.0f}" if spent is not None else "-"
        print(f"{bank_id:<24} {len(loaded.bank.questions()):>7} {low:>8} "
              f"{mid if mid is not None else '-':>8} {high:>8} {n:>5} {minutes:>11}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
