"""Golden files: the memo and the 80-column summary, byte for byte.

Hand-made recommendations pin the renderers; the shipped example intakes
(examples/intakes, one per verdict) pin the whole pipeline, engine included. One case pins
the memo's web page and Word document (golden/pages; the document as an outline of its
paragraphs, styles, tables and cell colours). After an intended change, regenerate and review the diff:

    LDCONSULT_UPDATE_GOLDEN=1 python -m pytest tests/test_render_golden.py
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console
from test_render_fixtures import RECS, REPO, fixture_bank, fixture_intake

from ldconsult.render.markdown import render_memo
from ldconsult.render.summary import render_summary

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("LDCONSULT_UPDATE_GOLDEN") == "1"
# One example per verdict, through the real engine.
EXAMPLES = {
    "sales-objection-handling": "training",
    "expense-tool-course": "non_training",
    "crm-go-live": "blended",
    "engineering-communication": "more_info",
    "slide-template-preference": "no_intervention",
    # The smallest bank, to pin a memo with few answers.
    "quick-triage/purchase-order-rework": "non_training",
}


def summary_text(rec) -> str:
    buf = io.StringIO()
    Console(file=buf, width=80, force_terminal=False, color_system=None).print(
        render_summary(rec))
    # Rich pads table rows to the full width; trailing spaces are noise in a golden file.
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def check(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: run with LDCONSULT_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (f"{path.name} differs from the golden file; if the change "
                                "is intended, regenerate with LDCONSULT_UPDATE_GOLDEN=1")


@pytest.mark.parametrize("name", sorted(RECS))
def test_fixture_memo_matches_golden(name: str) -> None:
    check(GOLDEN / "fixtures" / f"memo-{name}.md",
          render_memo(RECS[name], fixture_intake(), fixture_bank()))


@pytest.mark.parametrize("name", sorted(RECS))
def test_fixture_summary_matches_golden(name: str) -> None:
    check(GOLDEN / "fixtures" / f"summary-{name}.txt", summary_text(RECS[name]))


def _example(name: str):
    """A shipped example intake (examples/intakes) through the real engine."""
    from ldconsult.engine import load_for, recommend
    from ldconsult.intake import load

    intake = load(REPO / "examples" / "intakes" / f"{name}.yaml")
    loaded = load_for(intake, None)
    return intake, loaded, recommend(intake, loaded)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_gives_its_verdict(name: str) -> None:
    assert _example(name)[2].verdict == EXAMPLES[name]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_memo_matches_golden(name: str) -> None:
    intake, loaded, rec = _example(name)
    check(GOLDEN / "examples" / f"{_flat(name)}.md", render_memo(rec, intake, loaded))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_summary_matches_golden(name: str) -> None:
    check(GOLDEN / "examples" / f"{_flat(name)}.txt", summary_text(_example(name)[2]))


# One case for the web page and the Word document: the CRM go-live example with three
# follow-up readings, so all three pictures are drawn.
def test_page_matches_golden() -> None:
    from render_pages import READINGS, example

    from ldconsult.render.html_page import render_page

    intake, loaded, rec = example(readings=READINGS)
    check(GOLDEN / "pages" / "crm-go-live-followup.html", render_page(rec, intake, loaded))


def test_word_document_matches_golden() -> None:
    from render_pages import READINGS, docx_outline, example

    from ldconsult.render.word_doc import render_docx

    intake, loaded, rec = example(readings=READINGS)
    check(GOLDEN / "pages" / "crm-go-live-followup.docx.outline",
          docx_outline(render_docx(rec, intake, loaded)))


def _flat(name: str) -> str:
    return name.replace("/", "--")


def test_summary_goldens_fit_in_80_columns() -> None:
    from rich.cells import cell_len

    for path in sorted(GOLDEN.rglob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert cell_len(line) <= 80, (path.name, line)
