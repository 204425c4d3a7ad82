"""Throughput of nf.sweep: points per minute with 1 and 2 workers, parallel efficiency.

A distance sweep of the default nonlocal device (nf.devices.nonlocal_strips(): nonlinear
law, thermal model, Pt strips on 200 nm YIG, 50 uA), ``--points`` distances (default 40)
from 0.5 um to 40 um, on a Dask LocalCluster of 1 and of 2 single-threaded worker
processes (what nf.sweep starts by default). Reported per run:

- ``startup_s``: starting the cluster (paid once per sweep by the default client=None);
- ``sweep_s``: the sweep on the running cluster, and ``points_per_minute`` from it;
- ``points_per_minute_with_startup``: the same with the start-up included;
- ``mean_point_s``: mean wall time of a point on its worker;
- ``cpu_s_per_point``: CPU time of the worker processes per point (what a point costs
  when nothing else competes for the cores), and ``points_per_minute_cpu`` = 60 x
  workers / cpu_s_per_point, the throughput on otherwise idle cores.

``parallel_efficiency`` = (points per minute with 2 workers) / (2 x with 1 worker), on
the running clusters (wall clock: what a user sees, including any competing load);
``parallel_efficiency_cpu`` = cpu_s_per_point(1 worker) / cpu_s_per_point(2 workers)
(the cost of sharing memory bandwidth and caches, free of competing load).

A ``reuse`` section times a current sweep (``--reuse-points`` currents, one device
description, no heating) with and without the per-worker device re-use, in this process
(client="serial"; best of three, alternating). ``load_average`` (1 min, before and
after) tells whether something else competed for the cores.

Prints JSON.

    python benchmarks/bench_sweep.py [--points 40] [--workers 1 2] [--reuse-points 8]
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

CURRENT = 50e-6  # A


def distance_point(distance):
    """The default nonlocal device at one distance, driven by 50 uA."""
    import nfdiff as nf

    return nf.devices.nonlocal_strips(distance=distance), {"current": CURRENT}


def current_point(current):
    """The default nonlocal device without heating, at one current (one device)."""
    import nfdiff as nf

    return nf.devices.nonlocal_strips(thermal=False), {"current": current}


def run_workers(n_workers: int, distances) -> dict:
    """The distance sweep on a LocalCluster of ``n_workers`` as nf.sweep starts it."""
    from distributed import Client, LocalCluster

    import nfdiff as nf
    from nfdiff.sweep import BLAS_ENV

    t0 = time.perf_counter()
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, env=dict(BLAS_ENV)) as cluster, \
            Client(cluster) as client:
        client.wait_for_workers(n_workers)
        startup = time.perf_counter() - t0
        cpu0 = sum(client.run(time.process_time).values())
        t1 = time.perf_counter()
        ds = nf.sweep(distance_point, {"distance": list(distances)}, client=client,
                      progress=False)
        sweep = time.perf_counter() - t1
        cpu = sum(client.run(time.process_time).values()) - cpu0
    n = len(distances)
    return {"workers": n_workers, "points": n, "failed": int(ds.attrs["n_failed"]),
            "startup_s": round(startup, 2), "sweep_s": round(sweep, 2),
            "points_per_minute": round(60 * n / sweep, 2),
            "points_per_minute_with_startup": round(60 * n / (startup + sweep), 2),
            "mean_point_s": round(float(ds["elapsed"].mean()), 3),
            "cpu_s_per_point": round(cpu / n, 3),
            "points_per_minute_cpu": round(60 * n_workers * n / cpu, 2),
            "R_nl_first_last": [float(ds["R_nl"][0]), float(ds["R_nl"][-1])]}


def run_reuse(n_points: int, repeats: int = 3) -> dict:
    """A current sweep in this process with and without device re-use (best of repeats,
    alternating, so that a passing load spike does not decide)."""
    import nfdiff as nf

    currents = list(np.linspace(10e-6, 60e-6, n_points))
    out = {"points": n_points, "repeats": repeats}
    wall = {False: [], True: []}
    cpu = {False: [], True: []}
    results = {}
    current_point(currents[0])[0].solve(current=currents[0])  # imports, caches: warm up
    for _ in range(repeats):
        for reuse in (False, True):
            t0, c0 = time.perf_counter(), time.process_time()
            ds = nf.sweep(current_point, {"current": currents}, client="serial",
                          reuse=reuse, progress=False)
            wall[reuse].append(time.perf_counter() - t0)
            cpu[reuse].append(time.process_time() - c0)
            results[reuse] = ds["V_det"].values
    for reuse, label in ((False, "without"), (True, "with")):
        out[f"{label}_reuse_s"] = round(min(wall[reuse]), 2)
        out[f"{label}_reuse_cpu_s"] = round(min(cpu[reuse]), 2)
    out["saved"] = round(1 - out["with_reuse_s"] / out["without_reuse_s"], 3)
    out["saved_cpu"] = round(1 - out["with_reuse_cpu_s"] / out["without_reuse_cpu_s"], 3)
    out["identical"] = bool(np.array_equal(results[True], results[False]))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=40, help="distances (default 40)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--reuse-points", type=int, default=8,
                        help="currents of the re-use measurement (0: skip)")
    args = parser.parse_args(argv)
    import nfdiff as nf

    distances = np.geomspace(0.5e-6, 40e-6, args.points)
    result = {"nfdiff_version": nf.__version__, "cores": len(os.sched_getaffinity(0)),
              "load_average_before": round(os.getloadavg()[0], 2), "runs": []}
    for n in args.workers:
        result["runs"].append(run_workers(n, distances))
    runs = {r["workers"]: r for r in result["runs"]}
    if 1 in runs and 2 in runs:
        result["parallel_efficiency"] = round(
            runs[2]["points_per_minute"] / (2 * runs[1]["points_per_minute"]), 3)
        result["parallel_efficiency_cpu"] = round(
            runs[1]["cpu_s_per_point"] / runs[2]["cpu_s_per_point"], 3)
    if args.reuse_points:
        result["reuse"] = run_reuse(args.reuse_points)
    result["load_average_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
