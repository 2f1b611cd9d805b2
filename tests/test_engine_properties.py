"""Properties of the engine over any combination of signals (hypothesis), the catalogue's
integrity, and end-to-end runs through the default bank with the example answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldconsult.bank.signals import VOCABULARY, Evidence, Signals
from ldconsult.base.errors import BankError
from ldconsult.engine import build, catalogue, load_for, recommend
from ldconsult.engine.recommendation import ENVIRONMENT_CELLS, Recommendation

REPO = Path(__file__).resolve().parent.parent
ANCHOR = dt.date(2026, 11, 23)
TEXT = st.text(min_size=1, max_size=30)
NUMBER = st.one_of(st.integers(0, 10_000), st.floats(0, 1e6, allow_nan=False))


def _value(name: str) -> st.SearchStrategy[Any]:
    kind, allowed, _ = VOCABULARY[name]
    if kind == "set":
        return st.lists(st.sampled_from(allowed), unique=True, max_size=len(allowed))
    if isinstance(allowed, tuple):
        return st.sampled_from(allowed)
    if allowed in ("number", "money"):
        return NUMBER
    if allowed == "date":
        return st.dates().map(dt.date.isoformat)
    return TEXT


@st.composite
def any_signals(draw: st.DrawFn) -> Signals:
    sig = Signals()
    for name in VOCABULARY:
        if draw(st.booleans()):
            value = draw(_value(name))
            sig.values[name] = value
            sig.evidence[name] = [Evidence(f"q_{name}", str(value), f"{name}={value}")]
    return sig


@given(any_signals())
def test_no_signal_combination_crashes_and_output_is_valid(sig: Signals) -> None:
    rec = build(sig, anchor_date=ANCHOR)
    again = Recommendation.model_validate_json(rec.model_dump_json())
    assert again == rec
    assert rec.headline and rec.risks and rec.next_steps
    assert sum(i.lead for i in rec.interventions) == 1


@given(any_signals())
def test_missing_metric_gives_more_info_or_the_no_metric_flag(sig: Signals) -> None:
    sig.values.pop("metric", None)
    rec = build(sig, anchor_date=ANCHOR)
    assert rec.verdict == "more_info" or "no-metric" in rec.flag_codes()


@given(any_signals())
def test_training_is_never_alone_while_an_environment_cell_is_a_gap(sig: Signals) -> None:
    rec = build(sig, anchor_date=ANCHOR)
    gaps = [c.cell for c in rec.causes if c.cell in ENVIRONMENT_CELLS and c.state == "gap"]
    kinds = {i.kind for i in rec.interventions}
    if gaps and "training" in kinds:
        assert "non_training" in kinds
        assert rec.verdict == "blended"
    if rec.verdict == "training":
        assert not gaps


@given(any_signals())
def test_plan_is_focused_and_also_consider_is_separate(sig: Signals) -> None:
    rec = build(sig, anchor_date=ANCHOR)
    heads = [i for i in rec.interventions if i.id != "pilot_group" and i.bundle_of is None]
    # Was: at most five plus one per environment gap. The focused plan is the lead and at
    # most three more; what the method requires may take more places (the training a
    # blended verdict needs, what it depends on, a fix in the work, the main cause), and
    # the best performers' method may stand alone (docs/method.md, "The focused plan").
    assert len(heads) <= 1 + 4 + 1
    assert all(any(h.id == i.bundle_of for h in heads) for i in rec.interventions
               if i.bundle_of is not None)
    assert rec.interventions[0].lead
    assert not {i.id for i in rec.interventions} & {i.id for i in rec.also_consider}
    assert not any(i.lead for i in rec.also_consider)
    assert sum(i.kind == "training" for i in rec.interventions) <= 2  # + spaced refreshers
    assert "other fix" not in rec.headline
    assert all(i.why for i in rec.also_consider)


LEAD_KIND = {"training": {"training"}, "non_training": {"non_training"},
             "blended": {"training", "non_training"}, "more_info": {"non_training"},
             "no_intervention": {"non_training"}}


@given(any_signals())
def test_verdict_lead_grid_and_flags_never_contradict(sig: Signals) -> None:
    rec = build(sig, anchor_date=ANCHOR)
    lead = rec.lead
    assert lead is not None and lead.kind in LEAD_KIND[rec.verdict]
    kinds = {i.kind for i in rec.interventions if i.id != "pilot_group"}
    if rec.verdict == "blended":
        assert kinds == {"training", "non_training"}
    if rec.verdict == "non_training":
        assert "training" not in kinds or sig.values.get("mandate") == "yes"
    if rec.verdict == "more_info":
        assert lead.id == "complete_assessment" and rec.missing
    if rec.verdict == "no_intervention":
        assert {i.id for i in rec.interventions} <= {"requester_acts", "clarify_request"}
    codes = set(rec.flag_codes())
    gaps = {c.cell for c in rec.causes if c.state == "gap"}
    if "low-stakes" in codes:
        assert rec.verdict == "no_intervention"
    if "environment-cause" in codes:
        assert lead.kind == "non_training" and gaps & set(ENVIRONMENT_CELLS)
    if "incentive-conflict" in codes:
        assert "incentives" in gaps
    if "no-exemplar" in codes:
        assert sig.values.get("exemplars_exist") in (None, "no", "unknown")
    if "environment-precondition" in codes:
        assert "training" in kinds and any(i.ready_by for i in rec.interventions)
    # Nothing stands in the plan on a negative weight, except what the method requires
    # there (the training a verdict needs, the fix for what explains most of it).
    for i in rec.interventions:
        if i.bundle_of is None and i.score is not None and i.score.total < 0:
            assert i.kind == "training" or i.lead or i.id in _main_cause_fixes(sig)


def _main_cause_fixes(sig: Signals) -> set[str]:
    main = sig.values.get("main_cause")
    return {e.id for e in catalogue.interventions() if main in e.cures}


@given(any_signals())
def test_same_signals_give_byte_identical_json(sig: Signals) -> None:
    assert build(sig, anchor_date=ANCHOR).model_dump_json() == \
        build(sig, anchor_date=ANCHOR).model_dump_json()


@given(any_signals())
def test_could_do_if_life_depended_yes_never_yields_training(sig: Signals) -> None:
    """People who can do it get no training, unless a mandate requires it: then only the
    mandate's smallest form (and its refreshers)."""
    sig.values["could_do_if_life_depended"] = "yes"
    rec = build(sig, anchor_date=ANCHOR)
    training = {i.id for i in rec.interventions if i.kind == "training"}
    if sig.values.get("mandate") != "yes":
        assert rec.verdict not in ("training", "blended")
        assert not training
    else:
        assert training <= {"mandated_minimum", "spaced_refreshers"}


