"""`ldconsult banks ...`, help on every command, and --version."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
import typer
from typer.testing import CliRunner

from ldconsult import __version__
from ldconsult.bank import banks
from ldconsult.cli import app

runner = CliRunner()
SHIPPED = ["performance-consulting", "policy-compliance", "quick-triage", "system-rollout"]


def test_list_shows_every_shipped_bank_and_the_default() -> None:
    result = runner.invoke(app, ["banks", "list"])
    assert result.exit_code == 0, result.stderr
    for bank_id in banks.shipped():  # never truncated: people copy ids from here
        assert bank_id in result.stdout
    assert "(default)" in result.stdout
    assert "(invalid" not in result.stdout


def test_shipped_banks_are_the_documented_four() -> None:
    assert sorted(banks.shipped()) == SHIPPED


@pytest.mark.parametrize("bank_id", SHIPPED)
def test_show_by_id(bank_id: str) -> None:
    result = runner.invoke(app, ["banks", "show", bank_id])
    assert result.exit_code == 0, result.stderr
    loaded = banks.resolve(bank_id)
    assert loaded.bank.title in result.stdout
    assert loaded.bank.questions()[0].id in result.stdout


def test_show_marks_the_basics_an_adaptive_interview_always_asks() -> None:
    result = runner.invoke(app, ["banks", "show", "performance-consulting"])
    basics = [q for q in banks.resolve("performance-consulting").bank.questions() if q.always]
    assert result.stdout.count("(basic:") == len(basics)  # "always asked" may wrap


def test_show_by_path(mini_bank_path: Path) -> None:
    result = runner.invoke(app, ["banks", "show", str(mini_bank_path)])
    assert result.exit_code == 0
    assert "Mini bank" in result.stdout and "feedback_speed" in result.stdout
    assert "when feedback_speed = weeks" in result.stdout


def test_show_unknown_id_suggests_and_lists() -> None:
    result = runner.invoke(app, ["banks", "show", "quick-triag"])
    assert result.exit_code == 2
    assert result.stderr.startswith("ldconsult: error: unknown bank 'quick-triag': did you "
                                    "mean 'quick-triage'? known banks: ")
    assert result.stderr.count("\n") == 1


def test_show_escapes_markup_in_bank_text(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("id: b\ntitle: '[red]Loud[/red] bank'\nversion: 1\nsections:\n"
                    "  - {id: s, title: '[bold]S', questions: [{id: q, prompt: '[x] ok?', "
                    "type: text}]}\n", encoding="utf-8")
    result = runner.invoke(app, ["banks", "show", str(path)])
    assert result.exit_code == 0
    assert "[red]Loud[/red] bank" in result.stdout and "[x] ok?" in result.stdout


def test_validate_valid_banks_exits_0(mini_bank_path: Path) -> None:
    paths = [str(p) for p in banks.shipped().values()] + [str(mini_bank_path)]
    result = runner.invoke(app, ["banks", "validate", *paths])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count(": valid") == len(paths)


def _broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text("id: t\ntitle: T\nversion: 1\nsections:\n  - id: s\n    title: S\n"
                    "    questions:\n"
                    "      - {id: a, prompt: P, type: text, provides: metrc}\n"
                    "      - {id: a, prompt: P, type: text, when: {answered: zz}}\n",
                    encoding="utf-8")
    return path


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path, mini_bank_path: Path) -> None:
    path = _broken(tmp_path)
    result = runner.invoke(app, ["banks", "validate", str(mini_bank_path), str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"✗ {path}: 3 problems" in lines
    assert f"  {path}:8:40: provides names unknown signal 'metrc'; did you mean 'metric'?" in lines
    assert f"  {path}:9:10: duplicate question id 'a' (first used at line 8)" in lines
    assert any(line.startswith(f"  {path}:9:") and "unknown question 'zz'" in line
               for line in lines)
    assert f"✓ {mini_bank_path}: valid" in lines


def test_validate_unreadable_exits_2_but_checks_the_others(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    result = runner.invoke(app, ["banks", "validate", str(tmp_path / "nope.yaml"), str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"✗ {tmp_path / 'nope.yaml'}: no such file\n"
    assert "3 problems" in result.stdout


def test_validate_needs_a_path() -> None:
    result = runner.invoke(app, ["banks", "validate"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_schema_is_a_json_schema_of_the_bank_format() -> None:
    result = runner.invoke(app, ["banks", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"$defs", "properties", "required"} <= set(schema)
    assert {"Section", "Question", "Choice", "Threshold"} <= set(schema["$defs"])
    assert set(schema["required"]) >= {"id", "title", "version", "sections"}
    question = schema["$defs"]["Question"]
    assert question["additionalProperties"] is False
    assert set(question["properties"]["type"]["enum"]) == {
        "text", "long_text", "select", "multi_select", "confirm", "number", "integer", "date",
        "scale", "money"}


def test_schema_spells_out_the_signal_vocabulary_for_editors() -> None:
    from ldconsult.bank.signals import VOCABULARY

    defs = banks.json_schema()["$defs"]
    signals = defs["Choice"]["properties"]["signals"]
    assert signals["additionalProperties"] is False
    assert signals["properties"]["feedback"]["enum"] == ["gap", "ok", "unknown"]
    assert "metric" not in signals["properties"]  # takes the answer: 'provides'
    provides = defs["Question"]["properties"]["provides"]["anyOf"][0]["enum"]
    assert "metric" in provides and "feedback" not in provides
    assert set(signals["properties"]) | set(provides) == set(VOCABULARY)


def test_shipped_banks_satisfy_the_schema(mini_bank_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from ldconsult.base.yamlio import load_data

    schema = banks.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in [*banks.shipped().values(), mini_bank_path]:
        jsonschema.validate(load_data(path), schema)
    bad = load_data(mini_bank_path)
    bad["sections"][0]["questions"][1]["choices"][0]["signals"] = {"feedbak": "gap"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


# ---------------------------------------------------------------------------------------
# Help and version

def _walk(command: Any, trail: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield trail, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _walk(sub, trail + (name,))


COMMANDS = list(_walk(typer.main.get_command(app)))


def test_the_cli_has_the_documented_commands() -> None:
    names = {" ".join(trail) for trail, _ in COMMANDS}
    assert names >= {"", "interview", "recommend", "export", "review", "followup", "banks",
                     "banks list", "banks show", "banks validate", "banks schema"}


@pytest.mark.parametrize("trail, command", COMMANDS,
                         ids=[" ".join(t) or "ldconsult" for t, _ in COMMANDS])
def test_every_command_has_help_text(trail: tuple[str, ...], command: Any) -> None:
    assert (command.help or "").strip(), f"'{' '.join(trail)}' has no help"
    for param in command.params:
        if param.name in ("help",):
            continue
        assert (getattr(param, "help", None) or "").strip(), \
            f"'{' '.join(trail)}' parameter '{param.name}' has no help"
    result = runner.invoke(app, [*trail, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    first_line = command.help.strip().splitlines()[0]
    assert first_line[:30] in " ".join(result.stdout.split())


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"ldconsult {__version__}\n"


def test_python_dash_m_version() -> None:
    done = subprocess.run([sys.executable, "-m", "ldconsult", "--version"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == f"ldconsult {__version__}\n"
    assert done.stderr == ""


def test_no_arguments_shows_help_not_a_traceback() -> None:
    result = runner.invoke(app, [])
    assert "Usage:" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args", [["--version"], ["banks", "schema"], ["banks", "list"]],
                         ids=" ".join)
def test_a_closed_pipe_is_not_a_traceback(args: list[str]) -> None:
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)  # like `ldconsult ... | head -0`: every write fails with EPIPE
    try:
        done = subprocess.run([sys.executable, "-m", "ldconsult", *args], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    # Rich's Console.on_broken_pipe() exits 1 by itself; plain writes exit 0.
    assert done.returncode in (0, 1)
