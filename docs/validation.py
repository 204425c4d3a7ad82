"""The validation report of nfdiff: regenerate its data, render its page.

Regenerate everything (the physics checks of the test suite and the benchmarks), from
the repository root::

    python docs/validation.py                  # tests and benchmarks, ~4 min on 2 cores
    python docs/validation.py --no-benchmarks  # the tests only, ~1 min
    python docs/validation.py --benchmarks-only --benchmark bench_fem   # one benchmark

This runs ``pytest`` on every test file that calls ``validation.check`` (the fixture of
``tests/conftest.py``) with ``NFDIFF_VALIDATION`` set, so that each check appends its
record (quantity, reference, nfdiff's value, the reference value, error, tolerance) as
a JSON line, and writes, in ``docs/validation/``:

- ``checks.jsonl``: the records, in the order of the test files;
- ``meta.json``: when, on what, with which versions;
- ``benchmarks/bench_*.json``: the output of every ``benchmarks/bench_*.py`` that has a
  ``--json PATH`` option.

The documentation build renders the page from these files (:func:`render`, called by
``docs/_ext/nfdiff_docs.py``), and the test suite keeps them honest: a check whose
numbers move away from its record, or that has none, fails until the data are
regenerated (``tests/conftest.py``), and ``tests/test_docs.py`` checks that every
record still belongs to a test.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
DATA = DOCS / "validation"
#: Areas of the report, in order: test module -> (title, what is checked against what).
AREAS = {
    "test_interface": (
        "The interface law",
        "The currents and linear-response coefficients of Bender and Tserkovnyak, Phys. "
        "Rev. B 91, 140402(R) (2015), against their closed forms in polylogarithms and "
        "the defining magnon integrals (mpmath, 25-50 digits), the sign correction of "
        "Eq. (2) (docs/theory.md#theory-nonlinear), equilibrium and the small-bias limit "
        "(docs/theory.md#theory-check-interface)."),
    "test_manufactured": (
        "Manufactured solutions: every operator converges at the rate of its elements",
        "Exact solutions of the bulk equations of metals, magnets and dielectrics and of "
        "the N|F coupling, with the sources that make them exact; relative L2 errors on "
        "uniformly refined meshes must fall as h^2 (P1) and h^3 (P2)."),
    "test_device": (
        "Finite-element core: exact Jacobian, conservation, Newton",
        "The assembled Jacobian against finite differences, the spin, magnon and energy "
        "balances of a 2D device with the nonlinear law and Joule heating, and the "
        "quadratic convergence of Newton's method."),
    "test_two_contact": (
        "Magnon transport between two contacts (1D)",
        "A magnon channel between an injector and a detector reservoir against the "
        "two-contact formula (docs/theory.md#theory-two-contact) in the three contact "
        "regimes, its 1/sinh "
        "limit (Cornelissen et al., Nat. Phys. 11, 1022 (2015)), conservation and "
        "reciprocity."),
    "test_smr": (
        "Spin Hall magnetoresistance",
        "The SMR of a film (nf.devices.smr_film) against Chen et al., Phys. Rev. B 87, "
        "144411 (2013), and the exact 1D conductivity tensor, for every direction of n; "
        "the sign of Delta rho_2; the linear law's magnon channel; mesh convergence."),
    "test_nonlocal": (
        "Nonlocal magnon transport (2D)",
        "The injector/detector device (nf.devices.nonlocal_strips): Onsager-Casimir "
        "reciprocity with unequal strips, conservation of spin, magnons and energy, the "
        "harmonics, symmetry in n, independence of the lateral extent and of the mesh."),
    "test_lsse": (
        "Longitudinal spin Seebeck effect",
        "The stack of nf.devices.lsse_stack: the exact thin-film inverse spin Hall "
        "relation, energy conservation and series heat conduction, linearity and "
        "symmetries of the voltage, mesh convergence."),
    "test_peltier": (
        "Spin Peltier effect and Onsager reciprocity",
        "The stack of nf.devices.spin_peltier: Onsager-Casimir reciprocity with the spin "
        "Seebeck effect of the same stack, parities in the current, n and theta_SH, "
        "energy conservation."),
    "test_gmsh_devices": (
        "Devices on gmsh meshes",
        "Triangular gmsh meshes against tensor-product quad meshes of the same device, "
        "and the balances of a strip with sloped sidewalls."),
    "test_examples": (
        "Examples",
        "The numbers the examples teach, at the reduced resolution of the tests: the "
        "magnon diffusion length fitted to the distance dependence, the angle "
        "dependence, the temperature power laws."),
}
#: Extra arguments of benchmarks run by the regeneration (every ``benchmarks/bench_*.py``
#: with a ``--json`` option runs, with these arguments if listed here).
BENCHMARK_ARGS: dict[str, list[str]] = {}
#: Environment of the subprocesses (one BLAS thread: the timings of benchmarks/).
ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
       "MPLBACKEND": "Agg", "NFDIFF_PROGRESS": "0"}


def validation_test_files(root: Path = ROOT) -> list[Path]:
    """The test files with validation checks: those that call ``validation.check``."""
    return sorted(p for p in (root / "tests").glob("test_*.py")
                  if "validation.check(" in p.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------
# Regeneration
# ---------------------------------------------------------------------------------------


def _env() -> dict:
    env = dict(os.environ, **ENV)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def collect(files: list[Path]) -> list[str]:
    """Node ids of the tests in ``files``, in collection order."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider", *map(str, files)], cwd=ROOT,
                          env=_env(), capture_output=True, text=True)
    return [line.strip() for line in proc.stdout.splitlines() if "::" in line]


