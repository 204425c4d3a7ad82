"""Generic finite-element assembly of pointwise constitutive laws.

nfdiff writes every equation in the form

    R_f(v) = sum over cells  int ( a_f v + b_f . grad v ) dx
           + sum over facets int   a_f v ds                 (interfaces, boundaries)

where the *densities* ``a_f`` (a source) and ``b_f`` (minus a flux) are computed
pointwise at the quadrature points by the physics modules (``nfdiff.physics``) from
the values and gradients of the fields there. The Jacobian blocks follow from the
pointwise derivatives of the densities:

    dR_f/du_g = int ( da/du v u + da/dgrad(u) . grad u v
                      + db/du . grad v u + grad v . db/dgrad(u) . grad u ) dx

This module turns densities into vectors and sparse matrices (element-wise einsum,
one scatter), knowing nothing of the physics; scikit-fem supplies the elements,
quadrature and mappings. Global unknowns (the extruded electric fields) take part as
fields that are constant over their region: their "value" is the unknown, their
gradient zero, and their "test function" is 1.

Why not ``skfem.BilinearForm`` for every block: the coupled metal equations have
about thirty nonlinear blocks whose coefficients all come from one constitutive law;
writing the law once, pointwise, with its exact derivatives, keeps the physics in one
place and the Jacobian exact.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
import skfem
from skfem.mapping import MappingIsoparametric
from skfem.quadrature import get_quadrature

__all__ = ["Assembler", "GlobalRef", "Pattern", "QuadratureData", "affine_cells",
           "mapping_for"]

#: A density at quadrature points (an array broadcastable to them, or a number).
Density = np.ndarray | float


def mapping_for(mesh: skfem.Mesh) -> skfem.Mapping | None:
    """The scikit-fem mapping of nfdiff's full-mesh basis on ``mesh`` (None: scikit-fem's).

    Simplex meshes (lines, triangles) are affine and keep scikit-fem's mapping. Quads
    are isoparametric: scikit-fem inverts the map by Newton iteration to 1e-12 in
    reference coordinates, which round-off defeats when nm elements sit at tens of um
    from the origin (the error is ~1e-16 |x| / h). The tolerance here, 1e-9 summed over
    the points of an element, moves quadrature points by at most that fraction of an
    element: far below any discretisation error.

    The quadrature of cells and facets (:class:`QuadratureData`) does not go through
    this mapping where the cells are affine (simplices, and the parallelogram quads of
    every ``nf.mesh.rectangles`` mesh): see :func:`affine_cells`.
    """
    if mesh.affine:
        return None
    return _TolerantIsoparametric(mesh, mesh.elem(), mesh.bndelem)


class _TolerantIsoparametric(MappingIsoparametric):
    """scikit-fem's isoparametric mapping, inverted to 1e-9 (see :func:`mapping_for`)."""

    def invF(self, x: np.ndarray, tind: np.ndarray | None = None, newton_max_iters: int = 50,
             newton_tol: float = 1e-9) -> np.ndarray:
        return super().invF(x, tind=tind, newton_max_iters=newton_max_iters,
                            newton_tol=newton_tol)


def affine_cells(mesh: skfem.Mesh, elements: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray] | None:
    """The affine maps ``x = A xi + b`` of the reference cell onto ``elements``, or None.

    Simplices (lines, triangles) are affine: ``b`` is vertex 0 and the columns of ``A``
    the edges to vertices 1, ..., dim, as in scikit-fem's MappingAffine. A quad is
    affine when it is a parallelogram, ``p0 + p2 = p1 + p3`` (its vertices in
    scikit-fem's order, to 1e-12 of the element plus the round-off of the coordinates):
    its bilinear map is then ``b = p0``, ``A = [p1 - p0, p3 - p0]``. None if some
    element is not affine, if the mesh's geometry is not given by its vertices alone
    (quadratic meshes), or in 3D: scikit-fem's bases are used then.

    Returns
    -------
    (A, b) : ndarray (dim, dim, ne) [m], ndarray (dim, ne) [m], or None
    """
    dim = mesh.p.shape[0]
    if dim > 2 or not (mesh.affine or mesh.elem is skfem.ElementQuad1):
        return None
    t = mesh.t[:, elements]
    v = [mesh.p[:, t[k]] for k in range(t.shape[0])]
    if mesh.affine:
        edges = v[1:dim + 1]
    else:
        defect = np.abs(v[0] + v[2] - v[1] - v[3]).max(axis=0, initial=0.0)
        size = np.maximum(np.abs(v[1] - v[0]).max(axis=0, initial=0.0),
                          np.abs(v[3] - v[0]).max(axis=0, initial=0.0))
        tol = 1e-12 * size + 16 * np.finfo(float).eps * np.abs(mesh.p).max()
        if not np.all(defect <= tol):
            return None
        edges = [v[1], v[3]]
    return np.stack([e - v[0] for e in edges], axis=1), v[0]


