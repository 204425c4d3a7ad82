"""Devices on the gmsh meshes shipped in meshes/ (docs/howto/gmsh.md).

A Pt strip (10 nm thick) on a 200 nm YIG film, driven by 100 uA along the strip, with
the nonlinear law, Joule heating and the film bottom at the bath temperature:

- on the rectangular gmsh mesh (triangles) and on the same device built as a
  tensor-product mesh (quads) the results agree to well within the discretisation
  error;
- on the strip with sloped sidewalls the device solves and closes its charge, spin,
  magnon and energy balances.
"""

from pathlib import Path

import numpy as np
import pytest
from scipy.constants import e, hbar

import nfdiff as nf
from nfdiff import bc

MESHES = Path(__file__).resolve().parents[1] / "meshes"
CURRENT = 1e-4  # A along the strip
FILM_TOP = 200e-9


def solve(mesh, order=1):
    pt, yig = nf.materials.get("Pt"), nf.materials.get("YIG")
    dev = nf.Device(mesh, materials={"film": yig, "strip": pt}, law="nonlinear",
                    thermal=True, length=100e-6, order=order,
                    boundary_conditions={"bottom": bc.Temperature(300.0)})
    return dev.solve(current={"strip": CURRENT})


def observables(sol):
    """Magnon current into the film [J/m], E along the strip [V/m], heat out [W/m],
    mu_m under the strip centre [J], Joule temperature rise in the strip [K]."""
    centre = np.array([[0.0], [FILM_TOP]])
    return {
        "magnon": sol.interface_current("strip", "film", "magnon"),
        "E": sol.extruded_field["strip"][1],
        "heat": sol.boundary_current("bottom", "heat"),
        "mu_m": float(sol.evaluate("mu_m", centre, region="film")[0]),
        "dT": float(sol.evaluate("T_e", centre + [[0.0], [5e-9]])[0]) - 300.0,
    }


@pytest.fixture(scope="module")
def rect_results():
    tri = nf.mesh.load(MESHES / "rect_strip_on_film.msh")
    quad = nf.mesh.rectangles({"film": (-2e-6, 2e-6, 0.0, FILM_TOP),
                               "strip": (-150e-9, 150e-9, FILM_TOP, FILM_TOP + 10e-9)},
                              h_min=2e-9)
    return {(name, order): observables(solve(mesh, order))
            for name, mesh in (("tri", tri), ("quad", quad)) for order in (1, 2)}


@pytest.mark.parametrize("key", ["magnon", "E", "heat", "mu_m", "dT"])
def test_rectangular_gmsh_mesh_agrees_with_tensor_mesh(rect_results, key, validation):
    """P2 on triangles and on quads agree 10x better than P1 differs from P2.

    The P1 -> P2 change on the tensor mesh estimates the P1 discretisation error
    (about 2 % for the magnon current, whose spin accumulation varies on
    lambda = 1.5 nm); two independent P2 discretisations of the same device must agree
    to a small fraction of it.
    """
    tri, quad, quad1 = rect_results["tri", 2], rect_results["quad", 2], rect_results["quad", 1]
    p1_error = abs(quad1[key] - quad[key])
    assert p1_error > 0
    units = {"magnon": "J/m", "E": "V/m", "heat": "W/m", "mu_m": "J", "dT": "K"}
    validation.check(f"{key}: P2 on gmsh triangles", "P2 on the tensor quad mesh, within "
                     "0.1 x |P1 - P2| on quads", tri[key], quad[key], 0.1 * p1_error, "abs",
                     strict=True, unit=units[key])


def test_rectangular_meshes_physics(rect_results, validation):
    """Energy is conserved and magnons are injected into the film (not drawn out)."""
    for (mesh, order), obs in rect_results.items():
        validation.check(f"heat leaving through the bath, {mesh} P{order}", "electrical power "
                         "I E_y (energy conservation)", obs["heat"], CURRENT * obs["E"], 1e-8,
                         abs=0, unit="W/m")
        assert obs["magnon"] > 0 and obs["mu_m"] < 0 and obs["dT"] > 0


def test_sloped_sidewall_strip_solves_and_conserves(validation, magnon_relaxation):
    """Trapezoidal strip (300 nm base, 200 nm top): balances close to solver tolerance.

    - energy: Joule power I E_y leaves through the film bottom;
    - spin: the spin current into the film equals the spin relaxing in the strip,
      for each polarisation (the sloped sidewalls are spin-blocking);
    - magnons: those injected equal those relaxing in the film;
    - charge: E_y sigma A = I up to the spin Hall correction, of order
      theta^2 (2 lambda / d) = 0.4 %, and E_y scales with 1/A against the rectangle.
    """
    pt, yig = nf.materials.get("Pt"), nf.materials.get("YIG")
    mesh = nf.mesh.load(MESHES / "strip_on_film.msh")
    sol = solve(mesh)
    assert sol.newton.converged and sol.newton.iterations <= 6
    p = sol.problem
    u, _ = p.to_fields(sol.x)

    E = sol.extruded_field["strip"][1]
    validation.check("heat leaving through the bath", "electrical power I E_y (energy "
                     "conservation)", sol.boundary_current("bottom", "heat"), CURRENT * E,
                     1e-8, abs=0, unit="W/m")
    q = p.cells["strip"]
    ds = hbar * pt.conductivity / (4 * e**2 * pt.spin_diffusion_length**2)
    relax = np.array([q.integrate(ds * q.value(u[s])) for s in ("mu_x", "mu_y", "mu_z")])
    out = sol.interface_current("strip", "film", "spin")
    validation.check("spin balance of the strip", "spin current into the film + spin "
                     "relaxing in the strip = 0 (relative to the current)",
                     np.max(np.abs(out + relax)) / np.max(np.abs(out)), 0.0, 1e-8, "max")
    q = p.cells["film"]
    T_m = sol.device.temperature + q.value(u["T_m"])
    relax_m = q.integrate(magnon_relaxation(yig, T_m) * q.value(u["mu_m"]))
    validation.check("magnons injected by the strip", "magnons relaxing in the film at T_m",
                     sol.interface_current("strip", "film", "magnon"), relax_m, 1e-8, abs=0,
                     unit="J/m")

    area = 0.5 * (300e-9 + 200e-9) * 10e-9
    theta, lam, d = pt.spin_hall_angle, pt.spin_diffusion_length, 10e-9
    spin_hall = theta**2 * 2 * lam / d
    validation.check("E_y sigma A / I", "1 up to the spin Hall correction "
                     "1.5 theta^2 (2 lambda/d)", E * pt.conductivity * area / CURRENT, 1.0,
                     1.5 * spin_hall, "abs", strict=True)
    rect = solve(nf.mesh.load(MESHES / "rect_strip_on_film.msh"))
    ratio = E / rect.extruded_field["strip"][1]
    validation.check("E_y(trapezoid) / E_y(rectangle)", "ratio of the cross-sections, "
                     "300 nm x 10 nm / A", ratio, 300e-9 * 10e-9 / area, 0.1 * spin_hall)


def test_evaluate_reproduces_nodal_values_and_rejects_points_outside():
    """Solution.evaluate at the nodes of a region returns the nodal values."""
    sol = solve(nf.mesh.load(MESHES / "rect_strip_on_film.msh"))
    xy, values = sol.field("T_e")
    np.testing.assert_allclose(sol.evaluate("T_e", xy[:, :50]), values[:50], rtol=1e-12)
    with pytest.raises(nf.ParameterError, match="points"):
        sol.evaluate("T_e", np.array([[0.0], [100e-9]]))  # in the film, not the strip
