"""Temperature-dependent materials and the one magnon gap.

- YIG's magnon diffusion length and spin conductivity follow power laws through their
  room-temperature values and the low-temperature data of Cornelissen et al., PRB 94,
  180402(R) (2016): lambda_m(30 K) = 5.5 um, sigma_m(5 K) = 0.7e5 S/m; a device at a
  temperature uses exactly these values, and the decay length fitted from its nonlocal
  signal R1(d) gives them back;
- the magnon gap is the bottom of the band, the Kittel energy of the film in its field,
  the same for the materials, the interface law and the macrospin dynamics.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.optimize import curve_fit

import nfdiff as nf
from nfdiff.errors import NfdiffWarning

YIG = nf.materials.get("YIG")
PT = nf.materials.get("Pt")


# ---- material values at a temperature ------------------------------------------------------
def test_yig_follows_its_sourced_data():
    cold = YIG.at(30.0)
    assert cold.magnon_diffusion_length == pytest.approx(5.5e-6, rel=1e-12, abs=0)
    assert cold.reference_temperature == 30.0
    assert "180402" in cold.sources["magnon_diffusion_length"]
    with pytest.warns(NfdiffWarning, match=r"magnon_diffusion_length at T = 5 K is outside "
                                           r"30-300 K"):
        coldest = YIG.at(5.0)
    assert coldest.magnon_conductivity == pytest.approx(0.7e5, rel=1e-12, abs=0)
    assert YIG.at(300.0) is YIG
    # the derived Boltzmann coefficients follow sigma_m(T) and T
    ratio = cold.magnon_conductivity / YIG.magnon_conductivity
    assert cold.spin_seebeck / YIG.spin_seebeck == pytest.approx(ratio, rel=1e-12, abs=0)
    assert cold.magnon_thermal_conductivity / YIG.magnon_thermal_conductivity == \
        pytest.approx(ratio * 30.0 / 300.0, rel=1e-12, abs=0)
    # evaluating twice is evaluating once
    assert cold.at(100.0).magnon_diffusion_length == pytest.approx(
        YIG.at(100.0).magnon_diffusion_length, rel=1e-13, abs=0)


def test_a_number_given_is_a_fixed_value():
    fixed = YIG.replace(magnon_diffusion_length=4e-6)
    assert "magnon_diffusion_length" not in fixed.temperature_dependence
    assert fixed.at(30.0).magnon_diffusion_length == 4e-6
    assert fixed.at(30.0).magnon_conductivity < YIG.magnon_conductivity  # the other keeps its law


@pytest.mark.parametrize("material", [YIG, YIG.replace(magnon_conductivity=2e5, spin_seebeck=None),
                                      YIG.replace(temperature_dependence={
                                          "phonon_thermal_conductivity": nf.materials.PowerLaw(
                                              -1.0, (100.0, 400.0), "test law")}),
                                      PT.replace(thermal_conductivity=None)],
                         ids=["YIG", "YIG-sigma-fixed", "YIG-kappa-p-law", "Pt-WF"])
def test_the_exponents_are_those_of_at(material):
    """``value_at`` and ``temperature_exponents`` give exactly what ``at`` gives, for every
    numeric field (laws, derived defaults and constants), so a region at a uniform
    local temperature T has the coefficients of the material at T."""
    exponents = material.temperature_exponents()
    assert exponents  # each case has something that changes with temperature
    for T in (120.0, 250.0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NfdiffWarning)  # no data below 30 K: fine here
            warm = material.at(T)
        for f in material.numeric_fields():
            if f.name == "reference_temperature":
                continue
            at = getattr(warm, f.name)
            assert material.value_at(f.name, T) == pytest.approx(at, rel=1e-12, abs=0), f.name
            assert material.value_at(f.name, np.array([T, T]))[1] == pytest.approx(
                at, rel=1e-12, abs=0)


def test_fixed_holds_every_value():
    fixed = YIG.fixed()
    assert fixed.temperature_exponents() == {}
    assert fixed.at(100.0).magnon_thermal_conductivity == YIG.magnon_thermal_conductivity
    assert fixed.magnon_conductivity == YIG.magnon_conductivity
    assert fixed.sources["spin_seebeck"].startswith("fixed at 300 K")
    with pytest.raises(nf.ParameterError, match="numeric field"):
        YIG.value_at("magnon_length", 300.0)


def test_a_warm_device_is_the_device_at_its_temperature(validation):
    """A Pt|YIG stack held at 250-252 K solved around a bath of 200 K (every coefficient at
    the local temperature, docs/theory.md#theory-temperature) equals the same stack
    solved around a bath of 250 K (the materials at 250 K): the bath temperature is only
    the reference of the unknowns. Fields to Newton's tolerance."""
    stack = nf.devices.lsse_stack(metal=PT, magnet=YIG, substrate=None, n=(0, 1, 0),
                                  law="nonlinear")
    mesh = stack.mesh()

    def fields(T0):
        dev = nf.Device(mesh, materials={"metal": PT, "magnet": YIG},
                        interfaces={("metal", "magnet"): stack.interface_law()},
                        boundary_conditions={"bottom": nf.bc.Temperature(252.0),
                                             "top": nf.bc.Temperature(250.0)},
                        temperature=T0, law="nonlinear", thermal=True, n=(0, 1, 0),
                        length=1e-3)
        sol = dev.solve(rtol=1e-11)
        return {f: sol.dof_values(f) for f in ("mu_y", "mu_m", "T_m")}  # NaN outside

    around_200, around_250 = fields(200.0), fields(250.0)
    for f in ("mu_y", "mu_m", "T_m"):
        a, b = around_200[f], around_250[f]
        if f == "T_m":  # compare the temperature differences the bulk drives
            a, b = a - 250.0, b - 250.0
        finite = np.isfinite(a)
        validation.check(f"{f}, bath 200 K vs bath 250 K", "the same field: the bath is "
                         "only a reference (relative to its largest value)",
                         np.max(np.abs(a[finite] - b[finite])) / np.max(np.abs(b[finite])),
                         0.0, 1e-7, "max")
    # the coefficients do change with the temperature: a bath at 250 K and materials held
    # at their 200 K values give another field
    cold = nf.Device(mesh, materials={"metal": PT, "magnet": YIG.at(200.0).fixed()},
                     interfaces={("metal", "magnet"): stack.interface_law()},
                     boundary_conditions={"bottom": nf.bc.Temperature(252.0),
                                          "top": nf.bc.Temperature(250.0)},
                     temperature=200.0, law="nonlinear", thermal=True, n=(0, 1, 0),
                     length=1e-3).solve(rtol=1e-11)
    mu_cold, mu_warm = cold.dof_values("mu_m"), around_250["mu_m"]
    # (1.6 % here, against the 1e-7 agreement above)
    assert np.nanmax(np.abs(mu_cold - mu_warm)) > 1e-3 * np.nanmax(np.abs(mu_warm))


def test_a_solved_temperature_outside_the_data_warns():
    """A narrow law (280-301 K) and a magnet heated to ~330 K: the solve warns, naming the
    field, region, parameter and both ranges."""
    narrow = YIG.replace(temperature_dependence={
        "magnon_conductivity": nf.materials.PowerLaw(0.5, (280.0, 301.0), "test law")})
    stack = nf.devices.lsse_stack(metal=PT, magnet=narrow, substrate=None, n=(0, 1, 0))
    with pytest.warns(NfdiffWarning, match=r"T_m in magnet spans 3\d\d\.?\d* ?-"
                                           r"3\d\d\.?\d* K, outside the data of "
                                           r"magnon_conductivity \(280-301 K\)"):
        stack.solve(temperature_difference=60.0)
    stack.solve(temperature_difference=5.0)  # within 5 % of the range: silent


def test_a_metal_at_another_temperature_keeps_its_resistivity_line():
    pt = PT.replace(resistivity_temperature_coefficient=2e-3)
    cold = pt.at(100.0)
    for T in (50.0, 150.0, 300.0):
        assert cold.conductivity_at(T) == pytest.approx(pt.conductivity_at(T), rel=1e-12,
                                                        abs=0)


def test_bad_temperature_laws_are_refused():
    with pytest.raises(nf.ParameterError, match="temperature_dependence"):
        YIG.replace(temperature_dependence={"gilbert_dampin": nf.materials.PowerLaw(
            1.0, (1.0, 2.0), "x")})
    with pytest.raises(nf.ParameterError, match="PowerLaw"):
        YIG.replace(temperature_dependence={"gilbert_damping": 2.0})
    with pytest.raises(nf.ParameterError, match="low < high"):
        nf.materials.PowerLaw(1.0, (300.0, 30.0), "x")


def test_a_device_uses_its_materials_at_its_temperature():
    dev = nf.devices.nonlocal_strips(temperature=30.0, thermal=False).device()
    film = dev.materials["film"]
    assert film.magnon_diffusion_length == pytest.approx(5.5e-6, rel=1e-12, abs=0)
    assert dev.models["film"].material is film


@pytest.mark.parametrize("T", [30.0, 300.0])
def test_the_decay_length_fitted_from_R1_is_the_material_s(T):
    """Electrical injection, linear law, no heat: R1(d) = C / sinh(d / lambda) beyond a
    few film thicknesses (transparent contacts, Cornelissen et al. 2015); the fitted
    lambda is the material's lambda_m(T) to a few %."""
    template = nf.devices.nonlocal_strips(temperature=T, thermal=False, law="linear")
    d = np.array([4e-6, 8e-6, 12e-6, 16e-6, 20e-6])
    R = np.array([template.replace(distance=x).solve(100e-6).observables["R_nl"] for x in d])

    def model(x, c, lam):
        return c / np.sinh(x / lam)

    (_, lam), _ = curve_fit(model, d, R, p0=(R[0] * np.sinh(d[0] / 8e-6), 8e-6))
    expected = YIG.at(T).magnon_diffusion_length
    assert lam == pytest.approx(expected, rel=0.04, abs=0)


# ---- one magnon gap -------------------------------------------------------------------------
def test_one_gap_for_material_interface_law_and_dynamics():
    film = nf.dynamics.Macrospin(thickness=20e-9, field=(0.0, 0.1, 0.0),
                                 interface=nf.materials.interface_parameters("Pt", "YIG")
                                 .to_interface())
    assert film.magnon_gap() == pytest.approx(YIG.gap, rel=1e-9, abs=0)
    bare = film.replace(interface=None)  # damping alpha = 4e-5 shifts it by ~alpha^2
    assert film.magnon_gap() == pytest.approx(nf.units.h * bare.resonance_frequency(),
                                              rel=1e-6, abs=0)
    assert film.interface_law().magnons.gap == film.magnon_gap()
    assert YIG.magnon_gas().gap == YIG.gap
    # another field: the film's band bottom follows it, as the material's Kittel gap does
    strong = film.replace(field=(0.0, 0.3, 0.0))
    assert strong.interface_law().magnons.gap == pytest.approx(
        YIG.replace(applied_field=0.3, gap=None).gap, rel=1e-9, abs=0)
    # a device's condensation check uses the same gap
    dev = nf.devices.nonlocal_strips(thermal=False).device()
    assert nf.problem.Problem(dev).gaps["film"] == YIG.gap


def test_the_macrospin_uses_its_magnet_at_its_temperature():
    """A damping law is followed at the macrospin's temperature; laws of fields the
    dynamics does not use (YIG's lambda_m, below its data at 10 K) are not evaluated."""
    law = nf.materials.PowerLaw(1.0, (10.0, 300.0), "test law: alpha ~ T")
    magnet = YIG.replace(temperature_dependence={**YIG.temperature_dependence,
                                                 "gilbert_damping": law})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing about lambda_m at 10 K
        cold = nf.dynamics.Macrospin(20e-9, magnet=magnet, temperature=10.0)
        assert cold.damping == pytest.approx(YIG.gilbert_damping / 30.0, rel=1e-12, abs=0)
    assert nf.dynamics.Macrospin(20e-9, magnet=magnet).damping == YIG.gilbert_damping
    with pytest.raises(nf.ParameterError, match=r"temperature = 600.0 K .* Curie temperature"):
        nf.dynamics.Macrospin(20e-9, magnet=magnet, temperature=600.0)
