"""CSV and JSON rows stream, in a deterministic order, when no --sort is given (F13).

The review of 20,000 intakes held, but its output was not streamed: the first byte of
CSV came at 21.1 s of 21.4 s. Without --sort, rows now go out as each file is reviewed,
in the order the files were found (arguments in order; each folder or pattern sorted by
path). With --sort, all rows are needed first, as before.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from test_review_support import fake_load_for, fake_recommend, write

from ldconsult.cli.commands import review as command

FILES = 40  # more than review's threshold for worker processes (32)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for i in range(FILES):
        write(tmp_path / ("b" if i % 2 else "a"), f"i{i:03}.yaml", title=f"T{i}",
              speed="weeks" if i % 3 else "same_day")
    return tmp_path


def run(paths: list[str], fmt: str, *, jobs: int = 1, sort: str | None = None,
        seen: list[int] | None = None) -> tuple[str, int]:
    out = io.StringIO()

    def watching(intake: Any, loaded: Any, *, today: Any = None) -> Any:
        if seen is not None:
            seen.append(len(out.getvalue()))  # what was written before this file
        return fake_recommend(intake, loaded, today=today)

    options = {"sort": sort} if sort else {}  # no --sort: the command's own default
    code = command.run(paths, format=fmt, jobs=jobs, stdout=out, stderr=io.StringIO(),
                       engine=(watching, fake_load_for), **options)
    return out.getvalue(), code


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_rows_are_written_while_the_review_goes_on(folder: Path, fmt: str) -> None:
    seen: list[int] = []
    text, code = run([str(folder)], fmt, seen=seen)
    assert code == 0
    assert len(seen) == FILES
    header = seen[0]
    assert header > 0  # the header before the first file is even read
    assert seen[-1] > seen[FILES // 2] > header  # rows for earlier files already out


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_with_a_sort_key_rows_wait_for_the_whole_review(folder: Path, fmt: str) -> None:
    seen: list[int] = []
    run([str(folder)], fmt, sort="title", seen=seen)
    assert seen[-1] == seen[0] == 0


def rows(text: str, fmt: str) -> list[str]:
    if fmt == "json":
        return [Path(r["file"]).name for r in json.loads(text)["intakes"]]
    return [Path(r["file"]).name for r in csv.DictReader(io.StringIO(text))]


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_the_streamed_order_is_the_order_the_files_were_found(folder: Path, fmt: str,
                                                              jobs: int) -> None:
    text, _ = run([str(folder / "b"), str(folder / "a")], fmt, jobs=jobs)
    names = rows(text, fmt)
    odd = [f"i{i:03}.yaml" for i in range(1, FILES, 2)]
    even = [f"i{i:03}.yaml" for i in range(0, FILES, 2)]
    assert names == odd + even  # arguments in order, each folder sorted by path
    again, _ = run([str(folder / "b"), str(folder / "a")], fmt, jobs=3 - jobs)
    assert again == text


def test_streamed_json_is_the_same_document_as_before(folder: Path) -> None:
    streamed, _ = run([str(folder)], "json")
    doc = json.loads(streamed)
    assert doc["summary"]["reviewed"] == FILES and len(doc["intakes"]) == FILES
    assert list(doc) == ["schema_version", "intakes", "failures", "skipped", "counts",
                         "push_back", "summary"]
    sorted_by_file, _ = run([str(folder)], "json", sort="file")
    assert sorted_by_file == streamed  # one folder: found order is path order
