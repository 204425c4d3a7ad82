"""The paper's interface law (docs/theory.md#theory-interface) and its checks
(docs/theory.md#theory-check-interface).

Every reference here is independent of the code path under test: closed forms in
polylogarithms evaluated by mpmath, the defining integrals M_ab, N_ab integrated by
mpmath quadrature and inserted in Eq. (2) as printed (with the sign correction),
finite differences, and invariants (equilibrium, rotations, dissipation).
"""

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.constants import hbar
from scipy.constants import k as k_B

import nfdiff as nf
from nfdiff.interface import MagnonGas, NFInterface

J_S = 8.458e-40  # J m^2
S_DENS = 1.0567e28  # 1/m^3
GAP_1T = 2 * 9.2740100783e-24 * 1.0  # g mu_B B, 1 T
GAS = MagnonGas(exchange_stiffness=J_S, gap=GAP_1T, spin_density=S_DENS)
ITF = NFInterface(g_r=1e19, g_i=2e18, magnons=GAS)


# ---- closed forms -------------------------------------------------------------------
def closed_forms(T, gap):
    """The closed forms of docs/theory.md#theory-linear, evaluated in mpmath (50 digits)."""
    mp.mp.dps = 50
    T = mp.mpf(T)
    kT = mp.mpf(k_B) * T
    x = mp.mpf(gap) / kT
    lam3 = mp.sqrt(4 * mp.pi * J_S / kT) ** 3

    def li(s):
        return mp.polylog(s, mp.exp(-x))

    xli12 = x * li(0.5) if x > 0 else mp.mpf(0)
    pref = mp.mpf(1e19) / (mp.pi * S_DENS * lam3)
    g = pref * (mp.mpf(3) / 2 * li(1.5) + xli12)
    S = mp.mpf(k_B) * pref * (mp.mpf(15) / 4 * li(2.5) + 3 * x * li(1.5) + x * xli12)
    kappa = (mp.mpf(k_B) ** 2 * T * pref / mp.mpf(hbar)
             * (mp.mpf(105) / 8 * li(3.5) + mp.mpf(45) / 4 * x * li(2.5)
                + mp.mpf(9) / 2 * x**2 * li(1.5) + x**2 * xli12))
    n_th = li(1.5) / lam3
    return float(g), float(S), float(kappa), float(n_th)


@pytest.mark.parametrize("gap", [0.0, GAP_1T])
@pytest.mark.parametrize("T", [5.0, 30.0, 300.0, 500.0])
def test_linear_coefficients_closed_forms(T, gap, validation):
    itf = NFInterface(g_r=1e19, g_i=2e18,
                      magnons=MagnonGas(exchange_stiffness=J_S, gap=gap, spin_density=S_DENS))
    c = itf.linear_coefficients(T)
    g, S, kappa, n_th = closed_forms(T, gap)
    ref = "closed form in polylogarithms (docs/theory.md#theory-linear), mpmath 50 digits"
    validation.check("g", ref, c.g, g, 1e-8, abs=0, unit="1/m^2")
    validation.check("S", ref, c.S, S, 1e-8, abs=0, unit="J/(K m^2)")
    validation.check("kappa", ref, c.kappa, kappa, 1e-8, abs=0, unit="W/(K m^2)")
    validation.check("n_th", "Li_{3/2}(e^{-x}) / Lambda^3, mpmath 50 digits", c.n_thermal,
                     n_th, 1e-8, abs=0, unit="1/m^3")
    # Pi is computed from dN/dmu, not from T S / hbar: the identity is a real check
    validation.check("Pi = 4 dN_++/dmu", "T S / hbar (Onsager-Kelvin)", c.Pi, T * c.S / hbar,
                     1e-10, abs=0, unit="1/(m^2 s)")
    validation.check("g_r~", "(1 - 2 n_th/s) g_r", c.g_r_tilde, 1e19 * (1 - 2 * n_th / S_DENS),
                     1e-12, abs=0, unit="1/m^2")
    validation.check("g_i~", "(1 - n_th/s) g_i", c.g_i_tilde, 2e18 * (1 - n_th / S_DENS), 1e-12,
                     abs=0, unit="1/m^2")
    validation.check("g_r^ (effective)", "g_r~ + 2 pi g (corrected sign below Eq. (4))",
                     c.g_r_eff, c.g_r_tilde + 2 * np.pi * c.g, 1e-12, abs=0, unit="1/m^2")


