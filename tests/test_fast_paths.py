"""The shortcuts of the solver core give the same numbers as the general paths.

- QuadratureData.on_cells / on_facets map affine cells themselves (nfdiff.fem.affine_cells:
  simplices and parallelogram quads, every nf.mesh.rectangles mesh) and evaluate the
  reference basis once per quadrature set: basis values, gradients, weights, points and
  dofs must agree with scikit-fem's own CellBasis / FacetBasis (its default mapping,
  isoparametric for quads) on cells, interface facets (both sides) and boundary facets
  of lines, triangles, parallelogram quads and general quads (the last through
  scikit-fem); other quads keep the isoparametric map.
- The full-mesh basis uses scikit-fem's mappings (a looser Newton tolerance for quads):
  its dofs and dof locations are scikit-fem's, and its inverse map (Solution.evaluate)
  finds the reference points of the quadrature points.
- The Jacobian's sparse structure is recorded once per problem (nfdiff.fem.Pattern):
  later assemblies must give the matrix that a fresh COO assembly gives, whatever the
  values (zeros included), and a different sequence of blocks must rebuild it.
- Newton takes the residual of the accepted step from its line search and assembles a
  Jacobian only when another step is due: a linear problem costs one Jacobian.
- The one-pass row/column maxima and scalings of nfdiff.newton match scipy's.
"""

import numpy as np
import pytest
import scipy.sparse as sp
import skfem
from skfem.mapping import MappingIsoparametric

import nfdiff as nf
from nfdiff import newton
from nfdiff.fem import QuadratureData, affine_cells, mapping_for, quadrature
from nfdiff.mesh import interface_facets
from nfdiff.problem import Problem


def _strips_mesh():
    return nf.mesh.rectangles({"film": (-3e-6, 3e-6, 0.0, 200e-9),
                               "A": (-1.15e-6, -0.85e-6, 200e-9, 210e-9),
                               "B": (0.85e-6, 1.15e-6, 200e-9, 210e-9)},
                              h_min=(2e-9, 1e-9), h_max=(0.5e-6, 50e-9))


def _agree(fast, ref, mesh):
    """QuadratureData ``fast`` equals that of the scikit-fem basis ``ref`` to round-off.

    Reference coordinates of points given by their physical coordinates (on facets) carry
    the round-off eps |x| / h of an element of size h at |x| from the origin: 3e-13 for
    the 1 nm elements 3 um from the origin of the strips mesh.
    """
    rounding = 0.0  # 1D: facets are vertices
    if mesh.p.shape[0] == 2:
        edges = mesh.p[:, mesh.facets[1]] - mesh.p[:, mesh.facets[0]]
        rounding = np.finfo(float).eps * np.abs(mesh.p).max() / np.hypot(*edges).min()
    ref = QuadratureData.from_basis(ref)
    for key in ("phi", "dphi", "dx", "x"):
        a, b = np.asarray(getattr(fast, key)), np.asarray(getattr(ref, key))
        assert a.shape == b.shape, key
        assert np.abs(a - b).max() <= (1e-12 + 100 * rounding) * np.abs(b).max(), key
    assert np.array_equal(fast.dofs, ref.dofs)


def test_full_mesh_basis_is_scikit_fem_s():
    """Dofs and dof locations of the full-mesh basis (Solution.field, export) are those of
    scikit-fem's default basis, and its inverse map (Solution.evaluate) takes the
    quadrature points back to the reference ones."""
    mesh = _strips_mesh()
    element = skfem.ElementQuad2()
    basis = skfem.Basis(mesh, element, mapping=mapping_for(mesh), intorder=1)
    plain = skfem.Basis(mesh, element, intorder=1)
    assert np.array_equal(basis.element_dofs, plain.element_dofs)
    assert np.abs(basis.doflocs - plain.doflocs).max() <= 1e-15 * np.abs(mesh.p).max()
    elems = mesh.subdomains["A"]
    q = QuadratureData.on_cells(basis, elems, 5)
    X, _ = quadrature(mesh.refdom, 5)
    local = basis.mapping.invF(q.x, tind=elems)
    assert np.abs(local - X[:, None, :]).max() <= 1e-9


