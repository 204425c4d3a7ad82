"""Graded meshes without gmsh: 1D film stacks and 2D unions of rectangles.

Both builders return plain scikit-fem meshes in metres with named regions
(``mesh.subdomains``) and exterior boundaries (``mesh.boundaries``); the grid lines are
graded towards every layer boundary and rectangle edge with
:func:`~nfdiff.mesh.graded_points`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import skfem
from numpy.typing import ArrayLike

from .._validate import finite, positive
from ..errors import ParameterError
from .grading import graded_count, graded_points
from .regions import facets_of, with_regions

__all__ = ["rectangles", "rectangles_size", "stack"]

#: Default h_min of ``stack``: this fraction of the thinnest layer, at most _H_MIN_CAP.
_H_MIN_FRACTION = 1.0 / 20.0
_H_MIN_CAP = 1e-9  # m: resolves nm spin diffusion lengths at every layer boundary
#: Default h_max: this fraction of the thickest layer (stack) or of the extent (rectangles).
_H_MAX_FRACTION = 1.0 / 20.0
#: Largest number of grid nodes :func:`rectangles` builds and of nodes :func:`stack`
#: builds: a slip of units or sizes (a thickness in nm given as metres) would otherwise
#: fill the memory before anything is solved. The counts are estimated first
#: (:func:`~nfdiff.mesh.graded_count`, arithmetic), the nodes made only below these.
MAX_NODES = 4_000_000
MAX_NODES_1D = 1_000_000


def _region_name(name: object, what: str) -> str:
    if not isinstance(name, str) or not name:
        raise ParameterError(what, name, "region names must be non-empty strings")
    return name


def stack(layers: Sequence[tuple[Any, ...]], *, z0: float = 0.0, h_min: float | None = None,
          h_max: float | None = None, growth: float = 1.3) -> skfem.MeshLine1:
    """A 1D mesh through a stack of layers, along z, graded at every layer boundary.

    Parameters
    ----------
    layers : sequence of (str, float) or (str, float, float)
        ``(region_name, thickness)`` [m] from bottom to top, or
        ``(region_name, thickness, h_min)`` to set the element size [m] at this layer's
        boundaries (a boundary shared by two layers takes the smaller one).  Names must
        be unique.
    z0 : float, optional
        Position of the bottom of the first layer [m] (default: 0).
    h_min : float, optional
        Element size at layer boundaries [m] for layers without their own
        (default: 1/20 of the thinnest layer, at most 1 nm).
    h_max : float, optional
        Largest element size [m] (default: 1/20 of the thickest layer, at least the
        largest h_min).
    growth : float, optional
        Largest ratio of neighbouring element sizes, > 1 (default: 1.3).

    Returns
    -------
    skfem.MeshLine1
        Nodes at z [m] (``mesh.p[0]``); ``mesh.subdomains`` maps each layer name to its
        elements, ``mesh.boundaries`` has "bottom" (z = z0) and "top".

    Raises
    ------
    ParameterError
        If ``layers`` is empty or malformed, a name repeats, a thickness or size is not
        positive (the message names the layer), or the grading options are invalid.

    Examples
    --------
    A 1 nm grid at a Pt|YIG interface next to a 10 um film costs about a hundred
    elements:

    >>> mesh = stack([("YIG", 10e-6), ("Pt", 10e-9, 0.1e-9)], h_min=1e-9)
    >>> mesh.t.shape[1] < 150
    True
    """
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence) or not layers:
        raise ParameterError("layers", layers, "must be a non-empty sequence of "
                             "(region_name, thickness[, h_min]) tuples")
    names: list[str] = []
    thicknesses: list[float] = []
    own_h: list[float | None] = []
    for i, layer in enumerate(layers):
        if isinstance(layer, (str, bytes)) or not isinstance(layer, Sequence) \
                or len(layer) not in (2, 3):
            raise ParameterError(f"layers[{i}]", layer,
                                 "must be (region_name, thickness[, h_min])")
        name = _region_name(layer[0], f"layers[{i}]")
        if name in names:
            raise ParameterError(f"layers[{i}]", name, "region names must be unique "
                                 f"(layer {names.index(name)} has the same name)")
        names.append(name)
        thicknesses.append(positive(f"thickness of layer {name!r}", layer[1], "m"))
        own_h.append(positive(f"h_min of layer {name!r}", layer[2], "m")
                     if len(layer) == 3 else None)
    z0 = finite("z0", z0, "m")
    if h_min is None:
        h_min = min(_H_MIN_FRACTION * float(np.min(thicknesses)), _H_MIN_CAP)
    h_min = positive("h_min", h_min, "m")
    per_layer = np.array([h_min if h is None else h for h in own_h])
    # a breakpoint takes the finer of the layers that meet there
    h_at = np.minimum(np.concatenate([per_layer[:1], per_layer]),
                      np.concatenate([per_layer, per_layer[-1:]]))
    if h_max is None:
        h_max = max(_H_MAX_FRACTION * float(np.max(thicknesses)), float(np.max(h_at)))
    breaks = z0 + np.concatenate([[0.0], np.cumsum(thicknesses)])
    count = graded_count(breaks, h_at, h_max, growth)  # arithmetic: no node made yet
    if count + 1 > MAX_NODES_1D:
        big = names[int(np.argmax(thicknesses))]
        raise ParameterError(
            "h_max", h_max, f"with h_min = {h_min:.6g} m and growth {growth:g} gives "
            f"{count + 1:.3g} nodes through {breaks[-1] - breaks[0]:.4g} m (more than "
            f"{MAX_NODES_1D:.0e}; thickest layer {big!r}, "
            f"{thicknesses[names.index(big)]:.4g} m): lengths are in metres; coarser "
            "h_max (or thinner layers) is needed", "m")
    z = graded_points(breaks, h_at, h_max, growth)
    mesh = skfem.MeshLine1(np.ascontiguousarray(z[None, :]),
                           np.ascontiguousarray(np.vstack([np.arange(len(z) - 1),
                                                           np.arange(1, len(z))])))
    layer_of = np.searchsorted(np.searchsorted(z, breaks), np.arange(len(z) - 1),
                               side="right") - 1
    subdomains = {name: np.flatnonzero(layer_of == i) for i, name in enumerate(names)}
    boundaries = {"bottom": facets_of(mesh, np.array([[0]])),
                  "top": facets_of(mesh, np.array([[len(z) - 1]]))}
    return with_regions(mesh, subdomains, boundaries)




#: What :func:`_as_boxes` calls a box of 2 and 3 axes, and what it must have.
_SHAPES = {"xz": ("rectangle", "area"), "xyz": ("box", "volume")}


def _as_boxes(regions: Mapping[str, Any], axes: str = "xz"
              ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Names, axis-aligned boxes (n, 2 len(axes)) as (x0, x1, [y0, y1,] z0, z1), and the
    region index of each, checked (finite, positive extent, no two overlapping)."""
    shape, measure = _SHAPES[axes]
    corners = ", ".join(f"{a}0, {a}1" for a in axes)
    if not isinstance(regions, Mapping) or not regions:
        raise ParameterError("regions", regions, "must be a non-empty dict region_name -> "
                             f"({corners}) or a list of such {shape}s [m]")
    names: list[str] = []
    rects: list[np.ndarray] = []
    owner: list[int] = []
    for name, value in regions.items():
        _region_name(name, "regions")
        try:
            nested = np.ndim(value) == 2
        except ValueError:  # a ragged list of boxes: each one is checked below
            nested = True
        group = list(value) if nested else [value]
        for j, rect in enumerate(group):
            label = f"regions[{name!r}]" + (f"[{j}]" if nested else "")
            r = finite(label, rect, "m")
            if np.shape(r) != (2 * len(axes),):
                raise ParameterError(label, rect, f"must be a {shape} ({corners}) [m]")
            if not np.all(r[0::2] < r[1::2]):
                raise ParameterError(label, rect, "needs " + " and ".join(
                    f"{a}0 < {a}1" for a in axes) + f" (a {shape} of positive {measure})", "m")
            rects.append(r)
            owner.append(len(names))
        names.append(name)
    rects_ = np.array(rects)
    overlap = np.ones((len(rects_), len(rects_)), dtype=bool)
    for k in range(len(axes)):
        lo, hi = rects_[:, 2 * k], rects_[:, 2 * k + 1]
        overlap &= np.minimum(hi[:, None], hi[None, :]) > np.maximum(lo[:, None], lo[None, :])
    clash = np.triu(overlap, k=1)
    if np.any(clash):
        i, j = np.argwhere(clash)[0]
        raise ParameterError("regions", [names[owner[i]], names[owner[j]]],
                             f"{shape}s overlap: {names[owner[i]]!r} "
                             f"{rects_[i].tolist()} and {names[owner[j]]!r} "
                             f"{rects_[j].tolist()} [m]")
    return names, rects_, np.array(owner)


