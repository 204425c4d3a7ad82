"""Polylogarithms of half-integer order on the real axis, vectorised.

The magnon integrals of the interface law (docs/theory.md#theory-magnon-integrals) have
closed forms in
``Li_s(z)`` with ``z = exp(w)`` and half-integer ``s``; scipy has no polylogarithm of
non-integer order.  Two convergent representations cover the real axis:

* the power series ``Li_s(e^w) = sum_{n>=1} e^{n w} / n^s`` for ``w <= -W_SPLIT``;
* the expansion in ``w = ln z`` about ``z = 1`` (radius ``2 pi``)::

      Li_s(e^w) = Gamma(1 - s) (-w)^(s - 1) + R_s(w),
      R_s(w)    = sum_{k>=0} zeta(s - k) w^k / k!

  for ``|w| < W_SPLIT``.

``R_s`` (the *regular part*) is analytic in the strip ``|Im w| < 2 pi``; for ``w > 0``
and half-integer ``s`` it equals ``Re Li_s(e^w)`` on the principal branch, because
the real part of the singular term vanishes there (``cos(pi (s - 1)) = 0``).
Derivatives shift the order: ``d/dw Li_s(e^w) = Li_{s-1}(e^w)`` and
``d/dw R_s = R_{s-1}``.

Every function takes a sequence of orders and returns one row per order, so that
the powers of ``z`` or ``w`` are computed once for all orders.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
from scipy.special import gamma, gammaln, zeta

__all__ = ["W_SPLIT", "polylog_exp", "polylog_regular"]

#: Boundary between the two representations (|w| below: expansion in w).
W_SPLIT = 2.0
_TOL = 1e-17
_MAX_TERMS = 400


def _check_orders(orders: Sequence[float] | np.ndarray) -> np.ndarray:
    s = np.asarray(orders, dtype=float)
    if np.any(np.abs(2 * s - np.round(2 * s)) > 1e-12) or np.any(np.round(2 * s) % 2 == 0):
        raise ValueError(f"polylog orders must be half-integers, got {list(orders)}")
    return s


@cache
def _zeta_coefficients(order: float, nterms: int) -> np.ndarray:
    """zeta(order - k) / k! for k = 0 .. nterms - 1."""
    k = np.arange(nterms)
    kfact = np.cumprod(np.concatenate(([1.0], np.arange(1, nterms, dtype=float))))
    return zeta(order - k) / kfact


def _log_series_terms(wmax: float, lowest_order: float) -> int:
    """Terms of the w-series needed for |term| < 1e-17 max|term| at |w| <= wmax.

    For large k, |zeta(s - k)| / k! ~ 2 Gamma(k + 1 - s) / ((2 pi)^(k + 1 - s) k!), which
    grows like k^(-s) / (2 pi)^k: the lowest order needs the most terms.
    """
    if wmax == 0.0:
        return 1
    s = lowest_order
    k = np.arange(1, _MAX_TERMS)
    log_term = (np.log(2.0) + gammaln(k + 1 - s) - (k + 1 - s) * np.log(2 * np.pi)
                - gammaln(k + 1) + k * np.log(wmax))
    log_ref = max(float(np.max(log_term)), float(np.log(abs(zeta(s)))))
    small = np.nonzero(log_term < log_ref + np.log(_TOL))[0]
    # the first index after which every later term is small (terms decay monotonically
    # past their maximum for wmax < 2 pi)
    peak = int(np.argmax(log_term))
    after = small[small > peak]
    n = int(k[after[0]]) + 1 if after.size else _MAX_TERMS
    return max(2, n)


def polylog_regular(orders: Sequence[float] | np.ndarray, w: np.ndarray) -> np.ndarray:
    """Regular part ``R_s(w)`` of ``Li_s(e^w)`` for half-integer ``s``.

    Parameters
    ----------
    orders : sequence of float
        Half-integer orders ``s`` (any sign).
    w : array_like
        Real arguments with ``|w| <= 3`` (the series converges for ``|w| < 2 pi``).

    Returns
    -------
    ndarray, shape ``(len(orders),) + w.shape``
    """
    s = _check_orders(orders)
    w = np.asarray(w, dtype=float)
    wmax = float(np.max(np.abs(w))) if w.size else 0.0
    if wmax > 3.0 + 1e-12:
        raise ValueError(f"polylog_regular needs |w| <= 3, got max |w| = {wmax}")
    nterms = _log_series_terms(wmax, float(np.min(s)))
    out = np.zeros((len(s),) + w.shape)
    # Horner evaluation of sum_k c_k w^k for each order.
    for j, order in enumerate(s):
        c = _zeta_coefficients(float(order), nterms)
        acc = np.full(w.shape, c[-1])
        for ck in c[-2::-1]:
            acc = acc * w + ck
        out[j] = acc
    return out


def _power_series(s: np.ndarray, w: np.ndarray) -> np.ndarray:
    """sum_n e^{n w} / n^s for 1-D ``w <= -1`` (used below ``-W_SPLIT``)."""
    out = np.zeros((len(s), w.size))
    if w.size == 0:
        return out
    z = np.exp(w)
    zn = z.copy()
    smin = float(np.min(s))
    zmax = float(np.max(z))
    for n in range(1, _MAX_TERMS * 10):
        out += np.outer(float(n) ** (-s), zn)
        # Next term relative to the first one (z), bounded over points and orders;
        # stop once past the maximum of n^{-s} z^n and below the tolerance.
        ratio = zmax * (1.0 + 1.0 / n) ** max(0.0, -smin)
        if ratio < 0.5 and zmax**n * (n + 1.0) ** (-smin) < _TOL:
            break
        zn = zn * z
    return out


def polylog_exp(orders: Sequence[float] | np.ndarray, w: np.ndarray) -> np.ndarray:
    """``Li_s(e^w)`` for real ``w <= 0`` and half-integer orders ``s``.

    Parameters
    ----------
    orders : sequence of float
        Half-integer orders ``s`` (any sign).
    w : array_like
        Real arguments ``w <= 0`` (``z = e^w <= 1``).

    Returns
    -------
    ndarray, shape ``(len(orders),) + w.shape``
        At ``w = 0`` the value is ``zeta(s)`` for ``s > 1`` and ``inf`` otherwise.
    """
    s = _check_orders(orders)
    w = np.asarray(w, dtype=float)
    if np.any(w > 0) or not np.all(np.isfinite(w) | (w == -np.inf)):
        raise ValueError("polylog_exp needs real w <= 0")
    out = np.empty((len(s),) + w.shape)
    near = w > -W_SPLIT
    if np.any(near):
        wn = w[near]
        reg = polylog_regular(s, wn)
        mw = -wn
        with np.errstate(divide="ignore"):
            for j, order in enumerate(s):
                if order > 1:
                    sing = gamma(1 - order) * mw ** (order - 1)
                else:
                    sing = np.where(mw > 0, gamma(1 - order) * mw ** (order - 1), np.inf)
                out[j][near] = reg[j] + sing
    far = ~near
    if np.any(far):
        out[:, far] = _power_series(s, w[far])
    return out
