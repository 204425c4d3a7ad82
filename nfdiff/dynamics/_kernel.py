"""The numerical core of :mod:`nfdiff.dynamics`: the Landau-Lifshitz equation in scaled
time (``_Kernel``), the rf field and the trajectory it integrates."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._validate import finite, in_range, nonnegative, positive, unit_vector
from ..errors import ConvergenceError, ParameterError
from ..units import hbar, mu_B

__all__ = ["ATOL", "RTOL", "RFField", "Trajectory"]

#: Default integrator tolerances (relative; absolute in units of |n| = 1).
RTOL, ATOL = 1e-9, 1e-12


def _vector(name: str, value: ArrayLike, unit: str) -> np.ndarray:
    arr = np.asarray(finite(name, value, unit), dtype=float)
    if arr.shape != (3,):
        raise ParameterError(name, value, "must be a 3-vector", unit)
    return arr


def _tangent_basis(n: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors e1, e2 with e1 x e2 = n (n a unit vector)."""
    n = np.asarray(n, dtype=float)
    trial = np.eye(3)[int(np.argmin(np.abs(n)))]
    e1 = trial - (trial @ n) * n
    e1 /= np.linalg.norm(e1)
    return e1, np.cross(n, e1)


# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RFField:
    r"""A microwave field ``B_rf(t)`` [T], linearly or circularly polarised.

    Linear (``rotation_axis=None``): ``B_rf = b cos(2 pi f t) e``. Circular:
    ``B_rf = b [cos(2 pi f t) e + sin(2 pi f t) (a x e)]``, rotating counterclockwise
    about ``a`` (the component of ``e`` perpendicular to ``a`` is used). The
    magnetisation ``m = -n`` precesses counterclockwise about the static field, so
    the resonant circular field has ``rotation_axis`` along the static field.

    Parameters
    ----------
    amplitude : float
        b [T], >= 0.
    frequency : float
        f [Hz], > 0.
    direction : 3-vector
        e, the field direction at t = 0 (normalised).
    rotation_axis : 3-vector or None
        a for circular polarisation (normalised); None: linear.
    """

    amplitude: float
    frequency: float
    direction: Sequence[float] = (1.0, 0.0, 0.0)
    rotation_axis: Sequence[float] | None = None
    # cos and sin parts of the field [T], set by __post_init__
    _parts: tuple[tuple[float, ...], tuple[float, ...]] = field(init=False, repr=False,
                                                                compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "amplitude", nonnegative("amplitude", self.amplitude, "T"))
        set_(self, "frequency", positive("frequency", self.frequency, "Hz"))
        e = unit_vector("direction", self.direction)
        if self.rotation_axis is not None:
            a = unit_vector("rotation_axis", self.rotation_axis)
            e = e - (e @ a) * a
            if np.linalg.norm(e) < 1e-12:
                raise ParameterError("direction", self.direction,
                                     "must not be parallel to rotation_axis")
            e = e / np.linalg.norm(e)
            set_(self, "rotation_axis", tuple(float(c) for c in a))
        set_(self, "direction", tuple(float(c) for c in e))
        # cos and sin parts of the field [T], plain floats for the integrator
        b = self.amplitude
        sin_part = (np.zeros(3) if self.rotation_axis is None
                    else np.cross(self.rotation_axis, e))
        set_(self, "_parts", (tuple(float(b * c) for c in e),
                              tuple(float(b * c) for c in sin_part)))

    @property
    def angular_frequency(self) -> float:
        """``omega = 2 pi f`` [rad/s]."""
        return 2 * math.pi * self.frequency

    def phasor(self) -> np.ndarray:
        """Complex amplitude ``B^`` [T] with ``B_rf(t) = Re(B^ exp(i omega t))``."""
        e = np.array(self.direction)
        if self.rotation_axis is None:
            return self.amplitude * e.astype(complex)
        return self.amplitude * (e - 1j * np.cross(self.rotation_axis, e))

    def __call__(self, t: float) -> np.ndarray:
        """``B_rf(t)`` [T] at time t [s]."""
        return np.array(self._at(t))

    def _at(self, t: float) -> tuple[float, float, float]:
        ph = 2 * math.pi * self.frequency * t
        c, s = math.cos(ph), math.sin(ph)
        (a0, a1, a2), (b0, b1, b2) = self._parts
        return (c * a0 + s * b0, c * a1 + s * b1, c * a2 + s * b2)


# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trajectory:
    """The result of :meth:`Macrospin.integrate`: ``n(t)`` and the power balance.

    Attributes
    ----------
    t : ndarray, shape (N,)
        Times [s].
    n : ndarray, shape (N, 3)
        Order parameter (the paper's n; m = -n), unit vectors.
    dn_dt : ndarray, shape (N, 3)
        Its rate of change [1/s].
    energy : ndarray, shape (N,)
        Static magnetic energy per area ``E = s~ d_F eps(n)`` [J/m^2] (Zeeman in the
        static field, shape and uniaxial anisotropy; not the rf Zeeman energy).
    work_rf : ndarray, shape (N,)
        Work done by the rf field since ``t[0]``, ``int P_rf dt`` [J/m^2].
    dissipated_gilbert, dissipated_pumping : ndarray, shape (N,)
        Energy dissipated by the bulk Gilbert damping and by spin pumping into the
        metal (``alpha'_r``) since ``t[0]`` [J/m^2].
    work_torque : ndarray, shape (N,)
        Work done by the spin accumulation's torques since ``t[0]`` [J/m^2].
    equilibrium : ndarray, shape (3,)
        Reference direction (the equilibrium without drive) for :meth:`angle`.
    solution : object
        The ``scipy.integrate.solve_ivp`` result, in the scaled time
        ``tau = time_scale * t`` (its ``sol`` is the dense output when ``dense=True``;
        use :meth:`n_at`).
    time_scale : float
        ``gamma (1 T)`` [1/s], the unit of the scaled time.
    """

    t: np.ndarray
    n: np.ndarray
    dn_dt: np.ndarray
    energy: np.ndarray
    work_rf: np.ndarray
    dissipated_gilbert: np.ndarray
    dissipated_pumping: np.ndarray
    work_torque: np.ndarray
    equilibrium: np.ndarray
    solution: object = field(repr=False, default=None)
    time_scale: float = 1.0

    def energy_balance(self) -> np.ndarray:
        """``E(t) - E(t0) - (W_rf - D_Gilbert - D_pumping + W_torque)`` [J/m^2].

        Zero for the exact solution; the integrator leaves an error of the order of
        its tolerance times the work.
        """
        return (self.energy - self.energy[0]) - (self.work_rf - self.dissipated_gilbert
                                                 - self.dissipated_pumping + self.work_torque)

    def angle(self) -> np.ndarray:
        """Angle between ``n(t)`` and :attr:`equilibrium` [rad]."""
        c = np.clip(self.n @ self.equilibrium, -1.0, 1.0)
        return np.arccos(c)

    def n_at(self, t: ArrayLike) -> np.ndarray:
        """n at times t [s] inside the integrated span (needs ``dense=True``).

        Returns
        -------
        ndarray, shape (..., 3)
            Unit vectors.
        """
        dense = getattr(self.solution, "sol", None)
        if dense is None:
            raise ParameterError("dense", False, "integrate(..., dense=True) keeps the dense "
                                 "output that n_at needs")
        t = np.asarray(finite("t", t, "s"))
        if np.any(t < self.t[0]) or np.any(t > self.t[-1]):
            raise ParameterError("t", t.tolist(), f"must lie in [{self.t[0]:g}, "
                                 f"{self.t[-1]:g}] s", "s")
        v = np.moveaxis(dense(np.ravel(t) * self.time_scale)[:3], 0, -1)
        v = v / np.linalg.norm(v, axis=-1, keepdims=True)
        return v.reshape(t.shape + (3,))


