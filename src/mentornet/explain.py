"""Why a pair was chosen and why a need was deferred, as messages.

Every solver explains its plan through these functions, so a planner reads
the same words whichever solver planned. Reasons are built from facts (the
candidate edge's score parts, the schools' profiles), never from solver
internals, and are returned as :class:`~mentornet.i18n.Message` values (a
code plus parameters; codes in :mod:`mentornet.messages`), rendered in the
reader's language where they are shown.
"""

from __future__ import annotations

from mentornet.i18n import LANGUAGES, Message, Param, term
from mentornet.model import Level, Network

__all__ = ["ROLE_NAMES", "alternate_reasons", "deferral_reasons", "pair_reasons", "role_name"]


def role_name(role: Level | str, lang: str = "en") -> str:
    """A role's name for people, in ``lang`` (from the gettext catalogue)."""
    return term(lang, "level", Level(role).value)


#: Role names per language, ``{lang: {Level: name}}`` (rendered from the catalogues).
ROLE_NAMES: dict[str, dict[Level, str]] = {lang: {lvl: role_name(lvl, lang) for lvl in Level} for lang in LANGUAGES}


def pair_reasons(
    network: Network,
    mentor: str,
    trainee: str,
    direction: str,
    mentor_role: Level,
    trainee_role: Level,
    parts: dict[str, float],
    distance_km: float | None,
    strategy: str | None = None,
) -> tuple[Message, ...]:
    """The reason for one pair, clause by clause.

    Names the competence gap, the context match (kind, settlement, a
    resilient mentor for a school in adverse conditions), the distance, and
    continuity with last year, as far as each applies.
    """
    m = network.school_by_id[mentor]
    t = network.school_by_id[trainee]
    cm = network.competence_of.get((mentor, direction))
    ct = network.competence_of.get((trainee, direction))
    roles: dict[str, Param] = {"mentor_role": Level(mentor_role).value, "trainee_role": Level(trainee_role).value}
    out: list[Message] = []
    if cm is not None and ct is not None and cm.score is not None and ct.score is not None:
        out.append(Message(code="pair.gap_scores", params={**roles, "mentor_score": cm.score, "trainee_score": ct.score}))
    else:
        out.append(Message(code="pair.gap", params=roles))
    # Only facts the input gave: an unknown kind or settlement matches nothing.
    if m.kind is not None and m.kind == t.kind:
        out.append(Message(code="pair.same_kind", params={"kind": m.kind.value}))
    if m.settlement is not None and m.settlement == t.settlement:
        out.append(Message(code="pair.same_settlement", params={"settlement": m.settlement.value}))
    if t.is_adverse and m.is_resilient:
        out.append(Message(code="pair.resilient_mentor"))
    if distance_km is not None:
        out.append(Message(code="pair.distance", params={"km": float(distance_km)}))
    cont = parts.get("continuity", 0)
    if cont and strategy == "wide":
        out.append(Message(code="pair.novelty"))
    elif cont:
        if (mentor, trainee, direction) in network.history_pair_keys:
            out.append(Message(code="pair.continues_pair"))
        elif (trainee, direction) in network.history_learnt_keys:
            out.append(Message(code="pair.continues_direction"))
        else:
            out.append(Message(code="pair.novelty"))
    if t.is_priority:
        why = [w for w, f in (("low_results", t.results is not None and t.results.value == "low"), ("adverse", t.is_adverse), ("new", t.is_new)) if f]
        out.append(Message(code="pair.priority", params={"why": ",".join(why)}))
    return tuple(out)


def deferral_reasons(
    network: Network,
    school: str,
    direction: str,
    role: Level,
    *,
    covered_elsewhere: int,
    limit: int,
    eligible_mentors: int,
) -> tuple[Message, ...]:
    """Why a trainee need was deferred (one message).

    Parameters
    ----------
    covered_elsewhere : int
        How many other directions this school learns in this year.
    limit : int
        The school's yearly limit of trainee directions.
    eligible_mentors : int
        Mentors that could take this need at all (0: none within reach).
    """
    d = network.direction_by_id[direction].label
    if eligible_mentors == 0:
        return (Message(code="deferred.no_mentor", params={"direction": d}),)
    if covered_elsewhere >= limit:
        return (Message(code="deferred.limit", params={"n": covered_elsewhere, "limit": limit, "role": Level(role).value}),)
    return (Message(code="deferred.no_place", params={"direction": d}),)


def alternate_reasons(parts: dict[str, float]) -> tuple[Message, ...]:
    """An alternate mentor's score parts that differ from zero, e.g. «рост компетенций +3»."""
    return tuple(
        Message(code="alternate.part", params={"part": part, "value": int(value)})
        for part, value in parts.items()
        if int(value)
    )
