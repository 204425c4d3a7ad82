r"""Spin Hall magnetoresistance (SMR) of a metal film on a magnetic insulator (1D).

The device is a film stack, invariant in the plane: z runs through the stack, the
magnet F lies below (z < 0), the normal metal N on 0 < z < d, and a charge current
flows in the plane, along +x. The spin Hall effect turns the current into a spin
current along z whose backflow from the N|F interface depends on the direction of the
magnet's order parameter; the inverse spin Hall effect turns that dependence into the
magnetoresistance (Nakayama et al., Phys. Rev. Lett. 110, 206601 (2013); theory: Chen
et al., Phys. Rev. B 87, 144411 (2013)).

:func:`smr_film` describes the film (plain data); :meth:`SMRFilm.solve` meshes it,
builds the :class:`~nfdiff.Device` and solves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from .. import materials as mats
from ..bc import MagnetContact, Temperature
from ..device import Device
from ..errors import ConvergenceError
from ..interface import NFInterface
from ..laws import InterfaceLaw
from ..mesh import MAX_NODES_1D, graded_count, graded_points
from ..params import Observable, Parameter, check_fields, checked, declare, observables, template
from . import _common as common
from ._common import builtin_interface, check_sizes

if TYPE_CHECKING:
    import skfem

    from ..solution import Solution

__all__ = ["SMRFilm", "smr_film"]

#: Region names of the template's mesh.
METAL = "metal"
MAGNET = "magnet"
#: Transverse circuits and what they mean.
TRANSVERSE = {"open": "no transverse current, j_y = 0, a Hall-bar voltage probe",
              "shorted": "no transverse field, E_y = 0"}
#: Default mesh: element size at the surfaces and the interface, as a fraction of the
#: metal's spin diffusion length and of the metal thickness (the smaller one wins), the
#: largest element in the metal (per spin diffusion length) and in a meshed magnet (per
#: its thickness), and the size ratio of neighbouring elements. The spin accumulation
#: varies as exp(-z/lambda) over a few lambda from each surface, so the elements must
#: stay small there: with P1 elements these give a relative error of the SMR of about
#: 2e-4 (P2: 3e-8) with 25-130 elements for 2-50 nm films.
_H_MIN_PER_LAMBDA = 1 / 24
_H_MIN_PER_THICKNESS = 1 / 16
_H_MAX_PER_LAMBDA = 1 / 2
_H_MAX_PER_MAGNET = 1 / 20
_GROWTH = 1.05
#: Secant steps allowed to short the transverse circuit (3 solves suffice when the
#: problem is linear in the drive).
_MAX_SHORT_STEPS = 12


#: The observables of :meth:`SMRFilm.solve`.
OBSERVABLES = {
    "rho_long": Observable("Ohm m", "longitudinal resistivity E_x/j_x."),
    "rho_trans": Observable("Ohm m", "transverse resistivity E_y/j_x."),
    "E_x": Observable("V/m", "the electric field along the current."),
    "E_y": Observable("V/m", "the transverse electric field."),
    "j_x": Observable("A/m^2", "the current density driven along +x."),
    "j_y": Observable("A/m^2", "the transverse current density of the shorted circuit "
                               "(0 when open)."),
}


@dataclass(frozen=True)
class SMRFilm:
    r"""A metal film on a magnetic insulator, driven by an in-plane current (SMR).

    Plain data: nothing is meshed until :meth:`solve` (or :meth:`mesh`,
    :meth:`device`). Build it with :func:`smr_film`, whose parameters are the fields of
    this class (checked and normalised: materials as instances, ``n`` of unit length,
    ``law`` an :class:`~nfdiff.laws.InterfaceLaw`); change it with :meth:`replace`.
    ``interface``, ``h_min`` and ``h_max`` keep ``None`` when defaulted, so that a
    replaced metal or thickness updates them.
    """

    metal: mats.NormalMetal = declare(common.METAL.replace(description="The metal film."))
    thickness: float = declare(Parameter("m", "positive", "Metal thickness d."))
    interface: NFInterface | None = declare(common.INTERFACE)
    n: tuple[float, float, float] = declare(common.N)
    temperature: float = declare(common.TEMPERATURE.replace(
        details="The linear law's coefficients are taken there."))
    law: InterfaceLaw = declare(common.LAW.replace(
        details='"elastic" is the zero-temperature spin-mixing boundary condition of Chen '
                'et al.; "linear" and "nonlinear" add the thermal magnons: renormalised '
                "mixing conductances and a spin conductance g for the spin component "
                "along n."))
    magnet: mats.MagneticInsulator = declare(common.MAGNET.replace(
        description="The magnet: its interface parameters, its magnon gas (linear and "
                    "nonlinear laws) and, when meshed, its transport."))
    magnet_thickness: float | None = declare(Parameter(
        "m", "positive", "Thickness of the magnet, meshed when given.",
        none="F is a boundary condition (nf.bc.MagnetContact: magnons at mu_m = 0 and "
             "the bath temperature)",
        details="A meshed F has the magnon chemical potential and, with thermal, magnon "
                "and phonon temperatures; its bottom is spin-blocking and, thermally, at "
                "the bath temperature. With the elastic law no spin enters the magnons "
                "(the mixing current is perpendicular to n), so meshing F only matters "
                "for the heat or for the other laws."))
    transverse: str = declare(Parameter(
        None, None, "The transverse circuit.", kind="word", choices=TRANSVERSE,
        details='Shorted, rho_trans is 0 and observables["j_y"] holds the transverse '
                "current, found by a secant iteration on j_y (each step one device solve; "
                "exact after three when the problem is linear in the drive)."))
    order: int = declare(common.ORDER)
    thermal: bool = declare(common.THERMAL.replace(description="Solve the heat equations too "
                                                        "(Joule heating)."))
    h_min: float | None = declare(common.H_MIN.replace(
        none="min(lambda/24, d/16), lambda the metal's spin diffusion length"))
    h_max: float | None = declare(common.H_MAX.replace(
        none="lambda/2 in the metal, 1/20 of the thickness of a meshed magnet",
        details="h_max = h_min gives a uniform mesh. The default mesh gives the SMR to a "
                "relative error of about 2e-4 with P1 elements and 3e-8 with P2."))
    growth: float = declare(common.GROWTH.replace(
        details="The spin accumulation varies on the scale lambda over several lambda, so "
                "the grading must be gentle."))

    def __post_init__(self) -> None:
        check_fields(self)
        check_sizes(self)
        self._check_size()
        self.interface_law()  # a pair without built-in parameters fails here, not in solve

    # ---- description -----------------------------------------------------------------
    @property
    def meshed_magnet(self) -> bool:
        """Whether F is meshed (``magnet_thickness`` given) or a boundary condition."""
        return self.magnet_thickness is not None

    def replace(self, **changes: Any) -> SMRFilm:
        """A copy with some parameters changed (and checked again)."""
        return replace(self, **changes)

    def interface_law(self) -> NFInterface:
        """The N|F interface used by the device.

        ``interface`` or the built-in parameters of the (metal, magnet) pair. For an
        unmeshed magnet and the ``"linear"`` or ``"nonlinear"`` law an interface without
        a magnon gas takes the magnet's (a meshed magnet's gas is attached by the
        :class:`~nfdiff.Device`).
        """
        itf = builtin_interface(self.metal, self.magnet, self.interface)
        if not self.meshed_magnet and self.law.needs_magnon_gas and itf.magnons is None:
            itf = itf.with_magnons(self.magnet.magnon_gas())
        return itf

    def mesh_sizes(self) -> dict[str, tuple[float, float, float]]:
        """``{region: (h_min, h_max, growth)}`` of the mesh [m, m, 1], defaults filled in.

        Defaults: ``h_min = min(lambda/24, d/16)`` with lambda the metal's spin
        diffusion length and d its thickness (the magnet takes the same at the
        interface); ``h_max = lambda/2`` in the metal and, in a meshed magnet, 1/20 of
        its thickness (at least ``lambda/2``).
        """
        lam = self.metal.spin_diffusion_length
        h_min = self.h_min
        if h_min is None:
            h_min = min(_H_MIN_PER_LAMBDA * lam, _H_MIN_PER_THICKNESS * self.thickness)
        sizes = {}
        for region, default in ((METAL, _H_MAX_PER_LAMBDA * lam),
                                (MAGNET, max(_H_MAX_PER_MAGNET * (self.magnet_thickness or 0.0),
                                             _H_MAX_PER_LAMBDA * lam))):
            h_max = self.h_max if self.h_max is not None else max(default, h_min)
            sizes[region] = (h_min, h_max, self.growth)
        if not self.meshed_magnet:
            del sizes[MAGNET]
        return sizes

    def _grids(self) -> list[tuple[list[float], list[float], float, float]]:
        """Arguments of :func:`~nfdiff.mesh.graded_points` for each meshed layer, the
        magnet first (when meshed): ``(breaks, sizes at them, h_max, growth)``."""
        sizes = self.mesh_sizes()
        h_min, h_max, growth = sizes[METAL]
        grids = [([0.0, self.thickness], [h_min, h_min], h_max, growth)]
        if self.magnet_thickness is not None:
            h_min, h_max, growth = sizes[MAGNET]
            grids.insert(0, ([-self.magnet_thickness, 0.0], [h_max, h_min], h_max, growth))
        return grids

    def _check_size(self) -> None:
        """Refuse more than :data:`nfdiff.mesh.MAX_NODES_1D` nodes (counted by
        :func:`~nfdiff.mesh.graded_count`, before anything is meshed); warn of lengths
        outside a thin-film device's."""
        lengths: dict[str, tuple[Any, float]] = {"thickness": (self.thickness, 5e-9)}
        if self.magnet_thickness is not None:
            lengths["magnet_thickness"] = (self.magnet_thickness, 1e-6)
        count = sum(graded_count(*grid) for grid in self._grids()) + 1
        common.check_count(count, MAX_NODES_1D, lengths, common.given_sizes(self))
        common.warn_lengths(lengths, stacklevel=6)

    # ---- discretisation ----------------------------------------------------------------
    def mesh(self) -> skfem.MeshLine1:
        """The 1D mesh along z [m].

        Regions ``"metal"`` (0 < z < d) and, for a meshed magnet, ``"magnet"``
        (-magnet_thickness < z < 0); boundaries ``"top"`` (z = d) and ``"bottom"`` (the
        lowest point: z = 0 without a meshed magnet). Elements are graded
        geometrically towards both metal surfaces and towards the interface in the
        magnet, from ``h_min`` up to ``h_max`` by at most a factor ``growth``.

        Returns
        -------
        skfem.MeshLine1
        """
        import skfem

        d = self.thickness
        parts = [graded_points(*grid) for grid in self._grids()]  # bottom up
        z = np.concatenate([p[:-1] for p in parts[:-1]] + [parts[-1]])
        z0 = float(z[0])
        regions = {METAL: lambda x: x[0] > 0.0}
        if self.meshed_magnet:
            regions[MAGNET] = lambda x: x[0] < 0.0
        return (skfem.MeshLine1.init_tensor(z)
                .with_subdomains(regions)
                .with_boundaries({"bottom": lambda x: x[0] == z0,
                                  "top": lambda x: x[0] == d}))

    def device(self) -> Device:
        """The :class:`~nfdiff.Device` of the film (meshes it).

        Without a meshed magnet the bottom of the metal carries a
        :class:`~nfdiff.bc.MagnetContact` (magnet at ``mu_m = 0`` and the bath
        temperature). With one, the interface law couples the regions and, with the
        thermal model, the bottom of the magnet is held at the bath temperature.
        """
        mesh = self.mesh()
        itf = self.interface_law()
        common: dict[str, Any] = dict(temperature=self.temperature, law=self.law,
                                      thermal=self.thermal, n=self.n, order=self.order)
        if self.meshed_magnet:
            conditions = {"bottom": Temperature(self.temperature)} if self.thermal else {}
            return Device(mesh, materials={METAL: self.metal, MAGNET: self.magnet},
                          interfaces={(METAL, MAGNET): itf},
                          boundary_conditions=conditions, **common)
        return Device(mesh, materials={METAL: self.metal},
                      boundary_conditions={"bottom": MagnetContact(itf, n=self.n)},
                      **common)

    # ---- solving -------------------------------------------------------------------------
    @observables(**OBSERVABLES)
    @checked(current_density=common.CURRENT_DENSITY.replace(hint="resistivities are E/j"),
             rtol=common.RTOL, maxiter=common.MAXITER)
    def solve(self, current_density: float = 1e10, *, rtol: float = 1e-10,
              maxiter: int = 40) -> Solution:
        """Solve the film for a longitudinal current density.

        Raises
        ------
        ParameterError
            For an argument out of its range (zero current density, say).
        ConvergenceError
            If Newton fails, or the shorted circuit's E_y = 0 is not reached.
        """
        j = current_density
        common.warn_current_density(j)
        dev = self.device()
        if self.transverse == "open":
            sol = dev.solve(current_density={METAL: (j, 0.0)}, rtol=rtol, maxiter=maxiter)
            jy = 0.0
        else:
            sol, jy = self._shorted(dev, j, rtol=rtol, maxiter=maxiter)
        E = sol.extruded_field[METAL]
        if self.transverse == "open":  # shorted, j_y depends on the state too
            sol.linear_observables.update(rho_long=((METAL, 0, 1 / j),),
                                          rho_trans=((METAL, 1, 1 / j),))
        sol.observables.update({
            "rho_long": float(E[0]) / j,
            "rho_trans": float(E[1]) / j,
            "E_x": float(E[0]),
            "E_y": float(E[1]),
            "j_x": j,
            "j_y": float(jy),
        })
        return sol

    def _shorted(self, dev: Device, j: float, *, rtol: float, maxiter: int
                 ) -> tuple[Solution, float]:
        """Solve with the transverse current density j_y that makes E_y vanish.

        A secant iteration on j_y, each step one device solve. E_y is affine in j_y
        when the problem is linear in the drive (law "elastic" or "linear", no thermal
        model): then the third solve is exact. The first guess uses E_y ~ j_y / sigma.
        """

        def run(jy: float) -> tuple[Solution, float, float]:
            sol = dev.solve(current_density={METAL: (j, jy)}, rtol=rtol, maxiter=maxiter)
            E = sol.extruded_field[METAL]
            return sol, float(E[1]), max(10 * rtol, 1e-13) * abs(float(E[0]))

        sol, ey_old, tol = run(0.0)
        history = [abs(ey_old)]
        if abs(ey_old) <= tol:
            return sol, 0.0
        jy_old, jy = 0.0, -ey_old * self.metal.conductivity
        for _ in range(_MAX_SHORT_STEPS):
            sol, ey, tol = run(jy)
            history.append(abs(ey))
            if abs(ey) <= tol:
                return sol, jy
            if ey == ey_old:
                break
            jy_old, jy, ey_old = jy, jy - ey * (jy - jy_old) / (ey - ey_old), ey
        raise ConvergenceError("shorting the transverse circuit (E_y = 0) by a secant "
                               "iteration on j_y failed; |E_y| [V/m] did not fall below "
                               f"{tol:.3g} V/m", len(history), history)


