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

Each condition says itself what it does (:class:`BoundaryCondition`): to which regions
it applies (by the fields of their models), which values it fixes (Dirichlet), which
boundary densities it adds (natural and Robin terms, :class:`~nfdiff.physics.Terms`)
and how its drive scales during continuation. A condition of one's own is a subclass
that defines these methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar, Self

import numpy as np

from ._validate import finite, nonnegative, positive
from .physics.terms import SPIN, Terms, check_parameter

if TYPE_CHECKING:
    from .interface import NFInterface
    from .laws import InterfaceLaw
    from .physics.models import RegionModel

__all__ = [
    "BoundaryCondition",
    "HeatFlux",
    "HeatTransfer",
    "MagnetContact",
    "MagnonReservoir",
    "Potential",
    "SpinReservoir",
    "Temperature",
    "Terminal",
]


@dataclass(frozen=True)
class BoundaryContext:
    """What boundary densities may depend on besides the fields: the device temperature
    ``T0`` [K], the mesh dimension ``dim``, ``thermal`` and the interface ``law``."""

    T0: float
    dim: int
    thermal: bool
    law: InterfaceLaw


class BoundaryCondition:
    """Base class of boundary conditions.

    Attributes
    ----------
    thermal : bool
        The condition acts on temperatures and needs ``Device(thermal=True)``.
    fixes_potential : bool
        The condition fixes the electric potential (an electrode): its conductor set
        needs no other gauge.
    """

    thermal: ClassVar[bool] = False
    fixes_potential: ClassVar[bool] = False

    def applies_to(self, model: RegionModel) -> bool:
        """Whether the condition acts on a region of this model (:mod:`nfdiff.physics`)."""
        return False

    def dirichlet(self, model: RegionModel, T0: float) -> list[tuple[str, float]]:
        """``(field, value)`` pairs the condition fixes at full drive, in SI units
        (temperatures as deviations from ``T0``)."""
        return []

    def terms(self, u: dict[str, Any], model: RegionModel, ctx: BoundaryContext
              ) -> Terms | None:
        """Natural and Robin densities: outward fluxes (``a`` in ``int a v ds``) of the
        region's fields at the boundary points, with their derivatives."""
        return None

    def scaled(self, s: float, T0: float) -> Self:
        """The condition with its drive scaled by ``s`` (0: equilibrium at ``T0``; used by
        continuation). Dirichlet values are scaled by the solver."""
        return self

    #: Parameters whose derivatives :meth:`parameter_terms` gives, ``{name: unit}``
    #: (sensitivities, :mod:`nfdiff.sensitivity`); default none.
    parameters: ClassVar[dict[str, str]] = {}

    def parameter_value(self, name: str) -> float:
        """The value of one of :attr:`parameters`."""
        check_parameter(self, name, self.parameters)
        raise NotImplementedError(f"{type(self).__name__} must define parameter_value()")

    def parameter_terms(self, u: dict[str, Any], model: RegionModel, ctx: BoundaryContext,
                        name: str) -> Terms | None:
        """Exact derivative of the densities of :meth:`terms` with respect to one of
        :attr:`parameters`."""
        check_parameter(self, name, self.parameters)
        raise NotImplementedError(f"{type(self).__name__} must define parameter_terms()")


def _lattice(model: RegionModel) -> bool:
    return model.lattice_temperature is not None


def _lattice_field(model: RegionModel) -> str:
    """The lattice temperature of a model the condition applies to (:func:`_lattice`)."""
    assert model.lattice_temperature is not None
    return model.lattice_temperature


def _has(model: RegionModel, *names: str) -> bool:
    return all(any(f.name == n for f in model.fields) for n in names)


@dataclass(frozen=True)
class Temperature(BoundaryCondition):
    """Fixed lattice temperature [K] (a bath), e.g. the substrate bottom."""

    value: float
    thermal: ClassVar[bool] = True

    def __post_init__(self) -> None:
        positive("value", self.value, "K")

    def applies_to(self, model: RegionModel) -> bool:
        return _lattice(model)

    def dirichlet(self, model: RegionModel, T0: float) -> list[tuple[str, float]]:
        return [(_lattice_field(model), self.value - T0)]


