"""Graded 3D meshes without gmsh: unions of axis-aligned boxes, extruded cross-sections.

:func:`boxes` is the 3D counterpart of :func:`~nfdiff.mesh.rectangles`: every box face
is a grid plane, graded with :func:`~nfdiff.mesh.graded_points` along x, y and z; the
cells are hexahedra (``skfem.MeshHex1``) or, split six to a cube, tetrahedra
(``skfem.MeshTet1``), with named regions and exterior boundaries. :func:`extrude` turns a
quadrilateral mesh of the (x, z) cross-section into hexahedra along y, keeping its
regions and boundaries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import skfem
from numpy.typing import ArrayLike

from .._validate import finite
from ..errors import ParameterError
from .builders import MAX_NODES, _as_boxes, _axis_sizes, _breaks
from .grading import graded_count, graded_points
from .regions import facets_of, with_regions

__all__ = ["boxes", "extrude"]

_AXES = ("x", "y", "z")
#: Exterior boundary names of the bounding box: (low, high) side of each axis.
_SIDES = (("left", "right"), ("front", "back"), ("bottom", "top"))


def boxes(regions: Mapping[str, Any], *, cells: str = "hexahedra",
          h_min: ArrayLike | None = None, h_max: ArrayLike | None = None,
          growth: float = 1.3, refine: Mapping[str, Sequence[float]] | None = None,
          h_outer: ArrayLike | None = None) -> skfem.MeshHex1 | skfem.MeshTet1:
    """A graded tensor-product mesh of a union of axis-aligned boxes.

    Every box face is a grid plane, graded with :func:`~nfdiff.mesh.graded_points` along
    each axis; cells inside no box are removed and the unused nodes dropped.

    Parameters
    ----------
    regions : dict
        ``region_name -> (x0, x1, y0, y1, z0, z1)`` [m], or ``region_name -> [box, ...]``
        for a region made of several boxes.  Boxes must not overlap.
    cells : {"hexahedra", "tetrahedra"}, optional
        Hexahedra (default), or every hexahedron split into six tetrahedra.
    h_min : float or (float, float, float), optional
        Element size next to every grid plane through a face [m], one value or
        ``(hx, hy, hz)`` (default: per axis 1/10 of the shortest gap between planes).
    h_max : float or (float, float, float), optional
        Largest element size [m] (default: per axis 1/20 of the extent, at least h_min).
    growth : float, optional
        Largest ratio of neighbouring element sizes along each axis, > 1 (default: 1.3).
    refine : dict, optional
        Extra grid planes [m] per axis, e.g. ``{"x": [0.0]}`` (default: none).
    h_outer : float or (float, float, float), optional
        Element size next to the faces of the bounding box [m], between h_min and h_max
        (default: h_min).

    Returns
    -------
    skfem.MeshHex1 or skfem.MeshTet1
        Coordinates ``mesh.p`` = (x, y, z) [m]; ``mesh.subdomains`` maps each region
        name to its cells; ``mesh.boundaries`` has "left", "right" (x), "front", "back"
        (y), "bottom", "top" (z) (exterior facets on the faces of the bounding box) and
        "exterior" (all exterior facets).

    Raises
    ------
    ParameterError
        If a box is malformed or empty, two boxes overlap (the message names both
        regions), ``cells`` is unknown, the grid would exceed ``MAX_NODES`` nodes, or the
        grading options are invalid.

    Examples
    --------
    A 10 nm Pt pad on a YIG slab, in tetrahedra:

    >>> mesh = boxes({"YIG": (0, 1e-6, 0, 1e-6, 0, 200e-9),
    ...               "Pt": (0.4e-6, 0.6e-6, 0, 1e-6, 200e-9, 210e-9)},
    ...              cells="tetrahedra", h_min=(50e-9, 0.5e-6, 5e-9), h_max=0.5e-6)
    >>> sorted(mesh.subdomains), type(mesh).__name__
    (['Pt', 'YIG'], 'MeshTet1')
    """
    if cells not in ("hexahedra", "tetrahedra"):
        raise ParameterError("cells", cells, "must be 'hexahedra' or 'tetrahedra'")
    names, boxes_, owner = _as_boxes(regions, "xyz")
    refine = dict(refine or {})
    for key in refine:
        if key not in _AXES:
            raise ParameterError("refine", key, "keys must be 'x', 'y' or 'z'")
    breaks = [_breaks(f"refine[{a!r}]", boxes_[:, 2 * k:2 * k + 2], refine.get(a, ()))
              for k, a in enumerate(_AXES)]
    h_min, h_max, sizes = _axis_sizes(breaks, h_min, h_max, h_outer, "xyz")
    # count before making any node (a length in nm given as m would fill the memory)
    n = [graded_count(b, s, hi, growth) + 1
         for b, s, hi in zip(breaks, sizes, h_max, strict=True)]
    if int(np.prod(n)) > MAX_NODES:
        raise ParameterError(
            "h_max", h_max.tolist(), f"with h_min = {h_min.tolist()} and growth {growth:g} "
            f"gives {n[0]} x {n[1]} x {n[2]} = {float(np.prod(n)):.3g} grid nodes (more than "
            f"{MAX_NODES:.0e}): lengths are in metres; coarser h_max (or a smaller extent) "
            "is needed", "m")
    grid = [graded_points(b, s, hi, growth) for b, s, hi in zip(breaks, sizes, h_max,
                                                                strict=True)]

    # the region of every grid cell (i, j, k), -1 outside every box
    region = np.full([len(g) - 1 for g in grid], -1, dtype=np.int64)
    lo = [np.searchsorted(g, boxes_[:, 2 * k]) for k, g in enumerate(grid)]
    hi = [np.searchsorted(g, boxes_[:, 2 * k + 1]) for k, g in enumerate(grid)]
    for m in range(len(boxes_)):  # loop over the few boxes, not over cells
        region[lo[0][m]:hi[0][m], lo[1][m]:hi[1][m], lo[2][m]:hi[2][m]] = owner[m]

    mesh: skfem.Mesh = skfem.MeshHex1.init_tensor(*grid)
    if cells == "tetrahedra":
        mesh = mesh.to_meshtet()
    # locate each cell by its centroid (strictly inside one grid cell)
    centre = mesh.p[:, mesh.t].mean(axis=1)
    index = tuple(np.searchsorted(g, c) - 1 for g, c in zip(grid, centre, strict=True))
    cell_region = region[index]
    kept = np.flatnonzero(cell_region >= 0)
    used, t = np.unique(mesh.t[:, kept], return_inverse=True)
    mesh = type(mesh)(np.ascontiguousarray(mesh.p[:, used]),
                      np.ascontiguousarray(t.reshape(mesh.t.shape[0], -1)))
    cell_region = cell_region[kept]
    subdomains = {name: np.flatnonzero(cell_region == k) for k, name in enumerate(names)}

    exterior = np.flatnonzero(mesh.f2t[1] < 0)
    corners = mesh.p[:, mesh.facets[:, exterior]]  # (3, nverts per facet, nexterior)
    boundaries: dict[str, np.ndarray] = {}
    for k, (low, high) in enumerate(_SIDES):  # a facet whose vertices all lie on a face
        boundaries[low] = exterior[np.all(corners[k] == grid[k][0], axis=0)]
        boundaries[high] = exterior[np.all(corners[k] == grid[k][-1], axis=0)]
    boundaries["exterior"] = exterior
    return with_regions(mesh, subdomains, boundaries)


#: Vertices of a scikit-fem hexahedron (as ``MeshHex1.init_tensor`` numbers them) as
#: (vertex of the quadrilateral, layer): offsets (x, y, z) (0,0,0), (0,1,0), (1,0,0),
#: (0,0,1), (1,1,0), (0,1,1), (1,0,1), (1,1,1), with quad vertices 0-3 at (x, z) =
#: (0,0), (1,0), (1,1), (0,1).
_HEX_FROM_QUAD = ((0, 0), (0, 1), (1, 0), (3, 0), (1, 1), (3, 1), (2, 0), (2, 1))


def extrude(mesh2d: skfem.MeshQuad1, ys: ArrayLike) -> skfem.MeshHex1:
    """A 2D quadrilateral mesh of the (x, z) cross-section extruded along y into hexahedra.

    Parameters
    ----------
    mesh2d : skfem.MeshQuad1
        Cross-section with named regions and boundaries, coordinates (x, z) [m], e.g.
        from :func:`~nfdiff.mesh.rectangles`.
    ys : array_like
        Increasing y coordinates of the layers of nodes [m], at least two (e.g. from
        :func:`~nfdiff.mesh.graded_points`).

    Returns
    -------
    skfem.MeshHex1
        Coordinates (x, y, z) [m]; every region of ``mesh2d`` becomes the hexahedra
        above its quadrilaterals, every boundary the faces above its edges; new
        boundaries "front" (y = ys[0]) and "back" (y = ys[-1]).

    Raises
    ------
    ParameterError
        If ``mesh2d`` is not a quadrilateral mesh with regions, already has a boundary
        "front" or "back", or ``ys`` is not increasing and finite.

    Examples
    --------
    >>> from nfdiff.mesh import rectangles
    >>> section = rectangles({"YIG": (0, 1e-6, 0, 200e-9)}, h_min=50e-9)
    >>> mesh = extrude(section, [0.0, 0.5e-6, 1e-6])
    >>> mesh.t.shape[1] == 2 * section.t.shape[1], sorted(mesh.boundaries)[:3]
    (True, ['back', 'bottom', 'exterior'])
    """
    if not isinstance(mesh2d, skfem.MeshQuad1) or not mesh2d.subdomains:
        raise ParameterError("mesh2d", type(mesh2d).__name__, "must be a skfem.MeshQuad1 "
                             "with named regions (e.g. from nf.mesh.rectangles)")
    clash = {"front", "back"} & set(mesh2d.boundaries or {})
    if clash:
        raise ParameterError("mesh2d", sorted(clash), "has boundaries named like the end "
                             "faces of the extrusion ('front', 'back'): rename them")
    ys = np.asarray(finite("ys", ys, "m"), dtype=float)
    if ys.ndim != 1 or len(ys) < 2 or np.any(np.diff(ys) <= 0):
        raise ParameterError("ys", ys.tolist(), "must be at least two increasing y "
                             "coordinates", "m")
    nv, nl = mesh2d.p.shape[1], len(ys)
    x, z = np.repeat(mesh2d.p[0], nl), np.repeat(mesh2d.p[1], nl)
    p = np.vstack([x, np.tile(ys, nv), z])  # node (vertex v, layer j) is v * nl + j
    grid = np.meshgrid(np.arange(mesh2d.t.shape[1]), np.arange(nl - 1), indexing="ij")
    quad, layer = grid[0].ravel(), grid[1].ravel()  # hexahedron q * (nl - 1) + j
    t = np.array([mesh2d.t[v, quad] * nl + layer + up for v, up in _HEX_FROM_QUAD])
    mesh = skfem.MeshHex1(np.ascontiguousarray(p), np.ascontiguousarray(t))

    def above(cells: ArrayLike) -> np.ndarray:
        return (np.asarray(cells, dtype=np.int64)[:, None] * (nl - 1)
                + np.arange(nl - 1)).ravel()

    subdomains = {name: above(cells) for name, cells in mesh2d.subdomains.items()}
    boundaries = {}
    for name, edges in (mesh2d.boundaries or {}).items():
        ends = mesh2d.facets[:, np.asarray(edges, dtype=np.int64)]  # (2, nedges)
        base = (ends[:, :, None] * nl + np.arange(nl - 1)).reshape(2, -1)
        boundaries[name] = facets_of(mesh, np.vstack([base, base + 1]))
    for name, j in (("front", 0), ("back", nl - 1)):
        boundaries[name] = facets_of(mesh, mesh2d.t * nl + j)
    return with_regions(mesh, subdomains, boundaries)
