"""The end card: one 80×24 screen with the verdict, the headline, the lead fix and why it
leads, the top three flags, the next step and the exact commands for the report and memo."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import pytest
from rich.console import Console

from ldconsult.cli.commands.recommend import diagnose_file
from ldconsult.engine.recommendation import (
    VERDICT_LABELS,
    Evidence,
    Flag,
    Intervention,
    NextStep,
    Recommendation,
)
from ldconsult.render.endcard import CARD_LINES, end_card
from ldconsult.render.textutil import because

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples" / "intakes").rglob("*.yaml"))
# The longest default output path: intakes/<date>-<slug of at most 50 characters>.yaml
LONGEST = "intakes/2026-11-16-" + "x" * 50 + ".yaml"


def card_lines(rec: Recommendation, path: str = LONGEST, width: int = 80) -> list[str]:
    console = Console(width=width, height=24, record=True, file=io.StringIO(),
                      color_system=None)
    console.print(end_card(rec, path, path.removesuffix(".yaml") + ".md"))
    return console.export_text().splitlines()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_ends_on_one_80_by_24_screen(path):
    _, _, rec = diagnose_file(path)
    lines = card_lines(rec)
    # 24 rows: the card, then "Saved: …" and the shell's prompt.
    assert len(lines) <= CARD_LINES <= 22
    assert all(len(line) <= 80 for line in lines)
    assert VERDICT_LABELS[rec.verdict] in lines[1]


WORDS = "word " * 200


def worst_case() -> Recommendation:
    why = (Evidence(question="q", prompt="A question " + WORDS, answer="an answer"),)
    lead = Intervention(id="a", kind="non_training", title="Fix " + WORDS, owner="Owner " + WORDS,
                        effort="low", lead=True, summary=WORDS, why=why)
    flags = tuple(Flag(code=f"f{n}", severity="medium" if n else "high",
                       message=f"Flag {n} " + WORDS) for n in range(6))
    return Recommendation(verdict="blended", headline="Headline " + WORDS,
                          intake_title="T " + WORDS, requester="R", meeting_date="2026-11-16",
                          interventions=(lead,), flags=flags,
                          next_steps=(NextStep(action="Step " + WORDS, owner="L&D",
                                               due="2026-11-19"),) * 3)


def test_the_longest_of_everything_still_fits_one_screen():
    lines = card_lines(worst_case())
    assert len(lines) <= CARD_LINES
    assert all(len(line) <= 80 for line in lines)
    # no flag fits whole (each is longer than a card), so none is shown, and they are counted
    assert not [line for line in lines if "Flag " in line]
    assert "Flags       6 flags (1 high) in the full report" in lines
    assert "…" in "\n".join(lines)  # the headline, the lead and the step are cut, visibly


def test_a_very_long_title_is_cut_to_the_width():
    from rich.cells import cell_len

    title = ("返品 " + "x" * 7) * 10_000  # 100,000 characters, wide ones among them
    rec = worst_case().model_copy(update={"intake_title": title})
    for width in (80, 60):
        lines = card_lines(rec, width=width)
        assert all(cell_len(line) <= width for line in lines)
    banner = " ".join(card_lines(rec)[1:3])
    assert "xxxxxxx返品… · 2026-11-16" in banner  # cut after a whole word, the date whole


def test_the_card_names_the_lead_its_owner_why_it_leads_and_the_next_step():
    rec = worst_case().model_copy(update={
        "headline": "Fix the form first.", "lead_reason": "It removes the cause for everyone.",
        "interventions": (Intervention(id="a", kind="non_training", title="Fix the form",
                                       owner="Finance systems", effort="low", lead=True,
                                       summary="s"),),
        "next_steps": (NextStep(action="Share the diagnosis", owner="L&D", due="2026-11-19"),)})
    text = "\n".join(card_lines(rec, "intakes/x.yaml"))
    assert "Fix the form first." in text
    assert "Lead fix    Fix the form (owner: Finance systems)" in text
    assert "Why first   It removes the cause for everyone." in text
    assert "Next step   Share the diagnosis (L&D, by 2026-11-19)" in text


def test_the_card_says_why_the_lead_leads():
    _, _, rec = diagnose_file(REPO / "examples" / "intakes" / "expense-tool-course.yaml")
    assert rec.lead_reason
    text = " ".join(" ".join(card_lines(rec)).split())
    assert f"Why first {because(rec.lead_reason)}"[:60] in text
    assert "(weight" not in text  # the weights are the memo appendix's


def test_without_a_lead_reason_the_first_answer_behind_the_lead_says_why():
    _, _, rec = diagnose_file(REPO / "examples" / "intakes" / "expense-tool-course.yaml")
    rec = rec.model_copy(update={"lead_reason": ""})  # an older engine, or a user's bank
    lead = next(i for i in rec.interventions if i.lead)
    text = " ".join(" ".join(card_lines(rec)).split())
    assert f"Why first {lead.why[0].prompt} → {lead.why[0].answer}"[:60] in text


def test_the_commands_can_be_copied_as_they_are():
    path = "intakes/2026-11-16-returns errors.yaml"  # a space: quoted for the shell
    lines = card_lines(worst_case(), path)
    start = next(n for n, line in enumerate(lines) if line.startswith("ldconsult recommend"))
    joined = " ".join(line.rstrip("\\ ").strip() for line in lines[start:])
    commands = joined.split("ldconsult ")[1:]
    assert shlex.split("ldconsult " + commands[0]) == ["ldconsult", "recommend", path]
    assert shlex.split("ldconsult " + commands[1]) == [
        "ldconsult", "export", path, "-o", "intakes/2026-11-16-returns errors.md"]


# ---------------------------------------------------------------------------------------
# What is cut, and how: never a date or a number, never inside a word; a flag may take
# two lines (the card cut the target, the flags and the dates with "…", mid-word).

def _bare(word: str) -> str:
    return word.rstrip(",;:·-–—")


def _cut_words(lines: list[str]) -> list[str]:
    """The word each "…" follows, on the card's lines."""
    return [line.split("…")[0].split()[-1] for line in lines if "…" in line]


