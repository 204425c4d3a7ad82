r"""Nonlocal magnon signal versus the in-plane angle of the magnetisation.

Pt strips on 200 nm YIG, 5 um apart (Cornelissen et al., Nat. Phys. 11, 1022 (2015),
Fig. 2). The YIG order parameter rotates in the film plane, ``n = (cos a, sin a, 0)``
(the magnetisation is m = -n; a = 0 is across the strips, a = 90 deg along them). The
spin Hall polarisation s under a strip carrying current along y lies along x, and
magnons carry spin along n, so

- **R1** (electrical injection, detection by the inverse spin Hall effect): one factor
  n . s at the injector and one at the detector, ``R1 ~ cos^2 a``;
- **R2** (thermal injection, independent of n; detection ~ n . s): ``R2 ~ cos a``.

The spin accumulation under the injector also depends on a through the interface's
spin-mixing absorption of its components perpendicular to n (the physics of SMR), so
R1 follows cos^2 a only approximately: the script prints the deviation. R1 vanishes
exactly at 90 deg and is even under a -> a + 180 deg; R2 is odd.

Writes ``nonlocal_angle.png`` and prints a table. ``--quick`` uses a coarse mesh.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import nfdiff as nf
from nfdiff.progress import progress

CURRENT = 50e-6  # A
ANGLES = np.linspace(0.0, 360.0, 25)  # deg


def main(out_dir=".", angles=ANGLES, quick=False):
    """Sweep the angle; returns a dict with the angles [deg], R1 [Ohm], R2 [V/A^2]."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    device = nf.devices.nonlocal_strips(distance=5e-6)
    if quick:
        device = device.replace(h_min=(5e-9, 0.5e-9), growth=1.4)
    a = np.asarray(angles, dtype=float)
    r1, r2 = np.empty_like(a), np.empty_like(a)
    for k, angle in enumerate(progress(a, desc="angle")):
        rad = np.deg2rad(angle)
        result = device.replace(n=(np.cos(rad), np.sin(rad), 0.0)).harmonics(CURRENT)
        r1[k], r2[k] = result["R1"], result["R2"]
    r1_max, r2_max = np.max(np.abs(r1)), np.max(np.abs(r2))
    cos = np.cos(np.deg2rad(a))
    print(f"{'angle':>6} {'R1 [mOhm]':>11} {'R1/cos^2 fit':>13} {'R2 [V/A^2]':>11}")
    for ak, x, y, c in zip(a, r1, r2, cos, strict=True):
        ratio = x / (r1_max * c**2) if abs(c) > 0.1 else float("nan")
        print(f"{ak:6.1f} {x * 1e3:11.5f} {ratio:13.4f} {y:11.4f}")

    fig, ax = plt.subplots(figsize=(7, 4.2), constrained_layout=True)
    fine = np.linspace(a.min(), a.max(), 361)
    cf = np.cos(np.deg2rad(fine))
    ax.plot(a, r1 / r1_max, "o", color="C0", label=r"$R_1 / \max|R_1|$")
    ax.plot(fine, cf**2, "-", color="C0", lw=0.8, label=r"$\cos^2 a$")
    ax.plot(a, r2 / r2_max, "s", color="C3", label=r"$R_2 / \max|R_2|$")
    ax.plot(fine, np.sign(r2[0]) * cf, "-", color="C3", lw=0.8, label=r"$\pm\cos a$")
    ax.set(xlabel="in-plane angle a of n from the x axis (across the strips) [deg]",
           ylabel="normalised signal", xticks=np.arange(0, 361, 90),
           ylim=(-1.1, 1.45),
           title=f"Pt/YIG nonlocal, d = 5 um, I = {CURRENT * 1e6:g} uA\n"
                 f"max R1 = {r1_max * 1e3:.3g} mOhm, max |R2| = {r2_max:.3g} V/A$^2$")
    ax.legend(fontsize=8, loc="upper center", ncols=4)  # above the curves, which end at 1
    fig.savefig(out / "nonlocal_angle.png", dpi=120)
    plt.close(fig)
    return {"angle": a, "R1": r1, "R2": r2}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".", help="where to write the PNG")
    parser.add_argument("--quick", action="store_true", help="9 angles, coarse mesh")
    args = parser.parse_args()
    main(args.out_dir, angles=np.linspace(0, 360, 9) if args.quick else ANGLES,
         quick=args.quick)
