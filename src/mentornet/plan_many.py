"""National planning: many regions planned independently and in parallel.

A country (~40,000 schools in ~85 regions) is planned region by region:
internships do not cross regions, so every region is an independent
planning problem. :func:`plan_regions` sends each region to a worker, runs
the chosen solver there, passes the plan through the independent checker
(:func:`mentornet.check.check_plan`) and collects one
:class:`RegionResult` per region. A region that fails (infeasible, invalid
input, solver error) is reported with its explanation and never stops the
others.

Executors
---------
``local``
    :class:`concurrent.futures.ProcessPoolExecutor` with ``workers``
    processes (started with ``spawn``: no OR-Tools threads are forked).
``dask``
    :mod:`dask.distributed`: a :class:`~dask.distributed.LocalCluster` of
    ``workers`` single-threaded worker processes by default, or an existing
    cluster when ``scheduler`` gives its address (``tcp://host:8786``);
    every worker needs mentornet installed.
``serial``
    In this process, one region after another (debugging, profiling).

How a region is known
---------------------
The input is either a **folder of network files, one per region** (each
``.xlsx`` / ``.json`` / ``.csv`` file or sub-folder is a region, named by
its file stem), or **one network split by its municipalities**:

* a school's ``municipality`` written ``"REGION/MUNICIPALITY"`` (e.g.
  ``"R03/M12"``) names its region before the first ``/``;
* or a mapping file (CSV with columns ``municipality,region``, or a JSON
  object ``{"municipality": "region"}``) gives the region of every
  municipality; it wins over the prefix.

With ``by="municipality"`` every municipality is planned on its own (only
sensible when cross-municipality internships are off).

When one network is split, each region keeps its schools, their
competences, history and locks; directions are shared; a curator whose
scope names municipalities goes to the regions of those municipalities,
and a curator with no municipality scope is copied into every region, its
``max_teams`` then holding per region. A kept pair or history entry that
crosses regions cannot be honoured by regional planning: it is dropped
and reported in the region's ``notes``.

Each region is planned with the same policy; ``mentornet plan-many`` sets
CP-SAT's own search workers (``policy.workers``) to 1 per region by default,
since the parallelism is across regions.
"""

from __future__ import annotations

import csv
import json
import os
import re
import socket
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from mentornet.errors import (
    Conflict,
    InfeasibleError,
    InputError,
    MentornetError,
    Problem,
    SolverError,
    infeasible_summary,
)
from mentornet.i18n import Message
from mentornet.io.cells import safe_text
from mentornet.model import Curator, Direction, History, Locks, Network, Plan, Policy
from mentornet.names import natural_key

__all__ = [
    "REGION_SEP",
    "SUMMARY_COLUMNS",
    "RegionResult",
    "close_dask_client",
    "dask_client",
    "plan_regions",
    "solve_on_dask",
    "solve_task",
    "read_regions",
    "read_region_mapping",
    "region_language",
    "region_of",
    "safe_name",
    "join_regions",
    "split_network",
    "tag_region",
    "write_results",
]

#: Separator between region and municipality in a school's municipality.
REGION_SEP = "/"

Executor = Literal["local", "dask", "serial"]

#: Columns of ``summary.csv`` (and keys of each ``summary.json`` row), in order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "region",
    "schools",
    "directions",
    "status",
    "objective",
    "bound",
    "gap",
    "seconds",
    "solve_seconds",
    "violations",
    "schools_mentoring",
    "schools_involved",
    "needs_covered",
    "needs_deferred",
    "weighted_deficits_covered",
    "weighted_deficits_total",
    "worker",
    "error",
)

#: Statuses of a region that got a valid plan.
PLANNED = frozenset({"OPTIMAL", "FEASIBLE"})


