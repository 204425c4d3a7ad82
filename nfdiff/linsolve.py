"""Sparse direct solvers of Newton's linear systems: one interface, several back-ends.

Newton (:mod:`nfdiff.newton`) solves ``J dx = -R`` at each step. The factorisation of
``J`` is done by a *back-end*, chosen by name with ``Device.solve(linear_solver=...)``:

``"superlu"`` (default, always there)
    SciPy's SuperLU: sparse LU with threshold partial pivoting of the row- and
    column-equilibrated Jacobian, any system. :class:`SuperLU` takes the fill-reducing
    column ordering (``permc_spec``); the ordering of the first factorisation is reused
    for later ones of the same sparsity pattern.
``"qdldl"`` (``pip install 'nfdiff[solvers]'``, Apache-2.0)
    QDLDL's sparse LDL^T (AMD ordering) of symmetric positive definite systems; the
    symbolic factorisation is reused while the pattern is unchanged.
``"umfpack"``, ``"cholmod"`` (``pip install 'nfdiff[gpl-solvers]'``: CVXOPT, GPL-3.0)
    SuiteSparse's multifrontal LU (UMFPACK, any system) and supernodal Cholesky
    (CHOLMOD, symmetric positive definite systems), symbolic factorisation reused while
    the pattern is unchanged. CVXOPT and the parts of SuiteSparse it ships are licensed
    under the GPL, nfdiff under the BSD licence: nfdiff never imports CVXOPT unless one
    of these two names is asked for, and ``"auto"`` never picks them.
``"auto"``
    A symmetric positive definite Jacobian (e.g. a magnet with magnon reservoirs and no
    Dirichlet condition) goes to ``"qdldl"`` when it is installed, everything else to
    ``"superlu"``.

A symmetric positive definite back-end factors the symmetrically scaled Jacobian
``D J D`` with ``D = diag(J)^(-1/2)``; an LU back-end the row- and column-equilibrated
one. Under ``"auto"`` an SPD factorisation whose first solve leaves a relative residual
above 1e-6 is replaced by an LU; Newton's convergence test on the true residual guards
the accuracy in any case. Measured costs
of the back-ends: docs/performance.md.
"""

from __future__ import annotations

import importlib
import importlib.util
import time
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .errors import ParameterError

__all__ = ["AUTO", "BACKENDS", "QDLDL", "Backend", "Cholmod", "LinearSolver", "SuperLU",
           "Umfpack", "available", "backend"]

#: The name that lets the solver choose (by the symmetry of the Jacobian).
AUTO = "auto"

#: Relative residual a factorisation's first solve must reach to be trusted.
_CHECK = 1e-6

Inverse = Callable[[np.ndarray], np.ndarray]


def _same_pattern(a: sp.spmatrix | None, b: sp.spmatrix) -> bool:
    """Whether two compressed matrices have the same sparsity structure."""
    return (a is not None and a.shape == b.shape and a.nnz == b.nnz
            and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices))


class Backend:
    """A sparse direct solver (one factorisation at a time).

    ``factor(A)`` factors a CSC matrix with sorted indices and returns ``b -> A^-1 b``;
    a later ``factor`` may invalidate the function it returned before (the symbolic
    factorisation of a matrix of the same pattern is reused).

    Attributes
    ----------
    name : str
        The ``linear_solver=`` name.
    spd : bool
        Factors symmetric positive definite matrices only (from their upper or lower
        triangle).
    module : str
        The Python module that provides it.
    extra : str or None
        The pip extra of nfdiff that installs that module (None: always there).
    """

    name: ClassVar[str]
    spd: ClassVar[bool] = False
    module: ClassVar[str] = "scipy"
    extra: ClassVar[str | None] = None

    @classmethod
    def available(cls) -> bool:
        """Whether its module is installed (found, not imported)."""
        return importlib.util.find_spec(cls.module) is not None

    @classmethod
    def _import(cls) -> Any:
        if not cls.available():
            raise ImportError(f"linear_solver={cls.name!r} needs the Python package "
                              f"{cls.module!r}: pip install 'nfdiff[{cls.extra}]'")
        return importlib.import_module(cls.module)

    def factor(self, A: sp.csc_matrix) -> Inverse:  # pragma: no cover - abstract
        raise NotImplementedError


