"""Discretisation of a device: fields, dofs, residual and Jacobian.

A :class:`Problem` is built from a :class:`~nfdiff.Device` when it is solved. It asks the
region model of every region (:mod:`nfdiff.physics.models`) for its fields and bulk
densities, the coupling of every touching pair of regions for the interface densities
(:mod:`nfdiff.physics.couplings`), and every boundary condition for its Dirichlet values
and boundary densities (:mod:`nfdiff.bc`); it knows no kind of material. Besides the
fields of the models it owns one global unknown per component of the extruded electric
field of every electrically connected set of conductor regions (one component in 2D,
two in 1D) [V/m] (docs/theory.md#theory-extruded), and in 3D one potential [V] per
terminal contact (:class:`nfdiff.bc.Terminal`, docs/theory.md#theory-3d).

Each field is continuous over the regions it lives on (``T_p`` is shared by magnets
and dielectrics; ``mu_s`` and ``phi`` by touching metals); fields of different names
are coupled only through interface terms. Unknowns are scaled internally (energies by
``k_B T0``, temperatures by ``T0``, potentials by ``k_B T0 / e``: :meth:`Field.reference
<nfdiff.physics.Field.reference>`) so that Newton sees O(1) numbers.

:meth:`Problem.system` gives the nonlinear system of one drive that Newton solves
(:class:`System`: residual, Jacobian, the blocks of its convergence test and the
admissibility check of the states).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
import skfem
from scipy.constants import e as q_e
from scipy.constants import k as k_B

from .bc import BoundaryCondition, BoundaryContext, Terminal
from .errors import CondensationError, NfdiffError, ParameterError, StateError
from .fem import (
    Assembler,
    FieldRef,
    GlobalRef,
    Pattern,
    QuadratureData,
    mapping_for,
    quadrature,
)
from .mesh import interface_facets
from .newton import WarmStart
from .physics.couplings import Coupling, CouplingContext
from .physics.models import FIELD_ORDER, Field, RegionContext
from .physics.terms import EXTRUDED, Terms

if TYPE_CHECKING:
    from .device import Device

__all__ = ["Drive", "Problem", "System"]

#: Reference length of the extruded-field unknowns [m].
_L_REF = 1e-6
#: Fraction of a data range's bound a solved temperature may pass silently
#: (:meth:`Problem.outside_data`): 10 %, 30 K above room-temperature data.
DATA_RANGE_MARGIN = 0.1


def element_for(mesh: skfem.Mesh, order: int) -> skfem.Element:
    """The Lagrange element of the given order for the mesh type."""
    table = {
        skfem.MeshLine1: (skfem.ElementLineP1, skfem.ElementLineP2),
        skfem.MeshTri1: (skfem.ElementTriP1, skfem.ElementTriP2),
        skfem.MeshQuad1: (skfem.ElementQuad1, skfem.ElementQuad2),
        skfem.MeshTet1: (skfem.ElementTetP1, skfem.ElementTetP2),
        skfem.MeshHex1: (skfem.ElementHex1, skfem.ElementHex2),
    }
    for cls, elems in table.items():
        if isinstance(mesh, cls):
            return elems[order - 1]()
    raise ParameterError("mesh", type(mesh).__name__,
                         "must be a scikit-fem MeshLine1, MeshTri1, MeshQuad1, MeshTet1 or "
                         "MeshHex1")


@dataclass
class Interface:
    """Facets shared by two regions, with quadrature data on each side and the coupling
    that acts across them."""

    a: str
    b: str
    facets: np.ndarray
    qa: QuadratureData
    qb: QuadratureData
    coupling: Coupling


@dataclass
class BoundaryPart:
    """The facets of a named boundary adjacent to one region."""

    name: str
    region: str
    facets: np.ndarray
    q: QuadratureData
    conditions: list[BoundaryCondition] = field(default_factory=list)


@dataclass(frozen=True)
class Drive:
    """The drive of one solve: total currents of the conductor sets.

    ``currents[s]`` holds the current of conductor set ``s`` along each extruded
    direction: [A] in 2D, [A/m] (per unit width) in 1D. ``terminals[name]`` (3D) is the
    current [A] into the device through the terminal on boundary ``name``, replacing
    that of its :class:`~nfdiff.bc.Terminal`.
    """

    currents: Mapping[int, tuple[float, ...]] = field(default_factory=dict)
    terminals: Mapping[str, float] = field(default_factory=dict)


class Problem:
    """Fields, dofs, residual and Jacobian of a device (any drive).

    Parameters
    ----------
    device : nfdiff.Device
    """

    def __init__(self, device: Device) -> None:
        self.device = device
        mesh = device.mesh
        self.mesh = mesh
        self.dim = mesh.dim()
        self.T0 = float(device.temperature)
        self.thermal = bool(device.thermal)
        self.law = device.law
        self.order = int(device.order)
        self.element = element_for(mesh, self.order)
        self.mapping = mapping_for(mesh)
        self.intorder = 2 * self.order + 1
        self.energy = k_B * self.T0

        self.models = dict(device.models)
        self.region_elems = {r: np.asarray(mesh.subdomains[r]) for r in self.models}
        self.region_names = list(self.models)
        # The full-mesh basis gives the mapping, the dofs (numbering, locations, facet
        # dofs) and the element; its own quadrature is not used (one point): the cells,
        # interfaces and boundaries get theirs from QuadratureData.on_cells / on_facets.
        self.basis = skfem.Basis(mesh, self.element, mapping=self.mapping,
                                 quadrature=quadrature(mesh.refdom, 1))
        self.ndofs = self.basis.N

        self._build_fields()
        for r, by_field in device.sources.items():
            for f in by_field:
                if f not in self.region_fields[r]:
                    raise ParameterError(f"sources[{r!r}]", f, f"region {r!r} has the fields "
                                         f"{list(self.region_fields[r])}")
        self._build_conductor_sets()
        self._build_quadrature()
        self._build_boundaries()
        self._build_terminals()
        self._build_layout()
        self._build_gaps()
        #: (region, field, low, high) of every solved field with bounds (Problem.admissible)
        self.bounds = [(r, f, lo, hi) for r, model in self.models.items()
                       for f, (lo, hi) in model.bounds().items() if f in self.region_fields[r]]
        self.region_context = {
            r: RegionContext(self.T0, self.dim, self.thermal, tuple(self.ext_names(r)))
            for r in self.region_names}
        self.coupling_context = CouplingContext(self.T0, self.dim, self.thermal, self.law)
        self.boundary_context = BoundaryContext(self.T0, self.dim, self.thermal, self.law)
        #: sparse structure of the Jacobian, shared by its assemblies
        self.pattern = Pattern()
        #: the last solution and factorisation, the start of the next solve (Newton)
        self.warm = WarmStart()

    @classmethod
    def for_device(cls, device: Device) -> Problem:
        """The problem of a device: the one built for its previous solve while what the
        discretisation is made of (mesh, order, temperature, law, models, couplings,
        conditions, sources) is unchanged, else a new one.

        Solves of one device under other drives (a current sweep, the +I and -I of
        harmonics) so share the mesh's bases, quadrature and sparsity pattern, and each
        starts from the previous solution (:class:`~nfdiff.newton.WarmStart`).
        """
        inputs = _inputs(device)
        cached = device.__dict__.get("_problem")
        if cached is not None and _same(cached[0], inputs):
            return cached[1]
        problem = cls(device)
        device.__dict__["_problem"] = (inputs, problem)
        return problem

    # ---- setup ---------------------------------------------------------------------
    def _build_fields(self) -> None:
        """Fields of every region from its model; a shared name must mean the same."""
        #: Field declaration of every field name
        self.field_specs: dict[str, Field] = {}
        #: field names of each region, in the model's order
        self.region_fields: dict[str, tuple[str, ...]] = {}
        self.field_regions: dict[str, list[str]] = {}
        for r, model in self.models.items():
            names = []
            for f in model.active_fields(self.thermal):
                known = self.field_specs.setdefault(f.name, f)
                if (known.unit, known.current) != (f.unit, f.current):
                    raise ParameterError(f"materials[{r!r}]", type(model).__name__,
                                         f"declares the field {f.name!r} in {f.unit} "
                                         f"({f.current} current), another region in "
                                         f"{known.unit} ({known.current} current)")
                self.field_regions.setdefault(f.name, []).append(r)
                names.append(f.name)
            self.region_fields[r] = tuple(names)
        # the built-in fields first, in a fixed order (the layout of the unknowns, and so
        # the LU's pivoting, does not depend on the order of the regions); others follow
        builtin = [f for f in FIELD_ORDER if f in self.field_specs]
        self.fields = builtin + [f for f in self.field_specs if f not in builtin]
        self.field_dofs = {f: self._dofs_of(self.field_regions[f]) for f in self.fields}
        self.scale = {f: self.field_specs[f].reference(self.T0) for f in self.fields}

    def _dofs_of(self, regions: Iterable[str]) -> np.ndarray:
        """Sorted dofs of the elements of some regions (``np.unique`` without the sort)."""
        used = np.zeros(self.ndofs, dtype=bool)
        for r in regions:
            used[self.basis.element_dofs[:, self.region_elems[r]]] = True
        return np.flatnonzero(used)

    def _region_mask(self, regions: Iterable[str]) -> np.ndarray:
        mask = np.zeros(self.mesh.t.shape[1], dtype=bool)
        for r in regions:
            mask[self.region_elems[r]] = True
        return mask

    def _build_conductor_sets(self) -> None:
        conductors = [r for r, m in self.models.items() if m.conductor]
        parent = {r: r for r in conductors}

        def find(r: str) -> str:
            while parent[r] != r:
                r = parent[r]
            return r

        for i, a in enumerate(conductors):
            for b in conductors[i + 1:]:
                if len(interface_facets(self.mesh, a, b)[0]):
                    parent[find(a)] = find(b)
        groups: dict[str, list[str]] = {}
        for r in conductors:
            groups.setdefault(find(r), []).append(r)
        self.conductor_sets = [sorted(g, key=conductors.index) for g in groups.values()]
        self.set_of = {r: i for i, g in enumerate(self.conductor_sets) for r in g}
        ncomp = len(EXTRUDED[self.dim])
        self.globals = [f"E{s}_{a}" for s in range(len(self.conductor_sets)) for a in range(ncomp)]
        self.global_scale = self.energy / (q_e * _L_REF)

    def ext_names(self, region: str) -> list[str]:
        """Names of the extruded-field unknowns of a region's conductor set (none for a
        region that does not conduct)."""
        if region not in self.set_of:
            return []
        s = self.set_of[region]
        return [f"E{s}_{a}" for a in range(len(EXTRUDED[self.dim]))]

    def _build_quadrature(self) -> None:
        mesh = self.mesh
        self.cells = {r: QuadratureData.on_cells(self.basis, self.region_elems[r], self.intorder)
                      for r in self.region_names}
        self.interfaces: list[Interface] = []
        names = self.region_names
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                ori = interface_facets(mesh, a, b)[0]
                facets = np.asarray(ori)
                if not len(facets):
                    continue
                coupling = self.device.coupling(a, b)
                if coupling is None:
                    continue
                qa = QuadratureData.on_facets(self.basis, ori, self.intorder, side=0)
                qb = QuadratureData.on_facets(self.basis, ori, self.intorder, side=1)
                self.interfaces.append(Interface(a, b, facets, qa, qb, coupling))

    def _build_boundaries(self) -> None:
        mesh = self.mesh
        named = mesh.boundaries or {}
        self.boundary_parts: dict[str, list[BoundaryPart]] = {}
        exterior = mesh.f2t[1] < 0
        for name, conds in self.device.boundary_conditions.items():
            if name not in named:
                raise ParameterError("boundary_conditions", name,
                                     f"no boundary of that name in the mesh; it has "
                                     f"{sorted(named)}")
            facets = np.asarray(named[name])
            facets = facets[exterior[facets]]
            if not len(facets):
                raise ParameterError("boundary_conditions", name,
                                     "the boundary has no exterior facets")
            for c in conds:
                if c.thermal and not self.thermal:
                    raise ParameterError(f"boundary_conditions[{name!r}]", c,
                                         "thermal conditions need thermal=True")
            parts: list[BoundaryPart] = []
            for r in self.region_names:
                mine = facets[self._region_mask([r])[mesh.f2t[0, facets]]]
                if not len(mine):
                    continue
                q = QuadratureData.on_facets(self.basis, mine, self.intorder)
                applicable = [c for c in conds if c.applies_to(self.models[r])]
                parts.append(BoundaryPart(name, r, mine, q, applicable))
            for c in conds:
                if not any(c in p.conditions for p in parts):
                    touched = [f"{p.region} ({type(self.models[p.region]).__name__})"
                               for p in parts]
                    raise ParameterError(
                        f"boundary_conditions[{name!r}]", c,
                        f"applies to none of the regions of boundary {name!r}: it touches "
                        f"only {', '.join(touched)}")
            self.boundary_parts[name] = parts

    def _build_terminals(self) -> None:
        """Terminal contacts (3D): ``{boundary: (conductor set, phi dofs of the face,
        current [A])}``, and one global unknown ``V:<boundary>`` (the face's potential)
        each."""
        self.terminals: dict[str, tuple[int, np.ndarray, float]] = {}
        for name, parts in self.boundary_parts.items():
            conds = [c for c in self.device.boundary_conditions[name] if isinstance(c, Terminal)]
            if not conds:
                continue
            where = f"boundary_conditions[{name!r}]"
            if self.dim != 3:
                raise ParameterError(where, conds[0], "terminal contacts are for 3D devices; "
                                     "1D and 2D devices drive their conductors through the "
                                     "extruded field (Device.solve(current=...))")
            if len(conds) > 1:
                raise ParameterError(where, conds, "one terminal per boundary")
            mine = [p for p in parts if conds[0] in p.conditions]
            sets = {self.set_of[p.region] for p in mine}
            if len(sets) > 1:
                raise ParameterError(where, conds[0], "the face touches conductors that are "
                                     "not connected: give each its own terminal")
            dofs = np.unique(np.concatenate([self.basis.get_dofs(facets=p.facets).all()
                                             for p in mine]))
            self.terminals[name] = (sets.pop(), dofs, float(conds[0].current))
            self.globals.append(f"V:{name}")

    def terminal_currents(self, drive: Drive | None = None) -> dict[str, float]:
        """The current [A] into the device through every terminal under ``drive``."""
        given = drive.terminals if drive else {}
        return {name: float(given.get(name, t[2])) for name, t in self.terminals.items()}

    def _build_layout(self) -> None:
        """Positions of every unknown in the solution vector; Dirichlet dofs."""
        self.gidx: dict[str, np.ndarray] = {}
        offset = 0
        for f in self.fields:
            idx = np.full(self.ndofs, -1, dtype=np.int64)
            n = len(self.field_dofs[f])
            idx[self.field_dofs[f]] = offset + np.arange(n)
            self.gidx[f] = idx
            offset += n
        self.global_index = {g: offset + i for i, g in enumerate(self.globals)}
        #: index blocks of the solution vector (one per field, one for the globals)
        self.blocks = [self.gidx[f][self.field_dofs[f]] for f in self.fields]
        if self.globals:
            self.blocks.append(offset + np.arange(len(self.globals)))
        self.size = offset + len(self.globals)
        self.col_scale = np.empty(self.size)
        for f in self.fields:
            self.col_scale[self.gidx[f][self.field_dofs[f]]] = self.scale[f]
        self.col_scale[offset:] = self.global_scale
        for name in self.terminals:  # terminal potentials: scaled like phi
            self.col_scale[self.global_index[f"V:{name}"]] = self.energy / q_e

        # Dirichlet conditions: (global index, SI value at full drive)
        dirichlet: dict[int, float] = {}
        pinned_sets = set()
        for parts in self.boundary_parts.values():
            for p in parts:
                dofs = self.basis.get_dofs(facets=p.facets).all()
                for c in p.conditions:
                    for f, value in c.dirichlet(self.models[p.region], self.T0):
                        for i in self.gidx[f][dofs]:
                            dirichlet[int(i)] = value
                    if c.fixes_potential:
                        pinned_sets.add(self.set_of[p.region])
        # gauge: one potential dof per conductor set without an electrode
        for s, regions in enumerate(self.conductor_sets):
            if s in pinned_sets:
                continue
            own = [name for name, t in self.terminals.items() if t[0] == s]
            if own:  # the first terminal's potential (its closure follows from the others)
                dirichlet[self.global_index[f"V:{own[0]}"]] = 0.0
                continue
            elems = np.concatenate([self.region_elems[r] for r in regions])
            dof = int(self.basis.element_dofs[0, elems[0]])
            dirichlet.setdefault(int(self.gidx["phi"][dof]), 0.0)
        self.dirichlet_index = np.array(sorted(dirichlet), dtype=np.int64)
        self.dirichlet_value = np.array([dirichlet[i] for i in self.dirichlet_index])
        self._terminal_layout(dirichlet, pinned_sets)

    def _terminal_layout(self, dirichlet: Mapping[int, float], pinned_sets: set[int]) -> None:
        """Rows of the terminal faces' phi dofs and the potential unknown each is tied to;
        the matrix that sums a face's rows into its current closure."""
        rows: list[int] = []
        cols: list[int] = []
        for name, (_, dofs, _) in self.terminals.items():
            r = self.gidx["phi"][dofs]
            if np.any(np.isin(r, list(dirichlet))) or np.any(np.isin(r, rows)):
                raise ParameterError(f"boundary_conditions[{name!r}]", "Terminal",
                                     "the terminal face touches a face whose potential is "
                                     "fixed or another terminal: separate them")
            rows.extend(int(i) for i in r)
            cols.extend([self.global_index[f"V:{name}"]] * len(r))
        self.terminal_rows = np.array(rows, dtype=np.int64)
        self.terminal_cols = np.array(cols, dtype=np.int64)
        self.terminal_sum = sp.csr_matrix((np.ones(len(rows)), (self.terminal_cols,
                                                                self.terminal_rows)),
                                          shape=(self.size, self.size))
        #: conductor sets whose terminal currents must add up to zero (no ground)
        self.floating = {t[0] for t in self.terminals.values()} - pinned_sets

    def _build_gaps(self) -> None:
        """The magnon gap each region with magnons must stay below: that of the magnon
        gas of its interface law if it has one, else its model's."""
        self.gaps: dict[str, float] = {}
        for r, model in self.models.items():
            if model.gap is None or "mu_m" not in self.region_fields[r]:
                continue
            gap = model.gap
            for itf in self.interfaces:
                if r in (itf.a, itf.b) and hasattr(itf.coupling, "gap"):
                    gap = itf.coupling.gap
                    break
            self.gaps[r] = gap

    # ---- the drive -----------------------------------------------------------------
    def drive(self, current: Mapping[str, float] | None = None,
              current_density: Mapping[str, Sequence[float]] | None = None) -> Drive:
        """The :class:`Drive` of ``Device.solve(current=..., current_density=...)``."""
        if current is not None and current_density is not None:
            raise ParameterError("current", current, "give current (2D) or "
                                 "current_density (1D), not both")
        given = current if current is not None else current_density
        if given is None:
            return Drive()
        name = "current" if current is not None else "current_density"
        if self.dim == 3:
            return self._terminal_drive(name, given)
        if self.dim == 2 and current_density is not None:
            raise ParameterError("current_density", current_density,
                                 "2D devices take current={region: I} in A along the strips")
        if self.dim == 1 and current is not None:
            raise ParameterError("current", current, "1D film stacks take "
                                 "current_density={region: (jx, jy)} in A/m^2")
        if not isinstance(given, Mapping):
            raise ParameterError(name, given, "must be a dict {conductor region: drive}")
        out: dict[int, tuple[float, ...]] = {}
        for region, value in given.items():
            if region not in self.set_of:
                raise ParameterError(name, region, f"is not a metal region (a conductor); "
                                     f"conductors: {list(self.set_of)}")
            s = self.set_of[region]
            if s in out:
                raise ParameterError(name, region, "another region of the same connected "
                                     "conductor set is already driven")
            if self.dim == 2:
                I = float(np.asarray(value, dtype=float))
                if not np.isfinite(I):
                    raise ParameterError(name, value, "must be finite", "A")
                out[s] = (I,)
            else:
                j = np.asarray(value, dtype=float).reshape(-1)
                if j.shape != (2,) or not np.all(np.isfinite(j)):
                    raise ParameterError(name, value, "must be a finite (jx, jy) pair", "A/m^2")
                thickness = sum(self.cells[r].integrate(1.0) for r in self.conductor_sets[s])
                out[s] = tuple(j * thickness)
        return Drive(out)

    def _terminal_drive(self, name: str, given: Any) -> Drive:
        """The drive ``current={terminal boundary: I}`` of a 3D device."""
        if name != "current" or not self.terminals:
            raise ParameterError(name, given, "3D devices have no extruded direction: a "
                                 "current drive needs terminal contacts, current={boundary: "
                                 "I} on boundaries with an nf.bc.Terminal (this device has "
                                 f"terminals on {sorted(self.terminals)})")
        if not isinstance(given, Mapping):
            raise ParameterError(name, given, "must be a dict {terminal boundary: I}", "A")
        out = {}
        for b, value in given.items():
            if b not in self.terminals:
                raise ParameterError(name, b, f"is not a terminal boundary; terminals: "
                                     f"{sorted(self.terminals)}")
            I = float(np.asarray(value, dtype=float))
            if not np.isfinite(I):
                raise ParameterError(name, value, "must be finite", "A")
            out[b] = I
        return Drive(terminals=out)

    def check_terminal_currents(self, drive: Drive | None = None) -> None:
        """Raise ParameterError if the terminal currents of a conductor set without a
        ground (nf.bc.Potential) do not add up to zero: its charge would not be
        conserved."""
        currents = self.terminal_currents(drive)
        for s in self.floating:
            own = {b: currents[b] for b, t in self.terminals.items() if t[0] == s}
            total = sum(own.values())
            if abs(total) > 1e-12 * max(abs(v) for v in own.values()):
                raise ParameterError("current", own, "the terminal currents of a conductor "
                                     "without a ground (nf.bc.Potential) must add up to zero",
                                     "A")

    def system(self, drive: Drive | None = None) -> System:
        """The nonlinear system of this problem under ``drive`` (default: none)."""
        if self.floating:
            self.check_terminal_currents(drive)
        return System(self, drive or Drive())

    # ---- evaluation ----------------------------------------------------------------
    def to_fields(self, x: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, float]]:
        """Full-mesh SI arrays (temperatures as deviations) and global values."""
        u = {}
        for f in self.fields:
            arr = np.zeros(self.ndofs)
            arr[self.field_dofs[f]] = x[self.gidx[f][self.field_dofs[f]]] * self.scale[f]
            u[f] = arr
        g = {name: x[i] * self.col_scale[i] for name, i in self.global_index.items()}
        return u, g

    def _state(self, q: QuadratureData, u: dict[str, np.ndarray], g: dict[str, float],
               fields: Iterable[str], globals_: Iterable[str] = ()) -> dict[str, Any]:
        st: dict[str, Any] = {f: (q.value(u[f]), q.grad(u[f])) for f in fields}
        for name in globals_:
            st[name] = g[name]
        return st

    def interface_state(self, itf: Interface, u: dict[str, np.ndarray], g: dict[str, float]
                        ) -> dict[str, dict[str, Any]]:
        """``{region: state}`` of both sides of an interface (the couplings' input)."""
        return {itf.a: self._state(itf.qa, u, g, self.region_fields[itf.a]),
                itf.b: self._state(itf.qb, u, g, self.region_fields[itf.b])}

    def _ref(self, name: str) -> FieldRef:
        return GlobalRef(self.global_index[name]) if name in self.global_index else self.gidx[name]

    def _assemble(self, asm: Assembler, terms: Terms | None,
                  qmap: Mapping[str, QuadratureData]) -> None:
        """Add Terms to the assembler; ``qmap`` maps a field name to its QuadratureData."""
        if terms is None:
            return
        for f, (a, b) in terms.residual.items():
            asm.add_residual(qmap[f], self._ref(f), a, b)
        if asm.jacobian:
            for (f, g), parts in terms.jacobian.items():
                asm.add_block(qmap[f], self._ref(f), qmap[g], self._ref(g), **parts)

    def evaluate(self, x: np.ndarray, drive: Drive | None = None, *, jacobian: bool = True,
                 drive_scale: float = 1.0, skip_boundary: str | None = None
                 ) -> tuple[np.ndarray, Any]:
        """Residual (SI, full rows before Dirichlet replacement) and Jacobian.

        Returns ``(R, J)`` with ``J = dR/dx`` in the scaled unknowns (``None`` when
        ``jacobian=False``). Dirichlet rows are not yet replaced. Without a drive the
        rows of the extruded fields close on zero current.
        """
        u, g = self.to_fields(x)
        asm = Assembler(self.size, jacobian=jacobian, pattern=self.pattern)
        sources = self.device.sources
        for r, model in self.models.items():
            q = self.cells[r]
            fields = self.region_fields[r]
            ext = self.ext_names(r)
            terms = model.terms(self._state(q, u, g, fields, ext), self.region_context[r])
            for f, source in sources.get(r, {}).items():
                # volumetric source s of div(flux) = ... + s: residual -int s v
                terms = terms or Terms()
                terms.res(f, a=-drive_scale * np.broadcast_to(source(q.x), q.shape))
            self._assemble(asm, terms, dict.fromkeys(list(fields) + ext, q))
        for itf in self.interfaces:
            terms = itf.coupling.terms(self.interface_state(itf, u, g), self.coupling_context)
            qmap = dict.fromkeys(self.region_fields[itf.a], itf.qa)
            qmap.update(dict.fromkeys(self.region_fields[itf.b], itf.qb))
            self._assemble(asm, terms, qmap)
        for name, parts in self.boundary_parts.items():
            if name == skip_boundary:
                continue
            for p in parts:
                fields = self.region_fields[p.region]
                model = self.models[p.region]
                for c in p.conditions:
                    if drive_scale != 1.0:
                        c = c.scaled(drive_scale, self.T0)
                    terms = c.terms(self._state(p.q, u, g, fields), model,
                                    self.boundary_context)
                    self._assemble(asm, terms, dict.fromkeys(fields, p.q))
        # drives: the current closure of every conductor set
        R = asm.residual
        for s, currents in (drive.currents if drive else {}).items():
            for a, I in enumerate(currents):
                R[self.global_index[f"E{s}_{a}"]] -= drive_scale * I
        if self.terminals:  # the current closure of every terminal: its face's reactions
            R += self.terminal_sum @ R
            for b, I in self.terminal_currents(drive).items():
                R[self.global_index[f"V:{b}"]] -= drive_scale * I
        J = None
        if jacobian:  # J @ diag(col_scale), in place
            J = asm.matrix()
            if self.terminals:
                J = (J + self.terminal_sum @ J).tocsr()
            J.data *= self.col_scale[J.indices]
        return R, J

    def parameter_residual(self, x: np.ndarray, regions: Sequence[str] = (),
                           interfaces: Sequence[int] = (), name: str = "",
                           conditions: Sequence[BoundaryCondition] = ()) -> np.ndarray:
        """Exact partial derivative ``dR/dp`` [SI per row, per unit of p] of the residual
        at ``x`` with respect to the parameter ``name`` shared by some regions (their
        models' :meth:`~nfdiff.physics.RegionModel.parameter_terms`), some couplings
        (indices into :attr:`interfaces`, their
        :meth:`~nfdiff.physics.Coupling.parameter_terms`) and some boundary conditions
        (e.g. :meth:`nfdiff.bc.MagnetContact.parameter_terms`). The Dirichlet rows are
        0: their values do not depend on material parameters."""
        u, g = self.to_fields(x)
        asm = Assembler(self.size, jacobian=False, pattern=self.pattern)
        for r in regions:
            q = self.cells[r]
            fields, ext = self.region_fields[r], self.ext_names(r)
            terms = self.models[r].parameter_terms(self._state(q, u, g, fields, ext),
                                                   self.region_context[r], name)
            self._assemble(asm, terms, dict.fromkeys(list(fields) + ext, q))
        for k in interfaces:
            itf = self.interfaces[k]
            terms = itf.coupling.parameter_terms(self.interface_state(itf, u, g),
                                                 self.coupling_context, name)
            qmap = dict.fromkeys(self.region_fields[itf.a], itf.qa)
            qmap.update(dict.fromkeys(self.region_fields[itf.b], itf.qb))
            self._assemble(asm, terms, qmap)
        for parts in self.boundary_parts.values():
            for part in parts:
                fields = self.region_fields[part.region]
                for c in part.conditions:
                    if any(c is d for d in conditions):
                        terms = c.parameter_terms(self._state(part.q, u, g, fields),
                                                  self.models[part.region],
                                                  self.boundary_context, name)
                        self._assemble(asm, terms, dict.fromkeys(fields, part.q))
        dR = asm.residual
        dR[self.dirichlet_index] = 0.0
        return dR

    def dirichlet_target(self, drive_scale: float = 1.0) -> np.ndarray:
        """Scaled-unknown values of the Dirichlet dofs."""
        return drive_scale * self.dirichlet_value / self.col_scale[self.dirichlet_index]

    def _region_dofs(self, region: str) -> np.ndarray:
        """Sorted dofs of one region's elements (cached)."""
        cache = self.__dict__.setdefault("_dofs_of_region", {})
        if region not in cache:
            cache[region] = self._dofs_of([region])
        return cache[region]

    def interpolation(self, regions: Sequence[str], points: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray]:
        """``(cells, phi)``: the element of some regions that holds each point (dim, n)
        [m] and the values there of its basis functions (nbfun, n), so that a field
        with full-mesh dof values ``u`` is ``sum(phi * u[element_dofs[:, cells]], 0)``.

        Raises ValueError for a point outside the regions. Cached per regions and
        points (the solutions of one problem, e.g. a sweep's, ask for the same ones).
        """
        cache = self.__dict__.setdefault("_interpolation", {})
        key = (tuple(regions), points.shape, points.tobytes())
        if key in cache:
            return cache[key]
        finders = self.__dict__.setdefault("_finders", {})
        if key[0] not in finders:
            elems = np.concatenate([self.region_elems[r] for r in regions])
            mesh = self.mesh
            used, local = np.unique(mesh.t[:, elems], return_inverse=True)
            part = type(mesh)(np.ascontiguousarray(mesh.p[:, used]),
                              np.ascontiguousarray(local.reshape(mesh.t.shape[0], -1)))
            finders[key[0]] = (elems, part.element_finder())
        elems, find = finders[key[0]]
        cells = elems[find(*points)]
        basis = self.basis
        ref = basis.mapping.invF(points[:, :, None], tind=cells)
        phi = np.array([basis.elem.gbasis(basis.mapping, ref, k, tind=cells)[0]
                        for k in range(basis.Nbfun)])[..., 0]  # (nbfun, npoints)
        if len(cache) >= 64:
            cache.pop(next(iter(cache)))
        cache[key] = (cells, phi)
        return cells, phi

    def gap_ratio(self, u: dict[str, np.ndarray]
                  ) -> tuple[float, str, np.ndarray, float, float] | None:
        """``(ratio, region, location, mu_m, gap)`` of the magnon dof with the largest
        ``mu_m / gap`` (``u`` from :meth:`to_fields`); None without magnons."""
        worst: tuple[float, str, np.ndarray, float, float] | None = None
        for r, gap in self.gaps.items():
            dofs = self._region_dofs(r)
            mu = u["mu_m"][dofs]
            k = int(np.argmax(mu))
            ratio = mu[k] / gap if gap > 0 else (np.inf if mu[k] >= 0 else -np.inf)
            if worst is None or ratio > worst[0]:
                worst = (ratio, r, self.basis.doflocs[:, dofs[k]], float(mu[k]), gap)
        return worst

    def outside_data(self, u: dict[str, np.ndarray]) -> list[str]:
        """Where a solved temperature leaves the range of a region's parameter data
        (:meth:`nfdiff.physics.RegionModel.data_ranges`) by more than
        ``DATA_RANGE_MARGIN`` of its bound, one sentence per region and field (``u`` from
        :meth:`to_fields`, temperatures as deviations from T0). The margin keeps the
        heating of a device at the edge of the data (room temperature) silent."""
        found = []
        m = DATA_RANGE_MARGIN
        for r, model in self.models.items():
            for f, ranges in model.data_ranges().items():
                if f not in self.region_fields[r]:
                    continue
                T = self.T0 + u[f][self._region_dofs(r)]
                lo, hi = float(np.min(T)), float(np.max(T))
                out = [f"{name} ({a:.6g}-{b:.6g} K)" for name, (a, b) in ranges.items()
                       if lo < a * (1 - m) or hi > b * (1 + m)]
                if out:
                    found.append(f"{f} in {r} spans {lo:.6g}-{hi:.6g} K, outside the data of "
                                 f"{', '.join(out)}: extrapolated")
        return found

    def admissible(self, x: np.ndarray) -> NfdiffError | None:
        """Whether ``x`` is inside the domain of the equations.

        Every field stays inside the bounds of its region's model
        (:meth:`nfdiff.physics.RegionModel.bounds`: temperatures above 0 K, below the
        Curie temperature in a magnet); with a gap-limited interface law
        (:attr:`nfdiff.laws.InterfaceLaw.gap_limited`) the magnon chemical potential
        stays below the magnon gap at every magnon dof. Returns None, or (not raised) the
        :class:`~nfdiff.errors.StateError` or :class:`~nfdiff.CondensationError` of the
        first violation found.
        """
        limited = self.law.gap_limited and self.gaps
        if not self.bounds and not limited:
            return None
        u, _ = self.to_fields(x)
        for r, f, lo, hi in self.bounds:
            values = u[f][self._region_dofs(r)]
            if self.field_specs[f].is_temperature:
                values = values + self.T0
            k = int(np.argmin(values)) if values.min() <= lo else int(np.argmax(values))
            if values[k] <= lo or values[k] >= hi:
                loc = self.basis.doflocs[:, self._region_dofs(r)[k]]
                return StateError(f, r, loc, values[k], (lo, hi), self.field_specs[f].unit)
        if not limited:
            return None
        worst = self.gap_ratio(u)
        assert worst is not None  # there are magnons (self.gaps)
        ratio, r, loc, mu_m, gap = worst
        if ratio < 1.0:
            return None
        return CondensationError(mu_m, gap, region=r, location=loc)


