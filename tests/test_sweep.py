"""nf.sweep: the same numbers as a plain loop, on Dask clusters, resumable, failure-proof.

Also the command line ``nfdiff sweep``. The devices are 1D SMR films (milliseconds per
solve) and a coarse nonlocal device; the Dask tests share one LocalCluster (2 worker
processes, 1 thread each).
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import nfdiff as nf
from nfdiff import cli
from nfdiff.errors import NfdiffWarning

xr = pytest.importorskip("xarray")
distributed = pytest.importorskip("distributed")

CASES = Path(__file__).resolve().parent.parent / "examples" / "cases"
COARSE = {"h_min": (5e-9, 0.5e-9), "h_max": (2.5e-6, 50e-9), "growth": 1.4}
GRID = {"thickness": [2e-9, 5e-9, 10e-9], "angle": [0.0, 30.0, 90.0]}


def film(thickness, angle, law="elastic"):
    """A 1D Pt|YIG film with n in the plane at ``angle`` [deg] from x; 1e10 A/m^2."""
    a = np.deg2rad(angle)
    dev = nf.devices.smr_film(thickness=thickness, n=(np.cos(a), np.sin(a), 0.0), law=law)
    return dev, {"current_density": 1e10}


def slow_film(thickness, angle):
    time.sleep(0.2)  # long enough that both workers take points
    return film(thickness, angle)


def subprocess_env():
    """The environment of a child Python that imports the nfdiff under test first."""
    root = str(Path(nf.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "NFDIFF_PROGRESS": "0", "PYTHONPATH": path}


def loop(factory, points):
    """The plain loop the sweep must reproduce: {point tuple: observables}."""
    out = {}
    for point in points:
        dev, kwargs = factory(**point)
        out[tuple(point.values())] = dev.solve(**kwargs).observables
    return out


def product(grid):
    import itertools

    return [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]


def assert_matches_loop(ds, factory, grid, rtol=1e-12):
    expected = loop(factory, product(grid))
    for point, observables in expected.items():
        at = ds.sel(dict(zip(grid, point, strict=True)))
        assert bool(at["converged"]) and at["error"].item() == ""
        for name, value in observables.items():
            np.testing.assert_allclose(float(at[name]), value, rtol=rtol, atol=0, err_msg=name)


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster for the module: 2 processes x 1 thread, no dashboard; its
    scheduler's HTTP server on a free port (dashboard_address=None alone means 8787)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": ":0"}) as local:
        yield local


# ---- equality with a plain loop --------------------------------------------------------
def test_sweep_equals_plain_loop_on_the_default_local_cluster():
    ds = nf.sweep(film, GRID, n_workers=2)
    assert ds["rho_long"].dims == ("thickness", "angle")
    np.testing.assert_array_equal(ds["thickness"], GRID["thickness"])
    np.testing.assert_array_equal(ds["angle"], GRID["angle"])
    assert ds.attrs["client"].startswith("LocalCluster(2 processes")
    assert_matches_loop(ds, film, GRID)
    assert ds["rho_long"].attrs["units"] == "Ohm m"
    assert (ds["newton_iterations"] >= 1).all() and ds.attrs["n_failed"] == 0
    # provenance
    assert ds.attrs["nfdiff_version"] == nf.__version__ and ds.attrs["law"] == "elastic"
    assert ds.attrs["template"] == "SMRFilm" and ds.attrs["factory"].endswith(".film")
    materials = json.loads(ds.attrs["materials"])
    assert materials["metal"]["name"] == "Pt" and materials["magnet"]["name"] == "YIG"
    assert materials["metal"]["spin_hall_angle"] == nf.materials.get("Pt").spin_hall_angle
    assert json.loads(ds.attrs["interface"])["g_r"] > 0
    assert ds.attrs["created"].endswith("+00:00")


def test_default_cluster_starts_with_port_8787_taken():
    """A dashboard (or another cluster) on 127.0.0.1:8787 does not stop nf.sweep's own
    LocalCluster: its scheduler's HTTP server takes a free port (warnings are errors)."""
    import socket

    with socket.socket() as listener:
        try:
            listener.bind(("127.0.0.1", 8787))
        except OSError:
            pass  # already held by another process: the situation under test anyway
        else:
            listener.listen()
        ds = nf.sweep(film, {"thickness": [5e-9], "angle": [0.0]}, n_workers=1)
    assert ds.attrs["n_failed"] == 0 and np.isfinite(ds["rho_long"]).all()


