"""School profiles from indicators: documented classification rules and clusters.

Seed 004 (Orel oblast) first *identifies* schools "by results and social
conditions" — schools in crisis and schools at risk — and then supports them
through networks with leader schools; seeds 001/002 (Leningrad oblast) let
schools with high results, and **resilient** schools (high results in adverse
social conditions), host internship sites for low-results schools (ШНОР);
seed 000 groups new schools by profile factors with cluster analysis and
names their first three years a "sensitive period".

:func:`classify` turns the ``indicators`` table of a network into classes
with reasons, by these rules (thresholds in :class:`~mentornet.model.Policy`):

* **results index** ``r`` — the ``results`` column, or the mean of the
  school's subject results when only those are given;
* ``low`` — the ``profile_low_quantile`` quantile (default 0.25, the lower
  quartile) of the known results indices; **low results** when ``r < low``;
* ``high`` — the ``profile_high_quantile`` quantile (default 0.75);
  **high results** when ``r ≥ high``;
* ``adv`` — the ``profile_adverse_quantile`` quantile (default 0.75) of the
  known social-disadvantage indices; **adverse conditions** when
  ``adversity ≥ adv``;
* **crisis** — low results in adverse conditions (seed 004);
* **at risk** — adverse conditions, results known and neither low nor
  high (seed 004: the conditions put results at risk);
* **resilient** — high results in adverse conditions (seeds 001/002);
* **new school** — opened in the network's year or in the
  ``profile_new_years − 1`` years before it (default 3: the sensitive period
  of seed 000); needs the network's year;
* **may host** a site: high results or resilient; **priority trainee**: low
  results, at risk, crisis or a new school.

Quantiles are numpy's default (linear interpolation between order
statistics) over the schools whose value is known; a threshold is drawn
only from at least ``profile_min_schools`` known values. An unknown value
classifies nothing: it is neither low nor high, adverse nor not.

:func:`cluster` groups schools by their profile factors — their context
after seed 000 (social disadvantage, pupils, staff, years of work), not their
results, so that a cluster is "schools working in like conditions": the factors known for at
least half of the schools with indicators are kept, the schools that know
all of them are standardised (z-scores) and clustered by k-means
(scikit-learn, ``n_init=10``, ``random_state`` = the seed); k is
``profile_clusters`` when given, else the k in 2..``profile_max_clusters``
with the best silhouette (the smaller k on a tie). Clusters are numbered
1..k in the order of their first school in the table, so the same input
and seed give the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from mentornet.i18n import Message
from mentornet.model import Indicators, Network, Policy

__all__ = [
    "CLASSES",
    "FACTORS",
    "HOST_CLASSES",
    "PRIORITY_CLASSES",
    "Clusters",
    "Profile",
    "SchoolProfile",
    "classify",
    "cluster",
    "planning_profile",
    "profile_network",
    "quantile",
]

#: The classes, in the order reports list them.
CLASSES: tuple[str, ...] = ("low_results", "at_risk", "crisis", "high_results", "resilient", "new_school")
#: Classes that may host an internship site (seeds 001/002).
HOST_CLASSES: frozenset[str] = frozenset({"high_results", "resilient"})
#: Classes served first as trainees (seeds 001/002/004, and seed 000 for new schools).
PRIORITY_CLASSES: frozenset[str] = frozenset({"low_results", "at_risk", "crisis", "new_school"})
#: The profile factors clustered, in order: the school's context after seed 000
#: (social surroundings, contingent, staff, age), not its results — so that a
#: cluster groups schools working in like conditions, whatever their results.
FACTORS: tuple[str, ...] = ("adversity", "pupils", "staff", "years_open")
#: Fewest schools k-means is run on.
MIN_CLUSTERED = 3


def quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (numpy's linear interpolation)."""
    return float(np.quantile(np.asarray(values, dtype=float), q))


def _percent(q: float) -> int | float:
    p = round(q * 100, 6)
    return int(p) if float(p).is_integer() else p


