"""Next year's network in one step: a year's plan and outcomes become the next year's input.

:func:`next_year` takes the network a year was planned from, its plan and
its outcomes, and returns the next year's network, editable before planning:

* **competences from the outcomes** — a team's new level replaces its level,
  a new score its score (a new score without a new level drops the old
  level, so the score's bands decide); a team without an outcome keeps last
  year's values, and a note says so;
* **history from the plan** — the year's roles, pairs and deferred needs
  (the deferred needs become next year's carried needs);
* **sites whose status term ends** — a school that has hosted a direction
  in each of the last ``SITE_TERM_YEARS`` years (seed 002: a site's status
  lasts up to three years) is flagged in a note;
* **the strategy** — ``narrow`` or ``wide`` goes into the policy the
  next-year file carries (:func:`strategy_policy`).

Notes are :class:`~mentornet.i18n.Message` values (codes ``nextyear.*``).
"""

from __future__ import annotations

from typing import Any, Literal

from mentornet.i18n import Message
from mentornet.model import (
    SITE_TERM_YEARS,
    Competence,
    History,
    HistoryNeed,
    HistoryPair,
    HistoryRole,
    Network,
    Plan,
    Policy,
    YearOutcomes,
)

__all__ = ["NARROW_CONTINUITY", "SITE_TERM_YEARS", "WIDE_CONTINUITY", "continuity_report", "history_from_plan", "next_year", "strategy_policy"]

#: Years a school keeps the status of an internship site in one direction (seed 002: "up to three years").

Strategy = Literal["narrow", "wide"]

#: ``weights.continuity`` the next-year file sets at least, per strategy: above a
#: covered need's weight, so that keeping (narrow) or changing (wide) a mentor
#: outweighs the small differences of pair quality between mentors.
NARROW_CONTINUITY = 150
WIDE_CONTINUITY = 150


def history_from_plan(network: Network, previous: Plan, year: int | None = None) -> tuple[Network, int]:
    """The network with a previous plan's roles, pairs and deferred needs as its history for one year.

    The year is ``year`` when given, else the network's year − 1, else the
    year after the latest already in the history (0 without any). Entries
    naming schools or directions not in the network are left out; their
    number is returned. The deferred needs become next year's carried needs
    (:attr:`mentornet.model.History.carried_needs`).
    """
    if year is None:
        if network.year is not None:
            year = network.year - 1
        else:
            last = network.history.last_year
            year = 0 if last is None else last + 1
    schools, directions = network.school_by_id, network.direction_by_id
    roles = [HistoryRole(year=year, school=r.school, direction=r.direction, role=r.role)
             for r in previous.roles if r.school in schools and r.direction in directions]
    pairs = [HistoryPair(year=year, mentor=p.mentor, trainee=p.trainee, direction=p.direction)
             for p in previous.pairs
             if p.mentor in schools and p.trainee in schools and p.direction in directions and p.mentor != p.trainee]
    deferred = [HistoryNeed(year=year, school=d.school, direction=d.direction)
                for d in previous.deferred if d.school in schools and d.direction in directions]
    skipped = len(previous.roles) - len(roles) + len(previous.pairs) - len(pairs) + len(previous.deferred) - len(deferred)
    kept = History(
        roles=tuple(r for r in network.history.roles if r.year != year) + tuple(roles),
        pairs=tuple(p for p in network.history.pairs if p.year != year) + tuple(pairs),
        deferred=tuple(n for n in network.history.deferred if n.year != year) + tuple(deferred),
    )
    return network.with_changes(history=kept), skipped