def test_list_of_points_and_vector_observables_serial():
    points = [{"distance": 2e-6, "current": 40e-6}, {"distance": 3e-6, "current": -40e-6}]

    def strips(distance, current):
        dev = nf.devices.nonlocal_strips(distance=distance, thermal=False, **COARSE)
        return dev, {"current": current}

    ds = nf.sweep(strips, points, client="serial")
    assert ds["R_nl"].dims == ("point",) and ds.sizes["point"] == 2
    np.testing.assert_array_equal(ds["distance"], [2e-6, 3e-6])
    for k, point in enumerate(points):
        dev, kwargs = strips(**point)
        obs = dev.solve(**kwargs).observables
        assert float(ds["R_nl"][k]) == obs["R_nl"]
        # a 3-vector observable is split into components
        for c, comp in enumerate("xyz"):
            assert float(ds[f"spin_current_injector_{comp}"][k]) == obs["spin_current_injector"][c]
    assert ds["spin_current_injector_x"].attrs["units"] == "J/m"
    assert "spin_current_injector" not in ds


# ---- failures ----------------------------------------------------------------------------
def troublesome(case):
    """Points that fail in different ways, and one that works."""
    if case == "ok":
        return film(5e-9, 30.0)
    if case == "bad parameter":
        return film(-1e-9, 0.0)  # ParameterError in the template
    if case == "not converged":
        return film(5e-9, 30.0, law="nonlinear")[0], {"current_density": 1e10, "maxiter": 1}
    if case == "condensed":  # magnons pumped past the gap (n along the spin Hall spin)
        dev = nf.devices.smr_film(law="nonlinear", n=(0, 1, 0), magnet_thickness=100e-9)
        return dev, {"current_density": 3e11, "maxiter": 10}
    if case == "bad solve argument":
        return film(5e-9, 0.0)[0], {"current": 1e-3}
    raise RuntimeError(f"no such case {case!r}")


CASES_OF_FAILURE = {"ok": "", "bad parameter": "ParameterError",
                    "not converged": "ConvergenceError", "condensed": "CondensationError",
                    "bad solve argument": "TypeError", "unknown": "RuntimeError"}


def test_failing_points_are_recorded_and_the_others_complete(tmp_path):
    grid = {"case": list(CASES_OF_FAILURE)}
    ds = nf.sweep(troublesome, grid, client="serial", store=tmp_path)
    for case, error_type in CASES_OF_FAILURE.items():
        at = ds.sel(case=case)
        assert at["error_type"].item() == error_type, case
        assert bool(at["converged"]) == (error_type == "")
        assert np.isnan(float(at["rho_long"])) == (error_type != "")
    assert "thickness = -1e-09 m is invalid" in ds["error"].sel(case="bad parameter").item()
    assert "no such case 'unknown'" in ds["error"].sel(case="unknown").item()
    # Newton's record survives a ConvergenceError
    assert int(ds["newton_iterations"].sel(case="not converged")) >= 1
    assert int(ds["newton_iterations"].sel(case="bad parameter")) == -1
    assert ds.attrs["n_failed"] == 5
    expected = film(5e-9, 30.0)[0].solve(current_density=1e10).observables["rho_long"]
    assert float(ds["rho_long"].sel(case="ok")) == expected
    # the store keeps the errors with a traceback; a re-run does not repeat them ...
    records = [json.loads(p.read_text()) for p in (tmp_path / "points").glob("*.json")]
    assert len(records) == 6
    assert all("Traceback" in r["traceback"] for r in records if r["error_type"])
    again = nf.sweep(troublesome, grid, client="serial", store=tmp_path)
    assert (again["elapsed"] == ds["elapsed"]).all()
    # ... unless asked to
    retried = nf.sweep(troublesome, {"case": ["ok", "bad parameter"]}, client="serial",
                       store=tmp_path, retry_failed=True)
    assert retried["elapsed"].sel(case="ok") == ds["elapsed"].sel(case="ok")
    assert retried["elapsed"].sel(case="bad parameter") != ds["elapsed"].sel(case="bad parameter")