def _inverse(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inverses (dim, dim, ne) and determinants (ne,) of stacked 1x1 or 2x2 matrices."""
    if A.shape[0] == 1:
        return 1.0 / A, A[0, 0]
    det = A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]
    return np.array([[A[1, 1], -A[0, 1]], [-A[1, 0], A[0, 0]]]) / det, det


@dataclass
class QuadratureData:
    """Basis functions at the quadrature points of a set of cells or facets.

    Attributes
    ----------
    phi : ndarray, shape (nbfun, ne, nq)
        Basis function values.
    dphi : ndarray, shape (nbfun, dim, ne, nq)
        Basis function gradients [1/m].
    dx : ndarray, shape (ne, nq)
        Quadrature weights times the measure (area in 2D, length in 1D for cells;
        length in 2D, 1 in 1D for facets) [m^dim or m^(dim-1)].
    dofs : ndarray, shape (nbfun, ne)
        Global (full-mesh) dof numbers of the basis functions.
    x : ndarray, shape (dim, ne, nq)
        Coordinates of the quadrature points [m].
    """

    phi: np.ndarray
    dphi: np.ndarray
    dx: np.ndarray
    dofs: np.ndarray
    x: np.ndarray

    @classmethod
    def from_basis(cls, basis: skfem.AbstractBasis) -> QuadratureData:
        """From a scikit-fem CellBasis or FacetBasis (any element, any side)."""
        phi = np.array([np.asarray(b[0]) for b in basis.basis])
        dphi = np.array([np.asarray(b[0].grad) for b in basis.basis])
        x = np.asarray(basis.global_coordinates())
        return cls(phi=phi, dphi=dphi, dx=np.asarray(basis.dx), dofs=basis.element_dofs,
                   x=x)

    @classmethod
    def on_cells(cls, basis: skfem.CellBasis, elements: np.ndarray, intorder: int
                 ) -> QuadratureData:
        """On the cells ``elements`` of the mesh of ``basis`` (a full-mesh scikit-fem basis
        that supplies the element and the dof numbering; its mapping serves the cells that
        are not affine, through scikit-fem's CellBasis)."""
        mesh = basis.mesh
        affine = affine_cells(mesh, elements)
        if affine is None:
            return cls.from_basis(skfem.CellBasis(
                mesh, basis.elem, mapping=basis.mapping, intorder=intorder,
                elements=elements, dofs=basis.dofs, disable_doflocs=True))
        A, b = affine
        invA, detA = _inverse(A)
        X, W = quadrature(mesh.refdom, intorder)
        element_type: type = type(basis.elem)  # a bare type is Hashable (python/mypy#11470)
        phi, dref = _reference_basis_at_points(element_type, mesh.refdom, intorder)
        return cls._mapped(phi, dref, invA, dx=np.abs(detA)[:, None] * W[None, :],
                           dofs=basis.element_dofs[:, elements],
                           x=np.einsum("dke,kq->deq", A, X) + b[:, :, None])

    @classmethod
    def on_facets(cls, basis: skfem.CellBasis, facets: np.ndarray, intorder: int,
                  side: int = 0) -> QuadratureData:
        """On ``facets`` (an OrientedBoundary selects the side as scikit-fem's FacetBasis
        does), with the basis functions of the elements on ``side``."""
        mesh = basis.mesh
        find = np.asarray(facets)
        ori = getattr(facets, "ori", None)
        tind = (mesh.f2t[side, find] if ori is None
                else mesh.f2t[(-1) ** side * ori - side, find])
        affine = affine_cells(mesh, tind)
        if affine is None:
            return cls.from_basis(skfem.FacetBasis(
                mesh, basis.elem, mapping=basis.mapping, intorder=intorder, facets=facets,
                side=side, dofs=basis.dofs, disable_doflocs=True))
        A, b = affine
        invA, _ = _inverse(A)
        # the facets are points (1D) or segments (2D): x = c + B X on the reference facet
        X, W = quadrature(mesh.brefdom, intorder)
        ends = [mesh.p[:, mesh.facets[k, find]] for k in range(mesh.facets.shape[0])]
        x = ends[0][:, :, None] + sum(np.einsum("df,q->dfq", e - ends[0], X[k])
                                      for k, e in enumerate(ends[1:]))
        length = np.hypot(*(ends[1] - ends[0])) if len(ends) == 2 else np.ones(len(find))
        Y = np.einsum("dke,keq->deq", invA, x - b[:, :, None])  # on the reference cell
        phi, dref = _reference_basis(basis.elem, Y, basis.Nbfun)
        return cls._mapped(phi, dref, invA, dx=length[:, None] * W[None, :],
                           dofs=basis.element_dofs[:, tind], x=x)

    @classmethod
    def _mapped(cls, phi: np.ndarray, dref: np.ndarray, invA: np.ndarray, dx: np.ndarray,
                dofs: np.ndarray, x: np.ndarray) -> QuadratureData:
        """From reference values (nbfun, ne or 1, nq) and gradients (nbfun, dim, ne or 1,
        nq): physical gradients ``invA^T dref`` per element, every array C-ordered."""
        nbfun, dim = dref.shape[:2]
        shape = (invA.shape[2], dx.shape[1])
        dphi = np.zeros((nbfun, dim) + shape)
        for d in range(dim):
            for k in range(dim):
                dphi[:, d] += invA[k, d][:, None] * dref[:, k]
        return cls(phi=np.ascontiguousarray(np.broadcast_to(phi, (nbfun,) + shape)),
                   dphi=dphi, dx=np.ascontiguousarray(dx), dofs=np.ascontiguousarray(dofs),
                   x=np.ascontiguousarray(x))

    @property
    def shape(self) -> tuple[int, ...]:
        return self.dx.shape

    def value(self, u: np.ndarray) -> np.ndarray:
        """Field values (ne, nq) of the full-mesh dof vector ``u``."""
        return np.einsum("ieq,ie->eq", self.phi, u[self.dofs])

    def grad(self, u: np.ndarray) -> np.ndarray:
        """Field gradients (dim, ne, nq) of the full-mesh dof vector ``u``."""
        return np.einsum("ideq,ie->deq", self.dphi, u[self.dofs])

    def integrate(self, a: Density) -> float:
        """Integral of a density (ne, nq)."""
        return float(np.sum(np.broadcast_to(a, self.dx.shape) * self.dx))


@functools.lru_cache(maxsize=64)
def quadrature(refdom: type, intorder: int) -> tuple[np.ndarray, np.ndarray]:
    """scikit-fem's Gauss rule of a reference domain (cached: it is recomputed from the
    Legendre polynomials on every call otherwise). Read-only arrays (X, W)."""
    X, W = get_quadrature(refdom, intorder)
    X.flags.writeable = W.flags.writeable = False
    return X, W


@functools.lru_cache(maxsize=64)
def _reference_basis_at_points(element_type: type, refdom: type, intorder: int
                               ) -> tuple[np.ndarray, np.ndarray]:
    """Reference values (nbfun, 1, nq) and gradients (nbfun, dim, 1, nq) of an element
    at the points of :func:`quadrature` (cached, read-only)."""
    element = element_type()
    X, _ = quadrature(refdom, intorder)
    phi, dref = _reference_basis(element, X[:, None, :], element.doflocs.shape[0])
    phi.flags.writeable = dref.flags.writeable = False
    return phi, dref


def _reference_basis(element: skfem.Element, X: np.ndarray, nbfun: int
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Values (nbfun, ...) and gradients (nbfun, dim, ...) of the reference basis at X."""
    pairs = [element.lbasis(X, i) for i in range(nbfun)]
    return np.array([v for v, _ in pairs]), np.array([g for _, g in pairs])


@dataclass(frozen=True)
class GlobalRef:
    """A global unknown at position ``index`` of the solution vector."""

    index: int


#: A field of the solution vector: dof -> position (-1 where it does not live), or a global.
FieldRef = np.ndarray | GlobalRef


def _bc(c: Density, shape: tuple[int, ...]) -> np.ndarray:
    return np.broadcast_to(c, shape)


class Pattern:
    """The CSR structure of a Jacobian, kept between the assemblies of one problem.

    Every Newton step adds the same blocks (fields on quadrature sets) in the same order,
    so the structure is computed once: the first assembly sorts the (row, column) pairs
    and records where each entry lands among the CSR values; the later ones only add
    the values there (one ``bincount``). A different sequence of blocks rebuilds it.
    """

    def __init__(self) -> None:
        # block signature -> kept entries (flat indices; None: all)
        self.kept: dict[tuple[Any, ...], np.ndarray | None] = {}
        # block signatures of the recorded assembly
        self.sequence: list[tuple[Any, ...]] | None = None
        # CSR value position of every entry, in assembly order
        self.slots: np.ndarray | None = None
        self.indices: np.ndarray | None = None
        self.indptr: np.ndarray | None = None


class Assembler:
    """Accumulates a residual vector and a sparse Jacobian from densities.

    A *field reference* is either an int array ``gidx`` mapping full-mesh dofs to
    positions in the solution vector (-1 where the field does not live), or a
    :class:`GlobalRef`. A :class:`Pattern` shared by the assemblies of one problem
    saves the sparse structure between them.
    """

    def __init__(self, size: int, jacobian: bool = True,
                 pattern: Pattern | None = None) -> None:
        self.size = size
        self.residual = np.zeros(size)
        self.jacobian = jacobian
        self.pattern = pattern if pattern is not None else Pattern()
        # (signature, q_test, test, q_trial, trial)
        self._blocks: list[tuple[Any, ...]] = []
        self._vals: list[np.ndarray] = []

    # ---- residual -------------------------------------------------------------------
    def add_residual(self, q: QuadratureData, test: FieldRef, a: Density | None = None,
                     b: Density | None = None) -> None:
        """Add ``int a v + b . grad v`` for the test field ``test``."""
        if a is None and b is None:
            return
        if isinstance(test, GlobalRef):
            total = 0.0
            if a is not None:
                total += q.integrate(a)
            # b . grad(1) = 0
            self.residual[test.index] += total
            return
        local = np.zeros(q.phi.shape[:2])
        if a is not None:
            local += np.einsum("eq,ieq->ie", _bc(a, q.shape) * q.dx, q.phi)
        if b is not None:
            bq = _bc(b, (q.dphi.shape[1],) + q.shape)
            local += np.einsum("deq,ideq->ie", bq * q.dx, q.dphi)
        rows = test[q.dofs]
        mask = rows >= 0
        self.residual += np.bincount(rows[mask], weights=local[mask], minlength=self.size)

    # ---- Jacobian -------------------------------------------------------------------
    def add_block(self, q_test: QuadratureData, test: FieldRef, q_trial: QuadratureData,
                  trial: FieldRef, *, vv: Density | None = None, vg: Density | None = None,
                  gv: Density | None = None, gg: Density | None = None) -> None:
        """Add the Jacobian block of ``test`` with respect to ``trial``.

        ``vv`` (ne, nq): d a / d u;  ``vg`` (dim, ne, nq): d a / d grad u;
        ``gv`` (dim, ne, nq): d b / d u;  ``gg`` (dim, dim, ne, nq): d b_i / d (grad u)_j.
        The two quadrature sets must share their points (same cells or facets).
        """
        if not self.jacobian or all(c is None for c in (vv, vg, gv, gg)):
            return
        shape = q_test.shape
        dim = q_test.dphi.shape[1]
        w = q_test.dx
        test_global = isinstance(test, GlobalRef)
        trial_global = isinstance(trial, GlobalRef)
        uv = np.ones((1,) + shape) if trial_global else q_trial.phi
        ug = None if trial_global else q_trial.dphi
        # what multiplies the test functions' values (a) and gradient components (b[d]):
        # sums of trial values and gradients weighted by the densities' derivatives
        a = None
        if vv is not None:
            a = _plus(a, uv * (_bc(vv, shape) * w))
        if vg is not None and ug is not None:
            vg = _bc(vg, (dim,) + shape)
            for f in range(dim):
                a = _plus(a, _weighted(ug[:, f], vg[f], w))
        b: list[np.ndarray | None] = [None] * dim
        if not test_global:
            gv = None if gv is None else _bc(gv, (dim,) + shape)
            gg = None if gg is None or ug is None else _bc(gg, (dim, dim) + shape)
            for d in range(dim):
                if gv is not None:
                    b[d] = _plus(b[d], _weighted(uv, gv[d], w))
                if gg is not None and ug is not None:  # gg is None when ug is
                    for f in range(dim):
                        b[d] = _plus(b[d], _weighted(ug[:, f], gg[d, f], w))
        # element matrices (ne, ntest, ntrial): batched products over the points
        tv = np.ones((1,) + shape) if test_global else q_test.phi
        K = None
        for t, u in [(tv, a)] + [(q_test.dphi[:, d], b[d]) for d in range(dim)]:
            if u is not None:
                K = _plus(K, np.matmul(t.transpose(1, 0, 2), u.transpose(1, 2, 0)))
        if K is None:
            acts = vv is not None or (vg is not None and ug is not None) or \
                (not test_global and (gv is not None or gg is not None))
            if not acts:  # only derivatives with respect to gradients of globals
                return
            # zero densities: an explicit zero block keeps the structure value-independent
            K = np.zeros((shape[0], tv.shape[0], uv.shape[0]))
        signature = (id(q_test), _key(test), id(q_trial), _key(trial))
        if signature not in self.pattern.kept:
            rows, cols = _rows_cols(q_test, test, q_trial, trial)
            # entries where either field does not live are dropped; the others are kept,
            # zero or not, so that the structure does not depend on the values
            self.pattern.kept[signature] = None if rows.min() >= 0 and cols.min() >= 0 else \
                np.flatnonzero(((rows.T >= 0)[:, :, None] & (cols.T >= 0)[:, None, :]).ravel())
        kept = self.pattern.kept[signature]
        self._blocks.append((signature, q_test, test, q_trial, trial))
        self._vals.append(K.ravel() if kept is None else K.ravel()[kept])

    def matrix(self) -> sp.csr_matrix:
        """The assembled Jacobian (CSR, duplicates summed, sorted indices)."""
        if not self._blocks:
            return sp.csr_matrix((self.size, self.size))
        vals = np.concatenate(self._vals)
        pat = self.pattern
        sequence = [b[0] for b in self._blocks]
        if sequence != pat.sequence:
            self._record(pat)
            pat.sequence = sequence
        assert pat.slots is not None and pat.indices is not None  # recorded
        data = np.bincount(pat.slots, weights=vals, minlength=len(pat.indices))
        J = sp.csr_matrix((data, pat.indices, pat.indptr), shape=(self.size, self.size))
        if np.shares_memory(J.indices, pat.indices):  # callers may sort or prune in place
            J.indices, J.indptr = J.indices.copy(), J.indptr.copy()
        return J

    def _record(self, pat: Pattern) -> None:
        """Sort the (row, column) pairs of the blocks into a CSR structure."""
        parts = []
        for signature, *refs in self._blocks:
            rows, cols = _rows_cols(*refs)
            k = (rows.T.astype(np.int64)[:, :, None] * self.size + cols.T[:, None, :]).ravel()
            kept = pat.kept[signature]
            parts.append(k if kept is None else k[kept])
        keys = np.concatenate(parts)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        first = np.empty(len(keys), dtype=bool)
        first[0] = True
        first[1:] = ordered[1:] != ordered[:-1]
        pat.slots = np.empty(len(keys), dtype=np.int64)
        pat.slots[order] = np.cumsum(first) - 1
        unique = ordered[first]
        pat.indices = unique % self.size
        pat.indptr = np.concatenate(
            [[0], np.cumsum(np.bincount(unique // self.size, minlength=self.size))])


def _plus(total: np.ndarray | None, term: np.ndarray | None) -> np.ndarray | None:
    """``total + term`` where None stands for zero."""
    if term is None:
        return total
    return term if total is None else total + term


def _weighted(functions: np.ndarray, coefficient: np.ndarray, w: np.ndarray
              ) -> np.ndarray | None:
    """``functions * coefficient * w`` (functions (n, ne, nq)), or None when the
    coefficient is zero everywhere (the off-diagonal parts of isotropic tensors)."""
    if not np.any(coefficient):
        return None
    return functions * (coefficient * w)


def _rows_cols(q_test: QuadratureData, test: FieldRef, q_trial: QuadratureData,
               trial: FieldRef) -> tuple[np.ndarray, np.ndarray]:
    """Solution-vector rows (ntest, ne) and columns (ntrial, ne) of a block's entries."""
    ne = q_test.shape[0]
    rows = np.full((1, ne), test.index) if isinstance(test, GlobalRef) else test[q_test.dofs]
    cols = np.full((1, ne), trial.index) if isinstance(trial, GlobalRef) else \
        trial[q_trial.dofs]
    return rows, cols


def _key(ref: FieldRef) -> tuple[str, int] | int:
    """Hashable identity of a field reference (the gidx arrays live as long as the
    problem)."""
    return ("global", ref.index) if isinstance(ref, GlobalRef) else id(ref)
