"""benchmarks/adaptive_bound.py: the fewest questions after which an adaptive interview could
stop, knowing the answers; never more than the shipped chooser asks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import adaptive_bound


@pytest.fixture(scope="module")
def short_case() -> tuple[dict[str, list[int]], list[str]]:
    lines: list[str] = []
    return adaptive_bound.run(["c04"], out=lines.append), lines


def test_the_bound_is_never_above_what_the_chooser_asks(short_case):
    cols, _ = short_case
    assert cols["whole"][0] <= cols["asked"][0] <= cols["full"][0]


def test_freeing_the_fixes_and_flags_can_only_lower_the_bound(short_case):
    cols, _ = short_case
    assert cols["coarse"][0] <= cols["whole"][0]


def test_the_report_ends_with_the_three_medians(short_case):
    _, lines = short_case
    starts = ("median questions asked 10 (", "hindsight bound, whole plan: median ",
              "hindsight bound, verdict, lead, size and checkpoints only: median ")
    assert all(line.startswith(start) for line, start in zip(lines[-3:], starts, strict=True))
