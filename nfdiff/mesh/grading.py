"""Graded 1D point sets: fine next to breakpoints, geometric growth, exact tiling.

Length scales in nfdiff span five decades (a 1.5 nm spin diffusion length next to a
10 um magnon diffusion length), so every mesh is graded towards the breakpoints (layer
boundaries, strip edges) where the fields change fastest.

How the sizes are chosen
------------------------
A *size field* ``h(x)`` is built from the breakpoint sizes ``v_i``::

    h(x) = min(h_max, v_a + s (x - a), v_b + s (b - x))   on each interval [a, b]

with a slope ``s <= ln(growth)``, and the nodes are placed where the integral of
``1/h`` from the left end is an integer (*equidistribution*).  Along the integer
coordinate ``sigma = int dx / h`` the logarithm of ``h`` changes by at most ``s`` per
unit, so two neighbouring elements differ in size by at most ``exp(s) <= growth``;
the same bound holds across a breakpoint because both neighbours lie within one unit
of ``sigma`` of the common value ``v_i``.  Three steps make that exact:

1. ``v_i = h_min_i ln(growth) / (growth - 1)``, so that the element next to a
   breakpoint comes out at ``h_min_i`` where the growth branch covers it with the full
   slope, and in ``[h_min_i / growth, h_min_i]`` with any lower slope; then ``v`` is
   replaced by its Lipschitz envelope ``min_k (v_k + ln(growth) |b_i - b_k|)`` so that
   no breakpoint is coarser than the growth from a finer one allows.
2. Each interval gets ``N = ceil(int 1/h)`` elements and its slope ``s`` is lowered
   (bisection) until ``int 1/h = N`` exactly; lowering the slope refines the interior
   and leaves the end values alone (the end elements shrink by less than a growth
   step, and by under 1 % in intervals of 20 or more elements).  An interval too
   short for that (a few elements: even the field falling linearly from ``v_a`` to
   ``v_b`` integrates to less than ``N``) has its end values lowered, which tightens
   its neighbours in turn (repeat until nothing changes): short intervals get a
   uniform subdivision finer than ``h_min``.  With ``growth`` close to 1, neighbouring
   intervals of about ``h_min`` whose lengths are not commensurate can need many small
   elements to keep the ratio bound.
3. The nodes are computed in closed form (exponentials on the growth branches, a
   uniform step on the ``h_max`` plateau), measured from the nearer end of each
   interval, and the breakpoints are copied in exactly.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from .._validate import finite, positive, require
from ..errors import ParameterError

__all__ = ["graded_count", "graded_points"]

#: Relative slack on element counts: an integral within this of an integer counts as it.
_COUNT_TOL = 1e-9


def graded_points(breaks: ArrayLike, h_min: ArrayLike, h_max: float,
                  growth: float = 1.3) -> np.ndarray:
    """Node coordinates graded towards every breakpoint.

    Parameters
    ----------
    breaks : array_like, shape (n,)
        Strictly increasing breakpoints [m] (any length unit works), ``n >= 2``: layer
        boundaries, strip edges, points to refine at.  All are nodes of the result.
    h_min : float or array_like, shape (n,)
        Element size next to each breakpoint [m]: one value for all, or one per
        breakpoint.
    h_max : float
        Largest element size [m], ``>= max(h_min)``.
    growth : float, optional
        Largest ratio of neighbouring element sizes, ``> 1`` (default: 1.3).

    Returns
    -------
    ndarray, shape (m,)
        Increasing node coordinates [m] from ``breaks[0]`` to ``breaks[-1]`` that
        contain every breakpoint exactly.  Neighbouring elements differ in size by at
        most a factor ``growth`` everywhere, across breakpoints too, and no element
        exceeds ``h_max``.  The elements next to breakpoint ``i`` are at most
        ``h_min[i]``, within 1 % of it in intervals of 20 or more elements and above
        ``h_min[i] / growth`` unless the interval is too short to grow: an interval of
        a few ``h_min`` or less gets a near-uniform subdivision with smaller elements
        (at least one), and its neighbours are graded down to match.

    Raises
    ------
    ParameterError
        If ``breaks`` is not strictly increasing and finite, a size is not positive,
        ``h_min`` has the wrong length, ``h_max < max(h_min)`` or ``growth <= 1``.

    Examples
    --------
    A 1 nm element next to a 10 um film takes a few dozen elements, not 10^4:

    >>> x = graded_points([0.0, 10e-6], h_min=1e-9, h_max=1e-6)
    >>> len(x) - 1 < 80
    True
    """
    breaks, h_min, h_max, growth = _checked(breaks, h_min, h_max, growth)
    slope = np.log(growth)
    v = _breakpoint_sizes(breaks, h_min * slope / (growth - 1.0), slope)
    lengths = np.diff(breaks)
    v, counts = _settle_counts(breaks, lengths, v, h_max, slope)
    s_lo = _critical_slope(lengths, v[:-1], v[1:], slope)
    s = _solve_slopes(lengths, v[:-1], v[1:], h_max, counts, s_lo, slope)
    return _nodes(breaks, v, h_max, s, counts)


def graded_count(breaks: ArrayLike, h_min: ArrayLike, h_max: float,
                 growth: float = 1.3) -> int:
    """The number of elements :func:`graded_points` would make, without making them.

    Cheap arithmetic on the breakpoints (no node is computed), so that a mesh builder
    can refuse an absurd element count (a length in nanometres given as metres, say)
    before it fills the memory. Same parameters and checks as :func:`graded_points`.

    Examples
    --------
    >>> x = graded_points([0.0, 10e-6], h_min=1e-9, h_max=1e-6)
    >>> graded_count([0.0, 10e-6], h_min=1e-9, h_max=1e-6) == len(x) - 1
    True
    >>> graded_count([0.0, 5.0], h_min=1e-9, h_max=1e-6) > 1e6  # 5 m, not 5 um
    True
    """
    breaks, h_min, h_max, growth = _checked(breaks, h_min, h_max, growth)
    slope = np.log(growth)
    v = _breakpoint_sizes(breaks, h_min * slope / (growth - 1.0), slope)
    _, counts = _settle_counts(breaks, np.diff(breaks), v, h_max, slope)
    return int(np.sum(counts))


def _checked(breaks: ArrayLike, h_min: ArrayLike, h_max: float, growth: float
             ) -> tuple[np.ndarray, np.ndarray, float, float]:
    """The arguments of :func:`graded_points` checked: breaks and h_min as arrays of the
    same length, h_max and growth as floats."""
    breaks = finite("breaks", breaks, "m")
    if np.ndim(breaks) != 1 or np.size(breaks) < 2:
        raise ParameterError("breaks", breaks, "must be a 1D sequence of at least 2 points")
    assert isinstance(breaks, np.ndarray)
    require("breaks", breaks[1:], np.diff(breaks) > 0,
            "must be strictly increasing (this entry is not above the previous one)", "m")
    h_min = positive("h_min", h_min, "m")
    if np.ndim(h_min) == 0:
        h_min = np.full(len(breaks), h_min)
    elif np.shape(h_min) != breaks.shape:
        raise ParameterError("h_min", h_min, f"must be a scalar or have one value per "
                             f"breakpoint ({len(breaks)})", "m")
    h_max = positive("h_max", h_max, "m")
    require("h_max", h_max, h_max >= np.max(h_min),
            f"must be >= h_min (largest: {np.max(h_min):.6g} m)", "m")
    growth = finite("growth", growth)
    require("growth", growth, growth > 1.0,
            "must be > 1 (the largest ratio of neighbouring element sizes)")
    assert isinstance(h_min, np.ndarray)
    return breaks, h_min, h_max, growth


# ---- size field ------------------------------------------------------------------------

def _breakpoint_sizes(breaks: np.ndarray, v: np.ndarray, slope: float) -> np.ndarray:
    """Lipschitz envelope min_k (v_k + slope |b_i - b_k|) of the breakpoint sizes."""
    return np.min(v[None, :] + slope * np.abs(breaks[:, None] - breaks[None, :]), axis=1)


def _critical_slope(lengths: np.ndarray, va: np.ndarray, vb: np.ndarray,
                    slope: float) -> np.ndarray:
    """Smallest slope that keeps the end values: |va - vb| / L (kept > 0 for the logs)."""
    return np.clip(np.abs(va - vb) / lengths, slope * 1e-12, slope)


def _pieces(lengths: np.ndarray, va: np.ndarray, vb: np.ndarray, h_max: float,
            s: np.ndarray | float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lengths of the two growth branches and the plateau of each interval's field.

    Returns ``(da, db, plateau)`` [m]: the field grows from ``va`` over ``da``, is
    ``h_max`` over ``plateau`` and falls to ``vb`` over ``db``.
    """
    meet = np.clip((vb - va + s * lengths) / (2.0 * s), 0.0, lengths)  # branches cross
    peak = va + s * meet
    capped = peak > h_max
    da = np.where(capped, (h_max - va) / s, meet)
    db = np.where(capped, (h_max - vb) / s, lengths - meet)
    plateau = np.maximum(lengths - da - db, 0.0)
    return da, db, plateau


