"""One output boundary: user text never drives the terminal, whichever screen shows it.

Titles, requesters, file names, feedback, bank text and option values may carry escape
sequences (window titles, screen clears, a one-byte CSI 0x9b, backspaces) or bidi
overrides (U+202E turns "exe.txt" around). Every screen writer passes them through
``text.printable``; JSON escapes them losslessly.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from test_render_fixtures import save_example
from typer.testing import CliRunner

from ldconsult.cli import app
from ldconsult.intake import Reading
from ldconsult.base import text as textutil

REPO = Path(__file__).resolve().parent.parent
EVIL = "Evil \x1b]0;pwned\x07 \x1b[2J \x9b31m red \b\b\bXX \u202eexe.txt\u202c \u2066iso\u2069"
# What a terminal would obey: C0 controls but tab and newline, DEL, C1, bidi overrides.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def assert_inert(text: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in RAW.findall(text)})
    assert not found, f"raw control or bidi characters reached the output: {found}"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return save_example(tmp_path / "hostile.yaml", title=EVIL, requester=EVIL)


def test_printable_shows_every_kind_of_control_and_override() -> None:
    shown = textutil.printable(EVIL)
    assert_inert(shown)
    assert "␛]0;pwned␇" in shown and "␛[2J" in shown and "␈␈␈XX" in shown
    assert "\ufffd31m" in shown  # the one-byte CSI
    assert "‹U+202E›exe.txt‹U+202C›" in shown and "‹U+2066›iso‹U+2069›" in shown


def test_printable_keeps_ordinary_text_tabs_newlines_and_rtl_marks() -> None:
    text = "Ops (L&D) — 18%\tnext\nline שלום\u200f عربي\u061c"
    assert textutil.printable(text) == text


def test_printable_cuts_long_text_before_it_is_laid_out() -> None:
    assert textutil.printable("x" * 10_000, limit=50) == "x" * 49 + "…"
    assert textutil.printable("short", limit=50) == "short"


def test_one_line_and_say(capsys: pytest.CaptureFixture[str]) -> None:
    assert textutil.one_line("a\n\x1b[2J b") == "a ␛[2J b"
    textutil.say("bad\nname \u202e.txt")
    assert capsys.readouterr().err == "ldconsult: bad name ‹U+202E›.txt\n"


def test_json_safe_is_lossless_and_inert() -> None:
    doc = json.dumps({"t": EVIL + "\x7f"}, ensure_ascii=False)
    safe = textutil.json_safe(doc)
    assert_inert(safe)
    assert json.loads(safe) == json.loads(doc)


@pytest.mark.parametrize("fmt", ["rich", "md", "json"])
def test_recommend_output_is_inert(hostile: Path, fmt: str) -> None:
    r = invoke("recommend", str(hostile), "-f", fmt)
    assert r.exit_code == 0, r.stderr
    assert_inert(r.stdout)
    if fmt == "json":
        assert json.loads(r.stdout)["intake_title"] == EVIL  # the data itself is kept


def test_the_memo_shows_bidi_overrides_instead_of_obeying_them(hostile: Path) -> None:
    r = invoke("export", str(hostile))
    assert r.exit_code == 0, r.stderr
    assert_inert(r.stdout)
    assert "‹U+202E›exe.txt" in r.stdout


@pytest.mark.parametrize("fmt", ["table", "md", "json"])
def test_review_output_is_inert_for_titles_and_file_names(hostile: Path, fmt: str) -> None:
    odd_name = hostile.with_name("x\x1b[2J\u202eevil.yaml")
    odd_name.write_bytes(hostile.read_bytes())
    broken = hostile.with_name("b\x1b]0;t\x07roken.yaml")
    broken.write_text("title: [oops\n")
    r = invoke("review", str(hostile.parent), "-f", fmt)
    assert r.exit_code == 4, r.stderr
    assert_inert(r.stdout)
    assert_inert(r.stderr)
    if fmt == "json":  # the data is kept exactly, escaped
        assert str(odd_name) in [row["file"] for row in json.loads(r.stdout)["intakes"]]
    else:
        assert ("x␛\\[2J" if fmt == "md" else "x␛[2J") + "‹U+202E›evil.yaml" in r.stdout


def test_review_filter_value_in_an_error_is_inert(hostile: Path) -> None:
    r = invoke("review", str(hostile), "--filter", "verdict=x\x1b]0;t\x07\x9b2J")
    assert r.exit_code == 2
    assert_inert(r.stderr)
    assert "x␛]0;t␇" in r.stderr


def test_error_messages_naming_a_file_are_inert(tmp_path: Path) -> None:
    r = invoke("recommend", str(tmp_path / "no\x1b[2Jsuch\u202e.yaml"))
    assert r.exit_code == 2
    assert_inert(r.stderr)
    assert len(r.stderr.splitlines()) == 1


def test_followup_panel_and_confirmation_are_inert(tmp_path: Path) -> None:
    from test_followup_cli import BANK, MEETING, make_intake

    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    earlier = Reading(date=(MEETING + dt.timedelta(days=5)).isoformat(), metric=17,
                      learner_feedback=EVIL, manager_feedback=EVIL, leading={EVIL: 3})
    path = make_intake(tmp_path, bank, title=EVIL, history=[earlier],
                       name="in\x1b[2Jtake.yaml")
    r = invoke("followup", str(path), "--metric", "15", "--learner-feedback", EVIL)
    assert r.exit_code == 0, r.stderr
    assert_inert(r.stdout)
    assert_inert(r.stderr)
    assert "‹U+202E›exe.txt" in r.stdout
    r = invoke("followup", str(path), "--show", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert_inert(r.stdout)


def test_a_users_bank_outline_is_inert(tmp_path: Path) -> None:
    bank = (REPO / "tests" / "fixtures" / "mini-bank.yaml").read_text(encoding="utf-8")
    path = tmp_path / "evil-bank.yaml"
    path.write_text(bank.replace("title: Mini bank", 'title: "Bank \\e[2J \\u202eexe"', 1),
                    encoding="utf-8")
    r = invoke("banks", "show", str(path))
    assert r.exit_code == 0, r.stderr
    assert_inert(r.stdout)
    assert "Bank ␛[2J ‹U+202E›exe" in r.stdout


# ---------------------------------------------------------------------------------------
# CSV: no formulas for spreadsheets (F4)

FORMULAS = ["=HYPERLINK(\"http://x\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A2)", "\tTAB", "\rCR"]


@pytest.fixture
def formula_folder(tmp_path: Path) -> Path:
    for n, text in enumerate(FORMULAS):
        save_example(tmp_path / f"{n}.yaml", title=text, requester=text)
    save_example(tmp_path / "=1+1.yaml")
    return tmp_path


def test_csv_cells_that_start_like_a_formula_get_an_apostrophe(formula_folder: Path) -> None:
    import csv
    import io

    r = invoke("review", str(formula_folder), "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert_inert(r.stdout)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    titles = [row["title"] for row in rows if row["title"] != rows[-1]["title"]]
    assert all(t.startswith("'") for t in titles), titles
    assert [t[1:] for t in titles] == [textutil.printable(f) for f in FORMULAS]
    assert all(row["requester"].startswith("'") for row in rows[:-1])
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows for cell in row.values())


def test_csv_file_names_are_cells_too(formula_folder: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(formula_folder)
    r = invoke("review", "=1+1.yaml", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[1].startswith("'=1+1.yaml,")


def test_csv_raw_keeps_the_exact_data(formula_folder: Path) -> None:
    import csv
    import io

    r = invoke("review", str(formula_folder), "--format", "csv", "--csv-raw")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout, newline="")))
    assert [row["title"] for row in rows[:-1]] == FORMULAS


def test_csv_raw_is_only_for_csv(formula_folder: Path) -> None:
    r = invoke("review", str(formula_folder), "--csv-raw")
    assert r.exit_code == 2
    assert r.stderr == "ldconsult: error: --csv-raw applies only to --format csv, not table\n"


# ---------------------------------------------------------------------------------------
# A user's memo template (G3): its output passed control characters and bidi overrides
# from the intake straight to the terminal and to -o files; `{{ intake.meta.title }}`
# could set the window title. It now goes through the same filter as every output;
# --raw keeps the exact bytes, in a file only.

RAW_TEMPLATE = ("# {{ intake.meta.title }}\n\nAsked by {{ intake.meta.requester }}.\n"
                "{% for a in answers %}{{ a.answer }}\n{% endfor %}")


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "memo.md.j2"
    path.write_text(RAW_TEMPLATE, encoding="utf-8")
    return path


def test_a_user_template_on_stdout_is_inert(hostile: Path, template: Path) -> None:
    r = invoke("export", str(hostile), "--template", str(template))
    assert r.exit_code == 0, r.stderr
    assert_inert(r.stdout)
    assert r.stdout.startswith("# Evil ␛]0;pwned␇ ␛[2J \ufffd31m red ␈␈␈XX "
                               "‹U+202E›exe.txt‹U+202C› ‹U+2066›iso‹U+2069›\n")


def test_a_user_template_written_to_a_file_is_inert(hostile: Path, template: Path,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    r = invoke("export", str(hostile), "--template", str(template), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert_inert(out.read_text(encoding="utf-8"))


def test_raw_keeps_the_exact_bytes_in_a_file(hostile: Path, template: Path,
                                             tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    r = invoke("export", str(hostile), "--template", str(template), "-o", str(out), "--raw")
    assert r.exit_code == 0, r.stderr
    assert out.read_text(encoding="utf-8").startswith(f"# {EVIL}\n")


@pytest.mark.parametrize("target", [[], ["-o", "-"], ["-o", "/dev/stdout"]],
                         ids=["stdout", "-o -", "-o /dev/stdout"])
def test_raw_is_refused_for_anything_but_a_file(hostile: Path, template: Path,
                                                target: list[str]) -> None:
    r = invoke("export", str(hostile), "--template", str(template), "--raw", *target)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr == ("ldconsult: error: --raw keeps the exact bytes only in a file "
                        "(-o PATH): a terminal would obey the control characters in them\n")


def test_raw_applies_only_to_a_user_template(hostile: Path, tmp_path: Path) -> None:
    r = invoke("export", str(hostile), "--raw", "-o", str(tmp_path / "m.md"))
    assert r.exit_code == 2
    assert r.stderr == "ldconsult: error: --raw applies only with --template\n"
