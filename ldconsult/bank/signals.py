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
    "could_do_if_life_depended": ("qualifier", ("yes", "with_reference", "no", "unknown"),
                                  "Could they do it if their life depended on it? "
                                  "(with_reference: only with a guide or table open)"),
    "did_it_before": ("qualifier", YES_NO, "Have they done it correctly before?"),
    "gap_kind": ("qualifier", ("information", "skill", "unknown"),
                 "What they lack: information nobody gave them, or a skill to practise"),
    "task_frequency": ("qualifier", ("daily", "weekly", "monthly", "rare", "unknown"),
                       "How often one person does the task"),
    "task_criticality": ("qualifier", ("high", "medium", "low", "unknown"),
                         "What an error costs (safety, money, legal)"),
    "task_complexity": ("qualifier", ("simple", "steps", "judgment", "unknown"),
                        "A few steps, a long procedure, or judgment calls"),
    "skill_kind": ("qualifier", ("recall", "procedure", "hands_on", "judgment", "unknown"),
                   "The kind of skill: knowing facts, following steps, a hands-on "
                   "technique, or judgment and people"),
    "scope": ("qualifier", ("one_change", "some", "all_new", "unknown"),
              "How much of the task is new: one change, a few tasks, or all of it"),
    "reference_allowed": ("qualifier", ("yes", "partly", "no", "unknown"),
                          "A reference can be open while doing the task (partly: some steps "
                          "must come from memory)"),
    "signoff_required": ("qualifier", YES_NO,
                         "Competence must be shown and signed off before working alone"),
    "practice_env": ("qualifier", ("sandbox", "supervised", "none", "unknown"),
                     "Somewhere safe to practise: a sandbox or simulator, or supervised "
                     "real work"),
    "floor_support": ("qualifier", YES_NO,
                      "People who can support colleagues on the floor (super-users, experts)"),
    "exemplars_exist": ("qualifier", ("yes", "elsewhere", "no", "unknown"),
                        "Someone already does it well under the same conditions (elsewhere: "
                        "some do better, but with other tools or under another rule)"),
    "exemplar_method": ("qualifier", ("artefact", "habit", "training", "unknown"),
                        "What the best performers use or do: a tool they made, a habit, or "
                        "training the others lack"),
    "exemplar_transferable": ("qualifier", YES_NO, "Others could do the same if shown"),
    "worth_solving": ("qualifier", YES_NO, "The problem costs enough to be worth fixing"),
    "policies_conflict": ("qualifier", YES_NO, "Two rules or policies contradict each other"),
    "change_driver": ("qualifier", ("new_system", "new_process", "new_policy", "new_role",
                                    "none", "unknown"), "A change that triggered the request"),
    "mandate": ("qualifier", YES_NO,
                "Training is required by law, a regulator, a licence or a contract"),
    "format_demand_basis": ("qualifier", ("mandated", "preference", "unknown"),
                            "Why a format was demanded: a mandate, or someone's preference"),
    "shortfall": ("qualifier", ("errors", "speed", "volume", "incidents", "experience",
                                "cost", "unknown"),
                  "The kind of shortfall: errors or quality; speed, throughput or backlog; "
                  "volume, sales or conversion; incidents or breaches; customer experience; "
                  "money given away or spent (price, margin, waste)"),
    "vs_peers": ("qualifier", ("better", "similar", "worse", "unknown"),
                 "How the rate compares with similar teams, sites or the industry"),
    "spread": ("qualifier", ("individual", "some", "widespread", "unknown"),
               "How widespread: one person or one incident, some people, or most"),
    "metric_cadence": ("qualifier", ("daily", "weekly", "pay_period", "monthly", "quarterly",
                                     "audit", "event", "unknown"),
                       "How often the measure is reported"),
    "involved_late": ("qualifier", YES_NO,
                      "L&D was brought in after the key decisions or the launch"),
    "cause_basis": ("qualifier", ("data", "observed", "hearsay", "belief", "unknown"),
                    "What the view of the causes rests on: data, observation, what people "
                    "say, or a belief"),
    "main_cause": ("qualifier", ("standard", "feedback", "cue", "no_check", "tool", "data",
                                 "equipment", "double_entry", "process", "time", "incentives",
                                 "manager", "skill", "unknown"),
                   "What the requester says explains most of the problem"),
    "incentive_owner": ("qualifier", ("requester", "leadership", "sales_leadership", "hr",
                                      "client", "unknown"),
                        "Who sets the targets, pay or bonus that work against it"),
    "incentive_change": ("qualifier", ("fast", "quarter", "half", "slow", "unplanned",
                                       "unknown"),
                         "When those targets or pay can change: within a month, three months, "
                         "six months, later, or not at all"),
    "tool_change": ("qualifier", ("fast", "quarter", "half", "slow", "unplanned", "unknown"),
                    "When a system, tool or equipment change can land: within a month, three "
                    "months, six months, later, or not at all"),
    "mandate_refresh": ("qualifier", ("once", "yearly", "two_years", "three_years", "unknown"),
                        "How often a mandated training must be repeated"),
    "capacity_limit": ("qualifier", ("instructors", "devices", "seats", "days", "unknown"),
                       "What limits how many can be trained at once"),
    # Set signals: details that choose among interventions.
    "expectation_issues": ("set", ("unclear", "unwritten", "inconsistent", "unaware",
                                   "outdated", "hard_to_find", "no_process"),
                           "What is wrong with the standards"),
    "feedback_issues": ("set", ("slow", "generic", "absent"), "What is wrong with feedback"),
    "resource_issues": ("set", ("tool", "process", "time", "obstacles", "double_entry",
                                "data", "equipment", "cue_unseen", "no_check",
                                "lax_controls"),
                        "What in the tools, process, signals, checks or time gets in the way"),
    "incentive_issues": ("set", ("punished", "wrong_rewarded", "no_consequence",
                                 "conflicting_goals", "no_reward", "blamed"),
                         "How consequences work against it (no_reward: doing it right brings "
                         "nothing; blamed: errors are met with blame)"),
    "voices": ("set", ("strategy", "field"), "Who is at the table: leaders, the field"),
    "mandate_requires": ("set", ("records", "assessment", "signoff", "refresher", "hours"),
                         "What a mandate asks for"),
    "format_demand": ("set", ("length", "gated", "sequence", "simulation", "live", "video",
                              "mandatory_all", "accredited"),
                      "What form of training was demanded (accredited: a named, accredited "
                      "or vendor course)"),
    "changes": ("set", ("new_system", "new_process", "new_policy", "new_product",
                        "new_equipment", "new_people", "staffing", "new_incentive", "none"),
                "What changed recently that could have set the problem off"),
    "work_setting": ("set", ("office", "remote", "field", "frontline", "several_countries"),
                     "Where people work (frontline: they must leave a floor, site or shift)"),
    "requester_owns": ("set", ("target", "policy", "budget", "team", "preference"),
                       "What the requester owns: a target or bonus, a policy, the budget, "
                       "the team, or the preference behind the request"),
    # Context.
    "problem_statement": ("context", "text", "The business problem, in business terms"),
    "audience": ("context", "text", "Who exactly: role, team, where"),
    "audience_size": ("context", "number", "How many people"),
    "already_able": ("context", "number",
                     "How many of them already do it well (trained, certified or exemplary)"),
    "metric": ("context", "text", "The measure that shows the problem is solved"),
    "metric_source": ("context", "text", "Where the metric's data lives and who owns it"),
    "metric_kind": ("context", ("business", "behaviour", "learning", "vanity", "none",
                                "not_chosen", "unknown"),
                    "What kind of measure the metric is (none: nothing measurable, a "
                    "preference; not_chosen: something would change, no measure chosen yet)"),
    "baseline": ("context", "text", "The metric's value now"),
    "target": ("context", "text", "The value that means success"),
    "deadline": ("context", "date", "When the target should be reached"),
    "go_live": ("context", "date", "When the change goes (or went) live"),
    "mandate_deadline": ("context", "date", "When a mandate must be met"),
    "strategic_goal": ("context", "text", "The strategic goal this serves"),
    "cost_of_problem": ("context", "money", "What the problem costs per month"),
    "loaded_hourly_cost": ("context", "money", "Loaded cost of one hour of a learner's time"),
    "budget": ("context", "money", "Budget available for the solution"),
    "release_hours": ("context", "number",
                      "Hours per person the business can release before the deadline"),
    "scope_count": ("context", "number", "How many distinct tasks, workflows or screens are new"),
    "train_per_week": ("context", "number",
                       "How many people can be trained per week (seats, instructors, release)"),
    "capacity_count": ("context", "number",
                       "How many instructors or devices; seats a week; or training days "
                       "before the date (by capacity_limit)"),
    "capacity_hours": ("context", "number", "Hours a week each instructor or device can give"),
    "capacity_group": ("context", "number",
                       "People one instructor, or one training day, can take at a time"),
    "set_course_hours": ("context", "number", "Hours per person of a set (accredited) course"),
    "set_course_fee": ("context", "money", "Fee per person of a set course"),
    "equipment_cost": ("context", "money", "What the equipment or tool change would cost"),
    "mandate_terms": ("context", "text", "What the mandate says: who, what proof, how often"),
    "requested_solution": ("context", ("none", "course", "elearning", "workshop", "video",
                                       "job_aid", "coaching", "communication", "other",
                                       "unknown"), "What the requester asked for"),
    "requested_format_hours": ("context", "number", "Hours per person the requested format takes"),
    "lead_time": ("context", ("ample", "tight", "late", "unknown"),
                  "Time between L&D's involvement and the go-live or deadline"),
    "exemplar_practice": ("context", "text", "What the best performers do differently"),
}

