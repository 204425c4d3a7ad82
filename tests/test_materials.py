"""Tests of nfdiff.materials: built-in sets, validation, replace(), derived quantities.

Reference numbers are computed here from the formulas of docs/materials.md#materials-derived
with
CODATA constants written out and zeta values from mpmath, not from the module under
test.
"""

from __future__ import annotations

import dataclasses
import math
import pickle
import re
from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nfdiff import materials
from nfdiff.errors import ParameterError
from nfdiff.materials import Dielectric, InterfaceParameters, MagneticInsulator, NormalMetal

E = 1.602176634e-19  # C
H = 6.62607015e-34  # J s
HBAR = H / (2 * math.pi)
K_B = 1.380649e-23  # J/K
MU_B = 9.2740100657e-24  # J/T, CODATA 2022 (2018: ...0783; tests allow 1e-8)

ZETA_32 = float(mpmath.zeta(1.5))
ZETA_52 = float(mpmath.zeta(2.5))
ZETA_72 = float(mpmath.zeta(3.5))

def approx(expected, rel=1e-12, abs=0.0):
    """pytest.approx without its default absolute tolerance of 1e-12, which would make
    every comparison of SI-sized small numbers (J, J s, ...) pass."""
    return pytest.approx(expected, rel=rel, abs=abs)


DOC = Path(__file__).resolve().parents[1] / "docs" / "materials.md"

BUILTINS = [materials.get(n) for n in materials.names()]
INTERFACES = [materials.interface_parameters(*pair) for pair in materials.interface_pairs()]
ALL_SETS = BUILTINS + INTERFACES


def _ids(item):
    return item.name


def _numeric_fields(obj):
    """Numeric fields found by type, independently of the module's own metadata."""
    return [f.name for f in dataclasses.fields(obj)
            if isinstance(getattr(obj, f.name), (int, float)) and f.name != "name"]


def _some_metal(**kw):
    base = dict(conductivity=1e7, spin_diffusion_length=1e-9, spin_hall_angle=0.1)
    base.update(kw)
    return NormalMetal("test metal", **base)


def _some_magnet(**kw):
    base = dict(spin_density=1e28, exchange_stiffness=1e-39, magnon_conductivity=1e5,
                magnon_diffusion_length=1e-6, phonon_thermal_conductivity=5.0,
                magnon_phonon_length=1e-7, gilbert_damping=1e-4,
                saturation_magnetization=1e5, curie_temperature=500.0)
    base.update(kw)
    return MagneticInsulator("test magnet", **base)


# --- registry -----------------------------------------------------------------------------


def test_names_and_kinds():
    names = materials.names()
    assert {"Pt", "Ta", "W", "Cu", "YIG", "GGG"} <= set(names)
    assert all(isinstance(n, str) for n in names)
    for metal in ("Pt", "Ta", "W", "Cu"):
        assert isinstance(materials.get(metal), NormalMetal)
    assert isinstance(materials.get("YIG"), MagneticInsulator)
    assert isinstance(materials.get("GGG"), Dielectric)
    names.append("mutating the returned list must not change the registry")
    assert len(materials.names()) == len(names) - 1


def test_get_is_case_insensitive_and_returns_the_same_frozen_instance():
    assert materials.get("yig") is materials.get("YIG")
    assert materials.get(" pt ") is materials.get("Pt")
    with pytest.raises(dataclasses.FrozenInstanceError):
        materials.get("Pt").conductivity = 1.0


@pytest.mark.parametrize("bad", ["Unobtainium", "", "P t", 3, None])
def test_unknown_material_lists_known_names(bad):
    with pytest.raises(KeyError) as info:
        materials.get(bad)
    msg = str(info.value)
    assert "unknown material" in msg
    for name in materials.names():
        assert name in msg


@pytest.mark.parametrize("item", ALL_SETS, ids=_ids)
def test_every_builtin_set_validates(item):
    # constructing again from the same values runs every check
    again = dataclasses.replace(item)
    assert again == item
    assert again.replace() == item
    for name in _numeric_fields(item):
        assert math.isfinite(getattr(item, name)), name


