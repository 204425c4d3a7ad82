r"""Parameter sweeps of devices on Dask, with results that survive failures.

:func:`sweep` solves a device at every point of a grid and gathers the observables in an
`xarray.Dataset <https://docs.xarray.dev>`_::

    import nfdiff as nf

    def factory(distance, temperature):      # one grid point as keyword arguments
        dev = nf.devices.nonlocal_strips(distance=distance, temperature=temperature,
                                         thermal=False)
        return dev, {"current": 50e-6}       # the device and its solve() arguments

    ds = nf.sweep(factory, {"distance": [1e-6, 2e-6, 4e-6], "temperature": [100.0, 300.0]},
                  store="sweep_store")
    ds["R_nl"].sel(temperature=300.0)        # coordinates: the grid, in its order

The points run in parallel on `Dask <https://distributed.dask.org>`_: by default on a
``LocalCluster`` started for the sweep (one single-threaded worker process per core);
``client=`` takes a ``distributed.Client`` or a scheduler address, so that the same sweep
runs unchanged on any Dask cluster, and ``client="serial"`` runs the points one after
the other in this process (for debugging; no Dask needed).

**Nothing lost.** With ``store=DIR`` every finished point is written at once, as one
small JSON file ``DIR/points/<sweep>-<point>.json`` (written to a temporary file, then
renamed: a sweep killed while writing leaves the previous state). Running the same sweep
again loads the finished points and computes only the others, so a sweep killed half-way
resumes where it stopped. At the end the dataset is written to ``DIR/sweep-<id>.nc``
(NetCDF) and the sweep's definition to ``DIR/sweep-<id>.json``, where ``<id>`` is a digest
of the sweep key and the grid (the dataset's ``store_dataset`` attribute names the file):
sweeps of other grids (a subset, an extension) or other factories on the same store each
have their own files. The files are written by the calling process, so the workers need
no shared file system.

**The key.** A point is identified by its parameters and the sweep's *key*, a digest of
the nfdiff version, ``method`` and the factory: its qualified name, code, closure and
default values (when they are plain data, dataclasses or arrays), the source files of the
factory and of the functions, classes and modules it names (followed through the
functions it calls: a helper in the factory's module or in a module of your project), and
the code of the functions it calls by name. Editing any of these changes the key, and the
points are computed anew. Not tracked: installed packages other than nfdiff (their
versions), the values of global variables changed at run time, data files and the
environment. A factory with no readable source (defined by ``exec``) gets one warning
saying that only its code and the code of the functions it calls by name are covered.
Give ``key=`` (e.g. ``"v2"``) when something untracked changes; it replaces the factory's
part of the key. Grids that share points share them in the store (extending a grid
computes the new points only).

**Integrity.** Each record carries a checksum (SHA-256 of its canonical JSON). A record
that fails it (edited, damaged), cannot be parsed (cut short), lacks a key, holds a
non-numeric observable or a NaN or infinite one in a converged point is never used: an
:class:`~nfdiff.errors.NfdiffWarning` names the file and the point is computed again. A
solve that converges to a NaN or infinite observable is a failed point
(``NonFiniteObservable``). A full disk does not lose results: a point record that cannot
be written, or a dataset file, gives a warning and the dataset is returned all the same
(a dataset file is written to a temporary name and renamed, so no truncated file is
left).

**Processes sharing a store.** A point is claimed before it is computed, with a lock file
``DIR/points/<sweep>-<point>.lock`` created atomically (``O_CREAT | O_EXCL``) and removed
when the point is stored. A second sweep on the same store (another process, another
thread, another host on a shared file system) skips the points others hold, computes the
rest, then waits for the held ones and loads them: each point is computed once.
``client="serial"`` claims one point at a time (two serial sweeps share the work); a Dask
sweep claims all the free points it submits. A lock whose process died (on this host) or
whose heartbeat (``nfdiff._store.HEARTBEAT``, 30 s) stopped for
``nfdiff._store.STALE_AFTER`` (300 s) is broken and its point computed; two sweeps
breaking the same stale lock at the same moment may both compute that point (the result
is the same; the record is replaced atomically).

**Failures.** A point whose factory or solve raises (a :class:`~nfdiff.ParameterError`,
a :class:`~nfdiff.CondensationError`, a :class:`~nfdiff.ConvergenceError`, any
exception, also ``SystemExit`` from ``sys.exit()`` and other ``BaseException``\ s but
``KeyboardInterrupt``) is recorded with its error type and message and the sweep goes
on; its observables are NaN. Such failures are stored like results: a re-run does not repeat
them unless ``retry_failed=True``. Failures of the machinery (a worker killed by the
system, a lost connection) are marked in the dataset too but not stored, so a re-run
computes those points.

**Re-use.** Points whose device descriptions are equal (they differ only in the solve
arguments, e.g. a current sweep) solve on the same :class:`~nfdiff.Device`, kept per
worker process (the last :data:`DEVICE_CACHE_SIZE` devices), when the method takes a
``device=`` argument (``nonlocal_strips(...).solve``). This saves the meshing and the
device set-up, and the device keeps its discretisation and last factorisation and
starts each solve from a solution predicted from the previous ones (docs/performance.md):
the results agree with those of fresh devices to Newton's tolerance, not bit for bit.
Points whose physics differ (temperature, n, materials) each build their own device and
mesh.

The dataset
-----------
- coordinates: the grid's parameters, in the grid's order (a dict of lists: the full
  product, one dimension per parameter); a list of points gives one dimension
  ``"point"`` with each parameter as a coordinate along it;
- one variable per scalar observable (float64; NaN where the point failed or the
  observable is missing); a vector observable (a 3-vector, e.g. ``spin_current_injector``)
  becomes three variables ``<name>_x``, ``<name>_y``, ``<name>_z`` (other 1D arrays:
  ``<name>_0``, ``<name>_1``, ...); other values (solutions, strings) are left out;
  units in each variable's ``units`` attribute where the template's ``solve``
  declares them (:func:`nfdiff.params.observables`);
- ``newton_iterations`` (int, -1 when no Newton record exists, e.g. the factory failed;
  summed over the solves of ``method="harmonics"``), ``converged`` (bool),
  ``error`` (message, ``""`` when the point solved), ``error_type`` (e.g.
  ``"CondensationError"``, ``""`` when it solved) and ``elapsed`` (wall time of the
  point on its worker [s]);
- attributes: ``nfdiff_version``, ``created`` (UTC, ISO 8601), ``factory``, ``method``,
  ``sweep_key``, ``grid`` (JSON), ``template``, ``law``, ``temperature`` (the bath
  temperatures met), ``materials`` and ``interface`` (JSON: names and parameters of the
  first solved point's device; a list when the points used different ones),
  ``n_points``, ``n_failed``, ``client``, ``store`` and ``store_dataset`` (the name of
  the dataset's file in the store, ``sweep-<id>.nc``; empty without a store).

Scripts: the local cluster's workers are new Python processes that import the script's
main module, so a script that calls :func:`sweep` needs the usual guard
``if __name__ == "__main__":`` around it (as the examples have); without it, the
workers fail to start.

Threads: a worker solving with a multi-threaded BLAS next to other workers
oversubscribes the cores, which can make a sweep several times slower. The local cluster starts its
workers with the variables of :data:`BLAS_ENV` set to 1; Dask's nanny does the same for
the workers of other clusters by default (``distributed.nanny.pre-spawn-environ``);
workers started without a nanny need them in their environment.

Requires ``pip install nfdiff[dist]`` (dask.distributed, xarray, netCDF4); they are
imported when a sweep runs, not with ``import nfdiff``.

Examples
--------
>>> import nfdiff as nf
>>> def film(thickness):
...     return nf.devices.smr_film(thickness=thickness), {"current_density": 1e10}
>>> ds = nf.sweep(film, {"thickness": [2e-9, 5e-9, -1e-9]}, client="serial")
>>> ds["rho_long"].dims, int(ds["converged"].sum())
(('thickness',), 2)
>>> str(ds["error_type"].values[2])
'ParameterError'
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import itertools
import json
import math
import numbers
import os
import socket
import time
import traceback
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ._store import Store, canonical, grid_id, now, qualname, sweep_key
from .errors import NfdiffWarning, ParameterError
from .laws import InterfaceLaw

if TYPE_CHECKING:
    import distributed
    import distributed.deploy
    import xarray

#: A record of one point: its grid values, observables, units, Newton record, errors.
_Record = dict[str, Any]
#: What :class:`_Runner` calls with each finished point (index, record, store it).
_Done = Callable[[int, _Record, bool], None]

__all__ = ["BLAS_ENV", "DEVICE_CACHE_SIZE", "SERIAL", "sweep", "sweep_key"]

#: Environment of the local cluster's workers: one BLAS / OpenMP thread each.
BLAS_ENV = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                   "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                                   "NUMEXPR_NUM_THREADS", "BLIS_NUM_THREADS")}
#: ``client=SERIAL`` runs the points one after the other in the calling process.
SERIAL = "serial"
#: Devices kept per worker process for points with equal device descriptions.
DEVICE_CACHE_SIZE = 4
#: Variables of the dataset besides the observables.
DIAGNOSTICS = ("newton_iterations", "converged", "error", "error_type", "elapsed")
#: Suffixes of the components of a 3-vector observable.
COMPONENTS = ("x", "y", "z")
#: Dimension of a sweep over a list of points.
POINT = "point"
#: Seconds between looks at the points another sweep on the same store is computing.
POLL = 0.2


# ---------------------------------------------------------------------------------------
# The grid
# ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Grid:
    """A checked grid: dimensions, coordinates and the points in C order."""

    dims: tuple[str, ...]
    shape: tuple[int, ...]
    coords: Mapping[str, tuple[tuple[str, ...], np.ndarray]]  # name -> (dims, values)
    points: list[dict[str, Any]]  # keyword arguments of the factory
    definition: dict[str, Any]  # JSON form, for the attributes and sweep.json


def _scalar(name: str, value: Any) -> bool | int | float | str:
    """A grid value as a plain Python scalar (numpy scalars unwrapped)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        if not math.isfinite(value):
            raise ParameterError(name, value, "grid values must be finite")
        return float(value)
    raise ParameterError(name, value, "grid values must be numbers, strings or booleans, "
                         "one scalar per point (vary a vector through a scalar, e.g. an "
                         "angle, in the factory)")


