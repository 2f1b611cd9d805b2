"""The memo as a web page: its pictures say what the recommendation says, it loads and runs
nothing, it escapes what the intake says, and its words are the Markdown memo's."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from render_pages import (
    CSI,
    ESC,
    HOSTILE,
    READINGS,
    RLO,
    Tags,
    example,
    hostile_example,
    markdown_headings,
    parts,
    svgs,
)
from test_render_fixtures import RECS, fixture_bank, fixture_intake

from ldconsult.engine import key_dates
from ldconsult.engine.recommendation import GRID
from ldconsult.render.html_page import render_page
from ldconsult.render.markdown import memo_context, render_memo
from ldconsult.render.textutil import bundles

EXAMPLES = ["crm-go-live", "sales-objection-handling", "expense-tool-course",
            "engineering-communication", "slide-template-preference"]


@pytest.fixture(scope="module")
def followup_case():
    intake, loaded, rec = example(readings=READINGS)
    return intake, loaded, rec, render_page(rec, intake, loaded)


# ---------------------------------------------------------------------------------------
# The pictures

@pytest.mark.parametrize("name", sorted(RECS))
def test_grid_cells_show_the_states_of_the_causes(name: str) -> None:
    rec = RECS[name]
    grid = svgs(render_page(rec, fixture_intake(), fixture_bank()))["grid"]
    shown = {g.get("data-cell"): g.get("data-state") for g in parts(grid, "cell")}
    expected = {label: (rec.cause(cell).state if rec.cause(cell) else "unknown")
                for cell, label in GRID}
    assert shown == expected


def test_a_gap_cell_quotes_the_answer_behind_it() -> None:
    intake, loaded, rec = example("sales-objection-handling")
    grid = svgs(render_page(rec, intake, loaded))["grid"]
    gap = next(g for g in parts(grid, "cell") if g.get("data-state") == "gap")
    words = " ".join(t.text or "" for t in gap.iter("{http://www.w3.org/2000/svg}text"))
    assert "“" in words  # the quoted answer, opened in the cell


@pytest.mark.parametrize("name", ["crm-go-live", "sales-objection-handling",
                                  "expense-tool-course"])
def test_timeline_bars_are_the_plans_fixes_with_their_start_dates(name: str) -> None:
    intake, loaded, rec = example(name)
    bars = parts(svgs(render_page(rec, intake, loaded))["timeline"], "fix")
    heads = bundles(rec.interventions).heads
    assert [b.get("data-fix") for b in bars] == [i.title for i in heads]
    assert [b.get("data-kind") for b in bars] == [i.kind for i in heads]
    # The memo's "Starts" column: the fix's own start, else the date of the step that
    # starts it; none for a fix left to a later reset.
    plan = memo_context(rec, intake, loaded.bank)["memo"]["plan"]
    assert [b.get("data-start") for b in bars] == \
        [p["by"] if re.fullmatch(r"\d{4}-\d\d-\d\d", p["by"]) else "" for p in plan]
    assert [b.get("data-start") for b, i in zip(bars, heads) if i.start] == \
        [i.start for i in heads if i.start]


def test_timeline_marks_the_go_live_and_every_checkpoint(followup_case) -> None:
    intake, loaded, rec, page = followup_case
    marks = {(m.get("data-milestone"), m.get("data-date"))
             for m in parts(svgs(page)["timeline"], "milestone")}
    go_live = key_dates(intake, loaded).go_live
    assert go_live is not None and ("go_live", go_live.isoformat()) in marks
    for c in rec.measurement.checkpoints:
        assert (c.kind, c.date) in marks
    assert ("meeting", intake.meta.meeting_date) in marks


def test_readings_are_drawn_with_the_baseline_and_target_lines(followup_case) -> None:
    intake, loaded, rec, page = followup_case
    chart = svgs(page)["readings"]
    points = [(p.get("data-reading"), float(p.get("data-value"))) for p in parts(chart, "reading")]
    assert points == list(READINGS)
    lines = {e.get("data-line"): float(e.get("data-value")) for e in parts(chart, "line")}
    assert lines == {"baseline": rec.result.baseline, "target": rec.result.target}


def test_no_readings_no_readings_picture() -> None:
    intake, loaded, rec = example()
    assert set(svgs(render_page(rec, intake, loaded))) == {"grid", "timeline"}


def test_a_plan_without_dated_fixes_has_no_timeline() -> None:
    page = render_page(RECS["more_info"], fixture_intake(), fixture_bank())
    assert "timeline" not in svgs(page)


@pytest.mark.parametrize("name", ["grid", "timeline", "readings"])
def test_each_picture_is_an_image_with_a_title_a_description_and_words_beside_it(
        followup_case, name: str) -> None:
    page = followup_case[3]
    root = svgs(page)[name]
    ns = "{http://www.w3.org/2000/svg}"
    title, desc = root.find(f"{ns}title"), root.find(f"{ns}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text and desc.text
    figure = re.search(rf'<figure class="picture {name}">.*?</figure>', page, re.S).group()
    caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1)
    assert "In words:" in caption and len(caption) > 40


def test_the_readings_in_words_list_every_reading(followup_case) -> None:
    page = followup_case[3]
    caption = re.search(r'picture readings">.*?<figcaption>(.*?)</figcaption>', page, re.S)
    for day, value in READINGS:
        assert f"{day}: {value:g}" in caption.group(1)


# ---------------------------------------------------------------------------------------
# Self-contained: nothing runs, nothing loads

@pytest.mark.parametrize("name", EXAMPLES)
def test_the_page_has_no_script_and_loads_nothing(name: str) -> None:
    intake, loaded, rec = example(name)
    page = render_page(rec, intake, loaded)
    assert "<script" not in page.lower()
    for tag, attrs in Tags(page).tags:
        for key in ("src", "href", "action", "srcset", "data"):
            assert key not in attrs, (tag, key)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    assert not re.search(r"url\s*\(", page)
    assert not re.search(r"@import|<link\b|<img\b|<iframe\b|<object\b", page)
    assert "default-src 'none'" in page  # the Content-Security-Policy says so too


def test_the_print_style_sets_the_page_and_folds_the_appendices(followup_case) -> None:
    page = followup_case[3]
    assert "@page" in page and "@media print" in page
    tags = Tags(page).tags
    assert ("details", {"class": "appendix"}) in tags
    assert all(attrs.get("open") is None for tag, attrs in tags if tag == "details")


# ---------------------------------------------------------------------------------------
# Escaping

@pytest.fixture(scope="module")
def hostile_page() -> str:
    intake, loaded, rec = hostile_example()
    return render_page(rec, intake, loaded)


@pytest.mark.parametrize("bad", ["<script", "<img", ESC, RLO, CSI])
def test_hostile_intake_text_is_shown_never_obeyed(hostile_page: str, bad: str) -> None:
    assert bad not in hostile_page


def test_hostile_text_adds_no_tag_and_no_attribute(hostile_page: str) -> None:
    tags = Tags(hostile_page).tags
    assert not [t for t, attrs in tags if "onerror" in attrs or t in ("img", "script")]


def test_hostile_text_is_still_there_to_read(hostile_page: str) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_page
    assert "␛[31mred‹U+202E›txt.exe \ufffd2J" in hostile_page
    title = re.search(r"<title>(.*?)</title>", hostile_page, re.S).group(1)
    assert title.startswith("&lt;script&gt;")


def test_hostile_text_in_the_pictures_is_escaped(hostile_page: str) -> None:
    for root in svgs(hostile_page).values():  # parsed as XML: no element was injected
        assert not [e for e in root.iter() if e.tag.rpartition("}")[2] in ("script", "img")]
    assert "readings" in svgs(hostile_page)


def test_hostile_fixture_renders_escaped() -> None:
    page = render_page(RECS["hostile"], fixture_intake(), fixture_bank())
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert 'href="http://x"' not in page


# ---------------------------------------------------------------------------------------
# The words are the Markdown memo's

@pytest.mark.parametrize("name", EXAMPLES)
def test_the_page_has_the_memos_headings_in_the_memos_order(name: str) -> None:
    intake, loaded, rec = example(name)
    memo = render_memo(rec, intake, loaded)
    assert Tags(render_page(rec, intake, loaded)).headings == markdown_headings(memo)


def test_a_change_to_the_memo_template_reaches_the_page(monkeypatch) -> None:
    from ldconsult.render import markdown

    intake, loaded, rec = example()
    real = markdown._environment

    def edited(name, source):
        return real(name, source.replace("## Economics", "## Money, roughly"))

    monkeypatch.setattr(markdown, "_environment", edited)
    headings = [text for _, text in Tags(render_page(rec, intake, loaded)).headings]
    assert "Money, roughly" in headings and "Economics" not in headings


def test_the_same_intake_gives_the_same_page() -> None:
    intake, loaded, rec = example(readings=READINGS)
    assert render_page(rec, intake, loaded) == render_page(rec, intake, loaded)


def test_a_reading_without_a_number_is_left_out_of_the_picture() -> None:
    from ldconsult.intake import Reading

    intake, loaded, rec = example(readings=READINGS)
    intake = intake.model_copy(update={"history": [
        *intake.history, Reading(date=dt.date(2027, 1, 25).isoformat(), note="team away")]})
    chart = svgs(render_page(rec, intake, loaded))["readings"]
    assert len(parts(chart, "reading")) == len(READINGS)
