"""The ratios of docs/performance.md before and after a change, measured in one session.

Runs the three reference problems with nfdiff imported from a git revision (checked out
into a temporary worktree: "before") and from this checkout ("after"), one after the
other on the same machine, and writes every benchmark's JSON and ``summary.json``:

1. ``bench_peers.py`` (linear nonlocal magnon problem, case A): nfdiff P1/P2 before and
   after; NGSolve and FiPy (if installed) once, in the "after" run; the ratios of both
   nfdiff runs use those peer timings (the peers do not change);
2. ``bench_nonlocal.py`` (the default nonlocal device, full model, P1 and P2 at three
   resolutions): time split, memory, total / one LU of the final Jacobian;
3. ``bench_sweep.py`` (40-point distance sweep, 1 and 2 workers): points per minute and
   the 2-worker speed-up.

Prints the summary table with the developers' goals for each ratio (``TARGETS``, kept
in ``summary.json``: problem 1, time to 1e-5 of nfdiff P2 <= NGSolve P2's and >= 20x
better than FiPy's; problem 2, total <= 3 x one LU at the finest level; problem 3,
>= 1.8 x throughput with 2 workers); docs/validation.py renders the measured ratios in
the performance page of the documentation.

    python benchmarks/bench_summary.py --before c500fce --out docs/validation/performance
        [--only peers nonlocal sweep]

(c500fce: the last commit before the assembly and the linear solver were tuned; it has
no nf.sweep, so problem 3 has no "before".)

About 40 minutes on two cores (the peers' sequences up to 10^6 unknowns dominate).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEERS_NFDIFF = ["nfdiff-P1", "nfdiff-P2"]
PEERS_OTHERS = ["ngsolve-P1", "ngsolve-P2", "ngsolve-P2c", "fipy-FV"]
TARGETS = {"peers_ngsolve": 1.0, "peers_fipy": 20.0, "nonlocal_lu": 3.0, "sweep": 1.8}


def _run(args, source: Path | None, out: Path):
    """One benchmark script with nfdiff from ``source`` (None: this checkout)."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", NFDIFF_PROGRESS="0", MPLBACKEND="Agg")
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(source), env.get("PYTHONPATH"))
                                            if p)
    print(f":: {' '.join(map(str, args))}" + (f"  [nfdiff from {source}]" if source else ""),
          flush=True)
    proc = subprocess.run([sys.executable, *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"{args[0]} failed:\n{proc.stderr[-3000:]}")
    out.write_text(proc.stdout)
    return proc.stdout


def _json_of(path: Path):
    """The first JSON document in a file (the scripts print a table after it)."""
    return json.JSONDecoder().raw_decode(path.read_text().lstrip())[0]


def peers(source, out: Path, methods):
    path = out / "peers.json"
    _run([HERE / "bench_peers.py", "--cases", "A", "--methods", *methods, "--out", path],
         source, out / "peers.txt")
    return json.loads(path.read_text())


def nonlocal_(source, out: Path):
    path = out / "nonlocal.json"
    _run([HERE / "bench_nonlocal.py", "--json", path], source, out / "nonlocal.txt")
    return json.loads(path.read_text())


def sweep(source, out: Path):
    path = out / "sweep.txt"
    _run([HERE / "bench_sweep.py"], source, path)
    data = _json_of(path)
    (out / "sweep.json").write_text(json.dumps(data, indent=1))
    return data


def summarise(results: dict) -> dict:
    """{state: {ratio name: value}} from the runs of each state."""
    peers_after = results.get("after", {}).get("peers")
    summary = {}
    for state, res in results.items():
        s = {}
        if "peers" in res:
            t = {m: v["time_to_1e-05_s"] for m, v in res["peers"]["cases"]["A"]["summary"]
                 .items()}
            other = peers_after["cases"]["A"]["summary"] if peers_after else {}
            t.update({m: v["time_to_1e-05_s"] for m, v in other.items() if m not in t})
            per_dof = {m: v.get("us_per_dof") for m, v in
                       {**other, **res["peers"]["cases"]["A"]["summary"]}.items()}
            s["peers_time_to_1e-5_s"] = t
            s["peers_us_per_dof"] = per_dof
            if t.get("nfdiff-P2") and t.get("ngsolve-P2"):
                s["peers_ngsolve"] = t["nfdiff-P2"] / t["ngsolve-P2"]
            best = min((v for m, v in t.items() if m.startswith("nfdiff") and v), default=None)
            if best and t.get("fipy-FV"):
                s["peers_fipy"] = t["fipy-FV"] / best
        if "nonlocal" in res:
            rows = res["nonlocal"]
            finest = max(rows, key=lambda r: (r["order"], r["refine"]))
            s["nonlocal_lu"] = finest["total_over_lu"]
            s["nonlocal_rows"] = [{k: r[k] for k in (
                "order", "refine", "dofs", "newton_iterations", "time_solve_s",
                "time_assembly_s", "time_linear_solves_s", "time_one_lu_s", "total_over_lu",
                "time_first_lu_s", "total_over_first_lu", "peak_memory_mb", "R_nl")}
                for r in rows]
        if "sweep_failed" in res:
            s["sweep_failed"] = res["sweep_failed"]
        if "sweep" in res:
            runs = {r["workers"]: r for r in res["sweep"]["runs"]}
            if 1 in runs and 2 in runs:
                s["sweep"] = runs[2]["points_per_minute"] / runs[1]["points_per_minute"]
                s["sweep_points_per_minute"] = {w: r["points_per_minute"]
                                                for w, r in runs.items()}
        summary[state] = s
    summary["targets"] = TARGETS
    return summary


def print_summary(summary: dict):
    rows = [("problem 1: nfdiff-P2 / NGSolve-P2, time to 1e-5", "peers_ngsolve", "<="),
            ("problem 1: FiPy / nfdiff (best), time to 1e-5", "peers_fipy", ">="),
            ("problem 2: total / one LU, finest level", "nonlocal_lu", "<="),
            ("problem 3: 2 workers / 1 worker, points per minute", "sweep", ">=")]
    print(f"\n{'ratio':<52} {'before':>8} {'after':>8} {'target':>9}")
    for label, key, how in rows:
        vals = [summary.get(s, {}).get(key) for s in ("before", "after")]
        print(f"{label:<52} " + " ".join(f"{v:8.2f}" if v is not None else f"{'-':>8}"
                                         for v in vals) + f" {how + format(TARGETS[key], 'g'):>9}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=None, help="git revision of the 'before' run")
    parser.add_argument("--out", type=Path, default=Path("benchmark-summary"))
    parser.add_argument("--only", nargs="+", default=["peers", "nonlocal", "sweep"],
                        choices=["peers", "nonlocal", "sweep"])
    parser.add_argument("--from-files", action="store_true",
                        help="summarise the JSON already in --out instead of running")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    results = load(out) if args.from_files else run_all(args, out)
    summary = summarise(results)
    summary["before_revision"] = args.before
    summary["after_revision"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"],
                                               cwd=ROOT, capture_output=True,
                                               text=True).stdout.strip()
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    print_summary(summary)
    return summary


def load(out: Path) -> dict:
    """The results of an earlier run from the JSON files in ``out/<state>/``."""
    results = {}
    for state in ("before", "after"):
        d = out / state
        if d.is_dir():
            results[state] = {name: json.loads((d / f"{name}.json").read_text())
                              for name in ("peers", "nonlocal", "sweep")
                              if (d / f"{name}.json").exists()}
    return results


def run_all(args, out: Path) -> dict:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        states = [("after", None)]
        if args.before:
            tree = Path(tmp) / "before"
            subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree),
                            args.before], cwd=ROOT, check=True)
            states.insert(0, ("before", tree))
        try:
            for state, source in states:
                d = out / state
                d.mkdir(parents=True, exist_ok=True)
                res = results[state] = {}
                if "peers" in args.only:
                    methods = PEERS_NFDIFF + (PEERS_OTHERS if state == "after" else [])
                    res["peers"] = peers(source, d, methods)
                if "nonlocal" in args.only:
                    res["nonlocal"] = nonlocal_(source, d)
                if "sweep" in args.only:
                    try:
                        res["sweep"] = sweep(source, d)
                    except RuntimeError as err:  # e.g. a revision before nf.sweep
                        res["sweep_failed"] = str(err).splitlines()[-1]
        finally:
            if args.before:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT)
    return results


if __name__ == "__main__":
    main()
