"""Tests of nfdiff.mesh: graded point sets, stacks, rectangles, gmsh files, regions.

Geometry is checked against exact numbers computed from the inputs (layer thicknesses,
rectangle areas, trapezoid areas, edge lengths), never against the code under test.
"""

from __future__ import annotations

import doctest
import importlib.util
from pathlib import Path

import numpy as np
import pytest
import skfem
from hypothesis import given, settings
from hypothesis import strategies as st
from skfem.helpers import dot, grad

import nfdiff.mesh as nm
from nfdiff.errors import NfdiffError, ParameterError

MESHES = Path(__file__).resolve().parents[1] / "meshes"
RTOL = 1e-12

# the nonlocal device of the issue: YIG film under two Pt strips 5 um apart
FILM = (-25e-6, 25e-6, 0.0, 200e-9)
STRIP_A = (-2.65e-6, -2.35e-6, 200e-9, 210e-9)
STRIP_B = (2.35e-6, 2.65e-6, 200e-9, 210e-9)


def sizes(x):
    return np.diff(np.asarray(x))


def max_ratio(h):
    return float(np.max(np.maximum(h[1:] / h[:-1], h[:-1] / h[1:]))) if len(h) > 1 else 1.0


def areas(mesh):
    """Cell areas [m^2] from the vertex coordinates (shoelace; cells are convex)."""
    x, z = mesh.p[0, mesh.t], mesh.p[1, mesh.t]
    return 0.5 * np.sum(x * np.roll(z, -1, axis=0) - np.roll(x, -1, axis=0) * z, axis=0)


def facet_lengths(mesh, facets):
    ends = mesh.p[:, mesh.facets[:, np.asarray(facets)]]
    return np.linalg.norm(ends[:, 1] - ends[:, 0], axis=0)


def facet_midpoints(mesh, facets):
    return mesh.p[:, mesh.facets[:, np.asarray(facets)]].mean(axis=1)


@pytest.fixture(scope="module")
def device():
    return nm.rectangles({"film": FILM, "A": STRIP_A, "B": STRIP_B},
                         h_min=1e-9, h_max=(1e-6, 50e-9))


# ---- graded_points ---------------------------------------------------------------------

def test_grading_resolves_nm_next_to_a_10um_film():
    """1 nm at both ends of a 10 um interval: a few dozen elements, exact tiling."""
    x = nm.graded_points([0.0, 10e-6], h_min=1e-9, h_max=1e-6)
    h = sizes(x)
    assert x[0] == 0.0 and x[-1] == 10e-6
    assert 30 <= len(h) <= 80
    assert np.all(h > 0)
    assert max_ratio(h) <= 1.3 * (1 + 1e-9)
    # h_min up to the slight slope change that makes the count an integer
    assert 0.99e-9 < h[0] <= 1e-9 and 0.99e-9 < h[-1] <= 1e-9
    assert np.max(h) <= 1e-6 * (1 + RTOL)
    assert np.sum(h) == pytest.approx(10e-6, rel=RTOL, abs=0)