@dataclass(frozen=True)
class HeatFlux(BoundaryCondition):
    """Prescribed heat flux density into the domain [W/m^2] (a heater)."""

    value: float
    thermal: ClassVar[bool] = True

    def __post_init__(self) -> None:
        finite("value", self.value, "W/m^2")

    def applies_to(self, model: RegionModel) -> bool:
        return _lattice(model)

    def terms(self, u: dict[str, Any], model: RegionModel, ctx: BoundaryContext
              ) -> Terms | None:
        t = Terms()
        T = _lattice_field(model)
        t.res(T, a=np.full(u[T][0].shape, -self.value))
        return t

    def scaled(self, s: float, T0: float) -> Self:
        return replace(self, value=s * self.value)


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
    thermal: ClassVar[bool] = True

    def __post_init__(self) -> None:
        nonnegative("coefficient", self.coefficient, "W/(m^2 K)")
        positive("ambient", self.ambient, "K")

    def applies_to(self, model: RegionModel) -> bool:
        return _lattice(model)

    def terms(self, u: dict[str, Any], model: RegionModel, ctx: BoundaryContext
              ) -> Terms | None:
        t = Terms()
        T = _lattice_field(model)
        dT = u[T][0]
        t.res(T, a=self.coefficient * (ctx.T0 + dT - self.ambient))
        t.jac(T, T, vv=np.full(dT.shape, self.coefficient))
        return t

    def scaled(self, s: float, T0: float) -> Self:
        return replace(self, ambient=T0 + s * (self.ambient - T0))


@dataclass(frozen=True)
class MagnonReservoir(BoundaryCondition):
    """Magnon reservoir at chemical potential ``mu`` [J] on a magnet boundary.

    Without ``conductance`` the magnon chemical potential is fixed (Dirichlet). With a
    contact conductance G [1/m^2] the outward magnon spin current density is
    ``j_m . nu = G (mu_m - mu)`` [J/m^2].
    """

    mu: float = 0.0
    conductance: float | None = None

    def __post_init__(self) -> None:
        finite("mu", self.mu, "J")
        if self.conductance is not None:
            nonnegative("conductance", self.conductance, "1/m^2")

    def applies_to(self, model: RegionModel) -> bool:
        return _has(model, "mu_m")

    def dirichlet(self, model: RegionModel, T0: float) -> list[tuple[str, float]]:
        return [("mu_m", self.mu)] if self.conductance is None else []

    def terms(self, u: dict[str, Any], model: RegionModel, ctx: BoundaryContext
              ) -> Terms | None:
        if self.conductance is None:
            return None
        t = Terms()
        mu = u["mu_m"][0]
        t.res("mu_m", a=self.conductance * (mu - self.mu))
        t.jac("mu_m", "mu_m", vv=np.full(mu.shape, self.conductance))
        return t

    def scaled(self, s: float, T0: float) -> Self:
        return replace(self, mu=s * self.mu)


@dataclass(frozen=True)
class SpinReservoir(BoundaryCondition):
    """Spin reservoir with spin accumulation ``mu`` (3-vector) [J] on a metal boundary.

    Without ``conductance`` the spin accumulation is fixed (Dirichlet); with a
    conductance G [1/m^2] the outward spin current density is ``G (mu_s - mu)``.
    """

    mu: Sequence[float] = (0.0, 0.0, 0.0)
    conductance: float | None = None

    def __post_init__(self) -> None:
        mu = np.asarray(finite("mu", self.mu, "J"), dtype=float)
        if mu.shape != (3,):
            from .errors import ParameterError

            raise ParameterError("mu", self.mu, "must be a 3-vector", "J")
        object.__setattr__(self, "mu", tuple(float(c) for c in mu))
        if self.conductance is not None:
            nonnegative("conductance", self.conductance, "1/m^2")

    def applies_to(self, model: RegionModel) -> bool:
        return _has(model, *SPIN)

    def dirichlet(self, model: RegionModel, T0: float) -> list[tuple[str, float]]:
        return list(zip(SPIN, self.mu, strict=True)) if self.conductance is None else []

    def terms(self, u: dict[str, Any], model: RegionModel, ctx: BoundaryContext
              ) -> Terms | None:
        if self.conductance is None:
            return None
        t = Terms()
        for k, name in enumerate(SPIN):
            mu = u[name][0]
            t.res(name, a=self.conductance * (mu - self.mu[k]))
            t.jac(name, name, vv=np.full(mu.shape, self.conductance))
        return t

    def scaled(self, s: float, T0: float) -> Self:
        return replace(self, mu=tuple(s * m for m in self.mu))


