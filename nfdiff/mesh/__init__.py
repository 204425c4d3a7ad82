"""Meshes with named regions: graded builders, gmsh files, and region helpers.

A mesh in nfdiff is a plain scikit-fem mesh in SI metres: :class:`skfem.MeshLine1`
along z through a film stack, :class:`skfem.MeshQuad1` (tensor-product) or
:class:`skfem.MeshTri1` (gmsh) in the (x, z) cross-section of strips extruded along y,
:class:`skfem.MeshHex1` or :class:`skfem.MeshTet1` (:func:`boxes`, :func:`extrude`) in
3D (x, y, z).
It carries

- ``mesh.subdomains``: region name -> element indices (every element in exactly one
  region);
- ``mesh.boundaries``: boundary name -> facet indices (exterior boundaries, and for
  gmsh meshes also named interior curves).

Interfaces between regions are not stored: :func:`interface_facets` finds the facets
shared by two regions and orients them.  The module knows nothing of materials or
physics, and imports neither gmsh nor VTK (meshio only when a file is read).

Building
    :func:`graded_points` (graded 1D node sets), :func:`graded_count` (their number,
    without making them), :func:`stack` (1D layers), :func:`rectangles` (2D union of
    rectangles; :func:`rectangles_size` its grid size, without making it),
    :func:`boxes` (3D union of boxes, hexahedra or tetrahedra), :func:`extrude` (a 2D
    quad mesh along y), :func:`load` (gmsh MSH 4.1).
Using
    :func:`region_of_element`, :func:`interface_facets`,
    :func:`exterior_facets_of_region`.

Examples
--------
>>> import nfdiff.mesh as nm
>>> mesh = nm.stack([("YIG", 1e-6), ("Pt", 10e-9, 0.2e-9)], h_min=1e-9)
>>> sorted(mesh.subdomains), sorted(mesh.boundaries)
(['Pt', 'YIG'], ['bottom', 'top'])
"""

from .boxes import boxes, extrude
from .builders import MAX_NODES, MAX_NODES_1D, rectangles, rectangles_size, stack
from .gmshio import MeshFileError, load
from .grading import graded_count, graded_points
from .regions import exterior_facets_of_region, interface_facets, region_of_element

__all__ = [
    "MAX_NODES",
    "MAX_NODES_1D",
    "MeshFileError",
    "boxes",
    "exterior_facets_of_region",
    "extrude",
    "graded_count",
    "graded_points",
    "interface_facets",
    "load",
    "rectangles",
    "rectangles_size",
    "region_of_element",
    "stack",
]
