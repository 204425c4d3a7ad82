"""Nonlocal magnon transport between two Pt strips on YIG (nf.devices.nonlocal_strips).

Invariants of the 2D device: Onsager reciprocity, conservation of charge, spin, magnons
and energy, independence of the lateral extent and of the mesh, the symmetry of the
first and second harmonics, the condensation threshold and clear errors. The 1D limit
against the two-contact formula is tests/test_two_contact.py.
"""

import numpy as np
import pytest
from scipy.constants import e, hbar

import nfdiff as nf

# the default device is the thermal one; the electrical tests switch heat off to be fast
ELECTRICAL = dict(thermal=False, law="linear")


@pytest.fixture(scope="module")
def thermal_pair():
    """Default device (thermal, nonlinear law) solved at +50 and -50 uA."""
    dev = nf.devices.nonlocal_strips()
    return dev, dev.harmonics(50e-6)


@pytest.mark.parametrize("law", ["linear", "nonlinear"])
def test_onsager_reciprocity_with_unequal_strips(law, validation):
    """R_nl(A -> B, n) = R_nl(B -> A, -n) for strips of different widths.

    Onsager-Casimir: the order parameter n is odd under time reversal, so the
    reciprocal measurement (injector and detector swapped) needs n reversed. The
    electrical nonlocal signal is even in n (one factor n.s at injection and one at
    detection), so it also holds with n kept. Small current: with the nonlinear law
    the relation holds to first order in the drive, here to the relative size of the
    bias, ~1e-6.
    """
    dev = nf.devices.nonlocal_strips(widths=(300e-9, 600e-9), distance=3e-6,
                                     n=(0.8, 0.6, 0.0), thermal=False, law=law)
    current = 1e-6
    forward = dev.solve(current, injector="A", detector="B").observables["R_nl"]
    swapped = dev.replace(n=(-0.8, -0.6, 0.0))
    backward = swapped.solve(current, injector="B", detector="A").observables["R_nl"]
    tol = 1e-8 if law == "linear" else 1e-5
    validation.check("R_nl(B -> A, -n)", "R_nl(A -> B, n): Onsager-Casimir reciprocity, "
                     "unequal strips", backward, forward, tol, abs=0, unit="Ohm")
    # unequal strips: the two local resistances differ, the nonlocal ones do not
    r_a = dev.solve(current, "A", "B").observables["R_inj"]
    r_b = dev.solve(current, "B", "A").observables["R_inj"]
    assert r_a == pytest.approx(2 * r_b, rel=0.01)


def test_balances_close_in_the_thermal_device(thermal_pair, validation, magnon_relaxation):
    """Charge, spin, magnon and energy balances of the default 2D device.

    - the detector is open: E_y sigma integrated over its cross-section plus the
      inverse spin Hall current vanishes (the global unknown's equation), and the
      injector carries exactly the current;
    - every strip: the spin current into the film equals the spin relaxing inside;
    - the film: magnons injected by both strips equal those relaxing;
    - energy: the electrical power I E_y of the injector leaves through the bath.
    """
    dev, result = thermal_pair
    pt, yig = dev.metal, dev.magnet
    for sol, current in zip(result["solutions"], (50e-6, -50e-6), strict=True):
        p = sol.problem
        u, _ = p.to_fields(sol.x)
        power = current * sol.extruded_field["A"][1]
        I = f"I = {current * 1e6:+.0f} uA"
        validation.check(f"heat leaving through the bath, {I}", "electrical power I E_y "
                         "(energy conservation)", sol.boundary_current("bottom", "heat"),
                         power, 1e-8, abs=0, unit="W/m")
        ds = hbar * pt.conductivity / (4 * e**2 * pt.spin_diffusion_length**2)
        for strip in ("A", "B"):
            q = p.cells[strip]
            relax = np.array([q.integrate(ds * q.value(u[s]))
                              for s in ("mu_x", "mu_y", "mu_z")])
            out = sol.interface_current(strip, "film", "spin")
            validation.check(f"spin balance of strip {strip}, {I}", "spin current into the "
                             "film + spin relaxing in the strip = 0 (relative to the current)",
                             np.max(np.abs(out + relax)) / np.max(np.abs(out)), 0.0, 1e-8,
                             "max")
        q = p.cells["film"]
        T_m = dev.temperature + q.value(u["T_m"])
        relax = q.integrate(magnon_relaxation(yig, T_m) * q.value(u["mu_m"]))
        injected = (sol.observables["magnon_current_injector"]
                    + sol.observables["magnon_current_detector"])
        validation.check(f"magnons injected by both strips, {I}", "magnons relaxing in the "
                         "film, int (sigma_m/lambda_m^2)(T_m) mu_m dA", injected, relax, 1e-8,
                         abs=0, unit="J/m")


