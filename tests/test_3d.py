"""Three-dimensional devices: box meshes, the physics on tetrahedra and hexahedra, export.

In 3D the mesh spans (x, y, z) and nothing is extruded: the models, couplings and
boundary conditions are the same code as in 1D and 2D (docs/theory.md#theory-3d). The
checks:

* a slab of the 2D cross-section extruded along y (insulating end faces) has the 2D
  solution: exactly (to the Newton tolerance) on hexahedra, where the y-constant
  extension of the discrete 2D solution is the discrete 3D solution (tensor-product
  elements and quadrature, no flux along y); to the discretisation error on
  tetrahedra, which converges to it at the P1 rate; in the middle of a finite open
  strip with the spin Hall effect, the field of the charges at its ends is the 2D
  extruded field of the open circuit;
* manufactured solutions of the magnon equations (isothermal and thermal: mu_m, T_m,
  T_p) and of the linear N|F interface with fields that vary along x, y and z converge
  at the Lagrange rates (P1: 2, P2: 3);
* balances: the magnons that cross the interface are the magnons that relax in the
  magnet, the spin injected by a reservoir is the spin that relaxes in the metal plus
  the spin that crosses the interface (the discrete equations summed, so to the Newton
  tolerance);
* VTU files of tetrahedra and hexahedra read back with meshio (cells, orientation,
  fields);
* terminal contacts (nf.bc.Terminal): a bar's resistance L/(sigma A), Joule heat = I V,
  a driven strip's middle = the 2D strip driven by the extruded current, and the 3D
  nonlocal device with the film ending at the strips = the 2D template.
"""

from __future__ import annotations

import meshio
import numpy as np
import pytest
import skfem
from _mms import INTERFACE_MODES, Curve, Separable, coordinates, interface_modes, l2_error, slope
from scipy.constants import e, hbar
from scipy.constants import k as k_B
from test_manufactured import magnet_sources

import nfdiff as nf
from nfdiff.errors import ParameterError

T0 = 300.0
KT = k_B * T0
SPIN = ("mu_x", "mu_y", "mu_z")
PT = nf.materials.get("Pt")
YIG = nf.materials.get("YIG")
GGG = nf.materials.get("GGG")
RATE = {1: 2.0, 2: 3.0}
SLOPE_TOL = 0.15


def cell_volumes(mesh):
    """Volume of every cell (scikit-fem quadrature of 1)."""
    basis = skfem.Basis(mesh, {skfem.MeshHex1: skfem.ElementHex1,
                               skfem.MeshTet1: skfem.ElementTetP1}[type(mesh)]())
    return basis.dx.sum(axis=1)


def facet_areas(mesh, facets):
    fb = skfem.FacetBasis(mesh, {skfem.MeshHex1: skfem.ElementHex1,
                                 skfem.MeshTet1: skfem.ElementTetP1}[type(mesh)](),
                          facets=np.asarray(facets))
    return float(fb.dx.sum())


# ---- the mesh builder ------------------------------------------------------------------
@pytest.mark.parametrize("cells", ["hexahedra", "tetrahedra"])
def test_boxes_regions_and_boundaries(cells):
    """Regions fill their boxes exactly, boundaries the faces of the bounding box; a
    gap between boxes is removed; the interface has the footprint's area."""
    L, W, H, t = 1e-6, 0.6e-6, 200e-9, 10e-9
    mesh = nf.mesh.boxes({"F": (0, L, 0, W, 0, H),
                          "N": [(0.2e-6, 0.4e-6, 0, W, H, H + t),
                                (0.6e-6, 0.7e-6, 0.1e-6, 0.5e-6, H, H + t)]},
                         cells=cells, h_min=(40e-9, 0.1e-6, 4e-9), h_max=(0.2e-6, 0.2e-6, 50e-9))
    assert type(mesh) is {"hexahedra": skfem.MeshHex1, "tetrahedra": skfem.MeshTet1}[cells]
    vol = cell_volumes(mesh)
    assert np.all(vol > 0)
    nv = 0.2e-6 * W * t + 0.1e-6 * 0.4e-6 * t
    assert vol[mesh.subdomains["F"]].sum() == pytest.approx(L * W * H, rel=1e-12, abs=0)
    assert vol[mesh.subdomains["N"]].sum() == pytest.approx(nv, rel=1e-12, abs=0)
    assert len(mesh.subdomains["F"]) + len(mesh.subdomains["N"]) == mesh.t.shape[1]
    area = {name: facet_areas(mesh, f) for name, f in mesh.boundaries.items()}
    assert area["bottom"] == pytest.approx(L * W, rel=1e-12, abs=0)
    assert area["top"] == pytest.approx(nv / t, rel=1e-12, abs=0)
    assert area["left"] == pytest.approx(W * H, rel=1e-12, abs=0)
    assert area["front"] == pytest.approx(L * H + 0.2e-6 * t, rel=1e-12, abs=0)
    # exterior: the closed surface of F plus the sides and tops of the pads, minus the
    # footprints
    side = 2 * (0.2e-6 + W) * t + 2 * (0.1e-6 + 0.4e-6) * t
    assert area["exterior"] == pytest.approx(2 * (L * W + L * H + W * H) + side, rel=1e-12)
    facets, _, _ = nf.mesh.interface_facets(mesh, "F", "N")
    assert facet_areas(mesh, facets) == pytest.approx(nv / t, rel=1e-12, abs=0)
    # graded: at most h_min at the planes through faces, at most h_max elsewhere
    for k, (lo, hi) in enumerate([(40e-9, 0.2e-6), (0.1e-6, 0.2e-6), (4e-9, 50e-9)]):
        c = np.unique(mesh.p[k])
        assert np.diff(c).max() <= hi * (1 + 1e-12)
        for plane in {0: (0.2e-6, 0.4e-6, 0.6e-6, 0.7e-6), 1: (0.1e-6, 0.5e-6),
                      2: (H,)}[k]:
            j = np.searchsorted(c, plane)
            assert c[j] == plane and c[j + 1] - c[j] <= lo * (1 + 1e-9)


