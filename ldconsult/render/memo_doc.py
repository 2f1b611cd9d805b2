"""The built-in memo as blocks, for the HTML page and the Word document.

Both are made from the Markdown memo itself: the same template renders it, then
markdown-it-py (CommonMark with tables) parses it. So their words are the memo's words,
and a change to ``memo.md.j2`` or to the memo's pieces reaches all three formats. The
template's ``place(...)`` marks become :class:`Mark` blocks: where a picture goes and where
the appendices begin.

Escaping: the memo's ``md`` filters have already made every piece of intake text
terminal-safe and literal (``<`` as an entity, no links, no emphasis from an answer).
The parser runs with raw HTML off, so even text that slipped past them would be shown,
not obeyed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, Union

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ldconsult.bank.banks import LoadedBank
from ldconsult.base.plan_dates import ISO_DATE
from ldconsult.engine import key_dates
from ldconsult.engine.recommendation import Recommendation
from ldconsult.intake import Intake
from ldconsult.render import pictures
from ldconsult.render.markdown import builtin_memo, memo_context

APPENDICES = "appendices"


@dataclass(frozen=True)
class Mark:
    name: str  # grid | timeline | readings | appendices


Block = Union[list[Token], Mark]
Picture = Union[pictures.Grid, pictures.Timeline, pictures.Readings]


@dataclass(frozen=True)
class MemoDoc:
    title: str
    blocks: list[Block]
    pictures: dict[str, Picture]  # by mark name; a picture with nothing to show is absent
    parser: MarkdownIt


def parser() -> MarkdownIt:
    # breaks: each line of the template is a line of the memo (the "Format:" and "Why:"
    # lines under a fix), as a Markdown viewer that honours hard breaks shows them.
    md = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")
    md.core.ruler.push("date_cells", _date_cells)
    return md


def _date_cells(state: Any) -> None:
    """A table cell holding only a date gets class "date" (kept on one line)."""
    tokens = state.tokens
    for k, token in enumerate(tokens[:-1]):
        if token.type == "td_open" and ISO_DATE.fullmatch(tokens[k + 1].content):
            token.attrSet("class", "date")


def build(rec: Recommendation, intake: Intake, loaded: LoadedBank) -> MemoDoc:
    # A fresh random tag for the marks: no answer can contain it, so none can pose as one.
    tag = "LDCMARK" + secrets.token_hex(8)
    context = memo_context(rec, intake, loaded.bank)
    text = builtin_memo(rec, intake, loaded, place=lambda name: tag + name, context=context)
    md = parser()
    blocks = split(md.parse(text), tag)
    memo = context["memo"]
    title = rec.intake_title or intake.meta.title or "Recommendation"
    return MemoDoc(title=title, blocks=blocks, parser=md,
                   pictures=_pictures(rec, intake, loaded, memo))


def split(tokens: list[Token], tag: str) -> list[Block]:
    """The tokens in runs, with each mark (a paragraph holding only ``tag`` + name)
    taken out as a :class:`Mark`."""
    blocks: list[Block] = []
    run: list[Token] = []
    k = 0
    while k < len(tokens):
        name = _mark_at(tokens, k, tag)
        if name is None:
            run.append(tokens[k])
            k += 1
            continue
        if run:
            blocks.append(run)
            run = []
        blocks.append(Mark(name))
        k += 3  # paragraph_open, inline, paragraph_close
    if run:
        blocks.append(run)
    return blocks


def _mark_at(tokens: list[Token], k: int, tag: str) -> str | None:
    if tokens[k].type != "paragraph_open" or k + 2 >= len(tokens):
        return None
    content = tokens[k + 1].content
    if tokens[k + 1].type == "inline" and content.startswith(tag):
        return content[len(tag):]
    return None


def _pictures(rec: Recommendation, intake: Intake, loaded: LoadedBank,
              memo: dict[str, Any]) -> dict[str, Picture]:
    dates = key_dates(intake, loaded)
    found: dict[str, Picture | None] = {
        "grid": pictures.grid(rec, memo),
        "timeline": pictures.timeline(rec, memo, dates.go_live, dates.deadline),
        "readings": pictures.readings(rec, intake.history, memo, dates.deadline),
    }
    return {name: p for name, p in found.items() if p is not None}


def sections(tokens: list[Token]) -> list[tuple[list[Token], list[Token]]]:
    """Tokens cut at each second-level heading: (heading tokens, the rest) per section;
    what comes before the first heading has no heading tokens."""
    out: list[tuple[list[Token], list[Token]]] = []
    k = 0
    while k < len(tokens):
        if tokens[k].type == "heading_open" and tokens[k].tag == "h2":
            out.append((tokens[k:k + 3], []))
            k += 3
            continue
        if not out:
            out.append(([], []))
        out[-1][1].append(tokens[k])
        k += 1
    return out
