r"""Spin Hall magnetoresistance of a film (``nf.devices.smr_film``),
docs/theory.md#theory-observables.

References: Y.-T. Chen et al., Phys. Rev. B 87, 144411 (2013) (Chen below), and the
exact solution of the 1D problem, derived here independently of nfdiff.

Exact 1D solution. The film is N on 0 < z < d with F below; the extruded field is
E = (E_x, E_y, 0) (J_z = sigma E_z = 0 forces E_z = 0: the spin Hall terms of J_z vanish
for fields that vary along z only). With D = hbar sigma/(4 e^2) and c = theta hbar
sigma/(2e), the spin current along z of polarisation k is

    i_k(z) = -D mu_k'(z) + s_k,      s = c z_hat x E = c (-E_y, E_x, 0),

and div i_k = -(D/lambda^2) mu_k, so (q = exp(-d/lambda); stable for d >> lambda)

    mu(z) = P exp(-z/lambda) + Q exp(-(d - z)/lambda).

The top is spin-blocking, i(d) = 0; at the interface the spin current leaving N into F,
-i(0), is the law's Gamma mu(0) with Gamma = (1/4pi)[g_r (1 - n n) + g_i (. x n)] (plus
g_eff n n for a magnon channel along n). Hence

    Q = (lambda/D) s + q P,
    [(D/lambda)(1 - q^2) + (1 + q^2) Gamma] P = -(1 - q) s - q (lambda/D) Gamma s,

and the mean current <J> = sigma E + theta sigma/(2e) (Dmu_y, -Dmu_x)/d with
Dmu = mu(d) - mu(0) = (1 - q)(Q - P) is linear in E: the exact in-plane conductivity
tensor. The shorted circuit (E_y = 0) gives sigma_xx exactly; the open circuit
(j_y = 0) inverts the tensor.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import skfem
from scipy.constants import e, h, hbar
from scipy.constants import k as k_B

import nfdiff as nf
import nfdiff.devices  # nf.devices (nfdiff/__init__.py does not import it yet)

PT = nf.materials.get("Pt")
YIG = nf.materials.get("YIG")
SIGMA, LAM, THETA = PT.conductivity, PT.spin_diffusion_length, PT.spin_hall_angle
RHO = 1.0 / SIGMA
T0 = 300.0
G_R, G_I = 1.0e19, 2.0e18  # 1/m^2; G_I != 0 for the Hall-like term
ITF = nf.NFInterface(g_r=G_R, g_i=G_I)
J = 1e10  # A/m^2
#: order-parameter directions n (the magnetisation is m = -n)
DIRECTIONS = {"x": (1, 0, 0), "y": (0, 1, 0), "z": (0, 0, 1), "oblique": (1, -2, 3)}
#: a fine P2 mesh: the SMR to about 1e-8 (measured below)
FINE = dict(order=2, h_min=LAM / 32, h_max=LAM / 4, growth=1.05)


# ---- exact references ------------------------------------------------------------------
def unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def mixing(g_r, g_i, n, g_par=0.0):
    """Gamma [1/m^2]: spin current into F = Gamma @ mu_s (elastic law + channel along n)."""
    n = unit(n)
    cross = np.array([[0, n[2], -n[1]], [-n[2], 0, n[0]], [n[1], -n[0], 0]])  # v -> v x n
    return (g_r * (np.eye(3) - np.outer(n, n)) + g_i * cross) / (4 * np.pi) \
        + g_par * np.outer(n, n)


def exact_profile(metal, d, gamma, E):
    """mu(z) [J] for the in-plane field E = (E_x, E_y) [V/m]: a function of z (array)."""
    sigma, lam, theta = metal.conductivity, metal.spin_diffusion_length, metal.spin_hall_angle
    D, c, q = hbar * sigma / (4 * e**2), theta * hbar * sigma / (2 * e), np.exp(-d / lam)
    s = c * np.array([-E[1], E[0], 0.0])
    M = (D / lam) * (1 - q**2) * np.eye(3) + (1 + q**2) * gamma
    P = np.linalg.solve(M, -(1 - q) * s - q * (lam / D) * gamma @ s)
    Q = (lam / D) * s + q * P
    return lambda z: (np.multiply.outer(np.exp(-np.asarray(z) / lam), P)
                      + np.multiply.outer(np.exp(-(d - np.asarray(z)) / lam), Q))


def exact_conductivity(metal, d, gamma):
    """The 2x2 in-plane conductivity <J>/E [S/m] of the film."""
    sigma, theta = metal.conductivity, metal.spin_hall_angle
    out = np.zeros((2, 2))
    for col in range(2):
        E = np.eye(2)[col]
        mu = exact_profile(metal, d, gamma, E)
        dmu = mu(d) - mu(0.0)
        out[:, col] = sigma * E + theta * sigma / (2 * e) * np.array([dmu[1], -dmu[0]]) / d
    return out


def chen(metal, d, G):
    """Chen's (Delta rho_0, Delta rho_1, Delta rho_2) / rho for G = G_r + i G_i [S/m^2].

    Delta rho_2 with the sign of nfdiff's convention (pinned by test_sign_of_delta_rho_2).
    """
    sigma, lam, theta = metal.conductivity, metal.spin_diffusion_length, metal.spin_hall_angle
    X = 2 * lam * G * np.tanh(d / (2 * lam)) ** 2 / (sigma + 2 * lam * G / np.tanh(d / lam))
    r0 = -(theta**2) * (2 * lam / d) * np.tanh(d / (2 * lam))
    return r0, theta**2 * (lam / d) * X.real, theta**2 * (lam / d) * X.imag


def G_mix(g_r, g_i):
    return e**2 / h * (g_r + 1j * g_i)


def film(**kw):
    base = dict(metal=PT, thickness=5e-9, interface=ITF, n=(1, 0, 0), law="elastic")
    base.update(kw)
    return nf.devices.smr_film(**base)


def conductance_smr(sol):
    """<J_x>/(sigma E_x) - 1 of a shorted-circuit solution."""
    return 1.0 / (SIGMA * sol.observables["rho_long"]) - 1.0


# ---- the shorted circuit: Chen's result is exact ------------------------------------------
@pytest.mark.parametrize("d", [2e-9, 5e-9, 10e-9, 20e-9])
@pytest.mark.parametrize("direction", list(DIRECTIONS))
def test_shorted_circuit_matches_chen(d, direction, validation):
    """<J_x>/(sigma E_x) - 1 = -(Delta rho_0 + Delta rho_1 (1 - m_y^2))/rho, to 1e-6.

    Exact at E_y = 0 for any theta (the spin accumulation is linear in E_x), with
    G = (e^2/h)(g_r + i g_i), g_i != 0. Also: E_y = 0 and the transverse current
    follows the exact conductivity tensor.
    """
    n = unit(DIRECTIONS[direction])
    m = -n
    sol = film(thickness=d, n=n, transverse="shorted", **FINE).solve(current_density=J)
    r0, r1, _ = chen(PT, d, G_mix(G_R, G_I))
    expected = -(r0 + r1 * (1 - m[1] ** 2))
    validation.check("<J_x>/(sigma E_x) - 1, shorted",
                     "Chen et al. 2013: -(Delta rho_0 + Delta rho_1 (1 - m_y^2))/rho",
                     conductance_smr(sol), expected, 1e-6)
    obs = sol.observables
    assert abs(obs["E_y"]) <= 1e-12 * abs(obs["E_x"])
    assert obs["rho_trans"] == obs["E_y"] / J
    S = exact_conductivity(PT, d, mixing(G_R, G_I, n))
    # abs: j_y = 0 for n along x or y; 1e-8 J theta^2 (1.2 A/m^2) stays below the 1e-5
    # band of the nonzero j_y (>= 3.9e5 A/m^2, about 0.003 J theta^2 at 20 nm)
    validation.check("transverse current j_y, shorted", "exact 1D conductivity tensor",
                     obs["j_y"], S[1, 0] * obs["E_x"], 1e-5, abs=1e-8 * J * THETA**2,
                     unit="A/m^2")


# ---- the open circuit ------------------------------------------------------------------------
@pytest.mark.parametrize("d", [2e-9, 10e-9])
@pytest.mark.parametrize("direction", list(DIRECTIONS))
def test_open_circuit_matches_exact_tensor(d, direction, validation):
    """rho_long and rho_trans (j_y = 0) equal the inverse exact conductivity, to 1e-6."""
    n = DIRECTIONS[direction]
    sol = film(thickness=d, n=n, **FINE).solve(current_density=J)
    R = np.linalg.inv(exact_conductivity(PT, d, mixing(G_R, G_I, n)))
    scale = THETA**2 * RHO  # size of the SMR terms
    validation.check("rho_long, open", "inverse of the exact 1D conductivity tensor",
                     sol.observables["rho_long"], R[0, 0], 1e-6 * scale, "abs", unit="Ohm m")
    validation.check("rho_trans, open", "inverse of the exact 1D conductivity tensor",
                     sol.observables["rho_trans"], R[1, 0], 1e-6 * scale, "abs", unit="Ohm m")
    assert sol.observables["j_y"] == 0.0


@pytest.mark.parametrize("direction", list(DIRECTIONS))
def test_open_circuit_small_theta_matches_chen(direction, validation):
    """theta = 1e-3: Chen's O(theta^2) expansion holds to a relative O(theta^2) = 1e-6."""
    metal = PT.replace(spin_hall_angle=1e-3)
    d = 5e-9
    n = unit(DIRECTIONS[direction])
    m = -n
    sol = film(metal=metal, thickness=d, n=n, **FINE).solve(current_density=J)
    r0, r1, r2 = chen(metal, d, G_mix(G_R, G_I))
    tol = 1e-5 * abs(r0)  # theta^2 = 1e-6 relative, plus the mesh error
    validation.check("rho_long/rho - 1, open, theta = 1e-3",
                     "Chen et al. 2013: (Delta rho_0 + Delta rho_1 (1 - m_y^2))/rho",
                     sol.observables["rho_long"] / RHO - 1, r0 + r1 * (1 - m[1] ** 2), tol,
                     "abs")
    validation.check("rho_trans/rho, open, theta = 1e-3",
                     "Chen et al. 2013: (Delta rho_1 m_x m_y + Delta rho_2 m_z)/rho",
                     sol.observables["rho_trans"] / RHO, r1 * m[0] * m[1] + r2 * m[2], tol,
                     "abs")


