"""Tests of nfdiff.units: constants, charge <-> angular-momentum unit converters.

Reference numbers are written out from CODATA 2018 / SI 2019 in this file, not taken
from the module under test.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nfdiff import units
from nfdiff.errors import ParameterError

E = 1.602176634e-19  # C, exact
H = 6.62607015e-34  # J s, exact
HBAR = H / (2 * math.pi)
K_B = 1.380649e-23  # J/K, exact
MU_B = 9.2740100657e-24  # J/T, CODATA 2022 (2018: ...0783; tests allow 1e-8)

def approx(expected, rel=1e-12, abs=0.0):
    """pytest.approx without its default absolute tolerance of 1e-12, which would make
    every comparison of SI-sized small numbers (J, J s, ...) pass."""
    return pytest.approx(expected, rel=rel, abs=abs)


CONVERTER_PAIRS = [
    (units.mixing_conductance_to_si, units.mixing_conductance_from_si),
    (units.magnon_conductance_to_si, units.magnon_conductance_from_si),
    (units.magnon_conductivity_to_spin, units.magnon_conductivity_from_spin),
    (units.spin_seebeck_to_spin, units.spin_seebeck_from_spin),
    (units.to_ev, units.from_ev),
]
CONVERTERS = [f for pair in CONVERTER_PAIRS for f in pair] + [units.zeeman_gap]


def test_constants_are_si_values():
    assert units.e == E
    assert units.h == H
    assert units.k_B == K_B
    assert units.hbar == approx(HBAR, rel=1e-15)
    assert units.mu_B == approx(MU_B, rel=1e-8)
    assert units.eV == E
    assert units.meV == approx(1e-3 * E, rel=1e-15)
    assert units.ueV == approx(1e-6 * E, rel=1e-15)
    assert units.G_QUANTUM == approx(3.874045865e-5, rel=1e-8)  # e^2/h [S]


def test_mixing_conductance_known_value():
    # g = 1e19 m^-2 -> G = e^2 g / h = 3.874e14 S/m^2
    assert units.mixing_conductance_to_si(1e19) == approx(3.874045865e14, rel=1e-8)
    # Althammer et al. (2013): G_r = 4e14 S/m^2 -> g_r = 1.0325e19 m^-2
    assert units.mixing_conductance_from_si(4e14) == approx(1.032512e19, rel=1e-6)


def test_magnon_conductance_is_four_pi_times_mixing():
    g = np.array([1e17, 3.3e18, 1e19, 2.5e20])
    ratio = units.magnon_conductance_to_si(g) / units.mixing_conductance_to_si(g)
    np.testing.assert_allclose(ratio, 4 * math.pi, rtol=1e-14)
    assert units.magnon_conductance_to_si(1e19) == approx(2 * E**2 / HBAR * 1e19,
                                                                 rel=1e-14)


def test_magnon_conductivity_to_spin_known_value():
    # sigma_m = 5e5 S/m (YIG) -> 5e5 hbar / (2 e^2) = 1.02706e9 1/m
    expected = 5e5 * HBAR / (2 * E**2)
    assert expected == approx(1.027059e9, rel=1e-6)
    assert units.magnon_conductivity_to_spin(5e5) == approx(expected, rel=1e-14)


def test_spin_seebeck_to_spin_known_value():
    # 1 A/(m K) -> hbar/(2e) = 3.2911e-16 J/(m K)
    assert units.spin_seebeck_to_spin(1.0) == approx(3.291059757e-16, rel=1e-8)
    assert units.spin_seebeck_to_spin(55.0) == approx(55.0 * HBAR / (2 * E), rel=1e-14)


def test_zeeman_gap_of_one_tesla():
    gap = units.zeeman_gap(1.0)
    assert gap == approx(1.8548e-23, rel=1e-4)
    assert round(units.to_ev(gap) * 1e3, 4) == 0.1158  # meV, to 4 digits
    assert units.zeeman_gap(0.1) == approx(2 * MU_B * 0.1, rel=1e-8)
    assert units.zeeman_gap(1.0, g_factor=2.5) == approx(2.5 * MU_B, rel=1e-8)
    assert units.zeeman_gap(0.0) == 0.0


@pytest.mark.parametrize("field", [-0.1, math.nan, math.inf])
def test_zeeman_gap_rejects_bad_field(field):
    with pytest.raises(ParameterError, match=r"^field = .* T is invalid") as info:
        units.zeeman_gap(field)
    assert info.value.name == "field"


def test_zeeman_gap_rejects_bad_g_factor():
    with pytest.raises(ParameterError,
                       match=r"g_factor = 0\.0 is invalid: must be finite and > 0"):
        units.zeeman_gap(1.0, g_factor=0.0)


def test_ev_helpers():
    assert units.to_ev(E) == approx(1.0, rel=1e-15)
    assert units.from_ev(1e-3) == approx(units.meV, rel=1e-15)
    assert units.from_ev(0.1158e-3) == approx(1.8553e-23, rel=1e-4)


@pytest.mark.parametrize("func", CONVERTERS, ids=lambda f: f.__name__)
def test_vectorised_shapes(func):
    x = np.linspace(0.1, 2.0, 12).reshape(3, 4)
    out = func(x)
    assert isinstance(out, np.ndarray) and out.shape == (3, 4)
    np.testing.assert_allclose(out[1, 2], func(float(x[1, 2])), rtol=1e-15)
    scalar = func(1.5)
    assert isinstance(scalar, float) and not isinstance(scalar, np.ndarray)
    assert func([1.0, 2.0]).shape == (2,)


@pytest.mark.parametrize("func", [f for pair in CONVERTER_PAIRS for f in pair],
                         ids=lambda f: f.__name__)
def test_converters_propagate_nan_but_reject_non_reals(func):
    out = func(np.array([1.0, np.nan]))
    assert np.isnan(out[1]) and np.isfinite(out[0])
    for bad in ("1e19", 1 + 2j, None, True):
        with pytest.raises(ParameterError):
            func(bad)


@pytest.mark.parametrize(("to", "back"), CONVERTER_PAIRS, ids=lambda f: f.__name__)
@given(x=st.floats(min_value=-1e200, max_value=1e200)
       .filter(lambda x: x == 0.0 or abs(x) > 1e-200))  # no subnormal underflow
def test_round_trips(to, back, x):
    assert back(to(x)) == approx(x, rel=1e-14, abs=0.0)
    assert to(back(x)) == approx(x, rel=1e-14, abs=0.0)


@given(st.lists(st.floats(min_value=1e10, max_value=1e22), min_size=1, max_size=20))
def test_array_round_trip(values):
    g = np.array(values)
    np.testing.assert_allclose(
        units.mixing_conductance_from_si(units.mixing_conductance_to_si(g)), g, rtol=1e-14)
    np.testing.assert_allclose(units.magnon_conductance_to_si(g),
                               4 * math.pi * units.mixing_conductance_to_si(g), rtol=1e-14)


# ---- the unit table: parsing "<number> <unit>", display units ------------------------------
@pytest.mark.parametrize(("unit", "si", "size"), [
    ("nm", "m", 1e-9), ("µm", "m", 1e-6), ("cm", "m", 1e-2), ("Å", "m", 1e-10),
    ("mK", "K", 1e-3), ("uA", "A", 1e-6), ("kOhm", "Ohm", 1e3), ("Ω", "Ohm", 1.0),
    ("eV", "J", E), ("meV", "J", 1e-3 * E), ("ueV", "J", 1e-6 * E), ("neV", "J", 1e-9 * E),
    ("MA/cm^2", "A/m^2", 1e10), ("A / cm**2", "A/m^2", 1e4), ("W/(m K)", "W/(m K)", 1.0),
])
def test_scale_of_prefixed_and_other_units(unit, si, size):
    assert units.scale(unit, si) == approx(size, rel=1e-15)


@pytest.mark.parametrize(("unit", "si"), [("K", "m"), ("nmK", "m"), ("cK", "K"),
                                          ("mA/cm^2", "A/m^2"), ("eV", "K")])
def test_scale_refuses_a_unit_of_another_quantity(unit, si):
    with pytest.raises(ValueError, match=f"not a unit of {re.escape(si)}; use {re.escape(si)}"):
        units.scale(unit, si)


def test_parse_quantity_is_exact_in_decimal():
    """"1.5 nm" is the double nearest to 1.5e-9 (a float product would be 1 ulp off), and
    energies in electronvolts are exact multiples of e = 1.602176634e-19 J."""
    assert units.parse_quantity("1.5 nm", "m") == 1.5e-9
    assert units.parse_quantity("20 ueV", "J") == 3.204353268e-24
    assert units.parse_quantity("1 meV", "J") == 1.602176634e-22


def test_every_display_unit_parses_to_its_own_size():
    """The figures and the case files use one table: what a figure shows, a case reads."""
    for si, shown in units.DISPLAY_UNITS.items():
        assert shown[0] == si
        sizes = [units.scale(u, si) for u in shown]
        assert sizes == sorted(sizes, reverse=True)  # largest first
        for unit, size in zip(shown, sizes, strict=True):
            assert units.parse_quantity(f"2 {unit}", si) == approx(2 * size, rel=1e-15)


@pytest.mark.parametrize(("si", "largest", "expected"), [
    ("J", 3e-24, "ueV"), ("J", 2e-19, "eV"), ("J", 1e-30, "neV"), ("J", 0.0, "neV"),
    ("V", 0.5, "mV"), ("V", 2.0, "V"), ("K", 0.02, "mK"), ("K", -3e-5, "uK"),
    ("1", 5.0, "1"), ("A/m^2", 1e10, "A/m^2"),
])
def test_display_unit_shows_numbers_of_at_least_one(si, largest, expected):
    assert units.display_unit(si, largest) == expected


def test_pretty_spells_micro():
    assert [units.pretty(u) for u in ("ueV", "uK", "um", "mK", "u")] == \
        ["µeV", "µK", "µm", "mK", "u"]
