r"""Spin Peltier effect of a film stack (``nf.devices.spin_peltier``),
docs/theory.md#theory-reciprocity.

Stack: substrate (GGG) / magnet F (YIG) / metal N (Pt), the bottom at T0, a current
density j along +x in N (transverse circuit open).

Onsager reciprocity with the spin Seebeck effect (the key test below). Per unit area of
the 1D stack take as fluxes the in-plane current per unit width I = (I_x, I_y) =
int_0^d J dz [A/m] and the heat Q entering at the bottom [W/m^2]; their conjugate
forces are the uniform in-plane field E = (E_x, E_y) and the temperature difference
dT = T_bottom - T_top, since the entropy production per area is, to second order about
the bath T0,

    Sigma = I . E / T0 + Q dT / T0^2.

Linear response: I = L_EE E/T0 + L_EQ dT/T0^2, Q = L_QE . E/T0 + L_QQ dT/T0^2, with the
Onsager-Casimir relations for the even (charge, energy) variables and the order
parameter n, odd under time reversal: L_EE(-n) = L_EE(n)^T, L_QE(-n) = L_EQ(n)^T.

- Spin Seebeck (``lsse_stack``; bottom at T0 + dT, top at T0, open circuit I = 0):
  dE/d(dT) (n) = -L_EE(n)^{-1} L_EQ(n) / T0.
- Spin Peltier (``spin_peltier(top="bath")``; both ends at T0, dT = 0, drive I):
  E = T0 L_EE^{-1} I and dQ/dI (-n) = L_QE(-n) L_EE(-n)^{-1} = (L_EE(n)^{-1} L_EQ(n))^T.

Hence, component by component (a = x, y; I_a = j_a d),

    dQ/dI_a (-n) = -T0 dE_a/d(dT) (n).

For n = +-y both sides are odd in n and the relation also reads with n on both sides;
for an oblique n the imaginary mixing conductance g_i adds parts even in n (3e-5 of the
signal here), so the n -> -n of Onsager-Casimir is tested, not assumed. The discrete
problem obeys the same symmetry exactly (linear-law and bulk Onsager coefficients at T0,
docs/theory.md#theory-bulk and docs/theory.md#theory-linear; the boundary heat is the
reaction of the discrete residual), so the relation holds to solver precision on any
mesh. Joule heating and the other even terms are removed by taking the odd parts of both
responses, (X(+drive) - X(-drive))/2; what remains is O(drive^2) relative.
"""

from __future__ import annotations

import numpy as np
import pytest

import nfdiff as nf
import nfdiff.devices  # nf.devices

PT = nf.materials.get("Pt")
YIG = nf.materials.get("YIG")
GGG = nf.materials.get("GGG")
T0 = 300.0
D = 10e-9  # metal thickness [m]
COMMON = dict(metal=PT, magnet=YIG, substrate=GGG, thicknesses=(D, 1e-6, 500e-6),
              temperature=T0)
OBLIQUE = tuple(np.array([1.0, 2.0, 2.0]) / 3)


def seebeck(n, law, dT=1e-2):
    """dE/d(dT) [V/(m K)], (x, y), open circuit, from the odd part in dT."""
    stack = nf.devices.lsse_stack(n=n, law=law, **COMMON)
    plus, minus = stack.solve(dT).observables, stack.solve(-dT).observables
    return np.array([(plus[k] - minus[k]) / (2 * dT) for k in ("E_x", "E_y")])


def peltier(n, law, j=1e8):
    """dQ/dI [V/m], (x, y): heat entering at the bottom [W/m^2] per in-plane current per
    width [A/m], metal top at T0, from the odd part in j (x through the template,
    y through its Device: the template drives along x only)."""
    spe = nf.devices.spin_peltier(n=n, law=law, top="bath", **COMMON)
    along_x = -spe.solve_odd_even(j).odd["heat_bottom"]
    dev = spe.device()
    heat = [-dev.solve(current_density={"metal": (0.0, s)}).boundary_current("bottom", "heat")
            for s in (j, -j)]
    return np.array([along_x, (heat[0] - heat[1]) / 2]) / (j * D)


@pytest.mark.parametrize("law, n", [("linear", (0, 1, 0)), ("linear", OBLIQUE),
                                    ("nonlinear", OBLIQUE)])
def test_onsager_reciprocity_of_spin_seebeck_and_spin_peltier(law, n, validation):
    """dQ/dI_a (-n) = -T0 dE_a/d(dT) (n) for a = x, y (module docstring).

    Measured agreement 5e-11 (linear law, n = y), 4e-11 (linear, oblique) and 8e-12
    (nonlinear law, which linearised at T0 is the linear law); the naive relation
    without n -> -n misses by 3e-5 (x) and 1.2e-4 (y) for the oblique n.
    """
    S = seebeck(n, law)
    P = peltier(tuple(-c for c in n), law)
    assert abs(S[0]) > 1e-6  # V/(m K): a real signal
    validation.check("spin Peltier dQ/dI_x at -n", "Onsager-Casimir: -T0 dE_x/d(dT) of the "
                     "spin Seebeck effect at n", P[0], -T0 * S[0], 1e-7, abs=0, unit="V/m")
    if n == (0, 1, 0):  # no transverse response: E along z x n, mu_s along z x j
        assert abs(S[1]) <= 1e-12 * abs(S[0]) and abs(P[1]) <= 1e-12 * abs(P[0])
    else:
        validation.check("spin Peltier dQ/dI_y at -n", "Onsager-Casimir: -T0 dE_y/d(dT) of "
                         "the spin Seebeck effect at n", P[1], -T0 * S[1], 1e-7, abs=0,
                         unit="V/m")
        # the relation needs n -> -n: at the same n it misses by the even part
        P_same = peltier(n, law)
        assert abs(P_same[0] / (T0 * S[0]) - 1) > 1e-6