def test_affine_cells_are_simplices_and_parallelograms():
    mesh = skfem.MeshQuad1().refined(2)
    every = np.arange(mesh.t.shape[1])
    A, b = affine_cells(mesh, every)  # the unit square in 4 x 4 squares
    assert np.array_equal(b, mesh.p[:, mesh.t[0]])
    assert np.allclose(np.abs(A[0, 0] * A[1, 1] - A[0, 1] * A[1, 0]), 1 / 16, rtol=1e-14)
    p = mesh.p.copy()
    p[0] += 0.1 * np.sin(3 * p[1])  # a shear keeps parallelograms ...
    assert affine_cells(skfem.MeshQuad1(p.copy(), mesh.t), every) is not None
    p[0] *= np.where(p[1] > 0.5, 1.1, 1.0)  # ... stretching the vertices above z = 0.5
    skew = skfem.MeshQuad1(p, mesh.t)  # makes trapezoids of the row 0.5 < z < 0.75 only
    mid = p[1, mesh.t].mean(axis=0)
    assert affine_cells(skew, every) is None
    assert affine_cells(skew, np.flatnonzero(mid < 0.5)) is not None
    assert affine_cells(skew, np.flatnonzero(mid > 0.75)) is not None
    assert affine_cells(skew, np.flatnonzero((mid > 0.5) & (mid < 0.75))[:1]) is None
    assert isinstance(mapping_for(skew), MappingIsoparametric)
    assert mapping_for(skfem.MeshTri1()) is None
    # geometry not given by the vertices alone, or 3D: scikit-fem's bases
    assert affine_cells(skfem.MeshQuad2(), [0]) is None
    assert affine_cells(skfem.MeshTri2(), [0]) is None
    assert affine_cells(skfem.MeshTet1(), [0]) is None
    assert affine_cells(skfem.MeshTri1(), [0, 1]) is not None


def _meshes():
    quad = skfem.MeshQuad1().refined(2)
    p = quad.p.copy()
    p[0] += 0.1 * p[0] * p[1]  # trapezoids: isoparametric
    return {"line": skfem.MeshLine1().refined(3), "tri": skfem.MeshTri1().refined(2),
            "strips": _strips_mesh(), "trapezoids": skfem.MeshQuad1(p, quad.t)}


@pytest.mark.parametrize("name", ["line", "tri", "strips", "trapezoids"])
@pytest.mark.parametrize("order", [1, 2])
def test_quadrature_data_matches_scikit_fem_bases(name, order):
    """Cells, boundary facets and both sides of inner facets against scikit-fem's bases
    with its own default mapping; "strips" is a graded nf.mesh.rectangles mesh (nm
    elements um from the origin), mapped affinely by nfdiff, the trapezoids are not."""
    from skfem.generic_utils import OrientedBoundary

    from nfdiff.problem import element_for

    mesh = _meshes()[name]
    element, intorder = element_for(mesh, order), 2 * order + 1
    basis = skfem.Basis(mesh, element, mapping=mapping_for(mesh), intorder=1)
    shared = {"intorder": intorder, "dofs": basis.dofs}
    elems = np.arange(0, mesh.t.shape[1], 3)
    assert (affine_cells(mesh, elems) is None) == (name == "trapezoids")
    pairs = [(QuadratureData.on_cells(basis, elems, intorder),
              skfem.CellBasis(mesh, element, elements=elems, **shared))]
    inner = np.flatnonzero(mesh.f2t[1] >= 0)[::4]
    oriented = OrientedBoundary(inner, np.arange(len(inner)) % 2)
    cases = [(mesh.boundary_facets()[::2], 0), (oriented, 0), (oriented, 1)]
    if name == "strips":  # the film's interfaces with the strips, from either side
        cases += [(interface_facets(mesh, a, b)[0], side)
                  for a, b in (("film", "A"), ("B", "film")) for side in (0, 1)]
    for facets, side in cases:
        pairs.append((QuadratureData.on_facets(basis, facets, intorder, side=side),
                      skfem.FacetBasis(mesh, element, facets=facets, side=side, **shared)))
    for fast, ref in pairs:
        _agree(fast, ref, mesh)


def test_linear_problem_assembles_one_jacobian(monkeypatch):
    """A magnon film between two reservoir contacts: one Newton step, one Jacobian."""
    mesh = nf.mesh.stack([("film", 2e-6)], h_min=50e-9, h_max=200e-9)
    yig = nf.materials.get("YIG").replace(magnon_diffusion_length=1e-6)
    dev = nf.Device(mesh, materials={"film": yig}, thermal=False, order=2,
                    boundary_conditions={
                        "bottom": nf.bc.MagnonReservoir(mu=1e-25, conductance=1e12),
                        "top": nf.bc.MagnonReservoir(mu=0.0, conductance=1e12)})
    calls = []
    evaluate = Problem.evaluate

    def counting(self, x, *args, jacobian=True, **kw):
        calls.append(jacobian)
        return evaluate(self, x, *args, jacobian=jacobian, **kw)

    monkeypatch.setattr(Problem, "evaluate", counting)
    sol = dev.solve()
    assert sol.newton.converged and sol.newton.iterations == 1
    assert calls == [True, False]  # the Jacobian at 0; the residual of the step
    # the residual the record keeps is the one of the solution
    problem = sol.problem
    R, _ = problem.system().evaluate(sol.x, jacobian=False)
    assert sol.newton.residuals[-1] == pytest.approx(
        float(np.max(np.abs(sol.newton.row_scale * R))), rel=0, abs=1e-300)


