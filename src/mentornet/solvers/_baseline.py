"""What the two baseline planners (greedy, flow) share.

Both plan in two stages on the candidate graph:

1. **Roles by bands** (:func:`mentornet.solvers.ranks.band_ranks`), nudged
   only where a kept (locked) pair needs it.
2. **Pairs**, by the baseline's own rule, then :func:`repair_involvement`
   for hard constraint 5 (every school in at least one pair), then
   :func:`finish` (curators within their limits, objective, the plan).

:class:`State` keeps the loads so that every move respects the caps per
(mentor, direction), the host capacity, and the yearly limit of trainee
directions; it never takes an edge outside the candidate graph.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from mentornet.errors import Conflict, InfeasibleError
from mentornet.graph.candidates import CandidateGraph
from mentornet.i18n import Message
from mentornet.model import Plan, SolverStats
from mentornet.solvers._plan import LEVEL_OF_RANK, assemble_plan
from mentornet.solvers.feasibility import curator_scopes, kind_scopes, precheck, usable_edges
from mentornet.solvers.objective import edge_values, need_value, plan_objective
from mentornet.solvers.ranks import band_ranks

__all__ = ["State", "band_ranks", "finish", "mend", "repair_involvement", "start"]

log = logging.getLogger(__name__)


class State:
    """Ranks, chosen edges and loads of a baseline plan under construction."""

    def __init__(self, cg: CandidateGraph, ranks: dict[tuple[int, int], int]):
        self.cg = cg
        self.ranks = ranks
        # Curators in scope per trainee need (None: the network has no curators).
        self.scope = curator_scopes(cg)
        # Edges a plan may use: no broken rule, a curator in scope (when there are curators).
        self.usable = usable_edges(cg, self.scope).tolist()
        # The same per curator kind (each pair has one curator of every kind in scope).
        self.kscope = kind_scopes(cg)
        self.cur_max = {c.id: c.max_teams for c in cg.network.curators}
        self.cur_max_schools = {c.id: c.max_schools for c in cg.network.curators}
        self.cur_kind = {c.id: c.kind_key for c in cg.network.curators}
        self.cur_load: dict[str, int] = defaultdict(int)
        self.cur_rows: dict[str, set[int]] = defaultdict(set)
        self.cur_schools: dict[str, Counter[int]] = defaultdict(Counter)
        self.cur_by_row: dict[int, dict[str, str]] = {}
        net, pol = cg.network, cg.policy
        e = cg.edges
        self.e_m = e["mentor"].tolist()
        self.e_t = e["trainee"].tolist()
        self.e_d = e["direction"].tolist()
        # The objective's linear value of each edge (the edge score, plus any registered linear term).
        self.e_score = edge_values(cg).tolist()
        self.cap = [pol.cap_of(d) for d in net.directions]
        self.host_cap = [pol.host_capacity_of(s) for s in net.schools]
        self.limit = [pol.max_trainee_directions_of(s) for s in net.schools]
        self.cover: dict[tuple[int, int], int] = {}
        self.dir_load: dict[tuple[int, int], int] = defaultdict(int)
        self.host_load = [0] * len(net.schools)
        self.learn = [0] * len(net.schools)
        self.locked_needs: set[tuple[int, int]] = set()
        self.by_mentor: dict[int, list[int]] = defaultdict(list)
        for row, m in enumerate(self.e_m):
            self.by_mentor[m].append(row)
        self.teams_of: dict[int, list[int]] = defaultdict(list)
        for (s, d) in sorted(ranks):
            self.teams_of[s].append(d)
        self._value: dict[tuple[int, int, int], int] = {}
        # Sites (hard constraint 7): capacity in schools and pairs, one site per trainee school.
        self.group = cg.sites.group.tolist()
        site_index = {site.id: g for g, site in enumerate(net.sites)}
        self.site_max_schools = {site_index[x.id]: x.max_schools for x in net.sites if x.max_schools is not None}
        self.site_max_pairs = {site_index[x.id]: x.max_pairs for x in net.sites if x.max_pairs is not None}
        self.one_site = pol.one_site
        self.one_site_w = pol.weight("one_site")
        self.site_pairs: dict[int, int] = defaultdict(int)
        self.site_schools: dict[int, int] = defaultdict(int)
        self.at_site: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))  # trainee -> group -> pairs

    # -- facts ---------------------------------------------------------
    def value(self, t: int, d: int) -> int:
        key = (t, d, self.ranks[(t, d)])
        if key not in self._value:
            self._value[key] = need_value(self.cg, t, self.ranks[(t, d)])
        return self._value[key]

    def rank_ok(self, row: int) -> bool:
        """The roles allow the edge and the edge is usable."""
        if not self.usable[row]:
            return False
        m, t, d = self.e_m[row], self.e_t[row], self.e_d[row]
        rm, rt = self.ranks[(m, d)], self.ranks[(t, d)]
        return rm >= 1 and rt <= 1 and rm > rt

    def mentor_free(self, row: int) -> bool:
        m, d = self.e_m[row], self.e_d[row]
        return self.dir_load[(m, d)] < self.cap[d] and self.host_load[m] < self.host_cap[m] and self.site_free(row)

    def site_free(self, row: int) -> bool:
        """The mentor's site has room for the pair (pairs, and schools when the trainee is new there), and
        with ``policy.one_site`` the trainee learns at no other site."""
        g, t = self.group[self.e_m[row]], self.e_t[row]
        here = self.at_site[t].get(g, 0) > 0
        if g in self.site_max_pairs and self.site_pairs[g] >= self.site_max_pairs[g]:
            return False
        if not here and g in self.site_max_schools and self.site_schools[g] >= self.site_max_schools[g]:
            return False
        return not (self.one_site and any(k > 0 for gg, k in self.at_site[t].items() if gg != g))

    def site_bonus(self, row: int) -> int:
        """The one-site goal's preference: the trainee already learns at this mentor's site."""
        if not self.one_site_w:
            return 0
        return self.one_site_w if self.at_site[self.e_t[row]].get(self.group[self.e_m[row]], 0) > 0 else 0

    def _room(self, c: str, t: int, freed: int | None = None) -> bool:
        """Whether curator ``c`` can take one more pair of trainee ``t`` (after giving up row ``freed``)."""
        load = self.cur_load[c] - (freed is not None)
        mx = self.cur_max.get(c)
        if mx is not None and load >= mx:
            return False
        ms = self.cur_max_schools.get(c)
        if ms is None:
            return True
        schools = self.cur_schools[c]
        if schools.get(t, 0) > (freed is not None and self.e_t[freed] == t):
            return True
        n = len(schools) - (freed is not None and schools.get(self.e_t[freed], 0) == 1)
        return n < ms

    def _curator_move(self, row: int) -> list[tuple[str, tuple[int, str] | None]] | None:
        """Curators for a new pair, one per kind in scope: ``(curator, None)``, or a full curator
        and a pair to move to another curator of the kind ``(curator, (other row, other curator))``;
        None if some kind has neither. Kinds with no curator in scope are left out (flagged)."""
        if self.kscope is None:
            return []
        t = self.e_t[row]
        out: list[tuple[str, tuple[int, str] | None]] = []
        for kind, options in self.kscope.get((t, self.e_d[row]), {}).items():
            if not options:
                continue  # no curator of this kind may supervise it: an unsupervised pair (usable only if flagged)
            free = [c for c in options if self._room(c, t)]
            if free:
                out.append((min(free, key=lambda c: (self.cur_load[c] / (self.cur_max.get(c) or 10**6), self.cur_load[c], c)), None))
                continue
            found = None
            for c in options:
                for other in sorted(self.cur_rows[c]):
                    if not self._room(c, t, freed=other):
                        continue
                    t_o = self.e_t[other]
                    for c2 in self.kscope.get((t_o, self.e_d[other]), {}).get(kind, ()):
                        if c2 != c and self._room(c2, t_o):
                            found = (c, (other, c2))
                            break
                    if found:
                        break
                if found:
                    break
            if found is None:
                return None
            out.append(found)
        return out

    @property
    def cur_of(self) -> dict[int, tuple[str, ...]]:
        """``edge row -> its curators`` (one per kind, in the network's kind order)."""
        order = {k: i for i, k in enumerate(self.cg.network.curator_kinds)}
        return {row: tuple(c for k, c in sorted(by.items(), key=lambda kv: order[kv[0]])) for row, by in self.cur_by_row.items()}

    def curator_free(self, row: int) -> bool:
        return self._curator_move(row) is not None

    def can_add(self, row: int) -> bool:
        t, d = self.e_t[row], self.e_d[row]
        return (
            (t, d) not in self.cover
            and self.rank_ok(row)
            and self.mentor_free(row)
            and self.learn[t] < self.limit[t]
            and self.curator_free(row)
        )

    def involved(self, s: int) -> bool:
        return self.host_load[s] > 0 or self.learn[s] > 0

    def pairs_of(self, s: int) -> int:
        return self.host_load[s] + self.learn[s]

    def needs(self) -> list[tuple[int, int]]:
        """Every trainee need (team of rank <= 1), in team order."""
        return [(s, d) for (s, d), r in self.ranks.items() if r <= 1]

    # -- moves ---------------------------------------------------------
    def _assign(self, row: int, c: str) -> None:
        self.cur_by_row.setdefault(row, {})[self.cur_kind[c]] = c
        self.cur_load[c] += 1
        self.cur_rows[c].add(row)
        self.cur_schools[c][self.e_t[row]] += 1

    def _unassign(self, row: int, kind: str | None = None) -> None:
        """Release the row's curators (only the one of ``kind`` when given)."""
        by = self.cur_by_row.get(row, {})
        for k in [kind] if kind is not None else list(by):
            c = by.pop(k, None)
            if c is not None:
                self.cur_load[c] -= 1
                self.cur_rows[c].discard(row)
                t = self.e_t[row]
                self.cur_schools[c][t] -= 1
                if not self.cur_schools[c][t]:
                    del self.cur_schools[c][t]
        if not by:
            self.cur_by_row.pop(row, None)

    def add(self, row: int) -> None:
        """Take an edge (the caller checked :meth:`can_add`); a curator is assigned at once."""
        m, t, d = self.e_m[row], self.e_t[row], self.e_d[row]
        move = self._curator_move(row)
        if move is None:
            raise RuntimeError("no curator has room for this pair; check can_add first")
        for c, shift in move:
            if shift is not None:
                other, c2 = shift
                self._unassign(other, self.cur_kind[c2])
                self._assign(other, c2)
            self._assign(row, c)
        self.cover[(t, d)] = row
        self.dir_load[(m, d)] += 1
        self.host_load[m] += 1
        self.learn[t] += 1
        g = self.group[m]
        self.site_pairs[g] += 1
        if self.at_site[t][g] == 0:
            self.site_schools[g] += 1
        self.at_site[t][g] += 1

    def remove(self, row: int) -> None:
        m, t, d = self.e_m[row], self.e_t[row], self.e_d[row]
        del self.cover[(t, d)]
        self.dir_load[(m, d)] -= 1
        self.host_load[m] -= 1
        self.learn[t] -= 1
        g = self.group[m]
        self.site_pairs[g] -= 1
        self.at_site[t][g] -= 1
        if self.at_site[t][g] == 0:
            self.site_schools[g] -= 1
        self._unassign(row)

    def chosen(self) -> list[int]:
        return sorted(self.cover.values())


def _school(cg: CandidateGraph, s: int) -> str:
    return cg.network.schools[s].label


def _direction(cg: CandidateGraph, d: int) -> str:
    return cg.network.directions[d].label


def _msg(code: str, **params: Any) -> Message:
    return Message(code=code, params=params)


def start(cg: CandidateGraph) -> State:
    """Roles by bands, locked pairs taken, and the checks a baseline cannot get past.

    Raises
    ------
    InfeasibleError
        A school that can be in no pair at all; a locked pair that breaks a
        rule, a role, or a capacity.
    """
    conflicts: list[Conflict] = list(precheck(cg))
    if conflicts:
        raise InfeasibleError(conflicts)
    usable = usable_edges(cg, curator_scopes(cg)).astype(bool)
    # Schools that no usable edge touches can never be in a pair (hard constraint 5).
    touched = set(cg.edges["mentor"].to_numpy()[usable].tolist()) | set(cg.edges["trainee"].to_numpy()[usable].tolist())
    required = cg.sites.required
    lonely = [s for s in range(len(cg.schools)) if s not in touched and required[s]]
    if lonely:
        taking = set(cg.teams["school"].tolist())
        for s in lonely:
            name = _school(cg, s)
            if s not in taking:
                conflicts.append(Conflict.coded(
                    _msg("conflict.base.no_direction", school=name), [_msg("conflict.fix.base_no_direction")],
                    [cg.schools[s]], [], kind="involvement"))
            else:
                dirs = sorted({int(d) for d in cg.teams.loc[cg.teams["school"] == s, "direction"]})
                conflicts.append(Conflict.coded(
                    _msg("conflict.base.lonely", school=name, directions=", ".join(repr(_direction(cg, d)) for d in dirs)),
                    [_msg("conflict.fix.base_lonely", max_km="max_km")],
                    [cg.schools[s]], [cg.directions[d] for d in dirs], kind="involvement"))
    ranks = band_ranks(cg)
    edges = cg.edges
    locked_rows = [int(r) for r in edges.index[edges["locked"].to_numpy()]]
    # Nudge ambiguous roles so that each kept pair ranks mentor above trainee.
    for row in locked_rows:
        m, t, d = int(edges.at[row, "mentor"]), int(edges.at[row, "trainee"]), int(edges.at[row, "direction"])
        rm, rt = ranks[(m, d)], ranks[(t, d)]
        if rm >= 1 and rt <= 1 and rm > rt:
            continue
        lo_m, hi_m = _interval(cg, m, d)
        lo_t, hi_t = _interval(cg, t, d)
        options = [(abs(a - rm) + abs(b - rt), -a, b, a, b) for a in range(max(lo_m, 1), hi_m + 1)
                   for b in range(lo_t, min(hi_t, 1) + 1) if a > b]
        if options:
            _, _, _, a, b = min(options)
            ranks[(m, d)], ranks[(t, d)] = a, b
    state = State(cg, ranks)
    for row in locked_rows:
        m, t, d = state.e_m[row], state.e_t[row], state.e_d[row]
        who = [cg.schools[m], cg.schools[t]]
        pair = {"mentor": _school(cg, m), "trainee": _school(cg, t), "direction": _direction(cg, d)}
        problem = str(edges.at[row, "problem"] or "")
        pair_dirs = [cg.directions[d]]
        if problem:
            why = cg.lock_problems.get((int(m), int(t), int(d))) or Message.text(problem)
            conflicts.append(Conflict.coded(_msg("conflict.base.kept_breaks", **pair), [_msg("conflict.fix.base_kept_breaks")],
                                            who, pair_dirs, kind="lock", details=[why]))
        elif not state.usable[row]:
            conflicts.append(Conflict.coded(_msg("conflict.base.kept_no_curator", **pair),
                                            [_msg("conflict.fix.base_kept_no_curator")], who, pair_dirs, kind="lock"))
        elif not state.rank_ok(row):
            conflicts.append(Conflict.coded(
                _msg("conflict.base.kept_roles", **pair, mentor_role=LEVEL_OF_RANK[ranks[(m, d)]].value,
                     trainee_role=LEVEL_OF_RANK[ranks[(t, d)]].value),
                [_msg("conflict.fix.base_kept_roles")], who, pair_dirs, kind="lock"))
        elif (t, d) in state.cover:
            conflicts.append(Conflict.coded(_msg("conflict.base.kept_two_mentors", trainee=pair["trainee"], direction=pair["direction"]),
                                            [_msg("conflict.fix.base_keep_one")], who, pair_dirs, kind="lock"))
        elif not state.mentor_free(row):
            conflicts.append(Conflict.coded(
                _msg("conflict.base.kept_capacity", mentor=pair["mentor"], direction=pair["direction"], cap=int(state.cap[d]),
                     host=int(state.host_cap[m])),
                [_msg("conflict.fix.base_kept_capacity")], who, pair_dirs, kind="lock"))
        elif state.learn[t] >= state.limit[t]:
            conflicts.append(Conflict.coded(
                _msg("conflict.base.kept_limit", trainee=pair["trainee"], limit=int(state.limit[t])),
                [_msg("conflict.fix.base_kept_limit", setting="max_trainee_directions")], who, pair_dirs, kind="lock"))
        elif not state.curator_free(row):
            conflicts.append(Conflict.coded(
                _msg("conflict.base.kept_curators", trainee=pair["trainee"], direction=pair["direction"]),
                [_msg("conflict.fix.base_kept_curators", setting="max_teams")], who, pair_dirs, kind="curator_limit"))
        else:
            state.add(row)
            state.locked_needs.add((t, d))
    if conflicts:
        raise InfeasibleError(conflicts)
    return state


def _interval(cg: CandidateGraph, s: int, d: int) -> tuple[int, int]:
    row = cg.team_row[(s, d)]
    return int(cg.teams.at[row, "rank_min"]), int(cg.teams.at[row, "rank_max"])


# ---------------------------------------------------------------- repair

_BUMPS_PER_EDGE = 12


def _best_mentor(state: State, t: int, d: int, exclude: int | None = None) -> int | None:
    """The best edge a need could take now (edge score, then spare capacity)."""
    rows = state.cg.edges_by_need.get((t, d))
    if rows is None:
        return None
    best, best_key = None, None
    for row in rows.tolist():
        m = state.e_m[row]
        if m == exclude or not state.rank_ok(row) or not state.mentor_free(row) or not state.curator_free(row):
            continue
        key = (-state.e_score[row] - state.site_bonus(row), -(state.host_cap[m] - state.host_load[m]),
               -(state.cap[d] - state.dir_load[(m, d)]), m)
        if best_key is None or key < best_key:
            best, best_key = row, key
    return best


def _gain(state: State, row: int) -> int:
    return state.value(state.e_t[row], state.e_d[row]) + state.e_score[row]


def _blockers(state: State, row: int) -> list[int]:
    """Chosen pairs whose removal may make room for ``row`` (mentor or curator capacity)."""
    m, d = state.e_m[row], state.e_d[row]
    out: set[int] = set()
    if state.dir_load[(m, d)] >= state.cap[d]:
        out |= {o for o in state.cover.values() if state.e_m[o] == m and state.e_d[o] == d}
    elif state.host_load[m] >= state.host_cap[m]:
        out |= {o for o in state.cover.values() if state.e_m[o] == m}
    if state.scope is not None and not state.curator_free(row):
        for c in state.scope.get((state.e_t[row], state.e_d[row]), ()):
            out |= state.cur_rows[c]
    if not state.site_free(row):
        # A full site: one of its pairs may move elsewhere; with one_site, the trainee's pairs at its other site.
        g, t = state.group[m], state.e_t[row]
        out |= {o for o in state.cover.values() if state.group[state.e_m[o]] == g or (state.one_site and state.e_t[o] == t)}
    return sorted(o for o in out if (state.e_t[o], state.e_d[o]) not in state.locked_needs)


def _bump_moves(state: State, row: int, gain: int, tag: int) -> list[tuple[int, tuple[int, ...], list[tuple[str, int]]]]:
    """Make room for ``row`` by removing a pair whose trainee then learns elsewhere or keeps another pair."""
    moves: list[tuple[int, tuple[int, ...], list[tuple[str, int]]]] = []
    ranked = sorted(_blockers(state, row), key=lambda o: (_gain(state, o), o))[:_BUMPS_PER_EDGE]
    for other in ranked:
        t2, d2 = state.e_t[other], state.e_d[other]
        loss = _gain(state, other)
        state.remove(other)
        try:
            if not state.can_add(row):
                continue
            state.add(row)
            again = _best_mentor(state, t2, d2)
            state.remove(row)
        finally:
            state.add(other)
        if again is not None:
            moves.append((gain - loss + _gain(state, again), (tag, row, other, again),
                          [("remove", other), ("add", row), ("add", again)]))
        moves.append((gain - loss, (tag + 1, row, other), [("remove", other), ("add", row)]))
    return moves


def _moves_for(state: State, s: int) -> list[tuple[int, tuple[int, ...], list[tuple[str, int]]]]:
    """Ways to put a school that is in no pair into one: ``(objective change, tiebreak, ops)``."""
    cg = state.cg
    moves: list[tuple[int, tuple[int, ...], list[tuple[str, int]]]] = []
    # As a trainee: cover one of its needs, with a free mentor or by making room.
    if state.limit[s] > 0:
        for d in state.teams_of.get(s, []):
            if state.ranks[(s, d)] > 1 or (s, d) in state.cover:
                continue
            rows = cg.edges_by_need.get((s, d))
            for row in ([] if rows is None else rows.tolist()):
                if not state.rank_ok(row):
                    continue
                gain = _gain(state, row)
                if state.can_add(row):
                    moves.append((gain, (0, row), [("add", row)]))
                else:
                    moves.extend(_bump_moves(state, row, gain, 10))
    # As a mentor: take an uncovered need, or take one over from a mentor that keeps another pair.
    for row in state.by_mentor.get(s, []):
        if not state.rank_ok(row):
            continue
        t, d = state.e_t[row], state.e_d[row]
        if (t, d) in state.locked_needs:
            continue
        current = state.cover.get((t, d))
        if current is None:
            gain = _gain(state, row)
            if state.can_add(row):
                moves.append((gain, (1, row), [("add", row)]))
            elif state.learn[t] >= state.limit[t]:
                # The trainee is at its yearly limit: swap out its least valuable need.
                for o in sorted((o for (tt, dd), o in state.cover.items() if tt == t and (t, dd) not in state.locked_needs),
                                key=lambda o: (_gain(state, o), o)):
                    moves.append((gain - _gain(state, o), (2, row, o), [("remove", o), ("add", row)]))
            else:
                moves.extend(_bump_moves(state, row, gain, 20))
        else:
            moves.append((state.e_score[row] - state.e_score[current], (3, row, current),
                          [("remove", current), ("add", row)]))
    return moves


def _apply(state: State, ops: list[tuple[str, int]]) -> bool:
    """Apply moves in order, or none of them when one is no longer possible."""
    done: list[tuple[str, int]] = []
    for op, row in ops:
        if op == "remove":
            state.remove(row)
        elif state.can_add(row):
            state.add(row)
        else:
            for op2, row2 in reversed(done):
                if op2 == "remove":
                    state.add(row2)
                else:
                    state.remove(row2)
            return False
        done.append((op, row))
    return True


_MOVES_PER_LEVEL = 60
_CHAIN_DEPTH = 2


def _try_involve(state: State, s: int, depth: int = _CHAIN_DEPTH, protected: frozenset[int] = frozenset()) -> bool:
    """Involve ``s`` by the best move that leaves every other school involved.

    A move that leaves exactly one other school with no pair is followed,
    up to ``depth`` times, by involving that school in turn (a chain of
    swaps); a chain that does not close is undone.
    """
    required = state.cg.sites.required
    before = [x for x in range(len(state.cg.schools)) if required[x] and state.involved(x)]
    moves = sorted(_moves_for(state, s), key=lambda m: (-m[0], m[1]))
    for _, _, ops in moves[:_MOVES_PER_LEVEL]:
        if not _apply(state, ops):
            continue
        if state.involved(s):
            lost = [x for x in before if not state.involved(x)]
            if not lost:
                return True
            if len(lost) == 1 and depth > 0 and lost[0] not in protected:
                if _try_involve(state, lost[0], depth - 1, protected | {s}):
                    if state.involved(s) and all(state.involved(x) for x in before):
                        return True
        _undo(state, ops)
    return False


def _undo(state: State, ops: list[tuple[str, int]]) -> None:
    for op, row in reversed(ops):
        if op == "remove":
            state.add(row)
        else:
            state.remove(row)


def fill(state: State) -> None:
    """Give needs left uncovered a free mentor where one has room (best edge first)."""
    for t, d in sorted(state.needs(), key=lambda n: (state.ranks[n], -state.value(*n), n)):
        if (t, d) not in state.cover and state.learn[t] < state.limit[t]:
            row = _best_mentor(state, t, d)
            if row is not None:
                state.add(row)


def fix_groups(state: State) -> list[tuple[int, int]]:
    """Bring every running group of a group-format direction to its ``group_min``.

    A group below its minimum first takes uncovered needs it may mentor,
    then trainees of groups that stay at or above their own minimum (or
    that close); what is still short is dissolved, its trainees moving to
    a running group with room or being deferred, unless that would leave a
    school in no pair or drop a kept pair.

    Returns
    -------
    list of (mentor, direction)
        The groups still below their minimum (empty when all were fixed).
    """
    net = state.cg.network
    g_of = [d.min_group for d in net.directions]
    if max(g_of, default=1) <= 1:
        return []

    def short(m: int, d: int) -> bool:
        return 0 < state.dir_load[(m, d)] < g_of[d]

    def rows_of(m: int, d: int) -> list[int]:
        return [r for r in state.cover.values() if state.e_m[r] == m and state.e_d[r] == d]

    left: list[tuple[int, int]] = []
    for m, d in sorted(k for k in list(state.dir_load) if short(*k)):
        if not short(m, d):
            continue
        mine = [r for r in state.by_mentor[m] if state.e_d[r] == d]
        for row in mine:  # uncovered needs it may mentor
            if not short(m, d):
                break
            if state.can_add(row):
                state.add(row)
        for row in mine:  # trainees of other groups that keep their minimum (or close)
            if not short(m, d):
                break
            t = state.e_t[row]
            other = state.cover.get((t, d))
            if other is None or other == row or (t, d) in state.locked_needs:
                continue
            m2 = state.e_m[other]
            after = state.dir_load[(m2, d)] - 1
            if (0 < after < g_of[d]) or state.pairs_of(m2) == 1:
                continue
            state.remove(other)
            if state.can_add(row):
                state.add(row)
            else:
                state.add(other)
        if not short(m, d):
            continue
        rows = rows_of(m, d)
        if any((state.e_t[r], d) in state.locked_needs for r in rows) or state.pairs_of(m) == len(rows):
            left.append((m, d))
            continue
        for r in rows:
            state.remove(r)
        for r in rows:  # a running group with room, or deferral when the trainee keeps another pair
            t = state.e_t[r]
            moved = False
            options = state.cg.edges_by_need.get((t, d))
            for r2 in ([] if options is None else np.asarray(options).tolist()):
                m2 = state.e_m[r2]
                if m2 != m and state.dir_load[(m2, d)] >= g_of[d] and state.can_add(r2):
                    state.add(r2)
                    moved = True
                    break
            if not moved and not state.involved(t) and state.can_add(r):
                state.add(r)  # cannot leave the school in no pair: the group stays short
        if short(m, d):
            left.append((m, d))
    return left


def repair_involvement(state: State, solver: str = "baseline") -> None:
    """Put every school in at least one pair (hard constraint 5).

    For each school in no pair (fewest candidate edges first), the best of
    these moves by objective change (coverage value + edge score): cover one
    of its needs with a free mentor; mentor an uncovered need; make room at
    a full mentor or curator by moving one of their trainees to another
    mentor (or deferring it when it keeps another pair); swap a need of a
    trainee at its yearly limit; take a need over from a mentor that keeps
    another pair. No move leaves another school with no pair. When none
    works, the other role of an ambiguous band is tried. Needs left
    uncovered by the swaps then get a free mentor where one has room.

    Raises
    ------
    InfeasibleError
        Naming the schools this heuristic could not put into any pair
        (certain conflicts are found earlier, by :func:`start`).
    """
    cg = state.cg
    stuck: list[int] = []
    degree: dict[int, int] = defaultdict(int)
    for row, ok in enumerate(state.usable):
        if ok:
            degree[state.e_m[row]] += 1
            degree[state.e_t[row]] += 1
    required = cg.sites.required
    for s in sorted(range(len(cg.schools)), key=lambda x: (degree[x], x)):
        if state.involved(s) or not required[s]:
            continue
        if _try_involve(state, s):
            log.debug("%s: involvement repair put school %s into a pair", solver, cg.schools[s])
            continue
        placed = False
        for d in state.teams_of.get(s, []):
            r = state.ranks[(s, d)]
            lo, hi = _interval(cg, s, d)
            for alt in sorted(range(lo, hi + 1), key=lambda x: (abs(x - r), -x)):
                if alt == r:
                    continue
                state.ranks[(s, d)] = alt
                if _try_involve(state, s):
                    log.info("%s: involvement repair changed the role of school %s in direction %s to rank %d",
                             solver, cg.schools[s], cg.directions[d], alt)
                    placed = True
                    break
                state.ranks[(s, d)] = r
            if placed:
                break
        if not placed:
            stuck.append(s)
    fill(state)
    short = fix_groups(state)
    if short and not stuck:
        log.info("the %s planner left %d group(s) below their minimum size", solver, len(short))
        raise InfeasibleError([Conflict.coded(
            _msg("conflict.base.group_small", solver=solver, school=_school(cg, m), direction=_direction(cg, d),
                 n=cg.network.directions[d].min_group),
            [_msg("conflict.fix.base_group_small", cpsat="cpsat", setting="group_min")],
            [cg.schools[m]], [cg.directions[d]], kind="group_size") for m, d in short])
    if stuck:
        log.info("the %s planner's involvement repair could not place %d school(s)", solver, len(stuck))
        conflicts = []
        for s in stuck:
            dirs = state.teams_of.get(s, [])
            listed = ", ".join(repr(_direction(cg, d)) for d in dirs)
            conflicts.append(Conflict.coded(
                _msg("conflict.base.stuck", solver=solver, school=_school(cg, s), directions=listed),
                [_msg("conflict.fix.base_stuck", cpsat="cpsat", max_teams="max_teams", max_km="max_km")],
                [cg.schools[s]], [cg.directions[d] for d in dirs], kind="involvement"))
        raise InfeasibleError(conflicts)


def mend(cg: CandidateGraph, ranks: Mapping[tuple[int, int], int], rows: Iterable[int], who: str = "warm start") -> State:
    """Decisions made to meet every cap and limit, then involvement repaired (best effort).

    The rows (edges of ``cg``) are taken in the given order wherever the
    roles, the caps per (mentor, direction), the host capacity, the yearly
    limit, the one-mentor rule and the curators' limits allow; then
    :func:`repair_involvement` puts every school it can into a pair. CP-SAT's
    warm start mends its flow assignment and a given plan with it.

    Returns
    -------
    State
        Its ``ranks`` (an ambiguous role may have changed during the
        repair) and ``chosen()`` rows. A school the repair cannot involve
        is logged, not raised: the search may still find a way.
    """
    state = State(cg, dict(ranks))
    for row in rows:
        if state.can_add(row):
            state.add(row)
    try:
        repair_involvement(state, who)
    except InfeasibleError as exc:
        log.info("%s: involvement repair left %d school(s) in no pair", who, len(exc.conflicts))
    return state


# ---------------------------------------------------------------- finish


def finish(state: State, name: str, started: float, extra: dict | None = None) -> Plan:
    """Objective, solver statistics and the assembled plan of a baseline.

    Curators are those :class:`State` assigned while pairing (within
    their limits, least relative load first).
    """
    chosen = state.chosen()
    cur_of = state.cur_of
    total, parts = plan_objective(state.cg, state.ranks, chosen, {row: cur_of.get(row, ()) for row in chosen})
    stats = SolverStats(
        name=name, status="FEASIBLE", objective=float(total), bound=None, gap=None,
        seconds=round(time.perf_counter() - started, 4), **(extra or {}),
    )
    curators = {row: cur_of.get(row, ()) for row in chosen}
    return assemble_plan(state.cg, state.ranks, chosen, stats, curators=curators,
                         extra_metrics={"objective_parts": parts, "objective": total})
