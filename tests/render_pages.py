"""Shared helpers for the web page and Word document tests: cases through the real engine
and a small reader for the page's parts (not a test module)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from test_render_fixtures import REPO, intake_from_answers

from ldconsult.engine import load_for, recommend
from ldconsult.intake import Intake, Reading

# The follow-up case: the CRM go-live example with three readings of its KPI (62% → 90%).
READINGS = (("2026-12-18", 66.0), ("2027-01-09", 75.0), ("2027-01-20", 83.0))
ESC = "\x1b"
RLO = "\u202e"
CSI = "\x9b"  # the one-byte control sequence introducer
HOSTILE = (f'<script>alert(1)</script> "><img src=x onerror=alert(2)> {ESC}[31mred{RLO}txt.exe'
           f" {CSI}2J")


def example(name: str = "crm-go-live", *, readings: tuple[tuple[str, float], ...] = (),
            **answers: Any) -> tuple[Intake, Any, Any]:
    """(intake, loaded bank, recommendation) for an example's answers, with ``answers``
    replaced and ``readings`` in its history."""
    intake = intake_from_answers(REPO / "examples" / "answers" / f"{name}.yaml")
    update: dict[str, Any] = {"history": [Reading(date=d, metric=v) for d, v in readings]}
    if answers:
        update["answers"] = {**intake.answers, **answers}
    intake = intake.model_copy(update=update)
    loaded = load_for(intake, None)
    return intake, loaded, recommend(intake, loaded)


def hostile_example() -> tuple[Intake, Any, Any]:
    """The CRM example with hostile text in its title, requester and free-text answers."""
    intake, loaded, _ = example(readings=READINGS)
    texts = {q.id for q in loaded.bank.questions() if q.type in ("text", "long_text")}
    answers = {k: (HOSTILE if k in texts else v) for k, v in intake.answers.items()}
    meta = intake.meta.model_copy(update={"title": HOSTILE, "requester": HOSTILE,
                                          "interviewer": HOSTILE})
    intake = intake.model_copy(update={"answers": answers, "meta": meta})
    return intake, loaded, recommend(intake, loaded)


def svgs(page: str) -> dict[str, ET.Element]:
    """Each picture's SVG, parsed as XML, by name (grid, timeline, readings)."""
    found = {}
    for match in re.finditer(r"<svg\b.*?</svg>", page, re.S):
        root = ET.fromstring(match.group())
        found[root.get("class", "").removeprefix("picture-")] = root
    return found


def parts(root: ET.Element, attr: str) -> list[ET.Element]:
    """Elements of a picture that carry ``data-<attr>``."""
    return [e for e in root.iter() if e.get(f"data-{attr}") is not None]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each heading."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3"):
            self._heading = tag
            self.headings.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)


def markdown_headings(memo: str) -> list[tuple[str, str]]:
    """The memo's headings as (h1|h2|h3, text), Markdown escapes removed."""
    out = []
    for line in memo.splitlines():
        m = re.match(r"(#{1,3}) (.*)", line)
        if m:
            out.append((f"h{len(m.group(1))}", re.sub(r"\\(.)", r"\1", m.group(2))))
    return out


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def docx_outline(data: bytes) -> str:
    """A Word document as text for a golden file: each paragraph as "[style] text", each
    table as rows of cells ("text {fill}" where shaded), in document order."""
    import io

    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(io.BytesIO(data))
    tables = iter(doc.tables)
    paragraphs = iter(doc.paragraphs)
    lines = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = next(paragraphs)
            breaks = [b for b in child.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
            if p.text or breaks:
                lines.append(f"[{p.style.name}] {p.text}" + (" <page break>" if breaks else ""))
        elif child.tag == qn("w:tbl"):
            lines.append("[table]")
            for row in next(tables).rows:
                lines.append("  | " + " | ".join(_cell_text(c) for c in row.cells))
    return "\n".join(lines) + "\n"


def _cell_text(cell) -> str:
    from docx.oxml.ns import qn

    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    text = cell.text.replace("\n", " / ")
    return text + (f" {{{shading.get(qn('w:fill'))}}}" if shading is not None else "")
