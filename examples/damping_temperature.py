r"""Damping enhancement by spin pumping versus temperature: thermal magnons at the interface.

YIG(20 nm)/Pt(5 nm), built-in parameters, in-plane field B along +y. Spin pumping into
the Pt (with backflow) adds to the Gilbert damping of the YIG (Tserkovnyak et al. 2002)

    Delta alpha = gamma hbar g_eff / (4 pi M_s d_F),     g_eff = g / (1 + g / (4 pi g_N)),
    g_N = (hbar sigma / 4 e^2 lambda) tanh(d_N / lambda)

and Bender & Tserkovnyak (2015) make both ingredients temperature dependent through the
thermal magnon density n_th (the paper's alpha'_r = g_r^ / (4 pi s~ d_F)):

* the magnetisation (angular-momentum density) is reduced, ``M_s = g mu_B s~``,
  ``s~ = s - n_th``;
* the mixing conductance is corrected by the elastic thermal reduction and by the
  inelastic (magnon) channel, ``g_r^ = (1 - 2 n_th/s) g_r + 2 pi g`` with the magnon spin
  conductance ``g = (g_r / (pi s Lambda^3)) [(3/2) Li_{3/2}(e^{-x}) + x Li_{1/2}(e^{-x})]``,
  ``x = Delta / k_B T``, ``Lambda = sqrt(4 pi J_s / k_B T)``. nfdiff uses the sign of the
  transverse magnon term corrected in docs/theory.md#theory-nonlinear, so that for a gapless band
  ``g_r^ = (1 + n_th/s) g_r``: thermal magnons *enhance* the torque and the pumping.
  (``g_i~ = (1 - n_th/s) g_i`` only renormalises the gyromagnetic ratio.)

For a gapless quadratic band ``n_th = zeta(3/2) / Lambda^3 ~ T^{3/2}``, so the thermal
correction ``Delta alpha(T)/Delta alpha(0) - 1 ~ (1 + 1/(1 + g/4pi g_N)) n_th/s``
scales as ``(T/T_c)^{3/2}`` (the paper's statement below Eq. (5)): with the YIG band of
the built-in set it is +10.6 % at 300 K. A gap Delta (the Zeeman gap g mu_B B of the
applied field, which the built-in magnet sets at 0.1 T) freezes the magnons out below
``Delta/k_B``: the correction then vanishes as ``exp(-Delta/k_B T)``. Shown for B = 0.1 T
(gap 0.13 K) and B = 2 T (2.7 K), and for a gapless band.

The damping is also measured by time integration: the free ring-down of a 0.01 rad
tilt (``Bilayer.integrate``) decays at ``Gamma = a gamma (2B + mu0 M_s)/2 / (a^2 +
b^2)`` with ``a = alpha + Delta alpha``, ``b = 1 + alpha'_i`` (in-plane film, linear
modes); solving for a gives Delta alpha back.

Writes ``damping_temperature.png`` and prints a table.

References: Y. Tserkovnyak, A. Brataas and G. E. W. Bauer, PRL 88, 117601 (2002);
B. Heinrich et al., PRL 107, 066604 (2011) (YIG/Au damping); S. A. Bender and
Y. Tserkovnyak, PRB 91, 140402(R) (2015).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from scipy.constants import mu_0

import nfdiff as nf
from nfdiff.units import zeeman_gap

#: YIG and Pt thicknesses [m]; applied fields [T] (each with its Zeeman gap).
MAGNET, METAL, FIELDS = 20e-9, 5e-9, (0.1, 2.0)


def bilayer(field, gap=None, temperature=300.0, law="linear"):
    """YIG/Pt bilayer in an in-plane field [T] along +y; magnon gap [J] (default Zeeman)."""
    yig = nf.materials.get("YIG")
    yig = yig.replace(gap=zeeman_gap(field, yig.g_factor) if gap is None else gap)
    magnet = nf.dynamics.Macrospin(thickness=MAGNET, field=(0.0, field, 0.0), magnet=yig,
                                   temperature=temperature, law=law)
    return nf.dynamics.Bilayer(magnet, metal="Pt", metal_thickness=METAL)


def ring_down(bl, periods_per_rate=2.0, rtol=1e-9):
    """Delta alpha from the free decay of a small tilt (time integration)."""
    n0 = bl.equilibrium()
    rate = bl.growth_rate()
    t_end = periods_per_rate / abs(rate)
    traj = bl.integrate(n0 + np.array([0.0, 0.0, 0.01]), t_end,
                        t_eval=np.linspace(0.0, t_end, 200), rtol=rtol)
    excess = traj.energy - bl.coupled_macrospin.energy(n0)
    gamma_fit = -np.polyfit(traj.t, np.log(excess), 1)[0] / 2
    mag = bl.coupled_macrospin
    B = np.linalg.norm(mag.field)
    c = mag.gyromagnetic_ratio * (2 * B + mu_0 * mag.magnet.saturation_magnetization) / 2
    b = 1 + bl.torque_coefficients()[1]
    a = (c - np.sqrt(c * c - 4 * gamma_fit**2 * b * b)) / (2 * gamma_fit)
    return a - mag.damping, gamma_fit, rate


def main(out_dir=".", n_points=40, quick=False, show_table=True):
    """Delta alpha(T) for two fields and a gapless band; ring-down checks; plot.

    Parameters
    ----------
    out_dir : path
        Where the PNG goes.
    n_points : int
        Temperatures, log-spaced over 0.05-400 K (40; 14 when ``quick``).
    quick : bool
        Fewer temperatures and one ring-down (300 K) instead of three.
    show_table : bool
        Print the table.

    Returns
    -------
    dict
        ``T`` [K]; ``delta_alpha`` {label: array}; ``delta_alpha_0`` (T = 0, elastic);
        ``slope`` (log-log slope of the gapless correction over 1-10 K); ``ratio_300``
        (gapless Delta alpha(300 K)/Delta alpha(0)); ``parts`` {plot label: array} (gapless
        s~/s, g_r^/g_r, g_eff/g_eff(0)); ``ring_down`` {T: (Delta alpha from the decay,
        Delta alpha)}.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if quick:
        n_points = 14
    out_dir = Path(out_dir)
    T = np.geomspace(0.05, 400.0, n_points)
    cases = {f"B = {B:g} T (gap {zeeman_gap(B, 2.0) / 1.380649e-23:.2g} K)": (B, None)
             for B in FIELDS}
    cases["gapless band"] = (FIELDS[0], 0.0)
    zero = bilayer(FIELDS[0], law="elastic").damping_enhancement()
    delta_alpha = {}
    for label, (B, gap) in cases.items():
        delta_alpha[label] = np.array([bilayer(B, gap, t).damping_enhancement() for t in T])

    gapless = [bilayer(FIELDS[0], 0.0, t) for t in T]
    g_r = gapless[0].interface_law().g_r
    zero_geff = bilayer(FIELDS[0], 0.0, law="elastic").effective_mixing_conductance().real
    s = gapless[0].coupled_macrospin.magnet.spin_density
    parts = {r"$\tilde s/s$": np.array([b.coupled_macrospin.spin_density() / s for b in gapless]),
             r"$\hat g_r/g_r$": np.array([b.mixing_conductance().real / g_r
                                          for b in gapless]),
             r"$g_\mathrm{eff}/g_\mathrm{eff}(0)$": np.array(
                 [b.effective_mixing_conductance().real / zero_geff for b in gapless])}
    rel = delta_alpha["gapless band"] / zero - 1
    low = (T >= 1.0) & (T <= 10.0)
    slope = float(np.polyfit(np.log(T[low]), np.log(rel[low]), 1)[0])
    ratio_300 = bilayer(FIELDS[0], 0.0, 300.0).damping_enhancement() / zero

    checks = {}
    for t in ((300.0,) if quick else (10.0, 100.0, 300.0)):
        bl = bilayer(FIELDS[0], temperature=t)
        fitted, _, _ = ring_down(bl)
        checks[t] = (fitted, bl.damping_enhancement())

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), constrained_layout=True)
    ax = axes[0]
    for k, (label, da) in enumerate(delta_alpha.items()):
        ax.plot(T, da * 1e3, "-", color=f"C{k}", label=label)
    ax.axhline(zero * 1e3, color="grey", ls="--", label="T = 0 (elastic law)")
    tc = np.array(sorted(checks))
    ax.plot(tc, [checks[t][0] * 1e3 for t in tc], "ko", mfc="none",
            label="ring-down (time integration)")
    ax.set_xlabel("temperature T [K]")
    ax.set_ylabel(r"$\Delta\alpha$ [$10^{-3}$]")
    ax.set_title(f"YIG {MAGNET * 1e9:.0f} nm / Pt {METAL * 1e9:.0f} nm")
    ax.legend(fontsize=8)

    ax = axes[1]
    for k, (label, da) in enumerate(delta_alpha.items()):
        ax.loglog(T, np.abs(da / zero - 1), "-", color=f"C{k}", label=label)
    guide = rel[low][0] * (T / T[low][0]) ** 1.5
    ax.loglog(T, guide, ":", color="k", label=r"$\propto T^{3/2}$")
    ax.set_ylim(1e-8, 1)
    ax.set_xlabel("temperature T [K]")
    ax.set_ylabel(r"$\Delta\alpha(T)/\Delta\alpha(0) - 1$")
    ax.set_title(f"thermal correction: slope {slope:.4f} (1-10 K, gapless)")
    ax.legend(fontsize=8)

    ax = axes[2]
    for k, (label, v) in enumerate(parts.items()):
        ax.plot(T, v, "-", color=f"C{k + 3}", label=label)
    ax.plot(T, delta_alpha["gapless band"] / zero, "k-", lw=2,
            label=r"$\Delta\alpha/\Delta\alpha(0)$")
    ax.set_xlabel("temperature T [K]")
    ax.set_ylabel("ratio to T = 0")
    ax.set_title(r"$\Delta\alpha \propto g_\mathrm{eff}/\tilde s$ (gapless band)")
    ax.legend(fontsize=8)
    fig.suptitle("Damping enhancement by spin pumping: thermal magnons reduce s and add "
                 "an inelastic mixing channel (Bender & Tserkovnyak 2015)")
    png = out_dir / "damping_temperature.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)

    if show_table:
        print(f"Delta alpha(T = 0) = {zero:.5e}; gapless: Delta alpha(300 K)/Delta alpha(0) "
              f"= {ratio_300:.5f}; slope of the correction over 1-10 K = {slope:.5f}")
        print(f"{'T [K]':>9} " + " ".join(f"{label[:22]:>23}" for label in delta_alpha))
        for k in range(0, len(T), max(1, len(T) // 10)):
            print(f"{T[k]:9.3g} " + " ".join(f"{da[k]:23.6e}" for da in delta_alpha.values()))
        for t, (fitted, model) in checks.items():
            print(f"ring-down at {t:g} K: Delta alpha = {fitted:.6e} (model {model:.6e}, "
                  f"ratio {fitted / model:.5f})")
        print(f"figure: {png}")
    return {"T": T, "delta_alpha": delta_alpha, "delta_alpha_0": zero, "slope": slope,
            "ratio_300": ratio_300, "parts": parts, "ring_down": checks}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".")
    parser.add_argument("--quick", action="store_true", help="14 temperatures, 1 ring-down")
    args = parser.parse_args()
    main(args.out_dir, quick=args.quick)
