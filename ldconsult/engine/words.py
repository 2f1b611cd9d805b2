"""The case's own words: the nouns a memo borrows from the answers, and the goal in parts.

Catalogue texts, indicators, behaviours and flag texts are written in neutral words with
slots (``{people}``, ``{measure}``, ...). :func:`fill` puts the case's nouns in them, taken
from the answers through the signals (``provides:`` in a bank); a noun the answers do not
give becomes a plain neutral phrase ("the people who do the work"), never a word borrowed
from another kind of workplace. A slot written with a capital (``{People}``) starts a
sentence. docs/method.md ("Words") lists the slots.

The goal (:func:`goal`) is parsed from the answers: the KPI, the baseline's and the
target's values (their first clause, without asides), the deadline, and an early target
("95% in week 1"), so a headline never pastes a whole answer into its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ldconsult.bank.signals import Signals

# --- Small text helpers -----------------------------------------------------------------


def lower_first(text: str) -> str:
    """'Share of claims' -> 'share of claims'; a first word with another capital stays as
    written ('NPS', 'IoT attach rate', 'eBay')."""
    if not text or not text[0].isupper():
        return text
    first = text.split(maxsplit=1)[0]
    if any(ch.isupper() for ch in first[1:]):
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def and_list(items: list[str]) -> str:
    """'a, b and c': the items that are not empty, listed as a sentence lists them."""
    items = [w for w in items if w]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def clauses(text: str | None) -> list[str]:
    """An answer's clauses: parts separated by ';' or a line break, outside brackets."""
    if not text:
        return []
    parts, depth, cur = [], 0, []
    for ch in str(text):
        depth += (ch == "(") - (ch == ")")
        if depth <= 0 and ch in ";\n":
            parts.append("".join(cur))
            cur = []
            depth = 0
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [" ".join(p.split()).strip(" .,") for p in parts if p.strip(" .,")]


_TRAILING_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")
_SECONDARY = re.compile(r"^(?:secondary|also|plus)\s*(?:[-:–—]\s*)?", re.I)


_DATE_WORDS = re.compile(r"\b(?:\d{4}-\d{2}(?:-\d{2})?|\d{1,2}|(?:19|20)\d{2}|q[1-4]|jan\w*|"
                         r"feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|"
                         r"nov\w*|dec\w*|to|from|until|and|as of|on|in)\b|[-–,/ ]", re.I)


def without_aside(text: str) -> str:
    """'70% of submissions (current)' -> '70% of submissions': a trailing aside in brackets
    goes, unless it only dates the value ('18% (2026-10-01)') or nothing would be left."""
    aside = _TRAILING_ASIDE.search(text)
    if aside and not _DATE_WORDS.sub("", aside.group(0).strip()[1:-1]):
        return text.strip(" .,")
    short = _TRAILING_ASIDE.sub("", text).strip(" .,")
    return short or text.strip(" .,")


def head_clause(text: str | None) -> str:
    """The first clause of an answer, without its trailing aside."""
    parts = clauses(text)
    return without_aside(parts[0]) if parts else ""


def strip_secondary(text: str) -> str:
    """'secondary - case handling time' -> 'case handling time'."""
    return _SECONDARY.sub("", text).strip(" .,")


# --- The goal in parts --------------------------------------------------------------------

_EARLY = re.compile(r"\b(?:in|by|within)\s+(?:the\s+)?(?:first\s+)?(?:(week|day|month)\s+(\d+)"
                    r"|(\d+)\s+(weeks?|days?|months?))(?:\s+(?:of|after)\s+(go-live|launch))?\b",
                    re.I)
UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


@dataclass(frozen=True)
class Early:
    """An early target inside the target answer: '95% in week 1' -> (7 days, '95% in week 1')."""

    days: int
    text: str
    after_go_live: bool


@dataclass(frozen=True)
class Goal:
    measure: str  # the KPI as it reads mid-sentence ('wrong-fee rate')
    baseline: str  # its value now ('11%'), '' when none reads as a value
    target: str  # the value that means success ('2% or less'), '' when none
    deadline: str  # ISO date, '' when none
    early: tuple[Early, ...] = ()