def test_harmonics_separate_electrical_and_thermal_signals(thermal_pair, validation):
    """R1 (odd in I) and R2 (even) from +-I; R2 scales with I^2, R1 does not.

    The electrical signal injects magnons of the sign of n.mu_s under the injector,
    and the detector voltage is opposite to the injector's (V_inj < 0 < V_det for
    I > 0 in the convention V = phi(L) - phi(0)). Joule heating gives R2 < 0 here.
    Halving I changes R1 and R2 only by the nonlinearity of the law and the
    temperature dependence of the coefficients: below 1 % at 50 uA.
    """
    dev, full = thermal_pair
    half = dev.harmonics(25e-6)
    assert full["R1"] > 0 > full["R2"]
    validation.check("R1 at 25 uA", "R1 at 50 uA: first harmonic independent of I",
                     half["R1"], full["R1"], 0.01, unit="Ohm")
    validation.check("R2 at 25 uA", "R2 at 50 uA: second harmonic ~ I^2", half["R2"],
                     full["R2"], 0.01, unit="V/A^2")
    plus = full["solutions"][0].observables
    assert plus["V_inj"] < 0 < full["R1"]
    assert plus["T_injector"] > plus["T_film_injector"] > plus["T_film_detector"] > 300.0
    # without heat, R2 is only the intrinsic nonlinearity of the law: tiny
    cold = dev.replace(thermal=False).harmonics(50e-6)
    assert abs(cold["R2"] * 50e-6) < 1e-3 * cold["R1"]
    # with heat, R1 also feels the bulk spin Seebeck coupling: the injected magnons carry
    # heat (its Onsager partner), whose magnon temperature gradients act back on them
    validation.check("R1 without heat", "R1 with heat (Joule heating is even in I; a few % "
                     "from the bulk spin Seebeck back-action)", cold["R1"], full["R1"], 0.05,
                     unit="Ohm")
    yig = dev.magnet.replace(spin_seebeck=0.0)
    uncoupled = dev.replace(magnet=yig).harmonics(50e-6)
    validation.check("R1 without heat (2)", "R1 with heat, no bulk spin Seebeck coefficient",
                     cold["R1"], uncoupled["R1"], 5e-3, unit="Ohm")


def test_signal_vanishes_for_n_along_the_strips_and_is_even_in_n(validation):
    """A current along y polarises spins perpendicular to y: with n along y no magnons
    are injected electrically (R_nl = 0 exactly), and R_nl is even in n."""
    dev = nf.devices.nonlocal_strips(distance=2e-6, **ELECTRICAL)
    r_x = dev.solve(1e-6).observables["R_nl"]
    validation.check("R_nl(n = -x)", "R_nl(n = +x): even in n",
                     dev.replace(n=(-1, 0, 0)).solve(1e-6).observables["R_nl"], r_x, 1e-8,
                     abs=0, unit="Ohm")
    validation.check("R_nl(n = y)", "0 exactly: n perpendicular to the spin Hall "
                     "polarisation", dev.replace(n=(0, 1, 0)).solve(1e-6).observables["R_nl"],
                     0.0, 0.0, "abs", unit="Ohm")
    # n along z couples to the z-polarised spin accumulation that the sidewalls leave
    # near the strip edges, odd across each strip: a small dipolar signal, ~1e-3 here
    assert abs(dev.replace(n=(0, 0, 1)).solve(1e-6).observables["R_nl"]) < 5e-3 * r_x


def test_results_do_not_depend_on_the_lateral_extent(validation):
    """Doubling the film's margin beyond the strips changes R1 by < 1e-4 (relative).

    The default margin is 5 lambda_m: a magnon reflected at the far end comes back
    attenuated by exp(-10) ~ 5e-5.
    """
    dev = nf.devices.nonlocal_strips(**ELECTRICAL)
    default = dev.solve(1e-6).observables["R_nl"]
    wide = dev.replace(extent=2 * dev.half_extent()).solve(1e-6).observables["R_nl"]
    validation.check("R_nl, film twice as wide", "R_nl with the default extent (5 lambda_m "
                     "margin)", wide, default, 1e-4, abs=0, unit="Ohm")
    narrow = dev.replace(extent=dev.distance / 2 + 0.5 * dev.magnet.magnon_diffusion_length)
    assert abs(narrow.solve(1e-6).observables["R_nl"] / default - 1) > 1e-3  # it matters


