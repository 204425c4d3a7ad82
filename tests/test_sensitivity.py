"""Sensitivities by the adjoint method (nfdiff.sensitivity) against finite differences of
full solves.

The adjoint gives the derivative of the discrete solution exactly (to the Newton
tolerance); central differences of full solves at steps h and h/2, Richardson
extrapolated, approach it with an error O(h^4) + O(eps / h). With h = 1e-3 of the value
and solves converged to 1e-12 both are below 1e-8 relative, so 1e-6 leaves a wide margin
while any missing or wrong term of dR/dp (a factor, a sign, a forgotten temperature law)
shows at the 1e-3 level or above.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

import nfdiff as nf
from nfdiff.materials import PowerLaw

RTOL = 1e-12
STEP = 1e-3


def _richardson(f, p0: float) -> float:
    """Central differences at h and h/2, Richardson-extrapolated (error O(h^4))."""
    h = STEP * abs(p0)

    def central(h: float) -> float:
        return (f(p0 + h) - f(p0 - h)) / (2 * h)

    return (4 * central(h / 2) - central(h)) / 3


def _yig_explicit() -> nf.materials.MagneticInsulator:
    """YIG with its Boltzmann spin Seebeck coefficient and magnon heat conductivity given
    as numbers with power laws of the exponents of the defaults (the same physics), so
    that ``replace`` changes each alone and keeps its temperature law."""
    yig = nf.materials.get("YIG")
    ex = yig.temperature_exponents()
    laws = dict(yig.temperature_dependence)
    for k in ("spin_seebeck", "magnon_thermal_conductivity"):
        laws[k] = PowerLaw(ex[k], (5.0, 300.0), "the exponent of the Boltzmann default")
    given = ("spin_seebeck", "magnon_thermal_conductivity")
    return yig.replace(**{k: getattr(yig, k) for k in given}, temperature_dependence=laws,
                       sources={k: "the Boltzmann value, given" for k in given})


def _nonlocal(magnet=None) -> nf.devices.NonlocalStrips:
    """A small thermal nonlocal device whose mesh does not depend on the parameters."""
    return nf.devices.nonlocal_strips(
        distance=1.5e-6, widths=300e-9, film_thickness=100e-9, substrate=None,
        magnet=magnet or _yig_explicit(), extent=3e-6, h_min=(50e-9, 2.5e-9),
        h_max=(500e-9, 25e-9), thermal=True, law="nonlinear")


def _changed(dev: nf.devices.NonlocalStrips, name: str, value: float):
    role, field = name.split(".")
    if role == "interface":
        return dev.replace(interface=replace(dev.interface_law(), **{field: value}))
    material = getattr(dev, role)
    laws = {"temperature_dependence": material.temperature_dependence}  # keep the laws
    return dev.replace(**{role: material.replace(**{field: value}, **laws)})


NONLOCAL = ["metal.spin_hall_angle", "metal.spin_diffusion_length", "metal.conductivity",
            "magnet.magnon_diffusion_length", "magnet.magnon_conductivity",
            "magnet.spin_seebeck", "magnet.magnon_thermal_conductivity",
            "magnet.phonon_thermal_conductivity", "magnet.magnon_phonon_length",
            "interface.g_r", "interface.kapitza_conductance"]


@pytest.fixture(scope="module")
def nonlocal_solution():
    dev = _nonlocal()
    return dev, dev.solve(current=50e-6, rtol=RTOL)


@pytest.mark.parametrize("name", NONLOCAL)
def test_thermal_nonlocal_matches_finite_differences(nonlocal_solution, name):
    dev, sol = nonlocal_solution
    s = sol.sensitivities("V_det", NONLOCAL)[name]
    fd = _richardson(lambda v: _changed(dev, name, v).solve(
        current=50e-6, rtol=RTOL).observables["V_det"], s.value)
    assert s.derivative == pytest.approx(fd, rel=1e-6, abs=0)
    assert s.relative == pytest.approx(s.value / sol.observables["V_det"] * fd, rel=1e-6)


def test_derived_defaults_follow_the_magnon_conductivity():
    """With the built-in YIG the Boltzmann spin Seebeck coefficient and magnon heat
    conductivity follow sigma_m (as replace() derives them): the derivative with
    respect to sigma_m includes theirs, and differs from the one holding them."""
    yig = nf.materials.get("YIG")
    assert yig._is_derived("spin_seebeck") and yig._is_derived("magnon_thermal_conductivity")
    assert not _yig_explicit()._is_derived("spin_seebeck")
    dev = _nonlocal(yig)
    sol = dev.solve(current=50e-6, rtol=RTOL)
    s = sol.sensitivities("V_det", ["magnet.magnon_conductivity", "magnet.spin_seebeck",
                                    "magnet.magnon_thermal_conductivity"])
    fd = _richardson(lambda v: _changed(dev, "magnet.magnon_conductivity", v).solve(
        current=50e-6, rtol=RTOL).observables["V_det"], yig.magnon_conductivity)
    assert s["magnet.magnon_conductivity"].derivative == pytest.approx(fd, rel=1e-6, abs=0)
    held = _nonlocal().solve(current=50e-6, rtol=RTOL).sensitivities(
        "V_det", "magnet.magnon_conductivity")["magnet.magnon_conductivity"]
    # the chain rule through the two derived values: d/dsigma_m = held + (c/sigma_m) d/dc
    chain = held.derivative + sum(s[k].value / yig.magnon_conductivity * s[k].derivative
                                  for k in ("magnet.spin_seebeck",
                                            "magnet.magnon_thermal_conductivity"))
    assert s["magnet.magnon_conductivity"].derivative == pytest.approx(chain, rel=1e-8)
    assert abs(held.derivative / fd - 1) > 1e-3


def test_harmonics_are_combinations_of_the_two_solves():
    dev = _nonlocal()
    I = 50e-6
    names = ["metal.spin_hall_angle", "magnet.spin_seebeck", "interface.g_r"]
    harm = dev.harmonics(I, rtol=RTOL)
    sens = nf.sensitivity.harmonic_sensitivities(harm, I, names)
    assert sens["R1"].value == pytest.approx(harm["R1"], rel=1e-12)
    for name in names:
        p0 = sens["R1"][name].value
        for key in ("R1", "R2"):
            fd = _richardson(lambda v, name=name, key=key: _changed(dev, name, v).harmonics(
                I, rtol=RTOL)[key], p0)
            assert sens[key][name].derivative == pytest.approx(fd, rel=1e-6, abs=0), (key, name)
    # R2 is the thermal signal: it moves with the spin Seebeck coefficient, R1 hardly
    r1, r2 = (abs(sens[k]["magnet.spin_seebeck"].relative) for k in ("R1", "R2"))
    assert r2 > 0.1 and r2 > 10 * r1, (r1, r2)


def _rebuilt(dev: nf.Device, region: str | None = None, field: str = "",
             value: float = 0.0) -> nf.Device:
    """The same device on the same mesh with one parameter of one region (or of the
    metal|magnet interface, region None) changed."""
    materials = dict(dev.materials)
    interfaces = dict(dev.interfaces)
    if region is None:
        (key, itf), = interfaces.items()
        interfaces[key] = replace(itf, **{field: value})
    else:
        m = materials[region]
        materials[region] = m.replace(**{field: value}, **(
            {"temperature_dependence": m.temperature_dependence}
            if hasattr(m, "temperature_dependence") else {}))
    return nf.Device(dev.mesh, materials=materials, interfaces=interfaces,
                     boundary_conditions=dev.boundary_conditions,
                     temperature=dev.temperature, law=dev.law, thermal=dev.thermal,
                     length=dev.length, n=dev._n, order=dev.order)


LSSE = [("metal", "spin_hall_angle"), ("metal", "conductivity"),
        ("magnet", "magnon_diffusion_length"), ("magnet", "spin_seebeck"),
        ("magnet", "phonon_thermal_conductivity"), ("magnet", "magnon_phonon_length"),
        ("substrate", "thermal_conductivity"), (None, "g_r")]


@pytest.fixture(scope="module")
def lsse_solution():
    stack = nf.devices.lsse_stack(magnet=_yig_explicit(), thicknesses=(10e-9, 1e-6, 20e-6))
    return stack.device(1.0), stack.solve(1.0, rtol=RTOL)


@pytest.mark.parametrize(("region", "field"), LSSE)
def test_lsse_matches_finite_differences(lsse_solution, region, field):
    dev, sol = lsse_solution
    name = f"{region or 'interface'}.{field}"
    s = sol.sensitivities("V_ISHE", name)[name]
    fd = _richardson(lambda v: _rebuilt(dev, region, field, v).solve(
        rtol=RTOL).voltage("metal", "x"), s.value)
    assert s.derivative == pytest.approx(fd, rel=1e-6, abs=0)


def test_lsse_voltage_is_linear_in_the_spin_hall_angle(lsse_solution):
    """V_ISHE is odd in theta and, to O(theta^2) (the ISHE current's back-action on the
    spin accumulation), proportional to it: (theta/V) dV/dtheta = 1 + O(theta^2)."""
    _, sol = lsse_solution
    s = sol.sensitivities("V_ISHE", "metal.spin_hall_angle")["metal.spin_hall_angle"]
    theta = s.value
    assert abs(s.relative - 1) < 3 * theta**2


def test_smr_film_metal_parameters():
    """rho_long = rho + O(theta^2): (sigma/rho) drho/dsigma = -1 up to the SMR; the
    region name and the role name give the same derivative."""
    sol = nf.devices.smr_film().solve(rtol=RTOL)
    s = sol.sensitivities("rho_long", ["metal.conductivity", "metal.spin_hall_angle"])
    rho = 1 / sol.device.materials["metal"].conductivity
    smr = sol.observables["rho_long"] / rho - 1
    assert s["metal.conductivity"].relative == pytest.approx(-1, abs=3 * abs(smr))
    # Delta rho ~ theta^2: d rho_long / d theta = 2 (rho_long - rho) / theta to O(theta^2)
    theta = s["metal.spin_hall_angle"].value
    assert s["metal.spin_hall_angle"].derivative == pytest.approx(
        2 * (sol.observables["rho_long"] - rho) / theta, rel=3 * theta**2)


def test_general_device_names_by_region():
    """A general Device: parameters by region name; a region's derivative plus the
    other's is the shared role's (linearity of dR/dp in the regions)."""
    dev = nf.devices.nonlocal_strips(distance=2e-6, thermal=False)
    sol = dev.solve(current=100e-6)
    s = sol.sensitivities("R_nl", ["A.spin_hall_angle", "B.spin_hall_angle",
                                   "metal.spin_hall_angle", "film.magnon_conductivity",
                                   "A|film.g_r", "B|film.g_r", "interface.g_r"])
    for part, whole in (("spin_hall_angle", "metal"), ("g_r", "interface")):
        a = s[f"A{'|film' if whole == 'interface' else ''}.{part}"].derivative
        b = s[f"B{'|film' if whole == 'interface' else ''}.{part}"].derivative
        assert a + b == pytest.approx(s[f"{whole}.{part}"].derivative, rel=1e-10)
    assert list(s) == ["A.spin_hall_angle", "B.spin_hall_angle", "metal.spin_hall_angle",
                       "film.magnon_conductivity", "A|film.g_r", "B|film.g_r",
                       "interface.g_r"]
    assert s.ranking()[0] == "metal.spin_hall_angle"
    assert "R_nl" in repr(s)
    fig = s.plot()
    widths = sorted(p.get_width() for p in fig.axes[0].patches)
    assert widths == pytest.approx(sorted(s.relative().values()), rel=1e-12)


def test_adjoint_without_newtons_factorisation():
    """The adjoint solve preconditioned by Newton's last factorisation and the one with
    a factorisation of its own agree (each is checked to 1e-10 of its residual)."""
    sol = nf.devices.nonlocal_strips(distance=2e-6, thermal=False).solve(current=100e-6)
    names = ["metal.spin_hall_angle", "magnet.magnon_diffusion_length"]
    warm = sol.sensitivities("V_det", names).derivatives()
    sol.problem.warm.solver = None
    del sol.__dict__["_adjoint_cache"]
    own = sol.sensitivities("V_det", names).derivatives()
    assert "inverse" in sol.__dict__["_adjoint_cache"]
    for k in names:
        assert own[k] == pytest.approx(warm[k], rel=1e-8, abs=0)


def test_unknown_names_are_parameter_errors():
    sol = nf.devices.nonlocal_strips(distance=2e-6, thermal=False).solve(current=100e-6)
    with pytest.raises(nf.ParameterError, match=re.escape("magnet.magnon_diffusion_length")):
        sol.sensitivities("V_det", ["magnet.magnon_difusion_length"])
    with pytest.raises(nf.ParameterError, match="V_det"):
        sol.sensitivities("V_detector", ["magnet.magnon_diffusion_length"])
    with pytest.raises(nf.ParameterError, match="MetalModel"):
        sol.device.models["A"].parameter_terms({}, None, "gilbert_damping")
    assert np.isfinite(sol.sensitivities("V_det")["interface.g_r"].derivative)


SMR = ["interface.g_r", "interface.g_i", "metal.spin_hall_angle", "metal.conductivity"]


@pytest.mark.parametrize("observable", ["rho_long", "rho_trans"])
def test_smr_matches_finite_differences(observable):
    """The SMR film's magnet is a boundary condition (nf.bc.MagnetContact): its g_r and
    g_i are parameters too ("interface.g_r", "bottom.g_r")."""
    film = nf.devices.smr_film(n=np.ones(3) / np.sqrt(3))
    sol = film.solve(rtol=RTOL)
    s = sol.sensitivities(observable, SMR + ["bottom.g_r"])
    assert s["bottom.g_r"].derivative == s["interface.g_r"].derivative
    for name in SMR:
        role, field = name.split(".")

        def rho(v, role=role, field=field):
            if role == "interface":
                changed = film.replace(interface=replace(film.interface_law(), **{field: v}))
            else:
                changed = film.replace(metal=film.metal.replace(**{field: v}))
            return changed.solve(rtol=RTOL).observables[observable]

        fd = _richardson(rho, s[name].value)
        assert s[name].derivative == pytest.approx(fd, rel=1e-6, abs=0), name
