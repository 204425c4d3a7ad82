"""The result of a device solve: fields, observables, fluxes, export and plots."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
from numpy.typing import ArrayLike

from .errors import ParameterError
from .physics.couplings import NFCoupling
from .physics.models import HEAT_CURRENTS
from .physics.terms import EXTRUDED

if TYPE_CHECKING:
    import pyvista
    from matplotlib.figure import Figure

    from .device import Device
    from .newton import NewtonRecord
    from .problem import Problem
    from .sensitivity import Sensitivities

__all__ = ["Solution"]

#: Observables that state the drive of a solve, shown by ``repr(solution)``.
_DRIVES = ("current", "current_density", "j_x", "j_y", "temperature_difference",
           "heat_flux")


def _observable_units() -> dict[str, str]:
    """Unit of each observable the device templates declare (the first declaration)."""
    from .devices import TEMPLATES

    units: dict[str, str] = {}
    for factory in TEMPLATES.values():
        for name, declared in factory.device_class.solve.observables.items():
            units.setdefault(name, declared.unit)
    return units


class Solution:
    """Steady state of a device.

    Attributes
    ----------
    device : nfdiff.Device
    newton : nfdiff.newton.NewtonRecord
        ``iterations``, ``residuals`` (first = initial), ``converged``.
    observables : dict
        Named scalar results [SI]; device templates add their own.
    extruded_field : dict
        Region -> extruded electric field (3-vector, V/m) of its conductor set.
    """

    def __init__(self, device: Device, problem: Problem, x: np.ndarray,
                 newton: NewtonRecord) -> None:
        self.device = device
        self.problem = problem
        self.x = x
        self.newton = newton
        self._u, self._g = problem.to_fields(x)
        self.extruded_field: dict[str, np.ndarray] = {}
        for r, s in problem.set_of.items():
            E = np.zeros(3)
            for a, ax in enumerate(EXTRUDED[problem.dim]):
                E[ax] = self._g[f"E{s}_{a}"]
            self.extruded_field[r] = E
        self.observables: dict[str, float] = {}
        #: Observables linear in the extruded fields: name -> tuple of
        #: ``(region, axis, coefficient)``, the observable being the sum of
        #: ``coefficient * E[axis]`` of each region's extruded field (V/m; axis 0 for x,
        #: 1 for y); what :meth:`sensitivities` differentiates. The device templates
        #: fill it in; add an entry for an observable of one's own.
        self.linear_observables: dict[str, tuple[tuple[str, int, float], ...]] = {}
        #: The drive of the solve as text (``"current={'A': 5e-05} A"``), None when it
        #: came only from the boundary conditions.
        self.drive: str | None = None

    def __repr__(self) -> str:
        """A few lines: the device, its law and size, the Newton record and the drive.

        The drive is shown as given to :meth:`nfdiff.Device.solve` (:attr:`drive`) and
        as far as the observables record it (``current_density``, ``j_x``,
        ``temperature_difference``, ``heat_flux``, ...), with the units the device
        templates declare for them.
        """
        import textwrap

        p, newton = self.problem, self.newton
        law = getattr(self.device.law, "name", self.device.law)
        steps = f"{newton.iterations} iteration{'s' if newton.iterations != 1 else ''}"
        state = "converged" if newton.converged else "did NOT converge"
        residuals = newton.residuals
        final = f", final residual {residuals[-1]:.3g}" if residuals else ""
        if len(residuals) > 1 and residuals[0] > 0:
            final += f" ({residuals[-1] / residuals[0]:.2g} of the initial)"
        regions = ", ".join(f"{r} ({getattr(self.device.materials.get(r), 'name', '?')})"
                            for r in p.region_names)
        lines = [f"Solution ({p.dim}D, law {law!r}, "
                 f"{'thermal' if p.thermal else 'isothermal'}, T0 = {p.T0:g} K)",
                 f"  regions: {regions}",
                 f"  {p.mesh.p.shape[1]} nodes, {len(self.x)} unknowns",
                 f"  Newton {state} in {steps}{final}"]
        units = _observable_units()
        drive = [f"{k} = {float(self.observables[k]):.6g} {units.get(k, '')}".rstrip()
                 for k in _DRIVES if k in self.observables
                 and np.ndim(self.observables[k]) == 0 and self.observables[k] != 0]
        if not drive and self.drive is not None:
            drive = [self.drive]
        if drive:
            lines.append(f"  drive: {', '.join(drive)}")
        if self.observables:
            names = f"observables ({len(self.observables)}): {', '.join(self.observables)}"
            lines.append("  " + textwrap.shorten(names, 86, placeholder=" ..."))
        return "\n".join(lines)

    # ---- fields ----------------------------------------------------------------------
    @property
    def field_names(self) -> list[str]:
        return list(self.problem.fields)

    def _check_field(self, name: str) -> None:
        if name not in self.problem.field_dofs:
            raise ParameterError("field", name, f"must be one of {self.field_names}")

    def dof_values(self, name: str) -> np.ndarray:
        """Full-mesh dof array of a field [SI; temperatures absolute], NaN outside."""
        self._check_field(name)
        p = self.problem
        out = np.full(p.ndofs, np.nan)
        vals = self._u[name][p.field_dofs[name]]
        if name.startswith("T_"):
            vals = vals + p.T0
        out[p.field_dofs[name]] = vals
        return out

    def field(self, name: str, region: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Values of a field at the nodes (dofs) of a region.

        Returns ``(coordinates (dim, n) [m], values (n,))``; temperatures in K.
        """
        self._check_field(name)
        p = self.problem
        regions = p.field_regions[name] if region is None else [region]
        for r in regions:
            if r not in p.field_regions[name]:
                raise ParameterError("region", r, f"field {name!r} lives on "
                                     f"{p.field_regions[name]}")
        elems = np.concatenate([p.region_elems[r] for r in regions])
        dofs = np.unique(p.basis.element_dofs[:, elems])
        return p.basis.doflocs[:, dofs], self.dof_values(name)[dofs]

    def evaluate(self, name: str, points: ArrayLike, region: str | None = None
                 ) -> np.ndarray:
        """Interpolate a field at points inside the regions where it lives.

        Parameters
        ----------
        name : str
            Field name (``"mu_m"``, ``"T_e"``, ...).
        points : array_like, shape (dim, npoints)
            Coordinates [m].
        region : str, optional
            Take the value from this region's side (it matters on an interface, where a
            field may live on one side only). Default: all regions of the field.

        Returns
        -------
        ndarray, shape (npoints,)
            Field values in the field's unit (J, V or K).
        """
        self._check_field(name)
        p = self.problem
        regions = p.field_regions[name] if region is None else [region]
        for r in regions:
            if r not in p.field_regions[name]:
                raise ParameterError("region", r, f"field {name!r} lives on "
                                     f"{p.field_regions[name]}")
        pts = np.asarray(points, dtype=float).reshape(p.dim, -1)
        try:
            cells, phi = p.interpolation(regions, pts)
        except ValueError:
            raise ParameterError("points", pts.T.tolist(), f"must lie in the regions "
                                 f"{regions} of field {name!r}") from None
        vals = self.dof_values(name)[p.basis.element_dofs[:, cells]]
        return np.sum(phi * vals, axis=0)

    # ---- currents and voltages -----------------------------------------------------
    def current_kinds(self) -> dict[str, tuple[str, ...]]:
        """Boundary-current kinds and the fields whose balance equations carry them.

        From the fields' declarations (:class:`nfdiff.physics.Field`): ``"spin"`` (the
        three spin accumulations), ``"charge"``, ``"magnon"``, ``"electron_heat"``,
        ``"magnon_heat"``, ``"phonon_heat"`` and ``"heat"``, the sum of the heat
        currents.
        """
        kinds: dict[str, tuple[str, ...]] = {}
        for name in self.problem.fields:
            current = self.problem.field_specs[name].current
            kinds[current] = kinds.get(current, ()) + (name,)
        heat = tuple(f for k in HEAT_CURRENTS for f in kinds.get(k, ()))
        if heat:
            kinds["heat"] = heat
        return kinds

    @overload
    def boundary_current(self, boundary: str, kind: Literal["spin"]) -> np.ndarray: ...
    @overload
    def boundary_current(self, boundary: str,
                         kind: Literal["magnon", "charge", "heat", "electron_heat",
                                       "magnon_heat", "phonon_heat"] = "magnon") -> float: ...
    @overload
    def boundary_current(self, boundary: str, kind: str) -> float | np.ndarray: ...
    def boundary_current(self, boundary: str, kind: str = "magnon") -> float | np.ndarray:
        """Current through a named boundary, outward, from the discrete residual.

        Parameters
        ----------
        boundary : str
            Name of a boundary that carries a boundary condition of the device.
        kind : str
            ``"magnon"`` (magnon spin current), ``"spin"`` (electron spin current, a
            3-vector of polarisations), ``"charge"``, ``"heat"`` (electron + magnon +
            phonon), ``"electron_heat"``, ``"magnon_heat"``, ``"phonon_heat"``.

        Returns
        -------
        float or ndarray
            2D: per metre of extruded length (J/m, A/m, W/m); 1D: per area (J/m^2,
            A/m^2, W/m^2). Computed as the reaction of the discrete residual to a test
            function equal to 1 on the boundary, so it converges as fast as the fields
            and closes the discrete balances exactly.
        """
        kinds = self.current_kinds()
        if kind not in kinds:
            raise ParameterError("kind", kind, f"must be one of {sorted(kinds)} (the currents "
                                 "of the fields of this device)")
        p = self.problem
        if boundary not in p.boundary_parts:
            raise ParameterError("boundary", boundary,
                                 f"must carry a boundary condition; boundaries with "
                                 f"conditions: {sorted(p.boundary_parts)}")
        R, _ = p.evaluate(self.x, jacobian=False, skip_boundary=boundary)
        dofs = np.unique(np.concatenate([p.basis.get_dofs(facets=part.facets).all()
                                         for part in p.boundary_parts[boundary]]))
        totals = []
        for f in kinds[kind]:
            rows = p.gidx[f][dofs]
            totals.append(-float(np.sum(R[rows[rows >= 0]])))
        return np.array(totals) if kind == "spin" else float(np.sum(totals))

    @overload
    def interface_current(self, region_a: str, region_b: str,
                          kind: Literal["spin"]) -> np.ndarray: ...
    @overload
    def interface_current(self, region_a: str, region_b: str,
                          kind: Literal["magnon", "energy"] = "magnon") -> float: ...
    @overload
    def interface_current(self, region_a: str, region_b: str,
                          kind: str) -> float | np.ndarray: ...
    def interface_current(self, region_a: str, region_b: str,
                          kind: str = "magnon") -> float | np.ndarray:
        """Integrated current across the interface between two regions, a -> b.

        ``kind``: ``"spin"`` (3-vector, electron spin current from the metal),
        ``"magnon"`` (magnon spin current into the magnet, ``-n . i``), ``"energy"``
        (qdot into the magnet). 2D: per metre of extruded length; 1D: per area.
        """
        p = self.problem
        for itf in p.interfaces:
            if {itf.a, itf.b} == {region_a, region_b}:
                break
        else:
            raise ParameterError("regions", (region_a, region_b), "do not share an interface")
        coupling = itf.coupling
        if not isinstance(coupling, NFCoupling):
            raise ParameterError("regions", (region_a, region_b), "are not a metal|magnet pair")
        i, q = coupling.currents(p.interface_state(itf, self._u, self._g), p.coupling_context)
        i, q = i.reshape(-1, 3), q.ravel()
        w = (itf.qa if coupling.metal == itf.a else itf.qb).dx.ravel()
        sign = 1.0 if region_a == coupling.metal else -1.0
        if kind == "spin":
            return sign * np.sum(i * w[:, None], axis=0)
        if kind == "magnon":
            return sign * float(np.sum(-(i @ np.asarray(coupling.n)) * w))
        if kind == "energy":
            return sign * float(np.sum(q * w))
        raise ParameterError("kind", kind, "must be 'spin', 'magnon' or 'energy'")

    def voltage(self, region: str, direction: str | None = None) -> float:
        """Open-circuit voltage along the conductor: ``phi(end) - phi(start) = -E L``.

        2D: along the strips (y). 1D: ``direction`` 'x' (default) or 'y'. Needs the
        device ``length`` [m].

        3D: ``voltage(plus, minus)`` is the voltage [V] between two boundaries (faces) of
        metals, ``phi(plus) - phi(minus)``: the potential of a terminal
        (:class:`nfdiff.bc.Terminal`), else the mean of phi over the face
        (:meth:`face_potential`).
        """
        if self.problem.dim == 3:
            if direction is None:
                raise ParameterError("minus", None, "3D devices take voltage(plus, minus): "
                                     "two boundaries (faces) of metals")
            return self.face_potential(region) - self.face_potential(direction)
        if region not in self.extruded_field:
            raise ParameterError("region", region, f"must be a metal region; metals: "
                                 f"{sorted(self.extruded_field)}")
        if self.device.length is None:
            raise ParameterError("length", None, "the device needs length= (the extruded "
                                 "length of the conductors, m) to give voltages")
        along = ("y",) if self.problem.dim == 2 else ("x", "y")  # the extruded directions
        direction = direction or along[0]
        if direction not in along:
            raise ParameterError("direction", direction, f"must be one of {along}: the "
                                 f"directions along which the conductors of this "
                                 f"{self.problem.dim}D device carry current")
        axis = {"x": 0, "y": 1}[direction]
        return -float(self.extruded_field[region][axis]) * self.device.length

    def sensitivities(self, observable: str, parameters: str | Iterable[str] | None = None
                      ) -> Sensitivities:
        """Exact derivatives of an observable with respect to material parameters, by the
        adjoint of the converged Newton system (docs/theory.md#theory-sensitivity).

        Parameters
        ----------
        observable : str
            A name of :attr:`linear_observables` (``"V_det"``, ``"R_nl"``, ``"V_ISHE"``,
            ``"rho_long"``, ...).
        parameters : str or iterable of str, optional
            Names like ``"metal.spin_hall_angle"``, ``"magnet.magnon_diffusion_length"``,
            ``"interface.g_r"`` or ``"film.magnon_conductivity"`` (by region;
            :mod:`nfdiff.sensitivity`). Default: every parameter of the device.

        Returns
        -------
        nfdiff.sensitivity.Sensitivities
            ``{parameter: Sensitivity}`` with ``derivative`` (dO/dp in the observable's
            unit per the parameter's), ``relative`` ((p/O) dO/dp), ``value``, ``unit``;
            ``ranking()`` orders them by ``|relative|``.

        Raises
        ------
        ParameterError
            For an unknown observable or parameter; the message lists the valid names.

        Examples
        --------
        >>> import nfdiff as nf
        >>> dev = nf.devices.nonlocal_strips(distance=2e-6, thermal=False)
        >>> sol = dev.solve(current=100e-6)
        >>> s = sol.sensitivities("R_nl", ["metal.spin_hall_angle"])
        >>> print(f'{s["metal.spin_hall_angle"].relative:.2f}')  # R_nl ~ theta^2
        1.99
        """
        from .sensitivity import sensitivities

        return sensitivities(self, observable, parameters)

    def face_potential(self, boundary: str) -> float:
        """Electric potential [V] of a metal face of a 3D device: the potential of its
        terminal (:class:`nfdiff.bc.Terminal`), else the area-weighted mean of phi over
        the boundary's facets that bound a metal."""
        p = self.problem
        if boundary in p.terminals:
            return float(self._g[f"V:{boundary}"])
        named = p.mesh.boundaries or {}
        if boundary not in named:
            raise ParameterError("boundary", boundary, f"no boundary of that name in the "
                                 f"mesh; it has {sorted(named)}")
        from .fem import QuadratureData

        facets = np.asarray(named[boundary])
        metal = p._region_mask(p.field_regions.get("phi", []))
        facets = facets[(p.mesh.f2t[1, facets] < 0) & metal[p.mesh.f2t[0, facets]]]
        if not len(facets):
            raise ParameterError("boundary", boundary, "has no exterior facets on a metal")
        q = QuadratureData.on_facets(p.basis, facets, p.intorder)
        return q.integrate(q.value(self._u["phi"])) / q.integrate(1.0)

    # ---- export ----------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        """Write every field and the region ids to VTU or XDMF (by suffix).

        Points are duplicated per region so that fields that jump at interfaces (the
        temperatures, the spin accumulation at a magnet) stay sharp in ParaView;
        ``T`` is the lattice temperature of each region (T_e in metals, T_p elsewhere).
        """
        from .export import save

        save(self, path)

    def plot(self, field: str = "mu_m", *, screenshot: str | os.PathLike[str] | None = None,
             component: str | int | None = None, **kwargs: Any
             ) -> Path | pyvista.Plotter | Figure:
        """Plot a field with pyvista (2D, off-screen capable) or matplotlib (1D)."""
        from .plotting import plot

        return plot(self, field, screenshot=screenshot, component=component, **kwargs)
