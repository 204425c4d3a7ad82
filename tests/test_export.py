"""Export (VTU / XDMF via meshio) and figures (pyvista 2D, matplotlib 1D) of solutions.

The exported grid has one copy of the vertices per region, 3D points with the 2D
mesh's second coordinate as z, counter-clockwise cells in the x-z plane and every field
at the vertices (NaN where the field does not live). The checks compare the files read
back with meshio / pyvista against ``Solution.dof_values`` and the scikit-fem mesh,
matching points by coordinates, so they do not depend on the order of points in the file.
"""

import re
import subprocess
import sys

import meshio
import numpy as np
import pytest
import skfem
from scipy.spatial import cKDTree

import nfdiff as nf
from nfdiff import bc
from nfdiff.errors import ParameterError
from nfdiff.export import FIELD_UNITS, to_meshio
from nfdiff.plotting import _auto_scale_z, _strips, _ticks

FILM = 200e-9           # YIG film thickness [m]
STRIP = 10e-9           # Pt strip thickness [m]


def _strip_mesh(cls, strips=(-1e-6, 1e-6), half_width=0.15e-6, width=6e-6, nx=61):
    """(x, z) cross-section: YIG film 0 < z < 200 nm under 10 nm Pt strips "A", "B"."""
    edges = [np.linspace(-width / 2, width / 2, nx)]
    edges += [np.linspace(c - half_width, c + half_width, 7) for c in strips]
    xs = np.unique(np.round(np.concatenate(edges), 15))
    zs = np.unique(np.round(np.concatenate([np.linspace(0, FILM, 6),
                                            np.linspace(FILM, FILM + STRIP, 4)]), 15))
    m = cls.init_tensor(xs, zs)
    mid = m.p[:, m.t].mean(axis=1)
    film = np.nonzero(mid[1] < FILM)[0]
    on = [np.nonzero((mid[1] > FILM) & (np.abs(mid[0] - c) < half_width))[0] for c in strips]
    keep = np.concatenate([film, *on])
    sizes = np.cumsum([0, len(film), *map(len, on)])
    names = ["film", "A", "B"][: len(strips) + 1]
    sub = {n: np.arange(sizes[i], sizes[i + 1]) for i, n in enumerate(names)}
    mesh = cls(m.p, np.ascontiguousarray(m.t[:, keep])).with_subdomains(sub)
    return mesh.with_boundaries({"bottom": lambda x: x[1] < 1e-12})


@pytest.fixture(scope="module")
def quad():
    """2D quads, thermal: two Pt strips on YIG, 100 uA through strip A."""
    pt, yig = nf.materials.get("Pt"), nf.materials.get("YIG")
    dev = nf.Device(_strip_mesh(skfem.MeshQuad1), materials={"film": yig, "A": pt, "B": pt},
                    boundary_conditions={"bottom": bc.Temperature(300.0)}, law="linear",
                    thermal=True, length=100e-6)
    return dev.solve(current={"A": 100e-6})


@pytest.fixture(scope="module")
def tri():
    """2D triangles, order 2, isothermal: one Pt strip on a flat (1 : 100) YIG film."""
    pt, yig = nf.materials.get("Pt"), nf.materials.get("YIG")
    mesh = _strip_mesh(skfem.MeshTri1, strips=(0.0,), width=20e-6, nx=21)
    dev = nf.Device(mesh, materials={"film": yig, "A": pt}, law="linear", thermal=False,
                    length=100e-6, order=2)
    return dev.solve(current={"A": 100e-6})


@pytest.fixture(scope="module")
def film_1d():
    """1D: 5 nm Pt on an unmeshed magnet (a MagnetContact)."""
    d = 5e-9
    m = (skfem.MeshLine1.init_tensor(np.linspace(0, d, 41))
         .with_subdomains({"metal": lambda x: x[0] > -1})
         .with_boundaries({"bottom": lambda x: x[0] == 0, "top": lambda x: x[0] == d}))
    itf = nf.NFInterface(g_r=1e19, g_i=1e18)
    dev = nf.Device(m, materials={"metal": nf.materials.get("Pt")},
                    boundary_conditions={"bottom": bc.MagnetContact(itf, n=(1, 0, 0))},
                    law="elastic", thermal=False, length=1e-3)
    return dev.solve(current_density={"metal": (1e10, 0.0)})


