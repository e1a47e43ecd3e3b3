"""Audit of a hand-made role table: what a planner should see before planning.

Planners keep a table of roles per direction (leaders, promising teams,
hidden reserves — the Krymsky 2021 layout) with no pairs. :func:`audit_network`
reads such a network and reports which schools never mentor and why, the
leaders-to-trainees ratio of every direction against the capacity policy,
schools trained in more directions than a year allows, directions whose
mentors cannot host all their trainees, and which of the programme's own
principles (seed 003) the table breaks.

The audit looks at roles and limits only (no distances, curators or locks
on pairs): it judges the table, not a plan. With scores instead of levels a
team's role is the strongest one the policy's bands allow (a role lock
wins over both), i.e. the most favourable reading of the table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np
from ortools.graph.python import max_flow

from mentornet.i18n import LANGUAGES, Message, render_all, term
from mentornet.model import Curator, Kind, Level, Network, Policy, missing_facts
from mentornet.names import natural_key

__all__ = [
    "MUTUAL_FINDINGS",
    "PRINCIPLES",
    "AuditReport",
    "SiteAudit",
    "DirectionAudit",
    "Finding",
    "SchoolAudit",
    "audit_network",
    "site_audit",
    "table_roles",
]

Lang = Literal["en", "ru"]

#: The programme's own principles (seed 003), by slug, per language (from the catalogues),
#: and ``input_facts``: only what the input gives is stated or scored.
PRINCIPLES: dict[str, dict[str, str]] = {
    slug: {lang: term(lang, "principle", slug) for lang in LANGUAGES}
    for slug in ("gives_experience", "receives_experience", "full_involvement", "capacity", "yearly_load", "supervision",
                 "input_facts", "site_reach", "site_term", "new_site")
}


def _messages_to_json(value: Any) -> Any:
    """``asdict`` output with the messages as ``{code, params}`` (JSON-ready)."""
    if isinstance(value, Message):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _messages_to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_messages_to_json(v) for v in value]
    return value


@dataclass
class SchoolAudit:
    """A school that never mentors, and why.

    ``reason_code`` is one of ``no_direction`` (takes part in nothing),
    ``hidden_reserve_only`` (no direction at promising level or above) and
    ``promising_never_leader``; ``cascade_directions`` lists the directions
    where it is promising and hidden reserves exist, i.e. where it could
    mentor by cascade. ``why`` holds the reason as messages (code plus
    parameters), ``reason`` the same rendered in the report's language.
    """

    school: str
    name: str
    kind: str
    municipality: str
    leader: int
    promising: int
    hidden_reserve: int
    reason_code: str
    reason: str
    cascade_directions: list[str] = field(default_factory=list)
    why: list[Message] = field(default_factory=list)

    def reason_in(self, lang: str) -> str:
        """The reason in ``lang``."""
        return render_all(self.why, lang)


@dataclass
class DirectionAudit:
    """One direction's roles against the capacity policy.

    ``leader_capacity`` is leaders × cap per direction (the policy's
    figure); ``hosted_capacity`` bounds each leader also by its own host
    capacity; ``coverable_with_cascade`` adds promising teams mentoring
    hidden reserves. Each direction is taken alone here: hosts shared
    between directions are judged by :attr:`AuditReport.capacity`.
    """

    direction: str
    name: str
    curators: list[str]
    leaders: int
    promising: int
    hidden_reserves: int
    trainees: int
    trainees_per_leader: float | None
    cap_per_mentor: int
    leader_capacity: int
    hosted_capacity: int
    coverable_by_leaders: int
    coverable_with_cascade: int
    shortfall_leaders_only: int
    shortfall: int


@dataclass
class Finding:
    """A principle of the programme that the table breaks (or puts at risk).

    ``severity`` is ``error`` (the principle or a limit is broken),
    ``warning`` (it holds only with help: cascade mentoring, deferrals) or
    ``info``. ``text`` is what was found as a message (code ``audit.<code>``
    plus parameters; ``more`` names beyond those listed); ``message`` and
    ``principle_text`` are rendered in the report's language.
    """

    code: str
    severity: Literal["error", "warning", "info"]
    principle: str
    principle_text: str
    message: str
    schools: list[str] = field(default_factory=list)
    directions: list[str] = field(default_factory=list)
    text: Message | None = None

    def message_in(self, lang: str) -> str:
        """What was found, in ``lang``."""
        if self.text is None:
            return self.message
        out = self.text.render(lang)
        more = self.text.params.get("more")
        if isinstance(more, int) and more > 0:
            out += Message(code="audit.more", params={"n": more}).render(lang)
        return out

    def in_language(self, lang: str) -> Finding:
        """This finding with ``message`` and ``principle_text`` in ``lang``."""
        return replace(self, message=self.message_in(lang), principle_text=term(lang, "principle", self.principle))

    def to_dict(self) -> dict[str, Any]:
        return _messages_to_json(asdict(self))


@dataclass
class AuditReport:
    """Everything :func:`audit_network` found; :meth:`to_dict` is ``audit --json``."""

    network: str
    lang: str
    roles_from: str
    policy: dict[str, int]
    schools: int
    directions: int
    trainee_needs: int
    schools_mentoring: int
    schools_mentoring_ids: list[str]
    schools_never_mentoring: list[str]
    never_mentoring: list[SchoolAudit]
    by_direction: list[DirectionAudit]
    overloaded_trainees: list[dict[str, Any]]
    schools_never_learning: list[str]
    basic_schools: list[str]
    basic_never_leading: list[str]
    capacity: dict[str, Any]
    findings: list[Finding]
    shape: str = "mutual"
    sites: SiteAudit | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``mentornet audit --json``.

        Keys ``schools``, ``directions``, ``schools_mentoring`` (counts),
        ``schools_never_mentoring`` (ids) and ``findings`` keep their meaning;
        ``message``/``reason`` are in the report's language, ``text``/``why``
        hold the same as message codes with parameters.
        """
        return _messages_to_json(asdict(self))

    def in_language(self, lang: str) -> AuditReport:
        """The same report with every text rendered in ``lang`` (nothing recomputed)."""
        return replace(
            self,
            lang=lang,
            never_mentoring=[replace(r, reason=r.reason_in(lang)) for r in self.never_mentoring],
            findings=[f.in_language(lang) for f in self.findings],
        )

    def finding(self, code: str) -> Finding | None:
        """The finding with this code, if the audit raised it."""
        return next((f for f in self.findings if f.code == code), None)


