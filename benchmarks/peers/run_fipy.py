"""Reference problem 1 with FiPy (cell-centred finite volumes on the same graded grid).

``Grid2D`` with the shared grid spacings (lengths in micrometres; the detector current
is dimensionless), ``DiffusionTerm(sigma) - ImplicitSourceTerm(sigma / lambda^2 + c) +
c mu_r == 0``: the contacts enter through their top boundary cells, where the face
flux G (mu_f - mu_r) with the face value eliminated through the half-cell,
sigma (mu_P - mu_f) / (dz / 2) = G (mu_f - mu_r), is the two-point flux
G_eff (mu_P - mu_r) with G_eff = 1 / (1/G + dz / (2 sigma)); per cell volume,
c = G_eff dx / (dx dz). Other faces carry no flux (FiPy's default). The detector current
is sum G_eff dx mu_P over the detector cells. ``eq.solve`` with FiPy's default solver
(the SciPy suite's LinearLUSolver here); ``--solver pcg`` uses LinearPCGSolver instead.

    python benchmarks/peers/run_fipy.py --case A --levels 0 1 2 3 4
"""

from __future__ import annotations

import sys
import time

import problem as pb  # first: pins the BLAS threads

# isort: split

import fipy
import numpy as np

UM = 1e-6
SOLVER = "default"


def solve(case, level, order, x, z):
    lam, _ = pb.CASES[case]
    lam = lam / UM
    G = pb.conductance(case) * UM  # 1/um
    t0 = time.perf_counter()
    dx, dz = np.diff(x / UM), np.diff(z / UM)
    mesh = fipy.Grid2D(dx=dx, dy=dz)
    t1 = time.perf_counter()
    xc, zc = mesh.cellCenters
    top = np.asarray(zc) > z[-1] / UM - dz[-1]
    geff = 1.0 / (1.0 / G + dz[-1] / (2 * pb.SIGMA))
    coeff = {}
    for name, (x0, x1) in pb.contacts().items():
        coeff[name] = np.where(top & (np.asarray(xc) > x0 / UM) & (np.asarray(xc) < x1 / UM),
                               geff / dz[-1], 0.0)  # G_eff dx / (dx dz)
    mu = fipy.CellVariable(mesh=mesh, value=0.0)
    sink = fipy.CellVariable(mesh=mesh, value=pb.SIGMA / lam**2 + coeff["injector"]
                             + coeff["detector"])
    source = fipy.CellVariable(mesh=mesh, value=coeff["injector"] * pb.MU_INJECTOR)
    eq = fipy.DiffusionTerm(coeff=pb.SIGMA) - fipy.ImplicitSourceTerm(coeff=sink) + source == 0
    solver = fipy.LinearPCGSolver(tolerance=1e-12, iterations=20000) \
        if SOLVER == "pcg" else None
    eq.solve(var=mu, solver=solver)
    t2 = time.perf_counter()
    vol = np.asarray(mesh.cellVolumes)
    current = float(np.sum(coeff["detector"] * vol * np.asarray(mu.value)))
    t3 = time.perf_counter()
    return {"current": current, "dofs": int(mesh.numberOfCells), "time_s": t3 - t0,
            "time_mesh_s": t1 - t0, "time_solve_s": t2 - t1, "time_current_s": t3 - t2,
            "solver": SOLVER}


if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--solver" in argv:
        k = argv.index("--solver")
        SOLVER = argv[k + 1]
        del argv[k:k + 2]
    pb.run("fipy", solve, argv)
