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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .interfaces import interface_law, kapitza_terms, nf_interface_terms
from .terms import SPIN, Terms

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

    def terms(self, u: dict[str, dict[str, Any]], ctx: CouplingContext) -> Terms | None:
        raise NotImplementedError(f"{type(self).__name__} must define terms()")


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

    @property
    def gap(self) -> float:
        """The magnon gap of the law's magnon gas [J]."""
        return self.interface._gas().gap

    def terms(self, u: dict[str, dict[str, Any]], ctx: CouplingContext) -> Terms:
        return nf_interface_terms(u[self.metal], u[self.magnet], self.interface,
                                  np.asarray(self.n), law=ctx.law, T0=ctx.T0,
                                  thermal=ctx.thermal, kapitza=self.kapitza)

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

    def terms(self, u: dict[str, dict[str, Any]], ctx: CouplingContext) -> Terms | None:
        if not ctx.thermal:
            return None
        return kapitza_terms(u[self.a], u[self.b], self.conductance, self.field_a,
                             self.field_b)