# --------------------------------------------------------------------------------------
class _Kernel:
    """Numerical core of the LL equation: scaled time ``tau = omega_s t``.

    ``omega_s = g mu_B (1 T) / hbar``; fields in T; ``m = mu_s / (hbar omega_s)``;
    rates ``dn/dtau``; powers per spin in units of ``hbar omega_s^2``.
    """

    def __init__(self, *, g_factor: float, alpha: float, alpha_r: float, alpha_i: float,
                 field_: Sequence[float], shape: float, anisotropy: float,
                 axis: Sequence[float], spins: float,
                 mu_s: ArrayLike | Callable[[float], ArrayLike] | None = None,
                 rf: RFField | Callable[[float], Sequence[float] | np.ndarray] | None = None
                 ) -> None:
        self.gmu = g_factor * mu_B  # J/T
        self.omega_s = self.gmu / hbar  # rad/s per T
        self.alpha, self.ar, self.ai = float(alpha), float(alpha_r), float(alpha_i)
        self.a = self.alpha + self.ar
        self.b = 1.0 + self.ai
        self.den = self.a * self.a + self.b * self.b
        self.B = [float(c) for c in field_]
        self.ms = float(shape)
        self.bk = float(anisotropy)
        self.u = [float(c) for c in axis]
        self.spins = float(spins)  # s~ d_F per area
        self.mu_fn = mu_s if callable(mu_s) else None
        m = np.zeros(3) if (mu_s is None or callable(mu_s)) else np.asarray(mu_s, float)
        self.m = [float(c) / (hbar * self.omega_s) for c in m]
        self.rf = rf

    # ---- pointwise ---------------------------------------------------------------------
    def _m_at(self, tau: float) -> list[float]:
        if self.mu_fn is None:
            return self.m
        mu = np.asarray(self.mu_fn(tau / self.omega_s), dtype=float)
        return [float(c) / (hbar * self.omega_s) for c in mu]

    def _brf_at(self, tau: float) -> Sequence[float] | None:
        if self.rf is None:
            return None
        if isinstance(self.rf, RFField):
            return self.rf._at(tau / self.omega_s)
        return [float(c) for c in self.rf(tau / self.omega_s)]

    def static_field(self, n: Sequence[float] | np.ndarray) -> list[float]:
        """B_eff(n) [T] (no rf), n a sequence of 3 floats."""
        nz = n[2]
        nu = n[0] * self.u[0] + n[1] * self.u[1] + n[2] * self.u[2]
        return [self.B[0] - self.bk * nu * self.u[0],
                self.B[1] - self.bk * nu * self.u[1],
                self.B[2] + self.ms * nz - self.bk * nu * self.u[2]]

    def energy(self, n: Sequence[float] | np.ndarray) -> float:
        """Energy per spin in units of g mu_B (1 T)."""
        nu = n[0] * self.u[0] + n[1] * self.u[1] + n[2] * self.u[2]
        return (n[0] * self.B[0] + n[1] * self.B[1] + n[2] * self.B[2]
                + 0.5 * self.ms * n[2] ** 2 - 0.5 * self.bk * nu * nu)

    def rates(self, tau: float, y: Sequence[float] | np.ndarray, *,
              powers: bool = True) -> tuple[float, ...]:
        """dn/dtau and the power densities (per spin, units hbar omega_s^2)."""
        x, y_, z = float(y[0]), float(y[1]), float(y[2])
        r = 1.0 / math.sqrt(x * x + y_ * y_ + z * z)
        x, y_, z = x * r, y_ * r, z * r
        h = self.static_field((x, y_, z))
        brf = self._brf_at(tau)
        if brf is not None:
            h = [h[0] + brf[0], h[1] + brf[1], h[2] + brf[2]]
        m = self._m_at(tau)
        ai, ar = self.ai, self.ar
        hx, hy, hz = h[0] + ai * m[0], h[1] + ai * m[1], h[2] + ai * m[2]
        nm = x * m[0] + y_ * m[1] + z * m[2]
        # v = -n x H_tot + ar (m - (n.m) n)
        vx = -(y_ * hz - z * hy) + ar * (m[0] - nm * x)
        vy = -(z * hx - x * hz) + ar * (m[1] - nm * y_)
        vz = -(x * hy - y_ * hx) + ar * (m[2] - nm * z)
        # dn/dtau = (b v - a n x v) / (a^2 + b^2)
        a, b, den = self.a, self.b, self.den
        dx = (b * vx - a * (y_ * vz - z * vy)) / den
        dy = (b * vy - a * (z * vx - x * vz)) / den
        dz = (b * vz - a * (x * vy - y_ * vx)) / den
        if not powers:
            return dx, dy, dz
        sq = dx * dx + dy * dy + dz * dz
        p_rf = 0.0 if brf is None else -(brf[0] * dx + brf[1] * dy + brf[2] * dz)
        # (m x n) . dn
        mxn = (m[1] * z - m[2] * y_, m[2] * x - m[0] * z, m[0] * y_ - m[1] * x)
        p_t = (ar * (mxn[0] * dx + mxn[1] * dy + mxn[2] * dz)
               - ai * (m[0] * dx + m[1] * dy + m[2] * dz))
        return dx, dy, dz, p_rf, self.alpha * sq, ar * sq, p_t

    def fun(self, tau: float, y: np.ndarray) -> list[float]:
        return list(self.rates(tau, y))

    def dn_dt(self, t: float, n: np.ndarray) -> np.ndarray:
        """Physical dn/dt [1/s] at time t [s] and direction n (3,)."""
        return np.array(self.rates(t * self.omega_s, n, powers=False)) * self.omega_s

    # ---- equilibrium and linearisation -----------------------------------------------
    def _curvature(self, n: np.ndarray, step: float = 1e-4) -> float:
        """Smallest eigenvalue of the energy's Hessian on the tangent plane at n."""
        e1, e2 = _tangent_basis(n)

        def en(p: np.ndarray) -> float:
            v = n + p[0] * e1 + p[1] * e2
            return self.energy(v / np.linalg.norm(v))

        H = np.empty((2, 2))
        for i in range(2):
            for j in range(2):
                di, dj = np.eye(2)[i] * step, np.eye(2)[j] * step
                H[i, j] = (en(di + dj) - en(di - dj) - en(dj - di) + en(-di - dj)) / (
                    4 * step**2)
        return float(np.min(np.linalg.eigvalsh(H)))

    def minimum(self, guess: ArrayLike) -> np.ndarray:
        """Direction of minimal static energy near ``guess`` (no drive)."""
        from scipy.optimize import minimize

        g = np.asarray(guess, dtype=float)
        g = g / np.linalg.norm(g)
        for kick in (0.0, 1e-2, 0.3):  # leave a saddle or maximum by a kick
            e1, e2 = _tangent_basis(g)
            start = g + kick * (e1 + 0.5 * e2)
            start /= np.linalg.norm(start)

            def point(p: np.ndarray, start: np.ndarray = start, e1: np.ndarray = e1,
                      e2: np.ndarray = e2) -> np.ndarray:
                v = start + p[0] * e1 + p[1] * e2
                return v / np.linalg.norm(v)

            res = minimize(lambda p, point=point: self.energy(point(p)), np.zeros(2),
                           method="BFGS", options={"gtol": 1e-14})
            n = self.fixed_point(point(res.x))
            if self._curvature(n) > 0:
                return n
        return n

    def fixed_point(self, guess: ArrayLike) -> np.ndarray:
        """The stationary direction (dn/dt = 0) nearest ``guess``."""
        from scipy.optimize import root

        g = np.asarray(guess, dtype=float)
        g = g / np.linalg.norm(g)
        e1, e2 = _tangent_basis(g)

        def point(p: np.ndarray) -> np.ndarray:
            v = g + p[0] * e1 + p[1] * e2
            return v / np.linalg.norm(v)

        def f(p: np.ndarray) -> list[Any]:
            d = self.rates(0.0, point(p), powers=False)
            return [e1 @ d, e2 @ d]

        if max(abs(c) for c in f(np.zeros(2))) < 1e-15:
            return g
        res = root(f, np.zeros(2), method="hybr", options={"xtol": 1e-14})
        n = point(res.x)
        # judge by the residual (a degenerate minimum, e.g. an easy plane, stalls hybr)
        if max(abs(c) for c in f(res.x)) > 1e-10:
            raise ConvergenceError(f"no stationary direction found near {g.tolist()} "
                                   f"(scipy.optimize.root: {res.message})", int(res.nfev),
                                   [float(np.max(np.abs(f(res.x))))])
        return n

    def field_response(self, n0: ArrayLike) -> np.ndarray:
        """d(dn/dt)/dB [1/(s T)] at n0, a 3x3 matrix (dn/dt is linear in an extra field).

        ``v = -n x B`` enters ``dn/dt = gamma (b v - a n x v)/(a^2 + b^2)``.
        """
        n0 = np.asarray(n0, dtype=float)
        C = np.array([[0.0, -n0[2], n0[1]], [n0[2], 0.0, -n0[0]], [-n0[1], n0[0], 0.0]])
        # C @ v = n0 x v;  v = -C @ B
        return -self.omega_s * (self.b * np.eye(3) - self.a * C) @ C / self.den

    def tangent_jacobian(self, n0: ArrayLike, step: float = 1e-6
                         ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        """2x2 Jacobian [1/s] of dn/dt on the tangent plane at a fixed point n0.

        Coordinates along e1, e2 (e1 x e2 = n0), central differences.
        """
        n0 = np.asarray(n0, dtype=float)
        e1, e2 = _tangent_basis(n0)
        J = np.empty((2, 2))
        for k, e in enumerate((e1, e2)):
            cols = []
            for s in (step, -step):
                v = n0 + s * e
                d = np.array(self.rates(0.0, v / np.linalg.norm(v), powers=False))
                cols.append(np.array([e1 @ d, e2 @ d]))
            J[:, k] = (cols[0] - cols[1]) / (2 * step)
        return J * self.omega_s, (e1, e2)

    # ---- integration -----------------------------------------------------------------
    def integrate(self, n_start: ArrayLike, t_end: float, *, t_start: float = 0.0,
                  t_eval: ArrayLike | None = None, rtol: float = RTOL, atol: float = ATOL,
                  method: str = "DOP853", max_step: float | None = None, dense: bool = False,
                  equilibrium: ArrayLike | None = None) -> Trajectory:
        from scipy.integrate import solve_ivp

        n0 = unit_vector("n_start", n_start)
        t_start = finite("t_start", t_start, "s")
        t_end = finite("t_end", t_end, "s")
        if t_end <= t_start:
            raise ParameterError("t_end", t_end, f"must exceed t_start = {t_start:g} s", "s")
        in_range("rtol", rtol, 0.0, 0.1, inclusive=(False, True))
        positive("atol", atol)

        y0 = np.concatenate([n0, np.zeros(4)])
        ws = self.omega_s
        span = (t_start * ws, t_end * ws)
        te = None if t_eval is None else np.asarray(t_eval, dtype=float) * ws
        kwargs = {} if max_step is None else {"max_step": max_step * ws}
        # the work integrals carry their own scale: compare them relatively
        sol = solve_ivp(self.fun, span, y0, method=method, t_eval=te, rtol=rtol,
                        atol=[atol] * 3 + [atol] * 4, dense_output=dense, **kwargs)
        if not sol.success:
            raise ConvergenceError(f"scipy.integrate.solve_ivp failed: {sol.message}",
                                   int(sol.nfev), [])
        t = sol.t / ws
        n = sol.y[:3].T / np.linalg.norm(sol.y[:3].T, axis=1, keepdims=True)
        dn = np.array([self.rates(tau, y, powers=False) for tau, y in
                       zip(sol.t, sol.y[:3].T, strict=True)]) * ws
        unit = self.spins * self.gmu * 1.0  # J/m^2 per (g mu_B 1 T) per spin
        energy = np.array([self.energy(v) for v in n]) * unit
        w = sol.y[3:] * unit
        eq = n0 if equilibrium is None else np.asarray(equilibrium)
        return Trajectory(t=t, n=n, dn_dt=dn, energy=energy, work_rf=w[0],
                          dissipated_gilbert=w[1], dissipated_pumping=w[2],
                          work_torque=w[3], equilibrium=eq, solution=sol, time_scale=ws)