def run_tests(files: list[Path], pytest_args: list[str]) -> tuple[int, list[dict], float]:
    """Run the files with NFDIFF_VALIDATION set: (exit status, records, seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "checks.jsonl"
        path.touch()
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               *map(str, files), *pytest_args]
        try:
            import xdist  # noqa: F401

            if not any(a.startswith("-n") for a in pytest_args):
                cmd += ["-n", str(min(os.cpu_count() or 1, 4))]
        except ImportError:
            pass
        print("::", " ".join(cmd[2:]), flush=True)
        start = time.perf_counter()
        status = subprocess.run(cmd, cwd=ROOT, env={**_env(), "NFDIFF_VALIDATION": str(path)}
                                ).returncode
        seconds = time.perf_counter() - start
        records = [json.loads(line) for line in path.read_text().splitlines() if line]
    order = {nodeid: i for i, nodeid in enumerate(collect(files))}
    records.sort(key=lambda r: order.get(r["test"], len(order)))  # stable: check order kept
    return status, records, seconds


def benchmark_scripts(root: Path = ROOT) -> list[Path]:
    """The benchmarks that can write JSON (``--json PATH``)."""
    return sorted(p for p in (root / "benchmarks").glob("bench_*.py")
                  if 'add_argument("--json"' in p.read_text(encoding="utf-8"))


def run_benchmarks(out: Path, names: list[str] | None = None) -> dict[str, float]:
    """Run the benchmarks (all of :func:`benchmark_scripts`, or ``names``) with
    ``--json``: {name: seconds}."""
    out.mkdir(parents=True, exist_ok=True)
    times = {}
    for script in benchmark_scripts():
        name = script.stem
        if names and name not in names:
            continue
        args = BENCHMARK_ARGS.get(name, [])
        print(f":: benchmarks/{name}.py --json", flush=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, str(script), *args, "--json",
                        str(out / f"{name}.json")], cwd=ROOT, env=_env(), check=True,
                       stdout=subprocess.DEVNULL)
        times[name] = time.perf_counter() - start
    return times


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def machine() -> dict:
    import numpy
    import scipy
    import skfem

    import nfdiff

    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "nfdiff": nfdiff.__version__,
            "commit": _git("rev-parse", "--short", "HEAD") + ("+changes" if dirty else ""),
            "python": platform.python_version(), "numpy": numpy.__version__,
            "scipy": scipy.__version__, "scikit-fem": skfem.__version__,
            "platform": platform.platform(terse=True), "cpus": os.cpu_count(),
            "load_average": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-benchmarks", action="store_true",
                        help="keep the benchmark data; run the tests only")
    parser.add_argument("--benchmarks-only", action="store_true",
                        help="keep the test data; run the benchmarks only")
    parser.add_argument("--benchmark", action="append", metavar="NAME",
                        help="run only this benchmark (e.g. bench_fem; repeatable)")
    parser.add_argument("pytest_args", nargs="*",
                        help="extra pytest arguments (after --), e.g. -- -n 2")
    args = parser.parse_args(argv)
    DATA.mkdir(exist_ok=True)
    meta_path = DATA / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    status = 0
    if not args.benchmarks_only:
        files = validation_test_files()
        status, records, seconds = run_tests(files, args.pytest_args)
        if not records:
            print("no validation records: nothing written", file=sys.stderr)
            return status or 1
        with open(DATA / "checks.jsonl", "w", encoding="utf-8") as fh:
            seen = set()
            for r in records:  # a test's docstring summary once, with its first check
                if r["test"] in seen:
                    r = {k: v for k, v in r.items() if k != "doc"}
                seen.add(r["test"])
                fh.write(json.dumps(r) + "\n")
        failed = sum(not r["passed"] for r in records)
        meta["tests"] = {**machine(), "files": [p.relative_to(ROOT).as_posix() for p in files],
                         "checks": len(records), "failed": failed, "seconds": round(seconds),
                         "pytest_exit_status": status}
        print(f"wrote {len(records)} checks ({failed} failed) from {len(files)} files to "
              f"{(DATA / 'checks.jsonl').relative_to(ROOT)}")
    if not args.no_benchmarks:
        old = meta.get("benchmarks", {}).get("seconds", {}) if args.benchmark else {}
        times = run_benchmarks(DATA / "benchmarks", args.benchmark)
        meta["benchmarks"] = {**machine(),
                              "seconds": {**old, **{k: round(v) for k, v in times.items()}}}
        print(f"wrote {len(times)} benchmarks to {(DATA / 'benchmarks').relative_to(ROOT)}")
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    return status


# ---------------------------------------------------------------------------------------
# Rendering (called by the documentation build)
# ---------------------------------------------------------------------------------------


def _md(text: object) -> str:
    """Text for a Markdown table cell."""
    text = str(text)
    for ch in "\\`*<>|[]":
        text = text.replace(ch, "\\" + ch)
    return text


#: A citation of a section of the documentation, ``docs/theory.md#theory-bulk``.
CITATION = re.compile(r"docs/[\w/-]+\.md#([\w-]+)")


def _md_cited(text: object) -> str:
    """:func:`_md`, with every ``docs/<page>.md#<label>`` a link to that section."""
    parts = CITATION.split(str(text))  # text, label, text, label, ..., text
    return "".join(_md(part) if k % 2 == 0 else f"{{ref}}`{part}`"
                   for k, part in enumerate(parts))


