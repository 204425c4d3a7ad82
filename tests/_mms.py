"""Helpers for the manufactured-solution tests (tests/test_manufactured.py).

Exact solutions are built from closed-form pieces whose derivatives are written out
by hand:

* :class:`Curve`: a 1D function ``c_0 + c_1 s + ... + c_m s^m + A sin(k s + phase)``
  of the scaled coordinate ``s = (t - t0) / L``, with its first and second
  derivatives; :meth:`Curve.fit` finds the polynomial coefficients from linear
  conditions on values and slopes (interface and boundary conditions).
* :class:`Separable`: a sum of products ``X_i(x) Z_i(z)`` of curves on the (x, z)
  cross-section, or ``X_i(x) Y_i(y) Z_i(z)`` in 3D, with gradient and Laplacian. 1D
  meshes run along z and are evaluated at ``x = 0``: fields of 1D tests must not depend
  on x (their x-derivatives would enter the Laplacian).

and the error measures: relative L2 errors on a region with scikit-fem and the
log-log slope of a refinement study (as scikit-fem's tests/test_convergence.py).
"""

from __future__ import annotations

import numpy as np
import skfem

__all__ = ["Curve", "Separable", "coordinates", "interface_modes", "l2_error", "line_mesh",
           "slope"]


class Curve:
    """``f(t) = sum_j c_j s^j + amp sin(k s + phase)`` with ``s = (t - t0) / L``."""

    def __init__(self, coeffs=(0.0,), *, t0=0.0, L=1.0, amp=0.0, k=0.0, phase=0.0):
        self.c = np.asarray(coeffs, dtype=float)
        self.t0, self.L = float(t0), float(L)
        self.amp, self.k, self.phase = float(amp), float(k), float(phase)

    @classmethod
    def const(cls, value):
        return cls((value,))

    @classmethod
    def cos(cls, amp, k, L, t0=0.0):
        """``amp cos(k (t - t0) / L)``."""
        return cls((0.0,), t0=t0, L=L, amp=amp, k=k, phase=np.pi / 2)

    @classmethod
    def sin(cls, amp, k, L, t0=0.0):
        """``amp sin(k (t - t0) / L)``."""
        return cls((0.0,), t0=t0, L=L, amp=amp, k=k)

    def __call__(self, t, order=0):
        """Value (order 0) or derivative of order 1 or 2 with respect to t."""
        s = (np.asarray(t, dtype=float) - self.t0) / self.L
        poly = np.polynomial.polynomial
        c = poly.polyder(self.c, order) if order else self.c
        out = poly.polyval(s, c) if len(c) else np.zeros_like(s)
        arg = self.k * s + self.phase
        trig = (np.sin(arg), self.k * np.cos(arg), -self.k**2 * np.sin(arg))[order]
        return (out + self.amp * trig) / self.L**order

    @classmethod
    def fit(cls, conditions, *, t0, L, amp=0.0, k=0.0, phase=0.0):
        """Polynomial of degree ``len(conditions) - 1`` plus the given sine.

        ``conditions``: ``(t, (w0, w1), value)`` meaning ``w0 f(t) + w1 f'(t) = value``.
        """
        m = len(conditions)
        bump = cls((0.0,), t0=t0, L=L, amp=amp, k=k, phase=phase)
        A = np.zeros((m, m))
        b = np.zeros(m)
        for row, (t, (w0, w1), value) in enumerate(conditions):
            s = (t - t0) / L
            for j in range(m):
                A[row, j] = w0 * s**j + (w1 * j * s ** (j - 1) / L if j else 0.0)
            b[row] = value - w0 * bump(t) - w1 * bump(t, 1)
        return cls(np.linalg.solve(A, b), t0=t0, L=L, amp=amp, k=k, phase=phase)


ONE = Curve.const(1.0)


