"""The case's own words (engine/words.py): the nouns taken from the answers, the goal in
parts, and the catalogue's slots. One situation per row."""

from __future__ import annotations

import pytest
from test_engine_scenarios import signals

from ldconsult.engine.catalogue import flag_texts, interventions
from ldconsult.engine.words import (
    case_words,
    fill,
    goal,
    goal_sentence,
    known_slot,
    lower_first,
    people_of,
    slots_in,
    source_of,
    value_of,
    without_aside,
)


@pytest.mark.parametrize("audience, people", [
    ("Permit technicians at the main counter and one satellite office", "permit technicians"),
    ("Ramp agents authorised for pushback at the hub, three shifts", "ramp agents"),
    ("Every employee who deals with third parties", "employees"),
    ("All employees, all locations, including remote staff", "employees"),
    ("40 developers and 12 operations engineers; remote engineers most affected",
     "developers and operations engineers"),
    ("Newly hired pharmacy technicians in their first 90 days, across 6 sites",
     "newly hired pharmacy technicians"),
    ("Sam, one of 8 visual inspectors", "Sam"),  # one capitalised word may be a name
    ("", ""),
], ids=["a role and where", "a role and what it is allowed", "every one of them",
        "all of them", "counts dropped", "a long role", "a name", "none given"])
def test_the_audience_becomes_a_plural_noun_mid_sentence(audience: str, people: str) -> None:
    assert people_of(audience) == people


@pytest.mark.parametrize("text, lowered", [
    ("Share of claims", "share of claims"), ("IoT attach rate", "IoT attach rate"),
    ("NPS", "NPS"), ("Not-OK joints", "Not-OK joints"), ("eBay orders", "eBay orders"),
])
def test_a_first_word_with_another_capital_keeps_its_case(text: str, lowered: str) -> None:
    assert lower_first(text) == lowered


@pytest.mark.parametrize("source, said", [
    ("Finance's error log, monthly (finance)", "finance's error log"),
    ("Quality system, daily (owner not named)", "the quality system"),
    ("The CRM itself", "the CRM itself"),
])
def test_the_source_reads_mid_sentence(source: str, said: str) -> None:
    assert source_of(source) == said


@pytest.mark.parametrize("text, kept", [
    ("70% of submissions wrong (current)", "70% of submissions wrong"),
    ("18% (2026-10-01)", "18% (2026-10-01)"),  # an aside that dates the value stays
    ("0 (no field to record it exists yet)", "0"),
])
def test_an_aside_goes_unless_it_dates_the_value(text: str, kept: str) -> None:
    assert without_aside(text) == kept


@pytest.mark.parametrize("answer, measure, value", [
    ("95% of opportunities and cases logged in week 1",
     "the share of opportunities and cases logged in the CRM", "95% in week 1"),
    ("case handling time back to 12 min within 6 weeks", "case handling time",
     "back to 12 min within 6 weeks"),
    ("12% of deals", "the IoT attach rate", "12% of deals"),
])
def test_a_target_that_repeats_the_measure_keeps_its_value(answer: str, measure: str,
                                                           value: str) -> None:
    assert value_of(answer, measure) == value


@pytest.mark.parametrize("given, sentence", [
    ({"metric": "Wrong-fee rate", "baseline": "11% (2026-11-02 to 2026-12-11); 2% before",
      "target": "2% or less", "deadline": "2027-03-31"},
     "get the wrong-fee rate from 11% (2026-11-02 to 2026-12-11) to 2% or less by 2027-03-31"),
    ({"metric": "Claims processed per person per week", "baseline": "52 (today)",
      "target": "+15% (about 60)", "deadline": "2027-03-06"},
     "get claims processed per person per week from 52 up by 15% by 2027-03-06"),
    ({"metric": "Average handling time per claim", "baseline": "22 min/claim on the old system",
      "target": "Back to 22 min/claim within 8 weeks of go-live", "deadline": "2027-03-14"},
     "get the average handling time per claim from 22 min/claim on the old system back to "
     "22 min/claim within 8 weeks of go-live (deadline 2027-03-14)"),
    ({"metric": "Share of payments with a recorded conversation", "baseline": "0 (no field)",
      "deadline": "2026-12-18"},
     "get the share of payments with a recorded conversation moving from 0 by 2026-12-18 "
     "(no target agreed yet)"),
    ({"metric": "Failed releases per month", "baseline": "9 per month",
      "target": "Under 3 per month"},
     "get failed releases per month from 9 per month to under 3 per month (no deadline "
     "agreed yet)"),
], ids=["a rate", "a rise in percent", "a target with its own time", "no target",
        "no deadline"])
def test_the_goal_is_built_from_its_parts_never_pasted(given: dict, sentence: str) -> None:
    assert goal_sentence(goal(signals(**given))) == sentence


def test_an_early_target_is_read_from_the_target_answer() -> None:
    g = goal(signals(metric="Share of cases logged", target="95% in week 1; 12 min within "
                     "6 weeks of go-live", go_live="2027-01-11"))
    assert [e.days for e in g.early] == [7, 42]


def test_a_noun_the_answers_do_not_give_becomes_a_plain_phrase() -> None:
    words = case_words(signals())
    assert fill("{People} tell {source} about {change}.", words) == (
        "The people who do the work tell the report that holds the measure about the change.")


def test_every_catalogue_and_flag_text_uses_known_slots_only() -> None:
    texts = []
    for e in interventions():
        texts += [e.summary, e.indicator, e.behaviour, e.observer, e.duration or "",
                  e.as_input, *(t for m in e.summary_by.values() for t in m.values())]
    unknown = {s for t in texts for s in slots_in(t) if not known_slot(s)}
    assert unknown == set()
    assert all(fill(t, case_words(signals())) for t in texts if t)
    assert flag_texts()["no-metric"].nothing_built