def _num(x, digits: int = 6) -> str:
    if x is None:
        return "—"
    if isinstance(x, list):
        return "[" + ", ".join(_num(v, 4) for v in x) + "]"
    return f"{x:.{digits}g}"


#: pytest.approx's absolute tolerance when a check gives ``rel`` but no ``abs``.
PYTEST_ABS = 1e-12


def _effective_abs(r: dict) -> float:
    """The absolute tolerance of a ``rel`` check (pytest's default when not given)."""
    return PYTEST_ABS if r.get("abs") is None else r["abs"]


def _tolerance(r: dict) -> str:
    t = f"{r['tolerance']:.3g}"
    kind = r["kind"]
    if kind == "rel":
        text = f"rel {t}"
        expected = r["expected"] if not isinstance(r["expected"], list) else max(
            abs(x) for x in r["expected"])
        floor = _effective_abs(r)
        if r.get("abs") is not None and r["abs"] > 0:
            text += f" (abs {r['abs']:.3g})"
        elif r.get("abs") is None and floor > r["tolerance"] * abs(expected):
            text += f" (abs {floor:.0e}, pytest's default, dominates)"
        return text
    if kind == "abs":
        return f"abs {'<' if r.get('strict') else '≤'} {t}"
    return {"max": "≤ ", "lt": "< ", "min": "≥ ", "gt": "> "}[kind] + t