def test_boxes_errors():
    box = (0, 1e-6, 0, 1e-6, 0, 1e-6)
    with pytest.raises(ParameterError, match=r"overlap.*'A'.*'B'"):
        nf.mesh.boxes({"A": box, "B": (0.5e-6, 2e-6, 0, 1e-6, 0, 1e-6)})
    with pytest.raises(ParameterError, match="positive volume"):
        nf.mesh.boxes({"A": (0, 1e-6, 0, 0, 0, 1e-6)})
    with pytest.raises(ParameterError, match=r"\(x0, x1, y0, y1, z0, z1\)"):
        nf.mesh.boxes({"A": (0, 1e-6, 0, 1e-6)})
    with pytest.raises(ParameterError, match="cells"):
        nf.mesh.boxes({"A": box}, cells="prisms")
    with pytest.raises(ParameterError, match="grid nodes"):
        nf.mesh.boxes({"A": (0, 1.0, 0, 1.0, 0, 1.0)}, h_min=1e-3, h_max=1e-3)
    with pytest.raises(ParameterError, match="grid nodes"):  # counted, not built
        nf.mesh.boxes({"A": (0, 1.0, 0, 1.0, 0, 1.0)}, h_min=1e-9, h_max=1e-6)
    with pytest.raises(ParameterError, match="at least h_min"):
        nf.mesh.boxes({"A": box}, h_min=1e-7, h_max=(1e-6, 1e-8, 1e-6))
    with pytest.raises(ParameterError, match="refine"):
        nf.mesh.boxes({"A": box}, refine={"w": [0.5e-6]})


def test_extrude_errors():
    section = nf.mesh.rectangles({"F": (0, 1e-6, 0, 1e-7)}, h_min=5e-8)
    with pytest.raises(ParameterError, match="increasing"):
        nf.mesh.extrude(section, [0.0, 0.0, 1e-6])
    with pytest.raises(ParameterError, match="increasing"):
        nf.mesh.extrude(section, [0.0])
    with pytest.raises(ParameterError, match="MeshQuad1"):
        nf.mesh.extrude(skfem.MeshTri1(), [0.0, 1e-6])
    named = section.with_boundaries({**section.boundaries, "front": section.boundaries["left"]})
    with pytest.raises(ParameterError, match="front"):
        nf.mesh.extrude(named, [0.0, 1e-6])


# ---- a slab that is invariant along y ----------------------------------------------------
L, TF, DS = 2e-6, 200e-9, 500e-9     # width, YIG film, GGG substrate [m]
SECTION = {"GGG": (0, L, -DS, 0), "YIG": (0, 0.6 * L, 0, TF),
           "A": (0.2 * L, 0.3 * L, TF, TF + 10e-9), "B": (0.8 * L, 0.9 * L, 0, 10e-9)}
#: Pt without spin Hall effect: in 3D the spin Hall spin currents of the in-plane
#: (x, z) electric field flow along y and pile spin up at the end faces of a finite slab
#: (a genuine 3D effect, absent from the 2D cross-section).
PT0 = PT.replace(spin_hall_angle=0.0)
MATERIALS = {"GGG": GGG, "YIG": YIG, "A": PT0, "B": PT0}


def _with_pad_tops(mesh, zaxis):
    """Named boundaries "topA" (top of pad A) and "topB" (top of pad B)."""
    ext = mesh.boundaries["exterior"]
    x, z = (mesh.p[k][mesh.facets[:, ext]] for k in (0, zaxis))
    b = dict(mesh.boundaries)
    b["topA"] = ext[np.all(z == TF + 10e-9, axis=0)]
    b["topB"] = ext[np.all(z == 10e-9, axis=0) & np.all(x >= 0.8 * L, axis=0)]
    return mesh.with_boundaries(b)


def _slab_device(mesh, *, thermal=True):
    bcs = {"topA": nf.bc.SpinReservoir(mu=(0.0, -1e-3 * KT, 0.0)),
           "bottom": nf.bc.Temperature(T0)}
    if thermal:
        bcs["topB"] = nf.bc.HeatFlux(1e8)
    return nf.Device(mesh, materials=MATERIALS, thermal=thermal, temperature=T0,
                     n=(0.0, 1.0, 0.0), boundary_conditions=bcs)


PROBES = {  # region -> (x, z) points [m]
    "YIG": np.array([[0.25 * L, 0.3 * L, 0.05 * L], [TF / 2, 0.9 * TF, 0.1 * TF]]),
    "GGG": np.array([[0.85 * L, 0.5 * L], [-DS / 2, -10e-9]]),
    "A": np.array([[0.25 * L], [TF + 5e-9]]),
    "B": np.array([[0.85 * L], [5e-9]]),
}