def test_whatever_is_cut_is_cut_after_a_whole_word():
    lines = card_lines(worst_case())
    assert "…" in "\n".join(lines)
    assert set(_cut_words(lines)) <= {"word", "Headline", "Fix", "Flag", "Step", "T", "0", "1",
                                      "2", "R"}, lines


def test_the_meeting_date_stays_whole_in_the_banner_when_the_title_is_cut():
    rec = worst_case().model_copy(update={"intake_title": "Full-day portal course after "
                                                          "wrong fees in the permit office",
                                          "requester": "Chief Permit Officer"})
    for width in (80, 60):  # at 60, the request has a line of its own in the banner
        lines = card_lines(rec, width=width)
        banner = next(line for line in lines[1:3] if "2026-11-16" in line)
        assert banner.rstrip(" ┃").endswith("2026-11-16"), banner
        assert "…" in banner and "Permit Offi" not in banner.replace("Permit Officer", "")


def test_the_next_steps_owner_and_date_stay_whole_when_its_action_is_cut():
    lines = card_lines(worst_case())
    step = " ".join(" ".join(_next_step(lines)).split())
    assert step.endswith("… (L&D, by 2026-11-19)"), step


def _next_step(lines: list[str]) -> list[str]:
    """The card's next-step lines: its label's line and those continuing it."""
    at = next(n for n, line in enumerate(lines) if line.startswith("Next step"))
    end = next((n for n in range(at + 1, len(lines)) if not lines[n].startswith("   ")),
               len(lines))
    return lines[at:end]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_next_step_is_a_whole_sentence_on_an_80_column_card(path):
    """What to do is never cut on an ordinary terminal: a flag gives way first (and is
    counted)."""
    _, _, rec = diagnose_file(path)
    for intake in (LONGEST, "intakes/x.yaml"):
        step = " ".join(" ".join(_next_step(card_lines(rec, intake))).split())
        assert "…" not in step and rec.next_steps[0].action in step, step


def test_a_flag_too_long_for_the_card_is_left_out_whole_and_counted():
    flags = (Flag(code="format-mismatch", severity="medium",
                  message="The requested form does not fit what there is to learn: 8 h a "
                          "person for 1,250 people is 10,000 learner-hours, against 2 h "
                          "needed " + WORDS),)
    lines = card_lines(worst_case().model_copy(update={"flags": flags}), "intakes/x.yaml")
    text = " ".join(" ".join(lines).split())
    assert "The requested form" not in text and "10,000" not in text
    assert "Flags 1 flag in the full report" in text


def _card_text(rec: Recommendation, width: int = 80) -> str:
    return " ".join(" ".join(card_lines(rec, width=width)).split())


def _whole(message: str) -> str:
    return " ".join(message.split())


