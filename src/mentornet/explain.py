"""Why a pair was chosen and why a need was deferred, as messages.

Every solver explains its plan through these functions, so a planner reads
the same words whichever solver planned. Reasons are built from facts (the
candidate edge's score parts, the schools' profiles), never from solver
internals, and are returned as :class:`~mentornet.i18n.Message` values (a
code plus parameters; codes in :mod:`mentornet.messages`), rendered in the
reader's language where they are shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from mentornet.i18n import LANGUAGES, Message, Param, term
from mentornet.model import Level, Network, Policy
from mentornet.profile import PRIORITY_CLASSES, Profile

__all__ = ["ROLE_NAMES", "alternate_reasons", "deferral_causes", "pair_reasons", "role_name"]

#: Earth radius of the checker's and the candidate graph's haversine distance.
_EARTH_KM = 6371.0088


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
    *,
    profile: Profile | None = None,
) -> tuple[Message, ...]:
    """The reason for one pair, clause by clause.

    Names the competence gap, the context match (kind, settlement, a
    resilient mentor for a school in adverse conditions, the same profile
    cluster), the distance, continuity with last year, and the trainee's
    priority (its own marks, and its classes by indicators when ``profile``
    is given), as far as each applies.
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
    clusters = profile.cluster_of() if profile is not None else {}
    if mentor in clusters and clusters.get(trainee) == clusters[mentor]:
        out.append(Message(code="pair.same_cluster", params={"cluster": clusters[mentor]}))
    if distance_km is not None:
        out.append(Message(code="pair.distance", params={"km": float(distance_km)}))
    # Locality goals in force (issue 14): facts of the input, the km from the coordinates.
    if parts.get("own_municipality", 0) > 0:
        out.append(Message(code="pair.own_site_in_district", params={"municipality": t.municipality}))
    if parts.get("nearest_site", 0) > 0:
        km = _km(network, mentor, trainee)
        if km is not None:
            out.append(Message(code="pair.nearest_site", params={"km": round(km, 1)}))
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
    tp = profile.by_school.get(trainee) if profile is not None else None
    if tp is not None and tp.is_priority:
        out.append(Message(code="pair.profile_priority", params={"classes": ",".join(c for c in tp.classes if c in PRIORITY_CLASSES)}))
    return tuple(out)


