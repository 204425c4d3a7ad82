r"""Spin-pumping voltage versus Pt thickness: backflow and the inverse spin Hall effect.

YIG(200 nm)/Pt(d) at 300 K (built-in parameters: Pt sigma = 2.5e6 S/m, lambda = 1.5 nm,
theta = 0.11; Pt|YIG g_r = 1.03e19 m^-2, g_i = 0.125 g_r) in an in-plane field of
0.26 T along +y, at its ferromagnetic resonance, 9.42 GHz. The magnetisation m = -n
precesses about the field and pumps spin into the Pt (Tserkovnyak et al. 2002; the
-hbar dn/dt term of Eq. (4) of Bender & Tserkovnyak 2015):

    i_pump(t) = (hbar / 4 pi)(g_r n x dn/dt + g_i dn/dt)

The Pt's spin accumulation flows back into the magnet (docs/theory.md#theory-pumping):
the metal seen from the interface is a spin sink ``g_N = (hbar sigma/4e^2 lambda)
tanh(d/lambda)`` in series with the mixing conductance, so that the DC spin current
along the magnetisation is

    i_dc  = (hbar / 4 pi) g_eff omega sin^2(theta_c),
    g_eff = g / (1 + g / (4 pi g_N)),  g = g_r^ + i g_i~  (thermally corrected at 300 K)
          = g_r / (1 + (2 lambda G_r / sigma) coth(d / lambda))      (g_i = 0)

and the inverse spin Hall voltage of an open strip of length L = 1 mm along x is

    V_ISHE = -theta L lambda tanh(d / 2 lambda) (2e/hbar) i_dc / (sigma d)

(negative here: spin current along m = +y flowing up, theta > 0). At fixed cone angle
V rises as the Pt becomes thick enough to absorb the spin current (g_N grows) and falls
as 1/d once d >> lambda (the spin current lives in the bottom lambda, the resistance
of the whole film shunts it): the maximum sits near d = lambda.

The script computes

* the closed forms for a circular precession of 1 degree (the customary normalisation:
  V/sin^2(theta_c) is what experiments extract), with and without backflow;
* nfdiff's finite-element Pt film (``method="fe"``) driven by the *full instantaneous*
  pumped current at 6 phases of the precession (a ``MagnetContact`` with ``dn_dt``):
  the backflow is perpendicular to n(t) at every instant, which a steady solve fed only
  the DC part would miss (by a factor sin^2(theta_c)). It also keeps the theta^2 spin
  Hall feedback of the open circuit the closed form drops (a 1 % effect at 1 nm);
* the voltage at a fixed rf field (1 uT, linearly polarised along x, at resonance),
  where the pumping also damps the precession: the cone angle shrinks as
  ``1/(alpha + Delta alpha(d))`` (Delta alpha = gamma hbar g_eff/(4 pi M_s d_F)), so the
  thin-Pt side is enhanced relative to the fixed-cone curve (the elliptical FMR orbit
  from the linearised macrospin, ``fmr_precession(method="linear")``).

Writes ``spin_pumping_thickness.png`` and prints a table.

References: Y. Tserkovnyak, A. Brataas and G. E. W. Bauer, PRL 88, 117601 (2002) and
PRB 66, 224403 (2002); E. Saitoh et al., APL 88, 182509 (2006); O. Mosendz et al., PRB
82, 214403 (2010); V. Castel et al., PRB 86, 134419 (2012) (Pt thickness dependence on
YIG); S. A. Bender and Y. Tserkovnyak, PRB 91, 140402(R) (2015).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import nfdiff as nf
from nfdiff.progress import progress

#: YIG thickness [m], in-plane field along +y [T], cone angle [rad], rf field [T].
MAGNET, FIELD, CONE, RF = 200e-9, 0.26, np.radians(1.0), 1e-6


def main(out_dir=".", n_points=8, phases=6, quick=False, show_table=True):
    """Sweep the Pt thickness; closed form, finite elements, fixed rf field; plot.

    Parameters
    ----------
    out_dir : path
        Where the PNG goes.
    n_points : int
        Pt thicknesses solved with finite elements, log-spaced over 1-20 nm (8; 3 when
        ``quick``).
    phases : int
        Phases of the precession per finite-element point (6; 4 when ``quick``).
    quick : bool
        Fewer points for a fast check.
    show_table : bool
        Print the table.

    Returns
    -------
    dict
        ``d`` [m] (fine grid) with ``V`` [V] (closed form, with backflow), ``V_bare``
        (no backflow), ``g_eff`` [1/m^2], ``V_rf`` [V] (fixed rf field); ``d_fe`` with
        ``V_fe``, ``g_eff_fe`` and the closed forms there, ``V_closed_fe``,
        ``g_eff_closed_fe``; ``d_peak`` [m] (largest |V| at fixed cone), ``frequency``
        [Hz], ``g`` (bare complex mixing conductance at 300 K) and ``g_N`` (at d_fe).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if quick:
        n_points, phases = 3, 4
    out_dir = Path(out_dir)
    magnet = nf.dynamics.Macrospin(thickness=MAGNET, field=(0.0, FIELD, 0.0))
    base = nf.dynamics.Bilayer(magnet, metal="Pt", metal_thickness=5e-9)
    n0 = base.equilibrium()
    f = base.resonance_frequency()
    prec = nf.dynamics.circular_precession(n0, f, CONE, samples=phases)

    d = np.geomspace(0.5e-9, 20e-9, 40 if quick else 120)
    V, V_bare, g_eff, V_rf = [], [], [], []
    for x in d:
        bl = base.replace(metal_thickness=x)
        res = bl.spin_pumping(prec)
        V.append(res.voltage)
        V_bare.append(res.voltage * res.bare_spin_current[1] / res.spin_current[1])
        g_eff.append(res.effective_mixing_conductance)
        orbit = bl.fmr_precession(RF, direction=(1.0, 0.0, 0.0), method="linear",
                                  samples=8)
        V_rf.append(bl.spin_pumping(orbit).voltage)
    V, V_bare, g_eff, V_rf = map(np.array, (V, V_bare, g_eff, V_rf))
    d_peak = d[np.argmax(np.abs(V))]

    d_fe = np.geomspace(1e-9, 20e-9, n_points)
    V_fe, g_fe, g_N, V_c, g_c = [], [], [], [], []
    for x in progress(d_fe, desc="Pt thickness (finite elements)"):
        bl = base.replace(metal_thickness=x)
        res = bl.spin_pumping(prec, method="fe")
        V_fe.append(res.voltage)
        g_fe.append(res.effective_mixing_conductance)
        g_N.append(bl.spin_sink_conductance())
        closed = bl.spin_pumping(prec)
        V_c.append(closed.voltage)
        g_c.append(closed.effective_mixing_conductance)
    V_fe, g_fe, g_N, V_c, g_c = map(np.array, (V_fe, g_fe, g_N, V_c, g_c))
    g = base.mixing_conductance()

    nm, uV = 1e9, 1e6
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), constrained_layout=True)
    ax = axes[0]
    ax.plot(d * nm, -V * uV, "-", color="C0", label="closed form, with backflow")
    ax.plot(d * nm, -V_bare * uV, "--", color="grey", label="without backflow")
    ax.plot(d_fe * nm, -V_fe * uV, "o", color="C3",
            label=f"finite elements, {phases} phases")
    ax.axvline(d_peak * nm, color="C0", lw=0.6, ls=":")
    ax.set_xscale("log")
    ax.set_xlabel("Pt thickness $d$ [nm]")
    ax.set_ylabel(r"$-V_\mathrm{ISHE}$ [$\mu$V]  (L = 1 mm)")
    ax.set_title(rf"fixed cone angle {np.degrees(CONE):.0f}$^\circ$, f = {f / 1e9:.2f} GHz")
    ax.legend(fontsize=8)

    ax = axes[1]
    ax.plot(d * nm, g_eff / 1e18, "-", color="C0", label=r"$g_\mathrm{eff}$ closed form")
    ax.plot(d_fe * nm, g_fe / 1e18, "o", color="C3", label="finite elements")
    ax.axhline(g.real / 1e18, color="grey", ls="--",
               label=r"$\hat g_r$ (no backflow, 300 K)")
    ax.set_xscale("log")
    ax.set_xlabel("Pt thickness $d$ [nm]")
    ax.set_ylabel(r"effective mixing conductance [$10^{18}$ m$^{-2}$]")
    ax.legend(fontsize=8)
    ax.set_title(r"$g_\mathrm{eff} = g/(1 + g/4\pi g_N)$")

    ax = axes[2]
    ax.plot(d * nm, np.abs(V) / np.abs(V).max(), "-", color="C0", label="fixed cone angle")
    ax.plot(d * nm, np.abs(V_rf) / np.abs(V_rf).max(), "-", color="C2",
            label=rf"fixed rf field {RF * 1e6:.0f} $\mu$T "
                  r"(cone $\propto 1/(\alpha+\Delta\alpha)$)")
    ax.set_xscale("log")
    ax.set_xlabel("Pt thickness $d$ [nm]")
    ax.set_ylabel(r"$|V_\mathrm{ISHE}|$ / its maximum")
    ax.legend(fontsize=8)
    ax.set_title(f"YIG {MAGNET * nm:.0f} nm: pumping damps the precession")
    fig.suptitle("Spin pumping from YIG into Pt: inverse spin Hall voltage versus Pt "
                 "thickness (300 K, thermal magnons included)")
    png = out_dir / "spin_pumping_thickness.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)

    if show_table:
        print(f"FMR {f / 1e9:.3f} GHz; g = {g.real:.4g} + {g.imag:.4g}i m^-2 at 300 K; "
              f"|V| largest at d = {d_peak * nm:.2f} nm")
        print(f"{'d [nm]':>8} {'V closed [uV]':>14} {'V FE [uV]':>11} {'FE/closed':>10} "
              f"{'g_eff FE/closed':>16}")
        for x, v, vc, ge, gc in zip(d_fe, V_fe, V_c, g_fe, g_c, strict=True):
            print(f"{x * nm:8.3g} {vc * uV:14.5g} {v * uV:11.5g} {v / vc:10.5f} "
                  f"{ge / gc:16.6f}")
        print(f"figure: {png}")
    return {"d": d, "V": V, "V_bare": V_bare, "g_eff": g_eff, "V_rf": V_rf,
            "d_fe": d_fe, "V_fe": V_fe, "g_eff_fe": g_fe, "d_peak": d_peak,
            "V_closed_fe": V_c, "g_eff_closed_fe": g_c, "frequency": f, "g": g,
            "g_N": g_N}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".")
    parser.add_argument("--quick", action="store_true",
                        help="3 finite-element thicknesses and 4 phases")
    args = parser.parse_args()
    main(args.out_dir, quick=args.quick)
