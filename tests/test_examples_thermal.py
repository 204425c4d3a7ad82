"""The thermal examples run (at reduced resolution) and reproduce the physics they teach.

examples/spin_seebeck_thickness.py: the LSSE voltage at fixed heat flux saturates on the
renormalised magnon diffusion length lambda* = lambda_m sqrt(1 - zeta), not on the
magnon-phonon length. examples/spin_peltier_map.py: the odd-in-current temperature of
the nonlocal strips is the spin Peltier signal (linear in I, odd in n, zero for n along
the strips) and the even part is Joule heating (~ I^2).
"""

import meshio
import numpy as np
import pytest
from test_examples import load


def test_example_spin_seebeck_thickness(tmp_path, capsys):
    r = load("spin_seebeck_thickness").main(tmp_path, n_points=4)
    assert (tmp_path / "spin_seebeck_thickness.png").stat().st_size > 20_000
    vtu = meshio.read(tmp_path / "spin_seebeck_thickness.vtu")
    assert "mu_m [J]" in vtu.point_data            # the names carry their units
    assert "t_1/2" in capsys.readouterr().out
    t, V = r["thickness"], r["V"]
    assert len(t) == 4
    # heater on top, n = +y: V < 0 at every thickness, and |V| grows monotonically
    assert np.all(V < 0)
    assert np.all(np.diff(np.abs(V)) > 0)
    # saturated at 50 um = 5.7 lambda*: within 1 % of the thick-film value of the model
    assert V[-1] / r["V_inf"] == pytest.approx(1.0, abs=0.01)
    # beyond 10 l_mp the closed form (no free parameter) holds to the size of the
    # neglected magnon-phonon boundary layers, ~ l_mp / t
    bulk = t >= 10 * r["l_mp"]
    assert np.abs(V[bulk] / r["V_model"][bulk] - 1).max() < 0.02
    # the saturation length: the fit gives lambda* (8.76 um) to 2 %, which tells it
    # from lambda_m (9.4 um, 7 % away) and from l_mp (100 nm); half saturation at
    # t_1/2 = 1.32 lambda*
    assert r["lambda_fit"] == pytest.approx(r["lambda_star"], rel=0.02)
    assert abs(r["lambda_fit"] / r["lambda_m"] - 1) > 0.04
    assert r["t_half_fit"] == pytest.approx(np.arccosh(2) * r["lambda_star"], rel=0.03)
    assert r["t_half_fit"] > 50 * r["l_mp"]
    # thin-film onset: at 20 nm (0.2 l_mp) the magnons lag the phonons, V is far below
    # the bulk model
    assert V[0] / r["V_model"][0] < 0.3


@pytest.fixture(scope="module")
def spe():
    return load("spin_peltier_map")


def test_example_spin_peltier_map(tmp_path, capsys, spe):
    r = spe.main(tmp_path, quick=True)
    assert (tmp_path / "spin_peltier_map.png").stat().st_size > 50_000
    out = meshio.read(r["vtu"])
    for name in ("T_odd", "T_even", "T_m_odd", "mu_m_odd"):
        assert name in out.point_data
    assert "T_injector" in capsys.readouterr().out
    odd, even = r["odd"], r["even"]
    # n = +x, I along +y: the injector is heated by the spin Peltier effect, the open
    # detector (refilling the magnon depletion) cooled; both far below the Joule heating
    assert odd["T_injector"] > 0 > odd["T_detector"]
    assert abs(odd["T_detector"]) > 0.3 * odd["T_injector"]
    assert odd["T_injector"] < 1e-2 * even["T_injector"]
    # the film under the injector warms with it (Kapitza back-flow)
    assert odd["T_film_injector"] > 0
    # 1D film: delta_T odd and linear in j (n = +y, j along +x: metal cooled), Joule ~ j^2
    j, f_odd, f_even = r["current_density"], r["film_odd"], r["film_even"]
    assert np.all(f_odd < 0)
    assert np.polyfit(np.log(j), np.log(-f_odd), 1)[0] == pytest.approx(1.0, abs=0.01)
    assert np.polyfit(np.log(j), np.log(f_even), 1)[0] == pytest.approx(2.0, abs=0.01)


def test_example_spin_peltier_map_symmetries(spe):
    """Odd part linear in I and odd in n, zero for n along the strips; even part ~ I^2."""
    keys = ("T_injector", "T_film_injector", "T_detector")
    I = spe.CURRENT
    ref = spe.odd_even(spe.strips(quick=True), I)
    half = spe.odd_even(spe.strips(quick=True), I / 2)
    for k in keys:
        # the nonlinear law's I^3 terms: well below 1 % at 50 uA
        assert ref["odd"][k] / half["odd"][k] == pytest.approx(2.0, rel=0.01)
    assert ref["even"]["T_injector"] / half["even"]["T_injector"] == pytest.approx(4.0,
                                                                                  rel=0.01)
    flipped = spe.odd_even(spe.strips(quick=True, n=(-1, 0, 0)), I)
    for k in keys:
        assert flipped["odd"][k] == pytest.approx(-ref["odd"][k], rel=1e-3)
        assert flipped["even"][k] == pytest.approx(ref["even"][k], rel=1e-3)
    along = spe.odd_even(spe.strips(quick=True, n=(0, 1, 0)), I)
    for k in keys:
        assert abs(along["odd"][k]) < 1e-4 * abs(ref["odd"][k])
    scale = np.abs(ref["mesh"].point_data["T_odd"]).max()
    assert np.nanmax(np.abs(along["mesh"].point_data["T_odd"])) < 1e-4 * scale
    # the Joule heating barely depends on n (spin Hall magnetoresistance only)
    assert along["even"]["T_injector"] == pytest.approx(ref["even"]["T_injector"], rel=1e-2)


def test_example_nonlocal_sign_reversal(tmp_path):
    """R2 reverses sign with a magnon-opaque heater, farther on the thicker film (Shan et
    al. 2016); with the Pt heater it keeps one sign (the magnon budget of
    docs/theory.md#theory-sign-reversal)."""
    module = load("nonlocal_sign_reversal")
    result = module.main(tmp_path, distances=module.QUICK_DISTANCES, quick=True)
    assert (tmp_path / "nonlocal_sign_reversal.png").stat().st_size > 20_000
    assert (tmp_path / "nonlocal_sign_reversal.vtu").stat().st_size > 100_000
    d, r2 = result["distance"], result["R2"]
    thin, thick = module.THICKNESSES
    for t in (thin, thick):
        assert np.all(r2[t, "Pt heater"] < 0)  # one sign with a transparent heater
        assert r2[t, "opaque heater"][0] > 0 > r2[t, "opaque heater"][-1]
    d_thin = module.crossing(d, r2[thin, "opaque heater"])
    d_thick = module.crossing(d, r2[thick, "opaque heater"])
    assert 1e-6 < d_thin < d_thick < 16e-6 and d_thick > 1.5 * d_thin
