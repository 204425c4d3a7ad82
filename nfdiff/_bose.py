"""Dimensionless magnon integrals of the interface law, free of cancellation.

Energies are in units of a scale ``E0`` (the caller uses ``k_B T_e``), the density of
states of the quadratic band is ``g(eps) = kappa_g sqrt(eps)`` and ``E = eps + a`` is
the magnon energy above the gap ``a``.  Two families of integrals appear
(docs/theory.md#theory-magnon-integrals, with ``nB(x) = 1 / (e^x - 1)`` and
``phi(t) = t nB(t)``):

*Magnon side* (Bose gas at chemical potential ``c < a``, temperature ``theta``)::

    H_s(c, theta) = theta^s Li_s(exp(-y)),     y = (a - c) / theta,
    p_m(c, theta) = int sqrt(eps) E^m nB((E - c)/theta) d eps
                  = sum_j binom(m, j) a^(m-j) Gamma(j + 3/2) H_{j+3/2}.

*Electron side* (electron-hole pairs at spin splitting ``nu`` and temperature 1)::

    F_s(w) = int_0^inf u^(s-1) phi(u - w) du = Gamma(s) [s L_{s+1}(w) - w L_s(w)],

with ``w = nu - a`` and ``L`` either ``Li(e^w)`` or its regular part ``R`` (the
singular parts cancel in ``F_s``).  ``F_s`` is smooth for every real ``w``: ``phi`` is
analytic on the real axis.  Derivatives: ``F_s^(n) = Gamma(s) [(s - n) L_{s+1-n} - w L_{s-n}]``.
For ``w > W_QUAD`` (spin accumulations of several k_B T above the gap) no series
converges fast and ``F_s`` is integrated numerically (Gauss-Legendre on panels).

The small-bias differences ``H_s(mu, theta_m) - H_s(0, 1)`` and the divided differences
of ``F_s`` in the spin splitting are computed without subtracting nearly equal
numbers: term by term in the series (``expm1``/``log1p``) and by Taylor series.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import pairwise
from math import comb
from typing import Any

import numpy as np
from scipy.special import gamma

from ._polylog import W_SPLIT, polylog_exp, polylog_regular

__all__ = [
    "TAYLOR_ORDER",
    "bose_difference",
    "divided_differences",
    "electron_moments",
    "electron_taylor",
    "magnon_moments",
]

#: Above this w the electron integrals are done by quadrature.
W_QUAD = 2.5
#: Spin splittings h = mu'/(k_B T_e) below this use Taylor series in h.
H_TAYLOR = 0.1
#: Highest derivative kept in the Taylor series (error ~ (h / 2 pi)^8 at worst).
TAYLOR_ORDER = 11

_G32 = gamma(1.5)
_G52 = gamma(2.5)
_G72 = gamma(3.5)


def _ylis(order: float, y: np.ndarray, k: int, li: np.ndarray) -> np.ndarray:
    """``y^k Li_s(e^-y)`` with the limit at ``y = 0`` where it is finite.

    ``li`` is ``Li_s(e^-y)`` (possibly inf at y = 0).  For ``k >= 1`` and
    ``k + s - 1 > 0`` the product vanishes at ``y = 0``.
    """
    if k == 0:
        return li
    with np.errstate(invalid="ignore"):
        out = y**k * li
    if k + order - 1 > 0:
        out = np.where(y == 0, 0.0, out)
    return out


# --------------------------------------------------------------------------------------
# magnon side
# --------------------------------------------------------------------------------------
def magnon_moments(c: np.ndarray, theta: np.ndarray, a: np.ndarray, *,
                   second: bool = False) -> dict[str, np.ndarray]:
    """Moments ``p_m`` (m = 0, 1, 2) of the Bose gas and their derivatives.

    Parameters
    ----------
    c, theta, a : ndarray
        Chemical potential, temperature and gap (units of E0), ``c < a`` or
        ``c = a = 0``.
    second : bool
        Also return the second derivatives ``d2/dc dtheta`` and ``d2/dtheta2``.

    Returns
    -------
    dict
        ``p``, ``p_c``, ``p_t`` (and ``p_ct``, ``p_tt``): arrays of shape (3, N).
    """
    y = (a - c) / theta
    orders = [3.5, 2.5, 1.5, 0.5] + ([-0.5] if second else [])
    with np.errstate(invalid="ignore", divide="ignore"):
        li = dict(zip(orders, polylog_exp(orders, -y), strict=True))

    def H(s: float) -> np.ndarray:  # theta^s Li_s
        return theta**s * li[s]

    def H_t(s: float) -> np.ndarray:  # d/dtheta H_s = theta^(s-1) [s Li_s + y Li_{s-1}]
        return theta ** (s - 1) * (s * li[s] + _ylis(s - 1, y, 1, li[s - 1]))

    # theta^(s-2) [s(s-1) Li_s + 2(s-1) y Li_{s-1} + y^2 Li_{s-2}]
    def H_tt(s: float) -> np.ndarray:
        return theta ** (s - 2) * (
            s * (s - 1) * li[s]
            + 2 * (s - 1) * _ylis(s - 1, y, 1, li[s - 1])
            + _ylis(s - 2, y, 2, li[s - 2])
        )

    G = {1.5: _G32, 2.5: _G52, 3.5: _G72}

    def moment(m: int, fn: Callable[[float], np.ndarray], shift: int) -> np.ndarray:
        # sum_j binom(m, j) a^(m-j) Gamma(j + 3/2) fn(j + 3/2 - shift)
        total = G[m + 1.5] * fn(m + 1.5 - shift)
        for j in range(m):
            with np.errstate(invalid="ignore"):
                term = comb(m, j) * a ** (m - j) * G[j + 1.5] * fn(j + 1.5 - shift)
            # gapless: a^(m-j) = 0 multiplies Li_{1/2}(1) = inf; the product vanishes
            total = total + np.where(a == 0, 0.0, term)
        return total

    out = {
        "p": np.array([moment(m, H, 0) for m in range(3)]),
        "p_c": np.array([moment(m, H, 1) for m in range(3)]),
        "p_t": np.array([moment(m, H_t, 0) for m in range(3)]),
    }
    if second:
        out["p_ct"] = np.array([moment(m, H_t, 1) for m in range(3)])
        out["p_tt"] = np.array([moment(m, H_tt, 0) for m in range(3)])
    return out


def _pow_diff(x1: np.ndarray, x2: np.ndarray, dx: np.ndarray, q: float) -> np.ndarray:
    """``x1^q - x2^q`` for ``x1, x2 >= 0`` given the exact difference ``dx = x1 - x2``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x2**q * np.expm1(q * np.log1p(dx / x2))
    return np.where(x2 > 0, out, x1**q)