class Separable:
    """``u = sum_i X_i(x) Z_i(z)`` (or ``X_i(x) Y_i(y) Z_i(z)``) with its derivatives.

    Terms are a curve of z, a pair ``(X, Z)`` or a triple ``(X, Y, Z)``; the methods
    take the coordinates ``(x, z)`` or ``(x, y, z)`` (:func:`coordinates`), and a pair
    evaluated in 3D does not depend on y.
    """

    def __init__(self, *terms):
        self.terms = [(ONE, t) if isinstance(t, Curve) else tuple(t) for t in terms]

    def _factors(self, c):
        """Per term, the curve of each coordinate of ``c``."""
        for t in self.terms:
            yield t if len(t) == len(c) else (t[0], ONE, t[1])

    def derivative(self, c, orders):
        """Sum over terms of prod_d curve_d^(orders[d])(c[d])."""
        return sum(np.prod([f(x, o) for f, x, o in zip(fs, c, orders, strict=True)], axis=0)
                   for fs in self._factors(c))

    def value(self, *c):
        return self.derivative(c, (0,) * len(c))

    def dx(self, *c):
        return self.derivative(c, (1,) + (0,) * (len(c) - 1))

    def dz(self, *c):
        return self.derivative(c, (0,) * (len(c) - 1) + (1,))

    def grad(self, *c):
        """All partial derivatives, (len(c), ...)."""
        return np.stack([self.derivative(c, tuple(int(d == k) for d in range(len(c))))
                         for k in range(len(c))])

    def laplacian(self, *c):
        return sum(self.derivative(c, tuple(2 * int(d == k) for d in range(len(c))))
                   for k in range(len(c)))


def coordinates(p):
    """(x, z) of mesh points ``p`` (shape (dim, ...)): 1D meshes run along z; (x, y, z)
    of 3D points."""
    p = np.asarray(p)
    if p.shape[0] == 1:
        return np.zeros_like(p[0]), p[0]
    return tuple(p)


def line_mesh(*segments):
    """MeshLine1 through ``(start, stop, n)`` segments joined end to end."""
    pts = [np.linspace(a, b, n + 1)[(1 if i else 0):] for i, (a, b, n) in enumerate(segments)]
    return skfem.MeshLine1.init_tensor(np.concatenate(pts))


def l2_error(sol, field, exact, region, *, reference=0.0):
    """Relative L2 error of ``field`` on ``region``: ||u_h - u|| / ||u - reference||.

    ``exact(x, z)`` gives the exact field in SI (temperatures absolute); the
    reference (e.g. the bath temperature) makes temperature errors relative to the
    temperature variation rather than to 300 K.
    """
    p = sol.problem
    basis = skfem.Basis(p.mesh, p.element, elements=p.mesh.subdomains[region],
                        intorder=2 * p.order + 4)
    uh = basis.interpolate(np.nan_to_num(sol.dof_values(field)))

    @skfem.Functional
    def err2(w):
        return (w.uh - exact(*coordinates(w.x))) ** 2

    @skfem.Functional
    def norm2(w):
        return (exact(*coordinates(w.x)) - reference) ** 2

    return float(np.sqrt(err2.assemble(basis, uh=uh) / norm2.assemble(basis)))


def slope(h, err):
    """Log-log slope of ``err(h)`` (least squares over all levels)."""
    return float(np.polyfit(np.log(h), np.log(err), 1)[0])


#: Two modes of the linear N|F interface test: (mu_s at z = 0, mu_m at z = 0, mu_s at
#: z = dN, mu_m at z = -dF), in units of 1e-3 k_B T0.
INTERFACE_MODES = {
    "P": (np.array([0.4, -0.2, 0.3]), 0.25, np.array([0.1, 0.3, -0.2]), -0.1),
    "Q": (np.array([-0.3, 0.2, 0.25]), -0.2, np.zeros(3), 0.0),
}


def interface_modes(law, n, kT, T0, Ds, sm, dN, dF, spin=("mu_x", "mu_y", "mu_z")):
    """Exact curves of each mode of :data:`INTERFACE_MODES` through a linear N|F interface
    (metal 0 < z < dN, magnet -dF < z < 0): ``{(field, mode): Curve}`` whose slopes at
    z = 0 carry the law's spin current, ``Ds mu_k'(0+) = i_k`` and
    ``sm mu_m'(0-) = -n . i``, plus a sine each."""
    curves = {}
    for mode, (s0, m0, sN, mF) in INTERFACE_MODES.items():
        s0, m0, sN, mF = 1e-3 * kT * s0, 1e-3 * kT * m0, 1e-3 * kT * sN, 1e-3 * kT * mF
        i = law.currents(s0, n, m0, T_e=T0, law="linear", reference_temperature=T0)[0]
        for k, s in enumerate(spin):
            curves[s, mode] = Curve.fit([(0.0, (1, 0), s0[k]), (0.0, (0, 1), i[k] / Ds),
                                         (dN, (1, 0), sN[k])], t0=0.0, L=dN,
                                        amp=(0.2 + 0.1 * k) * 1e-3 * kT, k=2.5)
        curves["mu_m", mode] = Curve.fit([(0.0, (1, 0), m0), (0.0, (0, 1), -(n @ i) / sm),
                                          (-dF, (1, 0), mF)], t0=0.0, L=dF,
                                         amp=0.3e-3 * kT, k=4.0)
    return curves
