"""Plans: list, explain, approve and publish, delete, diff, what-if, export, view."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentornet.db import JournalCountRow, OutcomeRow, PlanRow, ScenarioRow, utcnow
from mentornet.diff import PlanDiff, diff_plans
from mentornet.errors import ConflictError, NotFoundError
from mentornet.explain import curator_balance_reason, role_name
from mentornet.export import direction_facts
from mentornet.model import Level, Network
from mentornet.names import natural_key
from mentornet.services.common import check_report, get, plan_inputs, plan_of
from mentornet.services.files import MEDIA, FileOut

__all__ = [
    "TRANSITIONS",
    "change_status",
    "official_plan",
    "plan_meta",
    "delete_plan",
    "diff",
    "explanations",
    "export_plan",
    "list_plans",
    "plan_check",
    "plan_graph_json",
    "plan_view_html",
    "role_table",
    "what_if",
]

#: Legal status moves; everything else is refused with the reason. ``superseded``
#: is reached only by publishing another plan of the network (``supersede=True``).
TRANSITIONS = {("draft", "approved"), ("approved", "draft"), ("approved", "published")}


def official_plan(session: Session, network_id: int) -> PlanRow | None:
    """The network's published plan (at most one per network, i.e. per network and year), if any."""
    return session.scalars(
        select(PlanRow).where(PlanRow.network_id == network_id, PlanRow.status == "published").limit(1)
    ).first()


def list_plans(session: Session, *, scenario_id: int | None = None, network_id: int | None = None, status: str | None = None,
               limit: int = 100, offset: int = 0) -> list[PlanRow]:
    """Plans, newest first."""
    q = select(PlanRow).order_by(PlanRow.id.desc()).limit(limit).offset(offset)
    if scenario_id is not None:
        q = q.where(PlanRow.scenario_id == scenario_id)
    if network_id is not None:
        q = q.where(PlanRow.network_id == network_id)
    if status is not None:
        q = q.where(PlanRow.status == status)
    return list(session.scalars(q))


def plan_check(session: Session, plan_id: int) -> dict[str, Any]:
    """The independent checker's report: ``ok``, every violated hard constraint, metrics."""
    row = get(session, PlanRow, plan_id)
    if row.check is None:  # pragma: no cover - every stored plan is checked
        network, policy, plan = plan_inputs(row)
        return check_report(network, plan, policy)
    return row.check


def _names(network: Network) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    return (
        {s.id: s.label for s in network.schools},
        {d.id: d.label for d in network.directions},
        {c.id: c.label for c in network.curators},
    )


def _text(item: Any, lang: str) -> str:
    return str(item.reason_in(lang))


def explanations(session: Session, plan_id: int, lang: str = "ru", school: str | None = None) -> dict[str, Any]:
    """Why each pair was chosen, why needs were deferred, and the next-best mentors.

    With ``school`` the answer is that school's card: its roles, the pairs
    where it mentors or learns, its deferred needs and alternates.

    Raises
    ------
    NotFoundError
        No such plan, or ``school`` is not in the plan's network.
    """
    row = get(session, PlanRow, plan_id)
    network, _policy, plan = plan_inputs(row)
    sn, dn, cn = _names(network)
    if school is not None and school not in sn:
        raise NotFoundError("No such school", f"school '{school}' is not in the network of plan {plan_id}", kind="not-found")

    def wanted(*ids: str) -> bool:
        return school is None or school in ids

    pairs = [
        {"mentor": p.mentor, "mentor_name": sn.get(p.mentor, p.mentor), "trainee": p.trainee, "trainee_name": sn.get(p.trainee, p.trainee),
         "direction": p.direction, "direction_name": dn.get(p.direction, p.direction),
         "mentor_role": plan.role_of.get((p.mentor, p.direction)), "trainee_role": plan.role_of.get((p.trainee, p.direction)),
         "curator": p.curator, "curator_name": ", ".join(cn.get(c, c) for c in p.all_curators) or None,
         "curators": [{"id": c, "name": cn.get(c, c)} for c in p.all_curators], "unsupervised": list(p.unsupervised),
         "reason": _text(p, lang), "score": p.score, "parts": p.parts, "distance_km": p.distance_km}
        for p in plan.pairs if wanted(p.mentor, p.trainee)
    ]
    deferred = [
        {"school": d.school, "school_name": sn.get(d.school, d.school), "direction": d.direction,
         "direction_name": dn.get(d.direction, d.direction), "role": plan.role_of.get((d.school, d.direction)), "reason": _text(d, lang)}
        for d in plan.deferred if wanted(d.school)
    ]
    alternates = [
        {"school": a.school, "school_name": sn.get(a.school, a.school), "direction": a.direction, "direction_name": dn.get(a.direction, a.direction),
         "mentors": [{"mentor": m.mentor, "mentor_name": sn.get(m.mentor, m.mentor), "score": m.score, "reason": _text(m, lang)} for m in a.mentors]}
        for a in plan.alternates if wanted(a.school)
    ]
    out: dict[str, Any] = {"plan_id": plan_id, "lang": lang, "pairs": pairs, "deferred": deferred, "alternates": alternates}
    if school is not None:
        s = network.school_by_id[school]
        out["school"] = {
            **s.model_dump(mode="json"),
            "roles": [{"direction": r.direction, "direction_name": dn.get(r.direction, r.direction), "role": r.role.value,
                       "role_name": role_name(r.role, lang)} for r in plan.roles if r.school == school],
        }
    else:
        loads: dict[str, int] = defaultdict(int)
        cur_schools: dict[str, set[str]] = defaultdict(set)
        for p in plan.pairs:
            for c_id in p.all_curators:
                loads[c_id] += 1
                cur_schools[c_id].add(p.trainee)
        out["curators"] = [
            {"curator": c.id, "name": c.label, "teams": loads.get(c.id, 0), "max_teams": c.max_teams,
             "kind": c.kind, "schools": len(cur_schools[c.id]), "max_schools": c.max_schools,
             "at_limit": (c.max_teams is not None and loads.get(c.id, 0) >= c.max_teams)
             or (c.max_schools is not None and len(cur_schools[c.id]) >= c.max_schools),
             "directions": [d.id for d in network.directions if c.id in d.curators] or list(c.directions)}
            for c in network.curators
        ]
        balance = curator_balance_reason(network, plan)
        out["curator_balance"] = balance.render(lang) if balance is not None else None
        out["unsupervised_pairs"] = sum(1 for p in plan.pairs if p.unsupervised)
    return out