@dataclass(frozen=True)
class Potential(BoundaryCondition):
    """Fixed electric potential [V] on a metal boundary (an electrode)."""

    value: float = 0.0
    fixes_potential: ClassVar[bool] = True

    def __post_init__(self) -> None:
        finite("value", self.value, "V")

    def applies_to(self, model: RegionModel) -> bool:
        return _has(model, "phi")

    def dirichlet(self, model: RegionModel, T0: float) -> list[tuple[str, float]]:
        return [("phi", self.value)]


@dataclass(frozen=True)
class Terminal(BoundaryCondition):
    """A current contact on a metal face of a 3D device (a pad, a strip end).

    The face is an equipotential whose potential is an unknown of the solve, and the
    total charge current ``current`` [A] enters the device through it (negative: it
    leaves): the face's phi rows hold phi = V_terminal, and one more equation closes the
    current (docs/theory.md#theory-3d). ``Device.solve(current={boundary: I})`` replaces
    the current of the terminal on that boundary (the drive of a sweep or of harmonics).
    A conductor set with terminals and no :class:`Potential` (ground) takes its gauge
    from its first terminal, and its terminal currents must then add up to zero.
    ``Terminal()`` (no current) is a voltage probe: an open contact pad.

    1D and 2D devices drive their conductors through the extruded field instead
    (``Device.solve(current=...)``, docs/theory.md#theory-extruded).
    """

    current: float = 0.0

    def __post_init__(self) -> None:
        finite("current", self.current, "A")

    def applies_to(self, model: RegionModel) -> bool:
        return _has(model, "phi")


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

    interface: NFInterface
    n: Sequence[float] = (1.0, 0.0, 0.0)
    mu_m: float = 0.0
    temperature: float | None = None
    dn_dt: Sequence[float] | None = None

    def __post_init__(self) -> None:
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

    @property
    def kapitza_conductance(self) -> float:
        """Phonon conductance to the magnet [W/(m^2 K)]: the interface's, or
        :data:`nfdiff.materials.DEFAULT_KAPITZA_CONDUCTANCE`."""
        from .materials import DEFAULT_KAPITZA_CONDUCTANCE

        h = self.interface.kapitza_conductance
        return DEFAULT_KAPITZA_CONDUCTANCE if h is None else float(h)

    #: The parameters whose derivatives :meth:`parameter_terms` gives, ``{name: unit}``.
    parameters: ClassVar[dict[str, str]] = {"g_r": "1/m^2", "g_i": "1/m^2",
                                            "kapitza_conductance": "W/(m^2 K)"}

    def applies_to(self, model: RegionModel) -> bool:
        return _has(model, *SPIN)

    def terms(self, u: dict[str, Any], model: RegionModel, ctx: BoundaryContext
              ) -> Terms | None:
        from .physics.interfaces import magnet_contact_terms

        return magnet_contact_terms(u, self, law=ctx.law, T0=ctx.T0, thermal=ctx.thermal,
                                    kapitza=self.kapitza_conductance)

    def parameter_value(self, name: str) -> float:
        """The value of one of :attr:`parameters`."""
        check_parameter(self, name, self.parameters)
        if name == "kapitza_conductance":
            return self.kapitza_conductance
        return float(getattr(self.interface, name))

    def parameter_terms(self, u: dict[str, Any], model: RegionModel, ctx: BoundaryContext,
                        name: str) -> Terms | None:
        """Exact derivative of the densities of :meth:`terms` with respect to one of
        :attr:`parameters`: the currents are linear in ``(g_r, g_i)`` jointly and the
        phonon current in h_K (as :meth:`nfdiff.physics.NFCoupling.parameter_terms`)."""
        from .physics.interfaces import magnet_contact_terms

        check_parameter(self, name, self.parameters)
        unit = {"g_r": 0.0, "g_i": 0.0, "kapitza_conductance": 0.0, name: 1.0}
        itf = replace(self.interface, g_r=unit["g_r"], g_i=unit["g_i"])
        return magnet_contact_terms(u, replace(self, interface=itf), law=ctx.law, T0=ctx.T0,
                                    thermal=ctx.thermal, kapitza=unit["kapitza_conductance"])

    def scaled(self, s: float, T0: float) -> Self:
        T = None if self.temperature is None else T0 + s * (self.temperature - T0)
        rate = None if self.dn_dt is None else tuple(s * r for r in self.dn_dt)
        return replace(self, mu_m=s * self.mu_m, temperature=T, dn_dt=rate)
