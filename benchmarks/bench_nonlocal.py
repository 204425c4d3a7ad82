"""Cost and accuracy of the default nonlocal device (nf.devices.nonlocal_strips).

The full model (nonlinear law, thermal, Pt strips 5 um apart on 200 nm YIG, 50 uA) with
P1 and P2 elements at three resolutions: the default mesh and meshes whose element
sizes (h_min, h_max) are divided by 2 and 4. Each case runs in its own process so that
the peak memory is its own. Reported per case:

- elements, DOFs, Newton iterations, R_nl and its deviation from the finest P2 result;
- wall time split into meshing, assembly (residual + Jacobian, including the interface
  law), interface-law evaluation alone, linear solves (sparse LU) and post-processing
  (observables);
- peak resident memory of the process [MB];
- the ratio of the total solve time to one sparse LU factorisation of the final
  Jacobian with the same solver: the floor of a direct method; and
  to one factorisation of the first Jacobian (at equilibrium), the one Newton does (it
  reuses it as the GMRES preconditioner of the later steps): couplings that vanish at
  equilibrium give it less fill.

Prints JSON (one object per case) and a summary table.

    python benchmarks/bench_nonlocal.py [--levels 1 2 4] [--orders 1 2] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

CURRENT = 50e-6  # A


def run_case(refine: int, order: int) -> dict:
    """Solve one case in this process and measure it."""
    import cProfile
    import pstats
    import resource

    import numpy as np

    import nfdiff as nf
    from nfdiff import newton

    base = nf.devices.nonlocal_strips(order=order)
    (hx, hz), (Hx, Hz) = base.mesh_sizes()
    dev = base.replace(h_min=(hx / refine, hz / refine), h_max=(Hx / refine, Hz / refine))

    t0 = time.perf_counter()
    device = dev.device()
    t_mesh = time.perf_counter() - t0

    profile = cProfile.Profile()
    t0 = time.perf_counter()
    profile.enable()
    sol = dev.solve(CURRENT, device=device)
    profile.disable()
    t_total = time.perf_counter() - t0
    stats = pstats.Stats(profile).stats

    def cumulative(fragment, name):
        return sum(v[3] for (f, _, n), v in stats.items() if f.endswith(fragment)
                   and n == name)

    # one factorisation of the final Jacobian, exactly as the Newton solver does it
    # (row-scaled in place, then equilibrated and factored by a fresh LinearSolver of
    # nfdiff.linsolve, or newton._solve before it); and of the first one (at
    # equilibrium), the one Newton factors
    p = sol.problem
    if hasattr(sol.newton, "row_scale"):  # Problem.system(drive) -> System (nfdiff >= 0.2)
        system, row_scale = p.system().evaluate, sol.newton.row_scale
    else:  # earlier revisions (bench_summary.py --before): Problem.system(x)
        system, row_scale = p.system, p.row_scale

    def one_lu(x):
        _, J = system(x)
        Js = J.tocsr(copy=True)  # explicit zeros kept, as in Newton
        Js.data *= np.repeat(row_scale, np.diff(Js.indptr))
        t0 = time.perf_counter()
        if hasattr(newton, "_solve"):  # before nfdiff.linsolve
            newton._solve(Js, np.ones(p.size))
        else:
            newton.LinearSolver()(Js, np.ones(p.size), row_scale)
        return time.perf_counter() - t0

    t_lu = one_lu(sol.x)
    t_first_lu = one_lu(np.zeros(p.size))
    return {
        "order": order, "refine": refine, "elements": int(device.mesh.t.shape[1]),
        "dofs": int(p.size), "newton_iterations": sol.newton.iterations,
        "R_nl": sol.observables["R_nl"],
        "time_mesh_s": t_mesh,
        "time_solve_s": t_total,
        # Problem.evaluate, called by System.evaluate (both in problem.py): the outer one
        "time_assembly_s": max(v[3] for (f, _, n), v in stats.items()
                               if f.endswith("problem.py") and n == "evaluate"),
        "time_interface_law_s": cumulative("interface.py", "currents"),
        "time_linear_solves_s": cumulative("newton.py", "__call__")
        + cumulative("linsolve.py", "__call__"),
        "time_observables_s": cumulative("magnon_transport.py", "_observables"),
        "time_one_lu_s": t_lu,
        "total_over_lu": t_total / t_lu,
        "time_first_lu_s": t_first_lu,
        "total_over_first_lu": t_total / t_first_lu,
        "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(levels=(1, 2, 4), orders=(1, 2), json_path=None):
    results = []
    for order in orders:
        for refine in levels:
            out = subprocess.run([sys.executable, __file__, "--case", str(refine), str(order)],
                                 capture_output=True, text=True, check=True)
            results.append(json.loads(out.stdout))
    best = max(results, key=lambda r: (r["order"], r["refine"]))["R_nl"]
    for r in results:
        r["R_nl_relative_error"] = r["R_nl"] / best - 1
    print(json.dumps(results, indent=1))
    if json_path:
        with open(json_path, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1)
    head = (f"{'P':>2} {'ref':>3} {'elements':>8} {'dofs':>7} {'its':>3} {'R_nl err':>9} "
            f"{'mesh':>5} {'asm':>5} {'law':>5} {'LU':>5} {'post':>5} {'total':>6} "
            f"{'1 LU':>5} {'tot/LU':>6} {'LU(0)':>5} {'tot/LU(0)':>9} {'MB':>5}")
    print(head)
    for r in results:
        print(f"{r['order']:>2} {r['refine']:>3} {r['elements']:>8} {r['dofs']:>7} "
              f"{r['newton_iterations']:>3} {r['R_nl_relative_error']:>9.1e} "
              f"{r['time_mesh_s']:5.2f} {r['time_assembly_s']:5.2f} "
              f"{r['time_interface_law_s']:5.2f} {r['time_linear_solves_s']:5.2f} "
              f"{r['time_observables_s']:5.2f} {r['time_solve_s']:6.2f} "
              f"{r['time_one_lu_s']:5.2f} {r['total_over_lu']:6.1f} "
              f"{r['time_first_lu_s']:5.2f} {r['total_over_first_lu']:9.1f} "
              f"{r['peak_memory_mb']:5.0f}")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 2, 4],
                        help="element sizes divided by these factors")
    parser.add_argument("--orders", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", metavar="PATH", help="also write the results to this file")
    parser.add_argument("--case", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(*args.case)))
    else:
        main(args.levels, args.orders, args.json)
