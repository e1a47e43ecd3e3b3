"""The benchmark harness: every solver at every scale, each in a fresh process.

``python -m benchmarks`` (or ``make bench``) generates the networks with
:func:`mentornet.generate.generate_network` at fixed seeds, runs every solver
on each in its own child process (:mod:`benchmarks.run_one`), checks every
plan with :func:`mentornet.check.check_plan`, and writes
``benchmarks/RESULTS.md``, ``benchmarks/results.json`` and
``benchmarks/scaling.png``.

Peak memory is the kernel's peak resident set size of the child process
(``os.wait4`` rusage, which also covers the child's own reaped children:
process-pool and Dask workers); for the region-by-region country slice the
peak *sum* over the process tree, sampled with psutil every 0.2 s, is
recorded too.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

#: Solver names, in table order; ``highs_mip`` and ``hospital_resident`` are the outside peers.
SOLVERS = ("cpsat", "flow", "greedy", "highs_mip", "hospital_resident")
MENTORNET_SOLVERS = ("cpsat", "flow", "greedy")


@dataclass(frozen=True)
class Scale:
    """One benchmark scale.

    ``regions > 0`` makes it a country slice: ``regions`` networks of
    ``schools // regions`` schools each (``municipalities`` per region),
    planned region by region with :func:`mentornet.plan_many.plan_regions`.
    ``time_limit`` is CP-SAT's (per region for a slice).
    """

    name: str
    label: str
    schools: int
    directions: int
    municipalities: int
    seed: int
    time_limit: float
    regions: int = 0
    target: dict[str, float] = field(default_factory=dict)

    @property
    def is_slice(self) -> bool:
        return self.regions > 0


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("municipality", "municipality 40 × 7", 40, 7, 1, seed=4007, time_limit=10.0,
              target={"optimal": 1, "seconds": 2.0}),
        Scale("city", "city 300 × 8", 300, 8, 4, seed=30008, time_limit=9.0,
              target={"gap": 0.005, "seconds": 10.0}),
        Scale("region", "region 1,500 × 10", 1500, 10, 20, seed=150010, time_limit=55.0,
              target={"gap": 0.01, "seconds": 60.0, "memory_mb": 2048.0}),
        # 20 regions × 22 s on 2 processes: about 4 minutes of the 5 the slice may take.
        Scale("country", "country slice 10,000 × 10 in 20 regions", 10000, 10, 5, seed=1000010, time_limit=22.0, regions=20),
        # Small ones for --quick and the tests.
        Scale("country-mini", "country mini-slice 240 × 6 in 4 regions", 240, 6, 2, seed=2406, time_limit=5.0, regions=4),
        Scale("tiny", "tiny 16 × 4", 16, 4, 1, seed=1604, time_limit=5.0),
        Scale("tiny-slice", "tiny slice 36 × 4 in 3 regions", 36, 4, 1, seed=3604, time_limit=5.0, regions=3),
    )
}
FULL = ("municipality", "city", "region", "country")
QUICK = ("municipality", "city", "country-mini")

#: Outside peers (benchmarks/peers.py), not mentornet's solvers.
PEERS = ("highs_mip", "hospital_resident")
#: Dask runs of the country slice: worker counts per solver (flow on 1 and 2 for the speed-up; the optimising
#: planner on 2, beside its local 2-process run: on 1 it would take the whole slice's time limit twice).
DASK_RUNS: dict[str, tuple[int, ...]] = {"cpsat": (2,), "flow": (1, 2)}


# ---------------------------------------------------------------- networks


def make_networks(scale: Scale):
    """The network (or ``{region: network}`` for a slice) of a scale, from its fixed seed."""
    from mentornet.generate import generate_network

    if not scale.is_slice:
        return generate_network(scale.schools, scale.directions, scale.municipalities, seed=scale.seed,
                                name=f"bench-{scale.name}")
    from mentornet.plan_many import tag_region

    per = scale.schools // scale.regions
    out = {}
    for i in range(scale.regions):
        region = f"R{i + 1:02d}"
        net = generate_network(per, scale.directions, scale.municipalities, seed=scale.seed + i, name=f"bench-{scale.name}")
        out[region] = tag_region(net, region)
    return out


# ---------------------------------------------------------------- child processes


class _TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and its descendants (psutil, sampled)."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_mb = 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            import psutil
        except ImportError:  # pragma: no cover
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._halt.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak_mb = max(self.peak_mb, total / 2**20)
            except psutil.Error:
                return
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()


def run_child(job: dict[str, Any], workdir: Path, tag: str, timeout: float) -> dict[str, Any]:
    """Run one job in a fresh interpreter; add the kernel's peak RSS and the wall time.

    The child gets its own process group; on timeout that group (the child
    and its workers) is killed and the result says ``TIMEOUT``.
    """
    job = dict(job)
    job_path = workdir / f"{tag}.job.json"
    out_path = workdir / f"{tag}.result.json"
    log_path = workdir / f"{tag}.log"
    job["out"] = str(out_path)
    if out_path.exists():
        out_path.unlink()
    job_path.write_text(json.dumps(job), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYTHONHASHSEED", "0")
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "benchmarks.run_one", str(job_path)], cwd=str(ROOT), env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        sampler.join(timeout=2)
    wall = time.perf_counter() - t0
    if out_path.exists() and not timed_out:
        result = json.loads(out_path.read_text(encoding="utf-8"))
    else:
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:] if log_path.exists() else ""
        result = {"status": "TIMEOUT" if timed_out else "CRASHED",
                  "error": f"timed out after {timeout:.0f} s" if timed_out else f"exit code {proc.returncode}: {tail}"}
    result["peak_rss_mb"] = usage.ru_maxrss / 1024.0
    result["peak_tree_rss_mb"] = sampler.peak_mb
    result["process_wall"] = wall
    result["returncode"] = proc.returncode
    # 1-minute load average around the run: other work on the machine inflates wall times.
    result["load_before"] = round(load_before, 2)
    result["load_after"] = round(os.getloadavg()[0], 2)
    return result


# ---------------------------------------------------------------- the run


@dataclass
class Row:
    """One (scale, solver) row of the results table."""

    scale: str
    label: str
    solver: str
    schools: int
    directions: int
    regions: int
    result: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.result.get(key, default)


def _policy_json(scale: Scale, solver: str, *, search_workers: int = 2) -> str:
    from mentornet.model import Policy

    return Policy(time_limit=scale.time_limit, workers=search_workers, seed=0).model_dump_json()


def _log(msg: str) -> None:
    print(msg, flush=True)


def run_benchmarks(
    scales: list[str],
    solvers: list[str],
    workdir: Path,
    *,
    dask: bool = True,
    build_model: bool = True,
    profile: str | None = "region",
    profile_dir: Path | None = None,
    slice_workers: int = 2,
) -> dict[str, Any]:
    """Run the whole matrix and return the raw results (JSON-able)."""
    workdir.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    generation: dict[str, float] = {}
    extra: dict[str, Any] = {}
    for name in scales:
        scale = SCALES[name]
        t0 = time.perf_counter()
        nets = make_networks(scale)
        generation[name] = time.perf_counter() - t0
        net_path = workdir / f"{name}.network.pkl"
        with open(net_path, "wb") as fh:
            pickle.dump(nets, fh, protocol=pickle.HIGHEST_PROTOCOL)
        if scale.is_slice:
            n_schools = sum(len(n.schools) for n in nets.values())
        else:
            n_schools = len(nets.schools)
        _log(f"[{name}] generated {n_schools} schools × {scale.directions} directions in {generation[name]:.1f} s")
        for solver in solvers:
            if scale.is_slice and solver in PEERS:
                continue  # the outside peers are compared network by network (city, region), not on the slice
            if scale.is_slice:
                # One CP-SAT search thread per region: the parallelism is across regions.
                job = {"kind": "plan_many", "network": str(net_path), "solver": solver, "executor": "local",
                       "workers": slice_workers, "policy": _policy_json(scale, solver, search_workers=1)}
                timeout = 120 + scale.regions * (scale.time_limit + 60) / max(1, slice_workers)
            else:
                job = {"kind": "solve", "network": str(net_path), "solver": solver, "policy": _policy_json(scale, solver)}
                timeout = 300 + 3 * scale.time_limit + (600 if solver == "hospital_resident" else 0)
            res = run_child(job, workdir, f"{name}.{solver}", timeout)
            rows.append(Row(name, scale.label, solver, n_schools, scale.directions, scale.regions, res))
            _log(f"[{name}] {solver:>17}: {res.get('status')} objective={res.get('objective')} gap={_pct(res.get('gap'))} "
                 f"wall={res.get('wall', float('nan')):.1f}s peak={res['peak_rss_mb']:.0f}MB violations={res.get('violations')}"
                 + (f" error={str(res.get('error'))[:200]}" if res.get("error") else ""))
        if scale.is_slice and dask:
            speed = []
            for solver in [s for s in DASK_RUNS if s in solvers]:
                for w in DASK_RUNS[solver]:
                    job = {"kind": "plan_many", "network": str(net_path), "solver": solver, "executor": "dask",
                           "workers": w, "policy": _policy_json(scale, solver, search_workers=1)}
                    timeout = 180 + scale.regions * (scale.time_limit + 60) / w
                    res = run_child(job, workdir, f"{name}.{solver}.dask{w}", timeout)
                    res.pop("regions_detail", None)
                    speed.append({"solver": solver, "workers": w, **res})
                    _log(f"[{name}] dask {solver} × {w} worker(s): {res.get('status')} wall={res.get('wall', float('nan')):.1f}s "
                         f"peak tree={res['peak_tree_rss_mb']:.0f}MB")
            extra.setdefault("dask", {})[name] = speed
    if build_model and "region" in scales and "cpsat" in solvers:
        scale = SCALES["region"]
        job = {"kind": "build_model", "network": str(workdir / "region.network.pkl"), "policy": _policy_json(scale, "cpsat"),
               "builders": ["build_model"]}
        res = run_child(job, workdir, "region.build_model", 600)
        extra["build_model"] = {"scale": "region", **res}
        _log(f"[region] CP-SAT model building: {res.get('model_seconds')} s, candidates {res.get('candidates_seconds')} s, "
             f"peak {res['peak_rss_mb']:.0f} MB")
    if profile and profile in scales and "cpsat" in solvers:
        scale = SCALES[profile]
        pdir = profile_dir or workdir
        pdir.mkdir(parents=True, exist_ok=True)
        text = pdir / f"profile_cpsat_{profile}.txt"
        html = workdir / f"profile_cpsat_{profile}.html"
        job = {"kind": "profile", "network": str(workdir / f"{profile}.network.pkl"), "solver": "cpsat",
               "policy": _policy_json(scale, "cpsat"), "text": str(text), "html": str(html)}
        res = run_child(job, workdir, f"{profile}.profile", 600 + scale.time_limit)
        extra["profile"] = {"scale": profile, "text": str(text), "html": str(html), **res}
        _log(f"[{profile}] pyinstrument profile of cpsat: {text}")
    return {
        "rows": [asdict(r) for r in rows],
        "generation_seconds": generation,
        "scales": {n: asdict(SCALES[n]) for n in scales},
        "solvers": solvers,
        "machine": machine_info(),
        **extra,
    }


def machine_info() -> dict[str, Any]:
    """CPU, cores, memory and versions, for the results header."""
    info: dict[str, Any] = {"python": platform.python_version(), "platform": platform.platform(), "cores": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except Exception:  # noqa: BLE001
        pass
    for mod in ("ortools", "pandas", "numpy", "matching", "dask", "distributed"):
        try:
            info[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001
            pass
    return info


def _pct(x: Any) -> str:
    return "–" if x is None else f"{100 * float(x):.2f}%"


# ---------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"small scales only ({', '.join(QUICK)})")
    parser.add_argument("--scales", help=f"comma-separated scales (of {', '.join(SCALES)}); default: {', '.join(FULL)}")
    parser.add_argument("--solvers", default=",".join(SOLVERS), help=f"comma-separated solvers (default: {','.join(SOLVERS)})")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="the results file; results.json and scaling.png go next to it")
    parser.add_argument("--workdir", type=Path, help="where networks, job files and logs go (default: a temporary folder)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask runs of the country slice")
    parser.add_argument("--no-build-model", action="store_true", help="skip the CP-SAT model-building measurement")
    parser.add_argument("--no-profile", action="store_true", help="skip the pyinstrument profile of CP-SAT")
    parser.add_argument("--profile-scale", default="region")
    parser.add_argument("--slice-workers", type=int, default=2, help="process-pool workers for the country slice rows")
    args = parser.parse_args(argv)

    scales = args.scales.split(",") if args.scales else list(QUICK if args.quick else FULL)
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        parser.error(f"unknown scale(s) {', '.join(unknown)}; choose from {', '.join(SCALES)}")
    solvers = [s for s in args.solvers.split(",") if s]
    bad = [s for s in solvers if s not in SOLVERS]
    if bad:
        parser.error(f"unknown solver(s) {', '.join(bad)}; choose from {', '.join(SOLVERS)}")
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    shown = list(argv if argv is not None else sys.argv[1:])
    if "--workdir" in shown:  # where scratch files went does not change the results
        i = shown.index("--workdir")
        del shown[i:i + 2]
    command = " ".join(["python -m benchmarks", *shown])

    t0 = time.perf_counter()
    ctx = tempfile.TemporaryDirectory(prefix="mentornet-bench-") if args.workdir is None else None
    workdir = Path(ctx.name) if ctx is not None else args.workdir
    try:
        raw = run_benchmarks(
            scales, solvers, workdir,
            dask=not args.no_dask, build_model=not args.no_build_model,
            profile=None if args.no_profile else args.profile_scale,
            profile_dir=out.parent, slice_workers=args.slice_workers,
        )
    finally:
        if ctx is not None:
            ctx.cleanup()
    raw["total_seconds"] = time.perf_counter() - t0
    raw["command"] = command
    raw["date"] = time.strftime("%Y-%m-%d %H:%M %Z")

    from benchmarks.report import write_report

    paths = write_report(raw, out)
    _log(f"wrote {', '.join(str(p) for p in paths.values())} in {raw['total_seconds']:.0f} s")
    return 0
