"""Reference problem 1 with NGSolve (H1 order 1 or 2 on the same graded quad grid).

The netgen mesh is built from the shared grid lines with the vectorised
``AddPoints``/``AddElements`` (quadrilaterals, the contact segments as named boundary
regions); lengths in micrometres (the detector current is dimensionless). The
bilinear form ``sigma grad u . grad v + sigma/lambda^2 u v`` plus ``G u v`` on the
contacts, the load ``G mu_inj v`` on the injector, a direct solve, and the detector
current ``int_detector G u ds``. Single-threaded (no TaskManager, BLAS pinned).

``--inverse`` picks the sparse direct solver (default ``sparsecholesky``, NGSolve's
own, the fastest here; ``umfpack`` also works with the pip wheels, ``pardiso`` needs
MKL); ``--condense`` uses static condensation of the element bubbles (order 2).

    python benchmarks/peers/run_ngsolve.py --case A --order 2 --levels 0 1 2 3 4
"""

from __future__ import annotations

import sys
import time

import problem as pb  # first: pins the BLAS threads

# isort: split

import netgen.meshing as ngm
import ngsolve as ngs
import numpy as np

UM = 1e-6

INVERSE = "sparsecholesky"
CONDENSE = False


def mesh_from_grid(x, z):
    """Quadrilateral netgen mesh of the tensor grid (x, z) [um] with named boundaries."""
    nx, nz = len(x), len(z)
    m = ngm.Mesh(dim=2)
    X, Z = np.meshgrid(x, z)  # node j * nx + i
    m.AddPoints(np.ascontiguousarray(np.stack([X.ravel(), Z.ravel()], axis=1)))
    film = m.AddRegion("film", dim=2)
    node = np.arange(nx * nz).reshape(nz, nx)
    quads = np.stack([node[:-1, :-1], node[:-1, 1:], node[1:, 1:], node[1:, :-1]],
                     axis=-1).reshape(-1, 4)
    m.AddElements(dim=2, index=film, data=np.ascontiguousarray(quads, dtype=np.int32))
    # top face: segments right-to-left keep the domain on their left
    top = np.stack([node[-1, 1:], node[-1, :-1]], axis=1)
    mid = 0.5 * (x[1:] + x[:-1])
    names = np.full(nx - 1, "top", dtype=object)
    for name, (x0, x1) in pb.contacts().items():
        names[(mid > x0 / UM) & (mid < x1 / UM)] = name
    for name in ("injector", "detector", "top"):
        idx = m.AddRegion(name, dim=1)
        m.AddElements(dim=1, index=idx, data=np.ascontiguousarray(top[names == name],
                                                                   dtype=np.int32))
    sides = np.concatenate([np.stack([node[0, :-1], node[0, 1:]], axis=1),
                            np.stack([node[:-1, -1], node[1:, -1]], axis=1),
                            np.stack([node[1:, 0], node[:-1, 0]], axis=1)])
    idx = m.AddRegion("sides", dim=1)
    m.AddElements(dim=1, index=idx, data=np.ascontiguousarray(sides, dtype=np.int32))
    return ngs.Mesh(m)


def solve(case, level, order, x, z):
    lam, _ = pb.CASES[case]
    lam = lam / UM
    G = pb.conductance(case) * UM  # 1/um
    t0 = time.perf_counter()
    mesh = mesh_from_grid(x / UM, z / UM)
    t1 = time.perf_counter()
    fes = ngs.H1(mesh, order=order)
    u, v = fes.TnT()
    contacts = mesh.Boundaries("injector|detector")
    a = ngs.BilinearForm(fes, symmetric=True, condense=CONDENSE)
    a += pb.SIGMA * (ngs.grad(u) * ngs.grad(v) + u * v / lam**2) * ngs.dx
    a += G * u * v * ngs.ds(definedon=contacts)
    f = ngs.LinearForm(fes)
    f += G * pb.MU_INJECTOR * v * ngs.ds(definedon=mesh.Boundaries("injector"))
    a.Assemble()
    f.Assemble()
    t2 = time.perf_counter()
    gfu = ngs.GridFunction(fes)
    if CONDENSE:
        inv = a.mat.Inverse(fes.FreeDofs(coupling=True), inverse=INVERSE)
        f.vec.data += a.harmonic_extension_trans * f.vec
        gfu.vec.data = inv * f.vec
        gfu.vec.data += a.harmonic_extension * gfu.vec
        gfu.vec.data += a.inner_solve * f.vec
    else:
        inv = a.mat.Inverse(fes.FreeDofs(), inverse=INVERSE)
        gfu.vec.data = inv * f.vec
    t3 = time.perf_counter()
    current = ngs.Integrate(G * gfu * ngs.ds(definedon=mesh.Boundaries("detector")), mesh)
    t4 = time.perf_counter()
    return {"current": float(current), "dofs": int(fes.ndof), "time_s": t4 - t0,
            "time_mesh_s": t1 - t0, "time_assembly_s": t2 - t1, "time_solve_s": t3 - t2,
            "time_current_s": t4 - t3, "inverse": INVERSE, "condense": CONDENSE}


if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--inverse" in argv:
        k = argv.index("--inverse")
        INVERSE = argv[k + 1]
        del argv[k:k + 2]
    if "--condense" in argv:
        argv.remove("--condense")
        CONDENSE = True
    ngs.SetNumThreads(1)
    pb.run("ngsolve", solve, argv)
