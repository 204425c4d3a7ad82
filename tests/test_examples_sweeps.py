"""The sweep examples run (reduced grids, coarse meshes; one on a local Dask cluster, one
in this process) and reproduce the physics they teach.

examples/nonlocal_temperature.py: only the interface law depends on the temperature; the
contact's share of 1/sqrt(R1) grows as T^{-p} with p near the 3/2 of the interface spin
conductance g(T). examples/nonlocal_distance_angle_map.py: R1(d, a) = R1(d, 0) cos^2 a at
every distance, and R1 decays with d as 1/sinh(d/lambda_m).
"""

import numpy as np
import pytest
from test_examples import load

xr = pytest.importorskip("xarray")
pytest.importorskip("distributed")


@pytest.mark.regression_pin
def test_example_nonlocal_temperature(tmp_path, capsys, regression_pin):
    module = load("nonlocal_temperature")
    result = module.main(tmp_path, temperatures=module.QUICK_TEMPERATURES, quick=True)
    assert (tmp_path / "nonlocal_temperature.png").stat().st_size > 20_000
    ds = xr.open_dataset(tmp_path / "nonlocal_temperature.nc").load()
    np.testing.assert_array_equal(ds["R1"].values, result["R1"])
    assert ds["converged"].all() and ds["R1"].attrs["units"] == "Ohm"
    r1 = result["R1"]
    assert np.all(np.diff(r1) > 0)  # the contact conducts better as T grows
    regression_pin("R1(10 K) / R1(300 K)", r1[0] / r1[-1], 0.77, abs=0.02,
                   recorded="2026-11-24, commit 5a9b562")
    # the interface's share scales as g(T) ~ T^1.5: fitted exponent 1.42 (gap and
    # mixing-conductance corrections); the series form with the law's g(T) to 0.3 %
    assert result["exponent"] == pytest.approx(1.5, rel=0.1)
    assert result["series_error"] < 0.005
    assert "p = 1.4" in capsys.readouterr().out


def test_example_nonlocal_distance_angle_map(tmp_path):
    module = load("nonlocal_distance_angle_map")
    # in this process (client="serial"): the temperature test covers the local cluster
    result = module.main(tmp_path, module.QUICK_DISTANCES, module.QUICK_ANGLES, quick=True,
                         client="serial")
    assert (tmp_path / "nonlocal_distance_angle_map.png").stat().st_size > 20_000
    ds = xr.open_dataset(tmp_path / "nonlocal_distance_angle_map.nc").load()
    assert ds["R1"].dims == ("distance", "angle") and ds.sizes == {"distance": 2, "angle": 4}
    r1 = ds["R1"].transpose("distance", "angle").values     # angles 0, 45, 90, 135 deg
    np.testing.assert_array_equal(r1, result["R1"])
    # R1 ~ cos^2 a at both distances, to 1 % (about 1e-4 in fact, without heating)
    np.testing.assert_allclose(r1[:, 1] / r1[:, 0], 0.5, rtol=0.01)
    np.testing.assert_allclose(r1[:, 3], r1[:, 1], rtol=1e-6)  # even under a -> 180 - a
    assert np.all(np.abs(r1[:, 2]) < 1e-9 * r1[:, 0])          # zero along the strips
    # diffusion: 1/sinh(d / lambda_m) between 2 and 6 um, within 5 % on the coarse mesh
    lam = 9.4e-6
    expected = np.sinh(2e-6 / lam) / np.sinh(6e-6 / lam)
    assert r1[1, 0] / r1[0, 0] == pytest.approx(expected, rel=0.05)
