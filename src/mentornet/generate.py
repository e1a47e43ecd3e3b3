"""Synthetic, realistic and reproducible networks for tests and benchmarks.

:func:`generate_network` draws a region of municipalities with schools in
plausible proportions (rural districts have more basic schools), clusters
coordinates around municipality centres, correlates competence scores within
a school, and marks low-results, adverse-condition, resilient and new
schools. Everything is drawn from one ``numpy.random.Generator`` seeded by
``seed`` and vectorised, so that the same arguments give the same network
and 40,000 schools take a few seconds.

Two programme shapes (docs/design.md): the default is the mutual-internship
shape (every school has a score or level in the directions it takes part
in); ``sites=K`` gives the site-based shape, where K high-results or
resilient schools are locked as leaders of their directions and the other
schools, mostly with low results, are their trainees, each district with
its scientific consultant.
"""

from __future__ import annotations

import math

import numpy as np

from mentornet.model import (
    SITE_TERM_YEARS,
    Competence,
    Curator,
    Direction,
    Kind,
    Level,
    Locks,
    Network,
    Results,
    RoleLock,
    School,
    Settlement,
    Site,
)

__all__ = [
    "DIRECTION_NAMES",
    "INDICATORS_YEAR",
    "INDICATOR_SUBJECTS",
    "SITE_REGION_POLICY",
    "SITE_THEMES",
    "generate_indicators",
    "generate_network",
    "generate_site_region",
]

#: Direction names: the seven of Krymsky 2021 first, then other common ones.
DIRECTION_NAMES: tuple[str, ...] = (
    "Система качества подготовки обучающихся",
    "Система работы ШНОР",
    "Система выявления, поддержки и развития способностей и талантов у детей и молодежи",
    "Система работы по самоопределению и профессиональной ориентации обучающихся",
    "Система эффективности работы руководителей ОО",
    "Система обеспечения профессионального развития педагогических работников",
    "Система организации воспитания обучающихся",
    "Формирование функциональной грамотности обучающихся",
    "Цифровая образовательная среда",
    "Объективность оценивания образовательных результатов",
    "Инклюзивное образование",
    "Работа с родительским сообществом",
    "Сетевое взаимодействие и дополнительное образование",
    "Профилактика учебной неуспешности",
)
# Directions taught at a distance: pairs there have no distance limit.
_ONLINE = {"Цифровая образовательная среда"}

_ROOTS = (
    "Озёрный", "Лесной", "Северный", "Южный", "Речной", "Степной", "Горный", "Заречный",
    "Приморский", "Луговой", "Сосновый", "Берёзовый", "Полевой", "Кленовый", "Новый", "Старый",
    "Верхний", "Нижний", "Дальний", "Светлый", "Ясный", "Тихий", "Быстрый", "Каменный",
)
_SURNAMES = (
    "Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова", "Михайлова",
    "Новикова", "Фёдорова", "Морозова", "Волкова", "Алексеева", "Лебедева", "Семёнова", "Егорова",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
)
_INITIALS = "АБВГДЕИКЛМНОПРСТЮ"

_KINDS = (Kind.basic, Kind.secondary, Kind.gymnasium, Kind.lyceum)
_KIND_WORD = {Kind.basic: "ООШ", Kind.secondary: "СОШ", Kind.gymnasium: "гимназия", Kind.lyceum: "лицей"}
# Kind proportions by settlement: rural areas have many small basic schools.
_KIND_P_RURAL = np.array([0.36, 0.62, 0.01, 0.01])
_KIND_P_URBAN = np.array([0.06, 0.70, 0.12, 0.12])
# Median pupils per kind (rural, urban); host capacity follows school size.
_SIZE_RURAL = np.array([90.0, 330.0, 600.0, 600.0])
_SIZE_URBAN = np.array([150.0, 850.0, 950.0, 900.0])

_KM_PER_DEG = 111.195
_EARTH_R = 6371.0088
# Scores at or above this are leaders whatever the policy's ambiguous band.
_CLEAR_LEADER = 78.0
# Reach of a site in the site-based shape, kept under the default max_km (100).
_SITE_REACH_KM = 85.0


