"""The protocol of an objective term, and the registry of terms.

A term is one goal of the planning objective (maximised). The same term
object serves every solver and every report:

``post(view)``
    adds its variables, constraints and objective coefficients to the
    CP-SAT model (:class:`ModelView` is what the model builder exposes);
``hint(view, ranks, chosen)``
    hints its own auxiliary variables from index-level decisions, so that
    a warm start stays a complete assignment;
``edge_values(cg)``, ``need_value(cg, school, rank)``, ``mentor_bonus(cg)``
    its costs in the min-cost-flow assignment where it is linear in the
    pairs (per candidate edge, per covered need) or concave per mentor
    ("the first trainee of a mentor earns a bonus", used by the warm start);
``evaluate(decisions)``
    its value in a finished plan;
``post_lp(view)`` (optional)
    its columns, rows and costs in the LP relaxation
    (:class:`mentornet.solvers.relaxation.LpModel` is the view); returns
    False when the term cannot say, and then no LP bound is claimed.

:func:`register_term` adds a term (a test module may add a toy term);
:func:`registered_terms` lists them in the order they are posted and
reported.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from mentornet.graph.candidates import CandidateGraph

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Decisions",
    "EdgeTerm",
    "ModelView",
    "ObjectiveTerm",
    "Term",
    "register_term",
    "registered_term",
    "registered_terms",
    "unregister_term",
]

log = logging.getLogger(__name__)


class ModelView(Protocol):
    """What a CP-SAT model builder exposes to the terms (structural type).

    Arrays run over the *usable* candidate edges of the model (``edges``,
    one ``x`` variable each); ``edges["row"]`` is the row of ``cg.edges``.
    """

    cg: CandidateGraph
    model: Any  # ortools.sat.python.cp_model.CpModel
    edges: pd.DataFrame
    x: list[Any]
    em: np.ndarray  # mentor school per usable edge
    et: np.ndarray  # trainee school per usable edge
    ed: np.ndarray  # direction per usable edge
    rank_vars: dict[int, dict[int, Any]]  # team row -> {rank: BoolVar} (variable teams)
    t_lo: np.ndarray  # lowest allowed rank per team row
    t_hi: np.ndarray  # highest allowed rank per team row
    t_school: np.ndarray  # school per team row
    need_edges: dict[int, list[int]]  # team row -> positions of its usable in-edges
    coverage: dict[int, Any]  # team row -> linear expression "covered"
    out_edges: dict[int, list[int]]  # mentor school -> positions of its usable out-edges
    edge_coef: np.ndarray  # objective coefficient per usable edge (terms add to it)
    term_vars: dict[str, Any]  # term name -> whatever auxiliary variables the term keeps
    site_vars: dict[tuple[int, int], Any]  # (trainee school, site group) -> BoolVar "learns at that site"

    def add_objective(self, var: Any, coef: int) -> None:
        """Add ``coef × var`` to the objective (after the edge variables)."""
        ...


@dataclass
class Decisions:
    """Index-level decisions of a plan: a rank per team and the chosen edges.

    Parameters
    ----------
    cg : CandidateGraph
    ranks : mapping
        ``(school, direction) -> rank`` (2 leader, 1 promising, 0 hidden
        reserve) for every team.
    rows : sequence of int
        Rows of ``cg.edges`` taken as pairs.
    curators : mapping, optional
        ``row -> curator ids`` of the chosen edges (one per kind); None when
        the caller has not assigned curators (curator terms then count 0).
    """

    cg: CandidateGraph
    ranks: Mapping[tuple[int, int], int]
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    curators: Mapping[int, tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        self.rows = np.array(sorted({int(r) for r in np.asarray(self.rows).tolist()}), dtype=np.int64)

    @cached_property
    def mentor(self) -> np.ndarray:
        return self.cg.edges["mentor"].to_numpy(dtype=np.int64)[self.rows]

    @cached_property
    def trainee(self) -> np.ndarray:
        return self.cg.edges["trainee"].to_numpy(dtype=np.int64)[self.rows]

    @cached_property
    def direction(self) -> np.ndarray:
        return self.cg.edges["direction"].to_numpy(dtype=np.int64)[self.rows]

    def trainee_rank(self, k: int) -> int:
        """The rank of the trainee of the ``k``-th chosen edge."""
        return int(self.ranks[(int(self.trainee[k]), int(self.direction[k]))])


@runtime_checkable
class ObjectiveTerm(Protocol):
    """One goal of the objective (see the module docstring)."""

    name: str

    def post(self, view: ModelView) -> None: ...

    def hint(self, view: ModelView, ranks: np.ndarray, chosen: np.ndarray) -> None: ...

    def edge_values(self, cg: CandidateGraph) -> np.ndarray | None: ...

    def need_value(self, cg: CandidateGraph, school: int, rank: int) -> int: ...

    def mentor_bonus(self, cg: CandidateGraph) -> int: ...

    def evaluate(self, decisions: Decisions) -> int: ...


class Term:
    """A convenient base: no variables, no flow costs, value 0 (override what applies)."""

    name: str = ""

    def post(self, view: ModelView) -> None:
        return None

    def hint(self, view: ModelView, ranks: np.ndarray, chosen: np.ndarray) -> None:
        return None

    def edge_values(self, cg: CandidateGraph) -> np.ndarray | None:
        return None

    def need_value(self, cg: CandidateGraph, school: int, rank: int) -> int:
        return 0

    def mentor_bonus(self, cg: CandidateGraph) -> int:
        return 0

    def evaluate(self, decisions: Decisions) -> int:
        return 0

    def post_lp(self, view: Any) -> bool:
        """Post into the LP relaxation; the base posts nothing.

        That is right only for a term that scores nothing anywhere, so the
        base answers True only when the subclass overrides none of
        ``post``, ``edge_values`` and ``evaluate``: any other term must
        define its LP form, or the relaxation claims no bound.
        """
        cls = type(self)
        return all(getattr(cls, m) is getattr(Term, m) for m in ("post", "edge_values", "evaluate"))


class EdgeTerm(Term):
    """A term linear in the chosen pairs: one integer per candidate edge.

    Subclasses define :meth:`edge_values` only; posting (a coefficient on
    each edge variable), the flow cost (on each pair arc) and the
    evaluation (the sum over the chosen edges) follow from it.
    """

    def edge_values(self, cg: CandidateGraph) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def post(self, view: ModelView) -> None:
        if len(view.edges):
            view.edge_coef += self.edge_values(view.cg)[view.edges["row"].to_numpy()]

    def evaluate(self, decisions: Decisions) -> int:
        if not len(decisions.rows):
            return 0
        return int(self.edge_values(decisions.cg)[decisions.rows].sum())

    def post_lp(self, view: Any) -> bool:
        if view.n_edges:
            view.edge_cost += self.edge_values(view.cg)[view.edge_rows]
        return True


_REGISTRY: dict[str, ObjectiveTerm] = {}


def register_term(term: ObjectiveTerm, *, replace: bool = False) -> ObjectiveTerm:
    """Add a term to the objective of every solver and report.

    Parameters
    ----------
    term : ObjectiveTerm
        An object with the methods of :class:`ObjectiveTerm` (subclass
        :class:`Term` or :class:`EdgeTerm` for the defaults) and a unique
        ``name``; its weight is read from ``policy.weights`` by the term.
    replace : bool
        Replace a registered term of the same name instead of refusing.

    Returns
    -------
    ObjectiveTerm
        ``term`` (so the function also works as a class decorator's helper).

    Raises
    ------
    ValueError
        A term of that name exists (and ``replace`` is False), or the name
        is empty.
    """
    if not term.name:
        raise ValueError("an objective term needs a non-empty name")
    if term.name in _REGISTRY and not replace:
        raise ValueError(f"an objective term named '{term.name}' is already registered")
    _REGISTRY[term.name] = term
    return term


def unregister_term(name: str) -> None:
    """Remove a registered term (no error when absent)."""
    _REGISTRY.pop(name, None)


@contextmanager
def registered_term(term: ObjectiveTerm) -> Iterator[ObjectiveTerm]:
    """Register ``term`` for the duration of a ``with`` block (tests, what-if runs)."""
    register_term(term)
    try:
        yield term
    finally:
        unregister_term(term.name)


def registered_terms() -> Sequence[ObjectiveTerm]:
    """The registered terms, in the order they are posted and reported."""
    return tuple(_REGISTRY.values())
