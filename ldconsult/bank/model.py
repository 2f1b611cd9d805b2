"""The bank format as pydantic models: a bank, its sections, questions, choices, thresholds.

Each model forbids keys it does not know and is frozen; its validator is built on first use
(``defer_build``). The linter is :mod:`ldconsult.bank.lint`; loading and the registry are
in :mod:`ldconsult.bank.banks`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

QuestionType = Literal["text", "long_text", "select", "multi_select", "confirm", "number",
                       "integer", "date", "scale", "money"]
SNAKE = r"^[a-z][a-z0-9_]*$"
KEBAB = r"^[a-z0-9][a-z0-9-]*$"
Scalar = str | int | float | bool


class FrozenModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Choice(FrozenModel):
    value: str = Field(description="Stored value (stable; conditions and answers files use it)")
    label: str | None = Field(None, description="What the user sees; defaults to the value")
    help: str | None = Field(None, description="Extra explanation of this option")
    signals: dict[str, str | list[str]] = Field(
        default_factory=dict, description="What choosing this means for the diagnosis, "
        "e.g. {feedback: gap}")

    @field_validator("value", mode="before")
    @classmethod
    def _value_as_text(cls, v: Any) -> Any:
        return str(v).lower() if isinstance(v, bool) else str(v) if isinstance(v, (int, float)) else v

    @property
    def shown(self) -> str:
        return self.label or self.value


class Threshold(FrozenModel):
    """Signals set when a number falls in a range (all given bounds must hold)."""

    gte: float | None = None
    gt: float | None = None
    lte: float | None = None
    lt: float | None = None
    signals: dict[str, str | list[str]]

    def holds(self, x: float) -> bool:
        return ((self.gte is None or x >= self.gte) and (self.gt is None or x > self.gt)
                and (self.lte is None or x <= self.lte) and (self.lt is None or x < self.lt))


class Question(FrozenModel):
    id: str = Field(pattern=SNAKE, description="snake_case, unique in the bank")
    prompt: str = Field(min_length=1, description="The question as asked")
    type: QuestionType
    help: str | None = Field(None, description="Shown on demand: how to answer")
    why: str | None = Field(None, description="Why we ask: for a stakeholder who pushes back")
    required: bool = True
    default: Scalar | list[str] | None = None
    placeholder: str | None = None
    examples: list[str] = Field(default_factory=list)
    min: float | None = Field(None, description="Lowest number, or shortest list for multi_select")
    max: float | None = Field(None, description="Highest number, or longest list for multi_select")
    min_length: int | None = Field(None, ge=0)
    max_length: int | None = Field(None, ge=1)
    pattern: str | None = Field(None, description="Regular expression a text answer must match")
    allow_unknown: bool = Field(False, description="Offer \"Don't know yet\" (stored as unknown)")
    when: dict[str, Any] | None = Field(None, description="Ask only when this condition holds")
    choices: list[Choice] | None = None
    signals_if_true: dict[str, str | list[str]] = Field(default_factory=dict)
    signals_if_false: dict[str, str | list[str]] = Field(default_factory=dict)
    thresholds: list[Threshold] = Field(default_factory=list)
    provides: str | None = Field(None, description="Context signal the answer itself becomes, "
                                 "e.g. metric or audience_size")
    tense: Literal["future", "past", "either"] | None = Field(
        None, description="date only: which way the date looks from the meeting; a date said "
                          "without a year is the next one (future), the last one (past), or "
                          "either, offered to choose. Default: from the signal it provides "
                          "(deadline: future, go_live: either), else future")
    always: bool = Field(False, description="One of the basics: asked in every adaptive "
                         "interview, first, whatever the other answers. A bank that marks "
                         "its basics is asked adaptively: after them, only the questions "
                         "whose answers could change the plan")

    @field_validator("default", mode="before")
    @classmethod
    def _date_default_as_text(cls, v: Any) -> Any:
        # YAML reads an unquoted 2026-03-31 as a date; a date question stores ISO text.
        return v.isoformat()[:10] if isinstance(v, (dt.date, dt.datetime)) else v

    @property
    def choice_values(self) -> list[str]:
        return [c.value for c in self.choices or []]

    def choice(self, value: str) -> Choice | None:
        return self._choice_index.get(value)

    def choice_position(self, value: str) -> int:
        """Where a choice value is in the bank's order (-1 if it is not one)."""
        return self._choice_order.get(value, -1)

    @cached_property
    def _choice_index(self) -> dict[str, Choice]:
        index: dict[str, Choice] = {}
        for c in self.choices or []:
            index.setdefault(c.value, c)  # the first of a duplicate, as a scan would find
        return index

    @cached_property
    def _choice_order(self) -> dict[str, int]:
        return {v: i for i, v in enumerate(self._choice_index)}

    def signal_names(self) -> set[str]:
        names = set(self.signals_if_true) | set(self.signals_if_false)
        for c in self.choices or []:
            names |= set(c.signals)
        for t in self.thresholds:
            names |= set(t.signals)
        if self.provides:
            names.add(self.provides)
        return names

    def signals_for(self, value: Any) -> Iterator[tuple[str, Any, Any]]:
        """(signal, value, the answer shown as evidence) for an answer to this question."""
        if self.provides:
            yield self.provides, value, value
        if self.type in ("select", "multi_select"):
            for v in value if isinstance(value, list) else [value]:
                c = self.choice(v)
                if c is not None:
                    yield from ((n, s, c.shown) for n, s in c.signals.items())
        elif self.type == "confirm":
            chosen = self.signals_if_true if value is True else self.signals_if_false
            yield from ((n, s, value) for n, s in chosen.items())
        if self.thresholds and isinstance(value, (int, float)) and not isinstance(value, bool):
            for t in self.thresholds:
                if t.holds(value):
                    yield from ((n, s, value) for n, s in t.signals.items())


class Section(FrozenModel):
    id: str = Field(pattern=SNAKE)
    title: str
    intro: str | None = None
    when: dict[str, Any] | None = None
    questions: list[Question] = Field(min_length=1)


class Bank(FrozenModel):
    id: str = Field(pattern=KEBAB, description="kebab-case id, e.g. performance-consulting")
    title: str
    version: str = Field(description="Bank version, e.g. '1.2'")
    description: str = ""
    estimated_minutes: int | None = Field(None, ge=1, description="Typical interview length")
    sections: list[Section] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    def questions(self) -> list[Question]:
        return self._flat

    @property
    def adaptive(self) -> bool:
        """Asked adaptively by default: the bank marks its basics (``always: true``)."""
        return any(q.always for q in self._flat)

    def question(self, qid: str) -> Question | None:
        return self._index.get(qid)

    @cached_property
    def _flat(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    @cached_property
    def _index(self) -> dict[str, Question]:
        return {q.id: q for q in self._flat}

    def section_of(self, qid: str) -> Section | None:
        return next((s for s in self.sections if any(q.id == qid for q in s.questions)), None)

    @property
    def minutes(self) -> int:
        if self.estimated_minutes:
            return self.estimated_minutes
        return max(1, round(len(self.questions()) * 0.4))
