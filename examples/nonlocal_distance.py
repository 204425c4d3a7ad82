r"""Nonlocal magnon transport versus injector-detector distance (Pt | 200 nm YIG).

The experiment of Cornelissen et al., Nat. Phys. 11, 1022 (2015): two Pt strips
(300 nm x 10 nm, 100 um long) on a 200 nm YIG film. A current I along the injector
drives magnons into the YIG two ways (docs/theory.md#theory-observables):

- **electrically** (spin Hall effect -> spin accumulation mu_s at the interface ->
  magnons, odd in I): the first harmonic ``R1 = (V(+I) - V(-I)) / (2I)``;
- **thermally** (Joule heating -> magnon temperature gradient -> bulk and interfacial
  spin Seebeck, even in I): the second harmonic ``R2 = (V(+I) + V(-I)) / (2I^2)``.

The magnons diffuse with the magnon diffusion length lambda_m and relax; the detector
converts those that reach it into an inverse spin Hall voltage. For distances d well
beyond the film thickness, transport is one-dimensional. The Pt strips are strong magnon
sinks compared with the 200 nm film (contact conductance per length G_c w against the
film's sigma_m t / lambda_m), and a channel between two transparent contacts gives
(docs/theory.md#theory-two-contact; Cornelissen et al. 2015, who fit the same form)::

    R1(d) = C / sinh(d / lambda_m)

rather than a plain exponential (whose local decay length, coth(d/lambda_m) shorter,
would underestimate lambda_m by 35 % at d = 7.5 um). The script fits this form to R1
at d >= 2 um (ten film thicknesses) and compares the fitted length with the lambda_m
put into the model (9.4 um, Cornelissen et al. 2015): they agree to about 1 %.

Writes ``nonlocal_distance.png`` (R1 and |R2| versus d, log scale, with the fit) and
``nonlocal_distance.vtu`` (the fields at the shortest distance) and prints a table.

Run ``python examples/nonlocal_distance.py`` (about 20 s on two cores, with a progress
bar on a terminal; ``--quick`` for five distances on a coarse mesh).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import nfdiff as nf
from nfdiff.progress import progress

CURRENT = 50e-6  # A; the built-in 0.1 T YIG gap condenses near 80 uA (docs/materials.md)
DISTANCES = np.geomspace(0.5e-6, 40e-6, 12)  # m, centre to centre
QUICK_DISTANCES = (1e-6, 2.5e-6, 6e-6, 15e-6, 30e-6)
FIT_FROM = 2e-6  # m: fit beyond ten film thicknesses


def fit_decay_length(d, r1, d_min=FIT_FROM):
    """Least-squares fit of ``ln R1 = ln C - ln sinh(d / lambda)`` for ``d >= d_min``.

    Returns ``(lambda [m], C [Ohm])``.
    """
    from scipy.optimize import curve_fit

    keep = (d >= d_min) & (r1 > 0)
    if np.count_nonzero(keep) < 3:
        raise ValueError(f"need three positive R1 at d >= {d_min:g} m to fit, got "
                         f"{np.count_nonzero(keep)}")
    x = d[keep] * 1e6  # um: well-scaled for the fit

    def model(x, ln_c, lam_um):
        return ln_c - np.log(np.sinh(x / lam_um))

    guess = (float(np.log(r1[keep][0] * np.sinh(x[0] / 10.0))), 10.0)
    (ln_c, lam_um), _ = curve_fit(model, x, np.log(r1[keep]), p0=guess)
    return lam_um * 1e-6, float(np.exp(ln_c))


def main(out_dir=".", distances=DISTANCES, quick=False):
    """Sweep the distance; returns a dict with d, R1, R2 and the fitted length."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    device = nf.devices.nonlocal_strips()
    if quick:  # coarse mesh: the same physics within about 2 %
        device = device.replace(h_min=(5e-9, 0.5e-9), growth=1.4)
    d = np.asarray(distances, dtype=float)
    r1, r2 = np.empty_like(d), np.empty_like(d)
    for k, distance in enumerate(progress(d, desc="distance")):
        result = device.replace(distance=distance).harmonics(CURRENT)
        r1[k], r2[k] = result["R1"], result["R2"]
        if k == 0:
            result["solutions"][0].save(out / "nonlocal_distance.vtu")
    lam_m = device.magnet.magnon_diffusion_length
    lam_fit, amplitude = fit_decay_length(d, r1)

    print(f"{'d [um]':>8} {'R1 [mOhm]':>12} {'R2 [V/A^2]':>12}")
    for dk, a, b in zip(d, r1, r2, strict=True):
        print(f"{dk * 1e6:8.2f} {a * 1e3:12.5g} {b:12.5g}")
    print(f"fitted decay length {lam_fit * 1e6:.2f} um (d >= {FIT_FROM * 1e6:g} um); "
          f"lambda_m in the model {lam_m * 1e6:.2f} um")

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    ax1.semilogy(d * 1e6, r1 * 1e3, "o", label="R1 (nfdiff)")
    fine = np.linspace(FIT_FROM, d.max(), 100)
    ax1.semilogy(fine * 1e6, amplitude / np.sinh(fine / lam_fit) * 1e3, "-",
                 label=rf"$C/\sinh(d/\lambda)$, $\lambda$ = {lam_fit * 1e6:.2f} $\mu$m")
    ax1.set(xlabel=r"distance $d$ [$\mu$m]", ylabel=r"$R_1$ [m$\Omega$]",
            title=f"first harmonic, I = {CURRENT * 1e6:g} uA")
    ax1.legend()
    positive = r2 > 0
    ax2.loglog(d[~positive] * 1e6, -r2[~positive], "s", color="C3", label=r"$-R_2$")
    if positive.any():
        ax2.loglog(d[positive] * 1e6, r2[positive], "s", mfc="none", color="C3",
                   label=r"$+R_2$")
    ax2.set(xlabel=r"distance $d$ [$\mu$m]", ylabel=r"$|R_2|$ [V/A$^2$]",
            title="second harmonic (Joule heating)")
    ax2.legend()
    fig.suptitle("Pt (300 nm x 10 nm) strips on 200 nm YIG, 300 K, n across the strips")
    fig.savefig(out / "nonlocal_distance.png", dpi=120)
    plt.close(fig)
    return {"distance": d, "R1": r1, "R2": r2, "lambda_fit": lam_fit,
            "lambda_m": lam_m}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".", help="where to write the PNG and VTU")
    parser.add_argument("--quick", action="store_true",
                        help="five distances on a coarse mesh (seconds)")
    args = parser.parse_args()
    main(args.out_dir, distances=QUICK_DISTANCES if args.quick else DISTANCES,
         quick=args.quick)
