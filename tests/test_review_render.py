"""Review renderers: Markdown escaping, bars, and the table's two layouts."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from ldconsult.render import review_table
from ldconsult.render.review_common import bar, chart_lines
from ldconsult.render.review_md import md
from ldconsult.review.portfolio import Portfolio, Tally
from ldconsult.review.query import Query
from ldconsult.review.rows import Failure, Row

ROWS = [Row("intakes/a.yaml", "Returns | [red]up[/]", "Dana", "2026-11-02", "mini",
            "non_training", "Fix the form", ("solution-first", "environment-cause"), ""),
        Row("intakes/sub/b.yaml", "Onboarding", "Sam", "2026-10-01", "mini", "training",
            "Practice", (), "on_track")]


def portfolio() -> Portfolio:
    tally = Tally()
    for r in ROWS:
        tally.add(r, frozenset())
    return Portfolio(ROWS, [Failure("intakes/bad.yaml", "malformed YAML: oops", 3)], [], tally,
                     2, Query())


@pytest.mark.parametrize("text, expected", [
    ("Returns | up", "Returns \\| up"),
    ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
    ("<script>x</script>", "\\<script\\>x\\</script\\>"),
    ("[link](http://x)", "\\[link\\](http://x)"),
    ("# not a heading", "\\# not a heading"),
    ("- not a list", "\\- not a list"),
    ("1. not a list", "1\\. not a list"),
    ("> not a quote", "\\> not a quote"),
    ("line one\nline two", "line one line two"),
    ("back\\slash &amp;", "back\\\\slash \\&amp;"),
    ("Dana (Ops)", "Dana (Ops)"),
])
def test_markdown_escaping_makes_user_text_inert(text: str, expected: str) -> None:
    assert md(text) == expected


def test_escaped_text_renders_back_to_the_original_words() -> None:
    from markdown_it import MarkdownIt

    for text in ("a | b", "*x*", "<b>y</b>", "# h", "- l", "1) n", "[red]z[/]", "&amp;"):
        html = MarkdownIt("commonmark").render(md(text))
        assert html.count("<p>") == 1 and "<em>" not in html and "<b>" not in html


@pytest.mark.parametrize("count, largest, width, cells", [
    (10, 10, 30, 30), (5, 10, 30, 15), (1, 100, 30, 1), (0, 10, 30, 0), (3, 8, 8, 3)])
def test_bars_scale_to_the_largest_count(count: int, largest: int, width: int,
                                         cells: int) -> None:
    assert len(bar(count, largest, width)) == cells


def test_partial_blocks_show_fractions() -> None:
    assert bar(1, 16, 8) == "▌" and chart_lines({"a": 2, "b": 1}, 4)[1] == ("b", "██", 1)


def render(width: int) -> str:
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None).print(review_table.render(portfolio()))
    return buf.getvalue()


def test_wide_terminal_gets_eight_columns() -> None:
    out = render(160)
    assert all(h in out for h in ("File", "Title", "Requester", "Date", "Verdict",
                                  "Top intervention", "Flags", "Status"))
    assert "Portfolio (files in intakes/)" in out and "sub/b.yaml" in out


def test_narrow_terminal_stacks_each_intake_in_four_columns() -> None:
    out = render(80)
    assert "Verdict / status" in out and "Requester" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Returns | [red]up[/]" in out  # user text stays literal


def test_table_report_has_charts_push_back_and_unreadable_files() -> None:
    out = render(100)
    for text in ("Verdicts", "Non-training fix", "█", "Push back on", "intakes/a.yaml — Returns",
                 "Could not read (1)", "intakes/bad.yaml:3: malformed YAML: oops"):
        assert text in out, text


def test_grid_fits_the_width_and_wraps_long_text_inside_its_cell() -> None:
    from rich.cells import cell_len

    from ldconsult.render import review_grid as grid

    cols = [grid.Column("Name"), grid.Column("Code", wrap=False), grid.Column("Note")]
    rows = [[[("a very long title that will not fit " * 3, "")], [("no-wrap-code", "")],
             [("東京の倉庫で返品が増えた理由を調べる", "")]]] * 3
    segments = list(grid.render(cols, rows, 60))
    text = "".join(s.text for s in segments)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    assert sum("no-wrap-code" in line for line in lines) == 3  # once per row, whole
    assert sum(line.startswith("a very long") for line in lines) == 3
    assert any(line.endswith("東京の倉庫") for line in lines)  # wrapped by cells, not chars


def test_every_row_of_a_large_portfolio_is_printed() -> None:
    rows = [Row(f"d/i{i:04}.yaml", f"T{i}", "R", "2026-01-01", "mini", "training", "x", (), "")
            for i in range(500)]
    p = Portfolio(rows, [], [], Tally(), 500, Query())
    buf = io.StringIO()
    Console(file=buf, width=160, color_system=None).print(review_table.render(p))
    assert all(f"i{i:04}.yaml" in buf.getvalue() for i in range(500))


@pytest.mark.parametrize("rows", [ROWS, []])
def test_streamed_json_is_exactly_json_dump_of_the_document(rows: list[Row]) -> None:
    import json

    from ldconsult.render import review_json
    from ldconsult.render.review_common import write

    p = portfolio()
    p.rows = rows
    buf = io.StringIO()
    write(review_json.JsonWriter(buf), p)
    assert buf.getvalue() == json.dumps(review_json.document(p), ensure_ascii=False,
                                        indent=2) + "\n"


@pytest.mark.parametrize("width", [80, 160])
def test_tables_show_verdicts_and_statuses_in_words_never_ids(width: int) -> None:
    out = render(width)
    assert "Non-training fix" in out and "on track" in out
    assert "non_training" not in out and "on_track" not in out


def test_markdown_table_shows_words_and_csv_json_keep_ids() -> None:
    from ldconsult.render import review_csv, review_json, review_md
    from ldconsult.render.review_common import write

    md_out = review_md.report(portfolio())
    assert "| Non-training fix |" in md_out and "non_training" not in md_out
    assert "Find out more" not in md_out  # only the verdicts present are counted
    csv_buf, json_buf = io.StringIO(), io.StringIO()
    write(review_csv.CsvWriter(csv_buf, io.StringIO()), portfolio())
    write(review_json.JsonWriter(json_buf), portfolio())
    assert ",non_training," in csv_buf.getvalue() and "on_track" in csv_buf.getvalue()
    assert '"non_training"' in json_buf.getvalue()
