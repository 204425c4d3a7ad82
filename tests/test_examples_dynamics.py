"""The dynamics examples run in quick mode and reproduce the physics they teach.

examples/spin_pumping_thickness.py: V_ISHE(d_Pt) with backflow, closed form
(docs/theory.md#theory-pumping) against the finite-element film driven by the
instantaneous pumped current.
examples/damping_temperature.py: Delta alpha(T) rises as T^{3/2} (thermal magnons), the
time-integrated ring-down gives the same damping.
examples/torque_threshold_temperature.py: the spin Hall critical current from linear
stability, confirmed by time integration; thermal magnons lower it as T^{3/2}.
"""

import math

import numpy as np
import pytest
from scipy.constants import e, hbar, mu_0
from test_dynamics import gapless_damping_enhancement
from test_examples import load

import nfdiff as nf
from nfdiff.units import mu_B


def test_example_spin_pumping_thickness(tmp_path, capsys):
    """The finite-element voltage is the closed form times the theta^2 open-circuit
    factor (within 1.2 %), g_eff agrees to 1e-3; |V| peaks near lambda_Pt = 1.5 nm; the
    backflow lowers g_eff of thick Pt to g/(1 + g/4pi g_N) = 0.66 g; the drive is at the
    Kittel frequency (9.42 GHz)."""
    r = load("spin_pumping_thickness").main(tmp_path, quick=True)
    assert (tmp_path / "spin_pumping_thickness.png").stat().st_size > 20_000
    assert "FE/closed" in capsys.readouterr().out
    assert np.all(r["V_fe"] < 0) and np.all(r["V"] < 0)
    np.testing.assert_allclose(r["V_fe"], r["V_closed_fe"], rtol=0.012)
    np.testing.assert_allclose(r["g_eff_fe"], r["g_eff_closed_fe"], rtol=1e-3)
    assert 1.4e-9 < r["d_peak"] < 2.0e-9
    pt = nf.materials.get("Pt")
    lam = pt.spin_diffusion_length
    g_N = hbar * pt.conductivity / (4 * e**2 * lam) * math.tanh(r["d"][-1] / lam)
    backflow = (r["g"] / (1 + r["g"] / (4 * math.pi * g_N))).real / r["g"].real
    assert r["g_eff"][-1] / r["g"].real == pytest.approx(backflow, rel=1e-12, abs=0)
    assert backflow == pytest.approx(0.664, abs=0.002)  # the "0.66 g" of the docstring
    # Kittel, in-plane: (gamma/2pi) sqrt(B (B + mu0 M_s)) at B = 0.26 T; the pumping's
    # alpha'_i ~ 2e-5 renormalises the precession by 1/(1 + alpha'_i)
    kittel = 2 * mu_B / hbar / (2 * math.pi) * math.sqrt(
        0.26 * (0.26 + mu_0 * nf.materials.get("YIG").saturation_magnetization))
    assert r["frequency"] == pytest.approx(kittel, rel=1e-4, abs=0)
    # at fixed rf field the damping enhancement shrinks the cone of thin-Pt less:
    # the thinnest film gives the largest voltage
    assert np.argmax(np.abs(r["V_rf"])) == 0


def test_example_damping_temperature(tmp_path, capsys):
    """Gapless band: Delta alpha(T)/Delta alpha(0) - 1 ~ T^{3/2} (slope 1.500 over
    1-10 K), +10.56 % at 300 K; the ring-down by time integration gives Delta alpha(300 K)
    to 1e-3; a 2.7 K Zeeman gap freezes the correction out below a few kelvin."""
    r = load("damping_temperature").main(tmp_path, quick=True)
    assert (tmp_path / "damping_temperature.png").stat().st_size > 20_000
    assert "ring-down" in capsys.readouterr().out
    assert r["slope"] == pytest.approx(1.5, abs=1e-3)
    closed = gapless_damping_enhancement(0.0)  # YIG 20 nm / Pt 5 nm, as the example
    assert r["ratio_300"] == pytest.approx(gapless_damping_enhancement(300.0) / closed,
                                           rel=1e-12, abs=0)
    assert r["delta_alpha_0"] == pytest.approx(closed, rel=1e-12, abs=0)
    fitted, model = r["ring_down"][300.0]
    assert fitted == pytest.approx(model, rel=1e-3)
    T = r["T"]
    gapped = next(v for k, v in r["delta_alpha"].items() if k.startswith("B = 2 T"))
    cold = T < 0.3
    assert np.all(np.abs(gapped[cold] / r["delta_alpha_0"] - 1) < 1e-8)


@pytest.mark.regression_pin
def test_example_torque_threshold_temperature(tmp_path, capsys, regression_pin):
    """J_c (Pt 5 nm, 300 K) is -1.777e11 A/m^2 on 5 nm YIG, set by |mu_c| -> g mu_B (B +
    mu0 M_s/2) (pumping-dominated), and higher and more temperature dependent on 1 um
    YIG (Gilbert-dominated: -4 % from 0 to 300 K); time integration decays at 0.95 J_c
    and grows at 1.05 J_c at the linear rates."""
    r = load("torque_threshold_temperature").main(tmp_path, quick=True)
    assert (tmp_path / "torque_threshold_temperature.png").stat().st_size > 20_000
    assert "J_c" in capsys.readouterr().out
    thin, thick = 5e-9, 1e-6
    j300 = {d: np.interp(300.0, r["T"], r["Jc"][d]) for d in (thin, thick)}
    regression_pin("J_c(300 K), 5 nm YIG", j300[thin], -1.7766e11, rel=2e-3,
                   recorded="2026-11-24, commit 672e003")
    assert abs(r["Jc0"][thin]) == pytest.approx(r["mu_limit"] / r["per_amp"], rel=0.01)
    regression_pin("J_c(300 K)/J_c(0) - 1, 1 um YIG", j300[thick] / r["Jc0"][thick] - 1,
                   -0.040, abs=0.003, recorded="2026-11-24, commit 672e003")
    for d, slope in r["slope"].items():
        assert slope == pytest.approx(1.5, abs=2e-3), d
    assert np.all(np.diff(np.abs(r["Jc_dN"][thin])) < 0)  # thicker Pt: more spin current
    (f_lo, (rate_lo, lin_lo, ratio_lo, _, _)), (f_hi, (rate_hi, lin_hi, ratio_hi, _, _)) = \
        sorted(r["confirm"].items())
    assert (f_lo, f_hi) == (0.95, 1.05)
    assert rate_lo < 0 < rate_hi and ratio_lo < 0.6 < 1.6 < ratio_hi
    assert rate_lo == pytest.approx(lin_lo, rel=0.01)
    assert rate_hi == pytest.approx(lin_hi, rel=0.01)
