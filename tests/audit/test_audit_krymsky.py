"""The audit of the embedded Krymsky 2021 table and of small hand-made tables."""

from __future__ import annotations

import json

import pytest

from mentornet.audit import PRINCIPLES, audit_network, table_roles
from mentornet.model import Competence, Direction, Level, Locks, Network, Policy, RoleLock, School
from mentornet.names import natural_key


@pytest.fixture(scope="module")
def report(krymsky):
    return audit_network(krymsky)


def test_headline_figures(report):
    assert report.schools == 34 and report.directions == 7
    assert report.schools_mentoring == 18
    assert len(report.schools_never_mentoring) == 16
    assert report.schools_never_mentoring == sorted(report.schools_never_mentoring, key=natural_key)  # № 5 before № 14
    assert set(report.schools_mentoring_ids).isdisjoint(report.schools_never_mentoring)
    assert report.roles_from == "levels"


def test_eight_of_nine_basic_schools_never_lead(report):
    assert len(report.basic_schools) == 9
    assert len(report.basic_never_leading) == 8
    assert set(report.basic_schools) - set(report.basic_never_leading) == {"МБОУ ООШ № 23"}
    f = report.finding("basic_schools_never_lead")
    assert f is not None and f.principle == "gives_experience" and "8 of the 9" in f.message


def test_why_schools_never_mentor(report):
    why = {r.school: r for r in report.never_mentoring}
    assert set(why) == set(report.schools_never_mentoring)
    # Hidden reserve everywhere: no direction at promising level or above.
    assert {s for s, r in why.items() if r.reason_code == "hidden_reserve_only"} == {"МБОУ ООШ № 28", "МБОУ СОШ № 20"}
    assert "no direction at promising level or above" in why["МБОУ СОШ № 20"].reason
    assert (why["МБОУ СОШ № 20"].leader, why["МБОУ СОШ № 20"].promising, why["МБОУ СОШ № 20"].hidden_reserve) == (0, 0, 4)
    r14 = why["МБОУ ООШ № 14"]
    assert r14.reason_code == "promising_never_leader" and r14.promising == 2
    assert r14.cascade_directions == ["2", "3"]
    assert "promising in 2 directions but never a leader" in r14.reason


def test_per_direction_ratios(report):
    rows = {r.direction: r for r in report.by_direction}
    d3 = rows["3"]
    assert (d3.leaders, d3.promising, d3.hidden_reserves, d3.trainees) == (2, 6, 9, 15)
    assert d3.trainees_per_leader == 7.5 and d3.leader_capacity == 8
    assert (d3.coverable_by_leaders, d3.coverable_with_cascade) == (8, 15)
    assert (d3.shortfall_leaders_only, d3.shortfall) == (7, 0)
    assert rows["1"].leader_capacity == 16 and rows["1"].shortfall_leaders_only == 0
    assert sum(r.trainees for r in report.by_direction) == report.trainee_needs == 73


def test_findings_name_the_broken_principles(report):
    codes = [f.code for f in report.findings]
    assert codes[0] == "schools_never_mentor"
    never = report.finding("schools_never_mentor")
    assert never.severity == "error" and never.principle == "gives_experience"
    assert sorted(never.schools, key=natural_key) == report.schools_never_mentoring
    assert "16 of 34" in never.message
    learn = report.finding("schools_never_learn")
    assert learn.principle == "receives_experience" and learn.schools == ["МБОУ СОШ № 10", "МБОУ СОШ № 44"]
    cascade = [f for f in report.findings if f.code == "direction_needs_cascade"]
    assert [f.directions for f in cascade] == [["3"], ["5"], ["6"]]
    assert all(f.principle == "capacity" for f in cascade)
    load = report.finding("too_many_trainee_directions")
    assert load.principle == "yearly_load" and len(load.schools) == 6
    assert "МБОУ СОШ № 61" in load.schools
    assert report.finding("direction_over_capacity") is None
    assert {f.principle for f in report.findings} <= set(PRINCIPLES)


def test_overloaded_trainees_and_capacity(report):
    over = {o["school"]: o for o in report.overloaded_trainees}
    assert over["МБОУ СОШ № 61"]["count"] == 5 and over["МБОУ СОШ № 61"]["limit"] == 3
    cap = report.capacity
    assert cap["trainee_needs"] == 73
    assert cap["coverable_with_cascade"] == 73
    assert cap["coverable_by_leaders"] < 73
    # Six schools over the limit of 3 lose 1 + 2 + 1 + 1 + 1 + 1 needs this year.
    assert cap["coverable_this_year"] == 66 and cap["deferred_at_least"] == 7


def test_to_dict_is_the_json_contract(report):
    doc = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert doc["schools"] == 34 and doc["directions"] == 7 and doc["schools_mentoring"] == 18
    assert isinstance(doc["schools_never_mentoring"], list) and len(doc["schools_never_mentoring"]) == 16
    assert isinstance(doc["findings"], list) and doc["findings"]
    assert {"code", "severity", "principle", "message", "schools", "directions"} <= set(doc["findings"][0])