def early_targets(target: str | None) -> tuple[Early, ...]:
    """Targets set for a point soon after the change: 'in week 1', 'within 6 weeks of
    go-live', 'in the first 30 days'."""
    out = []
    for part in clauses(target):
        m = _EARLY.search(part)
        if not m:
            continue
        unit = (m.group(1) or m.group(4) or "").lower().rstrip("s")
        n = int(m.group(2) or m.group(3))
        days = n * UNIT_DAYS.get(unit, 7)
        if days <= 0 or days > 366:
            continue
        out.append(Early(days, without_aside(part), bool(m.group(5)) or unit == "week"))
    return tuple(out)


def _reads_as_value(text: str) -> bool:
    """A baseline or target that reads after 'from' or 'to': it names a number or zero."""
    return bool(re.search(r"\d|\b(zero|none|nil|no)\b", text, re.I))


_QUALIFIER = (r"(?:(?:about|around|approximately|roughly|under|below|over|above|at least|"
              r"at most|fewer than|less than|more than|no more than|back to|down to|up to|"
              r"~)\s*)*")
_UNIT = (r"(?:\s*%|\s*[^\s/]*/\S+|"
         r"\s*(?:h|hrs?|hours?|min|mins|minutes?|s|secs?|seconds?|days?|weeks?|ms)\b)?")
_VALUE = re.compile(rf"^{_QUALIFIER}[+\-−~]?\d[\d.,]*{_UNIT}", re.I)
_STOP = frozenset("a an the of in on at to for per and or with by from share rate number "
                  "average median total time".split())


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]+", text.lower()) if w not in _STOP}


def value_of(answer: str, measure: str) -> str:
    """A baseline or target that restates the measure keeps only its value and any early
    date: '95% of opportunities and cases logged in week 1' -> '95% in week 1'."""
    if len(_content(answer) & _content(measure)) < 2:
        return answer
    # 'case handling time back to 12 min' -> 'back to 12 min': the measure is not repeated.
    words, named = answer.split(), set(re.findall(r"[a-z][a-z-]+", measure.lower()))
    lead = 0
    while lead < len(words) - 1 and words[lead].lower().strip(",:") in named:
        lead += 1
    if lead >= 2:
        return " ".join(words[lead:])
    value = _VALUE.match(answer.strip())
    if not value:
        return answer
    early = _EARLY.search(answer)
    return value.group(0).strip() + (f" {early.group(0)}" if early else "")


def target_phrase(target: str) -> str:
    """How the target reads after the measure: 'to 2% or less', 'back to 22 min/claim',
    'up by 15%'."""
    t = lower_first(target)
    if re.match(r"(back|down|up)\s+to\b", t, re.I):
        return t
    plus = re.match(r"^\+\s*(\d[\d.,]*\s*%?)(.*)$", t)
    if plus:
        return f"up by {plus.group(1).strip()}{plus.group(2)}"
    minus = re.match(r"^[-−]\s*(\d[\d.,]*\s*%?)(.*)$", t)
    if minus:
        return f"down by {minus.group(1).strip()}{minus.group(2)}"
    return f"to {t}"


def _aligned(answer: str | None, index: int, parts: int) -> str:
    """The clause of a baseline or target answer that belongs to the KPI: the same place as
    the KPI among the measures named, when the answer has as many clauses; else the first."""
    found = clauses(answer)
    if not found:
        return ""
    pick = found[index] if len(found) == parts and index < len(found) else found[0]
    return without_aside(pick)


_HEAD = re.compile(r"\s+(?:of|per|on|in|at|for|to|found|with|by)\s+", re.I)
SINGULAR_HEADS = frozenset("rate time share average median score number percentage proportion "
                           "ratio level discount cost count value index margin backlog "
                           "turnaround total".split())