@pytest.mark.parametrize("builder", ["boxes", "extrude"])
def test_slab_hexahedra_reproduce_2d(builder):
    """GGG substrate, YIG film on part of it, Pt pad A on the YIG (spin reservoir
    mu_y = -1e-3 k_B T0 on its top, n along y; no spin Hall effect: see PT0) and Pt pad
    B on the GGG heated by 1e8 W/m^2 (Kapitza B|GGG), bath at the bottom: mu_s, phi,
    T_e, mu_m, T_m, T_p, the nonlinear law and Kapitza.

    Extruded 1 um along y into hexahedra over the same (x, z) grid (``nf.mesh.boxes`` of
    the boxes above the rectangles, or ``nf.mesh.extrude`` of the 2D mesh, which keeps
    the named boundaries of the pad tops), with insulating end
    faces, the 3D solution equals the 2D one at every probe to 1e-6 of the field's
    variation (fields that vanish to 1e-7 of the bias), and the interface and boundary
    currents per unit length agree to 1e-6: the y-constant extension of the discrete 2D
    solution solves the discrete 3D equations exactly."""
    h_min, h_max, Ly = (20e-9, 2.5e-9), (100e-9, 50e-9), 1e-6
    section = _with_pad_tops(nf.mesh.rectangles(SECTION, h_min=h_min, h_max=h_max), 1)
    s2 = _slab_device(section).solve()
    if builder == "boxes":
        boxes = {k: (r[0], r[1], 0.0, Ly, r[2], r[3]) for k, r in SECTION.items()}
        mesh = _with_pad_tops(nf.mesh.boxes(boxes, h_min=(h_min[0], Ly / 2, h_min[1]),
                                            h_max=(h_max[0], Ly / 2, h_max[1])), 2)
    else:
        mesh = nf.mesh.extrude(section, [0.0, 0.4 * Ly, Ly])
    assert mesh.t.shape[1] % section.t.shape[1] == 0  # the same (x, z) grid
    s3 = _slab_device(mesh).solve()
    assert s3.problem.dim == 3 and not s3.problem.globals
    for region, xz in PROBES.items():
        for f in s2.problem.region_fields[region]:
            v2 = s2.evaluate(f, xz, region=region)
            spread = np.ptp(s2.dof_values(f)[np.isfinite(s2.dof_values(f))])
            for y in (0.1 * Ly, 0.77 * Ly):
                v3 = s3.evaluate(f, np.vstack([xz[0], np.full(xz.shape[1], y), xz[1]]),
                                 region=region)
                # fields that vanish (mu_x, mu_z: n along y) to 1e-7 of the bias
                np.testing.assert_allclose(v3, v2, rtol=0, atol=1e-6 * spread + 1e-10 * KT,
                                           err_msg=f"{f} in {region}")
    for kind in ("magnon", "energy"):
        assert s3.interface_current("A", "YIG", kind) / Ly == pytest.approx(
            s2.interface_current("A", "YIG", kind), rel=1e-6, abs=0)
    assert s3.boundary_current("topB", "heat") / Ly == pytest.approx(  # outward
        -1e8 * 0.1 * L, rel=1e-9, abs=0)
    assert s3.boundary_current("bottom", "heat") / Ly == pytest.approx(
        s2.boundary_current("bottom", "heat"), rel=1e-6, abs=0)


def test_spin_hall_strip_middle_is_the_2d_open_circuit():
    """Pt strip (with its own spin Hall angle) on a YIG film, spin reservoir
    mu_x = -1e-3 k_B T0 on its top, n along x: the inverse spin Hall effect drives a
    current along the strip (y). In 2D the strip is infinite and open: a uniform
    extruded field E_y cancels the current. In 3D the strip is 0.2 um long with
    insulating ends: charges at the ends set up the same field, -dphi/dy, in the middle,
    and there the spin accumulation is the 2D one; the ends disturb it only over the
    strip's width and thickness (their effect at mid-length falls exponentially). On the
    same (x, z) grid (y graded to 1 nm at the ends), mu_x, mu_z and -dphi/dy at
    mid-length equal the 2D values and E_y to 1e-5."""
    section = {"YIG": (0, 1e-6, 0, 100e-9), "A": (0.3e-6, 0.5e-6, 100e-9, 110e-9)}
    Ly, h_min, h_max = 0.2e-6, (50e-9, 1e-9), (200e-9, 50e-9)
    assert PT.spin_hall_angle > 0.05

    def solve(mesh):
        ext = mesh.boundaries["exterior"]
        z = mesh.p[mesh.p.shape[0] - 1][mesh.facets[:, ext]]
        mesh = mesh.with_boundaries({**mesh.boundaries,
                                     "topA": ext[np.all(z == 110e-9, axis=0)]})
        return nf.Device(mesh, materials={"YIG": YIG, "A": PT}, thermal=False,
                         temperature=T0, n=(1.0, 0.0, 0.0), boundary_conditions={
                             "topA": nf.bc.SpinReservoir(mu=(-1e-3 * KT, 0.0, 0.0))}).solve()

    s2 = solve(nf.mesh.rectangles(section, h_min=h_min, h_max=h_max))
    s3 = solve(nf.mesh.boxes({k: (r[0], r[1], 0, Ly, r[2], r[3]) for k, r in section.items()},
                             h_min=(h_min[0], 1e-9, h_min[1]), h_max=(h_max[0], 25e-9, h_max[1])))
    E_y = s2.extruded_field["A"][1]
    assert abs(E_y) > 100.0  # V/m: the inverse spin Hall field is there
    xz = np.array([[0.4e-6, 0.45e-6], [105e-9, 109e-9]])
    mid = np.vstack([xz[0], np.full(2, Ly / 2), xz[1]])
    for f in ("mu_x", "mu_z"):
        v2 = s2.evaluate(f, xz, region="A")
        np.testing.assert_allclose(s3.evaluate(f, mid, region="A"), v2, rtol=0,
                                   atol=1e-5 * np.abs(v2).max(), err_msg=f)
    d = 10e-9
    phi = [s3.evaluate("phi", np.array([[0.4e-6], [Ly / 2 + s * d], [105e-9]]),
                       region="A")[0] for s in (-1, 1)]
    assert -(phi[1] - phi[0]) / (2 * d) == pytest.approx(E_y, rel=1e-5, abs=0)


