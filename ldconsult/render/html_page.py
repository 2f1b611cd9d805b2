"""The memo as one self-contained HTML page, with its pictures drawn in SVG.

The words are the Markdown memo's (:mod:`ldconsult.render.memo_doc`); the page adds the
grid of causes, the plan on a time line and, once there are readings, the readings
against the target, each followed by the same content in words. The page has no script
and loads nothing: the style sheet is inline, the pictures are inline SVG, the fonts are
the reader's own, and a Content-Security-Policy forbids anything else. It prints on one
or two A4 or Letter pages; the appendices are folded away (``<details>``), so they print
only when opened.

The shell (``templates/memo.html.j2``) runs with autoescape, and every value it prints is
made terminal-safe first (``printable``: control characters and bidi overrides shown as
symbols), as in the Markdown memo.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from ldconsult.bank.banks import LoadedBank
from ldconsult.base.text import printable
from ldconsult.engine.recommendation import Recommendation
from ldconsult.intake import Intake
from ldconsult.render import memo_doc, pictures, svg
from ldconsult.render.memo_doc import APPENDICES, Mark, MemoDoc

PAGE = "memo.html.j2"
STYLE = "memo.css"
DRAW = {"grid": svg.grid_svg, "timeline": svg.timeline_svg, "readings": svg.readings_svg}


def render_page(rec: Recommendation, intake: Intake, loaded: LoadedBank) -> str:
    """The page as text (UTF-8, ends with one newline)."""
    doc = memo_doc.build(rec, intake, loaded)
    shown = parts(doc)
    html = _environment().get_template(PAGE).render(
        title=doc.title, style=Markup(_read(STYLE)), parts=shown,
        folded=any(part.get("appendix") for part in shown))
    return html.rstrip("\n") + "\n"


def parts(doc: MemoDoc) -> list[dict[str, Any]]:
    """What the page shows, in order: ``html`` (a run of the memo), ``figure`` (a picture,
    with ``svg`` and ``words``) and ``appendix`` (``heading`` and ``html``, folded)."""
    out: list[dict[str, Any]] = []
    folded = False
    for block in doc.blocks:
        if isinstance(block, Mark):
            folded = folded or block.name == APPENDICES
            picture = doc.pictures.get(block.name)
            if picture is not None:
                out.append({"figure": block.name, "svg": DRAW[block.name](picture),
                            "words": pictures.describe(picture)})
        elif folded:
            out += [{"appendix": True, "heading": _html(doc, head), "html": _html(doc, body)}
                    if head else {"html": _html(doc, body)}
                    for head, body in memo_doc.sections(block)]
        else:
            out.append({"html": _html(doc, block)})
    return out


def _html(doc: MemoDoc, tokens: list[Any]) -> Markup:
    # markdown-it escapes text and, with raw HTML off, never passes markup through.
    return Markup(doc.parser.renderer.render(tokens, doc.parser.options, {}))


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FunctionLoader(_read), autoescape=True,
                              undefined=jinja2.StrictUndefined, finalize=_safe_text,
                              trim_blocks=True, lstrip_blocks=True)


def _safe_text(value: Any) -> Any:
    """Every printed value, before autoescape: user text made terminal-safe."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


def _read(name: str) -> str:
    return resources.files("ldconsult.render").joinpath("templates", name).read_text(
        encoding="utf-8")