def _haversine(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_R * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _person(rng: np.random.Generator) -> str:
    a, b = rng.integers(0, len(_INITIALS), 2)
    return f"{_SURNAMES[rng.integers(0, len(_SURNAMES))]} {_INITIALS[a]}.{_INITIALS[b]}."


def _muni_names(urban: np.ndarray) -> list[str]:
    out = []
    for i, is_urban in enumerate(urban):
        root = _ROOTS[i % len(_ROOTS)]
        lap = i // len(_ROOTS)
        base = f"{root} городской округ" if is_urban else f"{root} район"
        out.append(base if lap == 0 else f"{base} {lap + 1}")
    return out


def _with_regions(names: list[str], cx: np.ndarray, cy: np.ndarray, regions: int) -> list[str]:
    """``"REGION/MUNICIPALITY"`` names: municipalities grouped into regions of neighbours.

    Municipalities are ordered along the region's longer axis and cut into
    ``regions`` runs of near-equal length, so a region is a band of
    neighbouring districts (internships never cross regions).
    """
    axis = cx if np.ptp(cx) >= np.ptp(cy) else cy
    order = np.argsort(axis, kind="stable")
    region_of = np.empty(len(names), dtype=int)
    for r, chunk in enumerate(np.array_split(order, regions)):
        region_of[chunk] = r
    out = []
    for i, name in enumerate(names):
        r = region_of[i]
        root = _ROOTS[-1 - r % len(_ROOTS)]
        lap = r // len(_ROOTS)
        out.append(f"{root} край{'' if lap == 0 else f' {lap + 1}'}/{name}")
    return out


def generate_network(
    schools: int = 30,
    directions: int = 7,
    municipalities: int | None = None,
    seed: int = 0,
    *,
    name: str | None = None,
    level_only: bool = False,
    sites: int | None = None,
    regions: int | None = None,
) -> Network:
    """Draw a realistic synthetic network.

    Parameters
    ----------
    schools : int
        Number of schools (at least 2).
    directions : int
        Number of internship directions (at least 1); the first seven are
        named as in Krymsky 2021.
    municipalities : int, optional
        Number of municipalities (districts); default about one per 35
        schools. Their centres spread over a region a few hundred km wide;
        schools lie within ~5–40 km of their centre (towns are tighter).
    seed : int
        Seed of the random generator: the same arguments give an identical
        network.
    name : str, optional
        The network's name (default ``synthetic-<schools>x<directions>-s<seed>``).
    level_only : bool
        Give levels (leader / promising / hidden reserve) instead of scores,
        as in a hand-made role table.
    sites : int, optional
        The site-based shape: this many high-results or resilient schools,
        spread over the region, are locked as leaders of the directions they
        host; the other schools, mostly with low results, take part only in
        directions a site within reach offers; curators are one scientific
        consultant per district.
    regions : int, optional
        Group the municipalities into this many regions of neighbouring
        municipalities and write each school's municipality as
        ``"REGION/MUNICIPALITY"``, the form ``mentornet plan-many`` splits
        by. Needs at least as many municipalities (the default number of
        municipalities grows to match).

    Returns
    -------
    Network
        Scores 0..100 (or levels), school profiles, capacities, curators
        (a curator per direction and a consultant per municipality in the
        default shape) with limits that leave the default policy feasible.

    Raises
    ------
    ValueError
        For a size out of range.
    """
    if schools < 2:
        raise ValueError(f"schools must be at least 2, got {schools}")
    if directions < 1:
        raise ValueError(f"directions must be at least 1, got {directions}")
    if municipalities is not None and municipalities < 1:
        raise ValueError(f"municipalities must be at least 1, got {municipalities}")
    if sites is not None and not 1 <= sites < schools:
        raise ValueError(f"sites must be between 1 and schools - 1 ({schools - 1}), got {sites}")
    if regions is not None:
        if regions < 1:
            raise ValueError(f"regions must be at least 1, got {regions}")
        if regions > schools:
            raise ValueError(f"regions must not exceed schools ({schools}), got {regions}")
        if municipalities is not None and municipalities < regions:
            raise ValueError(f"each region needs a municipality: municipalities ({municipalities}) must be at least regions ({regions})")
    rng = np.random.default_rng(seed)
    S, D = schools, directions
    M = min(S, municipalities or max(regions or 1, round(S / 35)))

    # -- municipalities: type, centre, size -----------------------------------
    urban_m = np.zeros(M, dtype=bool)
    if M > 1:
        urban_m[rng.choice(M, size=max(1, round(0.25 * M)), replace=False)] = True
    width = 0.0 if M == 1 else min(600.0, 100.0 + 50.0 * math.sqrt(M))
    if sites:
        # Sites must reach every school: keep the region about K reaches wide.
        width = min(width, 90.0 * math.sqrt(sites))
    lat0, lon0 = rng.uniform(44.0, 60.0), rng.uniform(30.0, 60.0)
    cx, cy = rng.uniform(-width / 2, width / 2, M), rng.uniform(-width / 2, width / 2, M)  # km east, north
    radius = np.where(urban_m, rng.uniform(6.0, 12.0, M), rng.uniform(25.0, 40.0, M))
    weight = rng.lognormal(0.0, 0.4, M) * np.where(urban_m, 3.0, 1.0)
    base = min(8, S // M)
    counts = base + rng.multinomial(S - base * M, weight / weight.sum())
    muni = np.repeat(np.arange(M), counts)

    # -- schools: settlement, kind, size, place ----------------------------------
    urban = rng.random(S) < np.where(urban_m[muni], 0.92, 0.30)
    kind_p = np.where(urban[:, None], _KIND_P_URBAN, _KIND_P_RURAL)
    kind = (rng.random(S)[:, None] > np.cumsum(kind_p, axis=1)[:, :-1]).sum(axis=1)
    size = np.where(urban, _SIZE_URBAN[kind], _SIZE_RURAL[kind]) * rng.lognormal(0.0, 0.35, S)
    host_capacity = np.clip(np.rint(1 + size / 160), 2, 8).astype(int)
    # Town schools sit within a few km of the centre, village schools 5–40 km out.
    town = rng.uniform(0.5, 1.0, S) * np.minimum(radius[muni], 8.0)
    village = rng.uniform(5.0, np.maximum(radius[muni], 6.0))
    r_km = np.where(urban, town, village)
    angle = rng.uniform(0, 2 * np.pi, S)
    x = cx[muni] + r_km * np.cos(angle)
    y = cy[muni] + r_km * np.sin(angle)
    lat = lat0 + y / _KM_PER_DEG
    lon = lon0 + x / (_KM_PER_DEG * math.cos(math.radians(lat0)))

    # -- profile: adverse conditions, results, new schools ---------------------
    # Adverse conditions are likelier in villages; they pull results down,
    # and a few schools beat the odds (resilient schools).
    adv_latent = 0.9 * rng.standard_normal(S) + np.where(urban, -0.2, 0.5)
    adverse = np.round(1.0 / (1.0 + np.exp(-1.6 * (adv_latent - 0.9))), 2)
    quality = rng.standard_normal(S) - 0.55 * adv_latent + np.array([-0.2, 0.0, 0.6, 0.6])[kind]
    beats_odds = (adverse >= 0.5) & (rng.random(S) < 0.12)
    quality = quality + 1.8 * beats_odds
    results = np.where(quality < -1.35, 2, np.where(quality > 1.25, 0, 1))  # 0 high, 1 normal, 2 low
    is_new = rng.random(S) < np.where(urban, 0.05, 0.015)

    # -- competences: who takes part where, and how well ----------------------------
    offset = rng.normal(0.0, 4.0, D)
    score = 55.0 + 14.0 * quality[:, None] + offset[None, :] + 11.0 * rng.standard_normal((S, D))
    take = rng.random((S, D)) < rng.uniform(0.4, 0.8, S)[:, None]
    site_ids = np.array([], dtype=int)
    hosts = np.zeros((0, D), dtype=bool)
    if sites:
        site_ids, hosts, take, score, lat, lon, results = _site_shape(rng, sites, quality, adverse, take, score, lat, lon, results)
    else:
        empty = ~take.any(axis=1)
        take[empty, rng.integers(0, D, int(empty.sum()))] = True
        score = _ensure_leaders(rng, score, take, muni)
    score = np.round(np.clip(score, 0.0, 100.0), 1)
    mentor_cap: list[int | None] = [None] * D
    if sites:
        mentor_cap, site_load = _site_caps(take, hosts, site_ids, lat, lon)
        host_capacity[site_ids] = np.maximum(host_capacity[site_ids], site_load)

    # -- build the model ----------------------------------------------------------
    width_id = len(str(S))
    ids = [f"S{i + 1:0{width_id}d}" for i in range(S)]
    muni_name = _muni_names(urban_m)
    if regions:
        muni_name = _with_regions(muni_name, cx, cy, regions)
    number_in_muni = np.arange(S) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    labels = []
    for i in range(S):
        label = f"МБОУ {_KIND_WORD[_KINDS[kind[i]]]} № {number_in_muni[i]}"
        labels.append(label if M == 1 else f"{label} ({muni_name[muni[i]].rsplit('/', 1)[-1]})")
    result_of = (Results.high, Results.normal, Results.low)
    school_objs = tuple(
        School(
            id=ids[i],
            name=labels[i],
            municipality=muni_name[muni[i]],
            kind=_KINDS[kind[i]],
            settlement=Settlement.urban if urban[i] else Settlement.rural,
            lat=round(float(lat[i]), 5),
            lon=round(float(lon[i]), 5),
            results=result_of[results[i]],
            adverse=float(adverse[i]),
            is_new=bool(is_new[i]),
            host_capacity=int(host_capacity[i]),
        )
        for i in range(S)
    )
    dir_ids = [str(j + 1) for j in range(D)]
    dir_names = [DIRECTION_NAMES[j] if j < len(DIRECTION_NAMES) else f"Направление {j + 1}" for j in range(D)]
    part = take.sum(axis=0)

    curators: list[Curator] = []
    dir_curators: list[tuple[str, ...]] = [() for _ in range(D)]
    muni_counts = np.bincount(muni, minlength=M)
    if not sites:
        for j in range(D):
            cid = f"C-D{j + 1:02d}"
            curators.append(Curator(id=cid, name=_person(rng), max_teams=max(5, math.ceil(part[j] / 2)), directions=(dir_ids[j],)))
            dir_curators[j] = (cid,)
    for m in range(M):
        # A consultant alone can supervise every pair a district may need
        # (each school learns in at most three directions a year by default).
        curators.append(Curator(id=f"C-M{m + 1:02d}", name=_person(rng), max_teams=int(3 * muni_counts[m] + 2), municipalities=(muni_name[m],)))

    direction_objs = tuple(
        Direction(id=dir_ids[j], name=dir_names[j], curators=dir_curators[j], mentor_cap=mentor_cap[j], online=dir_names[j] in _ONLINE)
        for j in range(D)
    )

    rows, cols = np.nonzero(take)
    values = score[rows, cols]
    if level_only:
        lvl_idx = np.where(values >= 70.0, 0, np.where(values < 40.0, 2, 1))
        levels = (Level.leader, Level.promising, Level.hidden_reserve)
        competences = tuple(
            Competence(school=ids[r], direction=dir_ids[c], level=levels[k])
            for r, c, k in zip(rows.tolist(), cols.tolist(), lvl_idx.tolist())
        )
    else:
        competences = tuple(
            Competence(school=ids[r], direction=dir_ids[c], score=v)
            for r, c, v in zip(rows.tolist(), cols.tolist(), values.tolist())
        )
    locks = Locks()
    if sites:
        locks = Locks(roles=tuple(
            RoleLock(school=ids[s], direction=dir_ids[j], role=Level.leader)
            for k, s in enumerate(site_ids.tolist())
            for j in np.flatnonzero(hosts[k]).tolist()
        ))
    shape = (f"-sites{sites}" if sites else "") + (f"-r{regions}" if regions else "")
    return Network(
        name=name or f"synthetic-{S}x{D}{shape}-s{seed}",
        schools=school_objs,
        directions=direction_objs,
        curators=tuple(curators),
        competences=competences,
        locks=locks,
    )


def _ensure_leaders(rng: np.random.Generator, score: np.ndarray, take: np.ndarray, muni: np.ndarray) -> np.ndarray:
    """Raise the best teams of each (municipality, direction) to clear leaders.

    One leader per six participants (at least one) keeps the default caps
    able to host most trainees within each district, so that every school
    can be paired without long trips.
    """
    score = score.copy()
    for d in range(score.shape[1]):
        idx = np.flatnonzero(take[:, d])
        if idx.size == 0:
            continue
        order = idx[np.lexsort((-score[idx, d], muni[idx]))]
        g = muni[order]
        start = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        sizes = np.diff(np.r_[start, order.size])
        rank = np.arange(order.size) - np.repeat(start, sizes)
        need = np.repeat(np.maximum(1, np.ceil(sizes / 6)), sizes)
        boost = order[rank < need]
        score[boost, d] = np.maximum(score[boost, d], _CLEAR_LEADER + rng.uniform(0.0, 14.0, boost.size))
    return score


def _site_shape(rng, k, quality, adverse, take, score, lat, lon, results):
    """Pick and equip K internship sites; make the rest their trainees.

    Sites are chosen by farthest-point sampling among the better half of
    schools, so they spread over the region; a school beyond every site's
    reach is moved within it (a rare outlier of a wide district).
    """
    S, D = score.shape
    good = np.flatnonzero(quality >= np.median(quality))
    if good.size < k:
        good = np.argsort(-quality)[: max(k, good.size)]
    chosen = [int(good[np.argmax(quality[good])])]
    nearest = _haversine(lat[chosen[0]], lon[chosen[0]], lat, lon)
    while len(chosen) < k:
        cand = good[~np.isin(good, chosen)]
        nxt = int(cand[np.argmax(nearest[cand])])
        chosen.append(nxt)
        nearest = np.minimum(nearest, _haversine(lat[nxt], lon[nxt], lat, lon))
    site_ids = np.array(chosen)
    is_site = np.zeros(S, dtype=bool)
    is_site[site_ids] = True

    # Every direction gets a host; a site hosts one to three directions.
    hosts = rng.random((k, D)) < min(1.0, 1.5 / D)
    hosts[np.arange(k), np.arange(k) % D] = True

    dist = _haversine(lat[site_ids][None, :], lon[site_ids][None, :], lat[:, None], lon[:, None])  # S × K
    lat, lon = lat.copy(), lon.copy()
    far = np.flatnonzero(~is_site & (dist.min(axis=1) > _SITE_REACH_KM))
    if far.size:
        near = site_ids[dist[far].argmin(axis=1)]
        shrink = (_SITE_REACH_KM * rng.uniform(0.6, 0.95, far.size)) / dist[far].min(axis=1)
        lat[far] = lat[near] + (lat[far] - lat[near]) * shrink
        lon[far] = lon[near] + (lon[far] - lon[near]) * shrink
        dist = _haversine(lat[site_ids][None, :], lon[site_ids][None, :], lat[:, None], lon[:, None])
    reach = dist <= _SITE_REACH_KM  # S × K
    offered = (reach.astype(int) @ hosts.astype(int)) > 0  # S × D: a site within reach hosts it

    # A trainee school attaches to a site in one or two directions, as in
    # the Leningrad roadmap, not in everything on offer.
    take = take & offered & ~is_site[:, None]
    keys = np.where(take, rng.random((S, D)), 2.0)
    rank = keys.argsort(axis=1).argsort(axis=1)
    take &= rank < np.where(rng.random(S) < 0.6, 1, 2)[:, None]
    empty = np.flatnonzero(~is_site & ~take.any(axis=1))
    if empty.size:
        # Join one direction on offer within reach (there is one: every school is within reach of a site).
        pick = np.argmax(offered[empty] * rng.random((empty.size, D)), axis=1)
        take[empty, pick] = True
    take[site_ids] = hosts

    results = results.copy()
    # Sites are high-results schools (resilient when in adverse conditions);
    # most others have low results, the rest normal ones.
    results[site_ids] = 0
    others = np.flatnonzero(~is_site)
    p_low = np.where(adverse[others] >= 0.5, 0.85, 0.6)
    results[others] = np.where(rng.random(others.size) < p_low, 2, 1)
    score = score.copy()
    score[site_ids] = rng.uniform(_CLEAR_LEADER + 4, 99.0, (k, D))
    low = results == 2
    score[low] = rng.uniform(8.0, 42.0, (int(low.sum()), D))
    normal = ~is_site & (results == 1)
    score[normal] = rng.uniform(35.0, 62.0, (int(normal.sum()), D))
    return site_ids, hosts, take, score, lat, lon, results


def _site_caps(take, hosts, site_ids, lat, lon) -> tuple[list[int | None], np.ndarray]:
    """Per-direction mentor caps and site host capacities for the trainees within reach.

    Each trainee need is shared evenly among the sites within reach that
    host its direction; a direction's cap is the largest share a site gets,
    with a margin, and never below the default cap of 4; a site's host
    capacity is its whole share, with the same margin.
    """
    is_site = np.zeros(take.shape[0], dtype=bool)
    is_site[site_ids] = True
    dist = _haversine(lat[site_ids][None, :], lon[site_ids][None, :], lat[:, None], lon[:, None])
    reach = (dist <= _SITE_REACH_KM) & ~is_site[:, None]
    n_hosts = reach.astype(float) @ hosts.astype(float)  # S × D
    share = np.where(take & ~is_site[:, None], 1.0 / np.maximum(n_hosts, 1.0), 0.0)
    demand = (reach.T.astype(float) @ share) * hosts  # K × D
    caps: list[int | None] = [max(4, math.ceil(1.25 * demand[:, j].max()) + 1) for j in range(take.shape[1])]
    return caps, np.ceil(1.25 * demand.sum(axis=1)).astype(int) + 1


# ---------------------------------------------------------------- the site-based shape (seeds 001/002)

#: The policy a generated site-based region is written with: the shape, and
#: online themes kept within a 100 km radius anyway (issue 14).
SITE_REGION_POLICY: dict[str, object] = {"shape": "site_based", "online_max_km": 100.0}

#: The four themes of a Leningrad-style roadmap year (seed 001): two for
#: teachers on the sites' premises (open lessons, master classes), two for
#: heads run online (ZOOM workshops). Synthetic wording after the seed.
SITE_THEMES: tuple[tuple[str, bool], ...] = (
    ("Методический конструктор современного урока: групповые формы учебной работы (педагоги)", False),
    ("Управленческая мастерская «Управление рисками в образовательной организации» (руководители)", True),
    ("Управленческая мастерская «Управление инновациями в образовательных системах» (руководители)", True),
    ("Современные образовательные технологии для функциональной грамотности (педагоги)", False),
)
# Districts a consultant covers (seed 001: 18 districts, 7 consultants, one covers five).
_CONSULTANT_DISTRICTS = (5, 3, 2, 2, 2, 2, 2)
_DISTRICT_STEP_KM = 50.0


def generate_site_region(
    trainees: int = 74,
    sites: int = 9,
    municipalities: int = 18,
    consultants: int = 7,
    directions: int = 4,
    seed: int = 0,
    *,
    candidates: int = 6,
    year: int = 2022,
    name: str | None = None,
) -> Network:
    """A synthetic site-based region modelled on seeds 001/002 (Leningrad oblast).

    Districts lie on a grid 50 km apart (three rows); internship sites
    (стажировочные площадки) are high-results or resilient schools in every
    other district, so that each district without a site borders one; one
    site is a network of two schools sharing its capacity; a few
    high-results schools in districts without a site are candidates for a
    new one. Low-results
    schools (ШНОР) learn in two to four of the themes; two of the four themes
    are online. Each district has a scientific consultant; a consultant
    covers several districts (five, three, then two each). Sites got their
    status in ``year - 2``, ``year - 1`` or ``year`` for three years (seed
    002: "на срок до трех лет"), so some terms end in the plan year.

    Parameters
    ----------
    trainees : int
        Low-results schools (at least ``municipalities``).
    sites : int
        Internship sites (at most ``municipalities``; at least 2).
    municipalities : int
        Districts (at least 2).
    consultants : int
        Scientific consultants (1 to ``municipalities``).
    directions : int
        Themes (1 to 4; the second and third are online).
    candidates : int
        High-results schools that are not (yet) sites, in districts without
        one: leaders in one to three themes, the candidates for a new site.
    seed : int
        The same arguments give an identical network.
    year : int
        The plan year (the network's ``year``).
    name : str, optional
        Default ``synthetic-sites-<sites>x<trainees>-s<seed>``.

    Returns
    -------
    Network
        With a ``sites`` table (capacity in schools and in pairs), role locks
        making the sites' schools leaders in every theme, and a consultant
        per district as curators scoped by municipality.

    Raises
    ------
    ValueError
        For a size out of range.
    """
    if municipalities < 2:
        raise ValueError(f"municipalities must be at least 2, got {municipalities}")
    if not 2 <= sites <= municipalities:
        raise ValueError(f"sites must be between 2 and municipalities ({municipalities}), got {sites}")
    if trainees < municipalities:
        raise ValueError(f"trainees must be at least municipalities ({municipalities}), got {trainees}")
    if not 1 <= consultants <= municipalities:
        raise ValueError(f"consultants must be between 1 and municipalities ({municipalities}), got {consultants}")
    if not 1 <= directions <= len(SITE_THEMES):
        raise ValueError(f"directions must be between 1 and {len(SITE_THEMES)}, got {directions}")
    rng = np.random.default_rng(seed)
    M, K, D = municipalities, sites, directions
    rows = 3 if M >= 6 else 1
    cols = math.ceil(M / rows)
    gx = np.array([(m // rows) for m in range(M)], dtype=float)
    gy = np.array([(m % rows) for m in range(M)], dtype=float)
    cx = (gx - (cols - 1) / 2) * _DISTRICT_STEP_KM + rng.uniform(-4, 4, M)
    cy = (gy - (rows - 1) / 2) * _DISTRICT_STEP_KM + rng.uniform(-4, 4, M)
    # Sites in a checkerboard of districts: every district without a site borders one.
    board = np.flatnonzero(((gx + gy) % 2) == 0)
    others = np.flatnonzero(((gx + gy) % 2) == 1)
    site_muni = np.concatenate([board, others])[:K] if board.size < K else np.sort(rng.choice(board, K, replace=False))
    urban_m = np.zeros(M, dtype=bool)
    urban_m[site_muni[: max(1, K // 3)]] = True
    lat0, lon0 = 59.6, 31.5

    # Low-results schools per district: at least one each, the rest by district size.
    weight = rng.lognormal(0.0, 0.35, M) * np.where(np.isin(np.arange(M), site_muni), 1.3, 1.0)
    counts = 1 + rng.multinomial(trainees - M, weight / weight.sum())
    muni = np.concatenate([np.full(K, -1), np.repeat(np.arange(M), counts)])
    muni[:K] = site_muni
    members = [[k] for k in range(K)]
    # One site is a network of two schools (seed 002: a site may be a network).
    net_site = int(rng.integers(0, K))
    muni = np.concatenate([muni[:K], [site_muni[net_site]], muni[K:]])
    members[net_site].append(K)
    n_site_schools = K + 1
    siteless = np.setdiff1d(np.arange(M), site_muni)
    pool = siteless if siteless.size else np.arange(M)
    cand_muni = rng.choice(pool, candidates, replace=candidates > pool.size)
    muni = np.concatenate([muni, cand_muni])
    S = muni.size
    is_site = np.zeros(S, dtype=bool)
    is_site[:n_site_schools] = True
    is_cand = np.zeros(S, dtype=bool)
    is_cand[S - candidates:] = True
    urban = np.where(is_site, rng.random(S) < 0.8, rng.random(S) < np.where(urban_m[muni], 0.6, 0.2))
    r_km = np.where(is_site, rng.uniform(0.5, 6.0, S), np.where(urban, rng.uniform(0.5, 8.0, S), rng.uniform(5.0, 19.0, S)))
    angle = rng.uniform(0, 2 * np.pi, S)
    x = cx[muni] + r_km * np.cos(angle)
    y = cy[muni] + r_km * np.sin(angle)
    lat = lat0 + y / _KM_PER_DEG
    lon = lon0 + x / (_KM_PER_DEG * math.cos(math.radians(lat0)))
    kind_p = np.where(urban[:, None], _KIND_P_URBAN, _KIND_P_RURAL)
    kind = (rng.random(S)[:, None] > np.cumsum(kind_p, axis=1)[:, :-1]).sum(axis=1)
    kind[(is_site | is_cand) & (kind == 0)] = 1  # a site (or a candidate) is not a small basic school
    adverse = np.round(np.where(is_site, rng.uniform(0.1, 0.7, S), rng.uniform(0.3, 0.95, S)), 2)
    is_new = ~is_site & ~is_cand & (rng.random(S) < 0.03)
    learner = ~is_site & ~is_cand

    # Themes: sites host every theme; a low-results school learns in two to four.
    take = np.zeros((S, D), dtype=bool)
    take[is_site] = True
    n_take = np.minimum(D, rng.integers(2, 4, S))
    for i in np.flatnonzero(learner).tolist():
        take[i, rng.choice(D, int(n_take[i]), replace=False)] = True
    for i in np.flatnonzero(is_cand).tolist():
        take[i, rng.choice(D, int(rng.integers(1, min(D, 3) + 1)), replace=False)] = True
    score = np.where(is_site[:, None], rng.uniform(82.0, 98.0, (S, D)), rng.uniform(8.0, 34.0, (S, D)))
    score[is_cand] = rng.uniform(76.0, 92.0, (int(is_cand.sum()), D))
    score = np.round(score, 1)

    width_id = len(str(S))
    ids = [f"L{i + 1:0{width_id}d}" for i in range(S)]
    muni_name = _muni_names(urban_m)
    number = np.zeros(S, dtype=int)
    seen: dict[int, int] = {}
    for i in range(S):
        seen[int(muni[i])] = seen.get(int(muni[i]), 0) + 1
        number[i] = seen[int(muni[i])]
    school_objs = tuple(
        School(
            id=ids[i],
            name=f"МОУ {_KIND_WORD[_KINDS[kind[i]]]} № {number[i]} ({muni_name[muni[i]]})",
            municipality=muni_name[muni[i]],
            kind=_KINDS[kind[i]],
            settlement=Settlement.urban if urban[i] else Settlement.rural,
            lat=round(float(lat[i]), 5),
            lon=round(float(lon[i]), 5),
            results=Results.high if (is_site[i] or is_cand[i]) else Results.low,
            adverse=float(adverse[i]),
            is_new=bool(is_new[i]),
        )
        for i in range(S)
    )
    dir_ids = [str(j + 1) for j in range(D)]
    # A site hosts its whole team of schools in a theme (seed 001: groups "руководитель — руководители").
    direction_objs = tuple(
        Direction(id=dir_ids[j], name=SITE_THEMES[j][0], online=SITE_THEMES[j][1], mentor_cap=16) for j in range(D)
    )
    # Consultants: districts in grid order, five for the first, then three, then two each.
    spans = list(_CONSULTANT_DISTRICTS[:consultants]) if consultants == len(_CONSULTANT_DISTRICTS) and M == 18 else []
    if not spans:
        base_n, extra = divmod(M, consultants)
        spans = [base_n + (1 if c < extra else 0) for c in range(consultants)]
    curators = []
    start = 0
    for c, span in enumerate(spans):
        ms = list(range(start, start + span))
        start += span
        load = int(sum(int(take[(muni == m) & learner].sum()) for m in ms))
        curators.append(Curator(id=f"НК{c + 1}", name=_person(rng), max_teams=load + 5,
                                municipalities=tuple(muni_name[m] for m in ms)))
    # Capacity: a site's own district, its share of the districts it borders, and a margin.
    site_xy = np.stack([cx[site_muni], cy[site_muni]], axis=1)
    muni_xy = np.stack([cx, cy], axis=1)
    d_mk = np.linalg.norm(muni_xy[:, None, :] - site_xy[None, :, :], axis=2)
    share = np.zeros(K)
    for m in range(M):
        near = np.flatnonzero(d_mk[m] <= d_mk[m].min() + 1.0)
        share[near] += counts[m] / near.size
    site_objs = []
    starts = (year - 2, year - 1, year)
    for k in range(K):
        cap_schools = math.ceil(share[k] * 1.3) + 2
        site_objs.append(Site(
            id=f"П{k + 1:02d}",
            name=f"Стажировочная площадка {muni_name[site_muni[k]]}" + (" (сеть школ)" if len(members[k]) > 1 else ""),
            schools=tuple(ids[i] for i in members[k]),
            start_year=starts[k % 3],
            term_years=SITE_TERM_YEARS,
            max_schools=cap_schools,
            max_pairs=cap_schools * min(D, 3),
        ))
    comp_rows, comp_cols = np.nonzero(take)
    competences = tuple(
        Competence(school=ids[r], direction=dir_ids[c], score=float(score[r, c]))
        for r, c in zip(comp_rows.tolist(), comp_cols.tolist())
    )
    locks = Locks(roles=tuple(
        RoleLock(school=ids[i], direction=dir_ids[j], role=Level.leader)
        for i in np.flatnonzero(is_site).tolist() for j in range(D)
    ))
    host_caps = {ids[i]: site_objs[k].max_pairs for k in range(K) for i in members[k]}
    school_objs = tuple(s.model_copy(update={"host_capacity": host_caps[s.id]}) if s.id in host_caps else s for s in school_objs)
    return Network(
        name=name or f"synthetic-sites-{K}x{trainees}-s{seed}",
        year=year,
        schools=school_objs,
        directions=direction_objs,
        curators=tuple(curators),
        competences=competences,
        locks=locks,
        sites=tuple(site_objs),
    )


#: The year synthetic indicators count opening years from when the network gives none.
INDICATORS_YEAR = 2024
#: The subjects synthetic indicators give results for (besides the results index).
INDICATOR_SUBJECTS: tuple[str, ...] = ("математика", "русский язык")


def generate_indicators(network: Network, seed: int = 0) -> Network:
    """The network with a synthetic ``indicators`` table consistent with its roles.

    Each school's strength is read from the network: its ``results`` mark,
    whether it is a site (a member of a site, or a leader by role lock), and its mean competence
    (score / 100, or level rank / 2). Strong schools (high results, sites)
    get a results index in the top band, low-results schools one in the
    bottom band, the others one that follows their strength; a quarter of
    the strong schools without a known ``adverse`` value get an adverse
    social index (resilient schools), a known ``adverse`` is kept (with a
    little noise); weak and rural schools lean towards adverse conditions.
    Schools marked new opened within the last three years, and so does one
    in twenty of the schools whose ``is_new`` is unknown; pupils follow the
    kind and settlement, staff the pupils. About one school in twenty-five
    leaves its social index unknown, so that the unknown path is exercised.

    Parameters
    ----------
    network : Network
        The network to describe.
    seed : int
        Seed of the random generator: the same network and seed give the
        same table.

    Returns
    -------
    Network
        ``network`` with ``indicators`` (and, when it had no year,
        ``year`` = :data:`INDICATORS_YEAR`, the year opening years count from).
    """
    from mentornet.model import Indicators

    rng = np.random.default_rng(seed)
    year = network.year if network.year is not None else INDICATORS_YEAR
    sites = {r.school for r in network.locks.roles if r.role is Level.leader} | {sid for site in network.sites for sid in site.schools}
    strength: dict[str, list[float]] = {}
    for c in network.competences:
        value = c.score / 100 if c.score is not None else (c.level.rank / 2 if c.level is not None else None)
        if value is not None:
            strength.setdefault(c.school, []).append(value)
    rows = []
    for s in network.schools:
        st = float(np.mean(strength[s.id])) if s.id in strength else 0.5
        strong = s.results is Results.high or s.id in sites
        results = 30 + 45 * st + rng.normal(0, 5)
        if strong:
            results = max(results, rng.normal(76, 4))
        elif s.results is Results.low:
            results = min(results, rng.normal(36, 5))
        results = float(np.clip(results, 5, 98))
        if s.adverse is not None:
            adversity = float(np.clip(s.adverse + rng.normal(0, 0.05), 0, 1))
        elif strong and rng.random() < 0.25:
            adversity = float(rng.uniform(0.8, 0.97))  # a resilient school
        else:
            rural = 0.1 if s.settlement is Settlement.rural else 0.0
            adversity = float(np.clip(0.2 + 0.35 * (1 - st) + rural + rng.normal(0, 0.12), 0, 1))
        new = bool(s.is_new) if s.is_new is not None else bool(rng.random() < 0.05)
        opened = int(year - rng.integers(0, 3)) if new else int(year - rng.integers(4, 70))
        low, high = {Kind.basic: (60, 250), Kind.gymnasium: (600, 1400), Kind.lyceum: (600, 1400)}.get(s.kind, (250, 1100)) if s.kind else (150, 900)
        pupils = float(rng.integers(low, high))
        if s.settlement is Settlement.rural:
            pupils *= 0.6
        if new:
            pupils = float(rng.integers(900, 1500))  # new buildings are large (seed 000)
        staff = round(pupils / rng.uniform(11, 16)) + 3
        subjects = {name: round(float(np.clip(results + rng.normal(0, 4), 0, 100)), 1) for name in INDICATOR_SUBJECTS}
        rows.append(Indicators(
            school=s.id, results=round(results, 1), subjects=subjects,
            adversity=None if rng.random() < 0.04 else round(adversity, 2),
            pupils=int(pupils), staff=staff, opened=opened,
        ))
    return network.with_changes(indicators=tuple(rows), year=year)
