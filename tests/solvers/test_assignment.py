"""The one min-cost-flow assignment, against brute force on small instances; roles by bands."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mentornet.graph import build_candidates
from mentornet.model import Competence, Direction, Network, Policy, School
from mentornet.solvers.assignment import FlowProblem, assign_by_flow
from mentornet.solvers.ranks import band_rank_array, band_ranks


@st.composite
def problems(draw):
    n_s = draw(st.integers(2, 4))
    n_d = draw(st.integers(1, 2))
    pairs = draw(st.lists(
        st.tuples(st.integers(0, n_s - 1), st.integers(0, n_s - 1), st.integers(0, n_d - 1)),
        min_size=1, max_size=7, unique=True,
    ).map(lambda ps: [p for p in ps if p[0] != p[1]]).filter(bool))
    m, t, d = (np.array(c, dtype=np.int64) for c in zip(*pairs))
    need = t * n_d + d
    values = {int(k): draw(st.integers(0, 50)) for k in set(need.tolist())}
    return FlowProblem(
        mentor=m, trainee=t, direction=d, need=need,
        need_value=np.array([values[int(k)] for k in need], dtype=np.int64),
        edge_value=np.array(draw(st.lists(st.integers(-20, 20), min_size=len(pairs), max_size=len(pairs))), dtype=np.int64),
        trainee_room=np.array(draw(st.lists(st.integers(0, 2), min_size=n_s, max_size=n_s)), dtype=np.int64),
        dir_room=np.array(draw(st.lists(st.lists(st.integers(0, 2), min_size=n_d, max_size=n_d), min_size=n_s, max_size=n_s)), dtype=np.int64),
        host_capacity=np.array(draw(st.lists(st.integers(0, 3), min_size=n_s, max_size=n_s)), dtype=np.int64),
        host_load=np.zeros(n_s, dtype=np.int64),
        mentor_bonus=draw(st.sampled_from([0, 30])),
    )


def value(p: FlowProblem, taken: np.ndarray) -> int | None:
    """The assignment's value, or None when it breaks a cap."""
    idx = np.nonzero(taken)[0]
    needs = p.need[idx]
    if len(set(needs.tolist())) < len(needs):
        return None
    if np.any(np.bincount(p.trainee[idx], minlength=len(p.trainee_room)) > p.trainee_room):
        return None
    if np.any(np.bincount(p.mentor[idx], minlength=len(p.host_capacity)) > p.host_capacity):
        return None
    for (m, d), k in Counter(zip(p.mentor[idx].tolist(), p.direction[idx].tolist())).items():
        if k > p.dir_room[m, d]:
            return None
    mentors = set(p.mentor[idx].tolist())
    return int(p.need_value[idx].sum() + p.edge_value[idx].sum() + p.mentor_bonus * len(mentors))


@settings(max_examples=60, deadline=None)
@given(problems())
def test_the_flow_assignment_is_optimal(p):
    taken = assign_by_flow(p)
    got = value(p, taken)
    assert got is not None, "the assignment breaks a cap"
    best = max(v for bits in itertools.product([False, True], repeat=len(p.mentor))
               if (v := value(p, np.array(bits, dtype=bool))) is not None)
    assert got == best


def test_band_ranks_follow_the_plain_thresholds():
    policy = Policy()
    schools = tuple(School(id=s) for s in "ABCDE")
    net = Network(
        name="bands", schools=schools, directions=(Direction(id="d"),),
        competences=(
            Competence(school="A", direction="d", score=72),   # leader band (70 ± 5): leader
            Competence(school="B", direction="d", score=68),   # leader band: promising
            Competence(school="C", direction="d", score=42),   # reserve band (40 ± 5): promising
            Competence(school="D", direction="d", score=38),   # reserve band: hidden reserve
            Competence(school="E", direction="d", level="leader"),
        ),
    )
    cg = build_candidates(net, policy)
    ranks = band_ranks(cg)
    by_id = {cg.schools[s]: r for (s, _), r in ranks.items()}
    assert by_id == {"A": 2, "B": 1, "C": 1, "D": 0, "E": 2}
    assert band_rank_array(cg).tolist() == [ranks[(int(s), int(d))] for s, d in zip(cg.teams["school"], cg.teams["direction"])]