def test_gapless_ratios_and_power_laws(validation):
    """Gapless band: S/(k_B g), kappa hbar/(k_B^2 T g), g_r_eff = (1 + n/s) g_r, T^(3/2)."""
    itf = NFInterface(g_r=1e19, magnons=MagnonGas(exchange_stiffness=J_S, gap=0.0,
                                                  spin_density=S_DENS))
    T = np.array([5.0, 50.0, 500.0])
    c = itf.linear_coefficients(T)
    z = {s: float(mp.zeta(s)) for s in (1.5, 2.5, 3.5)}
    validation.check("S / (k_B g), T = 5, 50, 500 K", "5 zeta(5/2) / (2 zeta(3/2))",
                     c.S / (k_B * c.g), 5 * z[2.5] / (2 * z[1.5]), 1e-12, abs=0)
    validation.check("kappa hbar / (k_B^2 T g), T = 5, 50, 500 K",
                     "35 zeta(7/2) / (4 zeta(3/2))", c.kappa * hbar / (k_B**2 * T * c.g),
                     35 * z[3.5] / (4 * z[1.5]), 1e-12, abs=0)
    lam3 = (4 * np.pi * J_S / (k_B * T)) ** 1.5
    validation.check("g, T = 5, 50, 500 K", "3 zeta(3/2) g_r / (2 pi s Lambda^3)", c.g,
                     3 * z[1.5] * 1e19 / (2 * np.pi * S_DENS * lam3), 1e-12, abs=0,
                     unit="1/m^2")
    validation.check("g_r^, T = 5, 50, 500 K", "(1 + n_th/s) g_r (corrected Eq. (2))",
                     c.g_r_eff, 1e19 * (1 + c.n_thermal / S_DENS), 1e-12, abs=0, unit="1/m^2")
    # scaling: n, g, S ~ T^(3/2); kappa, Pi ~ T^(5/2)
    for label, q, p in (("n_th", c.n_thermal, 1.5), ("g", c.g, 1.5), ("S", c.S, 1.5),
                        ("kappa", c.kappa, 2.5), ("Pi", c.Pi, 2.5)):
        validation.check(f"power law of {label} in T", f"T^{p} (gapless band)",
                         np.log(q[2] / q[0]) / np.log(T[2] / T[0]), p, 1e-12, abs=0)


def test_thermal_density_against_quadrature(validation):
    mp.mp.dps = 30
    for T, mu in [(300.0, 0.0), (20.0, -0.3 * GAP_1T), (3.0, 0.999 * GAP_1T)]:
        kT = k_B * T
        y = (GAP_1T - mu) / kT
        # eps = t^2 resolves the peak of the Bose function at eps ~ y
        ref = mp.quad(lambda t, y=y: 2 * t**2 / mp.expm1(t**2 + y),
                      [0, mp.sqrt(y), 10 * mp.sqrt(y), 1, 10])
        ref *= kT**1.5 / (4 * np.pi**2 * J_S**1.5)
        validation.check(f"n_th(T = {T:g} K, mu = {mu / GAP_1T:.3g} gap)", "mpmath quadrature "
                         "of the Bose integral", GAS.thermal_density(T, mu), float(ref), 1e-12,
                         abs=0, unit="1/m^3")