def test_grading_is_symmetric_and_coarse_in_the_middle():
    h = sizes(nm.graded_points([-1.0, 1.0], h_min=1e-3, h_max=10.0, growth=1.2))
    np.testing.assert_allclose(h, h[::-1], rtol=1e-9)
    assert np.argmax(h) in (len(h) // 2 - 1, len(h) // 2)
    assert np.all(np.diff(h[: len(h) // 2]) > 0)  # grows monotonically to the middle


def test_grading_per_breakpoint_sizes_and_breakpoints_are_nodes():
    breaks = np.array([-500e-6, 0.0, 1e-6, 1.01e-6])
    h_min = np.array([1e-6, 1e-9, 0.1e-9, 0.1e-9])
    x = nm.graded_points(breaks, h_min, 100e-6)
    h = sizes(x)
    at = np.searchsorted(x, breaks)
    np.testing.assert_array_equal(x[at], breaks)  # exactly, not approximately
    assert max_ratio(h) <= 1.3 * (1 + 1e-9)
    # the elements on both sides of each breakpoint are h_min (within one growth step)
    for i, hm in zip(at, h_min, strict=True):
        for k in (i - 1, i):
            if 0 <= k < len(h):
                assert hm / 1.3 * (1 - 1e-9) <= h[k] <= hm * (1 + 1e-9)
    assert len(h) < 250


def test_grading_short_interval_is_subdivided_uniformly():
    """An interval shorter than h_min gets one element; its neighbours grade down."""
    x = nm.graded_points([0.0, 1.0, 1.3, 2.0], h_min=0.5, h_max=0.5, growth=1.5)
    h = sizes(x)
    assert 1.3 in x and 1.0 in x
    inside = (x[:-1] >= 1.0) & (x[1:] <= 1.3)
    np.testing.assert_allclose(h[inside], 0.3 / np.sum(inside), rtol=1e-12)
    assert max_ratio(h) <= 1.5 * (1 + 1e-9)
    assert np.sum(h) == pytest.approx(2.0, rel=RTOL, abs=0)


@settings(max_examples=300, deadline=None)
@given(gaps=st.lists(st.floats(1e-3, 1.0), min_size=1, max_size=6),
       h_rel=st.lists(st.floats(1e-4, 2.0), min_size=7, max_size=7),
       h_max_rel=st.floats(0.01, 10.0), growth=st.floats(1.01, 2.5),
       scale=st.sampled_from([1e-9, 1e-6, 1.0]), per_point=st.booleans())
def test_grading_properties(gaps, h_rel, h_max_rel, growth, scale, per_point):
    """Exact coverage, breakpoints kept, ratios <= growth everywhere, sizes bounded."""
    breaks = scale * np.concatenate([[-0.3], -0.3 + np.cumsum(gaps)])
    h_min = scale * min(gaps) * np.array(h_rel[: len(breaks)])
    if not per_point:
        h_min = float(h_min[0])
    h_max = max(np.max(h_min), scale * max(gaps) * h_max_rel)
    x = nm.graded_points(breaks, h_min, h_max, growth)
    h = sizes(x)
    at = np.searchsorted(x, breaks)
    np.testing.assert_array_equal(x[at], breaks)
    assert np.all(h > 0)
    assert max_ratio(h) <= growth * (1 + 1e-9)
    assert np.max(h) <= h_max * (1 + 1e-9)
    h_at = np.broadcast_to(h_min, breaks.shape)
    assert np.all(h[at[:-1]] <= h_at[:-1] * (1 + 1e-9))  # first element of each interval
    assert np.all(h[at[1:] - 1] <= h_at[1:] * (1 + 1e-9))  # last element of each interval


@pytest.mark.parametrize("kwargs, name", [
    (dict(breaks=[0.0, 2.0, 1.0], h_min=0.1, h_max=1.0), "breaks"),
    (dict(breaks=[0.0, 1.0, 1.0], h_min=0.1, h_max=1.0), "breaks"),
    (dict(breaks=[0.0], h_min=0.1, h_max=1.0), "breaks"),
    (dict(breaks=[0.0, np.nan], h_min=0.1, h_max=1.0), "breaks"),
    (dict(breaks=[0.0, 1.0], h_min=0.0, h_max=1.0), "h_min"),
    (dict(breaks=[0.0, 1.0], h_min=-1e-9, h_max=1.0), "h_min"),
    (dict(breaks=[0.0, 1.0], h_min=[0.1, 0.1, 0.1], h_max=1.0), "h_min"),
    (dict(breaks=[0.0, 1.0], h_min=0.1, h_max=0.01), "h_max"),
    (dict(breaks=[0.0, 1.0], h_min=0.1, h_max=1.0, growth=1.0), "growth"),
    (dict(breaks=[0.0, 1.0], h_min=0.1, h_max=1.0, growth=0.8), "growth"),
])
def test_grading_rejects_bad_input(kwargs, name):
    with pytest.raises(ParameterError) as info:
        nm.graded_points(**kwargs)
    assert info.value.name == name


# ---- stack -----------------------------------------------------------------------------

def test_stack_regions_boundaries_and_coordinates():
    layers = [("GGG", 500e-6), ("YIG", 1e-6), ("Pt", 10e-9, 0.1e-9)]
    mesh = nm.stack(layers, z0=-500e-6, h_min=1e-9)
    assert isinstance(mesh, skfem.MeshLine1)
    z = mesh.p[0]
    breaks = -500e-6 + np.cumsum([0.0, 500e-6, 1e-6, 10e-9])
    assert np.all(np.diff(z) > 0)
    assert z[0] == breaks[0] and z[-1] == breaks[-1]
    assert np.all(np.isin(breaks, z))
    names, index = nm.region_of_element(mesh)
    assert names == ["GGG", "YIG", "Pt"]
    np.testing.assert_array_equal(np.diff(index) >= 0, True)  # bottom to top
    for (name, thickness, *_), lo, hi in zip(layers, breaks[:-1], breaks[1:], strict=True):
        elems = mesh.subdomains[name]
        ends = z[mesh.t[:, elems]]
        assert np.all(ends >= lo) and np.all(ends <= hi)
        assert np.sum(ends[1] - ends[0]) == pytest.approx(thickness, rel=1e-9, abs=0)
    assert z[mesh.facets[0, mesh.boundaries["bottom"]]].tolist() == [breaks[0]]
    assert z[mesh.facets[0, mesh.boundaries["top"]]].tolist() == [breaks[-1]]
    # per-layer h_min: 0.1 nm on both sides of the Pt layer, 1 nm at the GGG|YIG boundary
    h = np.diff(z)
    pt_ends = np.searchsorted(z, breaks[2:])
    assert h[pt_ends[0]] <= 0.1e-9 * (1 + 1e-9) and h[pt_ends[1] - 1] <= 0.1e-9 * (1 + 1e-9)
    ggg_yig = np.searchsorted(z, breaks[1])
    assert 1e-9 / 1.3 < h[ggg_yig - 1] <= 1e-9 * (1 + 1e-9)
    assert max_ratio(h) <= 1.3 * (1 + 1e-9)
    assert mesh.t.shape[1] < 200


def test_stack_nm_pt_on_10um_yig_is_small():
    mesh = nm.stack([("YIG", 10e-6), ("Pt", 10e-9)], h_min=1e-9)
    assert mesh.t.shape[1] < 100
    assert np.min(np.diff(mesh.p[0])) > 1e-9 / 1.3


def test_stack_interface_point_between_layers():
    mesh = nm.stack([("YIG", 1e-6), ("Pt", 5e-9)])
    facets, ea, eb = nm.interface_facets(mesh, "Pt", "YIG")
    assert len(facets) == 1
    assert mesh.p[0, mesh.facets[0, facets[0]]] == 1e-6
    assert ea[0] in mesh.subdomains["Pt"] and eb[0] in mesh.subdomains["YIG"]
    fb = skfem.FacetBasis(mesh, skfem.ElementLineP1(), facets=facets, side=0)
    assert fb.normals[0].ravel()[0] == pytest.approx(-1.0)  # out of Pt, down


@pytest.mark.parametrize("layers, name", [
    ([], "layers"),
    ("Pt", "layers"),
    ([("Pt",)], "layers[0]"),
    ([("Pt", 1e-9), (3, 1e-9)], "layers[1]"),
    ([("Pt", 1e-9), ("Pt", 2e-9)], "layers[1]"),
    ([("YIG", 1e-6), ("Pt", 0.0)], "thickness of layer 'Pt'"),
    ([("YIG", -1e-6), ("Pt", 1e-9)], "thickness of layer 'YIG'"),
    ([("YIG", 1e-6), ("Pt", 1e-9, 0.0)], "h_min of layer 'Pt'"),
])
def test_stack_rejects_bad_layers(layers, name):
    with pytest.raises(ParameterError) as info:
        nm.stack(layers)
    assert info.value.name == name


# ---- rectangles ------------------------------------------------------------------------

def test_rectangles_realistic_nonlocal_device(device):
    mesh = device
    assert isinstance(mesh, skfem.MeshQuad1)
    assert 2_000 <= mesh.t.shape[1] <= 30_000
    a = areas(mesh)
    assert np.all(a > 0)  # counter-clockwise cells
    for name, (x0, x1, z0, z1) in (("film", FILM), ("A", STRIP_A), ("B", STRIP_B)):
        assert np.sum(a[mesh.subdomains[name]]) == pytest.approx((x1 - x0) * (z1 - z0),
                                                                  rel=RTOL, abs=0)
    names, index = nm.region_of_element(mesh)
    assert sorted(names) == ["A", "B", "film"]
    for k, name in enumerate(names):
        np.testing.assert_array_equal(np.flatnonzero(index == k), mesh.subdomains[name])
    # void removed: no cell centre in the air above the film outside the strips, and no
    # node unused
    centre = mesh.p[:, mesh.t].mean(axis=1)
    above = centre[1] > 200e-9
    in_strip = (np.abs(centre[0] + 2.5e-6) < 150e-9) | (np.abs(centre[0] - 2.5e-6) < 150e-9)
    assert np.all(in_strip[above])
    np.testing.assert_array_equal(np.unique(mesh.t), np.arange(mesh.p.shape[1]))
    # nm elements at the strip edges and in the Pt
    hx = np.diff(np.unique(mesh.p[0]))
    hz = np.diff(np.unique(mesh.p[1]))
    assert 1e-9 / 1.3 < hx.min() <= 1e-9 * (1 + 1e-9)
    assert 1e-9 / 1.3 < hz.min() <= 1e-9 * (1 + 1e-9)
    edge = np.searchsorted(np.unique(mesh.p[0]), -2.65e-6)
    assert hx[edge] <= 1e-9 * (1 + 1e-9) and hx[edge - 1] <= 1e-9 * (1 + 1e-9)
    assert max_ratio(hx) <= 1.3 * (1 + 1e-9) and max_ratio(hz) <= 1.3 * (1 + 1e-9)


def test_rectangles_boundaries_lie_on_the_right_sides(device):
    mesh = device
    exterior = np.flatnonzero(mesh.f2t[1] < 0)
    np.testing.assert_array_equal(np.sort(mesh.boundaries["exterior"]), exterior)
    for name, axis, value, length in (("left", 0, -25e-6, 200e-9), ("right", 0, 25e-6, 200e-9),
                                      ("bottom", 1, 0.0, 50e-6),
                                      ("top", 1, 210e-9, 600e-9)):
        facets = mesh.boundaries[name]
        assert np.all(np.isin(facets, exterior))
        ends = mesh.p[axis, mesh.facets[:, facets]]
        assert np.all(ends == value), name
        assert np.sum(facet_lengths(mesh, facets)) == pytest.approx(length, rel=RTOL, abs=0)
    # the exterior is the box sides, the free film top and the strip sidewalls and tops
    perimeter = 2 * 50e-6 + 2 * 200e-9 + 4 * 10e-9
    assert np.sum(facet_lengths(mesh, exterior)) == pytest.approx(perimeter, rel=RTOL, abs=0)


@pytest.mark.parametrize("a, b", [("A", "film"), ("film", "A"), ("B", "film")])
def test_interface_facets_length_and_orientation(device, a, b):
    """Total length = strip width; side 0 is region a and normals point out of a."""
    mesh = device
    facets, elems_a, elems_b = nm.interface_facets(mesh, a, b)
    assert np.sum(facet_lengths(mesh, facets)) == pytest.approx(300e-9, rel=RTOL, abs=0)
    assert np.all(np.isin(elems_a, mesh.subdomains[a]))
    assert np.all(np.isin(elems_b, mesh.subdomains[b]))
    mid = facet_midpoints(mesh, facets)
    assert np.all(mid[1] == 200e-9)
    e = skfem.ElementQuad1()
    side_a = skfem.FacetBasis(mesh, e, facets=facets, side=0)
    side_b = skfem.FacetBasis(mesh, e, facets=facets, side=1)
    np.testing.assert_array_equal(side_a.tind, elems_a)
    np.testing.assert_array_equal(side_b.tind, elems_b)
    # normals point from region a's element centre towards region b's element centre
    into_b = (mesh.p[:, mesh.t[:, elems_b]].mean(axis=1)
              - mesh.p[:, mesh.t[:, elems_a]].mean(axis=1))
    for basis in (side_a, side_b):  # the same normals on both sides
        n = basis.normals[:, :, 0]
        assert np.all(np.sum(n * into_b, axis=0) > 0)
        np.testing.assert_allclose(np.abs(n[1]), 1.0)
    # the strip is above the film: out of the strip is down
    np.testing.assert_allclose(side_a.normals[1], -1.0 if a in ("A", "B") else 1.0)


def test_interface_facets_of_regions_that_do_not_touch(device):
    facets, elems_a, elems_b = nm.interface_facets(device, "A", "B")
    assert len(facets) == len(elems_a) == len(elems_b) == 0


def test_exterior_facets_of_region(device):
    facets = nm.exterior_facets_of_region(device, "A")
    assert np.all(device.f2t[1, facets] == -1)
    assert np.all(np.isin(device.f2t[0, facets], device.subdomains["A"]))
    assert np.sum(facet_lengths(device, facets)) == pytest.approx(320e-9, rel=RTOL, abs=0)
    fb = skfem.FacetBasis(device, skfem.ElementQuad1(), facets=facets)
    out = facet_midpoints(device, facets) - np.array([[-2.5e-6], [205e-9]])
    assert np.all(np.sum(fb.normals[:, :, 0] * out, axis=0) > 0)  # outward


def test_region_helpers_reject_unknown_regions_and_bad_meshes(device):
    with pytest.raises(ParameterError, match="regions"):
        nm.interface_facets(device, "A", "C")
    with pytest.raises(ParameterError):
        nm.interface_facets(device, "A", "A")
    with pytest.raises(ParameterError):
        nm.exterior_facets_of_region(device, "C")
    doubled = device.with_subdomains({"all": np.arange(device.t.shape[1])})
    with pytest.raises(ParameterError, match="exactly one region"):
        nm.region_of_element(doubled)
    with pytest.raises(ParameterError, match="no named regions"):
        nm.region_of_element(skfem.MeshQuad1())


def test_rectangles_with_substrate_void_and_refinement():
    """A region of two rectangles, air between them, a substrate and a refine line."""
    mesh = nm.rectangles({"GGG": (-10e-6, 10e-6, -50e-6, 0.0),
                          "film": (-10e-6, 10e-6, 0.0, 200e-9),
                          "Pt": [(-2.65e-6, -2.35e-6, 200e-9, 210e-9),
                                 (2.35e-6, 2.65e-6, 200e-9, 210e-9)]},
                         h_min=(2e-9, 1e-9), refine_x=[0.0])
    a = areas(mesh)
    assert np.sum(a[mesh.subdomains["Pt"]]) == pytest.approx(2 * 300e-9 * 10e-9, rel=RTOL, abs=0)
    assert np.sum(a[mesh.subdomains["GGG"]]) == pytest.approx(20e-6 * 50e-6, rel=RTOL, abs=0)
    assert np.sum(a) == pytest.approx(20e-6 * 50.2e-6 + 6e-15, rel=RTOL, abs=0)
    assert 0.0 in mesh.p[0]
    facets, _, _ = nm.interface_facets(mesh, "Pt", "film")
    assert np.sum(facet_lengths(mesh, facets)) == pytest.approx(600e-9, rel=RTOL, abs=0)
    assert np.sum(facet_lengths(mesh, mesh.boundaries["bottom"])) == pytest.approx(20e-6, rel=RTOL,
                                                                                  abs=0)


def test_poisson_assembles_on_one_region(device):
    """scikit-fem assembles on a region's elements; its area and Laplacian are right."""
    film = device.subdomains["film"]
    basis = skfem.Basis(device, skfem.ElementQuad1(), elements=film)

    @skfem.Functional
    def one(w):
        return 1.0 + 0.0 * w.x[0]

    @skfem.BilinearForm
    def laplace(u, v, _):
        return dot(grad(u), grad(v))

    assert one.assemble(basis) == pytest.approx(50e-6 * 200e-9, rel=RTOL, abs=0)
    quadratic = skfem.Basis(device, skfem.ElementQuad2(), elements=film)  # P2: no mesh work
    assert one.assemble(quadratic) == pytest.approx(50e-6 * 200e-9, rel=RTOL, abs=0)
    K = laplace.assemble(basis)
    assert K.shape == (device.p.shape[1],) * 2  # global numbering kept
    scale = abs(K).max()  # ~1e3 on these nm-thin elements: round-off is ~1e-16 of it
    np.testing.assert_allclose(K @ np.ones(K.shape[0]), 0.0, atol=1e-12 * scale)
    # u = z is harmonic: K u vanishes at film dofs away from the film's boundary
    u = device.p[1]
    interior = np.setdiff1d(basis.get_dofs(elements=film).all(),
                            device.facets[:, np.flatnonzero(
                                np.isin(device.f2t, film).sum(axis=0) < 2)].ravel())
    np.testing.assert_allclose((K @ u)[interior], 0.0, atol=1e-12 * scale * np.abs(u).max())


@pytest.mark.parametrize("regions, kwargs, match", [
    ({"film": FILM, "A": (-2.7e-6, -2.3e-6, 150e-9, 210e-9)}, {}, "'film'.*'A'"),
    ({"A": [STRIP_A, (-2.6e-6, -2.5e-6, 205e-9, 220e-9)]}, {}, "overlap"),
    ({"film": (0.0, 1e-6, 0.0, 0.0)}, {}, "positive area"),
    ({"film": (1e-6, 0.0, 0.0, 1e-6)}, {}, "positive area"),
    ({"film": (0.0, 1e-6, 0.0)}, {}, "rectangle"),
    ({"film": (0.0, 1e-6, 0.0, np.inf)}, {}, "finite"),
    ({}, {}, "non-empty"),
    ({"": FILM}, {}, "non-empty strings"),
    ({"film": FILM}, {"refine_x": [30e-6]}, "inside"),
    ({"film": FILM}, {"h_min": (1e-9, 1e-9, 1e-9)}, "pair"),
    ({"film": FILM}, {"h_min": 0.0}, "> 0"),
])
def test_rectangles_rejects_bad_input(regions, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        nm.rectangles(regions, **kwargs)


# ---- gmsh files ------------------------------------------------------------------------

TRAPEZOID_SIDE = np.hypot(50e-9, 10e-9)


@pytest.mark.parametrize("name, top_width, strip_top_length", [
    ("strip_on_film", 200e-9, 200e-9 + 2 * TRAPEZOID_SIDE),
    ("rect_strip_on_film", 300e-9, 320e-9),
])
def test_load_shipped_meshes(name, top_width, strip_top_length):
    mesh = nm.load(MESHES / f"{name}.msh")
    assert isinstance(mesh, skfem.MeshTri1)
    assert 1_000 < mesh.t.shape[1] < 6_000
    assert sorted(mesh.subdomains) == ["film", "strip"]
    assert sorted(mesh.boundaries) == ["bottom", "film_top", "interface", "left", "right",
                                       "strip_top"]
    a = np.abs(areas(mesh))  # scikit-fem sorts triangle vertices: either orientation
    assert np.all(a > 0)
    assert np.sum(a[mesh.subdomains["film"]]) == pytest.approx(4e-6 * 200e-9, rel=RTOL, abs=0)
    strip_area = 0.5 * (300e-9 + top_width) * 10e-9
    assert np.sum(a[mesh.subdomains["strip"]]) == pytest.approx(strip_area, rel=RTOL, abs=0)
    assert np.max(np.sqrt(a[mesh.subdomains["strip"]])) < 3e-9  # ~2 nm in the strip

    lengths = {k: np.sum(facet_lengths(mesh, v)) for k, v in mesh.boundaries.items()}
    expected = {"bottom": 4e-6, "left": 200e-9, "right": 200e-9, "film_top": 3.7e-6,
                "interface": 300e-9, "strip_top": strip_top_length}
    for k, v in expected.items():
        assert lengths[k] == pytest.approx(v, rel=RTOL, abs=0), k

    # the named interface is the set of facets between the regions, and interior
    facets, _, _ = nm.interface_facets(mesh, "strip", "film")
    np.testing.assert_array_equal(np.sort(mesh.boundaries["interface"]), np.asarray(facets))
    assert np.all(mesh.f2t[1, mesh.boundaries["interface"]] >= 0)
    # the other curves partition the exterior
    exterior = np.flatnonzero(mesh.f2t[1] < 0)
    named = np.concatenate([mesh.boundaries[k] for k in expected if k != "interface"])
    np.testing.assert_array_equal(np.sort(named), exterior)
    np.testing.assert_array_equal(np.sort(nm.exterior_facets_of_region(mesh, "strip")),
                                  np.sort(mesh.boundaries["strip_top"]))
    # P1 and P2 facet bases on the interface: side 0 in the strip, normals down
    for e in (skfem.ElementTriP1(), skfem.ElementTriP2()):
        fb = skfem.FacetBasis(mesh, e, facets=facets, side=0)
        assert np.all(np.isin(fb.tind, mesh.subdomains["strip"]))
        np.testing.assert_allclose(fb.normals[1], -1.0)


def test_load_rect_mesh_matches_rectangles():
    """The gmsh rectangle device and the tensor-product one cover the same regions."""
    tri = nm.load(MESHES / "rect_strip_on_film.msh")
    quad = nm.rectangles({"film": (-2e-6, 2e-6, 0.0, 200e-9),
                          "strip": (-150e-9, 150e-9, 200e-9, 210e-9)}, h_min=2e-9)
    for name in ("film", "strip"):
        assert (np.sum(np.abs(areas(tri))[tri.subdomains[name]])
                == pytest.approx(np.sum(areas(quad)[quad.subdomains[name]]), rel=RTOL, abs=0))
    np.testing.assert_allclose(tri.p.min(axis=1), quad.p.min(axis=1), atol=1e-20)
    np.testing.assert_allclose(tri.p.max(axis=1), quad.p.max(axis=1), atol=1e-20)


@pytest.mark.parametrize("name", ["strip_on_film", "rect_strip_on_film"])
def test_shipped_meshes_match_their_geo_files(tmp_path, name):
    """meshes/build.py regenerates an equivalent mesh from the .geo file."""
    pytest.importorskip("gmsh")
    spec = importlib.util.spec_from_file_location("build", MESHES / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    fresh = nm.load(build.build(MESHES / f"{name}.geo", tmp_path / f"{name}.msh"))
    shipped = nm.load(MESHES / f"{name}.msh")
    for region in ("film", "strip"):
        assert len(fresh.subdomains[region]) == pytest.approx(
            len(shipped.subdomains[region]), rel=0.05)
    np.testing.assert_allclose(fresh.p.min(axis=1), shipped.p.min(axis=1))
    np.testing.assert_allclose(fresh.p.max(axis=1), shipped.p.max(axis=1))


def test_load_scale():
    """scale is the length of a file unit in metres."""
    mesh = nm.load(MESHES / "strip_on_film.msh", scale=1e3)
    assert np.sum(np.abs(areas(mesh))[mesh.subdomains["film"]]) == pytest.approx(8e-13 * 1e6,
                                                                           rel=RTOL, abs=0)
    with pytest.raises(ParameterError):
        nm.load(MESHES / "strip_on_film.msh", scale=0.0)


def test_load_missing_file_names_the_path(tmp_path):
    path = tmp_path / "nowhere.msh"
    with pytest.raises(nm.MeshFileError, match="no such file") as info:
        nm.load(path)
    assert info.value.path == path
    assert str(path) in str(info.value)
    assert isinstance(info.value, NfdiffError)


def test_load_msh22_asks_for_41(tmp_path):
    import meshio

    path = tmp_path / "old.msh"
    points = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    meshio.write(path, meshio.Mesh(points, [("triangle", np.array([[0, 1, 2]]))]),
                 file_format="gmsh22", binary=False)
    with pytest.raises(nm.MeshFileError, match=r"re-export as MSH 4\.1"):
        nm.load(path)


def test_load_rejects_garbage(tmp_path):
    path = tmp_path / "garbage.msh"
    path.write_text("hello\n")
    with pytest.raises(nm.MeshFileError, match="MeshFormat"):
        nm.load(path)


def _write_gmsh(path, *, physical=True, b_name="b", save_all=False, line=False):
    """A small gmsh mesh: two unit squares side by side, or a 1D line of two parts.

    ``b_name``: name of the right square's physical surface ("" unnamed, None none).
    """
    gmsh = pytest.importorskip("gmsh")
    gmsh.initialize(interruptible=False)
    try:
        gmsh.option.setNumber("General.Terminal", 0)
        gmsh.model.add("t")
        geo = gmsh.model.geo
        if line:
            pts = [geo.addPoint(0, 0, x, 0.2) for x in (0.0, 1.0, 3.0)]  # along gmsh z
            lines = [geo.addLine(pts[0], pts[1]), geo.addLine(pts[1], pts[2])]
            geo.synchronize()
            gmsh.model.addPhysicalGroup(1, [lines[0]], name="F")
            gmsh.model.addPhysicalGroup(1, [lines[1]], name="N")
            gmsh.model.addPhysicalGroup(0, [pts[0]], name="bottom")
            gmsh.model.addPhysicalGroup(0, [pts[1]], name="interface")
            gmsh.model.mesh.generate(1)
        else:
            pts = [geo.addPoint(x, y, 0, 0.25) for y in (0.0, 1.0) for x in (0.0, 1.0, 2.0)]
            low = [geo.addLine(pts[0], pts[1]), geo.addLine(pts[1], pts[2])]
            high = [geo.addLine(pts[3], pts[4]), geo.addLine(pts[4], pts[5])]
            sides = [geo.addLine(pts[i], pts[i + 3]) for i in range(3)]
            left = geo.addPlaneSurface([geo.addCurveLoop([low[0], sides[1], -high[0],
                                                          -sides[0]])])
            right = geo.addPlaneSurface([geo.addCurveLoop([low[1], sides[2], -high[1],
                                                           -sides[1]])])
            geo.synchronize()
            if physical:
                gmsh.model.addPhysicalGroup(2, [left], name="a")
                if b_name is not None:
                    gmsh.model.addPhysicalGroup(2, [right], name=b_name)
                gmsh.model.addPhysicalGroup(1, [sides[1]], name="middle")
                gmsh.model.addPhysicalGroup(1, low, name="bottom")
            gmsh.model.mesh.generate(2)
        gmsh.option.setNumber("Mesh.MshFileVersion", 4.1)
        gmsh.option.setNumber("Mesh.SaveAll", int(save_all))
        gmsh.write(str(path))
    finally:
        gmsh.finalize()
    return path


def test_load_small_gmsh_mesh_with_interior_curve(tmp_path):
    mesh = nm.load(_write_gmsh(tmp_path / "two.msh"), scale=1e-6)
    assert sorted(mesh.subdomains) == ["a", "b"]
    a = np.abs(areas(mesh))
    assert np.sum(a[mesh.subdomains["a"]]) == pytest.approx(1e-12, rel=RTOL, abs=0)
    assert np.sum(facet_lengths(mesh, mesh.boundaries["middle"])) == pytest.approx(1e-6, rel=RTOL,
                                                                                 abs=0)
    assert np.sum(facet_lengths(mesh, mesh.boundaries["bottom"])) == pytest.approx(2e-6, rel=RTOL,
                                                                                 abs=0)
    assert np.all(facet_midpoints(mesh, mesh.boundaries["middle"])[0] == 1e-6)
    facets, _, _ = nm.interface_facets(mesh, "a", "b")
    np.testing.assert_array_equal(np.sort(mesh.boundaries["middle"]), np.asarray(facets))


def test_load_1d_gmsh_mesh(tmp_path):
    mesh = nm.load(_write_gmsh(tmp_path / "line.msh", line=True), scale=1e-6)
    assert isinstance(mesh, skfem.MeshLine1)
    lengths = {k: np.sum(np.diff(mesh.p[0, mesh.t[:, v]], axis=0))
               for k, v in mesh.subdomains.items()}
    assert lengths == pytest.approx({"F": 1e-6, "N": 2e-6}, rel=RTOL, abs=0)
    assert mesh.p[0, mesh.facets[0, mesh.boundaries["bottom"]]].tolist() == [0.0]
    assert mesh.p[0, mesh.facets[0, mesh.boundaries["interface"]]] == pytest.approx(1e-6, rel=RTOL,
                                                                                      abs=0)


def test_load_rejects_mesh_without_regions(tmp_path):
    with pytest.raises(nm.MeshFileError, match="no physical surfaces"):
        nm.load(_write_gmsh(tmp_path / "bare.msh", physical=False))


def test_load_rejects_elements_in_no_region(tmp_path):
    """An unnamed physical surface leaves its elements without a region."""
    path = _write_gmsh(tmp_path / "unnamed.msh", b_name="")
    with pytest.raises(nm.MeshFileError, match="belong to no region"):
        nm.load(path)


def test_load_explains_saveall_files_meshio_cannot_read(tmp_path):
    """Mesh.SaveAll = 1 with an entity outside every physical group."""
    path = _write_gmsh(tmp_path / "all.msh", save_all=True, b_name=None)
    with pytest.raises(nm.MeshFileError, match="SaveAll"):
        nm.load(path)


# ---- package ---------------------------------------------------------------------------

@pytest.mark.parametrize("module", ["nfdiff.mesh", "nfdiff.mesh.grading",
                                    "nfdiff.mesh.builders"])
def test_docstring_examples(module):
    mod = __import__(module, fromlist=["_"])
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_rectangles_h_outer_coarsens_the_far_ends_only():
    regions = {"film": (-20e-6, 20e-6, 0.0, 200e-9), "A": (-150e-9, 150e-9, 200e-9, 210e-9)}
    fine = nm.rectangles(regions, h_min=1e-9, h_max=(1e-6, 20e-9))
    coarse = nm.rectangles(regions, h_min=1e-9, h_max=(1e-6, 20e-9), h_outer=(1e-6, 20e-9))
    xf, xc = np.unique(fine.p[0]), np.unique(coarse.p[0])
    assert len(xc) < len(xf) - 40
    assert 0.9e-6 < xc[1] - xc[0] <= 1e-6 * (1 + 1e-12)  # far end: about h_outer
    # next to the strip edges the grading is the same
    at = np.searchsorted(xc, -150e-9)
    assert xc[at] == -150e-9 and xc[at] - xc[at - 1] <= 1e-9 * (1 + 1e-9)
    with pytest.raises(ParameterError, match="h_outer"):
        nm.rectangles(regions, h_min=1e-9, h_max=1e-6, h_outer=2e-6)


def test_long_plateaus_grade_without_overflow():
    """5 mm of 1.17 um elements next to a 1 nm one (a film over a 500 um substrate's
    extent): thousands of plateau elements, no overflow in the growth branches (warnings
    are errors here), and the bounds of graded_points hold."""
    x = nm.graded_points([0.0, 5e-3], 1e-9, 1.17e-6, 1.25)
    h = np.diff(x)
    assert x[0] == 0.0 and x[-1] == 5e-3 and np.all(h > 0)
    assert h.max() <= 1.17e-6 * (1 + 1e-12)
    assert np.max(h[1:] / h[:-1]) <= 1.25 * (1 + 1e-9)
    assert np.max(h[:-1] / h[1:]) <= 1.25 * (1 + 1e-9)
    assert h[0] <= 1e-9 * (1 + 1e-9) and h[-1] <= 1e-9 * (1 + 1e-9)


def test_rectangles_refuse_an_absurd_grid_before_building_it():
    """A unit slip (1 m meant as 1 um) with nm sizes: refused in well under a second with
    the count, not a memory error after minutes."""
    import time

    t0 = time.process_time()
    with pytest.raises(ParameterError, match=r"grid nodes .* lengths are in metres") as info:
        nm.rectangles({"film": (0.0, 1.0, 0.0, 1.0)}, h_min=1e-9, h_max=1e-6)
    assert info.value.name == "h_max" and time.process_time() - t0 < 1.0


def test_rectangles_take_sizes_at_particular_lines():
    mesh = nm.rectangles({"film": (0.0, 1e-6, 0.0, 1e-6), "top": (0.0, 1e-6, 1e-6, 1.1e-6)},
                         h_min=1e-9, h_max=1e-7, h_lines={"z": {0.0: 5e-8}})
    z = np.unique(mesh.p[1])
    assert z[1] - z[0] > 1e-8  # coarse at the bottom line
    assert np.min(np.abs(np.diff(z))[np.isclose(z[:-1], 1e-6, rtol=0, atol=1e-15)]) <= 1e-9 * 1.01
    with pytest.raises(ParameterError, match="is not a grid line"):
        nm.rectangles({"film": (0.0, 1e-6, 0.0, 1e-6)}, h_min=1e-9, h_max=1e-7,
                      h_lines={"z": {0.5e-6: 1e-8}})
