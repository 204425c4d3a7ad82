"""Damped Newton iteration with an admissibility-preserving line search.

Newton solves a nonlinear system given as an object (:class:`NonlinearSystem`, e.g.
:class:`nfdiff.problem.System`): its size, the index blocks of its unknowns, the residual
and Jacobian at a state and a drive scale, and an admissibility check of a state. It
writes into nothing but its own record.

The step is damped (halved) while it would carry the state out of its domain (the
magnon chemical potential to or above the magnon gap anywhere: the system's
``admissible``, and interface points through the law), or while it does not reduce the
scaled residual (Armijo condition on the max norm). The linear systems are solved by a
sparse direct solver of :mod:`nfdiff.linsolve` (SuperLU by default), its factorisation
reused as the preconditioner of GMRES in later steps.

A :class:`WarmStart` carries the solution and the factorisation of one solve to the
next solve of the same problem under another drive (a current sweep, the +I and -I
solves of harmonics): Newton starts from the previous solution, the previous
factorisation preconditions its steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike

from .errors import CondensationError, ConvergenceError, NfdiffError, StateError
from .linsolve import AUTO, Backend, LinearSolver, _abs_max, _scale_rows

__all__ = ["LinearSolver", "NewtonRecord", "NonlinearSystem", "WarmStart", "newton",
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
    linear_solver : str
        The back-end(s) of :mod:`nfdiff.linsolve` that factored the Jacobians of the
        solve ("superlu", "qdldl", ...; comma-separated if several; empty when it reused
        the factorisation of a previous solve and factored nothing).
    factorisations : int
        Factorisations of the solve (0: every step was preconditioned by an earlier
        one, e.g. that of the previous solve of the same device).
    factorisation_time : float
        Wall time of those factorisations [s].
    warm_start : bool
        Whether Newton started from the previous solution of the same device (with its
        factorisation) rather than from equilibrium.
    jacobians : int
        Jacobians assembled (a step after a full step smaller than 1e-3 of the solution
        reuses the last one).
    """

    iterations: int = 0
    residuals: list[float] = field(default_factory=list)
    converged: bool = False
    damping: list[float] = field(default_factory=list)
    steps: list[float] = field(default_factory=list)
    row_scale: np.ndarray | None = field(default=None, repr=False)
    linear_solver: str = ""
    factorisations: int = 0
    factorisation_time: float = 0.0
    warm_start: bool = False
    jacobians: int = 0


@dataclass
class WarmStart:
    """What the solves of a problem leave for its next solve under another drive.

    Attributes
    ----------
    solver : LinearSolver or None
        The linear solver of the last solve, with its last factorisation.
    row_scale : ndarray or None
        The residual row scaling of the last solve (:attr:`NewtonRecord.row_scale`).
    history : list of (ndarray, ndarray)
        ``(drive_vector, x)`` of the last three solves (scaled unknowns), the last one
        last.
    """

    solver: LinearSolver | None = field(default=None, repr=False)
    row_scale: np.ndarray | None = field(default=None, repr=False)
    history: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list, repr=False)

    def remember(self, drive: np.ndarray | None, x: np.ndarray, solver: LinearSolver,
                 row_scale: np.ndarray | None) -> None:
        self.solver, self.row_scale = solver, row_scale
        if drive is None:
            self.history = []
            return
        self.history = [*self.history[-2:], (np.array(drive, dtype=float), x)]

    def start(self, drive: np.ndarray | None, size: int) -> np.ndarray | None:
        """Newton's start for a drive, predicted from the previous solutions.

        When the drive and the last two or three drives lie on a line (a sweep of one
        current), the polynomial through their solutions along it, evaluated at the
        drive (exact for a dependence on the current of that degree: quadratic covers
        Joule heating); else the last solution when the drive is nearer to the last
        drive than to none; else None (start from equilibrium).
        """
        if drive is None:
            return None
        past = [(d, x) for d, x in self.history if len(d) == len(drive) and len(x) == size]
        if not past:
            return None
        d_last, x_last = past[-1]
        step = drive - d_last
        norm = float(step @ step)
        if norm == 0.0:
            return x_last
        # positions along the line d_last + t step; points off it end the sequence
        t, xs = [0.0], [x_last]
        for d, x in reversed(past[:-1]):
            ti = float((d - d_last) @ step) / norm
            if not np.allclose(d_last + ti * step, d, rtol=1e-12, atol=0.0) \
                    or min(abs(ti - tj) for tj in t) < 1e-9 or abs(ti) > 4:
                break
            t.append(ti)
            xs.append(x)
        if len(t) > 1:  # Lagrange extrapolation to t = 1
            out = np.zeros(size)
            for i, (ti, xi) in enumerate(zip(t, xs, strict=True)):
                w = np.prod([(1.0 - tj) / (ti - tj) for j, tj in enumerate(t) if j != i])
                out += w * xi
            return out
        if np.linalg.norm(step) < np.linalg.norm(drive):
            return x_last
        return None