@pytest.mark.parametrize("item", ALL_SETS, ids=_ids)
def test_sources_for_every_numeric_field(item):
    numeric = _numeric_fields(item)
    assert numeric, "no numeric fields found"
    missing = [f for f in numeric if not item.sources.get(f, "").strip()]
    assert not missing, f"{item.name}: no source for {missing}"
    assert set(item.sources) <= set(numeric)


def test_sources_mark_estimates_and_derivations():
    yig = materials.get("YIG")
    assert "estimate" in yig.sources["magnon_phonon_length"]
    for key in ("spin_seebeck", "magnon_thermal_conductivity", "spin_density",
                "phonon_thermal_conductivity"):
        assert "derived" in yig.sources[key], key
    assert "0.1 T" in yig.sources["gap"]
    assert "Klingler" in yig.sources["exchange_stiffness"]
    for itf in INTERFACES:
        assert "estimate" in itf.sources["kapitza_conductance"]
    for pair in (("Ta", "YIG"), ("W", "YIG"), ("Cu", "YIG")):
        itf = materials.interface_parameters(*pair)
        assert "estimate" in itf.sources["g_r"] and "estimate" in itf.sources["g_i"]
    for metal in ("Pt", "Ta", "W", "Cu"):
        assert "bulk" in materials.get(metal).sources["thermal_conductivity"]


def test_sources_are_read_only():
    pt = materials.get("Pt")
    with pytest.raises(TypeError):
        pt.sources["conductivity"] = "mine"
    with pytest.raises(AttributeError):
        pt.sources._data = {}


# --- replace() and validation -------------------------------------------------------------


def test_replace_returns_a_validated_copy():
    pt = materials.get("Pt")
    pt2 = pt.replace(spin_hall_angle=0.08)
    assert pt2.spin_hall_angle == 0.08 and pt.spin_hall_angle == 0.11
    assert pt2.conductivity == pt.conductivity
    assert pt2 != pt
    assert "replace()" in pt2.sources["spin_hall_angle"]
    assert "0.11" in pt2.sources["spin_hall_angle"]
    assert pt2.sources["conductivity"] == pt.sources["conductivity"]
    cited = pt.replace(spin_hall_angle=0.051,
                       sources={"spin_hall_angle": "Rojas-Sanchez et al. (2014)"})
    assert cited.sources["spin_hall_angle"] == "Rojas-Sanchez et al. (2014)"
    # same value: the citation stays
    assert pt.replace(spin_hall_angle=0.11).sources == pt.sources


def test_replace_negative_conductivity_names_field_and_value():
    with pytest.raises(ParameterError) as info:
        materials.get("Pt").replace(conductivity=-1.0)
    assert info.value.name == "conductivity"
    assert str(info.value) == "conductivity = -1.0 S/m is invalid: must be finite and > 0"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(("item", "field"),
                         [(m, f) for m in ALL_SETS for f in _numeric_fields(m)],
                         ids=lambda x: x if isinstance(x, str) else x.name)
def test_nan_rejected_for_every_field(item, field):
    with pytest.raises(ParameterError, match=rf"^{field} = nan .*is invalid") as info:
        item.replace(**{field: math.nan})
    assert info.value.name == field
    with pytest.raises(ParameterError):
        item.replace(**{field: math.inf})
    with pytest.raises(ParameterError):
        item.replace(**{field: "1.0"})
    with pytest.raises(ParameterError, match="scalar"):
        item.replace(**{field: np.array([1.0, 2.0])})


def test_replace_unknown_field_lists_valid_fields():
    with pytest.raises(TypeError) as info:
        materials.get("Pt").replace(conductivty=1e6)
    msg = str(info.value)
    assert "'conductivty'" in msg
    for name in ("conductivity", "spin_diffusion_length", "spin_hall_angle",
                 "thermal_conductivity", "resistivity_temperature_coefficient"):
        assert name in msg


