"""Quick commands import only what they need (start-up time is a feature in a meeting).

Each case runs the real entry point in a fresh interpreter and reads sys.modules at exit.
benchmarks/startup.py measures the time itself.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write("MODULES=" + json.dumps(sorted(sys.modules)) + "\\n"))
sys.argv = ["ldconsult", *json.loads(sys.argv[1])]
from ldconsult.cli import main
main()
"""
NEVER = ("questionary", "prompt_toolkit", "jinja2", "ldconsult.engine", "ldconsult.interview",
         "ldconsult.prompts", "ldconsult.review", "ldconsult.followup",
         "ldconsult.render.markdown", "ldconsult.render.summary")


def _modules(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))],
                          capture_output=True, text=True, timeout=60)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line[len("MODULES="):]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["banks", "list"],
                                  ["banks", "--help"], ["interview", "--help"]],
                         ids=" ".join)
def test_quick_commands_do_not_import_the_interview_stack(args: list[str]) -> None:
    assert _loaded(_modules(*args), NEVER) == []


def test_version_does_not_even_import_typer() -> None:
    modules = _modules("--version")
    assert _loaded(modules, ("typer", "rich", "pydantic", "yaml", "ldconsult.cli_app")) == []


def test_help_does_not_load_banks_pydantic_or_yaml() -> None:
    modules = _modules("--help")
    assert _loaded(modules, ("pydantic", "yaml", "ldconsult.banks", "ldconsult.intake")) == []


def test_core_modules_import_no_terminal_library() -> None:
    code = ("import sys, json\n"
            "import ldconsult.banks, ldconsult.conditions, ldconsult.intake, ldconsult.signals, "
            "ldconsult.values, ldconsult.yamlio, ldconsult.errors, ldconsult.recommendation\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert _loaded(set(json.loads(done.stdout)), ("typer", "rich", "questionary",
                                                  "prompt_toolkit", "jinja2")) == []