class _Outside(Exception):
    """No admissible step: the state would leave the domain (e.g. the magnon chemical
    potential would reach the gap). ``error`` is the error of the last inadmissible trial
    state (:class:`CondensationError` or :class:`StateError`)."""

    def __init__(self, error: NfdiffError) -> None:
        self.error = error


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


#: Relative size of a full Newton step after which the next step reuses its Jacobian.
_CHORD_STEP = 1e-3


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
    rec.jacobians += 1
    A, chord = None, False  # the last (row-scaled) Jacobian; whether to step with it again
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
        if chord:  # a small full step: the last Jacobian still serves (see below)
            assert A is not None
        else:
            if J is None:  # the residual at x is the line search's; the Jacobian is due
                _, J = system.evaluate(x, drive_scale)
                J = J.tocsr()
                rec.jacobians += 1
            A = _scale_rows(J, Dr)
        fresh = not chord
        dx = -linear_solver(A, Dr * R, Dr)
        J = None  # scaled in place into A; the next iterate needs its own
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
        # after a full step of relative size below _CHORD_STEP the Jacobian has changed
        # by about that fraction: one more step with it still cuts the residual by about
        # that factor (Newton's convergence test on the true residual decides), and
        # saves the assembly of a Jacobian, e.g. the confirming step of a solve started
        # next to its solution. Never two such steps in a row.
        chord = fresh and alpha == 1.0 and rec.steps[-1] <= _CHORD_STEP
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
                            drive: Callable[[float], str] | None = None,
                            linear_solver: str | Backend = AUTO,
                            warm: WarmStart | None = None
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

    ``linear_solver`` chooses the back-end of the linear solves
    (:mod:`nfdiff.linsolve`). With a ``warm`` start holding previous solves of the same
    problem, the previous factorisation preconditions the steps and Newton first
    starts from the solution :meth:`WarmStart.start` predicts from the previous ones
    (``system.drive_vector``, if the system has one), without continuation; only if
    that fails does it start from equilibrium. The solution and the solver are left in
    ``warm`` for the next solve.
    """
    solver = LinearSolver(linear_solver)  # checks the choice before any work
    drive_vector = getattr(system, "drive_vector", None)
    start = None
    if warm is not None and warm.solver is not None and warm.solver.choice == linear_solver:
        solver = warm.solver  # its factorisation preconditions the steps
        start = warm.start(drive_vector, system.size)
        if start is not None and system.admissible(start) is not None:
            start = None
    done = _counts(solver)
    if start is not None:
        assert warm is not None
        record = NewtonRecord(row_scale=warm.row_scale)
        try:
            x, record = newton(system, start, rtol=rtol,
                               maxiter=min(maxiter, 2 * _STAGE_ITERATIONS),
                               linear_solver=solver, record=record)
        except (ConvergenceError, CondensationError, StateError, _Outside):
            pass
        else:
            record.warm_start = True
            return x, _finish(record, solver, done, warm, x, drive_vector)
    x, record = _from_equilibrium(system, solver, rtol, maxiter, min_step, drive)
    return x, _finish(record, solver, done, warm, x, drive_vector)


def _counts(solver: LinearSolver) -> tuple[int, float]:
    return solver.factorisations, solver.factorisation_time


def _finish(record: NewtonRecord, solver: LinearSolver, before: tuple[int, float],
            warm: WarmStart | None, x: np.ndarray, drive: np.ndarray | None
            ) -> NewtonRecord:
    """Record the linear solver's work since ``before``; leave the state in ``warm``."""
    record.factorisations = solver.factorisations - before[0]
    record.factorisation_time = solver.factorisation_time - before[1]
    recent = solver.history[before[0]:]
    record.linear_solver = ",".join(dict.fromkeys(recent))
    if warm is not None:
        warm.remember(drive, x, solver, record.row_scale)
    return record


def _from_equilibrium(system: NonlinearSystem, solver: LinearSolver, rtol: float,
                      maxiter: int, min_step: float, drive: Callable[[float], str] | None
                      ) -> tuple[np.ndarray, NewtonRecord]:
    """Newton from equilibrium; on failure, continuation in the drive."""
    x0 = np.zeros(system.size)
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