# ---- resume after a kill ---------------------------------------------------------------
RESUMABLE = '''
import os, sys, time
import numpy as np
import nfdiff as nf

LOG = sys.argv[2]


def factory(thickness, angle):
    with open(LOG, "a") as log:  # one line per computation, flushed at once
        log.write(f"{{thickness!r}} {{angle!r}}\\n")
    time.sleep({delay})
    a = np.deg2rad(angle)
    return nf.devices.smr_film(thickness=thickness, n=(np.cos(a), np.sin(a), 0.0)), \\
        {{"current_density": 1e10}}


if __name__ == "__main__":
    grid = {{"thickness": [2e-9, 4e-9, 6e-9, 8e-9], "angle": [0.0, 45.0, 90.0]}}
    client = sys.argv[3] if len(sys.argv) > 3 else None
    ds = nf.sweep(factory, grid, store=sys.argv[1], client=client, n_workers=2)
    print("finished", int(ds["converged"].sum()))
'''


def test_a_killed_sweep_resumes_and_computes_every_point_once(tmp_path):
    script = tmp_path / "resumable.py"
    script.write_text(textwrap.dedent(RESUMABLE.format(delay=0.25)))
    store, first_log = tmp_path / "store", tmp_path / "first.log"
    second_log = tmp_path / "second.log"
    points_dir = store / "points"
    env = subprocess_env()
    proc = subprocess.Popen([sys.executable, str(script), str(store), str(first_log)],
                            env=env, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(list(points_dir.glob("*.json"))) < 4:  # some points done, not all 12
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the sweep did not start"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the sweep and its workers, mid-flight
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    kept = {p.name: p.read_bytes() for p in points_dir.glob("*.json")}
    assert 4 <= len(kept) < 12 and not list(store.glob("sweep-*.nc"))
    stored_points = {tuple(json.loads(b)["point"].values()) for b in kept.values()}

    out = subprocess.run([sys.executable, str(script), str(store), str(second_log), "serial"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "finished 12" in out.stdout
    recomputed = [tuple(float(v) for v in line.split())
                  for line in second_log.read_text().splitlines()]
    # the re-run computes each missing point once and none of the finished ones
    assert len(recomputed) == len(set(recomputed)) == 12 - len(kept)
    assert not set(recomputed) & stored_points
    assert {p.name: p.read_bytes() for p in points_dir.glob("*.json")
            if p.name in kept} == kept  # finished points untouched
    assert len(list(points_dir.glob("*.json"))) == 12
    assert not list(points_dir.glob(".*"))  # no temporary file left behind
    assert not list(points_dir.glob("*.lock"))  # the killed sweep's locks were broken

    assert not out.stderr, out.stderr
    (dataset,) = store.glob("sweep-*.nc")
    ds = xr.open_dataset(dataset)
    grid = {"thickness": [2e-9, 4e-9, 6e-9, 8e-9], "angle": [0.0, 45.0, 90.0]}
    assert_matches_loop(ds.load(), film, grid)  # identical to an uninterrupted loop
    ds.close()


# ---- Dask clusters --------------------------------------------------------------------
def test_runs_on_a_local_cluster_with_two_workers(cluster, tmp_path):
    grid = {"thickness": [2e-9, 5e-9], "angle": [0.0, 30.0, 90.0]}
    with distributed.Client(cluster) as client:
        ds = nf.sweep(slow_film, grid, client=client, store=tmp_path)
        assert client.status == "running"  # a given client stays open
    assert_matches_loop(ds, film, grid)
    hosts = {json.loads(p.read_text())["host"] for p in (tmp_path / "points").glob("*.json")}
    assert len(hosts) == 2  # both worker processes solved points
    assert xr.open_dataset(tmp_path / ds.attrs["store_dataset"]).load().equals(ds)


def test_runs_on_a_scheduler_given_by_address(cluster):
    grid = {"thickness": [3e-9, 6e-9], "angle": [10.0, 80.0]}
    ds = nf.sweep(film, grid, client=cluster.scheduler_address)
    assert ds.attrs["client"] == cluster.scheduler_address
    assert_matches_loop(ds, film, grid)


# ---- re-use, store identity, grids -------------------------------------------------------
def test_equal_devices_are_reused_with_identical_results(tmp_path):
    def strips(current):
        return nf.devices.nonlocal_strips(thermal=False, **COARSE), {"current": current}

    grid = {"current": [20e-6, -30e-6, 50e-6]}
    ds = nf.sweep(strips, grid, client="serial", store=tmp_path)
    records = {json.loads(p.read_text())["point"]["current"]: json.loads(p.read_text())
               for p in (tmp_path / "points").glob("*.json")}
    assert [records[c]["device_reused"] for c in grid["current"]] == [False, True, True]
    # a reused device starts Newton from its previous solutions (nfdiff.newton.WarmStart):
    # the results are those of fresh devices to Newton's tolerance, not bit for bit
    for current in grid["current"]:
        fresh = strips(current)[0].solve(current=current).observables
        assert float(ds["V_det"].sel(current=current)) == pytest.approx(fresh["V_det"],
                                                                        rel=1e-10, abs=0)
    no_reuse = nf.sweep(strips, grid, client="serial", reuse=False)
    np.testing.assert_allclose(no_reuse["V_det"], ds["V_det"], rtol=1e-10, atol=0)


CALLS = []  # a global: a closure's list would be part of the sweep key


def counted(thickness, angle):
    CALLS.append((thickness, angle))
    return film(thickness, angle)


def test_store_keys_points_by_factory_and_parameters(tmp_path):
    calls = CALLS
    calls.clear()
    small = {"thickness": [2e-9], "angle": [0.0, 90.0]}
    nf.sweep(counted, small, client="serial", store=tmp_path)
    # extending the grid computes the new points only
    larger = {"thickness": [2e-9, 4e-9], "angle": [0.0, 90.0]}
    ds = nf.sweep(counted, larger, client="serial", store=tmp_path)
    assert calls == [(2e-9, 0.0), (2e-9, 90.0), (4e-9, 0.0), (4e-9, 90.0)]
    assert_matches_loop(ds, film, larger)
    definition = json.loads((tmp_path / ds.attrs["store_dataset"].replace(".nc", ".json"))
                            .read_text())
    assert definition["grid"]["product"] == larger and definition["sweep_key"]
    # a different factory (or method, or key) does not see them
    from nfdiff.sweep import sweep_key

    assert sweep_key(counted) != sweep_key(film)
    assert sweep_key(counted) != sweep_key(counted, key="v2")
    assert sweep_key(film) == sweep_key(film)
    # a record cut short (no atomic rename) is computed again
    victim = next((tmp_path / "points").glob("*.json"))
    victim.write_text('{"point": ')
    calls.clear()
    with pytest.warns(NfdiffWarning, match=f"{victim.name} is not valid JSON"):
        nf.sweep(counted, larger, client="serial", store=tmp_path)
    assert len(calls) == 1


def test_closure_values_are_part_of_the_key():
    from nfdiff.sweep import sweep_key

    def make(j):
        def factory(thickness):
            return nf.devices.smr_film(thickness=thickness), {"current_density": j}
        return factory

    assert sweep_key(make(1e10)) == sweep_key(make(1e10))
    assert sweep_key(make(1e10)) != sweep_key(make(2e10))


@pytest.mark.parametrize("grid, name", [
    ({}, "grid"),
    ({"thickness": 5e-9}, "thickness"),
    ({"thickness": []}, "thickness"),
    ({"law": "elastic"}, "law"),
    ({"thickness": [1e-9, 1e-9]}, "thickness"),
    ({"thickness": [1e-9, "5 nm"]}, "thickness"),
    ({"n": [(1, 0, 0)]}, "n"),
    ({"thickness": [float("nan")]}, "thickness"),
    ({"error": [1.0]}, "grid"),
    ([{"thickness": 1e-9}, {"angle": 0.0}], "grid[1]"),
    ([], "grid"),
    ("thickness", "grid"),
])
def test_bad_grids_name_the_parameter(grid, name):
    with pytest.raises(nf.ParameterError) as err:
        nf.sweep(film, grid, client="serial")
    assert err.value.name == name


def test_bad_options():
    with pytest.raises(nf.ParameterError, match="client"):
        nf.sweep(film, GRID, client=3)
    with pytest.raises(nf.ParameterError, match="n_workers"):
        nf.sweep(film, GRID, n_workers=0)
    with pytest.raises(nf.ParameterError, match="factory"):
        nf.sweep("film", GRID)


def test_import_nfdiff_stays_light():
    """nf.sweep is there, but dask, xarray and netCDF4 load only when a sweep runs."""
    code = ("import sys, nfdiff; assert callable(nfdiff.sweep); print(sorted(m for m in "
            "('dask', 'distributed', 'xarray', 'netCDF4', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


# ---- the command line -----------------------------------------------------------------
def test_cli_sweep_writes_the_dataset_and_a_figure(tmp_path, capsys):
    out = tmp_path / "out"
    status = cli.main(["sweep", str(CASES / "smr.toml"), "--vary", "thickness=2nm:10nm:5",
                       "--vary", "current_density=1e10,2e10", "--scheduler", "serial",
                       "--output", str(out)])
    printed = capsys.readouterr()
    assert status == 0, printed.err
    ds = xr.open_dataset(out / "smr_sweep.nc").load()
    assert ds["rho_long"].dims == ("thickness", "current_density")
    np.testing.assert_allclose(ds["thickness"], np.linspace(2e-9, 10e-9, 5), rtol=1e-15)
    pt = nf.materials.get("Pt").replace(spin_hall_angle=0.1, spin_diffusion_length=1.5e-9)
    direct = nf.devices.smr_film(metal=pt, thickness=4e-9, n=(0, 1, 0), law="elastic")
    expected = direct.solve(current_density=2e10).observables["rho_long"]
    assert float(ds["rho_long"].sel(thickness=4e-9, current_density=2e10)) == \
        pytest.approx(expected, rel=1e-12, abs=0)
    png = out / "smr_sweep.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert "10 points" in printed.out and "smr_sweep.nc" in printed.out


def test_cli_sweep_on_a_scheduler_with_a_store(cluster, tmp_path, capsys):
    args = ["sweep", str(CASES / "nonlocal.toml"), "--vary", "distance=1um:4um:3:log",
            "--scheduler", cluster.scheduler_address, "--store", str(tmp_path / "store"),
            "--output", str(tmp_path / "out"), "--log", "--quiet"]
    case = (CASES / "nonlocal.toml").read_text().replace('distance = "2 um"',
                                                         'distance = "2 um"\n'
                                                         'h_min = [5e-9, 0.5e-9]\n'
                                                         'h_max = [2.5e-6, 50e-9]\n'
                                                         'growth = 1.4')
    args[1] = str(tmp_path / "nonlocal.toml")
    Path(args[1]).write_text(case)
    assert cli.main(args) == 0, capsys.readouterr().err
    ds = xr.open_dataset(tmp_path / "out" / "nonlocal_sweep.nc").load()
    np.testing.assert_allclose(ds["distance"], [1e-6, 2e-6, 4e-6], rtol=1e-12)
    r = ds["R_nl"].values
    assert np.all(r > 0) and np.all(np.diff(r) < 0)  # decays with distance
    assert len(list((tmp_path / "store" / "points").glob("*.json"))) == 3
    assert len(list((tmp_path / "store").glob("sweep-*.nc"))) == 1
    assert (tmp_path / "out" / "nonlocal_sweep.png").stat().st_size > 10_000


@pytest.mark.parametrize("spec, message", [
    ("angle=0:180:13", "angle: not a keyword"),
    ("n=0:1:3", "n: takes a vector"),
    ("thickness=1e-9:2e-9", "thickness: "),
    ("thickness=a:2e-9:3", "thickness: "),
    ("thickness=1e-9:2e-9:0", "thickness: "),
    ("thickness=1e-9:2e-9:1.5", "thickness: "),
    ("thickness=0:1e-9:3:log", "thickness: "),
    ("thickness=1 s:2 nm:3", "thickness: "),
    ("thickness", "thickness"),
    ("=1:2:3", "--vary"),
])
def test_cli_bad_vary_names_the_key(tmp_path, capsys, spec, message):
    status = cli.main(["sweep", str(CASES / "smr.toml"), "--vary", spec, "--scheduler",
                       "serial", "--output", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())  # nothing computed or written


def test_cli_sweep_over_words(tmp_path, capsys):
    """A key that takes words (law) can be varied, and be the figure's x axis."""
    status = cli.main(["sweep", str(CASES / "smr.toml"), "--vary", "law=elastic,nonlinear",
                       "--vary", "thickness=2nm,5nm", "--scheduler", "serial", "-q",
                       "-o", str(tmp_path)])
    assert status == 0, capsys.readouterr().err
    ds = xr.open_dataset(tmp_path / "smr_sweep.nc").load()
    assert list(ds["law"].values) == ["elastic", "nonlinear"] and ds["converged"].all()
    assert (tmp_path / "smr_sweep.png").stat().st_size > 10_000


def test_cli_vary_twice_and_without_vary(tmp_path, capsys):
    base = ["sweep", str(CASES / "smr.toml"), "--scheduler", "serial", "-o", str(tmp_path)]
    assert cli.main([*base, "--vary", "thickness=1e-9,2e-9", "--vary", "thickness=3e-9"]) == 2
    assert "thickness: varied twice" in capsys.readouterr().err
    assert cli.main(base) == 2
    assert "--vary" in capsys.readouterr().err


def test_cli_sweep_help_documents_vary(capsys):
    assert cli.main(["sweep", "--help"]) == 0
    text = capsys.readouterr().out
    for word in ("--vary", "START:STOP:N", ":log", "--scheduler", "--store", "--log",
                 "serial", "current"):
        assert word in text, word


def test_cli_sweep_figure_uses_display_units():
    """Axes and legend in um, mOhm, mK, ueV chosen from the data, values scaled to match."""
    from nfdiff.cli.sweep import Vary, sweep_axes

    distance = [1e-6, 2e-6, 4e-6]
    temperature = [100.0, 300.0]
    r_nl = np.array([[2.0e-3, 1.5e-3], [1.0e-3, 0.8e-3], [0.3e-3, 0.25e-3]])  # Ohm
    ds = xr.Dataset({"R_nl": (("distance", "temperature"), r_nl, {"units": "Ohm"}),
                     "dT": (("distance", "temperature"), r_nl * 2, {"units": "K"}),
                     "mu": (("distance", "temperature"), r_nl * 1e-21, {"units": "J"})},
                    coords={"distance": distance, "temperature": temperature})
    varies = [Vary("distance", "device", tuple(distance), True, "m"),
              Vary("temperature", "device", tuple(temperature), False, "K")]
    for name, label, factor in (("R_nl", "R_nl [mOhm]", 1e3), ("dT", "dT [mK]", 1e3),
                                ("mu", "mu [µeV]", 1 / nf.units.ueV)):
        fig = sweep_axes(ds, varies, name)
        ax = fig.axes[0]
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("distance [µm]", label)
        assert [t.get_text() for t in ax.get_legend().get_texts()] == [
            "temperature = 100 K", "temperature = 300 K"]
        for line, k in zip(ax.get_lines(), range(2), strict=True):
            np.testing.assert_allclose(line.get_xdata(), [1.0, 2.0, 4.0], rtol=1e-12)
            np.testing.assert_allclose(line.get_ydata(), ds[name].values[:, k] * factor,
                                       rtol=1e-12)
        fig.clf()
    import matplotlib.pyplot as plt

    plt.close("all")
