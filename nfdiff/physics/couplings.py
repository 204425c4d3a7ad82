"""Couplings: the terms on the facets shared by two regions.

Fields of the same name are continuous across an interface; a coupling adds the currents
between fields of different names on its two sides: the N|F law of the paper between a
metal's spin accumulation and electron temperature and a magnet's magnons
(:class:`NFCoupling`), a phonon (Kapitza) conductance between two lattice temperatures
(:class:`Kapitza`). :class:`nfdiff.Device` chooses the coupling of every touching pair
of regions (docs/theory.md#theory-boundaries); a subclass of
:class:`Coupling` given in ``Device(interfaces={(a, b): coupling})`` replaces it.

Densities are outward normal fluxes of each test field's region, ``a`` in
``int a v ds`` (:mod:`nfdiff.physics.interfaces`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .interfaces import interface_law, kapitza_terms, nf_interface_terms
from .terms import SPIN, Terms, check_parameter

if TYPE_CHECKING:
    from ..interface import NFInterface
    from ..laws import InterfaceLaw

__all__ = ["Coupling", "CouplingContext", "Kapitza", "NFCoupling"]


@dataclass(frozen=True)
class CouplingContext:
    """What a coupling's densities may depend on besides the fields.

    Attributes
    ----------
    T0 : float
        Device (bath) temperature [K].
    dim : int
        Dimension of the mesh.
    thermal : bool
        Whether the heat equations are solved.
    law : nfdiff.laws.InterfaceLaw
        The device's interface law.
    """

    T0: float
    dim: int
    thermal: bool
    law: InterfaceLaw


class Coupling:
    """Base class: the densities on the facets shared by two regions.

    :meth:`terms` receives ``u = {region: {field: (value, grad)}}`` for both sides (the
    fields of each side's model) and returns a :class:`Terms` keyed by field names,
    each on the side where its field lives.
    """

    #: The parameters whose derivatives :meth:`parameter_terms` gives, ``{name: unit}``.
    parameters: ClassVar[dict[str, str]] = {}

    def terms(self, u: dict[str, dict[str, Any]], ctx: CouplingContext) -> Terms | None:
        raise NotImplementedError(f"{type(self).__name__} must define terms()")

    def parameter_value(self, name: str) -> float:
        """The value of one of :attr:`parameters`."""
        self._check_parameter(name)
        raise NotImplementedError(f"{type(self).__name__} must define parameter_value()")

    def parameter_terms(self, u: dict[str, dict[str, Any]], ctx: CouplingContext,
                        name: str) -> Terms | None:
        """Exact partial derivatives of the residual densities of :meth:`terms` with
        respect to the parameter ``name`` of :attr:`parameters`, at the state ``u``."""
        self._check_parameter(name)
        raise NotImplementedError(f"{type(self).__name__} must define parameter_terms()")

    def _check_parameter(self, name: str) -> None:
        check_parameter(self, name, self.parameters)


@dataclass(frozen=True)
class NFCoupling(Coupling):
    """The interface law between a metal and a magnet, with its Kapitza conductance.

    Attributes
    ----------
    metal, magnet : str
        The two regions.
    interface : nfdiff.NFInterface
        Its parameters, with the magnon gas the law uses.
    n : tuple of float
        Order-parameter direction of the magnet (the paper's n).
    kapitza : float
        Phonon conductance h_K [W/(m^2 K)] between T_e and the magnet's T_p.
    """

    metal: str
    magnet: str
    interface: NFInterface
    n: Sequence[float]
    kapitza: float

    parameters: ClassVar[dict[str, str]] = {"g_r": "1/m^2", "g_i": "1/m^2",
                                            "kapitza_conductance": "W/(m^2 K)"}

    @property
    def gap(self) -> float:
        """The magnon gap of the law's magnon gas [J]."""
        return self.interface._gas().gap

    def terms(self, u: dict[str, dict[str, Any]], ctx: CouplingContext) -> Terms:
        return nf_interface_terms(u[self.metal], u[self.magnet], self.interface,
                                  np.asarray(self.n), law=ctx.law, T0=ctx.T0,
                                  thermal=ctx.thermal, kapitza=self.kapitza)

    def parameter_value(self, name: str) -> float:
        self._check_parameter(name)
        if name == "kapitza_conductance":
            return float(self.kapitza)
        return float(getattr(self.interface, name))

    def parameter_terms(self, u: dict[str, dict[str, Any]], ctx: CouplingContext,
                        name: str) -> Terms:
        """The currents of every law are linear in ``(g_r, g_i)`` jointly (each term
        carries one of them: docs/theory.md#theory-sensitivity) and the phonon current in
        h_K, so the derivative with respect to one of them is the densities with that
        parameter 1 and the other two 0, exactly."""
        self._check_parameter(name)
        unit = {"g_r": 0.0, "g_i": 0.0, "kapitza_conductance": 0.0, name: 1.0}
        itf = replace(self.interface, g_r=unit["g_r"], g_i=unit["g_i"])
        return nf_interface_terms(u[self.metal], u[self.magnet], itf, np.asarray(self.n),
                                  law=ctx.law, T0=ctx.T0, thermal=ctx.thermal,
                                  kapitza=unit["kapitza_conductance"])

    def currents(self, u: dict[str, dict[str, Any]], ctx: CouplingContext
                 ) -> tuple[np.ndarray, np.ndarray]:
        """Spin current ``i`` (..., 3) [J/m^2] and energy current ``qdot`` [W/m^2] into
        the magnet at the facet points."""
        uN, uF = u[self.metal], u[self.magnet]
        mu_s = np.stack([uN[s][0] for s in SPIN], axis=-1)
        zero = np.zeros(mu_s.shape[:-1])
        dT_e = uN["T_e"][0] if ctx.thermal else zero
        dT_m = uF["T_m"][0] if ctx.thermal else zero
        i, q, _ = interface_law(self.interface, mu_s, np.asarray(self.n), uF["mu_m"][0], dT_e,
                                dT_m, T0=ctx.T0, law=ctx.law, jacobian=False)
        return i, q


@dataclass(frozen=True)
class Kapitza(Coupling):
    """Phonon (Kapitza) conductance ``h (T_a - T_b)`` between two lattice temperatures.

    Attributes
    ----------
    a, b : str
        The two regions; ``field_a``, ``field_b`` their lattice temperatures.
    conductance : float
        h [W/(m^2 K)].
    """

    a: str
    b: str
    field_a: str
    field_b: str
    conductance: float

    parameters: ClassVar[dict[str, str]] = {"conductance": "W/(m^2 K)"}

    def terms(self, u: dict[str, dict[str, Any]], ctx: CouplingContext) -> Terms | None:
        if not ctx.thermal:
            return None
        return kapitza_terms(u[self.a], u[self.b], self.conductance, self.field_a,
                             self.field_b)

    def parameter_value(self, name: str) -> float:
        self._check_parameter(name)
        return float(self.conductance)

    def parameter_terms(self, u: dict[str, dict[str, Any]], ctx: CouplingContext,
                        name: str) -> Terms | None:
        """Linear in h: the densities with h = 1."""
        self._check_parameter(name)
        if not ctx.thermal:
            return None
        return kapitza_terms(u[self.a], u[self.b], 1.0, self.field_a, self.field_b)