@pytest.mark.parametrize("d", [2e-9, 20e-9])
@pytest.mark.parametrize("direction", ["x", "oblique"])
def test_open_circuit_pt_to_order_theta4(d, direction, validation):
    """With Pt's theta = 0.11 the expansion errs by O((Delta rho/rho)^2) = O(theta^4)."""
    n = unit(DIRECTIONS[direction])
    m = -n
    sol = film(thickness=d, n=n, **FINE).solve(current_density=J)
    r0, r1, r2 = chen(PT, d, G_mix(G_R, G_I))
    smr = r0 + r1 * (1 - m[1] ** 2)
    validation.check("rho_long/rho - 1, open, Pt theta",
                     "Chen et al. 2013 to O(theta^4): within 1.5 (Delta rho/rho)^2",
                     sol.observables["rho_long"] / RHO - 1, smr, 1.5 * smr**2, "abs")
    validation.check("rho_trans/rho, open, Pt theta",
                     "Chen et al. 2013 to O(theta^4): within 1.5 |Delta rho/rho| "
                     "max|Delta rho_1,2/rho|",
                     sol.observables["rho_trans"] / RHO, r1 * m[0] * m[1] + r2 * m[2],
                     1.5 * abs(smr) * max(abs(r1), abs(r2)), "abs")


