"""``nfdiff sweep CASE.toml --vary KEY=START:STOP:N ...``: a case file on a grid.

Each ``--vary`` names a scalar key of the [device] or [solve] table (its declaration,
:mod:`nfdiff.params`, gives its kind and unit) and its values; the grid is their full
product, solved by :func:`nfdiff.sweep` (on Dask) with :class:`CaseFactory` building
each point as ``nfdiff run`` would. The dataset is written as NetCDF, with a figure.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import math
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import units
from .._store import atomic_write
from ..params import Parameter
from ..units import parse_quantity
from .case import CaseError, check_case, read_case
from .output import _format_value
from .run import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    _failed,
    _output_options,
    _template_arguments,
    build,
)
from .schema import Template

if TYPE_CHECKING:
    import xarray
    from matplotlib.figure import Figure

#: Observable drawn by ``nfdiff sweep`` per template (else the first scalar observable).
DEFAULT_SWEEP_OBSERVABLES = {"smr_film": "rho_long", "nonlocal_strips": "R_nl",
                             "lsse_stack": "V_ISHE", "spin_peltier": "delta_T_interface"}

SWEEP_HELP = """\
--vary KEY=VALUES (repeatable; one dimension of the grid each, in this order)
  KEY is a scalar keyword of the template ([device] table) or of its solve()
  ([solve] table): e.g. distance, temperature, thickness, law, current,
  current_density. VALUES is one of
    START:STOP:N        N values from START to STOP, evenly spaced (numpy.linspace)
    START:STOP:N:log    N values spaced evenly on a log scale (START, STOP > 0)
    V1,V2,...           the values given (numbers, or words for keys such as law)
  Numbers are in SI units or carry a unit with an SI prefix as in the case file:
  --vary "distance=0.5 um:20 um:12:log", --vary "current=20 uA:80 uA:4".
  The grid is the full product of the --vary values; the case file's value of a
  varied key is replaced. Vectors (n, widths as a pair), materials and the
  interface cannot be varied here: write a factory and call nf.sweep in Python
  (e.g. n = (cos a, sin a, 0) for an angle a).