def bose_difference(mu: np.ndarray, tau: np.ndarray, delta: np.ndarray,
                    a: np.ndarray) -> np.ndarray:
    """``H_s(mu, tau) - H_s(0, 1)`` for s = 3/2, 5/2, 7/2 without cancellation.

    Parameters
    ----------
    mu : ndarray
        Magnon chemical potential (units of E0), ``mu < a``.
    tau, delta : ndarray
        Magnon temperature ``tau = 1 + delta`` (units of E0), with ``delta`` given
        exactly.
    a : ndarray
        Gap (units of E0).

    Returns
    -------
    ndarray, shape (3, N)
    """
    orders = np.array([1.5, 2.5, 3.5])
    y1 = (a - mu) / tau
    y2 = a
    dy = (-mu - a * delta) / tau  # y1 - y2, exact to rounding
    tau_s = np.exp(np.outer(orders, np.log1p(delta)))  # tau^s
    tau_s_m1 = np.expm1(np.outer(orders, np.log1p(delta)))  # tau^s - 1
    out = np.empty((3, mu.size))

    near = (y2 < W_SPLIT) & (y1 < W_SPLIT + 0.5)
    far = (y2 >= W_SPLIT) & (y1 >= W_SPLIT - 0.5)
    direct = ~(near | far)

    if np.any(near):
        i = near
        y1n, y2n, dyn = y1[i], y2[i], dy[i]
        # singular part Gamma(1 - s) theta^s y^(s - 1)
        reg1 = polylog_regular(orders, -y1n)
        for j, s in enumerate(orders):
            sing = gamma(1 - s) * (tau_s_m1[j, i] * y1n ** (s - 1)
                                   + _pow_diff(y1n, y2n, dyn, s - 1))
            # regular part: sum_k zeta(s - k)/k! (-1)^k [tau^s y1^k - y2^k]
            #   = tau^s R(-y1) - R(-y2) = (tau^s - 1) R(-y1) + [R(-y1) - R(-y2)]
            out[j, i] = sing + tau_s_m1[j, i] * reg1[j] + _regular_difference(s, y1n, y2n, dyn)
    if np.any(far):
        i = far
        out[:, i] = _power_series_difference(orders, y1[i], y2[i], dy[i], delta[i])
    if np.any(direct):
        i = direct
        l1 = polylog_exp(orders, -y1[i])
        l2 = polylog_exp(orders, -y2[i])
        out[:, i] = tau_s[:, i] * l1 - l2
    return out


