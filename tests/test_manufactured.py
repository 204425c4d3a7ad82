"""Manufactured and exact solutions for every bulk operator and the N|F coupling.

Each test picks an exact solution, adds the volumetric sources that make it solve the
strong form of docs/theory.md#theory-bulk (``Device(..., sources=...)``, balance
``div(flux) = ... + f``), imposes boundary and interface conditions that the exact
fields satisfy, and measures the relative L2 error on a sequence of uniformly refined
meshes. The log-log slope must be that of Lagrange elements, 2 for P1 and 3 for P2
(within 0.15), and the error at the finest level must be small. Exact fields are built
from closed-form pieces (tests/_mms.py: polynomials plus sines, with derivatives written
out), and the sources are evaluated from the strong form, written here in 3D vectors
independently of nfdiff's weak forms:

    metal:  E = -grad phi + E_ext,
            i_k = -(hbar sigma/4e^2) grad mu_k - theta (hbar sigma/2e) k x E
            J_c = sigma E + theta (sigma/2e) sum_k k x grad mu_k,   sigma = sigma(T_e)
            div i_k = -(hbar sigma/4e^2 lambda^2) mu_k + f_k,   div J_c = f_phi,
            -div(kappa grad T_e) = sigma |E|^2 + (sigma/4e^2) sum_k (|grad mu_k|^2
                                   + mu_k^2/lambda^2) + f_T
    magnet: j_m = -sigma_m grad mu - varsigma grad T_m,  q_m = -(varsigma T0/hbar) grad mu
                  - kappa_m grad T_m;  div j_m = -(sigma_m/lambda_m^2) mu + f_mu,
            div q_m = -Gamma (T_m - T_p) + (-j_m.grad mu + sigma_m mu^2/lambda_m^2)/hbar + f_Tm,
            -div(kappa_p grad T_p) = Gamma (T_m - T_p) + f_Tp

1D meshes run along z and carry the extruded field (Ex, Ey, 0); 2D meshes span (x, z)
with the extruded field (0, Ey, 0). The interface tests use the law's currents
(``NFInterface.currents``, tested in test_interface.py) at the exact interface values to
set the normal derivatives of the exact fields, so they check how the device assembles
the interface conditions (docs/theory.md#theory-boundaries and
docs/theory.md#theory-energy), and one test compares with a closed-form cosh/sinh
solution.
"""

from __future__ import annotations

import numpy as np
import pytest
import skfem
from _mms import (
    INTERFACE_MODES,
    Curve,
    Separable,
    coordinates,
    interface_modes,
    l2_error,
    line_mesh,
    slope,
)
from scipy.constants import e, hbar
from scipy.constants import k as k_B

import nfdiff as nf

# Manufactured solutions are chosen for their shape, not to be physical: the linear law is
# driven far past the magnon gap here on purpose (the equations being checked are linear).
pytestmark = pytest.mark.filterwarnings("ignore:.*used beyond the gap:nfdiff.errors.NfdiffWarning")

T0 = 300.0  # K, bath and reference temperature of every device here
KT = k_B * T0
SMALL_BIAS = "docs/theory.md#theory-check-interface"
SPIN = ("mu_x", "mu_y", "mu_z")
AXIS = np.eye(3)
#: Expected L2 rates of Lagrange elements.
RATE = {1: 2.0, 2: 3.0}
SLOPE_TOL = 0.15
PT = nf.materials.get("Pt")
YIG = nf.materials.get("YIG")
GGG = nf.materials.get("GGG")


# ---- strong forms (docs/theory.md#theory-bulk) ----------------------------------------
def cached(f):
    """A source f(p) that remembers its values at the arrays of points it has seen.

    nfdiff evaluates sources at the same quadrature points (the same array) in every
    Newton iteration; the exact fields are costly to evaluate.
    """
    memo = {}

    def g(p):
        hit = memo.get(id(p))
        if hit is None or hit[0] is not p:
            hit = memo[id(p)] = (p, f(p))
        return hit[1]
    return g


def grad3(u, *c):
    """3D gradient of a field at (x, z) of the cross-section (zero along y) or at
    (x, y, z)."""
    if len(c) == 3:
        return u.grad(*c)
    gx = u.dx(*c)
    return np.stack([gx, np.zeros_like(gx), u.dz(*c)])


def cross(k, v):
    """k_hat x v for a 3-vector field v (3, ...)."""
    return np.cross(AXIS[k], v, axis=0)


def metal_sources(metal, fields, E_ext, *, thermal):
    """Sources of the metal equations for exact ``fields`` and the extruded field.

    ``fields`` maps mu_x, mu_y, mu_z [J], phi [V] and (thermal) T_e [K, absolute] to
    :class:`Separable` fields; ``E_ext`` is the 3-vector extruded field [V/m].
    Returns ``(sources, current)`` with ``current(p)`` the exact J_c (3, ...) [A/m^2].
    """
    s0, lam2 = metal.conductivity, metal.spin_diffusion_length**2
    theta, alpha = metal.spin_hall_angle, metal.resistivity_temperature_coefficient
    T_ref = metal.reference_temperature
    E_ext = np.asarray(E_ext, dtype=float)

    def state(p):
        x, z = coordinates(p)
        E = -grad3(fields["phi"], x, z) + E_ext.reshape((3,) + (1,) * x.ndim)
        if thermal:
            T = fields["T_e"]
            factor = 1 + alpha * (T.value(x, z) - T_ref)
            sigma = s0 / factor
            grad_sigma = -s0 * alpha / factor**2 * grad3(T, x, z)  # d sigma/dT grad T
        else:
            sigma, grad_sigma = np.full(x.shape, s0), np.zeros((3,) + x.shape)
        grads = [grad3(fields[s], x, z) for s in SPIN]
        ish = sum(cross(k, grads[k]) for k in range(3))  # sum_k k x grad mu_k
        return x, z, E, sigma, grad_sigma, grads, ish

    def spin(k):
        u = fields[SPIN[k]]

        def f(p):
            x, z, E, sigma, gs, grads, _ = state(p)
            Ds, gDs = hbar * sigma / (4 * e**2), hbar * gs / (4 * e**2)
            g_she = theta * hbar * gs / (2 * e)
            # div i_k; div(k x E) = -k . curl E = 0
            div_i = (-np.sum(gDs * grads[k], axis=0) - Ds * u.laplacian(x, z)
                     - np.sum(g_she * cross(k, E), axis=0))
            return div_i + Ds * u.value(x, z) / lam2
        return f

    def charge(p):
        x, z, E, sigma, gs, _, ish = state(p)
        g_ish = theta * gs / (2 * e)
        return (np.sum(gs * E, axis=0) - sigma * fields["phi"].laplacian(x, z)
                + np.sum(g_ish * ish, axis=0))

    def heat(p):
        x, z, E, sigma, _, grads, _ = state(p)
        q = sigma * np.sum(E * E, axis=0)
        for k, s in enumerate(SPIN):
            q = q + sigma / (4 * e**2) * (np.sum(grads[k] ** 2, axis=0)
                                          + fields[s].value(x, z) ** 2 / lam2)
        return -metal.thermal_conductivity * fields["T_e"].laplacian(x, z) - q

    def current(p):
        _, _, E, sigma, _, _, ish = state(p)
        return sigma * E + theta * sigma / (2 * e) * ish

    sources = {s: spin(k) for k, s in enumerate(SPIN)}
    sources["phi"] = charge
    if thermal:
        sources["T_e"] = heat
    return {f: cached(g) for f, g in sources.items()}, current


