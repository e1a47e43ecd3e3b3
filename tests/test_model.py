"""The domain model: validation, level words, policy bands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from mentornet.errors import InputError
from mentornet.model import Competence, Curator, Direction, Level, Locks, Network, PairLock, Policy, School, parse_level


def small(**over):
    data = dict(
        schools=(School(id="a"), School(id="b")),
        directions=(Direction(id="1"),),
        competences=(Competence(school="a", direction="1", level="leader"), Competence(school="b", direction="1", score=30)),
    )
    data.update(over)
    return Network(**data)


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("leader", Level.leader),
        ("Команды-лидеры", Level.leader),
        ("лидер", Level.leader),
        ("подающие надежды", Level.promising),
        ("Команды – подающие надежды", Level.promising),
        ("hidden reserve", Level.hidden_reserve),
        ("скрытый резерв", Level.hidden_reserve),
        ("команды скрытых резервов", Level.hidden_reserve),
    ],
)
def test_parse_level_reads_russian_and_english(word, level):
    assert parse_level(word) is level


def test_parse_level_rejects_other_words_and_lists_the_accepted_ones():
    with pytest.raises(ValueError, match="leader / promising / hidden_reserve"):
        parse_level("expert")


def test_network_reports_every_broken_reference_together():
    with pytest.raises(InputError) as exc:
        small(
            schools=(School(id="a"), School(id="a")),
            competences=(Competence(school="zz", direction="9", level="leader"),),
            locks=Locks(forbidden=(PairLock(mentor="a", trainee="nobody"),)),
        )
    text = str(exc.value)
    assert "duplicate id 'a'" in text
    assert "unknown school 'zz'" in text
    assert "unknown direction '9'" in text
    assert "unknown school 'nobody'" in text
    assert len(exc.value.problems) == 4


def test_competence_needs_a_score_or_level_and_scores_stay_in_range():
    with pytest.raises(ValidationError):
        Competence(school="a", direction="1")
    with pytest.raises(ValidationError, match="less than or equal to 100"):
        Competence(school="a", direction="1", score=140)


def test_curator_scope_by_direction_and_by_municipality():
    net = small(
        schools=(School(id="a", municipality="m1"), School(id="b", municipality="m2")),
        directions=(Direction(id="1", curators=("c1",)), Direction(id="2")),
        curators=(Curator(id="c1"), Curator(id="dist2", municipalities=("m2",))),
        competences=(Competence(school="a", direction="1", level="leader"), Competence(school="b", direction="1", level="promising")),
    )
    assert net.curator_may_supervise("c1", "1", "b")
    assert not net.curator_may_supervise("c1", "2", "b")
    assert net.curator_may_supervise("dist2", "2", "b")
    assert not net.curator_may_supervise("dist2", "2", "a")
    # The remembered scopes (per direction and municipality) are those same answers, in input order.
    for d in ("1", "2"):
        for s in ("a", "b"):
            assert net.curators_in_scope(d, s) == tuple(c for c in net.curators if net.curator_may_supervise(c.id, d, s))
    assert [c.id for c in net.curators_in_scope("2", "b")] == ["dist2"]


@given(
    lo=st.floats(0, 100), hi=st.floats(0, 100), margin=st.floats(0, 50), score=st.floats(0, 100)
)
def test_score_bands_give_one_or_two_adjacent_roles(lo, hi, margin, score):
    lo, hi = min(lo, hi), max(lo, hi)
    policy = Policy(reserve_max_score=lo, leader_min_score=hi, band_margin=margin)
    roles = policy.roles_for_score(score)
    assert 1 <= len(roles) <= 2
    ranks = [r.rank for r in roles]
    assert ranks == sorted(ranks, reverse=True)
    if len(ranks) == 2:
        assert ranks[0] - ranks[1] == 1
    # Far from the thresholds the role is certain.
    if score >= hi + margin:
        assert roles == (Level.leader,)
    if score < lo - margin:
        assert roles == (Level.hidden_reserve,)


def test_policy_rejects_crossed_bands():
    with pytest.raises(ValidationError):
        Policy(reserve_max_score=80, leader_min_score=60)


def test_embedded_dataset_is_the_krymsky_table(krymsky):
    assert len(krymsky.schools) == 34
    assert [d.id for d in krymsky.directions] == [str(i) for i in range(1, 8)]
    assert krymsky.level_only
    assert sum(s.kind.value == "basic" for s in krymsky.schools) == 9
    assert krymsky.direction_by_id["1"].curators == ("Резник З.А.", "Володина З.А.")


def test_a_network_copied_with_other_curators_answers_with_them():
    """Cached lookups (curator limits, scopes) do not outlive the fields they were read from."""
    from mentornet.generate import generate_network

    net = generate_network(20, 2, 2, seed=1)
    c0 = net.curators[0]
    school = next(s.id for s in net.schools if net.curator_may_supervise(c0.id, net.directions[0].id, s.id))
    assert net.curator_by_id[c0.id].max_teams != 1 and c0 in net.curators_in_scope(net.directions[0].id, school)
    limited = net.model_copy(update={"curators": tuple(c.model_copy(update={"max_teams": 1}) for c in net.curators)})
    assert limited.curator_by_id[c0.id].max_teams == 1
    assert all(c.max_teams == 1 for c in limited.curators_in_scope(net.directions[0].id, school))
    assert net.curator_by_id[c0.id].max_teams != 1  # the original keeps its own
