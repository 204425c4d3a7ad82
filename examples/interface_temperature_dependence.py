r"""Pt|YIG interface coefficients from 5 K to 500 K (Bender & Tserkovnyak 2015).

The paper's linear-response coefficients of the N|F interface, Eqs. (4)-(5), for a
quadratic magnon band ``E = Delta + J_s k^2`` (docs/theory.md#theory-linear;
``x = Delta / k_B T``, ``Li_s = Li_s(e^{-x})``, ``Lambda = sqrt(4 pi J_s / k_B T)``)::

    g     = (g_r / (pi s Lambda^3)) [ (3/2) Li_{3/2} + x Li_{1/2} ]              spin conductance
    S     = (k_B g_r / (pi s Lambda^3)) [ (15/4) Li_{5/2} + 3 x Li_{3/2} + x^2 Li_{1/2} ]
    kappa = (k_B^2 T g_r / (pi hbar s Lambda^3)) [ (105/8) Li_{7/2} + ... ]         heat
    Pi    = T S / hbar                                                           spin Peltier
    g_r^  = (1 - 2 n_th/s) g_r + 2 pi g                       effective mixing conductance

Without a gap, ``g`` and ``S`` grow as ``T^{3/2}`` and ``kappa`` and ``Pi`` as ``T^{5/2}``;
the Zeeman gap of 1 T (0.116 meV = k_B x 1.34 K) freezes the magnons out below a few
kelvin.  ``g_r^ / g_r = 1 + n_th/s`` for the gapless band: thermal magnons *increase* the
damping-like torque (the sign correction of Eq. (2), docs/theory.md#theory-nonlinear).

Writes ``interface_temperature_dependence.png`` and prints a table (a second or two;
``--quick``: 12 temperatures instead of 60).

Reference: S. A. Bender and Y. Tserkovnyak, Phys. Rev. B 91, 140402(R) (2015).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import nfdiff as nf
from nfdiff.units import zeeman_gap


def compute(temperatures, gap):
    """Linear coefficients of the built-in Pt|YIG interface at the given gap [J]."""
    yig = nf.materials.get("YIG").replace(gap=gap)
    pair = nf.materials.interface_parameters("Pt", "YIG")
    itf = nf.NFInterface(g_r=pair.g_r, g_i=pair.g_i, magnons=yig.magnon_gas())
    return itf, itf.linear_coefficients(temperatures)


def main(out_dir=".", n_points=60, show_table=True):
    """Compute, tabulate and plot; returns the two coefficient sets (gapless, 1 T)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    T = np.geomspace(5.0, 500.0, n_points)
    cases = {"gapless": 0.0, "1 T gap": zeeman_gap(1.0)}
    results = {name: compute(T, gap) for name, gap in cases.items()}

    fig, axes = plt.subplots(2, 3, figsize=(13, 7.5), constrained_layout=True)
    styles = {"gapless": ("C0", "-"), "1 T gap": ("C3", "--")}
    panels = [("g", "spin conductance g [1/m$^2$]", 1.5),
              ("S", "spin Seebeck S [J/(K m$^2$)]", 1.5),
              ("kappa", r"heat conductance $\kappa$ [W/(K m$^2$)]", 2.5),
              ("Pi", r"spin Peltier $\Pi$ [1/(m$^2$ s)]", 2.5),
              ("n_thermal", r"thermal magnons $n_{th}/s$", 1.5)]
    for ax, (attr, label, power) in zip(axes.flat, panels, strict=False):
        for name, (itf, c) in results.items():
            values = getattr(c, attr)
            if attr == "n_thermal":
                values = values / itf.magnons.spin_density
            color, ls = styles[name]
            ax.loglog(T, values, ls, color=color, label=name)
        ref = getattr(results["gapless"][1], attr)
        if attr == "n_thermal":
            ref = ref / results["gapless"][0].magnons.spin_density
        ax.loglog(T, ref[-1] * (T / T[-1]) ** power, ":", color="k",
                  label=rf"$\propto T^{{{power:g}}}$")
        ax.set_xlabel("temperature T [K]")
        ax.set_ylabel(label)
        ax.legend(fontsize=8)
    ax = axes.flat[-1]
    for name, (itf, c) in results.items():
        color, ls = styles[name]
        ax.semilogx(T, c.g_r_eff / itf.g_r, ls, color=color, label=rf"$\hat g_r/g_r$ ({name})")
        ax.semilogx(T, c.g_r_tilde / itf.g_r, ls, color=color, alpha=0.5,
                    label=rf"$\tilde g_r/g_r$ ({name})")
    ax.set_xlabel("temperature T [K]")
    ax.set_ylabel("mixing conductance / $g_r$")
    ax.legend(fontsize=8)
    fig.suptitle("Pt|YIG interface coefficients (Bender & Tserkovnyak 2015, corrected Eq. (2))")
    out = Path(out_dir) / "interface_temperature_dependence.png"
    fig.savefig(out, dpi=120)
    plt.close(fig)

    if show_table:
        print(f"{'case':>8} {'T [K]':>7} {'g [1/m^2]':>11} {'S [J/K m^2]':>12} "
              f"{'kappa [W/K m^2]':>15} {'Pi [1/m^2 s]':>13} {'g_r^/g_r':>9} {'n_th/s':>9}")
        for name, (itf, c) in results.items():
            for k in np.unique(np.linspace(0, len(T) - 1, 6).astype(int)):
                print(f"{name:>8} {T[k]:7.1f} {c.g[k]:11.4e} {c.S[k]:12.4e} "
                      f"{c.kappa[k]:15.4e} {c.Pi[k]:13.4e} {c.g_r_eff[k] / itf.g_r:9.6f} "
                      f"{c.n_thermal[k] / itf.magnons.spin_density:9.2e}")
        print(f"figure: {out}")
    return {name: c for name, (_, c) in results.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".", help="where to write the PNG")
    parser.add_argument("--quick", action="store_true", help="12 temperatures instead of 60")
    args = parser.parse_args()
    main(args.out_dir, n_points=12 if args.quick else 60)
