r"""Magnetisation dynamics: interfacial spin torque and spin pumping (``nf.dynamics``).

The second half of Bender & Tserkovnyak, PRB 91, 140402(R) (2015): the transverse spin
current across an N|F interface is a temperature-dependent torque on the order
parameter n of F, and a precessing n pumps spin into N. The generalised
Landau-Lifshitz equation below Eq. (5),

    (1 + alpha n x) hbar dn/dt + n x H = (alpha'_i + alpha'_r n x)(mu_s x n - hbar dn/dt),
    alpha'_{r,i} = g^_{r,i} / (4 pi s~ d_F),    s~ = s - n_th,

with the temperature-corrected mixing conductances of ``NFInterface.linear_coefficients``
(``g_r^ = g_r~ + 2 pi g``, the sign correction of docs/theory.md#theory-nonlinear), for a
uniform magnet (macrospin) of thickness d_F.

* :class:`Macrospin`: the magnet, its effective field (applied, thin-film shape,
  uniaxial), the equation with a given spin accumulation ``mu_s``, its linear modes
  (FMR) and time integration (``scipy.integrate.solve_ivp``) with the power balance.
* :class:`Bilayer`: the macrospin under a metal film: backflow (effective mixing
  conductance), damping enhancement, spin Hall torque, critical current density of
  the spin-torque instability, time integration with current and rf field.
* :func:`circular_precession`, :func:`fmr_precession`, :func:`spin_pumping`: the DC
  spin current pumped by a steady precession, with backflow, and its inverse spin
  Hall voltage, in closed form (docs/theory.md#theory-pumping) or from nfdiff's
  finite-element metal film driven by the full instantaneous pumped current.

Conventions: SI units; ``n`` is the paper's n (the direction of the ordered spin
density; the magnetisation is ``m = -n``); film normal z from F into N; charge current
along +x; spin currents counted as in docs/theory.md#theory-conventions.
"""

from .bilayer import Bilayer
from .macrospin import LAWS, Macrospin, RFField, Trajectory
from .pumping import (
    Precession,
    SpinPumping,
    circular_precession,
    fmr_precession,
    spin_pumping,
)

__all__ = [
    "LAWS",
    "Bilayer",
    "Macrospin",
    "Precession",
    "RFField",
    "SpinPumping",
    "Trajectory",
    "circular_precession",
    "fmr_precession",
    "spin_pumping",
]