@template(SMRFilm)
def smr_film(*, metal: mats.NormalMetal | str | None = None, thickness: float = 5e-9,
             interface: NFInterface | None = None, n: Sequence[float] = (1.0, 0.0, 0.0),
             temperature: float = 300.0, law: str | InterfaceLaw = "elastic",
             magnet: mats.MagneticInsulator | str | None = None,
             magnet_thickness: float | None = None, transverse: str = "open",
             order: int = 1, thermal: bool = False, h_min: float | None = None,
             h_max: float | None = None, growth: float = _GROWTH) -> SMRFilm:
    r"""Spin Hall magnetoresistance of a metal film on a magnetic insulator.

    A 1D film stack: z through the stack, the magnet F below (z < 0), the metal N on
    0 < z < ``thickness``, current along +x. ``solve(current_density=j)`` returns a
    :class:`~nfdiff.solution.Solution` with ``observables["rho_long"]`` = E_x/j and
    ``observables["rho_trans"]`` = E_y/j [Ohm m].

    Returns
    -------
    SMRFilm
        The film description; ``solve(current_density=1e10, *, rtol=1e-10,
        maxiter=40)`` meshes and solves it.

    Raises
    ------
    ParameterError
        For a parameter out of its range (above), ``h_max < h_min``, or a metal|magnet
        pair without built-in interface parameters and no ``interface``.

    Notes
    -----
    In the metal (docs/theory.md#theory-bulk) the spin Hall effect drives a spin current along z
    polarised along z x E; at the top surface it is blocked, at the interface the law
    takes ``i = (1/4pi)[g_r (mu_s - (n.mu_s) n) + g_i mu_s x n]`` into F (elastic law;
    in terms of m the last term is ``g_i m x mu_s``). The inverse spin Hall current of
    the resulting spin accumulation flows against the drive. For theta_SH > 0 and a
    current along +x, the spin accumulation at the interface points along -y.

    Chen et al., Phys. Rev. B 87, 144411 (2013), give, with rho = 1/sigma, lambda the
    spin diffusion length, theta the spin Hall angle and G = G_r + i G_i = (e^2/h)
    (g_r + i g_i) [S/m^2] (:func:`nfdiff.units.mixing_conductance_to_si`)::

        X = 2 lambda G tanh^2(d/2lambda) / (sigma + 2 lambda G coth(d/lambda))
        Delta rho_0 / rho = -theta^2 (2 lambda/d) tanh(d/2lambda)
        Delta rho_1 / rho =  theta^2 (lambda/d) Re X
        Delta rho_2 / rho =  theta^2 (lambda/d) Im X        (sign: nfdiff convention)
        rho_long  = rho + Delta rho_0 + Delta rho_1 (1 - m_y^2)
        rho_trans = Delta rho_1 m_x m_y + Delta rho_2 m_z,    m = -n

    These hold to O(theta^2) for the open circuit (the next corrections are of the
    order of (Delta rho / rho)^2). The shorted circuit (E_y = 0) gives the conductance
    exactly: ``j_x/(sigma E_x) - 1 = -(Delta rho_0 + Delta rho_1 (1 - m_y^2))/rho``.

    **Sign of Delta rho_2.** With the current along +x, F below N and the interface
    law above, ``rho_trans = +Delta rho_2 m_z = -Delta rho_2 n_z`` with Delta rho_2
    of the sign of theta^2 g_i: for g_i > 0 and m along +z (n along -z) the
    transverse field E_y is along +y. (Chen et al. quote the magnitude; sign
    conventions for G_i and the stacking order differ between papers.)

    With the ``"linear"`` law (and, to first order in the drive, ``"nonlinear"``)
    and F as a boundary condition, the mixing conductances become g_r^ and g_i~ of
    ``interface.linear_coefficients(temperature)`` and the spin component along n
    leaks into the magnon reservoir with the conductance G_L = 4 pi (e^2/h) g; then
    ``rho_long = rho + Delta rho_0 + Delta rho_1[G] (1 - m_y^2) + Delta rho_1[G_L]
    m_y^2`` to O(theta^2). A meshed magnet adds the magnon accumulation in series
    (isothermal, a film of thickness t with a spin-blocking bottom:
    ``1/g_eff = 1/g + lambda_m / (sigma_m tanh(t/lambda_m))``, sigma_m in spin
    units). The unmeshed magnet is thus an infinite magnon sink, a choice: it
    overestimates the spin absorption whenever the law carries magnons (the SMR ratio of
    5 nm Pt with the nonlinear law drops from 1.06e-3 with 1 um of YIG meshed to
    0.61e-3); give ``magnet_thickness`` for the real film (docs/theory.md#theory-validity).

    Examples
    --------
    5 nm Pt on YIG (built-in parameters): the relative resistance change with m along
    x (spin accumulation absorbed) and along y (reflected):

    >>> import nfdiff as nf
    >>> import nfdiff.devices
    >>> film = nf.devices.smr_film(thickness=5e-9, n=(1, 0, 0))
    >>> rho = 1 / film.metal.conductivity
    >>> for n in [(1, 0, 0), (0, 1, 0)]:
    ...     sol = film.replace(n=n).solve(current_density=1e10)
    ...     print(f"{sol.observables['rho_long'] / rho - 1:.2e}")
    -5.70e-03
    -6.71e-03
    """
    # names and sequences: the dataclass checks and normalises them (fields typed as normalised)
    return SMRFilm(metal=cast(Any, metal), thickness=thickness, interface=interface,
                   n=cast(Any, n), temperature=temperature, law=cast(Any, law),
                   magnet=cast(Any, magnet), magnet_thickness=magnet_thickness,
                   transverse=transverse, order=order, thermal=thermal, h_min=h_min,
                   h_max=h_max, growth=growth)