def test_row_and_column_maxima_and_scalings():
    rng = np.random.default_rng(1)
    A = sp.random(40, 30, density=0.1, random_state=rng, format="csr")
    A = A - 2 * sp.random(40, 30, density=0.05, random_state=rng, format="csr")
    A = A.tocsr()
    rows = np.asarray(abs(A).max(axis=1).todense()).ravel()
    assert np.array_equal(newton._abs_max(A), rows)  # includes the empty rows (0)
    cols = np.asarray(abs(A).max(axis=0).todense()).ravel()
    assert np.array_equal(newton._abs_max(A.tocsc()), cols)
    d = rng.uniform(1, 2, 40)
    scaled = newton._scale_rows(A.copy(), d)
    assert abs(scaled - sp.diags(d) @ A).max() == 0
    e = rng.uniform(1, 2, 30)
    scaled = newton._scale_rows(A.tocsc(), e)
    assert abs(scaled - A @ sp.diags(e)).max() == 0


def _coo_reference(blocks, size):
    """The Jacobian of add_block's element matrices assembled the plain way (COO)."""
    from nfdiff.fem import _rows_cols

    rows, cols, vals = [], [], []
    for (q_test, test, q_trial, trial), K in blocks:
        r, c = _rows_cols(q_test, test, q_trial, trial)
        R = np.broadcast_to(r.T[:, :, None], K.shape)
        C = np.broadcast_to(c.T[:, None, :], K.shape)
        keep = (R >= 0) & (C >= 0)
        rows.append(R[keep]), cols.append(C[keep]), vals.append(K[keep])
    return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                         shape=(size, size))


def test_recorded_pattern_matches_plain_assembly():
    from nfdiff.fem import Assembler, GlobalRef, Pattern

    mesh = _strips_mesh()
    basis = skfem.Basis(mesh, skfem.ElementQuad2(), mapping=mapping_for(mesh), intorder=1)
    film = QuadratureData.on_cells(basis, mesh.subdomains["film"], 5)
    strip = QuadratureData.on_cells(basis, mesh.subdomains["A"], 5)
    n = basis.N
    u = np.arange(n)  # field u on every dof, field v only on strip A's, then a global
    v = np.full(n, -1)
    strip_dofs = np.unique(basis.element_dofs[:, mesh.subdomains["A"]])
    v[strip_dofs] = n + np.arange(len(strip_dofs))
    size = n + len(strip_dofs) + 1
    g = GlobalRef(size - 1)
    rng = np.random.default_rng(1)
    pattern = Pattern()

    def assemble(scale, blocks_of):
        asm = Assembler(size, pattern=pattern)
        captured = []
        for q, test, trial, parts in blocks_of:
            parts = {k: scale * rng.standard_normal((2,) * (k.count("g")) + q.shape)
                     for k in parts}
            before = len(asm._vals)
            asm.add_block(q, test, q, trial, **parts)
            if len(asm._vals) > before:
                kept = pattern.kept[asm._blocks[-1][0]]
                K = np.zeros((q.shape[0], q.phi.shape[0] if not isinstance(test, GlobalRef)
                              else 1, q.phi.shape[0] if not isinstance(trial, GlobalRef)
                              else 1))
                flat = K.ravel()
                flat[slice(None) if kept is None else kept] = asm._vals[-1]
                captured.append(((q, test, q, trial), K))
        return asm.matrix(), captured

    blocks = [(film, u, u, ("vv", "gg")), (strip, u, v, ("vg", "gv")),
              (strip, v, u, ("vv",)), (strip, v, g, ("vv",)), (strip, g, v, ("vv", "vg"))]
    J0, _ = assemble(0.0, blocks)  # all zero: the structure must not shrink
    J1, c1 = assemble(1.0, blocks)
    J2, c2 = assemble(1.0, blocks[:3])  # a different sequence rebuilds the structure
    assert J0.nnz == J1.nnz and np.array_equal(J0.indices, J1.indices)
    assert J0.count_nonzero() == 0
    for J, captured in ((J1, c1), (J2, c2)):
        ref = _coo_reference(captured, size)
        assert np.abs(J - ref).max() <= 1e-14 * np.abs(ref).max()
        assert J.has_sorted_indices
    assert J2.nnz < J1.nnz
