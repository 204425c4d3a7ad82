"""The sweep store's integrity: checksummed records, keys that follow the code, datasets
named by grid, one computation per point across processes, failures that keep their
cause, writes that never leave a truncated file.

The physical points are 1D SMR films (milliseconds per solve); the bookkeeping tests use
``Tiny``, a device whose ``solve`` returns a dict of numbers, with a known answer.
"""

import errno
import importlib
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import nfdiff as nf
from nfdiff import _store
from nfdiff.errors import NfdiffWarning
from nfdiff.sweep import sweep_key

xr = pytest.importorskip("xarray")
distributed = pytest.importorskip("distributed")

J = 1e10  # A/m^2


def film(thickness):
    """A 1D Pt|YIG film driven at J; its rho_long is the reference."""
    return nf.devices.smr_film(thickness=thickness), {"current_density": J}


def rho_long(thickness):
    return film(thickness)[0].solve(current_density=J).observables["rho_long"]


class Tiny:
    """A device of no physics: ``solve()`` gives x^2 and [x, 2x, 3x] (or NaN at x < 0)."""

    def __init__(self, x):
        self.x = x

    def solve(self):
        square = float("nan") if self.x < 0 else self.x**2
        return {"square": square, "triple": [self.x, 2 * self.x, 3 * self.x]}


CALLS = []  # (thread, x) per computation: a global, not part of the sweep key
GUARD = threading.Lock()


def slow_tiny(x):
    time.sleep(0.03)
    with GUARD:
        CALLS.append((threading.get_ident(), x))
    return Tiny(x)


def records(store):
    return {p: json.loads(p.read_text()) for p in (Path(store) / "points").glob("*.json")}


def record_of(store, **point):
    (path,) = [p for p, r in records(store).items() if r["point"] == point]
    return path


# ---- checksums and checks on read ---------------------------------------------------------
def test_a_tampered_value_is_not_returned(tmp_path):
    """rho_long edited x1.5 in a record (valid JSON, plausible number): the checksum fails,
    a warning names the file, the point is solved again and the true value returned."""
    grid = {"thickness": [2e-9, 5e-9]}
    nf.sweep(film, grid, client="serial", store=tmp_path)
    path = record_of(tmp_path, thickness=5e-9)
    record = json.loads(path.read_text())
    true = rho_long(5e-9)
    assert record["observables"]["rho_long"] == true and len(record["checksum"]) == 64
    record["observables"]["rho_long"] *= 1.5
    path.write_text(json.dumps(record, indent=1))
    with pytest.warns(NfdiffWarning, match=rf"{path.name} fails its checksum"):
        ds = nf.sweep(film, grid, client="serial", store=tmp_path)
    assert float(ds["rho_long"].sel(thickness=5e-9)) == true  # not 1.5 x true
    fresh = json.loads(path.read_text())  # the record is rewritten, whole again
    assert fresh["observables"]["rho_long"] == true
    assert _store.record_problem(fresh, {"thickness": 5e-9}, ds.attrs["sweep_key"]) is None