@dataclass
class SchoolProfile:
    """One school's classification: its classes, the reasons, its factors and cluster."""

    school: str
    classes: tuple[str, ...] = ()
    reasons: tuple[Message, ...] = ()
    results: float | None = None
    adversity: float | None = None
    pupils: int | None = None
    staff: int | None = None
    opened: int | None = None
    years_open: int | None = None
    cluster: int | None = None

    @property
    def may_host(self) -> bool:
        """High results or resilient: may host an internship site."""
        return bool(HOST_CLASSES & set(self.classes))

    @property
    def is_priority(self) -> bool:
        """Low results, at risk, crisis or a new school: a priority trainee."""
        return bool(PRIORITY_CLASSES & set(self.classes))

    def factor(self, name: str) -> float | None:
        value = getattr(self, name)
        return None if value is None else float(value)


@dataclass
class Clusters:
    """The clustering: k, the factors used, the silhouette of each k tried."""

    k: int | None = None
    factors: tuple[str, ...] = ()
    silhouettes: dict[int, float] = field(default_factory=dict)
    chosen_by: str = ""  # "silhouette", "given" or "" (no clusters)
    centers: list[list[float]] = field(default_factory=list)  # in the factors' own units

    @property
    def silhouette(self) -> float | None:
        return self.silhouettes.get(self.k) if self.k is not None else None


@dataclass
class Profile:
    """The classification of a network's schools and their clusters.

    ``schools`` holds one entry per school of the network with an
    indicators row, in the table's order; ``notes`` says what could not be
    classified and why, and how the clusters were chosen.
    """

    schools: list[SchoolProfile] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)
    notes: list[Message] = field(default_factory=list)
    clusters: Clusters = field(default_factory=Clusters)
    year: int | None = None
    has_indicators: bool = False

    @property
    def by_school(self) -> dict[str, SchoolProfile]:
        return {p.school: p for p in self.schools}

    def count(self, cls: str) -> int:
        return sum(cls in p.classes for p in self.schools)

    def priority_schools(self) -> frozenset[str]:
        return frozenset(p.school for p in self.schools if p.is_priority)

    def host_schools(self) -> frozenset[str]:
        return frozenset(p.school for p in self.schools if p.may_host)

    def cluster_of(self) -> dict[str, int]:
        return {p.school: p.cluster for p in self.schools if p.cluster is not None}


def _threshold(values: list[float], q: float, name: str, policy: Policy, prof: Profile) -> float | None:
    if len(values) < policy.profile_min_schools:
        prof.notes.append(Message(code="profile.too_few", params={"n": len(values), "factor": name, "min": policy.profile_min_schools}))
        return None
    t = quantile(values, q)
    prof.notes.append(Message(code="profile.threshold", params={"factor": name, "q": _percent(q), "n": len(values), "threshold": t}))
    return t