@pytest.mark.parametrize(("field", "value", "pattern"), [
    ("spin_hall_angle", 1.5, r"must be finite and in \[-1, 1\]"),
    ("spin_hall_angle", -1.01, r"must be finite and in \[-1, 1\]"),
    ("spin_diffusion_length", 0.0, "> 0"),
    ("thermal_conductivity", -3.0, "> 0"),
    ("reference_temperature", 0.0, "> 0"),
])
def test_metal_ranges(field, value, pattern):
    with pytest.raises(ParameterError, match=pattern) as info:
        materials.get("Pt").replace(**{field: value})
    assert info.value.name == field


def test_spin_hall_angle_is_signed():
    assert materials.get("Pt").replace(spin_hall_angle=-0.5).spin_hall_angle == -0.5
    assert materials.get("Ta").spin_hall_angle < 0 < materials.get("Pt").spin_hall_angle
    assert materials.get("W").spin_hall_angle < 0


def test_interface_g_i_is_signed_g_r_is_not():
    itf = materials.interface_parameters("Pt", "YIG")
    assert itf.replace(g_i=-1e18).g_i == -1e18
    with pytest.raises(ParameterError, match=r"g_r = -1\.0 1/m\^2 is invalid"):
        itf.replace(g_r=-1.0)


def test_name_and_sources_are_checked():
    with pytest.raises(ParameterError, match="name"):
        _some_metal().replace(name="")
    with pytest.raises(ParameterError, match="sources") as info:
        _some_metal(sources={"conductivty": "typo"})
    assert "conductivity" in str(info.value)  # lists the valid keys
    with pytest.raises(TypeError, match="exchange_stiffness"):
        MagneticInsulator("x", spin_density=1e28)  # missing fields are named


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_replace_conductivity_property(x):
    pt = materials.get("Pt")
    if math.isfinite(x) and x > 0:
        assert pt.replace(conductivity=x).conductivity == x
    else:
        with pytest.raises(ParameterError):
            pt.replace(conductivity=x)


def test_equality_hash_and_pickle():
    yig = materials.get("YIG")
    same = yig.replace(sources={"gap": "another citation"})
    assert same == yig and hash(same) == hash(yig)  # sources do not take part
    assert pickle.loads(pickle.dumps(yig)) == yig
    assert pickle.loads(pickle.dumps(yig)).sources == yig.sources
    assert len({materials.get(n) for n in materials.names()}) == len(materials.names())


def test_keyword_only_fields():
    with pytest.raises(TypeError):
        NormalMetal("x", 1e7, 1e-9, 0.1)  # positional numbers could be swapped silently


# --- normal metals --------------------------------------------------------------------------


def test_wiedemann_franz_default_thermal_conductivity():
    metal = _some_metal()
    lorenz = math.pi**2 / 3 * (K_B / E) ** 2
    assert lorenz == approx(2.443e-8, rel=1e-3)
    assert metal.thermal_conductivity == approx(lorenz * 1e7 * 300.0, rel=1e-12)
    assert "Wiedemann-Franz" in metal.sources["thermal_conductivity"]
    assert _some_metal(thermal_conductivity=12.0).thermal_conductivity == 12.0
    # re-derived on request
    again = metal.replace(conductivity=2e7, thermal_conductivity=None)
    assert again.thermal_conductivity == approx(2 * metal.thermal_conductivity)


@pytest.mark.parametrize(("name", "bulk"), [("Pt", 71.6), ("Ta", 57.5), ("W", 173.0),
                                            ("Cu", 401.0)])
def test_thin_film_thermal_conductivity_below_bulk(name, bulk):
    metal = materials.get(name)
    assert metal.thermal_conductivity < bulk
    assert metal.thermal_conductivity == approx(
        math.pi**2 / 3 * (K_B / E) ** 2 * metal.conductivity * 300.0, rel=1e-12)