def _ratio(r: dict) -> float | None:
    """|value - reference| / the tolerance it passed with (scalar rel and abs checks)."""
    if r["kind"] not in ("rel", "abs") or r["expected"] is None or isinstance(r["value"], list):
        return None
    diff = abs(r["value"] - r["expected"])
    if r["kind"] == "abs":
        return diff / r["tolerance"] if r["tolerance"] > 0 else None
    allowed = max(r["tolerance"] * abs(r["expected"]), _effective_abs(r))
    return diff / allowed if allowed > 0 else None


def _case(nodeid: str) -> tuple[str, str]:
    """(test function, parameters) of a node id."""
    name = nodeid.split("::")[-1]
    func, _, params = name.partition("[")
    return func, params.rstrip("]")


def _checks_section(records: list[dict]) -> list[str]:
    areas: dict[str, list[dict]] = {}
    for r in records:
        module = Path(r["test"].split("::")[0]).stem
        areas.setdefault(module, []).append(r)
    order = [m for m in AREAS if m in areas] + sorted(m for m in areas if m not in AREAS)
    failed = [r for r in records if not r["passed"]]
    lines = [f"**{len(records)} checks** from {len(areas)} test files, "
             + (f"**{len(failed)} failed**." if failed else "all passed."), "",
             "| area | checks | tests | largest \\|error\\| / tolerance |", "|---|---|---|---|"]
    for module in order:
        rs = areas[module]
        title = AREAS.get(module, (module, ""))[0]
        ratios = [_ratio(r) for r in rs if _ratio(r) is not None]
        worst = f"{max(ratios):.2g}" if ratios else "—"
        lines.append(f"| {{ref}}`{_md(title)} <validation-{module}>` | {len(rs)} | "
                     f"{len({r['test'] for r in rs})} | {worst} |")
    lines.append("")
    for module in order:
        title, what = AREAS.get(module, (module, ""))
        rs = areas[module]
        lines += [f"(validation-{module})=", f"## {title}", "",
                  f"`tests/{module}.py`: {_md_cited(what)}" if what
                  else f"`tests/{module}.py`", ""]
        by_test: dict[str, list[dict]] = {}
        for r in rs:
            by_test.setdefault(_case(r["test"])[0], []).append(r)
        for func, trs in by_test.items():
            doc = trs[0].get("doc", "")
            lines += [f"**`{func}`**" + (f": {_md_cited(doc)}" if doc else ""), ""]
            params = any(_case(r["test"])[1] for r in trs)
            head = ("| case " if params else "") + \
                "| quantity | reference | nfdiff | reference value | error | tolerance | |"
            lines += [head, "|" + "---|" * (head.count("|") - 1)]
            for r in trs:
                unit = f" {r['unit']}" if r.get("unit") else ""
                error = "—" if r["error"] is None else f"{r['error']:.1e}"
                cells = ([f"`{_case(r['test'])[1]}`"] if params else []) + [
                    _md(r["name"]), _md_cited(r["reference"]), _md(_num(r["value"]) + unit),
                    _md(_num(r["expected"]) + (unit if r["expected"] is not None else "")),
                    error, _md(_tolerance(r)), "✓" if r["passed"] else "**✗**"]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return lines