def test_slab_tetrahedra_converge_to_2d():
    """An isothermal Pt pad (50 nm, lambda = 50 nm) across a YIG film, spin reservoir on
    its top, extruded 0.2 um along y into tetrahedra (six per hexahedron, so the discrete
    solution depends on y): its magnon current into the YIG per unit length and mu_m at
    three points away from the pad converge to a fine 2D reference at the P1 rate (slope
    2 within 0.35 between h = 20 and 10 nm; the coarser grids are pre-asymptotic), and
    are within 1 % of it at the finest."""
    section = {"YIG": (0, L, 0, TF), "A": (0.3 * L, 0.5 * L, TF, TF + 50e-9)}
    metal = PT.replace(spin_diffusion_length=50e-9)
    bcs = {"topA": nf.bc.SpinReservoir(mu=(0.0, -1e-3 * KT, 0.0))}

    def device(mesh):
        ext = mesh.boundaries["exterior"]
        z = mesh.p[mesh.p.shape[0] - 1][mesh.facets[:, ext]]
        mesh = mesh.with_boundaries({**mesh.boundaries,
                                     "topA": ext[np.all(z == TF + 50e-9, axis=0)]})
        return nf.Device(mesh, materials={"YIG": YIG, "A": metal}, thermal=False,
                         temperature=T0, n=(0.0, 1.0, 0.0), boundary_conditions=bcs)

    ref = device(nf.mesh.rectangles(section, h_min=(L / 320, 1.25e-9),
                                    h_max=(L / 320, 1.25e-9))).solve()
    xz = np.array([[0.1 * L, 0.7 * L, 0.9 * L], [0.5 * TF, 0.9 * TF, 0.1 * TF]])
    exact = np.concatenate([[ref.interface_current("A", "YIG")],
                            ref.evaluate("mu_m", xz, region="YIG")])
    errs = []
    for h in (20e-9, 10e-9):
        mesh = nf.mesh.boxes({k: (r[0], r[1], 0, 0.2e-6, r[2], r[3])
                              for k, r in section.items()}, cells="tetrahedra",
                             h_min=(5 * h, 0.1e-6, h), h_max=(5 * h, 0.1e-6, h))
        s3 = device(mesh).solve()
        pts = np.vstack([xz[0], np.full(3, 0.07e-6), xz[1]])
        got = np.concatenate([[s3.interface_current("A", "YIG") / 0.2e-6],
                              s3.evaluate("mu_m", pts, region="YIG")])
        errs.append(np.abs(got / exact - 1))
    print("tet vs 2D, relative:", errs)
    np.testing.assert_allclose(np.log2(errs[0] / errs[1]), 2.0, atol=0.35)
    assert np.all(errs[1] < 1e-2)


# ---- manufactured solutions ---------------------------------------------------------------
#: Manufactured solutions are chosen for their shape: the linear law is driven past the
#: magnon gap on purpose (the equations checked are linear).
BEYOND_GAP = pytest.mark.filterwarnings(
    "ignore:.*used beyond the gap:nfdiff.errors.NfdiffWarning")


def _box_mesh(cells, W, Ly, z_segments, regions, n):
    """Uniform box grid: 2n x n cells in (x, y), z segments (z0, z1, cells per n)."""
    zs = np.unique(np.concatenate([np.linspace(a, b, k * n + 1) for a, b, k in z_segments]))
    mesh = skfem.MeshHex1.init_tensor(np.linspace(0, W, 2 * n + 1), np.linspace(0, Ly, n + 1),
                                      zs)
    if cells == "tet":
        mesh = mesh.to_meshtet()
    tol = 1e-9 * (zs[-1] - zs[0])  # facet midpoints of tetrahedra carry round-off
    return mesh.with_subdomains(regions).with_boundaries(
        {"bottom": lambda x: np.abs(x[2] - zs[0]) < tol,
         "top": lambda x: np.abs(x[2] - zs[-1]) < tol})


def assert_rate(levels, errs, order, finest):
    """Slope of log(err) vs log(1/n) within SLOPE_TOL of the element rate, and the
    error at the finest level below ``finest``."""
    h = 1.0 / np.asarray(levels, dtype=float)
    for k, v in errs.items():
        rate = slope(h, v)
        print(k, "slope", round(rate, 3), "finest", f"{v[-1]:.2e}")
        assert rate == pytest.approx(RATE[order], abs=SLOPE_TOL), k
        assert v[-1] < finest, k


@BEYOND_GAP
@pytest.mark.parametrize("cells, order, levels, finest", [
    ("hex", 1, (2, 4, 8), 2e-2), ("tet", 1, (3, 6, 12), 1e-2), ("hex", 2, (1, 2, 4), 2e-3),
    ("tet", 2, (2, 4, 8), 5e-4)])
def test_magnet_3d(cells, order, levels, finest):
    """YIG box 0 < x < W, 0 < y < Ly, 0 < z < H, lambda_m = 0.5 um, isothermal::

        mu_m = M0 + sin(pi z/2H) (M1 + M2 cos(pi x/W) cos(pi y/Ly))

    MagnonReservoir(M0) at z = 0, no magnon current through the other faces; source
    sm (-Laplacian + 1/lambda_m^2) mu_m."""
    W, Ly, H = 2e-6, 1e-6, 1e-6
    magnet = YIG.replace(magnon_diffusion_length=0.5e-6)
    sm, lam2 = magnet.magnon_conductivity_spin, magnet.magnon_diffusion_length**2
    M0, M1, M2 = -0.05 * KT, 0.2 * KT, 0.1 * KT
    mu = Separable(Curve((M0,)), Curve.sin(M1, np.pi / 2, H),
                   (Curve.cos(1.0, np.pi, W), Curve.cos(1.0, np.pi, Ly),
                    Curve.sin(M2, np.pi / 2, H)))
    src = {"mu_m": lambda p: sm * (-mu.laplacian(*coordinates(p))
                                   + mu.value(*coordinates(p)) / lam2)}

    def error(n):
        mesh = _box_mesh(cells, W, Ly, [(0.0, H, 1)], {"F": lambda x: x[0] > -1}, n)
        sol = nf.Device(mesh, materials={"F": magnet}, thermal=False, order=order,
                        law="linear", temperature=T0, sources={"F": src},
                        boundary_conditions={"bottom": nf.bc.MagnonReservoir(mu=M0)}).solve()
        return l2_error(sol, "mu_m", mu.value, "F")

    assert_rate(levels, {"mu_m": np.array([error(n) for n in levels])}, order, finest)


