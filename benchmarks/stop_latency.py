"""How fast a running CP-SAT solve answers a stop (issue 11: within 2 s on a 300-school network).

Run: ``python -m benchmarks.stop_latency [--schools 300] [--directions 8] [--after 8 20]``.
A solve of the generated city network (``generate --municipalities 6 --seed 1``)
runs with a 60 s limit in a thread; after each delay the stop callback turns
true, and the time from then until ``solve`` returns (with the best plan so
far, checked) is printed.
"""

from __future__ import annotations

import argparse
import threading
import time


def measure(schools: int, directions: int, after: float, seed: int = 1) -> tuple[float, str]:
    """Seconds from the stop request until ``solve`` returned, and the plan's status."""
    from mentornet.generate import generate_network
    from mentornet.model import Policy
    from mentornet.planning import solve

    net = generate_network(schools=schools, directions=directions, municipalities=6, seed=seed)
    flag = {"stop": False}
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["status"] = solve(net, Policy(time_limit=60), solver="cpsat", stop=lambda: flag["stop"]).solver.status
        except Exception as exc:  # noqa: BLE001 - reported, not hidden
            out["status"] = repr(exc)
        out["end"] = time.perf_counter()

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(after)
    flag["stop"] = True
    asked = time.perf_counter()
    thread.join()
    return float(out["end"]) - asked, str(out["status"])  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--directions", type=int, default=8)
    parser.add_argument("--after", type=float, nargs="+", default=[8.0, 20.0])
    args = parser.parse_args(argv)
    for after in args.after:
        seconds, status = measure(args.schools, args.directions, after)
        print(f"{args.schools}×{args.directions}: stop after {after:g} s answered in {seconds:.2f} s ({status})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