def _figure_interface(data, path) -> None:
    import matplotlib.pyplot as plt

    laws = ["nonlinear", "linear", "elastic"]
    fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
    x = range(len(laws))
    ax.bar([i - 0.2 for i in x], [data[f"{law}_points_per_s"] for law in laws], 0.4,
           label="currents")
    ax.bar([i + 0.2 for i in x], [data[f"{law}+jacobian_points_per_s"] for law in laws], 0.4,
           label="currents + exact Jacobian")
    ax.set(xticks=list(x), xticklabels=laws, ylabel="points per second",
           title=f"interface law, {data['points']} points")
    ax.legend()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _figure_fem(data, path) -> None:
    import matplotlib.pyplot as plt

    dofs = [r["dofs"] for r in data]
    fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
    for key, label in (("assembly_s", "one assembly (residual + Jacobian)"),
                       ("lu_factorisation_s", "one sparse LU"),
                       ("solve_total_s", "full Newton solve")):
        ax.loglog(dofs, [r[key] for r in data], "o-", label=label)
    ax.set(xlabel="degrees of freedom", ylabel="seconds",
           title="2D nonlocal cross-section, thermal, nonlinear law")
    _plain_minor_ticks(ax)
    ax.legend()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _figure_nonlocal(data, path) -> None:
    import matplotlib.pyplot as plt

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    for order in sorted({r["order"] for r in data}):
        rs = [r for r in data if r["order"] == order and r["R_nl_relative_error"] != 0]
        a1.loglog([r["dofs"] for r in rs], [abs(r["R_nl_relative_error"]) for r in rs],
                  "o-", label=f"P{order}")
        rs = [r for r in data if r["order"] == order]
        a2.loglog([r["dofs"] for r in rs], [r["time_solve_s"] for r in rs], "o-",
                  label=f"P{order} solve")
        a2.loglog([r["dofs"] for r in rs], [r["time_one_lu_s"] for r in rs], "s--",
                  label=f"P{order} one LU")
    a1.set(xlabel="degrees of freedom", ylabel="|R_nl / R_nl(finest P2) - 1|",
           title="accuracy of R_nl")
    a2.set(xlabel="degrees of freedom", ylabel="seconds", title="cost")
    _plain_minor_ticks(a1, a2)
    a1.legend()
    a2.legend()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _plain_minor_ticks(*axes) -> None:
    """No labels on the minor ticks of log axes (they overlap)."""
    from matplotlib.ticker import NullFormatter

    for ax in axes:
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())


FIGURES = {"bench_interface": _figure_interface, "bench_fem": _figure_fem,
           "bench_nonlocal": _figure_nonlocal}


def _table(rows: list[dict]) -> list[str]:
    keys = list(rows[0])
    lines = ["| " + " | ".join(_md(k) for k in keys) + " |", "|" + "---|" * len(keys)]
    for r in rows:
        lines.append("| " + " | ".join(_md(_num(r[k], 4) if isinstance(r[k], float)
                                           else r[k]) for k in keys) + " |")
    return lines


def _benchmark_section(data_dir: Path, out_dir: Path) -> list[str]:
    files = sorted((data_dir / "benchmarks").glob("bench_*.json"))
    if not files:
        return ["No benchmark data: `python docs/validation.py` writes it."]
    lines = []
    for path in files:
        name = path.stem
        data = json.loads(path.read_text())
        script = ROOT / "benchmarks" / f"{name}.py"
        summary = ""
        if script.exists():
            import ast

            doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
            summary = " ".join(doc.split("\n\n")[0].split())
        lines += [f"### `benchmarks/{name}.py`", "", _md(summary), ""]
        if name in FIGURES:
            figure = out_dir / "validation" / f"{name}.png"
            figure.parent.mkdir(parents=True, exist_ok=True)
            newest = max(path.stat().st_mtime, Path(__file__).stat().st_mtime)
            if not figure.exists() or figure.stat().st_mtime < newest:
                FIGURES[name](data, figure)
            lines += [f"![{name}](validation/{name}.png)", ""]
        rows = data if isinstance(data, list) else [data]
        if name == "bench_interface":  # one wide row: show it as a column
            rows = [{"quantity": k, "value": v} for k, v in data.items()]
        lines += _table(rows) + [""]
    return lines