def table_roles(network: Network, policy: Policy | None = None) -> dict[tuple[str, str], Level]:
    """The role the table gives each team: lock, else level, else best score band.

    Parameters
    ----------
    network : Network
    policy : Policy, optional

    Returns
    -------
    dict
        ``(school, direction) -> Level`` for every competence.
    """
    policy = policy or Policy()
    locks = {(r.school, r.direction): r.role for r in network.locks.roles}
    out: dict[tuple[str, str], Level] = {}
    for c in network.competences:
        key = (c.school, c.direction)
        if key in locks:
            out[key] = locks[key]
        elif c.level is not None:
            out[key] = c.level
        else:
            out[key] = policy.roles_for_score(float(c.score))[0]
    return out


def _max_coverable(
    network: Network,
    policy: Policy,
    roles: dict[tuple[str, str], Level],
    *,
    cascade: bool,
    yearly_limit: bool,
) -> tuple[int, dict[str, int]]:
    """Most trainee needs that can be covered at once, as a max flow.

    source → school (its host capacity) → pool of (direction, rank) (the
    cap per direction) → each need that rank may mentor → trainee school
    (its yearly number of trainee directions, if ``yearly_limit``) → sink.
    Pools keep the graph linear in the table's size: within a direction
    every leader may mentor every trainee. OR-Tools' max flow keeps a
    region of 40,000 schools to seconds.

    Returns
    -------
    (int, dict)
        The number of needs covered, and each mentoring school's load in
        one maximum flow.
    """
    s_idx = {s.id: i for i, s in enumerate(network.schools)}
    d_idx = {d.id: j for j, d in enumerate(network.directions)}
    n_s, n_d = len(s_idx), len(d_idx)
    src, sink = 0, 1

    def host(s: int) -> int:
        return 2 + s

    def learner(s: int) -> int:
        return 2 + n_s + s

    def pool(d: int, rank: int) -> int:
        return 2 + 2 * n_s + 3 * d + rank

    next_need = 2 + 2 * n_s + 3 * n_d
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []

    def arc(t: int, h: int, c: int) -> None:
        tails.append(t)
        heads.append(h)
        caps.append(c)

    hosting: set[int] = set()
    learning: set[int] = set()
    for (s_id, d_id), r in roles.items():
        s, d = s_idx[s_id], d_idx[d_id]
        school = network.schools[s]
        if r is Level.leader or (cascade and r is Level.promising):
            if s not in hosting:
                hosting.add(s)
                arc(src, host(s), policy.host_capacity_of(school))
            arc(host(s), pool(d, r.rank), policy.cap_of(network.directions[d]))
        if r.is_trainee:
            need, next_need = next_need, next_need + 1
            arc(pool(d, Level.leader.rank), need, 1)
            if cascade and r is Level.hidden_reserve:
                arc(pool(d, Level.promising.rank), need, 1)
            arc(need, learner(s), 1)
            if s not in learning:
                learning.add(s)
                limit = policy.max_trainee_directions_of(school) if yearly_limit else n_d
                arc(learner(s), sink, limit)
    if not hosting or not learning:
        return 0, {}
    flow = max_flow.SimpleMaxFlow()
    arcs = flow.add_arcs_with_capacity(np.array(tails), np.array(heads), np.array(caps))
    if flow.solve(src, sink) != flow.OPTIMAL:
        raise RuntimeError("the capacity flow of the audit did not solve")
    tails_a = np.array(tails)
    from_src = arcs[tails_a == src]
    loads = flow.flows(from_src)
    host_load = {network.schools[int(flow.head(a)) - 2].id: int(x) for a, x in zip(from_src.tolist(), loads.tolist())}
    return int(flow.optimal_flow()), host_load