def _log1p_ratio(x: ArrayLike) -> np.ndarray:
    """log1p(x) / x, continuous at x = 0."""
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 1e-8
    safe = np.where(small, 1.0, x)
    return np.where(small, 1.0 - x / 2.0, np.log1p(safe) / safe)


def _expm1_ratio(x: ArrayLike) -> np.ndarray:
    """expm1(x) / x, continuous at x = 0."""
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 1e-8
    safe = np.where(small, 1.0, x)
    return np.where(small, 1.0 + x / 2.0, np.expm1(safe) / safe)


def _integral(lengths: np.ndarray, va: np.ndarray, vb: np.ndarray, h_max: float,
              s: np.ndarray | float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integral of 1/h over each interval: its number of elements at unit spacing.

    Also returns the integrals over the first branch and the plateau, for placing
    the nodes.
    """
    da, db, plateau = _pieces(lengths, va, vb, h_max, s)
    branch_a = da / va * _log1p_ratio(s * da / va)
    branch_b = db / vb * _log1p_ratio(s * db / vb)
    flat = plateau / h_max
    return branch_a + flat + branch_b, branch_a, flat


def _settle_counts(breaks: np.ndarray, lengths: np.ndarray, v: np.ndarray, h_max: float,
                   slope: float) -> tuple[np.ndarray, np.ndarray]:
    """Element counts and breakpoint sizes such that every interval can be tiled.

    An interval with ``ceil(int 1/h) > int 1/h_linear`` (the integral of the field
    that falls linearly from ``va`` to ``vb``, the largest reachable without changing
    the end values) is too short: its end values are scaled down so that the linear
    field integrates to the count, and the envelope is taken again.
    """
    for _ in range(10_000):  # each pass adds elements; pathological cases need ~100
        va, vb = v[:-1], v[1:]
        total, _, _ = _integral(lengths, va, vb, h_max, slope)
        counts = np.maximum(1, np.ceil(total * (1.0 - _COUNT_TOL))).astype(np.int64)
        reachable, _, _ = _integral(lengths, va, vb, h_max,
                                    _critical_slope(lengths, va, vb, slope))
        short = counts > reachable * (1.0 + _COUNT_TOL)
        if not np.any(short):
            return v, counts
        factor = np.where(short, reachable / counts, 1.0)
        shrunk = v.copy()
        shrunk[:-1] = np.minimum(shrunk[:-1], va * factor)
        shrunk[1:] = np.minimum(shrunk[1:], vb * factor)
        v = _breakpoint_sizes(breaks, shrunk, slope)
    raise RuntimeError("graded_points: element counts did not settle; please report the "
                       "breakpoints and sizes")  # pragma: no cover


def _solve_slopes(lengths: np.ndarray, va: np.ndarray, vb: np.ndarray, h_max: float,
                  counts: np.ndarray, s_lo: np.ndarray, s_hi: float) -> np.ndarray:
    """Slopes in [s_lo, s_hi] at which each interval's field integrates to its count.

    The integral decreases with the slope (the field grows pointwise), so a bisection
    converges; intervals whose count is already met keep s_hi. The intervals are bisected
    in lockstep, until all have converged, in plain floats (:func:`_integral_scalar`): a
    few microseconds per step instead of the overhead of some thirty numpy calls.
    """
    lo = np.array(s_lo, dtype=float)
    hi = np.full_like(lo, s_hi)
    done = _integral(lengths, va, vb, h_max, hi)[0] >= counts * (1.0 - _COUNT_TOL)
    lo = np.where(done, hi, lo)
    args = [(float(L), float(a), float(b), float(h_max), float(n))
            for L, a, b, n in zip(lengths, va, vb, counts, strict=True)]
    lo, hi = lo.tolist(), hi.tolist()
    for _ in range(200):
        converged = True
        for i, (L, a, b, h, n) in enumerate(args):
            mid = 0.5 * (lo[i] + hi[i])
            if _integral_scalar(L, a, b, h, mid) > n:
                lo[i] = mid
            else:
                hi[i] = mid
            converged = converged and hi[i] - lo[i] <= 1e-15 * hi[i]
        if converged:
            break
    return np.array(hi)


def _integral_scalar(L: float, va: float, vb: float, h_max: float, s: float) -> float:
    """The total of :func:`_integral` for one interval, in floats, operation for operation."""
    meet = min(max((vb - va + s * L) / (2.0 * s), 0.0), L)
    if va + s * meet > h_max:
        da, db = (h_max - va) / s, (h_max - vb) / s
    else:
        da, db = meet, L - meet
    plateau = max(L - da - db, 0.0)
    branch_a = da / va * _log1p_ratio_scalar(s * da / va)
    branch_b = db / vb * _log1p_ratio_scalar(s * db / vb)
    return branch_a + plateau / h_max + branch_b


def _log1p_ratio_scalar(x: float) -> float:
    return 1.0 - x / 2.0 if abs(x) < 1e-8 else math.log1p(x) / x


def _nodes(breaks: np.ndarray, v: np.ndarray, h_max: float, s: np.ndarray,
           counts: np.ndarray) -> np.ndarray:
    """Closed-form node positions of every interval, breakpoints included exactly."""
    lengths = np.diff(breaks)
    va, vb = v[:-1], v[1:]
    total, branch_a, flat = _integral(lengths, va, vb, h_max, s)
    da, _, _ = _pieces(lengths, va, vb, h_max, s)
    interval = np.repeat(np.arange(len(lengths)), counts - 1)
    first = np.cumsum(counts) - counts  # index of each interval's first element
    k = np.arange(len(interval)) - (first - np.arange(len(lengths)))[interval] + 1
    # sigma of node k: k (total / count), so that the last node falls on b exactly
    sigma = k * (total / counts)[interval]
    a, b = breaks[:-1][interval], breaks[1:][interval]
    si, vai, vbi = s[interval], va[interval], vb[interval]
    on_a = sigma <= branch_a[interval]
    on_flat = ~on_a & (sigma <= (branch_a + flat)[interval])
    on_b = ~on_a & ~on_flat
    from_b = total[interval] - sigma
    # each branch's exponential only where it applies: elsewhere its argument can be
    # large (thousands of plateau elements) and would overflow
    grow_a = _expm1_ratio(si * np.where(on_a, sigma, 0.0))
    grow_b = _expm1_ratio(si * np.where(on_b, from_b, 0.0))
    x = np.where(on_a, a + vai * sigma * grow_a,
                 np.where(on_flat, a + da[interval] + (sigma - branch_a[interval]) * h_max,
                          b - vbi * from_b * grow_b))
    nodes = np.empty(len(breaks) + len(x))
    at_break = np.concatenate([[0], np.cumsum(counts)])
    nodes[at_break] = breaks
    inner = np.ones(len(nodes), dtype=bool)
    inner[at_break] = False
    nodes[inner] = x
    return nodes
