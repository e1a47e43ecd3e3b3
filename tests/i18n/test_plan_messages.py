"""Reasons in a plan: stored as codes with parameters, read back, old plans still readable."""

from __future__ import annotations

import json

from mentornet.i18n import Message
from mentornet.messages import MESSAGES
from mentornet.model import AlternateMentor, Deferred, Pair, Plan


def test_reasons_round_trip_as_codes():
    pair = Pair(
        mentor="A", trainee="B", direction="1",
        why=(Message(code="pair.gap", params={"mentor_role": "leader", "trainee_role": "hidden_reserve"}),
             Message(code="pair.distance", params={"km": 7.0})),
    )
    plan = Plan(pairs=(pair,), deferred=(Deferred(school="C", direction="1", why=(
        Message(code="deferred.limit", params={"n": 21, "limit": 3, "role": "promising"}),)),))
    doc = json.loads(json.dumps(plan.to_json_dict()))
    assert doc["pairs"][0]["why"][0] == {"code": "pair.gap", "params": {"mentor_role": "leader", "trainee_role": "hidden_reserve"}}
    assert "reason" not in doc["pairs"][0] and "reasons" not in doc["pairs"][0]
    back = Plan.model_validate(doc)
    assert back == plan
    assert back.pairs[0].reason_in("ru") == "команда-лидер наставляет команду «скрытый резерв»; 7 км"
    assert back.pairs[0].reason == "leader mentors hidden reserve; 7 km apart"
    assert back.deferred[0].reason_in("ru").startswith("школа уже стажируется в 21 направлении (предел 3)")
    assert back.deferred[0].reasons["en"].startswith("the school already learns in 21 directions")


def test_an_old_plan_with_sentences_still_reads():
    # plan.json / database rows written before reasons had codes.
    old = {
        "pairs": [{"mentor": "A", "trainee": "B", "direction": "1", "reason": "A leads",
                   "reasons": {"en": "A leads", "ru": "А ведёт"}}],
        "deferred": [{"school": "C", "direction": "1", "reason": "limit"}],
        "alternates": [{"school": "B", "direction": "1", "mentors": [{"mentor": "D", "score": 3.0, "reason": "gain +3"}]}],
    }
    plan = Plan.model_validate(old)
    assert plan.pairs[0].reason_in("ru") == "А ведёт" and plan.pairs[0].reason == "A leads"
    assert plan.deferred[0].reason_in("ru") == "limit"  # no Russian was stored: the English text is all there is
    assert plan.alternates[0].mentors[0].reason == "gain +3"
    assert all(m.code == "text" for m in plan.pairs[0].why)


def test_alternate_parts_are_translated():
    alt = AlternateMentor(mentor="D", why=(Message(code="alternate.part", params={"part": "gain", "value": 3}),
                                           Message(code="alternate.part", params={"part": "travel", "value": -1})))
    assert alt.reason_in("en") == "competence gain +3, travel -1"
    assert alt.reason_in("ru") == "рост компетенций +3, дорога -1"


def test_solver_reasons_use_registered_codes(krymsky):
    from mentornet.planning import solve

    plan = solve(krymsky, solver="greedy")
    codes = {m.code for p in plan.pairs for m in p.why} | {m.code for d in plan.deferred for m in d.why}
    assert codes and codes <= set(MESSAGES) and "text" not in codes
    assert all(p.why[0].code in ("pair.gap", "pair.gap_scores") for p in plan.pairs)