# ---- sign conventions ---------------------------------------------------------------------------
def test_sign_of_delta_rho_2(validation):
    """rho_trans = +Delta rho_2 m_z, Delta rho_2/rho = +theta^2 (lambda/d) Im X.

    nfdiff's convention: n is the ordered spin density, m = -n, F below N (z < 0),
    current along +x, interface law i = (1/4pi)[g_r mu_perp + g_i mu_s x n] into F.
    With g_i > 0 and m along +z (n = -z) the transverse field is along +y. The sign
    follows m (odd), g_i (odd), and not theta (even).
    """
    d = 5e-9
    _, _, r2 = chen(PT, d, G_mix(G_R, G_I))
    assert r2 > 0

    def rho_trans(n, metal=PT, g_i=G_I):
        itf = nf.NFInterface(g_r=G_R, g_i=g_i)
        return film(metal=metal, thickness=d, n=n, interface=itf, **FINE).solve(
            current_density=J).observables["rho_trans"]

    up = rho_trans((0, 0, -1))  # m = +z
    assert up > 0
    validation.check("rho_trans/rho, m = +z", "Chen et al. 2013: +Delta rho_2/rho "
                     "(sign of nfdiff's convention), to O(theta^4)", up / RHO, r2,
                     2 * abs(r2) + 2 * THETA**2)
    validation.check("rho_trans, m = -z", "-rho_trans(m = +z): odd in m",
                     rho_trans((0, 0, 1)), -up, 1e-9, unit="Ohm m")
    validation.check("rho_trans, g_i -> -g_i", "-rho_trans(g_i): odd in g_i",
                     rho_trans((0, 0, -1), g_i=-G_I), -up, 1e-9, unit="Ohm m")
    validation.check("rho_trans, theta -> -theta", "rho_trans(theta): even in theta",
                     rho_trans((0, 0, -1), metal=PT.replace(spin_hall_angle=-THETA)), up,
                     1e-9, unit="Ohm m")
    assert abs(rho_trans((0, 0, -1), g_i=0.0)) <= 1e-12 * RHO
    # the in-plane term Delta rho_1 m_x m_y: positive for m along (1, 1, 0)
    inplane = rho_trans((-1, -1, 0), g_i=0.0)
    _, r1, _ = chen(PT, d, G_mix(G_R, 0.0))
    validation.check("rho_trans/rho, m along (1, 1, 0)",
                     "Chen et al. 2013: Delta rho_1 m_x m_y / rho = Delta rho_1/(2 rho)",
                     inplane / RHO, r1 / 2, 0.05)


