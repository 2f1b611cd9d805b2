"""The intake: what was asked and answered, saved as human-readable YAML.

Writes are atomic (temp file, fsync, rename) with mode 0600. Loading is strict about
shape (unknown keys are errors) but forgiving about age: an intake made with an older
bank version loads, and answers to questions the bank no longer has are kept and
reported, never dropped.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_serializer,
)

from ldconsult import __version__
from ldconsult.bank import values
from ldconsult.bank.values import check_date
from ldconsult.base import plan_dates
from ldconsult.base.atomic import atomic_write
from ldconsult.base.errors import IntakeError, LdError
from ldconsult.base.files import decode, read_bytes
from ldconsult.base.plainerrors import plain_message
from ldconsult.base.yamlio import (
    compose_marks,
    dump_yaml,
    locate,
    parse_json,
    parse_yaml,
)

SCHEMA_VERSION = 1
NO_CHANGE = "could_not_change_plan"  # why an adaptive interview left a question out
AnswerValue = bool | int | float | str | list[str]
# A reading is never stored as null: infinity and NaN (what a 309-digit --metric became)
# are refused, as pydantic would write them as null in JSON mode.
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).astimezone().replace(microsecond=0)


def _iso_date(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def _date_in_range(v: str | None) -> str | None:
    """Dates in text as the engine and follow-up read them (an ISO date anywhere in it)
    must be real and in range: the engine adds days to them, and past 9999-10-02 that
    overflows; a 2026-13-01 would silently be no date at all."""
    m = plan_dates.ISO_DATE.search(v) if isinstance(v, str) else None
    if m is not None:
        try:
            day = dt.date.fromisoformat(m.group(0))
        except ValueError as exc:
            raise ValueError(f"'{m.group(0)}' is not a real date ({exc})") from None
        check_date(day)
    return v


def _stamp_in_range(v: dt.datetime) -> dt.datetime:
    check_date(v.date())
    return v


def _finite_answers(answers: dict[str, Any]) -> dict[str, Any]:
    """Numbers the engine can compute with: finite, and ints that fit in a float."""
    for key, value in answers.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an int past 1.8e308
            finite = False
        if not finite:
            raise ValueError(f"'{key}': the number is too large or not finite")
    return answers


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class BankRef(_Model):
    id: str
    version: str
    sha256: str = ""
    path: str | None = Field(None, description="Where a user's own bank was loaded from")

    @field_validator("version", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


class Meta(_Model):
    title: str = ""
    requester: str = ""
    interviewer: str = ""
    meeting_date: str | None = None

    @field_validator("meeting_date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return _iso_date(v)

    _meeting_in_range = field_validator("meeting_date")(_date_in_range)


class Reading(_Model):
    """One follow-up reading after launch (see ``ldconsult followup``)."""

    date: str
    metric: FiniteFloat | None = None
    leading: dict[str, FiniteFloat] = Field(default_factory=dict)
    behaviours: str | None = None
    behaviours_seen: Literal["yes", "partly", "no"] | None = None
    learner_feedback: str | None = None
    manager_feedback: str | None = None
    note: str | None = None
    recorded: dt.datetime | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return _iso_date(v)

    _date_in_range = field_validator("date")(_date_in_range)

    @model_serializer(mode="wrap")
    def _compact(self, handler: Any) -> Any:
        # A history item lists only what was recorded: no rows of nulls in the intake.
        data = handler(self)
        return {k: v for k, v in data.items() if v is not None and v != {}}


class Intake(_Model):
    schema_version: int = SCHEMA_VERSION
    ldconsult_version: str = __version__
    bank: BankRef
    status: Literal["draft", "complete"] = "draft"
    created: dt.datetime = Field(default_factory=now)
    updated: dt.datetime = Field(default_factory=now)
    meta: Meta = Field(default_factory=Meta)
    answers: dict[str, AnswerValue] = Field(default_factory=dict)
    unknown: list[str] = Field(default_factory=list)
    notes: dict[str, str] = Field(default_factory=dict)
    cursor: str | None = Field(None, description="Draft only: the question to resume at")
    # An adaptive interview (absent: every question that applied was asked).
    asked: list[str] | None = Field(None, description="The questions asked, in order")
    not_asked: dict[str, str] | None = Field(
        None, description=f"Questions that applied but were not asked, and why "
        f"('{NO_CHANGE}': no answer could have changed the plan)")
    history: list[Reading] = Field(default_factory=list)

    @field_validator("answers", mode="before")
    @classmethod
    def _dates_as_text(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: _iso_date(x) for k, x in v.items()}
        return v

    _answers_finite = field_validator("answers")(_finite_answers)
    _stamps_in_range = field_validator("created", "updated")(_stamp_in_range)

    @field_validator("schema_version")
    @classmethod
    def _supported(cls, v: int) -> int:
        if v > SCHEMA_VERSION:
            raise ValueError(f"schema_version {v} is newer than this ldconsult understands "
                             f"({SCHEMA_VERSION}); upgrade ldconsult")
        return v

    def to_data(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", exclude_none=False)
        for optional in ("cursor", "asked", "not_asked"):
            if data.get(optional) is None:
                data.pop(optional, None)
        if not data.get("history"):
            data.pop("history", None)
        return data

    def orphans(self, question_ids: set[str]) -> list[str]:
        """Answered ids the bank no longer has (kept in the file, reported to the user)."""
        ids = dict.fromkeys([*self.answers, *self.unknown, *self.notes])  # ordered, once each
        return [k for k in ids if k not in question_ids]


def dumps(intake: Intake) -> str:
    return dump_yaml(intake.to_data())


def save(intake: Intake, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    # Intakes go to intakes/ by default, made on first use.
    return atomic_write(path, dumps(intake), force=force, make_folders=True)


def load(path: str | os.PathLike[str]) -> Intake:
    """Load an intake (YAML or JSON). Problems raise :class:`IntakeError` with file:line."""
    name = str(path)
    data = read_bytes(name)
    raw = parse_json(data, name) if name.lower().endswith(".json") else parse_yaml(data, name)
    return from_data(raw, name, data)


def from_data(raw: Any, name: str, data: bytes | None = None) -> Intake:
    if not isinstance(raw, dict) or "bank" not in raw or "answers" not in raw:
        raise IntakeError("not an ldconsult intake (expected keys 'bank' and 'answers')",
                          path=name, line=1 if data else None)
    try:
        return Intake.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = tuple(err["loc"])
        where = locate(compose_marks(decode(data, name)), loc) if data else {}
        key = ".".join(str(p) for p in loc) or "intake"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        msg = _message(err)
        raise IntakeError(f"{key}: {msg}{more}", path=name, **where) from None


def check_answers(intake: Intake, bank: Any, name: str, data: bytes | None = None) -> Intake:
    """``intake`` when every answer is one its question in ``bank`` can hold (see
    :func:`values.check_stored`); else :class:`IntakeError` naming the file, the line, the
    answer and its value. Answers to questions the bank no longer has are not checked
    (they are kept and reported, never used)."""
    for qid, value in intake.answers.items():
        q = bank.question(qid)  # None: no longer in the bank
        if q is None:
            continue
        try:
            values.check_stored(q, value)
        except ValueError as exc:
            raise IntakeError(f"answers.{qid}: {exc}", path=name,
                              **_where(name, data, ("answers", qid))) from None
    return intake


def _where(name: str, data: bytes | None, loc: tuple[Any, ...]) -> dict[str, int]:
    """The line and column of ``loc`` in the file (read again if need be: errors only)."""
    try:
        text = decode(data if data is not None else read_bytes(name), name)
    except LdError:
        return {}
    return locate(compose_marks(text), loc)


def _message(err: dict[str, Any]) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key"
    return plain_message(err)
