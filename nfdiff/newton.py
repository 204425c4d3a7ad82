"""Damped Newton iteration with an admissibility-preserving line search.

Newton solves a nonlinear system given as an object (:class:`NonlinearSystem`, e.g.
:class:`nfdiff.problem.System`): its size, the index blocks of its unknowns, the residual
and Jacobian at a state and a drive scale, and an admissibility check of a state. It
writes into nothing but its own record.

The step is damped (halved) while it would carry the state out of its domain (the
magnon chemical potential to or above the magnon gap anywhere: the system's
``admissible``, and interface points through the law), or while it does not reduce the
scaled residual (Armijo condition on the max norm). The linear systems are solved by
sparse LU (SuperLU) of the row- and column-equilibrated Jacobian.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import scipy.sparse.linalg as spla
from numpy.typing import ArrayLike

from .errors import CondensationError, ConvergenceError, NfdiffError, StateError

if TYPE_CHECKING:
    from scipy.sparse import spmatrix

__all__ = ["LinearSolver", "NewtonRecord", "NonlinearSystem", "newton",
           "solve_with_continuation"]


class NonlinearSystem(Protocol):
    """What Newton needs of a system ``R(x) = 0``.

    Attributes
    ----------
    size : int
        Number of unknowns.
    blocks : list of ndarray
        Index blocks of the unknowns, each held to its own relative tolerance.
    """

    size: int
    blocks: list[np.ndarray]

    def evaluate(self, x: np.ndarray, drive_scale: float = 1.0, jacobian: bool = True
                 ) -> tuple[np.ndarray, Any]:
        """``(R, J)``: residual and (sparse) Jacobian at ``x`` with the drive scaled by
        ``drive_scale`` (``J`` None without ``jacobian``)."""

    def admissible(self, x: np.ndarray) -> NfdiffError | None:
        """None if ``x`` is in the domain of the equations, else the error it would be
        (a :class:`~nfdiff.CondensationError` or :class:`~nfdiff.errors.StateError`)."""


@dataclass
class NewtonRecord:
    """Convergence record of a Newton solve.

    Attributes
    ----------
    iterations : int
        Newton steps taken (linear solves).
    residuals : list of float
        Max-norm of the scaled residual, the first one of the initial guess. The
        residual is scaled row by row by the inverse largest Jacobian entry of the first
        iteration, so it is measured in scaled unknowns (k_B T0 for energies, T0 for
        temperatures).
    converged : bool
    damping : list of float
        Step length of each iteration (1 = full Newton step).
    steps : list of float
        Max-norm of each Newton update relative to the max-norm of the solution after
        it: an estimate of the relative error of the previous iterate (quadratic
        convergence doubles its digits per step).
    row_scale : ndarray or None
        The row scaling of the residual norms (inverse largest Jacobian entry of each
        row at the first iteration).
    """

    iterations: int = 0
    residuals: list[float] = field(default_factory=list)
    converged: bool = False
    damping: list[float] = field(default_factory=list)
    steps: list[float] = field(default_factory=list)
    row_scale: np.ndarray | None = field(default=None, repr=False)


class _Outside(Exception):
    """No admissible step: the state would leave the domain (e.g. the magnon chemical
    potential would reach the gap). ``error`` is the error of the last inadmissible trial
    state (:class:`CondensationError` or :class:`StateError`)."""

    def __init__(self, error: NfdiffError) -> None:
        self.error = error


def _abs_max(A: spmatrix) -> np.ndarray:
    """Largest |entry| of each row of a CSR matrix (each column of a CSC one); 0 if empty.

    One pass over the stored values, without the temporaries of ``abs(A).max(axis)``.
    """
    n = len(A.indptr) - 1
    out = np.zeros(n)
    filled = np.diff(A.indptr) > 0
    if np.any(filled):
        out[filled] = np.maximum.reduceat(np.abs(A.data[:A.indptr[-1]]),
                                          A.indptr[:-1][filled])
    return out


def _scale_rows(A: spmatrix, d: np.ndarray) -> spmatrix:
    """``diag(d) @ A`` for a CSR matrix (``A @ diag(d)`` for CSC), in place; returns A."""
    A.data[:A.indptr[-1]] *= np.repeat(d, np.diff(A.indptr))
    return A


def _factor(J: spmatrix) -> Callable[[np.ndarray], np.ndarray]:
    """Sparse LU of ``J`` with its columns equilibrated: returns ``x -> J^-1 x``."""
    A = J.tocsc(copy=True)
    col = _abs_max(A)
    col[col == 0] = 1.0
    Dc = 1.0 / col
    # threshold partial pivoting keeps the fill-reducing order: the rows and columns are
    # equilibrated, so the diagonal is a good pivot. 0.01 rather than 0.1 gives less fill
    # and the same residual (docs/performance.md); Newton's convergence test on the true
    # residual guards the accuracy whatever the pivots.
    lu = spla.splu(_scale_rows(A, Dc), permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.01)
    return lambda b: Dc * lu.solve(b)


def _solve(J: spmatrix, b: np.ndarray) -> np.ndarray:
    """``J^-1 b`` by a fresh sparse LU."""
    return _factor(J)(b)


class LinearSolver:
    """Newton's linear solves: one LU, reused as the preconditioner of GMRES.

    Only the interface law, Joule heating and temperature-dependent coefficients change
    the Jacobian between Newton steps (docs/theory.md#theory-validity), so the LU of an
    earlier Jacobian is an excellent preconditioner of the current one: GMRES then
    converges in a few iterations to ``rtol`` (relative to the residual it solves for, so
    the steps stay exact Newton steps and the convergence quadratic). When it does not
    converge within three restart cycles of ``maxiter`` iterations, the current Jacobian
    is factored afresh. ``factorisations`` counts the LUs.
    """

    def __init__(self, rtol: float = 1e-10, maxiter: int = 20) -> None:
        self.rtol, self.maxiter = rtol, maxiter
        self.inverse: Callable[[np.ndarray], np.ndarray] | None = None
        self.factorisations = 0

    def __call__(self, J: spmatrix, b: np.ndarray) -> np.ndarray:
        if self.inverse is not None:
            M = spla.LinearOperator(J.shape, matvec=self.inverse, dtype=float)
            x, info = spla.gmres(J, b, M=M, rtol=self.rtol, atol=0.0, restart=self.maxiter,
                                 maxiter=3)
            if info == 0 and np.all(np.isfinite(x)):
                return x
        self.inverse = _factor(J)
        self.factorisations += 1
        return self.inverse(b)


def _converged(system: NonlinearSystem, r: np.ndarray, x: np.ndarray, rtol: float) -> bool:
    """Every block (field) small against its own size.

    Block b has converged when ``max|r_b| <= rtol max(max|x_b|, 1e-8 max|x|)``: a field
    eight orders of magnitude below the largest one is not held to a relative
    tolerance it cannot need.
    """
    xmax = float(np.max(np.abs(x))) if x.size else 0.0
    if xmax == 0.0:
        return float(np.max(np.abs(r))) == 0.0 if r.size else True
    for b in system.blocks:
        if not len(b):
            continue
        size = max(float(np.max(np.abs(x[b]))), 1e-8 * xmax)
        if float(np.max(np.abs(r[b]))) > rtol * size:
            return False
    return True


def newton(system: NonlinearSystem, x0: ArrayLike, *, drive_scale: float = 1.0,
           rtol: float = 1e-10, maxiter: int = 40, record: NewtonRecord | None = None,
           linear_solver: LinearSolver | None = None) -> tuple[np.ndarray, NewtonRecord]:
    """Solve ``R(x) = 0`` for ``system`` from ``x0``.

    Returns ``(x, record)``. The rows of the residual are scaled once, by the first
    Jacobian of a record (``record.row_scale``, kept across continuation stages).
    Raises :class:`_Outside` when only steps that leave the domain would reduce the
    residual (or iterations run out while steps are being cut short by it), and
    :class:`ConvergenceError` when the iteration stalls or exceeds ``maxiter``.
    """
    rec = NewtonRecord() if record is None else record
    linear_solver = linear_solver or LinearSolver()
    x = np.array(x0, dtype=float)
    last_gap = None  # the latest step cut short by the domain (e.g. the magnon gap)
    R, J = system.evaluate(x, drive_scale)
    J = J.tocsr()
    if rec.row_scale is None:
        rows = _abs_max(J)
        rows[rows == 0] = 1.0
        rec.row_scale = 1.0 / rows
    Dr = rec.row_scale
    norm = float(np.max(np.abs(Dr * R))) if R.size else 0.0
    rec.residuals.append(norm)
    for _ in range(maxiter):
        if norm == 0.0 or (rec.iterations > 0 and _converged(system, Dr * R, x, rtol)):
            rec.converged = True
            return x, rec
        if J is None:  # the residual at x is the line search's; the Jacobian is due now
            _, J = system.evaluate(x, drive_scale)
            J = J.tocsr()
        dx = -linear_solver(_scale_rows(J, Dr), Dr * R)
        J = None  # scaled in place; the next iterate needs its own
        if not np.all(np.isfinite(dx)):
            raise ConvergenceError("the linearised system is singular (check that every "
                                   "conductor and every temperature field is connected to "
                                   "something that fixes it)", rec.iterations, rec.residuals)
        alpha, gap_info = 1.0, None
        while True:
            xt = x + alpha * dx
            outside = system.admissible(xt)
            if outside is None:
                try:
                    Rt, _ = system.evaluate(xt, drive_scale, jacobian=False)
                except CondensationError as err:
                    outside = err
            if outside is not None:
                gap_info = last_gap = outside
            else:
                normt = float(np.max(np.abs(Dr * Rt)))
                if normt <= (1 - 1e-4 * alpha) * norm or normt <= rtol * float(np.max(np.abs(xt))):
                    break
            alpha *= 0.5
            if alpha < 1e-10:
                if gap_info is not None:
                    raise _Outside(gap_info)
                raise ConvergenceError("the line search found no step that reduces the "
                                       "residual", rec.iterations, rec.residuals)
        rec.steps.append(float(np.max(np.abs(alpha * dx)) / max(np.max(np.abs(xt)), 1e-300)))
        x = xt
        rec.iterations += 1
        rec.damping.append(alpha)
        # the accepted trial's residual is the new one (the line search evaluated it at
        # exactly this x); the Jacobian is assembled only if another step is needed, so
        # a linear problem costs one Jacobian and two residuals
        R, norm = Rt, normt
        rec.residuals.append(norm)
    if _converged(system, Dr * R, x, rtol):
        rec.converged = True
        return x, rec
    if last_gap is not None:  # crawling towards the gap: the drive is past the threshold
        raise _Outside(last_gap)
    raise ConvergenceError(f"Newton did not reach the tolerance {rtol:g} (scaled residual "
                           f"{norm:.3e} vs solution size {float(np.max(np.abs(x))):.3e})",
                           rec.iterations, rec.residuals)


#: Newton iterations allowed per continuation stage: a stage starts next to its
#: solution and converges in a few; more mean the increment is too large.
_STAGE_ITERATIONS = 12


def solve_with_continuation(system: NonlinearSystem, *, rtol: float = 1e-10,
                            maxiter: int = 40, min_step: float = 1 / 64,
                            drive: Callable[[float], str] | None = None
                            ) -> tuple[np.ndarray, NewtonRecord]:
    """Newton from equilibrium; on failure, continuation in the drive.

    The drive (currents, boundary values) is ramped from 0 to 1; each stage starts
    from the previous solution, and a failed stage is retried with half the increment.
    When the ramp cannot pass a drive because the state would leave its domain, the
    device has crossed a threshold: a :class:`CondensationError` (the magnon chemical
    potential at the gap) or :class:`StateError` (a temperature at 0 K or at the Curie
    temperature) names the region, the location, the values and the fraction of the
    drive reached; ``drive(s)`` describes the drive scaled by ``s`` in these messages
    (default: "s of the drive").
    """
    x0 = np.zeros(system.size)
    solver = LinearSolver()  # one factorisation serves many steps and stages
    first = NewtonRecord()
    try:
        return newton(system, x0, rtol=rtol, maxiter=min(maxiter, 2 * _STAGE_ITERATIONS),
                      linear_solver=solver, record=first)
    except (ConvergenceError, _Outside):
        pass
    record = NewtonRecord(row_scale=first.row_scale)
    x, s, step = x0, 0.0, 0.25
    last_gap = None
    while s < 1.0:
        target = min(1.0, s + step)
        try:
            x_new, _ = newton(system, x, drive_scale=target, rtol=rtol,
                              maxiter=min(maxiter, _STAGE_ITERATIONS), record=record,
                              linear_solver=solver)
        except _Outside as err:
            last_gap = err.error
            step *= 0.5
        except ConvergenceError:
            step *= 0.5
        else:
            x, s = x_new, target
            step = min(2 * step, 1.0 - s) if s < 1.0 else step
            continue
        if step < min_step:
            describe = drive or (lambda f: f"{f:.3g} x the drive")
            if s > 0:
                reached = (f"The solve reached {describe(s)} (requested: {describe(1.0)}); "
                           f"beyond {describe(s + 2 * step)} no steady state inside the range of "
                           "the model was found: the threshold lies between")
            else:
                reached = (f"Already {describe(2 * step)} (requested: {describe(1.0)}) takes "
                           "the state out of the range of the model")
            reached += " (continuation in the drive failed)"
            if isinstance(last_gap, CondensationError):
                raise CondensationError(last_gap.mu_m, last_gap.gap, region=last_gap.region,
                                        location=last_gap.location, detail=reached)
            if isinstance(last_gap, StateError):
                raise StateError(last_gap.field, last_gap.region, last_gap.location,
                                 last_gap.value, last_gap.bounds, last_gap.unit,
                                 detail=reached)
            raise ConvergenceError(f"continuation in the drive stalled at {s:.3g} of the "
                                   "drive" + (f" ({drive(s)} of {drive(1.0)})" if drive else ""),
                                   record.iterations, record.residuals)
    record.converged = True
    return x, record
