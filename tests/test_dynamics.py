"""Magnetisation dynamics (nf.dynamics): spin pumping, damping, torque threshold.

Each test states the exact result it checks in its docstring. Geometry: film normal z
from F into N, current along +x, n the paper's n (m = -n); the default field 0.1 T
along +y puts n0 along -y.
"""

import math

import numpy as np
import pytest
from scipy.constants import e, h, hbar, mu_0
from scipy.constants import k as k_B
from scipy.special import zeta

import nfdiff as nf
from nfdiff.units import mu_B

YIG = nf.materials.get("YIG")
PT = nf.materials.get("Pt")
GAPLESS = YIG.replace(gap=0.0)


def bilayer(d_F=20e-9, d_N=5e-9, field=(0.0, 0.1, 0.0), temperature=300.0, law="linear",
            magnet=YIG, metal=PT, **kwargs):
    mag = nf.dynamics.Macrospin(thickness=d_F, field=field, magnet=magnet,
                                temperature=temperature, law=law)
    return nf.dynamics.Bilayer(mag, metal=metal, metal_thickness=d_N, **kwargs)


# ---- spin pumping with backflow (docs/theory.md#theory-pumping) --------------------------
@pytest.mark.parametrize("d_N", [1e-9, 2e-9, 5e-9, 15e-9])
def test_spin_pumping_backflow_closed_form_and_fe(d_N):
    """docs/theory.md#theory-pumping (g_i = 0):
    g_eff = g_r / (1 + (2 lambda G_r/sigma) coth(d/lambda)),
    V = theta L lambda tanh(d/2lambda) (2e/hbar) i_dc / (sigma d), i_dc = (hbar/4pi) g_eff
    omega sin^2(cone) along m0; the finite-element film driven by the full instantaneous
    pumped current agrees to the theta^2 spin Hall feedback it keeps (exact 1D open-circuit
    factor 1/(1 + 2 theta^2 (lambda/d) tanh(d/2lambda))) and the mesh."""
    itf = nf.NFInterface(g_r=1e19, g_i=0.0)
    bl = bilayer(d_N=d_N, law="elastic", interface=itf)
    f, cone = 5e9, 0.1
    n0 = bl.equilibrium()
    prec = nf.dynamics.circular_precession(n0, f, cone, samples=8)
    closed = bl.spin_pumping(prec)
    fe = bl.spin_pumping(prec, method="fe")

    lam, sigma, theta = PT.spin_diffusion_length, PT.conductivity, PT.spin_hall_angle
    G_r = e**2 / h * 1e19
    g_eff = 1e19 / (1 + 2 * lam * G_r / sigma / math.tanh(d_N / lam))
    i_dc = hbar / (4 * math.pi) * g_eff * 2 * math.pi * f * math.sin(cone) ** 2
    V = theta * bl.length * lam * math.tanh(d_N / (2 * lam)) * (2 * e / hbar) * i_dc / (
        sigma * d_N)
    assert closed.effective_mixing_conductance == pytest.approx(g_eff, rel=1e-12)
    np.testing.assert_allclose(closed.spin_current, -i_dc * n0, rtol=1e-12, atol=1e-12 * i_dc)
    # theta > 0, spin current along m0 = +y flowing up: V_ISHE = -E_x L < 0
    assert closed.voltage == pytest.approx(-V, rel=1e-12, abs=0)
    # finite elements: P1 mesh error ~1e-4, theta^2 = 0.012 feedback on g_eff < 1e-3
    assert fe.effective_mixing_conductance == pytest.approx(g_eff, rel=1.5e-3)
    assert fe.voltage == pytest.approx(closed.voltage, rel=0.015, abs=0)
    tau = math.tanh(d_N / (2 * lam))
    open_circuit = 1 / (1 + 2 * theta**2 * (lam / d_N) * tau)
    assert fe.voltage == pytest.approx(closed.voltage * open_circuit, rel=1.5e-3, abs=0)
    # the DC spin accumulation at the interface: i_dc / g_N
    np.testing.assert_allclose(fe.spin_accumulation, closed.spin_accumulation, rtol=0.01,
                               atol=1e-3 * np.abs(closed.spin_accumulation).max())


