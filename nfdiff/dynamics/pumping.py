r"""Spin pumping by a steady precession, with backflow, and its inverse spin Hall voltage.

A precessing order parameter pumps the spin current (Eq. (4) of the paper with
``mu_s = 0``; counted into N)

    i_pump(t) = (hbar / 4 pi) (g_r n x dn/dt + g_i dn/dt)                  [J/m^2]

into the metal N (thickness d_N, spin diffusion length lambda, conductivity sigma,
spin Hall angle theta), whose spin accumulation flows back
(docs/theory.md#theory-pumping). The metal responds quasi-statically, so at every
instant the interface sees
``mu_s - hbar n x dn/dt`` (the paper's substitution) and the net current into N is the
same expression with the effective mixing conductance ``g_eff = g / (1 + g/(4 pi
g_N))`` (:class:`~nfdiff.dynamics.Bilayer`). Averaged over a period, ``dn/dt`` drops
out and the DC spin current is

    i_dc = (hbar / 4 pi) Re(g_eff) <n x dn/dt>
         = (hbar / 4 pi) g_eff omega sin^2(theta_c) m0        (circular, cone angle theta_c)

polarised along the magnetisation m0 = -n0 (``n x dn/dt`` averages to
``-omega sin^2(theta_c) n0`` for the natural sense of precession). With ``g_i = 0``,
``g_eff = g_r / (1 + (2 lambda G_r / sigma) coth(d/lambda))``, ``G_r = (e^2/h) g_r``.
The spin current decays into N as ``sinh((d - z)/lambda) / sinh(d/lambda)`` and the
inverse spin Hall effect (``J_c = theta (2e/hbar) z x i``) gives, for an open strip of
length L along x,

    V_ISHE = -E_x L = theta (2e/hbar) (lambda / d) tanh(d / 2 lambda) (L / sigma) (z x i_dc) . x

i.e. ``|V| = theta L lambda tanh(d/2 lambda) (2e/hbar) |i_dc| / (sigma d)`` for i_dc
along y.

**Why the full instantaneous current.** The backflow ``mu_s`` is perpendicular to
n(t) at each instant (the mixing conductance absorbs only that part). A steady solve
fed only the DC part ``i_dc`` (along n0) would see a spin accumulation along n0,
nearly collinear with n, which the interface does not absorb: the backflow would come
out wrong by a factor ``sin^2(theta_c)``. :func:`spin_pumping` with ``method="fe"``
therefore solves nfdiff's finite-element metal film (``nf.devices.smr_film`` mesh, a
:class:`~nfdiff.bc.MagnetContact` with ``dn_dt``) at equally spaced phases of the
period, each with the instantaneous n and dn/dt, and averages (the periodic
trapezoidal rule, spectrally accurate; three phases are exact for a circular
precession to first order in theta, where the response is quadratic in the phase).
The finite-element solve keeps the theta^2 spin Hall feedback the closed forms drop.

References: Y. Tserkovnyak, A. Brataas and G. E. W. Bauer, Phys. Rev. Lett. 88, 117601
(2002) (spin pumping); Phys. Rev. B 66, 224403 (2002) (backflow); E. Saitoh et al.,
Appl. Phys. Lett. 88, 182509 (2006) (ISHE detection); O. Mosendz et al., Phys. Rev. B
82, 214403 (2010) (V_ISHE of a film); S. A. Bender and Y. Tserkovnyak, Phys. Rev. B 91,
140402(R) (2015) (thermal corrections).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike
from scipy.constants import e

from .._validate import finite, in_range, positive, unit_vector
from ..errors import ParameterError
from ..units import hbar
from ._kernel import RFField, _Kernel, _tangent_basis

if TYPE_CHECKING:
    from .bilayer import Bilayer

__all__ = ["Precession", "SpinPumping", "circular_precession", "fmr_precession",
           "spin_pumping"]

METHODS = ("closed form", "fe")


@dataclass(frozen=True)
class Precession:
    """A periodic trajectory of n sampled at equally spaced times over one period.

    Attributes
    ----------
    frequency : float
        f [Hz].
    n : ndarray, shape (N, 3)
        n at ``t_k = k / (N f)`` (unit vectors; the paper's n, m = -n).
    dn_dt : ndarray, shape (N, 3)
        dn/dt there [1/s].
    """

    frequency: float
    n: np.ndarray
    dn_dt: np.ndarray

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "frequency", positive("frequency", self.frequency, "Hz"))
        n = unit_vector("n", self.n)
        dn = np.asarray(finite("dn_dt", self.dn_dt, "1/s"), dtype=float)
        if n.ndim != 2 or n.shape[0] < 3 or dn.shape != n.shape:
            raise ParameterError("n", np.shape(self.n), "must be (N, 3) samples, N >= 3, "
                                 "with dn_dt of the same shape")
        set_(self, "n", n)
        set_(self, "dn_dt", dn)

    @property
    def samples(self) -> int:
        """Number of samples N."""
        return self.n.shape[0]

    @property
    def t(self) -> np.ndarray:
        """Sample times [s]."""
        return np.arange(self.samples) / (self.samples * self.frequency)

    @property
    def axis(self) -> np.ndarray:
        """Direction of the mean n (the precession axis) [1]."""
        v = self.n.mean(axis=0)
        return v / np.linalg.norm(v)

    def mean(self, values: ArrayLike) -> np.ndarray:
        """Period average of samples (periodic trapezoidal rule)."""
        return np.asarray(values).mean(axis=0)

    @property
    def pumping_vector(self) -> np.ndarray:
        """``<n x dn/dt>`` [1/s], the source of the DC pumped spin current."""
        return self.mean(np.cross(self.n, self.dn_dt))

    @property
    def cone_angle(self) -> float:
        """Mean angle between n and :attr:`axis` [rad]."""
        return float(self.mean(np.arccos(np.clip(self.n @ self.axis, -1, 1))))


def circular_precession(axis: ArrayLike, frequency: float, cone_angle: float, *,
                        samples: int = 16) -> Precession:
    r"""Circular precession of n about ``axis`` at ``frequency`` with ``cone_angle``.

    The natural sense of an electron magnet: the magnetisation m = -n turns
    counterclockwise about ``-axis`` (n clockwise about ``axis``), so that
    ``<n x dn/dt> = -omega sin^2(cone_angle) axis``.

    Parameters
    ----------
    axis : 3-vector
        n0, the mean direction of n (normalised).
    frequency : float
        f [Hz], > 0.
    cone_angle : float
        theta_c [rad], in (0, pi/2].
    samples : int
        Phases N >= 3 (default 16).

    Returns
    -------
    Precession

    Examples
    --------
    >>> import numpy as np
    >>> p = circular_precession((0, 1, 0), 1e9, 0.1, samples=8)
    >>> w = 2 * np.pi * 1e9
    >>> print(np.round(p.pumping_vector / (w * np.sin(0.1)**2), 12) + 0.0)
    [ 0. -1.  0.]
    """
    n0 = unit_vector("axis", axis)
    f = positive("frequency", frequency, "Hz")
    th = in_range("cone_angle", cone_angle, 0.0, math.pi / 2, "rad", inclusive=(False, True))
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 3:
        raise ParameterError("samples", samples, "must be an integer >= 3")
    e1, e2 = _tangent_basis(n0)
    w = 2 * math.pi * f
    phase = w * np.arange(samples) / (samples * f)
    c, s = np.cos(phase)[:, None], np.sin(phase)[:, None]
    n = math.cos(th) * n0 + math.sin(th) * (c * e1 - s * e2)
    dn = w * math.sin(th) * (-s * e1 - c * e2)
    return Precession(frequency=f, n=n, dn_dt=dn)


# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpinPumping:
    """DC results of spin pumping into the metal of a :class:`Bilayer`.

    Attributes
    ----------
    method : str
        ``"closed form"`` or ``"fe"``.
    spin_current : ndarray, shape (3,)
        DC spin current density into N at the interface, with backflow [J/m^2]
        (polarisation vector; flowing along +z).
    bare_spin_current : ndarray, shape (3,)
        The same without backflow, ``(hbar/4pi) Re(g) <n x dn/dt>`` [J/m^2].
    effective_mixing_conductance : float
        ``g_eff = 4 pi i_dc . c / (hbar |c|^2)``, ``c = <n x dn/dt>`` [1/m^2].
    spin_accumulation : ndarray, shape (3,)
        DC spin accumulation in N at the interface [J].
    electric_field : ndarray, shape (3,)
        DC open-circuit (inverse spin Hall) field in the plane [V/m].
    voltage : float
        ``V_ISHE = -E_x L`` over the strip length L along x [V].
    phases : int
        Number of phases solved (``"fe"``) or averaged.
    """

    method: str
    spin_current: np.ndarray
    bare_spin_current: np.ndarray
    effective_mixing_conductance: float
    spin_accumulation: np.ndarray
    electric_field: np.ndarray
    voltage: float
    phases: int


def _g_eff_of(i_dc: np.ndarray, c: np.ndarray) -> float:
    return float(4 * math.pi * (i_dc @ c) / (hbar * (c @ c)))


def spin_pumping(bilayer: Bilayer, precession: Precession, *, method: str = "closed form",
                 rtol: float = 1e-10) -> SpinPumping:
    r"""DC pumped spin current (with backflow) and V_ISHE of a steady precession.

    Parameters
    ----------
    bilayer : Bilayer
        Metal, interface, magnet, temperature and law (``"linear"``: the
        temperature-corrected mixing conductances; ``"elastic"``: T = 0).
    precession : Precession
        The trajectory of n over one period (:func:`circular_precession`,
        :func:`fmr_precession`).
    method : {"closed form", "fe"}
        ``"closed form"``: the formulas of the module docstring. ``"fe"``: nfdiff's
        finite-element metal film (mesh of ``nf.devices.smr_film``) solved at every
        sample of ``precession`` with the instantaneous n and dn/dt
        (:class:`~nfdiff.bc.MagnetContact` with ``dn_dt``, open circuit), then
        averaged; includes the theta^2 spin Hall feedback.
    rtol : float
        Newton tolerance of the finite-element solves.

    Returns
    -------
    SpinPumping
    """
    if method not in METHODS:
        raise ParameterError("method", method, f"must be one of {METHODS}")
    if not isinstance(precession, Precession):
        raise ParameterError("precession", precession, "must be an nf.dynamics.Precession")
    c = precession.pumping_vector
    g = bilayer.mixing_conductance()
    bare = hbar / (4 * math.pi) * g.real * c
    if method == "fe":
        return _spin_pumping_fe(bilayer, precession, c, bare, rtol)
    g_eff = bilayer.effective_mixing_conductance()
    i_dc = hbar / (4 * math.pi) * g_eff.real * c
    m = bilayer._metal
    lam, d = m.spin_diffusion_length, bilayer.metal_thickness
    factor = (m.spin_hall_angle * (2 * e / hbar) * (lam / d) * math.tanh(d / (2 * lam))
              / m.conductivity)
    E = -factor * np.cross([0.0, 0.0, 1.0], i_dc)
    return SpinPumping(method=method, spin_current=i_dc, bare_spin_current=bare,
                       effective_mixing_conductance=_g_eff_of(i_dc, c),
                       spin_accumulation=i_dc / bilayer.spin_sink_conductance(),
                       electric_field=E, voltage=float(-E[0] * bilayer.length),
                       phases=precession.samples)


def _spin_pumping_fe(bilayer: Bilayer, precession: Precession, c: np.ndarray,
                     bare: np.ndarray, rtol: float) -> SpinPumping:
    from ..bc import MagnetContact
    from ..device import Device
    from ..devices import smr_film

    mag = bilayer.coupled_macrospin
    film = smr_film(metal=bilayer.metal, thickness=bilayer.metal_thickness,
                    interface=bilayer.interface_law(), n=tuple(precession.axis),
                    temperature=mag.temperature, law=mag.law, magnet=mag.magnet,
                    order=bilayer.order)
    mesh = film.mesh()
    itf = film.interface_law()
    i_all: list[np.ndarray] = []
    E_all: list[np.ndarray] = []
    mu_all: list[list[float]] = []
    for n, dn in zip(precession.n, precession.dn_dt, strict=True):
        contact = MagnetContact(itf, n=tuple(n), dn_dt=tuple(dn))
        dev = Device(mesh, materials={"metal": bilayer.metal},
                     boundary_conditions={"bottom": contact}, temperature=mag.temperature,
                     law=mag.law, thermal=False, length=bilayer.length, order=bilayer.order)
        sol = dev.solve(rtol=rtol)
        # outward through the bottom of the metal = into F; into N is minus that
        i_all.append(-sol.boundary_current("bottom", "spin"))
        E_all.append(sol.extruded_field["metal"])
        mu_all.append([sol.evaluate(f"mu_{k}", [[0.0]], region="metal")[0] for k in "xyz"])
    i_dc = precession.mean(i_all)
    E = precession.mean(E_all)
    return SpinPumping(method="fe", spin_current=i_dc, bare_spin_current=bare,
                       effective_mixing_conductance=_g_eff_of(i_dc, c),
                       spin_accumulation=precession.mean(mu_all), electric_field=E,
                       voltage=float(-E[0] * bilayer.length), phases=precession.samples)


# --------------------------------------------------------------------------------------
def _linear_response(kernel: _Kernel, n0: np.ndarray, rf: RFField
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Complex tangent amplitude of the steady response to ``rf`` (first order)."""
    L, (e1, e2) = kernel.tangent_jacobian(n0)
    force = kernel.field_response(n0) @ rf.phasor()  # d(dn/dt)/dB_rf . B^ [1/s]
    f = np.array([e1 @ force, e2 @ force])
    amp = np.linalg.solve(1j * rf.angular_frequency * np.eye(2) - L, f)
    return amp, e1, e2


def fmr_precession(bilayer: Bilayer, rf_field: RFField | float, *,
                   frequency: float | None = None,
                   direction: Sequence[float] = (0.0, 0.0, 1.0), samples: int = 16,
                   method: str = "integrate", settle: float = 8.0, rtol: float = 1e-10,
                   atol: float = 1e-13) -> Precession:
    r"""Steady precession of the bilayer's macrospin driven by an rf field.

    Parameters
    ----------
    bilayer : Bilayer
        Its damping includes the pumping into the metal (backflow).
    rf_field : RFField or float
        The drive, or its amplitude [T] for a linearly polarised field along
        ``direction`` at ``frequency``.
    frequency : float, optional
        [Hz] for a bare amplitude; default the FMR frequency
        (:meth:`Bilayer.resonance_frequency`).
    direction : 3-vector
        Direction of a linearly polarised field given by its amplitude (default z, the
        film normal: it drives an in-plane magnet).
    samples : int
        Phases per period in the result (>= 3, default 16).
    method : {"integrate", "linear"}
        ``"integrate"``: :meth:`Bilayer.integrate` from the linear-response state for
        ``settle`` decay times of the free precession (whole periods), then one period
        sampled; ``"linear"``: the first-order (small rf field) response only.
    settle : float
        Decay times ``1/|Re lambda|`` to integrate before sampling (default 8).
    rtol, atol : float
        Integrator tolerances.

    Returns
    -------
    Precession
    """
    if method not in ("integrate", "linear"):
        raise ParameterError("method", method, "must be 'integrate' or 'linear'")
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 3:
        raise ParameterError("samples", samples, "must be an integer >= 3")
    if not isinstance(rf_field, RFField):
        f = bilayer.resonance_frequency() if frequency is None else frequency
        rf_field = RFField(amplitude=rf_field, frequency=f, direction=direction)
    positive("settle", settle)
    k = bilayer._kernel(0.0)
    n0 = bilayer.equilibrium()
    amp, e1, e2 = _linear_response(k, n0, rf_field)
    f = rf_field.frequency
    w = rf_field.angular_frequency
    if method == "linear":
        t = np.arange(samples) / (samples * f)
        ph = np.exp(1j * w * t)
        d1, d2 = np.real(amp[0] * ph), np.real(amp[1] * ph)
        v = n0 + d1[:, None] * e1 + d2[:, None] * e2
        norm = np.linalg.norm(v, axis=1, keepdims=True)
        dv = (np.real(1j * w * amp[0] * ph)[:, None] * e1
              + np.real(1j * w * amp[1] * ph)[:, None] * e2)
        n = v / norm
        dn = dv / norm - n * np.sum(n * dv / norm, axis=1, keepdims=True)
        return Precession(frequency=f, n=n, dn_dt=dn)
    rate = abs(bilayer.growth_rate(0.0))
    periods = math.ceil(settle / rate * f) if rate > 0 else 1
    t_settle = periods / f
    start = n0 + np.real(amp[0]) * e1 + np.real(amp[1]) * e2
    t_eval = t_settle + np.arange(samples) / (samples * f)
    traj = bilayer.integrate(start, t_eval[-1], rf_field=rf_field, t_eval=t_eval,
                             rtol=rtol, atol=atol)
    return Precession(frequency=f, n=traj.n, dn_dt=traj.dn_dt)
