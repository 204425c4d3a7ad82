"""Linear-solver back-ends (nfdiff.linsolve) and the reuse of a problem across drives.

- every installed back-end solves a device to the same solution as SuperLU (1e-10
  relative): an unsymmetric one (metals, heat, the nonlinear law) for the LU back-ends,
  a symmetric positive definite one (a magnet with two magnon reservoirs, the reference
  problem 1 of docs/performance.md) for the Cholesky / LDL^T ones;
- the back-end that factored is recorded in ``sol.newton``; bad choices are clear errors;
- the GPL back-ends are never imported unless named;
- solves of one device under other drives (a current sweep, +I and -I) reuse its
  problem and the previous factorisation and give the observables of fresh solves to
  1e-10.
"""

import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp

import nfdiff as nf
from nfdiff import linsolve
from nfdiff.errors import ParameterError
from nfdiff.problem import Problem

RTOL = 1e-10
LU_BACKENDS = [name for name, cls in linsolve.BACKENDS.items() if not cls.spd]
SPD_BACKENDS = [name for name, cls in linsolve.BACKENDS.items() if cls.spd]


def _installed(name):
    return pytest.param(name, marks=pytest.mark.skipif(
        not linsolve.BACKENDS[name].available(),
        reason=f"pip install 'nfdiff[{linsolve.BACKENDS[name].extra}]'"))


def strips(**kw):
    """A coarse default-like nonlocal device: thermal, nonlinear law (unsymmetric)."""
    return nf.devices.nonlocal_strips(distance=2e-6, h_min=(60e-9, 3e-9), growth=1.5, **kw)


def magnet_with_reservoirs(order=2):
    """Reference problem 1 (docs/performance.md): a YIG film with an injector and a
    detector magnon reservoir on its top face, nothing else: J is symmetric positive
    definite."""
    mesh = nf.mesh.rectangles({"film": (0.0, 20e-6, 0.0, 200e-9)}, h_min=20e-9,
                              h_max=(2e-6, 100e-9), growth=2.0,
                              refine_x=[1.85e-6, 2.15e-6, 6.85e-6, 7.15e-6])
    top = np.asarray(mesh.boundaries["top"])
    mid = mesh.p[0, mesh.facets[:, top]].mean(axis=0)
    mesh = mesh.with_boundaries({"injector": top[(mid > 1.85e-6) & (mid < 2.15e-6)],
                                 "detector": top[(mid > 6.85e-6) & (mid < 7.15e-6)]})
    yig = nf.materials.get("YIG").replace(spin_seebeck=None,
                                          magnon_thermal_conductivity=None)
    g = 1e3 * yig.magnon_conductivity_spin / yig.magnon_diffusion_length
    return nf.Device(mesh, materials={"film": yig}, thermal=False, law="linear", order=order,
                     boundary_conditions={
                         "injector": nf.bc.MagnonReservoir(mu=1e-25, conductance=g),
                         "detector": nf.bc.MagnonReservoir(mu=0.0, conductance=g)})


def rel(a, b):
    """max |a - b| / max |b|."""
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))) / np.max(np.abs(b)))


@pytest.fixture(scope="module")
def unsymmetric_reference():
    dev = strips().device()
    return dev.solve(current={"A": 50e-6}, linear_solver="superlu")


@pytest.fixture(scope="module")
def spd_reference():
    return magnet_with_reservoirs().solve(linear_solver="superlu")


@pytest.mark.parametrize("name", [_installed(n) for n in LU_BACKENDS])
def test_lu_backends_agree_with_superlu(name, unsymmetric_reference):
    """Same Newton solution of the thermal nonlinear device as SuperLU, to 1e-10."""
    ref = unsymmetric_reference
    sol = strips().device().solve(current={"A": 50e-6}, linear_solver=name)
    assert sol.newton.linear_solver == name
    assert sol.newton.factorisations >= 1 and sol.newton.factorisation_time > 0
    assert rel(sol.x, ref.x) < RTOL
    assert sol.voltage("B") == pytest.approx(ref.voltage("B"), rel=RTOL, abs=0)


@pytest.mark.parametrize("name", [_installed(n) for n in SPD_BACKENDS] + ["superlu", "auto"])
def test_spd_backends_agree_with_superlu(name, spd_reference):
    """The symmetric positive definite problem: every back-end, same detector current."""
    ref = spd_reference
    sol = magnet_with_reservoirs().solve(linear_solver=name)
    expected = name
    if name == "auto":  # the SPD back-end of auto is QDLDL when installed (never GPL)
        expected = "qdldl" if linsolve.QDLDL.available() else "superlu"
    assert sol.newton.linear_solver == expected
    assert sol.newton.factorisations == 1  # a linear problem: one factorisation
    assert rel(sol.x, ref.x) < RTOL
    current = sol.boundary_current("detector", "magnon")
    assert current == pytest.approx(ref.boundary_current("detector", "magnon"), rel=RTOL,
                                    abs=0)


def test_auto_takes_superlu_for_an_unsymmetric_jacobian(unsymmetric_reference):
    assert unsymmetric_reference.newton.linear_solver == "superlu"
    sol = strips().device().solve(current={"A": 50e-6})  # auto
    assert sol.newton.linear_solver == "superlu"
    assert rel(sol.x, unsymmetric_reference.x) < RTOL


def test_unknown_backend_is_a_parameter_error_naming_the_valid_ones():
    dev = magnet_with_reservoirs(order=1)
    with pytest.raises(ParameterError, match="linear_solver") as err:
        dev.solve(linear_solver="pardiso")
    for name in ("auto", "superlu", "qdldl", "umfpack", "cholmod"):
        assert repr(name) in str(err.value)
    with pytest.raises(ParameterError, match="permc_spec"):
        linsolve.SuperLU(permc_spec="METIS")