def audit_network(network: Network, policy: Policy | None = None, *, lang: Lang = "en") -> AuditReport:
    """Audit a hand-made role table (no pairs needed).

    Parameters
    ----------
    network : Network
        A network; its competences' levels are read as the table's roles
        (scores are read through the policy's bands, locks win).
    policy : Policy, optional
        The capacity policy to judge the table against (defaults: 4 trainees
        per mentor per direction, host capacity 6, 3 trainee directions).
    lang : {"en", "ru"}
        Language of the reasons and findings.

    Returns
    -------
    AuditReport
        On the Krymsky 2021 table: 34 schools, 7 directions, 18 schools lead
        somewhere and 16 never do.
    """
    policy = policy or Policy()
    roles = table_roles(network, policy)
    schools = network.school_by_id
    role_count: dict[str, Counter[Level]] = {s.id: Counter() for s in network.schools}
    dirs_of: dict[str, dict[str, Level]] = {s.id: {} for s in network.schools}
    members: dict[str, dict[Level, list[str]]] = {d.id: {lvl: [] for lvl in Level} for d in network.directions}
    for (s, d), r in roles.items():
        role_count[s][r] += 1
        dirs_of[s][d] = r
        members[d][r].append(s)

    mentoring = sorted((s for s, c in role_count.items() if c[Level.leader]), key=natural_key)
    never = sorted((s for s in role_count if not role_count[s][Level.leader]), key=natural_key)

    # -- why each school never mentors ---------------------------------------
    never_rows: list[SchoolAudit] = []
    for s in never:
        c = role_count[s]
        sch = schools[s]
        cascade = sorted((d for d, r in dirs_of[s].items() if r is Level.promising and members[d][Level.hidden_reserve]), key=natural_key)
        if not dirs_of[s]:
            code = "no_direction"
            why = [Message(code="audit.reason.no_direction")]
        elif not c[Level.promising]:
            code = "hidden_reserve_only"
            why = [Message(code="audit.reason.hidden_reserve_only", params={"n": c[Level.hidden_reserve]})]
        else:
            code = "promising_never_leader"
            why = [Message(code="audit.reason.promising_never_leader", params={"n": c[Level.promising]})]
            if cascade:
                why.append(Message(code="audit.reason.cascade", params={"n": len(cascade), "directions": ", ".join(cascade)}))
        never_rows.append(
            SchoolAudit(
                school=s,
                name=sch.label,
                kind=sch.kind.value if sch.kind else "",
                municipality=sch.municipality,
                leader=c[Level.leader],
                promising=c[Level.promising],
                hidden_reserve=c[Level.hidden_reserve],
                reason_code=code,
                reason=render_all(why, lang),
                cascade_directions=cascade,
                why=why,
            )
        )

    # -- per direction ------------------------------------------------------
    rows: list[DirectionAudit] = []
    for d in network.directions:
        m = members[d.id]
        cap = policy.cap_of(d)
        n_l, n_p, n_h = len(m[Level.leader]), len(m[Level.promising]), len(m[Level.hidden_reserve])
        trainees = n_p + n_h
        hosted_l = sum(min(cap, policy.host_capacity_of(schools[s])) for s in m[Level.leader])
        hosted_p = sum(min(cap, policy.host_capacity_of(schools[s])) for s in m[Level.promising])
        by_leaders = min(trainees, hosted_l)
        # Only leaders may mentor promising teams; what they have left, and
        # the promising teams themselves, serve hidden reserves.
        promising_covered = min(n_p, hosted_l)
        with_cascade = promising_covered + min(n_h, hosted_l - promising_covered + hosted_p)
        rows.append(
            DirectionAudit(
                direction=d.id,
                name=d.label,
                curators=list(d.curators),
                leaders=n_l,
                promising=n_p,
                hidden_reserves=n_h,
                trainees=trainees,
                trainees_per_leader=round(trainees / n_l, 2) if n_l else None,
                cap_per_mentor=cap,
                leader_capacity=n_l * cap,
                hosted_capacity=hosted_l,
                coverable_by_leaders=by_leaders,
                coverable_with_cascade=with_cascade,
                shortfall_leaders_only=trainees - by_leaders,
                shortfall=trainees - with_cascade,
            )
        )

    # -- the year's load on trainees, and the whole network's capacity ----------
    overloaded = []
    for s in network.schools:
        learning = sorted((d for d, r in dirs_of[s.id].items() if r.is_trainee), key=natural_key)
        limit = policy.max_trainee_directions_of(s)
        if len(learning) > limit:
            overloaded.append({"school": s.id, "name": s.label, "directions": learning, "count": len(learning), "limit": limit})
    never_learning = sorted((s for s, ds in dirs_of.items() if ds and not any(r.is_trainee for r in ds.values())), key=natural_key)
    basic = sorted((s.id for s in network.schools if s.kind is Kind.basic), key=natural_key)
    basic_never = sorted((s for s in basic if not role_count[s][Level.leader]), key=natural_key)

    needs = sum(r.trainees for r in rows)
    by_leaders, _ = _max_coverable(network, policy, roles, cascade=False, yearly_limit=False)
    with_cascade, host_load = _max_coverable(network, policy, roles, cascade=True, yearly_limit=False)
    this_year, _ = _max_coverable(network, policy, roles, cascade=True, yearly_limit=True)
    # What directions could serve each on its own, minus what they can serve
    # together: the loss due to mentors hosting in several directions.
    shared_loss = sum(r.coverable_with_cascade for r in rows) - with_cascade
    saturated = sorted(
        (s for s, load in host_load.items()
         if load >= policy.host_capacity_of(schools[s]) and sum(r.may_mentor for r in dirs_of[s].values()) > 1),
        key=natural_key,
    ) if shared_loss > 0 else []
    capacity = {
        "trainee_needs": needs,
        "coverable_by_leaders": by_leaders,
        "coverable_with_cascade": with_cascade,
        "coverable_this_year": this_year,
        "deferred_at_least": needs - this_year,
        "shared_host_loss_leaders_only": sum(r.coverable_by_leaders for r in rows) - by_leaders,
        "shared_host_loss": shared_loss,
        "saturated_hosts": saturated,
    }

    site = site_audit(network, policy) if policy.shape == "site_based" else None
    findings = _findings(
        network, policy, lang, members, never_rows, rows, overloaded, never_learning,
        basic, basic_never, capacity, dirs_of, site,
    )
    levels = sum(c.level is not None for c in network.competences)
    roles_from = "levels" if levels == len(network.competences) else ("scores" if levels == 0 else "mixed")
    return AuditReport(
        network=network.name,
        lang=lang,
        roles_from=roles_from,
        policy={
            "cap_per_direction": policy.cap_per_direction,
            "host_capacity": policy.host_capacity,
            "max_trainee_directions": policy.max_trainee_directions,
        },
        schools=len(network.schools),
        directions=len(network.directions),
        trainee_needs=needs,
        schools_mentoring=len(mentoring),
        schools_mentoring_ids=mentoring,
        schools_never_mentoring=never,
        never_mentoring=never_rows,
        by_direction=rows,
        overloaded_trainees=overloaded,
        schools_never_learning=never_learning,
        basic_schools=basic,
        basic_never_leading=basic_never,
        capacity=capacity,
        findings=findings,
        shape=policy.shape,
        sites=site,
    )


