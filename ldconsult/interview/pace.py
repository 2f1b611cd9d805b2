"""How long a question takes in a meeting, so the progress line can say what is left.

A question costs the time to read it aloud (and its choices) plus the time to get and
type the answer, which depends on its type. The figures model a lead who reads each
question to the stakeholder, listens, and types a short answer at ~40 words a minute;
benchmarks/meeting_pace.py drives a whole interview at this pace and reports the time.
A new question type is one entry in ANSWER_SECONDS.
"""

from __future__ import annotations

from typing import Any

READ_WORDS_PER_SECOND = 2.5  # reading aloud at 150 words a minute
CHOICE_SECONDS = 1.5  # reading one choice aloud, or scanning it
# Listening to the answer and entering it, by question type.
ANSWER_SECONDS: dict[str, float] = {
    "confirm": 6, "scale": 8, "select": 10, "multi_select": 15, "date": 12,
    "number": 15, "integer": 15, "money": 20, "text": 30, "long_text": 50,
}
DEFAULT_ANSWER_SECONDS = 20.0  # a type this table does not know yet
REVIEW_SECONDS = 60.0  # a look down the review screen before saving


def seconds(q: Any) -> float:
    """The meeting time of one question (a :class:`~ldconsult.bank.model.Question`)."""
    read = len(str(q.prompt).split()) / READ_WORDS_PER_SECOND
    if q.type in ("select", "multi_select"):
        read += CHOICE_SECONDS * len(q.choices or [])
    return read + ANSWER_SECONDS.get(q.type, DEFAULT_ANSWER_SECONDS)


def minutes(total_seconds: float) -> int:
    """Whole minutes for people: at least 1 while anything is left."""
    return max(1, round(total_seconds / 60)) if total_seconds > 0 else 0
