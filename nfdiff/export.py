"""Export of a solution to VTK (VTU) and XDMF files for ParaView.

A solution is written as an unstructured grid in which **every region has its own copy
of its vertices**: cells reference the copies of their own region, so fields that jump
at an interface (the temperatures across a Kapitza resistance, the spin accumulation
next to a magnet, a field that lives on one side only) stay sharp in ParaView instead of
being averaged over the shared vertices.

Geometry
    Points are 3D [m]. 1D meshes run along z through the stack: ``(0, 0, z)``. 2D meshes
    span the ``(x, z)`` cross-section (the mesh's second coordinate is the physical z)
    and are written as ``(x, 0, z)``; the extruded direction is y. Cells are ``line``,
    ``triangle`` or ``quad``, chosen by the class of the scikit-fem mesh (vertices only:
    order-2 fields are sampled at the vertices).
    2D cells are ordered counter-clockwise in the ``(x, z)`` plane, so their normals
    point along -y, towards a camera that looks along +y with z up and x to the right.

Point data (NaN in regions where a field does not live)
    every field of ``sol.problem.fields``: ``mu_x, mu_y, mu_z`` [J], ``phi`` [V],
    ``T_e`` [K], ``mu_m`` [J], ``T_m``, ``T_p`` [K] (temperatures absolute);
    ``mu_s`` [J], the spin accumulation as a 3-vector ``(mu_x, mu_y, mu_z)``;
    ``T`` [K] (thermal model only), the lattice temperature of every region: ``T_e`` in
    metals, ``T_p`` in magnets and dielectrics. In the files written by :func:`save`
    every name carries its SI unit (:data:`FIELD_UNITS`), as ParaView and
    ``meshio.read`` show it: ``"mu_m [J]"``, ``"phi [V]"``, ``"T [K]"``;
    :func:`to_meshio` gives the bare names unless asked for the units.

Cell data
    ``region`` (int32): index into ``sol.problem.region_names``, i.e. the order of the
    device's ``materials`` mapping.

Field data (VTU only; XDMF has no place for it)
    ``coordinates [m]`` = 1.0: the points are in metres (the size of their unit in m);
    ``region:<name>`` = the index of region ``<name>`` (the key to ``region``);
    ``device_temperature`` [K]; ``extruded_field:<metal region>`` [V/m], the 3-vector
    extruded electric field of its conductor set; every finite numeric observable of
    ``sol.observables`` (scalars and 1D arrays) under its own name [SI]. ParaView lists
    them in the Information panel; ``meshio.read`` returns them in ``field_data``.

Coordinates stay in metres. ParaView's Integrate Variables works at any scale, but its
Cell Size filter (vtkCellSizeFilter) returns 0 for quads smaller than about 1e-15 m^2:
scale the points (Transform filter) before using it on nanometre cells.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import numpy as np
import skfem

from .errors import NfdiffError, ParameterError
from .physics.terms import SPIN, embed

if TYPE_CHECKING:
    import meshio

    from .solution import Solution

__all__ = ["FIELD_UNITS", "save", "to_meshio"]

#: SI unit of every point-data array written by :func:`save` (and of ``region``).
FIELD_UNITS = {
    "mu_x": "J", "mu_y": "J", "mu_z": "J", "mu_s": "J", "mu_m": "J",
    "phi": "V",
    "T_e": "K", "T_m": "K", "T_p": "K", "T": "K",
    "region": "1",
}
#: meshio (VTK) cell type and VTK's order of scikit-fem's vertices, by mesh class. The
#: quadratic, DG and other subclasses of these classes keep the vertices in ``mesh.t``
#: and are written with the same (linear) cells. scikit-fem numbers a hexahedron's
#: vertices differently from VTK (the permutation of ``skfem.io.meshio.to_meshio``).
_CELL_TYPES = {
    skfem.MeshLine1: ("line", None),
    skfem.MeshTri1: ("triangle", None),
    skfem.MeshQuad1: ("quad", None),
    skfem.MeshTet1: ("tetra", None),
    skfem.MeshHex1: ("hexahedron", np.array([0, 3, 6, 2, 1, 5, 7, 4])),
}


def _cell_type(mesh: skfem.Mesh) -> tuple[str, np.ndarray | None]:
    """The meshio cell type of a scikit-fem mesh and VTK's order of its vertices.

    Chosen by the class of ``mesh`` (the first of its classes, in method resolution
    order, that :data:`_CELL_TYPES` knows): ``"line"``, ``"triangle"``, ``"quad"``,
    ``"tetra"`` or ``"hexahedron"``.

    Returns
    -------
    (str, ndarray or None)
        The meshio cell type, and the rows of ``mesh.t`` in VTK's vertex order (None:
        scikit-fem's order is VTK's).

    Raises
    ------
    nfdiff.ParameterError
        If the mesh is of no class in the table (e.g. ``skfem.MeshWedge1``).
    """
    for cls in type(mesh).__mro__:
        if cls in _CELL_TYPES:
            return _CELL_TYPES[cls]
    raise ParameterError("mesh", type(mesh).__name__,
                         "must be a scikit-fem mesh of one of the classes "
                         + ", ".join(c.__name__ for c in _CELL_TYPES))


def _counter_clockwise(p: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Cells ``t`` (nverts_per_cell, ncells) reordered counter-clockwise in the plane.

    ``p`` (2, nverts) are the (x, z) coordinates. The signed area (shoelace formula) of
    every cell is computed at once; clockwise cells get their vertex order reversed
    (first vertex kept), which keeps quads cyclic as VTK requires.
    """
    x, z = p[0, t], p[1, t]
    signed = np.sum(x * np.roll(z, -1, axis=0) - np.roll(x, -1, axis=0) * z, axis=0)
    reversed_ = np.concatenate([t[:1], t[:0:-1]])
    return np.where(signed < 0, reversed_, t)