def with_article(measure: str) -> str:
    """'wrong-fee rate' -> 'the wrong-fee rate'; a count ('late deliveries') stays bare."""
    head = _HEAD.split(measure, maxsplit=1)[0].split()
    if head and head[-1].lower() in SINGULAR_HEADS and not measure.lower().startswith("the "):
        return "the " + measure
    return measure


def measure_phrase(kpi: str | None) -> str:
    """The KPI as it reads mid-sentence: 'IoT attach rate (share of deals)' -> 'the IoT
    attach rate'; '' when there is none."""
    return with_article(lower_first(without_aside(strip_secondary(kpi or ""))))


def goal_from(kpi: str | None, baseline: str | None, target: str | None,
              deadline: str | None, index: int = 0, parts: int = 1) -> Goal:
    """The goal in parts: the KPI, and its clause of the baseline and of the target
    (``index`` of ``parts`` measures named in the metric answer)."""
    measure = measure_phrase(kpi)
    base = value_of(_aligned(baseline, index, parts), measure)
    aim = value_of(_aligned(target, index, parts), measure)
    return Goal(measure=measure or "the agreed measure",
                baseline=base if base and _reads_as_value(base) else "",
                target=aim, deadline=deadline or "", early=early_targets(target))


def goal(sig: Signals, kpi: str | None = None, index: int = 0, parts: int = 1) -> Goal:
    return goal_from(kpi or sig.text("metric"), sig.text("baseline"), sig.text("target"),
                     sig.text("deadline"), index, parts)


def goal_sentence(g: Goal, *, verb: str = "get") -> str:
    """'get the wrong-fee rate from 11% to 2% or less by 2027-03-31'."""
    start = f" from {lower_first(g.baseline)}" if g.baseline else ""
    if not g.target:
        text = f"{verb} {g.measure} moving{start}"
        return text + (f" by {g.deadline} (no target agreed yet)" if g.deadline
                       else " (no target or deadline agreed yet)")
    text = f"{verb} {g.measure}{start} {target_phrase(g.target)}"
    if not g.deadline:
        return text + " (no deadline agreed yet)"
    # A target with its own time ('in week 1') keeps the deadline beside it, not after it.
    return text + (f" (deadline {g.deadline})" if names_a_time(g.target) else f" by {g.deadline}")


def names_a_time(target: str) -> bool:
    """Whether a target sets its own time ('95% in week 1', 'within 6 weeks of go-live')."""
    return bool(_EARLY.search(target))


# --- The case's nouns ----------------------------------------------------------------------

_AUDIENCE_CUT = re.compile(r"\s+(?:in|at|across|doing|who|from|on)\s+", re.I)
_LEADING_COUNT = re.compile(r"(?<![\w-])\d[\d,.]*\s+(?=[a-z])", re.I)
MAX_PEOPLE_WORDS = 3
_PARTICIPLE = re.compile(r"[a-z]{3,}(?:ing|ed|ised|ized)", re.I)


def _plural(word: str) -> str:
    if word.endswith(("s", "staff", "people", "personnel", "team", "crew")):
        return word
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    return word + "s"


def people_of(audience: str | None) -> str:
    """The audience as a plural noun mid-sentence: 'Permit technicians at the main counter'
    -> 'permit technicians'; 'Every employee who deals with third parties' -> 'employees';
    '' when none is given."""
    if not audience:
        return ""
    text = re.split(r"[;,(]|\s[-–—]\s", str(audience), maxsplit=1)[0].strip()
    if len(text.split()) > MAX_PEOPLE_WORDS:
        text = _AUDIENCE_CUT.split(text, maxsplit=1)[0]
    words = text.split()
    # 'Account executives selling to ...', 'Ramp agents authorised for ...': the people,
    # not what they do.
    cut = next((k for k, w in enumerate(words) if k >= 2 and _PARTICIPLE.fullmatch(w)), None)
    if cut is not None and len(words) > MAX_PEOPLE_WORDS:
        text = " ".join(words[:cut])
    text = _LEADING_COUNT.sub("", text).strip()
    every = re.match(r"^(every|each|any)\s+(.+)$", text, re.I)
    if every:
        words = every.group(2).split()
        text = " ".join(words[:-1] + [_plural(words[-1])])
    text = re.sub(r"^all\s+", "", text, flags=re.I)
    # One capitalised word ('Sam') may be a name: it keeps its capital.
    if len(text.split()) > 1 or text.lower().endswith("s"):
        text = lower_first(text)
    return text.strip()