def _kind(value: object) -> str:
    return "bool" if isinstance(value, bool) else "str" if isinstance(value, str) else "number"


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise ParameterError("grid", name, "parameter names must be strings that are "
                             "valid keyword arguments of the factory")
    if name in DIAGNOSTICS or name == POINT:
        raise ParameterError("grid", name, f"is a name the dataset uses itself "
                             f"({', '.join((*DIAGNOSTICS, POINT))}); rename the parameter")
    return name


def _uniform(name: str, values: list[Any]) -> None:
    kinds = {_kind(v) for v in values}
    if len(kinds) > 1:
        raise ParameterError(name, values, f"mixes {' and '.join(sorted(kinds))}; a "
                             "parameter's values must be all numbers, all strings or all "
                             "booleans")


def _coordinate(values: list[Any]) -> np.ndarray:
    if values and isinstance(values[0], str):
        return np.array(values, dtype=str)
    return np.asarray(values)


def _make_grid(grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]]) -> _Grid:
    """Check ``grid`` (a dict of lists or a list of dicts) and list its points."""
    if isinstance(grid, Mapping):
        if not grid:
            raise ParameterError("grid", dict(grid), "has no parameters")
        dims: list[str] = []
        lists: list[list[Any]] = []
        for name, values in grid.items():
            dims.append(_check_name(name))
            if isinstance(values, (str, bytes)) or np.ndim(values) != 1:
                raise ParameterError(name, values, "must be a list of values (one "
                                     "dimension); for a single value write [value]")
            values = [_scalar(name, v) for v in values]
            if not values:
                raise ParameterError(name, values, "has no values")
            _uniform(name, values)
            seen = set()
            for v in values:
                if (_kind(v), v) in seen:
                    raise ParameterError(name, v, "appears twice in the grid")
                seen.add((_kind(v), v))
            lists.append(values)
        points = [dict(zip(dims, combo, strict=True)) for combo in itertools.product(*lists)]
        coords = {d: ((d,), _coordinate(v)) for d, v in zip(dims, lists, strict=True)}
        definition = {"product": dict(zip(dims, lists, strict=True))}
        return _Grid(tuple(dims), tuple(map(len, lists)), coords, points, definition)

    if isinstance(grid, Sequence) and not isinstance(grid, (str, bytes)):
        if not grid:
            raise ParameterError("grid", [], "has no points")
        points = []
        first: dict[str, int] = {}  # canonical point -> its index
        names: list[str] | None = None
        for k, point in enumerate(grid):
            if not isinstance(point, Mapping):
                raise ParameterError(f"grid[{k}]", point, "must be a dict {parameter: "
                                     "value} (a list of points) ")
            if names is None:
                names = [_check_name(n) for n in point]
            if set(point) != set(names):
                raise ParameterError(f"grid[{k}]", dict(point), f"must have the parameters "
                                     f"of grid[0]: {', '.join(names)}")
            point = {n: _scalar(n, point[n]) for n in names}
            key = canonical(point)
            if key in first:
                raise ParameterError(f"grid[{k}]", point, f"repeats grid[{first[key]}]")
            first[key] = k
            points.append(point)
        assert names is not None  # the grid has points
        for n in names:
            _uniform(n, [p[n] for p in points])
        coords = {n: ((POINT,), _coordinate([p[n] for p in points])) for n in names}
        return _Grid((POINT,), (len(points),), coords, points, {"points": points})
    raise ParameterError("grid", type(grid).__name__, "must be a dict {parameter: [values]} "
                         "(full product) or a list of points [{parameter: value}, ...]")