# Set by the engine when a bank does not ask for them: lead time comes from the go-live or
# deadline and whether L&D came in after the decisions (docs/method.md).
DERIVED = frozenset({"lead_time"})
# Kept so that banks providing them stay valid (bank 1.0 asked for a budget); the engine
# does not use them, so the default bank no longer asks.
RETIRED = frozenset({"budget"})

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

    def number(self, name: str) -> float | None:
        """The value as a float when it is a number (a bool is not), else None."""
        value = self.values.get(name)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
            else None

    def text(self, name: str) -> str | None:
        """The value as text when it is known (``has``), else None."""
        return str(self.values.get(name)) if self.has(name) else None

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
            add_unknown(out.unknown_from, q)
            continue
        if q.id not in answers or answers[q.id] in (None, "", []):
            continue
        for name, sig_value, ev in evidence_of(q, answers[q.id]):
            _merge(out, name, sig_value, ev)
    return out


def evidence_of(q: Any, value: Any) -> list[tuple[str, Any, Evidence]]:
    """The signals an answer sets, each with the evidence that cites it."""
    return [(name, v, Evidence(q.id, show_answer(label), f"{name}={_fmt(v)}"))
            for name, v, label in q.signals_for(value)]


def add_unknown(unknown_from: dict[str, list[str]], q: Any) -> None:
    """A "don't know yet" to ``q``: each signal it maps waits on it."""
    for name in q.signal_names():
        unknown_from.setdefault(name, []).append(q.id)


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