@BEYOND_GAP
@pytest.mark.parametrize("cells, order, levels, finest", [
    ("hex", 1, (2, 4, 8), 2e-2), ("tet", 1, (3, 6, 12), 1e-2), ("hex", 2, (2, 3, 4), 2e-3)])
def test_magnet_thermal_3d(cells, order, levels, finest):
    """The thermal magnet of tests/test_manufactured.py::test_magnet in a box, with
    c = cos(pi x/W) cos(pi y/Ly) (no flux through the sides) and a smoother T_p (the
    3D grids are coarse)::

        mu_m = M0 + sin(pi z/2H) (M1 + M2 c)
        T_m  = Ta - r (mu_m - M0) + g1 cos(pi z/H) + g2 c (cos(2 pi z/H) - 1)
        T_p  = Tb + dl sin(pi z/2H) + (dl/2) c sin(pi z/2H)

    MagnonReservoir(M0) and Temperature(Tb) at z = 0, nothing through the other faces:
    the zero-flux condition of T_m holds through the Kelvin partner of the spin Seebeck
    term; coefficients at the local temperatures (nonlinear), Gamma couples T_m, T_p.
    Rates of mu_m, T_m and T_p."""
    W, Ly, H = 2e-6, 1e-6, 1e-6
    magnet = YIG.replace(magnon_diffusion_length=0.5e-6, magnon_phonon_length=0.3e-6)
    M0, M1, M2 = -0.05 * KT, 0.2 * KT, 0.1 * KT
    Ta, g1, g2, Tb, dl = T0 + 5.0, 3.0, 2.0, T0 - 10.0, 8.0
    ex = magnet.temperature_exponents()
    scale = {k: ((Ta + g1) / T0) ** ex[k] for k in ("spin_seebeck",
                                                     "magnon_thermal_conductivity")}
    r = (magnet.spin_seebeck_spin * scale["spin_seebeck"] * (Ta + g1)
         / (hbar * magnet.magnon_thermal_conductivity * scale["magnon_thermal_conductivity"]))
    cx, cy = Curve.cos(1.0, np.pi, W), Curve.cos(1.0, np.pi, Ly)
    mu = Separable(Curve((M0,)), Curve.sin(M1, np.pi / 2, H),
                   (cx, cy, Curve.sin(M2, np.pi / 2, H)))
    Tm = Separable(Curve((Ta,)), Curve.sin(-r * M1, np.pi / 2, H),
                   (cx, cy, Curve.sin(-r * M2, np.pi / 2, H)), Curve.cos(g1, np.pi, H),
                   (cx, cy, Curve.cos(g2, 2 * np.pi, H)), (cx, cy, Curve((-g2,))))
    Tp = Separable(Curve((Tb,)), Curve.sin(dl, np.pi / 2, H),
                   (cx, cy, Curve.sin(dl / 2, np.pi / 2, H)))
    sources = magnet_sources(magnet, mu, Tm, Tp)
    rows, iterations = [], []
    for n in levels:
        mesh = _box_mesh(cells, W, Ly, [(0.0, H, 1)], {"F": lambda x: x[0] > -1}, n)
        sol = nf.Device(mesh, materials={"F": magnet}, thermal=True, order=order,
                        law="linear", temperature=T0, sources={"F": sources},
                        boundary_conditions={"bottom": [nf.bc.MagnonReservoir(mu=M0),
                                                        nf.bc.Temperature(Tb)]}).solve()
        iterations.append(sol.newton.iterations)
        rows.append({"mu_m": l2_error(sol, "mu_m", mu.value, "F"),
                     "T_m": l2_error(sol, "T_m", Tm.value, "F", reference=T0),
                     "T_p": l2_error(sol, "T_p", Tp.value, "F", reference=T0)})
    assert_rate(levels, {k: np.array([row[k] for row in rows]) for k in rows[0]}, order,
                finest)
    assert min(iterations) >= 2  # nonlinear


@BEYOND_GAP
@pytest.mark.parametrize("cells, order, levels, finest", [
    ("hex", 1, (2, 4, 8), 3e-2), ("tet", 1, (3, 6, 12), 2e-2)])