def test_flags_left_out_are_counted_and_never_a_graver_one_for_a_lighter_one():
    flags = (Flag(code="a", severity="high", message="A grave warning " + "about it " * 20),
             Flag(code="b", severity="medium", message="A short one."),
             Flag(code="c", severity="low", message="Another short one."))
    rec = worst_case().model_copy(update={
        "flags": flags, "headline": "Fix the tool first.", "lead_reason": "It removes the cause.",
        "interventions": (Intervention(id="a", kind="non_training", title="Fix the form",
                                       owner="Finance systems", effort="low", lead=True,
                                       summary="s"),),
        "next_steps": (NextStep(action="Share the diagnosis", owner="L&D", due="2026-11-19"),)})
    text = _card_text(rec)
    assert _whole(flags[0].message) in text  # three lines: it fits whole
    assert "A short one." in text and "Another short one." in text
    squeezed = rec.model_copy(update={"headline": "Fix the tool first. " * 18,
                                      "lead_reason": "It removes the cause. " * 9})
    text = _card_text(squeezed)
    assert "A grave warning" not in text
    # the lighter flags would fit, but a lighter flag never stands in for a graver one
    assert "A short one." not in text and "Flags 3 flags (1 high) in the full report" in text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_why_the_lead_leads_and_each_flag_are_whole_or_not_there(path):
    _, _, rec = diagnose_file(path)
    for width in (80, 60):
        text = _card_text(rec, width)
        for flag in rec.flags:
            whole = _whole(flag.message)
            assert whole in text or whole[-25:] not in text, (width, whole, text)
        if rec.lead_reason:
            said = _whole(because(rec.lead_reason))
            assert ("Why first" in text) == (said in text), (width, text)
        shown = sum(_whole(f.message) in text for f in rec.flags)
        if shown < len(rec.flags):
            more = len(rec.flags) - shown
            assert (f"+{more} more" if shown else f"{more} flag") in text


def test_a_flag_takes_two_lines_when_there_is_room():
    flags = (Flag(code="a", severity="high", message="The request named a solution (course) "
                  "but the causes are ones training cannot fix: a tool that invites errors, "
                  "and no feedback"),)
    rec = worst_case().model_copy(update={"flags": flags, "headline": "Fix the tool first.",
                                          "next_steps": ()})
    lines = card_lines(rec, "intakes/x.yaml")
    at = next(n for n, line in enumerate(lines) if line.startswith("Flags"))
    both = " ".join(" ".join(lines[at:at + 2]).split())
    assert both == ("Flags ▲ The request named a solution (course) but the causes are ones "
                    "training cannot fix: a tool that invites errors, and no feedback")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_example_card_cuts_a_word_or_a_number(path):
    _, _, rec = diagnose_file(path)
    for width in (80, 60):
        lines = card_lines(rec, width=width)
        assert len(lines) <= CARD_LINES
        for word in _cut_words(lines):
            assert any(_bare(word) in map(_bare, text.split()) for text in (rec.headline, rec.lead_reason or "",
                                                         *(f.message for f in rec.flags),
                                                         *(s.action for s in rec.next_steps),
                                                         rec.intake_title or "",
                                                         *(i.title for i in rec.interventions),
                                                         *(f"{i.title} (owner: {i.owner})"
                                                           for i in rec.interventions),
                                                         rec.requester or "")), (word, lines)


def test_the_blank_lines_give_way_before_why_the_lead_leads_does():
    flags = tuple(Flag(code=f"f{n}", severity="high" if n == 0 else "medium",
                       message=f"Warning {n}: the request named a solution but the causes are "
                               "ones training cannot fix; treat it as one option.")
                  for n in range(3))
    rec = worst_case().model_copy(update={
        "intake_title": "Wrong fees", "verdict": "non_training",
        "headline": "Don't build the course: " + "the causes are many and varied, " * 12 + "end.",
        "lead_reason": "Fix the form leads because " + "the requester says its cause "
                       "explains it, " * 4 + "end (weight 6, against 3 for another fix).",
        "interventions": (Intervention(id="a", kind="non_training", title="Fix the form",
                                       owner="Finance systems", effort="low", lead=True,
                                       summary="s"),),
        "flags": flags,
        "next_steps": (NextStep(action="Share this diagnosis and plan with the requester; "
                                "agree the measure and the target", owner="L&D",
                                due="2026-11-19"),)})
    lines = card_lines(rec, "intakes/x.yaml")
    text = " ".join(" ".join(lines).split())
    assert len(lines) <= CARD_LINES
    assert "Why first The requester says its cause" in text and "Warning 0:" in text
    assert "Warning 1:" not in text and "+2 more in the full report" in text
    assert lines.count("") == 1  # the blank line before the commands gave way for them


@pytest.mark.parametrize("width", [40, 50])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_a_narrow_screen_still_gets_the_whole_card_on_one_screen(path, width):
    """A long verdict wraps inside the banner at 40-50 columns: the card counts the banner
    as drawn, and gives the headline, then the next step, fewer lines."""
    from rich.cells import cell_len

    _, _, rec = diagnose_file(path)
    for intake in (LONGEST, "intakes/x.yaml"):
        lines = card_lines(rec, intake, width=width)
        assert len(lines) <= CARD_LINES, (width, lines)
        assert all(cell_len(line) <= width for line in lines)
