"""A stand-in engine for the adaptive interview's tests: a plan that depends on three
signals in a way a test can state, so what is asked does not hang on the real rules
(which change). With tests/fixtures/adaptive-bank.yaml:

- ``knowledge_skill: gap`` makes the verdict training (could_do: a verdict question);
- ``feedback: gap`` puts a feedback fix in the lead (feedback: a lead question);
- ``involved_late: yes`` raises a warning (late, opened by changed: system);
- nothing else is read (often, colour, remark, changed itself change nothing).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from ldconsult.bank import banks
from ldconsult.bank.signals import Signals
from ldconsult.engine.outcome import Outcome

BANK_PATH = Path(__file__).parent / "fixtures" / "adaptive-bank.yaml"
ANCHOR = dt.date(2026, 11, 16)


def fake_outcome(sig: Signals, anchor: dt.date) -> Outcome:
    verdict = "training" if sig.get("knowledge_skill") == "gap" else "more_info"
    lead = "faster_feedback" if sig.get("feedback") == "gap" else "assessment"
    flags = ("late-involvement",) if sig.get("involved_late") == "yes" else ()
    return Outcome(verdict, lead, None, (lead,), flags, (), ())


def use_fake_engine(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The chooser asks the fake engine; returns the loaded test bank."""
    from ldconsult.interview import memo

    monkeypatch.setattr(memo, "outcome", fake_outcome)
    return banks.load_file(BANK_PATH)
