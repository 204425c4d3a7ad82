r"""A macrospin magnet under a metal film: backflow, spin Hall torque and its threshold.

The film stack of :func:`nfdiff.devices.smr_film`: z through the stack, the magnetic
insulator F (a :class:`~nfdiff.dynamics.Macrospin` of thickness d_F) below, the metal N
on 0 < z < d_N above, charge current along +x. The metal's spin accumulation responds
quasi-statically to the interface (its spin relaxation, ~fs, is far faster than the
precession), so it can be eliminated:

**Backflow.** With ``mu(z)`` the spin accumulation, spin current ``-(hbar sigma/4e^2)
mu'`` plus the spin Hall current, relaxation length lambda and a spin-blocking top, the
metal seen from the interface is a Thevenin source: ``mu(0) = mu_SH + j/g_N`` for a
spin current density j entering it at z = 0, with (a charge current density J along x)

    g_N   = (hbar sigma / (4 e^2 lambda)) tanh(d_N / lambda)                   [1/m^2]
    mu_SH = -(2 e theta lambda / sigma) tanh(d_N / 2 lambda) J (z x x)         [J]

``mu_SH`` is the spin accumulation the spin Hall effect builds at a spin-blocking
interface (along -y for theta > 0). Eliminating ``mu(0)`` from the interface law (the
transverse part, Eq. (4)) gives the same law with the *bare* accumulation ``mu_SH`` and
an effective complex mixing conductance (``g = g_r + i g_i``, the temperature-corrected
``g_r^ + i g_i~`` for ``law="linear"``):

    g_eff = g / (1 + g / (4 pi g_N))

the same for the spin Hall torque and for spin pumping (Onsager). For ``g_i = 0`` this
is the backflow formula of docs/theory.md#theory-pumping,
``g_eff = g_r / (1 + (2 lambda G_r / sigma) coth(d/lambda))`` with
``G_r = (e^2/h) g_r``. The macrospin then obeys the paper's equation with
``alpha'_{r,i} = g_eff_{r,i} / (4 pi s~ d_F)`` and ``mu_s -> mu_SH``; the damping
enhancement is

    Delta alpha = alpha'_r = Re g_eff / (4 pi s~ d_F) = gamma hbar g_eff / (4 pi M_s d_F)

with ``M_s = g mu_B s~`` and ``gamma = g mu_B / hbar``.

**Threshold.** About the equilibrium n0 (with ``mu_SH = mu n0`` collinear), the
linearised equation on the tangent plane has ``hbar d delta/dt = M delta`` with
``M = (b - a J)(J A - alpha'_r mu)/(a^2 + b^2)``, ``a = alpha + alpha'_r``,
``b = 1 + alpha'_i``, ``J`` the rotation by 90 degrees about n0 and ``A = (h0 +
alpha'_i mu) - K_t`` (``h0 = n0 . H(n0)``, ``K_t`` the tangent part of ``g mu_B
dB_eff/dn``). The trace vanishes, and small precession starts to grow, at

    mu_c = (alpha + alpha'_r)(h0 - tr K_t / 2) / (alpha'_r - alpha'_i alpha)

(in-plane film, field B along y: ``h0 - tr K_t/2 = -g mu_B (B + mu0 M_s/2)``, the
familiar ``alpha (H + M_eff/2)``). ``mu_c`` is negative: the spin accumulation must
point against n, i.e. along the magnetisation. When pumping dominates the damping
(``alpha << alpha'_r``) ``|mu_c| -> g mu_B (B + mu0 M_s/2) ~ hbar omega_FMR``,
independent of the interface: the magnon-condensation condition "spin accumulation
above the magnon gap". The critical current density follows from ``mu_SH(J_c) . n0 =
mu_c``. :meth:`Bilayer.critical_current_density` finds it from the eigenvalues of the
linearised equation (any geometry) or from this closed form.

These closed forms neglect corrections of order theta^2 (the spin Hall feedback of the
inverse spin Hall field); :meth:`Bilayer.spin_pumping` with ``method="fe"`` solves the
metal film with nfdiff's finite elements instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import ArrayLike
from scipy.constants import e

from .. import materials as mats
from .._validate import finite, positive
from ..devices._common import material
from ..errors import ParameterError
from ..interface import NFInterface
from ..units import hbar
from .macrospin import ATOL, RTOL, Macrospin, RFField, Trajectory, _Kernel

if TYPE_CHECKING:
    from .pumping import Precession, SpinPumping

__all__ = ["Bilayer"]

#: The charge current flows along +x; the interface normal (F -> N) is +z.
CURRENT_DIRECTION = np.array([1.0, 0.0, 0.0])
NORMAL = np.array([0.0, 0.0, 1.0])


@dataclass(frozen=True)
class Bilayer:
    r"""A metal film N on a macrospin magnetic insulator F (see the module docstring).

    Plain data; change it with :meth:`replace`.

    Parameters
    ----------
    macrospin : Macrospin
        The magnet: thickness d_F, field, temperature, law, damping (its
        ``interface`` is used if ``interface`` is None).
    metal : NormalMetal or str
        The metal (default built-in ``"Pt"``): conductivity sigma [S/m], spin
        diffusion length lambda [m], spin Hall angle theta.
    metal_thickness : float
        d_N [m], > 0 (default 5e-9).
    interface : NFInterface or None
        The N|F interface (g_r, g_i [1/m^2]); None: the macrospin's, else the built-in
        parameters of the (metal, magnet) pair. Without a magnon gas the magnet's is
        used.
    length : float
        Length L of the metal strip along x over which V_ISHE is measured [m] (default
        1e-3).
    order : {1, 2}
        Lagrange element order of the finite-element solves (default 1).

    Examples
    --------
    Damping enhancement of 20 nm YIG by 5 nm Pt (built-in parameters, 300 K):

    >>> import nfdiff as nf
    >>> bl = nf.dynamics.Bilayer(nf.dynamics.Macrospin(thickness=20e-9))
    >>> print(f"{bl.damping_enhancement():.3e}")
    2.905e-03
    """

    macrospin: Macrospin
    metal: mats.NormalMetal | str = "Pt"
    metal_thickness: float = 5e-9
    interface: NFInterface | None = None
    length: float = 1e-3
    order: int = 1

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if not isinstance(self.macrospin, Macrospin):
            raise ParameterError("macrospin", self.macrospin,
                                 "must be an nf.dynamics.Macrospin")
        set_(self, "metal", material("metal", self.metal, mats.NormalMetal, "Pt"))
        set_(self, "metal_thickness", positive("metal_thickness", self.metal_thickness, "m"))
        if self.interface is not None and not isinstance(self.interface, NFInterface):
            raise ParameterError("interface", self.interface, "must be an nf.NFInterface "
                                 "or None")
        set_(self, "length", positive("length", self.length, "m"))
        if isinstance(self.order, bool) or self.order not in (1, 2):
            raise ParameterError("order", self.order, "must be 1 or 2")
        self.interface_law()  # a pair without built-in parameters fails here

    def replace(self, **changes: Any) -> Bilayer:
        """A copy with some parameters changed (and checked again)."""
        return replace(self, **changes)

    @property
    def _metal(self) -> mats.NormalMetal:
        """``metal``, a material once checked (a name is looked up)."""
        return cast(mats.NormalMetal, self.metal)

    def with_magnet(self, **changes: Any) -> Bilayer:
        """A copy whose macrospin has some parameters changed (e.g. ``temperature``)."""
        return replace(self, macrospin=self.macrospin.replace(**changes))

    # ---- the interface and the metal ---------------------------------------------------
    def interface_law(self) -> NFInterface:
        """The N|F interface with its magnon gas (see ``interface``)."""
        itf = self.interface if self.interface is not None else self.macrospin.interface
        if itf is None:
            try:
                itf = mats.interface_parameters(self._metal,
                                                self.macrospin._material).to_interface()
            except KeyError as err:
                raise ParameterError("interface", None, f"{err.args[0]}; pass "
                                     "interface=nf.NFInterface(g_r=..., g_i=...)") from None
        return cast(NFInterface, self.macrospin.interface_law(itf))  # not None: itf is given

    @cached_property
    def coupled_macrospin(self) -> Macrospin:
        """``macrospin`` with this bilayer's interface (:meth:`interface_law`).

        Its own torque coefficients are those of a *given* spin accumulation (no
        backflow); the bilayer's methods use the effective mixing conductance.
        """
        return self.macrospin.replace(interface=self.interface_law())

    def mixing_conductance(self) -> complex:
        """Bare ``g_r + i g_i`` of the interface at the temperature [1/m^2].

        ``g_r^ + i g_i~`` (``law="linear"``) or ``g_r + i g_i`` (``"elastic"``).
        """
        return self.coupled_macrospin.mixing_conductance()

    def spin_sink_conductance(self) -> float:
        """``g_N = (hbar sigma / 4 e^2 lambda) tanh(d_N / lambda)`` [1/m^2].

        The spin current density entering the metal per spin accumulation at the
        interface (spin-blocking top).
        """
        m = self._metal
        lam = m.spin_diffusion_length
        return (hbar * m.conductivity / (4 * e**2 * lam)
                * math.tanh(self.metal_thickness / lam))

    def effective_mixing_conductance(self) -> complex:
        """``g_eff = g / (1 + g / (4 pi g_N))`` with backflow [1/m^2] (complex)."""
        g = self.mixing_conductance()
        return g / (1 + g / (4 * math.pi * self.spin_sink_conductance()))

    def torque_coefficients(self) -> tuple[float, float]:
        """``(alpha'_r, alpha'_i) = g_eff / (4 pi s~ d_F)`` with backflow [1]."""
        return self.coupled_macrospin.torque_coefficients(self.effective_mixing_conductance())

    def damping_enhancement(self) -> float:
        r"""``Delta alpha = gamma hbar Re g_eff / (4 pi M_s d_F)`` [1].

        ``M_s = g mu_B s~`` at the macrospin's temperature (law ``"linear"``; s at
        T = 0 for ``"elastic"``), ``gamma = g mu_B / hbar``.
        """
        mag = self.coupled_macrospin
        return (mag.gyromagnetic_ratio * hbar * self.effective_mixing_conductance().real
                / (4 * math.pi * mag.magnetization() * mag.thickness))

    def spin_hall_accumulation(self, current_density: float) -> np.ndarray:
        r"""``mu_SH`` [J]: the spin accumulation of a spin-blocking interface.

        ``-(2 e theta lambda / sigma) tanh(d_N / 2 lambda) J (z x x)``, for a charge
        current density J [A/m^2] along +x (to first order in theta).
        """
        J = finite("current_density", current_density, "A/m^2")
        m = self._metal
        lam = m.spin_diffusion_length
        scale = (-2 * e * m.spin_hall_angle * lam / m.conductivity
                 * math.tanh(self.metal_thickness / (2 * lam)))
        return scale * J * np.cross(NORMAL, CURRENT_DIRECTION)

    # ---- dynamics ----------------------------------------------------------------------
    def _kernel(self, current_density: float = 0.0,
                rf_field: RFField | Callable[[float], Sequence[float] | np.ndarray]
                | None = None) -> _Kernel:
        mu = self.spin_hall_accumulation(current_density)
        return self.coupled_macrospin._kernel(mu_s=mu, rf_field=rf_field,
                                   conductance=self.effective_mixing_conductance())

    def equilibrium(self, current_density: float = 0.0) -> np.ndarray:
        """Stationary n [1] (the energy minimum, moved by a non-collinear torque)."""
        n0 = self.coupled_macrospin.equilibrium()
        if current_density == 0:
            return n0
        return self._kernel(current_density).fixed_point(n0)

    def linear_modes(self, current_density: float = 0.0) -> np.ndarray:
        """Eigenvalues [1/s] of the linearised dynamics about :meth:`equilibrium`.

        Deviations evolve as ``exp(lambda t)``; see :meth:`Macrospin.linear_modes`.

        Parameters
        ----------
        current_density : float
            Charge current density J in the metal along +x [A/m^2].
        """
        k = self._kernel(current_density)
        J, _ = k.tangent_jacobian(self.equilibrium(current_density))
        return np.linalg.eigvals(J)

    def growth_rate(self, current_density: float = 0.0) -> float:
        """Largest ``Re lambda`` [1/s] of :meth:`linear_modes` (< 0: stable)."""
        return float(np.max(self.linear_modes(current_density).real))

    def resonance_frequency(self, current_density: float = 0.0) -> float:
        """FMR frequency ``|Im lambda| / 2 pi`` [Hz] with the interface's torques."""
        return float(np.max(np.abs(self.linear_modes(current_density).imag))
                     / (2 * math.pi))

    def critical_current_density(self, *, method: str = "stability") -> float:
        r"""Current density J_c [A/m^2] (along +x, signed) where precession sets in.

        The anti-damping spin Hall torque (with backflow) cancels the Gilbert damping
        plus the pumping damping: the growth rate of small precession about the
        equilibrium crosses zero.

        Parameters
        ----------
        method : {"stability", "closed form"}
            ``"stability"``: root of the largest real part of the eigenvalues of the
            linearised equation (any geometry; the equilibrium moves with J when
            ``mu_SH`` is not collinear with n). ``"closed form"``: the trace formula
            of the module docstring (``mu_SH`` collinear with n0).

        Returns
        -------
        float
            J_c [A/m^2]; ``inf`` if no current of either sign destabilises n0 (e.g.
            ``mu_SH`` perpendicular to n0, or theta = 0).
        """
        if method not in ("stability", "closed form"):
            raise ParameterError("method", method, "must be 'stability' or 'closed form'")
        n0 = self.coupled_macrospin.equilibrium()
        per_amp = self.spin_hall_accumulation(1.0) @ n0  # J per (A/m^2), along n0
        if abs(per_amp) <= 1e-12 * np.linalg.norm(self.spin_hall_accumulation(1.0)):
            return math.inf
        if method == "closed form":
            return self._threshold_closed_form(n0) / per_amp
        # scale of the threshold: an accumulation of the order of hbar omega_FMR
        probe = hbar * 2 * math.pi * max(self.resonance_frequency(), 1.0) / abs(per_amp)
        r0 = self.growth_rate(0.0)
        slope = (self.growth_rate(probe) - self.growth_rate(-probe)) / (2 * probe)
        if slope == 0 or not np.isfinite(slope):
            return math.inf
        guess = -r0 / slope
        from scipy.optimize import brentq

        lo, hi = 0.9 * guess, 1.1 * guess
        for _ in range(60):
            if np.sign(self.growth_rate(lo)) != np.sign(self.growth_rate(hi)):
                break
            lo, hi = lo * 0.8, hi * 1.25
        else:  # pragma: no cover - the growth rate is affine in J when collinear
            return math.inf
        return float(brentq(self.growth_rate, lo, hi, xtol=1e-12 * abs(guess),
                            rtol=1e-13))

    def _threshold_closed_form(self, n0: np.ndarray) -> float:
        """``mu_c`` [J] of the trace formula (collinear case)."""
        mag = self.coupled_macrospin
        ar, ai = self.torque_coefficients()
        alpha = mag.damping
        k = mag._kernel()
        gmu = k.gmu
        h0 = gmu * float(np.dot(n0, k.static_field(n0)))
        # tangent part of g mu_B dB_eff/dn: shape (z z^T) and uniaxial (-B_K u u^T)
        z = np.array([0.0, 0.0, 1.0])
        u = np.array(mag.anisotropy_axis)
        K = gmu * (mag.shape_field * np.outer(z, z) - mag.anisotropy_field * np.outer(u, u))
        P = np.eye(3) - np.outer(n0, n0)
        trace_t = float(np.trace(P @ K @ P))
        return (alpha + ar) * (h0 - trace_t / 2) / (ar - ai * alpha)

    def integrate(self, n_start: ArrayLike, t_end: float, *, current_density: float = 0.0,
                  rf_field: RFField | Callable[[float], Sequence[float] | np.ndarray]
                  | None = None,
                  t_start: float = 0.0, t_eval: ArrayLike | None = None, rtol: float = RTOL,
                  atol: float = ATOL, max_step: float | None = None,
                  dense: bool = False) -> Trajectory:
        """Integrate the macrospin with the metal's torques (backflow included).

        Parameters
        ----------
        n_start : 3-vector
            n at ``t_start``.
        t_end : float
            Final time [s].
        current_density : float
            Charge current density J along +x in the metal [A/m^2] (spin Hall torque).
        rf_field : RFField or callable, optional
            ``B_rf(t)`` [T].
        t_start, t_eval, rtol, atol, max_step, dense
            As :meth:`Macrospin.integrate`.

        Returns
        -------
        Trajectory
            Its ``dissipated_pumping`` is the energy pumped into the metal (with
            backflow), ``work_torque`` the work of the spin Hall torque.
        """
        if rf_field is not None and not callable(rf_field):
            raise ParameterError("rf_field", rf_field, "must be an RFField or a function "
                                 "of the time t [s] returning B_rf [T] (3-vector)")
        k = self._kernel(current_density, rf_field)
        return k.integrate(n_start, t_end, t_start=t_start, t_eval=t_eval, rtol=rtol,
                           atol=atol, max_step=max_step, dense=dense,
                           equilibrium=self.coupled_macrospin.equilibrium())

    # ---- spin pumping --------------------------------------------------------------------
    def spin_pumping(self, precession: Precession, *, method: str = "closed form",
                     rtol: float = 1e-10) -> SpinPumping:
        """DC spin pumping of a steady precession into the metal, and V_ISHE.

        See :func:`nfdiff.dynamics.spin_pumping`.
        """
        from .pumping import spin_pumping

        return spin_pumping(self, precession, method=method, rtol=rtol)

    def fmr_precession(self, rf_field: RFField | float, **kwargs: Any) -> Precession:
        """Steady precession driven by an rf field. See :func:`nfdiff.dynamics.fmr_precession`."""
        from .pumping import fmr_precession

        return fmr_precession(self, rf_field, **kwargs)