@cache
def _zeta_over_factorial(order: float, nterms: int) -> np.ndarray:
    from scipy.special import zeta

    k = np.arange(nterms)
    return zeta(order - k) / np.cumprod(np.concatenate(([1.0], np.arange(1.0, nterms))))


def _regular_difference(order: float, y1: np.ndarray, y2: np.ndarray,
                        dy: np.ndarray) -> np.ndarray:
    """``R_s(-y1) - R_s(-y2)`` term by term: sum_k c_k (-1)^k (y1^k - y2^k)."""
    ymax = float(max(np.max(y1), np.max(y2)))
    from ._polylog import _log_series_terms

    nterms = _log_series_terms(ymax, order)
    c = _zeta_over_factorial(float(order), nterms)
    total = np.zeros_like(y1)
    dk = np.zeros_like(y1)  # y1^k - y2^k
    y2k = np.ones_like(y1)  # y2^k
    sign = 1.0
    for k in range(1, nterms):
        # y1^k - y2^k = y1 (y1^(k-1) - y2^(k-1)) + y2^(k-1) (y1 - y2)
        dk = y1 * dk + y2k * dy
        y2k = y2k * y2
        sign = -sign
        total += sign * c[k] * dk
    return total


def _power_series_difference(orders: np.ndarray, y1: np.ndarray, y2: np.ndarray,
                             dy: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """sum_n n^-s [tau^s e^{-n y1} - e^{-n y2}] term by term (y1, y2 >= 1.5)."""
    out = np.zeros((len(orders), y1.size))
    lt = np.log1p(delta)
    ymin = float(min(np.min(y1), np.min(y2)))
    z2 = np.exp(-y2)
    zn = z2.copy()
    for n in range(1, 1000):
        expo = np.outer(orders, lt) - n * dy
        out += (float(n) ** -orders)[:, None] * zn * np.expm1(expo)
        if np.exp(-ymin * n) * max(1.0, float(np.max(np.abs(np.expm1(expo))))) < 1e-18:
            break
        zn = zn * z2
    return out


# --------------------------------------------------------------------------------------
# electron side
# --------------------------------------------------------------------------------------
def _electron_series(w: np.ndarray, nderiv: int) -> np.ndarray:
    """F_{3/2}^(n)(w), F_{5/2}^(n)(w), n = 0..nderiv, for w <= W_QUAD (series).

    Returns an array of shape (2, nderiv + 1, N).
    """
    out = np.empty((2, nderiv + 1, w.size))
    lowest = 1.5 - nderiv
    orders = [3.5 - k for k in range(int(3.5 - lowest) + 1)]
    vals = np.empty((len(orders), w.size))
    near = w > -W_SPLIT
    if np.any(near):
        vals[:, near] = polylog_regular(orders, w[near])
    if np.any(~near):
        vals[:, ~near] = polylog_exp(orders, w[~near])
    L = dict(zip(orders, vals, strict=True))
    for i, s in enumerate((1.5, 2.5)):
        for n in range(nderiv + 1):
            out[i, n] = gamma(s) * ((s - n) * L[s + 1 - n] - w * L[s - n])
    return out


@cache
def _gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.polynomial.legendre.leggauss(n)


def _phi(t: np.ndarray) -> np.ndarray:
    """t / (e^t - 1), smooth through t = 0."""
    small = np.abs(t) < 1e-8
    with np.errstate(invalid="ignore", divide="ignore"):
        out = t / np.expm1(t)
    return np.where(small, 1.0 - t / 2, out)


def _electron_quadrature(w: np.ndarray) -> np.ndarray:
    """F_{1/2}, F_{3/2}, F_{5/2} at w > 2 by Gauss-Legendre quadrature.

    Uses phi(t) = |t| [t < 0] + phi(|t|):
    F_s(w) = w^(s+1)/(s (s+1)) + int_0^inf (w+t)^(s-1) phi(t) dt
             + int_0^w (w-t)^(s-1) phi(t) dt,
    the last with t = w - v^2 to remove the endpoint singularity.
    """
    s = np.array([0.5, 1.5, 2.5])[:, None, None]
    xg, wg = _gauss_legendre(24)
    edges = np.array([0.0, 1.0, 3.0, 7.0, 15.0, 28.0, 45.0])
    out = (w ** (s[:, :, 0] + 1) / (s[:, :, 0] * (s[:, :, 0] + 1)))
    for t0, t1 in pairwise(edges):
        # right part: t in [t0, t1]
        t = 0.5 * (t1 - t0) * xg + 0.5 * (t1 + t0)
        jac = 0.5 * (t1 - t0) * wg
        integrand = (w[:, None] + t[None, :]) ** (s - 1) * _phi(t)[None, None, :]
        out += np.sum(integrand * jac, axis=-1)
        # left part: t in [t0, min(t1, w)], mapped to v = sqrt(w - t)
        lo = np.minimum(t0, w)
        hi = np.minimum(t1, w)
        va = np.sqrt(w - hi)
        vb = np.sqrt(w - lo)
        v = 0.5 * (vb - va)[:, None] * xg[None, :] + 0.5 * (vb + va)[:, None]
        jv = 0.5 * (vb - va)[:, None] * wg[None, :]
        integrand = 2 * v ** (2 * s - 1) * _phi(w[:, None] - v**2)[None, :, :]
        out += np.sum(integrand * jv[None], axis=-1)
    return out


def electron_moments(w: np.ndarray) -> np.ndarray:
    """F_{3/2}, F_{3/2}', F_{5/2}, F_{5/2}' at any real w.

    Returns an array of shape (2, 2, N): [function (alpha, beta)][derivative order].
    """
    out = np.empty((2, 2, w.size))
    ser = w <= W_QUAD
    if np.any(ser):
        out[:, :, ser] = _electron_series(w[ser], 1)
    if np.any(~ser):
        q = _electron_quadrature(w[~ser])
        out[0, 0, ~ser] = q[1]
        out[0, 1, ~ser] = 0.5 * q[0]
        out[1, 0, ~ser] = q[2]
        out[1, 1, ~ser] = 1.5 * q[1]
    return out


def electron_taylor(w0: np.ndarray, nderiv: int = TAYLOR_ORDER) -> np.ndarray:
    """Derivatives F^(n)(w0), n = 0..nderiv, of alpha = F_{3/2} and beta = F_{5/2}.

    ``w0 <= W_QUAD`` (in use ``w0 = -a <= 0``).  Shape (2, nderiv + 1, N).
    """
    return _electron_series(w0, nderiv)


def divided_differences(h: np.ndarray, taylor: np.ndarray | None = None,
                        direct: tuple[Any, ...] | None = None) -> tuple[Any, ...]:
    """Symmetric divided differences of f about w0 with step h > 0.

    ``D1 = (f(w0+h) - f(w0-h)) / (2h)``, ``D2 = (f(w0+h) + f(w0-h) - 2 f(w0)) / h^2`` and
    ``D1h = (dD1/dh)/h``, ``D2h = (dD2/dh)/h``.

    Parameters
    ----------
    h : ndarray
    taylor : ndarray, shape (nderiv + 1, N), optional
        Derivatives f^(n)(w0) (Taylor branch, accurate for h < H_TAYLOR).
    direct : tuple of ndarray, optional
        ``(f_m, f_0, f_p, df_m, df_p)``: f at w0 - h, w0, w0 + h and f' at w0 -+ h.
        ``df_m``/``df_p`` may be None when D1h, D2h are not wanted.
    """
    if taylor is not None:
        nd = taylor.shape[0] - 1
        fact = np.cumprod(np.concatenate(([1.0], np.arange(1.0, nd + 1))))
        c = taylor / fact[:, None]
        h2 = h * h
        d1 = np.zeros_like(h)
        d2 = np.zeros_like(h)
        d1h = np.zeros_like(h)
        d2h = np.zeros_like(h)
        # Horner in h^2, highest terms first
        for j in range(nd, 0, -1):
            if j % 2 == 1:
                d1 = d1 * h2 + c[j]
                if j >= 3:
                    d1h = d1h * h2 + (j - 1) * c[j]
            else:
                d2 = d2 * h2 + 2 * c[j]
                if j >= 4:
                    d2h = d2h * h2 + 2 * (j - 2) * c[j]
        return d1, d2, d1h, d2h
    assert direct is not None, "divided_differences needs taylor or direct"
    f_m, f_0, f_p, df_m, df_p = direct
    d1 = (f_p - f_m) / (2 * h)
    d2 = (f_p + f_m - 2 * f_0) / (h * h)
    if df_m is None:
        return d1, d2, None, None
    d1h = ((df_p + df_m) / (2 * h) - d1 / h) / h
    d2h = ((df_p - df_m) / (h * h) - 2 * d2 / h) / h
    return d1, d2, d1h, d2h
