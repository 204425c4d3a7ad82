"""Nonlocal magnon transport in 1D against the two-contact formula
(docs/theory.md#theory-two-contact).

A magnetic-insulator film 0 < z < d (one region, no metal, no heat) carries magnons
between two reservoir contacts: the injector at z = 0 (``bottom``, magnon chemical
potential mu_0, contact conductance G_c) and the detector at z = d (``top``, reservoir
at 0, the same G_c). In 1D the contacts sit at the ends of the channel, so the second
formula of docs/theory.md#theory-two-contact applies (per unit area, A = 1)::

    I_det = G_c^2 g mu_0 / ((G_c^2 + g^2) sinh D + 2 G_c g cosh D),
    g = sigma_m / lambda_m,   D = d / lambda_m,   r = G_c / (2 g).

Why. The bulk law (docs/theory.md#theory-bulk, thermal=False) is j = -sigma_m dmu/dz with
dj/dz = -(sigma_m / lambda_m^2) mu, so mu'' = mu / lambda_m^2 and, with
mu_1 = mu(0), mu_2 = mu(d), s = sinh D, c = cosh D, the channel is the two-port

    j(0) = g (mu_1 c - mu_2) / s,     j(d) = g (mu_1 - mu_2 c) / s.

``nf.bc.MagnonReservoir(mu, conductance=G)`` sets the *outward* current
j . nu = G (mu_m - mu). At z = 0 (nu = -z) that is j(0) = G_c (mu_0 - mu_1), the
current injected into the channel, I_inj = -boundary_current("bottom"); at z = d
(nu = +z) it is j(d) = G_c mu_2 = I_det = +boundary_current("top"). Eliminating
mu_1 = mu_2 (G_c s + g c) / g and using c^2 - s^2 = 1 gives the formula above, and
I_inj = G_c g mu_0 (g s + G_c c) / ((G_c^2 + g^2) s + 2 G_c g c). Both are positive for
mu_0 > 0: magnons flow from the injector to the detector. With different contacts G_1
(injector) and G_2 (detector) the same elimination gives
I_det = G_1 G_2 g mu_0 / ((G_1 G_2 + g^2) s + (G_1 + G_2) g c), symmetric in G_1, G_2
(reciprocity).

Units. nfdiff takes sigma_m in S/m (charge units) and uses
sigma_m[1/m] = sigma_m[S/m] hbar / (2 e^2) internally (docs/theory.md#theory-coefficients);
the magnon
current is an angular-momentum current density [J/m^2], mu in J, and the reservoir
conductance G [1/m^2] has j = G mu. So g = sigma_m[S/m] hbar / (2 e^2 lambda_m) [1/m^2]
is in the same units as G and r = G / (2 g) is a pure number; g is computed here from
the material's S/m value and scipy's constants, not from nfdiff's converter. In the
charge units of the literature, G_L = (2 e^2 / hbar) G [S/m^2]
(docs/theory.md#theory-coefficients) for every
conductance, mu_0 in V = mu_0[J] / e and I in A/m^2 = (2 e / hbar) I[J/m^2]; the formula
is homogeneous of degree one in the conductances, so it reads the same in either.

Transparent contacts (G_c -> infinity, or fixed-mu reservoirs): I_det -> g mu_0 / sinh D,
the 1/sinh(d/lambda_m) law of Cornelissen et al., Nat. Phys. 11, 1022 (2015), with the
relative deviation coth(D) / r + O(1/r^2).

mu_0 = 1e-25 J stays below the default Zeeman gap of YIG (1.855e-24 J), which the
default (nonlinear) device law enforces at every magnon dof. lambda_m is shortened to
1 um so that films of a few lambda_m stay small; nothing depends on the absolute scale.
"""

import itertools

import numpy as np
import pytest
import skfem
from scipy.constants import e, hbar

import nfdiff as nf