class System:
    """The nonlinear system ``R(x) = 0`` of a problem under one drive (Newton's input).

    Attributes
    ----------
    problem : Problem
    drive : Drive
    size : int
        Number of unknowns (scaled: see :class:`Problem`).
    blocks : list of ndarray
        Index blocks of the unknowns (one per field, one for the globals), each held to
        its own relative tolerance by Newton's convergence test.
    drive_vector : ndarray
        The currents of every conductor set along every extruded direction (A in 2D,
        A/m in 1D; 0 where undriven): what differs between solves of one problem
        (:class:`~nfdiff.newton.WarmStart` predicts the next start from it).
    """

    def __init__(self, problem: Problem, drive: Drive) -> None:
        self.problem, self.drive = problem, drive
        self.size = problem.size
        self.blocks = problem.blocks
        self.drive_vector = np.zeros(len(problem.globals))
        for s, currents in drive.currents.items():
            for a, current in enumerate(currents):
                self.drive_vector[problem.globals.index(f"E{s}_{a}")] = current
        for b, current in problem.terminal_currents(drive).items():
            self.drive_vector[problem.globals.index(f"V:{b}")] = current

    def evaluate(self, x: np.ndarray, drive_scale: float = 1.0, jacobian: bool = True
                 ) -> tuple[np.ndarray, Any]:
        """Residual and Jacobian with Dirichlet rows replaced (``x_D - target``).

        ``drive_scale`` scales every drive (currents, boundary values, sources) for
        continuation; the residual is in SI units per row, the Jacobian with respect to
        the scaled unknowns.
        """
        p = self.problem
        R, J = p.evaluate(x, self.drive, jacobian=jacobian, drive_scale=drive_scale)
        d = p.dirichlet_index
        R[d] = (x[d] - p.dirichlet_target(drive_scale)) * p.col_scale[d]
        if jacobian and len(d):
            J = _replace_rows(J, d, p.col_scale[d])
        if p.terminals:  # a terminal face is at its terminal's potential
            rows, cols, cs = p.terminal_rows, p.terminal_cols, p.col_scale
            R[rows] = x[rows] * cs[rows] - x[cols] * cs[cols]
            if jacobian:
                J = _replace_rows(J, rows, cs[rows]) + sp.csr_matrix(
                    (-cs[cols], (rows, cols)), shape=J.shape)
                J = J.tocsr()
        return R, J

    def admissible(self, x: np.ndarray) -> NfdiffError | None:
        """None if ``x`` is an admissible state, else the error it would be
        (:meth:`Problem.admissible`)."""
        return self.problem.admissible(x)


