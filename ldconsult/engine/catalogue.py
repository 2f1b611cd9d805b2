"""The interventions catalogue and the flag texts: package data, loaded once per process.

Rules stay data: an entry's ``fits`` says which facts make it apply, and its weighing
keys (``acts_on``, ``cures``, ``weeks``, ``leverage``, ``bundle``, ``before``) say what the
weighing needs to know, so adding an intervention is a YAML edit, not a new branch in the
engine. The keys are documented at the top of ldconsult/data/interventions.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ldconsult.base.yamlio import parse_yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
KINDS = ("training", "non_training")
EFFORTS = ("low", "medium", "high")
CELL_ORDER = ("expectations", "feedback", "resources", "incentives", "manager_support",
              "knowledge_skill", "capacity", "motives", "assessment", "clarify", "launch")
SHORTFALLS = ("errors", "speed", "volume", "incidents", "experience", "cost")
LEVERS = ("exemplar_ready", "day_one", "mandate", "trained_perform", "stops_escape",
          "requester_can_act", "awareness", "conflict", "found_later")
TIMINGS = ("tool_change", "incentive_change")
# The training that meets a requirement in its smallest form, when it is not the fix.
MANDATED_MINIMUM = "mandated_minimum"


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    cell: str
    slot: str
    title: str
    phrase: str
    owner: str
    owner_by: Mapping[str, Mapping[str, str]]
    referral: bool
    effort: str
    priority: int
    fallback: bool
    fits: tuple[Mapping[str, Any], ...]
    compiled: tuple[tuple[tuple[str, frozenset[Any], bool], ...], ...]
    summary: str
    summary_by: Mapping[str, Mapping[str, str]]
    duration: str | None
    hours: float
    hours_by: Mapping[str, Mapping[str, float]]
    sized: bool
    build_days: float
    acts_on: frozenset[str]
    cures: frozenset[str]
    weeks: float
    timing: str | None
    leverage: tuple[str, ...]
    bundle: tuple[str, ...]
    bundle_always: tuple[str, ...]
    supersedes: tuple[str, ...]
    before: tuple[str, ...]
    indicator: str
    behaviour: str
    observer: str
    feeds: tuple[str, ...] = ()
    as_input: str = ""
    input_phrase: str = ""
    needs_reference: bool = False  # performance support: it works only where a reference can be used
    readies: tuple[str, ...] = ()  # slots whose practice or go-live depend on this being in place
    interim: tuple[str, ...] = ()  # what covers the wait when this fix takes more than a month

    def match(self, facts: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The first alternative of ``fits`` that holds, or None."""
        for clause, tests in zip(self.fits, self.compiled):
            for key, wanted, negate in tests:
                have = facts.get(key, "unknown")
                if type(have) is list:
                    hit = not wanted.isdisjoint(have)
                else:
                    hit = have in wanted
                if hit is negate:
                    break
            else:
                return clause
        return None

    @property
    def order(self) -> tuple[int, int, str]:
        return (CELL_ORDER.index(self.cell), self.priority, self.id)

    def hours_for(self, facts: Mapping[str, Any]) -> float:
        """Learner hours per person, or their variant for the situation (``hours_by``)."""
        for signal, variants in self.hours_by.items():
            return variants.get(str(facts.get(signal)), self.hours)
        return self.hours

    def text_for(self, facts: Mapping[str, Any]) -> str:
        """The memo text, or its variant for the situation (``summary_by``; for a set
        signal, the first of its values that has a variant)."""
        for signal, variants in self.summary_by.items():
            value = facts.get(signal)
            values = value if isinstance(value, list) else [value]
            hit = next((variants[str(v)] for v in values if str(v) in variants), None)
            return hit if hit is not None else variants.get("default", self.summary)
        return self.summary


@dataclass(frozen=True)
class FlagText:
    code: str
    severity: str
    message: str
    nothing_built: str = ""  # the message when nothing is built (no_intervention)


def _compile(clause: Mapping[str, Any]) -> tuple[tuple[str, frozenset[Any], bool], ...]:
    """A clause as (fact, accepted values, negated) tests, checked in a tight loop."""
    out = []
    for key, want in clause.items():
        negate = isinstance(want, Mapping)
        if negate:
            want = want["not"]
        values = want if isinstance(want, list) else [want]
        out.append((key, frozenset(values), negate))
    return tuple(out)


