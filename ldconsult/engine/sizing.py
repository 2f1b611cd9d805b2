"""Training sized to what there is to learn, not to what was asked for.

Hours per learner come from the route (what kind of gap), the scope (one change, a few
tasks, all new; how many), the kind of skill, how critical the task is, and whether
competence must be signed off. Each route has a range (low, typical, high); an unknown
fact widens it and lowers confidence instead of silently picking the cheapest form. The
requested length never sets the size (a request inside a wide range is a coincidence, not
a fit); a named, accredited course is delivered as it is, at its set length. What a
reference can carry is not trained: a judgment module with a guide at hand practises the
calls, not the rules. The reach check compares what the plan needs with the time, release
and capacity available, in the units people know (instructors, devices, seats, days).
docs/method.md ("Training fitted to the learning") states the table.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ldconsult.bank.signals import Signals
from ldconsult.engine.timeline import Timeline

Range = tuple[float, float, float]  # low, typical, high hours per learner

# Per route and scope. "per_task" routes multiply by the number of new tasks.
BY_SCOPE: dict[str, dict[str, Range]] = {
    "information": {"one_change": (0.25, 0.5, 1.0), "some": (1.0, 2.0, 3.0),
                    "all_new": (2.0, 4.0, 8.0), "unknown": (0.5, 1.5, 3.0)},
    "scenario": {"one_change": (0.5, 0.75, 1.25), "some": (1.5, 2.5, 4.0),
                 "all_new": (4.0, 6.0, 10.0), "unknown": (0.75, 2.5, 6.0)},
    "sandbox": {"one_change": (0.25, 0.5, 1.0), "some": (1.0, 1.5, 3.0),
                "all_new": (2.0, 4.0, 8.0), "unknown": (1.0, 2.0, 8.0)},
}
PER_TASK: dict[str, Range] = {"supervised": (3.0, 4.0, 6.0), "hands_on": (1.5, 2.0, 4.0),
                              "sandbox": (0.5, 0.75, 1.5)}
# A whole new trade or machine with the number of tasks unknown: 1 to 4 tasks' worth.
UNKNOWN_TASKS = (1, 2, 4)
FIXED: dict[str, Range] = {"fluency": (0.75, 1.0, 1.5), "drill": (1.5, 2.0, 3.0),
                           "coaching": (1.0, 1.0, 1.0), "refresher": (1.5, 2.0, 3.0),
                           "practice:simple": (0.33, 0.5, 1.0),
                           "practice:steps": (1.0, 2.0, 3.0)}
HIGH_CRITICALITY = 1.25
LEAD_WEEKS = 2  # building and booking before the first session
# Past a century a finishing date means nothing (and past year 9999 it cannot be built):
# a billion people at one a week is "not within a century", not an internal error.
HORIZON_WEEKS = 52 * 100


@dataclass(frozen=True)
class Size:
    hours: float
    low: float
    high: float
    shape: str
    learners: float | None
    confident: bool
    unknown: tuple[str, ...] = ()
    set_course: bool = False  # a named course delivered at its set length
    reach: str = ""  # why the plan cannot reach everyone in time, or ""
    finished: dt.date | None = None  # when the last group is trained (people a week known)


# A skill that fades between rare uses fades for those who can do it today too: the drill
# is for everyone.
FOR_EVERYONE = frozenset({"drill", "refresher"})


def learners(sig: Signals, route: str = "") -> float | None:
    """Everyone concerned, minus those who already do it well (they need no training),
    except for drills of a rare task, which everyone needs."""
    size = sig.number("audience_size")
    able = sig.number("already_able")
    if size is None:
        return None
    if route in FOR_EVERYONE:
        return size
    return max(size - able, 0.0) if able is not None and able < size else size


def _tasks(sig: Signals) -> tuple[Range, bool]:
    count = sig.number("scope_count")
    if count:
        return (count, count, count), True
    if sig.get("scope") == "all_new":
        return tuple(float(n) for n in UNKNOWN_TASKS), False  # type: ignore[return-value]
    return (1.0, 1.0, 1.0), sig.get("scope") in ("one_change", "some")


SMALLER = {"all_new": "some", "some": "one_change", "one_change": "one_change"}


def _route_range(route: str, sig: Signals) -> tuple[Range, tuple[str, ...]]:
    scope = sig.get("scope") if sig.get("scope") in ("one_change", "some", "all_new") else "unknown"
    if scope == "unknown" and sig.get("scope") == "mandate_only":
        scope = "one_change"
    if route == "scenario" and sig.get("reference_allowed") in ("yes", "partly") and \
            scope != "unknown":
        scope = SMALLER[scope]  # the guide carries the rules; practice the calls
    if route in PER_TASK and (route != "sandbox" or sig.number("scope_count")):
        (t_lo, t_mid, t_hi), known = _tasks(sig)
        lo, mid, hi = PER_TASK[route]
        rng = (lo * t_lo, mid * t_mid, hi * t_hi)
        return rng, () if known else ("scope_count",)
    if route in BY_SCOPE:
        return BY_SCOPE[route][scope], ("scope",) if scope == "unknown" else ()
    if route == "practice":
        simple = sig.get("task_complexity") in ("simple", "unknown")
        return FIXED["practice:simple" if simple else "practice:steps"], ()
    return FIXED.get(route, (0.5, 1.0, 2.0)), ()


def size(route: str, sig: Signals, timeline: Timeline) -> Size:
    (low, mid, high), unknown = _route_range(route, sig)
    if sig.get("task_criticality") == "high":
        high = high * HIGH_CRITICALITY
    set_hours = sig.number("set_course_hours")
    kept = set_hours is not None and "accredited" in (sig.get("format_demand", []) or [])
    if kept and set_hours is not None:
        low, mid, high, unknown = set_hours, set_hours, set_hours, ()
    hours = round(mid, 2)
    who = learners(sig, route)
    per_week = people_a_week(sig, hours, timeline)
    last = _last_trained(who, per_week, timeline) if per_week and who is not None else None
    return Size(hours=hours, low=round(low, 2), high=round(high, 2),
                shape=shape(route, hours, sig, kept) + _range(low, high, unknown),
                learners=who,
                confident=not unknown, unknown=unknown, set_course=kept,
                reach=reach(hours, who, per_week, last, sig, timeline),
                finished=last if who else None)  # nobody to train: no last group


def _weeks_to_train(who: float, per_week: float) -> int | None:
    """Whole weeks to train everyone, or None past the horizon."""
    weeks = who / per_week
    return math.ceil(weeks) if math.isfinite(weeks) and weeks <= HORIZON_WEEKS else None


def _last_trained(who: float, per_week: float, timeline: Timeline) -> dt.date | None:
    """When the last group is trained (after LEAD_WEEKS of building and booking), or None
    past the horizon."""
    weeks = _weeks_to_train(who, per_week)
    return None if weeks is None else \
        timeline.anchor + dt.timedelta(weeks=weeks + LEAD_WEEKS)


# People one instructor takes at a time when nobody said (supervised practice: one to two).
INSTRUCTOR_GROUP = 2


def people_a_week(sig: Signals, hours: float, timeline: Timeline) -> float | None:
    """How many can be trained a week: as answered, or worked out from the unit that limits
    it (instructors or devices x their hours a week / hours each person needs, x people at a
    time; seats a week; training days before the date x people a day, spread over the weeks
    left)."""
    given = sig.number("train_per_week")
    if given:
        return given
    unit, count = sig.get("capacity_limit"), sig.number("capacity_count")
    if not count or unit in (None, "unknown"):
        return None
    if unit == "seats":
        return count
    group = sig.number("capacity_group")
    if unit == "days":
        weeks = timeline.weeks_left(training=True)
        return count * (group or 1) / weeks if weeks and weeks > 0 else None
    each = sig.number("capacity_hours")
    if not each or hours <= 0:
        return None
    at_once = group or (INSTRUCTOR_GROUP if unit == "instructors" else 1)
    return count * each * at_once / hours


NARROWS = {"scope": "how much of the task is new", "scope_count": "how many tasks are new"}


def _range(low: float, high: float, unknown: tuple[str, ...]) -> str:
    """With the scope unknown, the size is a range, and the plan says what would narrow it."""
    what = [NARROWS[u] for u in unknown if u in NARROWS]
    if not what or high - low < 0.25:
        return ""
    return (f" (anywhere from {say_hours(low)} to {say_hours(round(high, 2))} until we know "
            f"{' and '.join(what)})")


def say_hours(hours: float) -> str:
    """3 hours, 1 hour, 45 minutes."""
    if hours < 1:
        return f"{round(hours * 60)} minutes"
    return f"{hours:g} hours" if hours != 1 else "1 hour"


def hours_before_noun(hours: float) -> str:
    """'a 3-hour workshop', 'a 45-minute module': the length said before a noun."""
    return say_hours(hours).replace(" ", "-").removesuffix("s")


def shape(route: str, hours: float, sig: Signals, kept: bool) -> str:
    """The form of the training, in a sentence, from its route and hours."""
    signoff = sig.get("signoff_required") == "yes" or \
        "signoff" in (sig.get("mandate_requires", []) or [])
    if kept:
        extra = ", ending with the practical sign-off" if signoff else ""
        return f"The named course as it is set: {say_hours(hours)} a person{extra}"
    if route == "supervised":
        theory = 1.0 if hours >= 3 else 0.5
        return (f"About {say_hours(hours)} each: {say_hours(theory)} of theory (self-paced), "
                f"then {say_hours(hours - theory)} of supervised practice on real work, one "
                "instructor to two learners, then a signed practical assessment")
    if route == "hands_on":
        return (f"About {say_hours(hours)} of hands-on practice with an experienced colleague, "
                "on real work")
    if route == "scenario":
        module = max(round(hours * 0.6 * 4) / 4, 0.25)
        return (f"About {say_hours(hours)}: a {hours_before_noun(module)} set of realistic cases "
                f"from the team's own work, then a {hours_before_noun(hours - module)} role-play or case "
                "discussion led by managers")
    if route == "information":
        return (f"About {say_hours(hours)}: what is new, with worked examples, then practice on "
                "real cases with feedback from the best performers")
    if route == "sandbox":
        return (f"About {say_hours(hours)} of practice on the core workflows in a sandbox, job aid "
                "open, just before go-live, then super-users on hand in the first weeks")
    if route == "fluency":
        return (f"One {hours_before_noun(hours)} hands-on session (sandbox or real cases, job aid open) "
                "just before people start")
    if route in ("drill", "refresher"):
        return "One 60-minute hands-on drill at launch, then a 15-minute drill each quarter"
    if route == "practice":
        return (f"A {hours_before_noun(hours)} practice module (try it, see the result)" if hours < 1 else
                f"A {hours_before_noun(hours)} hands-on workshop on real cases, with a check after two "
                "weeks")
    return f"About {say_hours(hours)} of practice on real cases"


def reach(hours: float, who: float | None, per_week: float | None, last: dt.date | None,
          sig: Signals, timeline: Timeline) -> str:
    """Why the plan cannot reach everyone in time, or "" when it can (or nobody knows).
    ``last``: when the last group is trained at ``per_week`` (None past the horizon)."""
    release = sig.number("release_hours")
    if release is not None and hours > release:
        return (f"It needs about {say_hours(hours)} a person, and {say_hours(release)} can be "
                "released: agree more time, or split it into shorter sessions")
    weeks_left = timeline.weeks_left(training=True)
    if not per_week or who is None or weeks_left is None:
        return ""
    if who / per_week <= math.floor(weeks_left - LEAD_WEEKS):
        return ""  # ceil(who / per_week) + LEAD_WEEKS <= weeks_left, without building ints
    ready = int(max(weeks_left - LEAD_WEEKS, 0) * per_week)
    when = "would not finish within a century" if last is None else \
        f"finishes around {last.isoformat()}"
    return (f"At {per_week:g} a week, {min(ready, int(who))} of {int(who)} can be trained "
            f"in time; the last group {when}")
