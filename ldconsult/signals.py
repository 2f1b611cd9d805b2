"""The signal vocabulary, and signals derived from answers through a bank's mappings.

Signals are bank-independent facts the engine reasons on. A bank maps answers to them:
a choice's ``signals``, a yes/no question's ``signals_if_true``/``signals_if_false``, a
number's ``thresholds``, and ``provides`` (the answer itself becomes a context value).

How several answers that touch one signal combine (documented in docs/method.md):

* cause cells (gap/ok/unknown): any ``gap`` wins, then ``ok``; evidence is every answer
  that gave the winning state;
* set signals (``voices``, ``*_issues``): the union;
* other qualifiers and context: the first real answer in bank order.

A "don't know yet" answer sets nothing; the signals it could have set are listed in
``Signals.unknown_from`` so the engine can say what to find out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

CELL = ("gap", "ok", "unknown")
YES_NO = ("yes", "no", "unknown")

# name -> (kind, allowed values or a value type, description)
#   kind: cell | qualifier | set | context
#   value type for context: text | number | money | date | choice tuple
VOCABULARY: dict[str, tuple[str, tuple[str, ...] | str, str]] = {
    # Gilbert's cells (environment row, then individual row) plus manager support.
    "expectations": ("cell", CELL, "People know what good looks like, and that it is expected"),
    "feedback": ("cell", CELL, "People learn soon and specifically whether they did it right"),
    "resources": ("cell", CELL, "Tools, process, data and time make the right action easy"),
    "incentives": ("cell", CELL, "Doing it right is rewarded, doing it wrong has consequences"),
    "manager_support": ("cell", CELL, "Managers expect, coach and reinforce the behaviour"),
    "knowledge_skill": ("cell", CELL, "People know how and have the skill"),
    "capacity": ("cell", CELL, "People have the physical and mental fit for the task"),
    "motives": ("cell", CELL, "People want to do it"),
    # Qualifiers.
    "could_do_if_life_depended": ("qualifier", YES_NO, "Could they do it if their life depended on it?"),
    "did_it_before": ("qualifier", YES_NO, "Have they done it correctly before?"),
    "task_frequency": ("qualifier", ("daily", "weekly", "monthly", "rare", "unknown"),
                       "How often one person does the task"),
    "task_criticality": ("qualifier", ("high", "medium", "low", "unknown"),
                         "What an error costs (safety, money, legal)"),
    "task_complexity": ("qualifier", ("simple", "steps", "judgment", "unknown"),
                        "A few steps, a long procedure, or judgment calls"),
    "reference_allowed": ("qualifier", YES_NO, "A reference can be open while doing the task"),
    "exemplars_exist": ("qualifier", YES_NO,
                        "Someone already does it well under the same conditions"),
    "worth_solving": ("qualifier", YES_NO, "The problem costs enough to be worth fixing"),
    "policies_conflict": ("qualifier", YES_NO, "Two rules or policies contradict each other"),
    "change_driver": ("qualifier", ("new_system", "new_process", "new_policy", "new_role",
                                    "none", "unknown"), "A change that triggered the request"),
    # Set signals: details that choose among interventions.
    "expectation_issues": ("set", ("unclear", "unwritten", "inconsistent", "unaware",
                                   "outdated"), "What is wrong with the standards"),
    "feedback_issues": ("set", ("slow", "generic", "absent"), "What is wrong with feedback"),
    "resource_issues": ("set", ("tool", "process", "time", "obstacles", "double_entry",
                                "data"), "What in the tools, process or time gets in the way"),
    "incentive_issues": ("set", ("punished", "wrong_rewarded", "no_consequence",
                                 "conflicting_goals"), "How consequences work against it"),
    "voices": ("set", ("strategy", "field"), "Who is at the table: leaders, the field"),
    # Context.
    "problem_statement": ("context", "text", "The business problem, in business terms"),
    "audience": ("context", "text", "Who exactly: role, team, where"),
    "audience_size": ("context", "number", "How many people"),
    "metric": ("context", "text", "The measure that shows the problem is solved"),
    "metric_source": ("context", "text", "Where the metric's data lives and who owns it"),
    "metric_kind": ("context", ("business", "behaviour", "learning", "vanity", "unknown"),
                    "What kind of measure the metric is"),
    "baseline": ("context", "text", "The metric's value now"),
    "target": ("context", "text", "The value that means success"),
    "deadline": ("context", "date", "When the target should be reached"),
    "strategic_goal": ("context", "text", "The strategic goal this serves"),
    "cost_of_problem": ("context", "money", "What the problem costs per month"),
    "loaded_hourly_cost": ("context", "money", "Loaded cost of one hour of a learner's time"),
    "budget": ("context", "money", "Budget available for the solution"),
    "requested_solution": ("context", ("none", "course", "elearning", "workshop", "video",
                                       "job_aid", "coaching", "communication", "other",
                                       "unknown"), "What the requester asked for"),
    "requested_format_hours": ("context", "number", "Hours per person the requested format takes"),
    "lead_time": ("context", ("ample", "tight", "late", "unknown"),
                  "Time between L&D's involvement and the go-live or deadline"),
    "exemplar_practice": ("context", "text", "What the best performers do differently"),
}

CELLS = tuple(n for n, (k, _, _) in VOCABULARY.items() if k == "cell")
SETS = tuple(n for n, (k, _, _) in VOCABULARY.items() if k == "set")
TEXT_KINDS = {"text": ("text", "long_text", "select", "date"),
              "number": ("number", "integer", "money", "scale"),
              "money": ("money", "number", "integer"),
              "date": ("date",)}


def check_signal(name: str, value: Any) -> str | None:
    """Why ``name: value`` is not in the vocabulary, or None when it is."""
    import difflib

    if name not in VOCABULARY:
        near = difflib.get_close_matches(name, list(VOCABULARY), n=1, cutoff=0.6)
        return f"unknown signal '{name}'" + (f"; did you mean '{near[0]}'?" if near else "")
    kind, allowed, _ = VOCABULARY[name]
    if isinstance(allowed, str):
        return (f"signal '{name}' takes the answer itself (use 'provides: {name}'), "
                "not a fixed value")
    if isinstance(value, list) and kind != "set":
        return f"signal '{name}' takes one value ({', '.join(allowed)}), not a list"
    values = value if kind == "set" and isinstance(value, list) else [value]
    for v in values:
        if not isinstance(v, str) or v not in allowed:
            near = difflib.get_close_matches(str(v), list(allowed), n=1, cutoff=0.6)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            return f"'{v}' is not a value of signal '{name}' ({', '.join(allowed)}){hint}"
    return None


@dataclass(frozen=True)
class Evidence:
    """One answer behind a signal: which question, what was answered, what it meant."""

    question: str
    answer: str
    meaning: str


@dataclass
class Signals:
    values: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    unknown_from: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str, default: Any = "unknown") -> Any:
        return self.values.get(name, default)

    def has(self, name: str) -> bool:
        value = self.values.get(name)
        return value not in (None, "", "unknown", [])

    def why(self, *names: str) -> list[Evidence]:
        out: list[Evidence] = []
        for n in names:
            out += self.evidence.get(n, [])
        return out


def show_answer(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    return str(value)


def derive(questions: Iterable[Any], answers: Mapping[str, Any],
           unknown: Iterable[str] = ()) -> Signals:
    """Signals from answers. ``questions`` are bank question models in bank order."""
    out = Signals()
    unknown_ids = set(unknown)
    for q in questions:
        if q.id in unknown_ids:
            for name in q.signal_names():
                out.unknown_from.setdefault(name, []).append(q.id)
            continue
        if q.id not in answers or answers[q.id] in (None, "", []):
            continue
        value = answers[q.id]
        for name, sig_value, label in q.signals_for(value):
            _merge(out, name, sig_value, Evidence(q.id, show_answer(label), f"{name}={_fmt(sig_value)}"))
    return out


def _fmt(v: Any) -> str:
    return show_answer(v) if not isinstance(v, str) else v


def _merge(out: Signals, name: str, value: Any, ev: Evidence) -> None:
    kind = VOCABULARY[name][0]
    current = out.values.get(name)
    if kind == "set":
        items = value if isinstance(value, list) else [value]
        merged = list(current or [])
        merged += [i for i in items if i not in merged]
        out.values[name] = merged
        out.evidence.setdefault(name, []).append(ev)
    elif kind == "cell":
        rank = {"gap": 2, "ok": 1, "unknown": 0}
        if current is None or rank[value] > rank[current]:
            out.values[name] = value
            out.evidence[name] = [ev]
        elif rank[value] == rank[current]:
            out.evidence[name].append(ev)
    elif current is None or current == "unknown":
        out.values[name] = value
        out.evidence[name] = [ev]
