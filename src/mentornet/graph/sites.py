"""Internship sites on the candidate graph: site groups, nearest sites, locality.

A **site group** is what a trainee school "learns at": a site of the
``sites`` table (one school, or a network of schools sharing its capacity),
or — for a school in no site — the school itself. The locality goals
(``own_municipality``, ``nearest_site``, ``one_site``), the site rules
(capacity in schools and pairs, one site per trainee school) and the
reasons that quote them all read this one computation.

**Site schools** are the member schools of the ``sites`` table; a network
without that table takes the schools fixed as leaders by role locks (the
designated sites of docs/design.md §2).

A trainee school's **nearest site** is the site group, other than its own,
whose nearest member school with coordinates is closest to it, among the
groups that host (may mentor in) a direction the school learns in. Its
distance is computed from the coordinates (haversine), so a reason such as
«ближайшая площадка, 39 км» states a true figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from mentornet.model import Level, Network, Results

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LOCALITY_VALUES", "SiteView", "nearest_site_values", "own_municipality_values", "site_view"]

_EARTH_R = 6371.0088


def _km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_R * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True)
class SiteView:
    """Site groups of a network, by school index.

    Attributes
    ----------
    group : ndarray of int
        Per school, its site group (an index into ``group_ids``).
    group_ids : list of str
        Per group, the site id (or, for a school in no site, the school id).
    is_site : ndarray of bool
        Per school, whether it is a site school (see the module docstring).
    nearest : ndarray of int
        Per school, the group of its nearest site, ``-1`` when unknown (no
        coordinates, or no site hosts a direction it learns in).
    nearest_km : ndarray of float
        Per school, the distance to that site in km (NaN when unknown).
    muni : ndarray of int
        Per school, its municipality code (``-1`` when the input gives none).
    required : ndarray of bool
        Per school, whether hard constraint 5 (involvement) applies to it:
        every school in the ``mutual`` shape; in the ``site_based`` shape
        every low-results school (it must be attached to a site), while
        sites and other schools take part as far as the plan needs them.
    """

    group: np.ndarray
    group_ids: list[str]
    is_site: np.ndarray
    nearest: np.ndarray
    nearest_km: np.ndarray
    muni: np.ndarray
    required: np.ndarray

    @property
    def has_sites(self) -> bool:
        return bool(self.is_site.any())

    def group_label(self, network: Network, g: int) -> str:
        """A site group's name: the site's name, or the school's."""
        gid = self.group_ids[g]
        if gid in network.site_by_id:
            return network.site_by_id[gid].label
        school = network.school_by_id.get(gid)
        return school.label if school is not None else gid


def site_view(network: Network, teams: pd.DataFrame | None = None, shape: str = "mutual") -> SiteView:
    """The site groups, site schools and nearest sites of ``network``.

    Parameters
    ----------
    network : Network
    teams : DataFrame, optional
        The candidate graph's team table (``school``, ``direction``,
        ``rank_min``, ``rank_max``); without it, every site school counts as
        hosting every direction it takes part in, and every other team as a
        trainee team.
    shape : {"mutual", "site_based"}
        The programme shape (``Policy.shape``), for ``required``.
    """
    schools = network.schools
    n = len(schools)
    index = {s.id: i for i, s in enumerate(schools)}
    group_ids: list[str] = [site.id for site in network.sites]
    group = np.full(n, -1, dtype=np.int64)
    is_site = np.zeros(n, dtype=bool)
    for g, site in enumerate(network.sites):
        for sid in site.schools:
            if sid in index:
                group[index[sid]] = g
                is_site[index[sid]] = True
    if not network.sites:
        for lock in network.locks.roles:
            if lock.role is Level.leader and lock.school in index:
                is_site[index[lock.school]] = True
    for i in np.flatnonzero(group < 0).tolist():
        group[i] = len(group_ids)
        group_ids.append(schools[i].id)
    munis = [s.municipality for s in schools]
    code = {m: k for k, m in enumerate(sorted({m for m in munis if m}))}
    muni = np.array([code.get(m, -1) for m in munis], dtype=np.int64)
    nearest = np.full(n, -1, dtype=np.int64)
    nearest_km = np.full(n, np.nan)
    sites = np.flatnonzero(is_site)
    if sites.size:
        lat = np.array([np.nan if s.lat is None else s.lat for s in schools])
        lon = np.array([np.nan if s.lon is None else s.lon for s in schools])
        n_d = len(network.directions)
        hosts = np.zeros((n, max(n_d, 1)), dtype=bool)
        learns = np.zeros((n, max(n_d, 1)), dtype=bool)
        if teams is not None and len(teams):
            s_arr = teams["school"].to_numpy()
            d_arr = teams["direction"].to_numpy()
            hosts[s_arr, d_arr] = teams["rank_max"].to_numpy() >= 1
            learns[s_arr, d_arr] = teams["rank_min"].to_numpy() <= 1
        else:
            d_idx = {d.id: j for j, d in enumerate(network.directions)}
            for c in network.competences:
                hosts[index[c.school], d_idx[c.direction]] = True
                learns[index[c.school], d_idx[c.direction]] = True
        hosts &= is_site[:, None]
        learns &= ~is_site[:, None]
        dist = _km(lat[:, None], lon[:, None], lat[sites][None, :], lon[sites][None, :])  # n × K
        # A site counts for a school when it hosts a direction the school learns in.
        offered = (learns.astype(np.int64) @ hosts[sites].T.astype(np.int64)) > 0  # n × K
        same = group[:, None] == group[sites][None, :]
        dist = np.where(offered & ~same & ~np.isnan(dist), dist, np.inf)
        best = dist.argmin(axis=1)
        best_km = dist[np.arange(n), best]
        found = np.isfinite(best_km)
        nearest[found] = group[sites[best[found]]]
        nearest_km[found] = best_km[found]
    if shape == "site_based":
        required = np.array([s.results is Results.low for s in schools], dtype=bool)
    else:
        required = np.ones(n, dtype=bool)
    return SiteView(group=group, group_ids=group_ids, is_site=is_site, nearest=nearest, nearest_km=nearest_km, muni=muni,
                    required=required)


def own_municipality_values(sv: SiteView, mentors: np.ndarray, trainees: np.ndarray, weight: int) -> np.ndarray:
    """The ``own_municipality`` goal per pair: ``weight`` when the mentor is in the trainee's municipality (both known)."""
    if not weight or not len(mentors):
        return np.zeros(len(mentors), dtype=np.int64)
    m, t = np.asarray(mentors, dtype=np.int64), np.asarray(trainees, dtype=np.int64)
    return (weight * ((sv.muni[m] == sv.muni[t]) & (sv.muni[m] >= 0))).astype(np.int64)


def nearest_site_values(sv: SiteView, mentors: np.ndarray, trainees: np.ndarray, weight: int) -> np.ndarray:
    """The ``nearest_site`` goal per pair: ``weight`` when the mentor belongs to the trainee's nearest site group."""
    if not weight or not len(mentors):
        return np.zeros(len(mentors), dtype=np.int64)
    m, t = np.asarray(mentors, dtype=np.int64), np.asarray(trainees, dtype=np.int64)
    return (weight * ((sv.group[m] == sv.nearest[t]) & (sv.nearest[t] >= 0))).astype(np.int64)


#: The per-pair locality goals, by term name (weights from ``policy.weight(name)``).
LOCALITY_VALUES = {"own_municipality": own_municipality_values, "nearest_site": nearest_site_values}
