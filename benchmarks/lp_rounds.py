"""The LP stage alone on a benchmark network, round by round (the experiments of ``ANALYSIS.md``).

``python -m benchmarks.lp_rounds region --seconds 300`` builds the scale's
network, the pruned and the unpruned candidate graphs and the relaxation over
the unpruned one, then prices from the pruned graph for ``--seconds``,
logging every LP solve (columns, seconds, iterations), its value and the
bound of its duals. ``--mutual 0`` sets that weight; ``--set NAME=VALUE``
overrides a constant of :mod:`mentornet.solvers.relaxation` (``PRICE_PER_NEED``,
``PRICE_BATCH``, ``SMOOTHING`` ...). ``--exchange-bound SECONDS`` then runs
:meth:`~mentornet.solvers.relaxation.LpModel.exchange_bound` from the last
duals (the bound the planner finds beside its final sub-MIP) and prints it.
"""

from __future__ import annotations

import argparse
import logging
import time

import numpy as np


def main(argv: list[str] | None = None) -> int:
    from benchmarks.harness import SCALES
    from mentornet.generate import generate_network
    from mentornet.graph.candidates import build_candidates
    from mentornet.model import Policy
    from mentornet.solvers import relaxation

    ap = argparse.ArgumentParser(prog="python -m benchmarks.lp_rounds", description=__doc__.splitlines()[0])
    ap.add_argument("scale", choices=[s for s, v in SCALES.items() if not v.is_slice])
    ap.add_argument("--seconds", type=float, default=55.0, help="time for the first LP and the pricing rounds")
    ap.add_argument("--mutual", type=int, default=None, help="weights.mutual (default: the policy's)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a constant of the relaxation module")
    ap.add_argument("--exchange-bound", type=float, default=0.0, metavar="SECONDS",
                    help="then lower the bound with the exchange rows dualised for this long")
    args = ap.parse_args(argv)
    for item in args.set:
        name, value = item.split("=", 1)
        old = getattr(relaxation, name)
        setattr(relaxation, name, type(old)(float(value)) if isinstance(old, float) else int(value))
    logging.basicConfig(level=logging.INFO, format="%(relativeCreated)9.0f ms %(message)s")
    logging.getLogger("mentornet.solvers.relaxation").setLevel(logging.DEBUG)
    sc = SCALES[args.scale]
    network = generate_network(sc.schools, sc.directions, sc.municipalities, seed=sc.seed)
    policy = Policy(time_limit=sc.time_limit, seed=0)
    if args.mutual is not None:
        policy = policy.model_copy(update={"weights": policy.weights.model_copy(update={"mutual": args.mutual})})
    started = time.perf_counter()
    pruned = build_candidates(network, policy)
    lp = relaxation.LpModel(build_candidates(network, policy, prune=False))
    n, n_d = len(network.schools), max(len(network.directions), 1)
    E = pruned.edges
    keys = (E["mentor"].to_numpy() * n + E["trainee"].to_numpy()) * n_d + E["direction"].to_numpy()
    active = np.isin((lp.em * n + lp.et) * n_d + lp.ed, keys)
    logging.getLogger(__name__).info("%d pruned of %d eligible pairs; LP model built in %.1f s", int(active.sum()), lp.n_edges,
                                     time.perf_counter() - started)
    res = lp.solve(active, time_limit=args.seconds)
    print(f"LP {res.value:,.1f}, bound {res.bound:,.0f} for every eligible pair, {res.priced_edges:,} pairs priced in "
          f"over {res.pricing_rounds} rounds, converged: {res.converged}, {res.seconds:.1f} s")
    if args.exchange_bound > 0 and res.duals is not None and res.value is not None and not res.converged:
        t0 = time.perf_counter()
        lower = lp.exchange_bound(res.duals, res.active, target=res.value, time_limit=args.exchange_bound)
        print(f"exchange rows dualised: bound {lower:,.1f} in {time.perf_counter() - t0:.1f} s" if lower is not None
              else "exchange rows dualised: no bound in time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
