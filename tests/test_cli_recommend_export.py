"""ldconsult recommend / export through the real CLI (CliRunner)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from test_render_fixtures import intake_from_answers
from typer.testing import CliRunner

from ldconsult.bank import banks
from ldconsult.cli import app
from ldconsult.engine.recommendation import SCHEMA_VERSION
from ldconsult.intake import save

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def intake_file(tmp_path: Path) -> Path:
    path = tmp_path / "crm.yaml"
    save(intake_from_answers(REPO / "examples" / "answers" / "crm-go-live.yaml"), path)
    return path


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_recommend_rich_is_the_default_and_plain_in_a_pipe(intake_file: Path) -> None:
    r = invoke("recommend", str(intake_file))
    assert r.exit_code == 0, r.stderr
    assert "VERDICT" in r.stdout and "\x1b" not in r.stdout
    assert r.stdout.lstrip().splitlines()[1].lstrip("┃ ").startswith("VERDICT")


def test_recommend_json_is_the_recommendation_model(intake_file: Path) -> None:
    r = invoke("recommend", str(intake_file), "--format", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["verdict"] in ("training", "non_training", "blended", "more_info",
                               "no_intervention")
    assert data["schema_version"] == SCHEMA_VERSION and data["requester"] == "CRM implementation lead"


def test_recommend_md_is_the_memo(intake_file: Path) -> None:
    r = invoke("recommend", str(intake_file), "-f", "md")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("# Training for the new CRM go-live\n")
    assert "## Appendix: all answers" in r.stdout


def test_export_md_to_stdout_by_default(intake_file: Path) -> None:
    r = invoke("export", str(intake_file))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("# ") and r.stderr == ""


def test_export_dash_means_stdout(intake_file: Path) -> None:
    r = invoke("export", str(intake_file), "-o", "-")
    assert r.exit_code == 0 and r.stdout.startswith("# ") and r.stderr == ""
    assert not Path("-").exists()


def test_export_json_matches_recommend_json(intake_file: Path) -> None:
    a = invoke("export", str(intake_file), "--format", "json")
    b = invoke("recommend", str(intake_file), "--format", "json")
    assert a.exit_code == b.exit_code == 0
    assert a.stdout == b.stdout


def test_export_writes_file_readable_by_others_and_confirms_on_stderr(
        intake_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "memos" / "crm.md"
    out.parent.mkdir()
    r = invoke("export", str(intake_file), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and f"wrote Markdown memo to {out}" in r.stderr
    assert out.read_text(encoding="utf-8").startswith("# Training for the new CRM go-live")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_export_refuses_to_overwrite_without_force(intake_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    out.write_text("keep me", encoding="utf-8")
    r = invoke("export", str(intake_file), "-o", str(out))
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "--force" in r.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    r = invoke("export", str(intake_file), "-o", str(out), "--force")
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# ")


def test_export_json_to_file(intake_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "rec.json"
    r = invoke("export", str(intake_file), "-f", "json", "-o", str(out))
    assert r.exit_code == 0 and "recommendation JSON" in r.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION


def test_export_with_user_template(intake_file: Path, tmp_path: Path) -> None:
    tpl = tmp_path / "short.md.j2"
    tpl.write_text("{{ rec.verdict_label | md }} for {{ intake.meta.requester | md }}\n",
                   encoding="utf-8")
    r = invoke("export", str(intake_file), "--template", str(tpl))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.endswith(" for CRM implementation lead\n")


def test_broken_template_exits_2_with_file_and_line(intake_file: Path, tmp_path: Path) -> None:
    tpl = tmp_path / "bad.md.j2"
    tpl.write_text("fine\n{{ ''.__class__ }}\n", encoding="utf-8")
    r = invoke("export", str(intake_file), "-t", str(tpl))
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith(f"ldconsult: error: {tpl}:2: ") and r.stderr.count("\n") == 1


def test_template_with_json_is_a_usage_error(intake_file: Path, tmp_path: Path) -> None:
    tpl = tmp_path / "t.j2"
    tpl.write_text("x", encoding="utf-8")
    r = invoke("export", str(intake_file), "-f", "json", "-t", str(tpl))
    assert r.exit_code == 2 and "--template applies only to --format md" in r.stderr


@pytest.mark.parametrize("command", ["recommend", "export"])
def test_missing_intake_exits_2_with_one_line(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    r = invoke(command, str(missing))
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == f"ldconsult: error: {missing}: no such file\n"


@pytest.mark.parametrize("command", ["recommend", "export"])
def test_not_an_intake_exits_2_with_one_line(command: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("just: a mapping\n", encoding="utf-8")
    r = invoke(command, str(bad))
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "not an ldconsult intake" in r.stderr


def test_unknown_bank_exits_2(intake_file: Path) -> None:
    r = invoke("recommend", str(intake_file), "--bank", "no-such-bank")
    assert r.exit_code == 2 and "unknown bank" in r.stderr and r.stderr.count("\n") == 1


def test_draft_and_orphan_answers_are_noted_on_stderr(tmp_path: Path) -> None:
    intake = intake_from_answers(REPO / "examples" / "answers" / "crm-go-live.yaml")
    intake = intake.model_copy(update={"status": "draft",
                                       "answers": {**intake.answers, "retired_q": "x"}})
    path = tmp_path / "draft.yaml"
    save(intake, path)
    r = invoke("recommend", str(path), "-f", "json")
    assert r.exit_code == 0
    json.loads(r.stdout)
    assert "is a draft" in r.stderr and "retired_q" in r.stderr


def test_intake_made_with_a_users_own_bank_uses_its_recorded_path(tmp_path: Path) -> None:
    from test_render_fixtures import BANK_PATH, fixture_intake

    intake = fixture_intake()
    intake = intake.model_copy(update={"bank": intake.bank.model_copy(
        update={"path": str(BANK_PATH)})})
    path = tmp_path / "own.yaml"
    save(intake, path)
    r = invoke("export", str(path))
    assert r.exit_code == 0, r.stderr
    assert "### Money and dates" in r.stdout
    r = invoke("export", str(tmp_path / "own.yaml"), "--bank", str(BANK_PATH), "-f", "json")
    assert r.exit_code == 0, r.stderr


def test_hostile_requester_text_is_safe_in_every_format(tmp_path: Path) -> None:
    from test_render_fixtures import HOSTILE, save_example

    path = save_example(tmp_path / "hostile.yaml", requester=HOSTILE, title=HOSTILE)
    for fmt in ("rich", "md", "json"):
        r = invoke("recommend", str(path), "-f", fmt)
        assert r.exit_code == 0, (fmt, r.stderr)
    assert "[red]boss[/]" in invoke("recommend", str(path)).stdout


EXAMPLE_INTAKES = sorted((REPO / "examples" / "intakes").rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_INTAKES,
                         ids=[p.stem for p in EXAMPLE_INTAKES])
def test_every_example_intake_recommends_and_exports(path: Path) -> None:
    for args in (["recommend"], ["recommend", "-f", "md"], ["recommend", "-f", "json"],
                 ["export"], ["export", "-f", "json"]):
        r = invoke(args[0], str(path), *args[1:])
        assert r.exit_code == 0, (args, r.stderr)
        assert r.stderr == "" and r.stdout


def test_there_are_example_intakes() -> None:
    assert len(EXAMPLE_INTAKES) >= 5


def test_print_summary_helper_for_the_interview(capsys: pytest.CaptureFixture[str]) -> None:
    from test_render_fixtures import RECS

    from ldconsult.cli.commands.recommend import print_summary

    print_summary(RECS["training"])
    assert "VERDICT   Training" in capsys.readouterr().out


def test_example_one_pager_template_renders(intake_file: Path) -> None:
    from markdown_it import MarkdownIt

    tpl = REPO / "examples" / "templates" / "one-pager.md.j2"
    r = invoke("export", str(intake_file), "--template", str(tpl))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("# Training for the new CRM go-live: ")
    html_out = MarkdownIt("commonmark").enable("table").render(r.stdout)
    assert "<table>" in html_out and "## Next steps" in r.stdout


@pytest.mark.parametrize("args", [["recommend"], ["recommend", "-f", "md"],
                                  ["recommend", "-f", "json"], ["export"],
                                  ["export", "-f", "json"]])
def test_a_stdout_that_is_not_utf8_does_not_crash(intake_file: Path, tmp_path: Path,
                                                  args: list[str]) -> None:
    import os
    import subprocess
    import sys

    intake = intake_from_answers(REPO / "examples" / "answers" / "crm-go-live.yaml")
    intake = intake.model_copy(update={"meta": intake.meta.model_copy(
        update={"requester": "Zoë → Ops 🚀"})})
    path = tmp_path / "unicode.yaml"
    save(intake, path)
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "ldconsult", args[0], str(path), *args[1:]],
                          capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert proc.stdout.isascii()
    if "json" in args:
        assert json.loads(proc.stdout)["requester"] == "Zoë → Ops 🚀"