def test_catalogue_has_every_required_kind_of_intervention() -> None:
    ids = {e.id for e in catalogue.interventions()}
    assert len(ids) >= 20
    required = {"job_aid", "in_tool_guidance", "tool_fix", "faster_feedback",
                "clarify_standards", "communications_plan", "change_consequences",
                "process_simplification", "remove_double_entry", "manager_support",
                "scenario_practice", "drills_rare_critical", "short_elearning", "workshop",
                "coaching", "capture_exemplar_practice", "pilot_group",
                "reassignment_selection", "reconcile_policies", "motivation_check"}
    assert required <= ids
    for e in catalogue.interventions():
        assert e.summary and e.owner and e.fits
        if e.kind == "training":  # sized to the task by engine/sizing.py, or fixed
            assert e.sized or (e.duration and e.hours > 0)


def test_every_environment_gap_has_a_catalogue_fix() -> None:
    for cell in ENVIRONMENT_CELLS:
        facts = {cell: "gap"}
        assert any(e.cell == cell and e.match(facts) for e in catalogue.interventions()), cell


def test_flag_texts_cover_every_rule() -> None:
    from ldconsult.engine.flags import RULES
    texts = catalogue.flag_texts()
    assert {code for code, _ in RULES} == set(texts)
    assert {"solution-first", "format-mismatch", "no-metric", "vanity-metric", "no-baseline",
            "no-deadline", "late-involvement", "missing-field-voice",
            "missing-strategy-voice", "no-exemplar", "environment-cause",
            "incentive-conflict", "low-stakes"} <= set(texts)