def magnet_sources(magnet, mu, Tm=None, Tp=None):
    """Sources of the magnet equations for exact mu_m [J], T_m, T_p [K, absolute].

    Without temperatures: the isothermal magnon equation only (``thermal=False``). With
    them, the coefficients that change with temperature follow their power laws at the
    local T_m (kappa_p at T_p; docs/theory.md#theory-temperature): c(T) = c (T/T0)^e,
    so div(c grad f) = c lap f + (e c / T) grad T . grad f; the spin Peltier coefficient
    is varsigma T_m / hbar.
    """
    sm, lam2 = magnet.magnon_conductivity_spin, magnet.magnon_diffusion_length**2
    if Tm is None:
        return {"mu_m": lambda p: sm * (-mu.laplacian(*coordinates(p))
                                        + mu.value(*coordinates(p)) / lam2)}
    ex = magnet.temperature_exponents()
    T_ref = magnet.reference_temperature

    def local(name, T):
        """Value at T and d/dT of the coefficient ``name`` (its unit, per K)."""
        base = {"magnon_conductivity": magnet.magnon_conductivity_spin,
                "magnon_diffusion_length": magnet.magnon_diffusion_length,
                "spin_seebeck": magnet.spin_seebeck_spin,
                "magnon_thermal_conductivity": magnet.magnon_thermal_conductivity,
                "phonon_thermal_conductivity": magnet.phonon_thermal_conductivity,
                "magnon_phonon_length": magnet.magnon_phonon_length}[name]
        e_ = ex.get(name, 0.0)
        value = base * (T / T_ref) ** e_
        return value, e_ * value / T

    def fields(p):
        xs = coordinates(p)
        T, Tq = Tm.value(*xs), Tp.value(*xs)
        c = {name: local(name, T) for name in ("magnon_conductivity", "spin_seebeck",
                                               "magnon_diffusion_length",
                                               "magnon_thermal_conductivity",
                                               "magnon_phonon_length")}
        c["phonon_thermal_conductivity"] = local("phonon_thermal_conductivity", Tq)
        km, kp, lmp = (c[k][0] for k in ("magnon_thermal_conductivity",
                                         "phonon_thermal_conductivity",
                                         "magnon_phonon_length"))
        gamma = km * kp / (lmp**2 * (km + kp))
        return xs, c, gamma

    def f_mu(p):
        xs, c, _ = fields(p)
        (sm_, dsm), (vs, dvs) = c["magnon_conductivity"], c["spin_seebeck"]
        lam = c["magnon_diffusion_length"][0]
        gmu, gT = grad3(mu, *xs), grad3(Tm, *xs)
        div = (sm_ * mu.laplacian(*xs) + dsm * np.sum(gT * gmu, axis=0)
               + vs * Tm.laplacian(*xs) + dvs * np.sum(gT * gT, axis=0))
        return -div + sm_ * mu.value(*xs) / lam**2

    def f_Tm(p):
        xs, c, gamma = fields(p)
        (sm_, _), (vs, dvs) = c["magnon_conductivity"], c["spin_seebeck"]
        km, dkm = c["magnon_thermal_conductivity"]
        lam = c["magnon_diffusion_length"][0]
        gmu, gT = grad3(mu, *xs), grad3(Tm, *xs)
        j_m = -sm_ * gmu - vs * gT
        dissipation = (-np.sum(j_m * gmu, axis=0) + sm_ * mu.value(*xs) ** 2 / lam**2) / hbar
        T = Tm.value(*xs)  # the Peltier coefficient varsigma T_m / hbar is local
        div = ((vs * T / hbar) * mu.laplacian(*xs)
               + ((dvs * T + vs) / hbar) * np.sum(gT * gmu, axis=0)
               + km * Tm.laplacian(*xs) + dkm * np.sum(gT * gT, axis=0))
        return -div + gamma * (Tm.value(*xs) - Tp.value(*xs)) - dissipation

    def f_Tp(p):
        xs, c, gamma = fields(p)
        kp, dkp = c["phonon_thermal_conductivity"]
        gT = grad3(Tp, *xs)
        div = kp * Tp.laplacian(*xs) + dkp * np.sum(gT * gT, axis=0)
        return -div - gamma * (Tm.value(*xs) - Tp.value(*xs))

    return {"mu_m": cached(f_mu), "T_m": cached(f_Tm), "T_p": cached(f_Tp)}


# ---- meshes, quadrature, convergence ------------------------------------------------
def line(segments, regions, boundaries):
    """1D mesh (along z) through ``(start, stop, n)`` segments, named regions/boundaries."""
    return line_mesh(*segments).with_subdomains(regions).with_boundaries(boundaries)


def rect(kind, xs, zs, regions, boundaries):
    """Tensor quad or triangle mesh of the (x, z) cross-section."""
    cls = {"quad": skfem.MeshQuad1, "tri": skfem.MeshTri1}[kind]
    return cls.init_tensor(xs, zs).with_subdomains(regions).with_boundaries(boundaries)


def mean(f, a, b, n=64):
    """Mean of f over [a, b] by Gauss-Legendre (exact to rounding for these f)."""
    t, w = np.polynomial.legendre.leggauss(n)
    return float(np.sum(w * f(a + (t + 1) * (b - a) / 2)) / 2)


def area_integral(f, W, H, n=48):
    """int_0^W int_0^H f(x, z) dz dx by tensor Gauss-Legendre."""
    t, w = np.polynomial.legendre.leggauss(n)
    x, z = np.meshgrid((t + 1) * W / 2, (t + 1) * H / 2, indexing="ij")
    return float(np.sum(np.outer(w, w) * f(np.stack([x, z]))) * W * H / 4)


def study(solve, levels, errors):
    """Solve on every level; ``errors(sol)`` returns {label: relative L2 error}."""
    rows = [errors(solve(n)) for n in levels]
    return {k: np.array([r[k] for r in rows]) for k in rows[0]}


def assert_converges(levels, errs, order, finest, validation):
    """Slope of log(err) vs log(1/n) within SLOPE_TOL of the element rate, and every
    error at the finest level below ``finest`` (checks of the validation report)."""
    h = 1.0 / np.asarray(levels, dtype=float)
    rates = {k: slope(h, v) for k, v in errs.items()}
    report = {k: (round(rates[k], 3), f"{v[-1]:.2e}") for k, v in errs.items()}
    print("slopes, finest errors:", report)  # shown with pytest -s
    for k, v in errs.items():
        validation.check(f"L2 convergence slope of {k}", f"{RATE[order]:.0f} for P{order} "
                         "elements (manufactured solution)", rates[k], RATE[order], SLOPE_TOL,
                         "abs", strict=True)
        validation.check(f"relative L2 error of {k}, {levels[-1]} elements",
                         "manufactured solution", v[-1], 0.0, finest, "lt")
    return rates


# ---- 1. metal: spin diffusion with spin Hall coupling --------------------------------

@pytest.mark.parametrize("order, levels, finest", [(1, (8, 16, 32, 64), 1e-3),
                                                   (2, (4, 8, 16, 32), 1e-4)])
