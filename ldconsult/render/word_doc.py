"""The memo as a Word document (.docx), made with python-docx.

The words are the Markdown memo's (:mod:`ldconsult.render.memo_doc`), laid out with
Word's own styles: real headings (Title, Heading 1, Heading 2), lists, and tables for the
plan, the checkpoints, the economics and the answers, so a manager can edit, comment and
forward it. The pictures are drawn with tables, not images: python-docx takes only
raster images, and no well-kept pure-Python way from SVG to PNG exists (cairosvg needs
the Cairo library). So the grid of causes is the memo's grid table with its cells
coloured by state (and the answer behind each gap), the plan on a time line is a table
of months with each fix shaded from its start, and the readings are a table beside the
baseline and target. The appendices start on a new page.

Every piece of text is terminal-safe already (the memo's filters) or made so here
(``printable``), which also keeps out the control characters XML cannot hold.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from markdown_it.token import Token

from ldconsult.bank.banks import LoadedBank
from ldconsult.base.calendar_math import add_months
from ldconsult.base.plan_dates import ISO_DATE
from ldconsult.base.text import printable
from ldconsult.engine.recommendation import Recommendation
from ldconsult.intake import Intake
from ldconsult.render import memo_doc, pictures
from ldconsult.render.memo_doc import APPENDICES, Mark, MemoDoc
from ldconsult.render.pictures import MONTHS, short_date
from ldconsult.render.textutil import num

HEADING_LEVEL = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}  # 0 is Word's Title style
STATE_FILL = {"gap": "FDE2E0", "ok": "E6F4EA", "unknown": "F3F4F6"}
KIND_FILL = {"training": "C9D7EE", "non_training": "F3DDB8"}
KIND_WORDS = {"training": "blue for training", "non_training": "amber for fixes to the work"}
HEADER_FILL = "F2F4F7"
MAX_MONTH_COLUMNS = 12  # a longer plan is drawn by quarter
MARGIN_MM = 20
LABEL_COLUMN_MM = 38
CHAR_MM, PAD_MM = 1.9, 4.0  # a character of 9.5-point text, and a cell's inner margins
TABLE_PT, SMALL_PT = 9.5, 8


def render_docx(rec: Recommendation, intake: Intake, loaded: LoadedBank) -> bytes:
    """The document as the bytes of a .docx file."""
    doc = memo_doc.build(rec, intake, loaded)
    word = docx.Document()
    _properties(word, doc.title, intake)
    for section in word.sections:
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
    _Writer(word, doc).write()
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _properties(word: Document, title: str, intake: Intake) -> None:
    props = word.core_properties
    props.title = printable(title)
    props.subject = "Recommendation memo"
    props.author = printable(intake.meta.interviewer or "")
    props.last_modified_by = ""
    props.comments = ""
    props.created = props.modified = intake.updated.astimezone(dt.timezone.utc).replace(
        tzinfo=None)
    props.revision = 1


class _Writer:
    """Walks the memo's blocks and writes them into ``word``."""

    def __init__(self, word: Document, doc: MemoDoc) -> None:
        self.word, self.doc = word, doc
        self.lists: list[str] = []  # "bullet" / "ordered", innermost last
        self.item_start = False  # the next paragraph opens a list item
        self.quote = False
        self.grid_next: pictures.Grid | None = None  # colour the next table as the grid

    def write(self) -> None:
        for block in self.doc.blocks:
            if isinstance(block, Mark):
                self._mark(block.name)
            else:
                self._tokens(block)

    def _mark(self, name: str) -> None:
        picture = self.doc.pictures.get(name)
        if name == APPENDICES:
            self.word.add_page_break()
        elif isinstance(picture, pictures.Grid):
            self.grid_next = picture
        elif isinstance(picture, pictures.Timeline):
            _timeline_table(self.word, picture)
        elif isinstance(picture, pictures.Readings):
            _readings_table(self.word, picture)

    def _tokens(self, tokens: list[Token]) -> None:
        k = 0
        while k < len(tokens):
            t = tokens[k]
            if t.type == "heading_open":
                _runs(self.word.add_heading("", HEADING_LEVEL.get(t.tag, 3)), tokens[k + 1])
                k += 3
                continue
            if t.type == "paragraph_open":
                _runs(self.word.add_paragraph(style=self._style()), tokens[k + 1])
                k += 3
                continue
            if t.type == "table_open":
                end = next(j for j in range(k, len(tokens)) if tokens[j].type == "table_close")
                self._table(tokens[k:end])
                k = end + 1
                continue
            self._structure(t)
            k += 1

    def _structure(self, t: Token) -> None:
        if t.type in ("bullet_list_open", "ordered_list_open"):
            self.lists.append(t.type.split("_")[0])
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif t.type == "list_item_open":
            self.item_start = True
        elif t.type in ("blockquote_open", "blockquote_close"):
            self.quote = t.type == "blockquote_open"

    def _style(self) -> str | None:
        if self.quote:
            return "Quote"
        if not self.lists:
            return None
        depth = "" if len(self.lists) == 1 else f" {min(len(self.lists), 3)}"
        kind = "List Bullet" if self.lists[-1] == "bullet" else "List Number"
        style = (kind if self.item_start else "List Continue") + depth
        self.item_start = False
        return style

    def _table(self, tokens: list[Token]) -> None:
        rows: list[tuple[bool, list[Token]]] = []
        header = False
        for t in tokens:
            if t.type in ("thead_open", "tbody_open"):
                header = t.type == "thead_open"
            elif t.type == "tr_open":
                rows.append((header, []))
            elif t.type == "inline":
                rows[-1][1].append(t)
        # A header row with no words (the measurement table's) is left out.
        rows = [(h, cells) for h, cells in rows if not h or any(c.content for c in cells)]
        if not rows:
            return
        table = _new_table(self.word, len(rows), max(len(c) for _, c in rows))
        for r, (is_header, cells) in enumerate(rows):
            for c, inline in enumerate(cells):
                cell = table.cell(r, c)
                _runs(cell.paragraphs[0], inline, bold=is_header, size=TABLE_PT)
                if is_header:
                    _shade(cell, HEADER_FILL)
            if is_header and r == 0:
                _repeat_header(table.rows[0])
        _fit_columns(table, [[c.content for c in cells] for _, cells in rows])
        if self.grid_next is not None:
            _colour_grid(table, self.grid_next)
            self.grid_next = None