LAMBDA = 1e-6  # m, magnon diffusion length of the test magnet
YIG = nf.materials.get("YIG").replace(magnon_diffusion_length=LAMBDA)
SIGMA = YIG.magnon_conductivity * hbar / (2 * e**2)  # 1/m, angular-momentum units
G_CHANNEL = SIGMA / LAMBDA  # 1/m^2, channel conductance per area, g
TWO_CONTACT = "two-contact formula, docs/theory.md#theory-two-contact"
MU0 = 1e-25  # J, injector reservoir
REGIMES = {"r<<1": 0.01, "r~1": 1.0, "r>>1": 100.0}


def detector_exact(g1, g2, D, mu0=MU0, g=G_CHANNEL):
    """I_det [J/m^2] for injector/detector conductances g1, g2 (module docstring)."""
    s, c = np.sinh(D), np.cosh(D)
    return g1 * g2 * g * mu0 / ((g1 * g2 + g**2) * s + (g1 + g2) * g * c)


def injector_exact(gc, D, mu0=MU0, g=G_CHANNEL):
    """I_inj [J/m^2] for equal contacts gc."""
    s, c = np.sinh(D), np.cosh(D)
    return gc * g * mu0 * (g * s + gc * c) / ((gc**2 + g**2) * s + 2 * gc * g * c)


def graded_film(d, h_max):
    """nf.mesh.stack of one layer: elements of h_max / 4 at both contacts, growth 1.3."""
    return nf.mesh.stack([("film", d)], h_min=h_max / 4, h_max=h_max)


def uniform_film(d, n):
    """n equal elements on 0 < z < d, with the boundary names of nf.mesh.stack."""
    mesh = skfem.MeshLine1.init_tensor(np.linspace(0.0, d, n + 1))
    mesh = mesh.with_subdomains({"film": np.arange(n)})
    return mesh.with_boundaries({"bottom": lambda x: x[0] == 0.0,
                                 "top": lambda x: x[0] == d})


def solve(mesh, *, injector, detector, order, mu0=MU0, swap=False):
    """Film with reservoir contacts of conductance injector/detector [1/m^2] (None:
    fixed mu). Returns (solution, I_inj, I_det) with I_inj flowing into the channel
    at the injector and I_det out of it at the detector [J/m^2]."""
    inj, det = ("top", "bottom") if swap else ("bottom", "top")
    dev = nf.Device(mesh, materials={"film": YIG}, thermal=False, order=order,
                    boundary_conditions={
                        inj: nf.bc.MagnonReservoir(mu=mu0, conductance=injector),
                        det: nf.bc.MagnonReservoir(mu=0.0, conductance=detector)})
    sol = dev.solve()
    assert sol.newton.converged
    return sol, -sol.boundary_current(inj, "magnon"), sol.boundary_current(det, "magnon")


def relaxation(sol, mesh):
    """int (sigma_m / lambda_m^2) mu_m dz [J/m^2] over the film, by 3-point Gauss per
    element (exact for P1 and P2 fields)."""
    xi, w = np.polynomial.legendre.leggauss(3)
    z = np.sort(mesh.p[0])
    mid, half = (z[1:] + z[:-1]) / 2, (z[1:] - z[:-1]) / 2
    pts = (mid[:, None] + half[:, None] * xi[None, :]).ravel()
    mu = sol.evaluate("mu_m", pts[None, :]).reshape(mid.size, xi.size)
    return SIGMA / LAMBDA**2 * float(np.sum(half[:, None] * w[None, :] * mu))


@pytest.mark.parametrize("D", [0.5, 3.0])
@pytest.mark.parametrize("regime", list(REGIMES))
@pytest.mark.parametrize("order", [1, 2])
def test_detector_current_matches_two_contact_formula(order, regime, D, validation):
    """I_det and I_inj against the closed forms, in the three contact regimes.

    Tolerances come from the measured discretisation error of the boundary currents
    (test_boundary_currents_converge_at_the_expected_rate, D = 3; smaller at D = 0.5):
    P2 at most 4e-3 (h/lambda)^4, so h_max = lambda/10 gives < 4e-7 (measured <= 2.2e-7)
    against 1e-6; P1 at most 0.2 (h/lambda)^2, so h_max = lambda/100 gives < 2e-5
    (measured <= 1.6e-5) against 5e-5. A conductance off by any factor, or a wrong
    sign, would miss by O(1); lambda_m off by 0.1 % already fails.
    """
    r = REGIMES[regime]
    gc = 2 * r * G_CHANNEL
    d = D * LAMBDA
    h_max, rel = (LAMBDA / 10, 1e-6) if order == 2 else (LAMBDA / 100, 5e-5)
    _, i_inj, i_det = solve(graded_film(d, h_max), injector=gc, detector=gc, order=order)
    assert i_det > 0 and i_inj > i_det
    validation.check("detector current I_det", TWO_CONTACT, i_det, detector_exact(gc, gc, D),
                     rel, abs=0, unit="J/m^2")
    validation.check("injector current I_inj", TWO_CONTACT, i_inj, injector_exact(gc, D), rel,
                     abs=0, unit="J/m^2")