@pytest.mark.parametrize("law", ["elastic", "linear"])
def test_spin_pumping_fe_converges_to_closed_form_for_small_theta(law):
    """With theta -> 0 and P2 elements, the finite-element spin pumping reproduces the
    complex backflow formula g_eff = g / (1 + g/(4 pi g_N)), g = g_r^ + i g_i~ (built-in
    Pt|YIG has g_i = 0.125 g_r), and V_ISHE, to 1e-6; an elliptical precession (FMR of an
    in-plane film) too."""
    metal = PT.replace(spin_hall_angle=1e-3)
    for d_N in (1e-9, 4e-9):
        bl = bilayer(d_N=d_N, law=law, metal=metal, order=2)
        assert bl.mixing_conductance().imag > 0.1 * bl.mixing_conductance().real
        prec = nf.dynamics.circular_precession((0.4, -1, 0.5), 3e9, 0.2, samples=6)
        closed, fe = bl.spin_pumping(prec), bl.spin_pumping(prec, method="fe")
        assert fe.effective_mixing_conductance == pytest.approx(
            closed.effective_mixing_conductance, rel=1e-6)
        assert abs(closed.voltage) > 1e-9
        assert fe.voltage == pytest.approx(closed.voltage, rel=2e-6, abs=0)
        np.testing.assert_allclose(fe.electric_field, closed.electric_field, rtol=0,
                                   atol=2e-6 * np.linalg.norm(closed.electric_field))
        np.testing.assert_allclose(fe.spin_current, closed.spin_current, rtol=0,
                                   atol=1e-6 * np.linalg.norm(closed.spin_current))
    ellipse = bl.fmr_precession(1e-4, method="linear", samples=8)
    assert np.ptp(np.linalg.norm(ellipse.dn_dt, axis=1)) > 0.1 * np.linalg.norm(
        ellipse.dn_dt, axis=1).max()  # elliptical
    closed, fe = bl.spin_pumping(ellipse), bl.spin_pumping(ellipse, method="fe")
    assert abs(closed.voltage) > 1e-12
    assert fe.voltage == pytest.approx(closed.voltage, rel=2e-6, abs=0)


def test_pumped_spin_current_direction_and_sign():
    """n precesses clockwise about n0 (m counterclockwise about the field): <n x dn/dt> =
    -omega sin^2 n0, so the pumped spin current points along m0 = -n0 and the bare current
    exceeds the one with backflow by 1 + g/(4 pi g_N)."""
    bl = bilayer(law="elastic")
    n0 = bl.equilibrium()
    np.testing.assert_allclose(n0, [0, -1, 0], atol=1e-12)
    res = bl.spin_pumping(nf.dynamics.circular_precession(n0, 1e10, 0.05))
    assert res.spin_current[1] > 0 and res.voltage < 0
    g = bl.mixing_conductance()
    assert res.bare_spin_current[1] / res.spin_current[1] == pytest.approx(
        g.real / bl.effective_mixing_conductance().real, rel=1e-12)


def test_interface_currents_with_dn_dt_are_eq4():
    """NFInterface.currents(dn_dt=...) is Eq. (4): (1/4pi)(g_i~ + g_r^ n x)(mu_s x n -
    hbar dn/dt) + [g (mu + n.mu_s) + S dT] n; the nonlinear law refuses it."""
    itf = nf.NFInterface(g_r=1e19, g_i=2e18, magnons=YIG.magnon_gas())
    n = np.array([0.2, -0.9, 0.3])
    n /= np.linalg.norm(n)
    dn = np.cross(n, [1e9, 2e8, -3e8])
    mu_s = np.array([1e-25, -3e-25, 2e-25])
    c = itf.linear_coefficients(300.0)
    i, q = itf.currents(mu_s, n, 0.0, T_e=300.0, law="linear", dn_dt=dn)
    src = np.cross(mu_s, n) - hbar * dn
    expect = (c.g_i_tilde * src + c.g_r_eff * np.cross(n, src)) / (4 * np.pi) + (
        c.g * (n @ mu_s)) * n
    np.testing.assert_allclose(i, expect, rtol=1e-12, atol=1e-12 * np.abs(expect).max())
    _, q0 = itf.currents(mu_s, n, 0.0, T_e=300.0, law="linear")
    assert q == q0
    with pytest.raises(nf.ParameterError, match="dn_dt"):
        itf.currents(mu_s, n, 0.0, T_e=300.0, dn_dt=dn)
    with pytest.raises(nf.ParameterError, match="dn_dt"):
        nf.bc.MagnetContact(itf, n=(1, 0, 0), dn_dt=(1.0, np.nan, 0.0))


