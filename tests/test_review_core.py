"""ldconsult.review core: expanding paths, the query, streaming review, counts, exit codes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_review_support import FAKE_ENGINE, write

import ldconsult
from ldconsult.base.errors import ExitCode
from ldconsult.review.paths import Found, expand
from ldconsult.review.portfolio import Portfolio, Tally, collect
from ldconsult.review.query import Query, ReviewUsageError, known_flag_codes, make_query
from ldconsult.review.rows import Failure, Row, Skipped


def names(paths: list[str], root: Path) -> list[str]:
    return [str(Path(p).relative_to(root)) for p in paths]


def run_core(files: list[str], *, jobs: int = 1, query: Query | None = None,
             bank: str | None = None, failures: list[Failure] | None = None) -> Portfolio:
    return collect(Found(files, failures or []), query or Query(), bank=bank,
                   jobs=jobs, engine=FAKE_ENGINE)


# --- expanding PATH arguments --------------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("a.yaml", "b.yml", "c.json", "sub/d.yaml", "sub/deeper/e.YAML",
                 "notes.txt", ".hidden.yaml", ".git/x.yaml", "sub/.f.draft.yaml",
                 "sub/g.draft.yaml"):
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x: 1\n")
    return tmp_path


def test_directory_is_searched_recursively_for_yaml_yml_json_only(tree: Path) -> None:
    found = expand([str(tree)])
    assert names(found.files, tree) == ["a.yaml", "b.yml", "c.json", "sub/d.yaml",
                                        "sub/deeper/e.YAML"]
    assert found.failures == []


def test_hidden_files_hidden_folders_and_draft_files_are_skipped_in_folders(tree: Path) -> None:
    found = names(expand([str(tree)]).files, tree)
    assert not [n for n in found if ".git" in n or "hidden" in n or "draft" in n]


@pytest.mark.parametrize("pattern, expected", [
    ("*.yaml", ["a.yaml"]),
    ("**/*.yaml", ["a.yaml", "sub/d.yaml"]),
    ("sub/**/*.[yY]*", ["sub/d.yaml", "sub/deeper/e.YAML"]),
    ("s*", ["sub/d.yaml", "sub/deeper/e.YAML"]),  # a folder that matches is searched
])
def test_glob_patterns_are_expanded_including_double_star(tree: Path, pattern: str,
                                                           expected: list[str]) -> None:
    assert names(expand([str(tree / pattern)]).files, tree) == expected


def test_a_file_named_explicitly_is_read_whatever_its_extension(tree: Path) -> None:
    assert names(expand([str(tree / "notes.txt")]).files, tree) == ["notes.txt"]


def test_each_file_is_listed_once_when_arguments_overlap(tree: Path) -> None:
    found = expand([str(tree / "a.yaml"), str(tree), str(tree / "*.yaml")])
    assert names(found.files, tree).count("a.yaml") == 1


@pytest.mark.parametrize("arg, reason", [
    ("missing.yaml", "no such file or directory"),
    ("nothing/**/*.yaml", "no files match this pattern"),
])
def test_arguments_that_match_nothing_are_failures(tmp_path: Path, arg: str, reason: str) -> None:
    found = expand([str(tmp_path / arg)])
    assert found.files == [] and [f.reason for f in found.failures] == [reason]


def test_empty_directory_expands_to_nothing(tmp_path: Path) -> None:
    assert expand([str(tmp_path)]) == Found([], [])


# --- the query -------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"sort": "dat"}, "--sort: unknown key 'dat'; did you mean 'date'?"),
    ({"filters": ["verdikt=training"]}, "did you mean 'verdict'?"),
    ({"filters": ["verdict"]}, "expected KEY=VALUE with KEY one of verdict, flag, bank"),
    ({"filters": ["verdict=trainin"]}, "unknown value 'trainin'; did you mean 'training'?"),
    ({"filters": ["flag=solution-frst"]}, "did you mean 'solution-first'?"),
    ({"filters": ["status=ontrack"]}, "did you mean 'on_track'?"),
    ({"filters": ["requester="]}, "the value is empty"),
    ({"fail_on": "solution-first,envronment-cause"},
     "--fail-on: unknown flag code 'envronment-cause'; did you mean 'environment-cause'?"),
    ({"fail_on": " , "}, "give one or more flag codes"),
])
def test_bad_options_are_usage_errors_with_a_hint(kwargs: dict, message: str) -> None:
    with pytest.raises(ReviewUsageError) as info:
        make_query(**kwargs)
    assert message in str(info.value)
    assert info.value.exit_code == ExitCode.USAGE


def test_good_options_make_a_query() -> None:
    q = make_query(filters=["Verdict=training", "requester=dana"], sort="FLAGS",
                   fail_on="solution-first, no-metric")
    assert q == Query((("verdict", "training"), ("requester", "dana")), "flags",
                      frozenset({"solution-first", "no-metric"}))


def test_flag_codes_include_designs_stable_codes() -> None:
    assert {"solution-first", "environment-cause", "vanity-metric"} <= set(
        known_flag_codes())


# --- reviewing -------------------------------------------------------------------------

@pytest.fixture
def mixed(tmp_path: Path) -> list[str]:
    """Three good intakes, one of each kind of failure, and a draft."""
    write(tmp_path, "a.yaml", title="Solution: a course", requester="Bob")
    write(tmp_path, "b.yaml", speed="same_day", history=True, date="2026-10-01")
    write(tmp_path, "c.json", speed=None, requester="Ann")
    write(tmp_path, "draft.yaml", status="draft")
    write(tmp_path, "unknown-bank.yaml", bank="nope")
    (tmp_path / "broken.yaml").write_text("title: [oops\n")
    (tmp_path / "not-intake.yaml").write_text("just: a mapping\n")
    (tmp_path / "binary.yaml").write_bytes(b"\x00\x01\x02")
    (tmp_path / "huge.yaml").write_text("x: " + "y" * (1024 * 1024 + 10))
    return expand([str(tmp_path)]).files


def test_every_readable_intake_becomes_a_row(mixed: list[str]) -> None:
    p = run_core(mixed)
    assert [(Path(r.file).name, r.verdict, r.flags, r.status) for r in p.rows] == [
        ("a.yaml", "non_training", ("solution-first", "environment-cause"), ""),
        ("b.yaml", "training", (), "on_track"),
        ("c.json", "more_info", ("no-metric",), ""),
    ]
    assert p.read == 3


def test_row_carries_title_requester_date_bank_and_the_lead_intervention(mixed: list[str]) -> None:
    row = run_core(mixed).rows[0]
    assert (row.title, row.requester, row.date, row.bank, row.top_intervention) == (
        "Solution: a course", "Bob", "2026-11-02", "mini", "Fix: non_training")


@pytest.mark.parametrize("name, reason", [
    ("broken.yaml", "malformed YAML"),
    ("not-intake.yaml", "not an ldconsult intake"),
    ("unknown-bank.yaml", "unknown bank 'nope'"),
    ("binary.yaml", "binary file"),
    ("huge.yaml", "over the 1.0 MiB limit"),
])
def test_each_unreadable_file_is_a_failure_with_a_one_line_reason(
        mixed: list[str], name: str, reason: str) -> None:
    failures = {Path(f.file).name: f for f in run_core(mixed).failures}
    assert reason in failures[name].reason and "\n" not in failures[name].reason


def test_malformed_yaml_failure_knows_its_line(mixed: list[str]) -> None:
    failures = {Path(f.file).name: f for f in run_core(mixed).failures}
    assert failures["broken.yaml"].line == 2


def test_draft_intakes_are_skipped_and_listed_not_diagnosed(mixed: list[str]) -> None:
    p = run_core(mixed)
    assert [Path(s.file).name for s in p.skipped] == ["draft.yaml"]
    assert all(Path(r.file).name != "draft.yaml" for r in p.rows)


def test_counts_push_back_and_fail_on_are_tallied(mixed: list[str]) -> None:
    p = run_core(mixed, query=make_query(fail_on="no-metric"))
    assert p.counts() == {
        "verdict": {"training": 1, "non_training": 1, "more_info": 1},
        "flag": {"environment-cause": 1, "no-metric": 1, "solution-first": 1},
        "status": {"on_track": 1}}
    assert [Path(f).name for f in p.push_back] == ["a.yaml"]
    assert [(Path(f).name, c) for f, c in p.tally.fail_hits] == [("c.json", "no-metric")]


def test_one_and_two_workers_give_identical_portfolios(tmp_path: Path) -> None:
    for i in range(40):  # enough files for the pool to start
        write(tmp_path, f"i{i:02}.yaml", speed=("weeks", "same_day", None)[i % 3],
              title=f"Solution {i}" if i % 4 == 0 else f"Request {i}")
    (tmp_path / "i13.yaml").write_text("::: not yaml [\n")
    files = expand([str(tmp_path)]).files
    one, two = run_core(files, jobs=1), run_core(files, jobs=2)
    assert dataclasses.astuple(one.tally) == dataclasses.astuple(two.tally)
    assert (one.rows, one.failures, one.read) == (two.rows, two.failures, two.read)
    assert len(one.rows) == 39 and len(one.failures) == 1


@pytest.mark.parametrize("sort, expected", [
    ("file", ["a.yaml", "b.yaml", "c.json"]),
    ("date", ["b.yaml", "a.yaml", "c.json"]),
    ("requester", ["c.json", "a.yaml", "b.yaml"]),
    ("verdict", ["b.yaml", "a.yaml", "c.json"]),
    ("flags", ["a.yaml", "c.json", "b.yaml"]),
    ("status", ["b.yaml", "a.yaml", "c.json"]),
    ("title", ["b.yaml", "c.json", "a.yaml"]),
])
def test_sort_keys_order_rows_deterministically(mixed: list[str], sort: str,
                                                expected: list[str]) -> None:
    p = run_core(mixed, query=make_query(sort=sort))
    assert [Path(r.file).name for r in p.rows] == expected


@pytest.mark.parametrize("filters, expected", [
    (["verdict=training"], ["b.yaml"]),
    (["flag=solution-first"], ["a.yaml"]),
    (["requester=aNN"], ["c.json"]),
    (["bank=mini", "status=none"], ["a.yaml", "c.json"]),
    (["status=on_track"], ["b.yaml"]),
    (["verdict=training", "flag=no-metric"], []),
])
def test_filters_must_all_match(mixed: list[str], filters: list[str], expected: list[str]) -> None:
    p = run_core(mixed, query=make_query(filters=filters))
    assert [Path(r.file).name for r in p.rows] == expected


def test_counts_and_fail_on_follow_the_filtered_rows(mixed: list[str]) -> None:
    p = run_core(mixed, query=make_query(filters=["verdict=training"],
                                         fail_on="no-metric"))
    assert p.counts()["verdict"] == {"training": 1} and p.tally.fail_hits == []
    assert p.read == 3


def test_bank_option_overrides_the_intakes_bank(tmp_path: Path, mini_bank_path: Path) -> None:
    write(tmp_path, "x.yaml", bank="nope")
    p = run_core([str(tmp_path / "x.yaml")], bank=str(mini_bank_path))
    assert len(p.rows) == 1 and p.failures == []


def test_an_engine_crash_on_one_file_is_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    write(tmp_path, "ok.yaml")
    write(tmp_path, "crash.yaml", title="crash")

    def recommend(intake, loaded, *, today=None):  # type: ignore[no-untyped-def]
        if intake.meta.title == "crash":
            raise ZeroDivisionError("boom")
        return FAKE_ENGINE[0](intake, loaded, today=today)

    p = collect(expand([str(tmp_path)]), Query(), jobs=1,
                engine=(recommend, FAKE_ENGINE[1]))
    assert len(p.rows) == 1
    assert p.failures[0].reason.startswith("internal error: ZeroDivisionError: boom")


# --- exit codes --------------------------------------------------------------------------

ROW = Row("f", "t", "r", "2026-01-01", "mini", "training", "x", ("no-metric",), "")


@pytest.mark.parametrize("read, failures, fail_hit, code", [
    (0, 0, False, ExitCode.USAGE),        # nothing readable
    (0, 3, False, ExitCode.USAGE),        # nothing readable beats partial
    (5, 0, False, ExitCode.OK),
    (5, 2, False, ExitCode.PARTIAL),
    (5, 0, True, ExitCode.FINDINGS),
    (5, 2, True, ExitCode.FINDINGS),      # a --fail-on match beats partial
])
def test_exit_code_precedence(read: int, failures: int, fail_hit: bool, code: ExitCode) -> None:
    tally = Tally()
    if fail_hit:
        tally.add(ROW, frozenset({"no-metric"}))
    p = Portfolio([ROW] if read else [], [Failure(f"f{i}", "bad") for i in range(failures)],
                  [Skipped("d", "draft")], tally, read, Query())
    assert p.exit_code == code


@pytest.mark.parametrize("module", ["review/portfolio.py", "review/paths.py", "review/query.py",
                                    "review/rows.py", "review/workers.py", "review/summary.py",
                                    "base/fastyaml.py"])
def test_core_imports_no_terminal_libraries(module: str) -> None:
    import ast

    tree = ast.parse((Path(ldconsult.__file__).parent / module).read_text())
    imported = {n.names[0].name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree)
                 if isinstance(n, ast.ImportFrom)}
    assert not imported & {"rich", "typer", "questionary"}