@pytest.fixture(scope="module")
def bare():
    """No substrate, adiabatic top, linear law: small Joule heating, clean parities."""
    return nf.devices.spin_peltier(metal=PT, magnet=YIG, substrate=None,
                                   thicknesses=(D, 1e-6), n=(0, 1, 0), temperature=T0,
                                   law="linear")


@pytest.fixture(scope="module")
def signal(bare):
    return bare.solve_odd_even(1e9)


def test_signs_the_spin_hall_accumulation_drives_magnons_and_energy_into_the_magnet(signal):
    """theta > 0, j along +x, n = +y: the spin accumulation at the interface points along
    -y = -n; magnons are injected into F and carry energy into it; the electrons are
    cooled (odd part of T_e < 0). The even part is Joule heating: the metal warms."""
    odd, even = signal.odd, signal.even
    assert odd["mu_s_interface"] < 0
    assert odd["magnon_current"] > 0
    assert odd["energy_current"] > 0
    assert signal.delta_T == odd["T_e_interface"] < 0
    assert even["T_top"] > T0 and even["T_e_interface"] > T0
    assert abs(odd["T_e_interface"]) < even["T_top"] - T0  # Joule dominates at 1e9 A/m^2


def test_odd_part_is_linear_and_even_part_quadratic_in_the_current(bare, signal, validation):
    """Linear law: the only nonlinearity is the quadratic dissipation (Joule and spin),
    so the odd part is linear and the even part quadratic up to the feedback of the
    second-order temperatures on the first-order fields (the coupling S dT of the
    interface law): measured 3.4e-7 and 5e-12 relative."""
    double = bare.solve_odd_even(2e9)
    validation.check("spin Peltier delta_T at 2j", "2 delta_T(j): odd part linear in j",
                     double.delta_T, 2 * signal.delta_T, 1e-5, abs=0, unit="K")
    validation.check("even heat at the bottom at 2j", "4 x at j: Joule heating ~ j^2",
                     double.even["heat_bottom"], 4 * signal.even["heat_bottom"], 1e-8, abs=0,
                     unit="W/m^2")


def test_signal_reverses_with_n_and_theta_and_vanishes_for_n_along_the_current(bare, signal,
                                                                              validation):
    """dT_SPE is driven by n.mu_s with mu_s along -y: n -> -n and theta -> -theta reverse
    it; for n along x (perpendicular to mu_s) no magnon is injected and nothing odd
    heats the stack."""
    ref = signal.delta_T
    validation.check("spin Peltier delta_T at -n", "-delta_T(n): odd in n",
                     bare.replace(n=(0, -1, 0)).solve_odd_even(1e9).delta_T, -ref, 1e-9,
                     abs=0, unit="K")
    flipped = bare.replace(metal=PT.replace(spin_hall_angle=-PT.spin_hall_angle))
    validation.check("spin Peltier delta_T at -theta_SH", "-delta_T(theta_SH): odd in "
                     "theta_SH", flipped.solve_odd_even(1e9).delta_T, -ref, 1e-9, abs=0,
                     unit="K")
    along = bare.replace(n=(1, 0, 0)).solve_odd_even(1e9)
    validation.check("|delta_T(n = x)| / |delta_T(n = y)|", "0: n perpendicular to the "
                     "spin accumulation injects no magnons", abs(along.delta_T) / abs(ref),
                     None, 1e-9, "max")
    assert abs(along.odd["magnon_current"]) <= 1e-9 * abs(signal.odd["magnon_current"])


@pytest.mark.parametrize("top", ["adiabatic", "bath", 1e5])
def test_electrical_power_leaves_as_heat(top, validation):
    """Nonlinear law (energy-conserving interface): the electrical power j d E_x fed in
    leaves through the bath boundaries, to solver precision (measured 1e-14 .. 3e-12)."""
    spe = nf.devices.spin_peltier(substrate=None, thicknesses=(D, 1e-6), top=top)
    o = spe.solve(1e9).observables
    validation.check("heat leaving (bottom + top)", "electrical power j d E_x (energy "
                     "conservation)", o["heat_bottom"] + o["heat_top"], o["power"], 1e-8,
                     abs=0, unit="W/m^2")
    if top == "adiabatic":
        assert o["heat_top"] == 0.0


@pytest.mark.parametrize("kwargs, name", [
    (dict(top="warm"), "top"),
    (dict(top=-1.0), "top"),
    (dict(top=True), "top"),
    (dict(thicknesses=(10e-9, 0.0, 500e-6)), "thicknesses"),
    (dict(law="Peltier"), "law"),
    (dict(n=(0, np.nan, 1)), "n"),
])
def test_bad_parameters_name_themselves(kwargs, name):
    with pytest.raises(nf.ParameterError) as err:
        nf.devices.spin_peltier(**kwargs)
    assert err.value.name == name


@pytest.mark.parametrize("j", [0.0, np.inf])
def test_bad_current_density_names_itself(bare, j):
    with pytest.raises(nf.ParameterError) as err:
        bare.solve(j)
    assert err.value.name == "current_density"
    with pytest.raises(nf.ParameterError):
        bare.solve_odd_even(j)
