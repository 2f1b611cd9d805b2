"""The measurement plan, fitted to the case: one KPI (a second measure becomes secondary,
a vanity measure is named as such), leading indicators and behaviours from the fixes
chosen (what would move first if each works), the kind of shortfall and the exemplars'
practice, all in the case's own words; and checkpoints (:mod:`ldconsult.engine.checkpoints`).
docs/method.md ("Measuring") states the rules; the clock is never read.
"""

from __future__ import annotations

import re
from typing import Any

from ldconsult.bank.signals import Signals
from ldconsult.engine.checkpoints import Point, checkpoints as _checkpoints
from ldconsult.engine.checkpoints import find_out, look_again
from ldconsult.engine.diagnosis import Diagnosis
from ldconsult.engine.select import ACTIONABLE, Chosen
from ldconsult.engine.words import (
    CaseWords,
    Goal,
    case_words,
    fill,
    goal,
    strip_secondary,
)

__all__ = ["Point", "measures", "measurement", "checkpoints", "find_out", "look_again",
           "goal_of"]

VANITY_WORDS = re.compile(r"\b(completions?|completed|completion rate|attendance|attended|"
                          r"enrol\w*|satisfaction|smile sheets?|training hours|hours of "
                          r"training|\w*\s?trained|learners trained|course ratings?|"
                          r"quiz(zes)?|pass(ed)? the (quiz|test))\b", re.I)
SPLIT = re.compile(r"\s*(?:;|\s/\s|\bplus\b|\bas well as\b|\n)\s*", re.I)
ASIDE_SECONDARY = re.compile(r"\s*\(\s*(?:secondary|also)\s*[-:–—]?\s*([^()]+)\)", re.I)
MAX_INDICATORS = 4
MAX_BEHAVIOURS = 4
# What moves first for each kind of shortfall, and the behaviour behind it: neutral words
# with the case's slots (engine/words.py), so they fit any workplace.
SHORTFALL_WATCH = {
    "errors": ("Errors caught before the work moves on, and errors that still get through",
               "The work is right the first time"),
    "speed": ("{Measure} and the work waiting in the queue, read every week",
              "Work moves on without waiting or rework"),
    "volume": ("{Measure}, read every week, team by team",
               "{People} act on every suitable occasion, not only when reminded"),
    "incidents": ("Early warning signs of {measure} (smaller slips and close calls) reported "
                  "each week", "The agreed way is followed every time, checked where the "
                  "work is done"),
    "experience": ("Comments and complaints from the people served, week by week",
                   "The people served get the agreed experience every time"),
    "cost": ("{Measure}, read every week, and the work redone or wasted",
             "The work is done once, at the agreed cost"),
}
SHORTFALL_OBSERVER = "Team leads"
DRIVERS = {
    "manager_support": "Managers: ask about it in one-to-ones and team meetings, and "
                       "recognise it",
    "resources": "Tools and process: make the right way the easy way",
    "incentives": "Consequences: doing it right never costs people more than the shortcut",
    "feedback": "Feedback: people see their own results soon",
    "expectations": "Standards: one current, written version people can find",
}


def _is_vanity(text: str) -> bool:
    return bool(VANITY_WORDS.search(text))


def _parts(text: str) -> list[str]:
    """The measures named in one answer: 'A; secondary - B' and 'A (secondary - B)'."""
    out = []
    for part in SPLIT.split(text):
        inner = ASIDE_SECONDARY.findall(part)
        part = ASIDE_SECONDARY.sub("", part)
        out += [strip_secondary(p) for p in (part, *inner)]
    return [p for p in (x.strip(" .,") for x in out) if p]


def measures(sig: Signals) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """(the KPI, secondary measures, vanity measures) from the metric answer. Two measures
    in one answer keep one KPI: the first that counts results, not activity."""
    text = sig.get("metric", None) if sig.has("metric") else None
    if not isinstance(text, str):
        return None, (), ()
    parts = _parts(text)
    if len(parts) <= 1:
        kpi = parts[0] if parts else text
        return kpi, (), ((kpi,) if _is_vanity(kpi) and sig.get("metric_kind") != "business"
                         else ())
    results = [p for p in parts if not _is_vanity(p)]
    vanity = tuple(p for p in parts if _is_vanity(p))
    kpi = results[0] if results else parts[0]
    return kpi, tuple(p for p in results[1:]), vanity