def test_interface_linear_3d(cells, order, levels, finest):
    """F (-dF < z < 0) under N (0 < z < dN), linear law, isothermal, no spin Hall.

    Every field is u = P_u(z) + cos(pi x/W) cos(pi y/Ly) Q_u(z) (no flux through the
    sides); at z = 0 the values of both modes are chosen and the normal derivatives
    follow from the law (linear, so mode by mode)::

        Ds d mu_s/dz (0+) = i(mu_s, mu_m),      -sm d mu_m/dz (0-) = n . i

    n = (0.48, 0.6, 0.64); SpinReservoir at z = dN, MagnonReservoir at z = -dF (the Q
    modes vanish there). Checks the interface assembly on quadrilateral and triangular
    facets for values that vary over the interface plane."""
    W, Ly, dN, dF = 40e-9, 30e-9, 10e-9, 30e-9
    metal = PT.replace(spin_diffusion_length=4e-9, spin_hall_angle=0.0)
    magnet = YIG.replace(magnon_conductivity=1e7, magnon_diffusion_length=20e-9,
                         spin_seebeck=None, magnon_thermal_conductivity=None)
    Ds = hbar * metal.conductivity / (4 * e**2)
    lam2 = metal.spin_diffusion_length**2
    sm, lam2m = magnet.magnon_conductivity_spin, magnet.magnon_diffusion_length**2
    itf = nf.NFInterface(g_r=1e19, g_i=3e18)
    law = itf.with_magnons(magnet.magnon_gas())
    n = np.array([0.48, 0.6, 0.64])
    curves = interface_modes(law, n, KT, T0, Ds, sm, dN, dF)
    top, bottom = 1e-3 * KT * INTERFACE_MODES["P"][2], 1e-3 * KT * INTERFACE_MODES["P"][3]
    cx, cy = Curve.cos(1.0, np.pi, W), Curve.cos(1.0, np.pi, Ly)
    fields = {f: Separable(curves[f, "P"], (cx, cy, curves[f, "Q"])) for f in (*SPIN, "mu_m")}

    def source(f, D, l2):
        return lambda p: D * (-fields[f].laplacian(*coordinates(p))
                              + fields[f].value(*coordinates(p)) / l2)

    srcN = {s: source(s, Ds, lam2) for s in SPIN}
    srcF = {"mu_m": source("mu_m", sm, lam2m)}

    def errors(m):
        mesh = _box_mesh(cells, W, Ly, [(-dF, 0.0, 3), (0.0, dN, 1)],
                         {"F": lambda x: x[2] < 0, "N": lambda x: x[2] > 0}, m)
        sol = nf.Device(mesh, materials={"N": metal, "F": magnet},
                        interfaces={("N", "F"): itf}, n=tuple(n), law="linear",
                        thermal=False, order=order, temperature=T0,
                        sources={"N": srcN, "F": srcF},
                        boundary_conditions={
                            "top": nf.bc.SpinReservoir(mu=tuple(top)),
                            "bottom": nf.bc.MagnonReservoir(mu=bottom)},
                        ).solve()
        out = {s: l2_error(sol, s, fields[s].value, "N") for s in SPIN}
        out["mu_m"] = l2_error(sol, "mu_m", fields["mu_m"].value, "F")
        return out

    rows = [errors(m) for m in levels]
    assert_rate(levels, {k: np.array([r[k] for r in rows]) for k in rows[0]}, order, finest)


# ---- balances -----------------------------------------------------------------------------
@pytest.mark.parametrize("cells", ["hexahedra", "tetrahedra"])
def test_balances_3d(cells):
    """A Pt pad on a YIG box, spin reservoir on the pad's top, every other face
    insulating, nonlinear law: the magnon current through the interface equals the
    magnon relaxation int sm mu_m/lambda_m^2 dV in the YIG, and the spin the reservoir
    injects equals the relaxation int Ds mu_s/lambda^2 dV in the Pt plus the spin
    current across the interface, each to 1e-9."""
    mesh = nf.mesh.boxes({"F": (0, 1e-6, 0, 0.6e-6, 0, 200e-9),
                          "N": (0.3e-6, 0.5e-6, 0.1e-6, 0.4e-6, 200e-9, 210e-9)},
                         cells=cells, h_min=(50e-9, 50e-9, 2.5e-9), h_max=100e-9)
    sol = nf.Device(mesh, materials={"F": YIG, "N": PT}, thermal=False, temperature=T0,
                    n=(0.6, 0.0, 0.8),
                    boundary_conditions={"top": nf.bc.SpinReservoir(mu=(-0.4e-3 * KT, 0.0,
                                                                        -0.3e-3 * KT))}
                    ).solve()
    p = sol.problem
    into_F = sol.interface_current("N", "F", "magnon")
    relax = p.cells["F"].integrate(YIG.magnon_conductivity_spin / YIG.magnon_diffusion_length**2
                                   * p.cells["F"].value(np.nan_to_num(sol.dof_values("mu_m"))))
    assert abs(into_F) > 0
    assert relax == pytest.approx(into_F, rel=1e-9, abs=0)
    Ds = hbar * PT.conductivity / (4 * e**2)
    relax_N = np.array([p.cells["N"].integrate(
        Ds / PT.spin_diffusion_length**2 * p.cells["N"].value(np.nan_to_num(sol.dof_values(s))))
        for s in SPIN])
    injected = sol.boundary_current("top", "spin")  # outward
    crossing = sol.interface_current("N", "F", "spin")
    np.testing.assert_allclose(-injected, relax_N + crossing, rtol=0,
                               atol=1e-9 * np.abs(injected).max())


# ---- export -------------------------------------------------------------------------------
@pytest.mark.parametrize("cells, kind", [("hexahedra", "hexahedron"), ("tetrahedra", "tetra")])
def test_vtu_3d(tmp_path, cells, kind):
    """The VTU file of a 3D solution: VTK cells with positive volume in VTK's vertex
    order, every region, the fields at the vertices."""
    mesh = nf.mesh.boxes({"F": (0, 1e-6, 0, 0.5e-6, 0, 200e-9),
                          "N": (0.3e-6, 0.5e-6, 0, 0.5e-6, 200e-9, 210e-9)},
                         cells=cells, h_min=(100e-9, 250e-9, 5e-9), h_max=(100e-9, 250e-9, 50e-9))
    sol = nf.Device(mesh, materials={"F": YIG, "N": PT}, thermal=True, temperature=T0,
                    n=(0.0, 1.0, 0.0),
                    boundary_conditions={"top": [nf.bc.SpinReservoir(mu=(0, -1e-3 * KT, 0)),
                                                 nf.bc.HeatFlux(1e6)],
                                         "bottom": nf.bc.Temperature(T0)}).solve()
    out = tmp_path / "slab.vtu"
    sol.save(out)
    m = meshio.read(out)
    assert [c.type for c in m.cells] == [kind]
    cells_ = m.cells[0].data
    assert len(cells_) == mesh.t.shape[1]
    P = m.points[cells_]  # (ncells, nverts, 3)
    if kind == "tetra":
        vol = np.einsum("ij,ij->i", np.cross(P[:, 1] - P[:, 0], P[:, 2] - P[:, 0]),
                        P[:, 3] - P[:, 0]) / 6
        assert np.all(np.abs(vol) > 0)
        total = np.abs(vol).sum()
    else:  # VTK: 0-1-2-3 a face, 4-5-6-7 the opposite one, k + 4 above k
        for k in range(4):
            np.testing.assert_allclose(P[:, k + 4] - P[:, k], P[:, 4] - P[:, 0], atol=1e-18)
        edges = P[:, 1] - P[:, 0], P[:, 3] - P[:, 0], P[:, 4] - P[:, 0]
        np.testing.assert_allclose(P[:, 2] - P[:, 0], edges[0] + edges[1], atol=1e-18)
        vol = np.einsum("ij,ij->i", np.cross(edges[0], edges[1]), edges[2])
        assert np.all(vol > 0)
        total = vol.sum()
    assert total == pytest.approx(1e-6 * 0.5e-6 * 200e-9 + 0.2e-6 * 0.5e-6 * 10e-9, rel=1e-12)
    region = m.cell_data["region"][0]
    assert sorted(np.unique(region)) == [0, 1]
    # every field at every vertex copy of its region: match by coordinates
    for f in ("mu_m", "T_p", "T_e", "mu_y"):
        data = m.point_data[f"{f} [{nf.export.FIELD_UNITS[f]}]"]
        r = sol.problem.field_regions[f][0]
        pts = np.unique(cells_[region == sol.problem.region_names.index(r)])
        expect = sol.evaluate(f, m.points[pts].T, region=r)
        np.testing.assert_allclose(data[pts], expect, rtol=1e-12,
                                   atol=1e-12 * np.abs(expect).max())