def test_metal_spin_hall_1d(order, levels, finest, validation):
    """Film 0 < z < d, current density (jx, jy) in the plane, theta = 0.2.

    Exact solution (M = 0.02 k_B T0, Ex = 2e5 V/m, Ey = -1.5e5 V/m)::

        mu_x = -2 e theta Ey z + 0.7 M cos(pi z/d)
        mu_y =  2 e theta Ex z +     M cos(pi z/d)
        mu_z = -0.5 M cos(2 pi z/d)
        phi  = V0 + P sin(pi z/2d),   E_ext = (Ex, Ey, 0)

    The free surfaces carry no spin current, i_k.z = -Ds mu_k' - 2 e theta Ds (k x E)_z
    = 0, which is the spin Hall slope mu_y' = 2 e theta Ex (mu_x' = -2 e theta Ey) at
    z = 0 and d; a flipped spin Hall sign breaks it. The drive is the exact mean
    current <J_x> = sigma Ex + theta sigma/(2e) <mu_y'> (and <J_y> = sigma Ey - ...),
    so the extruded field, a global unknown, must come out as (Ex, Ey) (checks the
    inverse spin Hall term). phi: Potential(V0) at z = 0, J_z = 0 at z = d.
    """
    d, lam, theta, sigma = 20e-9, 5e-9, 0.2, 2e6
    metal = PT.replace(conductivity=sigma, spin_diffusion_length=lam, spin_hall_angle=theta)
    Ex, Ey, M, V0, P = 2e5, -1.5e5, 0.02 * KT, 1e-3, 4e-3
    fields = {
        "mu_x": Separable(Curve((0.0, -2 * e * theta * Ey)), Curve.cos(0.7 * M, np.pi, d)),
        "mu_y": Separable(Curve((0.0, 2 * e * theta * Ex)), Curve.cos(M, np.pi, d)),
        "mu_z": Separable(Curve.cos(-0.5 * M, 2 * np.pi, d)),
        "phi": Separable(Curve((V0,)), Curve.sin(P, np.pi / 2, d)),
    }
    sources, current = metal_sources(metal, fields, (Ex, Ey, 0.0), thermal=False)
    j = [mean(lambda z, a=a: current(z[None])[a], 0.0, d) for a in (0, 1)]
    E_found = []

    def solve(n):
        mesh = line([(0.0, d, n)], {"N": lambda x: x[0] > 0},
                    {"bottom": lambda x: x[0] == 0.0})
        sol = nf.Device(mesh, materials={"N": metal}, thermal=False, order=order,
                        boundary_conditions={"bottom": nf.bc.Potential(V0)},
                        sources={"N": sources}).solve(current_density={"N": j})
        E_found.append(sol.extruded_field["N"])
        return sol

    def errors(sol):
        out = {f: l2_error(sol, f, fields[f].value, "N") for f in SPIN}
        out["phi"] = l2_error(sol, "phi", fields["phi"].value, "N", reference=V0)
        return out

    errs = study(solve, levels, errors)
    assert_converges(levels, errs, order, finest, validation)
    validation.check("extruded field (E_x, E_y, E_z), finest mesh", "exact field of the "
                     "manufactured current (inverse spin Hall term)", E_found[-1],
                     [Ex, Ey, 0.0], 1e-5, abs=0, unit="V/m")


def spin_hall_2d_fields(W, H, theta, *, thermal):
    """Exact fields of the 2D metal strip (see test_metal_spin_hall_2d)."""
    E0, Ey, VL, A, C1, C2 = 2e5, 1e5, 1e-3, 2e-3, 1e-3, -1.5e-3
    B = theta * A * H / W

    def cx(a, m=1):
        return Curve.cos(a, m * np.pi, W)

    def cz(a, m=1):
        return Curve.cos(a, m * np.pi, H)

    def sx(a, m=1):
        return Curve.sin(a, m * np.pi, W)

    def sz(a, m=1):
        return Curve.sin(a, m * np.pi, H)

    q = 2 * e
    fields = {
        "mu_x": Separable(Curve((q * theta * Ey * H / 2, -q * theta * Ey)),
                          (cx(q * C1), cz(1.0))),
        "mu_y": Separable(Curve((-q * theta * E0 * H / 2, q * theta * E0)), (cx(q * A), cz(1.0))),
        "mu_z": Separable((Curve((-q * theta * Ey * W / 2, q * theta * Ey)), Curve.const(1.0)),
                          (cx(q * C2, 2), cz(1.0))),
        "phi": Separable((Curve((VL, -E0)), Curve.const(1.0)), (sx(B), sz(1.0))),
    }
    if thermal:
        fields["T_e"] = Separable(Curve.const(T0), (sx(25.0), Curve.const(1.0)),
                                  (sx(7.5, 2), cz(1.0, 2)))
    return fields, (VL, VL - E0 * W), Ey


@pytest.mark.parametrize("kind, order, levels, finest", [
    ("quad", 1, (4, 8, 16, 32), 5e-3), ("quad", 2, (3, 6, 12), 5e-4),
    ("tri", 1, (4, 8, 16, 32), 5e-3), ("tri", 2, (3, 6, 12), 5e-4)])
def test_metal_spin_hall_2d(kind, order, levels, finest, validation):
    """Strip 0 < x < W, 0 < z < H with electrodes on x = 0, W and current I along y.

    Exact solution (psi = mu_y / 2e in V, B = theta A H / W)::

        psi  = theta E0 (z - H/2) + A cos(pi x/W) cos(pi z/H)
        phi  = VL - E0 x + B sin(pi x/W) sin(pi z/H)
        mu_x = 2e [-theta Ey (z - H/2) + C1 cos(pi x/W) cos(pi z/H)]
        mu_z = 2e [ theta Ey (x - W/2) + C2 cos(2 pi x/W) cos(pi z/H)]
        E_ext = (0, Ey, 0),   I = int J_y dA = sigma Ey W H (1 + 2 theta^2)

    In 2D the spin Hall terms coupling mu_y and phi are divergence-free in the bulk and
    act only through the boundary conditions: on z = 0, H no spin current,
    psi_z = -theta phi_x, and no charge current, phi_z = -theta psi_x; both hold only
    with the signs and factors of docs/theory.md#theory-bulk (the sin sin term of phi exists
    because of the inverse spin Hall effect). On x = 0, W: Potential(VL),
    Potential(VL - E0 W), psi_x = theta phi_z = 0. mu_x and mu_z carry the spin Hall
    accumulation of the extruded field (slopes -/+ 2 e theta Ey at the surfaces).
    """
    W, H, lam, theta, sigma = 40e-9, 20e-9, 8e-9, 0.2, 2e6
    metal = PT.replace(conductivity=sigma, spin_diffusion_length=lam, spin_hall_angle=theta)
    fields, (VL, VR), Ey = spin_hall_2d_fields(W, H, theta, thermal=False)
    sources, current = metal_sources(metal, fields, (0.0, Ey, 0.0), thermal=False)
    I = area_integral(lambda p: current(p)[1], W, H)
    assert I == pytest.approx(sigma * Ey * W * H * (1 + 2 * theta**2), rel=1e-12, abs=0)
    E_found = []

    def solve(n):
        mesh = rect(kind, np.linspace(0, W, 2 * n + 1), np.linspace(0, H, n + 1),
                    {"N": lambda x: x[0] > 0},
                    {"left": lambda x: x[0] == 0.0, "right": lambda x: x[0] == W})
        sol = nf.Device(mesh, materials={"N": metal}, thermal=False, order=order,
                        boundary_conditions={"left": nf.bc.Potential(VL),
                                             "right": nf.bc.Potential(VR)},
                        sources={"N": sources}).solve(current={"N": I})
        E_found.append(sol.extruded_field["N"][1])
        return sol

    def errors(sol):
        out = {f: l2_error(sol, f, fields[f].value, "N") for f in SPIN}
        out["phi"] = l2_error(sol, "phi", fields["phi"].value, "N", reference=VL)
        return out

    errs = study(solve, levels, errors)
    assert_converges(levels, errs, order, finest, validation)
    validation.check("extruded field E_y, finest mesh", "exact field of the manufactured "
                     "current I", E_found[-1], Ey, 1e-4, unit="V/m")


# ---- 2. metal: heat with Joule and spin dissipation, sigma(T) ------------------------
@pytest.mark.parametrize("order, levels, finest", [(1, (8, 16, 32, 64), 1e-3),
                                                   (2, (8, 16, 32, 64), 1e-4)])