Where the points run: by default on a Dask LocalCluster with one single-threaded
worker process per core (--workers N to change), BLAS pinned to one thread;
--scheduler ADDRESS runs them on an existing Dask cluster (tcp://host:8786);
--scheduler serial runs them one after the other in this process (debugging).

Files (in the output directory): <case>_sweep.nc, the xarray dataset (NetCDF:
the varied keys as coordinates, every scalar observable, newton_iterations,
converged, error, error_type; provenance in the attributes) and
<case>_sweep.png, the observable (--observable, default R_nl, rho_long, V_ISHE
per template) against the first varied key, one line per value of the second
(further varied keys at their first value), in units chosen from the data (um,
mOhm, ueV, mK); the x axis is logarithmic for a :log range, and --log draws
|observable| on a log axis. With --store DIR every finished point is kept in DIR
as it completes, so that the same command run again after an interruption
computes only the missing points (damaged or edited records are reported and
computed again; two commands sharing DIR compute each point once); the dataset
is also written to DIR/sweep-<id>.nc, one file per grid. A point that fails (bad
parameter, condensation, no convergence, even sys.exit) is recorded with its
error and the others go on.

exit status: 0 the sweep ran and the files are written (failed points are
listed on stderr); 1 no point solved, or the files could not be written; 2 bad
command line or case file (the message names the file, key or --vary key).

examples:
  nfdiff sweep examples/cases/nonlocal.toml --vary "distance=0.5 um:20 um:12:log" --log
  nfdiff sweep examples/cases/smr.toml --vary thickness=1nm:10nm:10 \\
      --vary law=elastic,nonlinear --store smr_store
"""


class VaryError(Exception):
    """A bad ``--vary`` option (exit status 2): ``key`` is the varied key, if known."""

    def __init__(self, message: str, key: str | None = None, spec: str = "") -> None:
        super().__init__(message)
        self.message, self.key, self.spec = message, key, spec

    def format(self, filename: str) -> str:
        what = self.key if self.key else repr(self.spec)
        return f"{filename}: --vary {what}: {self.message}"


@dataclasses.dataclass(frozen=True)
class Vary:
    """One ``--vary``: a key of the [device] or [solve] table and its values."""

    key: str
    table: str
    values: tuple[Any, ...]
    log: bool = False
    unit: str | None = None


#: What a --vary value of each kind of declared parameter is (None: cannot be varied).
_SCALAR_KINDS = {"number": "float", "integer": "int", "bool": "bool", "word": "str",
                 "law": "str"}


def _scalar_kind(key: Parameter) -> str | None:
    """``float``, ``int``, ``bool`` or ``str`` for a key a single value can take."""
    if key.entries is not None:
        return None
    return _SCALAR_KINDS.get(key.kind)


def _vary_value(token: str, key: Parameter, kind: str) -> Any:
    """One value of a --vary list or range end, as the template wants it."""
    text = token.strip().strip("\"'")
    if not text:
        raise VaryError("empty value", key.name)
    if kind == "str":
        return text
    if kind == "bool":
        if text.casefold() not in ("true", "false"):
            raise VaryError(f"{text!r} is not true or false", key.name)
        return text.casefold() == "true"
    if kind == "float" and text in key.values:  # a word a number key also takes
        return text
    try:
        value = float(text)
    except ValueError:
        if key.unit is None:
            raise VaryError(f"{text!r} is not a number", key.name) from None
        try:
            value = parse_quantity(text, key.unit)
        except ValueError as err:
            raise VaryError(str(err), key.name) from None
    if not math.isfinite(value):
        raise VaryError(f"{text!r} is not finite", key.name)
    if kind == "int":
        if value != int(value):
            raise VaryError(f"{text!r} is not an integer", key.name)
        return int(value)
    return value


def parse_vary(spec: str, tpl: Template) -> Vary:
    """A ``--vary KEY=VALUES`` option checked against the template's keys.

    Raises
    ------
    VaryError
        Naming the key: unknown or vector keys, malformed ranges and lists, bad numbers
        or units.
    """
    name, eq, values = spec.partition("=")
    name = name.strip()
    if not eq:
        raise VaryError("expected KEY=START:STOP:N, KEY=START:STOP:N:log or "
                        "KEY=V1,V2,...", name or None, spec)
    if not name:
        raise VaryError("no key before '='", None, spec)
    key, table = tpl.device.get(name), "device"
    if key is None:
        key, table = tpl.solve.get(name), "solve"
    if key is None:
        if name in tpl.roles or name == "interface" or name in tpl.python_only:
            raise VaryError("cannot be varied from the command line (materials, the "
                            "interface and Python objects): use nf.sweep in Python", name)
        scalar = [f"[{t}] " + ", ".join(k for k, v in keys.items() if _scalar_kind(v))
                  for t, keys in (("device", tpl.device), ("solve", tpl.solve))]
        raise VaryError(f"not a keyword of {tpl.name}; scalar keys: {'; '.join(scalar)} "
                        "(an angle of n, a material parameter: use nf.sweep in Python)", name)
    kind = _scalar_kind(key)
    if kind is None:
        raise VaryError(f"takes a vector ({key.type_text().removesuffix(', optional')}); only "
                        "scalar keys can be varied from "
                        "the command line: use nf.sweep in Python for vectors", name)
    values = values.strip()
    if ":" in values:
        parts = values.split(":")
        spacing = parts.pop().strip().casefold() if len(parts) == 4 else "lin"
        if len(parts) != 3 or spacing not in ("lin", "log"):
            raise VaryError(f"{values!r}: a range is START:STOP:N or START:STOP:N:log", name)
        if kind not in ("float", "int"):
            raise VaryError(f"a range needs a numeric key; {name} takes a {kind}: list the "
                            "values, V1,V2,...", name)
        start, stop = (_vary_value(p, key, "float") for p in parts[:2])
        try:
            count = int(parts[2])
        except ValueError:
            count = 0
        if count < 1 or str(count) != parts[2].strip():
            raise VaryError(f"N = {parts[2].strip()!r} must be a whole number >= 1", name)
        if spacing == "log":
            if start <= 0 or stop <= 0:
                raise VaryError("a log range needs START > 0 and STOP > 0", name)
            grid = np.geomspace(start, stop, count)
        else:
            grid = np.linspace(start, stop, count)
        out = [float(v) for v in grid]
        if kind == "int":
            out = [_vary_value(repr(v), key, "int") for v in out]
        return Vary(name, table, tuple(out), spacing == "log", key.unit)
    tokens = values.split(",")
    listed = tuple(_vary_value(t, key, kind) for t in tokens)
    if len(set(listed)) != len(listed):
        raise VaryError("a value appears twice", name)
    return Vary(name, table, listed, False, key.unit)


class CaseFactory:
    """``factory(**point)`` of :func:`nfdiff.sweep` for a case file with varied keys.

    Holds the case's TOML document (without [output]) and where each varied key goes;
    a point's values replace the document's, the case is checked and the template
    built as ``nfdiff run`` would, and ``(device, [solve] arguments)`` returned. Errors
    of the library (a ParameterError for a point's value) pass unchanged, so that the
    sweep records their type. Picklable, for the workers.
    """

    def __init__(self, data: Mapping[str, Any], tables: Mapping[str, str]) -> None:
        self.data = {k: v for k, v in data.items() if k != "output"}
        self.tables = dict(tables)

    def __call__(self, **point: Any) -> tuple[Any, dict[str, Any]]:
        data = copy.deepcopy(self.data)
        for name, value in point.items():
            data.setdefault(self.tables[name], {})[name] = value
        case = check_case(data)
        return case.template.factory(**_template_arguments(case)), dict(case.solve)


def _sweep_observable(ds: xarray.Dataset, template: str, wanted: str | None) -> str | None:
    """The observable of the figure: ``wanted``, else the template's default, else the
    first scalar observable (None if there is none)."""
    from ..sweep import DIAGNOSTICS

    names = [str(n) for n, v in ds.data_vars.items()
             if n not in DIAGNOSTICS and v.dtype.kind == "f"]
    if wanted is not None:
        return wanted if wanted in names else None
    preferred = DEFAULT_SWEEP_OBSERVABLES.get(template)
    return preferred if preferred in names else (names[0] if names else None)


def _label(name: str, unit: str | None) -> str:
    return f"{name} [{unit}]" if unit and unit != "1" else name


def _display(unit: str | None, values: Any) -> tuple[float, str | None]:
    """``(size of the display unit in unit, its label)`` for values in the SI ``unit``:
    :func:`nfdiff.units.display_unit` of the largest finite value (um, mOhm, ueV, mK for
    small temperature differences); factor 1 for units without display units."""
    if not unit or unit not in units.DISPLAY_UNITS:
        return 1.0, unit
    finite = np.abs(np.asarray(values, dtype=float))
    finite = finite[np.isfinite(finite)]
    shown = units.display_unit(unit, float(finite.max()) if finite.size else 0.0)
    return units.scale(shown, unit), units.pretty(shown)


def _quantity(value: Any, unit: str | None) -> str:
    """One grid value for a legend or title, in its display unit (2e-06 m -> 2 µm)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _format_value(value, unit)
    factor, shown = _display(unit, [value])
    return _format_value(float(f"{value / factor:.6g}"), shown)


def sweep_axes(ds: xarray.Dataset, varies: list[Vary], observable: str, *, log: bool = False,
               title: str = "") -> Figure:
    """The observable against the first varied key, one line per value of the second;
    both axes in display units chosen from the data (:func:`_display`)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import LogFormatter

    first = varies[0]
    fixed = {v.key: v.values[0] for v in varies[2:]}
    data = ds[observable].sel(fixed) if fixed else ds[observable]
    fig, ax = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in first.values)
    x_factor, x_unit = _display(first.unit, first.values) if numeric else (1.0, first.unit)
    x = (np.asarray(first.values, dtype=float) / x_factor if numeric
         else [str(v) for v in first.values])
    lines = [(None, data)] if len(varies) == 1 else [
        (value, data.sel({varies[1].key: value})) for value in varies[1].values]
    ys = [np.asarray(line.transpose(first.key).values, dtype=float) for _, line in lines]
    if log:
        ys = [np.abs(y) for y in ys]
    y_factor, y_unit = _display(ds[observable].attrs.get("units"), ys)
    for (value, _), y in zip(lines, ys, strict=True):
        label = None if value is None else f"{varies[1].key} = {_quantity(value, varies[1].unit)}"
        ax.plot(x, y / y_factor, "o-", ms=3.5, label=label)
    ylabel = _label(f"|{observable}|" if log else observable, y_unit)
    ax.set(xlabel=_label(first.key, x_unit), ylabel=ylabel)
    if log:
        ax.set_yscale("log")
    if first.log:
        ax.set_xscale("log")
    for axis, on in ((ax.xaxis, first.log), (ax.yaxis, log)):
        if on:  # plain numbers (2, 5, 10 um), not 2 x 10^0, now that units are scaled
            axis.set_major_formatter(LogFormatter())
            axis.set_minor_formatter(LogFormatter(labelOnlyBase=False))
    if len(varies) > 1:
        ax.legend(fontsize=8)
    note = ", ".join(f"{k} = {_quantity(v, vary.unit)}" for (k, v), vary
                     in zip(fixed.items(), varies[2:], strict=True))
    ax.set_title("\n".join(t for t in (title, note) if t), fontsize=10)
    return fig


def sweep_figure(ds: xarray.Dataset, varies: list[Vary], observable: str, path: Path, *,
                 log: bool = False, title: str = "") -> None:
    """:func:`sweep_axes`, written to ``path`` (PNG)."""
    import matplotlib.pyplot as plt

    fig = sweep_axes(ds, varies, observable, log=log, title=title)
    try:
        atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=120, format="png"))
    finally:
        plt.close(fig)


def _sweep_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sweep = commands.add_parser(
        "sweep", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="solve a case on a grid of parameter values (Dask)",
        description="Solve the device of a TOML case file at every point of a grid of "
                    "parameter values (nf.sweep on Dask);\nwrite the dataset (NetCDF) and a "
                    "figure into the output directory.",
        epilog=SWEEP_HELP)
    sweep.add_argument("case", metavar="CASE.toml", help="the case file (nfdiff run --help "
                       "lists its keys)")
    sweep.add_argument("--vary", action="append", default=[], metavar="KEY=VALUES",
                       help="a scalar [device] or [solve] key and its values: "
                            "START:STOP:N, START:STOP:N:log or V1,V2,... (see below)")
    sweep.add_argument("--scheduler", metavar="ADDRESS",
                       help="address of a Dask scheduler to run on (default: a local cluster "
                            "of one process per core); 'serial': in this process")
    sweep.add_argument("--workers", type=int, metavar="N",
                       help="worker processes of the local cluster (default: the cores)")
    sweep.add_argument("--store", metavar="DIR",
                       help="keep every finished point in DIR; run again to resume")
    sweep.add_argument("--observable", metavar="NAME",
                       help="observable of the figure (default per template: "
                            + ", ".join(f"{o} for {t}" for t, o in
                                        DEFAULT_SWEEP_OBSERVABLES.items()) + ")")
    sweep.add_argument("--log", action="store_true",
                       help="figure: |observable| on a logarithmic axis")
    _output_options(sweep, "<case>_sweep", "no progress bar, print nothing but errors")


def _sweep(args: argparse.Namespace) -> int:
    path = Path(args.case)
    filename = args.case
    locator = None
    try:
        data, locator = read_case(path)
        case = check_case(data)
        if not args.vary:
            raise VaryError("give at least one --vary KEY=START:STOP:N (nfdiff sweep "
                            "--help)", None, "")
        varies: list[Vary] = []
        for spec in args.vary:
            vary = parse_vary(spec, case.template)
            if any(v.key == vary.key for v in varies):
                raise VaryError("varied twice", vary.key)
            varies.append(vary)
        build(case)  # the case itself must be sound
        if args.workers is not None and args.workers < 1:
            raise VaryError("--workers must be >= 1", None, "")
    except CaseError as err:
        return _failed(args, err.format(filename, locator), EXIT_USAGE)
    except VaryError as err:
        message = err.format(filename) if err.spec or err.key else f"{filename}: {err.message}"
        return _failed(args, message, EXIT_USAGE)

    from ..errors import ParameterError
    from ..sweep import SERIAL, sweep

    factory = CaseFactory(data, {v.key: v.table for v in varies})
    grid = {v.key: list(v.values) for v in varies}
    client = args.scheduler
    if client is not None and client.strip() == SERIAL:
        client = SERIAL
    directory = Path(args.output or case.output["directory"] or f"{path.stem}_sweep")
    try:
        ds = sweep(factory, grid, client=client, store=args.store, n_workers=args.workers,
                   progress=False if args.quiet else None)
    except KeyboardInterrupt:
        kept = (f"; the finished points are kept in {args.store}: run the same command to "
                "resume" if args.store else "")
        print(f"{filename}: interrupted{kept}", file=sys.stderr)
        return 130
    except (ParameterError, ImportError) as err:
        status = EXIT_USAGE if isinstance(err, ParameterError) else EXIT_FAILED
        return _failed(args, f"{filename}: {err}", status)
    ds.attrs["case"] = path.name
    ds.attrs["case_file"] = path.read_text(encoding="utf-8")
    for vary in varies:
        if vary.unit:
            ds[vary.key].attrs["units"] = vary.unit
    template = case.template.name
    observable = _sweep_observable(ds, template, args.observable)
    failed = int(ds.attrs["n_failed"])
    solved = int(ds.attrs["n_points"]) - failed
    try:
        directory.mkdir(parents=True, exist_ok=True)
        files = [directory / f"{path.stem}_sweep.nc"]
        atomic_write(files[0], lambda tmp: ds.to_netcdf(tmp))
        if observable is not None and solved:
            files.append(directory / f"{path.stem}_sweep.png")
            sweep_figure(ds, varies, observable, files[1], log=args.log,
                         title=f"{path.name}: {template}")
    except OSError as err:
        return _failed(args, f"{filename}: cannot write the results: {err}", EXIT_FAILED)
    if args.observable is not None and observable is None:
        print(f"{filename}: --observable {args.observable}: not a scalar observable of "
              f"{template}; no figure", file=sys.stderr)
    if failed:
        errors = ds["error_type"].values.ravel()
        messages = ds["error"].values.ravel()
        first = int(np.flatnonzero(errors != "")[0])
        at = np.unravel_index(first, ds["error"].shape)
        where = ", ".join(f"{v.key} = {_format_value(v.values[i], v.unit)}"
                          for v, i in zip(varies, at, strict=True))
        print(f"{filename}: {failed} of {ds.attrs['n_points']} points failed; first at "
              f"{where}: {errors[first]}: {messages[first]}", file=sys.stderr)
    if not args.quiet:
        shape = " x ".join(f"{v.key} ({len(v.values)})" for v in varies)
        print(f"{filename}: {template}, {ds.attrs['n_points']} points ({shape}) on "
              f"{ds.attrs['client']}: {solved} solved, {failed} failed")
        print("wrote " + ", ".join(str(p) for p in files))
    return EXIT_OK if solved else EXIT_FAILED