def render(data_dir: Path, out_dir: Path, name: str = "validation.md") -> list[str]:
    """Write ``out_dir/name`` (Markdown) and its figures from the data; return problems."""
    problems = []
    checks = data_dir / "checks.jsonl"
    meta_path = data_dir / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    lines = []
    if checks.exists():
        records = [json.loads(line) for line in checks.read_text().splitlines() if line]
        tests = meta.get("tests", {})
        if tests:
            lines += [f"Generated on {tests.get('date')} from nfdiff {tests.get('nfdiff')} "
                      f"(commit {tests.get('commit') or '?'}), Python {tests.get('python')}, "
                      f"numpy {tests.get('numpy')}, scipy {tests.get('scipy')}, scikit-fem "
                      f"{tests.get('scikit-fem')}; the tests took {tests.get('seconds')} s "
                      f"on {tests.get('cpus')} cores.", ""]
        lines += _checks_section(records)
        failed = [r for r in records if not r["passed"]]
        if failed:
            problems.append(f"{len(failed)} failed checks in {checks}")
    else:
        problems.append(f"{checks} is missing: run python docs/validation.py")
    bench = meta.get("benchmarks", {})
    lines += ["(validation-benchmarks)=", "## Benchmarks", ""]
    if bench:
        load = bench.get("load_average")
        lines += [f"Run on {bench.get('date')} from nfdiff {bench.get('nfdiff')} (commit "
                  f"{bench.get('commit') or '?'}), {bench.get('platform')}, "
                  f"{bench.get('cpus')} cores, one BLAS thread"
                  + (f", load average {load} when it started" if load is not None else "")
                  + ". Timings scale with the machine and its load; the accuracy "
                  "columns do not.", ""]
    lines += _benchmark_section(data_dir, out_dir)
    _write_lines(out_dir / name, lines)
    return problems


def _write_lines(path: Path, lines: list[str]) -> None:
    """Write Markdown lines to ``path`` unless it already holds them (no rebuild)."""
    text = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


#: The headline ratios of the performance page: (label, key in summary.json, how to read it).
PERFORMANCE_RATIOS = [
    ("Problem 1: time to 1e-5, nfdiff P2 / NGSolve P2", "peers_ngsolve",
     "above 1: NGSolve reaches the accuracy sooner"),
    ("Problem 1: time to 1e-5, FiPy / nfdiff (best)", "peers_fipy",
     "above 1: nfdiff reaches the accuracy sooner"),
    ("Problem 2: whole solve / one LU of the final Jacobian (finest level)", "nonlocal_lu",
     "the nonlinear solve in units of one sparse factorisation"),
    ("Problem 3: points per minute, 2 workers / 1 worker", "sweep",
     "parallel speed-up, at most 2"),
]


def render_performance(data_dir: Path, out_dir: Path,
                       name: str = "performance.md.inc") -> list[str]:
    """Write the tables of the performance page from ``benchmarks/bench_summary.py``'s
    ``summary.json`` in ``data_dir``; return problems."""
    path = data_dir / "summary.json"
    if not path.exists():
        lines = ["No performance data: `python benchmarks/bench_summary.py --before REV "
                 "--out docs/validation/performance` writes it."]
        problems = [f"{path} is missing"]
    else:
        lines, problems = _performance_tables(json.loads(path.read_text())), []
        more = data_dir / "after" / "peers_cases.json"
        if more.exists():
            lines += _peer_cases_table(json.loads(more.read_text()))
    _write_lines(out_dir / name, lines)
    return problems


#: The cases of benchmarks/peers/problem.py (CASES): lambda [um], G lambda / sigma.
PEER_CASES = {"A": (9.4, 1e3), "B": (9.4, 1.0), "C": (1.0, 1e3), "D": (1.0, 1.0)}


def _peer_cases_table(peers: dict) -> list[str]:
    """Problem 1's other cases (``bench_peers.py --cases B C D --out ...``): time to 1e-5."""
    lines = ["", "### Problem 1: the other cases", "",
             "Time to 1e-5 [s] for the variants of the problem (λ = 9.4 or 1 µm, G λ / σ = 1e3 "
             "or 1), measured at the later revision, with `python benchmarks/bench_peers.py "
             "--cases B C D "
             "--methods nfdiff-P2 ngsolve-P2 ngsolve-P2c fipy-FV --dofs 0 --out "
             "docs/validation/performance/after/peers_cases.json`.", "",
             "| case | λ [µm] | G λ / σ | nfdiff P2 | NGSolve P2 | NGSolve P2c | FiPy "
             "| nfdiff / NGSolve P2 | FiPy / nfdiff |", "|---|---|---|---|---|---|---|---|---|"]
    for case, res in peers["cases"].items():
        t = {m: v["time_to_1e-05_s"] for m, v in res["summary"].items()}
        nf, ng, fp = t.get("nfdiff-P2"), t.get("ngsolve-P2"), t.get("fipy-FV")
        lam, ratio = PEER_CASES[case]
        lines.append(f"| {case} | {lam:g} | {ratio:g} | {_num(nf, 3)} | {_num(ng, 3)} | "
                     f"{_num(t.get('ngsolve-P2c'), 3)} | {_num(fp, 3)} | "
                     f"{_num(nf / ng if nf and ng else None, 3)} | "
                     f"{_num(fp / nf if nf and fp else None, 3)} |")
    return lines