def test_metal_heat_1d(order, levels, finest, validation):
    """Film 0 < z < d with spin Hall coupling, Joule and spin heating and sigma(T).

    sigma(T) = sigma0 / (1 + alpha (T - 300 K)), alpha = 4e-3 /K (up to 10 % over the film),
    kappa = 5 W/(m K). Exact solution (M = 0.3 k_B T0, dT = 30 K)::

        T_e  = T0 + dT sin(pi z/2d) + 0.3 dT sin(3 pi z/2d)
        mu_x = -2 e theta Ey z + 0.7 M cos(pi z/d),   mu_y = 2 e theta Ex z + M cos(pi z/d)
        mu_z = -0.5 M cos(2 pi z/d),   phi = P sin(pi z/2d),   E_ext = (Ex, Ey, 0)

    Temperature(T0) and Potential(0) at z = 0, adiabatic and current-free at z = d. The
    sources hold the Joule heat sigma |E|^2 (extruded and in-plane parts) and the spin
    dissipation (sigma/4e^2) sum_k (mu_k'^2 + mu_k^2/lambda^2), each about as large as the
    conduction term, and every sigma is sigma(T_e(z)): the problem is nonlinear and
    Newton has to take several steps. The mean currents follow by quadrature of the
    exact J_c with sigma(T).
    """
    d, lam, theta, s0, kappa, alpha = 20e-9, 5e-9, 0.2, 2e6, 5.0, 4e-3
    metal = PT.replace(conductivity=s0, spin_diffusion_length=lam, spin_hall_angle=theta,
                       thermal_conductivity=kappa, resistivity_temperature_coefficient=alpha)
    Ex, Ey, M, P, dT = 4e5, -3e5, 0.3 * KT, 1e-2, 30.0
    fields = {
        "mu_x": Separable(Curve((0.0, -2 * e * theta * Ey)), Curve.cos(0.7 * M, np.pi, d)),
        "mu_y": Separable(Curve((0.0, 2 * e * theta * Ex)), Curve.cos(M, np.pi, d)),
        "mu_z": Separable(Curve.cos(-0.5 * M, 2 * np.pi, d)),
        "phi": Separable(Curve.sin(P, np.pi / 2, d)),
        "T_e": Separable(Curve((T0,)), Curve.sin(dT, np.pi / 2, d),
                         Curve.sin(0.3 * dT, 3 * np.pi / 2, d)),
    }
    sources, current = metal_sources(metal, fields, (Ex, Ey, 0.0), thermal=True)
    j = [mean(lambda z, a=a: current(z[None])[a], 0.0, d) for a in (0, 1)]
    iterations = []

    def solve(n):
        mesh = line([(0.0, d, n)], {"N": lambda x: x[0] > 0},
                    {"bottom": lambda x: x[0] == 0.0})
        sol = nf.Device(mesh, materials={"N": metal}, thermal=True, order=order,
                        temperature=T0, sources={"N": sources},
                        boundary_conditions={"bottom": [nf.bc.Potential(0.0),
                                                        nf.bc.Temperature(T0)]},
                        ).solve(current_density={"N": j})
        iterations.append(sol.newton.iterations)
        return sol

    def errors(sol):
        out = {f: l2_error(sol, f, fields[f].value, "N") for f in (*SPIN, "phi")}
        out["T_e"] = l2_error(sol, "T_e", fields["T_e"].value, "N", reference=T0)
        return out

    errs = study(solve, levels, errors)
    assert_converges(levels, errs, order, finest, validation)
    assert min(iterations) >= 3  # nonlinear: Newton needs more than one step


@pytest.mark.parametrize("kind, order, levels, finest", [
    ("quad", 1, (5, 10, 20), 2e-2), ("tri", 2, (3, 6, 12), 2e-3)])
def test_metal_heat_2d(kind, order, levels, finest, validation):
    """The 2D strip of test_metal_spin_hall_2d, heated, with sigma(T).

    Same mu_k and phi, plus (Temperature(T0) on the electrodes x = 0, W, adiabatic
    z = 0, H)::

        T_e = T0 + 25 K sin(pi x/W) + 7.5 K sin(2 pi x/W) cos(2 pi z/H)

    with sigma(T), alpha = 4e-3 /K. The spin Hall boundary conditions involve only the
    ratios i/sigma, so the exact fields still satisfy them; in the bulk the cross terms
    are no longer divergence-free (grad sigma x ...), and the heat source holds
    sigma (|grad phi|^2 + Ey^2) and the spin dissipation.
    """
    W, H, lam, theta, s0, kappa, alpha = 40e-9, 20e-9, 8e-9, 0.2, 2e6, 2.0, 4e-3
    metal = PT.replace(conductivity=s0, spin_diffusion_length=lam, spin_hall_angle=theta,
                       thermal_conductivity=kappa, resistivity_temperature_coefficient=alpha)
    fields, (VL, VR), Ey = spin_hall_2d_fields(W, H, theta, thermal=True)
    sources, current = metal_sources(metal, fields, (0.0, Ey, 0.0), thermal=True)
    I = area_integral(lambda p: current(p)[1], W, H)
    iterations = []

    def solve(n):
        mesh = rect(kind, np.linspace(0, W, 2 * n + 1), np.linspace(0, H, n + 1),
                    {"N": lambda x: x[0] > 0},
                    {"left": lambda x: x[0] == 0.0, "right": lambda x: x[0] == W})
        sol = nf.Device(mesh, materials={"N": metal}, thermal=True, order=order,
                        temperature=T0, sources={"N": sources},
                        boundary_conditions={"left": [nf.bc.Potential(VL), nf.bc.Temperature(T0)],
                                             "right": [nf.bc.Potential(VR),
                                                       nf.bc.Temperature(T0)]},
                        ).solve(current={"N": I})
        iterations.append(sol.newton.iterations)
        return sol

    def errors(sol):
        out = {f: l2_error(sol, f, fields[f].value, "N") for f in SPIN}
        out["phi"] = l2_error(sol, "phi", fields["phi"].value, "N", reference=VL)
        out["T_e"] = l2_error(sol, "T_e", fields["T_e"].value, "N", reference=T0)
        return out

    errs = study(solve, levels, errors)
    assert_converges(levels, errs, order, finest, validation)
    assert min(iterations) >= 3


# ---- 3. magnet: magnons and phonons ---------------------------------------------------
@pytest.mark.parametrize("kind, order, levels, finest", [
    ("line", 1, (8, 16, 32, 64), 1e-3), ("line", 2, (4, 8, 16, 32), 1e-4),
    ("quad", 1, (6, 12, 24), 2e-3), ("quad", 2, (4, 8, 16), 1e-4),
    ("tri", 1, (6, 12, 24), 2e-3), ("tri", 2, (4, 8, 16), 1e-4)])
