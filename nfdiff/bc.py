"""Boundary conditions of a :class:`~nfdiff.Device` (``nf.bc``).

A boundary condition is plain data attached to a named boundary of the mesh
(``Device(..., boundary_conditions={"bottom": nf.bc.Temperature(300.0)})``). It acts on
the fields of the regions adjacent to that boundary: a temperature fixes the lattice
temperature of every region it touches (``T_e`` in a metal, ``T_p`` in a magnet or a
dielectric), a magnon reservoir acts on magnets only, a spin reservoir and a potential
on metals only. Boundaries without a condition are insulating, adiabatic and
spin-blocking. Several conditions may share a boundary (pass a list).

Fluxes are counted *into the domain* (HeatFlux) or as outward currents driven by a
difference (the conductances), as each class says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import finite, nonnegative, positive

__all__ = [
    "BoundaryCondition",
    "HeatFlux",
    "HeatTransfer",
    "MagnetContact",
    "MagnonReservoir",
    "Potential",
    "SpinReservoir",
    "Temperature",
]


class BoundaryCondition:
    """Base class; ``acts_on`` names the region kinds a condition applies to."""

    acts_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Temperature(BoundaryCondition):
    """Fixed lattice temperature [K] (a bath), e.g. the substrate bottom."""

    value: float
    acts_on = ("metal", "magnet", "dielectric")

    def __post_init__(self):
        positive("value", self.value, "K")


@dataclass(frozen=True)
class HeatFlux(BoundaryCondition):
    """Prescribed heat flux density into the domain [W/m^2] (a heater)."""

    value: float
    acts_on = ("metal", "magnet", "dielectric")

    def __post_init__(self):
        finite("value", self.value, "W/m^2")


@dataclass(frozen=True)
class HeatTransfer(BoundaryCondition):
    """Heat loss ``h (T - ambient)`` out of the domain [W/m^2].

    Parameters
    ----------
    coefficient : float
        Heat-transfer coefficient h [W/(m^2 K)], >= 0.
    ambient : float
        Ambient temperature [K].
    """

    coefficient: float
    ambient: float
    acts_on = ("metal", "magnet", "dielectric")

    def __post_init__(self):
        nonnegative("coefficient", self.coefficient, "W/(m^2 K)")
        positive("ambient", self.ambient, "K")


@dataclass(frozen=True)
class MagnonReservoir(BoundaryCondition):
    """Magnon reservoir at chemical potential ``mu`` [J] on a magnet boundary.

    Without ``conductance`` the magnon chemical potential is fixed (Dirichlet). With a
    contact conductance G [1/m^2] the outward magnon spin current density is
    ``j_m . nu = G (mu_m - mu)`` [J/m^2].
    """

    mu: float = 0.0
    conductance: float | None = None
    acts_on = ("magnet",)

    def __post_init__(self):
        finite("mu", self.mu, "J")
        if self.conductance is not None:
            nonnegative("conductance", self.conductance, "1/m^2")


@dataclass(frozen=True)
class SpinReservoir(BoundaryCondition):
    """Spin reservoir with spin accumulation ``mu`` (3-vector) [J] on a metal boundary.

    Without ``conductance`` the spin accumulation is fixed (Dirichlet); with a
    conductance G [1/m^2] the outward spin current density is ``G (mu_s - mu)``.
    """

    mu: tuple[float, float, float] = (0.0, 0.0, 0.0)
    conductance: float | None = None
    acts_on = ("metal",)

    def __post_init__(self):
        mu = np.asarray(finite("mu", self.mu, "J"), dtype=float)
        if mu.shape != (3,):
            from .errors import ParameterError

            raise ParameterError("mu", self.mu, "must be a 3-vector", "J")
        object.__setattr__(self, "mu", tuple(float(c) for c in mu))
        if self.conductance is not None:
            nonnegative("conductance", self.conductance, "1/m^2")


@dataclass(frozen=True)
class Potential(BoundaryCondition):
    """Fixed electric potential [V] on a metal boundary (an electrode)."""

    value: float = 0.0
    acts_on = ("metal",)

    def __post_init__(self):
        finite("value", self.value, "V")


@dataclass(frozen=True)
class MagnetContact(BoundaryCondition):
    """A metal boundary on a magnetic insulator that is not meshed.

    The magnet acts as a reservoir with magnon chemical potential ``mu_m`` [J] and
    temperature ``temperature`` [K] (default: the device temperature); the currents
    across the boundary follow the device's interface law with ``interface`` and
    the order-parameter direction ``n``. With ``law="elastic"`` this is the usual
    spin-mixing boundary condition of spin Hall magnetoresistance.

    ``dn_dt`` [1/s] (optional; laws ``"elastic"`` and ``"linear"``) makes the magnet
    pump spin: the law is evaluated at ``mu_s - hbar n x dn/dt`` (Eq. (4) of the paper,
    ``nfdiff.NFInterface.currents``), the quasi-static response of the metal to the
    instantaneous pumped current of a precessing ``n`` (``nfdiff.dynamics``). The
    interface then deposits ``(mu_s - hbar n x dn/dt) . i / hbar`` of heat in the
    metal, the work of the spin accumulation and of the precessing magnet.
    """

    interface: object
    n: tuple[float, float, float] = (1.0, 0.0, 0.0)
    mu_m: float = 0.0
    temperature: float | None = None
    dn_dt: tuple[float, float, float] | None = None
    acts_on = ("metal",)

    def __post_init__(self):
        from ._validate import unit_vector
        from .interface import NFInterface

        if not isinstance(self.interface, NFInterface):
            from .errors import ParameterError

            raise ParameterError("interface", self.interface, "must be an nf.NFInterface")
        object.__setattr__(self, "n", tuple(float(c) for c in unit_vector("n", self.n)))
        finite("mu_m", self.mu_m, "J")
        if self.temperature is not None:
            positive("temperature", self.temperature, "K")
        if self.dn_dt is not None:
            rate = np.asarray(finite("dn_dt", self.dn_dt, "1/s"), dtype=float)
            if rate.shape != (3,):
                from .errors import ParameterError

                raise ParameterError("dn_dt", self.dn_dt, "must be a 3-vector", "1/s")
            object.__setattr__(self, "dn_dt", tuple(float(c) for c in rate))
