"""ldconsult review through the CLI: each format, exit codes, messages, filters, globs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pydantic import TypeAdapter
from test_review_support import FAKE_ENGINE, write
from typer.testing import CliRunner

from ldconsult.cli import app
from ldconsult.render.review_common import COLUMNS
from ldconsult.review import portfolio, workers
from ldconsult.review.rows import Row


@pytest.fixture(autouse=True)
def stand_in_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI path with the stand-in engine (workers are forked, so they inherit it),
    patched where collect looks iter_reviews up."""
    real = workers.iter_reviews

    def with_fake(files, **kw):  # type: ignore[no-untyped-def]
        kw["engine"] = kw.get("engine") or FAKE_ENGINE
        return real(files, **kw)

    monkeypatch.setattr(portfolio, "iter_reviews", with_fake)


def cli(*args: str) -> object:
    return CliRunner().invoke(app, ["review", *args], catch_exceptions=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path, "a.yaml", title="Solution: a | course", requester="Bob [red]x[/]")
    write(tmp_path, "b.yaml", speed="same_day", history=True, date="2026-10-01")
    write(tmp_path, "sub/c.json", speed=None, requester="Ann")
    return tmp_path


@pytest.fixture
def with_broken(folder: Path) -> Path:
    (folder / "m-broken.yaml").write_text("title: [oops\n")
    return folder


def test_json_output_parses_and_rows_validate_against_the_row_model(folder: Path) -> None:
    res = cli(str(folder), "--format", "json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert set(data) >= {"schema_version", "intakes", "failures", "counts", "push_back"}
    rows = TypeAdapter(list[Row]).validate_python(data["intakes"])
    assert [Path(r.file).name for r in rows] == ["a.yaml", "b.yaml", "c.json"]
    assert data["counts"]["verdict"] == {"training": 1, "non_training": 1, "more_info": 1}
    assert data["counts"]["status"] == {"on_track": 1}
    assert [Path(f).name for f in data["push_back"]] == ["a.yaml"]
    assert res.stderr == ""


def test_csv_output_parses_back_with_one_row_per_intake(folder: Path) -> None:
    res = cli(str(folder), "--format", "csv")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["title"], r["flags"]) for r in rows] == [
        ("Solution: a | course", "solution-first;environment-cause"), ("Returns up", ""),
        ("Returns up", "no-metric")]


def test_csv_sends_failures_to_stderr_and_keeps_stdout_clean(with_broken: Path) -> None:
    res = cli(str(with_broken), "--format", "csv")
    assert res.exit_code == 4
    assert "m-broken.yaml:2: malformed YAML" in res.stderr
    assert len(list(csv.DictReader(io.StringIO(res.stdout)))) == 3


def test_table_shows_portfolio_bar_chart_push_back_and_user_text_literally(folder: Path) -> None:
    res = cli(str(folder), "--format", "table")
    assert res.exit_code == 0
    out = res.stdout
    for text in ("Portfolio", "Verdicts", "Flags", "Push back on", "█", "Bob [red]x[/]"):
        assert text in out, text
    assert "Could not read" not in out


def test_md_report_escapes_user_text_and_has_every_section(with_broken: Path) -> None:
    res = cli(str(with_broken), "--format", "md")
    assert res.exit_code == 4
    out = res.stdout
    for heading in ("# Intake portfolio review", "## Portfolio", "## Counts", "## Push back on",
                    "## Could not read"):
        assert heading in out, heading
    assert "Solution: a \\| course" in out and "Bob \\[red\\]x\\[/\\]" in out


def test_md_report_is_valid_markdown_with_one_table_row_per_intake(folder: Path) -> None:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(cli(str(folder), "--format",
                                                               "md").stdout)
    assert html.count("<tr>") == 4  # header + three intakes
    assert "<red>" not in html and "[red]x[/]" in html


def test_a_corrupted_file_in_the_middle_is_reported_and_the_rest_reviewed(
        with_broken: Path) -> None:
    res = cli(str(with_broken), "--format", "json")
    assert res.exit_code == 4
    data = json.loads(res.stdout)
    assert len(data["intakes"]) == 3
    assert [(Path(f["file"]).name, f["line"]) for f in data["failures"]] == [("m-broken.yaml", 2)]
    assert "1 file could not be read" in res.stderr


def test_table_lists_unreadable_files_under_could_not_read(with_broken: Path) -> None:
    res = cli(str(with_broken))
    assert res.exit_code == 4
    assert "Could not read (1)" in res.stdout and "malformed YAML" in res.stdout


def test_empty_directory_says_so_and_exits_2(tmp_path: Path) -> None:
    res = cli(str(tmp_path))
    assert res.exit_code == 2
    assert "no intake files found" in res.stderr and res.stdout == ""