def test_pumping_contact_heats_the_metal_by_the_work_of_the_magnet():
    """A MagnetContact with dn_dt deposits (mu_s - hbar n x dn/dt).i/hbar at the interface:
    with the elastic law and no Kapitza path, the heat leaving the metal through its bath
    equals the power the precessing magnet delivers, -(n x dn/dt).i_F (thermal Device,
    to solver precision)."""
    itf = nf.NFInterface(g_r=1e19, g_i=1e18, kapitza_conductance=0.0)
    mesh = nf.devices.smr_film(metal=PT, thickness=5e-9, interface=itf).mesh()
    n = np.array([0.3, -0.9, 0.2])
    n /= np.linalg.norm(n)
    dn = np.cross(n, [2e10, 1e10, -3e10])
    dev = nf.Device(mesh, materials={"metal": PT}, temperature=300.0, law="elastic",
                    thermal=True, boundary_conditions={
                        "bottom": nf.bc.MagnetContact(itf, n=tuple(n), dn_dt=tuple(dn)),
                        "top": nf.bc.Temperature(300.0)})
    sol = dev.solve()
    i_F = sol.boundary_current("bottom", "spin")
    power = -np.cross(n, dn) @ i_F
    assert power > 0
    assert sol.boundary_current("top", "heat") == pytest.approx(power, rel=1e-9)


def test_spin_hall_torque_has_the_pumping_backflow():
    """Onsager: the spin Hall torque of a metal film on a tilted n is
    (1/4pi)(g_eff,i + g_eff,r n x)(mu_SH x n) with the same g_eff as spin pumping and
    mu_SH = -(2 e theta lambda/sigma) tanh(d/2lambda) J y (finite-element SMR film,
    theta = 0.01: agreement to O(theta^2))."""
    metal = PT.replace(spin_hall_angle=0.01)
    bl = bilayer(d_N=3e-9, law="elastic", metal=metal, order=2)
    n = np.array([0.3, -0.8, 0.5])
    n /= np.linalg.norm(n)
    J = 1e11
    film = nf.devices.smr_film(metal=metal, thickness=3e-9, interface=bl.interface_law(),
                               n=tuple(n), law="elastic", order=2)
    i_F = film.solve(current_density=J).boundary_current("bottom", "spin")
    mu = bl.spin_hall_accumulation(J)
    assert mu[1] < 0 and mu[0] == 0 and mu[2] == 0
    g = bl.effective_mixing_conductance()
    torque = (g.imag * np.cross(mu, n) + g.real * np.cross(n, np.cross(mu, n))) / (4 * np.pi)
    np.testing.assert_allclose(i_F, torque, rtol=0, atol=3e-4 * np.abs(torque).max())


# ---- damping enhancement ------------------------------------------------------------------
def test_damping_enhancement_formula_and_ring_down():
    """Delta alpha = gamma hbar g_eff / (4 pi M_s d_F) with M_s = g mu_B (s - n_th(T)),
    gamma = g mu_B / hbar, g_eff with backflow (g_r^ of the interface at T); it scales as
    1/d_F; the free ring-down of the time integration decays at the rate of the linear
    modes, which is that of alpha + Delta alpha: Re lambda = -(alpha + Delta alpha)
    gamma (2 B + mu0 M_s)/2 / ((alpha + Delta alpha)^2 + (1 + alpha'_i)^2)."""
    bl = bilayer(d_F=10e-9)
    mag = bl.coupled_macrospin
    itf = bl.interface_law()
    c = itf.linear_coefficients(300.0)
    s_t = YIG.spin_density - float(itf.thermal_magnon_density(300.0))
    M_s = 2.0 * mu_B * s_t
    lam, sigma = PT.spin_diffusion_length, PT.conductivity
    g_N = hbar * sigma / (4 * e**2 * lam) * np.tanh(5e-9 / lam)
    g = complex(c.g_r_eff, c.g_i_tilde)
    g_eff = (g / (1 + g / (4 * np.pi * g_N))).real
    gamma = 2.0 * mu_B / hbar
    da = gamma * hbar * g_eff / (4 * np.pi * M_s * 10e-9)
    assert bl.damping_enhancement() == pytest.approx(da, rel=1e-12, abs=0)
    assert bl.torque_coefficients()[0] == pytest.approx(da, rel=1e-12, abs=0)
    assert bilayer(d_F=40e-9).damping_enhancement() == pytest.approx(da / 4, rel=1e-12, abs=0)
    # linear modes: in-plane film, B along y
    a = mag.damping + da
    b = 1 + bl.torque_coefficients()[1]
    B, Ms = 0.1, mu_0 * YIG.saturation_magnetization
    rate = -a * gamma * (2 * B + Ms) / 2 / (a * a + b * b)
    assert bl.growth_rate() == pytest.approx(rate, rel=1e-7)
    # ring-down by time integration
    n0 = bl.equilibrium()
    start = n0 + np.array([0.0, 0.0, 0.01])
    t_end = 2 / abs(rate)
    traj = bl.integrate(start, t_end, t_eval=np.linspace(0, t_end, 300), rtol=1e-9)
    excess = traj.energy - bl.coupled_macrospin.energy(n0)
    fitted = np.polyfit(traj.t, np.log(excess), 1)[0] / 2
    assert fitted == pytest.approx(rate, rel=2e-3)


