"""The candidate mentoring graph: who may mentor whom, in which direction, how well.

This is the one place where school and direction ids are mapped to solver
indices, and where every solver gets its edges from. Solvers never see files
and never enumerate all pairs: they mentor only along these edges.

Roles a team may take
---------------------
For each (school, direction) with a competence:

* a level fixes the role (the planners' assessment is not overridden);
* a score allows the roles of :meth:`mentornet.model.Policy.roles_for_score`
  (two inside an ambiguous band, where the optimiser chooses);
* a role lock (``network.locks.roles``) fixes the role whatever the data say.

Roles are kept as a rank interval ``rank_min..rank_max`` (0 hidden reserve,
1 promising, 2 leader).

Edges
-----
A directed edge mentor → trainee in direction *d* exists when some choice of
their allowed roles makes the pair valid: the mentor may mentor (rank >= 1),
the trainee is a trainee (rank <= 1), the mentor ranks strictly above it;
with scores on both sides, the mentor's score is at least ``policy.min_gap``
above; the pair is no longer than ``policy.max_km`` (when both schools have
coordinates and the direction is not online); an online pair is no longer
than ``policy.online_max_km`` and stays within the trainee's municipality
when ``policy.online_same_municipality`` is on; it stays within a
municipality when ``policy.cross_municipality`` is off; in the
``site_based`` shape with a ``sites`` table only site schools mentor; and no
lock forbids it.

Edge score (integer, higher is better), the sum of its parts:

``gain``
    ``weights.gain`` × competence steps: the level-rank difference, or with
    scores on both sides the score difference in tens (rounded).
``context``
    ``weights.same_kind`` if both schools are of the same kind,
    ``weights.same_settlement`` if both are rural or both urban, and
    ``weights.resilient_for_adverse`` if the trainee works in adverse
    conditions and the mentor is resilient — each only when the input gives
    the attributes it needs (an unknown attribute scores nothing).
``travel``
    ``-weights.travel_per_10km`` × distance in tens of km (0 when online or
    without coordinates); in a mixed-mode direction the distance times
    ``policy.mixed_onsite_share`` (the on-site part of its meetings).
``continuity``
    Strategy ``narrow``: ``weights.continuity`` if the same pair worked in
    this direction last year, half of it if the trainee learnt in this
    direction last year. Strategy ``wide``: ``weights.continuity`` if the
    mentor is new to the trainee, half of it if the direction is new to it.

Sparsity
--------
Per direction, an edge is kept if it is among the ``policy.candidates_per_need``
best mentors of its trainee, or among the ``2 × cap`` best trainees of its
mentor (so that every mentor keeps reach and capacity is not all pointed at
the same few hosts), or if it is locked. A direction with at most
``DENSE_LIMIT`` eligible pairs keeps them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx
import numpy as np
import pandas as pd

from mentornet.graph.sites import SiteView, site_view
from mentornet.i18n import Message
from mentornet.model import Level, Network, Policy
from mentornet.profile import planning_profile

__all__ = ["CandidateGraph", "DENSE_LIMIT", "EDGE_PARTS", "build_candidates", "haversine_km", "thin_mask"]

#: A direction with at most this many eligible pairs keeps them all; above it
#: the top-k rule applies. Kept low so that mid-size networks (a city of 300
#: schools has 2,000–10,000 eligible pairs per direction) are not planned on a
#: denser graph than a whole region: 66,000 edges at 300 × 8 with 20,000 here,
#: 16,000 with 2,000 — a CP-SAT model four times smaller.
DENSE_LIMIT = 2_000
EDGE_PARTS = ("gain", "context", "travel", "continuity")
_RANK_OF = {Level.hidden_reserve: 0, Level.promising: 1, Level.leader: 2}
_LEVEL_OF = {v: k for k, v in _RANK_OF.items()}
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; works elementwise on numpy arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass
class CandidateGraph:
    """Indexed view of a network for solvers: teams, roles, candidate edges.

    Attributes
    ----------
    schools, directions : list of str
        Ids in index order (index = position).
    teams : DataFrame
        One row per (school, direction) competence: ``school``, ``direction``
        (indices), ``score`` (NaN without), ``rank_min``, ``rank_max``,
        ``locked`` (a role lock fixed it).
    edges : DataFrame
        One row per candidate edge: ``mentor``, ``trainee``, ``direction``
        (indices), ``score`` and its parts (``gain``, ``context``,
        ``travel``, ``continuity``), ``distance_km`` (NaN when unknown or
        online), ``locked`` (a kept pair), ``problem`` (non-empty for a
        locked pair that breaks a rule: the rule, in words).
    eligible_counts : dict
        ``(trainee, direction) -> number of eligible mentors`` before
        sparsification (to tell "no mentor at all" from "pruned").
    pruned : int
        Eligible edges that sparsification left out (0: the graph holds every
        eligible pair; ``build_candidates(..., prune=False)`` gives them all).
    """

    network: Network
    policy: Policy
    schools: list[str]
    directions: list[str]
    teams: pd.DataFrame
    edges: pd.DataFrame
    eligible_counts: dict[tuple[int, int], int] = field(default_factory=dict)
    #: why a locked pair is not an eligible edge, as a message code: ``(mentor, trainee, direction) -> Message``
    lock_problems: dict[tuple[int, int, int], Message] = field(default_factory=dict)
    pruned: int = 0

    @cached_property
    def school_index(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(self.schools)}

    @cached_property
    def direction_index(self) -> dict[str, int]:
        return {d: i for i, d in enumerate(self.directions)}

    @cached_property
    def sites(self) -> SiteView:
        """Site groups, site schools and nearest sites (:mod:`mentornet.graph.sites`)."""
        return site_view(self.network, self.teams, self.policy.shape)

    def roles_of(self, school: int, direction: int) -> tuple[Level, ...]:
        """Allowed roles of a team, strongest first."""
        row = self.team_row[(school, direction)]
        lo, hi = int(self.teams.at[row, "rank_min"]), int(self.teams.at[row, "rank_max"])
        return tuple(_LEVEL_OF[r] for r in range(hi, lo - 1, -1))

    @cached_property
    def team_row(self) -> dict[tuple[int, int], int]:
        """``(school, direction) -> row of teams``."""
        return {(int(s), int(d)): i for i, (s, d) in enumerate(zip(self.teams["school"], self.teams["direction"]))}

    @cached_property
    def edges_by_need(self) -> dict[tuple[int, int], np.ndarray]:
        """``(trainee, direction) -> edge rows``, best score first."""
        if self.edges.empty:
            return {}
        groups = self.edges.groupby(["trainee", "direction"], sort=False).indices
        return {(int(t), int(d)): rows for (t, d), rows in groups.items()}

    def mentors_of(self, trainee: int, direction: int) -> pd.DataFrame:
        """Candidate edges into one trainee need, best first (edges are kept sorted)."""
        rows = self.edges_by_need.get((trainee, direction))
        if rows is None:
            return self.edges.iloc[0:0]
        lo, hi = int(rows[0]), int(rows[-1]) + 1
        # Edges are sorted by (direction, trainee): a need's rows are one slice (cheaper than a take).
        return self.edges.iloc[lo:hi] if hi - lo == len(rows) else self.edges.iloc[rows]

    def to_networkx(self) -> nx.MultiDiGraph:
        """Schools as nodes (with their profile), candidate edges keyed by direction."""
        g = nx.MultiDiGraph(name=f"candidates:{self.network.name}")
        for sid in self.schools:
            s = self.network.school_by_id[sid]
            g.add_node(sid, **s.model_dump(mode="json", exclude={"id"}))
        for row in self.edges.itertuples(index=False):
            g.add_edge(
                self.schools[row.mentor],
                self.schools[row.trainee],
                key=self.directions[row.direction],
                direction=self.directions[row.direction],
                score=int(row.score),
                **{p: int(getattr(row, p)) for p in EDGE_PARTS},
                distance_km=None if np.isnan(row.distance_km) else float(row.distance_km),
                locked=bool(row.locked),
            )
        return g


def _team_table(network: Network, policy: Policy, s_idx: dict[str, int], d_idx: dict[str, int]) -> pd.DataFrame:
    locks = {(r.school, r.direction): _RANK_OF[r.role] for r in network.locks.roles}
    rows = []
    for c in network.competences:
        key = (c.school, c.direction)
        if key in locks:
            lo = hi = locks[key]
            locked = True
        elif c.level is not None:
            lo = hi = _RANK_OF[c.level]
            locked = False
        else:
            ranks = [_RANK_OF[r] for r in policy.roles_for_score(float(c.score))]
            lo, hi, locked = min(ranks), max(ranks), False
        rows.append((s_idx[c.school], d_idx[c.direction], np.nan if c.score is None else float(c.score), lo, hi, locked))
    teams = pd.DataFrame(rows, columns=["school", "direction", "score", "rank_min", "rank_max", "locked"])
    return teams.sort_values(["direction", "school"], kind="stable").reset_index(drop=True)


def build_candidates(network: Network, policy: Policy | None = None, *, prune: bool = True,
                     keep: Iterable[tuple[str, str, str]] = ()) -> CandidateGraph:
    """Build the sparse candidate mentoring graph of a network.

    Parameters
    ----------
    network : Network
    policy : Policy, optional
    prune : bool
        Sparsify dense directions (see "Sparsity" above); False keeps every
        eligible pair (the LP's column-generation pricing reads that graph).
    keep : iterable of (mentor, trainee, direction) ids
        Pairs that survive sparsification where they are eligible (a warm
        start's pairs: a plan the planner itself made may hold pairs the LP
        priced in from beyond the pruned graph). Ids the network lacks and
        ineligible pairs are ignored here, not added.

    Returns
    -------
    CandidateGraph
        Teams with their allowed roles and the kept candidate edges,
        vectorised per direction (no Python loop over pairs).
    """
    policy = policy or Policy()
    w = policy.weights
    schools = [s.id for s in network.schools]
    directions = [d.id for d in network.directions]
    s_idx = {s: i for i, s in enumerate(schools)}
    d_idx = {d: i for i, d in enumerate(directions)}
    teams = _team_table(network, policy, s_idx, d_idx)

    n = len(schools)
    lat = np.array([np.nan if s.lat is None else s.lat for s in network.schools])
    lon = np.array([np.nan if s.lon is None else s.lon for s in network.schools])
    # An unknown kind or settlement factorizes to -1 and never matches: a goal
    # built on a fact the input did not give must not score the pair.
    kind = pd.factorize(pd.Series([s.kind.value if s.kind else None for s in network.schools], dtype=object))[0]
    settle = pd.factorize(pd.Series([s.settlement.value if s.settlement else None for s in network.schools], dtype=object))[0]
    muni = pd.factorize(pd.Series([s.municipality for s in network.schools]))[0]
    resilient = np.array([s.is_resilient for s in network.schools])
    adverse = np.array([s.is_adverse for s in network.schools])
    # The site-based shape with a sites table: only site schools host.
    hosts_only = None
    if policy.shape == "site_based" and network.sites:
        hosts_only = np.zeros(n, dtype=bool)
        hosts_only[[s_idx[sid] for sid in network.site_of]] = True
    # With indicators and profile_hosts on, only the schools the profile lets host
    # a site (high results or resilient) mentor; an unclassified school does not.
    if policy.profile_hosts and network.indicators:
        profile = planning_profile(network, policy)
        allowed = np.zeros(n, dtype=bool)
        allowed[[s_idx[s] for s in (profile.host_schools() if profile is not None else ()) if s in s_idx]] = True
        hosts_only = allowed if hosts_only is None else hosts_only & allowed

    forbidden_any: set[tuple[int, int]] = set()
    forbidden_dir: set[tuple[int, int, int]] = set()
    for p in network.locks.forbidden:
        m, t = s_idx[p.mentor], s_idx[p.trainee]
        if p.direction is None:
            forbidden_any.add((m, t))
        else:
            forbidden_dir.add((m, t, d_idx[p.direction]))
    locked_pairs = {(s_idx[p.mentor], s_idx[p.trainee], d_idx[p.direction]) for p in network.locks.pairs}
    kept_by_direction: dict[int, list[int]] = {}
    for m_id, t_id, d_id in keep if prune else ():
        if m_id in s_idx and t_id in s_idx and d_id in d_idx:
            kept_by_direction.setdefault(d_idx[d_id], []).append(s_idx[m_id] * n + s_idx[t_id])

    # Last year's pairs and trainee directions, for the strategy term.
    last = network.history.last_year
    last_pairs: set[tuple[int, int, int]] = set()
    last_mentored: set[tuple[int, int]] = set()
    last_learnt: set[tuple[int, int]] = set()
    if last is not None:
        for p in network.history.pairs:
            if p.year == last and p.mentor in s_idx and p.trainee in s_idx and p.direction in d_idx:
                m, t, d = s_idx[p.mentor], s_idx[p.trainee], d_idx[p.direction]
                last_pairs.add((m, t, d))
                last_mentored.add((m, t))
                last_learnt.add((t, d))
        for r in network.history.roles:
            if r.year == last and r.role is not Level.leader and r.school in s_idx and r.direction in d_idx:
                last_learnt.add((s_idx[r.school], d_idx[r.direction]))

    frames = []
    pruned = 0
    eligible_counts: dict[tuple[int, int], int] = {}
    lock_problems: dict[tuple[int, int, int], Message] = {}
    for d, dteams in teams.groupby("direction", sort=True):
        direction = network.directions[int(d)]
        cap = policy.cap_of(direction)
        mt = dteams[dteams["rank_max"] >= 1]
        tt = dteams[dteams["rank_min"] <= 1]
        if mt.empty or tt.empty:
            continue
        M = mt["school"].to_numpy()
        T = tt["school"].to_numpy()
        ok = mt["rank_max"].to_numpy()[:, None] > tt["rank_min"].to_numpy()[None, :]
        ok &= M[:, None] != T[None, :]
        ms, ts = mt["score"].to_numpy(), tt["score"].to_numpy()
        both = ~np.isnan(ms)[:, None] & ~np.isnan(ts)[None, :]
        diff = ms[:, None] - ts[None, :]
        with np.errstate(invalid="ignore"):
            ok &= ~both | (diff >= policy.min_gap)
        if not policy.cross_municipality:
            ok &= muni[M][:, None] == muni[T][None, :]
        if hosts_only is not None:
            ok &= hosts_only[M][:, None]
        dist = np.full(ok.shape, np.nan)
        if direction.online:
            # Online themes kept local anyway, when the policy says so.
            if policy.online_same_municipality:
                ok &= muni[M][:, None] == muni[T][None, :]
            if policy.online_max_km is not None:
                online_km = haversine_km(lat[M][:, None], lon[M][:, None], lat[T][None, :], lon[T][None, :])
                with np.errstate(invalid="ignore"):
                    ok &= np.isnan(online_km) | (online_km <= policy.online_max_km)
        else:
            dist = haversine_km(lat[M][:, None], lon[M][:, None], lat[T][None, :], lon[T][None, :])
            if policy.max_km is not None:
                with np.errstate(invalid="ignore"):
                    ok &= np.isnan(dist) | (dist <= policy.max_km)
        mi, ti = np.nonzero(ok)
        dd = int(d)
        # Pairs are matched against sets of (mentor, trainee) through one int64 key each.
        if forbidden_any or forbidden_dir:
            bad_keys = [m * n + t for m, t in forbidden_any] + [m * n + t for m, t, fd in forbidden_dir if fd == dd]
            bad = np.isin(M[mi].astype(np.int64) * n + T[ti], np.array(bad_keys, dtype=np.int64))
            mi, ti = mi[~bad], ti[~bad]
        mentor = M[mi]
        trainee = T[ti]
        pair_key = mentor.astype(np.int64) * n + trainee

        # Locked pairs are kept even when a rule would drop them, marked with the rule they break.
        extra = [(m, t) for (m, t, ld) in locked_pairs if ld == dd]
        add_p = []
        locked = np.zeros(len(mi), dtype=bool)
        if extra:
            extra_keys = np.array([m * n + t for m, t in extra], dtype=np.int64)
            locked = np.isin(pair_key, extra_keys)
            present = np.isin(extra_keys, pair_key)
            m_pos = {s: i for i, s in enumerate(M.tolist())}
            t_pos = {s: i for i, s in enumerate(T.tolist())}
            for (m, t), here in zip(extra, present.tolist()):
                if not here:
                    a, b = m_pos.get(m), t_pos.get(t)
                    why = _locked_problem(network, policy, m, t, dd, a, b, dist, both, diff, forbidden_any, forbidden_dir)
                    add_p.append((m, t, why.render("en")))
                    lock_problems[(m, t, dd)] = why

        both_e = both[mi, ti]
        if both.any():
            steps = np.where(both_e, np.rint(diff[mi, ti] / 10.0), 0)
        else:
            steps = np.zeros(len(mi))
        rank_steps = mt["rank_max"].to_numpy()[mi] - tt["rank_min"].to_numpy()[ti]
        gain = (w.gain * np.where(both_e, np.maximum(steps, 1), rank_steps)).astype(np.int64)
        context = (
            w.same_kind * ((kind[mentor] == kind[trainee]) & (kind[mentor] >= 0))
            + w.same_settlement * ((settle[mentor] == settle[trainee]) & (settle[mentor] >= 0))
            + w.resilient_for_adverse * (adverse[trainee] & resilient[mentor])
        ).astype(np.int64)
        dkm = dist[mi, ti] if len(mi) else np.array([])
        # A mixed direction meets partly on site: that share of the distance is travelled.
        share = policy.mixed_onsite_share if direction.is_mixed else 1.0
        travel = (-w.travel_per_10km * np.where(np.isnan(dkm), 0, np.rint(np.nan_to_num(dkm) * share / 10.0))).astype(np.int64)
        continuity = _continuity(policy, mentor, trainee, dd, n, last_pairs, last_mentored, last_learnt).astype(np.int64)
        score = gain + context + travel + continuity
        if len(trainee):
            for t, cnt in zip(*np.unique(trainee, return_counts=True)):
                eligible_counts[(int(t), dd)] = int(cnt)
        # Sparsify on the arrays, then build the frame of the kept edges only.
        must = locked
        if dd in kept_by_direction:
            must = locked | np.isin(pair_key, np.array(kept_by_direction[dd], dtype=np.int64))
        keep = _keep_mask(score, mentor, trainee, must, policy.candidates_per_need, 2 * max(cap, 1)) if prune else None
        if keep is not None:
            pruned += int(len(keep) - keep.sum())
            mentor, trainee, gain, context, travel, continuity, score, dkm, locked = (
                a[keep] for a in (mentor, trainee, gain, context, travel, continuity, score, dkm, locked)
            )
        frame = pd.DataFrame(
            {
                "mentor": mentor.astype(np.int64),
                "trainee": trainee.astype(np.int64),
                "direction": np.full(len(mentor), dd, dtype=np.int64),
                "gain": gain,
                "context": context,
                "travel": travel,
                "continuity": continuity,
                "distance_km": dkm.astype(float),
                "locked": locked,
                "problem": "",
                "score": score,
            }
        )
        if add_p:
            locked_rows = []
            for m, t, why in add_p:
                km = np.nan
                s_m, s_t = network.schools[m], network.schools[t]
                if s_m.has_coordinates and s_t.has_coordinates and not direction.online:
                    km = float(haversine_km(s_m.lat, s_m.lon, s_t.lat, s_t.lon))
                locked_rows.append({"mentor": m, "trainee": t, "direction": dd, "gain": 0, "context": 0,
                                    "travel": 0, "continuity": 0, "distance_km": km, "locked": True,
                                    "problem": why, "score": 0})
            frame = pd.concat([frame, pd.DataFrame(locked_rows)], ignore_index=True)
        frames.append(frame)

    columns = ["mentor", "trainee", "direction", "score", *EDGE_PARTS, "distance_km", "locked", "problem"]
    edges = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    edges = edges.sort_values(["direction", "trainee", "score", "mentor"], ascending=[True, True, False, True], kind="stable").reset_index(drop=True)
    for col in ("mentor", "trainee", "direction", "score", *EDGE_PARTS):
        edges[col] = edges[col].astype(np.int64)
    edges["locked"] = edges["locked"].astype(bool)
    return CandidateGraph(network, policy, schools, directions, teams, edges, eligible_counts, lock_problems, pruned)


def _continuity(policy, mentor, trainee, d, n, last_pairs, last_mentored, last_learnt) -> np.ndarray:
    c = policy.weights.continuity
    if policy.strategy is None or c == 0 or (not last_pairs and not last_learnt):
        return np.zeros(len(mentor), dtype=np.int64)
    key = mentor.astype(np.int64) * n + trainee
    same_pair = np.isin(key, np.array([m * n + t for m, t, pd_ in last_pairs if pd_ == d], dtype=np.int64))
    knew_mentor = np.isin(key, np.array([m * n + t for m, t in last_mentored], dtype=np.int64))
    learnt_here = np.isin(trainee, np.array([t for t, ld in last_learnt if ld == d], dtype=np.int64))
    if policy.strategy == "narrow":
        return (c * same_pair + (c // 2) * learnt_here).astype(np.int64)
    return (c * ~knew_mentor + (c // 2) * ~learnt_here).astype(np.int64)


def _rank_in_group(keys: np.ndarray) -> np.ndarray:
    """Position of each element among the elements with the same key, in array order."""
    idx = np.argsort(keys, kind="stable")
    sk = keys[idx]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    counts = np.diff(np.r_[starts, len(sk)])
    out = np.empty(len(keys), dtype=np.int64)
    out[idx] = np.arange(len(sk)) - np.repeat(starts, counts)
    return out


def thin_mask(cg: CandidateGraph, per_need: int, per_mentor: int) -> np.ndarray:
    """Which edges of ``cg`` the top-k rule of "Sparsity" keeps with other ``k``.

    Per direction, an edge stays if it is among the ``per_need`` best of its
    trainee or the ``per_mentor`` best of its mentor, or locked; a direction
    with at most :data:`DENSE_LIMIT` edges keeps them all.

    Examples
    --------
    >>> from mentornet.generate import generate_network
    >>> cg = build_candidates(generate_network(60, 4, seed=1), prune=False)
    >>> mask = thin_mask(cg, 1, 1)
    >>> len(mask) == len(cg.edges) and bool(mask.all())  # a small network is dense: every edge stays
    True
    """
    E = cg.edges
    keep = np.ones(len(E), dtype=bool)
    if not len(E):
        return keep
    direction = E["direction"].to_numpy()
    score, mentor, trainee = E["score"].to_numpy(), E["mentor"].to_numpy(), E["trainee"].to_numpy()
    locked = E["locked"].to_numpy(dtype=bool)
    for d in np.unique(direction).tolist():
        idx = np.nonzero(direction == d)[0]
        k = _keep_mask(score[idx], mentor[idx], trainee[idx], locked[idx], per_need, per_mentor)
        if k is not None:
            keep[idx] = k
    return keep


def _keep_mask(score, mentor, trainee, locked, per_need: int, per_mentor: int) -> np.ndarray | None:
    """The edges a direction keeps (None: all of them); see "Sparsity" above.

    Best first by score, then mentor, then trainee index: an edge stays if it
    is among the ``per_need`` best of its trainee, among the ``per_mentor``
    best of its mentor, or locked.
    """
    if len(score) <= DENSE_LIMIT:
        return None
    order = np.lexsort((trainee, mentor, -score))
    keep_sorted = (_rank_in_group(trainee[order]) < per_need) | (_rank_in_group(mentor[order]) < per_mentor)
    keep = np.zeros(len(score), dtype=bool)
    keep[order] = keep_sorted
    return keep | locked


def _locked_problem(network, policy, m, t, d, a, b, dist, both, diff, forbidden_any, forbidden_dir) -> Message:
    """Why a locked pair is not an eligible edge, in a planner's words (a message code)."""
    names = {"mentor": network.schools[m].label, "trainee": network.schools[t].label}
    dname = network.directions[d].label
    if a is None:
        return Message(code="lock_problem.hidden_reserve", params={**names, "direction": dname})
    if b is None:
        return Message(code="lock_problem.leader", params={**names, "direction": dname})
    if (m, t) in forbidden_any or (m, t, d) in forbidden_dir:
        return Message(code="lock_problem.forbidden", params=names)
    if both[a, b] and diff[a, b] < policy.min_gap:
        return Message(code="lock_problem.gap", params={**names, "direction": dname, "min_gap": float(policy.min_gap)})
    if not np.isnan(dist[a, b]) and policy.max_km is not None and dist[a, b] > policy.max_km:
        return Message(code="lock_problem.distance", params={**names, "km": float(dist[a, b]), "max_km": float(policy.max_km)})
    if not policy.cross_municipality and network.schools[m].municipality != network.schools[t].municipality:
        return Message(code="lock_problem.municipality", params=names)
    return Message(code="lock_problem.rank", params={**names, "direction": dname})