def test_builtin_metal_values():
    pt = materials.get("Pt")
    assert (pt.spin_hall_angle, pt.spin_diffusion_length) == (0.11, 1.5e-9)
    assert materials.get("Ta").conductivity == approx(1 / 190e-8)  # 190 uOhm cm
    assert materials.get("W").conductivity == approx(1 / 260e-8)  # 260 uOhm cm
    assert materials.get("W").spin_hall_angle == -0.30
    assert materials.get("Cu").spin_diffusion_length == 350e-9
    for name in ("Pt", "Ta", "W", "Cu"):
        metal = materials.get(name)
        assert metal.resistivity_temperature_coefficient == 0.0
        assert metal.reference_temperature == 300.0
        assert metal.resistivity == approx(1 / metal.conductivity)


def test_conductivity_at_with_alpha():
    alpha = 3.9e-3
    pt = materials.get("Pt").replace(resistivity_temperature_coefficient=alpha)
    s0 = pt.conductivity
    assert pt.conductivity_at(300.0) == s0
    # rho(400 K) = rho0 (1 + 0.39): sigma = s0 / 1.39
    assert pt.conductivity_at(400.0) == approx(s0 / 1.39, rel=1e-14)
    T = np.array([[250.0, 300.0], [350.0, 500.0]])
    out = pt.conductivity_at(T)
    assert out.shape == (2, 2)
    np.testing.assert_allclose(out, s0 / (1 + alpha * (T - 300.0)), rtol=1e-14)
    # derivative: analytic and against a central difference
    dT = 1e-3
    fd = (pt.conductivity_at(T + dT) - pt.conductivity_at(T - dT)) / (2 * dT)
    np.testing.assert_allclose(pt.dconductivity_dT(T), fd, rtol=1e-7)
    assert pt.dconductivity_dT(300.0) == approx(-s0 * alpha, rel=1e-14)
    # alpha = 0: constant
    plain = materials.get("Pt")
    np.testing.assert_array_equal(plain.conductivity_at(T), np.full(T.shape, s0))
    np.testing.assert_array_equal(plain.dconductivity_dT(T), np.zeros(T.shape))


def test_conductivity_at_keeps_resistivity_positive():
    metal = _some_metal(resistivity_temperature_coefficient=0.01)  # rho = 0 at 200 K
    assert metal.conductivity_at(200.5) == approx(1e7 / 0.005)
    with pytest.raises(ParameterError, match=r"T > 200 K") as info:
        metal.conductivity_at(np.array([250.0, 150.0, 100.0]))
    assert info.value.name == "temperature" and info.value.index == (1,)
    negative = _some_metal(resistivity_temperature_coefficient=-0.005)  # rho = 0 at 500 K
    with pytest.raises(ParameterError, match=r"T < 500 K"):
        negative.dconductivity_dT(500.0)
    for bad in (0.0, -10.0, math.nan):
        with pytest.raises(ParameterError, match="temperature"):
            metal.conductivity_at(bad)


# --- YIG ---------------------------------------------------------------------------------


def test_yig_spin_density_is_zero_temperature_value():
    yig = materials.get("YIG")
    expected = 1.96e5 / (2 * MU_B)
    assert yig.spin_density == approx(1.0567e28, rel=1e-3)
    assert yig.spin_density == approx(expected, rel=1e-8)
    assert yig.zero_temperature_magnetization == approx(1.96e5, rel=1e-8)
    # not the room-temperature one (7.55e27)
    assert yig.spin_density > 1.3 * yig.saturation_magnetization / (2 * MU_B)


def test_yig_literature_values():
    yig = materials.get("YIG")
    assert yig.exchange_stiffness == 8.458e-40
    assert yig.magnon_diffusion_length == 9.4e-6
    assert yig.magnon_conductivity == 5e5
    assert yig.saturation_magnetization == 1.4e5
    assert 555.0 <= yig.curie_temperature <= 560.0
    assert 3e-5 <= yig.gilbert_damping <= 5e-5
    assert yig.g_factor == 2.0


