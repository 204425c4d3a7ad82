"""Every installed linear-solver back-end (nfdiff.linsolve) on the benchmark systems.

The matrices Newton factors, built by nfdiff:

- ``device-P1`` / ``device-P2``: the Jacobian of the default nonlocal device
  (nf.devices.nonlocal_strips(), full model, 50 uA) at equilibrium, the one Newton
  factors (unsymmetric: LU back-ends only);
- ``problem1-Q2-L<k>``: reference problem 1 of docs/performance.md (case A, Q2, the
  graded grid of level k), symmetric positive definite (every back-end).

For each: the whole factorise + solve as Newton does it (``LinearSolver`` with one
back-end: equilibration or symmetric scaling, factorisation, one solve), best of
``--repeat`` in CPU time [ms], and a third factorisation of the same matrix by the
same solver object (``refactor``: the symbolic analysis / ordering reused), the
relative residual of the solve, and the ratio to SuperLU. One thread.

    python benchmarks/bench_linsolve.py [--levels 4 6 8] [--device-orders 1 2]
                                        [--repeat 3]

The optional back-ends: ``pip install 'nfdiff[solvers]'`` (QDLDL) and
``pip install 'nfdiff[gpl-solvers]'`` (CVXOPT: UMFPACK, CHOLMOD; GPL-3.0).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


def jacobian(device, drive=None):
    """Row-scaled Jacobian at equilibrium and its row scale, as Newton sees them."""
    from nfdiff.linsolve import _abs_max, _scale_rows
    from nfdiff.problem import Problem

    p = Problem(device)
    system = p.system(p.drive(**(drive or {})))
    _, J = system.evaluate(np.zeros(system.size))
    J = J.tocsr()
    rows = _abs_max(J)
    rows[rows == 0] = 1.0
    return _scale_rows(J, 1.0 / rows), 1.0 / rows


def systems(levels, orders):
    import run_nfdiff

    import nfdiff as nf

    for order in orders:
        dev = nf.devices.nonlocal_strips(order=order).device()
        yield f"device-P{order}", False, *jacobian(dev, {"current": {"A": 50e-6}})
    for level in levels:
        dev, _ = run_nfdiff.device("A", level, 2)
        yield f"problem1-Q2-L{level:g}", True, *jacobian(dev)


def measure(A, Dr, name, repeat):
    from nfdiff.linsolve import LinearSolver

    b = np.random.default_rng(0).standard_normal(A.shape[0])
    times, again = [], []
    for _ in range(repeat):
        solver = LinearSolver(name)
        t0 = time.process_time()
        x = solver(A.copy(), b, Dr)
        times.append(time.process_time() - t0)
        for _ in range(2):  # factor again, twice: the same pattern (the steady state)
            solver.inverse = None
            t0 = time.process_time()
            solver(A.copy(), b, Dr)
        again.append(time.process_time() - t0)
    residual = float(np.linalg.norm(A @ x - b) / np.linalg.norm(b))
    return {"ms": 1e3 * min(times), "refactor_ms": 1e3 * min(again), "residual": residual,
            "backend": solver.history[0]}


def main(argv=None):
    from nfdiff import linsolve

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=float, nargs="+", default=[4, 6, 8])
    parser.add_argument("--device-orders", type=int, nargs="+", default=[1])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    names = linsolve.available()
    rows = []
    for label, spd, A, Dr in systems(args.levels, args.device_orders):
        row = {"system": label, "unknowns": A.shape[0], "nnz": int(A.nnz), "spd": spd}
        for name in names:
            if linsolve.BACKENDS[name].spd and not spd:
                continue
            row[name] = measure(A, Dr, name, args.repeat)
        for name in names:
            if name in row:
                row[name]["over_superlu"] = row[name]["ms"] / row["superlu"]["ms"]
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    print(json.dumps(rows))
    print(f"\n{'system':<18}{'unknowns':>9}  " + "".join(f"{n:>22}" for n in names))
    for row in rows:
        cells = []
        for n in names:
            r = row.get(n)
            cells.append(f"{r['ms']:8.1f} ({r['refactor_ms']:7.1f}) ms" if r else " " * 22)
        print(f"{row['system']:<18}{row['unknowns']:>9}  " + "".join(f"{c:>22}" for c in cells))
    print("(factorise + solve, CPU ms, best of the repeats; in brackets a second "
          "factorisation of the same pattern, ordering reused)")


if __name__ == "__main__":
    main()