def _findings(
    network: Network,
    policy: Policy,
    lang: str,
    members: dict[str, dict[Level, list[str]]],
    never_rows: list[SchoolAudit],
    rows: list[DirectionAudit],
    overloaded: list[dict[str, Any]],
    never_learning: list[str],
    basic: list[str],
    basic_never: list[str],
    capacity: dict[str, Any],
    dirs_of: dict[str, dict[str, Level]],
    site: SiteAudit | None = None,
) -> list[Finding]:
    out: list[Finding] = []
    n_schools = len(network.schools)

    def add(code: str, severity: str, principle: str, params: dict[str, Any], schools: list[str] = (), directions: list[str] = ()) -> None:
        if site is not None and code in MUTUAL_FINDINGS:
            return  # the site-based shape is not judged by the mutual-internship principles
        text = Message(code=f"audit.{code}", params=params)
        finding = Finding(code, severity, principle, "", "", list(schools), list(directions), text)
        out.append(finding.in_language(lang))

    def names(ids: list[str], limit: int = 8) -> dict[str, Any]:
        # School names are data, not words to translate; "and N more" is rendered with the message.
        return {"names": ", ".join(network.school_by_id[s].label for s in ids[:limit]), "more": max(len(ids) - limit, 0)}

    # Every team gives experience somewhere.
    if never_rows:
        ids = [r.school for r in never_rows]
        reserve_only = [r.school for r in never_rows if r.reason_code == "hidden_reserve_only"]
        add("schools_never_mentor", "error", "gives_experience",
            {"n": len(ids), "total": n_schools, "reserve_only": len(reserve_only), **names(ids)}, ids)
    if basic_never:
        add("basic_schools_never_lead", "warning", "gives_experience",
            {"n": len(basic_never), "total": len(basic), **names(basic_never)}, basic_never)
    cascade = [r for r in never_rows if r.cascade_directions]
    if cascade:
        dirs = sorted({d for r in cascade for d in r.cascade_directions}, key=natural_key)
        add("cascade_possible", "info", "gives_experience",
            {"n": len(cascade), **names([r.school for r in cascade])}, [r.school for r in cascade], dirs)

    # Every team receives experience elsewhere.
    if never_learning:
        add("schools_never_learn", "warning", "receives_experience",
            {"n": len(never_learning), **names(never_learning)}, never_learning)

    # 100% involvement.
    absent = sorted((s for s, ds in dirs_of.items() if not ds), key=natural_key)
    if absent:
        add("schools_not_taking_part", "error", "full_involvement", {"n": len(absent), **names(absent)}, absent)

    def can_pair(d: str, r: Level) -> bool:
        # Leaders pair with any trainee; promising teams with a leader above
        # or a hidden reserve below; hidden reserves with anyone above.
        m = members[d]
        if r is Level.leader:
            return bool(m[Level.promising] or m[Level.hidden_reserve])
        if r is Level.promising:
            return bool(m[Level.leader] or m[Level.hidden_reserve])
        return bool(m[Level.leader] or m[Level.promising])

    stranded = sorted((s for s, ds in dirs_of.items() if ds and not any(can_pair(d, r) for d, r in ds.items())), key=natural_key)
    if stranded:
        add("schools_without_partner", "error", "full_involvement", {"n": len(stranded), **names(stranded)}, stranded)
    idle = [r for r in rows if r.leaders and not r.trainees]
    if idle:
        add("leaders_without_trainees", "info", "full_involvement",
            {"n": len(idle), "directions": ", ".join(r.direction for r in idle)},
            sorted({s for r in idle for s in members[r.direction][Level.leader]}, key=natural_key), [r.direction for r in idle])

    # Capacity limits.
    no_leader = [r for r in rows if r.trainees and not r.leaders]
    if no_leader:
        add("direction_without_leader", "error", "capacity",
            {"n": len(no_leader), "directions": ", ".join(r.direction for r in no_leader)},
            [], [r.direction for r in no_leader])
    for r in rows:
        if not r.leaders or not r.shortfall_leaders_only:
            continue
        lead_ids = members[r.direction][Level.leader]
        head = {"direction": r.direction, "n": r.leaders, "hosted": r.hosted_capacity, "trainees": r.trainees,
                "cap": r.cap_per_mentor}
        if r.shortfall:
            add("direction_over_capacity", "error", "capacity", {**head, "shortfall": r.shortfall}, lead_ids, [r.direction])
        else:
            add("direction_needs_cascade", "warning", "capacity", {**head, "rest": r.shortfall_leaders_only},
                lead_ids, [r.direction])
    shared_short = capacity["shared_host_loss"]
    if shared_short > 0:
        # Which direction loses is the flow's arbitrary choice; name every
        # direction the saturated hosts mentor in instead.
        short_dirs = sorted({d for s in capacity["saturated_hosts"] for d, r in dirs_of[s].items() if r.may_mentor}, key=natural_key)
        add("hosts_shared_over_capacity", "error", "capacity",
            {"n": shared_short, "capacity": policy.host_capacity, **names(capacity["saturated_hosts"])},
            capacity["saturated_hosts"], short_dirs)

    # Only facts the input gives: what was left unknown, and the goals it switches off.
    facts = missing_facts(network, policy)
    for attribute, n in facts["attributes"].items():
        missing = sorted((s.id for s in network.schools if getattr(s, attribute) is None), key=natural_key)
        add("missing_attribute", "info", "input_facts", {"attribute": attribute, "n": n, "total": n_schools}, missing)
    for goal, attributes in facts["goals"].items():
        add("goal_not_applied", "info", "input_facts", {"goal": goal, "attributes": ",".join(attributes)})

    if site is not None:
        _site_findings(network, site, add, names)

    # Yearly load.
    if overloaded:
        ids = [o["school"] for o in overloaded]
        extra = sum(o["count"] - o["limit"] for o in overloaded)
        add("too_many_trainee_directions", "warning", "yearly_load",
            {"n": len(ids), "limit": policy.max_trainee_directions, "extra": extra, **names(ids)},
            ids, sorted({d for o in overloaded for d in o["directions"]}, key=natural_key))

    # Curators: the teams only one curator of a kind may supervise, against her limits;
    # trainee teams no curator of some kind may supervise (a district without a consultant).
    if network.curators:
        in_scope: dict[tuple[str, str], list[Curator]] = {}
        for s_id, ds in dirs_of.items():
            for d, r in ds.items():
                if r.is_trainee:
                    in_scope[(s_id, d)] = [c for c in network.curators if network.curator_may_supervise(c.id, d, s_id)]
        only: dict[str, list[tuple[str, str]]] = defaultdict(list)
        loose: list[tuple[str, str]] = []
        for key, scope in sorted(in_scope.items(), key=lambda kv: (natural_key(kv[0][0]), natural_key(kv[0][1]))):
            for kind in network.curator_kinds:
                mine = [c for c in scope if c.kind_key == kind]
                if not mine:
                    loose.append(key)
                    break
                if len(mine) == 1:
                    only[mine[0].id].append(key)
        for code, limit_of, count_of in (
            ("curators_at_limit", lambda c: c.max_teams, lambda teams: len(teams)),
            ("curators_at_school_limit", lambda c: c.max_schools, lambda teams: len({t for t, _ in teams})),
        ):
            full = [(c, count_of(only[c.id]), limit_of(c)) for c in network.curators
                    if limit_of(c) is not None and only.get(c.id) and count_of(only[c.id]) >= limit_of(c)]
            if full:
                over = any(k > lim for _, k, lim in full)
                add(code, "error" if over else "warning", "supervision",
                    {"n": len(full), "names": ", ".join(f"{c.label} ({k}/{lim})" for c, k, lim in full), "more": 0},
                    sorted({t for c, _, _ in full for t, _ in only[c.id]}, key=natural_key),
                    sorted({d for c, _, _ in full for _, d in only[c.id]}, key=natural_key))
        if loose:
            severity = "info" if policy.unsupervised == "flag" else "error"
            teams = [f"{network.school_by_id[t].label} ({d})" for t, d in loose]
            add("teams_without_curator", severity, "supervision",
                {"n": len(loose), "names": ", ".join(teams[:8]), "more": max(len(teams) - 8, 0)},
                sorted({t for t, _ in loose}, key=natural_key), sorted({d for _, d in loose}, key=natural_key))
    return out