def test_yig_gap_is_the_kittel_energy_at_0p1_tesla():
    """The band bottom of an in-plane film in an in-plane field B: hbar omega = g mu_B
    sqrt(B (B + mu0 M_s)), 19.24 ueV for YIG (mu0 M_s = 0.1759 T) at 0.1 T."""
    yig = materials.get("YIG")
    mu0 = 4e-7 * np.pi * (1 + 5.5e-10)  # CODATA 2018 mu_0 to 1e-9
    expected = 2 * MU_B * np.sqrt(0.1 * (0.1 + mu0 * 1.4e5))
    assert yig.gap == approx(expected, rel=1e-9, abs=0)
    assert yig.gap / 1.602176634e-25 == approx(19.2303, rel=1e-5, abs=0)  # ueV
    assert yig.gap > 1.6 * 2 * MU_B * 0.1  # above the bare Zeeman energy
    rederived = yig.replace(applied_field=0.5, g_factor=2.1, gap=None)
    assert rederived.gap == approx(2.1 * MU_B * np.sqrt(0.5 * (0.5 + mu0 * 1.4e5)),
                                   rel=1e-9, abs=0)
    assert "Kittel" in rederived.sources["gap"]
    assert yig.replace(gap=0.0).gap == 0.0  # gapless allowed (linear law)
    assert materials.kittel_gap(0.0, 1.4e5) == 0.0


def test_yig_spin_seebeck_boltzmann_ratio():
    yig = materials.get("YIG")
    ratio = 5 * ZETA_52 / (2 * ZETA_32) * K_B / E
    assert ratio == approx(110.6e-6, rel=1e-3)
    assert yig.spin_seebeck / yig.magnon_conductivity == approx(110.6e-6, rel=1e-3)
    assert yig.spin_seebeck == approx(ratio * 5e5, rel=1e-12)
    assert materials.boltzmann_spin_seebeck(1.0) == approx(ratio, rel=1e-12)


def test_yig_magnon_thermal_conductivity_boltzmann():
    yig = materials.get("YIG")
    expected = 5e5 / (2 * E**2) * K_B**2 * 300.0 * 35 * ZETA_72 / (4 * ZETA_32)
    assert expected == approx(2.1018, rel=1e-4)
    assert yig.magnon_thermal_conductivity == approx(expected, rel=1e-12)
    # the measured bulk value is kappa_m + kappa_p
    assert yig.magnon_thermal_conductivity + yig.phonon_thermal_conductivity == \
        approx(7.0, rel=1e-12)


def test_yig_internal_units():
    yig = materials.get("YIG")
    assert yig.magnon_conductivity_spin == approx(5e5 * HBAR / (2 * E**2), rel=1e-12)
    assert yig.magnon_conductivity_spin == approx(1.02706e9, rel=1e-5)
    assert yig.spin_seebeck_spin == approx(yig.spin_seebeck * HBAR / (2 * E), rel=1e-12)
    # in spin units the ratio is k_B times the pure number 5 zeta(5/2) / (2 zeta(3/2))
    assert yig.spin_seebeck_spin / yig.magnon_conductivity_spin == \
        approx(K_B * 5 * ZETA_52 / (2 * ZETA_32), rel=1e-12)


def test_magnon_phonon_coupling_round_trip():
    yig = materials.get("YIG")
    km, kp, lmp = (yig.magnon_thermal_conductivity, yig.phonon_thermal_conductivity,
                   yig.magnon_phonon_length)
    gamma = yig.magnon_phonon_coupling
    assert gamma == approx(km * kp / (lmp**2 * (km + kp)), rel=1e-14)
    assert gamma == approx(1.4707e14, rel=1e-4)  # W/(m^3 K)
    assert math.sqrt(km * kp / (gamma * (km + kp))) == approx(lmp, rel=1e-14)
    assert materials.magnon_phonon_length(km, kp, gamma) == approx(lmp, rel=1e-14)
    # halving l_mp quadruples Gamma_mp
    assert yig.replace(magnon_phonon_length=lmp / 2).magnon_phonon_coupling == \
        approx(4 * gamma, rel=1e-14)


