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
from collections import defaultdict
from collections.abc import Iterable, Mapping

from mentornet.errors import Conflict, InfeasibleError
from mentornet.graph.candidates import CandidateGraph
from mentornet.model import Plan, SolverStats
from mentornet.solvers._plan import LEVEL_OF_RANK, assemble_plan
from mentornet.solvers.feasibility import curator_scopes, precheck, usable_edges
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
        self.cur_max = {c.id: c.max_teams for c in cg.network.curators}
        self.cur_load: dict[str, int] = defaultdict(int)
        self.cur_rows: dict[str, set[int]] = defaultdict(set)
        self.cur_of: dict[int, str] = {}
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

    def _room(self, c: str) -> bool:
        mx = self.cur_max.get(c)
        return mx is None or self.cur_load[c] < mx

    def _curator_move(self, row: int) -> tuple[str | None, tuple[int, str] | None] | None:
        """A curator for a new pair: ``(curator, None)``, or a full curator and a pair to move
        to another curator in its scope ``(curator, (other row, other curator))``; None if neither."""
        if self.scope is None:
            return (None, None)
        options = self.scope.get((self.e_t[row], self.e_d[row]), ())
        free = [c for c in options if self._room(c)]
        if free:
            return (min(free, key=lambda c: (self.cur_load[c] / (self.cur_max.get(c) or 10**6), self.cur_load[c], c)), None)
        for c in options:
            for other in sorted(self.cur_rows[c]):
                for c2 in self.scope.get((self.e_t[other], self.e_d[other]), ()):
                    if c2 != c and self._room(c2):
                        return (c, (other, c2))
        return None

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
        self.cur_of[row] = c
        self.cur_load[c] += 1
        self.cur_rows[c].add(row)

    def _unassign(self, row: int) -> None:
        c = self.cur_of.pop(row, None)
        if c is not None:
            self.cur_load[c] -= 1
            self.cur_rows[c].discard(row)

    def add(self, row: int) -> None:
        """Take an edge (the caller checked :meth:`can_add`); a curator is assigned at once."""
        m, t, d = self.e_m[row], self.e_t[row], self.e_d[row]
        move = self._curator_move(row)
        if move is None:
            raise RuntimeError("no curator has room for this pair; check can_add first")
        c, shift = move
        if shift is not None:
            other, c2 = shift
            self._unassign(other)
            self._assign(other, c2)
        if c is not None:
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
                conflicts.append(Conflict(
                    f"School '{name}' takes part in no direction, so it can be in no pair "
                    "(every school must take part in at least one direction).",
                    "give it a level or a score in at least one direction, or remove it from the network",
                    [cg.schools[s]], [], kind="involvement"))
            else:
                dirs = sorted({int(d) for d in cg.teams.loc[cg.teams["school"] == s, "direction"]})
                conflicts.append(Conflict(
                    f"School '{name}' can be in no pair: in its directions "
                    f"({', '.join(repr(_direction(cg, d)) for d in dirs)}) no school can mentor it "
                    "and it can mentor no one (roles, the travel limit, municipality rules or forbidden pairs).",
                    "add a stronger school within reach in one of its directions, raise max_km, "
                    "allow cross-municipality pairs, or lift a forbidden pair",
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
        label = f"{_school(cg, m)} → {_school(cg, t)} in '{_direction(cg, d)}'"
        problem = str(edges.at[row, "problem"] or "")
        if problem:
            conflicts.append(Conflict(f"The kept pair {label} breaks a rule: {problem}.",
                                      "drop the lock or relax the rule it breaks", who, [cg.directions[d]], kind="lock"))
        elif not state.usable[row]:
            conflicts.append(Conflict(
                f"The kept pair {label} has no curator whose scope covers the trainee.",
                "add a curator for this direction or municipality, or drop the lock", who, [cg.directions[d]],
                kind="lock"))
        elif not state.rank_ok(row):
            conflicts.append(Conflict(
                f"The kept pair {label} is impossible with their roles "
                f"({LEVEL_OF_RANK[ranks[(m, d)]].value} → {LEVEL_OF_RANK[ranks[(t, d)]].value}).",
                "drop the lock or change a role lock", who, [cg.directions[d]], kind="lock"))
        elif (t, d) in state.cover:
            conflicts.append(Conflict(
                f"Two kept pairs give {_school(cg, t)} two mentors in '{_direction(cg, d)}'.",
                "keep one of them", who, [cg.directions[d]], kind="lock"))
        elif not state.mentor_free(row):
            conflicts.append(Conflict(
                f"Kept pairs exceed the capacity of {_school(cg, m)} "
                f"(cap {state.cap[d]} in '{_direction(cg, d)}', host capacity {state.host_cap[m]}).",
                "drop a kept pair or raise the mentor's capacity", who, [cg.directions[d]], kind="lock"))
        elif state.learn[t] >= state.limit[t]:
            conflicts.append(Conflict(
                f"Kept pairs make {_school(cg, t)} learn in more than {state.limit[t]} directions.",
                "drop a kept pair or raise the school's max_trainee_directions", who, [cg.directions[d]], kind="lock"))
        elif not state.curator_free(row):
            conflicts.append(Conflict(
                f"Kept pairs exceed the limits of the curators who may supervise {_school(cg, t)} "
                f"in '{_direction(cg, d)}'.",
                "drop a kept pair or raise the curators' max_teams", who, [cg.directions[d]], kind="curator_limit"))
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
    if stuck:
        log.info("the %s planner's involvement repair could not place %d school(s)", solver, len(stuck))
        conflicts = []
        for s in stuck:
            dirs = state.teams_of.get(s, [])
            roles = ", ".join(f"{LEVEL_OF_RANK[state.ranks[(s, d)]].value} in '{_direction(cg, d)}'" for d in dirs)
            conflicts.append(Conflict(
                f"The {solver} planner found no way to put school '{_school(cg, s)}' into a pair ({roles}): "
                "its possible mentors or their curators are full, and it cannot take a trainee from another "
                "school without leaving that school with no pair.",
                "try the cpsat solver (this planner is a heuristic), or raise the cap per direction or host "
                "capacity of its possible mentors, the curators' max_teams or max_km, or give the school "
                "another direction",
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
    total, parts = plan_objective(state.cg, state.ranks, chosen)
    stats = SolverStats(
        name=name, status="FEASIBLE", objective=float(total), bound=None, gap=None,
        seconds=round(time.perf_counter() - started, 4), **(extra or {}),
    )
    curators = {row: state.cur_of.get(row) for row in chosen}
    return assemble_plan(state.cg, state.ranks, chosen, stats, curators=curators,
                         extra_metrics={"objective_parts": parts, "objective": total})
