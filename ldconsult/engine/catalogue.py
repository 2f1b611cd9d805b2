"""The interventions catalogue and the flag texts: package data, loaded once per process.

Rules stay data: an entry's ``fits`` says which facts make it apply, so adding an
intervention is a YAML edit, not a new branch in the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ldconsult.yamlio import parse_yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
KINDS = ("training", "non_training")
EFFORTS = ("low", "medium", "high")
CELL_ORDER = ("expectations", "feedback", "resources", "incentives", "manager_support",
              "knowledge_skill", "capacity", "motives", "assessment", "clarify", "launch")


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    cell: str
    title: str
    phrase: str
    owner: str
    referral: bool
    effort: str
    priority: int
    fallback: bool
    fits: tuple[Mapping[str, Any], ...]
    compiled: tuple[tuple[tuple[str, frozenset[Any], bool], ...], ...]
    summary: str
    duration: str | None
    hours: float
    indicator: str
    behaviour: str
    observer: str
    feeds: tuple[str, ...] = ()
    as_input: str = ""
    input_phrase: str = ""

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


@dataclass(frozen=True)
class FlagText:
    code: str
    severity: str
    message: str


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


def _entry(raw: Mapping[str, Any]) -> Entry:
    if raw["kind"] not in KINDS or raw["effort"] not in EFFORTS or raw["cell"] not in CELL_ORDER:
        raise ValueError(f"catalogue entry {raw.get('id')!r} has a bad kind, effort or cell")
    return Entry(
        id=raw["id"], kind=raw["kind"], cell=raw["cell"], title=raw["title"],
        phrase=raw.get("phrase", raw["title"].lower()),
        owner=raw["owner"], referral=bool(raw.get("referral", False)), effort=raw["effort"],
        priority=int(raw.get("priority", 5)), fallback=bool(raw.get("fallback", False)),
        fits=tuple(raw["fits"]), compiled=tuple(_compile(c) for c in raw["fits"]), summary=" ".join(raw["summary"].split()),
        duration=" ".join(raw["duration"].split()) if raw.get("duration") else None,
        hours=float(raw.get("hours", 0.0)), indicator=raw.get("indicator", ""),
        behaviour=raw.get("behaviour", ""), observer=raw.get("observer", ""),
        feeds=tuple(raw.get("feeds", ())), as_input=" ".join(raw.get("as_input", "").split()),
        input_phrase=raw.get("input_phrase", ""))


@lru_cache(maxsize=1)
def interventions() -> tuple[Entry, ...]:
    """The catalogue in recommendation order (diagnostic order of the cell, then priority)."""
    entries = tuple(sorted((_entry(r) for r in _read("interventions.yaml")),
                           key=lambda e: e.order))
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate id in the interventions catalogue")
    return entries


@lru_cache(maxsize=1)
def flag_texts() -> dict[str, FlagText]:
    return {r["code"]: FlagText(r["code"], r["severity"], " ".join(r["message"].split()))
            for r in _read("flags.yaml")}
