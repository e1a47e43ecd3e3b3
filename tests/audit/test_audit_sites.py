"""The audit of a site-based programme: its own principles, none of the mutual ones."""

from __future__ import annotations

import math

import pytest
from typer.testing import CliRunner

import mentornet.cli
from mentornet.audit import MUTUAL_FINDINGS, audit_network
from mentornet.io import SITE_BASED_EXAMPLE, site_based_example
from mentornet.model import Policy, Results

mentornet.cli._register()


@pytest.fixture(scope="module")
def example():
    return site_based_example()


def _km(a, b) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_the_example_raises_no_mutual_finding_and_the_site_ones(example):
    net, pol = example
    report = audit_network(net, pol)
    codes = {f.code for f in report.findings}
    assert not codes & MUTUAL_FINDINGS
    assert {"site_coverable", "site_term_ends", "new_site_helps"} <= codes
    # The same network judged as mutual internships: sites never learn, trainees never lead.
    mutual = {f.code for f in audit_network(net, Policy()).findings}
    assert {"schools_never_mentor", "schools_never_learn"} <= mutual


def test_sites_ending_their_term_are_those_of_the_plan_year(example):
    net, pol = example
    report = audit_network(net, pol, lang="ru")
    ending = [s.id for s in net.sites if s.start_year is not None and s.start_year + s.term_years - 1 == net.year]
    assert ending and report.sites.term_ends == ending
    finding = report.finding("site_term_ends")
    assert str(net.year) in finding.message and "истекает" in finding.message


def test_coverable_needs_respect_distance(example):
    net, pol = example
    report = audit_network(net, pol)
    assert report.sites.coverable == report.sites.trainee_needs
    # A low-results school moved 400 km away has no site within reach in any theme.
    far = next(s for s in net.schools if s.results is Results.low)
    moved = net.with_changes(schools=tuple(
        s.model_copy(update={"lat": s.lat + 3.6}) if s.id == far.id else s for s in net.schools))
    nearest = min(_km(moved.school_by_id[far.id], moved.school_by_id[m]) for m in moved.site_of)
    assert nearest > max(pol.max_km, pol.online_max_km)
    report = audit_network(moved, pol)
    n_needs = sum(1 for c in moved.competences if c.school == far.id)
    assert report.sites.coverable == report.sites.trainee_needs - n_needs
    assert report.sites.unreachable_schools == [far.id]
    assert report.finding("schools_without_site").severity == "error"


def test_coverable_needs_respect_consultant_limits(example):
    net, pol = example
    cur = net.curators[0]
    in_scope = sum(1 for c in net.competences
                   if net.school_by_id[c.school].results is Results.low and net.school_by_id[c.school].municipality in cur.municipalities)
    tight = net.with_changes(curators=(cur.model_copy(update={"max_teams": in_scope - 7}), *net.curators[1:]))
    report = audit_network(tight, pol)
    assert report.sites.coverable == report.sites.trainee_needs - 7


def test_a_new_site_ranking_counts_needs_a_candidate_could_take(example):
    net, pol = example
    ranking = audit_network(net, pol).sites.new_site_ranking
    assert ranking
    sites = set(net.site_of)
    for row in ranking:
        school = net.school_by_id[row["school"]]
        assert row["school"] not in sites and school.results is Results.high
        # Its district has no site, so every low-results need there within reach is "far".
        local = [c for c in net.competences if c.direction in row["directions"]
                 and net.school_by_id[c.school].municipality == school.municipality and net.school_by_id[c.school].results is Results.low]
        assert 0 < row["needs"] <= min(len(local), pol.host_capacity)
    assert [r["needs"] for r in ranking] == sorted((r["needs"] for r in ranking), reverse=True)


def test_audit_cli_on_the_example_in_russian(tmp_path, example):
    from importlib import resources

    ref = resources.files("mentornet") / "data" / SITE_BASED_EXAMPLE
    with resources.as_file(ref) as path:
        result = CliRunner().invoke(mentornet.cli.app, ["audit", str(path), "--lang", "ru"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Стажировочные площадки" in out and "Где новая площадка поможет больше всего" in out
    assert "никогда не" not in out  # no "never leads" line of the mutual shape