def test_magnet(kind, order, levels, finest, validation):
    """YIG film 0 < z < H (2D: also 0 < x < W), lambda_m = 0.5 um, l_mp = 0.3 um.

    Exact solution (c(x) = cos(pi x/W) in 2D, 1 in 1D; r = varsigma T/(hbar kappa_m) at
    T = T_m(z = 0) = Ta + g1)::

        mu_m = M0 + sin(pi z/2H) (M1 + M2 c(x))
        T_m  = Ta - r (mu_m - M0) + g1 cos(pi z/H) + g2 c(x) (cos(2 pi z/H) - 1)
        T_p  = Tb + dl sin(pi z/2H) + (dl/2) c(x) sin(3 pi z/2H)

    MagnonReservoir(M0) and Temperature(Tb) at z = 0; no magnon, heat or phonon current
    through the other boundaries. T_m has no Dirichlet condition: its zero-flux
    condition q_m.nu = -(varsigma T_m/hbar) d mu/dnu - kappa_m dT_m/dnu = 0 holds at z = 0
    only through the -r mu_m term, i.e. only with the Onsager (Kelvin) partner
    varsigma T_m/hbar of the spin Seebeck term (with T0 instead of T_m, or without it,
    the solution is different). M1 = 0.2 k_B T0 makes T_m vary by ~20 K; the magnon dissipation
    (-j_m.grad mu + sigma_m mu^2/lambda_m^2)/hbar is ~10 % of the magnon heat balance
    and makes the problem nonlinear. Gamma (T_m - T_p) couples the two temperatures.
    YIG's sigma_m (and with it varsigma, kappa_m, Gamma) follows its power law at the
    local T_m, varying by ~3 % over the film: the sources include it.
    """
    W, H = 2e-6, 1e-6
    magnet = YIG.replace(magnon_diffusion_length=0.5e-6, magnon_phonon_length=0.3e-6)
    M0, M1, M2 = -0.05 * KT, 0.2 * KT, 0.1 * KT
    Ta, g1, g2, Tb, dl = T0 + 5.0, 3.0, 2.0, T0 - 10.0, 8.0
    ex = magnet.temperature_exponents()
    assert ex["magnon_conductivity"] > 0.4 and ex["magnon_thermal_conductivity"] > 1.4
    scale = {k: ((Ta + g1) / T0) ** ex[k] for k in ("spin_seebeck",
                                                     "magnon_thermal_conductivity")}
    r = (magnet.spin_seebeck_spin * scale["spin_seebeck"] * (Ta + g1)
         / (hbar * magnet.magnon_thermal_conductivity * scale["magnon_thermal_conductivity"]))
    cx = Curve.cos(1.0, np.pi, W) if kind != "line" else Curve.const(1.0)
    mu = Separable(Curve((M0,)), Curve.sin(M1, np.pi / 2, H), (cx, Curve.sin(M2, np.pi / 2, H)))
    Tm = Separable(Curve((Ta,)), Curve.sin(-r * M1, np.pi / 2, H),
                   (cx, Curve.sin(-r * M2, np.pi / 2, H)), Curve.cos(g1, np.pi, H),
                   (cx, Curve.cos(g2, 2 * np.pi, H)), (cx, Curve((-g2,))))
    Tp = Separable(Curve((Tb,)), Curve.sin(dl, np.pi / 2, H),
                   (cx, Curve.sin(dl / 2, 3 * np.pi / 2, H)))
    sources = magnet_sources(magnet, mu, Tm, Tp)
    iterations = []

    def solve(n):
        if kind == "line":
            mesh = line([(0.0, H, n)], {"F": lambda x: x[0] > 0},
                        {"bottom": lambda x: x[0] == 0.0})
        else:
            mesh = rect(kind, np.linspace(0, W, 2 * n + 1), np.linspace(0, H, n + 1),
                        {"F": lambda x: x[0] > 0}, {"bottom": lambda x: x[1] == 0.0})
        # law="linear": no interface here; it only skips the magnon-gap check of the
        # nonlinear law, which would cap mu_m at the 0.1 T Zeeman gap (4e-4 k_B T0)
        sol = nf.Device(mesh, materials={"F": magnet}, thermal=True, order=order, law="linear",
                        temperature=T0, sources={"F": sources},
                        boundary_conditions={"bottom": [nf.bc.MagnonReservoir(mu=M0),
                                                        nf.bc.Temperature(Tb)]}).solve()
        iterations.append(sol.newton.iterations)
        return sol

    def errors(sol):
        return {"mu_m": l2_error(sol, "mu_m", mu.value, "F"),
                "T_m": l2_error(sol, "T_m", Tm.value, "F", reference=T0),
                "T_p": l2_error(sol, "T_p", Tp.value, "F", reference=T0)}

    errs = study(solve, levels, errors)
    assert_converges(levels, errs, order, finest, validation)
    assert min(iterations) >= 2


# ---- 4. dielectrics (and the phonon couplings of a metal) -----------------------------
@pytest.mark.parametrize("order, levels, finest", [(1, (8, 16, 32, 64), 1e-3),
                                                   (2, (4, 8, 16, 32), 1e-4)])
def test_dielectric_stack_1d(order, levels, finest, validation):
    """Metal N (0, dN) on oxide A (-dA, 0) on GGG S (-dS, -dA), heat only.

    T_e in N and one T_p in A and S. Exact solution: quadratics plus a sine in each
    layer, fitted to the conditions (T_e0 = T0 + 10 K, T_p0 = T0 + 6 K at z = 0)::

        kappa_N T_e'(0+) = h_K (T_e0 - T_p0) = kappa_A T_p'(0-)     (Kapitza, N|A)
        T_p, kappa T_p' continuous at z = -dA                        (A|S, shared T_p)
        -kappa_N T_e'(dN) = h (T_e(dN) - T_amb)                      (HeatTransfer, top)
        T_p(-dS) = T_bot                                             (Temperature, bottom)

    and sources -kappa T'' in each layer (no spin, no current: the metal's dissipation
    vanishes). Checks dielectric conduction, the continuity of T_p across two
    dielectrics, the metal|dielectric Kapitza terms and the Robin condition on a metal.
    """
    dN, dA, dS = 10e-9, 30e-9, 90e-9
    metal, oxide = PT, GGG.replace(name="oxide", thermal_conductivity=1.4)
    kN, kA, kS = metal.thermal_conductivity, 1.4, GGG.thermal_conductivity
    hK, h_top, T_amb, T_bot = 1e8, 2e7, T0 - 20.0, T0 - 3.0
    Te0, Tp0, Ti = T0 + 10.0, T0 + 6.0, T0 + 1.0
    Te = Curve.fit([(0.0, (1, 0), Te0), (0.0, (0, 1), hK * (Te0 - Tp0) / kN),
                    (dN, (h_top, kN), h_top * T_amb)], t0=0.0, L=dN, amp=0.5, k=3.0)
    TA = Curve.fit([(0.0, (1, 0), Tp0), (0.0, (0, 1), hK * (Te0 - Tp0) / kA),
                    (-dA, (1, 0), Ti)], t0=0.0, L=dA, amp=1.0, k=2.5)
    TS = Curve.fit([(-dA, (1, 0), Ti), (-dA, (0, 1), kA * TA(-dA, 1) / kS),
                    (-dS, (1, 0), T_bot)], t0=-dA, L=dS - dA, amp=1.0, k=3.0)
    zero = Separable(Curve.const(0.0))
    fields = {**dict.fromkeys(SPIN, zero), "phi": zero, "T_e": Separable(Te)}
    srcN, _ = metal_sources(metal, fields, (0.0, 0.0, 0.0), thermal=True)
    sources = {"N": {"T_e": srcN["T_e"]},
               "A": {"T_p": lambda p: -kA * TA(p[0], 2)},
               "S": {"T_p": lambda p: -kS * TS(p[0], 2)}}

    def solve(n):
        mesh = line([(-dS, -dA, 2 * n), (-dA, 0.0, n), (0.0, dN, n)],
                    {"S": lambda x: x[0] < -dA, "A": lambda x: (x[0] > -dA) & (x[0] < 0),
                     "N": lambda x: x[0] > 0},
                    {"bottom": lambda x: x[0] == -dS, "top": lambda x: x[0] == dN})
        return nf.Device(mesh, materials={"N": metal, "A": oxide, "S": GGG}, thermal=True,
                         order=order, temperature=T0, kapitza={("N", "A"): hK},
                         sources=sources,
                         boundary_conditions={"top": nf.bc.HeatTransfer(h_top, T_amb),
                                              "bottom": nf.bc.Temperature(T_bot)}).solve()

    def errors(sol):
        return {"T_e": l2_error(sol, "T_e", lambda x, z: Te(z), "N", reference=T0),
                "T_p(A)": l2_error(sol, "T_p", lambda x, z: TA(z), "A", reference=T0),
                "T_p(S)": l2_error(sol, "T_p", lambda x, z: TS(z), "S", reference=T0)}

    errs = study(solve, levels, errors)
    assert_converges(levels, errs, order, finest, validation)


