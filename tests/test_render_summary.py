"""The Rich summary: verdict first, the grid as a picture, 80 columns, no stray ANSI."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from test_render_fixtures import GOAL_CASES, HOSTILE, RECS, with_deadline

from ldconsult.engine.recommendation import VERDICT_LABELS
from ldconsult.render.summary import print_summary, render_summary

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def plain(rec, width: int = 80, **kw) -> str:
    buf = io.StringIO()
    Console(file=buf, width=width, force_terminal=False, **kw).print(render_summary(rec))
    return buf.getvalue()


def coloured(rec, width: int = 80, **kw) -> str:
    buf = io.StringIO()
    Console(file=buf, width=width, force_terminal=True, color_system="truecolor",
            **kw).print(render_summary(rec))
    return buf.getvalue()


def text_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize("name", sorted(RECS))
def test_no_line_is_wider_than_80_columns(name: str) -> None:
    from rich.cells import cell_len

    lines = plain(RECS[name]).splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 80


@pytest.mark.parametrize("name", sorted(RECS))
def test_the_verdict_comes_first(name: str) -> None:
    rec = RECS[name]
    lines = text_lines(plain(rec))
    # Line 0 is the banner's top border; the verdict is the first text inside it.
    assert "VERDICT" in lines[1] and VERDICT_LABELS[rec.verdict] in lines[1]
    headline_words = " ".join(rec.headline.split()[:3])
    out = plain(rec)
    assert out.index(VERDICT_LABELS[rec.verdict]) < out.index(headline_words)


@pytest.mark.parametrize("name", sorted(RECS))
def test_plain_output_has_no_escape_codes(name: str) -> None:
    assert "\x1b" not in plain(RECS[name])


def test_no_color_env_on_a_terminal_drops_every_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = coloured(RECS["blended"])
    params = [p for m in SGR.finditer(out) for p in m.group(1).split(";") if p]
    colours = [p for p in params if p in ("38", "48") or 30 <= int(p) <= 49 or 90 <= int(p) <= 107]
    assert colours == []


def test_colour_is_used_on_a_terminal() -> None:
    out = coloured(RECS["blended"])
    assert "\x1b[" in out


def test_print_summary_to_a_pipe_writes_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    print_summary(RECS["training"])
    out = capsys.readouterr().out
    assert "VERDICT" in out and "\x1b" not in out


@pytest.mark.parametrize("state, word", [("gap", "GAP"), ("ok", "ok"), ("unknown", "?")])
def test_grid_cells_spell_their_state(state: str, word: str) -> None:
    rec = RECS["non_training"]  # expectations gap, incentives ok, motives unknown
    cell = {"gap": "Information", "ok": "Incentives", "unknown": "Motives"}[state]
    lines = plain(rec).splitlines()
    row = next(i for i, line in enumerate(lines) if cell in line)
    column = lines[row].index(cell)
    assert lines[row + 1][column:column + 4].strip() == word


def test_grid_shows_both_rows_in_gilbert_order() -> None:
    out = plain(RECS["training"])
    env = next(line for line in out.splitlines() if "Environment" in line)
    ind = next(line for line in out.splitlines() if "Individual" in line)
    assert env.index("Information") < env.index("Instruments") < env.index("Incentives")
    assert ind.index("Knowledge") < ind.index("Capacity") < ind.index("Motives")


def test_feedback_and_manager_support_appear_in_the_grid() -> None:
    out = plain(RECS["blended"])
    assert re.search(r"feedback\s+ok", out) and re.search(r"managers\s+GAP", out)


def test_markup_in_user_text_is_shown_literally() -> None:
    out = " ".join(plain(RECS["hostile"], width=100).split())
    assert out.count("[red]boss[/]") >= 8
    assert "`code` *em* _u_ [link](http://x)" in out


def test_summary_is_at_most_100_columns_on_a_wide_terminal() -> None:
    from rich.cells import cell_len

    assert max(cell_len(line) for line in plain(RECS["blended"], width=200).splitlines()) == 100


def test_markup_in_user_text_never_styles_the_output() -> None:
    out = coloured(RECS["hostile"])
    assert "[red]boss[/]" in SGR.sub("", out)


def test_lead_intervention_comes_first_with_owner_effort_kind_and_why() -> None:
    rec = RECS["blended"]
    out = plain(rec)
    lead = next(i for i in rec.interventions if i.lead)
    first = out.index("Interventions")
    assert out.index(lead.title, first) < min(out.index(i.title, first)
                                               for i in rec.interventions if not i.lead)
    assert "owner: L&D with the order-tool owner" in out and "effort: low" in out
    assert "non-training" in out and "because Can a reference be open" in out


@pytest.mark.parametrize("name, expected", [
    ("non_training", ["solution-first", "environment-cause", "Return rate of online orders",
                      "Also consider: Communications plan (Communications)",
                      "18% (2026-10-01) → 12% by 2027-03-31", "2027-01-01:",
                      "42,000 a month", "Payback", "Draft the size-guide checklist",
                      "L&D, by 2026-12-01"]),
    ("more_info", ["Find out first", "ask Two team leads", "⚠ Course satisfaction",
                   "no-metric"]),
    ("followup", ["Results so far", "on track", "15.5 (2027-01-15)", "18 → 17.1 → 15.5",
                  "lower is better", "75 days left (deadline 2027-03-31)",
                  "seen on the job: partly"]),
    ("no_intervention", ["low-stakes", "Add one line to the brand guide"]),
])
def test_sections_show_what_the_recommendation_holds(name: str, expected: list[str]) -> None:
    out = " ".join(plain(RECS[name], width=100).split())
    for piece in expected:
        assert " ".join(piece.split()) in out


@pytest.mark.parametrize("name, absent", [
    ("no_intervention", ["Economics", "Find out first", "Results so far", "Interventions"]),
    ("non_training", ["Find out first", "Results so far"]),
])
def test_empty_sections_are_left_out(name: str, absent: list[str]) -> None:
    out = plain(RECS[name])
    for title in absent:
        assert title not in out


def test_hostile_text_does_not_crash_at_any_width() -> None:
    for width in (40, 60, 80, 120):
        assert "VERDICT" in plain(RECS["hostile"], width=width)


def test_summary_uses_no_bare_markup_strings() -> None:
    # A closing tag without an opener would raise MarkupError if user text reached markup.
    rec = RECS["hostile"].model_copy(update={"headline": "[/] [/bold] [link=x]y[/link]"})
    assert "[/] [/bold] [link=x]y[/link]" in plain(rec)
    assert HOSTILE in " ".join(plain(rec, width=100).split())


def test_control_characters_in_user_text_cannot_drive_the_terminal() -> None:
    evil = "Bad \x1b[31mred\x1b[0m \x1b]0;title\x07 \x9b1m end"
    rec = RECS["non_training"].model_copy(update={"headline": evil, "requester": evil})
    out = plain(rec, width=100)
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "Bad ␛[31mred␛[0m" in out


def test_flags_are_listed_most_severe_first() -> None:
    from ldconsult.engine.recommendation import Flag

    flags = (Flag(code="no-deadline", severity="low", message="l"),
             Flag(code="no-metric", severity="high", message="h"),
             Flag(code="no-baseline", severity="medium", message="m"))
    out = plain(RECS["more_info"].model_copy(update={"flags": flags}))
    assert out.index("no-metric") < out.index("no-baseline") < out.index("no-deadline")


@pytest.mark.parametrize("deadline, goal", GOAL_CASES)
def test_goal_row_reads_as_a_sentence_with_or_without_a_deadline(deadline, goal) -> None:
    out = plain(with_deadline(RECS["non_training"], deadline), width=120)
    assert goal in out and "by no deadline" not in out