def test_spin_accumulation_points_along_minus_y_at_the_interface(validation):
    """theta > 0, current along +x: spins along -y accumulate at the F side (z = 0).

    Checked against the exact profile with an insulating interface (g_r = g_i = 0):
    mu_y(z) = (c E_x lambda/D) sinh((z - d/2)/lambda)/cosh(d/(2 lambda)).
    """
    d = 5e-9
    sol = film(thickness=d, interface=nf.NFInterface(g_r=0.0), **FINE).solve(current_density=J)
    z, mu_y = sol.field("mu_y", "metal")
    z = z[0]
    E_x = sol.observables["E_x"]
    D, c = hbar * SIGMA / (4 * e**2), THETA * hbar * SIGMA / (2 * e)
    exact = (c * E_x * LAM / D) * np.sinh((z - d / 2) / LAM) / np.cosh(d / (2 * LAM))
    assert mu_y[np.argmin(z)] < 0 < mu_y[np.argmax(z)]
    validation.check("max|mu_y - exact| / max|exact|, insulating interface",
                     "exact profile (c E_x lambda/D) sinh((z - d/2)/lambda)/cosh(d/2lambda)",
                     np.max(np.abs(mu_y - exact)) / np.max(np.abs(exact)), 0.0, 1e-7, "max")


# ---- mesh convergence -------------------------------------------------------------------------
def l2_error(sol, exact_mu_y):
    """Relative L2 error of mu_y over the metal, by Gauss quadrature of order 10."""
    p = sol.problem
    basis = skfem.Basis(p.mesh, p.element, intorder=10)
    uh = basis.interpolate(sol.dof_values("mu_y"))

    @skfem.Functional
    def err2(w):
        return (w["uh"] - w["u"]) ** 2

    @skfem.Functional
    def norm2(w):
        return w["u"] ** 2

    u = exact_mu_y(np.asarray(basis.global_coordinates()[0]))
    return np.sqrt(err2.assemble(basis, uh=uh, u=u) / norm2.assemble(basis, u=u))


def fitted_slope(h_values, errors):
    return np.polyfit(np.log(h_values), np.log(errors), 1)[0]


def mesh_family(kind, d, levels):
    """(h_min, h_max, growth) per level: uniform, or graded towards both surfaces.

    The graded family halves the whole size field per level: h(x) ~ h_min + ln(g) x.
    """
    if kind == "uniform":
        return [dict(h_min=d / 8 / 2**k, h_max=d / 8 / 2**k) for k in levels]
    return [dict(h_min=LAM / 4 / 2**k, h_max=LAM / 2**k, growth=1 + 0.4 / 2**k)
            for k in levels]


