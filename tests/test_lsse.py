r"""Longitudinal spin Seebeck effect of a film stack (``nf.devices.lsse_stack``).

Stack: substrate (GGG, optional) / magnet F (YIG) on -t_F < z < 0 / metal N (Pt) on
0 < z < d; the bottom at T0 + dT, the metal top at T0, the metal open in the plane.

Exact thin-film relation used below (derived from docs/theory.md#theory-bulk, independently of
nfdiff). For n = +y only the y-polarised spin accumulation mu(z) = mu_y is driven (the
spin current entering N is along n; mu_x, mu_z have no source). With D = hbar
sigma/(4e^2) and the open-circuit extruded field E_x, the bulk equations in N read

    i_y,z = -D mu' + theta (hbar sigma/2e) E_x,        d i_y,z/dz = -(D/lambda^2) mu,
    J_x   = sigma E_x + theta (sigma/2e) mu',

(k_hat x E = y x x E_x = -z E_x, and (y x z mu')_x = mu'). Boundary conditions: the top
is spin-blocking, i_y,z(d) = 0; at the interface the spin current flowing up into N is
i_y,z(0) = j_s, the y-polarised spin current leaving F (for mu_s along n = y this is
-n.i = the magnon current into F, ``magnon_current``). Then mu'' = mu/lambda^2 gives

    mu(d) - mu(0) = lambda tanh(d/2lambda) (mu'(0) + mu'(d)),
    mu'(d) = 2 e theta E_x,   mu'(0) = 2 e theta E_x - j_s/D,

and the open circuit int_0^d J_x dz = 0, sigma E_x d + theta (sigma/2e)(mu(d) - mu(0)) = 0:

    E_x = theta (lambda/d) t (2e/hbar) j_s / (sigma (1 + 2 theta^2 (lambda/d) t)),
    t = tanh(d/2lambda)

(docs/theory.md#theory-pumping without its O(theta^2) term). This pins sign and magnitude
of the inverse spin Hall conversion and of the extruded open circuit; the magnon
current itself is pinned by its sign (a hot magnet pumps magnons into N) and, in
tests/test_peltier.py, by Onsager reciprocity with the spin Peltier effect.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.constants import e, hbar

import nfdiff as nf
import nfdiff.devices  # nf.devices

PT = nf.materials.get("Pt")
YIG = nf.materials.get("YIG")
GGG = nf.materials.get("GGG")
T0 = 300.0


@pytest.fixture(scope="module")
def stack():
    return nf.devices.lsse_stack(metal=PT, magnet=YIG, substrate=GGG, n=(0, 1, 0),
                                 temperature=T0, law="nonlinear", length=1e-3)


@pytest.fixture(scope="module")
def hot_bottom(stack):
    return stack.solve(temperature_difference=1.0)


def test_signs_a_hot_magnet_pumps_magnons_into_the_metal(hot_bottom, validation):
    """Bottom 1 K hotter: heat flows up, the magnons at the interface are hotter than
    the electrons, magnons leave F (magnon current into F < 0), and for theta > 0 and
    n = +y the inverse spin Hall field is along z x n = -x: V = -E_x L > 0."""
    o = hot_bottom.observables
    assert o["heat_in"] > 0
    assert o["T_m_interface"] > o["T_e_interface"] > T0
    assert o["T_p_interface"] > o["T_e_interface"]  # Kapitza drop
    assert o["magnon_current"] < 0
    assert o["mu_s_interface"] < 0  # the pumped spin points along -n
    assert o["E_x"] < 0 and o["V_ISHE"] > 0
    validation.check("V_ISHE", "-E_x L (open circuit along x, L = 1 mm)", o["V_ISHE"],
                     -o["E_x"] * 1e-3, 1e-14, abs=0, unit="V")


def test_energy_is_conserved_and_the_stack_conducts_heat_in_series(stack, hot_bottom,
                                                                    validation):
    """Open circuit, no electrical work: heat in at the bottom = heat out at the top.

    The heat current is the series conduction of the layers, dT / R with
    R = t_s/kappa_GGG + t_F/(kappa_m + kappa_p) + 1/h_K + d/kappa_Pt, up to the
    magnon-phonon non-equilibrium within l_mp of the magnet's surfaces, where the
    phonons carry the heat alone: at most 2 l_mp/kappa_p more resistance.
    """
    o = hot_bottom.observables
    validation.check("heat out at the top", "heat in at the bottom (energy conservation, "
                     "open circuit)", o["heat_out"], o["heat_in"], 1e-8, abs=0, unit="W/m^2")
    t_s, t_f = 500e-6, 1e-6
    h_k = stack.interface_law().kapitza_conductance
    R = (t_s / GGG.thermal_conductivity
         + t_f / (YIG.magnon_thermal_conductivity + YIG.phonon_thermal_conductivity)
         + 1 / h_k + 10e-9 / PT.thermal_conductivity)
    extra = 2 * YIG.magnon_phonon_length / YIG.phonon_thermal_conductivity
    validation.check("heat current, lower bound", "series conduction dT/(R + 2 l_mp/kappa_p)",
                     o["heat_in"], None, 1.0 / (R + extra), "min", unit="W/m^2")
    validation.check("heat current, upper bound", "series conduction dT/R of the layers",
                     o["heat_in"], None, 1.0 / R, "max", unit="W/m^2")


def test_voltage_is_linear_and_odd_in_the_temperature_difference(stack, validation):
    """V(dT) with the nonlinear law: the interface sees biases b = k_B |T_m - T_e| and
    |mu_m|, so the law departs from linear response by O(b / k_B T0)
    (docs/theory.md#theory-check-interface); with constant coefficients (``fixed()``)
    the bulk is linear. Odd and linear to 10 b/(k_B T0). With YIG's temperature laws
    the bulk coefficients follow the local temperature, which differs from T0 by less
    than |dT|: V moves by less than e |dT|/T0 (e the largest exponent,
    docs/theory.md#theory-temperature)."""
    fixed = stack.replace(magnet=YIG.fixed())
    sols = {dT: fixed.solve(dT) for dT in (0.5, -0.5, 1.0)}
    V = {dT: s.observables["V_ISHE"] for dT, s in sols.items()}
    o = sols[1.0].observables
    bias = max(abs(o["delta_T_interface"]) / T0, abs(o["mu_m_interface"]) / (nf.units.k_B * T0))
    validation.check("V_ISHE(-0.5 K)", "-V_ISHE(0.5 K): odd in dT, to 10 b/(k_B T0)",
                     V[-0.5], -V[0.5], 10 * bias, abs=0, unit="V")
    validation.check("V_ISHE(1 K)", "2 V_ISHE(0.5 K): linear in dT, to 10 b/(k_B T0)",
                     V[1.0], 2 * V[0.5], 10 * bias, abs=0, unit="V")
    exponent = max(abs(x) for x in YIG.temperature_exponents().values())
    validation.check("V_ISHE(1 K), local temperature", "V_ISHE(1 K) with constant "
                     "coefficients, to e |dT|/T0", stack.solve(1.0).observables["V_ISHE"],
                     V[1.0], exponent * 1.0 / T0, abs=0, unit="V")


def test_voltage_reverses_with_n_and_lies_along_z_cross_n(stack, hot_bottom, validation):
    """Rotating n about z rotates the field (the film is isotropic in the plane):
    E = c z_hat x n with c > 0 (hot bottom, theta > 0). n = -y reverses V; n = +-x gives
    no field along x and E_y = -+E_x(n = y); n = z gives no in-plane field."""
    E = hot_bottom.observables["E_x"]
    minus_y = stack.replace(n=(0, -1, 0)).solve(1.0).observables
    validation.check("V_ISHE(n = -y)", "-V_ISHE(n = +y): odd in n", minus_y["V_ISHE"],
                     -hot_bottom.observables["V_ISHE"], 1e-9, abs=0, unit="V")
    for sign in (1, -1):
        o = stack.replace(n=(sign, 0, 0)).solve(1.0).observables
        validation.check(f"|E_x(n = {sign:+d}x)| / |E_x(n = +y)|", "0: E along z x n",
                         abs(o["E_x"]) / abs(E), None, 1e-12, "max")
        assert o["V_ISHE"] == pytest.approx(0.0, rel=0, abs=1e-12 * abs(E) * 1e-3)
        validation.check(f"E_y(n = {sign:+d}x)", f"{-sign:+d} E_x(n = +y): E along z x n "
                         "(isotropic film)", o["E_y"], -sign * E, 1e-9, abs=0, unit="V/m")
    o = stack.replace(n=(0, 0, 1)).solve(1.0).observables
    validation.check("|E(n = z)| / |E_x(n = +y)|", "0: z x n = 0, no in-plane field",
                     max(abs(o["E_x"]), abs(o["E_y"])) / abs(E), None, 1e-12, "max")


@pytest.mark.parametrize("thickness", [3e-9, 10e-9])
def test_inverse_spin_hall_field_matches_the_thin_film_closed_form(stack, thickness,
                                                                   validation):
    """E_x from the interface spin current by the exact 1D relation of the module
    docstring; P2 elements (default grading): agreement to the discretisation error,
    measured 2e-8 (3 nm) and 3e-8 (10 nm)."""
    sol = stack.replace(law="linear", order=2, thicknesses=(thickness, 1e-6, 500e-6)).solve(1.0)
    o = sol.observables
    lam, theta, sigma = PT.spin_diffusion_length, PT.spin_hall_angle, PT.conductivity
    t = np.tanh(thickness / (2 * lam))
    j_s = o["magnon_current"]
    expected = theta * (lam / thickness) * t * (2 * e / hbar) * j_s \
        / (sigma * (1 + 2 * theta**2 * (lam / thickness) * t))
    validation.check("E_x from the interface spin current, P2",
                     "thin-film ISHE closed form theta (lambda/d) t (2e/hbar) j_s / "
                     "(sigma (1 + 2 theta^2 (lambda/d) t))", o["E_x"], expected, 1e-6, abs=0,
                     unit="V/m")


def test_default_mesh_resolves_the_spin_diffusion_length(stack, hot_bottom, validation):
    """A few hundred elements resolve lambda_Pt = 1.5 nm next to 500 um of GGG: the
    default P1 mesh gives V to 2e-4 (measured 1.9e-4) of a P2 mesh with half the
    element size and a gentler grading."""
    mesh = stack.mesh()
    assert mesh.t.shape[1] < 1000
    assert np.diff(mesh.p[0]).min() <= PT.spin_diffusion_length / 24
    fine = stack.replace(order=2, h_min=stack.mesh_sizes()["metal"][0] / 2, growth=1.025)
    V = fine.solve(1.0).observables["V_ISHE"]
    validation.check("V_ISHE, default P1 mesh", "P2 on a finer mesh (discretisation error)",
                     hot_bottom.observables["V_ISHE"], V, 3e-4, abs=0, unit="V")


def test_heater_on_top_reverses_the_heat_current_and_the_voltage(stack, validation):
    """A heater on the metal (bottom at T0): heat flows down, the electrons are hotter
    than the magnons, magnons enter F, and V changes sign; all of q leaves at the
    bottom."""
    o = stack.solve(heat_flux=1e4).observables
    assert o["heat_in"] == 1e4
    validation.check("heat out at the bottom, heater on top", "q = 1e4 W/m^2 (energy "
                     "conservation)", o["heat_out"], 1e4, 1e-8, abs=0, unit="W/m^2")
    assert o["T_e_interface"] > o["T_m_interface"] > T0
    assert o["magnon_current"] > 0
    assert o["V_ISHE"] < 0


def test_without_substrate_the_bath_is_under_the_magnet(stack, validation):
    """substrate=None: two layers; the same heat current through a thinner stack gives
    a larger temperature difference across the magnet and a larger voltage."""
    bare = stack.replace(substrate=None, thicknesses=None)
    assert bare.thicknesses == (10e-9, 1e-6)
    assert sorted(bare.mesh().subdomains) == ["magnet", "metal"]
    o = bare.solve(1.0).observables
    validation.check("heat out, no substrate", "heat in (energy conservation)",
                     o["heat_out"], o["heat_in"], 1e-8, abs=0, unit="W/m^2")
    assert o["V_ISHE"] > 100 * stack.solve(1.0).observables["V_ISHE"] > 0


@pytest.mark.parametrize("kwargs, name", [
    (dict(thicknesses=(-10e-9, 1e-6, 500e-6)), "thicknesses"),
    (dict(thicknesses=(10e-9, 1e-6)), "thicknesses"),
    (dict(substrate=None, thicknesses=(10e-9, 1e-6, 500e-6)), "thicknesses"),
    (dict(thicknesses=10e-9), "thicknesses"),
    (dict(law="quadratic"), "law"),
    (dict(n=(0, 0, 0)), "n"),
    (dict(temperature=-1.0), "temperature"),
    (dict(length=0.0), "length"),
    (dict(substrate="Pt"), "substrate"),
    (dict(magnet="GGG"), "magnet"),
    (dict(metal="unobtainium"), "metal"),
    (dict(interface=1e19), "interface"),
    (dict(growth=1.0), "growth"),
    (dict(h_min=1e-9, h_max=1e-10), "h_max"),
    (dict(order=3), "order"),
])
def test_bad_parameters_name_themselves(kwargs, name):
    with pytest.raises(nf.ParameterError) as err:
        nf.devices.lsse_stack(**kwargs)
    assert err.value.name == name


@pytest.mark.parametrize("args, kwargs, name", [
    ((0.0,), {}, "temperature_difference"),
    ((-400.0,), {}, "temperature_difference"),
    ((np.nan,), {}, "temperature_difference"),
    ((), dict(heat_flux=0.0), "heat_flux"),
    ((1.0,), dict(heat_flux=1e3), "heat_flux"),
])
def test_bad_drives_name_themselves(stack, args, kwargs, name):
    with pytest.raises(nf.ParameterError) as err:
        stack.solve(*args, **kwargs)
    assert err.value.name == name
