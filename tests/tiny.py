"""A tiny hand-made instance with a known valid plan, for checker and metric tests.

Four schools on one meridian, 0.01° (~1.11 km) apart, two directions:

* d1: L1 leader, P1 promising, H1 and L2 hidden reserves;
* d2: L2 leader, L1 promising, P1 hidden reserve.

The valid plan :data:`PAIRS`: d1  L1→P1, L1→L2, P1→H1 (cascade);
d2  L2→L1, L2→P1. Curators: ``cur-d1`` (max 4 teams) listed on d1,
``cur-d2`` (max 3) listed on d2. H1 is a rural low-results school, L2 a new
one; L1 and L2 are secondary schools, P1 and H1 basic ones.
"""

from __future__ import annotations

from mentornet.model import (
    Competence,
    Curator,
    Direction,
    Kind,
    Network,
    Pair,
    Plan,
    Results,
    RoleAssignment,
    School,
    Settlement,
)

__all__ = ["PAIRS", "ROLES", "make_pair", "make_plan", "tiny_network", "without"]


def tiny_network(**school_changes) -> Network:
    """The tiny network; ``tiny_network(H1={"lon": 38.7})`` changes a school's fields."""
    base = {
        "L1": dict(lat=55.00, kind=Kind.secondary, settlement=Settlement.urban),
        "L2": dict(lat=55.01, kind=Kind.secondary, settlement=Settlement.urban, is_new=True),
        "P1": dict(lat=55.02, kind=Kind.basic, settlement=Settlement.urban),
        "H1": dict(lat=55.03, kind=Kind.basic, settlement=Settlement.rural, results=Results.low),
    }
    for sid, changes in school_changes.items():
        base.setdefault(sid, {}).update(changes)
    schools = tuple(
        School(**{"id": sid, "name": f"School {sid}", "municipality": "A", "lon": 37.0, **fields})
        for sid, fields in base.items()
    )
    return Network(
        name="tiny",
        schools=schools,
        directions=(
            Direction(id="d1", name="Quality", curators=("cur-d1",)),
            Direction(id="d2", name="Talents", curators=("cur-d2",)),
        ),
        curators=(Curator(id="cur-d1", max_teams=4), Curator(id="cur-d2", max_teams=3)),
        competences=(
            Competence(school="L1", direction="d1", level="leader"),
            Competence(school="P1", direction="d1", level="promising"),
            Competence(school="H1", direction="d1", level="hidden_reserve"),
            Competence(school="L2", direction="d1", level="hidden_reserve"),
            Competence(school="L2", direction="d2", level="leader"),
            Competence(school="L1", direction="d2", level="promising"),
            Competence(school="P1", direction="d2", level="hidden_reserve"),
        ),
    )


ROLES = (
    RoleAssignment(school="L1", direction="d1", role="leader"),
    RoleAssignment(school="P1", direction="d1", role="promising"),
    RoleAssignment(school="H1", direction="d1", role="hidden_reserve"),
    RoleAssignment(school="L2", direction="d1", role="hidden_reserve"),
    RoleAssignment(school="L2", direction="d2", role="leader"),
    RoleAssignment(school="L1", direction="d2", role="promising"),
    RoleAssignment(school="P1", direction="d2", role="hidden_reserve"),
)


def make_pair(m: str, t: str, d: str, curator: str | None = "default") -> Pair:
    """A pair with the direction's own curator unless ``curator`` is given."""
    return Pair(mentor=m, trainee=t, direction=d, curator=f"cur-{d}" if curator == "default" else curator)


PAIRS = (make_pair("L1", "P1", "d1"), make_pair("L1", "L2", "d1"), make_pair("P1", "H1", "d1"), make_pair("L2", "L1", "d2"), make_pair("L2", "P1", "d2"))


def make_plan(pairs=None, roles=None, deferred=()) -> Plan:
    """The valid plan, or one with other pairs, roles or deferred needs."""
    pairs = PAIRS if pairs is None else pairs
    roles = ROLES if roles is None else roles
    return Plan(roles=tuple(roles), pairs=tuple(pairs), deferred=tuple(deferred))


def without(pairs, mentor, trainee, direction):
    """``pairs`` without the pair mentor → trainee in direction."""
    return tuple(p for p in pairs if (p.mentor, p.trainee, p.direction) != (mentor, trainee, direction))
