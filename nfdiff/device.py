"""Devices of any geometry: a mesh with named regions, materials and conditions."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import bc as bcs
from . import materials as mats
from ._validate import positive, unit_vector
from .errors import ParameterError
from .interface import NFInterface
from .laws import InterfaceLaw, resolve
from .mesh import region_of_element

__all__ = ["Device"]


class Device:
    """A device: a meshed cross-section with materials, interfaces and conditions.

    The device is plain data; the discretisation (fields, bases, matrices) is built
    when it is solved (:meth:`solve`).

    Parameters
    ----------
    mesh : skfem.Mesh
        Mesh in metres with named regions (``mesh.subdomains``) and boundaries
        (``mesh.boundaries``); see :mod:`nfdiff.mesh`. 1D meshes run along z through a
        film stack, 2D meshes span the (x, z) cross-section of strips extruded along y.
    materials : dict
        Region name -> :class:`~nfdiff.materials.NormalMetal`,
        :class:`~nfdiff.materials.MagneticInsulator` or
        :class:`~nfdiff.materials.Dielectric`. Every region needs one.
    interfaces : dict, optional
        ``{(metal_region, magnet_region): NFInterface}`` (either order). A touching
        metal/magnet pair without an entry takes the built-in parameters of its
        materials (:func:`nfdiff.materials.interface_parameters`). An interface without
        a magnon gas takes the adjacent magnet's.
    boundary_conditions : dict, optional
        Boundary name -> condition of :mod:`nfdiff.bc` or a list of them. Unlisted
        boundaries are insulating, adiabatic and spin-blocking.
    temperature : float
        Bath (reference) temperature ``T0`` [K].
    law : {"nonlinear", "linear", "elastic"} or InterfaceLaw
        Interface law (physics.md 4.1); the linear law's coefficients are taken at T0.
    thermal : bool
        Solve the heat equations (electron, magnon and phonon temperatures) too.
    length : float, optional
        Extruded length of the conductors along the current [m], for voltages.
    n : 3-vector or dict, optional
        Order-parameter direction (the paper's n; the magnetisation is -n) of every
        magnet, or ``{magnet_region: n}``. Default (1, 0, 0).
    kapitza : dict, optional
        ``{(region_a, region_b): h}`` phonon boundary conductances [W/(m^2 K)] for
        metal|magnet and metal|dielectric pairs; defaults from the interface or
        ``nf.materials.DEFAULT_KAPITZA_CONDUCTANCE``.
    order : {1, 2}
        Polynomial order of the Lagrange elements.
    sources : dict, optional
        Volumetric sources ``{region: {field: f}}``, ``f(x)`` a function of the
        coordinates (array (dim, ...), m) returning the source density of the field's
        balance equation ``div(flux) = ... + f``: W/m^3 for temperatures (a heater),
        J/m^3 for spin and magnon accumulations (angular momentum per volume and time),
        A/m^3 for ``phi``. Used for heaters and for manufactured-solution tests.
    """

    def __init__(self, mesh, *, materials: Mapping, interfaces: Mapping | None = None,
                 boundary_conditions: Mapping | None = None, temperature: float = 300.0,
                 law: str | InterfaceLaw = "nonlinear", thermal: bool = True,
                 length: float | None = None,
                 n=(1.0, 0.0, 0.0), kapitza: Mapping | None = None, order: int = 1,
                 sources: Mapping | None = None):
        self.mesh = mesh
        self.temperature = positive("temperature", temperature, "K")
        self.law = resolve(law)
        self.thermal = bool(thermal)
        self.length = None if length is None else positive("length", length, "m")
        if order not in (1, 2):
            raise ParameterError("order", order, "must be 1 or 2")
        self.order = order
        regions = dict(mesh.subdomains or {})
        if not regions:
            raise ParameterError("mesh", type(mesh).__name__,
                                 "has no named regions (mesh.subdomains); build it with "
                                 "nf.mesh or load a gmsh mesh with physical surfaces")
        self.materials = dict(materials)
        for r in self.materials:
            if r not in regions:
                raise ParameterError("materials", r,
                                     f"is not a region of the mesh; regions: {sorted(regions)}")
        missing = [r for r in regions if r not in self.materials]
        if missing:
            raise ParameterError("materials", sorted(self.materials),
                                 f"region(s) {missing} have no material")
        region_of_element(mesh)  # every element in exactly one region
        from .problem import region_kind

        self.kinds = {r: region_kind(m) for r, m in self.materials.items()}
        self.interfaces = {}
        for key, itf in dict(interfaces or {}).items():
            a, b = key
            for r in (a, b):
                if r not in self.materials:
                    raise ParameterError("interfaces", key,
                                         f"region {r!r} is unknown; regions: {sorted(regions)}")
            kinds = {self.kinds[a], self.kinds[b]}
            if kinds != {"metal", "magnet"}:
                raise ParameterError("interfaces", key,
                                     "an NFInterface joins a metal and a magnet region")
            if not isinstance(itf, NFInterface):
                raise ParameterError(f"interfaces[{key!r}]", itf, "must be an nf.NFInterface")
            metal, magnet = (a, b) if self.kinds[a] == "metal" else (b, a)
            self.interfaces[(metal, magnet)] = itf
        self.boundary_conditions = {}
        for name, conds in dict(boundary_conditions or {}).items():
            conds = list(conds) if isinstance(conds, (list, tuple)) else [conds]
            for c in conds:
                if not isinstance(c, bcs.BoundaryCondition):
                    raise ParameterError(f"boundary_conditions[{name!r}]", c,
                                         "must be a condition of nf.bc")
            self.boundary_conditions[name] = conds
        self._n = self._order_parameters(n)
        self.sources = {}
        for region, by_field in dict(sources or {}).items():
            if region not in self.materials:
                raise ParameterError("sources", region, f"is not a region; regions: "
                                     f"{sorted(self.materials)}")
            for f, func in dict(by_field).items():
                if not callable(func):
                    raise ParameterError(f"sources[{region!r}][{f!r}]", func,
                                         "must be a function of the coordinates")
            self.sources[region] = dict(by_field)
        self._kapitza = {}
        for key, h in dict(kapitza or {}).items():
            self._kapitza[frozenset(key)] = positive(f"kapitza[{key!r}]", h, "W/(m^2 K)")

    # ---- data the discretisation asks for -------------------------------------------
    def _order_parameters(self, n):
        magnets = [r for r, k in self.kinds.items() if k == "magnet"]
        if isinstance(n, Mapping):
            out = {}
            for r in magnets:
                if r not in n:
                    raise ParameterError("n", dict(n), f"gives no direction for magnet {r!r}")
                out[r] = unit_vector(f"n[{r!r}]", n[r])
            return out
        v = unit_vector("n", n)
        return dict.fromkeys(magnets, v)

    def order_parameter(self, magnet_region: str) -> np.ndarray:
        """The order-parameter direction n of a magnet region (the paper's n)."""
        return self._n[magnet_region]

    def nf_interface(self, metal: str, magnet: str):
        """(NFInterface with its magnon gas, Kapitza conductance) of a metal|magnet pair."""
        itf = self.interfaces.get((metal, magnet))
        mag = self.materials[magnet]
        if itf is None:
            try:
                itf = mats.interface_parameters(self.materials[metal], mag).to_interface()
            except KeyError as err:
                raise ParameterError("interfaces", (metal, magnet),
                                     f"regions {metal!r} and {magnet!r} touch but no "
                                     f"NFInterface is given and {err.args[0]}") from None
            self.interfaces[(metal, magnet)] = itf
        if itf.magnons is None:
            itf = itf.with_magnons(mag.magnon_gas())
            self.interfaces[(metal, magnet)] = itf
        h = self._kapitza.get(frozenset((metal, magnet)))
        if h is None:
            h = itf.kapitza_conductance
        if h is None:
            try:
                h = mats.interface_parameters(self.materials[metal], mag).kapitza_conductance
            except KeyError:
                h = mats.DEFAULT_KAPITZA_CONDUCTANCE
        return itf, float(h)

    def kapitza(self, a: str, b: str) -> float:
        """Phonon boundary conductance of a metal|dielectric pair [W/(m^2 K)]."""
        return self._kapitza.get(frozenset((a, b)), mats.DEFAULT_KAPITZA_CONDUCTANCE)

    def contact_kapitza(self, contact) -> float:
        h = contact.interface.kapitza_conductance
        return mats.DEFAULT_KAPITZA_CONDUCTANCE if h is None else float(h)

    def gap_of(self, magnet: str) -> float:
        """Magnon gap [J] of a magnet region (of its interface gas if it has one)."""
        for (_, f), itf in self.interfaces.items():
            if f == magnet and itf.magnons is not None:
                return itf.magnons.gap
        return self.materials[magnet].gap

    # ---- solving ---------------------------------------------------------------------
    def _drive(self, problem, current, current_density):
        drive = {}
        if current is not None and current_density is not None:
            raise ParameterError("current", current, "give current (2D) or "
                                 "current_density (1D), not both")
        given = current if current is not None else current_density
        if given is None:
            return drive
        name = "current" if current is not None else "current_density"
        if problem.dim == 2 and current_density is not None:
            raise ParameterError("current_density", current_density,
                                 "2D devices take current={region: I} in A along the strips")
        if problem.dim == 1 and current is not None:
            raise ParameterError("current", current, "1D film stacks take "
                                 "current_density={region: (jx, jy)} in A/m^2")
        if not isinstance(given, Mapping):
            raise ParameterError(name, given, "must be a dict {metal region: drive}")
        out = {}
        for region, value in given.items():
            if problem.kinds.get(region) != "metal":
                raise ParameterError(name, region, f"is not a metal region; metals: "
                                     f"{[r for r, k in problem.kinds.items() if k == 'metal']}")
            s = problem.set_of[region]
            if s in out:
                raise ParameterError(name, region, "another region of the same connected "
                                     "conductor set is already driven")
            if problem.dim == 2:
                I = float(np.asarray(value, dtype=float))
                if not np.isfinite(I):
                    raise ParameterError(name, value, "must be finite", "A")
                out[s] = (I,)
            else:
                j = np.asarray(value, dtype=float).reshape(-1)
                if j.shape != (2,) or not np.all(np.isfinite(j)):
                    raise ParameterError(name, value, "must be a finite (jx, jy) pair", "A/m^2")
                thickness = sum(problem.cells[r].integrate(1.0)
                                for r in problem.conductor_sets[s])
                out[s] = tuple(j * thickness)
        drive["current"] = out
        return drive

    def solve(self, current=None, current_density=None, *, rtol: float = 1e-10,
              maxiter: int = 40):
        """Solve the steady state.

        Parameters
        ----------
        current : dict, optional
            2D devices: ``{metal region: I}`` total current [A] along the extruded
            direction (+y) through the connected conductor set containing the region.
        current_density : dict, optional
            1D stacks: ``{metal region: (jx, jy)}`` mean current density [A/m^2] in the
            plane of the films. Conductors without a drive are open circuits.
        rtol : float
            Newton tolerance on the scaled residual relative to the solution.
        maxiter : int
            Newton iterations per stage.

        Returns
        -------
        Solution
        """
        from .newton import solve_with_continuation
        from .problem import Problem
        from .solution import Solution

        problem = Problem(self, {})
        problem.drive = self._drive(problem, current, current_density)
        x, record = solve_with_continuation(problem, rtol=rtol, maxiter=maxiter)
        return Solution(self, problem, x, record)
