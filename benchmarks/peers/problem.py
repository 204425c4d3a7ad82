"""Reference problem 1 of docs/performance.md: linear nonlocal magnon transport, every tool.

A YIG film cross-section 0 < x < 20 um, 0 < z < 200 nm with the magnon chemical potential
mu obeying

    -div(sigma grad mu) + (sigma / lambda^2) mu = 0,    sigma = 1,

zero flux everywhere except two 300 nm contacts on the top face: the injector centred at
x = 2 um with the inflow G (1 - mu), the detector 5 um further with the inflow G (0 - mu).
The output is the detector current I_det = int_detector G mu dx (per unit length along
y), in units of sigma * mu_injector: a pure number, the same in every tool.

Cases (lambda, G lambda / sigma): "A" (9.4 um, 1e3) is the headline case; "B" (9.4 um, 1),
"C" (1 um, 1e3) and "D" (1 um, 1) are its variants.

Meshes. Every tool solves on the same tensor-product grid, graded towards the four
contact edges (x) and the top face (z): the grid of ``nf.mesh.rectangles`` with the
contact edges as refinement lines. A level k scales the size field with s = 2^(-k/2):
h_max and the grading slope growth - 1 by s, the size at the edges h_min by s^2, so that
the number of cells about doubles per level and the error falls like s^4. The other
tools receive the grid lines (x, z) from :func:`grid` (not timed: it takes milliseconds)
and build their own mesh objects from them inside the timed region.
"""

from __future__ import annotations

import math
import os

#: BLAS/OpenMP threads pinned to 1 before numpy loads (oversubscription on two cores
#: made UMFPACK 8x slower). Every runner imports this module first.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
for _name in THREAD_VARIABLES:
    os.environ.setdefault(_name, "1")

LENGTH = 20e-6  # m, film extent in x
THICKNESS = 200e-9  # m, film thickness
WIDTH = 300e-9  # m, contact width
INJECTOR_X = 2e-6  # m, injector centre
DISTANCE = 5e-6  # m, detector centre - injector centre
DETECTOR_X = INJECTOR_X + DISTANCE
SIGMA = 1.0  # conductivity of the model problem
MU_INJECTOR = 1.0  # reservoir of the injector (the detector's is 0)

#: case -> (lambda [m], G lambda / sigma)
CASES = {"A": (9.4e-6, 1e3), "B": (9.4e-6, 1.0), "C": (1e-6, 1e3), "D": (1e-6, 1.0)}

#: Size field of level 0 (s = 1): element size at the contact edges and the top face,
#: largest sizes (x: lambda / 5, z: half the film) and the grading growth factor. The
#: error of the detector current is set by the elements at the contact edges (the
#: current density is singular there, down to the length sigma / G): it falls like h_min^2,
#: so h_min shrinks like s^2 (error ~ s^4 ~ 1/N^2 for P2; h_min ~ s gives only 1/N, and
#: about five times more unknowns at 1e-5).
H_MIN0 = 50e-9
GROWTH0 = 3.0
#: ... but not below 0.1 nm, where it stops mattering: 1.3e-5 (h_min / 6.25 nm)^2 is the
#: measured error of Q2 at the contact edges, 3e-9 at 0.1 nm.
H_FLOOR = 0.1e-9


def contacts():
    """{"injector": (x0, x1), "detector": (x0, x1)} [m]."""
    return {name: (c - WIDTH / 2, c + WIDTH / 2)
            for name, c in (("injector", INJECTOR_X), ("detector", DETECTOR_X))}


def conductance(case: str) -> float:
    """Contact conductance G [1/m] (sigma = 1)."""
    lam, ratio = CASES[case]
    return ratio * SIGMA / lam


def scale(level: float) -> float:
    return 2.0 ** (-level / 2.0)


def mesh_options(case: str, level: float) -> dict:
    """Keyword arguments of ``nf.mesh.rectangles`` for a level (see the module docstring)."""
    lam, _ = CASES[case]
    s = scale(level)
    h_min = max(s**2 * H_MIN0, H_FLOOR)
    h_max = (s * lam / 5.0, max(s * THICKNESS / 2.0, h_min))
    edges = sorted(x for span in contacts().values() for x in span)
    return {"h_min": h_min, "h_max": h_max, "growth": 1.0 + s * (GROWTH0 - 1.0),
            "refine_x": edges, "h_outer": (h_max[0], h_min)}


def film():
    return {"film": (0.0, LENGTH, 0.0, THICKNESS)}


def grid(case: str, level: float):
    """Grid lines (x, z) [m] of a level: the node coordinates of the mesh that
    ``nf.mesh.rectangles(film(), **mesh_options(case, level))`` builds (the same calls of
    ``nf.mesh.graded_points``, without building the mesh; run_nfdiff.py checks that they
    agree)."""
    import numpy as np

    import nfdiff as nf

    o = mesh_options(case, level)
    lines = []
    for axis, (lo, hi), refine in ((0, (0.0, LENGTH), o["refine_x"]),
                                   (1, (0.0, THICKNESS), ())):
        breaks = np.unique(np.concatenate([[lo, hi], refine]))
        h = np.full(len(breaks), o["h_min"])
        h[[0, -1]] = o["h_outer"][axis]
        lines.append(nf.mesh.graded_points(breaks, h, o["h_max"][axis], o["growth"]))
    return lines[0], lines[1]


