"""The memo's body reads in two minutes, and nothing is lost on the way to the appendices.

The body is everything before the first "## Appendix". Its words are counted as a reader
sees them: table pipes and rules are not words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from test_render_fixtures import RECS, REPO, fixture_bank, fixture_intake

from ldconsult.render.markdown import BODY_RISKS, BODY_STEPS, cell, md, render_memo
from ldconsult.render.textutil import evidence_text

# Two minutes of reading is about 500 words. The largest examples (four or five gap
# cells and five fixes, each named with its owner, date and reason, and a check series
# with the leading look and a mandate's date) need a little more.
BODY_WORD_LIMIT = 780
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
EXAMPLES = sorted((REPO / "examples" / "intakes").rglob("*.yaml"))


def body(text: str) -> str:
    return text.split("\n## Appendix", 1)[0]


def words(text: str) -> int:
    return sum(1 for token in text.split() if re.search(r"[^\W_]", token))


def section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def example(path: Path):
    from ldconsult.engine import load_for, recommend
    from ldconsult.intake import load

    intake = load(path)
    loaded = load_for(intake, None)
    rec = recommend(intake, loaded)
    return rec, intake, loaded, render_memo(rec, intake, loaded)


def cases() -> list:
    return [pytest.param(path, id=str(path.relative_to(REPO / "examples" / "intakes")))
            for path in EXAMPLES]


def test_there_are_examples_to_measure() -> None:
    assert len(EXAMPLES) >= 6


def test_words_are_counted_as_read() -> None:
    assert words("| **Goal** | 70% → 10% by 2027-03-31 |\n|---|---|") == 5


@pytest.mark.parametrize("path", cases())
def test_example_memo_body_is_under_the_word_limit(path: Path) -> None:
    text = example(path)[3]
    assert words(body(text)) <= BODY_WORD_LIMIT


@pytest.mark.parametrize("path", cases())
def test_example_memo_body_keeps_the_short_lists_short(path: Path) -> None:
    text = body(example(path)[3])
    if "\n## Risks\n" in text:
        assert section(text, "Risks").count("\n- ") <= BODY_RISKS
    steps = section(text, "Next steps")
    assert steps.count("\n| ") <= BODY_STEPS + 1  # + the header row


def _nothing_lost(rec, intake, loaded, text: str) -> None:
    from ldconsult.render.markdown import answer_rows

    for i in rec.interventions + rec.also_consider:
        assert md(i.title) in text, i.title
        assert md(i.summary) in text, i.summary
        if i.duration:
            assert md(i.duration.rstrip(".")) in text
        for e in i.why:  # each answer behind a fix is quoted once, under the first that cites it
            assert md(f"{e.prompt} → ") in text and md(e.answer) in text, (i.id, e.question)
    for c in rec.causes:
        if c.evidence:
            assert md(evidence_text(c.evidence)) in text, c.cell
    for row in answer_rows(intake, loaded.bank):
        assert cell(row["prompt"]) in text, row["id"]
        assert cell(row["answer"]) in text, row["id"]
        if row["note"]:
            assert md(row["note"]) in text, row["id"]
    for f in rec.flags:
        assert md(f.message) in text, f.code
    for r in rec.risks + rec.economics.notes:
        assert md(r) in text, r
    for s in rec.next_steps:
        assert cell(s.action) in text, s.action
    m = rec.measurement
    for item in m.leading_indicators + m.behaviours + m.observers + m.drivers:
        assert md(item) in text, item
    for c in m.checkpoints:
        assert md(c.check) in text, c.check
    if rec.requested.finding and rec.requested.solution not in (None, "none", "unknown"):
        assert md(rec.requested.finding) in text
        if rec.requested.how_we_serve_the_goal:
            assert md(rec.requested.how_we_serve_the_goal) in text


@pytest.mark.parametrize("path", cases())
def test_example_memo_loses_nothing(path: Path) -> None:
    rec, intake, loaded, text = example(path)
    _nothing_lost(rec, intake, loaded, text)


@pytest.mark.parametrize("name", sorted(RECS))
def test_fixture_memo_loses_nothing(name: str) -> None:
    intake, loaded = fixture_intake(), fixture_bank()
    _nothing_lost(RECS[name], intake, loaded, render_memo(RECS[name], intake, loaded))


@pytest.mark.parametrize("path", cases())
def test_example_memo_body_has_the_grid_and_one_line_per_gap(path: Path) -> None:
    rec, _, _, text = example(path)
    evidence = section(body(text), "What the answers show")
    assert MD.render(evidence).count("<table>") == 1
    gaps = [c for c in rec.causes if c.state == "gap"]
    assert evidence.count("\n- **") == len(gaps)


@pytest.mark.parametrize("path", cases())
def test_every_fix_has_one_row_with_a_reason_in_the_body(path: Path) -> None:
    rec, _, _, text = example(path)
    plan = section(body(text), "Our recommendation")
    for i in rec.interventions:
        if i.bundle_of is not None:  # named in the row of the fix it travels with
            host = next(h for h in rec.interventions if h.id == i.bundle_of)
            rows = [line for line in plan.splitlines() if f"| {cell(host.title)}" in line]
            assert len(rows) == 1 and cell(i.title) in rows[0], i.title
            continue
        rows = [line for line in plan.splitlines() if f"| {cell(i.title)}" in line]
        assert len(rows) == 1, i.title
        assert rows[0].split("|")[6].strip() not in ("", "—"), i.title


@pytest.mark.parametrize("summary, why", [
    ("Give each person word on their work soon after they do it, naming what was wrong "
     "and what right looks like. Errors that nobody hears about keep happening.",
     "Errors that nobody hears about keep happening."),
    ("A new procedure has to become fluent quickly; one short session doing it for real "
     "gets them there. The job aid carries the rest.",
     "A new procedure has to become fluent quickly; one short session doing it for real "
     "gets them there."),
    ("One sentence only.", "One sentence only."),
    ("", ""),
])
def test_why_sentence_is_the_shorter_of_the_first_two_unless_an_aside(summary: str,
                                                                      why: str) -> None:
    from ldconsult.render.markdown import why_sentence

    assert why_sentence(summary) == why


def test_the_open_questions_are_the_dont_know_answers_not_the_short_list():
    """24 answers of "don't know yet" are 24 open questions, even when the list of what
    to find out first names only one."""
    from ldconsult import intake as intake_mod
    from ldconsult.engine import load_for, recommend

    intake = intake_mod.load(REPO / "examples" / "intakes" / "expense-tool-course.yaml")
    decisive = ["could_do_if_life_depended", "standard_written", "standard_known",
                "sources_agree", "feedback_timing", "obstacles", "error_check",
                "right_way_consequence", "wrong_way_consequence", "manager_support",
                "main_cause", "cause_basis"]
    keep = {"requested_solution", "business_problem", "audience", "audience_size", "metric",
            "metric_kind", "baseline", "target", "deadline", "monthly_cost"}
    rest = [k for k in intake.answers if k not in keep and k not in decisive]
    unknown = (decisive + rest)[:24]
    assert len(unknown) == 24
    intake = intake.model_copy(update={
        "answers": {k: v for k, v in intake.answers.items() if k not in unknown},
        "unknown": unknown})
    loaded = load_for(intake)
    rec = recommend(intake, loaded)
    memo = render_memo(rec, intake, loaded)
    n = len(rec.missing)
    assert rec.verdict == "more_info" and 1 <= n < 24
    assert (f"we need {n} answer{'s' if n != 1 else ''} (listed below); in all, 24 questions "
            "are still open (answered \"don't know yet\")") in memo
    assert "open question remains" not in memo
