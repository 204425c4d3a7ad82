"""Cost of the finite-element core: assembly per element and solve time versus DOFs.

A 2D nonlocal cross-section (YIG film under two Pt strips, thermal model, nonlinear
law) on tensor meshes of increasing size. For each size: elements, DOFs, the time of
one residual + Jacobian assembly (and per million elements), of one sparse LU
factorisation of the Jacobian, and of the full Newton solve. Prints JSON.

    python benchmarks/bench_fem.py [--sizes 50 100 200 400] [--order 1] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
import skfem

import nfdiff as nf
from nfdiff.problem import Problem


def nonlocal_mesh(n):
    """Film 0 < z < 200 nm, |x| < 3 um, strips of 300 nm x 10 nm at x = -+1 um."""
    xs = [np.linspace(-3e-6, 3e-6, n + 1)]
    for c in (-1e-6, 1e-6):
        xs.append(np.linspace(c - 150e-9, c + 150e-9, max(4, n // 8) + 1))
    xs = np.unique(np.round(np.concatenate(xs), 15))
    zs = np.unique(np.round(np.concatenate([np.linspace(0, 200e-9, max(4, n // 10) + 1),
                                            np.linspace(200e-9, 210e-9, 6)]), 15))
    base = skfem.MeshQuad1.init_tensor(xs, zs)
    mid = base.p[:, base.t].mean(axis=1)
    film = np.nonzero(mid[1] < 200e-9)[0]
    strips = [np.nonzero((mid[1] > 200e-9) & (np.abs(mid[0] - c) < 150e-9))[0]
              for c in (-1e-6, 1e-6)]
    keep = np.concatenate([film, *strips])
    mesh = skfem.MeshQuad1(base.p, np.ascontiguousarray(base.t[:, keep]))
    n0, n1 = len(film), len(film) + len(strips[0])
    mesh = mesh.with_subdomains({"film": np.arange(n0), "A": np.arange(n0, n1),
                                 "B": np.arange(n1, len(keep))})
    return mesh.with_boundaries({"bottom": lambda x: x[1] == 0.0})


def measure(n, order, repeat=3):
    mesh = nonlocal_mesh(n)
    pt, yig = nf.materials.get("Pt"), nf.materials.get("YIG")
    dev = nf.Device(mesh, materials={"film": yig, "A": pt, "B": pt}, law="nonlinear",
                    thermal=True, length=100e-6, order=order,
                    boundary_conditions={"bottom": nf.bc.Temperature(300.0)})
    t0 = time.perf_counter()
    if hasattr(Problem, "drive"):  # Problem(device).system(drive) (nfdiff >= 0.2)
        problem = Problem(dev)
        setup = time.perf_counter() - t0
        system = problem.system(problem.drive({"A": 1e-4})).evaluate
    else:  # earlier revisions (bench_summary.py --before)
        problem = Problem(dev, {})
        setup = time.perf_counter() - t0
        problem.drive = dev._drive(problem, {"A": 1e-4}, None)
        system = problem.system
    x = np.zeros(problem.size)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        _, J = system(x)
        times.append(time.perf_counter() - t0)
    assembly = float(np.median(times))
    rows = np.asarray(abs(J).max(axis=1).todense()).ravel()
    Js = (sp.diags(1 / rows) @ J).tocsc()
    t0 = time.perf_counter()
    spla.splu(Js, permc_spec="MMD_AT_PLUS_A")
    lu = time.perf_counter() - t0
    t0 = time.perf_counter()
    sol = dev.solve(current={"A": 1e-4})
    total = time.perf_counter() - t0
    nel = mesh.t.shape[1]
    return {"elements": nel, "dofs": problem.size, "order": order,
            "setup_s": setup, "assembly_s": assembly,
            "assembly_s_per_million_elements": assembly / nel * 1e6,
            "lu_factorisation_s": lu, "newton_iterations": sol.newton.iterations,
            "solve_total_s": total, "total_over_one_lu": total / lu}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    parser.add_argument("--order", type=int, default=1)
    parser.add_argument("--json", metavar="PATH", help="also write the results to this file")
    args = parser.parse_args(argv)
    results = [measure(n, args.order) for n in args.sizes]
    print(json.dumps(results, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    return results


if __name__ == "__main__":
    main()