@pytest.fixture(scope="module")
def stack_1d():
    """1D thermal stack: 20 nm YIG (bath at the bottom) under 5 nm Pt, Joule heated."""
    z = np.unique(np.round(np.concatenate([np.linspace(-20e-9, 0, 11),
                                           np.linspace(0, 5e-9, 11)]), 15))
    m = (skfem.MeshLine1.init_tensor(z)
         .with_subdomains({"F": lambda x: x[0] < 0, "N": lambda x: x[0] > 0})
         .with_boundaries({"bottom": lambda x: np.isclose(x[0], -20e-9, rtol=0, atol=1e-15)}))
    dev = nf.Device(m, materials={"F": nf.materials.get("YIG"), "N": nf.materials.get("Pt")},
                    boundary_conditions={"bottom": bc.Temperature(300.0)}, law="linear",
                    thermal=True, length=1e-3)
    return dev.solve(current_density={"N": (1e11, 0.0)})


def _region_vertices(sol, r):
    return np.unique(sol.problem.mesh.t[:, sol.problem.region_elems[r]])


def _region_points(out, sol, r):
    """Exported points of region ``r`` and the mesh vertex at each of them."""
    idx = sol.problem.region_names.index(r)
    cells = out.cells[0].data[out.cell_data["region"][0] == idx]
    pts = np.unique(cells)
    planar = out.points[pts][:, [0, 2]] if sol.problem.dim == 2 else out.points[pts][:, [2]]
    dist, vert = cKDTree(sol.problem.mesh.p.T).query(planar)
    assert np.all(dist == 0.0)
    return pts, vert


def _read(path):
    """meshio.read of a written file, with the point data under their bare names.

    Every name in the file carries the field's SI unit, ``"mu_m [J]"``; checked here.
    """
    out = meshio.read(path)
    bare = {}
    for name, values in out.point_data.items():
        field, unit = re.fullmatch(r"(\w+) \[(\S+)\]", name).groups()
        assert FIELD_UNITS[field] == unit, name
        bare[field] = values
    out.point_data = bare
    return out


# ---- VTU -----------------------------------------------------------------------------
def test_vtu_names_carry_the_units_and_the_coordinates_are_in_metres(quad, tmp_path):
    quad.save(tmp_path / "strips.vtu")
    out = meshio.read(tmp_path / "strips.vtu")
    assert {"mu_m [J]", "mu_s [J]", "phi [V]", "T_e [K]", "T_m [K]", "T_p [K]",
            "T [K]", "mu_x [J]"} <= set(out.point_data)
    assert out.field_data["coordinates [m]"].tolist() == [1.0]
    # the values are SI: mu_m of ~1e-25 J, temperatures absolute, coordinates of um
    assert 1e-28 < np.nanmax(np.abs(out.point_data["mu_m [J]"])) < 1e-21
    assert np.nanmin(out.point_data["T [K]"]) >= 300.0
    assert np.ptp(out.points[:, 0]) == pytest.approx(6e-6, rel=1e-12, abs=0)
    assert set(to_meshio(quad).point_data) == {*quad.problem.fields, "mu_s", "T"}


def test_vtu_round_trip_duplicates_vertices_per_region(quad, tmp_path):
    path = tmp_path / "strips.vtu"
    quad.save(path)
    out = _read(path)
    p = quad.problem
    assert out.points.shape == (sum(len(_region_vertices(quad, r)) for r in p.region_names), 3)
    assert [c.type for c in out.cells] == ["quad"]
    region = out.cell_data["region"][0]
    counts = np.bincount(region, minlength=len(p.region_names))
    assert counts.tolist() == [len(p.region_elems[r]) for r in p.region_names]
    for i, r in enumerate(p.region_names):
        assert out.field_data[f"region:{r}"].tolist() == [i]
    assert set(out.point_data) == {*p.fields, "mu_s", "T"}
    # every vertex on the film|strip interface has one copy per side
    top = np.isclose(out.points[:, 2], FILM, rtol=0, atol=1e-15)
    on_a = top & (np.abs(out.points[:, 0] + 1e-6) <= 0.15e-6 + 1e-15)
    assert np.count_nonzero(on_a) == 2 * 7


