"""nfdiff against FiPy and NGSolve on reference problem 1 of docs/performance.md (magnons).

The problem (benchmarks/peers/problem.py): a 20 um x 200 nm YIG film cross-section,
-div(sigma grad mu) + (sigma/lambda^2) mu = 0, an injector contact (inflow G (1 - mu))
and a detector contact 5 um further (inflow -G mu) on the top face, the detector current
as the output. Every tool solves it on the same sequence of graded tensor grids
(levels: the size field scaled by 2^(-level/2), cells doubling per level), each in its
own process with BLAS threads pinned to 1:

- ``nfdiff`` P1 and Q2 (nf.Device, nf.mesh.rectangles, nf.bc.MagnonReservoir);
- ``ngsolve`` H1 order 1 and 2, sparse Cholesky, and order 2 with static condensation
  (``ngsolve-c``, its fastest setting here);
- ``fipy`` cell-centred finite volumes with its default (LU) solver.

For each: the detector current per level and the wall time of a whole solve (mesh
objects from the grid lines, assembly, solve, output; median of 3 when a solve takes
under 10 s), the relative error against a Richardson-extrapolated reference (the last
three even levels of the reference method, NGSolve Q2 by default, which is the same
discretisation as nfdiff Q2), the time to reach 1e-3 and 1e-5 relative error
(interpolated log-log between levels) and the time per unknown near 10^6 unknowns.
Prints JSON, then a summary table with the ratios that docs/performance.md shows.

    python benchmarks/bench_peers.py [--cases A B C D] [--methods nfdiff-P2 ...]
        [--min-level -4] [--max-level 14] [--dofs 1e6] [--out peers.json]

A tool that is not installed (``pip install -e ".[bench]"``) is skipped with a note.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "peers"
sys.path.insert(0, str(HERE))

import problem as pb  # noqa: E402  (pins the BLAS threads)

#: method name -> (runner script, order, extra arguments, module that must be importable)
METHODS = {
    "nfdiff-P1": ("run_nfdiff.py", 1, [], "nfdiff"),
    "nfdiff-P2": ("run_nfdiff.py", 2, [], "nfdiff"),
    "ngsolve-P1": ("run_ngsolve.py", 1, [], "ngsolve"),
    "ngsolve-P2": ("run_ngsolve.py", 2, [], "ngsolve"),
    "ngsolve-P2c": ("run_ngsolve.py", 2, ["--condense"], "ngsolve"),
    "fipy-FV": ("run_fipy.py", 0, [], "fipy"),
}
TOOL_OF = {m: m.split("-")[0] for m in METHODS}
TARGETS = (1e-3, 1e-5)


def run(method, case, levels, *, repeat=3, max_time=60.0):
    script, order, extra, _ = METHODS[method]
    env = dict(os.environ)
    for name in pb.THREAD_VARIABLES:
        env[name] = "1"
    cmd = [sys.executable, str(HERE / script), "--case", case, "--order", str(max(order, 1)),
           "--repeat", str(repeat), "--max-time", str(max_time),
           "--levels", *[str(lv) for lv in levels], *extra]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    try:  # the results are the last line (an extension may crash at interpreter exit)
        rows = json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise RuntimeError(f"{method} failed:\n{out.stderr[-3000:]}") from None
    for r in rows:
        r["method"] = method
    return rows


def reference(rows):
    """Richardson limit of the last three even levels of a sequence."""
    even = [r for r in rows if float(r["level"]) % 2 == 0]
    values = [r["current"] for r in even]
    limit, q, err = pb.richardson(values)
    return {"value": limit, "ratio": q, "error_estimate": err / abs(limit),
            "levels": [r["level"] for r in even[-3:]], "method": rows[0]["method"]}


def analyse(rows, ref):
    """Relative errors, and the wall (``time_to_*``) and CPU (``cpu_to_*``) time to reach
    each target."""
    errors = [abs(r["current"] / ref - 1.0) for r in rows]
    for r, e in zip(rows, errors, strict=True):
        r["relative_error"] = e
    out = {}
    for key, clock in (("time", "time_s"), ("cpu", "cpu_s")):
        times = [r[clock] for r in rows]
        for target in TARGETS:
            t, how = pb.time_to_accuracy(errors, times, target)
            out[f"{key}_to_{target:g}_s"] = t
            out[f"{key}_to_{target:g}_how"] = how
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=["A"], choices=sorted(pb.CASES))
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    parser.add_argument("--min-level", type=int, default=-4,
                        help="coarsest level of the convergence sequences")
    parser.add_argument("--max-level", type=int, default=14,
                        help="finest level of the convergence sequences")
    parser.add_argument("--reference", default="ngsolve-P2c", choices=list(METHODS))
    parser.add_argument("--dofs", type=float, default=1e6,
                        help="size of the time-per-unknown measurement (0: skip)")
    parser.add_argument("--max-time", type=float, default=60.0,
                        help="stop a sequence after a solve longer than this [s]")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args(argv)

    methods, skipped = [], {}
    for m in args.methods:
        module = METHODS[m][3]
        if importlib.util.find_spec(module) is None:
            skipped[m] = f"{module} is not installed (pip install -e '.[bench]')"
        else:
            methods.append(m)
    ref_method = args.reference if args.reference in methods else "nfdiff-P2"
    results = {"skipped": skipped, "cases": {}}
    levels = list(range(args.min_level, args.max_level + 1))
    for case in args.cases:
        runs = {m: run(m, case, levels, repeat=args.repeat, max_time=args.max_time)
                for m in methods}
        ref = reference(runs[ref_method])
        checks = {m: reference(runs[m])["value"] / ref["value"] - 1
                  for m in methods if m.endswith("P2") or m.endswith("P2c")}
        summary = {}
        for m in methods:
            summary[m] = analyse(runs[m], ref["value"])
            if args.dofs:
                _, order, _, _ = METHODS[m]
                tool = "fipy" if TOOL_OF[m] == "fipy" else "fe"
                lv = pb.level_for_dofs(case, tool, max(order, 1), args.dofs)
                big = run(m, case, [lv], repeat=1, max_time=1e9)[0]
                summary[m].update(per_dof_level=lv, per_dof_dofs=big["dofs"],
                                  per_dof_time_s=big["time_s"],
                                  us_per_dof=big["time_s"] / big["dofs"] * 1e6,
                                  cpu_us_per_dof=big["cpu_s"] / big["dofs"] * 1e6,
                                  per_dof_split={k: v for k, v in big.items()
                                                 if k.startswith("time_")})
        results["cases"][case] = {"reference": ref, "reference_checks": checks,
                                  "summary": summary, "levels": runs}
    text = json.dumps(results, indent=1)
    print(text)
    if args.out:
        Path(args.out).write_text(text)
    print_table(results)
    return results


def _ratio(a, b):
    return None if a is None or b is None else a / b


def print_table(results):
    def fmt(t, how, width=9):
        if t is None:
            return f"{'-':>{width}}"
        return f"{('<=' if how == '<=' else '') + f'{t:.3g}':>{width}}"

    for case, res in results["cases"].items():
        lam, ratio = pb.CASES[case]
        ref = res["reference"]
        print(f"\ncase {case}: lambda = {lam * 1e6:g} um, G lambda/sigma = {ratio:g}; "
              f"reference I_det = {ref['value']:.10g} ({ref['method']} levels "
              f"{ref['levels']}, Richardson error estimate {ref['error_estimate']:.1e}); "
              "other limits: "
              + ", ".join(f"{m} {d:+.1e}" for m, d in res["reference_checks"].items()))
        print(f"{'method':<12} {'levels':>6} {'max dofs':>9} {'t(1e-3)':>9} {'t(1e-5)':>9} "
              f"{'cpu(1e-5)':>9} {'us/dof':>7} {'cpu us':>7} {'@ dofs':>8}   [s]")
        for m, s in res["summary"].items():
            rows = res["levels"][m]
            print(f"{m:<12} {len(rows):>6} {rows[-1]['dofs']:>9} "
                  f"{fmt(s['time_to_0.001_s'], s['time_to_0.001_how'])} "
                  f"{fmt(s['time_to_1e-05_s'], s['time_to_1e-05_how'])} "
                  f"{fmt(s['cpu_to_1e-05_s'], s['cpu_to_1e-05_how'])} "
                  f"{s.get('us_per_dof', float('nan')):>7.2f} "
                  f"{s.get('cpu_us_per_dof', float('nan')):>7.2f} "
                  f"{s.get('per_dof_dofs', 0):>8}")
        for clock in ("time", "cpu"):
            t = {m: s[f"{clock}_to_1e-05_s"] for m, s in res["summary"].items()}
            nf_best = min((v for m, v in t.items() if m.startswith("nfdiff") and v),
                          default=None)
            lines = [("nfdiff-P2 / ngsolve-P2", _ratio(t.get("nfdiff-P2"), t.get("ngsolve-P2"))),
                     ("nfdiff-P2 / ngsolve-P2c",
                      _ratio(t.get("nfdiff-P2"), t.get("ngsolve-P2c"))),
                     ("fipy-FV / nfdiff (best)", _ratio(t.get("fipy-FV"), nf_best)),
                     ("fipy-FV / ngsolve-P2", _ratio(t.get("fipy-FV"), t.get("ngsolve-P2")))]
            print(f"{clock + ' to 1e-5:':<13} " + "; ".join(
                f"{k} = {v:.2f}" if v else f"{k} = -" for k, v in lines))
    for m, why in results["skipped"].items():
        print(f"skipped {m}: {why}")


if __name__ == "__main__":
    main()