class SuperLU(Backend):
    """SciPy's SuperLU (sparse LU with threshold partial pivoting).

    Parameters
    ----------
    permc_spec : {"MMD_AT_PLUS_A", "COLAMD", "MMD_ATA", "NATURAL"}
        Fill-reducing column ordering (SciPy's ``splu``); MMD_AT_PLUS_A fills least on
        nfdiff's Jacobians (docs/performance.md).
    diag_pivot_thresh : float
        Threshold of the partial pivoting in [0, 1]: the diagonal pivot is kept unless
        another entry of its column is larger by more than its inverse. The rows and
        columns are equilibrated, so the diagonal is a good pivot; 0.01 fills less than
        0.1 with the same residual.
    reuse_ordering : bool
        Factor a matrix of an already seen sparsity pattern in the ordering computed for
        the first (symmetrically permuted, ``NATURAL`` ordering): the same fill without
        the ordering's cost.
    """

    name = "superlu"
    ORDERINGS = ("MMD_AT_PLUS_A", "COLAMD", "MMD_ATA", "NATURAL")

    def __init__(self, permc_spec: str = "MMD_AT_PLUS_A", diag_pivot_thresh: float = 0.01,
                 reuse_ordering: bool = True) -> None:
        if permc_spec not in self.ORDERINGS:
            raise ParameterError("permc_spec", permc_spec, f"must be one of {self.ORDERINGS}")
        if not 0.0 <= float(diag_pivot_thresh) <= 1.0:
            raise ParameterError("diag_pivot_thresh", diag_pivot_thresh, "must be in [0, 1]")
        self.permc_spec = permc_spec
        self.diag_pivot_thresh = float(diag_pivot_thresh)
        self.reuse_ordering = bool(reuse_ordering) and permc_spec != "NATURAL"
        self._pattern: sp.csc_matrix | None = None
        self._perm_c: np.ndarray | None = None  # SuperLU's column ordering of _pattern
        # its symmetric permutation q: B = A[q][:, q] is B.data = A.data[_map] on
        # (_indices, _indptr)
        self._q: np.ndarray | None = None
        self._map: np.ndarray | None = None
        self._indices: np.ndarray | None = None
        self._indptr: np.ndarray | None = None

    def __repr__(self) -> str:
        return (f"SuperLU(permc_spec={self.permc_spec!r}, "
                f"diag_pivot_thresh={self.diag_pivot_thresh})")

    def factor(self, A: sp.csc_matrix) -> Inverse:
        if self.reuse_ordering and _same_pattern(self._pattern, A):
            if self._map is None:  # the second factorisation of the pattern
                self._permutation(A)
            B = sp.csc_matrix((A.data[self._map], self._indices, self._indptr), shape=A.shape)
            lu = spla.splu(B, permc_spec="NATURAL", diag_pivot_thresh=self.diag_pivot_thresh)
            q = self._q

            def solve(b: np.ndarray, trans: str = "N") -> np.ndarray:
                x = np.empty_like(b)
                x[q] = lu.solve(b[q], trans=trans)
                return x

            return _with_transpose(solve)
        lu = spla.splu(A, permc_spec=self.permc_spec, diag_pivot_thresh=self.diag_pivot_thresh)
        if self.reuse_ordering:  # kept (the permuted structure is built if it recurs)
            self._pattern, self._perm_c, self._map = A, lu.perm_c, None
        return _with_transpose(lu.solve)

    def _permutation(self, A: sp.csc_matrix) -> None:
        """The symmetric permutation of A's pattern that the kept ordering gives."""
        q = np.empty_like(self._perm_c)
        q[self._perm_c] = np.arange(len(q))
        # positions (1-based, so that no stored entry is 0) carried through the permutation
        at = sp.csc_matrix((np.arange(1.0, A.nnz + 1.0), A.indices, A.indptr), shape=A.shape)
        P = at[q][:, q].tocsc()
        P.sort_indices()
        self._q, self._map = q, P.data.astype(np.int64) - 1
        self._indices, self._indptr = P.indices, P.indptr