def role_table(session: Session, plan_id: int, lang: str = "ru") -> dict[str, Any]:
    """The seed's table: per direction its leaders, promising teams, hidden reserves and curators."""
    row = get(session, PlanRow, plan_id)
    network, _policy, plan = plan_inputs(row)
    sn, _dn, cn = _names(network)
    by_dir: dict[str, dict[Level, list[str]]] = {d.id: {lvl: [] for lvl in Level} for d in network.directions}
    for r in plan.roles:
        if r.direction in by_dir:
            by_dir[r.direction][r.role].append(r.school)
    rows = []
    for d in network.directions:
        cell = by_dir[d.id]
        rows.append({
            "direction": d.id, "name": d.label,
            **{lvl.value: [{"id": s, "name": sn.get(s, s)} for s in sorted(cell[lvl], key=lambda x: natural_key(sn.get(x, x)))] for lvl in Level},
            "curators": [{"id": c, "name": cn.get(c, c)} for c in d.curators],
            "facts": direction_facts(d, lang),
        })
    return {"plan_id": plan_id, "lang": lang, "headers": {lvl.value: role_name(lvl, lang) for lvl in Level}, "rows": rows}


def change_status(session: Session, plan_id: int, status: str, *, supersede: bool = False) -> PlanRow:
    """Move a plan draft → approved → published (approved → draft withdraws the approval).

    A published plan is final: it never changes in place. A network (one
    network of one year) has at most one published plan, the official one:
    publishing another needs ``supersede=True``, which marks the old one
    ``superseded`` (kept and readable, never changed again).

    Raises
    ------
    ConflictError
        The move is not allowed, with the reason (``current`` and ``requested`` say which);
        kind ``already-published`` (with ``official_plan_id``) when another plan of the
        network is published and ``supersede`` was not given.
    """
    row = get(session, PlanRow, plan_id)
    move = (row.status, status)
    if move not in TRANSITIONS:
        if row.status == "superseded":
            why = "a superseded plan is kept as it was and never changes; another plan of its network was published after it"
        elif row.status == "published":
            why = "a published plan is final and never changes; take its locks into a scenario to plan from it"
        elif move == ("draft", "published"):
            why = "approve the plan before publishing it"
        elif row.status == status:
            why = f"the plan is already {row.status}"
        else:
            why = f"a plan cannot go from {row.status} to {status}"
        raise ConflictError("Status change not allowed", f"plan {plan_id}: {why}", kind="illegal-transition",
                            current=row.status, requested=status)
    now = utcnow()
    if status == "published":
        old = official_plan(session, row.network_id)
        if old is not None and not supersede:
            raise ConflictError(
                "Another plan is published",
                f"plan {old.id} is the published plan of this network and year; publishing plan {plan_id} replaces it: "
                f"confirm with supersede=true (plan {old.id} is then kept as superseded)",
                kind="already-published", official_plan_id=old.id, current=row.status, requested=status,
            )
        if old is not None:
            old.status = "superseded"
            old.superseded_at = now
            old.superseded_by = plan_id
            session.flush()  # the database's one-published-plan index sees the old one go first
    row.status = status
    if status == "approved":
        row.approved_at = now
    elif status == "published":
        row.published_at = now
    else:
        row.approved_at = None
    session.commit()
    return row