# ---- energy and angular momentum bookkeeping ------------------------------------------------
def test_energy_and_angular_momentum_in_steady_precession():
    """Perpendicular film (B = 0.5 T > mu0 M_s along z): circular FMR driven by a circular
    rf field. Along any trajectory E(t) - E(0) = W_rf - D_Gilbert - D_pumping to the
    integrator tolerance; in the steady state the absorbed power equals the Gilbert plus
    pumping dissipation, D_pumping/D_Gilbert = alpha'_r/alpha, and the pumping power is omega
    times the DC angular-momentum current pumped into N along m0 (circular: P_p = omega i.m0)."""
    bl = bilayer(d_F=5e-9, field=(0.0, 0.0, 0.5))
    n0 = bl.equilibrium()
    np.testing.assert_allclose(n0, [0, 0, -1], atol=1e-12)
    f0 = bl.resonance_frequency()
    rf = nf.dynamics.RFField(amplitude=2e-4, frequency=f0, direction=(1, 0, 0),
                             rotation_axis=(0, 0, 1))
    prec = bl.fmr_precession(rf, samples=16, settle=12)
    assert 0.01 < prec.cone_angle < 0.1
    periods = 10
    traj = bl.integrate(prec.n[0], periods / f0, rf_field=rf,
                        t_eval=np.linspace(0, periods / f0, 501), rtol=1e-10, atol=1e-14)
    W = traj.work_rf[-1]
    D_G, D_p = traj.dissipated_gilbert[-1], traj.dissipated_pumping[-1]
    assert np.abs(traj.energy_balance()).max() < 1e-8 * W
    assert W == pytest.approx(D_G + D_p, rel=1e-6, abs=0)
    ar = bl.torque_coefficients()[0]
    assert D_p / D_G == pytest.approx(ar / bl.coupled_macrospin.damping, rel=1e-9)
    # angular momentum: the pumped DC spin current (closed form on the sampled orbit)
    pumped = bl.spin_pumping(prec).spin_current
    w = 2 * np.pi * f0
    assert D_p / (periods / f0) == pytest.approx(w * pumped @ (-n0), rel=1e-5)
    # the rf torque along the axis supplies it: omega <tau_rf . m0> = P_rf
    mag = bl.coupled_macrospin
    N = mag.spin_density() * mag.thickness
    tau = np.array([-N * 2.0 * mu_B * np.cross(n, rf(t)) for n, t in
                    zip(traj.n[:-1], traj.t[:-1], strict=True)])
    assert w * tau.mean(axis=0) @ (-n0) == pytest.approx(W / (periods / f0), rel=1e-4)