# ---------------------------------------------------------------------------------------
# One point, on a worker
# ---------------------------------------------------------------------------------------

_DEVICE_CACHE: OrderedDict[Any, Any] = OrderedDict()


def _cached_device(template: Any) -> tuple[Any, bool]:
    """``template.device()``, the same object for equal templates (LRU, per process)."""
    try:
        device = _DEVICE_CACHE.pop(template)
        reused = True
    except KeyError:
        device, reused = template.device(), False
    except TypeError:  # unhashable description: no re-use
        return template.device(), False
    _DEVICE_CACHE[template] = device
    while len(_DEVICE_CACHE) > DEVICE_CACHE_SIZE:
        _DEVICE_CACHE.popitem(last=False)
    return device, reused


def _takes_device(call: Callable[..., Any]) -> bool:
    try:
        return "device" in inspect.signature(call).parameters
    except (TypeError, ValueError):
        return False


def _split(made: object) -> tuple[Any, dict[str, Any]]:
    """``(device, solve kwargs)`` from what a factory returned."""
    if isinstance(made, tuple):
        if len(made) != 2 or not isinstance(made[1], Mapping):
            raise TypeError("the factory must return a device or a (device, dict of solve "
                            f"arguments) pair, not a tuple of {len(made)}")
        return made[0], dict(made[1])
    return made, {}


