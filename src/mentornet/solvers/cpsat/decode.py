"""Reading a CP-SAT solution back: ranks, chosen edges, curators.

The inverse of :mod:`mentornet.solvers.cpsat.model` on a solved model;
:func:`mentornet.solvers._plan.assemble_plan` then maps the indices to ids.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from mentornet.solvers._plan import assign_curators
from mentornet.solvers.cpsat.model import CpsatModel

__all__ = ["decode", "decode_curators"]


def decode(built: CpsatModel, solver: cp_model.CpSolver) -> tuple[dict[tuple[int, int], int], list[int], np.ndarray]:
    """Ranks ``(school, direction) -> rank``, chosen ``cg.edges`` rows, and their positions in ``built.edges``."""
    cg = built.cg
    values = solver.boolean_values(pd.Series(built.x, dtype=object)) if built.x else pd.Series([], dtype=bool)
    chosen_pos = np.nonzero(values.to_numpy(dtype=bool))[0]
    chosen_rows = built.edges["row"].to_numpy()[chosen_pos].tolist() if len(chosen_pos) else []
    ranks: dict[tuple[int, int], int] = {}
    for i, (s, d) in enumerate(zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist())):
        r = int(built.fixed_rank[i])
        if r < 0:
            r = next(rr for rr, b in built.rank_vars[i].items() if solver.boolean_value(b))
        ranks[(s, d)] = r
    return ranks, [int(r) for r in chosen_rows], chosen_pos


def decode_curators(built: CpsatModel, solver: cp_model.CpSolver, chosen_pos: np.ndarray) -> dict[int, str | None]:
    """Curator of every chosen edge (by cg.edges row)."""
    cg = built.cg
    net = cg.network
    E = built.edges
    chosen_rows = [int(E.at[p, "row"]) for p in chosen_pos.tolist()]
    if built.scopes is None:
        return dict.fromkeys(chosen_rows)
    if not any(c.max_teams is not None for c in net.curators):
        return assign_curators(cg, chosen_rows)
    out: dict[int, str | None] = {}
    load: dict[str, int] = defaultdict(int)
    pending = []
    # A curator group's counts handed out to its covered needs, in team-row order.
    left = {scope: {c: int(solver.value(n)) for c, n in ns.items()} for scope, (_rows, ns) in built.curator_groups.items()}
    group_of = {i: scope for scope, (rows, _ns) in built.curator_groups.items() for i in rows}
    for p in sorted(chosen_pos.tolist(), key=lambda p: cg.team_row[(int(E.at[p, "trainee"]), int(E.at[p, "direction"]))]):
        row = int(E.at[p, "row"])
        t, d = int(E.at[p, "trainee"]), int(E.at[p, "direction"])
        i = cg.team_row[(t, d)]
        if i in built.curator_fixed:
            chosen_curator = built.curator_fixed[i]
        elif i in group_of:
            counts = left[group_of[i]]
            chosen_curator = next(c for c in sorted(counts) if counts[c] > 0)
            counts[chosen_curator] -= 1
        else:
            pending.append((row, t, d))
            continue
        out[row] = chosen_curator
        load[chosen_curator] += 1
    # The rest have an unlimited curator in scope: least loaded first, ties by id.
    for row, t, d in pending:
        scope = built.scopes.get((t, d), ())
        unlimited = [c for c in scope if net.curator_by_id[c].max_teams is None]
        c = min(unlimited, key=lambda c: (load[c], c))
        out[row] = c
        load[c] += 1
    return out