@pytest.mark.parametrize("damage, reason", [
    (lambda text: text[: len(text) // 2], "is not valid JSON"),
    (lambda text: "\x00\x17garbage" + text, "is not valid JSON"),
    (lambda text: "[1, 2]", "holds a JSON list"),
])
def test_a_corrupted_record_is_recomputed(tmp_path, damage, reason):
    grid = {"thickness": [2e-9, 5e-9]}
    nf.sweep(film, grid, client="serial", store=tmp_path)
    path = record_of(tmp_path, thickness=2e-9)
    other = record_of(tmp_path, thickness=5e-9).read_bytes()
    path.write_text(damage(path.read_text()))
    with pytest.warns(NfdiffWarning, match=rf"{path.name} {reason}.*computed again") as seen:
        ds = nf.sweep(film, grid, client="serial", store=tmp_path)
    assert len(seen) == 1  # reported once
    assert float(ds["rho_long"].sel(thickness=2e-9)) == rho_long(2e-9)
    assert bool(ds["converged"].sel(thickness=2e-9))
    assert record_of(tmp_path, thickness=5e-9).read_bytes() == other  # the sound one kept


def test_a_record_missing_a_key_is_recomputed_with_a_warning_naming_the_file(tmp_path):
    """The issue's case: no 'observables' (it was a KeyError that ended the sweep)."""
    grid = {"thickness": [2e-9, 5e-9]}
    nf.sweep(film, grid, client="serial", store=tmp_path)
    path = record_of(tmp_path, thickness=2e-9)
    record = json.loads(path.read_text())
    del record["observables"]
    path.write_text(json.dumps(record))
    with pytest.warns(NfdiffWarning, match=rf"{path}.* misses 'observables'"):
        ds = nf.sweep(film, grid, client="serial", store=tmp_path)
    assert float(ds["rho_long"].sel(thickness=2e-9)) == rho_long(2e-9)


@pytest.mark.parametrize("value, reason", [
    (float("nan"), r"has square = nan in a converged point"),
    (float("inf"), r"has square = inf in a converged point"),
    ("4.0", r"has a non-numeric observable square = '4.0'"),
    (True, r"has a non-numeric observable square = True"),
])
def test_an_inconsistent_record_with_a_valid_checksum_is_recomputed(tmp_path, value, reason):
    """The checks beyond the checksum: a record re-sealed after an edit (or written by a
    buggy tool) with a non-finite value in a converged point, or a non-number."""
    nf.sweep(Tiny, {"x": [2.0, 3.0]}, client="serial", store=tmp_path)
    path = record_of(tmp_path, x=2.0)
    record = json.loads(path.read_text())
    record["observables"]["square"] = value
    record["checksum"] = _store.checksum(record)
    path.write_text(json.dumps(record, allow_nan=True))
    with pytest.warns(NfdiffWarning, match=reason):
        ds = nf.sweep(Tiny, {"x": [2.0, 3.0]}, client="serial", store=tmp_path)
    assert ds["square"].values.tolist() == [4.0, 9.0]


def test_a_non_finite_observable_of_a_converged_solve_is_a_failed_point(tmp_path):
    """What the store writes passes its own checks: a NaN observable makes the point a
    failure (not a 'converged' NaN), and the re-run loads it without a warning."""
    grid = {"x": [-1.0, 2.0]}
    ds = nf.sweep(Tiny, grid, client="serial", store=tmp_path)
    assert ds["error_type"].values.tolist() == ["NonFiniteObservable", ""]
    assert "square = nan" in str(ds["error"].values[0])
    assert ds["converged"].values.tolist() == [False, True]
    assert ds["triple_z"].values.tolist() == [-3.0, 6.0]  # the finite ones are kept
    again = nf.sweep(Tiny, grid, client="serial", store=tmp_path)  # warnings are errors
    assert (again["elapsed"] == ds["elapsed"]).all()  # loaded, not computed


# ---- the key -----------------------------------------------------------------------------
def test_the_key_changes_with_the_nfdiff_version(tmp_path, monkeypatch):
    key = sweep_key(Tiny)
    ds = nf.sweep(Tiny, {"x": [1.0]}, client="serial", store=tmp_path)
    monkeypatch.setattr(nf, "__version__", nf.__version__ + ".post1")
    assert sweep_key(Tiny) != key
    again = nf.sweep(Tiny, {"x": [1.0]}, client="serial", store=tmp_path)
    assert again.attrs["sweep_key"] != ds.attrs["sweep_key"]
    assert len(records(tmp_path)) == 2  # computed again under the new version


MODULE = '''
import helpers_{tag}

SCALE = {scale}


def helper(x):
    return {body}


def factory(x):
    return SCALE * helper(x) + helpers_{tag}.offset(x)
'''
HELPERS = '''
def offset(x):
    return {offset}
'''


def _load(tmp_path, name, text):
    """(Re)write a module of tmp_path and import it afresh under the same name."""
    (tmp_path / f"{name}.py").write_text(text)
    importlib.invalidate_caches()
    sys.modules.pop(name, None)
    return importlib.import_module(name)


def test_the_key_changes_when_a_helper_the_factory_calls_changes(tmp_path, monkeypatch):
    """The factory's own code stays the same; editing the helper it calls in its module,
    a constant of its module, or a function of another module it calls changes the key."""
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    tag = f"t{os.getpid()}"
    codes = set()

    def key(body="x", scale="1", offset="0"):
        _load(tmp_path, f"helpers_{tag}", HELPERS.format(offset=offset))
        module = _load(tmp_path, f"factories_{tag}", MODULE.format(tag=tag, body=body,
                                                                    scale=scale))
        codes.add(module.factory.__code__.co_code)
        return sweep_key(module.factory)

    try:
        base = key()
        assert key() == base  # the same source, imported again: the same key
        assert key(body="2 * x") != base  # the helper in the factory's module
        assert key(scale="2") != base  # a constant of the factory's module
        assert key(offset="1") != base  # a function of another module it calls
        assert len(codes) == 1  # while the factory's own code never changed
    finally:
        for module in (f"factories_{tag}", f"helpers_{tag}"):
            sys.modules.pop(module, None)


def test_a_factory_without_readable_source_warns_once_and_tracks_its_helpers():
    """Defined by exec (no file): one warning says what the key does not cover; the code
    of the functions it calls by name is still part of it."""
    def define(body):
        namespace = {"__name__": "typed"}
        exec(compile(f"def helper(x):\n    return {body}\n\n"
                     "def factory(x):\n    return helper(x)\n", "<typed>", "exec"), namespace)
        return namespace["factory"]

    _store._WARNED.discard("typed.factory")
    with pytest.warns(NfdiffWarning, match=r"source of the factory typed.factory \(<typed>\) "
                                           r"cannot be read.*key="):
        key = sweep_key(define("x"))
    assert sweep_key(define("x")) == key  # no second warning (warnings are errors)
    assert sweep_key(define("3 * x")) != key
    assert sweep_key(define("x"), key="v1") != key  # an explicit key: no tracking, no warning


# ---- datasets named by grid ----------------------------------------------------------------
def test_a_subset_grid_leaves_the_other_dataset_intact(tmp_path):
    full = {"thickness": [2e-9, 5e-9, 10e-9]}
    subset = {"thickness": [5e-9]}
    big = nf.sweep(film, full, client="serial", store=tmp_path)
    big_file = tmp_path / big.attrs["store_dataset"]
    before = big_file.read_bytes()
    small = nf.sweep(film, subset, client="serial", store=tmp_path)
    small_file = tmp_path / small.attrs["store_dataset"]
    assert small_file != big_file and big_file.read_bytes() == before
    assert (small["elapsed"].values == big["elapsed"].sel(thickness=[5e-9]).values).all()
    with xr.open_dataset(big_file) as a, xr.open_dataset(small_file) as b:
        assert a["thickness"].values.tolist() == full["thickness"]
        assert b["thickness"].values.tolist() == subset["thickness"]
        assert float(b["rho_long"][0]) == float(a["rho_long"].sel(thickness=5e-9))
    for path, grid in ((big_file, full), (small_file, subset)):  # the definitions too
        assert json.loads(path.with_suffix(".json").read_text())["grid"]["product"] == grid
    assert sorted(p.name for p in tmp_path.glob("sweep-*")) == sorted(
        [big_file.name, big_file.with_suffix(".json").name,
         small_file.name, small_file.with_suffix(".json").name])


# ---- factories that exit -------------------------------------------------------------------
class Abort(BaseException):
    """Not an Exception: e.g. what a library may raise to unwind."""


def exiting(case):
    if case == "exit":
        sys.exit(3)
    if case == "abort":
        raise Abort("unwound")
    return film(5e-9)


def _check_exits(ds):
    assert ds["error_type"].values.tolist() == ["SystemExit", "Abort", ""]
    assert "sys.exit(3)" in str(ds["error"].sel(case="exit").values)
    assert str(ds["error"].sel(case="abort").values) == "unwound"
    assert float(ds["rho_long"].sel(case="ok")) == rho_long(5e-9)
    assert ds.attrs["n_failed"] == 2


def test_a_factory_calling_sys_exit_is_a_failed_point_with_its_cause_serial(tmp_path):
    ds = nf.sweep(exiting, {"case": ["exit", "abort", "ok"]}, client="serial", store=tmp_path)
    _check_exits(ds)
    stored = {r["point"]["case"]: r for r in records(tmp_path).values()}
    assert "SystemExit" in stored["exit"]["traceback"] and len(stored) == 3


def test_a_factory_calling_sys_exit_on_dask_is_not_a_killed_worker():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": ":0"}) as cluster, \
            distributed.Client(cluster) as client:
        ds = nf.sweep(exiting, {"case": ["exit", "abort", "ok"]}, client=client)
        assert len(client.scheduler_info()["workers"]) == 1  # the worker lives on
    _check_exits(ds)


# ---- writes that fail ----------------------------------------------------------------------
def test_a_full_disk_while_writing_the_dataset_returns_it_and_leaves_no_truncated_file(
        tmp_path, monkeypatch):
    grid = {"thickness": [2e-9, 5e-9]}
    good = nf.sweep(film, grid, client="serial", store=tmp_path)
    target = tmp_path / good.attrs["store_dataset"]
    before = target.read_bytes()

    def full_disk(self, path, *args, **kwargs):
        Path(path).write_bytes(before[:100])  # a partial file, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(xr.Dataset, "to_netcdf", full_disk)
    with pytest.warns(NfdiffWarning, match=rf"could not write {target}.*No space left.*"
                                           "dataset is returned"):
        ds = nf.sweep(film, grid, client="serial", store=tmp_path)
    assert ds["rho_long"].values.tolist() == good["rho_long"].values.tolist()
    assert target.read_bytes() == before  # the previous dataset, not a truncated one
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["points", target.name, target.with_suffix(".json").name])  # no temporary file


def test_a_full_disk_while_writing_points_keeps_them_in_the_dataset(tmp_path, monkeypatch):
    def full_disk(self, record):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_store.Store, "write", full_disk)
    with pytest.warns(NfdiffWarning, match=r"2 point record\(s\) could not be written"):
        ds = nf.sweep(Tiny, {"x": [2.0, 3.0]}, client="serial", store=tmp_path)
    assert ds["square"].values.tolist() == [4.0, 9.0]
    assert not list((tmp_path / "points").iterdir())  # no record, no lock left