def strategy_policy(strategy: Strategy | None, base: Policy | None = None) -> Policy:
    """The policy the next-year file carries: ``base`` with the strategy set.

    The strategy also raises ``weights.continuity`` to at least
    :data:`NARROW_CONTINUITY` / :data:`WIDE_CONTINUITY` (150), so that a
    continuing pair (narrow: "teams stay on their site for several years")
    or a new mentor (wide: "teams vary their internships") outweighs the
    small differences of pair quality between mentors; and
    ``weights.carried_need`` to at least that plus the largest cover weight
    (250 by default), so that a carried need still comes before any
    continuing pair. A planner may change all of them in the file's policy
    sheet.
    """
    base = base or Policy()
    if strategy is None:
        return base
    data = base.model_dump()
    data["strategy"] = strategy
    floor = NARROW_CONTINUITY if strategy == "narrow" else WIDE_CONTINUITY
    w = data["weights"]
    w["continuity"] = max(w["continuity"], floor)
    # Carried needs still come first (Weights.carried_need): covering one must be worth more
    # than keeping (or changing) any pair, whatever the need's own weight.
    w["carried_need"] = max(w["carried_need"], w["continuity"] + max(w["cover_hidden_reserve"], w["cover_promising"]))
    return Policy.model_validate(data)


def next_year(
    network: Network,
    plan: Plan,
    outcomes: YearOutcomes | None,
    strategy: Strategy | None = None,
    *,
    year: int | None = None,
) -> tuple[Network, list[Message]]:
    """The next year's network from a year's network, plan and outcomes.

    Parameters
    ----------
    network : Network
        The network the year was planned from (with its history).
    plan : Plan
        The year's (published) plan.
    outcomes : YearOutcomes, optional
        The year's outcomes; without them every competence is kept (noted).
    strategy : {"narrow", "wide"}, optional
        Recorded in the notes; the policy it implies is :func:`strategy_policy`.
    year : int, optional
        The year just planned; default the outcomes' year, else the
        network's, else the year after the history's last.

    Returns
    -------
    (Network, list of Message)
        The next year's network (``year`` + 1, the same name, schools,
        directions, curators and locks) and notes: competences kept without
        an outcome, levels changed, sites whose term ends, the strategy.
    """
    notes: list[Message] = []
    if year is None:
        year = outcomes.year if outcomes is not None else network.year
    if year is None:
        last = network.history.last_year
        year = 0 if last is None else last + 1
    outcome_of = outcomes.outcome_of if outcomes is not None else {}
    competences: list[Competence] = []
    kept = changed = 0
    for c in network.competences:
        o = outcome_of.get((c.school, c.direction))
        if o is None or (o.level_after is None and o.score_after is None):
            competences.append(c)
            kept += 1
            notes.append(Message(code="nextyear.kept", params={"school": c.school, "direction": c.direction}))
            continue
        level = o.level_after if o.level_after is not None else (c.level if o.score_after is None else None)
        score = o.score_after if o.score_after is not None else c.score
        new = Competence(school=c.school, direction=c.direction, score=score, level=level)
        if new.level != c.level and c.level is not None and new.level is not None:
            changed += 1
            notes.append(Message(code="nextyear.level_changed", params={
                "school": c.school, "direction": c.direction, "before": c.level.value, "after": new.level.value}))
        competences.append(new)
    history_net, _ = history_from_plan(network, plan, year)
    history = history_net.history
    if network.sites:
        # The sites table states each site's term: flag those whose status ends with this plan's year.
        for site in network.sites:
            if site.last_year is not None and site.last_year <= year:
                notes.append(Message(code="nextyear.site_status_ends", params={
                    "site": site.label, "start": site.start_year, "last": site.last_year}))
    else:
        # No sites table: a school that hosted a direction in each of the last SITE_TERM_YEARS years.
        hosted: dict[tuple[str, str], set[int]] = {}
        for p in history.pairs:
            hosted.setdefault((p.mentor, p.direction), set()).add(p.year)
        for (school, direction), years in sorted(hosted.items()):
            if all((year - k) in years for k in range(SITE_TERM_YEARS)):
                notes.append(Message(code="nextyear.site_term_ends", params={
                    "school": school, "direction": direction, "years": SITE_TERM_YEARS, "since": year - SITE_TERM_YEARS + 1}))
        notes.append(Message(code="nextyear.no_sites_table", params={}))
    if strategy is not None:
        notes.append(Message(code="nextyear.strategy", params={"strategy": strategy}))
    carried = len(history.carried_needs)
    notes.insert(0, Message(code="nextyear.summary", params={
        "year": year + 1, "kept": kept, "changed": changed, "carried": carried, "pairs": len(plan.pairs)}))
    data: dict[str, Any] = {"competences": tuple(competences), "history": history, "year": year + 1}
    return network.with_changes(**data), notes