# ---------------------------------------------------------------- the site-based shape

#: Findings that judge a network by the mutual-internship principles (every
#: school mentors somewhere and learns elsewhere); the site-based shape does
#: not raise them.
MUTUAL_FINDINGS: frozenset[str] = frozenset({
    "schools_never_mentor", "basic_schools_never_lead", "cascade_possible", "schools_never_learn",
    "direction_over_capacity", "direction_needs_cascade", "hosts_shared_over_capacity",
})

#: How many candidates for a new site the audit names.
NEW_SITE_TOP = 5


@dataclass
class SiteAudit:
    """What the site-based audit found (``AuditReport.sites``).

    ``coverable`` is the most trainee needs sites can cover at once over the
    candidate graph (distance, online radius, caps, host capacity, site
    pair limits and — where each school has one consultant — curator
    limits); ``deferred`` the needs left; ``unreachable_schools`` the
    low-results schools with no site edge at all; ``term_ends`` the sites
    whose status ends in the plan year; ``new_site_ranking`` the candidate
    schools (leader level in a theme, not yet a site) with the deferred or
    far needs each would cover (a far need: its nearest site is outside its
    district, and the candidate is inside).
    """

    trainee_needs: int
    coverable: int
    deferred: list[tuple[str, str]]
    unreachable_schools: list[str]
    term_ends: list[str]
    year: int | None
    new_site_ranking: list[dict[str, Any]]
    learners: int = 0
    sites_table: list[dict[str, Any]] = field(default_factory=list)