@dataclass
class RegionResult:
    """What happened to one region.

    Attributes
    ----------
    region : str
    schools, directions : int
        Size of the region's network.
    status : str
        The solver's status (``OPTIMAL`` / ``FEASIBLE``) for a valid plan;
        ``INFEASIBLE`` (the hard constraints cannot all hold: see
        ``conflicts``), ``INVALID`` (the plan broke a hard constraint:
        see ``violation_messages``; it is not written as ``plan.json``),
        ``INPUT_ERROR`` or ``ERROR``.
    objective, bound, gap : float or None
        From the solver's statistics.
    seconds : float
        Wall time of the region's task on its worker (solve and check).
    solve_seconds : float
        The solver's own time.
    violations : int
        Hard-constraint violations found by the checker.
    schools_mentoring, schools_involved, needs_covered, needs_deferred,
    weighted_deficits_covered, weighted_deficits_total : number or None
        The checker's metrics.
    error : str
        Why the region has no valid plan, in English words ('' when it
        has one); :meth:`error_in` words it in the reader's language.
    conflicts : list of dict
        The :class:`~mentornet.errors.Conflict` s of an infeasible region
        (English, :meth:`~mentornet.errors.Conflict.as_dict`).
    conflict_records : list of dict
        The same as message codes (:meth:`~mentornet.errors.Conflict.as_record`),
        worded in the reader's language by :func:`write_results`.
    problem_records : list of dict
        The input problems of an ``INPUT_ERROR`` region as message codes
        (:meth:`~mentornet.errors.Problem.as_record`).
    violation_messages : list of str
    violation_records : list of dict
        The checker's violations as codes and facts
        (:meth:`mentornet.check.Violation.as_dict`), so that :meth:`error_in`
        words an ``INVALID`` region in the reader's language.
    error_text : dict or None
        A solver error's message code (:attr:`mentornet.errors.SolverError.text`),
        so that :meth:`error_in` words an ``ERROR`` region in the reader's language.
    notes : list of str
        What splitting dropped (cross-region locks or history).
    worker : str
        ``host:pid`` of the process that planned the region.
    plan : Plan or None
    """

    region: str
    schools: int = 0
    directions: int = 0
    status: str = "ERROR"
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    solve_seconds: float = 0.0
    violations: int = 0
    schools_mentoring: int | None = None
    schools_involved: int | None = None
    needs_covered: int | None = None
    needs_deferred: int | None = None
    weighted_deficits_covered: float | None = None
    weighted_deficits_total: float | None = None
    error: str = ""
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    conflict_records: list[dict[str, Any]] = field(default_factory=list)
    problem_records: list[dict[str, Any]] = field(default_factory=list)
    violation_messages: list[str] = field(default_factory=list)
    violation_records: list[dict[str, Any]] = field(default_factory=list)
    error_text: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    worker: str = ""
    plan: Plan | None = None

    @property
    def ok(self) -> bool:
        """True when the region has a valid plan."""
        return self.status in PLANNED and self.violations == 0

    def coded_conflicts(self) -> list[Conflict]:
        """The conflicts of an infeasible region, read back from their message codes."""
        return [Conflict.from_record(r) for r in self.conflict_records]

    def error_in(self, lang: str = "en") -> str:
        """Why the region has no valid plan, in ``lang``.

        An infeasible region's explanation is the grouped one every command
        prints (:func:`mentornet.errors.infeasible_summary`, one line each);
        an input error's problems are each placed and worded in ``lang``;
        a broken hard constraint is named by its number and rule, with the
        schools and directions involved; other errors read as :attr:`error`
        words them.
        """
        if self.conflict_records:
            return "\n".join(infeasible_summary(self.coded_conflicts(), lang))
        if self.problem_records:
            return "; ".join(Problem.from_record(r).render(lang) for r in self.problem_records)
        if self.violation_records:
            first = self.violation_records[0]
            return Message(code="many.violations", params={
                "n": len(self.violation_records), "constraint": first["constraint"], "rule": str(first["constraint"]),
                "schools": ", ".join(first["schools"]) or "—", "directions": ", ".join(first["directions"]) or "—",
            }).render(lang)
        if self.error_text:
            return Message.model_validate(self.error_text).render(lang)
        return self.error

    def summary_row(self, lang: str = "en") -> dict[str, Any]:
        """The region's row of ``summary.csv`` / ``summary.json``, its error in ``lang``."""
        return {k: self.error_in(lang) if k == "error" else getattr(self, k) for k in SUMMARY_COLUMNS}

    def to_dict(self) -> dict[str, Any]:
        """Every field but the plan, JSON-able."""
        out = asdict(self)
        out.pop("plan", None)
        return out


# ---------------------------------------------------------------- regions


def region_of(municipality: str, mapping: Mapping[str, str] | None = None) -> str | None:
    """The region of a municipality: from ``mapping``, else its ``REGION/`` prefix.

    Returns None when neither tells.
    """
    if mapping is not None and municipality in mapping:
        return mapping[municipality]
    if REGION_SEP in municipality:
        head = municipality.split(REGION_SEP, 1)[0].strip()
        return head or None
    return None


def read_region_mapping(path: str | Path) -> dict[str, str]:
    """Read a municipality → region mapping (CSV ``municipality,region`` or JSON object).

    Raises
    ------
    InputError
        Unreadable file, missing columns, or a municipality given two regions.
    """
    from mentornet.errors import Location, Problem

    path = Path(path)
    if not path.exists():
        raise InputError(Problem(Location(file=str(path)), "the region mapping file does not exist"))
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(Problem(Location(file=path.name), f"not a JSON object of municipality → region: {exc}")) from None
        if not isinstance(data, dict):
            raise InputError(Problem(Location(file=path.name), "expected a JSON object {\"municipality\": \"region\"}"))
        return {str(k): str(v) for k, v in data.items()}
    problems = []
    out: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        cols = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
        m_col = cols.get("municipality") or cols.get("муниципалитет")
        r_col = cols.get("region") or cols.get("регион")
        if m_col is None or r_col is None:
            raise InputError(Problem(Location(file=path.name, row=1), "expected columns 'municipality' and 'region'"))
        for i, row in enumerate(reader, start=2):
            m, r = (row.get(m_col) or "").strip(), (row.get(r_col) or "").strip()
            if not m and not r:
                continue
            if not m or not r:
                problems.append(Problem(Location(file=path.name, row=i), "a row needs both a municipality and a region"))
            elif m in out and out[m] != r:
                problems.append(Problem(Location(file=path.name, row=i, column=m_col), f"municipality '{m}' is already in region '{out[m]}'"))
            else:
                out[m] = r
    if problems:
        raise InputError(problems)
    return out


