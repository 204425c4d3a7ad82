r"""Magnon diffusion length versus temperature from the nonlocal signal: a sweep on Dask.

Cornelissen et al., PRB 94, 180402(R) (2016) measured the first harmonic R1 of Pt strip
pairs on YIG at several distances d between 2 and 293 K, fitted R1(d) = C / sinh(d /
lambda) at each temperature, and found the magnon diffusion length falling from
9.6 +- 0.9 um at 293 K to a minimum of 5.5 +- 0.7 um at 30 K (and the magnon spin
conductivity from 5.1e5 S/m to 0.7e5 S/m at 5 K). nfdiff's YIG follows these data
(power laws through the room-temperature values and the low-temperature points,
docs/theory.md#theory-temperature), and its interface law follows the thermal magnon
gas (the interface spin conductance g ~ T^{3/2}).

This script does what the experiment did, on the model: the default device without the
heat equations (only electrical injection: R1 is the whole signal), at bath
temperatures from 30 K to 300 K and distances from 4 to 20 um, one :func:`nfdiff.sweep`
over the (temperature, distance) grid, solved in parallel on the local cores. At each
temperature it fits ``R1(d) = C / sinh(d / lambda)`` and compares the fitted lambda with
the material's ``lambda_m(T)`` and with the measured points: the fit returns the model's
magnon diffusion length within a few % (the strips are good magnon sinks, which the
sinh form assumes), so that measured lengths fitted this way can be fed back into the
model as they are.

Writes ``nonlocal_temperature.nc`` (the sweep's dataset) and ``nonlocal_temperature.png``
and prints a table. ``python examples/nonlocal_temperature.py`` takes about a minute on
two cores; ``--quick``: three temperatures on a coarse mesh.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

import numpy as np

import nfdiff as nf

CURRENT = 50e-6  # A
TEMPERATURES = np.geomspace(30.0, 300.0, 6)  # K: the range of YIG's lambda_m(T) data
QUICK_TEMPERATURES = (30.0, 100.0, 300.0)
DISTANCES = (4e-6, 8e-6, 12e-6, 16e-6, 20e-6)  # m: beyond a few film thicknesses
#: Measured magnon diffusion lengths (Cornelissen et al., PRB 94, 180402(R) (2016)):
#: temperature [K], lambda_m [m], uncertainty [m].
MEASURED = ((293.0, 9.6e-6, 0.9e-6), (30.0, 5.5e-6, 0.7e-6))
#: Coarse mesh of the quick run (the same physics within about 2 %).
COARSE = {"h_min": (5e-9, 0.5e-9), "growth": 1.4}


def device_at(temperature, distance, quick=False):
    """One point of the sweep: the device at a bath temperature and distance, its drive."""
    dev = nf.devices.nonlocal_strips(temperature=temperature, distance=distance,
                                     thermal=False, **(COARSE if quick else {}))
    return dev, {"current": CURRENT}


def fit_length(d, r1):
    """Fit ``R1 = C / sinh(d / lambda)``; returns lambda [m]."""
    from scipy.optimize import curve_fit

    x = np.asarray(d) * 1e6  # um: well-scaled

    def model(x, ln_c, lam_um):
        return ln_c - np.log(np.sinh(x / lam_um))

    guess = (float(np.log(r1[0] * np.sinh(x[0] / 8.0))), 8.0)
    (_, lam_um), _ = curve_fit(model, x, np.log(r1), p0=guess)
    return lam_um * 1e-6


def main(out_dir=".", temperatures=TEMPERATURES, quick=False, client=None):
    """Sweep temperature and distance; returns T, d, R1, the fitted and model lengths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t = np.sort(np.asarray(temperatures, dtype=float))
    d = np.asarray(DISTANCES)
    ds = nf.sweep(functools.partial(device_at, quick=quick),
                  {"temperature": list(t), "distance": list(d)}, client=client)
    failed = ds["error_type"].values != ""
    if failed.any():
        raise RuntimeError(f"{int(failed.sum())} points failed: "
                           f"{sorted(set(ds['error'].values[failed].ravel()))}")
    ds["temperature"].attrs["units"] = "K"
    ds["distance"].attrs["units"] = "m"
    ds.to_netcdf(out / "nonlocal_temperature.nc")

    r1 = ds["R_nl"].transpose("temperature", "distance").values
    yig = nf.materials.get("YIG")
    fitted = np.array([fit_length(d, row) for row in r1])
    model = np.array([yig.at(tk).magnon_diffusion_length for tk in t])
    print(f"{'T [K]':>7} {'lambda fit [um]':>16} {'lambda_m(T) [um]':>17} {'ratio':>7}"
          f" {'R1(4 um) [mOhm]':>16}")
    for tk, f, m, row in zip(t, fitted, model, r1, strict=True):
        print(f"{tk:7.1f} {f * 1e6:16.3f} {m * 1e6:17.3f} {f / m:7.4f} {row[0] * 1e3:16.5f}")
    for tk, lam, err in MEASURED:
        print(f"measured (Cornelissen et al. 2016): {lam * 1e6:.1f} +- {err * 1e6:.1f} um "
              f"at {tk:g} K")

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    for k, tk in enumerate(t):
        ax1.semilogy(d * 1e6, r1[k] * 1e3, "o-", ms=4, label=f"{tk:.0f} K")
    ax1.set(xlabel=r"distance $d$ [$\mu$m]", ylabel=r"$R_1$ [m$\Omega$]",
            title=f"first harmonic, I = {CURRENT * 1e6:g} uA (no heating)")
    ax1.legend(fontsize=8)
    fine = np.geomspace(30.0, 300.0, 100)
    ax2.plot(fine, [yig.at(x).magnon_diffusion_length * 1e6 for x in fine], "-",
             color="0.5", label=r"material $\lambda_m(T)$")
    ax2.plot(t, fitted * 1e6, "o", color="C0", label=r"fitted to $R_1(d)$ (nfdiff)")
    ax2.errorbar([m[0] for m in MEASURED], [m[1] * 1e6 for m in MEASURED],
                 yerr=[m[2] * 1e6 for m in MEASURED], fmt="s", color="C3", capsize=3,
                 label="measured (Cornelissen et al. 2016)")
    ax2.set(xscale="log", xlabel="bath temperature T [K]",
            ylabel=r"magnon diffusion length [$\mu$m]", ylim=(0, 12),
            title=r"$\lambda$ from $R_1 = C/\sinh(d/\lambda)$")
    ax2.set_xticks([30, 50, 100, 200, 300], ["30", "50", "100", "200", "300"])
    ax2.minorticks_off()  # the log axis would label its minor ticks over the major ones
    ax2.legend(fontsize=8)
    fig.suptitle("Pt strips on 200 nm YIG: the nonlocal signal versus temperature")
    fig.savefig(out / "nonlocal_temperature.png", dpi=120)
    plt.close(fig)
    return {"temperature": t, "distance": d, "R1": r1, "lambda_fit": fitted,
            "lambda_m": model, "dataset": ds}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".", help="where to write the NetCDF and PNG")
    parser.add_argument("--quick", action="store_true",
                        help="three temperatures on a coarse mesh")
    parser.add_argument("--scheduler", default=None,
                        help="Dask scheduler address (default: a local cluster); 'serial'")
    args = parser.parse_args()
    main(args.out_dir, temperatures=QUICK_TEMPERATURES if args.quick else TEMPERATURES,
         quick=args.quick, client=args.scheduler)