def site_audit(network: Network, policy: Policy) -> SiteAudit:
    """The site-based audit's figures, from the candidate graph (see :class:`SiteAudit`)."""
    from mentornet.graph.candidates import build_candidates

    # Unpruned: the coverable count is a maximum flow over every eligible pair,
    # not only the best few per need the planner starts from.
    cg = build_candidates(network, policy, prune=False)
    sv = cg.sites
    teams, edges = cg.teams, cg.edges
    need_rows = teams[teams["rank_min"] <= 1]
    needs = [(int(s), int(d)) for s, d in zip(need_rows["school"], need_rows["direction"]) if not sv.is_site[int(s)]]
    site_edges = edges[sv.is_site[edges["mentor"].to_numpy()]] if len(edges) else edges
    reach = {(int(t), int(d)) for t, d in zip(site_edges["trainee"], site_edges["direction"])}
    learners = sorted({t for t, _ in needs})
    unreachable = [network.schools[t].id for t in learners if not any((t, d) in reach for tt, d in needs if tt == t)]
    covered = _site_flow(cg, needs, site_edges)
    deferred = [(network.schools[t].id, network.directions[d].id) for t, d in needs if (t, d) not in covered]
    year = network.year
    ending = [s.id for s in network.sites if s.term_ends_in(year)]
    return SiteAudit(
        trainee_needs=len(needs),
        coverable=len(covered),
        deferred=deferred,
        unreachable_schools=sorted(unreachable, key=natural_key),
        term_ends=ending,
        year=year,
        new_site_ranking=_new_site_ranking(network, policy, cg, needs, covered, site_edges),
        learners=len(learners),
        sites_table=[
            {"site": s.id, "name": s.label, "schools": list(s.schools), "start_year": s.start_year, "last_year": s.last_year,
             "ends": s.term_ends_in(year), "max_schools": s.max_schools, "max_pairs": s.max_pairs}
            for s in network.sites
        ],
    )