def split_network(
    network: Network,
    by: Literal["region", "municipality"] = "region",
    mapping: Mapping[str, str] | None = None,
) -> tuple[dict[str, Network], dict[str, list[str]]]:
    """Split one network into independent regional networks.

    Parameters
    ----------
    network : Network
    by : {"region", "municipality"}
        Group schools by their region (see :func:`region_of`) or by their
        municipality.
    mapping : mapping, optional
        Municipality → region; wins over the ``REGION/`` prefix.

    Returns
    -------
    networks : dict
        Region → its network, regions in the natural order of their names.
    notes : dict
        Region → what was dropped because it crosses regions.

    Raises
    ------
    InputError
        With ``by="region"``, when some municipality has no known region.
    """
    from mentornet.errors import Location, Problem

    key_of: dict[str, str] = {}
    unknown: list[str] = []
    for s in network.schools:
        if by == "municipality":
            key_of[s.id] = s.municipality or "(no municipality)"
        else:
            r = region_of(s.municipality, mapping)
            if r is None:
                unknown.append(s.municipality)
            else:
                key_of[s.id] = r
    if unknown:
        listed = ", ".join(f"'{m}'" for m in sorted(set(unknown))[:10])
        raise InputError(Problem(
            Location(field="schools.municipality"),
            f"cannot tell the region of municipality {listed}: write municipalities as 'REGION{REGION_SEP}MUNICIPALITY' "
            "(e.g. 'R03/M12'; `mentornet generate --regions N` writes them so), give a mapping file with columns "
            "municipality,region, or plan each municipality on its own (--by municipality)",
        ))
    regions = sorted(set(key_of.values()), key=natural_key)  # R2 before R10
    members: dict[str, set[str]] = {r: set() for r in regions}
    for sid, r in key_of.items():
        members[r].add(sid)
    munis_of: dict[str, set[str]] = {r: set() for r in regions}
    for s in network.schools:
        munis_of[key_of[s.id]].add(s.municipality)

    notes: dict[str, list[str]] = {r: [] for r in regions}

    def crossing(what: str, a: str, b: str, extra: str = "") -> None:
        ra, rb = key_of[a], key_of[b]
        text = f"{what} {a} → {b}{extra} crosses regions {ra} and {rb}: dropped (regions are planned independently)"
        notes[ra].append(text)
        if rb != ra:
            notes[rb].append(text)

    for p in network.locks.pairs:
        if key_of[p.mentor] != key_of[p.trainee]:
            crossing("the kept pair", p.mentor, p.trainee, f" in '{p.direction}'")

    out: dict[str, Network] = {}
    for r in regions:
        ids = members[r]
        munis = munis_of[r]
        curators: list[Curator] = []
        for c in network.curators:
            if not c.municipalities:
                curators.append(c)
            elif set(c.municipalities) & munis:
                curators.append(c.model_copy(update={"municipalities": tuple(m for m in c.municipalities if m in munis)}))
        kept = {c.id for c in curators}
        directions = [
            d if all(c in kept for c in d.curators) else d.model_copy(update={"curators": tuple(c for c in d.curators if c in kept)})
            for d in network.directions
        ]
        history = History(
            roles=tuple(h for h in network.history.roles if h.school in ids),
            pairs=tuple(h for h in network.history.pairs if h.mentor in ids and h.trainee in ids),
        )
        locks = Locks(
            pairs=tuple(p for p in network.locks.pairs if p.mentor in ids and p.trainee in ids),
            forbidden=tuple(p for p in network.locks.forbidden if p.mentor in ids and p.trainee in ids),
            roles=tuple(x for x in network.locks.roles if x.school in ids),
        )
        out[r] = Network(
            name=f"{network.name}{REGION_SEP}{r}" if network.name else r,
            year=network.year,
            schools=tuple(s for s in network.schools if s.id in ids),
            directions=tuple(directions),
            curators=tuple(curators),
            competences=tuple(c for c in network.competences if c.school in ids),
            history=history,
            locks=locks,
            indicators=tuple(i for i in network.indicators if i.school in ids),
        )
    return out, notes


def tag_region(network: Network, region: str, *, prefix_ids: bool = True) -> Network:
    """Mark a network as one region: municipalities become ``"REGION/MUNICIPALITY"``.

    Makes a network drawn by :func:`mentornet.generate.generate_network`
    (one call per region) ready for :func:`join_regions` and
    :func:`split_network`. With ``prefix_ids``, school and curator ids get
    ``"REGION-"`` in front so that they stay unique across regions; curators
    with no municipality scope are scoped to the region's municipalities
    (a curator works in one region).
    """
    munis = sorted({s.municipality for s in network.schools})
    new_muni = {m: f"{region}{REGION_SEP}{m}" for m in munis}
    sid = (lambda x: f"{region}-{x}") if prefix_ids else (lambda x: x)
    schools = tuple(s.model_copy(update={"id": sid(s.id), "municipality": new_muni[s.municipality]}) for s in network.schools)
    curators = tuple(
        c.model_copy(update={
            "id": sid(c.id),
            "municipalities": tuple(new_muni[m] for m in c.municipalities) if c.municipalities else tuple(new_muni.values()),
        })
        for c in network.curators
    )
    directions = tuple(d.model_copy(update={"curators": tuple(sid(c) for c in d.curators)}) for d in network.directions)
    competences = tuple(c.model_copy(update={"school": sid(c.school)}) for c in network.competences)
    history = History(
        roles=tuple(h.model_copy(update={"school": sid(h.school)}) for h in network.history.roles),
        pairs=tuple(h.model_copy(update={"mentor": sid(h.mentor), "trainee": sid(h.trainee)}) for h in network.history.pairs),
    )
    locks = Locks(
        pairs=tuple(p.model_copy(update={"mentor": sid(p.mentor), "trainee": sid(p.trainee)}) for p in network.locks.pairs),
        forbidden=tuple(p.model_copy(update={"mentor": sid(p.mentor), "trainee": sid(p.trainee)}) for p in network.locks.forbidden),
        roles=tuple(r.model_copy(update={"school": sid(r.school)}) for r in network.locks.roles),
    )
    indicators = tuple(i.model_copy(update={"school": sid(i.school)}) for i in network.indicators)
    return Network(name=f"{network.name}{REGION_SEP}{region}", year=network.year, schools=schools, directions=directions,
                   curators=curators, competences=competences, history=history, locks=locks, indicators=indicators)