# ---- terminal contacts -----------------------------------------------------------------------
def _bar(cells, material=PT0, *, thermal=False, bcs=None):
    """A Pt bar 0.5 um x 2 um x 10 nm along y, terminal contacts on its end faces."""
    mesh = nf.mesh.boxes({"N": (0, 0.5e-6, 0, 2e-6, 0, 10e-9)}, cells=cells,
                         h_min=(0.25e-6, 0.2e-6, 5e-9), h_max=(0.25e-6, 0.5e-6, 5e-9))
    bcs = bcs or {"front": nf.bc.Terminal(1e-4), "back": nf.bc.Potential(0.0)}
    return nf.Device(mesh, materials={"N": material}, thermal=thermal, temperature=T0,
                     boundary_conditions=bcs)


@pytest.mark.parametrize("cells", ["hexahedra", "tetrahedra"])
def test_terminal_bar_resistance(cells):
    """A current I enters a Pt bar (no spin Hall effect) through a terminal on one end
    face and leaves through a grounded face at the other: the potential is linear along
    the bar, which P1 represents exactly, so V/I = L/(sigma A) to the Newton tolerance
    on any mesh; the reaction current through the terminal face is -I (outward). With
    two terminals and no ground (+I in, -I out) the voltage is the same; currents of a
    floating bar that do not add up to zero are refused."""
    R = 2e-6 / (PT0.conductivity * 0.5e-6 * 10e-9)
    sol = _bar(cells).solve()
    assert sol.voltage("front", "back") / 1e-4 == pytest.approx(R, rel=1e-9, abs=0)
    assert sol.boundary_current("front", "charge") == pytest.approx(-1e-4, rel=1e-9, abs=0)
    assert sol.face_potential("front") == pytest.approx(R * 1e-4, rel=1e-9, abs=0)
    sol = _bar(cells).solve(current={"front": -3e-4})  # the drive replaces the terminal's
    assert sol.voltage("front", "back") / -3e-4 == pytest.approx(R, rel=1e-9, abs=0)
    floating = _bar(cells, bcs={"front": nf.bc.Terminal(2e-4), "back": nf.bc.Terminal(-2e-4)})
    sol = floating.solve()
    assert sol.voltage("front", "back") / 2e-4 == pytest.approx(R, rel=1e-9, abs=0)
    with pytest.raises(ParameterError, match="add up to zero"):
        floating.solve(current={"front": 1e-4})


def test_terminal_joule_balance():
    """Thermal Pt bar (spin Hall effect, sigma(T)), bath on its bottom face, current I
    through terminals on its ends: the heat into the bath equals the electrical power
    I V between the terminals to the Newton tolerance (V/I is L/(sigma A) within the
    spin Hall magnetoresistance, < 1 %)."""
    I = 2e-3
    bcs = {"front": nf.bc.Terminal(I), "back": nf.bc.Potential(0.0),
           "bottom": nf.bc.Temperature(T0)}
    sol = _bar("hexahedra", PT, thermal=True, bcs=bcs).solve()
    V = sol.voltage("front", "back")
    assert V / I == pytest.approx(2e-6 / (PT.conductivity * 0.5e-6 * 10e-9), rel=0.01, abs=0)
    assert sol.evaluate("T_e", np.array([[0.25e-6], [1e-6], [10e-9]]))[0] > T0 + 0.1
    assert sol.boundary_current("bottom", "heat") == pytest.approx(I * V, rel=1e-8, abs=0)


