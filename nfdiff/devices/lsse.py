r"""Longitudinal spin Seebeck effect (LSSE) of a metal film on a magnet (1D film stack).

The device is a film stack, invariant in the plane: z runs through the stack, an
optional dielectric substrate at the bottom, the magnetic insulator F on it (z < 0) and
the normal metal N on top (0 < z < d). A temperature difference across the stack (or a
heater on top of the metal) drives a heat current along z; the magnons of F, hotter (or
colder) than the electrons of N and accumulated by the bulk magnon Seebeck effect,
pump a spin current into N, and the inverse spin Hall effect turns it into an
open-circuit voltage in the plane (Uchida et al., Appl. Phys. Lett. 97, 172505 (2010);
theory: Bender and Tserkovnyak, Phys. Rev. B 91, 140402(R) (2015), and Cornelissen et
al., Phys. Rev. B 94, 014412 (2016) for the bulk magnon transport).

:func:`lsse_stack` describes the stack (plain data); :meth:`LSSEStack.solve` meshes it,
builds the :class:`~nfdiff.Device` and solves it. The stack geometry, its mesh and the
interface observables are shared with :mod:`nfdiff.devices.peltier` (the spin Peltier
effect, the Onsager partner of the spin Seebeck effect).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Self, cast

import numpy as np

from .. import materials as mats
from .._validate import require
from ..bc import BoundaryCondition, HeatFlux, Temperature
from ..device import Device
from ..errors import ParameterError
from ..interface import NFInterface
from ..laws import InterfaceLaw
from ..mesh import MAX_NODES_1D, graded_count, graded_points
from ..params import Observable, Parameter, check_fields, checked, declare, observables, template
from . import _common as common
from ._common import builtin_interface, check_sizes

if TYPE_CHECKING:
    import skfem

    from ..solution import Solution

__all__ = ["LSSEStack", "lsse_stack"]

#: Region names of the stack's mesh.
METAL = "metal"
MAGNET = "magnet"
SUBSTRATE = "substrate"
#: Default thicknesses (metal, magnet, substrate) [m]: 10 nm Pt on 1 um YIG on 500 um GGG.
DEFAULT_THICKNESSES = (10e-9, 1e-6, 500e-6)
#: Default mesh. Metal: as :func:`~nfdiff.devices.smr_film` (element size
#: min(lambda/24, d/16) at both surfaces, at most lambda/2 inside). Magnet: the metal's
#: size at the N|F interface, 1/20 of its shortest length (magnon-phonon length, magnon
#: diffusion length, thickness) at its bottom, at most 1/20 of min(magnon diffusion
#: length, thickness) inside. Substrate (pure heat conduction, linear temperature: any
#: mesh is exact): the magnet's bottom size at its top, at most 1/10 of its thickness.
_H_MIN_PER_LAMBDA = 1 / 24
_H_MIN_PER_THICKNESS = 1 / 16
_H_MAX_PER_LAMBDA = 1 / 2
_H_EDGE_PER_MAGNET_LENGTH = 1 / 20
_H_MAX_PER_MAGNET_LENGTH = 1 / 20
_H_MAX_PER_SUBSTRATE = 1 / 10
_GROWTH = 1.05


@dataclass(frozen=True)
class _FilmStack:
    r"""Substrate (optional) / magnet / metal, stacked along z; shared by LSSE and SPE.

    Plain data, validated on construction. Subclasses add the drive-specific fields and
    ``solve``. The fields are the parameters of :func:`lsse_stack` (checked and
    normalised: materials as instances, ``thicknesses`` filled in, ``n`` of unit length,
    ``law`` an :class:`~nfdiff.laws.InterfaceLaw`).
    """

    metal: mats.NormalMetal = declare(common.METAL.replace(description="The metal film."))
    magnet: mats.MagneticInsulator = declare(common.MAGNET.replace(
        description="The magnet, always meshed: magnon chemical potential, magnon and "
                    "phonon temperatures."))
    substrate: mats.Dielectric | None = declare(common.SUBSTRATE.replace(
        none="no substrate, the bath is at the bottom of the magnet",
        details="The magnet's phonons and the substrate share one continuous temperature "
                "(no thermal boundary resistance between them)."))
    thicknesses: tuple[float, ...] = declare(Parameter(
        "m", "positive", "Layer thicknesses (metal, magnet, substrate), or (metal, magnet) "
        "without a substrate.", entries=(2, 3),
        none="(10e-9, 1e-6, 500e-6), or its first two without a substrate"))
    interface: NFInterface | None = declare(common.INTERFACE)
    n: tuple[float, float, float] = declare(common.N)
    temperature: float = declare(common.TEMPERATURE.replace(
        details="The linear law's coefficients and the bulk magnon Onsager coefficients "
                "are taken there."))
    law: InterfaceLaw = declare(common.LAW)
    order: int = declare(common.ORDER)
    h_min: float | None = declare(common.H_MIN.replace(none="as LSSEStack.mesh_sizes"))
    h_max: float | None = declare(common.H_MAX.replace(
        description="Largest element of every layer.", none="as LSSEStack.mesh_sizes",
        details="The metal is meshed as by smr_film, so a 1.5 nm spin diffusion length is "
                "resolved next to a 500 um substrate with a few hundred elements."))
    growth: float = declare(common.GROWTH)

    def __post_init__(self) -> None:
        value, no_substrate = self.thicknesses, self.substrate is None
        if value is None:
            value = DEFAULT_THICKNESSES[:2] if no_substrate else DEFAULT_THICKNESSES
        elif no_substrate and isinstance(value, Sequence) and len(value) == 3 \
                and value[2] is None:
            value = value[:2]
        object.__setattr__(self, "thicknesses", value)
        check_fields(self)
        if len(self.thicknesses) != (2 if no_substrate else 3):
            layers, hint = (("(metal, magnet)", "; without a substrate (substrate=None) "
                             "give (metal, magnet)") if no_substrate else
                            ("(metal, magnet, substrate)", "; give substrate=None for no "
                             "substrate"))
            raise ParameterError("thicknesses", self.thicknesses, f"must be {layers} [m]"
                                 f"{hint}", "m")
        check_sizes(self)
        self._check_size()
        self.interface_law()  # a pair without built-in parameters fails here, not in solve

    # ---- description -----------------------------------------------------------------
    @property
    def thickness(self) -> float:
        """Metal thickness d [m]."""
        return self.thicknesses[0]

    @property
    def magnet_thickness(self) -> float:
        """Magnet thickness [m]."""
        return self.thicknesses[1]

    @property
    def substrate_thickness(self) -> float:
        """Substrate thickness [m] (0 without a substrate)."""
        return self.thicknesses[2] if self.substrate is not None else 0.0

    def replace(self, **changes: Any) -> Self:
        """A copy with some parameters changed (and checked again).

        Changing ``substrate`` between None and a material needs matching
        ``thicknesses`` (or ``thicknesses=None`` for the defaults).
        """
        return replace(self, **changes)

    def interface_law(self) -> NFInterface:
        """The N|F interface: ``interface`` or the built-in parameters of the pair.

        An interface without a magnon gas takes the magnet's (in the
        :class:`~nfdiff.Device`).
        """
        return builtin_interface(self.metal, self.magnet, self.interface)

    def mesh_sizes(self) -> dict[str, tuple[float, float, float, float]]:
        """``{region: (h_bottom, h_top, h_max, growth)}`` of the mesh [m, m, m, 1].

        ``h_bottom``/``h_top`` are the element sizes at the region's lower and upper
        boundary, ``h_max`` its largest element. Defaults: in the metal, ``h_min =
        min(lambda/24, d/16)`` at both surfaces (lambda: spin diffusion length, d:
        thickness) and ``lambda/2`` inside, as :func:`~nfdiff.devices.smr_film`; in the
        magnet, ``h_min`` at the interface, ``l/20`` at its bottom with ``l`` the
        shortest of the magnon-phonon length, the magnon diffusion length and the
        thickness, and ``min(lambda_m, t_F)/20`` inside; in the substrate (linear
        temperature profile, meshed exactly by any grid), the magnet's bottom size at
        its top and 1/10 of its thickness inside. A given ``h_min`` replaces the metal
        and interface size, a given ``h_max`` the largest element of every layer (each
        at least its layer's edge sizes).
        """
        lam = self.metal.spin_diffusion_length
        mag = self.magnet
        t_f = self.magnet_thickness
        h_min = self.h_min
        if h_min is None:
            h_min = min(_H_MIN_PER_LAMBDA * lam, _H_MIN_PER_THICKNESS * self.thickness)
        shortest = min(mag.magnon_phonon_length, mag.magnon_diffusion_length, t_f)
        h_edge = _H_EDGE_PER_MAGNET_LENGTH * shortest
        defaults = {
            METAL: (h_min, h_min, _H_MAX_PER_LAMBDA * lam),
            MAGNET: (h_edge, h_min,
                     _H_MAX_PER_MAGNET_LENGTH * min(mag.magnon_diffusion_length, t_f)),
        }
        if self.substrate is not None:
            defaults[SUBSTRATE] = (h_edge, h_edge, _H_MAX_PER_SUBSTRATE
                                   * self.substrate_thickness)
        sizes: dict[str, tuple[float, float, float, float]] = {}
        for region, (lo, hi, h_max) in defaults.items():
            h_max = self.h_max if self.h_max is not None else h_max
            sizes[region] = (lo, hi, max(h_max, lo, hi), self.growth)
        return sizes

    def _grids(self) -> list[tuple[list[float], list[float], float, float]]:
        """Arguments of :func:`~nfdiff.mesh.graded_points` for each layer, bottom up:
        ``(breaks, sizes at them, h_max, growth)``."""
        sizes = self.mesh_sizes()
        d, t_f, t_s = self.thickness, self.magnet_thickness, self.substrate_thickness
        layers = [(METAL, 0.0, d), (MAGNET, -t_f, 0.0)]
        if self.substrate is not None:
            layers.append((SUBSTRATE, -t_f - t_s, -t_f))
        grids = []
        for region, lo, hi in reversed(layers):
            h_lo, h_hi, h_max, growth = sizes[region]
            grids.append(([lo, hi], [h_lo, h_hi], h_max, growth))
        return grids

    def _lengths(self) -> common.Lengths:
        """The lengths to check, ``{name: (value, typical value)}`` [m]."""
        return {f"thicknesses[{i}]": (t, typical) for i, (t, typical)
                in enumerate(zip(self.thicknesses, DEFAULT_THICKNESSES, strict=False))}

    def _check_size(self) -> None:
        """Refuse more than :data:`nfdiff.mesh.MAX_NODES_1D` nodes (counted by
        :func:`~nfdiff.mesh.graded_count`, before anything is meshed); warn of lengths
        outside a thin-film device's."""
        count = sum(graded_count(*grid) for grid in self._grids()) + 1
        common.check_count(count, MAX_NODES_1D, self._lengths(), common.given_sizes(self))
        common.warn_lengths(self._lengths(), stacklevel=6)

    # ---- discretisation ----------------------------------------------------------------
    def mesh(self) -> skfem.MeshLine1:
        """The 1D mesh along z [m].

        Regions ``"metal"`` (0 < z < d), ``"magnet"`` (-t_F < z < 0) and, with a
        substrate, ``"substrate"`` (below -t_F); boundaries ``"top"`` (z = d) and
        ``"bottom"`` (the lowest point). Elements are graded geometrically towards every
        layer boundary (:func:`~nfdiff.mesh.graded_points`, sizes from
        :meth:`mesh_sizes`).

        Returns
        -------
        skfem.MeshLine1
        """
        import skfem

        d, t_f = self.thickness, self.magnet_thickness
        parts = [graded_points(*grid) for grid in self._grids()]  # bottom up
        z = np.concatenate([p[:-1] for p in parts[:-1]] + [parts[-1]])
        z0 = float(z[0])
        regions = {METAL: lambda x: x[0] > 0.0,
                   MAGNET: lambda x: (x[0] < 0.0) & (x[0] > -t_f)}
        if self.substrate is not None:
            regions[SUBSTRATE] = lambda x: x[0] < -t_f
        return (skfem.MeshLine1.init_tensor(z)
                .with_subdomains(regions)
                .with_boundaries({"bottom": lambda x: x[0] == z0,
                                  "top": lambda x: x[0] == d}))

    def _device(self, conditions: Mapping[str, BoundaryCondition], **options: Any) -> Device:
        """The thermal :class:`~nfdiff.Device` with the given boundary conditions."""
        materials = {METAL: self.metal, MAGNET: self.magnet}
        if self.substrate is not None:
            materials[SUBSTRATE] = self.substrate
        return Device(self.mesh(), materials=materials,
                      interfaces={(METAL, MAGNET): self.interface_law()},
                      boundary_conditions=conditions, temperature=self.temperature,
                      law=self.law, thermal=True, n=self.n, order=self.order, **options)


#: Observables of the stack's interface (:func:`_interface_observables`).
INTERFACE_OBSERVABLES = {
    "E_x": Observable("V/m", "the in-plane (extruded) electric field along x."),
    "E_y": Observable("V/m", "the in-plane electric field along y."),
    "T_e_interface": Observable("K", "electron temperature at the interface, N side."),
    "T_m_interface": Observable("K", "magnon temperature at the interface."),
    "T_p_interface": Observable("K", "phonon temperature at the interface, F side."),
    "delta_T_interface": Observable("K", "T_m - T_e at the interface."),
    "delta_T_phonon_interface": Observable("K", "T_p - T_e at the interface."),
    "T_top": Observable("K", "temperature of the metal top."),
    "mu_m_interface": Observable("J", "magnon chemical potential at the interface."),
    "mu_s_interface": Observable("J", "n . mu_s, the spin accumulation along n, at the "
                                      "interface."),
    "magnon_current": Observable("J/m^2", "magnon spin current into F, -n . i (negative "
                                          "when F pumps magnons into N)."),
    "energy_current": Observable("W/m^2", "the energy current qdot into F carried by the "
                                          "interface law."),
}


def _interface_observables(stack: _FilmStack, sol: Solution) -> dict[str, float]:
    """Scalar observables of a stack solution: fields and currents at the interface.

    Temperatures [K] are absolute; currents per area (1D).
    """
    n = np.asarray(stack.n)

    def at(field: str, region: str, z: float = 0.0) -> float:
        # node values: Solution.evaluate cannot take a point on a region's end in 1D
        coords, values = sol.field(field, region)
        return float(values[np.flatnonzero(coords[0] == z)[0]])

    T_e, T_m, T_p = at("T_e", METAL), at("T_m", MAGNET), at("T_p", MAGNET)
    mu_s = np.array([at(s, METAL) for s in ("mu_x", "mu_y", "mu_z")])
    E = sol.extruded_field[METAL]
    return {
        "E_x": float(E[0]),
        "E_y": float(E[1]),
        "T_e_interface": T_e,
        "T_m_interface": T_m,
        "T_p_interface": T_p,
        "delta_T_interface": T_m - T_e,
        "delta_T_phonon_interface": T_p - T_e,
        "T_top": at("T_e", METAL, stack.thickness),
        "mu_m_interface": at("mu_m", MAGNET),
        "mu_s_interface": float(mu_s @ n),
        "magnon_current": float(sol.interface_current(METAL, MAGNET, "magnon")),
        "energy_current": float(sol.interface_current(METAL, MAGNET, "energy")),
    }


def _boundary_heat(sol: Solution, boundary: str) -> float:
    """Heat leaving through a boundary [W/m^2] (0 where it carries no condition)."""
    if boundary not in sol.problem.boundary_parts:
        return 0.0
    return float(sol.boundary_current(boundary, "heat"))


#: Drives of :meth:`LSSEStack.solve`.
TEMPERATURE_DIFFERENCE = Parameter(
    "K", "nonzero", "Temperature difference dT: the bottom of the stack at T0 + dT, the "
    "metal top at T0.", none="1 K unless heat_flux is given",
    hint="nothing else drives the spin Seebeck effect")
HEAT_FLUX = Parameter(
    "W/m^2", "nonzero", "Instead of dT, the heat flux density into the metal at its top (a "
    "heater, > 0 heats), with the bottom of the stack at T0.", none="no heater",
    hint="nothing else drives the stack")
#: The observables of :meth:`LSSEStack.solve`.
OBSERVABLES = {
    "V_ISHE": Observable("V", "open-circuit voltage phi(x = length) - phi(0) = -E_x length "
                              "along the metal."),
    **INTERFACE_OBSERVABLES,
    "temperature_difference": Observable("K", "the drive dT (0 with a heater)."),
    "heat_flux": Observable("W/m^2", "the heater's heat flux (0 for a dT drive)."),
    "heat_in": Observable("W/m^2", "heat entering at the bottom (dT) or at the heater."),
    "heat_out": Observable("W/m^2", "heat leaving at the top (dT) or at the bottom."),
}


@dataclass(frozen=True)
class LSSEStack(_FilmStack):
    r"""A metal film on a magnet (and substrate) with a heat current through it (LSSE).

    Plain data: nothing is meshed until :meth:`solve` (or :meth:`mesh`,
    :meth:`device`). Build it with :func:`lsse_stack`, whose parameters are the fields
    of this class (checked and normalised as in the stack above); change it with
    :meth:`replace`.
    """

    length: float = declare(Parameter(
        "m", "positive", "Length of the metal along x over which the voltage is taken."))

    def _lengths(self) -> common.Lengths:
        return {**super()._lengths(), "length": (self.length, 1e-3)}

    def _drive(self, temperature_difference: float | None, heat_flux: float | None
               ) -> tuple[float, None] | tuple[None, float]:
        """(dT, None) or (None, q) of checked arguments: the default, one not both."""
        if temperature_difference is not None and heat_flux is not None:
            raise ParameterError("heat_flux", heat_flux, "give temperature_difference "
                                 "(bath below, metal top at T0) or heat_flux (heater on "
                                 "top, bath below), not both", "W/m^2")
        if heat_flux is not None:
            return None, heat_flux
        dT = 1.0 if temperature_difference is None else temperature_difference
        require("temperature_difference", dT, self.temperature + dT > 0.0,
                f"must be > -temperature = {-self.temperature:.6g} K (the bottom "
                "temperature T0 + dT must stay positive)", "K")
        return dT, None

    @checked(temperature_difference=TEMPERATURE_DIFFERENCE, heat_flux=HEAT_FLUX)
    def device(self, temperature_difference: float | None = None, *,
               heat_flux: float | None = None) -> Device:
        """The :class:`~nfdiff.Device` of the stack for one drive (meshes it).

        The bottom (of the substrate, else of the magnet) is held by a
        :class:`~nfdiff.bc.Temperature`; a heater on the metal top is a
        :class:`~nfdiff.bc.HeatFlux` into the metal. The metal is an open circuit in
        the plane.
        """
        dT, q = self._drive(temperature_difference, heat_flux)
        T0 = self.temperature
        conditions: dict[str, BoundaryCondition]
        if q is None:
            assert dT is not None  # _drive gives one of the two
            conditions = {"bottom": Temperature(T0 + dT), "top": Temperature(T0)}
        else:
            conditions = {"bottom": Temperature(T0), "top": HeatFlux(q)}
        return self._device(conditions, length=self.length)

    # ---- solving -------------------------------------------------------------------------
    @observables(**OBSERVABLES)
    @checked(temperature_difference=TEMPERATURE_DIFFERENCE, heat_flux=HEAT_FLUX,
             rtol=common.RTOL, maxiter=common.MAXITER)
    def solve(self, temperature_difference: float | None = None, *,
              heat_flux: float | None = None, rtol: float = 1e-10, maxiter: int = 40
              ) -> Solution:
        """Solve the stack for a temperature difference (or a heater on top).

        Observables are in SI units, currents per area, temperatures absolute.

        Raises
        ------
        ParameterError
            For a drive out of its range, dT <= -T0, or both drives.
        ConvergenceError, CondensationError
            If Newton fails, or the magnons condense (nonlinear law).
        """
        dT, q = self._drive(temperature_difference, heat_flux)
        dev = self.device(dT, heat_flux=q)
        sol = dev.solve(rtol=rtol, maxiter=maxiter)
        obs = _interface_observables(self, sol)
        if q is None:
            heat_in, heat_out = -_boundary_heat(sol, "bottom"), _boundary_heat(sol, "top")
        else:
            heat_in, heat_out = q, _boundary_heat(sol, "bottom")
        sol.linear_observables["V_ISHE"] = ((METAL, 0, -self.length),)
        sol.observables.update({
            "V_ISHE": sol.voltage(METAL, "x"),
            **obs,
            "temperature_difference": 0.0 if dT is None else dT,
            "heat_flux": 0.0 if q is None else q,
            "heat_in": heat_in,
            "heat_out": heat_out,
        })
        return sol


@template(LSSEStack)
def lsse_stack(*, metal: mats.NormalMetal | str | None = None,
               magnet: mats.MagneticInsulator | str | None = None,
               substrate: mats.Dielectric | str | None = "GGG",
               thicknesses: Sequence[float | None] | None = None,
               interface: NFInterface | None = None, n: Sequence[float] = (0.0, 1.0, 0.0),
               temperature: float = 300.0, law: str | InterfaceLaw = "nonlinear",
               length: float = 1e-3,
               order: int = 1, h_min: float | None = None, h_max: float | None = None,
               growth: float = _GROWTH) -> LSSEStack:
    r"""Longitudinal spin Seebeck effect of a metal film on a magnetic insulator.

    A 1D film stack along z: the substrate (optional) at the bottom, the magnet F on
    -t_F < z < 0, the metal N on 0 < z < d; the thermal model is on. ``solve(
    temperature_difference=dT)`` holds the bottom at T0 + dT and the metal top at T0,
    leaves the metal an open circuit in the plane and returns a
    :class:`~nfdiff.solution.Solution` with ``observables["V_ISHE"]``, the voltage
    along x over ``length`` [V], and the interface temperatures and currents
    (:meth:`LSSEStack.solve`). ``solve(heat_flux=q)`` heats the metal top instead.

    Returns
    -------
    LSSEStack
        The stack description; ``solve(temperature_difference=None, *,
        heat_flux=None, rtol=1e-10, maxiter=40)`` meshes and solves it.

    Raises
    ------
    ParameterError
        For a parameter out of its range (above), thicknesses that do not match the
        layers, ``h_max < h_min``, or a metal|magnet pair without built-in interface
        parameters and no ``interface``.

    Notes
    -----
    **Mechanism.** Heat flows up through the stack. Across the interface the law
    carries a spin current ``n.i = g (mu_m + n.mu_s) + S (T_m - T_e)`` into F (linear
    law; S > 0): magnons hotter than the electrons (T_m > T_e) or accumulated at the
    top of F (mu_m > 0, by the bulk magnon Seebeck effect, varsigma > 0) are pumped
    into N (magnon current into F, ``-n.i``, negative). The spin current flowing up
    into N is polarised along -n (magnons carry hbar along -n) and its inverse spin
    Hall current ``J_c = theta (2e/hbar) sum_k i_k x k_hat`` flows along ``theta n x
    z_hat``; the open circuit builds up the opposing field. **Sign:** for a hot bottom
    (dT > 0), theta > 0 and n = +y, E_x < 0 and ``V_ISHE = -E_x L > 0``; V_ISHE is
    odd in dT, in n and in theta, and the field lies along ``z_hat x n`` (no voltage
    along x for n along x; a transverse field E_y instead). A heater on top reverses
    the heat current and the voltage.

    **Thin-film ISHE (exact for the 1D open circuit).** With j_y the y-polarised spin
    current flowing from the interface into N (-i_y; for n = +y this is
    ``magnon_current``) and t = tanh(d/2lambda), the bulk equations of N give the
    open-circuit field (tests/test_lsse.py derives it)::

        E_x = theta (lambda/d) t (2e/hbar) j_y / (sigma (1 + 2 theta^2 (lambda/d) t))

    (without the O(theta^2) term of the denominator, the V_ISHE of
    docs/theory.md#theory-pumping), and E_y likewise from -j_x.

    **Onsager partner.** The spin Peltier effect of the same stack
    (:func:`~nfdiff.devices.spin_peltier`) is reciprocal: with the metal top at T0,
    the heat entering at the bottom per in-plane current, at -n, equals
    ``-T0 dE_x/d(dT)`` at n (tests/test_peltier.py derives it).

    Examples
    --------
    10 nm Pt on 1 um YIG on 500 um GGG (built-in parameters), 1 K across the stack:

    >>> import nfdiff as nf
    >>> import nfdiff.devices
    >>> stack = nf.devices.lsse_stack(n=(0, 1, 0), length=1e-3)
    >>> sol = stack.solve(temperature_difference=1.0)
    >>> print(f"{sol.observables['V_ISHE']:.3e}")
    5.484e-09
    """
    # names and sequences: the dataclass checks and normalises them (fields typed as normalised)
    return LSSEStack(metal=cast(Any, metal), magnet=cast(Any, magnet),
                     substrate=cast(Any, substrate), thicknesses=cast(Any, thicknesses),
                     interface=interface, n=cast(Any, n), temperature=temperature,
                     law=cast(Any, law), order=order, h_min=h_min, h_max=h_max,
                     growth=growth, length=length)