def _inputs(device: Device) -> tuple[Any, ...]:
    """What a device's discretisation is built from (compared by :func:`_same`)."""
    return (device.mesh, device.order, device.temperature, device.law, device.thermal,
            tuple(device.models.items()), tuple(device.interfaces.items()),
            tuple((k, tuple(v)) for k, v in device.boundary_conditions.items()),
            tuple((r, n.tobytes()) for r, n in device._n.items()),
            tuple((r, tuple(f.items())) for r, f in device.sources.items()),
            tuple(device._kapitza.items()))


def _same(a: Any, b: Any) -> bool:
    """Tuples item by item; numbers, strings and bytes by value; anything else by
    identity (the models, materials and conditions are immutable)."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (int, float, str, bytes, frozenset)):
        return type(a) is type(b) and a == b
    return a is b


def _replace_rows(J: sp.spmatrix, rows: np.ndarray, diag: np.ndarray) -> sp.csr_matrix:
    """Replace the given rows of a CSR matrix by ``diag`` on the diagonal.

    In place when each of these rows stores its diagonal entry, else by a sum. Either
    way the stored zeros are dropped (at equilibrium the couplings that vanish there
    leave many: without them the first factorisation fills less).
    """
    if sp.isspmatrix_csr(J) and J.has_sorted_indices:
        starts, ends = J.indptr[rows], J.indptr[rows + 1]
        counts = ends - starts
        at = np.repeat(starts, counts) + (np.arange(counts.sum())
                                          - np.repeat(np.cumsum(counts) - counts, counts))
        hit = J.indices[at] == np.repeat(rows, counts)
        if np.count_nonzero(hit) == len(rows):
            J.data[at] = 0.0
            J.data[at[hit]] = diag
            J.eliminate_zeros()
            return J
    J = J.tocsr(copy=True)
    mask = np.zeros(J.shape[0], dtype=bool)
    mask[rows] = True
    keep = sp.diags((~mask).astype(float)) @ J
    ident = sp.csr_matrix((diag, (rows, rows)), shape=J.shape)
    return (keep + ident).tocsr()