class QDLDL(Backend):
    """QDLDL's sparse LDL^T (AMD ordering) of a symmetric positive definite matrix."""

    name = "qdldl"
    spd = True
    module = "qdldl"
    extra = "solvers"

    def __init__(self) -> None:
        self._qdldl = self._import()
        self._solver: Any = None
        self._pattern: sp.csc_matrix | None = None

    def __repr__(self) -> str:
        return "QDLDL()"

    def factor(self, A: sp.csc_matrix) -> Inverse:
        U = _triangle(A, upper=True)
        if self._solver is not None and _same_pattern(self._pattern, U):
            self._solver.update(U, upper=True)  # numeric only: same elimination tree
        else:
            self._solver = self._qdldl.Solver(U, upper=True)
            self._pattern = U
        return self._solver.solve


class _Cvxopt(Backend):
    """A SuiteSparse solver through CVXOPT (GPL-3.0: imported only when named)."""

    module = "cvxopt"
    extra = "gpl-solvers"

    def __init__(self) -> None:
        self._cvxopt = self._import()
        self._A: Any = None  # cvxopt.spmatrix of the last pattern
        self._pattern: sp.csc_matrix | None = None
        self._symbolic: Any = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _matrix(self, A: sp.csc_matrix) -> bool:
        """The CVXOPT copy of A; True if its pattern is the last one (values replaced)."""
        cvx = self._cvxopt
        if _same_pattern(self._pattern, A):
            self._A.V = cvx.matrix(A.data)
            return True
        cols = np.repeat(np.arange(A.shape[1], dtype=np.int64), np.diff(A.indptr))
        self._A = cvx.spmatrix(cvx.matrix(A.data), cvx.matrix(A.indices.astype(np.int64)),
                               cvx.matrix(cols), A.shape)
        self._pattern = A
        return False

    def _rhs(self, b: np.ndarray) -> Any:
        return self._cvxopt.matrix(np.array(b, dtype=float))


class Umfpack(_Cvxopt):
    """SuiteSparse's UMFPACK (multifrontal sparse LU) through CVXOPT (GPL-3.0)."""

    name = "umfpack"

    def factor(self, A: sp.csc_matrix) -> Inverse:
        umfpack = importlib.import_module("cvxopt.umfpack")  # only when asked by name

        if not self._matrix(A):
            self._symbolic = umfpack.symbolic(self._A)
        numeric = umfpack.numeric(self._A, self._symbolic)
        mat = self._A

        def solve(b: np.ndarray) -> np.ndarray:
            x = self._rhs(b)
            umfpack.solve(mat, numeric, x)
            return np.asarray(x).reshape(-1)

        return solve


class Cholmod(_Cvxopt):
    """SuiteSparse's CHOLMOD (supernodal sparse Cholesky) through CVXOPT (GPL-3.0)."""

    name = "cholmod"
    spd = True

    def factor(self, A: sp.csc_matrix) -> Inverse:
        cholmod = importlib.import_module("cvxopt.cholmod")  # only when asked by name

        L = _triangle(A, upper=False)
        if not self._matrix(L):
            self._symbolic = cholmod.symbolic(self._A, uplo="L")
        factor = self._symbolic
        cholmod.numeric(self._A, factor)  # ArithmeticError if not positive definite

        def solve(b: np.ndarray) -> np.ndarray:
            x = self._rhs(b)
            cholmod.solve(factor, x)
            return np.asarray(x).reshape(-1)

        return solve


#: Back-ends by name (``linear_solver=``).
BACKENDS: dict[str, type[Backend]] = {
    "superlu": SuperLU, "qdldl": QDLDL, "umfpack": Umfpack, "cholmod": Cholmod}


def available() -> list[str]:
    """Names of the back-ends installed here (found without importing them)."""
    return [name for name, cls in BACKENDS.items() if cls.available()]