def test_vtu_fields_match_dofs_and_are_nan_where_absent(quad, tmp_path):
    path = tmp_path / "strips.vtu"
    quad.save(path)
    out = _read(path)
    pts, vert = _region_points(out, quad, "film")
    np.testing.assert_array_equal(out.point_data["mu_m"][pts], quad.dof_values("mu_m")[vert])
    np.testing.assert_array_equal(out.point_data["T"][pts], quad.dof_values("T_p")[vert])
    assert np.all(np.isnan(out.point_data["T_e"][pts]))
    assert np.all(np.isnan(out.point_data["mu_s"][pts]))
    for strip in ("A", "B"):
        pts, vert = _region_points(out, quad, strip)
        assert np.all(np.isnan(out.point_data["mu_m"][pts]))
        assert np.all(np.isnan(out.point_data["T_m"][pts]))
        np.testing.assert_array_equal(out.point_data["T"][pts], quad.dof_values("T_e")[vert])
        mu_s = np.stack([quad.dof_values(s)[vert] for s in ("mu_x", "mu_y", "mu_z")], axis=-1)
        np.testing.assert_array_equal(out.point_data["mu_s"][pts], mu_s)
    # the strips are Joule heated: T jumps across the Kapitza interface, both sides kept
    assert np.nanmax(out.point_data["T_e"]) > np.nanmax(out.point_data["T_p"]) > 300.0


def test_vtu_coordinates_put_the_mesh_z_on_vtk_z(quad, tmp_path):
    path = tmp_path / "strips.vtu"
    quad.save(path)
    out = _read(path)
    assert np.all(out.points[:, 1] == 0.0)
    lo, hi = out.points.min(axis=0), out.points.max(axis=0)
    np.testing.assert_allclose([lo[0], hi[0], lo[2], hi[2]], [-3e-6, 3e-6, 0.0, FILM + STRIP],
                               rtol=0, atol=1e-15)


def test_vtu_field_data_holds_observables_and_extruded_fields(quad, tmp_path):
    quad.observables["R_test"] = 12.5           # a numeric observable
    quad.observables["note"] = "not numeric"    # skipped
    path = tmp_path / "strips.vtu"
    try:
        quad.save(path)
    finally:
        del quad.observables["R_test"], quad.observables["note"]
    out = _read(path)
    assert out.field_data["R_test"].tolist() == [12.5]
    assert "note" not in out.field_data
    assert out.field_data["device_temperature"].tolist() == [300.0]
    np.testing.assert_array_equal(out.field_data["extruded_field:A"], quad.extruded_field["A"])


@pytest.mark.parametrize("name", ["quad", "tri"])
def test_cells_are_valid_and_counter_clockwise_in_the_xz_plane(name, request, tmp_path):
    """VTK sees positive cell areas adding up to the mesh area, and normals along -y.

    A quad with its vertices out of cyclic order would have a wrong (or zero) area.
    skfem's ``init_tensor`` numbers quads and triangles clockwise in (x, z); the export
    reverses them so that the cells face a camera at -y (x right, z up).
    """
    pv = pytest.importorskip("pyvista")
    sol = request.getfixturevalue(name)
    path = tmp_path / f"{name}.vtu"
    sol.save(path)
    grid = pv.read(path)
    total = sol.problem.basis.dx.sum()
    np.testing.assert_allclose(grid.integrate_data()["Area"][0], total, rtol=1e-12)
    # vtkCellSizeFilter has an absolute tolerance: it gives 0 for quads below ~1e-15 m^2
    # (nm-sized cells in metres), so measure cells in nanometres
    grid.points = grid.points * 1e9
    area = grid.compute_cell_sizes(length=False, volume=False)["Area"] * 1e-18
    assert np.all(area > 0)
    np.testing.assert_allclose(area.sum(), total, rtol=1e-12)
    cells = _read(path).cells[0].data
    p = np.asarray(grid.points)
    normal = np.cross(p[cells[:, 1]] - p[cells[:, 0]], p[cells[:, 2]] - p[cells[:, 0]])
    assert np.all(normal[:, 1] < 0)


@pytest.mark.parametrize("cls, kind", [
    (skfem.MeshLine1, "line"), (skfem.MeshTri1, "triangle"), (skfem.MeshQuad1, "quad"),
    (skfem.MeshTet1, "tetra"), (skfem.MeshHex1, "hexahedron"),
    (skfem.MeshTri2, "triangle"), (skfem.MeshQuad2, "quad"), (skfem.MeshTet2, "tetra"),
    (skfem.MeshHex2, "hexahedron")], ids=lambda v: getattr(v, "__name__", v))
def test_cell_type_follows_the_mesh_class(cls, kind):
    """Quadratic meshes keep their vertices in ``t``: they are written as linear cells."""
    from nfdiff.export import _cell_type

    assert _cell_type(cls())[0] == kind


