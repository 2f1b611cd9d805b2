"""Work stays bounded on legal input (F13).

These count the work (comparisons, lines, workers) rather than time it: timings belong
in benchmarks/ (bounded.py and review.py print ratios against a baseline measured in the
same run). Before the fixes: banks validate compared every choice with every other one
(20,000 choices: 21 s), the review table wrapped a 900 KB title into thousands of lines
(77 s), and review -j 300 started 300 workers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_render_fixtures import save_example
from typer.testing import CliRunner

from ldconsult.bank import values
from ldconsult.bank.lint import lint
from ldconsult.bank.model import Bank, Choice, Question, Section
from ldconsult.cli import app
from ldconsult.review.workers import _worker_count, cpu_count

N = 2000


class Counted(str):
    """A choice value that counts how often it is compared."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        Counted.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def question_with_choices(n: int, qtype: str = "select") -> Question:
    choices = [Choice.model_construct(value=Counted(f"v{i}"), label=None, help=None, signals={})
               for i in range(n)]
    return Question(id="q", prompt="Pick", type=qtype, choices=choices)


def test_validating_many_choices_is_linear() -> None:
    bank = Bank(id="b", title="B", version="1",
                sections=[Section(id="s", title="S", questions=[question_with_choices(N)])])
    Counted.comparisons = 0
    assert lint(bank) == []
    assert Counted.comparisons <= 10 * N  # was N * N: each choice counted in the whole list


def test_duplicate_choices_are_still_found() -> None:
    q = Question(id="q", prompt="Pick", type="select",
                 choices=[Choice(value="a"), Choice(value="b"), Choice(value="a")])
    bank = Bank(id="b", title="B", version="1",
                sections=[Section(id="s", title="S", questions=[q])])
    assert [p.message for p in lint(bank)] == ["question 'q' has the choice value 'a' twice"]


def test_a_long_multi_select_answer_is_linear() -> None:
    q = question_with_choices(N, "multi_select")
    picked = [f"v{i}" for i in range(N - 1, -1, -1)]
    Counted.comparisons = 0
    assert values.coerce(q, picked) == [f"v{i}" for i in range(N)]
    assert Counted.comparisons <= 10 * N


@pytest.fixture
def long_title(tmp_path: Path) -> Path:
    title = "Long title " + "word " * 10_000  # 50 KB
    return save_example(tmp_path / "long.yaml", title=title, requester=title)


@pytest.mark.parametrize("columns", [80, 200])
def test_the_review_table_cuts_long_cells(long_title: Path, columns: int,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    r = CliRunner().invoke(app, ["review", str(long_title)])
    assert r.exit_code == 0, r.stderr
    assert len(r.stdout.splitlines()) < 60  # the whole title would take hundreds of lines
    assert "word word…" in r.stdout.replace("\n", " ").replace("  ", " ") or "…" in r.stdout


def test_csv_and_json_keep_the_whole_title(long_title: Path) -> None:
    r = CliRunner().invoke(app, ["review", str(long_title), "--format", "csv"])
    assert r.exit_code == 0
    assert "word " * 10_000 in r.stdout


def test_the_summary_banner_cuts_a_long_title(long_title: Path) -> None:
    r = CliRunner().invoke(app, ["recommend", str(long_title)])
    assert r.exit_code == 0, r.stderr
    assert len(r.stdout.splitlines()) < 400  # a 50 KB title alone is 650 lines at 80 columns


@pytest.mark.parametrize("jobs", [0, 3, 300])
def test_workers_never_outnumber_the_cores(jobs: int) -> None:
    cores = cpu_count()
    workers = _worker_count(jobs, 10_000)
    assert 1 <= workers <= cores
    if jobs:
        assert workers == min(jobs, cores)


def test_a_handful_of_files_needs_no_workers() -> None:
    assert _worker_count(300, 5) == 1
