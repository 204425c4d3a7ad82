"""Sign reversal of the thermal nonlocal signal: YIG thickness and heater opacity.

Shan et al., PRB 94, 174437 (2016) measured the second harmonic R2 of Pt strips on YIG
films of several thicknesses on GGG, with plain Pt heaters and with heaters made opaque
to magnons by an oxide barrier, and found that R2 changes sign at a heater-detector
distance that grows with the YIG thickness and depends on the heater opacity. They
explained it by the bulk spin Seebeck effect: Joule heat flowing down from the heater
drives magnons from the hot film top to the cold film bottom, depleting the top near
the heater and accumulating magnons where the heat leaves the YIG.

This script computes R2(d) = (V(+I) + V(-I)) / (2 I^2) for 200 nm and 1 um of YIG on
500 um of GGG (heat sink at the GGG bottom, 300 K, 20 uA), with the Pt|YIG heater and
with a heater whose mixing conductances are 1e4 times smaller (``strip_interfaces``).
With the opaque heater R2 reverses sign, farther on the thicker film; with the
transparent one it keeps one sign: the Pt refills the depletion under it, and magnons
relaxing in the film balance what the strips inject (docs/theory.md#theory-sign-reversal).

Run ``python examples/nonlocal_sign_reversal.py`` (about a minute; ``--quick`` for a
coarse mesh); it prints a table and writes ``nonlocal_sign_reversal.png`` and
``nonlocal_sign_reversal.vtu`` (the opaque heater on 200 nm YIG at the first distance).
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import numpy as np

import nfdiff as nf
from nfdiff.progress import progress

CURRENT = 20e-6  # A
DISTANCES = np.geomspace(1e-6, 16e-6, 9)  # m, centre to centre
QUICK_DISTANCES = np.array([1e-6, 2e-6, 4e-6, 8e-6, 16e-6])
THICKNESSES = (200e-9, 1e-6)  # m
#: mixing conductances of the opaque heater relative to Pt|YIG
OPACITY = 1e-4


def crossing(d, r2):
    """Distance [m] where R2 changes sign (log-linear interpolation), or None."""
    change = np.flatnonzero(np.sign(r2[:-1]) != np.sign(r2[1:]))
    if not len(change):
        return None
    k = int(change[0])
    x0, x1 = np.log(d[k]), np.log(d[k + 1])
    return float(np.exp(x0 + (x1 - x0) * r2[k] / (r2[k] - r2[k + 1])))


def main(out_dir=".", distances=DISTANCES, quick=False):
    """R2(d) for both thicknesses and heaters; returns {(thickness, heater): R2}."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    itf = nf.materials.interface_parameters("Pt", "YIG").to_interface()
    heaters = {"Pt heater": None,
               "opaque heater": dataclasses.replace(itf, g_r=OPACITY * itf.g_r,
                                                    g_i=OPACITY * itf.g_i)}
    d = np.asarray(distances, dtype=float)
    cases = [(t, h) for t in THICKNESSES for h in heaters]
    r2 = {}
    for t, heater in progress(cases, desc="cases"):
        base = nf.devices.nonlocal_strips(film_thickness=t,
                                          strip_interfaces=(heaters[heater], None))
        if quick:
            base = base.replace(h_min=(5e-9, 0.5e-9), growth=1.4)
        values = []
        for k, distance in enumerate(d):
            result = base.replace(distance=distance).harmonics(CURRENT)
            values.append(result["R2"])
            if k == 0 and t == THICKNESSES[0] and heater == "opaque heater":
                result["solutions"][0].save(out / "nonlocal_sign_reversal.vtu")
        r2[t, heater] = np.array(values)

    print(f"{'d [um]':>8}" + "".join(f" {f'{t * 1e9:g} nm, {h}':>24}" for t, h in cases))
    for k, dk in enumerate(d):
        print(f"{dk * 1e6:8.2f}" + "".join(f" {r2[c][k]:24.4g}" for c in cases))
    for c in cases:
        where = crossing(d, r2[c])
        text = "no sign change" if where is None else f"sign change at {where * 1e6:.2f} um"
        print(f"{c[0] * 1e9:g} nm YIG, {c[1]}: {text}")

    fig, ax = plt.subplots(figsize=(7.5, 4.5), constrained_layout=True)
    for (t, heater), values in r2.items():
        style = "-o" if heater == "opaque heater" else "--s"
        ax.plot(d * 1e6, values, style, color="C0" if t == THICKNESSES[0] else "C3",
                label=f"{t * 1e9:g} nm YIG, {heater}")
    ax.axhline(0.0, color="0.5", lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("symlog", linthresh=5.0)
    top = max(np.max(np.abs(v)) for v in r2.values())
    decades = 10.0 ** np.arange(1, np.ceil(np.log10(top)) + 1)
    ax.set_yticks(np.concatenate([-decades[::-1], [0.0], decades]))  # none inside +-5
    ax.minorticks_off()
    ax.set(xlabel=r"heater-detector distance $d$ [$\mu$m]", ylabel=r"$R_2$ [V/A$^2$]",
           title=f"thermal nonlocal signal on YIG / 500 um GGG, I = {CURRENT * 1e6:g} uA")
    ax.legend(fontsize=8)
    fig.savefig(out / "nonlocal_sign_reversal.png", dpi=120)
    plt.close(fig)
    return {"distance": d, "R2": r2}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".", help="where to write the PNG and VTU")
    parser.add_argument("--quick", action="store_true",
                        help="five distances on a coarse mesh")
    args = parser.parse_args()
    main(args.out_dir, distances=QUICK_DISTANCES if args.quick else DISTANCES,
         quick=args.quick)