@pytest.mark.parametrize("cls", [skfem.MeshTet1, skfem.MeshHex1], ids=lambda c: c.__name__)
def test_3d_cells_fill_the_box_in_vtk(cls, tmp_path):
    """Tetrahedra and hexahedra of a 1 x 2 x 3 box, written with the cell type and vertex
    order of :func:`nfdiff.export._cell_type`: VTK's cell volumes add up to the box (6).

    VTK numbers a hexahedron's vertices bottom face then top face; scikit-fem's order
    written as is gives zero volumes. VTK's tetrahedron volumes are signed, and
    scikit-fem orients its tetrahedra both ways: their absolute values add up.
    """
    pv = pytest.importorskip("pyvista")
    from nfdiff.export import _cell_type

    mesh = cls.init_tensor(np.linspace(0, 1, 3), np.linspace(0, 2, 4), np.linspace(0, 3, 3))
    kind, order = _cell_type(mesh)
    t = mesh.t if order is None else mesh.t[order]
    meshio.Mesh(mesh.p.T, [(kind, t.T)]).write(tmp_path / "box.vtu")
    volume = pv.read(tmp_path / "box.vtu").compute_cell_sizes(length=False,
                                                              area=False)["Volume"]
    assert len(volume) == mesh.t.shape[1]
    if kind == "hexahedron":
        assert np.all(volume > 0)
    np.testing.assert_allclose(np.abs(volume).sum(), 6.0, rtol=1e-12)


def test_unknown_mesh_class_is_a_parameter_error():
    from nfdiff.export import _cell_type

    with pytest.raises(ParameterError, match=r"MeshWedge1.*MeshLine1, MeshTri1, MeshQuad1"):
        _cell_type(skfem.MeshWedge1())


def test_order_two_exports_the_values_at_the_vertices(tri, tmp_path):
    path = tmp_path / "p2.vtu"
    tri.save(path)
    out = _read(path)
    pts = np.unique(out.cells[0].data[out.cell_data["region"][0] == 0])
    basis = tri.problem.basis
    film_dofs = np.unique(basis.element_dofs[:, tri.problem.region_elems["film"]])
    dist, i = cKDTree(basis.doflocs[:, film_dofs].T).query(out.points[pts][:, [0, 2]])
    assert np.all(dist < 1e-18)         # doflocs are mapped from the reference element
    dof = film_dofs[i]
    np.testing.assert_array_equal(out.point_data["mu_m"][pts], tri.dof_values("mu_m")[dof])
    assert "T" not in out.point_data            # isothermal: no temperatures


def test_1d_export(film_1d, tmp_path):
    path = tmp_path / "film.vtu"
    film_1d.save(path)
    out = _read(path)
    assert [c.type for c in out.cells] == ["line"]
    assert out.points.shape == (41, 3)
    assert np.all(out.points[:, :2] == 0.0)
    np.testing.assert_allclose(np.sort(out.points[:, 2]), np.linspace(0, 5e-9, 41),
                               rtol=0, atol=1e-24)
    assert set(out.point_data) == {"mu_x", "mu_y", "mu_z", "phi", "mu_s"}
    z = out.points[:, 2]
    np.testing.assert_array_equal(out.point_data["phi"],
                                  film_1d.dof_values("phi")[np.rint(z / 5e-9 * 40).astype(int)])


def test_1d_stack_keeps_the_temperature_jump(stack_1d, tmp_path):
    path = tmp_path / "stack.vtu"
    stack_1d.save(path)
    out = _read(path)
    assert out.points.shape == (11 + 11, 3)     # the interface vertex twice
    at_interface = np.nonzero(out.points[:, 2] == 0.0)[0]
    T = out.point_data["T"][at_interface]
    assert len(T) == 2 and T.max() - T.min() > 0    # T_e (N) above T_p (F)


# ---- XDMF and errors -------------------------------------------------------------------
def test_xdmf_round_trip(quad, tmp_path):
    pytest.importorskip("h5py")
    quad.save(tmp_path / "s.vtu")
    quad.save(tmp_path / "s.xdmf")
    vtu, xdmf = _read(tmp_path / "s.vtu"), _read(tmp_path / "s.xdmf")
    np.testing.assert_array_equal(xdmf.points, vtu.points)
    np.testing.assert_array_equal(xdmf.cells[0].data, vtu.cells[0].data)
    np.testing.assert_array_equal(xdmf.cell_data["region"][0], vtu.cell_data["region"][0])
    for name, values in vtu.point_data.items():
        np.testing.assert_array_equal(xdmf.point_data[name], values)


