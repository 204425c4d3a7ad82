"""Named regions and the facets between them, on plain scikit-fem meshes.

A mesh in nfdiff is a :class:`skfem.Mesh` in metres with ``mesh.subdomains`` (region
name -> element indices; every element in exactly one region) and ``mesh.boundaries``
(name -> facet indices).  Interfaces between regions are not stored: they are the
interior facets whose two elements lie in different regions, found here.

Facet orientation in scikit-fem 12
----------------------------------
``mesh.f2t`` (shape (2, nfacets)) lists the elements on each side of a facet;
``f2t[1] == -1`` on the exterior boundary.  A :class:`skfem.FacetBasis` built with
``facets=OrientedBoundary(facets, ori)`` evaluates on element ``f2t[ori, facets]``
for ``side=0`` and on ``f2t[1 - ori, facets]`` for ``side=1``, and its normals
``n`` are the *outward normals of the side-0 element* for both sides (they are the
same vectors in the two bases).  With a plain facet array, side 0 is ``f2t[0]``.
:func:`interface_facets` returns an ``OrientedBoundary`` whose side 0 is region a,
so ``FacetBasis(mesh, e, facets=f, side=0)`` lives in region a, ``side=1`` in
region b, and both have ``n`` pointing out of a into b.  On exterior facets side 0 is
the only element and ``n`` points out of the mesh.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import skfem
from numpy.typing import ArrayLike
from skfem.generic_utils import OrientedBoundary

from ..errors import ParameterError

__all__ = [
    "exterior_facets_of_region",
    "interface_facets",
    "region_of_element",
]


def region_of_element(mesh: skfem.Mesh) -> tuple[list[str], np.ndarray]:
    """The region of every element.

    Parameters
    ----------
    mesh : skfem.Mesh
        Mesh with named regions in ``mesh.subdomains``.

    Returns
    -------
    names : list of str
        Region names, in the order of ``mesh.subdomains``.
    index : ndarray of int, shape (nelements,)
        ``names[index[e]]`` is the region of element ``e``.

    Raises
    ------
    ParameterError
        If the mesh has no regions, or an element belongs to no region or to several.
    """
    regions = mesh.subdomains or {}
    if not regions:
        raise ParameterError("mesh", type(mesh).__name__,
                             "has no named regions (mesh.subdomains)")
    names = list(regions)
    nel = mesh.t.shape[1]
    index = np.full(nel, -1, dtype=np.int64)
    count = np.zeros(nel, dtype=np.int64)
    for i, name in enumerate(names):
        elems = np.asarray(regions[name], dtype=np.int64)
        index[elems] = i
        np.add.at(count, elems, 1)
    if np.any(count != 1):
        none, several = np.flatnonzero(count == 0), np.flatnonzero(count > 1)
        raise ParameterError("mesh.subdomains", names,
                             f"every element must belong to exactly one region; "
                             f"{len(none)} belong to none (first: {none[:5].tolist()}) "
                             f"and {len(several)} to several (first: {several[:5].tolist()})")
    return names, index


def _region_mask(mesh: skfem.Mesh, region: str) -> np.ndarray:
    """Boolean mask over elements of one region, or ParameterError naming the regions."""
    regions = mesh.subdomains or {}
    if region not in regions:
        raise ParameterError("region", region, f"is not a region of the mesh; regions: "
                             f"{sorted(regions)}")
    mask = np.zeros(mesh.t.shape[1], dtype=bool)
    mask[np.asarray(regions[region], dtype=np.int64)] = True
    return mask


def interface_facets(mesh: skfem.Mesh, region_a: str, region_b: str
                     ) -> tuple[OrientedBoundary, np.ndarray, np.ndarray]:
    """Interior facets between two regions, oriented with region a on side 0.

    Parameters
    ----------
    mesh : skfem.Mesh
        Mesh with named regions.
    region_a, region_b : str
        Two different region names.

    Returns
    -------
    facets : skfem.generic_utils.OrientedBoundary
        Increasing facet indices (an ndarray) with ``facets.ori`` set so that
        ``skfem.FacetBasis(mesh, e, facets=facets, side=0)`` is evaluated on the
        region-a element and ``side=1`` on the region-b element; the normals of both
        bases point out of region a into region b.  Empty if the regions do not touch.
        Slicing an ``OrientedBoundary`` does not slice ``ori``: to select a subset,
        build ``OrientedBoundary(facets[k], facets.ori[k])``.
    elems_a, elems_b : ndarray of int
        The element on the region-a side and on the region-b side of each facet.

    Raises
    ------
    ParameterError
        If a region is unknown or both names are the same.
    """
    if region_a == region_b:
        raise ParameterError("region_b", region_b, "must differ from region_a")
    in_a, in_b = _region_mask(mesh, region_a), _region_mask(mesh, region_b)
    f2t = mesh.f2t
    inner = np.flatnonzero(f2t[1] >= 0)
    e0, e1 = f2t[0, inner], f2t[1, inner]
    a_first = in_a[e0] & in_b[e1]
    b_first = in_b[e0] & in_a[e1]
    keep = a_first | b_first
    facets = inner[keep]
    ori = b_first[keep].astype(np.int64)  # side 0 is f2t[ori]: the region-a element
    elems_a = np.where(ori == 0, e0[keep], e1[keep]).astype(np.int64)
    elems_b = np.where(ori == 0, e1[keep], e0[keep]).astype(np.int64)
    return OrientedBoundary(facets.astype(np.int64), ori), elems_a, elems_b


def exterior_facets_of_region(mesh: skfem.Mesh, region: str) -> np.ndarray:
    """Facets on the exterior boundary of the mesh that belong to one region.

    Parameters
    ----------
    mesh : skfem.Mesh
        Mesh with named regions.
    region : str
        Region name.

    Returns
    -------
    ndarray of int
        Increasing facet indices; on these, side 0 (``f2t[0]``) is the region's element
        and facet normals point out of the mesh.

    Raises
    ------
    ParameterError
        If the region is unknown.
    """
    mine = _region_mask(mesh, region)
    f2t = mesh.f2t
    exterior = np.flatnonzero(f2t[1] < 0)
    return exterior[mine[f2t[0, exterior]]].astype(np.int64)


def facets_of(mesh: skfem.Mesh, vertices: np.ndarray) -> np.ndarray:
    """Facet indices of facets given by their vertices.

    Parameters
    ----------
    mesh : skfem.Mesh
    vertices : ndarray of int, shape (nverts_per_facet, n)
        Vertex indices of each facet, in any order within a column.

    Returns
    -------
    ndarray of int, shape (n,)
        Index into ``mesh.facets`` of each column, -1 where no facet has those vertices.
    """
    nv = mesh.p.shape[1]
    mine = np.sort(np.asarray(mesh.facets, dtype=np.int64), axis=0)
    theirs = np.sort(np.asarray(vertices, dtype=np.int64).reshape(mine.shape[0], -1), axis=0)
    key_mine = np.ravel_multi_index(tuple(mine), (nv,) * mine.shape[0])
    key_theirs = np.ravel_multi_index(tuple(theirs), (nv,) * mine.shape[0])
    order = np.argsort(key_mine)
    pos = np.clip(np.searchsorted(key_mine, key_theirs, sorter=order), 0, len(order) - 1)
    found = order[pos]
    return np.where(key_mine[found] == key_theirs, found, -1)


def with_regions(mesh: skfem.Mesh, subdomains: Mapping[str, ArrayLike],
                 boundaries: Mapping[str, ArrayLike]) -> skfem.Mesh:
    """A copy of ``mesh`` with named regions and boundaries (sorted unique int arrays).

    The copy keeps the facets (and their element maps) that ``mesh`` has already built:
    same nodes and elements, same facets; scikit-fem's ``with_*`` would rebuild them.
    """
    cached = {a: getattr(mesh, a) for a in ("_facets", "_t2f", "_f2t") if hasattr(mesh, a)}
    tidy = {k: np.unique(np.asarray(v, dtype=np.int64)) for k, v in subdomains.items()}
    mesh = mesh.with_subdomains(tidy)
    tidy = {k: np.unique(np.asarray(v, dtype=np.int64)) for k, v in boundaries.items()}
    mesh = mesh.with_boundaries(tidy) if tidy else mesh
    for a, value in cached.items():
        setattr(mesh, a, value)
    return mesh