def test_driven_spin_hall_strip_middle_is_2d():
    """The Pt strip on YIG of test_spin_hall_strip_middle_is_the_2d_open_circuit, now
    driven: a current I = 0.1 mA enters through a terminal on its front end face and
    leaves through the grounded back end (along +y, the 2D strip's current). In the
    middle, the spin accumulation in the Pt and mu_m in the YIG under the strip equal
    the 2D solution with the extruded current I, and -dphi/dy equals the 2D extruded
    field, to 1e-6 (the ends disturb the strip over its thickness and width only); the
    voltage between the terminals is E_y L to 1e-6."""
    section = {"YIG": (0, 1e-6, 0, 100e-9), "A": (0.3e-6, 0.5e-6, 100e-9, 110e-9)}
    Ly, h_min, h_max, I = 0.2e-6, (50e-9, 1e-9), (200e-9, 50e-9), 1e-4
    materials = {"YIG": YIG, "A": PT}
    s2 = nf.Device(nf.mesh.rectangles(section, h_min=h_min, h_max=h_max), materials=materials,
                   thermal=False, temperature=T0, n=(1.0, 0.0, 0.0)).solve(current={"A": I})
    mesh = nf.mesh.boxes({k: (r[0], r[1], 0, Ly, r[2], r[3]) for k, r in section.items()},
                         h_min=(h_min[0], 1e-9, h_min[1]), h_max=(h_max[0], 25e-9, h_max[1]))
    s3 = nf.Device(mesh, materials=materials, thermal=False, temperature=T0, n=(1.0, 0.0, 0.0),
                   boundary_conditions={"front": nf.bc.Terminal(I),
                                        "back": nf.bc.Potential(0.0)}).solve()
    E_y = s2.extruded_field["A"][1]
    assert E_y == pytest.approx(I / (PT.conductivity * 0.2e-6 * 10e-9), rel=0.01, abs=0)
    xz = {"A": np.array([[0.4e-6, 0.45e-6], [105e-9, 109e-9]]),
          "YIG": np.array([[0.4e-6, 0.35e-6], [99e-9, 50e-9]])}
    for region, f in (("A", "mu_x"), ("A", "mu_z"), ("YIG", "mu_m")):
        v2 = s2.evaluate(f, xz[region], region=region)
        mid = np.vstack([xz[region][0], np.full(2, Ly / 2), xz[region][1]])
        np.testing.assert_allclose(s3.evaluate(f, mid, region=region), v2, rtol=0,
                                   atol=1e-6 * np.abs(v2).max(), err_msg=f)
    d = 10e-9
    phi = [s3.evaluate("phi", np.array([[0.4e-6], [Ly / 2 + s * d], [105e-9]]),
                       region="A")[0] for s in (-1, 1)]
    assert -(phi[1] - phi[0]) / (2 * d) == pytest.approx(E_y, rel=1e-6, abs=0)
    assert s3.voltage("front", "back") == pytest.approx(E_y * Ly, rel=1e-6, abs=0)


def test_terminal_errors():
    with pytest.raises(ParameterError, match="current"):
        nf.bc.Terminal(float("nan"))
    sec = nf.mesh.rectangles({"N": (0, 1e-6, 0, 10e-9)}, h_min=(0.5e-6, 5e-9))
    with pytest.raises(ParameterError, match="terminal contacts are for 3D"):
        nf.Device(sec, materials={"N": PT}, thermal=False, temperature=T0,
                  boundary_conditions={"left": nf.bc.Terminal(1e-4)}).solve()
    dev = _bar("hexahedra")
    with pytest.raises(ParameterError, match="not a terminal boundary"):
        dev.solve(current={"back": 1e-4})
    with pytest.raises(ParameterError, match="must be finite"):
        dev.solve(current={"front": np.inf})
    with pytest.raises(ParameterError, match="terminal contacts"):
        dev.solve(current_density={"N": (1e10, 0.0)})
    with pytest.raises(ParameterError, match="voltage\\(plus, minus\\)"):
        dev.solve().voltage("front")
    touching = _bar("hexahedra", bcs={"front": nf.bc.Terminal(1e-4),
                                      "left": nf.bc.Potential(0.0)})
    with pytest.raises(ParameterError, match="touches a face whose potential is fixed"):
        touching.solve()


# ---- what 3D does not do yet -----------------------------------------------------------------
def test_current_drive_without_terminals_is_refused():
    mesh = nf.mesh.boxes({"N": (0, 1e-6, 0, 1e-6, 0, 10e-9)}, h_min=(0.5e-6, 0.5e-6, 5e-9))
    dev = nf.Device(mesh, materials={"N": PT}, thermal=False, temperature=T0)
    with pytest.raises(ParameterError, match="terminal contacts"):
        dev.solve(current={"N": 1e-3})
    with pytest.raises(ParameterError, match="terminal contacts"):
        dev.solve(current_density={"N": (1e10, 0.0)})
    sol = dev.solve()
    assert np.all(sol.extruded_field["N"] == 0.0)
    with pytest.raises(ParameterError, match="no figure yet"):
        sol.plot("mu_x")


# ---- the 3D nonlocal device ---------------------------------------------------------------------
def test_nonlocal_strips_3d_film_ending_with_the_strips_is_2d():
    """nf.devices.nonlocal_strips_3d with film_margin=0: the film ends with the strips
    (magnon-blocking end faces), the injector's current enters and leaves through
    terminals on its end faces, the detector's ends are open terminals. Nothing then
    depends on y except within a few strip thicknesses of the strip ends (spin Hall
    accumulation at the end faces, which carry no current across the film), so R1 and
    R_inj equal the 2D template's on the same (x, z) grid to 1e-6 (measured: 1e-14 on
    hexahedra), and mu_m under the detector too."""
    base = nf.devices.nonlocal_strips(distance=1e-6, strip_length=2e-6, thermal=False,
                                      h_min=(50e-9, 1.5e-9), h_max=(2e-6, 50e-9),
                                      extent=5e-6)
    dev = nf.devices.nonlocal_strips_3d(base, film_margin=0.0, hy=(50e-9, 0.5e-6))
    h2, h3 = base.harmonics(100e-6), dev.harmonics(100e-6)
    assert h3["R1"] > 0
    assert h3["R1"] == pytest.approx(h2["R1"], rel=1e-6, abs=0)
    s2, s3 = h2["solutions"][0], h3["solutions"][0]
    assert s3.observables["R_inj"] == pytest.approx(s2.observables["R_inj"], rel=1e-6, abs=0)
    assert s3.observables["mu_m_detector"] == pytest.approx(
        s2.evaluate("mu_m", np.array([[0.5e-6], [200e-9]]), region="film")[0], rel=1e-6, abs=0)
    with pytest.raises(ParameterError, match="isothermal"):
        nf.devices.nonlocal_strips_3d(base.replace(thermal=True))
    with pytest.raises(ParameterError, match="film_margin"):
        nf.devices.nonlocal_strips_3d(base, film_margin=-1e-6)