# --- End to end through the default bank -------------------------------------------------------

EXAMPLES = REPO / "examples" / "answers"
EXPECTED = {
    "expense-tool-course": ("non_training", {"job_aid", "faster_feedback", "tool_fix"},
                            {"solution-first", "environment-cause"}),
    "chlorine-leak-drill": ("training", {"drills_rare_critical"}, set()),
    # Was with remove_double_entry: the focused plan keeps three fixes beside the lead;
    # the double entry now weighs less than the floor support and the agreed standard.
    "crm-go-live": ("blended", {"sandbox_practice", "super_users"},
                    {"late-involvement", "missing-field-voice"}),
    "engineering-communication": ("more_info", {"complete_assessment"}, {"no-metric"}),
    "sales-objection-handling": ("training", {"scenario_practice"}, {"format-mismatch"}),
    "slide-template-preference": ("no_intervention", {"requester_acts"}, {"low-stakes"}),
    "social-media-policy": ("non_training", {"communications_plan"}, {"solution-first"}),
    "call-centre-quality": ("non_training", {"change_consequences", "faster_feedback"},
                            {"incentive-conflict"}),
}


def _intake(name: str, loaded: Any) -> Any:
    from ldconsult.intake import BankRef, Intake, Meta
    from ldconsult.interview import answers

    found = answers.load(EXAMPLES / f"{name}.yaml", loaded.bank)
    return Intake(bank=BankRef(id=loaded.bank.id, version=loaded.bank.version),
                  answers=found.answers, unknown=found.unknown, meta=Meta(**found.meta))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_answers_through_default_bank(name: str) -> None:
    if not (EXAMPLES / f"{name}.yaml").exists():
        pytest.skip("example not present")
    from ldconsult.bank import banks

    loaded = banks.resolve("performance-consulting")
    intake = _intake(name, loaded)
    verdict, must_have, must_flag = EXPECTED[name]
    rec = recommend(intake, loaded)
    assert rec.verdict == verdict, rec.headline
    assert must_have <= {i.id for i in rec.interventions}
    assert must_flag <= set(rec.flag_codes())
    assert recommend(intake, loaded).model_dump_json() == rec.model_dump_json()
    assert rec.meeting_date and rec.next_steps[0].due > rec.meeting_date
    assert all(e.prompt for c in rec.causes for e in c.evidence)


def test_load_for_explains_an_unknown_bank() -> None:
    from ldconsult.intake import BankRef, Intake

    intake = Intake(bank=BankRef(id="no-such-bank", version="1"))
    with pytest.raises(BankError, match="not built in; pass --bank PATH"):
        load_for(intake)


def test_load_for_prefers_the_bank_option(mini_bank_path: Path) -> None:
    from ldconsult.intake import BankRef, Intake

    intake = Intake(bank=BankRef(id="no-such-bank", version="1"))
    assert load_for(intake, str(mini_bank_path)).bank.id == "mini"
    intake = Intake(bank=BankRef(id="mini", version="1", path=str(mini_bank_path)))
    assert load_for(intake).bank.id == "mini"


def test_anchor_is_the_meeting_date_not_the_clock(mini_bank_path: Path) -> None:
    from ldconsult.bank import banks
    from ldconsult.intake import BankRef, Intake, Meta

    loaded = banks.resolve(str(mini_bank_path))
    intake = Intake(bank=BankRef(id="mini", version="1"), meta=Meta(meeting_date="2026-01-05"),
                    answers={"problem": "Errors", "feedback_speed": "weeks", "audience_size": 4})
    a = recommend(intake, loaded, today=dt.date(2030, 1, 1))
    b = recommend(intake, loaded)
    assert a.model_dump_json() == b.model_dump_json()
    assert all(s.due.startswith("2026-01") for s in a.next_steps)


def test_catalogue_ships_as_package_data() -> None:
    data = REPO / "ldconsult" / "data"
    assert (data / "interventions.yaml").is_file() and (data / "flags.yaml").is_file()
    assert catalogue.DATA_DIR.resolve() == data.resolve()