@pytest.mark.parametrize("regime", list(REGIMES))
@pytest.mark.parametrize("order,rate", [(1, 2.0), (2, 4.0)])
def test_boundary_currents_converge_at_the_expected_rate(order, rate, regime, validation):
    """Relative error of I_det on uniform meshes h = lambda/4, /8, /16 (D = 3).

    The boundary current is the reaction of the discrete residual, which in 1D
    converges as h^(2p): rates 2 (P1) and 4 (P2), measured 2.00 and 4.00 in every
    regime, with constants (error / h^(2p)) up to 0.17 and 2.8e-3. Also bounds the
    error constants quoted in the test above.
    """
    r = REGIMES[regime]
    gc = 2 * r * G_CHANNEL
    D = 3.0
    exact = detector_exact(gc, gc, D)
    hs, errors = [], []
    for n in (4, 8, 16):
        ne = int(D * n)
        _, _, i_det = solve(uniform_film(D * LAMBDA, ne), injector=gc, detector=gc,
                            order=order)
        hs.append(1.0 / n)
        errors.append(abs(i_det / exact - 1))
    rates = np.diff(np.log(errors)) / np.diff(np.log(hs))
    for k, (h0, h1) in enumerate(itertools.pairwise(hs)):
        validation.check(f"convergence rate of I_det, h = lambda/{1 / h0:.0f} -> "
                         f"lambda/{1 / h1:.0f}", f"O(h^{rate:.0f}) (reaction of the "
                         f"residual, P{order})", rates[k], rate, 0.1, "abs")
    constant = errors[-1] / hs[-1] ** rate
    validation.check("error constant |I_det/exact - 1| / h^2p", "bound quoted for the "
                     "tolerances of the two-contact test", constant, None,
                     0.2 if order == 1 else 4e-3, "lt")


@pytest.mark.parametrize("D", [0.5, 3.0, 8.0])
def test_transparent_contacts_give_the_inverse_sinh_law(D, validation):
    """Fixed-mu reservoirs: I_det sinh(D) / (g mu_0) = 1 and I_inj = g mu_0 coth D.

    Finite contacts approach that limit as 1/G_c: the deviation
    1 - I_det sinh(D)/(g mu_0) = 1 - 1/(1 + coth(D)/r + 1/(4 r^2)) = coth(D)/r + O(1/r^2),
    checked for r = 1e2, 1e3, 1e4 to 1e-2 relative, falling tenfold per decade of r. The
    P2 error grows about like D (h/lambda)^4 (it shifts the effective D), so h_max =
    lambda/16 keeps it at 1e-7 or less up to D = 8 (measured 9e-8): 1e-6 for the limit,
    and at most 0.1 % of the smallest deviation, 1e-4 coth D (measured <= 9e-4).
    """
    d = D * LAMBDA
    mesh = graded_film(d, LAMBDA / 16)
    _, i_inj, i_det = solve(mesh, injector=None, detector=None, order=2)
    validation.check("I_det sinh(d/lambda_m) / (g mu_0), transparent contacts",
                     "1: the 1/sinh law of Cornelissen et al., Nat. Phys. 11, 1022 (2015)",
                     i_det * np.sinh(D) / (G_CHANNEL * MU0), 1.0, 1e-6, abs=0)
    validation.check("I_inj tanh(d/lambda_m) / (g mu_0), transparent contacts",
                     "1: I_inj = g mu_0 coth(d/lambda_m)",
                     i_inj * np.tanh(D) / (G_CHANNEL * MU0), 1.0, 1e-6, abs=0)
    deviations = []
    for r in (1e2, 1e3, 1e4):
        gc = 2 * r * G_CHANNEL
        _, _, i_det = solve(mesh, injector=gc, detector=gc, order=2)
        deviations.append(1 - i_det * np.sinh(D) / (G_CHANNEL * MU0))
        expected = 1 - 1 / (1 + 1 / (np.tanh(D) * r) + 1 / (4 * r**2))
        validation.check(f"deviation from the 1/sinh law, r = {r:.0e}",
                         "1 - 1/(1 + coth(D)/r + 1/(4 r^2))", deviations[-1], expected, 1e-2,
                         abs=0)
    validation.check("deviation ratio r = 1e2 / 1e3", "10 (deviation ~ coth(D)/r)",
                     deviations[0] / deviations[1], 10, 0.1, abs=0)
    validation.check("deviation ratio r = 1e3 / 1e4", "10 (deviation ~ coth(D)/r)",
                     deviations[1] / deviations[2], 10, 0.01, abs=0)