def delete_plan(session: Session, plan_id: int) -> None:
    """Delete a draft plan (approved and published plans, and plans with recorded outcomes, are kept: ConflictError)."""
    row = get(session, PlanRow, plan_id)
    if row.status != "draft":
        raise ConflictError("Plan kept", f"plan {plan_id} is {row.status}; only draft plans can be deleted", kind="not-draft")
    recorded = session.scalar(select(func.count()).select_from(OutcomeRow).where(OutcomeRow.plan_id == plan_id)) or 0
    recorded += session.scalar(select(func.count()).select_from(JournalCountRow).where(JournalCountRow.plan_id == plan_id)) or 0
    if recorded:
        raise ConflictError("Plan in use", f"plan {plan_id} has {recorded} recorded outcome(s) or journal count(s); it is kept", kind="in-use")
    session.delete(row)
    session.commit()


def diff(session: Session, plan_id: int, other_id: int) -> PlanDiff:
    """What changed from plan ``plan_id`` (before) to plan ``other_id`` (after)."""
    a = get(session, PlanRow, plan_id)
    b = get(session, PlanRow, other_id)
    return diff_plans(plan_of(a), plan_of(b))


def what_if(session: Session, plan_id: int, name: str | None = None) -> ScenarioRow:
    """Start a what-if from a plan: a copy of its scenario (edits and policy) with the plan as base plan."""
    row = get(session, PlanRow, plan_id)
    src = get(session, ScenarioRow, row.scenario_id)
    copy = ScenarioRow(network_id=src.network_id, name=name or f"what-if from plan {plan_id}", edits=list(row.edits or []),
                       policy=dict(src.policy), base_plan_id=plan_id)
    session.add(copy)
    session.commit()
    return copy


def plan_meta(row: PlanRow) -> dict[str, Any]:
    """What identifies a stored plan in its exports: number, status and the date of that status."""
    when = {"published": row.published_at, "superseded": row.superseded_at, "approved": row.approved_at}.get(row.status) or row.created_at
    return {"plan_id": row.id, "status": row.status, "date": when.date().isoformat() if when else None}


def export_plan(session: Session, plan_id: int, fmt: str, lang: str | None = None, sep: str | None = None) -> FileOut:
    """The plan as ``plan.json`` (``json``), the workbook (``xlsx``) or ``pairs.csv``, ``roles.csv``
    and ``deferred.csv`` in a .zip (``csv``; columns separated by ``sep``, by default ``;`` in
    Russian and ``,`` in English)."""
    from mentornet.export import plan_about, write_plan_csv, write_plan_json, write_plan_xlsx

    row = get(session, PlanRow, plan_id)
    meta = plan_meta(row)
    with tempfile.TemporaryDirectory(prefix="mentornet-export-") as tmp:
        if fmt == "json":
            network = plan_inputs(row)[0]
            plan = plan_of(row)
            data = write_plan_json(plan.with_changes(about=plan_about(network, plan, meta)), Path(tmp) / "plan.json").read_bytes()
            return FileOut(data, f"plan-{plan_id}.json", MEDIA["json"])
        network, _policy, plan = plan_inputs(row)
        if fmt == "xlsx":
            data = write_plan_xlsx(network, plan, Path(tmp) / "plan.xlsx", lang=lang, meta=meta).read_bytes()
            return FileOut(data, f"plan-{plan_id}.xlsx", MEDIA["xlsx"])
        if fmt != "csv":
            raise ValueError(f"unknown export format {fmt!r}")
        buf = io.BytesIO()
        # about.csv first: which plan the tables are (network, year, number, status, date, solver)
        paths = write_plan_csv(network, plan, Path(tmp), lang=lang, sep=sep, meta=meta)
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in paths:
                zf.write(p, arcname=Path(p).name)
    return FileOut(buf.getvalue(), f"plan-{plan_id}-csv.zip", MEDIA["zip"])


def plan_view_html(session: Session, plan_id: int, lang: str = "ru") -> str:
    """The interactive network view (pyvis) of the plan, self-contained."""
    from mentornet.visualizations import network_html

    network, policy, plan = plan_inputs(get(session, PlanRow, plan_id))
    return network_html(network, plan, lang=lang, policy=policy)


def plan_graph_json(session: Session, plan_id: int) -> Any:
    """The plan as a node-link graph (networkx ``node_link_data``)."""
    from mentornet.graph import node_link_json, plan_graph

    network, policy, plan = plan_inputs(get(session, PlanRow, plan_id))
    return node_link_json(plan_graph(network, plan, policy))