def test_output_does_not_depend_on_hash_seed() -> None:
    """Sets never leak into the output order: two processes with different hash seeds agree."""
    import os
    import subprocess
    import sys

    script = (
        "import datetime as dt\n"
        "from ldconsult.engine import build\n"
        "from ldconsult.bank.signals import Signals, Evidence\n"
        "s = Signals()\n"
        "vals = {'problem_statement': 'p', 'metric': 'm', 'audience_size': 60,\n"
        "        'feedback': 'gap', 'feedback_issues': ['slow', 'generic'],\n"
        "        'resources': 'gap', 'resource_issues': ['tool', 'double_entry', 'time'],\n"
        "        'incentives': 'gap', 'incentive_issues': ['punished', 'conflicting_goals'],\n"
        "        'could_do_if_life_depended': 'no', 'task_complexity': 'judgment',\n"
        "        'voices': ['strategy'], 'requested_solution': 'course'}\n"
        "for k, v in vals.items():\n"
        "    s.values[k] = v; s.evidence[k] = [Evidence('q_' + k, str(v), k)]\n"
        "print(build(s, anchor_date=dt.date(2026, 1, 1)).model_dump_json())\n")
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env=env, timeout=60, check=True, cwd=REPO)
        outs.add(done.stdout)
    assert len(outs) == 1


# --- What the words claim matches the grid ----------------------------------------------------

UNKNOWN_WORDS = ("not yet known", "not known yet")


@given(any_signals())
def test_each_cause_says_what_its_cell_state_is(sig: Signals) -> None:
    """A cell marked ok never reads as unknown or as a gap, an unknown one never claims a
    finding, and a gap is never described as not known (issue: texts contradicted the grid)."""
    rec = build(sig, anchor_date=ANCHOR)
    for cause in rec.causes:
        text = cause.summary.lower()
        if cause.state == "unknown":
            assert any(w in text for w in UNKNOWN_WORDS), (cause.cell, cause.summary)
        else:
            assert not any(w in text for w in UNKNOWN_WORDS), (cause.cell, cause.summary)


@given(any_signals())
def test_the_finding_on_skill_matches_the_knowledge_cell(sig: Signals) -> None:
    """"People can already do it" only when the knowledge cell is ok; "a real skill gap"
    only when it is a gap; "not yet known" when it is unknown."""
    rec = build(sig, anchor_date=ANCHOR)
    state = rec.cause("knowledge_skill").state
    finding = rec.requested.finding.lower()
    if "can already do it" in finding:
        assert state == "ok"
    if "real skill gap" in finding or "something new to learn" in finding:
        assert state == "gap"
    if "whether people could do it is not yet known" in finding:
        assert state == "unknown"


@given(any_signals())
def test_the_headline_names_only_causes_found(sig: Signals) -> None:
    """A cause the headline names is a gap in the grid: a cell that is fine or not known
    is never named as a cause."""
    from ldconsult.engine.plan import CAUSE_PHRASES

    rec = build(sig, anchor_date=ANCHOR)
    for cause in rec.causes:
        if cause.state != "gap" and cause.cell in CAUSE_PHRASES:
            assert f"causes are {CAUSE_PHRASES[cause.cell]}" not in rec.headline
            assert f", {CAUSE_PHRASES[cause.cell]}," not in rec.headline


@pytest.mark.parametrize("size, per_week", [(1626, 0.00390625), (1_000_000_000, 1),
                                            (10**15, 1e-300)])
def test_a_pace_that_never_trains_everyone_is_a_reach_risk_not_a_crash(
        size: int, per_week: float) -> None:
    # Hypothesis found the first (1,626 people at 0.004 a week): the finishing date went
    # past year 9999 and recommend exited with an internal error.
    sig = Signals()
    for name, value in {"knowledge_skill": "gap", "could_do_if_life_depended": "no",
                        "problem_statement": "Orders ship late", "metric": "Late orders",
                        "audience_size": size, "train_per_week": per_week,
                        "go_live": "2027-01-15"}.items():
        sig.values[name] = value
        sig.evidence[name] = [Evidence(f"q_{name}", str(value), f"{name}={value}")]
    rec = build(sig, anchor_date=ANCHOR)
    assert "reach-risk" in rec.flag_codes()
    assert any("within a century" in r for r in rec.risks)
