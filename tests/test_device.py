"""Device-level invariants of the finite-element core (docs/theory.md#theory-conservation).

Exact Jacobian, conservation of spin, magnons and energy, Newton's convergence rate,
the condensation threshold, and clear errors for bad input.
"""

import numpy as np
import pytest
from scipy.constants import e, hbar

import nfdiff as nf
from nfdiff import bc


def device(mesh, pt, yig, **kw):
    options = dict(materials={"film": yig, "A": pt, "B": pt}, law="nonlinear", thermal=True,
                   length=100e-6, boundary_conditions={"bottom": bc.Temperature(300.0)})
    options.update(kw)
    return nf.Device(mesh, **options)


@pytest.mark.parametrize("law", ["nonlinear", "linear"])
def test_jacobian_matches_finite_differences(nonlocal_mesh, pt, yig, law, validation):
    """dR/dx of the assembled system against central differences, block by block.

    Thermal model with the nonlinear or linear law, Joule and magnon dissipation, a
    temperature-dependent conductivity and Wiedemann-Franz thermal conductivity, and
    YIG's coefficients at the local temperature: every nonlinearity of the model is
    active.
    """
    metal = pt.replace(resistivity_temperature_coefficient=2e-3, thermal_conductivity=None)
    assert yig.temperature_exponents()
    sol = device(nonlocal_mesh, metal, yig, law=law).solve(current={"A": 1e-4})
    p = sol.problem
    rng = np.random.default_rng(0)
    x = sol.x * 1.02 + 1e-4 * np.max(np.abs(sol.x)) * rng.normal(size=p.size)
    _, J = p.evaluate(x)
    blocks = {f: p.gidx[f][p.field_dofs[f]] for f in p.fields}
    blocks["E"] = np.array(list(p.global_index.values()))
    for name, cols in blocks.items():
        v = np.zeros(p.size)
        v[cols] = rng.normal(size=len(cols))
        eps = 1e-6 * np.max(np.abs(x))
        fd = (p.evaluate(x + eps * v, jacobian=False)[0]
              - p.evaluate(x - eps * v, jacobian=False)[0]) / (2 * eps)
        an = J @ v
        worst = 0.0
        for rows in blocks.values():
            scale = np.max(np.abs(an[rows])) + np.max(np.abs(fd[rows]))
            if scale > 0:
                worst = max(worst, np.max(np.abs(an[rows] - fd[rows])) / scale)
        validation.check(f"Jacobian columns of {name}: worst row block", "central finite "
                         "differences of the residual (relative)", worst, 0.0, 1e-6, "max",
                         noisy=True)


def test_spin_magnon_and_charge_balances_close(nonlocal_mesh, pt, yig, validation,
                                               magnon_relaxation):
    """Per region: interface currents out = relaxation inside, to solver tolerance.

    Metal strip: int_NF i_k ds + int (hbar sigma / 4 e^2 lambda^2) mu_k dA = 0 for each
    polarisation k. Film: magnons injected by both strips, int -n.i ds, equal the
    magnons relaxing, int (sigma_m / lambda_m^2) mu_m dA. Open detector: int J_y dA = 0.
    """
    sol = device(nonlocal_mesh, pt, yig).solve(current={"A": 1e-4}, rtol=1e-12)
    p = sol.problem
    u, _ = p.to_fields(sol.x)
    ds = hbar * pt.conductivity / (4 * e**2 * pt.spin_diffusion_length**2)
    for strip in ("A", "B"):
        q = p.cells[strip]
        relax = np.array([q.integrate(ds * q.value(u[s])) for s in ("mu_x", "mu_y", "mu_z")])
        out = sol.interface_current(strip, "film", "spin")
        validation.check(f"spin balance of strip {strip}", "spin current into the film + "
                         "spin relaxing in the strip = 0 (relative to the current)",
                         np.max(np.abs(out + relax)) / np.max(np.abs(out)), 0.0, 1e-8, "max")
    q = p.cells["film"]
    relax = q.integrate(magnon_relaxation(yig, 300.0 + q.value(u["T_m"])) * q.value(u["mu_m"]))
    injected = sum(sol.interface_current(s, "film", "magnon") for s in ("A", "B"))
    validation.check("magnons injected by both strips", "magnons relaxing in the film at T_m, "
                     "int (sigma_m/lambda_m^2) mu_m dA", injected, relax, 1e-8, abs=0,
                     unit="J/m")
    assert abs(sol.interface_current("A", "film", "magnon")) > 10 * abs(injected)
    # the open detector carries no net current along the strip
    assert sol.extruded_field["B"][1] != 0