def backend(choice: str | Backend) -> Backend | None:
    """The back-end of a ``linear_solver=`` choice; None for ``"auto"``.

    Raises
    ------
    ParameterError
        For an unknown name (the message lists the valid ones).
    ImportError
        For a back-end whose optional package is not installed (the message names the
        pip extra).
    """
    if isinstance(choice, Backend):
        return choice
    if choice == AUTO:
        return None
    if not isinstance(choice, str) or choice not in BACKENDS:
        raise ParameterError("linear_solver", choice, "must be one of "
                             f"{[AUTO, *BACKENDS]} (or an nfdiff.linsolve.Backend)")
    return BACKENDS[choice]()


def _spd_scaling(A: sp.spmatrix, row_scale: np.ndarray | None
                 ) -> tuple[sp.csc_matrix, np.ndarray] | None:
    """``(S, D)`` with ``S = D J D`` symmetric, ``D = diag(J)^(-1/2)``, where
    ``J = diag(row_scale)^-1 A``; None unless J is symmetric (to rounding) with a
    positive diagonal."""
    C = sp.csr_matrix(A)
    C.sum_duplicates()  # canonical: sorted indices, no duplicates
    rows = np.repeat(np.arange(C.shape[0]), np.diff(C.indptr))
    data = C.data if row_scale is None else C.data / row_scale[rows]
    d = np.zeros(C.shape[0])
    on = C.indices == rows
    d[rows[on]] = data[on]
    if not np.all(d > 0):
        return None
    D = 1.0 / np.sqrt(d)
    S = sp.csr_matrix((data * D[rows] * D[C.indices], C.indices, C.indptr), shape=C.shape)
    T = S.T.tocsr()  # canonical too
    if not _same_pattern(S, T):
        return None
    if S.nnz and float(np.max(np.abs(S.data - T.data))) > 1e-12 * float(np.max(np.abs(S.data))):
        return None
    # a symmetric CSR matrix is its own CSC
    return sp.csc_matrix((S.data, S.indices, S.indptr), shape=S.shape), D


def _triangle(S: sp.csc_matrix, upper: bool) -> sp.csc_matrix:
    """The upper (or lower) triangle with the diagonal of a canonical CSC matrix."""
    cols = np.repeat(np.arange(S.shape[1]), np.diff(S.indptr))
    keep = S.indices <= cols if upper else S.indices >= cols
    indptr = np.concatenate([[0], np.cumsum(np.bincount(cols[keep], minlength=S.shape[1]))])
    return sp.csc_matrix((S.data[keep], S.indices[keep], indptr), shape=S.shape)