def join_regions(networks: Mapping[str, Network], name: str = "country") -> Network:
    """One network from regional ones (ids must not collide: see :func:`tag_region`).

    Directions are merged by id (the first region's name, cap and online
    flag; the curators of every region).
    """
    directions: dict[str, Direction] = {}
    for net in networks.values():
        for d in net.directions:
            if d.id not in directions:
                directions[d.id] = d
            else:
                have = directions[d.id]
                directions[d.id] = have.model_copy(update={"curators": have.curators + tuple(c for c in d.curators if c not in have.curators)})
    nets = list(networks.values())
    return Network(
        name=name,
        year=nets[0].year if nets else None,
        schools=tuple(s for n in nets for s in n.schools),
        directions=tuple(directions.values()),
        curators=tuple(c for n in nets for c in n.curators),
        competences=tuple(c for n in nets for c in n.competences),
        history=History(roles=tuple(h for n in nets for h in n.history.roles), pairs=tuple(h for n in nets for h in n.history.pairs)),
        locks=Locks(
            pairs=tuple(p for n in nets for p in n.locks.pairs),
            forbidden=tuple(p for n in nets for p in n.locks.forbidden),
            roles=tuple(r for n in nets for r in n.locks.roles),
        ),
        indicators=tuple(i for n in nets for i in n.indicators),
    )


_NETWORK_SUFFIXES = (".xlsx", ".json", ".csv")


def _is_single_network_folder(path: Path) -> bool:
    """A folder of CSV tables (schools.csv, directions.csv …) is one network."""
    try:
        from mentornet.io.readers import _classify  # the readers' own table names
    except ImportError:  # pragma: no cover - readers not installed
        _classify = None
    for f in path.iterdir():
        if f.is_file() and f.suffix.lower() == ".csv":
            if _classify is not None:
                if _classify(f.stem) not in (None, "ignore"):
                    return True
            elif f.stem.lower() in ("schools", "школы"):
                return True
    return False


def read_regions(
    path: str | Path,
    by: Literal["region", "municipality"] = "region",
    mapping: Mapping[str, str] | None = None,
    policies: dict[str, Policy | None] | None = None,
) -> tuple[dict[str, Network], dict[str, list[str]], dict[str, InputError]]:
    """Read the regions to plan from a folder of per-region files or one network.

    Parameters
    ----------
    path : path
        A folder with one network per region (file or sub-folder; the region
        is its stem), or one network file (or a folder of CSV tables) to
        split by :func:`split_network`.
    by : {"region", "municipality"}
    mapping : mapping, optional
        Municipality → region, for splitting one network.
    policies : dict, optional
        Filled with region → the policy its input carries (``None`` without
        one); the regions split from one network share its policy.

    Returns
    -------
    networks : dict
        Region → network.
    notes : dict
        Region → notes from splitting.
    failed : dict
        Region → the :class:`InputError` of a region file that could not be
        read (the other regions are still returned).

    Raises
    ------
    InputError
        The path does not exist, holds no network, or one network cannot be
        read or split.
    """
    from mentornet.errors import Location, Problem
    from mentornet.io import read_network_and_policy

    if policies is None:
        policies = {}
    path = Path(path)
    if not path.exists():
        raise InputError(Problem(Location(file=str(path)), "no such file or folder"))
    if path.is_file() or _is_single_network_folder(path):
        whole, policy = read_network_and_policy(path)
        networks, notes = split_network(whole, by, mapping)
        policies.update(dict.fromkeys(networks, policy))
        return networks, notes, {}
    entries = sorted(
        (p for p in path.iterdir() if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in _NETWORK_SUFFIXES)),
        key=lambda p: natural_key(p.name),
    )
    if not entries:
        raise InputError(Problem(Location(file=str(path)), "the folder holds no network file (.xlsx, .json, .csv, or a folder of CSV tables)"))
    networks: dict[str, Network] = {}
    notes: dict[str, list[str]] = {}
    failed: dict[str, InputError] = {}
    for entry in entries:
        region = entry.stem if entry.is_file() else entry.name
        if region in networks or region in failed:
            failed[region] = InputError(Problem(Location(file=entry.name), f"a second file for region '{region}'"))
            continue
        try:
            net, region_policy = read_network_and_policy(entry)
        except InputError as exc:
            failed[region] = exc
            continue
        if by == "municipality":
            parts, part_notes = split_network(net, "municipality")
            for m, sub in parts.items():
                # Municipalities already written "REGION/MUNICIPALITY" keep their name.
                key = m if m.startswith(f"{region}{REGION_SEP}") else f"{region}{REGION_SEP}{m}"
                networks[key] = sub
                notes[key] = part_notes[m]
                policies[key] = region_policy
        else:
            networks[region] = net
            notes[region] = []
            policies[region] = region_policy
    return networks, notes, failed


# ---------------------------------------------------------------- planning


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


SolverArg = str | Callable[..., Plan]


