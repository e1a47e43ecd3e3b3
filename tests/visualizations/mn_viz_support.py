"""Plans built by hand for the view tests (no solver needed)."""

from __future__ import annotations

from collections import defaultdict

from mentornet.model import Level, Network, Pair, Plan, RoleAssignment


def round_robin_plan(network: Network, *, local: bool = True) -> Plan:
    """Each trainee team gets a leader of its direction, in turn.

    With ``local``, leaders of the trainee's own municipality come first
    (all leaders when it has none), so that a regional network has pairs
    inside its municipalities as well as between them.
    """
    roles = [RoleAssignment(school=c.school, direction=c.direction, role=c.level) for c in network.competences]
    muni = {s.id: s.municipality for s in network.schools}
    leaders: dict[str, list[str]] = defaultdict(list)
    local_leaders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in network.competences:
        if c.level is Level.leader:
            leaders[c.direction].append(c.school)
            local_leaders[(c.direction, muni[c.school])].append(c.school)
    turn: dict[tuple[str, str], int] = defaultdict(int)
    pairs = []
    for c in network.competences:
        if c.level is Level.leader or not leaders[c.direction]:
            continue
        key = (c.direction, muni[c.school]) if local and local_leaders[(c.direction, muni[c.school])] else (c.direction, "")
        pool = local_leaders[key] if key[1] else leaders[c.direction]
        mentor = pool[turn[key] % len(pool)]
        turn[key] += 1
        direction = network.direction_by_id[c.direction]
        pairs.append(
            Pair(
                mentor=mentor,
                trainee=c.school,
                direction=c.direction,
                reason=f"{mentor} leads in direction {c.direction}",
                reasons={"en": f"{mentor} leads in direction {c.direction}", "ru": f"{mentor} — лидер направления {c.direction}"},
                curator=direction.curators[0] if direction.curators else None,
            )
        )
    return Plan(roles=roles, pairs=pairs, network=network.name)