def _performance_tables(summary: dict) -> list[str]:
    before, after = summary.get("before", {}), summary.get("after", {})
    lines = [f"Measured with `benchmarks/bench_summary.py`, one run after the other on the "
             f"same machine (2 cores, one BLAS thread): *before* is nfdiff at commit "
             f"`{summary.get('before_revision')}`, before its assembly and linear solver "
             f"were tuned, *after* at `{summary.get('after_revision')}`.", "",
             "| ratio | before | after | how to read it |", "|---|---|---|---|"]
    for label, key, meaning in PERFORMANCE_RATIOS:
        b, a = before.get(key), after.get(key)
        lines.append(f"| {label} | {_num(b, 3)} | {_num(a, 3)} | {meaning} |")
    if before and "sweep" not in before:
        lines += ["", "Problem 3 has no *before*: `nf.sweep` did not exist at that revision."]
    times = after.get("peers_time_to_1e-5_s", {})
    if times:
        lines += ["", "### Problem 1: linear nonlocal magnon transport (case A)", "",
                  "Wall time [s] to reach a relative error of 1e-5 in the detector current "
                  "along the common sequence of graded grids, and the time per unknown "
                  "[µs] near 10^6 unknowns.", "",
                  "| method | time to 1e-5, before | after | µs per unknown, before | after |",
                  "|---|---|---|---|---|"]
        tb = before.get("peers_time_to_1e-5_s", {})
        ub, ua = before.get("peers_us_per_dof", {}), after.get("peers_us_per_dof", {})
        for m in times:
            nf_only = m.startswith("nfdiff")
            lines.append(f"| {m} | {_num(tb.get(m), 3) if nf_only else '(same)'} | "
                         f"{_num(times[m], 3)} | {_num(ub.get(m), 3) if nf_only else '(same)'}"
                         f" | {_num(ua.get(m), 3)} |")
    for state in ("before", "after"):
        rows = summary.get(state, {}).get("nonlocal_rows")
        if not rows:
            continue
        if state == "before":
            lines += ["", "### Problem 2: the default nonlocal device, full model", "",
                      "Times in s, memory in MB; *one LU* is one factorisation of the final "
                      "Jacobian with the same solver (the floor of a direct method), *LU at "
                      "equilibrium* one of the first Jacobian, the one Newton factors and "
                      "then reuses as the GMRES preconditioner."]
        lines += ["", f"*{state}*", "",
                  "| P | size / | unknowns | Newton | total | assembly | linear solves "
                  "| one LU | total / LU | LU at equilibrium | total / that LU | peak MB |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in rows:
            lines.append(
                f"| {r['order']} | {r['refine']} | {r['dofs']} | {r['newton_iterations']} | "
                f"{_num(r['time_solve_s'], 3)} | {_num(r['time_assembly_s'], 3)} | "
                f"{_num(r['time_linear_solves_s'] or None, 3)} | {_num(r['time_one_lu_s'], 3)} | "
                f"{_num(r['total_over_lu'], 3)} | {_num(r.get('time_first_lu_s'), 3)} | "
                f"{_num(r.get('total_over_first_lu'), 3)} | {_num(r['peak_memory_mb'], 4)} |")
    ppm = after.get("sweep_points_per_minute")
    if ppm:
        lines += ["", "### Problem 3: sweep throughput", "",
                  "Points per minute of a 40-point distance sweep of the default nonlocal "
                  "device on a Dask LocalCluster.", "", "| workers | before | after |",
                  "|---|---|---|"]
        pb = before.get("sweep_points_per_minute", {})
        for w, v in ppm.items():
            lines.append(f"| {w} | {_num(pb.get(w), 3)} | {_num(v, 3)} |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