def test_zero_readable_intakes_says_so_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("not: an intake\n")
    write(tmp_path, "d.yaml", status="draft")
    res = cli(str(tmp_path), "--format", "json")
    assert res.exit_code == 2
    assert "no intake could be reviewed (1 could not be read, 1 drafts skipped)" in res.stderr
    assert json.loads(res.stdout)["failures"][0]["reason"].startswith("not an ldconsult intake")


def test_a_missing_path_alone_exits_2(tmp_path: Path) -> None:
    res = cli(str(tmp_path / "nope.yaml"))
    assert res.exit_code == 2 and "no such file or directory" in res.stderr


@pytest.mark.parametrize("fail_on, code", [("solution-first", 1), ("no-baseline", 0),
                                           ("incentive-conflict,no-metric", 1)])
def test_fail_on_exits_1_when_a_code_matches(folder: Path, fail_on: str, code: int) -> None:
    res = cli(str(folder), "--format", "json", "--fail-on", fail_on)
    assert res.exit_code == code
    assert ("--fail-on matched" in res.stderr) == (code == 1)


def test_fail_on_match_wins_over_unreadable_files(with_broken: Path) -> None:
    assert cli(str(with_broken), "--fail-on", "solution-first").exit_code == 1


@pytest.mark.parametrize("args, message", [
    (["--fail-on", "solution-frist"], "did you mean 'solution-first'?"),
    (["--filter", "colour=red"], "KEY one of verdict, flag, bank, requester, status"),
    (["--sort", "size"], "--sort: unknown key 'size'"),
    (["--jobs", "-1"], "--jobs: must be 0"),
    (["--bank", "no-such-bank"], "unknown bank 'no-such-bank'"),
])
def test_bad_usage_exits_2_with_one_line(folder: Path, args: list[str], message: str) -> None:
    res = cli(str(folder), *args)
    assert res.exit_code == 2
    assert message in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_filter_and_sort_through_the_cli(folder: Path) -> None:
    res = cli(str(folder), "--format", "csv", "--filter", "bank=mini",
              "--filter", "flag=no-metric")
    assert [r["file"] for r in csv.DictReader(io.StringIO(res.stdout))] == [
        str(folder / "sub" / "c.json")]
    res = cli(str(folder), "--format", "csv", "--sort", "date")
    assert [Path(r["file"]).name for r in csv.DictReader(io.StringIO(res.stdout))] == [
        "b.yaml", "a.yaml", "c.json"]


def test_no_match_for_the_filters_is_said_on_stderr(folder: Path) -> None:
    res = cli(str(folder), "--format", "json", "--filter", "verdict=blended")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["intakes"] == [] and "no intakes match" in res.stderr


def test_globs_are_expanded_by_review_itself(folder: Path) -> None:
    res = cli(str(folder / "**" / "*.json"), "--format", "json")
    assert [Path(r["file"]).name for r in json.loads(res.stdout)["intakes"]] == ["c.json"]


def test_one_and_two_jobs_print_identical_output(tmp_path: Path) -> None:
    for i in range(45):
        write(tmp_path, f"i{i:02}.yaml", speed=("weeks", "same_day", None)[i % 3],
              title=f"Solution {i}" if i % 5 == 0 else f"Request {i}", history=i % 7 == 0)
    (tmp_path / "i20.yaml").write_text("\x00binary")
    for fmt in ("json", "csv", "md", "table"):
        one = cli(str(tmp_path), "--format", fmt, "--jobs", "1")
        two = cli(str(tmp_path), "--format", fmt, "--jobs", "2")
        assert (one.exit_code, one.stdout, one.stderr) == (two.exit_code, two.stdout,
                                                           two.stderr), fmt
        assert one.exit_code == 4


def test_help_documents_exit_codes() -> None:
    res = CliRunner().invoke(app, ["review", "--help"])
    assert res.exit_code == 0
    assert "Exit codes" in res.stdout and "4 some files could not be read" in res.stdout


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty, shown", [(True, True), (False, False)])
def test_progress_bar_only_on_a_terminal_stderr_and_never_on_stdout(
        folder: Path, monkeypatch: pytest.MonkeyPatch, tty: bool, shown: bool) -> None:
    from ldconsult.cli.commands import review as command

    monkeypatch.setattr(command, "PROGRESS_MIN_FILES", 1)
    out, err = io.StringIO(), FakeTty() if tty else io.StringIO()
    code = command.run([str(folder)], format="json", stdout=out, stderr=err,
                       engine=FAKE_ENGINE)
    assert code == 0
    assert len(json.loads(out.getvalue())["intakes"]) == 3
    assert ("Reviewing" in err.getvalue()) == shown


def test_small_sets_get_no_progress_bar_even_on_a_terminal(folder: Path) -> None:
    from ldconsult.cli.commands import review as command

    err = FakeTty()
    command.run([str(folder)], format="csv", stdout=io.StringIO(), stderr=err,
                engine=FAKE_ENGINE)
    assert err.getvalue() == ""