# ---- the nonlinear law against its defining integrals --------------------------------
def reference_currents(itf, mu_s, n, mu_m, T_m, T_e):
    """Eqs. (1)-(3) with M_ab, N_ab by mpmath quadrature; transverse sign corrected."""
    mp.mp.dps = 25
    gas = itf.magnons
    E0 = mp.mpf(k_B * T_e)
    a = gas.gap / E0
    tau = mp.mpf(T_m) / mp.mpf(T_e)
    mu = mp.mpf(mu_m) / E0
    mup = float(np.linalg.norm(mu_s))
    nprime = np.asarray(mu_s) / mup
    c = float(np.dot(n, nprime))
    h = mp.mpf(mup) / E0

    def phi(t):
        return t / mp.expm1(t) if t != 0 else mp.mpf(1)

    def integral(nu, power):
        # int sqrt(u) E^power (E - nu) [nB((E - mu)/tau) - nB(E - nu)] du, E = u + a
        def f(u):
            E = u + a
            mag = (E - nu) / mp.expm1((E - mu) / tau)
            ele = phi(E - nu)
            return mp.sqrt(u) * E**power * (mag - ele)
        pts = sorted({mp.mpf(0), max(nu - a, mp.mpf(0)), max(nu - a, 0) + 3})
        return mp.quad(f, [*pts, 40, mp.inf])

    scale = (E0 / gas.exchange_stiffness) ** 1.5 / (4 * mp.pi**2)  # kappa_g E0^(3/2)
    C_M = itf.g_r / (4 * mp.pi * gas.spin_density) * scale * E0
    C_N = C_M * E0 / hbar
    i_t = np.zeros(3)
    q = 0.0
    perp = np.cross(n, np.cross(nprime, n))
    for sa in (1, -1):
        for sb in (1, -1):
            nu = (sa - sb) / 2 * h  # mu_a - mu_b with mu_+ - mu_- = mu'
            M = float(C_M * integral(nu, 0))
            Nab = float(C_N * integral(nu, 1))
            w = (1 - sa * c) * (1 + sb * c)
            i_t += M * (w * n - (sa / 2 - sb / 2 + sa * sb * c) * perp)
            q -= Nab * w
    n_th = gas.thermal_density(T_m, mu_m)
    g_r_t = itf.g_r * (1 - 2 * n_th / gas.spin_density)
    g_i_t = itf.g_i * (1 - n_th / gas.spin_density)
    cross = np.cross(mu_s, n)
    i_el = (g_i_t * cross + g_r_t * np.cross(n, cross)) / (4 * np.pi)
    return i_el + i_t, q


CASES = [
    # mu_s / k_B T_e (vector), n, mu_m / gap, T_m, T_e
    ((0.02, -0.01, 0.03), (0.0, 0.6, 0.8), 0.5, 302.0, 300.0),      # Taylor branch
    ((0.7, 0.3, -0.5), (1.0, 0.0, 0.0), -2.0, 280.0, 300.0),         # direct branch
    ((0.0, 0.0, 4.0), (0.0, 0.0, 1.0), 0.9, 300.0, 300.0),           # mu' > gap + 2.5 kT
    ((-3.0, 2.0, 1.0), (0.0, 1.0, 0.0), -40.0, 20.0, 15.0),          # quadrature, low T
    ((0.05, 0.0, 0.0), (0.0, 0.0, 1.0), 0.0, 3.0, 2.5),              # low T, large gap
]


@pytest.mark.parametrize("case", CASES)
def test_nonlinear_law_against_quadrature(case, validation):
    ms, n, mum, T_m, T_e = case
    mu_s = np.array(ms) * k_B * T_e
    n = np.array(n)
    i, q = ITF.currents(mu_s, n, mum * GAP_1T, T_m=T_m, T_e=T_e)
    i_ref, q_ref = reference_currents(ITF, mu_s, n, mum * GAP_1T, T_m, T_e)
    scale = np.max(np.abs(i_ref))
    validation.check("spin current i (max component error / max |i|)", "Eqs. (1)-(3), "
                     "corrected Eq. (2), M_ab by mpmath quadrature",
                     np.max(np.abs(i - i_ref)) / scale, 0.0, 1e-10, "max")
    validation.check("energy current qdot", "Eq. (3), N_ab by mpmath quadrature", q, q_ref,
                     1e-10, abs=0, unit="W/m^2")