def source_of(source: str | None) -> str:
    """Where the measure is read: 'Finance's error log, monthly (finance)' -> "finance's
    error log"; 'Quality system' -> 'the quality system'."""
    if not source:
        return ""
    text = lower_first(re.split(r"[;,(]", str(source), maxsplit=1)[0].strip(" ."))
    if not text or re.match(r"(?i)(the|a|an|our|their|its)\s", text) or "'s " in text:
        return text
    return "the " + text


CHANGE_WORDS = {"new_system": "the new system", "new_process": "the new process",
                "new_policy": "the new policy", "new_product": "the new product",
                "new_equipment": "the new equipment", "new_role": "the new role",
                "new_incentive": "the new targets"}
RULE_WORDS = {"new_policy": "the new policy", "new_process": "the new process",
              "new_system": "the new way of working in the system"}
CADENCE_REPORT = {"daily": "the daily figures", "weekly": "the weekly report",
                  "pay_period": "the pay-period report",
                  "monthly": "the monthly report", "quarterly": "the quarterly report",
                  "audit": "the next audit", "event": "each event's report"}


def _change(sig: Signals) -> str:
    """The change that set the problem off, when the answers name one."""
    driver = sig.get("change_driver")
    if driver in CHANGE_WORDS:
        return driver
    changes = sig.get("changes", [])
    if isinstance(changes, list):
        return next((c for c in changes if c in CHANGE_WORDS), "")
    return ""


@dataclass(frozen=True)
class CaseWords:
    """The slots of a text and what fills them for one case."""

    people: str  # who does the work: 'permit technicians' | 'the people who do the work'
    measure: str  # the KPI: 'the wrong-fee rate' | 'the agreed measure'
    source: str  # where it is read: "finance's error log" | 'the report that holds the measure'
    change: str  # 'the new system' | 'the change'
    rule: str  # what people must follow: 'the new policy' | 'the standard'
    practice: str  # what the best performers do, in full, or 'what the best performers do'

    def slots(self) -> dict[str, str]:
        values = {name: getattr(self, name) for name in SLOTS}
        return values | {upper_first(k): upper_first(v) for k, v in values.items()}


SLOTS = ("people", "measure", "source", "change", "rule", "practice")


def case_words(sig: Signals, kpi: str | None = None) -> CaseWords:
    change = _change(sig)
    practice = sig.text("exemplar_practice")
    return CaseWords(
        people=people_of(sig.text("audience")) or "the people who do the work",
        # as goal(sig, kpi).measure, without parsing the baseline and target
        measure=measure_phrase(kpi or sig.text("metric")) or "the agreed measure",
        source=source_of(sig.text("metric_source")) or "the report that holds the measure",
        change=CHANGE_WORDS.get(change, "the change"),
        rule=RULE_WORDS.get(change, "the standard"),
        practice=lower_first(" ".join(practice.split()).rstrip(".")) if practice else
        "what the best performers do")


class _Slots(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        raise KeyError(f"unknown slot {{{key}}}")


def fill(text: str, words: CaseWords) -> str:
    """``text`` with its slots filled from the case ('{people}' -> 'permit technicians')."""
    if "{" not in text:
        return text
    return text.format_map(_Slots(words.slots()))


def slots_in(text: str) -> set[str]:
    """The slot names a text uses (for checking the catalogue)."""
    return set(re.findall(r"\{(\w+)\}", text))


def known_slot(name: str) -> bool:
    return name in SLOTS or name[:1].lower() + name[1:] in SLOTS
