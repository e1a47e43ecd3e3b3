"""Programme indicators on a small hand-made year, each figure counted by hand (issue 15, item 3)."""

from __future__ import annotations

import math

from mentornet.indicators import (
    INDICATORS,
    ProgrammeYear,
    deficit_status,
    indicator_definitions,
    programme_indicators,
    role_transitions,
)
from mentornet.model import (
    Competence,
    Deferred,
    Direction,
    JournalEntry,
    Network,
    Outcome,
    Pair,
    Plan,
    Policy,
    RoleAssignment,
    School,
    YearOutcomes,
)


def _year() -> ProgrammeYear:
    net = Network(
        name="n", year=2022,
        schools=(School(id="A", municipality="M1", results="high"), School(id="B", municipality="M1", results="low"),
                 School(id="C", municipality="M2"), School(id="D", municipality="M2", results="normal")),
        directions=(Direction(id="1"),),
        competences=(Competence(school="A", direction="1", score=90), Competence(school="B", direction="1", score=30),
                     Competence(school="C", direction="1", score=50), Competence(school="D", direction="1", score=20)),
    )
    plan = Plan(roles=(RoleAssignment(school="A", direction="1", role="leader"),
                       RoleAssignment(school="B", direction="1", role="hidden_reserve"),
                       RoleAssignment(school="C", direction="1", role="promising"),
                       RoleAssignment(school="D", direction="1", role="hidden_reserve")),
                pairs=(Pair(mentor="A", trainee="B", direction="1"), Pair(mentor="A", trainee="C", direction="1")),
                deferred=(Deferred(school="D", direction="1"),))
    outcomes = YearOutcomes(network="n", year=2022, outcomes=(
        Outcome(school="B", direction="1", score_after=40),           # +10: decreased (step 10)
        Outcome(school="C", direction="1", score_after=55),           # +5: not decreased
        Outcome(school="D", direction="1", expert_rating=50),         # nothing comparable: unknown
    ), journal=(JournalEntry(school="A", direction="1", events=4), JournalEntry(school="B", direction="1", staff_trained=3),
                JournalEntry(school="C", direction="1", staff_trained=2)))
    return ProgrammeYear(net, plan, outcomes)


def _value(table, indicator, scope="programme", group=""):
    row = table[(table.indicator == indicator) & (table.scope == scope) & (table.group == group)]
    return row["value"].iloc[0]


def test_deficit_status_uses_the_documented_step():
    y = _year()
    assert deficit_status(y) == {("B", "1"): True, ("C", "1"): False, ("D", "1"): None}
    assert deficit_status(y, Policy(deficit_step=5))[("C", "1")] is True


def test_programme_figures():
    t = programme_indicators([_year()])
    assert _value(t, "deficits_decreased_share") == 0.5
    assert (_value(t, "deficits_decreased"), _value(t, "deficits_with_outcome"), _value(t, "deficits_unknown")) == (1, 2, 1)
    assert (_value(t, "events"), _value(t, "staff_trained"), _value(t, "transfers")) == (4, 5, None)
    assert (_value(t, "open_sites"), _value(t, "schools"), _value(t, "schools_mentoring")) == (1, 4, 1)
    assert _value(t, "involvement") == 0.75
    assert (_value(t, "needs"), _value(t, "needs_covered"), _value(t, "needs_deferred")) == (3, 2, 1)
    assert _value(t, "low_results_share") == 1 / 3  # D's results known, C's not
    assert _value(t, "deficits_decreased_share", "municipality", "M1") == 1.0
    assert _value(t, "deficits_decreased_share", "municipality", "M2") == 0.0
    assert _value(t, "trainees", "site", "A / 1") == 2


def test_without_outcomes_the_share_is_unknown_and_no_results_no_share():
    y = _year()
    bare = ProgrammeYear(y.network.with_changes(schools=tuple(s.model_copy(update={"results": None}) for s in y.network.schools)), y.plan)
    t = programme_indicators([bare])
    assert _value(t, "deficits_decreased_share") is None or math.isnan(_value(t, "deficits_decreased_share"))
    assert _value(t, "low_results_share") is None or math.isnan(_value(t, "low_results_share"))


def test_every_indicator_has_a_definition_in_both_languages():
    for lang in ("en", "ru"):
        defs = indicator_definitions(lang)
        assert set(defs) == set(INDICATORS) and all(defs.values())
    assert indicator_definitions("ru")["schools"] != indicator_definitions("en")["schools"]


def test_role_transitions_from_the_last_outcomes():
    y = _year()
    oc = YearOutcomes(network="n", year=2022, outcomes=(Outcome(school="B", direction="1", level_after="promising"),))
    t = role_transitions([ProgrammeYear(y.network, y.plan, oc)])
    assert t.to_dict("records") == [{"year_from": 2022, "year_to": 2023, "role_from": "hidden_reserve", "role_to": "promising", "teams": 1}]
