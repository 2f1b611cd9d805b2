"""The memo as a Word document, reopened with python-docx: real headings, the memo's
tables, the pictures as tables, escaped text; and, where LibreOffice is installed, it
opens there."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from render_pages import CSI, ESC, READINGS, RLO, example, hostile_example, markdown_headings
from test_render_fixtures import RECS, fixture_bank, fixture_intake

from ldconsult.engine.recommendation import GRID
from ldconsult.render.markdown import render_memo
from ldconsult.render.textutil import bundles
from ldconsult.render.word_doc import KIND_FILL, STATE_FILL, render_docx

STYLE_OF = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}


def reopen(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def followup_doc():
    intake, loaded, rec = example(readings=READINGS)
    return intake, loaded, rec, reopen(render_docx(rec, intake, loaded))


def headings(doc) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs
            if p.style.name in STYLE_OF.values()]


def table_with(doc, first_cell: str):
    return next(t for t in doc.tables if t.cell(0, 0).text == first_cell)


def fill(cell) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shading.get(qn("w:fill")) if shading is not None else None


@pytest.mark.parametrize("name", ["crm-go-live", "engineering-communication",
                                  "slide-template-preference"])
def test_the_memos_headings_are_real_word_headings(name: str) -> None:
    intake, loaded, rec = example(name)
    doc = reopen(render_docx(rec, intake, loaded))
    memo = render_memo(rec, intake, loaded)
    assert headings(doc) == [(STYLE_OF[tag], text) for tag, text in markdown_headings(memo)]


def test_the_title_is_the_documents_title_too(followup_doc) -> None:
    intake, _, rec, doc = followup_doc
    assert doc.core_properties.title == rec.intake_title
    assert doc.core_properties.author == intake.meta.interviewer


def test_the_plan_is_a_table_with_a_row_per_fix(followup_doc) -> None:
    _, _, rec, doc = followup_doc
    plan = table_with(doc, "#")
    assert [c.text for c in plan.rows[0].cells] == \
        ["#", "What", "Owner (referrals outside L&D)", "Effort", "Kind", "Why", "Starts"]
    heads = bundles(rec.interventions).heads
    assert len(plan.rows) == 1 + len(heads)
    assert all(row.cells[1].text.startswith(i.title) for row, i in zip(plan.rows[1:], heads))


def test_the_economics_and_the_checkpoints_are_tables(followup_doc) -> None:
    _, _, rec, doc = followup_doc
    economics = next(t for t in doc.tables if t.cell(0, 1).text == "Rough figure")
    assert len(economics.rows) > 1
    measure = table_with(doc, "KPI")
    firsts = [row.cells[0].text for row in measure.rows]
    for c in rec.measurement.checkpoints:
        assert any(f.startswith(c.date) for f in firsts), c.date


def test_the_grid_table_is_coloured_by_the_state_of_each_cause(followup_doc) -> None:
    _, _, rec, doc = followup_doc
    grid = table_with(doc, "")  # the memo's grid table has an empty corner
    for k, (cell, _) in enumerate(GRID):
        shown = grid.cell(1 if k < 3 else 3, 1 + k % 3)
        assert fill(shown) == STATE_FILL[rec.cause(cell).state], cell


def test_the_time_line_table_shades_each_fix_from_the_month_it_starts(followup_doc) -> None:
    _, _, rec, doc = followup_doc
    gantt = table_with(doc, "Fix")
    heads = bundles(rec.interventions).heads
    rows = gantt.rows[1:1 + len(heads)]
    assert [r.cells[0].text for r in rows] == [i.title for i in heads]
    for row, item in zip(rows, heads):
        shaded = [fill(c) for c in row.cells[1:]]
        first = next(k for k, f in enumerate(shaded) if f)
        assert set(shaded[first:]) == {KIND_FILL[item.kind]}
        assert row.cells[1 + first].text.startswith("from ")
    milestones = gantt.rows[-1]
    assert milestones.cells[0].text == "Milestones"
    assert "Go-live" in " ".join(c.text for c in milestones.cells)


def test_the_readings_are_a_table_between_baseline_and_target(followup_doc) -> None:
    _, _, rec, doc = followup_doc
    table = table_with(doc, "Date")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows[0][1:] == ["Baseline", f"{rec.result.baseline:g}"]
    assert [(r[0], float(r[2])) for r in rows[1:-1]] == list(READINGS)
    assert rows[-1][1:] == ["Target", f"{rec.result.target:g}"]


def test_the_appendices_start_on_a_new_page(followup_doc) -> None:
    doc = followup_doc[3]
    body = doc.element.body
    breaks = [p for p in body.iter(qn("w:br")) if p.get(qn("w:type")) == "page"]
    assert len(breaks) == 1
    following = breaks[0].getparent().getparent().getnext()
    assert following.xpath("string(.)").startswith("Appendix")


def test_hostile_text_is_shown_as_text() -> None:
    intake, loaded, rec = hostile_example()
    doc = reopen(render_docx(rec, intake, loaded))
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "<script>alert(1)</script>" in text  # literal text, as typed
    assert "␛[31mred‹U+202E›txt.exe \ufffd2J" in text
    assert ESC not in text and RLO not in text and CSI not in text
    assert doc.core_properties.title.startswith("<script>")


def test_fixture_memos_make_documents() -> None:
    for name, rec in RECS.items():
        doc = reopen(render_docx(rec, fixture_intake(), fixture_bank()))
        assert doc.paragraphs[0].style.name == "Title", name


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed")
def test_libreoffice_opens_the_document(tmp_path: Path, followup_doc) -> None:
    intake, loaded, rec, _ = followup_doc
    source = tmp_path / "memo.docx"
    source.write_bytes(render_docx(rec, intake, loaded))
    office = shutil.which("soffice") or shutil.which("libreoffice")
    done = subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "memo.pdf"
    assert pdf.is_file(), done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