@given(km=st.floats(1e-3, 1e3), kp=st.floats(1e-3, 1e3), lmp=st.floats(1e-10, 1e-3))
def test_magnon_phonon_round_trip_property(km, kp, lmp):
    gamma = materials.magnon_phonon_coupling(km, kp, lmp)
    assert materials.magnon_phonon_length(km, kp, gamma) == approx(lmp, rel=1e-12)


def test_derived_defaults_and_rederivation():
    magnet = _some_magnet()
    assert magnet.spin_seebeck == approx(5 * ZETA_52 / (2 * ZETA_32) * K_B / E * 1e5,
                                                rel=1e-12)
    assert magnet.magnon_thermal_conductivity == approx(
        1e5 / (2 * E**2) * K_B**2 * 300.0 * 35 * ZETA_72 / (4 * ZETA_32), rel=1e-12)
    for key in ("gap", "spin_seebeck", "magnon_thermal_conductivity"):
        assert magnet.sources[key].startswith("derived"), key
    yig = materials.get("YIG")
    again = yig.replace(magnon_conductivity=3.7e5, spin_seebeck=None,
                        magnon_thermal_conductivity=None)
    assert again.spin_seebeck == approx(yig.spin_seebeck * 3.7 / 5, rel=1e-12)
    assert again.magnon_thermal_conductivity == \
        approx(yig.magnon_thermal_conductivity * 3.7 / 5, rel=1e-12)
    # derived defaults follow what they are derived from; a number given holds
    follows = yig.replace(magnon_conductivity=3.7e5)
    assert follows.spin_seebeck == again.spin_seebeck
    assert follows.magnon_thermal_conductivity == again.magnon_thermal_conductivity
    assert follows.sources["spin_seebeck"].startswith("derived")
    assert "replace()" in follows.sources["magnon_conductivity"]
    held = yig.replace(spin_seebeck=40.0).replace(magnon_conductivity=4e5)
    assert held.spin_seebeck == 40.0
    with pytest.raises(ParameterError, match="required"):
        yig.replace(magnon_conductivity=None)


def test_positive_entropy_production_is_enforced():
    yig = materials.get("YIG")
    # limit in charge units: varsigma^2 T < 2 sigma kappa_m
    limit = math.sqrt(2 * yig.magnon_conductivity * yig.magnon_thermal_conductivity / 300.0)
    assert yig.replace(spin_seebeck=0.999 * limit).spin_seebeck == 0.999 * limit
    assert yig.replace(spin_seebeck=-0.999 * limit).spin_seebeck == -0.999 * limit
    with pytest.raises(ParameterError, match="entropy") as info:
        yig.replace(spin_seebeck=1.001 * limit)
    assert info.value.name == "spin_seebeck"
    # lowering sigma_m by 3 with varsigma held at its number breaks it (Boltzmann: 0.437
    # < 1); with the derived default it follows sigma_m
    held = yig.replace(spin_seebeck=yig.spin_seebeck,
                       magnon_thermal_conductivity=yig.magnon_thermal_conductivity,
                       sources={"spin_seebeck": "held", "magnon_thermal_conductivity": "held"})
    with pytest.raises(ParameterError, match="spin_seebeck=None"):
        held.replace(magnon_conductivity=yig.magnon_conductivity / 3)
    lowered = yig.replace(magnon_conductivity=yig.magnon_conductivity / 3)
    assert lowered.spin_seebeck == approx(yig.spin_seebeck / 3, rel=1e-12)


def test_magnet_consistency_checks():
    with pytest.raises(ParameterError, match="saturation_magnetization") as info:
        # s from the room-temperature M_s would be 7.55e27; 7e27 is below even that
        materials.get("YIG").replace(spin_density=7e27)
    assert info.value.name == "spin_density"
    with pytest.raises(ParameterError, match="curie_temperature") as info:
        materials.get("YIG").replace(reference_temperature=600.0)
    assert info.value.name == "reference_temperature"


def test_magnon_gas():
    interface = pytest.importorskip("nfdiff.interface")
    yig = materials.get("YIG")
    gas = yig.magnon_gas()
    assert isinstance(gas, interface.MagnonGas)
    assert gas.exchange_stiffness == yig.exchange_stiffness
    assert gas.gap == yig.gap
    assert gas.spin_density == yig.spin_density


