"""export --format html|docx and followup --format html through the real CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shlex
import stat
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from render_pages import svgs
from test_render_fixtures import save_example
from typer.testing import CliRunner

from ldconsult import intake as intake_mod
from ldconsult.cli import app
from ldconsult.render.textutil import time_left

runner = CliRunner()
SCRIPT = Path(sys.executable).parent / "ldconsult"


@pytest.fixture
def intake_file(tmp_path: Path) -> Path:
    return save_example(tmp_path / "crm.yaml")


def invoke(*args: str):
    return runner.invoke(app, list(args))


# ---------------------------------------------------------------------------------------
# export --format html

def test_html_goes_to_stdout_by_default(intake_file: Path) -> None:
    r = invoke("export", str(intake_file), "-f", "html")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("<!DOCTYPE html>") and r.stderr == ""
    assert set(svgs(r.stdout)) == {"grid", "timeline"}


def test_html_to_a_file_is_readable_by_others_and_said_in_one_line(
        intake_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "memo.html"
    r = invoke("export", str(intake_file), "-f", "html", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and r.stderr.count("\n") == 1
    assert f"wrote web page to {out}" in r.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_no_overwrite_without_force(intake_file: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"memo.{fmt}"
    out.write_text("keep me", encoding="utf-8")
    r = invoke("export", str(intake_file), "-f", fmt, "-o", str(out))
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "--force" in r.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert invoke("export", str(intake_file), "-f", fmt, "-o", str(out), "--force").exit_code == 0
    assert out.read_bytes() != b"keep me"


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_symlink_is_refused_and_left_alone(intake_file: Path, tmp_path: Path,
                                             fmt: str) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious", encoding="utf-8")
    link = tmp_path / f"memo.{fmt}"
    link.symlink_to(target)
    r = invoke("export", str(intake_file), "-f", fmt, "-o", str(link), "--force")
    assert r.exit_code == 2 and "not a regular file" in r.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("fmt", ["html", "docx", "json"])
def test_a_template_is_for_markdown_only(intake_file: Path, tmp_path: Path, fmt: str) -> None:
    tpl = tmp_path / "t.md.j2"
    tpl.write_text("x\n", encoding="utf-8")
    r = invoke("export", str(intake_file), "-f", fmt, "--template", str(tpl))
    assert r.exit_code == 2 and "--template applies only to --format md" in r.stderr


# ---------------------------------------------------------------------------------------
# export --format docx

def test_docx_to_a_file_is_a_word_document(intake_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    r = invoke("export", str(intake_file), "-f", "docx", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert f"wrote Word document to {out}" in r.stderr and r.stdout == ""
    assert zipfile.is_zipfile(out)
    assert docx.Document(str(out)).paragraphs[0].text == "Training for the new CRM go-live"
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".memo.docx")]


def test_docx_to_a_pipe_is_the_documents_bytes(intake_file: Path) -> None:
    r = invoke("export", str(intake_file), "-f", "docx")
    assert r.exit_code == 0, r.stderr
    assert r.stdout_bytes.startswith(b"PK")
    doc = docx.Document(io.BytesIO(r.stdout_bytes))
    assert doc.paragraphs[0].style.name == "Title"


@pytest.mark.e2e
@pytest.mark.parametrize("out", [[], ["-o", "-"]], ids=["no -o", "-o -"])
def test_docx_to_a_terminal_is_refused_in_one_line(intake_file: Path, out: list[str]) -> None:
    pexpect = pytest.importorskip("pexpect")
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    command = " ".join(shlex.quote(a) for a in [str(SCRIPT), "export", str(intake_file),
                                                  "-f", "docx", *out])
    child = pexpect.spawn("/bin/sh", ["-c", command], encoding="utf-8", timeout=30,
                          env={**os.environ, "NO_COLOR": "1"})
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before.replace("\r\n", "\n").strip()
    assert child.exitstatus == 2
    assert shown.count("\n") == 0 and "use -o FILE.docx" in shown
    assert "PK" not in shown


# ---------------------------------------------------------------------------------------
# followup --format html

@pytest.fixture
def dated_intake(tmp_path: Path) -> Path:
    """The CRM example, met 40 days ago (so readings can be dated before today)."""
    meeting = (dt.date.today() - dt.timedelta(days=40)).isoformat()
    return save_example(tmp_path / "crm.yaml", meeting_date=meeting)


def test_followup_html_records_the_reading_and_draws_it(dated_intake: Path) -> None:
    day = (dt.date.today() - dt.timedelta(days=5)).isoformat()
    r = invoke("followup", str(dated_intake), "--metric", "71", "--date", day, "-f", "html")
    assert r.exit_code == 0, r.stderr
    assert "Recorded 71" in r.stderr
    chart = svgs(r.stdout)["readings"]
    points = [(e.get("data-reading"), e.get("data-value")) for e in chart.iter()
              if e.get("data-reading")]
    assert points == [(day, "71")]
    assert "Results so far" in r.stdout
    assert [x.metric for x in intake_mod.load(dated_intake).history] == [71]


def test_followup_show_html_records_nothing(dated_intake: Path) -> None:
    day = (dt.date.today() - dt.timedelta(days=5)).isoformat()
    assert invoke("followup", str(dated_intake), "-m", "70", "-d", day).exit_code == 0
    before = dated_intake.read_bytes()
    r = invoke("followup", str(dated_intake), "--show", "--format", "html")
    assert r.exit_code == 0, r.stderr
    assert dated_intake.read_bytes() == before and r.stderr == ""
    assert "readings" in svgs(r.stdout)


def test_followup_html_status_is_judged_today_as_the_panel_says(dated_intake: Path) -> None:
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert invoke("followup", str(dated_intake), "-m", "70", "-d", day).exit_code == 0
    page = invoke("followup", str(dated_intake), "--show", "-f", "html").stdout
    status = json.loads(invoke("followup", str(dated_intake), "--show", "-f", "json").stdout)
    assert status["days_left"] is not None
    assert time_left(status["days_left"], status["deadline"]) in page


# ---------------------------------------------------------------------------------------
# the -o name says the format

@pytest.mark.parametrize("name, starts", [
    ("memo.html", b"<!DOCTYPE html>"), ("memo.HTM", b"<!DOCTYPE html>"),
    ("memo.docx", b"PK"), ("memo.json", b"{"), ("memo.md", b"#"), ("memo.txt", b"#")],
    ids=["html", "htm", "docx", "json", "md", "other: markdown"])
def test_without_format_the_file_name_says_what_to_write(intake_file: Path, tmp_path: Path,
                                                         name: str, starts: bytes) -> None:
    out = tmp_path / name
    r = invoke("export", str(intake_file), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert out.read_bytes().startswith(starts)


def test_a_name_that_says_another_format_is_refused_in_one_line(intake_file: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "memo.docx"
    r = invoke("export", str(intake_file), "-f", "md", "-o", str(out))
    assert r.exit_code == 2 and not out.exists()
    assert r.stderr.count("\n") == 1 and "use --format docx" in r.stderr


def test_a_user_template_writes_any_name(intake_file: Path, tmp_path: Path) -> None:
    template = tmp_path / "page.html.j2"
    template.write_text("<p>{{ rec.verdict }}</p>\n", encoding="utf-8")
    out = tmp_path / "memo.html"
    r = invoke("export", str(intake_file), "--template", str(template), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith("<p>")