@pytest.mark.parametrize("kind, order, levels, finest", [
    ("quad", 1, (4, 8, 16), 1e-3), ("quad", 2, (2, 4, 8), 1e-4),
    ("tri", 1, (4, 8, 16), 1e-3), ("tri", 2, (2, 4, 8), 1e-4)])
def test_dielectric_2d(kind, order, levels, finest, validation):
    """GGG (0 < z < zi) under a second dielectric (zi < z < H), 0 < x < W.

    Exact solution T_p = T0 + dT sin(pi x/W) g(z), with g piecewise (a line or a
    quadratic plus a sine in each layer) such that::

        g(0) = 0,  g and kappa g' continuous at zi,  kappa_2 g'(H) + h g(H) = 0

    i.e. Temperature(T0) at z = 0 and x = 0, W, HeatTransfer(h, T0) at z = H (h H/kappa_2
    = 1), and the flux continuity that the shared field T_p must produce at the
    material jump kappa_1/kappa_2 = 8/1.4. Sources -kappa Laplacian(T_p) in each layer.
    """
    W, H, zi, dT = 2e-6, 1e-6, 0.4e-6, 10.0
    k1, k2 = GGG.thermal_conductivity, 1.4
    h = k2 / H
    oxide = GGG.replace(name="oxide", thermal_conductivity=k2)
    g1 = Curve.fit([(0.0, (1, 0), 0.0), (zi, (1, 0), 1.0)], t0=0.0, L=zi, amp=0.3, k=2.0)
    g2 = Curve.fit([(zi, (1, 0), 1.0), (zi, (0, 1), k1 * g1(zi, 1) / k2), (H, (h, k2), 0.0)],
                   t0=zi, L=H - zi, amp=0.2, k=2.5)
    sx = Curve.sin(dT, np.pi, W)
    T1, T2 = Separable(Curve.const(T0), (sx, g1)), Separable(Curve.const(T0), (sx, g2))
    sources = {"S": {"T_p": lambda p: -k1 * T1.laplacian(*coordinates(p))},
               "A": {"T_p": lambda p: -k2 * T2.laplacian(*coordinates(p))}}

    def solve(n):
        zs = np.concatenate([np.linspace(0.0, zi, 2 * n + 1), np.linspace(zi, H, 3 * n + 1)[1:]])
        mesh = rect(kind, np.linspace(0.0, W, 5 * n + 1), zs,
                    {"S": lambda x: x[1] < zi, "A": lambda x: x[1] > zi},
                    {"bottom": lambda x: x[1] == 0.0, "top": lambda x: x[1] == H,
                     "sides": lambda x: (x[0] == 0.0) | (x[0] == W)})
        return nf.Device(mesh, materials={"S": GGG, "A": oxide}, thermal=True, order=order,
                         temperature=T0, sources=sources,
                         boundary_conditions={"bottom": nf.bc.Temperature(T0),
                                              "sides": nf.bc.Temperature(T0),
                                              "top": nf.bc.HeatTransfer(h, T0)}).solve()

    def errors(sol):
        return {"T_p(S)": l2_error(sol, "T_p", T1.value, "S", reference=T0),
                "T_p(A)": l2_error(sol, "T_p", T2.value, "A", reference=T0)}

    errs = study(solve, levels, errors)
    assert_converges(levels, errs, order, finest, validation)


# ---- 5. the N|F interface ---------------------------------------------------------------
def nf_pair(sigma_m=1e7, lam_m=20e-9, **changes):
    """Pt-like film (theta = 0, lambda = 4 nm) and a YIG-like magnet with a magnon
    conductance comparable to the interface and metal conductances (so that every
    resistance of the series counts)."""
    metal = PT.replace(spin_diffusion_length=4e-9, spin_hall_angle=0.0)
    magnet = YIG.replace(magnon_conductivity=sigma_m, magnon_diffusion_length=lam_m,
                         spin_seebeck=None, magnon_thermal_conductivity=None, **changes)
    return metal, magnet


def stack_1d(dF, dN, n):
    """Magnet F (-dF, 0) under metal N (0, dN), 3n and n elements."""
    return line([(-dF, 0.0, 3 * n), (0.0, dN, n)],
                {"F": lambda x: x[0] < 0, "N": lambda x: x[0] > 0},
                {"bottom": lambda x: x[0] == -dF, "top": lambda x: x[0] == dN})


class ClosedForm1D:
    """N (0 < z < dN) on F (-dF < z < 0), isothermal, no spin Hall, no source.

    Reservoirs: mu_s = M (SpinReservoir) at z = dN, mu_m = Mb (MagnonReservoir) at
    z = -dF, with M = (0.3, -0.5, 0.4) b and Mb = -0.2 b for a bias b [J]. With
    n = (0.6, 0, 0.8), the linear law (docs/theory.md#theory-linear) splits into:

    * along n: p = n.mu_s and mu_m obey Ds p'' = Ds p/lambda^2, sm mu_m'' =
      sm mu_m/lambda_m^2, with Ds p'(0) = -sm mu_m'(0) = g X, X = mu_m(0) + p(0)::

          p(z)    = p0 cosh(z/lambda) + (g lambda X/Ds) sinh(z/lambda)
          mu_m(z) = m0 cosh(z/lambda_m) - (g lambda_m X/sm) sinh(z/lambda_m)
          X = (n.M/cosh(dN/lambda) + Mb/cosh(dF/lambda_m))
              / (1 + g lambda tanh(dN/lambda)/Ds + g lambda_m tanh(dF/lambda_m)/sm)

      (p0 and m0 from the reservoir values), and the magnon current entering F is -g X;
    * perpendicular to n, with mu_perp = a e1 + b e2 (e1 x e2 = n) and c = a + i b:
      i_1 + i i_2 = G c, G = (g_r^ - i g_i~)/4 pi, so Ds c'(0) = G c(0) and::

          c(z) = c(dN) (cosh(z/lambda) + (G lambda/Ds) sinh(z/lambda))
                       / (cosh(dN/lambda) + (G lambda/Ds) sinh(dN/lambda))

    with g, g_r^ (g_r_eff) and g_i~ from ``linear_coefficients(T0)``.
    """

    dN, dF = 10e-9, 30e-9
    n = np.array([0.6, 0.0, 0.8])

    def __init__(self, bias):
        self.metal, self.magnet = nf_pair()
        self.itf = nf.NFInterface(g_r=1e19, g_i=3e18)
        lam, lam_m = self.metal.spin_diffusion_length, self.magnet.magnon_diffusion_length
        Ds = hbar * self.metal.conductivity / (4 * e**2)
        sm = self.magnet.magnon_conductivity_spin
        c = self.itf.with_magnons(self.magnet.magnon_gas()).linear_coefficients(T0)
        g, G = float(c.g), (float(c.g_r_eff) - 1j * float(c.g_i_tilde)) / (4 * np.pi)
        n, dN, dF = self.n, self.dN, self.dF
        e1 = np.array([0.0, 1.0, 0.0])
        e2 = np.cross(n, e1)
        self.M, self.Mb = np.array([0.3, -0.5, 0.4]) * bias, -0.2 * bias
        X = ((n @ self.M) / np.cosh(dN / lam) + self.Mb / np.cosh(dF / lam_m)) / (
            1 + g * lam * np.tanh(dN / lam) / Ds + g * lam_m * np.tanh(dF / lam_m) / sm)
        p0 = (n @ self.M - g * lam * X / Ds * np.sinh(dN / lam)) / np.cosh(dN / lam)
        m0 = (self.Mb - g * lam_m * X / sm * np.sinh(dF / lam_m)) / np.cosh(dF / lam_m)
        assert p0 + m0 == pytest.approx(X, rel=1e-12, abs=0)
        cM = self.M @ e1 + 1j * (self.M @ e2)
        self.magnon_current = -g * X  # into F [J/m^2]

        def mu_s(z):
            p = p0 * np.cosh(z / lam) + g * lam * X / Ds * np.sinh(z / lam)
            cz = cM * ((np.cosh(z / lam) + G * lam / Ds * np.sinh(z / lam))
                       / (np.cosh(dN / lam) + G * lam / Ds * np.sinh(dN / lam)))
            return p[..., None] * n + cz.real[..., None] * e1 + cz.imag[..., None] * e2

        self.exact = {s: (lambda x, z, k=k: mu_s(z)[..., k]) for k, s in enumerate(SPIN)}
        self.exact["mu_m"] = lambda x, z: (m0 * np.cosh(z / lam_m)
                                           - g * lam_m * X / sm * np.sinh(z / lam_m))

    def solve(self, m, *, order, law):
        return nf.Device(stack_1d(self.dF, self.dN, m),
                         materials={"N": self.metal, "F": self.magnet},
                         interfaces={("N", "F"): self.itf}, n=tuple(self.n), law=law,
                         thermal=False, order=order, temperature=T0,
                         boundary_conditions={"top": nf.bc.SpinReservoir(mu=tuple(self.M)),
                                              "bottom": nf.bc.MagnonReservoir(mu=self.Mb)},
                         ).solve()

    def errors(self, sol):
        return {f: l2_error(sol, f, u, "F" if f == "mu_m" else "N")
                for f, u in self.exact.items()}