def plan_one_region(region: str, network: Network, policy: Policy, solver: SolverArg = "cpsat") -> RegionResult:
    """Plan and check one region; never raises (a failure is a result).

    Runs on a worker. The solver (a registry name, or any importable
    callable with the :class:`~mentornet.solvers.Solver` signature) is
    called, then the plan is checked by :func:`mentornet.check.check_plan`;
    a plan with violations is reported ``INVALID`` (and carried for
    inspection).
    """
    t0 = time.perf_counter()
    res = RegionResult(region=region, schools=len(network.schools), directions=len(network.directions), worker=_worker_name())
    try:
        from mentornet.check import check_plan
        from mentornet.solvers import get_solver

        fn = get_solver(solver) if isinstance(solver, str) else solver
        plan = fn(network, policy, progress=None, warm_start=None, stop=None)
        report = check_plan(network, plan, policy)
        plan = plan.with_changes(metrics={**plan.metrics, **report.metrics}, network=plan.network or network.name)
        st = plan.solver
        res.plan = plan
        res.status = st.status
        res.objective, res.bound, res.gap, res.solve_seconds = st.objective, st.bound, st.gap, float(st.seconds or 0.0)
        m = report.metrics
        res.violations = len(report.violations)
        res.schools_mentoring = m.get("schools_mentoring")
        res.schools_involved = m.get("schools_involved")
        res.needs_covered = m.get("needs_covered")
        res.needs_deferred = m.get("needs_deferred")
        res.weighted_deficits_covered = m.get("weighted_deficits_covered")
        res.weighted_deficits_total = m.get("weighted_deficits_total")
        if report.violations:
            res.status = "INVALID"
            res.violation_messages = [str(v) for v in report.violations]
            res.violation_records = [v.as_dict() for v in report.violations]
            res.error = res.error_in("en")
    except InfeasibleError as exc:
        res.status = "INFEASIBLE"
        res.conflicts = [c.as_dict() for c in exc.conflicts]
        res.conflict_records = [c.as_record() for c in exc.conflicts]
        res.error = res.error_in("en") or str(exc)
    except InputError as exc:
        res.status = "INPUT_ERROR"
        res.problem_records = [p.as_record() for p in exc.problems]
        res.error = res.error_in("en") or str(exc)
    except MentornetError as exc:
        res.status = "ERROR"
        res.error = str(exc)
        if isinstance(exc, SolverError) and exc.text is not None:
            res.error_text = exc.text.model_dump(mode="json")
    except Exception as exc:  # noqa: BLE001 - a region's crash must not stop the others
        res.status = "ERROR"
        tb = traceback.format_exception_only(type(exc), exc)
        res.error = f"internal error: {''.join(tb).strip()}"
    res.seconds = time.perf_counter() - t0
    return res


def _failed(region: str, network: Network | None, status: str, error: str) -> RegionResult:
    return RegionResult(
        region=region,
        schools=len(network.schools) if network is not None else 0,
        directions=len(network.directions) if network is not None else 0,
        status=status,
        error=error,
    )


def plan_regions(
    networks: Mapping[str, Network],
    policy: Policy | Mapping[str, Policy] | None = None,
    *,
    executor: Executor = "local",
    scheduler: str | None = None,
    workers: int = 2,
    solver: SolverArg = "cpsat",
    processes: bool = True,
    on_result: Callable[[RegionResult], None] | None = None,
) -> list[RegionResult]:
    """Plan every region independently and in parallel.

    Parameters
    ----------
    networks : mapping
        Region → its network.
    policy : Policy or mapping, optional
        The same policy for every region, or region → its policy (see
        :func:`mentornet.model.merge_policy`); defaults otherwise.
    executor : {"local", "dask", "serial"}
        See the module notes.
    scheduler : str, optional
        Address of an existing Dask scheduler (``executor="dask"`` only);
        without it a LocalCluster is started and closed.
    workers : int
        Worker processes (local pool or LocalCluster workers).
    solver : str or callable
        A name of :func:`mentornet.solvers.available_solvers`, or a solver
        callable importable on the workers (a module-level function).
    processes : bool
        LocalCluster workers as processes (True) or threads (False).
    on_result : callable, optional
        Called in this process with each result as it arrives.

    Returns
    -------
    list of RegionResult
        One per region, in the order of ``networks``.
    """
    per_region = dict(policy) if isinstance(policy, Mapping) else None
    default = Policy() if per_region is not None or policy is None else policy

    def policy_of(region: str) -> Policy:
        return per_region.get(region, default) if per_region is not None else default

    if workers < 1:
        raise ValueError("workers must be at least 1")
    results: dict[str, RegionResult] = {}

    def done(res: RegionResult) -> None:
        results[res.region] = res
        if on_result is not None:
            on_result(res)

    items = list(networks.items())
    if executor == "serial":
        for region, net in items:
            done(plan_one_region(region, net, policy_of(region), solver))
    elif executor == "local":
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=min(workers, max(1, len(items))), mp_context=mp.get_context("spawn")) as pool:
            futs = {pool.submit(plan_one_region, region, net, policy_of(region), solver): (region, net) for region, net in items}
            for fut in as_completed(futs):
                region, net = futs[fut]
                try:
                    done(fut.result())
                except Exception as exc:  # noqa: BLE001 - a dead worker process
                    done(_failed(region, net, "ERROR", f"the worker failed: {exc!r}"))
    elif executor == "dask":
        _plan_dask(items, policy_of, solver, scheduler, workers, processes, done)
    else:
        raise ValueError(f"unknown executor '{executor}'; choose local, dask or serial")
    return [results[r] for r, _ in items]