class LinearSolver:
    """Newton's linear solves: a factorisation, reused as the preconditioner of GMRES.

    Only the interface law, Joule heating and temperature-dependent coefficients change
    the Jacobian between Newton steps (docs/theory.md#theory-validity), and little
    between nearby drives, so the factorisation of an earlier Jacobian is an excellent
    preconditioner of the current one: GMRES then converges in a few iterations to
    ``rtol`` (relative to the residual it solves for, so the steps stay exact Newton
    steps and the convergence quadratic). When it does not converge within three
    restart cycles of ``maxiter`` iterations, the current Jacobian is factored afresh.

    Parameters
    ----------
    choice : str or Backend
        ``"auto"`` (default), a name of :data:`BACKENDS` or a back-end instance (e.g.
        ``SuperLU(permc_spec="COLAMD")``).

    Attributes
    ----------
    factorisations : int
        Factorisations done.
    factorisation_time : float
        Wall time spent in them [s].
    history : list of str
        The name of the back-end of each factorisation.
    """

    def __init__(self, choice: str | Backend = AUTO, rtol: float = 1e-10,
                 maxiter: int = 20) -> None:
        self.choice = choice
        named = backend(choice)
        self.rtol, self.maxiter = rtol, maxiter
        self.spd: Backend | None
        if named is None:  # auto: never a GPL back-end
            self.spd = QDLDL() if QDLDL.available() else None
            self.lu: Backend | None = SuperLU()
        else:
            self.spd = named if named.spd else None
            self.lu = None if named.spd else named
        self.inverse: Inverse | None = None
        self.factorisations = 0
        self.factorisation_time = 0.0
        self.history: list[str] = []

    def __call__(self, A: sp.spmatrix, b: np.ndarray,
                 row_scale: np.ndarray | None = None) -> np.ndarray:
        """``A^-1 b``; ``A = diag(row_scale) J`` for the symmetry test of an SPD
        back-end (J the unscaled Jacobian)."""
        if self.inverse is not None:
            M = spla.LinearOperator(A.shape, matvec=self.inverse, dtype=float)
            x, info = spla.gmres(A, b, M=M, rtol=self.rtol, atol=0.0, restart=self.maxiter,
                                 maxiter=3)
            if info == 0 and np.all(np.isfinite(x)):
                return x
        t0 = time.perf_counter()
        self.inverse, used = self._factor(A, row_scale)
        x = self.inverse(b)
        if used.spd and self.lu is not None and not _accurate(A, x, b):
            self.inverse, used = self._factor_lu(A), self.lu  # auto: a failed SPD factor
            x = self.inverse(b)
        self.factorisation_time += time.perf_counter() - t0
        self.factorisations += 1
        self.history.append(used.name)
        return x

    def _factor(self, A: sp.spmatrix, row_scale: np.ndarray | None
                ) -> tuple[Inverse, Backend]:
        """The inverse of A and the back-end that made it."""
        if self.spd is not None:
            scaled = _spd_scaling(A, row_scale)
            if scaled is not None:
                S, D = scaled
                try:
                    f = self.spd.factor(S)
                except (ArithmeticError, ValueError, RuntimeError):
                    f = None
                if f is not None:
                    Dr = 1.0 if row_scale is None else 1.0 / row_scale
                    return (lambda b: D * f(D * (Dr * b))), self.spd
            if self.lu is None:
                raise ParameterError("linear_solver", self.spd.name,
                                     "factors symmetric positive definite systems only and "
                                     "this Jacobian is not one (a Dirichlet condition, a "
                                     "metal or a coupling makes it unsymmetric): use 'auto' "
                                     "or an LU back-end ('superlu', 'umfpack')")
        assert self.lu is not None
        return self._factor_lu(A), self.lu

    def _factor_lu(self, A: sp.spmatrix) -> Inverse:
        """LU of the column-equilibrated A (its rows are equilibrated by Newton)."""
        assert self.lu is not None
        C = sp.csc_matrix(A, copy=True)
        C.sort_indices()
        col = _abs_max(C)
        col[col == 0] = 1.0
        Dc = 1.0 / col
        f = self.lu.factor(_scale_rows(C, Dc))
        inverse: Any = lambda b: Dc * f(b)  # noqa: E731
        f_t = getattr(f, "transposed", None)
        if f_t is not None:  # A = B / Dc: A^-T b = B^-T (Dc b)
            inverse.transposed = lambda b: f_t(Dc * b)
        return inverse


def _with_transpose(solve: Callable[..., np.ndarray]) -> Inverse:
    """``b -> A^-1 b`` of a solve taking SuperLU's ``trans``, with the attribute
    ``transposed``: ``b -> A^-T b`` (adjoint solves, :mod:`nfdiff.sensitivity`)."""
    inverse: Any = lambda b: solve(b)  # noqa: E731
    inverse.transposed = lambda b: solve(b, trans="T")
    return inverse


def _accurate(A: sp.spmatrix, x: np.ndarray, b: np.ndarray) -> bool:
    """Whether ``A x = b`` holds to :data:`_CHECK` relative (a trustworthy factor)."""
    nb = float(np.linalg.norm(b))
    return bool(np.all(np.isfinite(x))) and float(np.linalg.norm(A @ x - b)) <= _CHECK * nb


def _abs_max(A: sp.spmatrix) -> np.ndarray:
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


def _scale_rows(A: sp.spmatrix, d: np.ndarray) -> sp.spmatrix:
    """``diag(d) @ A`` for a CSR matrix (``A @ diag(d)`` for CSC), in place; returns A."""
    A.data[:A.indptr[-1]] *= np.repeat(d, np.diff(A.indptr))
    return A
