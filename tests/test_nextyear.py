"""next_year: competences from outcomes, unknown outcomes kept, site terms, strategy policy (issue 15, item 4)."""

from __future__ import annotations

from mentornet.model import (
    Competence,
    Direction,
    History,
    HistoryPair,
    Level,
    Network,
    Outcome,
    Pair,
    Plan,
    RoleAssignment,
    School,
    Site,
    YearOutcomes,
)
from mentornet.nextyear import SITE_TERM_YEARS, next_year, strategy_policy


def _net() -> Network:
    return Network(
        name="n", year=2023,
        schools=(School(id="A"), School(id="B"), School(id="C")),
        directions=(Direction(id="1"),),
        competences=(Competence(school="A", direction="1", level="leader"),
                     Competence(school="B", direction="1", score=30),
                     Competence(school="C", direction="1", level="promising")),
        history=History(pairs=(HistoryPair(year=2021, mentor="A", trainee="B", direction="1"),
                               HistoryPair(year=2022, mentor="A", trainee="C", direction="1"))),
    )


def _plan() -> Plan:
    return Plan(roles=(RoleAssignment(school="A", direction="1", role="leader"),
                       RoleAssignment(school="B", direction="1", role="hidden_reserve"),
                       RoleAssignment(school="C", direction="1", role="promising")),
                pairs=(Pair(mentor="A", trainee="B", direction="1"),),
                deferred=())


def test_competences_follow_outcomes_and_unknown_ones_are_kept():
    outcomes = YearOutcomes(network="n", year=2023, outcomes=(
        Outcome(school="B", direction="1", score_after=52),          # a score only: the bands decide
        Outcome(school="A", direction="1", expert_rating=80),        # nothing comparable: kept
    ))
    nxt, notes = next_year(_net(), _plan(), outcomes, "narrow")
    assert nxt.year == 2024
    assert nxt.competence_of[("B", "1")] == Competence(school="B", direction="1", score=52)
    assert nxt.competence_of[("A", "1")].level is Level.leader
    assert nxt.competence_of[("C", "1")].level is Level.promising
    kept = [n.params["school"] for n in notes if n.code == "nextyear.kept"]
    assert kept == ["A", "C"]
    assert {(p.year, p.mentor, p.trainee) for p in nxt.history.pairs} >= {(2023, "A", "B")}


def test_a_site_hosting_three_years_in_a_row_is_flagged():
    _, notes = next_year(_net(), _plan(), None)
    flagged = [(n.params["school"], n.params["direction"], n.params["since"]) for n in notes if n.code == "nextyear.site_term_ends"]
    assert SITE_TERM_YEARS == 3 and flagged == [("A", "1", 2021)]
    assert any(n.code == "nextyear.no_sites_table" for n in notes)
    # two years only: no flag
    short = _net().with_changes(history=History(pairs=(HistoryPair(year=2022, mentor="A", trainee="C", direction="1"),)))
    _, notes = next_year(short, _plan(), None)
    assert not [n for n in notes if n.code == "nextyear.site_term_ends"]


def test_with_a_sites_table_the_sites_whose_status_ends_are_flagged():
    # The table states each site's term: A started in 2021 (2021–2023, ends with this plan's year), C in 2023.
    net = _net().with_changes(sites=(Site(id="S1", schools=("A",), start_year=2021), Site(id="S2", schools=("C",), start_year=2023)))
    _, notes = next_year(net, _plan(), None)
    ending = [n for n in notes if n.code == "nextyear.site_status_ends"]
    assert [(n.params["site"], n.params["start"], n.params["last"]) for n in ending] == [("S1", 2021, 2023)]
    assert "2021–2023" in ending[0].render("ru")
    # the table replaces the history-based guess and its note
    assert not [n for n in notes if n.code in ("nextyear.site_term_ends", "nextyear.no_sites_table")]


def test_level_changes_are_noted_in_russian_and_english():
    outcomes = YearOutcomes(network="n", year=2023, outcomes=(Outcome(school="C", direction="1", level_after="leader"),))
    nxt, notes = next_year(_net(), _plan(), outcomes)
    (changed,) = [n for n in notes if n.code == "nextyear.level_changed"]
    assert "→" in changed.render("en") and "лидер" in changed.render("ru")
    assert nxt.competence_of[("C", "1")].level is Level.leader


def test_strategy_policy():
    assert strategy_policy(None).strategy is None
    narrow = strategy_policy("narrow")
    assert narrow.strategy == "narrow" and narrow.weights.continuity >= 150
    # carried needs still come first: worth more than any continuing pair
    w = narrow.weights
    assert w.carried_need + min(w.cover_promising, w.cover_hidden_reserve) > w.continuity + max(w.cover_promising, w.cover_hidden_reserve)
    assert strategy_policy("wide").strategy == "wide"