def goal_of(sig: Signals) -> Goal:
    """The goal in parts, for the KPI: its own clause of the baseline and the target."""
    kpi, _secondary, _vanity = measures(sig)
    text = sig.get("metric", None)
    parts = _parts(text) if isinstance(text, str) else []
    index = parts.index(kpi) if kpi in parts else 0
    return goal(sig, kpi, index, max(len(parts), 1))


def _unique(items: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def _fixes(chosen: list[Chosen]) -> list[Chosen]:
    """The fixes whose effect can be watched (not a launch, an investigation or a no-build)."""
    return [c for c in chosen if c.entry.cell not in ("assessment", "clarify", "launch")]


def indicators(d: Diagnosis, chosen: list[Chosen], words: CaseWords) -> tuple[str, ...]:
    """What would move first if each fix works, the lead's first; then what moves first
    for the kind of shortfall."""
    watch = SHORTFALL_WATCH.get(d.signals.get("shortfall"))
    items = [fill(c.entry.indicator, words) for c in _fixes(chosen) if c.entry.indicator]
    if watch:
        items.append(fill(watch[0], words))
    return _unique(items)[:MAX_INDICATORS]


def behaviours(d: Diagnosis, chosen: list[Chosen], words: CaseWords) -> list[tuple[str, str]]:
    """(behaviour, who observes it): the shortfall's, the best performers' practice, and
    each fix's, each behaviour once."""
    sig = d.signals
    watch = SHORTFALL_WATCH.get(sig.get("shortfall"))
    pairs = [(fill(watch[1], words), SHORTFALL_OBSERVER)] if watch else []
    if sig.has("exemplar_practice"):
        pairs.append((f"Others do what the best performers do: {words.practice}",
                      SHORTFALL_OBSERVER))
    pairs += [(fill(c.entry.behaviour, words), fill(c.entry.observer, words))
              for c in _fixes(chosen) if c.entry.behaviour]
    seen: dict[str, str] = {}
    for behaviour, observer in pairs:
        seen.setdefault(behaviour, observer)
    return list(seen.items())[:MAX_BEHAVIOURS]


def measurement(d: Diagnosis, verdict: str, chosen: list[Chosen]) -> dict[str, Any]:
    sig = d.signals
    kind = sig.get("metric_kind")
    shortfall = sig.get("shortfall")
    kpi, secondary, vanities = measures(sig)
    words = case_words(sig, kpi)
    act = verdict in ACTIONABLE
    paired = behaviours(d, chosen, words) if act else []
    cadence = sig.get("metric_cadence")
    return {
        "kpi": kpi, "source": sig.text("metric_source"), "baseline": sig.text("baseline"),
        "target": sig.text("target"), "deadline": sig.text("deadline"),
        "metric_kind": kind if isinstance(kind, str) else "unknown",
        "shortfall": shortfall if isinstance(shortfall, str) else "unknown",
        "cadence": cadence if isinstance(cadence, str) else "unknown",
        "secondary": secondary,
        "vanity_warning": (
            f"{'; '.join(vanities) or 'The measure'} counts activity, not results: report it "
            "if it is required, but judge success by the business measure."
            if kind == "vanity" or vanities else None),  # as the vanity-metric flag
        "leading_indicators": indicators(d, chosen, words) if act else (),
        # Paired: the observer at index i watches behaviour i.
        "behaviours": tuple(b for b, _ in paired),
        "observers": tuple(o for _, o in paired),
        "drivers": tuple(DRIVERS[c] + (" (fix first)" if d.state(c) == "gap" else "")
                         for c in DRIVERS) if act else (),
    }


def checkpoints(d: Diagnosis, verdict: str, tl: Any, kpi: str | None,
                chosen: list[Chosen], trained_by: Any = None) -> list[Point]:
    """The checks of an actionable plan, for the KPI."""
    return _checkpoints(d, verdict, tl, goal_of(d.signals), kpi, chosen, trained_by)