def test_energy_balance_in_plane_with_current_and_rf():
    """In-plane film (elliptical precession) with rf field and spin Hall torque: the
    energy identity dE/dt = P_rf - P_Gilbert - P_pumping + P_torque holds along the
    trajectory to the integrator tolerance."""
    bl = bilayer(d_F=10e-9)
    f0 = bl.resonance_frequency()
    rf = nf.dynamics.RFField(amplitude=5e-4, frequency=f0, direction=(0, 0, 1))
    J = 0.5 * bl.critical_current_density()
    t_end = 40 / f0
    traj = bl.integrate(bl.equilibrium(), t_end, rf_field=rf, current_density=J,
                        t_eval=np.linspace(0, t_end, 400))
    scale = max(np.abs(traj.work_rf).max(), np.abs(traj.work_torque).max())
    assert np.abs(traj.work_torque).max() > 0.05 * traj.work_rf[-1]
    assert np.abs(traj.energy_balance()).max() < 1e-7 * scale
    np.testing.assert_allclose(np.linalg.norm(traj.n, axis=1), 1.0, atol=1e-14)
    dense = bl.integrate(bl.equilibrium(), t_end, rf_field=rf, current_density=J, dense=True)
    np.testing.assert_allclose(dense.n_at(traj.t[[10, 200, 399]]), traj.n[[10, 200, 399]],
                               atol=1e-7)


# ---- spin-torque threshold -----------------------------------------------------------------
def test_threshold_linear_stability_matches_time_integration():
    """The critical current density from the eigenvalues of the linearised equation
    equals the trace formula mu_c = (alpha + alpha'_r)(h0 - tr K/2)/(alpha'_r -
    alpha'_i alpha) (in-plane: h0 - tr K/2 = -g mu_B (B + mu0 M_s/2)); time integration
    from a 0.01 rad tilt decays at 0.95 J_c and grows at 1.05 J_c, at the linear rates."""
    bl = bilayer(d_F=5e-9)
    Jc = bl.critical_current_density()
    assert Jc == pytest.approx(bl.critical_current_density(method="closed form"), rel=1e-9)
    ar, ai = bl.torque_coefficients()
    alpha = bl.coupled_macrospin.damping
    mu_c = -(alpha + ar) * 2.0 * mu_B * (0.1 + mu_0 * YIG.saturation_magnetization / 2) / (
        ar - ai * alpha)
    per_amp = bl.spin_hall_accumulation(1.0) @ bl.equilibrium()
    assert Jc == pytest.approx(mu_c / per_amp, rel=1e-9)
    assert -2.5e11 < Jc < -1.0e11  # n0 = -y: a current along -x destabilises it
    assert abs(bl.growth_rate(Jc)) < 1e-9 * abs(bl.growth_rate(0.0))
    n0 = bl.equilibrium()
    start = n0 + np.array([0.0, 0.0, 0.01])
    for factor, sign in ((0.95, -1), (1.05, 1)):
        rate = bl.growth_rate(factor * Jc)
        assert np.sign(rate) == sign
        t_end = 1.0 / abs(rate)
        traj = bl.integrate(start, t_end, current_density=factor * Jc,
                            t_eval=np.linspace(0, t_end, 200), rtol=1e-8)
        excess = traj.energy - bl.coupled_macrospin.energy(n0)
        fitted = np.polyfit(traj.t, np.log(excess), 1)[0] / 2
        assert np.sign(fitted) == sign
        assert fitted == pytest.approx(rate, rel=0.01)
        ratio = traj.angle()[-20:].mean() / traj.angle()[:20].mean()
        assert (ratio < 0.5) if sign < 0 else (ratio > 2.0)


def test_threshold_versus_metal_thickness_and_geometry():
    """J_c ~ 1/tanh(d_N/2lambda) at thick magnets where mu_c is fixed by alpha (h0 - tr
    K/2); a spin accumulation perpendicular to n0 (field along x) never destabilises."""
    thin = [bilayer(d_F=5e-9, d_N=d).critical_current_density() for d in (2e-9, 8e-9)]
    assert abs(thin[0]) > abs(thin[1])
    assert bilayer(field=(0.1, 0.0, 0.0)).critical_current_density() == math.inf


# ---- temperature ----------------------------------------------------------------------------
def gapless_damping_enhancement(T, d_F=20e-9, d_N=5e-9):
    """Delta alpha of YIG(d_F)/Pt(d_N) with a gapless YIG band at T [K], in closed form.

    ``Re g_eff / (4 pi s~ d_F)``, ``g_eff = g / (1 + g/(4 pi g_N))``, ``g = (1 + n_th/s)
    g_r + i (1 - n_th/s) g_i`` (Bender & Tserkovnyak with the sign correction of
    docs/theory.md#theory-nonlinear), ``s~ = s - n_th``,
    ``n_th = zeta(3/2) (k_B T / 4 pi J_s)^{3/2}``;
    T = 0 is the elastic law. Only the material parameters come from nfdiff.
    """
    n_th = zeta(1.5) * (k_B * T / (4 * np.pi * YIG.exchange_stiffness)) ** 1.5
    s = YIG.spin_density
    itf = nf.materials.interface_parameters("Pt", "YIG")
    lam = PT.spin_diffusion_length
    g_N = hbar * PT.conductivity / (4 * e**2 * lam) * np.tanh(d_N / lam)
    g = complex((1 + n_th / s) * itf.g_r, (1 - n_th / s) * itf.g_i)
    return (g / (1 + g / (4 * np.pi * g_N))).real / (4 * np.pi * (s - n_th) * d_F)