@pytest.mark.parametrize("order, levels, finest, current_tol",
                         [(1, (64, 128, 256, 512), 1e-5, 1e-4),
                          (2, (8, 16, 32, 64), 1e-6, 1e-6)])
def test_interface_linear_closed_form_1d(order, levels, finest, current_tol, validation):
    """The cosh/sinh solution of :class:`ClosedForm1D` with the linear law.

    Bias 1e-3 k_B T0. Checks the rate and the error (1e-6 and below with P2) of mu_s and
    mu_m, and the magnon current entering F, -g X, from ``Solution.interface_current``
    (relative error 5.6e-5 with P1 on 512 elements, second order; 9e-8 with P2 on 64).
    The sign of g_i turns the perpendicular accumulation one way or the other
    (Im G / Re G = -0.27, G lambda/Ds = 1.3 - 0.35 i); g enters X through the series
    of the metal, interface and magnon resistances (26, 59 and 15 % of the total).
    """
    case = ClosedForm1D(1e-3 * KT)
    magnon_current = []

    def solve(m):
        sol = case.solve(m, order=order, law="linear")
        magnon_current.append(sol.interface_current("N", "F", "magnon"))
        return sol

    errs = study(solve, levels, case.errors)
    assert_converges(levels, errs, order, finest, validation)
    validation.check("magnon current into F, finest mesh", "closed form -g X "
                     "(cosh/sinh solution, linear law)", magnon_current[-1],
                     case.magnon_current, current_tol, abs=0.0, unit="J/m^2")


def test_interface_nonlinear_small_bias_1d(validation):
    """The nonlinear law tends to the linear one at small bias
    (docs/theory.md#theory-check-interface).

    :class:`ClosedForm1D` solved with law="nonlinear" (P2, 64 + 192 elements) at biases
    b = 1e-3, 1e-4, 1e-5 k_B T0 (below the 0.1 T gap, 4.5e-4 k_B T0, for mu_m): the
    L2 distance to the linear closed form and the relative deviation of the magnon
    current stay within 10 b/(k_B T0) plus the discretisation error (1e-6), and the
    current's deviation falls linearly with b (a factor 5 to 20 per decade).
    """
    deviations = []
    for b in (1e-3, 1e-4, 1e-5):
        case = ClosedForm1D(b * KT)
        sol = case.solve(64, order=2, law="nonlinear")
        for f, err in case.errors(sol).items():
            validation.check(f"L2 distance of {f} to the linear law, bias {b:g} k_B T0",
                             f"< 10 b/(k_B T0) + 1e-6 ({SMALL_BIAS})", err, 0.0,
                             10 * b + 1e-6, "lt")
        dev = abs(sol.interface_current("N", "F", "magnon") / case.magnon_current - 1)
        validation.check(f"magnon current vs linear law, bias {b:g} k_B T0",
                         f"< 10 b/(k_B T0) + 1e-6 ({SMALL_BIAS})", dev, 0.0, 10 * b + 1e-6,
                         "lt")
        deviations.append(dev)
    ratios = np.array(deviations[:-1]) / np.array(deviations[1:])
    for b, ratio in zip((1e-3, 1e-4), ratios, strict=True):
        validation.check(f"deviation ratio, bias {b:g} / {b / 10:g} k_B T0", "> 5: the "
                         "deviation falls linearly with the bias", ratio, None, 5.0, "gt")
        validation.check(f"deviation ratio, bias {b:g} / {b / 10:g} k_B T0 (upper)", "< 20: "
                         "the deviation falls linearly with the bias", ratio, None, 20.0, "lt")


@pytest.mark.parametrize("kind, order, levels, finest", [
    ("quad", 1, (4, 8, 16), 5e-3), ("quad", 2, (3, 6, 12), 1e-4),
    ("tri", 1, (4, 8, 16), 5e-3), ("tri", 2, (3, 6, 12), 1e-4)])
def test_interface_linear_2d(kind, order, levels, finest, validation):
    """F (-dF < z < 0) under N (0 < z < dN), 0 < x < W, linear law, isothermal.

    Every field is u(x, z) = P_u(z) + cos(pi x/W) Q_u(z) (no flux through x = 0, W);
    P and Q are quadratics plus a sine. At the interface the values are chosen (both
    modes, all of mu_x, mu_y, mu_z, mu_m) and the normal derivatives follow from the
    law, which is linear, mode by mode::

        Ds d mu_s/dz (x, 0+) = i(mu_s(x, 0), mu_m(x, 0))       (spin current into F)
        -sm d mu_m/dz (x, 0-) = n . i                          (magnons into F: -n.i)

    with n = (0.48, 0.6, 0.64) and the currents from ``NFInterface.currents(...,
    law="linear")``; mu_s = M (SpinReservoir) at z = dN, mu_m = Mb at z = -dF (the Q
    modes vanish there). Sources: Ds (-Laplacian + 1/lambda^2) mu_k in N and
    sm (-Laplacian + 1/lambda_m^2) mu_m in F. Checks the facet assembly in 2D: sides,
    orientation and quadrature of the interface terms, for varying interface values.
    """
    W, dN, dF = 40e-9, 10e-9, 30e-9
    metal, magnet = nf_pair()
    Ds = hbar * metal.conductivity / (4 * e**2)
    sm = magnet.magnon_conductivity_spin
    itf = nf.NFInterface(g_r=1e19, g_i=3e18)
    law = itf.with_magnons(magnet.magnon_gas())
    n = np.array([0.48, 0.6, 0.64])

    curves = interface_modes(law, n, KT, T0, Ds, sm, dN, dF)
    cx = Curve.cos(1.0, np.pi, W)
    fields = {f: Separable(curves[f, "P"], (cx, curves[f, "Q"])) for f in (*SPIN, "mu_m")}
    zero = Separable(Curve.const(0.0))
    srcN, _ = metal_sources(metal, {**fields, "phi": zero}, (0.0, 0.0, 0.0), thermal=False)
    srcF = magnet_sources(magnet, fields["mu_m"])
    top = tuple(1e-3 * KT * INTERFACE_MODES["P"][2])

    def solve(m):
        zs = np.concatenate([np.linspace(-dF, 0.0, 3 * m + 1), np.linspace(0.0, dN, m + 1)[1:]])
        mesh = rect(kind, np.linspace(0.0, W, 4 * m + 1), zs,
                    {"F": lambda x: x[1] < 0, "N": lambda x: x[1] > 0},
                    {"bottom": lambda x: x[1] == -dF, "top": lambda x: x[1] == dN})
        return nf.Device(mesh, materials={"N": metal, "F": magnet},
                         interfaces={("N", "F"): itf}, n=tuple(n), law="linear",
                         thermal=False, order=order, temperature=T0,
                         sources={"N": srcN, "F": srcF},
                         boundary_conditions={"top": nf.bc.SpinReservoir(mu=top),
                                              "bottom": nf.bc.MagnonReservoir(
                                                  mu=1e-3 * KT * INTERFACE_MODES["P"][3])}).solve()

    def errors(sol):
        out = {s: l2_error(sol, s, fields[s].value, "N") for s in SPIN}
        out["mu_m"] = l2_error(sol, "mu_m", fields["mu_m"].value, "F")
        return out

    errs = study(solve, levels, errors)
    assert_converges(levels, errs, order, finest, validation)


