"""Cost of a current sweep on one device against fresh solves (issue 17).

The default thermal nonlocal device (nf.devices.nonlocal_strips(): nonlinear law, heat,
Pt strips on 200 nm YIG on GGG), in this process, one thread:

- ``fresh``: a fresh solve at 50 uA, meshing included (``template.solve(50e-6)``), the
  best of ``--fresh`` runs; ``fresh_sweep``: fresh solves at the currents of the sweep,
  the mean per point;
- ``cold``: a solve at 50 uA on an already built device whose previous solves are
  forgotten (its cached problem dropped: the discretisation is rebuilt, Newton starts
  from equilibrium);
- ``sweep``: ``--points`` currents from 5 to 100 uA solved one after the other on one
  device (``template.solve(I, device=dev)``, as ``nf.sweep`` does on a worker):
  the mean time per point, the first point included;
- ``sweep_serial``: the same sweep through ``nf.sweep(..., client="serial")``
  (needs xarray), per point.

Reported: wall and CPU time [s] of each (best of the runs: the machine may be shared),
``ratio_point_over_fresh`` = sweep per point / fresh, ``ratio_point_over_fresh_sweep``
and ``ratio_point_over_cold``, and, per sweep point, Newton iterations,
Jacobian assemblies and factorisations. Runs with any nfdiff revision (for a *before*
figure: ``PYTHONPATH=<checkout of the revision> python benchmarks/bench_reuse.py``).
``load_average`` tells whether something else competed for the cores.

    python benchmarks/bench_reuse.py [--points 20] [--fresh 3] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

CURRENT = 50e-6  # A


def timed(f):
    w, c = time.perf_counter(), time.process_time()
    out = f()
    return out, time.perf_counter() - w, time.process_time() - c


def sweep_point(current):
    """One point of the nf.sweep variant: the default device at one current."""
    import nfdiff as nf

    return nf.devices.nonlocal_strips(), {"current": current}


def main(argv=None):
    import nfdiff as nf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--fresh", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=2, help="sweeps (the best is kept)")
    parser.add_argument("--no-serial-sweep", action="store_true")
    args = parser.parse_args(argv)
    load0 = os.getloadavg()[0]

    template = nf.devices.nonlocal_strips()
    template.solve(CURRENT)  # warm-up (imports, caches)
    fresh = [timed(lambda: template.solve(CURRENT))[1:] for _ in range(args.fresh)]
    currents = np.linspace(5e-6, 100e-6, args.points)
    _, fresh_sweep, fresh_sweep_cpu = timed(lambda: [template.solve(i) for i in currents])
    dev = template.device()
    template.solve(CURRENT, device=dev)

    def cold():
        dev.__dict__.pop("_problem", None)  # forget the previous solves (no-op before)
        return template.solve(CURRENT, device=dev)

    colds = [timed(cold)[1:] for _ in range(args.fresh)]

    best = None
    for _ in range(args.repeat):
        device = template.device()
        sols, wall, cpu = timed(lambda d=device: [template.solve(i, device=d)
                                                  for i in currents])
        if best is None or wall < best[1]:
            best = (sols, wall, cpu)
    sols, wall, cpu = best
    rec = [s.newton for s in sols]
    out = {
        "nfdiff": nf.__file__, "dofs": int(sols[0].problem.size),
        "fresh_s": min(w for w, _ in fresh), "fresh_cpu_s": min(c for _, c in fresh),
        "fresh_sweep_per_point_s": fresh_sweep / args.points,
        "fresh_sweep_per_point_cpu_s": fresh_sweep_cpu / args.points,
        "cold_s": min(w for w, _ in colds), "cold_cpu_s": min(c for _, c in colds),
        "points": args.points,
        "sweep_per_point_s": wall / args.points, "sweep_per_point_cpu_s": cpu / args.points,
        "newton_iterations": [r.iterations for r in rec],
        "jacobians": [getattr(r, "jacobians", None) for r in rec],
        "factorisations": [getattr(r, "factorisations", None) for r in rec],
        "linear_solver": sorted({getattr(r, "linear_solver", "superlu") for r in rec} - {""}),
    }
    out["ratio_point_over_fresh"] = out["sweep_per_point_s"] / out["fresh_s"]
    out["ratio_point_over_fresh_cpu"] = out["sweep_per_point_cpu_s"] / out["fresh_cpu_s"]
    out["ratio_point_over_fresh_sweep"] = (out["sweep_per_point_s"]
                                           / out["fresh_sweep_per_point_s"])
    out["ratio_point_over_cold"] = out["sweep_per_point_s"] / out["cold_s"]
    if not args.no_serial_sweep:
        try:
            ds, w, c = timed(lambda: nf.sweep(sweep_point, {"current": list(currents)},
                                              client="serial", progress=False))
        except ImportError as err:
            out["sweep_serial"] = f"skipped: {err}"
        else:
            out["sweep_serial_per_point_s"] = w / args.points
            out["sweep_serial_per_point_cpu_s"] = c / args.points
            out["sweep_serial_failed"] = int(ds.attrs["n_failed"])
    out["load_average"] = [load0, os.getloadavg()[0]]
    print(json.dumps(out))
    print(f"\nfresh solve {out['fresh_s']:.3f} s (cpu {out['fresh_cpu_s']:.3f}), cold "
          f"{out['cold_s']:.3f} s; {args.points}-point sweep {out['sweep_per_point_s']:.3f} "
          f"s/point (cpu {out['sweep_per_point_cpu_s']:.3f}): "
          f"{out['ratio_point_over_fresh']:.3f} x fresh (cpu "
          f"{out['ratio_point_over_fresh_cpu']:.3f}); fresh solves at the sweep's currents "
          f"{out['fresh_sweep_per_point_s']:.3f} s/point: "
          f"{out['ratio_point_over_fresh_sweep']:.3f} x")
    return out


if __name__ == "__main__":
    main()
