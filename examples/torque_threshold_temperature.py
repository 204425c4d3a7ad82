r"""Critical current of spin-torque auto-oscillation versus temperature (YIG/Pt).

A charge current density J along x in the Pt (5 nm) makes, by the spin Hall effect, a
spin accumulation at the YIG interface (``nf.dynamics.Bilayer.spin_hall_accumulation``)

    mu_SH = -(2 e theta lambda / sigma) tanh(d_N / 2 lambda) J y

whose damping-like torque, ``alpha'_r mu_SH`` in the paper's generalised
Landau-Lifshitz equation,

    (1 + alpha n x) hbar dn/dt + n x H = (alpha'_i + alpha'_r n x)(mu_SH x n - hbar dn/dt),
    alpha'_{r,i} = g_eff_{r,i} / (4 pi s~ d_F),  g_eff = g / (1 + g / (4 pi g_N)),

opposes the Gilbert damping when mu_SH points along the magnetisation (against n). The
in-plane YIG film (field B = 0.1 T along +y, so n0 = -y) becomes unstable when the
trace of the linearised equation changes sign (``Bilayer.critical_current_density``):

    mu_c = (alpha + alpha'_r)(h0 - tr K / 2) / (alpha'_r - alpha'_i alpha),
    h0 - tr K / 2 = -g mu_B (B + mu0 M_s / 2)

The pumping damping alpha'_r and the anti-damping come from the same mixing
conductance, so for a thin film (alpha'_r >> alpha) ``|mu_c| -> g mu_B (B + mu0
M_s/2)`` ~ hbar omega_FMR, independent of the interface and of temperature: the spin
accumulation must reach the magnon gap (the condensation condition). For a thick film
the Gilbert damping dominates, ``mu_c ~ alpha (4 pi s~ d_F / g_eff) g mu_B (B + mu0
M_s/2)``, and thermal magnons lower the threshold through ``s~ = s - n_th`` and
``g_r^ = g_r~ + 2 pi g`` (thermal corrections ~ T^{3/2}, Bender & Tserkovnyak 2015).

The threshold is confirmed by time integration at 300 K (YIG 5 nm): starting 0.01 rad
from equilibrium, a precession at 0.95 J_c decays and one at 1.05 J_c grows, both at
the rates of the linearised equation. (Well above threshold the in-plane state gives
way to a large-angle out-of-plane precession, a limit cycle; no thermal noise here.)

Writes ``torque_threshold_temperature.png`` and prints a table.

References: J. C. Slonczewski, J. Magn. Magn. Mater. 159, L1 (1996); J. Xiao and
G. E. W. Bauer, PRL 108, 217204 (2012) (spin-wave excitation in YIG by spin Hall
torque); A. Hamadeh et al., PRL 113, 197203 (2014) (damping control of YIG by Pt);
M. Collet et al., Nat. Commun. 7, 10377 (2016) (spin-orbit torque oscillator on YIG);
S. A. Bender and Y. Tserkovnyak, PRB 91, 140402(R) (2015).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from scipy.constants import mu_0

import nfdiff as nf
from nfdiff.units import mu_B

#: Pt thickness [m], in-plane field along +y [T], YIG thicknesses [m].
METAL, FIELD, MAGNETS = 5e-9, 0.1, (5e-9, 100e-9, 1e-6)


def bilayer(d_F, temperature=300.0, d_N=METAL, law="linear", magnet="YIG"):
    """Pt/YIG bilayer (built-in parameters) in 0.1 T along +y."""
    mag = nf.dynamics.Macrospin(thickness=d_F, field=(0.0, FIELD, 0.0), magnet=magnet,
                                temperature=temperature, law=law)
    return nf.dynamics.Bilayer(mag, metal="Pt", metal_thickness=d_N)


def confirm(bl, factors=(0.95, 1.05), tilt=0.01, rtol=1e-8):
    """Time integration just below and above threshold.

    Returns ``{factor: (fitted rate, linear rate [1/s], angle ratio end/start, t [s],
    amplitude)}`` with the amplitude ``sqrt((E - E_min)/(E(0) - E_min))``.
    """
    Jc = bl.critical_current_density()
    n0 = bl.equilibrium()
    out = {}
    for f in factors:
        rate = bl.growth_rate(f * Jc)
        t_end = 1.0 / abs(rate)
        traj = bl.integrate(n0 + np.array([0.0, 0.0, tilt]), t_end, current_density=f * Jc,
                            t_eval=np.linspace(0.0, t_end, 300), rtol=rtol)
        excess = traj.energy - bl.coupled_macrospin.energy(n0)
        fitted = np.polyfit(traj.t, np.log(excess), 1)[0] / 2
        angle = traj.angle()
        # the precession is elliptical: the energy above the minimum is the smooth
        # measure of the amplitude, sqrt(excess) ~ angle
        amplitude = np.sqrt(excess / excess[0])
        out[f] = (fitted, rate, angle[-30:].mean() / angle[:30].mean(), traj.t, amplitude)
    return out


def main(out_dir=".", n_points=30, quick=False, show_table=True):
    """J_c(T) for three YIG thicknesses, J_c(d_N) at 300 K, time-integration check; plot.

    Parameters
    ----------
    out_dir : path
        Where the PNG goes.
    n_points : int
        Temperatures, log-spaced over 0.5-400 K (30; 10 when ``quick``).
    quick : bool
        Fewer points.
    show_table : bool
        Print the table.

    Returns
    -------
    dict
        ``T`` [K], ``Jc`` {d_F: array [A/m^2]} (signed: along -x here), ``Jc0`` {d_F: T = 0
        value}, ``slope`` {d_F: log-log slope of |J_c/J_c(0) - 1| over 1-10 K} (gapless
        band), ``d_N`` [m] and ``Jc_dN`` {d_F: array} at 300 K, ``mu_limit`` [J]
        (g mu_B (B + mu0 M_s/2)), ``confirm`` (see :func:`confirm`).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if quick:
        n_points = 10
    out_dir = Path(out_dir)
    T = np.geomspace(0.5, 400.0, n_points)
    Jc, Jc0, slope = {}, {}, {}
    gapless = nf.materials.get("YIG").replace(gap=0.0)
    low = np.array([1.0, 3.0, 10.0])
    for d_F in MAGNETS:
        Jc[d_F] = np.array([bilayer(d_F, t).critical_current_density(method="closed form")
                            for t in T])
        Jc0[d_F] = bilayer(d_F, law="elastic").critical_current_density()
        zero = bilayer(d_F, law="elastic", magnet=gapless).critical_current_density()
        rel = [bilayer(d_F, t, magnet=gapless).critical_current_density() / zero - 1
               for t in low]
        slope[d_F] = float(np.polyfit(np.log(low), np.log(np.abs(rel)), 1)[0])
    d_N = np.geomspace(1e-9, 20e-9, 8 if quick else 20)
    Jc_dN = {d_F: np.array([bilayer(d_F, d_N=x).critical_current_density(
        method="closed form") for x in d_N]) for d_F in MAGNETS}
    ref = bilayer(MAGNETS[0])
    mag = ref.coupled_macrospin
    mu_limit = mag.g_factor * mu_B * (
        FIELD + mu_0 * mag.magnet.saturation_magnetization / 2)
    per_amp = abs(ref.spin_hall_accumulation(1.0) @ ref.equilibrium())
    checks = confirm(ref)

    fig, axes = plt.subplots(1, 4, figsize=(19, 4.6), constrained_layout=True)
    ax = axes[0]
    for k, d_F in enumerate(MAGNETS):
        ax.plot(T, np.abs(Jc[d_F]) / 1e11, "-", color=f"C{k}",
                label=f"YIG {d_F * 1e9:g} nm")
    ax.axhline(mu_limit / per_amp / 1e11, color="grey", ls="--",
               label=r"$|\mu_c| = g\mu_B(B + \mu_0 M_s/2)$")
    ax.set_xlabel("temperature T [K]")
    ax.set_ylabel(r"$|J_c|$ [$10^{11}$ A/m$^2$]")
    ax.set_title(f"Pt {METAL * 1e9:g} nm, B = {FIELD:g} T in plane")
    ax.legend(fontsize=8)

    ax = axes[1]
    for k, d_F in enumerate(MAGNETS):
        ax.loglog(T, np.abs(Jc[d_F] / Jc0[d_F] - 1), "-", color=f"C{k}",
                  label=f"YIG {d_F * 1e9:g} nm (slope {slope[d_F]:.3f} gapless)")
    ax.loglog(T, 0.5 * np.abs(Jc[MAGNETS[-1]][-1] / Jc0[MAGNETS[-1]] - 1)
              * (T / T[-1]) ** 1.5, ":", color="k", label=r"$\propto T^{3/2}$")
    ax.set_xlabel("temperature T [K]")
    ax.set_ylabel(r"$1 - J_c(T)/J_c(0)$")
    ax.set_title("thermal magnons lower the threshold")
    ax.legend(fontsize=8)

    ax = axes[2]
    for k, d_F in enumerate(MAGNETS):
        ax.loglog(d_N * 1e9, np.abs(Jc_dN[d_F]), "o-", ms=3, color=f"C{k}",
                  label=f"YIG {d_F * 1e9:g} nm")
    ax.set_xlabel("Pt thickness $d_N$ [nm]")
    ax.set_ylabel(r"$|J_c|$ [A/m$^2$] at 300 K")
    ax.set_title(r"$J_c \propto 1/\tanh(d_N/2\lambda)$ and backflow")
    ax.legend(fontsize=8)

    ax = axes[3]
    for k, (f, (fitted, rate, _, t, amplitude)) in enumerate(checks.items()):
        ax.semilogy(t * 1e9, amplitude, "-", color=f"C{k + 3}",
                    label=f"{f:g} $J_c$: rate {fitted:.3g}/s (linear {rate:.3g}/s)")
        ax.semilogy(t * 1e9, np.exp(rate * t), "--", color="k", lw=0.8)
    ax.set_xlabel("time t [ns]")
    ax.set_ylabel(r"precession amplitude $\sqrt{\Delta E(t)/\Delta E(0)}$")
    ax.set_title(f"time integration, YIG {MAGNETS[0] * 1e9:g} nm, 300 K")
    ax.legend(fontsize=8)
    fig.suptitle("Spin Hall torque threshold of a YIG/Pt bilayer versus temperature "
                 "(macrospin, thermal magnons of the interface law)")
    png = out_dir / "torque_threshold_temperature.png"
    fig.savefig(png, dpi=110)
    plt.close(fig)

    if show_table:
        print(f"|mu_c| limit g mu_B (B + mu0 M_s/2) = {mu_limit:.4e} J; per A/m^2: "
              f"{per_amp:.4e} J")
        print(f"{'T [K]':>8} " + " ".join(f"{'J_c(' + format(d * 1e9, 'g') + ' nm)':>16}"
                                          for d in MAGNETS))
        for k in range(0, len(T), max(1, len(T) // 10)):
            print(f"{T[k]:8.3g} " + " ".join(f"{Jc[d][k]:16.5e}" for d in MAGNETS))
        print("T = 0   " + " ".join(f"{Jc0[d]:16.5e}" for d in MAGNETS))
        for f, (fitted, rate, ratio, _, _) in checks.items():
            print(f"{f:g} J_c: growth rate {fitted:.5e} 1/s (linear {rate:.5e}), angle "
                  f"x{ratio:.3g}")
        print(f"figure: {png}")
    return {"T": T, "Jc": Jc, "Jc0": Jc0, "slope": slope, "d_N": d_N, "Jc_dN": Jc_dN,
            "mu_limit": mu_limit, "per_amp": per_amp, "confirm": checks}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".")
    parser.add_argument("--quick", action="store_true", help="10 temperatures")
    args = parser.parse_args()
    main(args.out_dir, quick=args.quick)
