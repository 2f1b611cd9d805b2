"""A key given twice in any file we read is an error naming the file, the line and the key.

YAML (and JSON) let the last of two equal keys win without a word: a repeated `status:`
turned a complete intake into a draft, which review then skipped. Every reader refuses
that: intakes, answers files and banks (where `banks validate` lists it as a problem).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ldconsult.base import fastyaml, yamlio
from ldconsult.base.errors import InputFileError
from ldconsult.cli import app

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "intakes" / "expense-tool-course.yaml"


def cli(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


# ---------------------------------------------------------------------------------------
# The loader

DOCUMENTS = {
    "top-level key": (b"a: 1\nb: 2\na: 3\n", 3, 1, "a", 1),
    "nested key": (b"m:\n  x: 1\n  y: 2\n  x: 1\n", 4, 3, "x", 2),
    "flow mapping": (b"m: {x: 1, x: 2}\n", 1, 11, "x", 1),
    "equal after typing (1 and 0x1)": (b"1: a\n0x1: b\n", 2, 1, "0x1", 1),
    "in a list item": (b"- k: 1\n  k: 2\n", 2, 3, "k", 1),
    "with an anchor elsewhere": (b"a: &x 1\nb: 2\nb: 3\n", 3, 1, "b", 2),
}


@pytest.mark.parametrize("data, line, column, key, first", DOCUMENTS.values(),
                         ids=list(DOCUMENTS))
def test_parse_yaml_names_the_repeated_key_its_line_and_the_first_one(
        data: bytes, line: int, column: int, key: str, first: int) -> None:
    with pytest.raises(InputFileError) as info:
        yamlio.parse_yaml(data, "x.yaml")
    assert str(info.value) == (f"x.yaml:{line}:{column}: duplicate key '{key}' (first on "
                               f"line {first}); only one may be given")


@pytest.mark.parametrize("data", [d[0] for d in DOCUMENTS.values()], ids=list(DOCUMENTS))
def test_fast_path_steps_aside_for_a_duplicate_key(data: bytes) -> None:
    with pytest.raises(InputFileError, match="duplicate key"):
        fastyaml.parse(data, "x.yaml")


def test_keys_that_only_look_alike_are_not_duplicates() -> None:
    assert yamlio.parse_yaml(b"a: 1\nA: 2\n'1': 3\n1: 4\n", "x.yaml") == \
        {"a": 1, "A": 2, "1": 3, 1: 4}


def test_json_duplicate_key_is_named_with_its_line() -> None:
    data = b'{\n  "a": 1,\n  "m": {"x": 1},\n  "a": 2\n}\n'
    with pytest.raises(InputFileError) as info:
        yamlio.parse_json(data, "x.json")
    assert str(info.value) == "x.json:4:3: duplicate key 'a' (first on line 2); only one " \
                              "may be given"


def test_a_long_key_is_cut_in_the_message() -> None:
    key = "k" * 5000  # an explicit key: a plain one may have at most 1024 characters
    data = f"? {key}\n: 1\n? {key}\n: 2\n".encode()
    with pytest.raises(InputFileError) as info:
        yamlio.parse_yaml(data, "x.yaml")
    assert len(str(info.value)) < 200 and "duplicate key 'kkk" in str(info.value)


# ---------------------------------------------------------------------------------------
# Every command that reads one

def _with_second_status(tmp_path: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "\nstatus: complete\n" in text
    path = tmp_path / "intake.yaml"
    path.write_text(text + "status: draft\n", encoding="utf-8")
    return path


def _line_of_last_status(path: Path) -> int:
    return path.read_text(encoding="utf-8").splitlines().index("status: draft") + 1


@pytest.mark.parametrize("args", [["recommend", "{}"], ["export", "{}"],
                                  ["followup", "{}", "--show"]])
def test_intake_with_a_repeated_key_is_refused_with_file_line_and_key(
        tmp_path: Path, args: list[str]) -> None:
    path = _with_second_status(tmp_path)
    result = cli(*[a.format(path) for a in args])
    assert result.exit_code == 2
    assert result.stderr == (f"ldconsult: error: {path}:{_line_of_last_status(path)}:1: "
                             "duplicate key 'status' (first on line 8); only one may be "
                             "given\n")


def test_review_reports_the_file_with_a_repeated_key_instead_of_skipping_it(
        tmp_path: Path) -> None:
    path = _with_second_status(tmp_path)
    (tmp_path / "other.yaml").write_bytes(EXAMPLE.read_bytes())
    result = cli("review", str(tmp_path), "--format", "json")
    assert result.exit_code == 4  # some files could not be read
    report = json.loads(result.stdout)
    assert report["failures"] == [{"file": str(path), "line": _line_of_last_status(path),
                                   "reason": "duplicate key 'status' (first on line 8); "
                                             "only one may be given"}]
    assert report["skipped"] == [] and report["summary"]["reviewed"] == 1


def test_answers_file_with_a_repeated_id_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("title: A\naudience_size: 10\naudience_size: 12\n", encoding="utf-8")
    result = cli("interview", "--answers", str(answers), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2
    assert result.stderr == (f"ldconsult: error: {answers}:3:1: duplicate key "
                             "'audience_size' (first on line 2); only one may be given\n")
    assert not (tmp_path / "out.yaml").exists()


def test_banks_validate_lists_a_repeated_key_as_a_problem_with_exit_1(
        tmp_path: Path, mini_bank_path: Path) -> None:
    text = mini_bank_path.read_text(encoding="utf-8").replace(
        "        type: long_text\n", "        type: long_text\n        type: text\n", 1)
    bank = tmp_path / "bank.yaml"
    bank.write_text(text, encoding="utf-8")
    line = text.splitlines().index("        type: text") + 1
    result = cli("banks", "validate", str(bank))
    assert result.exit_code == 1
    assert f"{bank}:{line}:9: duplicate key 'type' (first on line {line - 1})" in result.stdout


def test_a_bank_with_a_repeated_key_is_not_used_for_an_interview(
        tmp_path: Path, mini_bank_path: Path) -> None:
    text = mini_bank_path.read_text(encoding="utf-8").replace("version: 1\n",
                                                              "version: 1\nversion: 2\n", 1)
    bank = tmp_path / "bank.yaml"
    bank.write_text(text, encoding="utf-8")
    result = cli("interview", "--bank", str(bank), "--answers", "/dev/null")
    assert result.exit_code == 2
    assert "duplicate key 'version' (first on line 3)" in result.stderr