# ---- one computation per point -------------------------------------------------------------
def test_two_threads_sharing_a_store_compute_each_point_once(tmp_path):
    grid = {"x": [float(k) for k in range(16)]}
    CALLS.clear()
    out = {}

    def run(name):
        out[name] = nf.sweep(slow_tiny, grid, client="serial", store=tmp_path)

    threads = [threading.Thread(target=run, args=(n,)) for n in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(x for _, x in CALLS) == grid["x"]  # each point once
    assert len({thread for thread, _ in CALLS}) == 2  # and both threads worked
    for ds in out.values():
        assert ds["square"].values.tolist() == [x**2 for x in grid["x"]]
    assert not list((tmp_path / "points").glob("*.lock"))


SHARED = '''
import os, sys, time
import nfdiff as nf


def factory(x):
    with open(sys.argv[2], "a") as log:
        log.write(f"{{os.getpid()}} {{x!r}}\\n")
    time.sleep(0.05)
    return nf.devices.smr_film(thickness=x * 1e-9), {{"current_density": 1e10}}


if __name__ == "__main__":
    open(sys.argv[3], "w").close()  # started
    while len(os.listdir(os.path.dirname(sys.argv[3]))) < {n_ready}:
        time.sleep(0.01)  # both processes start the sweep together
    ds = nf.sweep(factory, {{"x": [float(k) for k in range(2, 26)]}}, store=sys.argv[1],
                  client="serial")
    print(int(ds["converged"].sum()))
'''


def test_two_processes_sharing_a_store_compute_each_point_once(tmp_path):
    script = tmp_path / "shared.py"
    script.write_text(textwrap.dedent(SHARED.format(n_ready=2)))
    ready = tmp_path / "ready"
    ready.mkdir()
    log = tmp_path / "log"
    root = str(Path(nf.__file__).resolve().parents[1])
    env = {**os.environ, "NFDIFF_PROGRESS": "0", "PYTHONPATH": root}
    procs = [subprocess.Popen([sys.executable, str(script), str(tmp_path / "store"), str(log),
                               str(ready / str(k))], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for k in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert [o.strip() for o, _ in outs] == ["24", "24"]
    lines = [line.split() for line in log.read_text().splitlines()]
    xs = sorted(float(x) for _, x in lines)
    assert xs == [float(k) for k in range(2, 26)]  # 24 computations for 24 points
    assert len({pid for pid, _ in lines}) == 2  # shared between the two processes
    assert not list((tmp_path / "store" / "points").glob("*.lock"))


def _lock(store, point, factory=Tiny, **owner):
    """Plant the lock of ``point`` as another sweep of ``factory`` would have left it."""
    st = _store.Store(store, sweep_key(factory))
    lock = st.path(point).with_suffix(".lock")
    lock.write_text(json.dumps({"host": st.host, "token": "x", **owner}))
    return lock


def test_locks_of_dead_or_silent_processes_are_broken(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    _lock(tmp_path, {"x": 1.0}, pid=int(dead.stdout))  # its process has ended
    silent = _lock(tmp_path, {"x": 2.0}, pid=os.getpid())  # alive, but no heartbeat:
    old = time.time() - _store.STALE_AFTER - 10
    os.utime(silent, (old, old))
    start = time.perf_counter()
    ds = nf.sweep(Tiny, {"x": [1.0, 2.0]}, client="serial", store=tmp_path)
    assert time.perf_counter() - start < 2  # no waiting
    assert ds["square"].values.tolist() == [1.0, 4.0]
    assert not list((tmp_path / "points").glob("*.lock"))


def test_a_point_held_by_a_live_sweep_is_waited_for_not_computed(tmp_path):
    """Another sweep holds x = 1 (a fresh lock of a live process): this one computes the
    other points, waits, and takes the record the holder writes."""
    lock = _lock(tmp_path, {"x": 1.0}, factory=slow_tiny, pid=os.getpid())
    holder = _store.Store(tmp_path, sweep_key(slow_tiny))
    CALLS.clear()

    def finish():  # the holder: a record with a value no computation here would give
        time.sleep(0.6)
        holder.write({"point": {"x": 1.0}, "observables": {"square": 123.0},
                      "units": {}, "newton_iterations": -1, "converged": True,
                      "error_type": "", "error": "", "provenance": {}})
        lock.unlink()

    thread = threading.Thread(target=finish)
    thread.start()
    start = time.perf_counter()
    ds = nf.sweep(slow_tiny, {"x": [1.0, 2.0, 3.0]}, client="serial", store=tmp_path)
    thread.join()
    assert time.perf_counter() - start >= 0.5
    assert sorted(x for _, x in CALLS) == [2.0, 3.0]
    assert ds["square"].values.tolist() == [123.0, 4.0, 9.0]


def test_an_interrupted_sweep_releases_its_locks(tmp_path):
    def interrupted(x):
        if x == 2.0:
            raise KeyboardInterrupt
        return Tiny(x)

    with pytest.raises(KeyboardInterrupt):
        nf.sweep(interrupted, {"x": [1.0, 2.0, 3.0]}, client="serial", store=tmp_path)
    assert not list((tmp_path / "points").glob("*.lock"))
    assert [r["point"] for r in records(tmp_path).values()] == [{"x": 1.0}]