def _site_flow(cg: Any, needs: list[tuple[int, int]], site_edges: Any) -> set[tuple[int, int]]:
    """The needs one maximum flow covers from the sites (see :class:`SiteAudit`)."""
    net, pol = cg.network, cg.policy
    sv = cg.sites
    n_s, n_d = len(cg.schools), max(len(cg.directions), 1)
    need_ids = {nd: i for i, nd in enumerate(needs)}
    # Each school's consultant, where exactly one curator may supervise all its needs.
    curator_of: dict[int, str] = {}
    if net.curators:
        for t in {t for t, _ in needs}:
            scope = {c.id for (tt, d) in needs if tt == t for c in net.curators if net.curator_may_supervise(c.id, cg.directions[d], cg.schools[t])}
            per_need = [{c.id for c in net.curators if net.curator_may_supervise(c.id, cg.directions[d], cg.schools[t])} for (tt, d) in needs if tt == t]
            if len(scope) == 1 and all(p == scope for p in per_need):
                cur = net.curator_by_id[next(iter(scope))]
                if cur.max_teams is not None:
                    curator_of[t] = cur.id
    curators = sorted(set(curator_of.values()))
    n_g = len(sv.group_ids)
    src, sink = 0, 1
    g0 = 2
    m0 = g0 + n_g
    md0 = m0 + n_s
    nd0 = md0 + n_s * n_d
    t0 = nd0 + len(needs)
    c0 = t0 + n_s
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []

    def arc(a: int, b: int, c: int) -> None:
        tails.append(a)
        heads.append(b)
        caps.append(max(int(c), 0))

    big = 10 * (len(needs) + 1)
    site_by_group = {g: net.sites[g] for g in range(len(net.sites))}
    mentors = sorted({int(m) for m in site_edges["mentor"]}) if len(site_edges) else []
    for g in sorted({int(sv.group[m]) for m in mentors}):
        site = site_by_group.get(g)
        arc(src, g0 + g, site.max_pairs if site is not None and site.max_pairs is not None else big)
    for m in mentors:
        arc(g0 + int(sv.group[m]), m0 + m, pol.host_capacity_of(net.schools[m]))
    for m, d in sorted({(int(m), int(d)) for m, d in zip(site_edges["mentor"], site_edges["direction"])}):
        arc(m0 + m, md0 + m * n_d + d, pol.cap_of(net.directions[d]))
    need_arcs: dict[int, tuple[int, int]] = {}
    for m, t, d in zip(site_edges["mentor"].tolist(), site_edges["trainee"].tolist(), site_edges["direction"].tolist()):
        if (t, d) in need_ids:
            arc(md0 + m * n_d + d, nd0 + need_ids[(t, d)], 1)
    for (t, d), i in need_ids.items():
        need_arcs[len(tails)] = (t, d)
        arc(nd0 + i, t0 + t, 1)
    for t in sorted({t for t, _ in needs}):
        lim = pol.max_trainee_directions_of(net.schools[t])
        if t in curator_of:
            arc(t0 + t, c0 + curators.index(curator_of[t]), lim)
        else:
            arc(t0 + t, sink, lim)
    for k, c in enumerate(curators):
        arc(c0 + k, sink, net.curator_by_id[c].max_teams or 0)
    if not tails:
        return set()
    flow = max_flow.SimpleMaxFlow()
    arcs = flow.add_arcs_with_capacity(np.array(tails), np.array(heads), np.array(caps))
    if flow.solve(src, sink) != flow.OPTIMAL:
        raise RuntimeError("the site coverage flow of the audit did not solve")
    out = set()
    for pos, nd in need_arcs.items():
        if flow.flow(int(arcs[pos])) > 0:
            out.add(nd)
    return out