def _read(name: str) -> Any:
    data = (DATA_DIR / name).read_bytes()
    return parse_yaml(data, f"ldconsult/data/{name}")


def _words(text: Any) -> str:
    return " ".join(str(text or "").split())


def _check(raw: Mapping[str, Any]) -> None:
    bad = [k for k, allowed in (("kind", KINDS), ("effort", EFFORTS), ("cell", CELL_ORDER))
           if raw.get(k) not in allowed]
    bad += [f"acts_on {a}" for a in raw.get("acts_on", ()) if a not in SHORTFALLS]
    bad += [f"leverage {lv}" for lv in raw.get("leverage", ()) if lv not in LEVERS]
    if raw.get("timing") not in (None, *TIMINGS):
        bad.append("timing")
    if raw.get("sized") and raw.get("kind") != "training":  # the plan has one training size
        bad.append("sized (only training is sized to the task)")
    if bad:
        raise ValueError(f"catalogue entry {raw.get('id')!r} has a bad {', '.join(bad)}")


def _bundle(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """Every partner: ``bundle_always`` ones first, unless ``bundle`` gives their place."""
    named = tuple(raw.get("bundle", ()))
    return (*(i for i in raw.get("bundle_always", ()) if i not in named), *named)


def _entry(raw: Mapping[str, Any]) -> Entry:
    _check(raw)
    return Entry(
        id=raw["id"], kind=raw["kind"], cell=raw["cell"], slot=raw.get("slot", raw["cell"]),
        title=raw["title"], phrase=raw.get("phrase", raw["title"].lower()),
        owner=raw["owner"], owner_by=raw.get("owner_by", {}),
        referral=bool(raw.get("referral", False)), effort=raw["effort"],
        priority=int(raw.get("priority", 5)), fallback=bool(raw.get("fallback", False)),
        fits=tuple(raw["fits"]), compiled=tuple(_compile(c) for c in raw["fits"]),
        summary=_words(raw["summary"]),
        summary_by={k: {v: _words(t) for v, t in m.items()}
                    for k, m in raw.get("summary_by", {}).items()},
        duration=_words(raw["duration"]) if raw.get("duration") else None,
        hours=float(raw.get("hours", 0.0)), sized=bool(raw.get("sized", False)),
        hours_by={k: {v: float(h) for v, h in m.items()}
                  for k, m in raw.get("hours_by", {}).items()},
        build_days=float(raw.get("build_days", 0.0)),
        acts_on=frozenset(raw.get("acts_on", SHORTFALLS)), cures=frozenset(raw.get("cures", ())),
        weeks=float(raw.get("weeks", 4)), timing=raw.get("timing"),
        leverage=tuple(raw.get("leverage", ())), bundle=_bundle(raw),
        bundle_always=tuple(raw.get("bundle_always", ())),
        supersedes=tuple(raw.get("supersedes", ())),
        before=tuple(raw.get("before", ())),
        indicator=raw.get("indicator", ""), behaviour=raw.get("behaviour", ""),
        observer=raw.get("observer", ""), feeds=tuple(raw.get("feeds", ())),
        as_input=_words(raw.get("as_input", "")), input_phrase=raw.get("input_phrase", ""),
        needs_reference=bool(raw.get("needs_reference", False)),
        readies=tuple(raw.get("readies", ())), interim=tuple(raw.get("interim", ())))


@lru_cache(maxsize=1)
def interventions() -> tuple[Entry, ...]:
    """The catalogue in recommendation order (diagnostic order of the cell, then priority)."""
    entries = tuple(sorted((_entry(r) for r in _read("interventions.yaml")),
                           key=lambda e: e.order))
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate id in the interventions catalogue")
    known = set(ids)
    for e in entries:
        unknown = [i for i in (*e.bundle, *e.bundle_always, *e.supersedes, *e.feeds, *e.interim)
                   if i not in known]
        if unknown:
            raise ValueError(f"catalogue entry {e.id!r} names unknown ids {unknown}")
    return entries


@lru_cache(maxsize=1)
def by_id() -> dict[str, Entry]:
    return {e.id: e for e in interventions()}


@lru_cache(maxsize=1)
def flag_texts() -> dict[str, FlagText]:
    return {r["code"]: FlagText(r["code"], r["severity"], " ".join(r["message"].split()),
                                " ".join(str(r.get("nothing_built", "")).split()))
            for r in _read("flags.yaml")}