class _Block(NamedTuple):
    """One region's copy of its vertices and its cells."""

    name: str
    position: int           # position in problem.region_names
    vertices: np.ndarray    # mesh vertex of each copy (sorted)
    cells: np.ndarray       # (ncells, nverts_per_cell), into all blocks' copies


def _region_blocks(sol: Solution) -> list[_Block]:
    """Per-region vertex copies, one :class:`_Block` per region, in region order."""
    p = sol.problem
    _, order = _cell_type(p.mesh)
    t = p.mesh.t if order is None else p.mesh.t[order]
    if p.dim == 2:
        t = _counter_clockwise(p.mesh.p, t)
    blocks: list[_Block] = []
    offset = 0
    for idx, r in enumerate(p.region_names):
        conn = t[:, p.region_elems[r]]
        verts, local = np.unique(conn, return_inverse=True)
        blocks.append(_Block(r, idx, verts, local.reshape(conn.shape).T + offset))
        offset += len(verts)
    return blocks


def to_meshio(sol: Solution, *, units: bool = False) -> meshio.Mesh:
    """The solution as a :class:`meshio.Mesh` with per-region vertex copies.

    Shared by :func:`save` and :mod:`nfdiff.plotting`; see the module docstring for the
    layout of points, point data, cell data and field data.

    Parameters
    ----------
    sol : nfdiff.solution.Solution
    units : bool, default: False
        Name the point data with their SI units, ``"mu_m [J]"``, as :func:`save`
        writes them (else ``"mu_m"``), and state the unit of the coordinates in the
        field data (``"coordinates [m]"`` = 1.0).

    Returns
    -------
    meshio.Mesh
        Points (npoints, 3) [m]; one cell block; arrays in SI units (:data:`FIELD_UNITS`).
    """
    import meshio

    p = sol.problem
    mesh = p.mesh
    kind, _ = _cell_type(mesh)
    nverts = mesh.p.shape[1]
    blocks = _region_blocks(sol)
    verts = np.concatenate([b.vertices for b in blocks])
    cells = np.concatenate([b.cells for b in blocks])
    region = np.concatenate([np.full(len(b.cells), b.position, dtype=np.int32) for b in blocks])
    points = embed(mesh.p[:, verts], p.dim).T

    # the first nverts dofs of P1 and P2 Lagrange bases are the vertex values
    at_vertex = {f: sol.dof_values(f)[:nverts] for f in p.fields}
    point_data = {
        f: np.concatenate([at_vertex[f][b.vertices] if b.name in p.field_regions[f]
                           else np.full(len(b.vertices), np.nan) for b in blocks])
        for f in p.fields}
    if all(s in point_data for s in SPIN):
        point_data["mu_s"] = np.stack([point_data[s] for s in SPIN], axis=-1)
    if p.thermal:  # (a model without a lattice temperature has no "T": a KeyError)
        lattice = {r: cast(str, m.lattice_temperature) for r, m in p.models.items()}
        point_data["T"] = np.concatenate([at_vertex[lattice[b.name]][b.vertices]
                                          for b in blocks])

    if units:
        point_data = {f"{name} [{FIELD_UNITS[name]}]": v for name, v in point_data.items()}
    field_data = {"coordinates [m]": np.array([1.0])} if units else {}
    field_data.update({f"region:{r}": np.array([i], dtype=np.int32)
                       for i, r in enumerate(p.region_names)})
    field_data["device_temperature"] = np.array([float(p.T0)])
    for r, E in sol.extruded_field.items():
        field_data[f"extruded_field:{r}"] = np.asarray(E, dtype=float)
    for name, value in sol.observables.items():
        arr = np.asarray(value)
        if (arr.dtype.kind in "biuf" and arr.ndim <= 1 and arr.size
                and np.all(np.isfinite(arr)) and name not in field_data):
            field_data[name] = arr.astype(float).reshape(-1)

    return meshio.Mesh(points, [(kind, cells)], point_data=point_data,
                       cell_data={"region": [region]}, field_data=field_data)