def test_default_mesh_is_converged_to_a_few_tenths_of_a_percent(validation):
    """R1 on the default P1 mesh against P2 on it: within 0.3 %.

    Measured (benchmarks/bench_nonlocal.py): the default mesh is 0.16 % below the
    P2 result on a mesh refined twice in every size, the P2 result on the default mesh
    agrees with that to 4e-5. The error falls linearly with the element size at the
    interface (hz_min), which the default sets to lambda_Pt / 16.
    """
    dev = nf.devices.nonlocal_strips(**ELECTRICAL)
    p1 = dev.solve(1e-6).observables["R_nl"]
    p2 = dev.replace(order=2).solve(1e-6).observables["R_nl"]
    validation.check("R_nl, default P1 mesh", "P2 on the same mesh (discretisation error)",
                     p1, p2, 3e-3, abs=0, unit="Ohm")
    assert p1 != pytest.approx(p2, rel=1e-5, abs=0)  # a real discretisation error


def test_injector_past_the_condensation_threshold():
    """Negative current pushes mu_m under the injector up to the gap: CondensationError
    naming the film and a point under the injector; the opposite polarity solves."""
    dev = nf.devices.nonlocal_strips(distance=2e-6, thermal=False, h_min=(10e-9, 1e-9),
                                     h_max=(1e-6, 50e-9))  # coarse: continuation is costly
    with pytest.raises(nf.CondensationError) as info:
        dev.solve(-1e-3)
    err = info.value
    assert err.region == "film" and err.mu_m >= err.gap
    assert abs(err.location[0] + 1e-6) < 0.3e-6
    assert err.location[1] == pytest.approx(dev.film_thickness, rel=1e-9, abs=0)
    sol = dev.solve(1e-3)
    assert sol.newton.converged and sol.observables["mu_m_injector"] < 0


@pytest.mark.parametrize("kwargs, name", [
    (dict(distance=200e-9), "distance"),  # strips of 300 nm overlap
    (dict(distance=-5e-6), "distance"),
    (dict(widths=(300e-9, 0.0)), "widths"),  # the message shows widths[1]
    (dict(widths=(1e-7, 2e-7, 3e-7)), "widths"),
    (dict(law="ballistic"), "law"),
    (dict(metal="Unobtainium"), "metal"),
    (dict(magnet="Pt"), "magnet"),
    (dict(substrate=None, substrate_thickness=1e-6), "substrate_thickness"),
    (dict(extent=1e-6), "extent"),
    (dict(n=(0, 0, 0)), "n"),
    (dict(film_thickness=0.0), "film_thickness"),
    (dict(order=3), "order"),
])
def test_bad_device_parameters(kwargs, name):
    with pytest.raises(nf.ParameterError) as info:
        nf.devices.nonlocal_strips(**kwargs)
    assert info.value.name == name


@pytest.mark.parametrize("kwargs, name", [
    (dict(current=0.0), "current"),
    (dict(current=np.nan), "current"),
    (dict(injector="C"), "injector"),
    (dict(injector="B", detector="B"), "detector"),
])
def test_bad_solve_arguments(kwargs, name):
    dev = nf.devices.nonlocal_strips(**ELECTRICAL)
    with pytest.raises(nf.ParameterError) as info:
        dev.solve(**kwargs)
    assert info.value.name == name


def test_the_real_stack_meshes_small_and_converged(validation):
    """The default device is the real stack, Pt on 200 nm YIG on 500 um of GGG with the
    heat sink at the GGG bottom; graded (nm at the strips, 25 nm at the film bottom, the
    growth 1.25 out to 5 mm) it keeps about the size of the bare film's mesh, and halving
    the smallest elements with a gentler growth moves R1 and R2 by less than 0.3 %."""
    st = nf.devices.nonlocal_strips()
    assert st.substrate.name == "GGG" and st.substrate_thickness == 500e-6
    coarse = st.harmonics(50e-6)
    fine = st.replace(h_min=(0.75e-9, 0.047e-9), growth=1.12).harmonics(50e-6)
    assert coarse["solutions"][0].problem.size < 40_000
    for name in ("R1", "R2"):
        validation.check(f"{name}, default mesh of the real stack", "mesh with half the "
                         "smallest elements and growth 1.12", coarse[name], fine[name], 3e-3,
                         unit="Ohm" if name == "R1" else "V/A^2")
