"""Every kind of bank problem gets one line with file:line:col, from the loader and the CLI.

Each case marks the line it expects with a ``#<`` comment; the column is given by hand.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ldconsult.bank import banks
from ldconsult.base.errors import BankError
from ldconsult.cli import app

HEAD = """\
id: t
title: T
version: 1
sections:
  - id: s
    title: S
    questions:
"""


def _bank(questions: str) -> str:
    return HEAD + textwrap.indent(textwrap.dedent(questions), "      ")


def _marked_line(text: str) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if "#<" in line]
    assert len(lines) == 1, "each case marks exactly one line"
    return lines[0]


CASES = {
    "wrong type (a list where text is expected)": (
        "id: t\ntitle: [a, b]  #<\nversion: 1\nsections: []\n",
        "title: expected text; got a list", 1),
    "wrong type (a word where a yes/no is expected)": (_bank("""\
        - id: q1
          prompt: P
          type: text
          required: maybe  #<
        """), "sections[s].questions[q1].required: expected true or false; got the text 'maybe'", 9),
    "unknown key with did-you-mean": (_bank("""\
        - id: q1
          prompt: P
          type: text
          requird: false  #<
        """), "unknown key 'requird'; did you mean 'required'?", 9),
    "unknown question type with did-you-mean": (_bank("""\
        - id: q1
          prompt: P
          type: selct  #<
          choices: [{value: a}]
        """), "unknown question type 'selct'; did you mean 'select'?", 9),
    "duplicate question id": (_bank("""\
        - id: q1
          prompt: P
          type: text
        - id: q1  #<
          prompt: P
          type: text
        """), "duplicate question id 'q1' (first used at line 8)", 9),
    "condition names an unknown question (did-you-mean)": (_bank("""\
        - id: role
          prompt: P
          type: text
        - id: q2
          prompt: P
          type: text
          when: {answered: rol}  #<
        """), "when: condition names unknown question 'rol'; did you mean 'role'?", 16),
    "condition names a misspelt operator": (_bank("""\
        - id: role
          prompt: P
          type: text
        - id: q2
          prompt: P
          type: text
          when: {answerd: role}  #<
        """), "unknown question 'answerd'; did you mean the operator 'answered'?", 16),
    "a basic whose condition reads a question that is not a basic": (_bank("""\
        - id: q1
          prompt: P
          type: text
        - id: q2
          prompt: P
          type: text
          always: true  #<
          when: {answered: q1}
        """), "question 'q2' is always asked, but its when reads 'q1', which is not: mark "
              "'q1' always: true too, or drop the condition", 9),
    "condition names a later question": (_bank("""\
        - id: q1
          prompt: P
          type: text
          when: {answered: q2}  #<
        - id: q2
          prompt: P
          type: text
        """), "condition names question 'q2', which is not asked before this one", 16),
    "condition value not among the choices": (_bank("""\
        - id: role
          prompt: P
          type: select
          choices: [{value: manager}, {value: agent}]
        - id: q2
          prompt: P
          type: text
          when: {role: managr}  #<
        """), "when: 'managr' is not a choice of 'role'; did you mean 'manager'?", 16),
    "numeric operator on a text question": (_bank("""\
        - id: name
          prompt: P
          type: text
        - id: q2
          prompt: P
          type: text
          when:
            gte: {name: 3}  #<
        """), "when: 'gte' compares numbers, but 'name' is a text question", 17),
    "default outside the choices": (_bank("""\
        - id: role
          prompt: P
          type: select
          default: managr  #<
          choices: [{value: manager}, {value: agent}]
        """), "default 'managr' is not one of the choices of 'role'; did you mean 'manager'?", 9),
    "confirm default that is not a yes/no": (_bank("""\
        - id: aid
          prompt: P
          type: confirm
          default: "no"  #<
        """), "default of 'aid' should be true or false (unquoted), not 'no'", 9),
    "signal name outside the vocabulary (did-you-mean)": (_bank("""\
        - id: speed
          prompt: P
          type: select
          choices:
            - value: slow
              signals:
                feedbak: gap  #<
        """), "unknown signal 'feedbak'; did you mean 'feedback'?", 15),
    "signal value outside the vocabulary": (_bank("""\
        - id: speed
          prompt: P
          type: select
          choices:
            - value: slow
              signals:
                feedback: bad  #<
        """), "'bad' is not a value of signal 'feedback' (gap, ok, unknown)", 15),
    "a list for a one-value signal": (_bank("""\
        - id: speed
          prompt: P
          type: select
          choices:
            - value: slow
              signals:
                feedback: [gap]  #<
        """), "signal 'feedback' takes one value (gap, ok, unknown), not a list", 15),
    "choices written as plain words": (_bank("""\
        - id: speed
          prompt: P
          type: select
          choices: [slow, fast]  #<
        """), "choices[0]: expected a mapping, e.g. {value: weeks, label: Weeks later}; got "
              "the text 'slow'", 19),
    "questions written as a mapping": (
        HEAD.replace("    questions:\n", "    questions:  #<\n") + "      q1: {prompt: P}\n",
        "sections[s].questions: expected a list (one '- ' item per entry); got a mapping", 5),
    "provides an unknown signal": (_bank("""\
        - id: kpi
          prompt: P
          type: text
          provides: metrc  #<
        """), "provides names unknown signal 'metrc'; did you mean 'metric'?", 9),
    "provides a fixed-value signal": (_bank("""\
        - id: kpi
          prompt: P
          type: text
          provides: feedback  #<
        """), "signal 'feedback' takes fixed values (gap, ok, unknown)", 9),
    "provides a signal of the wrong kind": (_bank("""\
        - id: many
          prompt: P
          type: confirm
          provides: audience_size  #<
        """), "signal 'audience_size' is number; a confirm question cannot provide it", 9),
}


@pytest.mark.parametrize("text, message, column", CASES.values(), ids=list(CASES))
def test_validate_file_reports_message_and_location(tmp_path: Path, text: str, message: str,
                                                    column: int) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    problems = banks.validate_file(path)
    assert problems, "the bank should be invalid"
    first = problems[0]
    assert message in first.message
    assert (first.path, first.line, first.column) == (str(path), _marked_line(text), column)
    assert str(first).startswith(f"{path}:{_marked_line(text)}:{column}: ")
    assert "\n" not in str(first)


@pytest.mark.parametrize("text, message, column", CASES.values(), ids=list(CASES))
def test_load_file_raises_bank_error_with_location(tmp_path: Path, text: str, message: str,
                                                   column: int) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as info:
        banks.load_file(path)
    assert str(info.value).startswith(f"{path}:{_marked_line(text)}:{column}: ")
    assert message in str(info.value)


@pytest.mark.parametrize("text, message, column", CASES.values(), ids=list(CASES))
def test_cli_validate_exits_1_and_show_exits_2_with_one_line(tmp_path: Path, text: str,
                                                              message: str, column: int) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    where = f"{path}:{_marked_line(text)}:{column}: "
    validated = CliRunner().invoke(app, ["banks", "validate", str(path)])
    assert validated.exit_code == 1
    assert any(line.strip().startswith(where) and message in line
               for line in validated.stdout.splitlines())
    shown = CliRunner().invoke(app, ["banks", "show", str(path)])
    assert shown.exit_code == 2
    assert shown.stderr.startswith(f"ldconsult: error: {where}")
    assert shown.stderr.count("\n") == 1 and "Traceback" not in shown.stderr


def test_every_problem_is_listed_not_only_the_first(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(_bank("""\
        - id: q1
          prompt: P
          type: text
          provides: metrc
        - id: q1
          prompt: P
          type: selct
        """), encoding="utf-8")
    # The schema error hides the lint problems until it is fixed: one at a time is fine,
    # but the linter alone must report all of its findings together.
    path.write_text(_bank("""\
        - id: q1
          prompt: P
          type: text
          provides: metrc
        - id: q1
          prompt: P
          type: text
          when: {answered: nope}
        """), encoding="utf-8")
    problems = banks.validate_file(path)
    assert len(problems) == 3
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    result = CliRunner().invoke(app, ["banks", "validate", str(path)])
    assert result.exit_code == 1
    assert "3 problems" in result.stdout
    with pytest.raises(BankError) as info:
        banks.load_file(path)
    assert "(and 2 more; run 'ldconsult banks validate')" in str(info.value)
    assert len(info.value.problems) == 3


def test_a_valid_bank_has_no_problems(mini_bank_path: Path) -> None:
    assert banks.validate_file(mini_bank_path) == []
    loaded = banks.load_file(mini_bank_path)
    assert loaded.bank.id == "mini" and len(loaded.sha256) == 64


def test_a_bank_that_is_not_a_mapping_is_reported_at_line_1(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    (problem,) = banks.validate_file(path)
    assert (problem.line, problem.column) == (1, 1)
    assert "a bank is a YAML mapping" in problem.message


def test_unquoted_date_default_is_accepted_for_a_date_question(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(_bank("""\
        - id: go_live
          prompt: P
          type: date
          default: 2026-03-31
        """), encoding="utf-8")
    assert banks.validate_file(path) == []
    assert banks.load_file(path).bank.question("go_live").default == "2026-03-31"


@pytest.mark.parametrize("encode", [lambda t: t.replace("\n", "\r\n").encode("utf-8"),
                                    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")],
                         ids=["CRLF line ends", "UTF-8 BOM"])
def test_locations_survive_windows_line_ends_and_a_bom(tmp_path: Path, encode: Any) -> None:
    text, message, column = CASES["unknown key with did-you-mean"]
    path = tmp_path / "bank.yaml"
    path.write_bytes(encode(text))
    (problem,) = banks.validate_file(path)
    assert (problem.line, problem.column) == (_marked_line(text), column)
    assert message in problem.message


def test_a_number_used_as_a_top_level_key_is_reported_not_crashed(tmp_path: Path) -> None:
    # Found by the fuzzer: the file "0:" made the error reporter index an empty path.
    path = tmp_path / "bank.yaml"
    path.write_text("0:\n", encoding="utf-8")
    problems = banks.validate_file(path)
    assert problems and all("\n" not in str(p) for p in problems)
    assert any("required key is missing" in p.message for p in problems)