@pytest.mark.parametrize("name, extra", [("qdldl", "solvers"), ("umfpack", "gpl-solvers"),
                                         ("cholmod", "gpl-solvers")])
def test_missing_optional_backend_names_its_pip_extra(name, extra, monkeypatch):
    """As if the package were not installed (find_spec finds nothing)."""
    real = linsolve.importlib.util.find_spec
    module = linsolve.BACKENDS[name].module
    monkeypatch.setattr(linsolve.importlib.util, "find_spec",
                        lambda m, *a: None if m == module else real(m, *a))
    assert name not in linsolve.available()
    with pytest.raises(ImportError, match=rf"pip install 'nfdiff\[{extra}\]'"):
        magnet_with_reservoirs(order=1).solve(linear_solver=name)


@pytest.mark.parametrize("name", [_installed(n) for n in SPD_BACKENDS])
def test_spd_backend_on_an_unsymmetric_device_is_a_parameter_error(name):
    with pytest.raises(ParameterError, match="symmetric positive definite"):
        strips(thermal=False).device().solve(current={"A": 1e-6}, linear_solver=name)


def test_auto_never_imports_the_gpl_backends():
    """nfdiff is BSD licensed: CVXOPT (GPL) is imported only when asked for by name."""
    code = ("import sys, nfdiff as nf; sys.path.insert(0, 'tests');"
            "import test_linsolve as t;"
            "t.magnet_with_reservoirs(order=1).solve();"
            "t.strips(thermal=False).device().solve(current={'A': 1e-6});"
            "print('cvxopt' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_superlu_reuses_its_ordering_for_the_same_pattern():
    """The second factorisation of a pattern skips the ordering: same solution."""
    rng = np.random.default_rng(1)
    n = 300
    A = sp.random(n, n, density=0.02, random_state=rng, format="csc") + 4 * sp.eye(n)
    A = sp.csc_matrix(A)
    A.sort_indices()
    b = rng.standard_normal(n)
    lu = linsolve.SuperLU()
    first = lu.factor(A)(b)
    assert lu._perm_c is not None  # the ordering is kept
    B = A.copy()
    B.data *= 1 + 0.1 * rng.standard_normal(B.nnz)  # other values, same pattern
    x = lu.factor(B)(b)
    assert lu._q is not None  # ... and was used
    assert np.linalg.norm(B @ x - b) <= 1e-12 * np.linalg.norm(b)
    assert np.linalg.norm(A @ first - b) <= 1e-12 * np.linalg.norm(b)
    colamd = linsolve.SuperLU(permc_spec="COLAMD").factor(B)(b)
    assert rel(x, colamd) < 1e-12


def test_problem_is_reused_while_the_device_is_unchanged():
    dev = strips().device()
    p = Problem.for_device(dev)
    assert Problem.for_device(dev) is p
    dev.boundary_conditions["bottom"] = [nf.bc.Temperature(310.0)]  # changed in place
    q = Problem.for_device(dev)
    assert q is not p and Problem.for_device(dev) is q
    assert Problem.for_device(strips().device()) is not q


def test_current_sweep_on_one_device_matches_fresh_solves():
    """Warm starts (predicted from the previous solutions, previous factorisation) give
    the observables of fresh solves to 1e-10, with no factorisation after the first.

    Newton's tolerance bounds the residual of every field relative to that field's
    largest value, so the small values of a field far from its source (mu_m under the
    detector, hence R_nl) and the net interface currents (differences of injection and
    back-flow) are reproducible only to about rtol times their ratio to the largest
    values: two correct solves from different starts at rtol = 1e-10 differ there by
    ~1e-8 (at 1e-12, by up to 6e-10 in the injector's magnon current). At rtol = 1e-13
    both are converged far below 1e-10 in every observable.
    """
    template = strips()
    dev = template.device()
    currents = [10e-6, 20e-6, 30e-6, 45e-6, -45e-6]
    swept = [template.solve(current, device=dev, rtol=1e-13) for current in currents]
    assert swept[0].newton.factorisations == 1 and not swept[0].newton.warm_start
    assert all(s.newton.factorisations == 0 for s in swept[1:])
    assert all(s.newton.warm_start for s in swept[1:4])
    assert all(s.problem is swept[0].problem for s in swept)  # one mesh, basis, pattern
    for current, sol in zip(currents, swept, strict=True):
        fresh = template.solve(current, rtol=1e-13)
        assert fresh.problem is not sol.problem
        assert rel(sol.x, fresh.x) < RTOL
        for name, value in fresh.observables.items():
            # vectors (interface spin currents) in their norm: their components across n
            # are 1e-7 of it
            assert np.linalg.norm(np.subtract(sol.observables[name], value)) <= \
                RTOL * np.linalg.norm(value), name
    # at the default tolerance the solution agrees to it too (in the max norm)
    again = template.solve(20e-6, device=dev)
    assert again.newton.warm_start and rel(again.x, template.solve(20e-6).x) < RTOL


def test_harmonics_on_one_device_match_fresh_solves():
    template = strips()
    h = template.harmonics(40e-6, rtol=1e-13)
    assert h["solutions"][1].newton.factorisations == 0  # -I reuses +I's factorisation
    plus, minus = (template.solve(s * 40e-6, rtol=1e-13) for s in (1.0, -1.0))
    r1 = (plus.observables["V_det"] - minus.observables["V_det"]) / (2 * 40e-6)
    r2 = (plus.observables["V_det"] + minus.observables["V_det"]) / (2 * 40e-6**2)
    assert h["R1"] == pytest.approx(r1, rel=RTOL, abs=0)
    assert h["R2"] == pytest.approx(r2, rel=RTOL, abs=0)