@pytest.mark.parametrize(("kind", "order", "levels"), [
    ("uniform", 1, range(1, 5)),  # 16 ... 128 elements
    ("uniform", 2, range(0, 4)),  # 8 ... 64
    ("graded", 1, range(2, 6)),  # 42 ... 318 (growth 1.1 ... 1.0125)
    ("graded", 2, range(2, 6)),
])
def test_mesh_convergence(kind, order, levels, validation):
    """L2 error of mu_y: O(h^2) for P1, O(h^3) for P2; the SMR: O(h^2p) (superconvergent).

    Shorted circuit (E_y = 0) of a 10 nm film, oblique n, g_i != 0; exact mu_y from the
    cosh/sinh solution at the exact E_x = j_x/sigma_xx. h is the largest element.
    Measured (relative L2 error of mu_y, relative error of the SMR; local slopes):
    uniform P1 2.00/2.00, P2 3.00/4.00; graded P1 1.94-1.99/1.94-1.98, P2 2.94-2.98/
    3.90-3.95 (the graded family is pre-asymptotic at its coarsest levels, growth 1.4).
    """
    d, n = 10e-9, DIRECTIONS["oblique"]
    gamma = mixing(G_R, G_I, n)
    S = exact_conductivity(PT, d, gamma)
    E_x = J / S[0, 0]
    mu = exact_profile(PT, d, gamma, (E_x, 0.0))
    hs, field_errors, smr_errors = [], [], []
    for sizes in mesh_family(kind, d, levels):
        f = film(thickness=d, n=n, transverse="shorted", order=order, **sizes)
        sol = f.solve(current_density=J)
        hs.append(np.max(np.diff(f.mesh().p[0])))
        field_errors.append(l2_error(sol, lambda z: mu(z)[..., 1]))
        smr_errors.append(abs(conductance_smr(sol) / (S[0, 0] / SIGMA - 1) - 1))
    validation.check(f"L2 slope of mu_y, P{order} {kind}", f"O(h^{order + 1}) of P{order} "
                     "elements", fitted_slope(hs, field_errors), order + 1, 0.15, "abs")
    validation.check(f"slope of the SMR error, P{order} {kind}",
                     f"at least O(h^{2 * order}) - 0.15 (superconvergence)",
                     fitted_slope(hs, smr_errors), 2 * order, 2 * order - 0.15, "min")
    validation.check(f"relative L2 error of mu_y, finest, P{order} {kind}",
                     "exact cosh/sinh profile", field_errors[-1], 0.0,
                     1e-3 if order == 1 else 1e-5, "lt")


def test_default_mesh_accuracy(validation):
    """The default mesh gives the SMR to about 2e-4 (P1) and 3e-8 (P2), as documented."""
    d, n = 5e-9, DIRECTIONS["oblique"]
    S = exact_conductivity(PT, d, mixing(G_R, G_I, n))
    exact = S[0, 0] / SIGMA - 1
    for order, tol in ((1, 2e-4), (2, 1e-6)):
        sol = film(thickness=d, n=n, transverse="shorted", order=order).solve()
        validation.check(f"SMR <J_x>/(sigma E_x) - 1, default mesh, P{order}",
                         "exact 1D conductivity tensor", conductance_smr(sol), exact, tol)


# ---- magnons: the linear law, and a meshed magnet ------------------------------------
def magnon_smr(metal, d, n, G, G_par):
    """Shorted-circuit <J_x>/(sigma E_x) - 1 with a real channel G_par [S/m^2] along n.

    The spin accumulation splits into its component along n (boundary conductance
    G_par) and the perpendicular ones (complex mixing G); each part is Chen's problem.
    """
    m = -unit(n)
    r0, r1, _ = chen(metal, d, G)
    _, r1_par, _ = chen(metal, d, G_par + 0j)
    return -(r0 + r1 * (1 - m[1] ** 2) + r1_par * m[1] ** 2)


@pytest.mark.parametrize("direction", ["x", "y", "oblique"])
def test_linear_law_on_magnet_boundary(direction, validation):
    """Linear law, F a reservoir at mu_m = 0: thermally renormalised mixing and a
    magnon channel G_L = 4 pi (e^2/h) g for the spin along n
    (docs/theory.md#theory-coefficients)."""
    d, n = 5e-9, DIRECTIONS[direction]
    itf = nf.NFInterface(g_r=G_R, g_i=G_I, magnons=YIG.magnon_gas())
    c = itf.linear_coefficients(T0)
    assert c.g > 0.01 * G_R / (4 * np.pi)  # the channel is not negligible
    sol = film(thickness=d, n=n, interface=itf, law="linear", transverse="shorted",
               **FINE).solve(current_density=J)
    expected = magnon_smr(PT, d, n, G_mix(c.g_r_eff, c.g_i_tilde), 4 * np.pi * e**2 / h * c.g)
    validation.check("<J_x>/(sigma E_x) - 1, linear law",
                     "Chen et al. 2013 with g_r^, g_i~ and a magnon channel 4 pi (e^2/h) g "
                     "along n", conductance_smr(sol), expected, 1e-6)