@pytest.mark.parametrize("order", [1, 2])
def test_energy_balance(nonlocal_mesh, pt, yig, order, validation):
    """Electrical power I E_y equals the heat leaving through the bath, at every drive.

    With the magnon heat entering at the interface counted as qdot + mu_m n.i / hbar
    (docs/theory.md#theory-energy), the balance is exact up to the Newton tolerance; counting qdot
    alone leaves an imbalance of the size of the magnon dissipation.
    """
    dev = device(nonlocal_mesh, pt, yig, order=order)
    for current in (2e-5, 5e-6):
        sol = dev.solve(current={"A": current})
        power = current * sol.extruded_field["A"][1]
        heat_out = sol.boundary_current("bottom", "heat")
        validation.check(f"heat leaving through the bath, I = {current * 1e6:g} uA",
                         "electrical power I E_y (energy conservation)", heat_out, power, 1e-8,
                         abs=0, unit="W/m")


def test_newton_converges_quadratically(nonlocal_mesh, pt, yig, validation):
    """Nonlinear law + Joule heating + sigma(T): the residual squares each iteration.

    A strong drive (1e11 A/m^2 with alpha = 4e-3 /K; a 1 T gap keeps the magnons below
    condensation) makes every nonlinearity matter.
    """
    metal = pt.replace(resistivity_temperature_coefficient=4e-3)
    magnet = yig.replace(gap=nf.units.zeeman_gap(1.0))
    sol = device(nonlocal_mesh, metal, magnet, thermal=True).solve(current={"A": 3e-4})
    steps = np.array(sol.newton.steps)  # relative size of each update ~ error before it
    assert sol.newton.converged and sol.newton.iterations <= 6
    # the number of correct digits doubles once in the basin: log s_{k+1} / log s_k ~ 2
    k = np.nonzero((steps[:-1] < 1e-2) & (steps[1:] > 1e-14))[0]
    assert len(k) >= 1
    rates = np.log(steps[k + 1]) / np.log(steps[k])
    validation.check("Newton convergence order in the basin (smallest)",
                     "2 (quadratic): log s_(k+1) / log s_k > 1.7 at every step",
                     np.min(rates), 2.0, 1.7, "gt", noisy=True)
    validation.check("final / initial Newton residual", "< 1e-9",
                     sol.newton.residuals[-1] / sol.newton.residuals[0], 0.0, 1e-9, "lt")


def test_condensation_threshold(nonlocal_mesh, pt, yig):
    """Past the threshold the solve stops with CondensationError; -I solves."""
    dev = device(nonlocal_mesh, pt, yig, thermal=False, boundary_conditions={})
    with pytest.raises(nf.CondensationError) as info:
        dev.solve(current={"A": -1e-3})
    err = info.value
    assert err.region == "film" and err.gap == yig.gap and err.mu_m >= yig.gap
    # under the injector (x = -1 um), at the film top
    assert abs(err.location[0] + 1e-6) < 0.2e-6
    assert err.location[1] == pytest.approx(200e-9, rel=1e-12, abs=0)
    assert "continuation" in str(err)
    sol = dev.solve(current={"A": 1e-3})
    _, mu = sol.field("mu_m")
    assert np.max(mu) < yig.gap and np.min(mu) < -yig.gap


