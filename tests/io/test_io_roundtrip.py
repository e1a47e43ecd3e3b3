"""Writing then reading gives back the same network and policy, in every format."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentornet.io import read_network, read_network_and_policy, write_network
from mentornet.model import (
    Competence,
    Curator,
    Direction,
    History,
    HistoryPair,
    HistoryRole,
    Kind,
    Level,
    Locks,
    Network,
    PairLock,
    Policy,
    Results,
    RoleLock,
    School,
    Settlement,
    Weights,
)

FORMATS = ["net.xlsx", "net.json", "net_folder"]


@pytest.mark.parametrize("target", FORMATS)
def test_krymsky_round_trip(tmp_path: Path, krymsky: Network, target: str) -> None:
    path = write_network(krymsky, tmp_path / target)
    assert read_network_and_policy(path) == (krymsky, None)


@pytest.mark.parametrize("target", FORMATS)
def test_every_field_round_trips(tmp_path: Path, rich_network: Network, rich_policy: Policy, target: str) -> None:
    path = write_network(rich_network, tmp_path / target, rich_policy)
    assert read_network_and_policy(path) == (rich_network, rich_policy)


def test_workbook_layout(tmp_path: Path, rich_network: Network, rich_policy: Policy) -> None:
    book = openpyxl.load_workbook(write_network(rich_network, tmp_path / "net.xlsx", rich_policy))
    assert book.sheetnames == ["network", "schools", "directions", "curators", "competences", "history_roles", "history_pairs", "locks_pairs", "locks_forbidden", "locks_roles", "policy"]
    schools = book["schools"]
    assert [c.value for c in schools[1]][:3] == ["id", "name", "municipality"]
    assert schools.freeze_panes == "A2"
    # A name starting with "=" stays text, not a formula Excel would evaluate.
    assert schools["B5"].value == "=Лицей 4" and schools["B5"].data_type == "s"
    assert book["directions"]["C2"].value == "Иванова; Петров"


def test_folder_is_rewritten_without_stale_files(tmp_path: Path, rich_network: Network, rich_policy: Policy, krymsky: Network) -> None:
    folder = tmp_path / "net"
    write_network(rich_network, folder, rich_policy)
    write_network(krymsky, folder)
    assert read_network_and_policy(folder) == (krymsky, None)
    assert (folder / "locks_pairs.csv").read_text(encoding="utf-8-sig").strip() == "mentor,trainee,direction"


def test_floats_that_need_17_digits_survive_a_workbook(tmp_path: Path) -> None:
    school = School(id="A", lat=24.339949904419214, lon=0.1 + 0.2, adverse=1 / 3)
    net = Network(schools=(school, School(id="B")), directions=(Direction(id="1"),), competences=(Competence(school="A", direction="1", score=100 / 3),))
    assert read_network(write_network(net, tmp_path / "net.xlsx")) == net


def test_unsupported_targets(tmp_path: Path, rich_network: Network) -> None:
    with pytest.raises(ValueError, match=r"expected a \.xlsx or \.json"):
        write_network(rich_network, tmp_path / "net.txt")
    bad = rich_network.with_changes(curators=(*rich_network.curators, Curator(id="a;b")), directions=(*rich_network.directions, Direction(id="3", curators=("a;b",))))
    with pytest.raises(ValueError, match="contains ';'"):
        write_network(bad, tmp_path / "bad.xlsx")
    # JSON keeps lists as lists, so any id is fine there.
    assert read_network(write_network(bad, tmp_path / "bad.json")) == bad


# ------------------------------------------------------------ property

# Ids and names with Cyrillic, spaces inside, digits that Excel would take
# for numbers, and names that start with "=" or hold separators and quotes.
_ID_CHARS = "AbzЖжЁё019 ._-"
_NAME_CHARS = _ID_CHARS + ',;"=\'\n№«»'


def _text(chars: str, min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[str]:
    return st.text(alphabet=chars, min_size=min_size, max_size=max_size).map(str.strip)


_ids = _text(_ID_CHARS).filter(bool)
_maybe_float = st.none() | st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def networks(draw: st.DrawFn) -> Network:
    """Small valid networks using every table and field."""
    school_ids = draw(st.lists(_ids, min_size=1, max_size=5, unique=True))
    direction_ids = draw(st.lists(_ids, min_size=1, max_size=3, unique=True))
    curator_ids = draw(st.lists(_ids, max_size=3, unique=True))
    munis = ["", "Луга", "Lower Town"]
    schools = tuple(
        School(
            id=s,
            name=draw(_text(_NAME_CHARS, 0, 8)),
            municipality=draw(st.sampled_from(munis)),
            kind=draw(st.sampled_from(list(Kind))),
            settlement=draw(st.sampled_from(list(Settlement))),
            lat=draw(st.none() | st.floats(-90, 90)),
            lon=draw(st.none() | st.floats(-180, 180)),
            results=draw(st.sampled_from(list(Results))),
            adverse=draw(st.floats(0, 1)),
            is_new=draw(st.booleans()),
            host_capacity=draw(st.none() | st.integers(0, 40)),
            max_trainee_directions=draw(st.none() | st.integers(0, 7)),
        )
        for s in school_ids
    )
    used_munis = sorted({s.municipality for s in schools if s.municipality})
    curators = tuple(
        Curator(
            id=c,
            name=draw(_text(_NAME_CHARS, 0, 8)),
            max_teams=draw(st.none() | st.integers(0, 30)),
            directions=tuple(draw(st.lists(st.sampled_from(direction_ids), unique=True, max_size=2))),
            municipalities=tuple(draw(st.lists(st.sampled_from(used_munis), unique=True, max_size=2))) if used_munis else (),
        )
        for c in curator_ids
    )
    directions = tuple(
        Direction(
            id=d,
            name=draw(_text(_NAME_CHARS, 0, 8)),
            curators=tuple(draw(st.lists(st.sampled_from(curator_ids), unique=True, max_size=2))) if curator_ids else (),
            mentor_cap=draw(st.none() | st.integers(0, 9)),
            online=draw(st.booleans()),
        )
        for d in direction_ids
    )
    cells = [(s, d) for d in direction_ids for s in school_ids]
    taking_part = draw(st.lists(st.sampled_from(cells), unique=True, max_size=len(cells)))
    competences = []
    for s, d in taking_part:
        level = draw(st.none() | st.sampled_from(list(Level)))
        score = draw(st.floats(0, 100) if level is None else st.none() | st.floats(0, 100))
        competences.append(Competence(school=s, direction=d, score=score, level=level))
    by_direction: dict[str, list[str]] = {}
    for s, d in taking_part:
        by_direction.setdefault(d, []).append(s)
    pair_cells = [(a, b, d) for d, members in by_direction.items() for a in members for b in members if a != b]
    any_pairs = [(a, b) for a in school_ids for b in school_ids if a != b]
    years = st.integers(1990, 2100)
    history = History(
        roles=tuple(HistoryRole(year=draw(years), school=draw(st.sampled_from(school_ids)), direction=draw(st.sampled_from(direction_ids)), role=draw(st.sampled_from(list(Level)))) for _ in range(draw(st.integers(0, 2)))),
        pairs=tuple(HistoryPair(year=draw(years), mentor=a, trainee=b, direction=draw(st.sampled_from(direction_ids))) for a, b in draw(st.lists(st.sampled_from(any_pairs), max_size=2))) if any_pairs else (),
    )
    locks = Locks(
        pairs=tuple(PairLock(mentor=a, trainee=b, direction=d) for a, b, d in draw(st.lists(st.sampled_from(pair_cells), unique=True, max_size=2))) if pair_cells else (),
        forbidden=tuple(PairLock(mentor=a, trainee=b, direction=draw(st.none() | st.sampled_from(direction_ids))) for a, b in draw(st.lists(st.sampled_from(any_pairs), max_size=2))) if any_pairs else (),
        roles=tuple(RoleLock(school=s, direction=d, role=draw(st.sampled_from(list(Level)))) for s, d in draw(st.lists(st.sampled_from(taking_part), unique=True, max_size=2))) if taking_part else (),
    )
    return Network(
        name=draw(_text(_NAME_CHARS, 1, 10).filter(bool)),
        year=draw(st.none() | st.integers(2000, 2100)),
        schools=schools,
        directions=directions,
        curators=curators,
        competences=tuple(competences),
        history=history,
        locks=locks,
    )


policies = st.none() | st.builds(
    Policy,
    cap_per_direction=st.integers(0, 10),
    max_km=st.none() | st.floats(0.5, 1e4),
    strategy=st.sampled_from([None, "narrow", "wide"]),
    fairness=st.sampled_from(["none", "direction", "municipality"]),
    cross_municipality=st.booleans(),
    min_gap=st.floats(0, 50),
    weights=st.builds(Weights, gain=st.integers(0, 9), mutual=st.integers(0, 99)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=networks(), policy=policies, target=st.sampled_from(FORMATS))
def test_round_trip_property(network: Network, policy: Policy | None, target: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_network(network, Path(tmp) / target, policy)
        assert read_network_and_policy(path) == (network, policy)
