"""Discretisation of a device: fields, dofs, residual and Jacobian.

A :class:`Problem` is built from a :class:`~nfdiff.Device` and a drive when the device
is solved. It owns the unknowns of physics.md 1 and 5:

* metal regions: spin accumulation ``mu_x, mu_y, mu_z`` [J], potential ``phi`` [V] and,
  with the thermal model, the electron temperature ``T_e`` [K];
* magnet regions: magnon chemical potential ``mu_m`` [J] and, thermally, the magnon
  and phonon temperatures ``T_m``, ``T_p`` [K];
* dielectric regions: phonon temperature ``T_p`` [K] (thermal model only);
* globals: the uniform extruded electric field of each electrically connected set of
  metal regions (one component in 2D, two in 1D) [V/m].

Each field is continuous over the regions it lives on (``T_p`` is shared by magnets
and dielectrics; ``mu_s`` and ``phi`` by touching metals); fields of different names
are coupled only through interface terms. Unknowns are scaled internally (energies by
``k_B T0``, temperatures by ``T0``, potentials by ``k_B T0 / e``) so that Newton sees
O(1) numbers; the residual is row-scaled once, from the first Jacobian.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import skfem
from scipy.constants import e as q_e
from scipy.constants import k as k_B

from . import bc as bcs
from . import physics
from .errors import ParameterError
from .fem import Assembler, GlobalRef, Pattern, QuadratureData, mapping_for, quadrature
from .materials import Dielectric, MagneticInsulator, NormalMetal
from .mesh import interface_facets
from .physics.terms import EXTRUDED, SPIN

__all__ = ["FIELDS", "Problem"]

#: Fields of each region kind (with the thermal model; without it only the first ones).
FIELDS = {
    "metal": (("mu_x", "mu_y", "mu_z", "phi"), ("T_e",)),
    "magnet": (("mu_m",), ("T_m", "T_p")),
    "dielectric": ((), ("T_p",)),
}
TEMPERATURES = ("T_e", "T_m", "T_p")
#: Reference length of the extruded-field unknowns [m].
_L_REF = 1e-6


def region_kind(material) -> str:
    if isinstance(material, NormalMetal):
        return "metal"
    if isinstance(material, MagneticInsulator):
        return "magnet"
    if isinstance(material, Dielectric):
        return "dielectric"
    raise ParameterError("materials", material,
                         "must be nf.materials.NormalMetal, MagneticInsulator or Dielectric")


def element_for(mesh, order: int):
    """The Lagrange element of the given order for the mesh type."""
    table = {
        skfem.MeshLine1: (skfem.ElementLineP1, skfem.ElementLineP2),
        skfem.MeshTri1: (skfem.ElementTriP1, skfem.ElementTriP2),
        skfem.MeshQuad1: (skfem.ElementQuad1, skfem.ElementQuad2),
    }
    for cls, elems in table.items():
        if isinstance(mesh, cls):
            return elems[order - 1]()
    raise ParameterError("mesh", type(mesh).__name__,
                         "must be a scikit-fem MeshLine1, MeshTri1 or MeshQuad1")


@dataclass
class Interface:
    """Facets shared by two regions, with quadrature data on each side."""

    a: str
    b: str
    facets: np.ndarray
    qa: QuadratureData
    qb: QuadratureData


@dataclass
class BoundaryPart:
    """The facets of a named boundary adjacent to one region."""

    name: str
    region: str
    facets: np.ndarray
    q: QuadratureData
    conditions: list = field(default_factory=list)


class Problem:
    """Fields, dofs, residual and Jacobian of a device for one drive.

    Parameters
    ----------
    device : nfdiff.Device
    drive : dict
        ``{"current": {conductor_set_index: (I_a, ...)}}`` in A (2D) or A/m (1D, current
        per unit width), built by ``Device.solve``.
    """

    def __init__(self, device, drive):
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

        self.regions = dict(device.materials)
        self.kinds = {r: region_kind(m) for r, m in self.regions.items()}
        self.region_elems = {r: np.asarray(mesh.subdomains[r]) for r in self.regions}
        self.region_names = list(self.regions)
        # The full-mesh basis gives the mapping, the dofs (numbering, locations, facet
        # dofs) and the element; its own quadrature is not used (one point): the cells,
        # interfaces and boundaries get theirs from QuadratureData.on_cells / on_facets.
        self.basis = skfem.Basis(mesh, self.element, mapping=self.mapping,
                                 quadrature=quadrature(mesh.refdom, 1))
        self.ndofs = self.basis.N

        self._build_fields()
        for r, by_field in device.sources.items():
            for f in by_field:
                if f not in self._fields_of(r):
                    raise ParameterError(f"sources[{r!r}]", f, f"region {r!r} has the fields "
                                         f"{list(self._fields_of(r))}")
        self._build_conductor_sets()
        self._build_quadrature()
        self._build_boundaries()
        self._build_layout()
        self.drive = drive
        self.row_scale = None
        #: sparse structure of the Jacobian, shared by its assemblies
        self.pattern = Pattern()

    # ---- setup ---------------------------------------------------------------------
    def _build_fields(self):
        self.field_regions: dict[str, list[str]] = {}
        for r, kind in self.kinds.items():
            base, thermal = FIELDS[kind]
            for f in base + (thermal if self.thermal else ()):
                self.field_regions.setdefault(f, []).append(r)
        self.fields = [f for f in ("mu_x", "mu_y", "mu_z", "phi", "T_e", "mu_m", "T_m", "T_p")
                       if f in self.field_regions]
        self.field_dofs = {}
        for f in self.fields:
            self.field_dofs[f] = self._dofs_of(self.field_regions[f])
        self.scale = {f: (self.T0 if f in TEMPERATURES else
                          self.energy / q_e if f == "phi" else self.energy)
                      for f in self.fields}

    def _dofs_of(self, regions):
        """Sorted dofs of the elements of some regions (``np.unique`` without the sort)."""
        used = np.zeros(self.ndofs, dtype=bool)
        for r in regions:
            used[self.basis.element_dofs[:, self.region_elems[r]]] = True
        return np.flatnonzero(used)

    def _region_mask(self, regions):
        mask = np.zeros(self.mesh.t.shape[1], dtype=bool)
        for r in regions:
            mask[self.region_elems[r]] = True
        return mask

    def _build_conductor_sets(self):
        metals = [r for r, k in self.kinds.items() if k == "metal"]
        parent = {r: r for r in metals}

        def find(r):
            while parent[r] != r:
                r = parent[r]
            return r

        for i, a in enumerate(metals):
            for b in metals[i + 1:]:
                if len(interface_facets(self.mesh, a, b)[0]):
                    parent[find(a)] = find(b)
        groups: dict[str, list[str]] = {}
        for r in metals:
            groups.setdefault(find(r), []).append(r)
        self.conductor_sets = [sorted(g, key=metals.index) for g in groups.values()]
        self.set_of = {r: i for i, g in enumerate(self.conductor_sets) for r in g}
        ncomp = len(EXTRUDED[self.dim])
        self.globals = [f"E{s}_{a}" for s in range(len(self.conductor_sets)) for a in range(ncomp)]
        self.global_scale = self.energy / (q_e * _L_REF)

    def ext_names(self, region):
        s = self.set_of[region]
        return [f"E{s}_{a}" for a in range(len(EXTRUDED[self.dim]))]

    def _build_quadrature(self):
        mesh = self.mesh
        self.cells = {r: QuadratureData.on_cells(self.basis, self.region_elems[r], self.intorder)
                      for r in self.regions}
        self.interfaces: list[Interface] = []
        names = self.region_names
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                ori = interface_facets(mesh, a, b)[0]
                facets = np.asarray(ori)
                if not len(facets):
                    continue
                qa = QuadratureData.on_facets(self.basis, ori, self.intorder, side=0)
                qb = QuadratureData.on_facets(self.basis, ori, self.intorder, side=1)
                self.interfaces.append(Interface(a, b, facets, qa, qb))

    def _build_boundaries(self):
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
            parts = []
            for r in self.region_names:
                mine = facets[self._region_mask([r])[mesh.f2t[0, facets]]]
                if not len(mine):
                    continue
                q = QuadratureData.on_facets(self.basis, mine, self.intorder)
                applicable = [c for c in conds if self.kinds[r] in c.acts_on]
                parts.append(BoundaryPart(name, r, mine, q, applicable))
            used = {type(c).__name__ for p in parts for c in p.conditions}
            for c in conds:
                if type(c).__name__ not in used:
                    kinds = sorted({self.kinds[p.region] for p in parts})
                    raise ParameterError(
                        f"boundary_conditions[{name!r}]", c,
                        f"acts on {c.acts_on} regions, but boundary {name!r} touches only "
                        f"{kinds} regions")
                if isinstance(c, (bcs.Temperature, bcs.HeatFlux, bcs.HeatTransfer)) \
                        and not self.thermal:
                    raise ParameterError(f"boundary_conditions[{name!r}]", c,
                                         "thermal conditions need thermal=True")
            self.boundary_parts[name] = parts

    def _build_layout(self):
        """Positions of every unknown in the solution vector; Dirichlet dofs."""
        self.gidx = {}
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

        # Dirichlet conditions: (global index, SI value at full drive)
        dirichlet: dict[int, float] = {}
        pinned_sets = set()
        for parts in self.boundary_parts.values():
            for p in parts:
                dofs = self.basis.get_dofs(facets=p.facets).all()
                for c in p.conditions:
                    for f, value in self._dirichlet_values(c, p.region):
                        for i in self.gidx[f][dofs]:
                            dirichlet[int(i)] = value
                    if isinstance(c, bcs.Potential):
                        pinned_sets.add(self.set_of[p.region])
        # gauge: one potential dof per conductor set without an electrode
        for s, regions in enumerate(self.conductor_sets):
            if s in pinned_sets:
                continue
            elems = np.concatenate([self.region_elems[r] for r in regions])
            dof = int(self.basis.element_dofs[0, elems[0]])
            dirichlet.setdefault(int(self.gidx["phi"][dof]), 0.0)
        self.dirichlet_index = np.array(sorted(dirichlet), dtype=np.int64)
        self.dirichlet_value = np.array([dirichlet[i] for i in self.dirichlet_index])

    def _dirichlet_values(self, c, region):
        kind = self.kinds[region]
        if isinstance(c, bcs.Temperature):
            f = "T_e" if kind == "metal" else "T_p"
            return [(f, c.value - self.T0)]
        if isinstance(c, bcs.MagnonReservoir) and c.conductance is None:
            return [("mu_m", c.mu)]
        if isinstance(c, bcs.SpinReservoir) and c.conductance is None:
            return [(s, c.mu[k]) for k, s in enumerate(SPIN)]
        if isinstance(c, bcs.Potential):
            return [("phi", c.value)]
        return []

    # ---- evaluation ----------------------------------------------------------------
    def to_fields(self, x, drive_scale=1.0):
        """Full-mesh SI arrays (temperatures as deviations) and global values."""
        u = {}
        for f in self.fields:
            arr = np.zeros(self.ndofs)
            arr[self.field_dofs[f]] = x[self.gidx[f][self.field_dofs[f]]] * self.scale[f]
            u[f] = arr
        g = {name: x[i] * self.global_scale for name, i in self.global_index.items()}
        return u, g

    def _state(self, q, u, g, fields, globals_=()):
        st = {f: (q.value(u[f]), q.grad(u[f])) for f in fields}
        for name in globals_:
            st[name] = g[name]
        return st

    def _ref(self, name):
        return GlobalRef(self.global_index[name]) if name in self.global_index else self.gidx[name]

    def _assemble(self, asm, terms, qmap):
        """Add Terms to the assembler; ``qmap`` maps a field name to its QuadratureData."""
        for f, (a, b) in terms.residual.items():
            asm.add_residual(qmap[f], self._ref(f), a, b)
        if asm.jacobian:
            for (f, g), parts in terms.jacobian.items():
                asm.add_block(qmap[f], self._ref(f), qmap[g], self._ref(g), **parts)

    def _fields_of(self, region):
        base, thermal = FIELDS[self.kinds[region]]
        return base + (thermal if self.thermal else ())

    def evaluate(self, x, *, jacobian=True, drive_scale=1.0, skip_boundary=None):
        """Residual (SI, full rows before Dirichlet replacement) and Jacobian.

        Returns ``(R, J)`` with ``J = dR/dx`` in the scaled unknowns (``None`` when
        ``jacobian=False``). Dirichlet rows are not yet replaced.
        """
        u, g = self.to_fields(x)
        asm = Assembler(self.size, jacobian=jacobian, pattern=self.pattern)
        dev = self.device
        # bulk
        for r, mat in self.regions.items():
            q = self.cells[r]
            kind = self.kinds[r]
            fields = self._fields_of(r)
            if kind == "metal":
                ext = self.ext_names(r)
                st = self._state(q, u, g, fields, ext)
                terms = physics.metal_terms(st, mat, T0=self.T0, dim=self.dim,
                                            thermal=self.thermal, ext=ext)
            elif kind == "magnet":
                st = self._state(q, u, g, fields)
                terms = physics.magnet_terms(st, mat, T0=self.T0, dim=self.dim,
                                             thermal=self.thermal)
            else:
                if not self.thermal:
                    continue
                st = self._state(q, u, g, fields)
                terms = physics.dielectric_terms(st, mat, dim=self.dim)
            for f, source in dev.sources.get(r, {}).items():
                # volumetric source s of div(flux) = ... + s: residual -int s v
                terms.res(f, a=-drive_scale * np.broadcast_to(source(q.x), q.shape))
            self._assemble(asm, terms, dict.fromkeys(list(fields) + self._globals_of(r), q))
        # interfaces
        for itf in self.interfaces:
            ka, kb = self.kinds[itf.a], self.kinds[itf.b]
            pair = {ka: (itf.a, itf.qa), kb: (itf.b, itf.qb)}
            if {ka, kb} == {"metal", "magnet"}:
                (rn, qn), (rf, qf) = pair["metal"], pair["magnet"]
                law_itf, h = dev.nf_interface(rn, rf)
                uN = self._state(qn, u, g, self._fields_of(rn))
                uF = self._state(qf, u, g, self._fields_of(rf))
                terms = physics.nf_interface_terms(uN, uF, law_itf, dev.order_parameter(rf),
                                                   law=self.law, T0=self.T0,
                                                   thermal=self.thermal, kapitza=h)
                qmap = dict.fromkeys(self._fields_of(rn), qn)
                qmap.update(dict.fromkeys(self._fields_of(rf), qf))
                self._assemble(asm, terms, qmap)
            elif self.thermal and "metal" in pair and "dielectric" in pair:
                (rn, qn), (rd, qd) = pair["metal"], pair["dielectric"]
                h = dev.kapitza(rn, rd)
                terms = physics.kapitza_terms(self._state(qn, u, g, ("T_e",)),
                                              self._state(qd, u, g, ("T_p",)), h, "T_e", "T_p")
                self._assemble(asm, terms, {"T_e": qn, "T_p": qd})
        # natural and Robin boundary conditions
        for name, parts in self.boundary_parts.items():
            if name == skip_boundary:
                continue
            for p in parts:
                fields = self._fields_of(p.region)
                tfield = ("T_e" if self.kinds[p.region] == "metal" else "T_p") \
                    if self.thermal else None
                for c in p.conditions:
                    c = self._scaled_condition(c, drive_scale)
                    st = self._state(p.q, u, g, fields)
                    if isinstance(c, bcs.MagnetContact):
                        h = dev.contact_kapitza(c)
                        terms = physics.magnet_contact_terms(st, c, law=self.law, T0=self.T0,
                                                             thermal=self.thermal, kapitza=h)
                    else:
                        terms = physics.boundary_terms(st, c, T0=self.T0,
                                                       temperature_field=tfield)
                    self._assemble(asm, terms, dict.fromkeys(fields, p.q))
        # drives: the current closure of every conductor set
        R = asm.residual
        for s, currents in self.drive.get("current", {}).items():
            for a, I in enumerate(currents):
                R[self.global_index[f"E{s}_{a}"]] -= drive_scale * I
        J = None
        if jacobian:  # J @ diag(col_scale), in place
            J = asm.matrix()
            J.data *= self.col_scale[J.indices]
        return R, J

    def _globals_of(self, region):
        return self.ext_names(region) if self.kinds[region] == "metal" else []

    def _scaled_condition(self, c, s):
        """A natural/Robin condition with its drive scaled by ``s`` (continuation)."""
        if s == 1.0:
            return c
        from dataclasses import replace

        if isinstance(c, bcs.HeatFlux):
            return replace(c, value=s * c.value)
        if isinstance(c, bcs.HeatTransfer):
            return replace(c, ambient=self.T0 + s * (c.ambient - self.T0))
        if isinstance(c, bcs.MagnonReservoir):
            return replace(c, mu=s * c.mu)
        if isinstance(c, bcs.SpinReservoir):
            return replace(c, mu=tuple(s * m for m in c.mu))
        if isinstance(c, bcs.MagnetContact):
            T = None if c.temperature is None else self.T0 + s * (c.temperature - self.T0)
            rate = None if c.dn_dt is None else tuple(s * r for r in c.dn_dt)
            return replace(c, mu_m=s * c.mu_m, temperature=T, dn_dt=rate)
        return c

    def dirichlet_target(self, drive_scale=1.0):
        """Scaled-unknown values of the Dirichlet dofs."""
        return drive_scale * self.dirichlet_value / self.col_scale[self.dirichlet_index]

    def system(self, x, drive_scale=1.0, jacobian=True):
        """Residual and Jacobian with Dirichlet rows replaced (``x_D - target``)."""
        R, J = self.evaluate(x, jacobian=jacobian, drive_scale=drive_scale)
        d = self.dirichlet_index
        R = R.copy()
        R[d] = (x[d] - self.dirichlet_target(drive_scale)) * self.col_scale[d]
        if jacobian and len(d):
            J = _replace_rows(J, d, self.col_scale[d])
        return R, J

    def _region_dofs(self, region):
        """Sorted dofs of one region's elements (cached)."""
        cache = self.__dict__.setdefault("_dofs_of_region", {})
        if region not in cache:
            cache[region] = self._dofs_of([region])
        return cache[region]

    def magnon_check(self, x):
        """Largest mu_m / gap over the magnon dofs of every magnet region.

        Only the nonlinear law has this validity limit (physics.md 4.1). Returns
        ``(ratio, region, location, mu_m, gap)`` of the worst dof, or None.
        """
        if "mu_m" not in self.field_dofs or not self.law.gap_limited:
            return None
        u, _ = self.to_fields(x)
        worst = None
        for r in self.field_regions["mu_m"]:
            gap = self.device.gap_of(r)
            dofs = self._region_dofs(r)
            mu = u["mu_m"][dofs]
            k = int(np.argmax(mu))
            ratio = mu[k] / gap if gap > 0 else (np.inf if mu[k] >= 0 else -np.inf)
            if worst is None or ratio > worst[0]:
                loc = self.basis.doflocs[:, dofs[k]]
                worst = (ratio, r, loc, float(mu[k]), gap)
        return worst


def _replace_rows(J, rows, diag):
    """Replace the given rows of a CSR matrix by ``diag`` on the diagonal."""
    J = J.tocsr(copy=True)
    mask = np.zeros(J.shape[0], dtype=bool)
    mask[rows] = True
    keep = sp.diags((~mask).astype(float)) @ J
    ident = sp.csr_matrix((diag, (rows, rows)), shape=J.shape)
    return (keep + ident).tocsr()
