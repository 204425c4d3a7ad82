"""The sweep examples run (reduced grids, coarse meshes; one on a local Dask cluster, one
in this process) and reproduce the physics they teach.

examples/nonlocal_temperature.py: the decay length fitted to R1(d) at a temperature is the
material's lambda_m(T), which follows the measured lengths.
examples/nonlocal_distance_angle_map.py: R1(d, a) = R1(d, 0) cos^2 a at every distance,
and R1 decays with d as 1/sinh(d/lambda_m).
"""

import numpy as np
import pytest
from test_examples import load

xr = pytest.importorskip("xarray")
pytest.importorskip("distributed")


def test_example_nonlocal_temperature(tmp_path, capsys):
    """On a local Dask cluster: the decay length fitted to R1(d) at 30, 100 and 300 K is
    the material's lambda_m(T) within 3 % (coarse mesh), and at 30 K and 300 K within the
    error bars of the measured lengths it follows."""
    module = load("nonlocal_temperature")
    result = module.main(tmp_path, temperatures=module.QUICK_TEMPERATURES, quick=True)
    assert (tmp_path / "nonlocal_temperature.png").stat().st_size > 20_000
    ds = xr.open_dataset(tmp_path / "nonlocal_temperature.nc").load()
    assert ds["converged"].all() and ds["R_nl"].attrs["units"] == "Ohm"
    np.testing.assert_array_equal(
        ds["R_nl"].transpose("temperature", "distance").values, result["R1"])
    np.testing.assert_allclose(result["lambda_fit"], result["lambda_m"], rtol=0.03)
    for t, lam, err in module.MEASURED:
        k = int(np.argmin(np.abs(result["temperature"] - t)))
        assert abs(result["lambda_fit"][k] - lam) < err
    assert np.all(np.diff(result["R1"][:, 0]) > 0)  # sigma_m and g(T) both grow with T
    assert "measured (Cornelissen" in capsys.readouterr().out


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
