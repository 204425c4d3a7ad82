r"""Spin Peltier effect (SPE) of a current-carrying metal film on a magnet (1D film stack).

The stack of :mod:`nfdiff.devices.lsse` (optional substrate / magnetic insulator F /
normal metal N, z through the stack, N on 0 < z < d) with a charge current in the
plane of N, along +x. The spin Hall effect accumulates spins at the N|F interface
(along -y for theta_SH > 0); their component along the order parameter n drives
magnons across the interface, and the interface law carries an energy current with
them (qdot = -Pi (mu_m + n.mu_s) - kappa delta T in the linear law): the magnet is
heated and the metal cooled, or the reverse, depending on the sign of j n_y theta_SH
(Flipse et al., Phys. Rev. Lett. 113, 027601 (2014); theory: Bender and Tserkovnyak,
Phys. Rev. B 91, 140402(R) (2015)). This signal is odd in the current; Joule heating is
even. :meth:`SpinPeltierStack.solve_odd_even` separates the two with solves at +j and
-j.

:func:`spin_peltier` describes the stack (plain data); :meth:`SpinPeltierStack.solve`
meshes it, builds the :class:`~nfdiff.Device` and solves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from .. import materials as mats
from ..bc import BoundaryCondition, HeatTransfer, Temperature
from ..device import Device
from ..interface import NFInterface
from ..laws import InterfaceLaw
from ..params import Observable, Parameter, checked, declare, observables, template
from ..solution import Solution
from . import _common as common
from .lsse import (
    _GROWTH,
    INTERFACE_OBSERVABLES,
    METAL,
    _boundary_heat,
    _FilmStack,
    _interface_observables,
)

__all__ = ["SpinPeltierSignal", "SpinPeltierStack", "spin_peltier"]

#: Thermal conditions at the metal top, besides a heat-transfer coefficient.
TOPS = {"adiabatic": "a free surface", "bath": "held at T0"}
#: The current density of :meth:`SpinPeltierStack.solve`.
CURRENT_DENSITY = common.CURRENT_DENSITY.replace(hint="nothing else drives the stack",
                                                 details="The transverse circuit is open.")
#: The observables of :meth:`SpinPeltierStack.solve`.
OBSERVABLES = {
    "j_x": Observable("A/m^2", "the current density driven along +x."),
    "rho_long": Observable("Ohm m", "E_x/j_x."),
    "power": Observable("W/m^2", "j_x d E_x, the electrical power fed in per area."),
    **INTERFACE_OBSERVABLES,
    "heat_bottom": Observable("W/m^2", "heat leaving through the bottom."),
    "heat_top": Observable("W/m^2", "heat leaving through the top (0 when adiabatic)."),
}


@dataclass(frozen=True)
class SpinPeltierStack(_FilmStack):
    r"""A current-carrying metal film on a magnet (and substrate): the spin Peltier effect.

    Plain data: nothing is meshed until :meth:`solve` (or :meth:`mesh`,
    :meth:`device`). Build it with :func:`spin_peltier`, which documents the
    parameters and the physics; change it with :meth:`replace`.

    The stack's fields are those of :class:`~nfdiff.devices.LSSEStack` but
    ``length``; a spin Peltier stack adds the thermal condition at the metal top. They
    are the parameters of :func:`spin_peltier`.
    """

    top: str | float = declare(Parameter(
        "W/(m^2 K)", "nonnegative", "Thermal condition at the metal top: a word or a "
        "heat-transfer coefficient h to an ambient at T0.", choices=TOPS))

    def device(self) -> Device:
        """The :class:`~nfdiff.Device` of the stack (meshes it).

        The bottom (of the substrate, else of the magnet) is held at T0; the metal top
        is adiabatic, at T0 (``top="bath"``) or loses ``h (T - T0)``
        (:class:`~nfdiff.bc.HeatTransfer`).
        """
        T0 = self.temperature
        conditions: dict[str, BoundaryCondition] = {"bottom": Temperature(T0)}
        if self.top == "bath":
            conditions["top"] = Temperature(T0)
        elif not isinstance(self.top, str):
            conditions["top"] = HeatTransfer(self.top, T0)
        return self._device(conditions)

    # ---- solving -------------------------------------------------------------------------
    @observables(**OBSERVABLES)
    @checked(current_density=CURRENT_DENSITY, rtol=common.RTOL, maxiter=common.MAXITER)
    def solve(self, current_density: float = 1e10, *, rtol: float = 1e-10,
              maxiter: int = 40) -> Solution:
        """Solve the stack for an in-plane current density along +x.

        Observables are in SI units, currents per area, temperatures absolute; the
        energy current is the spin Peltier heat.

        Raises
        ------
        ParameterError
            For an argument out of its range (a zero current density, say).
        ConvergenceError, CondensationError
            If Newton fails, or the magnons condense (nonlinear law).
        """
        j = current_density
        common.warn_current_density(j)
        sol = self.device().solve(current_density={METAL: (j, 0.0)}, rtol=rtol,
                                  maxiter=maxiter)
        obs = _interface_observables(self, sol)
        sol.observables.update({
            "j_x": j,
            "rho_long": obs["E_x"] / j,
            "power": j * self.thickness * obs["E_x"],
            **obs,
            "heat_bottom": _boundary_heat(sol, "bottom"),
            "heat_top": _boundary_heat(sol, "top"),
        })
        return sol

    @checked(current_density=CURRENT_DENSITY.replace(
        details="|j|; the sign only orders the two solves."), rtol=common.RTOL,
        maxiter=common.MAXITER)
    def solve_odd_even(self, current_density: float = 1e10, *, rtol: float = 1e-10,
                       maxiter: int = 40) -> SpinPeltierSignal:
        """Solve at +j and -j and split every observable into its odd and even part.

        ``odd = (X(+j) - X(-j))/2`` holds the spin Peltier signal (and everything
        else linear in the current), ``even = (X(+j) + X(-j))/2`` Joule heating (and
        the bath temperature, for absolute temperatures). Beyond linear response each
        part also holds the higher orders of its parity.

        Returns
        -------
        SpinPeltierSignal
        """
        plus = self.solve(current_density, rtol=rtol, maxiter=maxiter)
        minus = self.solve(-current_density, rtol=rtol, maxiter=maxiter)
        odd: dict[str, Any] = {}
        even: dict[str, Any] = {}
        for key, a in plus.observables.items():
            b = minus.observables[key]
            odd[key], even[key] = (a - b) / 2, (a + b) / 2
        return SpinPeltierSignal(current_density=float(current_density), odd=odd,
                                 even=even, plus=plus, minus=minus)


@dataclass(frozen=True)
class SpinPeltierSignal:
    """Observables at +j and -j split by parity in the current.

    Attributes
    ----------
    current_density : float
        j of the ``plus`` solve [A/m^2] (``minus`` is at -j).
    odd, even : dict
        ``(X(+j) - X(-j))/2`` and ``(X(+j) + X(-j))/2`` of every observable X of
        :meth:`SpinPeltierStack.solve` (same keys and units).
    plus, minus : Solution
        The two solutions.
    """

    current_density: float
    odd: dict[str, Any]
    even: dict[str, Any]
    plus: Solution
    minus: Solution

    @property
    def delta_T(self) -> float:
        """The spin Peltier signal: odd part of the metal temperature at the interface [K].

        ``odd["T_e_interface"]``; the magnon and phonon temperatures are in ``odd``
        too.
        """
        return self.odd["T_e_interface"]


@template(SpinPeltierStack)
def spin_peltier(*, metal: mats.NormalMetal | str | None = None,
                 magnet: mats.MagneticInsulator | str | None = None,
                 substrate: mats.Dielectric | str | None = "GGG",
                 thicknesses: Sequence[float | None] | None = None,
                 interface: NFInterface | None = None, n: Sequence[float] = (0.0, 1.0, 0.0),
                 temperature: float = 300.0, law: str | InterfaceLaw = "nonlinear",
                 top: str | float = "adiabatic", order: int = 1, h_min: float | None = None,
                 h_max: float | None = None, growth: float = _GROWTH) -> SpinPeltierStack:
    r"""Spin Peltier effect of a current-carrying metal film on a magnetic insulator.

    The stack of :func:`~nfdiff.devices.lsse_stack` (substrate optional / magnet F on
    -t_F < z < 0 / metal N on 0 < z < d; thermal model on) with the bottom held at the
    bath temperature T0 and a current density j along +x in the metal.
    ``solve(current_density=j)`` returns a :class:`~nfdiff.solution.Solution` whose
    ``observables`` hold the interface temperatures and currents
    (:meth:`SpinPeltierStack.solve`); ``solve_odd_even(j)`` separates the spin Peltier
    signal (odd in j) from Joule heating (even), e.g. ``solve_odd_even(j).delta_T``,
    the odd part of the metal temperature at the interface [K].

    Returns
    -------
    SpinPeltierStack
        The stack description; ``solve(current_density=1e10, *, rtol=1e-10,
        maxiter=40)`` and ``solve_odd_even(current_density=1e10, ...)`` mesh and
        solve it.

    Raises
    ------
    ParameterError
        As :func:`~nfdiff.devices.lsse_stack`.

    Notes
    -----
    **Sign.** For theta_SH > 0, a current along +x and n = +y the spin accumulation at
    the interface points along -y, against n: n.mu_s < 0, magnons are injected into F
    (``magnon_current`` > 0) and carry energy into it (``energy_current`` > 0), and the
    metal is cooled (odd part of ``T_e_interface`` < 0). Reversing j, n or theta_SH
    reverses the signal; for n along x (perpendicular to the spin accumulation) it
    vanishes. With an adiabatic top no odd heat reaches the bath at linear order: the
    energy the magnons carry into F returns to N through the phonons and the Kapitza
    conductance.

    **Joule heating.** In 1D all the Joule power crosses the whole stack to the bath:
    with a 500 um substrate, 1e10 A/m^2 through 10 nm of Pt heats it by ~25 K (and the
    resulting spin Seebeck effect adds an even part to E_x). Large currents with the
    nonlinear law can push the magnon chemical potential to the gap
    (:class:`~nfdiff.CondensationError`); drop the substrate or lower the current.

    **Onsager reciprocity with the spin Seebeck effect.** For the same stack with
    ``top="bath"``, to linear order, the heat entering at the bottom per in-plane
    current I = j d (per width) at order parameter -n equals ``-T0 dE_x/d(dT)`` of
    :func:`~nfdiff.devices.lsse_stack` at n (Onsager-Casimir; the derivation is in
    tests/test_peltier.py).

    Examples
    --------
    10 nm Pt on 1 um YIG (no substrate), 1e10 A/m^2: the spin Peltier cooling of the
    metal at the interface and the Joule heating of its top [K]:

    >>> import nfdiff as nf
    >>> import nfdiff.devices
    >>> spe = nf.devices.spin_peltier(substrate=None, n=(0, 1, 0))
    >>> res = spe.solve_odd_even(1e10)
    >>> print(f"{res.delta_T:.2e} {res.even['T_top'] - 300:.2e}")
    -1.04e-05 6.82e-02
    """
    # names and sequences: the dataclass checks and normalises them (fields typed as normalised)
    return SpinPeltierStack(metal=cast(Any, metal), magnet=cast(Any, magnet),
                            substrate=cast(Any, substrate), thicknesses=cast(Any, thicknesses),
                            interface=interface, n=cast(Any, n), temperature=temperature,
                            law=cast(Any, law), order=order, h_min=h_min, h_max=h_max,
                            growth=growth, top=top)