def _mentor_could_take(network: Network, plan: Plan, policy: Policy, mentor: str, trainee: str, direction: str) -> bool:
    """Whether ``mentor`` had a free place for ``trainee`` in ``direction`` in the finished plan (roles, caps, gap, locks, distance ignored)."""
    role = plan.role_of
    rm, rt = role.get((mentor, direction)), role.get((trainee, direction))
    if rm is None or rt is None or mentor == trainee or rm.rank <= rt.rank or not rm.may_mentor:
        return False
    cm, ct = network.competence_of.get((mentor, direction)), network.competence_of.get((trainee, direction))
    if cm is not None and ct is not None and cm.score is not None and ct.score is not None and cm.score - ct.score < policy.min_gap:
        return False
    for f in network.locks.forbidden:
        if f.mentor == mentor and f.trainee == trainee and f.direction in (None, direction):
            return False
    load_d = sum(1 for p in plan.pairs if p.mentor == mentor and p.direction == direction)
    load = sum(1 for p in plan.pairs if p.mentor == mentor)
    school = network.school_by_id[mentor]
    return load_d < policy.cap_of(network.direction_by_id[direction]) and load < policy.host_capacity_of(school)


def continuity_report(network: Network, previous: Plan, plan: Plan, policy: Policy | None = None) -> dict[str, Any]:
    """How a plan kept or changed last year's pairs: the strategy, checked pair by pair.

    A **continuing pair** is a pair of ``previous`` whose trainee is again
    covered in the same direction, and whose old mentor is still valid for it
    in ``plan`` (its role ranks above the trainee's). For each the report
    says whether the mentor was kept. A **repeat** is a pair of ``plan`` that
    ``previous`` had too; each is explained: ``strategy.repeat_no_other`` when
    no other mentor ranked above the trainee had a free place in the finished
    plan, else ``strategy.repeat_chosen``.

    Returns
    -------
    dict
        ``continuing``, ``kept`` (counts), ``kept_share`` (``None`` without
        continuing pairs), ``pairs`` (one entry per continuing pair: trainee,
        direction, mentor before, mentor now, kept) and ``repeats`` (mentor,
        trainee, direction, ``why``: one message as a dict).
    """
    policy = policy or Policy()
    before = {(p.trainee, p.direction): p.mentor for p in previous.pairs}
    now = {(p.trainee, p.direction): p.mentor for p in plan.pairs}
    role = plan.role_of
    entries: list[dict[str, Any]] = []
    for key, old in before.items():
        if key not in now:
            continue
        rm, rt = role.get((old, key[1])), role.get(key)
        if rm is None or rt is None or rm.rank <= rt.rank:
            continue
        entries.append({"trainee": key[0], "direction": key[1], "mentor_before": old, "mentor_now": now[key], "kept": now[key] == old})
    repeats = []
    for p in plan.pairs:
        if before.get((p.trainee, p.direction)) != p.mentor:
            continue
        others = [m.id for m in network.schools if m.id != p.mentor
                  and _mentor_could_take(network, plan, policy, m.id, p.trainee, p.direction)]
        if others:
            why = Message(code="strategy.repeat_chosen", params={"mentor": p.mentor, "trainee": p.trainee, "direction": p.direction})
        else:
            why = Message(code="strategy.repeat_no_other", params={"mentor": p.mentor, "trainee": p.trainee, "direction": p.direction})
        repeats.append({"mentor": p.mentor, "trainee": p.trainee, "direction": p.direction, "why": why.model_dump(mode="json"), "others": others})
    kept = sum(bool(e["kept"]) for e in entries)
    return {"continuing": len(entries), "kept": kept, "kept_share": kept / len(entries) if entries else None,
            "pairs": entries, "repeats": repeats}