def test_meshed_magnet_without_magnons_equals_magnet_boundary(validation):
    """A meshed YIG film with the magnons frozen out (gap = 80 k_B T: n_th, g, S ~ e^-80)
    under the linear law gives what the elastic MagnetContact gives, to solver accuracy.
    """
    frozen = YIG.replace(gap=80 * k_B * T0)
    sizes = dict(h_min=LAM / 24, h_max=LAM / 2)  # the same metal nodes in both
    for n in (DIRECTIONS["oblique"], DIRECTIONS["z"]):
        ref = film(n=n, **sizes).solve(current_density=J).observables
        meshed = film(n=n, magnet=frozen, magnet_thickness=50e-9, law="linear",
                      **sizes).solve(current_density=J).observables
        scale = THETA**2 * RHO
        for key in ("rho_long", "rho_trans"):
            validation.check(f"{key}, meshed magnet without magnons, n = {n}",
                             "the elastic magnet boundary (MagnetContact)", meshed[key],
                             ref[key], 1e-9 * scale, "abs", unit="Ohm m")


@pytest.mark.parametrize("direction", ["y", "oblique"])
def test_meshed_magnet_magnon_accumulation_in_series(direction, validation):
    """Meshed magnet, linear law: the magnon accumulation in F throttles the channel.

    A magnon film of thickness t with a spin-blocking bottom takes the magnon current
    K mu_m(0) with K = sigma_m tanh(t/lambda_m)/lambda_m (spin units), in series with
    the interface's g: 1/g_eff = 1/g + 1/K. YIG's sigma_m is raised (and lambda_m cut)
    so that K ~ g and the test can see the series law.
    """
    d, t, n = 5e-9, 100e-9, DIRECTIONS[direction]
    magnet = YIG.replace(magnon_conductivity=1e2 * YIG.magnon_conductivity,
                         magnon_diffusion_length=100e-9, spin_seebeck=None,
                         magnon_thermal_conductivity=None)
    itf = nf.NFInterface(g_r=G_R, g_i=G_I)
    c = itf.with_magnons(magnet.magnon_gas()).linear_coefficients(T0)
    lam_m = magnet.magnon_diffusion_length
    K = magnet.magnon_conductivity_spin * np.tanh(t / lam_m) / lam_m
    assert 0.1 < K / c.g < 10
    g_eff = c.g * K / (c.g + K)
    sol = film(thickness=d, n=n, interface=itf, law="linear", magnet=magnet,
               magnet_thickness=t, transverse="shorted", **FINE).solve(current_density=J)
    expected = magnon_smr(PT, d, n, G_mix(c.g_r_eff, c.g_i_tilde), 4 * np.pi * e**2 / h * g_eff)
    validation.check("<J_x>/(sigma E_x) - 1, meshed magnet, linear law",
                     "Chen et al. 2013 with the magnon channel 1/g_eff = 1/g + 1/K in series",
                     conductance_smr(sol), expected, 1e-6)


def test_nonlinear_law_and_heat_agree_with_linear_at_small_drive(validation):
    """The shorted circuit also works when the problem is not linear in the drive:
    the nonlinear law (F a boundary) and Joule heating (meshed magnet, bath below)."""
    d, n = 5e-9, DIRECTIONS["oblique"]
    common = dict(thickness=d, n=n, interface=nf.NFInterface(g_r=G_R, g_i=G_I),
                  transverse="shorted")
    linear = film(law="linear", **common).solve(current_density=J)
    nonlinear = film(law="nonlinear", **common).solve(current_density=J)
    for sol in (linear, nonlinear):
        assert abs(sol.observables["E_y"]) <= 1e-9 * abs(sol.observables["E_x"])
    # mu_s ~ 1e-6 k_B T: the laws agree far below the SMR
    validation.check("<J_x>/(sigma E_x) - 1, nonlinear law", "the linear law at "
                     "mu_s ~ 1e-6 k_B T", conductance_smr(nonlinear), conductance_smr(linear),
                     1e-5)
    heated = film(law="linear", magnet_thickness=20e-9, thermal=True, **common).solve(
        current_density=J)
    assert abs(heated.observables["E_y"]) <= 1e-9 * abs(heated.observables["E_x"])
    assert heated.field("T_e", "metal")[1].max() > T0


