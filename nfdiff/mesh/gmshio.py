"""gmsh meshes (MSH 4.1) with named regions and boundaries, read through meshio.

Physical groups become names: in a 2D mesh the physical surfaces are the regions
(``mesh.subdomains``) and the physical curves the boundaries (``mesh.boundaries``,
exterior curves and interior ones such as an interface); in a 1D mesh the physical
curves are the regions and the physical points the boundaries.  The 2D cross-section
lies in the gmsh x-y plane: gmsh's y is nfdiff's z (the mesh's second coordinate).

meshio is imported when a file is read, gmsh never (``meshes/build.py`` uses it to
write the files).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import skfem

from .._validate import positive
from ..errors import NfdiffError
from .regions import facets_of, with_regions

if TYPE_CHECKING:
    import meshio

__all__ = ["MeshFileError", "load"]

#: meshio cell types nfdiff reads: domain type -> (mesh class, facet type, dimension)
_DOMAIN_TYPES = {
    "triangle": (skfem.MeshTri1, "line", 2),
    "quad": (skfem.MeshQuad1, "line", 2),
    "line": (skfem.MeshLine1, "vertex", 1),
}
_HIGHER_ORDER = {"triangle6", "triangle10", "quad8", "quad9", "line3", "line4"}


class MeshFileError(NfdiffError, ValueError):
    """A mesh file is missing, in an unsupported format or without usable names.

    Attributes
    ----------
    path : pathlib.Path
        The file.
    """

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: {problem}")


def _msh_version(path: Path) -> str | None:
    """The version in the $MeshFormat header of a gmsh file, None if there is none."""
    with path.open("rb") as f:
        for _ in range(100):  # skip $Comments blocks
            line = f.readline()
            if not line:
                return None
            if line.strip() == b"$MeshFormat":
                words = f.readline().split()
                return words[0].decode("ascii", "replace") if words else None
    return None


def load(path: str | os.PathLike[str], *, scale: float = 1.0) -> skfem.Mesh:
    """Read a gmsh mesh with named regions and boundaries.

    Parameters
    ----------
    path : str or os.PathLike
        A gmsh MSH 4.1 file (ASCII or binary); other formats meshio reads work if
        their cell sets carry the region names.
    scale : float, optional
        Length of one file unit in metres, e.g. ``1e-9`` for a file drawn in nm
        (default: 1, a file in metres).

    Returns
    -------
    skfem.MeshTri1, skfem.MeshQuad1 or skfem.MeshLine1
        First-order mesh in metres (2D: coordinates x, z = gmsh x, y) with
        ``mesh.subdomains`` (physical surfaces; in 1D physical curves) and
        ``mesh.boundaries`` (physical curves, exterior or interior, as facet indices;
        in 1D physical points).  Quadrilaterals are counter-clockwise (triangles get
        scikit-fem's sorted vertex order, in which orientation varies and does not
        matter); unused nodes are dropped.

    Raises
    ------
    MeshFileError
        If the file is missing or unreadable, is an MSH file older than 4.1 (MSH 2.2
        loses interior physical curves: re-export as MSH 4.1), has no physical surfaces
        (no regions), has elements in no region (an unnamed physical group, for
        instance) or in several, mixes element types, has
        higher-order elements, or names curves that are not edges of the mesh.
    ParameterError
        If ``scale`` is not positive.
    """
    path = Path(path)
    scale = positive("scale", scale, "m")
    if not path.is_file():
        raise MeshFileError(path, "no such file")
    if path.suffix.lower() == ".msh":
        version = _msh_version(path)
        if version is None:
            raise MeshFileError(path, "not a gmsh MSH file (no $MeshFormat header)")
        if version not in ("4.1", "4"):
            raise MeshFileError(path, f"MSH {version} is not supported (through meshio, "
                                "MSH 2.2 keeps physical names only as tags and interior "
                                "physical curves such as interfaces get lost): re-export "
                                "as MSH 4.1 (gmsh option Mesh.MshFileVersion = 4.1, or "
                                "-format msh41)")
    import meshio

    # a .msh is gmsh's (meshio would try Ansys first and print its failure)
    file_format = "gmsh" if path.suffix.lower() == ".msh" else None
    try:
        data = meshio.read(path, file_format=file_format)
    except (meshio.ReadError, ValueError, KeyError, IndexError, OSError) as exc:
        hint = ("; some elements are in no physical group: put every surface in one, or "
                "save only physical groups (Mesh.SaveAll = 0)"
                if "gmsh:physical" in str(exc) else "")
        raise MeshFileError(path, f"meshio could not read it ({exc}){hint}") from exc
    return _from_meshio(data, path, scale)


def _from_meshio(data: meshio.Mesh, path: Path, scale: float) -> skfem.Mesh:
    """scikit-fem mesh with names from a meshio mesh (see :func:`load`)."""
    types = {block.type for block in data.cells}
    higher = sorted(types & _HIGHER_ORDER)
    if higher:
        raise MeshFileError(path, f"higher-order elements {higher}: write first-order "
                            "elements (Mesh.ElementOrder = 1); P2 comes from the element")
    domain = [t for t in ("triangle", "quad") if t in types] or (
        ["line"] if "line" in types else [])
    if len(domain) != 1:
        raise MeshFileError(path, "needs triangles or quadrilaterals (2D) or lines (1D), "
                            f"one kind only; found cell types {sorted(types)}")
    cell_type = domain[0]
    mesh_type, facet_type, dim = _DOMAIN_TYPES[cell_type]

    # element and facet blocks, with their offsets in the concatenated arrays
    blocks = list(data.cells)
    sizes = np.array([len(b.data) for b in blocks])
    is_domain = np.array([b.type == cell_type for b in blocks])
    is_facet = np.array([b.type == facet_type for b in blocks])
    offset = np.cumsum(np.where(is_domain, sizes, 0)) - np.where(is_domain, sizes, 0)
    t = np.vstack([b.data for b in blocks if b.type == cell_type]).T.astype(np.int64)

    subdomains, facet_sets = {}, {}
    for name, per_block in (data.cell_sets or {}).items():
        if name.startswith("gmsh:"):  # gmsh:bounding_entities and other bookkeeping
            continue
        elems, facets = [], []
        for k, idx in enumerate(per_block):
            if idx is None or not len(idx):
                continue
            idx = np.asarray(idx, dtype=np.int64)
            if is_domain[k]:
                elems.append(offset[k] + idx)
            elif is_facet[k]:
                facets.append(blocks[k].data[idx].reshape(len(idx), -1))
        if elems:
            subdomains[name] = np.concatenate(elems)
        if facets:
            facet_sets[name] = np.vstack(facets).T

    kinds = ("physical surfaces", "physical curves") if dim == 2 else (
        "physical curves", "physical points")
    if not subdomains:
        raise MeshFileError(path, f"no {kinds[0]} (regions); name every region with a "
                            "Physical group in gmsh")
    count = np.zeros(t.shape[1], dtype=np.int64)
    for members in subdomains.values():
        np.add.at(count, members, 1)
    if np.any(count != 1):
        raise MeshFileError(path, f"{int(np.sum(count == 0))} elements belong to no region "
                            f"and {int(np.sum(count > 1))} to several; every element must "
                            f"be in exactly one of the {kinds[0]} {sorted(subdomains)}")

    used = np.unique(t)  # drop nodes of no element (gmsh keeps geometry points)
    renumber = np.full(len(data.points), -1, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    t = renumber[t]
    p = _coordinates(np.asarray(data.points, dtype=float)[used], dim, path) * scale
    mesh = mesh_type(np.ascontiguousarray(p), np.ascontiguousarray(_orient(p, t)))

    boundaries = {}
    for name, verts in facet_sets.items():
        local = renumber[verts]
        found = facets_of(mesh, local) if np.all(local >= 0) else np.full(verts.shape[1], -1)
        if np.any(found < 0):
            raise MeshFileError(path, f"{kinds[1]} {name!r}: {int(np.sum(found < 0))} of its "
                                f"elements are not facets of the mesh")
        boundaries[name] = found
    return with_regions(mesh, subdomains, boundaries)


def _coordinates(points: np.ndarray, dim: int, path: Path) -> np.ndarray:
    """Mesh coordinates (dim, n): 2D drops gmsh z, 1D keeps the one axis that varies."""
    extent = np.ptp(points, axis=0)
    size = np.max(extent)
    if dim == 2:
        if points.shape[1] > 2 and extent[2] > 1e-12 * size:
            raise MeshFileError(path, "a 2D mesh must lie in the plane z = 0 (gmsh x, y "
                                "are nfdiff's x, z)")
        return points[:, :2].T
    varies = np.flatnonzero(extent > 1e-12 * size)
    if len(varies) != 1:
        raise MeshFileError(path, "a 1D mesh must lie along one coordinate axis")
    return points[:, varies].T


def _orient(p: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Elements reordered counter-clockwise (2D) or left to right (1D) where needed."""
    x = p[0, t]
    if p.shape[0] == 1:
        flipped = x[0] > x[1]
    else:
        z = p[1, t]
        flipped = np.sum(x * np.roll(z, -1, axis=0) - np.roll(x, -1, axis=0) * z, axis=0) < 0
    return np.where(flipped, t[::-1], t)