def classify(network: Network, policy: Policy | None = None, *, year: int | None = None) -> Profile:
    """Classify the schools of ``network`` by their indicators (rules in the module docstring).

    Parameters
    ----------
    network : Network
        Its ``indicators`` table is read; a network without one gives an
        empty profile with a note saying so.
    policy : Policy, optional
        The thresholds (``profile_*``); the defaults when omitted.
    year : int, optional
        The year new schools are counted from; the network's ``year`` when
        omitted. Without either, no school is classified as new.

    Returns
    -------
    Profile
        Classes and reasons per school (no clusters: see :func:`cluster`).
    """
    policy = policy or Policy()
    year = year if year is not None else network.year
    prof = Profile(year=year, has_indicators=bool(network.indicators))
    if not network.indicators:
        prof.notes.append(Message(code="profile.no_indicators"))
        return prof
    rows: list[Indicators] = list(network.indicators)
    results = [r.results_index for r in rows]
    known_results = [v for v in results if v is not None]
    known_adv = [r.adversity for r in rows if r.adversity is not None]
    low = _threshold(known_results, policy.profile_low_quantile, "results", policy, prof)
    high = _threshold(known_results, policy.profile_high_quantile, "results", policy, prof) if low is not None else None
    adv = _threshold(known_adv, policy.profile_adverse_quantile, "adversity", policy, prof)
    for key, value in (("low", low), ("high", high), ("adverse", adv)):
        if value is not None:
            prof.thresholds[key] = value
    if year is None and any(r.opened is not None for r in rows):
        prof.notes.append(Message(code="profile.no_year"))
    for r, res in zip(rows, results, strict=True):
        sp = SchoolProfile(school=r.school, results=res, adversity=r.adversity, pupils=r.pupils, staff=r.staff, opened=r.opened)
        if year is not None and r.opened is not None and r.opened <= year:
            sp.years_open = year - r.opened + 1  # the opening year is year 1 of work
        classes: list[str] = []
        reasons: list[Message] = []
        is_low = is_high = is_adv = False
        if res is None:
            reasons.append(Message(code="profile.no_results"))
        else:
            if low is not None and res < low:
                is_low = True
                reasons.append(Message(code="profile.low_results", params={"q": _percent(policy.profile_low_quantile), "value": res, "threshold": low}))
            if high is not None and res >= high:
                is_high = True
                reasons.append(Message(code="profile.high_results", params={"q": _percent(policy.profile_high_quantile), "value": res, "threshold": high}))
        if r.adversity is None:
            reasons.append(Message(code="profile.no_adversity"))
        elif adv is not None and r.adversity >= adv:
            is_adv = True
            reasons.append(Message(code="profile.adverse", params={"q": _percent(policy.profile_adverse_quantile), "value": r.adversity, "threshold": adv}))
        if is_low:
            classes.append("low_results")
        if is_adv and res is not None and low is not None and high is not None and not is_low and not is_high:
            classes.append("at_risk")
            reasons.append(Message(code="profile.at_risk"))
        if is_low and is_adv:
            classes.append("crisis")
            reasons.append(Message(code="profile.crisis"))
        if is_high:
            classes.append("high_results")
        if is_high and is_adv:
            classes.append("resilient")
            reasons.append(Message(code="profile.resilient"))
        if sp.years_open is not None and sp.years_open <= policy.profile_new_years:
            classes.append("new_school")
            reasons.append(Message(code="profile.new_school", params={"opened": r.opened, "age": sp.years_open, "years": policy.profile_new_years}))
        sp.classes = tuple(classes)
        if sp.may_host:
            reasons.append(Message(code="profile.may_host"))
        if sp.is_priority:
            reasons.append(Message(code="profile.priority"))
        sp.reasons = tuple(reasons)
        prof.schools.append(sp)
    prof.notes.append(Message(code="profile.summary", params={
        "schools": len(prof.schools), "low": prof.count("low_results"), "at_risk": prof.count("at_risk"), "crisis": prof.count("crisis"),
        "high": prof.count("high_results"), "resilient": prof.count("resilient"), "new": prof.count("new_school")}))
    return prof


def cluster(prof: Profile, policy: Policy | None = None, *, k: int | None = None, seed: int | None = None) -> Profile:
    """Cluster the classified schools by their profile factors (method in the module docstring).

    Parameters
    ----------
    prof : Profile
        From :func:`classify`; its schools get their ``cluster`` set.
    policy : Policy, optional
        ``profile_clusters``, ``profile_max_clusters`` and ``seed``.
    k, seed : int, optional
        Override the policy's number of clusters and seed.

    Returns
    -------
    Profile
        ``prof`` itself, clustered (or with a note saying why not).
    """
    policy = policy or Policy()
    k = k if k is not None else policy.profile_clusters
    seed = seed if seed is not None else policy.seed
    if not prof.schools:
        return prof
    half = len(prof.schools) / 2
    factors = tuple(f for f in FACTORS if sum(p.factor(f) is not None for p in prof.schools) >= half)
    members = [p for p in prof.schools if factors and all(p.factor(f) is not None for f in factors)]
    if len(members) < MIN_CLUSTERED or (k is not None and k > len(members) - 1):
        prof.notes.append(Message(code="profile.no_clusters", params={"n": len(members), "factors": ",".join(factors), "min": max(MIN_CLUSTERED, (k or 0) + 1)}))
        return prof
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    with threadpool_limits(1):  # a few hundred points: threads only cost, and on a shared machine much
        return _kmeans(prof, policy, k, seed, members, factors)