@pytest.mark.parametrize("regime", list(REGIMES))
@pytest.mark.parametrize("order", [1, 2])
def test_detector_current_is_injection_minus_relaxation(order, regime, validation):
    """I_det = I_inj - int (sigma_m/lambda_m^2) mu_m dz, to solver tolerance.

    The relaxation integral is computed from the solved field with sigma_m and lambda_m
    of the material (not from nfdiff's bulk terms), on a coarse mesh: the discrete
    balance closes on every mesh, not just in the limit. The contact currents also obey
    the Robin law with the given conductance: I_inj = G_c (mu_0 - mu_m(0)) and
    I_det = G_c mu_m(d).
    """
    r = REGIMES[regime]
    gc = 2 * r * G_CHANNEL
    D = 3.0
    d = D * LAMBDA
    mesh = graded_film(d, LAMBDA / 2)
    sol, i_inj, i_det = solve(mesh, injector=gc, detector=gc, order=order)
    lost = relaxation(sol, mesh)
    assert 0 < lost < i_inj
    validation.check("I_inj - I_det", "magnons relaxing, int (sigma_m/lambda_m^2) mu_m dz "
                     "(conservation)", i_inj - i_det, lost, 1e-9, abs=0, unit="J/m^2")
    z, mu = sol.field("mu_m")
    validation.check("I_inj", "contact law G_c (mu_0 - mu_m(0))", i_inj,
                     gc * (MU0 - mu[np.argmin(z[0])]), 1e-9, abs=0, unit="J/m^2")
    validation.check("I_det", "contact law G_c mu_m(d)", i_det, gc * mu[np.argmax(z[0])],
                     1e-9, abs=0, unit="J/m^2")


def test_unequal_contacts_and_reciprocity(validation):
    """G_1 = 0.2 g at the injector, G_2 = 20 g at the detector: the general formula,
    and the same detector current with injector and detector swapped (the formula is
    symmetric in G_1, G_2; docs/theory.md#theory-two-contact)."""
    D = 2.0
    mesh = graded_film(D * LAMBDA, LAMBDA / 10)
    g1, g2 = 0.2 * G_CHANNEL, 20 * G_CHANNEL
    exact = detector_exact(g1, g2, D)
    assert exact != pytest.approx(detector_exact(g1, g1, D), rel=0.5, abs=0)
    _, _, forward = solve(mesh, injector=g1, detector=g2, order=2)
    _, _, swapped = solve(mesh, injector=g2, detector=g1, order=2)
    _, _, upside_down = solve(mesh, injector=g1, detector=g2, order=2, swap=True)
    validation.check("I_det, G_1 = 0.2 g, G_2 = 20 g", "two-contact formula, unequal "
                     "contacts", forward, exact, 1e-6, abs=0, unit="J/m^2")
    validation.check("I_det, contacts swapped", "I_det forward (reciprocity)", swapped,
                     forward, 1e-6, abs=0, unit="J/m^2")
    validation.check("I_det, film upside down", "I_det forward", upside_down, forward, 1e-6,
                     abs=0, unit="J/m^2")
