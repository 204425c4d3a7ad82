"""Reference problem 1 with nfdiff's own machinery (P1 or Q2 on the graded quad mesh).

nf.mesh.rectangles builds the graded mesh (one magnetic-insulator region), the two
contacts are named boundaries on the top face with nf.bc.MagnonReservoir, and the
detector current is Solution.boundary_current("detector", "magnon").

Units: nfdiff takes the magnon conductivity in S/m and uses sigma[1/m] =
sigma[S/m] hbar / (2 e^2) (nfdiff.units.magnon_conductivity_to_spin); the reservoir
conductance is per area [1/m^2] with the outward current G (mu_m - mu) [J/m^2]
(tests/test_two_contact.py). The model problem's sigma = 1 is sigma = 1 /m, i.e.
2 e^2 / hbar S/m, G = (G lambda / sigma) sigma / lambda, and the detector current
[J/m] divided by sigma mu_injector is the dimensionless number of every tool.
mu_injector = 1e-25 J (below the magnon gap; the law plays no role without a metal,
"linear" skips the gap check).

    python benchmarks/peers/run_nfdiff.py --case A --order 2 --levels 0 1 2 3 4
        [--linear-solver auto|superlu|qdldl|cholmod|umfpack]

``--linear-solver`` (default: nfdiff's default) goes to ``Device.solve`` (nfdiff.linsolve;
revisions before it know only SuperLU).
"""

from __future__ import annotations

import argparse
import time

import problem as pb  # first: pins the BLAS threads

# isort: split

import numpy as np
from scipy.constants import e, hbar

import nfdiff as nf

MU0 = 1e-25  # J
SOLVE: dict = {}  # keyword arguments of Device.solve (--linear-solver)
SIGMA_SI = 2 * e**2 / hbar  # S/m: 1 /m in nfdiff's angular-momentum units


def with_contacts(mesh):
    """The mesh with the injector and detector facets of its top face as boundaries."""
    top = np.asarray(mesh.boundaries["top"])
    mid = mesh.p[0, mesh.facets[:, top]].mean(axis=0)
    return mesh.with_boundaries({name: top[(mid > x0) & (mid < x1)]
                                 for name, (x0, x1) in pb.contacts().items()})


def device(case, level, order):
    lam, _ = pb.CASES[case]
    mesh = with_contacts(nf.mesh.rectangles(pb.film(), **pb.mesh_options(case, level)))
    yig = nf.materials.get("YIG").replace(magnon_conductivity=SIGMA_SI,
                                          magnon_diffusion_length=lam,
                                          spin_seebeck=None, magnon_thermal_conductivity=None)
    sigma = yig.magnon_conductivity_spin  # 1/m
    g = pb.conductance(case) * sigma  # 1/m^2 (conductance() is for sigma = 1)
    dev = nf.Device(mesh, materials={"film": yig}, thermal=False, law="linear", order=order,
                    boundary_conditions={
                        "injector": nf.bc.MagnonReservoir(mu=MU0, conductance=g),
                        "detector": nf.bc.MagnonReservoir(mu=0.0, conductance=g)})
    return dev, sigma


def solve(case, level, order, x=None, z=None):
    t0 = time.perf_counter()
    dev, sigma = device(case, level, order)
    t1 = time.perf_counter()
    sol = dev.solve(**SOLVE)
    t2 = time.perf_counter()
    current = sol.boundary_current("detector", "magnon") / (sigma * MU0)
    t3 = time.perf_counter()
    if x is not None:  # the shared grid lines are this mesh's nodes
        assert np.array_equal(np.unique(dev.mesh.p[0]), x)
        assert np.array_equal(np.unique(dev.mesh.p[1]), z)
    return {"current": current, "dofs": int(sol.problem.size), "time_s": t3 - t0,
            "time_mesh_device_s": t1 - t0, "time_solve_s": t2 - t1, "time_current_s": t3 - t2,
            "newton_iterations": sol.newton.iterations}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--linear-solver")
    known, rest = parser.parse_known_args()
    if known.linear_solver:
        SOLVE["linear_solver"] = known.linear_solver
    pb.run("nfdiff", solve, rest)