def first_wins(name: str) -> bool:
    """Whether the first answer in bank order decides this signal (qualifiers and
    context), rather than every answer together (cells and sets)."""
    return VOCABULARY[name][0] not in ("cell", "set")


def with_answer(sig: Signals, q: Any, value: Any) -> Signals:
    """``sig`` and one more answer, merged as if ``q`` came after every question answered
    so far: a new Signals, or ``sig`` itself when the answer adds nothing (its signals are
    already set by earlier answers, or it maps none). The same as :func:`derive` on all
    the answers unless a question later in the bank already set one of ``q``'s first-wins
    signals (:func:`first_wins`): the caller checks that."""
    out = Signals(dict(sig.values), dict(sig.evidence), sig.unknown_from)
    changed = False
    if value in (None, "", []):
        return sig
    for name, sig_value, ev in evidence_of(q, value):
        before = out.evidence.get(name)
        if before is not None:
            out.evidence[name] = list(before)  # _merge appends to it
        _merge(out, name, sig_value, ev)
        changed = changed or out.evidence.get(name) != before or \
            out.values.get(name) != sig.values.get(name)
    return out if changed else sig


def with_unknown(sig: Signals, q: Any) -> Signals:
    """``sig`` and a "don't know yet" to ``q`` (a new Signals; ``sig`` is unchanged)."""
    unknown = {k: list(v) for k, v in sig.unknown_from.items()}
    add_unknown(unknown, q)
    return Signals(dict(sig.values), dict(sig.evidence), unknown)
