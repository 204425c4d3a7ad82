"""Devices of any geometry: a mesh with named regions, materials and conditions."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from . import bc as bcs
from . import materials as mats
from ._validate import positive, require, unit_vector
from .errors import NfdiffWarning, ParameterError
from .interface import NFInterface
from .laws import InterfaceLaw, resolve
from .mesh import interface_facets, region_of_element
from .params import MAXITER, RTOL
from .physics.couplings import Coupling, Kapitza, NFCoupling
from .physics.models import RegionModel, model_for
from .physics.terms import SPIN

if TYPE_CHECKING:
    import skfem

    from .linsolve import Backend as LinearSolverBackend
    from .solution import Solution

__all__ = ["Device"]


class Device:
    """A device: a meshed cross-section with materials, interfaces and conditions.

    The device is plain data, checked when it is made; the discretisation (fields,
    bases, matrices) is built when it is solved (:meth:`solve`). What is solved in each
    region is its material's region model (:mod:`nfdiff.physics.models`), what crosses
    each interface the coupling :meth:`coupling` chooses.

    Parameters
    ----------
    mesh : skfem.Mesh
        Mesh in metres with named regions (``mesh.subdomains``) and boundaries
        (``mesh.boundaries``); see :mod:`nfdiff.mesh`. 1D meshes run along z through a
        film stack, 2D meshes span the (x, z) cross-section of strips extruded along y.
    materials : dict
        Region name -> :class:`~nfdiff.materials.NormalMetal`,
        :class:`~nfdiff.materials.MagneticInsulator`,
        :class:`~nfdiff.materials.Dielectric` or a region model
        (:class:`nfdiff.physics.RegionModel`, e.g. one of one's own). Every region needs
        one. Materials are used at the device temperature (``material.at(temperature)``:
        their temperature laws, a warning outside the range of their data); the
        attribute ``materials`` holds them so.
    interfaces : dict, optional
        ``{(metal_region, magnet_region): NFInterface}`` (either order), or
        ``{(region_a, region_b): Coupling}`` (:mod:`nfdiff.physics.couplings`) for any
        pair of regions that touch (share a facet). A touching metal/magnet pair
        without an entry takes the built-in parameters of its materials
        (:func:`nfdiff.materials.interface_parameters`). An interface without a magnon
        gas takes the adjacent magnet's.
    boundary_conditions : dict, optional
        Boundary name -> condition of :mod:`nfdiff.bc` or a list of them. Unlisted
        boundaries are insulating, adiabatic and spin-blocking.
    temperature : float
        Bath (reference) temperature ``T0`` [K].
    law : {"nonlinear", "linear", "elastic"} or InterfaceLaw
        Interface law (:mod:`nfdiff.laws`); the linear law's coefficients are taken at
        T0.
    thermal : bool
        Solve the heat equations (electron, magnon and phonon temperatures) too.
    length : float, optional
        Extruded length of the conductors along the current [m], for voltages.
    n : 3-vector or dict, optional
        Order-parameter direction (the paper's n; the magnetisation is -n) of every
        magnet, or ``{magnet_region: n}`` with an entry for each magnet region and no
        other. Default (1, 0, 0).
    kapitza : dict, optional
        ``{(region_a, region_b): h}`` phonon boundary conductances [W/(m^2 K)] between
        touching regions whose lattice temperatures differ (metal|magnet,
        metal|dielectric);
        defaults from the interface or ``nf.materials.DEFAULT_KAPITZA_CONDUCTANCE``.
    order : {1, 2}
        Polynomial order of the Lagrange elements.
    sources : dict, optional
        Volumetric sources ``{region: {field: f}}``, ``f(x)`` a function of the
        coordinates (array (dim, ...), m) returning the source density of the field's
        balance equation ``div(flux) = ... + f``: W/m^3 for temperatures (a heater),
        J/m^3 for spin and magnon accumulations (angular momentum per volume and time),
        A/m^3 for ``phi``. Used for heaters and for manufactured-solution tests.

    Raises
    ------
    ParameterError
        Naming the entry: a region without a material or a material for no region, an
        ``interfaces`` or ``kapitza`` entry for regions that do not exist or do not
        touch, an ``n`` entry for a region that is not a magnet, a temperature at or
        above a magnet's Curie temperature, and any value out of its range.
    """

    def __init__(self, mesh: skfem.Mesh, *, materials: Mapping[str, object],
                 interfaces: Mapping[tuple[str, str], NFInterface | Coupling] | None = None,
                 boundary_conditions: Mapping[str, bcs.BoundaryCondition
                                              | list[bcs.BoundaryCondition]
                                              | tuple[bcs.BoundaryCondition, ...]]
                 | None = None,
                 temperature: float = 300.0, law: str | InterfaceLaw = "nonlinear",
                 thermal: bool = True, length: float | None = None,
                 n: ArrayLike | Mapping[str, ArrayLike] = (1.0, 0.0, 0.0),
                 kapitza: Mapping[tuple[str, str], float] | None = None, order: int = 1,
                 sources: Mapping[str, Mapping[str, Callable[[np.ndarray], ArrayLike]]]
                 | None = None) -> None:
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
        self.materials: dict[str, Any] = dict(materials)
        for r in self.materials:
            if r not in regions:
                raise ParameterError("materials", r,
                                     f"is not a region of the mesh; regions: {sorted(regions)}")
        missing = [r for r in regions if r not in self.materials]
        if missing:
            raise ParameterError("materials", sorted(self.materials),
                                 f"region(s) {missing} have no material")
        region_of_element(mesh)  # every element in exactly one region
        self.models: dict[str, RegionModel] = {
            r: model_for(m, f"materials[{r!r}]") for r, m in self.materials.items()}
        for r, model in self.models.items():
            for f, (lo, hi) in model.bounds().items():
                if any(g.name == f and g.is_temperature for g in model.fields):
                    require("temperature", self.temperature, lo < self.temperature < hi,
                            f"the {f} of region {r!r} must stay in ({lo:.6g}, {hi:.6g}) K "
                            f"({type(model).__name__}; a magnet is ordered only below its "
                            "Curie temperature)", "K")
        # every material at the device temperature (its temperature laws, docs/materials.md)
        self.materials = {r: m.at(self.temperature) if hasattr(m, "at") else m
                          for r, m in self.materials.items()}
        self.models = {r: model_for(m, f"materials[{r!r}]") for r, m in self.materials.items()}
        if self.law.gap_limited:
            for r, gap in ((r, m.gap) for r, m in self.models.items() if m.gap is not None):
                require(f"materials[{r!r}].gap", gap, gap > 0,
                        f"must be > 0 with the {self.law.name!r} law, which needs mu_m < gap "
                        "while mu_m = 0 in equilibrium (a field gives the Kittel gap: "
                        "applied_field > 0; or use law='linear')", "J")
        self.interfaces: dict[tuple[str, str], NFInterface | Coupling] = {}
        for key, itf in dict(interfaces or {}).items():
            a, b = self._touching("interfaces", key)
            if isinstance(itf, Coupling):
                self.interfaces[(a, b)] = itf
                continue
            if not isinstance(itf, NFInterface):
                raise ParameterError(f"interfaces[{key!r}]", itf, "must be an nf.NFInterface "
                                     "or an nf.physics.Coupling")
            pair = self._metal_magnet(a, b)
            if pair is None:
                raise ParameterError("interfaces", key,
                                     "an NFInterface joins a metal and a magnet region")
            self.interfaces[pair] = itf
        self.boundary_conditions: dict[str, list[bcs.BoundaryCondition]] = {}
        for name, conds in dict(boundary_conditions or {}).items():
            conds = list(conds) if isinstance(conds, (list, tuple)) else [conds]
            for c in conds:
                if not isinstance(c, bcs.BoundaryCondition):
                    raise ParameterError(f"boundary_conditions[{name!r}]", c,
                                         "must be a condition of nf.bc")
            self.boundary_conditions[name] = conds
        self._n = self._order_parameters(n)
        self.sources: dict[str, dict[str, Callable[[np.ndarray], ArrayLike]]] = {}
        for region, by_field in dict(sources or {}).items():
            if region not in self.materials:
                raise ParameterError("sources", region, f"is not a region; regions: "
                                     f"{sorted(self.materials)}")
            for f, func in dict(by_field).items():
                if not callable(func):
                    raise ParameterError(f"sources[{region!r}][{f!r}]", func,
                                         "must be a function of the coordinates")
            self.sources[region] = dict(by_field)
        self._kapitza: dict[frozenset[str], float] = {}
        for key, h in dict(kapitza or {}).items():
            self._kapitza[frozenset(self._touching("kapitza", key))] = positive(
                f"kapitza[{key!r}]", h, "W/(m^2 K)")

    def _touching(self, name: str, key: Any) -> tuple[str, str]:
        """``key`` of the mapping ``name`` (interfaces, kapitza) as a pair of regions of
        the mesh that share a facet, or ParameterError naming the entry."""
        if isinstance(key, str) or not isinstance(key, tuple) or len(key) != 2:
            raise ParameterError(name, key, "keys must be pairs (region_a, region_b)")
        regions = sorted(self.materials)
        for r in key:
            if r not in self.materials:
                raise ParameterError(name, key, f"region {r!r} is unknown; regions: {regions}")
        a, b = key
        if a == b:
            raise ParameterError(name, key, "an interface joins two different regions")
        if not len(interface_facets(self.mesh, a, b)[0]):
            raise ParameterError(name, key, f"regions {a!r} and {b!r} do not touch (they "
                                 "share no facet of the mesh), so there is no interface "
                                 "between them")
        return a, b

    # ---- data the discretisation asks for -------------------------------------------
    def _has_magnons(self, region: str) -> bool:
        return any(f.name == "mu_m" for f in self.models[region].fields)

    def _has_spin(self, region: str) -> bool:
        names = {f.name for f in self.models[region].fields}
        return all(s in names for s in SPIN)

    def _metal_magnet(self, a: str, b: str) -> tuple[str, str] | None:
        """``(metal, magnet)`` if one region carries spin accumulation and the other
        magnons, else None."""
        if self._has_spin(a) and self._has_magnons(b):
            return a, b
        if self._has_spin(b) and self._has_magnons(a):
            return b, a
        return None

    def _order_parameters(self, n: ArrayLike | Mapping[str, ArrayLike]
                          ) -> dict[str, np.ndarray]:
        magnets = [r for r in self.models if self._has_magnons(r)]
        if isinstance(n, Mapping):
            for r in n:
                if r not in magnets:
                    what = "is not a region" if r not in self.models else "is not a magnet"
                    raise ParameterError("n", dict(n), f"region {r!r} {what}; n is given per "
                                         f"magnet region, the magnets are {magnets}")
            out: dict[str, np.ndarray] = {}
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

    def nf_interface(self, metal: str, magnet: str) -> tuple[NFInterface, float]:
        """(NFInterface with its magnon gas, Kapitza conductance [W/(m^2 K)]) of a
        metal|magnet pair: the given interface or the built-in one of the materials."""
        given = self.interfaces.get((metal, magnet))
        itf = given if isinstance(given, NFInterface) else None  # a Coupling is not used here
        mag = self.materials[magnet]
        if itf is None:
            try:
                itf = mats.interface_parameters(self.materials[metal], mag).to_interface()
            except (KeyError, TypeError) as err:
                reason = err.args[0] if err.args else str(err)
                raise ParameterError("interfaces", (metal, magnet),
                                     f"regions {metal!r} and {magnet!r} touch but no "
                                     f"NFInterface is given and {reason}") from None
        if itf.magnons is None:
            itf = itf.with_magnons(mag.magnon_gas())
        h = self._kapitza.get(frozenset((metal, magnet)))
        if h is None:
            h = itf.kapitza_conductance
        if h is None:
            try:
                h = mats.interface_parameters(self.materials[metal], mag).kapitza_conductance
            except (KeyError, TypeError):
                h = mats.DEFAULT_KAPITZA_CONDUCTANCE
        return itf, float(h)

    def coupling(self, a: str, b: str) -> Coupling | None:
        """The coupling across the interface of two touching regions, or None.

        A coupling given in ``interfaces``; else the interface law between a region that
        carries spin accumulation and one that carries magnons (:class:`NFCoupling`);
        else, with the thermal model, a Kapitza conductance between lattice
        temperatures of different names (``kapitza`` or the default); else none (fields
        of the same name are continuous).
        """
        given = self.interfaces.get((a, b), self.interfaces.get((b, a)))
        if isinstance(given, Coupling):
            return given
        pair = self._metal_magnet(a, b)
        if pair is not None:
            itf, h = self.nf_interface(*pair)
            n = tuple(float(c) for c in self.order_parameter(pair[1]))
            return NFCoupling(pair[0], pair[1], itf, n, h)
        ta = self.models[a].lattice_temperature
        tb = self.models[b].lattice_temperature
        if self.thermal and ta and tb and ta != tb:
            h = self._kapitza.get(frozenset((a, b)), mats.DEFAULT_KAPITZA_CONDUCTANCE)
            return Kapitza(a, b, ta, tb, h)
        return None

    # ---- solving ---------------------------------------------------------------------
    def solve(self, current: Mapping[str, float] | None = None,
              current_density: Mapping[str, Sequence[float]] | None = None, *,
              rtol: float = 1e-10, maxiter: int = 40,
              linear_solver: str | LinearSolverBackend = "auto") -> Solution:
        """Solve the steady state.

        Parameters
        ----------
        current : dict, optional
            2D devices: ``{metal region: I}`` total current [A] along the extruded
            direction (+y) through the connected conductor set containing the region.
        current_density : dict, optional
            1D stacks: ``{metal region: (jx, jy)}`` mean current density [A/m^2] in the
            plane of the films. Conductors without a drive are open circuits. 3D devices
            take neither (no extruded direction; terminal contacts are not supported
            yet: docs/theory.md#theory-3d).
        rtol : float
            Newton tolerance on the scaled residual relative to the solution, in (0, 1).
        maxiter : int
            Newton iterations per continuation stage, >= 1.
        linear_solver : str or nfdiff.linsolve.Backend
            Sparse direct solver: "auto", "superlu", "qdldl", "umfpack", "cholmod"
            (:mod:`nfdiff.linsolve`); recorded in ``sol.newton``.

        Returns
        -------
        Solution

        Raises
        ------
        ParameterError
            For a bad drive or solver option.
        CondensationError
            If the drive takes the magnon chemical potential to the magnon gap (a
            gap-limited law); the message gives the fraction of the drive reached.
        nfdiff.errors.StateError
            If the drive takes a temperature to 0 K or to a magnet's Curie temperature.
        ConvergenceError
            If Newton fails otherwise.

        Warns
        -----
        nfdiff.errors.NfdiffWarning
            When a law that is not gap-limited (``"linear"``) leaves ``mu_m`` at or above
            the magnon gap somewhere (region, point and value in the message); when a
            solved temperature leaves the range of a temperature law's data (region,
            field, parameter and both ranges).
        """
        from .newton import solve_with_continuation
        from .problem import Problem
        from .solution import Solution

        rtol, maxiter = RTOL.validate(rtol), MAXITER.validate(maxiter)
        problem = Problem.for_device(self)  # reused across drives (Problem.for_device)
        system = problem.system(problem.drive(current, current_density))
        describe = _describe(current, current_density)
        x, record = solve_with_continuation(system, rtol=rtol, maxiter=maxiter,
                                            drive=describe, linear_solver=linear_solver,
                                            warm=problem.warm)
        drive = describe(1.0)
        u = problem.to_fields(x)[0]
        for text in problem.outside_data(u):
            warnings.warn(f"{text} (under {drive})", NfdiffWarning, stacklevel=2)
        if not self.law.gap_limited and problem.gaps:
            worst = problem.gap_ratio(u)
            assert worst is not None  # there are magnons (problem.gaps)
            ratio, r, loc, mu_m, gap = worst
            if ratio >= 1.0:
                where = ", ".join(f"{c:.4g}" for c in loc)
                warnings.warn(f"mu_m = {mu_m:.4g} J = {ratio:.3g} x the magnon gap "
                              f"{gap:.4g} J in {r} at ({where}) m under {drive}: the "
                              f"{self.law.name!r} law is used beyond the gap, where the "
                              "magnon gas it linearises would condense (the nonlinear law "
                              "stops there)", NfdiffWarning, stacklevel=2)
        sol = Solution(self, problem, x, record)
        if current is not None or current_density is not None:
            sol.drive = drive
        return sol


def _describe(current: Mapping[str, Any] | None,
              current_density: Mapping[str, Any] | None) -> Callable[[float], str]:
    """``s -> text`` of the drive scaled by s, for error messages ("current={'A': 5e-05}
    A")."""
    name, given, unit = (("current", current, "A") if current is not None else
                         ("current_density", current_density, "A/m^2"))
    if not isinstance(given, Mapping):
        return lambda s: f"{s:.3g} of the drive"

    def text(s: float) -> str:
        scaled = {r: (s * np.asarray(v, dtype=float)).round(12).tolist()
                  for r, v in given.items()}
        return f"{name}={scaled} {unit}"

    return text