def _new_site_ranking(network: Network, policy: Policy, cg: Any, needs: list[tuple[int, int]],
                      covered: set[tuple[int, int]], site_edges: Any) -> list[dict[str, Any]]:
    """Candidate schools for a new site, by the deferred or far needs each would cover.

    A candidate is a school that is not a site with a leader-level team in
    a direction (it may mentor there). It would cover a need of that
    direction when it could mentor it (a candidate edge under the same
    rules, the sites' restriction lifted) and the need is deferred by the
    sites' best coverage, or is far: no site of the need's direction lies
    in the trainee's district, while the candidate does. At most the
    candidate's caps count (cap per direction, host capacity).
    """
    from mentornet.graph.candidates import build_candidates

    sv = cg.sites
    open_cg = build_candidates(network, policy.model_copy(update={"shape": "mutual"}), prune=False)
    teams = open_cg.teams
    leaders = {(int(s), int(d)) for s, d, hi in zip(teams["school"], teams["direction"], teams["rank_max"]) if hi >= 2 and not sv.is_site[int(s)]}
    if not leaders:
        return []
    muni = sv.muni
    local_site = {(int(t), int(d)) for m, t, d in zip(site_edges["mentor"].tolist(), site_edges["trainee"].tolist(), site_edges["direction"].tolist())
                  if muni[m] == muni[t] and muni[t] >= 0}
    need_set = set(needs)
    per: dict[int, dict[int, int]] = {}
    for m, t, d in zip(open_cg.edges["mentor"].tolist(), open_cg.edges["trainee"].tolist(), open_cg.edges["direction"].tolist()):
        if (m, d) not in leaders or (t, d) not in need_set:
            continue
        deferred = (t, d) not in covered
        far = (t, d) not in local_site and muni[m] == muni[t] and muni[t] >= 0
        if deferred or far:
            per.setdefault(m, {}).setdefault(d, 0)
            per[m][d] += 1
    rows = []
    for m, by_d in per.items():
        school = network.schools[m]
        n = min(sum(min(k, policy.cap_of(network.directions[d])) for d, k in by_d.items()), policy.host_capacity_of(school))
        if n > 0:
            rows.append({"school": school.id, "name": school.label, "municipality": school.municipality, "needs": int(n),
                         "directions": sorted((network.directions[d].id for d in by_d), key=natural_key)})
    rows.sort(key=lambda r: (-r["needs"], natural_key(r["school"])))
    return rows


def _site_findings(network: Network, site: SiteAudit, add: Any, names: Any) -> None:
    """The site-based shape's findings (principles ``site_reach``, ``site_term``, ``new_site``)."""
    n_def = len(site.deferred)
    add("site_coverable", "warning" if n_def else "info", "site_reach",
        {"n": site.coverable, "total": site.trainee_needs, "deferred": n_def},
        sorted({s for s, _ in site.deferred}, key=natural_key), sorted({d for _, d in site.deferred}, key=natural_key))
    if site.unreachable_schools:
        add("schools_without_site", "error", "site_reach", {"n": len(site.unreachable_schools), **names(site.unreachable_schools)},
            site.unreachable_schools)
    if site.term_ends:
        labels = ", ".join(network.site_by_id[s].label for s in site.term_ends)
        members = sorted({m for s in site.term_ends for m in network.site_by_id[s].schools}, key=natural_key)
        add("site_term_ends", "warning", "site_term", {"n": len(site.term_ends), "year": site.year, "names": labels, "more": 0}, members)
    if site.new_site_ranking:
        top = site.new_site_ranking[:NEW_SITE_TOP]
        ranking = "; ".join(f"{r['name']} — {r['needs']}" for r in top)
        add("new_site_helps", "info", "new_site", {"ranking": ranking}, [r["school"] for r in top],
            sorted({d for r in top for d in r["directions"]}, key=natural_key))