def test_xdmf_without_h5py_says_what_to_install(quad, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "h5py", None)     # import h5py -> ImportError
    with pytest.raises(nf.NfdiffError, match=r'pip install "nfdiff\[xdmf\]"'):
        quad.save(tmp_path / "s.xdmf")


def test_unknown_suffix_is_a_parameter_error(film_1d, tmp_path):
    with pytest.raises(nf.ParameterError, match=r"must end in \.vtu or \.xdmf"):
        film_1d.save(tmp_path / "film.vtk")


# ---- figures ---------------------------------------------------------------------------
def _colourful_fraction(path):
    """Fraction of the pixels of a PNG that are neither white, grey nor black."""
    import matplotlib.image

    img = matplotlib.image.imread(path)[..., :3]
    assert img.std() > 0
    return float(np.mean(img.max(axis=-1) - img.min(axis=-1) > 0.15))


def test_2d_screenshot(quad, tmp_path):
    path = quad.plot("mu_m", screenshot=tmp_path / "mu_m.png", units="ueV")
    assert path == tmp_path / "mu_m.png"
    assert path.stat().st_size > 0
    assert _colourful_fraction(path) > 0.1      # the colour map fills the film


def test_2d_screenshot_of_a_component_and_a_relative_temperature(tri, quad, tmp_path):
    tri.plot("mu_s", component="y", screenshot=tmp_path / "mu_y.png", show_edges=True)
    quad.plot("T", relative=True, units="mK", log=True, screenshot=tmp_path / "T.png")
    assert _colourful_fraction(tmp_path / "mu_y.png") > 0
    assert _colourful_fraction(tmp_path / "T.png") > 0.1


def test_2d_window_around_a_strip(quad, tmp_path):
    """x_range shows a window: the axis spans the window, not the 6 um device."""
    plotter = quad.plot("mu_m", x_range=(-1.5e-6, -0.5e-6))
    try:  # rendered in nm: the window's 1000 nm (plus up to a cell), not 6000 nm
        assert plotter.bounds[1] - plotter.bounds[0] == pytest.approx(1000, rel=0.15)
    finally:
        plotter.close()
    with pytest.raises(ParameterError, match="x_range"):
        quad.plot("mu_m", x_range=(10e-6, 20e-6), screenshot=tmp_path / "none.png")


def test_2d_default_window_is_around_the_strips(tri, quad):
    """One 300 nm strip on a 20 um film: the window spans the strip and three strip
    widths on each side; two strips over 2.3 um of a 6 um device: the whole device."""
    lo, hi = _strips(to_meshio(tri))
    assert (lo, hi) == (pytest.approx(-1.05e-6, rel=1e-9, abs=0),
                        pytest.approx(1.05e-6, rel=1e-9, abs=0))
    assert _strips(to_meshio(quad)) == (pytest.approx(-3e-6, rel=1e-12, abs=0),
                                        pytest.approx(3e-6, rel=1e-12, abs=0))
    zoomed, full = tri.plot("mu_m"), tri.plot("mu_m", x_range="all")
    try:  # the zoom shows the cells of |x| <= 1.05 um (1 um cells outside the strip)
        shown = zoomed.bounds[1] - zoomed.bounds[0]          # rendered in um
        assert shown == pytest.approx(2.0, rel=0.06)
        assert full.bounds[1] - full.bounds[0] == pytest.approx(20.0, rel=1e-9)
    finally:
        zoomed.close()
        full.close()
    with pytest.raises(ParameterError, match="x_range = 'most'"):
        tri.plot("mu_m", x_range="most")


