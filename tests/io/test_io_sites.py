"""The ``sites`` table: read like the other tables, with located problems, and written back."""

from __future__ import annotations

from pathlib import Path

from mentornet.io import read_network, read_network_and_policy, site_based_example, write_network
from tests.io.test_io_errors import COMPETENCES, DIRECTIONS, SCHOOLS, at, good, named

SITES = [["id", "name", "schools", "start_year", "term_years", "max_schools", "max_pairs"],
         ["P1", "Site A", "A", 2022, None, 5, 12],
         ["P2", "Network B+C", "B; C", 2021, 2, None, 6]]


def test_a_sites_sheet_is_read(make_xlsx) -> None:
    net = read_network(make_xlsx(good(sites=SITES)))
    assert [(s.id, s.schools, s.start_year, s.term_years, s.max_schools, s.max_pairs) for s in net.sites] == [
        ("P1", ("A",), 2022, 3, 5, 12), ("P2", ("B", "C"), 2021, 2, None, 6)]
    assert net.site_of == {"A": "P1", "B": "P2", "C": "P2"}
    assert net.site_by_id["P2"].last_year == 2022


def test_russian_headers_and_sheet_name(make_xlsx) -> None:
    ru = [["код площадки", "название площадки", "школы площадки", "год присвоения статуса", "срок статуса, лет",
           "школ-стажёров не более", "пар не более"], *SITES[1:]]
    net = read_network(make_xlsx({"schools": SCHOOLS, "directions": DIRECTIONS, "competences": COMPETENCES, "площадки": ru}))
    assert [s.id for s in net.sites] == ["P1", "P2"]


def test_an_unknown_member_school_is_located(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(sites=[SITES[0], ["P1", "Site", "A; Z", 2022, 3, 5, 5]]))
    problem = at(problems_of(read_network, path), sheet="sites", row=2, column="schools")
    named(problem, "net.xlsx", "sheet 'sites'", "row 2", "column 'schools'", "unknown school 'Z'")


def test_a_school_in_two_sites_is_located(make_csvs, problems_of) -> None:
    folder = make_csvs(good(sites=[SITES[0], ["P1", "S1", "A", None, None, None, None], ["P2", "S2", "B; A", None, None, None, None]]))
    problem = at(problems_of(read_network, folder), file="sites.csv")
    named(problem, "sites.csv", "row 3", "column 'schools'", "'A'", "two sites")


def test_a_bad_term_is_located(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(sites=[SITES[0], ["P1", "Site", "A", 2022, 0, 5, 5]]))
    problem = at(problems_of(read_network, path), sheet="sites", row=2, column="term_years")
    named(problem, "row 2", "column 'term_years'")


def test_the_example_round_trips_through_every_format(tmp_path: Path) -> None:
    net, policy = site_based_example()
    assert policy is not None and policy.shape == "site_based"
    for target in (tmp_path / "x.xlsx", tmp_path / "folder", tmp_path / "x.json"):
        write_network(net, target, policy)
        again, pol = read_network_and_policy(target)
        assert again.sites == net.sites
        assert pol is not None and pol.shape == "site_based" and pol.online_max_km == 100