def test_bad_input_gets_clear_errors(nonlocal_mesh, pt, yig):
    with pytest.raises(nf.ParameterError, match="have no material"):
        nf.Device(nonlocal_mesh, materials={"film": yig, "A": pt})
    with pytest.raises(nf.ParameterError, match="is not a region of the mesh"):
        nf.Device(nonlocal_mesh, materials={"film": yig, "A": pt, "B": pt, "C": pt})
    with pytest.raises(nf.ParameterError, match="region 'X' is unknown"):
        nf.Device(nonlocal_mesh, materials={"film": yig, "A": pt, "B": pt},
                  interfaces={("X", "film"): nf.NFInterface(g_r=1e19)})
    cu = nf.materials.get("Cu")
    metals = nf.mesh.stack([("N1", 10e-9), ("N2", 10e-9)], h_min=1e-9)
    with pytest.raises(nf.ParameterError, match="joins a metal and a magnet"):
        nf.Device(metals, materials={"N1": cu, "N2": pt},
                  interfaces={("N1", "N2"): nf.NFInterface(g_r=1e19)})
    bare = type(nonlocal_mesh)(nonlocal_mesh.p, nonlocal_mesh.t)
    with pytest.raises(nf.ParameterError, match="no named regions"):
        nf.Device(bare, materials={"film": yig})
    dev = device(nonlocal_mesh, pt, yig, boundary_conditions={"nowhere": bc.Temperature(300)})
    with pytest.raises(nf.ParameterError, match="no boundary of that name"):
        dev.solve(current={"A": 1e-4})
    dev = device(nonlocal_mesh, pt, yig, thermal=False,
                 boundary_conditions={"bottom": bc.Temperature(300)})
    with pytest.raises(nf.ParameterError, match="thermal conditions need thermal=True"):
        dev.solve(current={"A": 1e-4})
    dev = device(nonlocal_mesh, pt, yig, boundary_conditions={"bottom": bc.Potential(0.0)})
    with pytest.raises(nf.ParameterError, match="touches only"):
        dev.solve(current={"A": 1e-4})
    dev = device(nonlocal_mesh, pt, yig)
    with pytest.raises(nf.ParameterError, match="is not a metal region"):
        dev.solve(current={"film": 1e-4})
    with pytest.raises(nf.ParameterError, match="2D devices take"):
        dev.solve(current_density={"A": (1e10, 0.0)})
    with pytest.raises(nf.ParameterError, match="law"):
        device(nonlocal_mesh, pt, yig, law="quantum")
    with pytest.raises(nf.ParameterError, match="temperature"):
        device(nonlocal_mesh, pt, yig, temperature=-1.0)


@pytest.mark.parametrize(("option", "entry", "reason"), [
    ("interfaces", {("A", "B"): nf.NFInterface(g_r=1e19)}, "'A' and 'B' do not touch"),
    ("interfaces", {("A", "A"): nf.NFInterface(g_r=1e19)}, "two different regions"),
    ("interfaces", {"A": nf.NFInterface(g_r=1e19)}, "pairs"),
    ("kapitza", {("A", "B"): 1e8}, "'A' and 'B' do not touch"),
    ("kapitza", {("A", "substrate"): 1e8}, "region 'substrate' is unknown"),
    ("n", {"film": (1, 0, 0), "YIG": (0, 1, 0)}, "region 'YIG' is not a region"),
    ("n", {"film": (1, 0, 0), "A": (0, 1, 0)}, "region 'A' is not a magnet"),
])
def test_entries_for_regions_that_do_not_exist_or_touch_are_refused(nonlocal_mesh, pt, yig,
                                                                     option, entry, reason):
    """An interface, Kapitza conductance or order parameter that would be ignored (the
    regions do not exist, do not touch or are no magnet) is an error naming the entry,
    at construction, not a silently different device."""
    with pytest.raises(nf.ParameterError, match=reason) as info:
        device(nonlocal_mesh, pt, yig, **{option: entry})
    assert info.value.name == option
    assert info.value.value == (next(iter(entry)) if option != "n" else entry)


def test_entries_for_touching_regions_are_used(nonlocal_mesh, pt, yig):
    """The same options on regions that touch are taken: a Kapitza conductance given for
    the (A, film) interface is the one the coupling uses."""
    dev = device(nonlocal_mesh, pt, yig, kapitza={("film", "A"): 1.5e8},
                 n={"film": (0, 1, 0)})
    assert dev.coupling("A", "film").kapitza == 1.5e8
    assert dev.coupling("B", "film").kapitza != 1.5e8
    assert tuple(dev.order_parameter("film")) == (0.0, 1.0, 0.0)


def test_evaluate_takes_the_side_of_the_named_region_in_1d(pt, yig):
    """At a 1D interface each region's field is read from that region's element."""
    mesh = nf.mesh.stack([("F", 50e-9), ("N", 10e-9)], h_min=0.5e-9)
    dev = nf.Device(mesh, materials={"F": yig, "N": pt}, thermal=True, n=(0, 1, 0),
                    boundary_conditions={"bottom": bc.Temperature(301.0),
                                         "top": bc.Temperature(300.0)})
    sol = dev.solve(current_density={"N": (0.0, 0.0)})
    z_interface = 50e-9
    for name, region in (("T_p", "F"), ("T_m", "F"), ("T_e", "N")):
        xs, values = sol.field(name, region)
        at = np.argmin(np.abs(xs[0] - z_interface))
        assert xs[0, at] == pytest.approx(z_interface, rel=1e-12, abs=0)
        assert sol.evaluate(name, [[z_interface]], region=region)[0] == pytest.approx(
            values[at], rel=1e-12, abs=0)
    # the Kapitza and magnon resistances make the temperature jump at the interface
    assert sol.evaluate("T_p", [[z_interface]])[0] > sol.evaluate("T_e", [[z_interface]])[0]