def test_russian_report(krymsky):
    ru = audit_network(krymsky, lang="ru")
    assert ru.schools_never_mentoring == audit_network(krymsky).schools_never_mentoring
    never = ru.finding("schools_never_mentor")
    assert "16 из 34" in never.message and never.principle_text == PRINCIPLES["gives_experience"]["ru"]
    reasons = {r.school: r.reason for r in ru.never_mentoring}
    assert reasons["МБОУ СОШ № 20"].startswith("ни одного направления")


def test_a_stricter_policy_changes_the_verdict(krymsky):
    tight = audit_network(krymsky, Policy(cap_per_direction=2, max_trainee_directions=4))
    codes = {f.code for f in tight.findings}
    assert "direction_over_capacity" in codes
    assert tight.finding("too_many_trainee_directions").schools == ["МБОУ СОШ № 61"]


# -- small hand-made tables ----------------------------------------------------------


def _table(rows, schools=None, **kw) -> Network:
    ids = schools or sorted({s for s, _d, _l in rows})
    return Network(
        schools=tuple(School(id=s, kind=kw.get("kinds", {}).get(s, "secondary"), host_capacity=kw.get("hosts", {}).get(s)) for s in ids),
        directions=tuple(Direction(id=d) for d in sorted({d for _s, d, _l in rows} | set(kw.get("directions", ())))),
        competences=tuple(Competence(school=s, direction=d, level=lvl) for s, d, lvl in rows),
        locks=kw.get("locks", Locks()),
    )


def test_a_perfect_table_has_no_error():
    rows = [("A", "1", "leader"), ("B", "1", "promising"), ("B", "2", "leader"), ("A", "2", "hidden_reserve")]
    r = audit_network(_table(rows))
    assert r.schools_mentoring == 2 and r.schools_never_mentoring == []
    assert not [f for f in r.findings if f.severity == "error"]


def test_direction_without_leader_and_school_without_partner():
    rows = [("A", "1", "leader"), ("B", "1", "hidden_reserve"), ("C", "2", "promising"), ("D", "2", "promising")]
    r = audit_network(_table(rows))
    assert r.finding("direction_without_leader").directions == ["2"]
    assert r.finding("schools_without_partner").schools == ["C", "D"]


def test_school_taking_part_in_nothing():
    rows = [("A", "1", "leader"), ("B", "1", "hidden_reserve")]
    r = audit_network(_table(rows, schools=["A", "B", "Z"]))
    assert r.finding("schools_not_taking_part").schools == ["Z"]
    assert {x.school: x.reason_code for x in r.never_mentoring}["Z"] == "no_direction"


def test_direction_over_capacity_even_with_cascade():
    rows = [("L", "1", "leader")] + [(f"H{i}", "1", "hidden_reserve") for i in range(6)]
    r = audit_network(_table(rows))
    row = r.by_direction[0]
    assert (row.trainees, row.coverable_with_cascade, row.shortfall) == (6, 4, 2)
    f = r.finding("direction_over_capacity")
    assert f.severity == "error" and f.schools == ["L"] and f.directions == ["1"]


def test_hosts_shared_between_directions():
    # L leads in two directions of four trainees each, but hosts at most 5 teams a year.
    rows = [("L", "1", "leader"), ("L", "2", "leader")]
    rows += [(f"T{i}", "1", "hidden_reserve") for i in range(4)] + [(f"U{i}", "2", "hidden_reserve") for i in range(4)]
    r = audit_network(_table(rows, hosts={"L": 5}))
    assert [d.coverable_with_cascade for d in r.by_direction] == [4, 4]
    assert r.capacity["coverable_with_cascade"] == 5 and r.capacity["shared_host_loss"] == 3
    f = r.finding("hosts_shared_over_capacity")
    assert f.schools == ["L"] and f.directions == ["1", "2"]


def test_scores_are_read_through_the_bands_and_locks_win():
    net = Network(
        schools=(School(id="A"), School(id="B"), School(id="C")),
        directions=(Direction(id="1"),),
        competences=(
            Competence(school="A", direction="1", score=68),  # leader or promising: read as leader
            Competence(school="B", direction="1", score=50),
            Competence(school="C", direction="1", score=90),
        ),
        locks=Locks(roles=(RoleLock(school="C", direction="1", role="promising"),)),
    )
    roles = table_roles(net)
    assert roles == {("A", "1"): Level.leader, ("B", "1"): Level.promising, ("C", "1"): Level.promising}
    r = audit_network(net)
    assert r.roles_from == "scores" and r.schools_mentoring_ids == ["A"]


def test_leaders_without_trainees_are_reported():
    rows = [("A", "1", "leader"), ("B", "1", "leader"), ("A", "2", "hidden_reserve"), ("B", "2", "leader")]
    r = audit_network(_table(rows))
    f = r.finding("leaders_without_trainees")
    assert f.directions == ["1"] and f.severity == "info"