# ---------------------------------------------------------------------------------------
# Text and cells

def _runs(paragraph: Paragraph, inline: Token, *, bold: bool = False,
          size: float | None = None) -> None:
    """The inline tokens as runs: bold, italic, code and line breaks kept."""
    strong = em = False
    for child in inline.children or []:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            strong = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            em = kind == "em_open"
        elif kind in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break()
        elif kind in ("text", "code_inline"):
            run = paragraph.add_run(printable(child.content))
            run.bold = strong or bold or None
            run.italic = em or None
            if size is not None:
                run.font.size = Pt(size)
            if kind == "code_inline":
                run.font.name = "Consolas"


def _new_table(word: Document, rows: int, cols: int) -> Table:
    table = word.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    return table


def _text_width(word: Document) -> float:
    section = word.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def _fit_columns(table: Table, texts: list[list[str]]) -> None:
    """Column widths by what each column holds: at least its longest word, the rest shared
    by how much text it has (left to itself, LibreOffice makes all columns equal)."""
    cols = range(len(table.columns))
    column = [[row[c] for row in texts if c < len(row)] for c in cols]
    least = [max((len(w) for t in texts_ for w in _pieces(t)), default=1) * CHAR_MM + PAD_MM
             for texts_ in column]
    weights = [min(max((len(t) for t in texts_), default=0), 45) + 4 for texts_ in column]
    room = _text_width(table.part.document) - sum(least)
    if room <= 0:
        _set_widths(table, least)
        return
    _set_widths(table, [m + room * w / sum(weights) for m, w in zip(least, weights)])


def _pieces(text: str) -> list[str]:
    """The parts of ``text`` a line may break between: words, and the parts of a
    hyphenated word (a date stays whole)."""
    out: list[str] = []
    for word in text.split():
        out += [word] if ISO_DATE.fullmatch(word) else word.replace("-", "- ").split()
    return out


def _set_widths(table: Table, widths: list[float]) -> None:
    """``widths`` in mm, scaled down to the text width if they add up to more."""
    scale = min(1.0, _text_width(table.part.document) / sum(widths))
    table.autofit = False
    for c, mm in enumerate(widths):
        table.columns[c].width = Mm(mm * scale)
        for cell in table.columns[c].cells:
            cell.width = Mm(mm * scale)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _note(cell: _Cell, words: str) -> None:
    run = cell.add_paragraph().add_run(printable(words))
    run.italic = True
    run.font.size = Pt(SMALL_PT)


def _caption(word: Document, words: str, *, keep: bool = True) -> None:
    """A caption; ``keep``: on the same page as the table below it."""
    word.add_paragraph(printable(words), style="Caption").paragraph_format.keep_with_next = keep


# ---------------------------------------------------------------------------------------
# The pictures, as tables