def test_zero_temperature_limit_reproduces_the_elastic_results():
    """law="linear" at T -> 0 (gapped magnons) gives the zero-temperature (elastic) g_eff,
    Delta alpha, J_c, V_ISHE and s~ = s."""
    cold = bilayer(temperature=0.01)
    zero = cold.with_magnet(law="elastic")
    prec = nf.dynamics.circular_precession(cold.equilibrium(), 5e9, 0.05, samples=4)
    for f in (lambda b: b.effective_mixing_conductance(),
              lambda b: b.damping_enhancement(),
              lambda b: b.critical_current_density(method="closed form"),
              lambda b: b.spin_pumping(prec).voltage,
              lambda b: b.coupled_macrospin.spin_density()):
        assert f(cold) == pytest.approx(f(zero), rel=1e-12, abs=0)
    assert zero.coupled_macrospin.spin_density() == YIG.spin_density


def test_thermal_corrections_scale_as_T_to_three_halves():
    """Gapless magnons: n_th ~ T^{3/2}, and every thermal correction (g_eff, Delta alpha,
    J_c, V_ISHE) relative to T = 0 scales as T^{3/2} to first order in n_th/s: log-log
    slope 1.5 at 1-4 K; at 300 K Delta alpha is 10.6 % above its T = 0 value."""
    T = np.array([1.0, 2.0, 4.0])
    base = bilayer(magnet=GAPLESS)
    zero = base.with_magnet(law="elastic")
    prec = nf.dynamics.circular_precession(base.equilibrium(), 5e9, 0.05, samples=4)
    quantities = {
        "g_eff": lambda b: b.effective_mixing_conductance().real,
        "Delta alpha": lambda b: b.damping_enhancement(),
        "J_c": lambda b: b.critical_current_density(method="closed form"),
        "V_ISHE": lambda b: b.spin_pumping(prec).voltage,
    }
    for name, f in quantities.items():
        rel = np.array([f(base.with_magnet(temperature=t)) / f(zero) - 1 for t in T])
        slope = np.polyfit(np.log(T), np.log(np.abs(rel)), 1)[0]
        assert slope == pytest.approx(1.5, abs=2e-3), name
    hot = base.with_magnet(temperature=300.0).damping_enhancement() / zero.damping_enhancement()
    closed = gapless_damping_enhancement(300.0) / gapless_damping_enhancement(0.0)
    assert hot == pytest.approx(closed, rel=1e-12, abs=0)
    assert closed == pytest.approx(1.106, abs=1e-3)  # the "10.6 %" of the docstring


