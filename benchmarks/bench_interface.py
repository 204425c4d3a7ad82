"""Throughput of the interface law: currents and exact Jacobians at many points.

Every Newton step of a device solve evaluates the law at all interface quadrature
points, so this is the inner loop of the solver.  Prints JSON (median of repeats).

    python benchmarks/bench_interface.py [--points 100000] [--repeat 5] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from scipy.constants import k as k_B

import nfdiff as nf


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", metavar="PATH", help="also write the results to this file")
    args = parser.parse_args(argv)

    yig = nf.materials.get("YIG")
    itf = nf.NFInterface(g_r=1e19, g_i=1e18, magnons=yig.magnon_gas())
    rng = np.random.default_rng(0)
    N, T = args.points, 300.0
    kT = k_B * T
    # device-like biases: ueV spin accumulations, small magnon potentials and drops
    mu_s = rng.normal(size=(N, 3)) * 1e-4 * kT
    n = np.tile([1.0, 0.0, 0.0], (N, 1))
    mu_m = rng.uniform(-1, 1, N) * 0.3 * yig.gap
    T_e = T + rng.normal(size=N) * 1e-2
    dT = rng.normal(size=N) * 1e-3

    results = {"points": N}
    for law in ("nonlinear", "linear", "elastic"):
        for jac in (False, True):
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                itf.currents(mu_s, n, mu_m, T_e=T_e, delta_T=dT, law=law, jacobian=jac)
                times.append(time.perf_counter() - t0)
            key = f"{law}{'+jacobian' if jac else ''}"
            results[key + "_s"] = float(np.median(times))
            results[key + "_points_per_s"] = float(N / np.median(times))
    print(json.dumps(results, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    return results


if __name__ == "__main__":
    main()