def save(sol: Solution, path: str | os.PathLike[str]) -> Path:
    """Write a solution to a VTU (``.vtu``) or XDMF (``.xdmf``) file, by suffix.

    Parameters
    ----------
    sol : nfdiff.solution.Solution
    path : str or os.PathLike
        Output file. ``.xdmf`` writes the heavy data to a sibling ``.h5`` file and needs
        h5py (``pip install "nfdiff[xdmf]"``).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    nfdiff.ParameterError
        If the suffix is neither ``.vtu`` nor ``.xdmf``.
    nfdiff.NfdiffError
        If XDMF is asked for and h5py is missing.

    Notes
    -----
    Layout (per-region vertex copies, 3D coordinates in m, array names with their
    units such as ``"mu_m [J]"``, the ``region`` index order) is described in
    :mod:`nfdiff.export`.
    """
    out = Path(os.fspath(path))
    suffix = out.suffix.lower()
    if suffix not in (".vtu", ".xdmf"):
        raise ParameterError("path", path, "must end in .vtu or .xdmf")
    if suffix == ".xdmf":
        try:
            import h5py  # noqa: F401
        except ImportError as exc:
            raise NfdiffError(f"writing {out.name} needs h5py for XDMF's HDF5 data: "
                              'pip install "nfdiff[xdmf]"') from exc
    mesh = to_meshio(sol, units=True)
    field_data, mesh.field_data = mesh.field_data, {}
    mesh.write(out, file_format=suffix[1:])
    if suffix == ".vtu":
        _add_vtu_field_data(out, field_data)
    return out


def _add_vtu_field_data(path: Path, field_data: dict[str, Any]) -> None:
    """Insert ``<FieldData>`` (ascii Int32/Float64 arrays) into a VTU file.

    meshio 5 reads VTU field data but does not write it; the element goes first in
    ``<UnstructuredGrid>``, where VTK's XML readers and meshio's reader look for it.
    Values are finite (VTK's ascii parser rejects ``nan``) and written with 17
    significant digits, so they read back exactly.
    """
    tree = ET.parse(path)
    grid = tree.getroot().find("UnstructuredGrid")
    assert grid is not None, "meshio writes an UnstructuredGrid"
    block = ET.Element("FieldData")
    for name, data in field_data.items():
        arr = np.asarray(data).reshape(-1)
        integer = arr.dtype.kind in "biu"
        node = ET.SubElement(block, "DataArray", type="Int32" if integer else "Float64",
                             Name=name, NumberOfTuples=str(arr.size), format="ascii")
        node.text = " ".join(f"{v:d}" if integer else f"{v:.17g}" for v in arr.tolist())
    grid.insert(0, block)
    tree.write(path, xml_declaration=True, encoding="utf-8")