# ---- the macrospin alone --------------------------------------------------------------------
def test_kittel_and_given_spin_accumulation():
    """Without an interface: in-plane f = (gamma/2pi) sqrt(B (B + mu0 M_s)), perpendicular
    f = (gamma/2pi)(B - mu0 M_s). With an interface and a given mu_s the paper's equation:
    the damping-like torque alpha'_r mu_s x ... anti-damps for mu_s antiparallel to n, at
    alpha'_r = g_r^/(4 pi s~ d_F) (no backflow)."""
    gamma = 2.0 * mu_B / hbar
    Ms = mu_0 * YIG.saturation_magnetization
    film = nf.dynamics.Macrospin(thickness=20e-9, field=(0, 0.1, 0), gilbert_damping=0.0)
    assert film.resonance_frequency() == pytest.approx(
        gamma / (2 * np.pi) * np.sqrt(0.1 * (0.1 + Ms)), rel=1e-9)
    perp = film.replace(field=(0, 0, 0.5))
    assert perp.resonance_frequency() == pytest.approx(gamma / (2 * np.pi) * (0.5 - Ms),
                                                       rel=1e-9)
    itf = nf.NFInterface(g_r=1e19, g_i=0.0)
    mac = film.replace(interface=itf, gilbert_damping=1e-3)
    c = itf.with_magnons(YIG.magnon_gas()).linear_coefficients(300.0)
    s_t = YIG.spin_density - float(c.n_thermal)
    ar, ai = mac.torque_coefficients()
    assert ar == pytest.approx(float(c.g_r_eff) / (4 * np.pi * s_t * 20e-9), rel=1e-12,
                              abs=0)
    n0 = mac.equilibrium()
    kick = n0 + np.array([0.02, 0.0, 0.0])
    grow = mac.integrate(kick, 5e-9, mu_s=-3e-23 * n0, t_eval=[0, 5e-9])
    decay = mac.integrate(kick, 5e-9, mu_s=+3e-23 * n0, t_eval=[0, 5e-9])
    assert grow.angle()[-1] > grow.angle()[0] > decay.angle()[-1]
    # the right-hand side is the paper's equation
    n = np.array([0.1, -0.99, 0.05])
    n /= np.linalg.norm(n)
    mu = np.array([1e-24, -2e-24, 3e-25])
    nd = mac.dn_dt(n, mu_s=mu)
    H = 2.0 * mu_B * mac.effective_field(n)
    lhs = hbar * nd + mac.damping * np.cross(n, hbar * nd) + np.cross(n, H)
    rhs = ai * (np.cross(mu, n) - hbar * nd) + ar * np.cross(n, np.cross(mu, n) - hbar * nd)
    np.testing.assert_allclose(lhs, rhs, rtol=0, atol=1e-12 * np.abs(H).max())


# ---- bad input ----------------------------------------------------------------------------
MAC = nf.dynamics.Macrospin(thickness=20e-9)


@pytest.mark.parametrize("make, name", [
    (lambda: nf.dynamics.Macrospin(thickness=-1e-9), "thickness"),
    (lambda: nf.dynamics.Macrospin(thickness=2e-8, field=(0, 1)), "field"),
    (lambda: nf.dynamics.Macrospin(thickness=2e-8, temperature=0.0), "temperature"),
    (lambda: nf.dynamics.Macrospin(thickness=2e-8, law="nonlinear"), "law"),
    (lambda: nf.dynamics.Macrospin(thickness=2e-8, gilbert_damping=-1e-4), "gilbert_damping"),
    (lambda: nf.dynamics.Macrospin(thickness=2e-8, magnet="Pt"), "magnet"),
    (lambda: nf.dynamics.Macrospin(thickness=2e-8, anisotropy_axis=(0, 0, 0)),
     "anisotropy_axis"),
    (lambda: nf.dynamics.Bilayer(MAC, metal_thickness=0.0), "metal_thickness"),
    (lambda: nf.dynamics.Bilayer(MAC, metal="YIG"), "metal"),
    (lambda: nf.dynamics.Bilayer(MAC, length=np.nan), "length"),
    (lambda: nf.dynamics.Bilayer(MAC).spin_hall_accumulation(np.inf), "current_density"),
    (lambda: nf.dynamics.Bilayer(MAC).critical_current_density(method="guess"), "method"),
    (lambda: nf.dynamics.circular_precession((0, 1, 0), -5e9, 0.1), "frequency"),
    (lambda: nf.dynamics.circular_precession((0, 1, 0), 5e9, 2.0), "cone_angle"),
    (lambda: nf.dynamics.circular_precession((0, 1, 0), 5e9, 0.1, samples=2), "samples"),
    (lambda: nf.dynamics.RFField(amplitude=-1e-4, frequency=1e9), "amplitude"),
    (lambda: MAC.integrate((0, -1, 0), -1e-9), "t_end"),
    (lambda: MAC.integrate((0, -1, 0), 1e-9, rf_field=3.0), "rf_field"),
    (lambda: nf.dynamics.Bilayer(MAC).spin_pumping("cone"), "precession"),
    (lambda: nf.dynamics.Bilayer(MAC).spin_pumping(
        nf.dynamics.circular_precession((0, 1, 0), 5e9, 0.1), method="exact"), "method"),
])
def test_bad_input_raises_parameter_error_naming_it(make, name):
    with pytest.raises(nf.ParameterError) as info:
        make()
    assert info.value.name == name
    assert name in str(info.value)