# ---- the template itself --------------------------------------------------------------------
def test_template_is_plain_data():
    """smr_film describes; meshing happens on request; replace() re-checks and re-derives."""
    f = nf.devices.smr_film()
    assert isinstance(f, nf.devices.SMRFilm)
    assert f.metal is PT and f.magnet is YIG and f.interface is None
    assert f.n == (1.0, 0.0, 0.0) and f.law == nf.laws.Elastic() and f.transverse == "open"
    assert f.interface_law().g_r == nf.materials.interface_parameters("Pt", "YIG").g_r
    g = f.replace(thickness=10e-9, n=(0, 0, 2))
    assert g.n == (0.0, 0.0, 1.0) and g.thickness == 10e-9 and f.thickness == 5e-9
    assert dataclasses.replace(f, metal="Cu").interface_law().g_r == \
        nf.materials.interface_parameters("Cu", "YIG").g_r
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.thickness = 1.0


@pytest.mark.parametrize("magnet_thickness", [None, 30e-9])
def test_mesh(magnet_thickness):
    f = film(thickness=20e-9, magnet_thickness=magnet_thickness)
    mesh = f.mesh()
    z = mesh.p[0]
    dz = np.diff(z)
    h_min, h_max, growth = f.mesh_sizes()["metal"]
    assert z[-1] == 20e-9 and np.all(dz > 0) and 0.0 in z
    assert z[0] == (-magnet_thickness if magnet_thickness else 0.0)
    metal = np.sort(mesh.subdomains["metal"])
    assert np.all(mesh.p[0, mesh.t[:, metal]] >= 0)
    assert dz[metal[0]] <= h_min * (1 + 1e-9) and dz[metal[-1]] <= h_min * (1 + 1e-9)
    assert np.max(dz[metal]) <= h_max * (1 + 1e-9)
    assert np.max(dz[1:] / dz[:-1]) <= growth * (1 + 1e-6)
    assert np.max(dz[:-1] / dz[1:]) <= growth * (1 + 1e-6)
    assert set(mesh.boundaries) == {"bottom", "top"}
    if magnet_thickness:
        assert set(mesh.subdomains) == {"metal", "magnet"}


def test_drive_sign_and_scale(validation):
    """The elastic, isothermal film is linear: resistivities do not depend on the drive."""
    f = film(n=DIRECTIONS["oblique"])
    a = f.solve(current_density=1e10).observables
    b = f.solve(current_density=-3e9).observables
    validation.check("rho_long at j = -3e9 A/m^2", "rho_long at 1e10 A/m^2 (linear problem)",
                     b["rho_long"], a["rho_long"], 1e-12, unit="Ohm m")
    validation.check("rho_trans at j = -3e9 A/m^2", "rho_trans at 1e10 A/m^2 (linear problem)",
                     b["rho_trans"], a["rho_trans"], 1e-9, unit="Ohm m")


@pytest.mark.parametrize(("kw", "name"), [
    ({"thickness": 0.0}, "thickness"),
    ({"thickness": -5e-9}, "thickness"),
    ({"thickness": float("nan")}, "thickness"),
    ({"magnet_thickness": 0.0}, "magnet_thickness"),
    ({"transverse": "closed"}, "transverse"),
    ({"law": "quadratic"}, "law"),
    ({"n": (0, 0, 0)}, "n"),
    ({"temperature": -1.0}, "temperature"),
    ({"order": 3}, "order"),
    ({"metal": "YIG"}, "metal"),
    ({"metal": "Unobtainium"}, "metal"),
    ({"magnet": PT}, "magnet"),
    ({"interface": nf.materials.interface_parameters("Pt", "YIG")}, "interface"),
    ({"h_min": 0.0}, "h_min"),
    ({"h_min": 1e-9, "h_max": 1e-10}, "h_max"),
    ({"growth": 1.0}, "growth"),
    ({"thermal": "yes"}, "thermal"),
])
def test_invalid_parameters(kw, name):
    with pytest.raises(nf.ParameterError) as info:
        film(**kw)
    assert info.value.name == name


def test_invalid_drive_and_missing_interface():
    f = film()
    for j in (0.0, float("inf"), "1e10"):
        with pytest.raises(nf.ParameterError, match="current_density"):
            f.solve(current_density=j)
    stranger = PT.replace(name="Unobtainium")
    with pytest.raises(nf.ParameterError, match="interface"):
        nf.devices.smr_film(metal=stranger)
