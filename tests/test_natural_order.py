"""School names in natural order (№ 1, 2, 10, 12, 16) in exports, audit lists and graph metrics."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from mentornet.audit import audit_network
from mentornet.export import write_plan
from mentornet.graph.metrics import exchange_profile
from mentornet.graph.plan_graph import role_table_graph
from mentornet.model import Competence, Direction, Network, Plan, RoleAssignment, School

NUMBERS = [10, 2, 16, 1, 12]  # scrambled on purpose: neither input nor text order is natural
NATURAL = [f"МБОУ СОШ № {n}" for n in (1, 2, 10, 12, 16)]


@pytest.fixture(scope="module")
def network() -> Network:
    schools = tuple(School(id=f"МБОУ СОШ № {n}", municipality="Крымский район") for n in NUMBERS)
    comps = tuple(Competence(school=s.id, direction="1", level="hidden_reserve") for s in schools)
    return Network(name="нумерация", schools=schools, directions=(Direction(id="1", name="Качество"),), competences=comps)


@pytest.fixture(scope="module")
def plan(network: Network) -> Plan:
    # Every school a hidden reserve: the roles (and deferred needs) list all five schools.
    return Plan(roles=tuple(RoleAssignment(school=s.id, direction="1", role="hidden_reserve") for s in network.schools))


def test_text_order_is_not_natural() -> None:
    assert sorted(NATURAL) != NATURAL


def test_roles_csv_and_school_cards_in_natural_order(network, plan, tmp_path) -> None:
    paths = write_plan(network, plan, tmp_path, "ru")
    with paths["roles.csv"].open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh, delimiter=";"))[1:]
    assert [r[0] for r in rows] == NATURAL
    book = openpyxl.load_workbook(paths["xlsx"], read_only=True)
    cards = book["Карточки школ"]
    assert [r[0] for r in cards.iter_rows(min_row=2, values_only=True)] == NATURAL
    # The seed's table keeps the planners' own order (it reproduces their table).
    seed = book["Стажировки"]
    assert next(seed.iter_rows(min_row=2, values_only=True))[3].split("\n") == [f"МБОУ СОШ № {n}" for n in NUMBERS]


def test_audit_lists_in_natural_order(network) -> None:
    report = audit_network(network)
    assert report.schools_never_mentoring == NATURAL


def test_graph_profile_in_natural_order(network) -> None:
    profile = exchange_profile(role_table_graph(network))
    assert profile["only_receive"] == NATURAL
