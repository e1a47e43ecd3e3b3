"""Why a pair was chosen and why a need was deferred, in Russian and English.

Every solver explains its plan through these functions, so a planner reads
the same words whichever solver planned. Texts are built from facts (the
candidate edge's score parts, the schools' profiles), never from solver
internals.
"""

from __future__ import annotations

from mentornet.model import Level, Network

__all__ = ["ROLE_NAMES", "deferral_reasons", "pair_reasons", "role_name"]

ROLE_NAMES = {
    "en": {Level.leader: "leader", Level.promising: "promising", Level.hidden_reserve: "hidden reserve"},
    "ru": {Level.leader: "команда-лидер", Level.promising: "подающая надежды", Level.hidden_reserve: "скрытый резерв"},
}


def role_name(role: Level, lang: str = "en") -> str:
    """A role's name for people, in ``lang`` ("en" or "ru")."""
    return ROLE_NAMES.get(lang, ROLE_NAMES["en"])[Level(role)]


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
) -> dict[str, str]:
    """The reason for one pair, ``{"en": ..., "ru": ...}``.

    Names the competence gap, the context match (kind, settlement, a
    resilient mentor for a school in adverse conditions), the distance, and
    continuity with last year, as far as each applies.
    """
    m = network.school_by_id[mentor]
    t = network.school_by_id[trainee]
    cm = network.competence_of.get((mentor, direction))
    ct = network.competence_of.get((trainee, direction))
    en, ru = [], []
    gap_en = f"{role_name(mentor_role)} mentors {role_name(trainee_role)}"
    gap_ru = f"{role_name(mentor_role, 'ru')} наставляет команду «{role_name(trainee_role, 'ru')}»"
    if cm is not None and ct is not None and cm.score is not None and ct.score is not None:
        gap_en += f" (score {cm.score:g} vs {ct.score:g})"
        gap_ru += f" (балл {cm.score:g} против {ct.score:g})"
    en.append(gap_en)
    ru.append(gap_ru)
    if m.kind == t.kind:
        en.append(f"same kind of school ({m.kind.value})")
        ru.append("школы одного типа")
    if m.settlement == t.settlement:
        en.append(f"both {m.settlement.value}")
        ru.append("обе " + ("сельские" if m.settlement.value == "rural" else "городские"))
    if t.is_adverse and m.is_resilient:
        en.append("resilient mentor for a school in adverse conditions")
        ru.append("резильентная школа-наставник для школы в неблагоприятных условиях")
    if distance_km is not None:
        en.append(f"{distance_km:.0f} km apart")
        ru.append(f"{distance_km:.0f} км")
    cont = parts.get("continuity", 0)
    if cont and strategy == "wide":
        en.append("brings a new mentor or direction")
        ru.append("новый наставник или направление")
    elif cont:
        if (mentor, trainee, direction) in network.history_pair_keys:
            en.append("continues last year's pair")
            ru.append("продолжение пары прошлого года")
        elif (trainee, direction) in network.history_learnt_keys:
            en.append("continues learning in last year's direction")
            ru.append("продолжение стажировки в направлении прошлого года")
        else:
            en.append("brings a new mentor or direction")
            ru.append("новый наставник или направление")
    if t.is_priority:
        why_en = [w for w, f in (("low results", t.results.value == "low"), ("adverse conditions", t.is_adverse), ("new school", t.is_new)) if f]
        why_ru = [w for w, f in (("низкие результаты", t.results.value == "low"), ("неблагоприятные условия", t.is_adverse), ("новая школа", t.is_new)) if f]
        en.append("priority trainee: " + ", ".join(why_en))
        ru.append("приоритетный стажёр: " + ", ".join(why_ru))
    return {"en": "; ".join(en), "ru": "; ".join(ru)}


def deferral_reasons(
    network: Network,
    school: str,
    direction: str,
    role: Level,
    *,
    covered_elsewhere: int,
    limit: int,
    eligible_mentors: int,
) -> dict[str, str]:
    """Why a trainee need was deferred, ``{"en": ..., "ru": ...}``.

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
        return {
            "en": f"no eligible mentor for this team in '{d}' (none ranks above it within reach)",
            "ru": f"нет подходящего наставника в направлении «{d}» (никто не выше по уровню в пределах досягаемости)",
        }
    if covered_elsewhere >= limit:
        return {
            "en": f"the school already learns in {covered_elsewhere} directions this year (limit {limit}); "
            f"this {role_name(role)} need waits for next year, larger deficits and priority schools first",
            "ru": f"школа уже стажируется в {covered_elsewhere} направлениях (предел {limit}); "
            f"эта потребность («{role_name(role, 'ru')}») переносится на следующий год: сначала большие дефициты и приоритетные школы",
        }
    return {
        "en": f"the mentors of '{d}' have no free place left for this team this year",
        "ru": f"у наставников направления «{d}» не осталось свободных мест для этой команды в этом году",
    }