def test_printed_sign_would_not_match_the_single_mode_limit(validation):
    """The corrected transverse term: the magnon channel adds +2 pi g to g_r (dissipative).

    With mu_s perpendicular to n at equilibrium otherwise, the inelastic current
    i - i_elastic(thermally reduced) is (g/2)(mu_s - p n) to first order: a positive
    (dissipative) transverse conductance.  The printed sign of Eq. (2) gives -g/2.
    """
    T = 300.0
    c = ITF.linear_coefficients(T)
    mu_s = np.array([1e-6, 0.0, 0.0]) * k_B * T
    n = np.array([0.0, 0.0, 1.0])
    i, _ = ITF.currents(mu_s, n, 0.0, T_e=T)
    i_el = (c.g_i_tilde * np.cross(mu_s, n) + c.g_r_tilde * mu_s) / (4 * np.pi)
    inelastic = i - i_el
    validation.check("inelastic transverse current", "+(g/2) mu_s: dissipative with the "
                     "corrected sign (the printed sign gives -g/2)", inelastic[0],
                     0.5 * c.g * mu_s[0], 1e-5, abs=0, unit="J/m^2")
    # the inelastic channel dissipates: mu_s . i_inelastic > 0
    assert np.dot(mu_s, inelastic) > 0


# ---- linear response, equilibrium, small bias ----------------------------------------
def test_equilibrium_gives_exactly_zero(validation):
    for law in ("nonlinear", "linear", "elastic"):
        i, q = ITF.currents(np.zeros(3), (0.0, 0.0, 1.0), 0.0, T_m=300.0, T_e=300.0, law=law)
        validation.check(f"i at equilibrium, {law} law", "0 exactly", i, 0.0, 0.0, "abs",
                         unit="J/m^2")
        validation.check(f"qdot at equilibrium, {law} law", "0 exactly", q, 0.0, 0.0, "abs",
                         unit="W/m^2")


def test_linear_law_is_the_derivative_of_the_nonlinear_law(validation):
    """At equilibrium the Jacobian of the nonlinear law equals the linear coefficients."""
    T = 77.0
    n = np.array([0.0, 0.6, 0.8])
    _, _, jn = ITF.currents(np.zeros(3), n, 0.0, T_e=T, jacobian=True)
    _, _, jl = ITF.currents(np.zeros(3), n, 0.0, T_e=T, law="linear",
                            reference_temperature=T, jacobian=True)
    for name in ("di_dmu_s", "di_dmu_m", "di_dT_m", "di_dT_e", "dq_dmu_s", "dq_dmu_m",
                 "dq_dT_m", "dq_dT_e"):
        a, b = getattr(jn, name), getattr(jl, name)
        assert np.allclose(a, b, rtol=1e-10, atol=1e-12 * np.max(np.abs(b))), name
    c = ITF.linear_coefficients(T)
    validation.check("d qdot / d T_m of the nonlinear law at equilibrium", "-kappa (Eq. (5))",
                     jn.dq_dT_m, -c.kappa, 1e-10, abs=0, unit="W/(K m^2)")
    validation.check("d qdot / d mu_m of the nonlinear law at equilibrium", "-Pi (Eq. (5))",
                     jn.dq_dmu_m, -c.Pi, 1e-10, abs=0, unit="1/(m^2 s)")


@pytest.mark.parametrize("bias", [1e-9, 1e-7, 1e-5, 1e-3])
def test_nonlinear_approaches_linear_without_cancellation(bias, validation):
    """Relative difference of order b: within 10 b + 1e-9
    (docs/theory.md#theory-check-interface)."""
    rng = np.random.default_rng(1)
    T = 300.0
    E = k_B * T * bias
    mu_s = rng.normal(size=(20, 3)) * E
    n = rng.normal(size=(20, 3))
    n /= np.linalg.norm(n, axis=1)[:, None]
    mu_m = rng.uniform(-1, 1, 20) * min(E, 0.5 * GAP_1T)
    dT = rng.normal(size=20) * T * bias
    i1, q1 = ITF.currents(mu_s, n, mu_m, T_e=T, delta_T=dT)
    i2, q2 = ITF.currents(mu_s, n, mu_m, T_e=T, delta_T=dT, law="linear")
    tol = 10 * bias + 1e-9
    validation.check("i, nonlinear vs linear law (max relative difference)",
                     "O(b): < 10 b/(k_B T) + 1e-9 (docs/theory.md#theory-check-interface)",
                     np.max(np.abs(i1 - i2) / np.max(np.abs(i2), axis=1)[:, None]), 0.0, tol,
                     "lt")
    validation.check("qdot, nonlinear vs linear law (max relative difference)",
                     "O(b): < 10 b/(k_B T) + 1e-9 (docs/theory.md#theory-check-interface)",
                     np.max(np.abs(q1 - q2) / np.abs(q2)), 0.0, tol, "lt")