def test_interface_parameters_to_interface():
    interface = pytest.importorskip("nfdiff.interface")
    itf = materials.interface_parameters("Pt", "YIG")
    law = itf.to_interface(magnons=materials.get("YIG").magnon_gas())
    assert isinstance(law, interface.NFInterface)
    assert (law.g_r, law.g_i) == (itf.g_r, itf.g_i)


# --- dielectric and interfaces ----------------------------------------------------------


def test_ggg():
    ggg = materials.get("GGG")
    assert 7.0 <= ggg.thermal_conductivity <= 9.0
    with pytest.raises(ParameterError, match=r"thermal_conductivity = 0\.0 W/\(m K\)"):
        ggg.replace(thermal_conductivity=0.0)


def test_pt_yig_is_the_althammer_fit():
    itf = materials.interface_parameters("Pt", "YIG")
    assert itf.g_r == approx(4e14 * H / E**2, rel=1e-12)
    assert itf.g_r == approx(1.0325e19, rel=1e-4)
    assert itf.g_i == approx(5e13 * H / E**2, rel=1e-12)
    pt = materials.get("Pt")
    assert (pt.spin_hall_angle, pt.spin_diffusion_length) == (0.11, 1.5e-9)
    assert all("Althammer" in s for s in (itf.sources["g_r"], pt.sources["spin_hall_angle"],
                                          pt.sources["spin_diffusion_length"]))


@pytest.mark.parametrize("pair", [("Pt", "YIG"), ("Ta", "YIG"), ("W", "YIG"), ("Cu", "YIG")])
def test_interface_sets(pair):
    itf = materials.interface_parameters(*pair)
    assert isinstance(itf, InterfaceParameters)
    assert itf.name == "|".join(pair)
    assert 1e8 <= itf.kapitza_conductance <= 1e9
    assert 1e17 < itf.g_r < 1e20
    assert abs(itf.g_i) < itf.g_r


def test_interface_lookup():
    pt_yig = materials.interface_parameters("Pt", "YIG")
    assert materials.interface_parameters("pt", "yig") is pt_yig
    assert materials.interface_parameters(materials.get("Pt"), materials.get("YIG")) is pt_yig
    assert set(materials.interface_pairs()) >= {("Pt", "YIG"), ("Ta", "YIG"), ("W", "YIG"),
                                                ("Cu", "YIG")}
    with pytest.raises(KeyError) as info:
        materials.interface_parameters("Au", "YIG")
    msg = str(info.value)
    for metal, magnet in materials.interface_pairs():
        assert f"{metal}|{magnet}" in msg
    with pytest.raises(KeyError, match="known pairs"):
        materials.interface_parameters("YIG", "Pt")


# --- documentation ---------------------------------------------------------------------------


def test_sources_table_has_a_row_per_value():
    table = materials.sources_table()
    rows = [r for r in table.splitlines() if r.startswith("| ") and "`" in r]
    expected = sum(len(_numeric_fields(item)) for item in ALL_SETS)
    assert len(rows) == expected
    assert re.search(r"^\| YIG \| `spin_density` \| 1\.05672e28 \| 1/m\^3 \| derived",
                     table, re.M)
    assert re.search(r"^\| Pt\\\|YIG \| `g_r` \| 1\.03251e19 \| 1/m\^2 \| Althammer",
                     table, re.M)
    for row in rows:  # five cells each: no unescaped '|' inside a source
        assert len(re.split(r"(?<!\\)\|", row)) == 7, row


def test_docs_materials_md_is_up_to_date():
    text = DOC.read_text(encoding="utf-8")
    begin = text.index("<!-- BEGIN sources_table")
    start = text.index("\n", begin) + 1
    end = text.index("<!-- END sources_table -->")
    assert text[start:end] == materials.sources_table(), (
        "docs/materials.md is stale: run `python -m nfdiff.materials docs/materials.md`")