def _per_axis(name: str, value: ArrayLike, axes: str = "xz") -> np.ndarray:
    """A positive scalar or one value per axis (``axes``: "xz" or "xyz") as an array."""
    value = positive(name, value, "m")
    if np.ndim(value) == 0:
        return np.full(len(axes), float(value))
    if np.shape(value) != (len(axes),):
        what = "a pair (x, z)" if len(axes) == 2 else "a triple (x, y, z)"
        raise ParameterError(name, value, f"must be a scalar or {what}", "m")
    return np.asarray(value, dtype=float)


def _axis_sizes(breaks: list[np.ndarray], h_min: ArrayLike | None, h_max: ArrayLike | None,
                h_outer: ArrayLike | None, axes: str
                ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Checked ``(h_min, h_max, sizes)`` per axis of a grid with breakpoints ``breaks``:
    defaults a tenth of the smallest gap and ``_H_MAX_FRACTION`` of the extent, ``sizes``
    the element size at each breakpoint (h_min inside, ``h_outer`` at the two ends)."""
    if h_min is None:
        h_min = [np.min(np.diff(b)) / 10.0 for b in breaks]
    h_min = _per_axis("h_min", h_min, axes)
    if h_max is None:
        h_max = np.maximum([_H_MAX_FRACTION * (b[-1] - b[0]) for b in breaks], h_min)
    h_max = _per_axis("h_max", h_max, axes)
    if np.any(h_min > h_max):
        raise ParameterError("h_max", h_max.tolist(), f"must be at least h_min = "
                             f"{h_min.tolist()} along every axis", "m")
    h_outer = h_min if h_outer is None else _per_axis("h_outer", h_outer, axes)
    if not np.all((h_min <= h_outer) & (h_outer <= h_max)):
        raise ParameterError("h_outer", h_outer.tolist(), f"must lie between h_min = "
                             f"{h_min.tolist()} and h_max = {h_max.tolist()}", "m")
    sizes = []
    for b, lo, end in zip(breaks, h_min, h_outer, strict=True):
        per_line = np.full(len(b), lo)
        per_line[[0, -1]] = end
        sizes.append(per_line)
    return h_min, h_max, sizes


def _breaks(label: str, edges: np.ndarray, refine: Sequence[float]) -> np.ndarray:
    """Grid lines of one axis: the rectangle edges and the extra refinement points."""
    points = np.atleast_1d(finite(label, list(refine), "m"))
    lo, hi = edges.min(), edges.max()
    if points.ndim != 1 or np.any((points < lo) | (points > hi)):
        raise ParameterError(label, points.tolist(), f"refinement points must lie inside "
                             f"the rectangles' extent [{lo:.6g}, {hi:.6g}]", "m")
    return np.unique(np.concatenate([edges.ravel(), points]))




def _grid_lines(regions: Mapping[str, Any], *, h_min: ArrayLike | None,
                h_max: ArrayLike | None, refine_x: Sequence[float], refine_z: Sequence[float],
                h_outer: ArrayLike | None, h_lines: Mapping[str, Mapping[float, float]] | None
                ) -> tuple[list[str], np.ndarray, np.ndarray, list[np.ndarray],
                           list[np.ndarray], np.ndarray, np.ndarray]:
    """The checked rectangles of :func:`rectangles` and their grid lines: ``(names,
    rects, owner, breaks, sizes, h_min, h_max)`` with the breakpoints of x and z, the
    element size next to each and the smallest and largest sizes per axis."""
    names, rects, owner = _as_boxes(regions)
    breaks = [_breaks("refine_x", rects[:, :2], refine_x),
              _breaks("refine_z", rects[:, 2:], refine_z)]
    h_min, h_max, sizes = _axis_sizes(breaks, h_min, h_max, h_outer, "xz")
    for axis_name, given in dict(h_lines or {}).items():
        if axis_name not in ("x", "z"):
            raise ParameterError("h_lines", axis_name, "keys must be 'x' or 'z'")
        k = 0 if axis_name == "x" else 1
        axis_name = repr(axis_name)
        for line, h in dict(given).items():
            where = np.flatnonzero(breaks[k] == line)
            if not len(where):
                raise ParameterError(f"h_lines[{axis_name}]", line, f"is not a grid line of "
                                     f"{axis_name}: the rectangle edges and refinement points are "
                                     f"{breaks[k].tolist()}", "m")
            h = positive(f"h_lines[{axis_name}][{line!r}]", h, "m")
            if h > h_max[k]:
                raise ParameterError(f"h_lines[{axis_name}][{line!r}]", h,
                                     f"must not exceed h_max = {h_max[k]:.6g} m", "m")
            sizes[k][where[0]] = h
    return names, rects, owner, breaks, sizes, h_min, h_max


def rectangles_size(regions: Mapping[str, Any], *, h_min: ArrayLike | None = None,
                    h_max: ArrayLike | None = None, growth: float = 1.3,
                    refine_x: Sequence[float] = (), refine_z: Sequence[float] = (),
                    h_outer: ArrayLike | None = None,
                    h_lines: Mapping[str, Mapping[float, float]] | None = None
                    ) -> tuple[int, int]:
    """The numbers of grid lines ``(x, z)`` of :func:`rectangles` with the same
    arguments, by arithmetic (:func:`~nfdiff.mesh.graded_count`): nothing is meshed.

    The grid has their product of nodes (less those of cells outside every rectangle),
    and :func:`rectangles` refuses more than :data:`MAX_NODES`. A template checks its
    size with this before it meshes.

    Raises
    ------
    ParameterError
        As :func:`rectangles` for malformed rectangles or sizes.
    """
    *_, breaks, sizes, _, h_max = _grid_lines(
        regions, h_min=h_min, h_max=h_max, refine_x=refine_x, refine_z=refine_z,
        h_outer=h_outer, h_lines=h_lines)
    return _grid_size(breaks, sizes, h_max, growth)


def _grid_size(breaks: list[np.ndarray], sizes: list[np.ndarray], h_max: np.ndarray,
               growth: float) -> tuple[int, int]:
    """Numbers of grid lines along x and z (:func:`~nfdiff.mesh.graded_count` + 1)."""
    nx, nz = (graded_count(b, lo, hi, growth) + 1
              for b, lo, hi in zip(breaks, sizes, h_max, strict=True))
    return nx, nz


def rectangles(regions: Mapping[str, Any], *, h_min: ArrayLike | None = None,
               h_max: ArrayLike | None = None, growth: float = 1.3,
               refine_x: Sequence[float] = (), refine_z: Sequence[float] = (),
               h_outer: ArrayLike | None = None,
               h_lines: Mapping[str, Mapping[float, float]] | None = None) -> skfem.MeshQuad1:
    """A graded tensor-product quad mesh of a union of rectangles in the (x, z) plane.

    Every rectangle edge is a grid line, graded with :func:`~nfdiff.mesh.graded_points`
    in x and in z; cells inside no rectangle (air between strips) are removed and the
    unused nodes dropped.

    Parameters
    ----------
    regions : dict
        ``region_name -> (x0, x1, z0, z1)`` [m], or ``region_name -> [(x0, x1, z0, z1),
        ...]`` for a region made of several rectangles.  Rectangles must not overlap.
    h_min : float or (float, float), optional
        Element size next to every grid line through an edge [m], one value or
        ``(hx_min, hz_min)`` (default: per axis 1/10 of the shortest gap between grid
        lines).
    h_max : float or (float, float), optional
        Largest element size [m], one value or ``(hx_max, hz_max)`` (default: per axis
        1/20 of the extent, at least h_min).
    growth : float, optional
        Largest ratio of neighbouring element sizes along each axis, > 1 (default: 1.3).
    refine_x, refine_z : sequence of float, optional
        Extra grid lines [m] to refine at (inside the extent), e.g. the centre of a
        device (default: none).
    h_outer : float or (float, float), optional
        Element size next to the outer edges of the bounding box [m], one value or
        ``(hx, hz)``, between h_min and h_max (default: h_min). A coarse value saves the
        grading towards far ends where nothing varies.
    h_lines : dict, optional
        Element sizes next to particular grid lines [m], ``{"x": {x: h, ...}, "z": {z: h,
        ...}}``, in place of h_min (or h_outer) there; each line must be a rectangle edge
        or a refinement point, each size positive and at most h_max. E.g. a film over a
        thick substrate needs nm elements at the film top under metal strips but not at
        the film|substrate interface.

    Returns
    -------
    skfem.MeshQuad1
        Coordinates ``mesh.p[0]`` = x, ``mesh.p[1]`` = z [m]; ``mesh.subdomains`` maps
        each region name to its cells; ``mesh.boundaries`` has "left", "right",
        "bottom", "top" (exterior facets on the sides of the bounding box) and
        "exterior" (all exterior facets, including the faces of the voids).

    Raises
    ------
    ParameterError
        If a rectangle is malformed or empty, two rectangles overlap (the message names
        both regions), a region covers no cell, or the grading options are invalid.

    Examples
    --------
    A YIG film under two 300 nm wide, 10 nm thick Pt strips 5 um apart:

    >>> mesh = rectangles({"film": (-25e-6, 25e-6, 0.0, 200e-9),
    ...                    "A": (-2.65e-6, -2.35e-6, 200e-9, 210e-9),
    ...                    "B": (2.35e-6, 2.65e-6, 200e-9, 210e-9)},
    ...                   h_min=1e-9, h_max=(1e-6, 50e-9))
    >>> sorted(mesh.subdomains)
    ['A', 'B', 'film']
    """
    names, rects, owner, breaks, sizes, h_min, h_max = _grid_lines(
        regions, h_min=h_min, h_max=h_max, refine_x=refine_x, refine_z=refine_z,
        h_outer=h_outer, h_lines=h_lines)
    nodes = _grid_size(breaks, sizes, h_max, growth)  # arithmetic: no node made yet
    if nodes[0] * nodes[1] > MAX_NODES:
        raise ParameterError(
            "h_max", h_max.tolist(), f"with h_min = {h_min.tolist()} and growth {growth:g} "
            f"gives {nodes[0]} x {nodes[1]} = {nodes[0] * nodes[1]:.3g} grid "
            f"nodes over the extent {breaks[0][-1] - breaks[0][0]:.4g} m x "
            f"{breaks[1][-1] - breaks[1][0]:.4g} m (more than {MAX_NODES:.0e}): lengths are "
            "in metres; coarser h_max (or a smaller extent) is needed", "m")
    x, z = (graded_points(b, lo, hi, growth)
            for b, lo, hi in zip(breaks, sizes, h_max, strict=True))
    nx, nz = len(x) - 1, len(z) - 1
    # cell (i, j) spans [x_i, x_i+1] x [z_j, z_j+1]; it lies inside a rectangle or not
    i0 = np.searchsorted(x, rects[:, 0])
    i1 = np.searchsorted(x, rects[:, 1])
    j0 = np.searchsorted(z, rects[:, 2])
    j1 = np.searchsorted(z, rects[:, 3])
    region: np.ndarray = np.full((nz, nx), -1, dtype=np.int64)
    for k in range(len(rects)):  # loop over the few rectangles, not over cells
        region[j0[k]:j1[k], i0[k]:i1[k]] = owner[k]
    region = region.ravel()  # cell index j * nx + i
    kept = np.flatnonzero(region >= 0)

    ii, jj = kept % nx, kept // nx
    node = np.arange((nx + 1) * (nz + 1)).reshape(nz + 1, nx + 1)  # node j * (nx+1) + i
    t = np.vstack([node[jj, ii], node[jj, ii + 1], node[jj + 1, ii + 1], node[jj + 1, ii]])
    used, t = np.unique(t, return_inverse=True)
    t = t.reshape(4, -1)
    xx, zz = np.meshgrid(x, z)
    p = np.vstack([xx.ravel()[used], zz.ravel()[used]])
    mesh = skfem.MeshQuad1(np.ascontiguousarray(p), np.ascontiguousarray(t))

    cell_region = region[kept]
    subdomains = {}
    for k, name in enumerate(names):
        elems = np.flatnonzero(cell_region == k)
        if not len(elems):  # pragma: no cover - positive-area rectangles always cover
            raise ParameterError("regions", name, "covers no cell of the grid")
        subdomains[name] = elems

    exterior = np.flatnonzero(mesh.f2t[1] < 0)
    mid = mesh.p[:, mesh.facets[:, exterior]].mean(axis=1)
    boundaries = {"left": exterior[mid[0] == x[0]], "right": exterior[mid[0] == x[-1]],
                  "bottom": exterior[mid[1] == z[0]], "top": exterior[mid[1] == z[-1]],
                  "exterior": exterior}
    return with_regions(mesh, subdomains, boundaries)