@pytest.mark.parametrize("law", ["nonlinear", "linear"])
@pytest.mark.parametrize("order, levels, finest", [(1, (8, 16, 32, 64), 1e-3),
                                                   (2, (4, 8, 16, 32), 5e-5)])
def test_interface_thermal_1d(law, order, levels, finest, validation):
    """N (0, dN) on F (-dF, 0) with every field and the full interface energy balance.

    Interface values (z = 0): mu_s = (0.04, -0.03, 0.05) k_B T0, mu_m = -0.03 k_B T0
    (gap 0.02 k_B T0), T_e = T0 + 4 K, T_m = T0 + 1 K, T_p = T0 + 2 K, n = (0.6, 0, 0.8).
    There the nonlinear law's qdot differs from the linear one by 16 % and i by 2 %.
    With (i, qdot) = ``NFInterface.currents`` at these values and h_K = 3e8 W/(m^2 K),
    the exact fields (quadratics plus a sine per layer) have the normal derivatives::

        Ds mu_k'(0+) = i_k                                        (spin into F)
        kappa_N T_e'(0+) = qdot + h_K (T_e - T_p) - mu_s . i/hbar (heat leaving N)
        sm mu_m'(0-) + vs T_m'(0-) = -n . i                       (j_m.z = n.i)
        (vs T_m/hbar) mu_m'(0-) + km T_m'(0-) = qdot + mu_m n.i/hbar  (-q_m.nu_F: heat
                                        = energy minus chemical work, docs/theory.md#theory-energy)
        kappa_p T_p'(0-) = h_K (T_e - T_p)                        (phonons of F gain)

    Reservoirs: SpinReservoir(M) and Temperature(T0 + 1 K) at z = dN; MagnonReservoir(Mb)
    and Temperature(T0 - 2 K) at z = -dF, where q_m.z = 0 fixes T_m'(-dF). Sources from
    the bulk equations (spin dissipation in N; Onsager terms, Gamma and magnon dissipation
    in F). Checks every interface term of the device's residual, both laws.
    """
    dN, dF, h = 10e-9, 30e-9, 3e8
    metal, magnet = nf_pair(magnon_phonon_length=10e-9, gap=0.02 * KT)
    # constant bulk coefficients (test_magnet checks their local temperature dependence)
    magnet = magnet.fixed()
    itf = nf.NFInterface(g_r=1e18, g_i=3e17, kapitza_conductance=h)
    n = np.array([0.6, 0.0, 0.8])
    Ds, kN = hbar * metal.conductivity / (4 * e**2), metal.thermal_conductivity
    sm, vs = magnet.magnon_conductivity_spin, magnet.spin_seebeck_spin
    km, kp = magnet.magnon_thermal_conductivity, magnet.phonon_thermal_conductivity

    mu0, mm0 = np.array([0.04, -0.03, 0.05]) * KT, -0.03 * KT
    Te0, Tm0, Tp0 = T0 + 4.0, T0 + 1.0, T0 + 2.0
    gas_law = itf.with_magnons(magnet.magnon_gas())
    i, q = gas_law.currents(mu0, n, mm0, T_m=Tm0, T_e=Te0, law=law, reference_temperature=T0)
    i_lin, q_lin = gas_law.currents(mu0, n, mm0, T_m=Tm0, T_e=Te0, law="linear",
                                    reference_temperature=T0)
    if law == "nonlinear":  # the bias is large enough for the laws to differ
        assert abs(q / q_lin - 1) > 0.1
        assert np.max(np.abs(i - i_lin)) > 0.01 * np.max(np.abs(i))
    M, Mb, T_top, T_bot = np.array([0.01, 0.02, -0.01]) * KT, -0.01 * KT, T0 + 1.0, T0 - 2.0

    mu_s = [Curve.fit([(0.0, (1, 0), mu0[k]), (0.0, (0, 1), i[k] / Ds), (dN, (1, 0), M[k])],
                      t0=0.0, L=dN, amp=0.01 * KT * (1 + k), k=2.0) for k in range(3)]
    Te = Curve.fit([(0.0, (1, 0), Te0),
                    (0.0, (0, 1), (q + h * (Te0 - Tp0) - mu0 @ i / hbar) / kN),
                    (dN, (1, 0), T_top)], t0=0.0, L=dN, amp=1.5, k=3.0)
    dmu, dTm = np.linalg.solve([[sm, vs], [vs * Tm0 / hbar, km]],
                               [-(n @ i), q + mm0 * (n @ i) / hbar])
    mum = Curve.fit([(0.0, (1, 0), mm0), (0.0, (0, 1), dmu), (-dF, (1, 0), Mb)],
                    t0=0.0, L=dF, amp=0.005 * KT, k=2.5)
    Tm = Curve.fit([(0.0, (1, 0), Tm0), (0.0, (0, 1), dTm),
                    (-dF, (vs * mum(-dF, 1) / hbar, km), 0.0)],
                   t0=0.0, L=dF, amp=1.0, k=4.0)
    Tp = Curve.fit([(0.0, (1, 0), Tp0), (0.0, (0, 1), h * (Te0 - Tp0) / kp),
                    (-dF, (1, 0), T_bot)], t0=0.0, L=dF, amp=1.0, k=3.5)
    assert np.max(mum(np.linspace(-dF, 0.0, 301))) < 0.5 * magnet.gap
    fields = {**{s: Separable(mu_s[k]) for k, s in enumerate(SPIN)},
              "phi": Separable(Curve.const(0.0)), "T_e": Separable(Te)}
    srcN, _ = metal_sources(metal, fields, (0.0, 0.0, 0.0), thermal=True)
    srcF = magnet_sources(magnet, Separable(mum), Separable(Tm), Separable(Tp))
    exact = {**{(s, "N", 0.0): mu_s[k] for k, s in enumerate(SPIN)}, ("T_e", "N", T0): Te,
             ("mu_m", "F", 0.0): mum, ("T_m", "F", T0): Tm, ("T_p", "F", T0): Tp}

    def solve(m):
        return nf.Device(stack_1d(dF, dN, m), materials={"N": metal, "F": magnet},
                         interfaces={("N", "F"): itf}, n=tuple(n), law=law, thermal=True,
                         order=order, temperature=T0, sources={"N": srcN, "F": srcF},
                         boundary_conditions={
                             "top": [nf.bc.SpinReservoir(mu=tuple(M)), nf.bc.Temperature(T_top)],
                             "bottom": [nf.bc.MagnonReservoir(mu=Mb), nf.bc.Temperature(T_bot)],
                         }).solve()

    def errors(sol):
        return {f: l2_error(sol, f, lambda x, z, c=c: c(z), r, reference=ref)
                for (f, r, ref), c in exact.items()}

    errs = study(solve, levels, errors)
    assert_converges(levels, errs, order, finest, validation)
