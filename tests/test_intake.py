"""Intake files: lossless round-trip, mode 0600, atomic saves, old banks, orphan answers."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldconsult import intake as intake_mod
from ldconsult.bank import values
from ldconsult.base import yamlio
from ldconsult.base.errors import (
    InputFileError,
    IntakeError,
    OverwriteError,
    WriteError,
)
from ldconsult.intake import BankRef, Intake, Meta, Reading

# Text as people (and answers files) produce it: any unicode a YAML file can carry, with
# newlines, "\r\n", tabs, emoji, leading/trailing spaces, and control characters.
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | \
    st.sampled_from(["", " lead", "trail ", "a\r\nb", "line\n", "\n\nx\n\n", "tab\there",
                     "null", "~", "yes", "no", "1.0", "0x1F", "2026-03-31", "- item", "#c",
                     "a: b", "'q'", '"dq"', "😀 émoji", "\x85nel", "\u2028ls", "\x1b[31m",
                     "\ufeffbom", "  \n  ", "|", ">"])
IDS = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
ANSWER = (st.booleans() | st.integers(-10**15, 10**15)
          | st.floats(allow_nan=False, allow_infinity=False) | TEXT | st.lists(TEXT, max_size=4))
STAMP = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1),
                     timezones=st.sampled_from([dt.timezone.utc,
                                                dt.timezone(dt.timedelta(hours=5, minutes=30)),
                                                dt.timezone(dt.timedelta(hours=-8))]))
# Dates an intake may hold (the engine adds days to them: see values.LATEST_DATE).
DATE_TEXT = st.dates(min_value=values.EARLIEST_DATE,
                     max_value=values.LATEST_DATE).map(dt.date.isoformat)


@st.composite
def intakes(draw: st.DrawFn) -> Intake:
    status = draw(st.sampled_from(["draft", "complete"]))
    readings = draw(st.lists(st.builds(
        Reading, date=DATE_TEXT, metric=st.none() | st.floats(allow_nan=False, allow_infinity=False),
        leading=st.dictionaries(IDS, st.floats(allow_nan=False, allow_infinity=False), max_size=2),
        note=st.none() | TEXT, behaviours_seen=st.none() | st.sampled_from(["yes", "partly", "no"]),
        recorded=st.none() | STAMP), max_size=2))
    return Intake(
        bank=BankRef(id=draw(IDS), version=draw(st.sampled_from(["1", "1.10", "2.0.3"])),
                     sha256="ab" * 32, path=draw(st.none() | TEXT)),
        status=status, created=draw(STAMP), updated=draw(STAMP),
        meta=Meta(title=draw(TEXT), requester=draw(TEXT), interviewer=draw(TEXT),
                  meeting_date=draw(st.none() | DATE_TEXT)),
        answers=draw(st.dictionaries(IDS, ANSWER, max_size=8)),
        unknown=draw(st.lists(IDS, max_size=3, unique=True)),
        notes=draw(st.dictionaries(IDS, TEXT, max_size=3)),
        cursor=draw(st.none() | IDS) if status == "draft" else None,
        asked=draw(st.none() | st.lists(IDS, max_size=4, unique=True)),
        not_asked=draw(st.none() | st.dictionaries(IDS, st.just(intake_mod.NO_CHANGE),
                                                   max_size=3)),
        history=readings,
    )


@settings(max_examples=200, deadline=None)
@given(intakes())
def test_round_trip_is_lossless(intake: Intake) -> None:
    text = intake_mod.dumps(intake)
    data = text.encode("utf-8")
    again = intake_mod.from_data(yamlio.parse_yaml(data, "i.yaml"), "i.yaml", data)
    assert again == intake
    assert intake_mod.dumps(again) == text  # and stable: a second save changes nothing


@settings(max_examples=50, deadline=None)
@given(intakes())
def test_round_trip_through_a_file(tmp_path_factory: pytest.TempPathFactory,
                                   intake: Intake) -> None:
    path = tmp_path_factory.mktemp("rt") / "intake.yaml"
    intake_mod.save(intake, path)
    assert intake_mod.load(path) == intake


def _sample() -> Intake:
    return Intake(bank=BankRef(id="mini", version="1", sha256="0" * 64),
                  meta=Meta(title="Returns errors", requester="Dana"),
                  answers={"problem": "Returns take too long\nand cost money", "audience_size": 40,
                           "feedback_speed": "weeks", "gone_question": ["a", "b"]},
                  unknown=["deadline"], notes={"problem": "from the ops report"})


def test_saved_file_has_mode_0600(tmp_path: Path) -> None:
    path = intake_mod.save(_sample(), tmp_path / "i.yaml")
    assert (path.stat().st_mode & 0o777) == 0o600


def test_save_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = intake_mod.save(_sample(), tmp_path / "i.yaml")
    with pytest.raises(OverwriteError):
        intake_mod.save(_sample(), path)
    intake_mod.save(_sample(), path, force=True)


@pytest.mark.parametrize("fail_at", ["replace", "fsync", "write"])
def test_failed_save_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                fail_at: str) -> None:
    path = intake_mod.save(_sample(), tmp_path / "i.yaml")
    before, saved = path.read_bytes(), intake_mod.load(path)
    changed = _sample().model_copy(update={"answers": {"problem": "something else"}})

    def boom(*a: Any, **k: Any) -> Any:
        raise OSError(28, "No space left on device")

    if fail_at == "write":
        real_fdopen = os.fdopen

        class FullDisk:
            def __init__(self, fh: Any) -> None:
                self.fh = fh

            def __enter__(self) -> FullDisk:
                return self

            def __exit__(self, *exc: Any) -> None:
                self.fh.close()

            write = boom

        monkeypatch.setattr(os, "fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k)))
    else:
        monkeypatch.setattr(os, fail_at, boom)
    with pytest.raises(WriteError, match="cannot write: the disk is full"):
        intake_mod.save(changed, path, force=True)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["i.yaml"]  # no temp file left behind
    # the intake saved first, not a new _sample(): its timestamps may fall in another second
    assert intake_mod.load(path) == saved


def test_an_intake_made_with_an_older_bank_version_loads(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("schema_version: 1\nldconsult_version: 0.0.1\n"
                    "bank: {id: performance-consulting, version: '0.9', sha256: old}\n"
                    "status: complete\ncreated: 2025-01-02T10:00:00+01:00\n"
                    "updated: 2025-01-02T11:00:00+01:00\n"
                    "meta: {title: Old, meeting_date: 2025-01-02}\n"
                    "answers: {problem: x, retired_question: 3}\n", encoding="utf-8")
    loaded = intake_mod.load(path)
    assert loaded.bank.version == "0.9" and loaded.meta.meeting_date == "2025-01-02"
    assert loaded.orphans({"problem"}) == ["retired_question"]


def test_orphan_answers_notes_and_unknowns_are_kept_and_reported(tmp_path: Path) -> None:
    intake = _sample()
    intake.notes["dropped_note"] = "kept"
    path = intake_mod.save(intake, tmp_path / "i.yaml")
    again = intake_mod.load(path)
    assert again.answers["gone_question"] == ["a", "b"]
    assert again.orphans({"problem", "audience_size", "feedback_speed"}) == [
        "gone_question", "deadline", "dropped_note"]


def test_a_json_intake_loads(tmp_path: Path) -> None:
    path, sample = tmp_path / "i.json", _sample()
    path.write_text(sample.model_dump_json(), encoding="utf-8")
    assert intake_mod.load(path) == sample


def test_answers_keep_bank_order_in_the_file() -> None:
    text = intake_mod.dumps(_sample())
    assert text.index("problem:") < text.index("audience_size:") < text.index("gone_question:")


BAD = [
    ("not an intake", "a: 1\n", "not an ldconsult intake (expected keys 'bank' and 'answers')",
     1),
    ("unknown key", "bank: {id: x, version: '1'}\nanswers: {}\ncolour: red\n",
     "colour: unknown key", 3),
    ("wrong status", "bank: {id: x, version: '1'}\nanswers: {}\nstatus: done\n",
     "status: expected 'draft' or 'complete'; got the text 'done'", 3),
    ("missing bank id", "bank: {version: '1'}\nanswers: {}\n", "bank.id: required key is missing",
     1),
    ("answer of a mapping", "bank: {id: x, version: '1'}\nanswers:\n  q: {a: 1}\n",
     "answers.q", 3),
    ("newer schema", "schema_version: 9\nbank: {id: x, version: '1'}\nanswers: {}\n",
     "newer than this ldconsult understands", 1),
]


@pytest.mark.parametrize("text, message, line", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_intakes_raise_one_line_intake_error_with_location(tmp_path: Path, text: str,
                                                               message: str, line: int) -> None:
    path = tmp_path / "i.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IntakeError) as info:
        intake_mod.load(path)
    assert message in str(info.value)
    assert str(info.value).startswith(f"{path}:{line}:")
    assert "\n" not in str(info.value)


def test_unreadable_intake_is_an_input_file_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        intake_mod.load(tmp_path / "nope.yaml")


def test_json_intake_with_a_lone_surrogate_is_refused_not_crashing_on_save(tmp_path: Path) -> None:
    path = tmp_path / "i.json"
    path.write_text('{"bank": {"id": "x", "version": "1"}, "answers": {"q": "\\ud800"}}',
                    encoding="utf-8")
    with pytest.raises(InputFileError, match="unpaired .u surrogate escape"):
        intake_mod.load(path)


def test_json_intake_with_a_surrogate_pair_is_an_emoji(tmp_path: Path) -> None:
    path = tmp_path / "i.json"
    path.write_text('{"bank": {"id": "x", "version": "1"}, "answers": {"q": "\\ud83d\\ude00"}}',
                    encoding="utf-8")
    assert intake_mod.load(path).answers["q"] == "😀"


def test_orphans_are_listed_once_each() -> None:
    intake = _sample()
    intake.notes["gone_question"] = "a note on a question that went away"
    intake.unknown.append("gone_question")
    assert intake.orphans({"problem", "audience_size", "feedback_speed"}) == [
        "gone_question", "deadline"]


@pytest.mark.parametrize("asked, not_asked, shown", [
    (None, None, False),
    (["problem", "audience_size"], {"feedback_speed": intake_mod.NO_CHANGE}, True),
], ids=["every question asked", "adaptive"])
def test_what_an_adaptive_interview_asked_is_recorded_only_when_it_was_one(
        asked: Any, not_asked: Any, shown: bool) -> None:
    data = _sample().model_copy(update={"asked": asked, "not_asked": not_asked}).to_data()
    assert ("asked" in data, "not_asked" in data) == (shown, shown)
    if shown:
        assert (data["asked"], data["not_asked"]) == (asked, not_asked)


def test_an_intake_from_before_adaptive_interviews_loads_without_asked(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(yamlio.dump_yaml(_sample().to_data()), encoding="utf-8")
    loaded = intake_mod.load(path)
    assert (loaded.asked, loaded.not_asked) == (None, None)