def test_2d_colour_bar_labels_are_round_values_in_the_display_unit(tri):
    plotter = tri.plot("mu_m")
    try:
        (title, bar), = plotter.scalar_bars.items()
        mu_m = tri.dof_values("mu_m")
        unit = nf.units.display_unit("J", np.nanmax(np.abs(mu_m)))
        assert title == f"mu_m [{nf.units.pretty(unit)}]"
        labels = bar.GetCustomLabels()
        ticks = np.array([labels.GetValue(i) for i in range(labels.GetNumberOfTuples())])
        assert bar.GetUseCustomLabels() and len(ticks) >= 3
        step = ticks[1] - ticks[0]
        np.testing.assert_allclose(np.diff(ticks), step, rtol=1e-9)
        mantissa = step / 10 ** np.floor(np.log10(step))
        assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9      # a 1-2-5 step
        np.testing.assert_allclose(ticks / step, np.round(ticks / step), atol=1e-9)
        shown = mu_m / nf.units.scale(unit, "J")          # the ticks lie in the data range
        assert np.nanmin(shown) - 1e-9 <= ticks.min() and ticks.max() <= np.nanmax(shown) + 1e-9
        assert bar.GetLabelFormat() == f"%.{max(0, -int(np.floor(np.log10(step) + 1e-9)))}f"
    finally:
        plotter.close()


def test_2d_without_screenshot_returns_the_plotter(quad):
    plotter = quad.plot("region")
    try:
        assert hasattr(plotter, "screenshot")
    finally:
        plotter.close()


def test_1d_profiles(stack_1d, film_1d, tmp_path):
    path = stack_1d.plot("T", screenshot=tmp_path / "T.png", relative=True, units="mK")
    assert path.stat().st_size > 0 and _colourful_fraction(path) > 0
    path = film_1d.plot("mu_s", screenshot=tmp_path / "mu_s.png", units="ueV")
    assert _colourful_fraction(path) > 0
    fig = film_1d.plot("phi", show_edges=True)
    try:
        largest = np.nanmax(np.abs(film_1d.dof_values("phi")))    # the unit from the data
        unit = nf.units.pretty(nf.units.display_unit("V", largest))
        assert fig.axes[0].get_ylabel() == f"phi [{unit}]"
        assert fig.axes[0].get_xlabel() == "z [nm]"
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(field="mu_q"), r"field = 'mu_q'.*mu_x"),
    (dict(field="mu_m"), r"field = 'mu_m'.*'phi'"),         # no magnet in this device
    (dict(field="mu_s", component="w"), "component"),
    (dict(field="phi", component="x"), "scalar"),
    (dict(field="phi", units="ueV"), r"units = 'ueV'.*mV"),
    (dict(field="phi", relative=True), "temperatures only"),
])
def test_bad_plot_arguments(film_1d, kwargs, match):
    with pytest.raises(nf.ParameterError, match=match):
        film_1d.plot(**kwargs)


def test_auto_stretch_and_ticks():
    assert _auto_scale_z(50e-6, 210e-9) == 50       # 1 : 240 -> about 1 : 5
    assert _auto_scale_z(6e-6, 210e-9) == 10
    assert _auto_scale_z(1e-6, 1e-6) == 1
    np.testing.assert_allclose(_ticks(-3.0, 3.0, 9), np.arange(-3, 4))
    np.testing.assert_allclose(_ticks(0.0, 0.21, 5), [0, 0.05, 0.1, 0.15, 0.2])


def test_modules_import_without_vtk_or_matplotlib():
    code = ("import sys, nfdiff.export, nfdiff.plotting; "
            "print(sorted(m for m in ('vtk', 'pyvista', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_solution_repr_summarises_the_solve(film_1d):
    import copy
    import dataclasses

    sol = nf.devices.smr_film(thickness=5e-9, law="elastic").solve(current_density=2e10)
    lines = repr(sol).splitlines()
    assert lines[0] == "Solution (1D, law 'elastic', isothermal, T0 = 300 K)"
    assert lines[1] == "  regions: metal (Pt)"
    assert lines[2] == f"  {sol.problem.mesh.p.shape[1]} nodes, {len(sol.x)} unknowns"
    newton = sol.newton
    assert lines[3].startswith(f"  Newton converged in {newton.iterations} iteration")
    assert f"final residual {newton.residuals[-1]:.3g}" in lines[3]
    assert lines[4] == "  drive: j_x = 2e+10 A/m^2"
    assert lines[5] == "  observables (6): rho_long, rho_trans, E_x, E_y, j_x, j_y"
    assert len(lines) == 6

    failed = copy.copy(film_1d)         # a device without template: the drive solved
    failed.newton = dataclasses.replace(film_1d.newton, converged=False)
    text = repr(failed)
    assert "Newton did NOT converge" in text
    assert "drive: current_density={'metal': [10000000000.0, 0.0]} A/m^2" in text
    failed.drive = None                 # driven by boundary conditions only: no drive line
    assert "drive" not in repr(failed)
    assert "41 nodes" in text and "regions: metal (Pt)" in text