def _kmeans(prof: Profile, policy: Policy, k: int | None, seed: int, members: list[SchoolProfile], factors: tuple[str, ...]) -> Profile:
    """The k-means part of :func:`cluster` (standardise, fit, choose k, number the clusters)."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler

    x = np.array([[p.factor(f) for f in factors] for p in members], dtype=float)
    z = StandardScaler().fit_transform(x)
    distinct = len({tuple(row) for row in z.round(12).tolist()})

    def fit(n: int) -> np.ndarray:
        return np.asarray(KMeans(n_clusters=n, n_init=10, random_state=seed).fit_predict(z))

    labels: np.ndarray | None = None
    silhouettes: dict[int, float] = {}
    if k is not None:
        labels = fit(k)
        if 2 <= len(set(labels.tolist())) <= len(members) - 1:
            silhouettes[k] = float(silhouette_score(z, labels))
        chosen_by = "given"
    else:
        best: tuple[float, int] | None = None
        for n in range(2, min(policy.profile_max_clusters, len(members) - 1, distinct) + 1):
            lab = fit(n)
            if len(set(lab.tolist())) < 2:
                continue
            s = float(silhouette_score(z, lab))
            silhouettes[n] = s
            if best is None or s > best[0] + 1e-12:
                best, labels = (s, n), lab
        if best is None or labels is None:
            prof.notes.append(Message(code="profile.no_clusters", params={"n": len(members), "factors": ",".join(factors), "min": MIN_CLUSTERED}))
            return prof
        k = best[1]
        chosen_by = "silhouette"
    assert labels is not None and k is not None
    # Number clusters 1..k by their first school in the table (k-means labels are arbitrary).
    order: dict[int, int] = {}
    for lab in labels.tolist():
        order.setdefault(int(lab), len(order) + 1)
    for p, lab in zip(members, labels.tolist(), strict=True):
        p.cluster = order[int(lab)]
        p.reasons = (*p.reasons, Message(code="profile.cluster", params={"cluster": p.cluster, "k": k}))
    centers = []
    for c in range(1, k + 1):
        rows = [i for i, p in enumerate(members) if p.cluster == c]
        centers.append([float(v) for v in x[rows].mean(axis=0)] if rows else [])
    prof.clusters = Clusters(k=k, factors=factors, silhouettes=silhouettes, chosen_by=chosen_by, centers=centers)
    code = "profile.clusters_silhouette" if chosen_by == "silhouette" else "profile.clusters_given"
    prof.notes.append(Message(code=code, params={
        "k": k, "n": len(members), "factors": ",".join(factors),
        "silhouette": silhouettes.get(k, float("nan")), "max_k": policy.profile_max_clusters}))
    if len(members) < len(prof.schools):
        prof.notes.append(Message(code="profile.unclustered", params={"n": len(prof.schools) - len(members)}))
    return prof


def profile_network(network: Network, policy: Policy | None = None, *, year: int | None = None,
                    k: int | None = None, seed: int | None = None) -> Profile:
    """:func:`classify` then :func:`cluster`: the whole profile of a network."""
    return cluster(classify(network, policy, year=year), policy, k=k, seed=seed)


# The planner's profile of a network, computed once per (network, policy settings):
# the objective terms, the candidate edges and the reasons all read the same one.
_PLANNING: dict[int, tuple[Network, tuple[object, ...], Profile]] = {}


def planning_profile(network: Network, policy: Policy) -> Profile | None:
    """The profile the planner uses (:func:`profile_network` under ``policy``), ``None`` without indicators.

    Cached per network object and profile settings, so the terms of one
    solve (and the reasons of its plan) share one clustering.
    """
    if not network.indicators:
        return None
    key = (*(getattr(policy, k) for k in sorted(type(policy).model_fields) if k.startswith("profile_")), policy.seed)
    hit = _PLANNING.get(id(network))
    if hit is not None and hit[0] is network and hit[1] == key:
        return hit[2]
    prof = profile_network(network, policy)
    if len(_PLANNING) >= 16:
        _PLANNING.clear()
    _PLANNING[id(network)] = (network, key, prof)
    return prof
