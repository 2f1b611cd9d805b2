"""The progress line above each question: where the interview is and what is left.

It never needs a second line: at 80 columns a line of 81-82 characters wrapped and left
"min" alone on a line. Each stage has wordings from the longest to the shortest; the
first that fits is used, with the section title cut between words if that is all it
takes (:func:`progress`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ldconsult.interview import pace, screen_text
from ldconsult.interview.protocol import Context

def progress(ctx: Context, width: int = screen_text.MAX_WIDTH) -> str:
    """Where we are and what is at most left, in at most ``width`` cells.

    No total, as it would grow as conditions open questions (see Interview.outlook).
    An adaptive interview says how many questions could change the plan as it stands,
    never "at most": an answer that changes the plan can bring others in (on the
    calibration cases more were asked than that count at over half the steps). Changing
    an answer from the review says so, as nothing is left to count there. The longest
    wording that fits is used, the section title cut at a word if need be (the minutes
    go before the title does)."""
    title = ctx.section.title
    if ctx.section_no == 0:
        return _fitted([(title, f"{ctx.number} of {ctx.total}")], width)
    if ctx.stage == "edit":
        return _fitted([(title, "changing an answer, then back to the review"),
                        ("", "changing an answer, then back to the review"),
                        ("", "changing an answer")], width)
    if ctx.stage == "basics":
        where = f"basics {ctx.number} of {ctx.total}"
        return _fitted([(title, f"{where}, then only what can change the plan"),
                        (title, where), ("", where)], width)
    minutes = pace.minutes(ctx.seconds_left + pace.REVIEW_SECONDS)
    if ctx.stage == "adaptive":
        where = f"question {ctx.number}"
        if ctx.left == 0:
            return _fitted([(title, f"{where} · the last that could change this plan"),
                            ("", f"{where} · the last that could change this plan"),
                            ("", f"{where} · the last for this plan")], width)
        more = f"{ctx.left} more may change this plan"
        return _fitted([(title, f"{where} · {more}, about {minutes} min"),
                        (title, f"{where} · {more}"),
                        ("", f"{where} · {more}, about {minutes} min"),
                        ("", f"{where} · {ctx.left} more may change it")], width)
    where = f"question {ctx.number}"
    if ctx.left == 0:
        return _fitted([(f"Section {ctx.section_no} · {title}", f"{where} · the last one"),
                        (title, f"{where} · the last one"), ("", f"{where} · the last one")],
                       width)
    left = f"up to {ctx.left} to go"
    return _fitted([(f"Section {ctx.section_no} · {title}", f"{where} · {left}, about "
                     f"{minutes} min"),
                    (title, f"{where} · {left}, about {minutes} min"),
                    ("", f"{where} · {left}, about {minutes} min"),
                    ("", f"{where} · {left}")], width)


MIN_TITLE = 16  # a section title cut shorter than this says little: use a shorter wording


def _fitted(wordings: Sequence[tuple[str, str]], width: int) -> str:
    """The first titled wording that fits ``width``; else the first whose title, cut at
    a word, lets it fit; else the first without a title that fits; else the last one
    cut: a progress line never wraps, and keeps its title as long as it can."""
    titled = [(t, r) for t, r in wordings if t]
    for title, rest in titled:
        if screen_text.cells(f"{title} · {rest}") <= width:
            return f"{title} · {rest}"
    for title, rest in titled:
        cut = _cut(title, width - screen_text.cells(rest) - len(" · "))
        if screen_text.cells(cut) >= MIN_TITLE:
            return f"{cut} · {rest}"
    for title, rest in wordings:
        if not title and screen_text.cells(rest) <= width:
            return rest
    return _cut(wordings[-1][1], width)


def _cut(text: str, room: int) -> str:
    """``text`` in at most ``room`` cells, cut between words, with an ellipsis."""
    if screen_text.cells(text) <= room:
        return text
    words = text.split()
    while words and screen_text.cells(" ".join(words).rstrip(",;:·-") + "…") > room:
        words.pop()
    return (" ".join(words).rstrip(",;:·-") + "…") if words else text[:max(room - 1, 0)] + "…"