def dofs_of(tool: str, order: int, nx: int, nz: int) -> int:
    """Unknowns on a grid of nx x nz nodes: FE nodes (P1 / Q2) or FV cells."""
    if tool == "fipy":
        return (nx - 1) * (nz - 1)
    return (order * (nx - 1) + 1) * (order * (nz - 1) + 1)


def level_for_dofs(case: str, tool: str, order: int, target: float) -> float:
    """The (fractional) level whose grid has about ``target`` unknowns."""
    lo, hi = 0.0, 2.0
    while True:  # bracket, then bisect
        x, z = grid(case, hi)
        if dofs_of(tool, order, len(x), len(z)) >= target:
            break
        lo, hi = hi, hi + 2.0
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        x, z = grid(case, mid)
        if dofs_of(tool, order, len(x), len(z)) < target:
            lo = mid
        else:
            hi = mid
        if hi - lo < 0.02:
            break
    return round(0.5 * (lo + hi), 2)


# ---- analysis ----------------------------------------------------------------------------

def richardson(values):
    """Extrapolated limit of the last three values of a sequence (geometric refinement).

    With e_k = I_k - I and e_k ~ C q^k: q = (I_k - I_{k-1}) / (I_{k-1} - I_{k-2}) and
    I = I_k + (I_k - I_{k-1}) q / (1 - q). Returns (limit, q, estimated error of I_k).
    """
    a, b, c = values[-3:]
    q = (c - b) / (b - a)
    if not 0.0 < q < 1.0:  # not yet asymptotic: fall back on the last value
        return c, q, abs(c - b)
    limit = c + (c - b) * q / (1.0 - q)
    return limit, q, abs(limit - c)


def time_to_accuracy(errors, times, target):
    """Wall time to reach a relative error ``target`` along a refinement sequence.

    The first level from which on every finer level meets the target (so that an
    error that crosses zero does not count as converged); the time is interpolated in
    log-log between it and the level before. None if no level meets it; the first
    level's time if already that one does (an upper bound, flagged by ``"<="``).
    """
    ok = [e <= target for e in errors]
    first = None
    for k in range(len(ok)):
        if all(ok[k:]):
            first = k
            break
    if first is None:
        return None, "not reached"
    if first == 0:
        return times[0], "<="
    e0, e1 = errors[first - 1], errors[first]
    t0, t1 = times[first - 1], times[first]
    if e1 <= 0 or e0 <= e1:
        return t1, "first level"
    w = (math.log(target) - math.log(e0)) / (math.log(e1) - math.log(e0))
    return math.exp(math.log(t0) + w * (math.log(t1) - math.log(t0))), "interpolated"


# ---- the command line of every runner ----------------------------------------------------

def run(tool: str, solve, argv=None):
    """Run ``solve(case, level, order, x, z) -> dict`` over levels; print one JSON list.

    Each level is solved ``--repeat`` times when one solve takes under ``--cheap``
    seconds (else once) and the median wall time is kept; the coarsest level is solved
    once first, untimed, to warm up imports and caches. ``solve`` times itself (its
    ``time_s`` covers everything from the grid lines to the detector current) and returns
    ``current`` and ``dofs`` at least; ``cpu_s`` is the process CPU time of the whole call
    (single-threaded runs: the wall time without the waits of a busy machine).
    """
    import argparse
    import json
    import statistics
    import sys
    import time

    parser = argparse.ArgumentParser(description=f"reference problem 1 with {tool}")
    parser.add_argument("--case", default="A", choices=sorted(CASES))
    parser.add_argument("--order", type=int, default=1)
    parser.add_argument("--levels", type=float, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cheap", type=float, default=10.0,
                        help="repeat only solves shorter than this [s]")
    parser.add_argument("--max-time", type=float, default=60.0,
                        help="stop after a level whose solve took longer than this [s]")
    parser.add_argument("--max-dofs", type=float, default=4e6,
                        help="skip the levels with more unknowns than this")
    args = parser.parse_args(argv)

    def timed(lv):
        cpu = time.process_time()
        r = solve(args.case, lv, args.order, *grids[lv])
        r["cpu_s"] = time.process_time() - cpu
        return r

    grids = {lv: grid(args.case, lv) for lv in args.levels}
    args.levels = [lv for lv in args.levels
                   if dofs_of(tool, args.order, *map(len, grids[lv])) <= args.max_dofs]
    timed(min(args.levels))  # warm-up
    out = []
    for lv in args.levels:
        runs = [timed(lv)]
        if runs[0]["time_s"] < args.cheap:
            runs += [timed(lv) for _ in range(args.repeat - 1)]
        best = dict(runs[0])
        for key in [k for k in best if k.startswith("time") or k == "cpu_s"]:
            best[key] = statistics.median(r[key] for r in runs)
        best.update(tool=tool, case=args.case, order=args.order, level=lv,
                    nx=len(grids[lv][0]), nz=len(grids[lv][1]), repeats=len(runs))
        out.append(best)
        print(json.dumps(best), file=sys.stderr, flush=True)
        if best["time_s"] > args.max_time:
            break
    print(json.dumps(out))
    return out