def _km(network: Network, a: str, b: str) -> float | None:
    sa, sb = network.school_by_id[a], network.school_by_id[b]
    if sa.lat is None or sa.lon is None or sb.lat is None or sb.lon is None:
        return None
    p1, p2 = math.radians(sa.lat), math.radians(sb.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(sb.lon - sa.lon) / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def deferral_causes(
    network: Network,
    policy: Policy,
    school: str,
    direction: str,
    role: Level,
    *,
    role_of: Mapping[tuple[str, str], Level],
    learns: int,
    mentor_load: Mapping[tuple[str, str], int],
    host_load: Mapping[str, int],
    curator_load: Mapping[str, int],
    site_pairs: Mapping[str, int] | None = None,
    site_trainees: Mapping[str, set[str]] | None = None,
) -> tuple[Message, ...]:
    """The binding cause(s) of one deferral, read from the final plan.

    Every school ranked above the team in the direction is a possible
    mentor; each is checked against the constraints in the order a planner
    would relax them: a forbidding lock, the score gap, the municipality
    rule, the distance limit (the constraints that keep it out of reach),
    then, for the mentors in reach, the plan's loads: the mentor's cap in the
    direction, its host capacity and the curators of the team. The causes
    stated are those that block every mentor; when some mentor in reach had
    room and the school was below its yearly limit, the solver's own choice
    is said to be the cause.

    Parameters
    ----------
    network, policy
        The network planned and the policy the plan was made with.
    school, direction, role
        The deferred trainee need.
    role_of : mapping
        ``(school, direction) -> role`` of the plan.
    learns : int
        Directions the school learns in this year in the plan.
    mentor_load, host_load, curator_load : mapping
        The plan's pairs per ``(mentor, direction)``, per mentor and per curator.

    Returns
    -------
    tuple of Message
        One message per binding cause, with figures (the mentors and their
        loads, the curators and theirs, the nearest mentor's distance).
    """
    net, pol = network, policy
    d = net.direction_by_id[direction]
    name = {s.id: s.name or s.id for s in net.schools}
    out: list[Message] = []
    limit = pol.max_trainee_directions_of(net.school_by_id[school])
    at_limit = learns >= limit
    if at_limit:
        out.append(Message(code="deferred.limit", params={"n": learns, "limit": limit, "role": Level(role).value}))
    mentors = [s.id for s in net.schools if s.id != school and (s.id, direction) in role_of
               and role_of[(s.id, direction)].may_mentor and role_of[(s.id, direction)].rank > Level(role).rank]
    if not mentors:
        return (*out, Message(code="deferred.no_mentor", params={"direction": d.label}))
    forbidden = {(f.mentor, f.trainee) for f in net.locks.forbidden if f.direction in (None, direction)}
    ct = net.competence_of.get((school, direction))
    blocked: dict[str, list[str]] = {"forbidden": [], "gap": [], "municipality": [], "not_site": [], "online": []}
    far: list[tuple[float, str]] = []
    reach: list[str] = []
    only_sites = pol.shape == "site_based" and bool(net.sites)
    here = net.school_by_id[school].municipality
    for m in mentors:
        cm = net.competence_of.get((m, direction))
        km = None if d.online else _km(net, m, school)
        online_km = _km(net, m, school) if d.online else None
        if only_sites and m not in net.site_of:
            blocked["not_site"].append(m)
        elif d.online and ((pol.online_max_km is not None and online_km is not None and online_km > pol.online_max_km)
                           or (pol.online_same_municipality and net.school_by_id[m].municipality != here)):
            blocked["online"].append(m)
        elif (m, school) in forbidden:
            blocked["forbidden"].append(m)
        elif cm is not None and ct is not None and cm.score is not None and ct.score is not None and cm.score < ct.score + pol.min_gap:
            blocked["gap"].append(m)
        elif not pol.cross_municipality and net.school_by_id[m].municipality != net.school_by_id[school].municipality:
            blocked["municipality"].append(m)
        elif km is not None and pol.max_km is not None and km > pol.max_km:
            far.append((km, m))
        else:
            reach.append(m)
    if not reach:
        if far:
            km, m = min(far)
            out.append(Message(code="deferred.too_far", params={
                "n": len(far), "direction": d.label, "mentor": name[m], "km": round(km, 1), "max_km": pol.max_km}))
        if blocked["forbidden"]:
            out.append(Message(code="deferred.forbidden", params={
                "n": len(blocked["forbidden"]), "mentors": ", ".join(name[m] for m in blocked["forbidden"])}))
        if blocked["gap"]:
            out.append(Message(code="deferred.score_gap", params={"n": len(blocked["gap"]), "min_gap": pol.min_gap}))
        if blocked["municipality"]:
            out.append(Message(code="deferred.other_municipality", params={"n": len(blocked["municipality"])}))
        if blocked["not_site"]:
            out.append(Message(code="deferred.not_a_site", params={
                "n": len(blocked["not_site"]), "mentors": ", ".join(name[m] for m in blocked["not_site"][:5])}))
        if blocked["online"]:
            out.append(Message(code="deferred.online_too_far", params={
                "n": len(blocked["online"]), "max_km": pol.online_max_km if pol.online_max_km is not None else 0}))
        return tuple(out)
    # Sites (hard rule 7): a site at its limit of pairs, or of schools when this school is new there;
    # with one_site, every site but the one the school already learns at.
    if site_pairs is not None and site_trainees is not None and net.sites:
        member = net.site_of
        own = {member.get(p_m, p_m) for p_m, trainees in _mentor_trainees(site_trainees) if school in trainees}
        full_sites: dict[str, str] = {}
        other: list[str] = []
        for m in reach:
            g = member.get(m, m)
            site = net.site_by_id.get(g)
            if site is not None and ((site.max_pairs is not None and site_pairs.get(g, 0) >= site.max_pairs)
                                     or (site.max_schools is not None and school not in site_trainees.get(g, set())
                                         and len(site_trainees.get(g, set())) >= site.max_schools)):
                full_sites[m] = site.label
            elif pol.one_site and own and g not in own:
                other.append(m)
        if full_sites or other:
            reach = [m for m in reach if m not in full_sites and m not in other]
            if full_sites:
                labels = sorted(set(full_sites.values()))
                out.append(Message(code="deferred.site_full", params={"n": len(labels), "sites": ", ".join(labels)}))
            if other:
                g = sorted(own)[0]
                out.append(Message(code="deferred.other_site", params={
                    "site": net.site_by_id[g].label if g in net.site_by_id else name.get(g, g)}))
            if not reach:
                return tuple(out)
    cap = pol.cap_of(d)
    full_cap = [m for m in reach if mentor_load.get((m, direction), 0) >= cap]
    full_host = [m for m in reach if host_load.get(m, 0) >= pol.host_capacity_of(net.school_by_id[m])]
    scope = [c.id for c in net.curators if net.curator_may_supervise(c.id, direction, school)] if net.curators else None
    full_cur = [c for c in scope or () if (mx := net.curator_by_id[c].max_teams) is not None and curator_load.get(c, 0) >= mx]
    curator_blocks = scope is not None and (not scope or len(full_cur) == len(scope))
    free = [m for m in reach if m not in full_cap and m not in full_host]
    if free and not curator_blocks:
        if not at_limit:
            out.append(Message(code="deferred.not_chosen", params={"n": len(free)}))
        return tuple(out)
    if curator_blocks:
        if not scope:
            out.append(Message(code="deferred.no_curator", params={"direction": d.label}))
        else:
            cname = {c.id: c.name or c.id for c in net.curators}
            out.append(Message(code="deferred.curator_limit", params={
                "n": len(full_cur),
                "curators": ", ".join(f"{cname[c]} ({curator_load.get(c, 0)}/{net.curator_by_id[c].max_teams})" for c in full_cur)}))
    if not free:
        if full_cap:
            out.append(Message(code="deferred.mentor_cap", params={
                "n": len(full_cap), "direction": d.label, "cap": cap,
                "mentors": ", ".join(f"{name[m]} ({mentor_load.get((m, direction), 0)}/{cap})" for m in full_cap)}))
        host_only = [m for m in full_host if m not in full_cap]
        if host_only:
            out.append(Message(code="deferred.host_capacity", params={
                "n": len(host_only),
                "mentors": ", ".join(f"{name[m]} ({host_load.get(m, 0)}/{pol.host_capacity_of(net.school_by_id[m])})" for m in host_only)}))
    return tuple(out)


def _mentor_trainees(site_trainees: Mapping[str, set[str]]) -> list[tuple[str, set[str]]]:
    """``(site group, its trainee schools)`` pairs, in a stable order."""
    return sorted(site_trainees.items())


def alternate_reasons(parts: dict[str, float]) -> tuple[Message, ...]:
    """An alternate mentor's score parts that differ from zero, e.g. «рост компетенций +3»."""
    return tuple(
        Message(code="alternate.part", params={"part": part, "value": int(value)})
        for part, value in parts.items()
        if int(value)
    )