# ---- Jacobians -----------------------------------------------------------------------
JAC_POINTS = [
    (np.array([1e-23, -2e-23, 3e-24]), np.array([0.6, 0.0, 0.8]), 3e-25, 300.0, 0.05),
    (np.array([1e-27, 2e-28, -1e-27]), np.array([0.0, 0.0, 1.0]), -1e-27, 300.0, 1e-4),
    (np.array([0.0, 3e-22, 0.0]), np.array([0.0, 1.0, 0.0]), -4e-22, 20.0, -0.5),
    (np.array([1e-20, 0.0, 0.0]), np.array([0.0, 0.0, 1.0]), -1e-22, 10.0, 0.0),
]


def _fd(f, x, step):
    return (f(x + step) - f(x - step)) / (2 * step)


@pytest.mark.parametrize("law", ["nonlinear", "linear", "elastic"])
@pytest.mark.parametrize("point", range(len(JAC_POINTS)))
def test_jacobian_against_finite_differences(law, point):
    mu_s, n, mu_m, T_e, dT = JAC_POINTS[point]
    _, _, jac = ITF.currents(mu_s, n, mu_m, T_e=T_e, delta_T=dT, law=law, jacobian=True)

    def run(ms=mu_s, mm=mu_m, te=T_e, dt=dT):
        return ITF.currents(ms, n, mm, T_e=te, delta_T=dt, law=law)

    def check(name, shift, ana_i, ana_q, scale_x, limit=np.inf):
        # i (J/m^2) and qdot (W/m^2) separately; a step that changes each by ~1e-5
        # relative (round-off ~1e-11), Richardson-extrapolated central differences
        for part, ana in ((0, ana_i), (1, np.atleast_1d(ana_q))):
            f0 = np.max(np.abs(run()[part]))
            if f0 == 0 and np.all(ana == 0):
                continue
            big = np.max(np.abs(ana))
            step = min(1e-5 * f0 / big if big > 0 and f0 > 0 else 1e-4 * scale_x, limit)
            def central(hh, part=part):
                up, down = np.atleast_1d(shift(hh)[part]), np.atleast_1d(shift(-hh)[part])
                return (up - down) / (2 * hh)

            fd = (4 * central(step / 2) - central(step)) / 3  # Richardson: O(step^4)
            scale = max(np.max(np.abs(fd)), np.max(np.abs(ana)))
            assert np.max(np.abs(fd - ana)) <= 1e-6 * scale, (name, part)

    for k in range(3):
        e = np.eye(3)[k]
        check(("mu_s", k), lambda s, e=e: run(ms=mu_s + s * e), jac.di_dmu_s[:, k],
              jac.dq_dmu_s[k], k_B * T_e)
    check("mu_m", lambda s: run(mm=mu_m + s), jac.di_dmu_m, jac.dq_dmu_m, k_B * T_e,
          limit=1e-3 * (GAP_1T - mu_m))
    check("T_m", lambda s: run(dt=dT + s), jac.di_dT_m, jac.dq_dT_m, T_e, limit=0.01 * T_e)
    check("T_e", lambda s: run(te=T_e + s, dt=dT - s), jac.di_dT_e, jac.dq_dT_e, T_e,
          limit=0.01 * T_e)


# ---- invariants ----------------------------------------------------------------------
def _rotation(angles):
    a, b, c = angles
    Rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    Ry = np.array([[np.cos(b), 0, np.sin(b)], [0, 1, 0], [-np.sin(b), 0, np.cos(b)]])
    Rx = np.array([[1, 0, 0], [0, np.cos(c), -np.sin(c)], [0, np.sin(c), np.cos(c)]])
    return Rz @ Ry @ Rx


angle = st.floats(-np.pi, np.pi)
unit = st.floats(-1, 1)


@settings(max_examples=40, deadline=None)
@given(angles=st.tuples(angle, angle, angle), ms=st.tuples(unit, unit, unit),
       nv=st.tuples(unit, unit, unit), bias=st.sampled_from([1e-6, 1e-2, 0.3, 3.0]),
       law=st.sampled_from(["nonlinear", "linear", "elastic"]))
