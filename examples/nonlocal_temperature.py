r"""Nonlocal magnon signal versus temperature, 10-300 K: a sweep on Dask (nf.sweep).

The default nonlocal device (Pt strips 300 nm x 10 nm, 5 um apart, on 200 nm YIG;
Cornelissen et al., Nat. Phys. 11, 1022 (2015)) without the heat equations, its first
harmonic ``R1 = (V(+I) - V(-I)) / (2I)`` at I = 50 uA, at bath temperatures from 10 K
to 300 K. Each temperature is one point of :func:`nfdiff.sweep`, which solves them in
parallel on the local cores and returns an xarray dataset.

What changes with temperature in this model is the interface law (Bender & Tserkovnyak,
Phys. Rev. B 91, 140402(R) (2015); docs/theory.md#theory-linear): the thermal magnon gas
of YIG sets the interface spin conductance, for a band ``E = Delta + J_s k^2`` with a
small gap (the built-in 0.1 T Zeeman gap is k_B x 0.13 K)::

    g(T) = (g_r / (pi s Lambda^3)) [ (3/2) Li_{3/2}(e^{-x}) + x Li_{1/2}(e^{-x}) ]  ~  T^{3/2}

(``Lambda = sqrt(4 pi J_s / k_B T)``, ``x = Delta / k_B T``). The bulk parameters of the
built-in YIG and Pt (magnon conductivity and diffusion length, resistivity) are their
300 K values at every temperature, so the sweep isolates the interface. The injector and
the detector each pass spin between the Pt and the magnons through the contact
conductance ~ g(T) w, in series with the spreading conductance of the film; each
contributes a factor ``1 / (1 + G_film / G_contact)`` to R1, so that::

    1 / sqrt(R1(T)) = a + b / g(T)  ~  a + b' T^{-3/2}

The Pt|YIG contact is the better conductor at all these temperatures (R1 only falls by
a quarter from 300 K to 10 K); its share of the resistance grows as T^{-3/2}. The script
fits ``1/sqrt(R1) = a + b (T / 100 K)^{-p}`` and finds ``p = 1.42``, close to the 3/2
of g(T) (the series picture is approximate: the spin-mixing conductance under the
strips also changes with T, by its thermal-magnon correction), and checks the series
form with the law's own g(T): 1/sqrt(R1) is linear in 1/g(T) within 0.3 %.

Writes ``nonlocal_temperature.nc`` (the sweep's dataset) and ``nonlocal_temperature.png``
and prints a table. ``python examples/nonlocal_temperature.py`` takes about half a minute
on two cores; ``--quick``: five temperatures on a coarse mesh.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

import numpy as np

import nfdiff as nf

CURRENT = 50e-6  # A
TEMPERATURES = np.geomspace(10.0, 300.0, 12)  # K
QUICK_TEMPERATURES = (10.0, 20.0, 40.0, 100.0, 300.0)
#: Coarse mesh of the quick run (the same physics within about 2 %).
COARSE = {"h_min": (5e-9, 0.5e-9), "h_max": (2.5e-6, 50e-9), "growth": 1.4}


def device_at(temperature, quick=False):
    """One point of the sweep: the device at a bath temperature, and its drive."""
    dev = nf.devices.nonlocal_strips(temperature=temperature, thermal=False,
                                     **(COARSE if quick else {}))
    return dev, {"current": CURRENT}


def interface_conductance(temperatures):
    """g(T) [1/m^2] of the built-in Pt|YIG interface with the YIG magnon gas."""
    pair = nf.materials.interface_parameters("Pt", "YIG")
    itf = nf.NFInterface(g_r=pair.g_r, g_i=pair.g_i,
                         magnons=nf.materials.get("YIG").magnon_gas())
    return itf.linear_coefficients(np.asarray(temperatures, dtype=float)).g


def fit_exponent(temperatures, r1):
    """Fit ``1/sqrt(R1) = a + b (T / 100 K)^(-p)``; returns ``(p, a, b)``."""
    from scipy.optimize import curve_fit

    y = 1.0 / np.sqrt(r1)

    def model(t, a, b, p):
        return a + b * (t / 100.0) ** (-p)

    guess = (y[-1], (y[0] - y[-1]) * (temperatures[0] / 100.0) ** 1.5, 1.5)
    (a, b, p), _ = curve_fit(model, temperatures, y, p0=guess)
    return p, a, b


def series_fit(temperatures, r1):
    """Least squares of ``1/sqrt(R1) = a + b g(T_max) / g(T)``: ``(a, b, max rel. error)``."""
    g = interface_conductance(temperatures)
    x = g[-1] / g
    y = 1.0 / np.sqrt(r1)
    (b, a), *_ = np.linalg.lstsq(np.vstack([x, np.ones_like(x)]).T, y, rcond=None)
    return a, b, float(np.max(np.abs(a + b * x - y) / y))


def main(out_dir=".", temperatures=TEMPERATURES, quick=False, client=None):
    """Sweep the temperature; returns a dict with T, R1, g(T), the fitted exponent p."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t = np.sort(np.asarray(temperatures, dtype=float))
    ds = nf.sweep(functools.partial(device_at, quick=quick), {"temperature": list(t)},
                  method="harmonics", client=client)
    failed = ds["error_type"].values != ""
    if failed.any():
        raise RuntimeError(f"{int(failed.sum())} temperatures failed: "
                           f"{sorted(set(ds['error'].values[failed]))}")
    ds["R1"].attrs["units"] = "Ohm"
    ds["R2"].attrs["units"] = "V/A^2"
    ds["temperature"].attrs["units"] = "K"
    ds.to_netcdf(out / "nonlocal_temperature.nc")

    r1 = ds["R1"].values
    g = interface_conductance(t)
    p, a, b = fit_exponent(t, r1)
    a_series, b_series, series_error = series_fit(t, r1)
    print(f"{'T [K]':>7} {'R1 [mOhm]':>11} {'R1/R1(300K)':>12} {'g [1/m^2]':>11}")
    for tk, r, gk in zip(t, r1, g, strict=True):
        print(f"{tk:7.1f} {r * 1e3:11.5f} {r / r1[-1]:12.4f} {gk:11.4g}")
    print(f"1/sqrt(R1) = a + b (T/100 K)^-p: p = {p:.3f} (interface law g ~ T^1.5); "
          f"series form with the law's g(T): within {series_error:.2%}")

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    ax1.plot(t, r1 * 1e3, "o", label="R1 (nfdiff)")
    fine = np.geomspace(t.min(), t.max(), 200)
    ax1.plot(fine, 1e3 / (a + b * (fine / 100.0) ** (-p)) ** 2, "-", lw=0.8,
             label=rf"$(a + b\,T^{{-p}})^{{-2}}$, p = {p:.2f}")
    ax1.set(xscale="log", xlabel="bath temperature T [K]", ylabel=r"$R_1$ [m$\Omega$]",
            title=f"first harmonic, I = {CURRENT * 1e6:g} uA, d = 5 um")
    ax1.legend()
    x = g[-1] / g  # 1/g(T) of the interface law, relative to the highest temperature
    ax2.plot(x, 1.0 / np.sqrt(r1), "o", color="C0", label="nfdiff")
    ax2.plot(x, a_series + b_series * x, "-", color="C3", lw=0.8,
             label=f"a + b g({t[-1]:g} K)/g(T): within {series_error:.2%}")
    for tk, xk, yk in zip(t, x, 1.0 / np.sqrt(r1), strict=True):
        ax2.annotate(f"{tk:.0f} K", (xk, yk), textcoords="offset points", xytext=(4, -10),
                     fontsize=7)
    ax2.set(xlabel=f"g({t[-1]:g} K) / g(T)   (~ (T / {t[-1]:g} K)$^{{-3/2}}$)",
            ylabel=r"$1/\sqrt{R_1}$ [$\Omega^{-1/2}$]",
            title="contacts ~ g(T) in series with the film")
    ax2.legend(fontsize=8)
    fig.suptitle("Pt strips on 200 nm YIG (no heating): only the interface depends on T")
    fig.savefig(out / "nonlocal_temperature.png", dpi=120)
    plt.close(fig)
    return {"temperature": t, "R1": r1, "g": g, "exponent": p,
            "series_error": series_error, "dataset": ds}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".", help="where to write the NetCDF and PNG")
    parser.add_argument("--quick", action="store_true",
                        help="five temperatures on a coarse mesh (seconds)")
    parser.add_argument("--scheduler", default=None,
                        help="Dask scheduler address (default: a local cluster); 'serial'")
    args = parser.parse_args()
    main(args.out_dir, temperatures=QUICK_TEMPERATURES if args.quick else TEMPERATURES,
         quick=args.quick, client=args.scheduler)