def dask_client(scheduler: str | None = None, **cluster_options: Any) -> Any:
    """A :class:`dask.distributed.Client` of the cluster at ``scheduler``.

    The one way mentornet connects to Dask (``plan-many --executor dask`` and
    the service's ``MENTORNET_DASK_SCHEDULER``). Without ``scheduler`` a
    :class:`~dask.distributed.LocalCluster` is started with
    ``cluster_options`` and closed with the client.

    Raises
    ------
    MentornetError
        When dask[distributed] is not installed or the scheduler does not answer.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is an optional extra
        raise MentornetError("the dask executor needs dask[distributed]: pip install 'mentornet[dask]'") from exc
    if scheduler:
        try:
            return Client(scheduler, set_as_default=False, timeout="10s")
        except OSError as exc:
            raise MentornetError(f"the Dask scheduler at {scheduler} does not answer: {exc}") from exc
    cluster = LocalCluster(**cluster_options)
    client = Client(cluster, set_as_default=False)
    client._mentornet_cluster = cluster  # closed by close_dask_client
    return client


def close_dask_client(client: Any) -> None:
    """Close a client of :func:`dask_client` (and the LocalCluster it started)."""
    cluster = getattr(client, "_mentornet_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def _plan_dask(items, policy_of, solver, scheduler, workers, processes, done) -> None:
    from dask.distributed import as_completed

    if scheduler:
        client = dask_client(scheduler)
    else:
        client = dask_client(
            n_workers=workers, threads_per_worker=1, processes=processes,
            dashboard_address=None, silence_logs=40,
        )
    try:
        futs = {}
        for region, net in items:
            fut = client.submit(plan_one_region, region, net, policy_of(region), solver, pure=False, key=f"plan-region-{safe_name(region)}-{os.getpid()}-{time.monotonic_ns()}")
            futs[fut] = (region, net)
        for fut in as_completed(list(futs), loop=client.loop):  # the client is not the process default
            region, net = futs[fut]
            try:
                done(fut.result())
            except Exception as exc:  # noqa: BLE001 - worker died, task lost
                done(_failed(region, net, "ERROR", f"the Dask task failed: {exc!r}"))
    finally:
        close_dask_client(client)


# ---------------------------------------------------------------- one solve on a cluster

PROGRESS_EVERY = 0.5  # seconds between progress messages and cancel looks of a remote solve
POLL_SECONDS = 0.02  # how often a remote solve's future is looked at within that interval


def solve_task(
    kind: str,
    network: Network,
    policy: Policy,
    solver: str,
    channel: str,
    *,
    base_plan: Plan | None = None,
    warm_start: Plan | None = None,
    continuity: int | None = None,
    base_plan_id: int | None = None,
) -> dict[str, Any]:
    """Run one solve (``kind="solve"``) or rebalance on a Dask worker.

    Progress goes to the Dask ``Variable`` ``"{channel}-progress"`` (at most
    twice a second); the solve stops when the Dask ``Event``
    ``"{channel}-stop"`` is set, keeping the best plan found so far. Never
    raises for a mentornet error: the result is ``{"plan": …, "worker": …}``
    or ``{"error": kind, …}`` so that the error's details (problems,
    conflicts) survive the trip back whatever the serialisation.
    """
    import logging

    from distributed import Event, Variable, get_client, get_worker

    try:
        worker = get_worker().address
    except ValueError:  # run outside a worker (tests, debugging)
        worker = _worker_name()
    # bound to the worker's client now: the solver calls back from its own threads, where none is current
    client = get_client()
    progress_var = Variable(f"{channel}-progress", client=client)
    stop_event = Event(f"{channel}-stop", client=client)
    last = {"progress": 0.0, "stop": 0.0, "stopped": False}
    log = logging.getLogger("mentornet.plan_many")

    def progress(p: Any) -> None:
        t = time.monotonic()
        if t - last["progress"] >= PROGRESS_EVERY:
            last["progress"] = t
            try:
                progress_var.set({"objective": float(p.objective), "bound": float(p.bound), "gap": float(p.gap),
                                  "seconds": float(p.seconds), "solutions": int(p.solutions)})
            except Exception:
                log.debug("progress message of %s lost", channel, exc_info=True)

    def stop() -> bool:
        t = time.monotonic()
        if not last["stopped"] and t - last["stop"] >= PROGRESS_EVERY:
            last["stop"] = t
            try:
                last["stopped"] = bool(stop_event.is_set())
            except Exception:
                log.debug("stop flag of %s unreadable", channel, exc_info=True)
        return bool(last["stopped"])

    try:
        if kind == "rebalance":
            from mentornet.rebalance import rebalance

            if base_plan is None:
                raise MentornetError("a rebalance needs its base plan")
            plan = rebalance(network, policy, base_plan, solver=solver, progress=progress, stop=stop,
                             continuity=continuity, base_plan_id=base_plan_id)
        else:
            from mentornet.planning import solve

            plan = solve(network, policy, solver=solver, progress=progress, warm_start=warm_start, stop=stop)
    except InfeasibleError as exc:
        return {"error": "infeasible", "conflicts": [c.as_record() for c in exc.conflicts], "worker": worker}
    except InputError as exc:
        return {"error": "input", "problems": [p.as_record() for p in exc.problems], "worker": worker}
    except MentornetError as exc:
        coded = exc.as_record() if isinstance(exc, SolverError) else {"message": str(exc)}
        return {"error": "solver", **coded, "type": type(exc).__name__, "worker": worker}
    return {"plan": plan.model_dump(mode="json"), "stopped": bool(last["stopped"]), "worker": worker}


def _error_of(result: dict[str, Any]) -> MentornetError:
    """The mentornet error a :func:`solve_task` result describes."""
    from mentornet.errors import Conflict, Problem

    if result["error"] == "infeasible":
        return InfeasibleError([Conflict.from_record(c) for c in result["conflicts"]])
    if result["error"] == "input":
        return InputError([Problem.from_record(p) for p in result["problems"]])
    return SolverError.from_record(result)


def solve_on_dask(
    client: Any,
    kind: str,
    network: Network,
    policy: Policy,
    solver: str,
    *,
    key: str,
    progress: Callable[[Any], None] | None = None,
    stop: Callable[[], bool] | None = None,
    **options: Any,
) -> tuple[Plan, str]:
    """Run :func:`solve_task` on the cluster of ``client`` and wait for it.

    ``progress`` is called here with each progress message of the worker
    (an object with ``objective``, ``bound``, ``gap``, ``seconds``,
    ``solutions``); ``stop`` is asked twice a second and, once true, tells
    the worker to stop (the solve then returns its best plan). ``key``
    names the Dask task and its progress and stop channels: unique per job.

    Returns
    -------
    (Plan, str)
        The plan and the address of the worker that solved it.

    Raises
    ------
    MentornetError
        What the solve raised on the worker (infeasible, input, solver), or
        a :class:`~mentornet.errors.SolverError` when the task was lost.
    """
    from types import SimpleNamespace

    from distributed import Event, Variable
    from distributed.client import FutureCancelledError

    from mentornet.errors import SolverError

    progress_var = Variable(f"{key}-progress", client=client)
    stop_event = Event(f"{key}-stop", client=client)
    future = client.submit(solve_task, kind, network, policy, solver, key, key=key, pure=False, **options)
    seen: Any = None
    asked_stop = False
    try:
        while True:
            # Polled, not ``future.result(timeout=...)``: distributed's timed wait can fail on its own
            # ("UnboundLocalError: ... 'result'") when the timeout meets a cancel, and the job was lost with it.
            until = time.monotonic() + PROGRESS_EVERY
            while not future.done() and time.monotonic() < until:
                time.sleep(POLL_SECONDS)
            if future.done():
                try:
                    result = future.result()
                except (FutureCancelledError, OSError) as exc:
                    raise SolverError.coded("solver.task_lost", engine="Dask", detail=repr(exc)) from exc
                break
            if progress is not None:
                try:
                    value = progress_var.get(timeout=0.05)
                except TimeoutError:
                    value = None
                if value is not None and value != seen:
                    seen = value
                    progress(SimpleNamespace(**value))
            if not asked_stop and stop is not None and stop():
                asked_stop = True
                stop_event.set()
    except MentornetError:
        raise
    except Exception as exc:
        raise SolverError.coded("solver.cluster_failed", engine="Dask", detail=repr(exc)) from exc
    finally:
        if not future.done():
            future.cancel()
        for cleanup in (progress_var.delete, stop_event.clear):
            try:
                cleanup()
            except Exception:  # noqa: BLE001 - the channels are only bookkeeping
                pass
    if "error" in result:
        raise _error_of(result)
    return Plan.model_validate(result["plan"]), str(result["worker"])


# ---------------------------------------------------------------- output


def safe_name(region: str) -> str:
    """A region name usable as a folder name."""
    name = re.sub(r"[^\w.\-]+", "_", region, flags=re.UNICODE).strip("._")
    return name or "region"


def _write_plan(plan: Plan, path: Path) -> None:
    try:
        from mentornet.export import write_plan_json
    except ImportError:
        write_plan_json = None
    if write_plan_json is not None:
        write_plan_json(plan, path)
    else:
        path.write_text(json.dumps(plan.to_json_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


def region_language(region: str, networks: Mapping[str, Network] | None = None, lang: str | None = None) -> str:
    """The language a region is reported in: ``lang`` when given, else Russian for Cyrillic data.

    The region's network decides (:func:`mentornet.export.default_lang`);
    for a region that could not be read, its name.
    """
    if lang:
        return lang
    from mentornet.export import default_lang

    network = (networks or {}).get(region)
    if network is not None:
        return default_lang(network)
    return "ru" if any("\u0400" <= ch <= "\u04ff" for ch in region) else "en"


def write_results(
    results: Iterable[RegionResult],
    out: str | Path,
    networks: Mapping[str, Network] | None = None,
    lang: str | None = None,
) -> dict[str, Path]:
    """Write one plan per region and the summary tables.

    ``OUT/<region>/plan.json`` for a region with a valid plan, and, when
    the region's network is given, its ``plan.xlsx``, ``pairs.csv``,
    ``roles.csv`` and ``deferred.csv`` as ``mentornet plan`` writes them;
    ``OUT/<region>/problem.json`` (error, conflicts, violations, notes) for
    the others; ``OUT/summary.csv``, ``OUT/summary.json`` and
    ``OUT/summary.xlsx`` (one row per region, then the totals).

    Parameters
    ----------
    results : iterable of RegionResult
    out : path
    networks : mapping, optional
        Region → the network it was planned on (for the XLSX and CSV files).
    lang : {"ru", "en"}, optional
        Language of the XLSX and CSV files; default: Russian for Cyrillic
        data (:func:`mentornet.export.default_lang`), per region.

    Returns
    -------
    dict
        ``{"summary_csv": ..., "summary_json": ..., "summary_xlsx": ...}``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    results = list(results)
    networks = networks or {}
    languages = {res.region: region_language(res.region, networks, lang) for res in results}
    for res in results:
        folder = out / safe_name(res.region)
        folder.mkdir(parents=True, exist_ok=True)
        if res.ok and res.plan is not None:
            network = networks.get(res.region)
            if network is not None:
                from mentornet.export import write_plan

                write_plan(network, res.plan, folder, lang)
            else:
                _write_plan(res.plan, folder / "plan.json")
        else:
            language = languages[res.region]
            detail = {
                "region": res.region, "status": res.status, "error": res.error_in(language),
                "conflicts": _conflicts_in(res, language), "violations": res.violation_messages, "notes": res.notes,
            }
            if res.conflict_records:  # the conflicts in the reader's language, grouped by direction and rule
                from mentornet.errors import infeasible_lines

                detail.update(lang=language, explanation=infeasible_lines(res.coded_conflicts(), language))
            (folder / "problem.json").write_text(json.dumps(detail, ensure_ascii=False, indent=2), encoding="utf-8")
            if res.plan is not None:  # an invalid plan, kept for inspection, never as plan.json
                _write_plan(res.plan, folder / "plan.rejected.json")
    csv_path = out / "summary.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(SUMMARY_COLUMNS))
        writer.writeheader()
        for res in results:
            writer.writerow({k: ("" if v is None else safe_text(v)) for k, v in res.summary_row(languages[res.region]).items()})
    json_path = out / "summary.json"
    doc = {
        "regions": [
            {**res.summary_row(languages[res.region]), "conflicts": _conflicts_in(res, languages[res.region]), "notes": res.notes,
             "plan": f"{safe_name(res.region)}/plan.json" if res.ok else None}
            for res in results
        ],
        "totals": totals(results),
    }
    json_path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    xlsx_path = _write_summary_xlsx(results, out / "summary.xlsx", languages)
    return {"summary_csv": csv_path, "summary_json": json_path, "summary_xlsx": xlsx_path}