def test_rotating_n_and_mu_s_together_rotates_i(angles, ms, nv, bias, law):
    nv = np.array(nv)
    if np.linalg.norm(nv) < 0.1:
        nv = np.array([0.0, 0.0, 1.0])
    nv /= np.linalg.norm(nv)
    mu_s = np.array(ms) * bias * k_B * 300.0
    R = _rotation(angles)
    i1, q1 = ITF.currents(mu_s, nv, -0.3 * GAP_1T, T_m=301.0, T_e=300.0, law=law)
    i2, q2 = ITF.currents(R @ mu_s, R @ nv, -0.3 * GAP_1T, T_m=301.0, T_e=300.0, law=law)
    # |mu_s| by its largest component: np.linalg.norm squares, and underflows to 0 for
    # |mu_s| < 1e-154 J (hypothesis draws such components), leaving no scale at all.
    scale = max(np.max(np.abs(i1)), ITF.g_r * np.max(np.abs(mu_s)) / (4 * np.pi), 1e-300)
    assert np.allclose(R @ i1, i2, rtol=0, atol=1e-12 * scale)
    assert q2 == pytest.approx(q1, rel=1e-12, abs=1e-300 + 1e-12 * abs(q1))


def test_broadcasting_shapes():
    mu_s = np.zeros((4, 5, 3))
    mu_s[..., 2] = 1e-25
    i, q, jac = ITF.currents(mu_s, (0.0, 0.0, 1.0), np.zeros(5), T_e=300.0, jacobian=True)
    assert i.shape == (4, 5, 3) and q.shape == (4, 5)
    assert jac.di_dmu_s.shape == (4, 5, 3, 3) and jac.dq_dT_e.shape == (4, 5)


# ---- bad input -----------------------------------------------------------------------
def test_bad_inputs_give_clear_errors():
    with pytest.raises(nf.ParameterError, match="g_r"):
        NFInterface(g_r=-1e19, magnons=GAS)
    with pytest.raises(nf.ParameterError, match=r"n = \[0.0, 0.0, 0.0\] is invalid: must be a"):
        ITF.currents(np.zeros(3), (0.0, 0.0, 0.0), 0.0, T_e=300.0)
    with pytest.raises(nf.ParameterError, match=r"T_e = -3.0 K is invalid: must be finite and"):
        ITF.currents(np.zeros(3), (0.0, 0.0, 1.0), 0.0, T_e=-3.0)
    with pytest.raises(nf.ParameterError, match=r"mu_s\[0\] = nan J is invalid: must be finite"):
        ITF.currents((np.nan, 0, 0), (0.0, 0.0, 1.0), 0.0, T_e=300.0)
    with pytest.raises(nf.ParameterError, match="law"):
        ITF.currents(np.zeros(3), (0.0, 0.0, 1.0), 0.0, T_e=300.0, law="quadratic")
    with pytest.raises(nf.ParameterError, match="magnons"):
        NFInterface(g_r=1e19).currents(np.zeros(3), (0.0, 0.0, 1.0), 0.0, T_e=300.0)
    with pytest.raises(nf.ParameterError, match="exchange_stiffness"):
        MagnonGas(exchange_stiffness=0.0, gap=0.0, spin_density=1e28)


def test_mu_m_at_or_above_the_gap_raises_condensation_error():
    mu_m = np.array([0.0, 0.5, 1.0, 0.2]) * GAP_1T
    with pytest.raises(nf.CondensationError) as info:
        ITF.currents(np.zeros(3), (0.0, 0.0, 1.0), mu_m, T_e=300.0)
    err = info.value
    assert err.mu_m == GAP_1T and err.gap == GAP_1T
    assert "reached the magnon gap" in str(err) and isinstance(err, nf.NfdiffError)
    # just below the gap the currents are finite
    i, q = ITF.currents(np.zeros(3), (0.0, 0.0, 1.0), (1 - 1e-9) * GAP_1T, T_e=300.0)
    assert np.all(np.isfinite(i)) and np.isfinite(q)
    # the linear law and the elastic law have no such threshold
    ITF.currents(np.zeros(3), (0.0, 0.0, 1.0), 2 * GAP_1T, T_e=300.0, law="linear")