def _observable_value(value: object) -> float | list[float] | None:
    """A float or a list of floats, or None for what a dataset cannot hold."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, (np.ndarray, list, tuple)):
        arr = np.asarray(value)
        if arr.ndim == 1 and arr.size and np.issubdtype(arr.dtype, np.number) \
                and not np.iscomplexobj(arr):
            return [float(v) for v in arr]
    return None


def _harvest(result: object, method: str
             ) -> tuple[dict[str, float | list[float]], int, bool]:
    """Observables and Newton records of what ``method`` returned."""
    observables: Mapping[Any, Any]
    if isinstance(getattr(result, "observables", None), Mapping):
        observables = cast(Any, result).observables
        records = [result.newton] if hasattr(result, "newton") else []
    elif isinstance(result, Mapping):
        observables = result
        records = [s.newton for v in result.values()
                   for s in (v if isinstance(v, (list, tuple)) else [v])
                   if hasattr(s, "newton")]
    elif isinstance(result, numbers.Real):
        observables, records = {method: result}, []
    else:
        raise TypeError(f"{method}() returned a {type(result).__name__}; a sweep needs a "
                        "Solution (with observables), a dict of numbers or a number")
    values: dict[str, float | list[float]] = {}
    for name, value in observables.items():
        entry = _observable_value(value)
        if entry is not None:
            values[str(name)] = entry
    iterations = sum(int(r.iterations) for r in records) if records else -1
    converged = all(bool(r.converged) for r in records)
    return values, iterations, converged


def _declared_units(cls: type, method: str) -> dict[str, str]:
    """``{observable: unit}`` declared by ``cls.<method>`` (:func:`nfdiff.params.observables`;
    none if it declares none)."""
    declared = getattr(getattr(cls, method, None), "observables", None) or {}
    return {name: o.unit for name, o in declared.items()}


def _material_record(material: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": getattr(material, "name", type(material).__name__),
           "class": type(material).__name__}
    for f in material.numeric_fields():
        value = getattr(material, f.name)
        out[f.name] = value if isinstance(value, (int, float)) else repr(value)
    return out


def _provenance(device: Any) -> dict[str, Any]:
    """Template, law, bath temperature, materials and interface of a device."""
    out: dict[str, Any] = {"template": type(device).__name__}
    for name in ("law", "temperature", "thermal"):
        value = getattr(device, name, None)
        if isinstance(value, InterfaceLaw):
            value = value.name
        if isinstance(value, (str, bool, int, float)):
            out[name] = value
    materials: dict[str, Any] = {}
    if dataclasses.is_dataclass(device):
        candidates = {f.name: getattr(device, f.name) for f in dataclasses.fields(device)}
    else:
        candidates = dict(getattr(device, "materials", None) or {})
    for role, value in candidates.items():
        if hasattr(value, "numeric_fields") and hasattr(value, "name"):
            materials[role] = _material_record(value)
    out["materials"] = materials
    law = getattr(device, "interface_law", None)
    if callable(law):
        itf = law()
        out["interface"] = {k: getattr(itf, k) for k in ("g_r", "g_i", "kapitza_conductance")
                            if isinstance(getattr(itf, k, None), (int, float))}
    return out


def _solve_point(factory: Callable[..., Any], point: dict[str, Any], method: str,
                 reuse: bool) -> _Record:
    """Build and solve one point; never raises (an error is part of the record)."""
    start = time.perf_counter()
    record: _Record = {"point": point, "observables": {}, "units": {}, "newton_iterations": -1,
              "converged": False, "error_type": "", "error": "", "provenance": {},
              "device_reused": False}
    try:
        device, kwargs = _split(factory(**point))
        try:
            record["provenance"] = _provenance(device)
        except Exception:  # provenance is a courtesy
            pass
        call = getattr(device, method, None)
        if not callable(call):
            raise ParameterError("method", method, f"{type(device).__name__} has no method "
                                 f"{method}()")
        if (reuse and "device" not in kwargs and _takes_device(call)
                and callable(getattr(device, "device", None))):
            kwargs["device"], record["device_reused"] = _cached_device(device)
        observables, iterations, converged = _harvest(call(**kwargs), method)
        record.update(observables=observables, newton_iterations=iterations,
                      converged=converged, units=_declared_units(type(device), method))
        _check_finite(record)
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # SystemExit too: the point fails, the sweep goes on
        record.update(_error_fields(err))
        record["traceback"] = traceback.format_exc()
    record["elapsed"] = time.perf_counter() - start
    record["host"] = f"{socket.gethostname()}:{os.getpid()}"
    return record


def _check_finite(record: _Record) -> None:
    """A converged point with a NaN or infinite observable is a failed point."""
    if not record["converged"]:
        return
    bad = [f"{name} = {value!r}" for name, value in record["observables"].items()
           if not np.all(np.isfinite(value))]
    if bad:
        record.update(converged=False, error_type="NonFiniteObservable",
                      error=f"Newton converged but {', '.join(bad)} (not finite)")


def _error_fields(err: BaseException) -> dict[str, Any]:
    message = str(err) or repr(err)
    if isinstance(err, SystemExit):
        message = (f"sys.exit({err.code!r}) was called (by the factory or the device "
                   "method); the point failed, the sweep went on")
    out: dict[str, Any] = {"error_type": type(err).__name__, "error": message,
                           "converged": False}
    iterations = getattr(err, "iterations", None)
    if isinstance(iterations, int) and not isinstance(iterations, bool):
        out["newton_iterations"] = iterations
    return out


def _lost_point(point: dict[str, Any], err: BaseException) -> _Record:
    """The record of a point that the machinery lost (not stored: a re-run retries)."""
    record: _Record = {"point": point, "observables": {}, "units": {}, "newton_iterations": -1,
              "provenance": {}, "elapsed": float("nan")}
    record.update(_error_fields(err))
    return record


# ---------------------------------------------------------------------------------------
# Running the points
# ---------------------------------------------------------------------------------------


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check_client(client: object) -> Any:
    if client is None or client == "local":
        return None
    if isinstance(client, str):
        if not client.strip():
            raise ParameterError("client", client, "must be None (a local cluster), "
                                 f"{SERIAL!r}, a scheduler address or a distributed.Client")
        return client
    if hasattr(client, "scheduler_address"):  # a cluster object
        return client
    try:
        from distributed import Client

        is_client = isinstance(client, Client)
    except ImportError:
        is_client = False  # nothing is a Client without dask.distributed
    if is_client:
        return client
    raise ParameterError("client", client, "must be None (a local cluster), "
                         f"{SERIAL!r}, a scheduler address (str), a distributed.Client or "
                         "a cluster with a scheduler_address")


@contextlib.contextmanager
def _dask_client(client: Any, n_workers: int
                 ) -> Iterator[tuple[distributed.Client, str]]:
    """A distributed.Client: the given one, one to an address, or a new local cluster."""
    from distributed import Client, LocalCluster

    if client is None:
        # dashboard_address=None still binds 8787 (distributed 2026.11): ":0" takes a free
        # port, so a dashboard or another cluster on 8787 does not stop the sweep
        with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                          dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"},
                          env=dict(BLAS_ENV)) as cluster, \
                Client(cluster) as new:
            yield new, f"LocalCluster({n_workers} processes x 1 thread)"
    elif isinstance(client, str):
        try:
            new = Client(client)
        except (OSError, ValueError, TypeError) as err:
            raise ParameterError("client", client, f"no Dask scheduler answers there: "
                                 f"{err}") from None
        with new:
            yield new, client
    elif isinstance(client, Client):
        yield client, str(getattr(getattr(client, "scheduler", None), "address", client))
    else:
        with Client(client) as new:
            yield new, client.scheduler_address


def _run_dask(dask_client: distributed.Client, factory: Callable[..., Any],
              todo: list[tuple[int, dict[str, Any]]], method: str, reuse: bool,
              done: _Done) -> None:
    from distributed import as_completed

    futures = {dask_client.submit(_solve_point, factory, point, method, reuse,
                                  pure=False): (index, point) for index, point in todo}
    for future in as_completed(futures):
        index, point = futures.pop(future)
        try:
            record, keep = future.result(), True
        except Exception as err:  # lost worker, cancelled, cannot unpickle, ...
            record, keep = _lost_point(point, err), False
        future.release()
        done(index, record, keep)


class _Runner:
    """Computes batches of points, serially or on Dask (the client opens at the first
    batch, in ``stack``, and stays open for the next ones)."""

    def __init__(self, spec: Any, n_workers: int, factory: Callable[..., Any], method: str,
                 reuse: bool, done: _Done, stack: contextlib.ExitStack) -> None:
        self.spec, self.n_workers, self.stack = spec, n_workers, stack
        self.factory, self.method, self.reuse, self.done = factory, method, reuse, done
        self.client: distributed.Client | None = None
        self.description = "none: every point was in the store (or computed by another sweep)"
        stack.callback(_DEVICE_CACHE.clear)

    def __call__(self, todo: list[tuple[int, dict[str, Any]]]) -> None:
        if self.spec == SERIAL:
            self.description = SERIAL
            for index, point in todo:
                self.done(index, _solve_point(self.factory, point, self.method, self.reuse),
                          True)
            return
        if self.client is None:
            try:
                import distributed  # noqa: F401
            except ImportError as err:
                raise ImportError("nf.sweep runs on dask.distributed: pip install "
                                  "'nfdiff[dist]' (or pass client='serial')") from err
            self.client, self.description = self.stack.enter_context(
                _dask_client(self.spec, min(self.n_workers, len(todo))))
        _run_dask(self.client, self.factory, todo, self.method, self.reuse, self.done)


# ---------------------------------------------------------------------------------------
# The dataset
# ---------------------------------------------------------------------------------------


def _components(length: int) -> tuple[str, ...]:
    return COMPONENTS if length == 3 else tuple(str(k) for k in range(length))


def _distinct(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def _attribute(values: list[Any], as_json: bool = False) -> str | int | float:
    """One value if all agree, else the list of distinct ones (JSON when asked)."""
    distinct = _distinct([v for v in values if v is not None])
    if not distinct:
        return ""
    value = distinct[0] if len(distinct) == 1 else distinct
    if as_json:
        return json.dumps(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return value if isinstance(value, (str, int, float)) else str(value)


def _assemble(grid: _Grid, records: list[_Record], attrs: dict[str, Any]) -> xarray.Dataset:
    import xarray as xr

    n = len(grid.points)
    kinds: dict[str, int | None] = {}  # observable -> None (scalar) or vector length
    units: dict[str, str] = {}
    for rec in records:
        for name, value in rec["observables"].items():
            kinds.setdefault(name, len(value) if isinstance(value, list) else None)
        for name, unit in rec.get("units", {}).items():
            units.setdefault(name, unit)

    taken = set(grid.coords) | set(DIAGNOSTICS)
    data: dict[str, Any] = {}

    def add(name: str, values: np.ndarray, unit: str | None = None, diagnostic: bool = False,
            **extra: Any) -> None:
        var = name if diagnostic or name not in taken else f"observable_{name}"
        taken.add(var)
        var_attrs = {"units": unit} if unit else {}
        var_attrs.update(extra)
        data[var] = (grid.dims, values.reshape(grid.shape), var_attrs)

    for name, length in kinds.items():
        if length is None:
            values = np.full(n, np.nan)
            for i, rec in enumerate(records):
                v = rec["observables"].get(name)
                if isinstance(v, float):
                    values[i] = v
            add(name, values, units.get(name))
            continue
        for k, comp in enumerate(_components(length)):
            values = np.full(n, np.nan)
            for i, rec in enumerate(records):
                v = rec["observables"].get(name)
                if isinstance(v, list) and len(v) == length:
                    values[i] = v[k]
            add(f"{name}_{comp}", values, units.get(name), component_of=name)

    add("newton_iterations", np.array([r["newton_iterations"] for r in records], dtype=np.int64),
        diagnostic=True,
        description="Newton iterations (summed over the solves of a point); -1: none")
    add("converged", np.array([bool(r["converged"]) for r in records]),
        diagnostic=True, description="the point solved and Newton converged")
    add("error", np.array([r["error"] for r in records], dtype=str),
        diagnostic=True, description="error message of a failed point, empty when it solved")
    add("error_type", np.array([r["error_type"] for r in records], dtype=str),
        diagnostic=True, description="exception type of a failed point, empty when it solved")
    add("elapsed", np.array([r.get("elapsed", np.nan) for r in records], dtype=float), "s",
        diagnostic=True, description="wall time of the point on its worker (the original "
                                     "run's, for points loaded from the store)")

    solved = [r["provenance"] for r in records if not r["error_type"] and r["provenance"]]
    provenance = solved or [r["provenance"] for r in records if r["provenance"]]
    attrs = dict(attrs)
    attrs.update(
        template=_attribute([p.get("template") for p in provenance]),
        law=_attribute([p.get("law") for p in provenance]),
        temperature=_attribute([p.get("temperature") for p in provenance]),
        materials=_attribute([p.get("materials") for p in provenance], as_json=True),
        interface=_attribute([p.get("interface") for p in provenance], as_json=True),
        n_points=n,
        n_failed=sum(1 for r in records if r["error_type"]),
    )
    coords = {name: (dims, values) for name, (dims, values) in grid.coords.items()}
    return xr.Dataset(data, coords=coords, attrs=attrs)


# ---------------------------------------------------------------------------------------
# The sweep
# ---------------------------------------------------------------------------------------


def sweep(factory: Callable[..., Any],
          grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]], *,
          client: str | distributed.Client | distributed.deploy.Cluster | None = None,
          store: str | os.PathLike[str] | None = None, method: str = "solve",
          n_workers: int | None = None, reuse: bool = True, retry_failed: bool = False,
          key: str | None = None, progress: bool | None = None) -> xarray.Dataset:
    """Solve a device at every point of a grid; the observables as an xarray.Dataset.

    Parameters
    ----------
    factory : callable
        ``factory(**point)`` returns a device (a template of :mod:`nfdiff.devices`, a
        :class:`~nfdiff.Device`, anything with ``method``) or a pair ``(device,
        kwargs)`` with the keyword arguments of its ``method``. It runs on the workers:
        it must be picklable (cloudpickle: module-level functions, closures and lambdas
        are fine) and its module importable there (functions of ``__main__`` travel by
        value).
    grid : dict or list of dict
        ``{parameter: [values]}``: the full product, one dimension per parameter in this
        order; or ``[{parameter: value}, ...]``: these points, along a dimension
        ``"point"``. Values are numbers, strings or booleans; names are keyword
        arguments of ``factory``.
    client : None, str or distributed.Client, optional
        Where the points run. None (default) or ``"local"``: a ``LocalCluster`` started
        for the sweep (processes, one thread each, BLAS pinned to one thread) and closed
        after it; a ``distributed.Client`` (or a cluster object): its cluster; another
        string: the address of a Dask scheduler (``"tcp://host:8786"``);
        ``"serial"``: in this process, one point after the other (debugging).
    store : str or os.PathLike, optional
        Directory (created if needed) where every finished point is written as it
        completes, so that re-running the sweep resumes; ``sweep-<id>.nc`` (the dataset,
        ``<id>`` from the sweep key and the grid) and ``sweep-<id>.json`` (the definition)
        are written there too. Damaged or edited records are reported and computed again;
        processes sharing the store compute each point once (module documentation).
        Default: keep nothing.
    method : str
        The device method to call, default ``"solve"``; e.g. ``"harmonics"`` for the
        first and second harmonic signals of :func:`~nfdiff.devices.nonlocal_strips`.
    n_workers : int, optional
        Workers of the local cluster; default: the cores available to this process
        (never more than the points to compute).
    reuse : bool
        Solve points with equal device descriptions on one device per worker (default
        True; see the module documentation).
    retry_failed : bool
        Compute again the stored points that failed (default False: keep their errors).
    key : str, optional
        The factory's identity in the store (default: its name, code, closure, defaults
        and the source of the code it runs, "The key" in the module documentation); give
        one when the factory depends on something untracked that changes.
    progress : bool, optional
        Progress bar on standard error; default: on a terminal outside CI
        (:mod:`nfdiff.progress`).

    Returns
    -------
    xarray.Dataset
        Coordinates: the grid parameters; variables: the observables, ``newton_iterations``,
        ``converged``, ``error``, ``error_type``, ``elapsed``; attributes: provenance
        (module documentation, "The dataset").

    Warns
    -----
    NfdiffWarning
        For a store record that cannot be used (it is computed again), a factory whose
        source cannot be read, and store files that could not be written (the dataset is
        returned all the same).

    Raises
    ------
    ParameterError
        For a bad grid, client or option (nothing is computed).
    ImportError
        Without xarray (or, unless ``client="serial"``, dask.distributed):
        ``pip install nfdiff[dist]``.
    """
    from . import __version__
    from .progress import progress as progress_bar

    if not callable(factory):
        raise ParameterError("factory", factory, "must be callable: factory(**point) -> "
                             "device or (device, kwargs)")
    if not isinstance(method, str) or not method.isidentifier():
        raise ParameterError("method", method, "must be the name of a device method, e.g. "
                             "'solve' or 'harmonics'")
    if n_workers is not None and (isinstance(n_workers, bool)
                                  or not isinstance(n_workers, numbers.Integral)
                                  or n_workers < 1):
        raise ParameterError("n_workers", n_workers, "must be a positive integer")
    if key is not None and not isinstance(key, str):
        raise ParameterError("key", key, "must be a string")
    spec = _check_client(client)
    checked = _make_grid(grid)
    try:
        import xarray  # noqa: F401  (fail before computing anything)
    except ImportError as err:
        raise ImportError("nf.sweep needs xarray and dask.distributed: pip install "
                          "'nfdiff[dist]'") from err

    skey = sweep_key(factory, method, key)
    definition = {"dims": list(checked.dims), **checked.definition}
    attrs = {"nfdiff_version": __version__, "created": now(), "factory": qualname(factory),
             "method": method, "sweep_key": skey, "grid": json.dumps(definition),
             "store": "" if store is None else str(Path(store).resolve()),
             "store_dataset": "" if store is None else f"sweep-{grid_id(skey, definition)}.nc"}
    points = checked.points
    records: list[_Record | None] = [None] * len(points)
    seen: dict[int, str] = {}  # failed records to compute again: their checksums
    the_store = None
    if store is not None:
        the_store = Store(store, skey)
        the_store.write_json(attrs["store_dataset"].replace(".nc", ".json"),
                             {k: v for k, v in attrs.items() if k != "grid"}
                             | {"grid": definition})
        for i, point in enumerate(points):
            record = the_store.load(point)
            if record is not None and retry_failed and record["error_type"]:
                seen[i] = record["checksum"]
            elif record is not None:
                records[i] = record
    todo = [i for i in range(len(points)) if records[i] is None]

    bar: Iterable[Any] = progress_bar([], total=len(points),
                                      initial=len(points) - len(todo), desc="sweep",
                                      unit="point", enable=progress)
    unsaved: list[str] = []

    def done(index: int, record: _Record, keep: bool) -> None:
        if the_store is not None:
            if keep:
                try:
                    the_store.write(record)
                except OSError as err:  # e.g. a full disk: the point is kept in memory
                    unsaved.append(f"{the_store.path(points[index])}: {err}")
            the_store.release(points[index])
        records[index] = record
        if hasattr(bar, "update"):
            bar.update(1)

    with contextlib.ExitStack() as stack:
        stack.callback(getattr(bar, "close", lambda: None))
        runner = _Runner(spec, n_workers or _cores(), factory, method, reuse, done, stack)
        if the_store is None:
            if todo:
                runner([(i, points[i]) for i in todo])
        else:
            stack.enter_context(the_store.claims())
            _run_claimed(the_store, points, todo, runner, done, seen,
                         batch=1 if spec == SERIAL else None)
    attrs["client"] = runner.description
    ds = _assemble(checked, cast(list[_Record], records), attrs)  # every point is done
    if unsaved:
        warnings.warn(NfdiffWarning(
            f"nf.sweep: {len(unsaved)} point record(s) could not be written to the store "
            f"(first: {unsaved[0]}); those points are in the returned dataset only"),
            stacklevel=2)
    if the_store is not None:
        try:
            the_store.write_dataset(ds, attrs["store_dataset"])
        except Exception as err:  # a full disk, a NetCDF library error: keep the dataset
            warnings.warn(NfdiffWarning(
                f"nf.sweep: could not write {the_store.directory / attrs['store_dataset']} "
                f"({type(err).__name__}: {err}); no partial file was left (an earlier "
                "dataset of this grid is kept as it was); the dataset is returned but not "
                "saved"), stacklevel=2)
    return ds


def _run_claimed(store: Store, points: list[dict[str, Any]], todo: list[int],
                 runner: _Runner, done: _Done, seen: Mapping[int, str],
                 batch: int | None) -> None:
    """Compute the points ``todo`` that no other sweep on the store is computing, then
    wait for the others: a point is claimed (its lock file), loaded again in case another
    sweep finished it meanwhile, and computed only if it still is not there. ``batch``
    points are claimed at a time (None: all that are free)."""
    pending = todo
    while pending:
        mine: list[int] = []
        waiting: list[int] = []
        for i in pending:
            if (batch is not None and len(mine) >= batch) or not store.claim(points[i]):
                waiting.append(i)
                continue
            record = store.load(points[i])
            if record is not None and record["checksum"] != seen.get(i):
                done(i, record, False)  # another sweep computed it
            else:
                mine.append(i)
        if mine:
            runner([(i, points[i]) for i in mine])
        elif waiting:
            time.sleep(POLL)
        pending = waiting
