r"""Nonlocal signal of strips of finite length (3D) versus distance.

Pt strips (300 nm x 10 nm) on 200 nm YIG, of length L = 2, 10 and 40 um (``--quick``:
2 and 10 um), on a film that extends beyond their ends; the injector's current enters
and leaves through terminal contacts on its end faces and the detector's ends are open
terminals (``nf.devices.nonlocal_strips_3d``, docs/theory.md#theory-3d). The 2D template
of the same cross-section (infinitely long strips) gives the reference per unit length,
R1_2D(d) L: R1 = R_nl of the linear law (odd in the current, so one solve per point).

What 3D shows: while the distance is below the strip length, R1 follows the 2D law of
the cross-section (per unit length the strips see the same magnon flux); once the
distance exceeds the strip length the magnons spread along the strips as well and R1
falls below the 2D law and decays faster with distance. Near short strips the film
around their ends feeds extra injection and detection, so R1/R1_2D can exceed 1 at the
shortest distances.

The mesh is coarse (the same for the 2D reference, so the ratio compares like with
like). Writes ``nonlocal_strip_length.png`` and prints a table (R1, R1/R1_2D, unknowns and
solve time of every 3D point).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import nfdiff as nf
from nfdiff.progress import progress

CURRENT = 50e-6  # A
LENGTHS = (2e-6, 10e-6, 40e-6)  # m
DISTANCES = (1e-6, 3e-6, 10e-6, 20e-6, 40e-6)  # m
QUICK_LENGTHS = (2e-6, 10e-6)
QUICK_DISTANCES = (1e-6, 12e-6)


def _devices(distance, length):
    """The 2D template and its 3D device: the film extends 6 um beyond the strip ends
    and beyond the outer strip edges; a coarse mesh (elements up to 3 um along x and y,
    growth 1.5) that direct LU solves in seconds."""
    margin = 6e-6
    base = nf.devices.nonlocal_strips(
        distance=distance, strip_length=length, thermal=False, law="linear",
        extent=distance / 2 + 150e-9 + margin, h_min=(50e-9, 1.5e-9),
        h_max=(3e-6, 50e-9), growth=1.5)
    hy = (50e-9, min(length / 4, 3e-6))
    return base, nf.devices.nonlocal_strips_3d(base, film_margin=margin, hy=hy)


def main(out_dir=".", lengths=LENGTHS, distances=DISTANCES):
    """R1 [Ohm] of the 3D device per strip length and distance, and of the 2D template;
    returns a dict with ``distances``, ``lengths``, ``R1`` (lengths x distances),
    ``R1_2d`` (per metre of strip, Ohm/m), ``unknowns`` and ``seconds`` (of each 3D solve)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    d = np.asarray(distances, dtype=float)
    r2d = np.empty(len(d))  # per metre of strip [Ohm/m]
    r3d = np.empty((len(lengths), len(d)))
    unknowns = np.empty(r3d.shape, dtype=int)
    seconds = np.empty(r3d.shape)
    for j, dist in enumerate(d):
        base = _devices(dist, lengths[0])[0]
        r2d[j] = base.solve(CURRENT).observables["R_nl"] / base.strip_length
    for i, length in enumerate(lengths):
        for j, dist in enumerate(progress(d, desc=f"L = {length * 1e6:g} um")):
            t0 = time.perf_counter()
            sol = _devices(dist, length)[1].solve(CURRENT)
            seconds[i, j] = time.perf_counter() - t0
            r3d[i, j], unknowns[i, j] = sol.observables["R_nl"], len(sol.x)
    print(f"{'L [um]':>7} {'d [um]':>7} {'R1 [mOhm]':>11} {'R1/R1_2D':>9} {'unknowns':>9} "
          f"{'time [s]':>9}")
    for i, length in enumerate(lengths):
        for j, dist in enumerate(d):
            print(f"{length * 1e6:7.3g} {dist * 1e6:7.3g} {r3d[i, j] * 1e3:11.5f} "
                  f"{r3d[i, j] / (r2d[j] * length):9.4f} {unknowns[i, j]:9d} "
                  f"{seconds[i, j]:9.1f}")
    fig, ax = plt.subplots(figsize=(7, 4.2), constrained_layout=True)
    ax.semilogy(d * 1e6, r2d * 1e-6, "k-", label="2D (infinitely long strips)")
    for i, length in enumerate(lengths):
        ax.semilogy(d * 1e6, r3d[i] / length * 1e-6, "o--",
                    label=f"3D, L = {length * 1e6:g} um")
    ax.set_xlabel("distance d [um]")
    ax.set_ylabel("R1 / L [Ohm/um]")
    ax.set_title("Nonlocal R1 of strips of finite length (isothermal, linear law)")
    ax.legend()
    fig.savefig(out / "nonlocal_strip_length.png", dpi=120)
    plt.close(fig)
    return {"distances": d, "lengths": np.asarray(lengths), "R1": r3d, "R1_2d": r2d,
            "unknowns": unknowns, "seconds": seconds}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer lengths and distances")
    parser.add_argument("--out", default=".", help="output directory")
    args = parser.parse_args()
    if args.quick:
        main(args.out, QUICK_LENGTHS, QUICK_DISTANCES)
    else:
        main(args.out)
