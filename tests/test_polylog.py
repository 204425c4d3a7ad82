"""Polylogarithms of half-integer order and the dimensionless magnon integrals.

References are independent: brute-force sums of Li_s(z) = sum z^n / n^s in 50-digit
arithmetic (mpmath.polylog itself is inaccurate for negative non-integer orders: it
disagrees with the direct sum at 1e-9 for s = -4.5, w = -0.2), the series of the
regular part summed in mpmath, and mpmath quadrature of the defining integrals.
"""

import mpmath as mp
import numpy as np
import pytest

from nfdiff import _bose
from nfdiff._polylog import polylog_exp, polylog_regular

mp.mp.dps = 50

ORDERS = [3.5, 2.5, 1.5, 0.5, -0.5, -1.5, -4.5, -9.5]


def li_brute(s, w):
    s, w = mp.mpf(s), mp.mpf(w)
    z = mp.exp(w)
    nmax = int(80 / float(-w)) + 200
    return mp.fsum(z**k / mp.mpf(k) ** s for k in range(1, nmax))


def regular_series(s, w):
    s, w = mp.mpf(s), mp.mpf(w)
    return mp.fsum(mp.zeta(s - k) * w**k / mp.factorial(k) for k in range(200))


@pytest.mark.parametrize("w", [-0.06, -0.3, -1.0, -1.99, -2.01, -3.0, -5.0, -10.0, -40.0])
def test_polylog_against_direct_sum(w):
    got = polylog_exp(ORDERS, np.array([w]))[:, 0]
    for s, value in zip(ORDERS, got, strict=True):
        ref = li_brute(s, w)
        assert abs(value - ref) <= 1e-13 * abs(ref), (s, w)


@pytest.mark.parametrize("w", [-1e-12, -1e-6, -1e-3])
def test_polylog_near_one_against_mpmath(w):
    # positive orders: mpmath.polylog is reliable; the expansion in ln z is used here
    for s in (3.5, 2.5, 1.5, 0.5):
        value = polylog_exp([s], np.array([w]))[0, 0]
        ref = mp.polylog(s, mp.exp(w))
        assert abs(value - ref) <= 1e-13 * abs(ref)


def test_polylog_at_one():
    v = polylog_exp([3.5, 2.5, 1.5, 0.5], np.array([0.0]))[:, 0]
    assert v[:3] == pytest.approx([mp.zeta(3.5), mp.zeta(2.5), mp.zeta(1.5)], rel=1e-14, abs=0)
    assert v[3] == np.inf


@pytest.mark.parametrize("w", [-3.0, -1.5, -0.2, 0.0, 0.2, 1.5, 3.0])
def test_regular_part(w):
    got = polylog_regular(ORDERS, np.array([w]))[:, 0]
    for s, value in zip(ORDERS, got, strict=True):
        ref = regular_series(s, w)
        # the lowest order loses a little at |w| = 3 (largest coefficients)
        tol = 1e-11 if s < -5 else 1e-13
        assert abs(value - ref) <= tol * abs(ref), (s, w)


def test_regular_part_is_real_part_above_one():
    """For w > 0 and half-integer s, R_s(w) = Re Li_s(e^w) on the principal branch."""
    for s in (2.5, 1.5, 0.5):
        for w in (0.3, 1.7):
            ref = mp.re(mp.polylog(s, mp.exp(w)))
            assert polylog_regular([s], np.array([w]))[0, 0] == pytest.approx(float(ref),
                                                                              rel=1e-12, abs=0)


def test_orders_must_be_half_integers():
    with pytest.raises(ValueError, match="half-integers"):
        polylog_exp([1.0], np.array([-1.0]))


# ---- electron-side integrals F_s(w) = int u^(s-1) phi(u - w) du ----------------------
def _phi(t):
    return t / mp.expm1(t) if t != 0 else mp.mpf(1)


def F_ref(s, w, n=0):
    s, w = mp.mpf(s), mp.mpf(w)
    if n:
        def f(u):
            return u ** (s - 1) * mp.diff(lambda x: _phi(u - x), w, n)
    else:
        def f(u):
            return u ** (s - 1) * _phi(u - w)
    pts = sorted({mp.mpf(0), max(w, 0), max(w, 0) + 5, max(w, 0) + 30})
    return mp.quad(f, [*pts, mp.inf])


@pytest.mark.parametrize("w", [-8.0, -3.0, -2.01, -1.0, -1e-3, 0.0, 0.7, 2.4, 2.6, 5.0,
                               20.0, 60.0])
def test_electron_integrals_all_regimes(w):
    """Series (w < 2.5, both sides of the gap) and quadrature (w > 2.5) to 1e-12."""
    got = _bose.electron_moments(np.array([w]))
    for fi, s in enumerate((1.5, 2.5)):
        for n in (0, 1):
            ref = F_ref(s, w, n)
            assert abs(got[fi, n, 0] - ref) <= 1e-12 * abs(ref), (s, w, n)


@pytest.mark.parametrize("w", [-4e-4, -0.3, -2.5, -6.0])
def test_electron_taylor_derivatives(w):
    got = _bose.electron_taylor(np.array([w]), 5)
    for n in range(5):
        ref = F_ref(1.5, w, n)
        assert abs(got[0, n, 0] - ref) <= 1e-9 * abs(ref), n


def test_bose_difference_small_bias():
    """H_s(mu, tau) - H_s(0, 1) keeps full relative accuracy at tiny biases."""
    for a in [4.5e-4, 0.3, 1.9, 2.1, 5.0, 0.0]:
        for mu, delta in [(1e-9, 0.0), (0, 1e-9), (-3e-7, 2e-8), (1e-4, -1e-4),
                          (-0.5, 0.3), (-1e-12, 1e-12)]:
            if mu >= a:
                continue
            d = _bose.bose_difference(np.array([mu]), np.array([1 + delta]),
                                      np.array([delta]), np.array([a]))
            tau = 1 + mp.mpf(delta)
            for j, s in enumerate((1.5, 2.5, 3.5)):
                ref = (tau**s * mp.polylog(s, mp.exp(-(a - mp.mpf(mu)) / tau))
                       - mp.polylog(s, mp.exp(-mp.mpf(a))))
                assert abs(d[j, 0] - ref) <= 1e-12 * abs(ref), (a, mu, delta, s)
