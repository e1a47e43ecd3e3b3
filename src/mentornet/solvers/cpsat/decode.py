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
from mentornet.solvers.feasibility import kind_scopes

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


def decode_curators(built: CpsatModel, solver: cp_model.CpSolver, chosen_pos: np.ndarray) -> dict[int, tuple[str, ...]]:
    """Curators of every chosen edge (by cg.edges row), one per kind in scope."""
    cg = built.cg
    net = cg.network
    E = built.edges
    chosen_rows = [int(E.at[p, "row"]) for p in chosen_pos.tolist()]
    if built.scopes is None:
        return dict.fromkeys(chosen_rows, ())
    if not any(c.limited for c in net.curators):
        return assign_curators(cg, chosen_rows)
    kscopes = kind_scopes(cg) or {}
    by_row: dict[int, dict[str, str]] = defaultdict(dict)
    load: dict[str, int] = defaultdict(int)
    pending = []
    for p in chosen_pos.tolist():
        row = int(E.at[p, "row"])
        t, d = int(E.at[p, "trainee"]), int(E.at[p, "direction"])
        i = cg.team_row[(t, d)]
        for kind, scope in kscopes.get((t, d), {}).items():
            if (i, kind) in built.curator_fixed:
                chosen_curator = built.curator_fixed[(i, kind)]
            elif (i, kind) in built.curator_vars:
                chosen_curator = next(c for c, y in built.curator_vars[(i, kind)].items() if solver.boolean_value(y))
            elif scope:
                pending.append((row, kind, scope))
                continue
            else:
                continue  # no curator of this kind in scope: a flagged, unsupervised pair
            by_row[row][kind] = chosen_curator
            load[chosen_curator] += 1
    # The rest have an unlimited curator of the kind in scope: least loaded first, ties by id.
    for row, kind, scope in pending:
        unlimited = [c for c in scope if not net.curator_by_id[c].limited]
        c = min(unlimited, key=lambda c: (load[c], c))
        by_row[row][kind] = c
        load[c] += 1
    order = {k: n for n, k in enumerate(net.curator_kinds)}
    return {r: tuple(c for k, c in sorted(by_row.get(r, {}).items(), key=lambda kv: order[kv[0]])) for r in chosen_rows}