def _conflicts_in(res: RegionResult, lang: str) -> list[dict[str, Any]]:
    """A region's conflicts as JSON, worded in ``lang`` when they are coded."""
    if not res.conflict_records:
        return res.conflicts
    return [c.as_dict(lang) for c in res.coded_conflicts()]


def _write_summary_xlsx(results: list[RegionResult], path: Path, languages: Mapping[str, str]) -> Path:
    """One workbook for the meeting: a row per region (its folder linked), then the totals."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "regions"
    ws.append([*SUMMARY_COLUMNS, "plan"])
    for res in results:
        row = [("" if v is None else v) for v in res.summary_row(languages[res.region]).values()]
        target = f"{safe_name(res.region)}/{'plan.xlsx' if res.ok else 'problem.json'}"
        ws.append([*row, target])
        if (path.parent / target).exists():
            cell = ws.cell(row=ws.max_row, column=len(SUMMARY_COLUMNS) + 1)
            cell.hyperlink = target
            cell.style = "Hyperlink"
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(SUMMARY_COLUMNS) + 1)}{ws.max_row}"
    for i, name in enumerate([*SUMMARY_COLUMNS, "plan"], start=1):
        longest = max([len(name)] + [len(str(c.value or "")) for c in ws[get_column_letter(i)][1:]])
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))
    tot = wb.create_sheet("totals")
    tot.append(["figure", "value"])
    for key, value in totals(results).items():
        if isinstance(value, dict):
            for sub, n in value.items():
                tot.append([f"{key}.{sub}", n])
        else:
            tot.append([key, "" if value is None else value])
    for cell in tot[1]:
        cell.font = Font(bold=True)
    tot.column_dimensions["A"].width = 28
    tot.column_dimensions["B"].width = 16
    wb.save(path)
    return path


def totals(results: Iterable[RegionResult]) -> dict[str, Any]:
    """Totals over regions: counts by status and sums of the figures."""
    results = list(results)
    by_status: dict[str, int] = {}
    for r in results:
        by_status[r.status] = by_status.get(r.status, 0) + 1

    def tot(attr: str) -> float | None:
        vals = [getattr(r, attr) for r in results if getattr(r, attr) is not None]
        return sum(vals) if vals else None

    obj, bnd = tot("objective"), tot("bound")
    planned = [r for r in results if r.ok]
    gap = None
    if planned and all(r.bound is not None and r.objective is not None for r in planned):
        o = sum(r.objective for r in planned)
        b = sum(r.bound for r in planned)
        gap = (b - o) / max(abs(b), 1e-9) if b else 0.0
    return {
        "regions": len(results),
        "planned": len(planned),
        "by_status": by_status,
        "schools": tot("schools"),
        "objective": obj,
        "bound": bnd,
        "gap": gap,
        "task_seconds": tot("seconds"),
        "violations": tot("violations"),
        "schools_mentoring": tot("schools_mentoring"),
        "needs_covered": tot("needs_covered"),
        "needs_deferred": tot("needs_deferred"),
        "weighted_deficits_covered": tot("weighted_deficits_covered"),
    }