def _colour_grid(table: Table, grid: pictures.Grid) -> None:
    """The memo's grid table (a header row, Environment, a second header, Individual;
    a label column and three cells) with each cell shaded by its state."""
    if len(table.rows) != 4 or len(table.columns) != 4:
        return  # not the layout we know: leave it as the memo wrote it
    for k, cell in enumerate(grid.cells):
        target = table.cell(1 if k < 3 else 3, 1 + k % 3)
        _shade(target, STATE_FILL[cell.state])
        if cell.note:
            _note(target, f"“{cell.note}”")


def _timeline_table(word: Document, t: pictures.Timeline) -> None:
    """Months across, one row per fix shaded from its start, and a row of milestones."""
    _caption(word, "The plan on a time line")
    periods = _periods(t.start, t.end)
    table = _new_table(word, len(t.bars) + 2, len(periods) + 1)
    rest = _text_width(word) - LABEL_COLUMN_MM
    _set_widths(table, [LABEL_COLUMN_MM] + [rest / len(periods)] * len(periods))
    for c, (first, _) in enumerate(periods, start=1):
        head = table.cell(0, c)
        _runs_plain(head, _period_name(first, periods), bold=True)
        _shade(head, HEADER_FILL)
    _runs_plain(table.cell(0, 0), "Fix", bold=True)
    _shade(table.cell(0, 0), HEADER_FILL)
    for r, bar in enumerate(t.bars, start=1):
        _runs_plain(table.cell(r, 0), bar.title, bold=bar.lead)
        for c, (first, last) in enumerate(periods, start=1):
            if bar.start is not None and last >= bar.start:
                _shade(table.cell(r, c), KIND_FILL.get(bar.kind, HEADER_FILL))
                if first <= bar.start <= last:
                    _runs_plain(table.cell(r, c), f"from {short_date(bar.start)}")
        if bar.start is None:  # not dated: when it starts, in words, across the months
            _runs_plain(table.cell(r, 1).merge(table.cell(r, len(periods))),
                        bar.when or "later")
    row = len(t.bars) + 1
    _runs_plain(table.cell(row, 0), "Milestones", bold=True)
    for c, (first, last) in enumerate(periods, start=1):
        marks = [f"{m.label} {short_date(m.day)}" for m in t.milestones
                 if first <= m.day <= last]
        if marks:
            _runs_plain(table.cell(row, c), "; ".join(marks))
    _repeat_header(table.rows[0])
    kinds = dict.fromkeys(KIND_WORDS[b.kind] for b in t.bars if b.kind in KIND_WORDS)
    _caption(word, "Shaded from the month each fix starts: " + ", ".join(kinds) + "."
             + (" Bold: start here." if any(b.lead for b in t.bars) else ""), keep=False)


def _periods(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Months from ``start`` to ``end`` (quarters when there are too many months)."""
    step = 1
    while _count_months(start, end) / step > MAX_MONTH_COLUMNS:
        step = 3 if step == 1 else step * 2
    first = dt.date(start.year, start.month - (start.month - 1) % step, 1)
    out = []
    while first <= end:
        nxt = add_months(first, step)
        out.append((first, nxt - dt.timedelta(days=1)))
        first = nxt
    return out


def _count_months(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _period_name(first: dt.date, periods: list[tuple[dt.date, dt.date]]) -> str:
    name = MONTHS[first.month - 1]
    if first == periods[0][0] or first.month == 1:
        name += f" {first.year}"
    return name


def _readings_table(word: Document, r: pictures.Readings) -> None:
    _caption(word, f"Readings: {r.kpi}")
    rows = [(r.baseline_day.isoformat(), "Baseline", num(r.baseline))] \
        if r.baseline is not None else []
    rows += [(d.isoformat(), "Reading", num(v)) for d, v in r.points]
    target = next((m.day for m in reversed(r.milestones) if m.kind == "target"), None)
    if r.target is not None:
        rows.append((target.isoformat() if target else "", "Target", num(r.target)))
    table = _new_table(word, len(rows) + 1, 3)
    for c, words in enumerate(("Date", "", "Value")):
        _runs_plain(table.cell(0, c), words, bold=True)
        _shade(table.cell(0, c), HEADER_FILL)
    for k, row in enumerate(rows, start=1):
        for c, words in enumerate(row):
            _runs_plain(table.cell(k, c), words, bold=row[1] == "Target")
    _set_widths(table, [30, 30, 30])


def _runs_plain(cell: _Cell, words: str, *, bold: bool = False) -> None:
    run = cell.paragraphs[0].add_run(printable(words))
    run.bold = bold or None
    run.font.size = Pt(SMALL_PT)
