"""User templates run with limits on CPU time, memory and output size (F5).

The sandbox kept templates from files and code, but not from working forever: nested
range(100000) loops ran for over 196 s, a nested caller() macro for over 377 s, and
range(10)|slice(100000000)|list reached 4.1 GB. Each case runs in a child Python with a
timeout, so a regression fails instead of hanging (or swapping) the machine.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_render_fixtures import save_example
from typer.testing import CliRunner

from ldconsult.cli import app
from ldconsult.render import sandbox

REPO = Path(__file__).resolve().parent.parent

LOOPS = ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
CALLERS = ("{% macro m(n) %}{% if n > 0 %}{% call m(n-1) %}{% endcall %}"
           "{% call m(n-1) %}{% endcall %}{{ caller() }}{% endif %}{% endmacro %}"
           "{% call m(40) %}{% endcall %}")
SLICES = "{{ range(10)|slice(100000000)|list|length }}"
BIG_STRING = '{{ ("x" * 2000000000)|length }}'
FLOOD = '{% for i in range(100000) %}{{ "x" * 1000 }}{% endfor %}'

SMALL = "Limits(cpu_seconds=1, memory_bytes=64 * 1024 * 1024, output_bytes=64 * 1024)"


@pytest.fixture
def intake_file(tmp_path: Path) -> Path:
    return save_example(tmp_path / "crm.yaml")


def render_in_child(template: Path, intake: Path, limits: str = SMALL) -> tuple[float, str]:
    code = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from ldconsult.cli.commands.recommend import diagnose_file
        from ldconsult.base.errors import TemplateError
        from ldconsult.render.markdown import render_memo
        from ldconsult.render.sandbox import Limits
        intake, loaded, rec = diagnose_file({str(intake)!r})
        start = time.monotonic()
        try:
            text = render_memo(rec, intake, loaded, template=Path({str(template)!r}),
                               limits={limits})
            outcome = "ok " + text[:40]
        except TemplateError as exc:
            outcome = str(exc)
        print(round(time.monotonic() - start, 2), outcome)
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=120, cwd=REPO)
    assert r.returncode == 0, r.stderr
    seconds, outcome = r.stdout.strip().split(" ", 1)
    return float(seconds), outcome


@pytest.mark.parametrize("source, limit", [
    (LOOPS, "template used more than 1 s of CPU time"),
    (CALLERS, "template used more than 1 s of CPU time"),
    (SLICES, "template needed more than 64 MiB of memory"),
    (BIG_STRING, "template needed more than 64 MiB of memory"),
    (FLOOD, "template output is over the 0.0625 MiB limit"),
], ids=["nested-loops", "nested-caller", "slice-list", "big-string", "output"])
def test_a_template_over_a_limit_stops_with_one_line(tmp_path: Path, intake_file: Path,
                                                     source: str, limit: str) -> None:
    template = tmp_path / "memo.md.j2"
    template.write_text(source, encoding="utf-8")
    _, outcome = render_in_child(template, intake_file)
    assert outcome == f"{template}: {limit}" + (
        " (a loop too big?)" if "output" in limit else
        " (a loop too big?); simplify it" if "CPU" in limit else
        " (a list too big?); simplify it")


def test_the_command_reports_a_limit_with_exit_2(tmp_path: Path, intake_file: Path) -> None:
    template = tmp_path / "memo.md.j2"
    template.write_text(FLOOD * 60, encoding="utf-8")  # 6 GB of output if it were let run
    r = subprocess.run([sys.executable, "-m", "ldconsult", "export", str(intake_file),
                        "--template", str(template)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr == (f"ldconsult: error: {template}: template output is over the 5 MiB "
                        "limit (a loop too big?)\n")


def test_an_ordinary_user_template_renders_as_before(tmp_path: Path, intake_file: Path) -> None:
    template = tmp_path / "memo.md.j2"
    template.write_text("# {{ rec.headline|md }}\n{{ intake.meta.requester|md }}\n")
    r = CliRunner().invoke(app, ["export", str(intake_file), "--template", str(template)])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("# ") and r.stdout.count("\n") == 2


def test_template_errors_from_the_child_keep_their_line(tmp_path: Path,
                                                        intake_file: Path) -> None:
    template = tmp_path / "memo.md.j2"
    template.write_text("ok\n{{ nope.x }}\n")
    r = CliRunner().invoke(app, ["export", str(intake_file), "--template", str(template)])
    assert r.exit_code == 2
    assert r.stderr.startswith(f"ldconsult: error: {template}:2: template error (undefined)")


def test_the_built_in_memo_is_rendered_in_process(intake_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork(*a: object, **k: object) -> str:
        raise AssertionError("the built-in template must not pay for a child process")

    monkeypatch.setattr(sandbox, "render", no_fork)
    r = CliRunner().invoke(app, ["export", str(intake_file)])
    assert r.exit_code == 0, r.stderr
