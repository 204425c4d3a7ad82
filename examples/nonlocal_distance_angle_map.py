r"""Nonlocal magnon signal on a distance x angle grid: a two-dimensional sweep (nf.sweep).

Pt strips (300 nm x 10 nm, 100 um long) on 200 nm YIG (Cornelissen et al., Nat. Phys.
11, 1022 (2015)); the first harmonic ``R1 = (V(+I) - V(-I)) / (2I)`` at I = 50 uA for
every injector-detector distance d and in-plane angle a of the YIG order parameter,
``n = (cos a, sin a, 0)`` (a = 0 across the strips). :func:`nfdiff.sweep` runs the grid
in parallel and returns it as an xarray dataset with coordinates ``distance`` and
``angle``; the factory turns the angle into the vector n.

Two laws meet in the map (docs/theory.md#theory-observables;
examples/nonlocal_distance.py and examples/nonlocal_angle.py treat each alone):

- along d, magnon diffusion: ``R1 ~ 1 / sinh(d / lambda_m)`` beyond a few film
  thicknesses (lambda_m = 9.4 um);
- along a, the spin Hall polarisation (along x) projected on n at the injector and at
  the detector: ``R1 ~ cos^2 a``, zero with n along the strips. The projection
  does not depend on d, so ``R1(d, a) / R1(d, 0)`` is the same cos^2 a at every
  distance, up to the spin-mixing absorption of the perpendicular spin under the
  injector (SMR physics), which the script measures: about 1e-4 without heating.

Writes ``nonlocal_distance_angle_map.nc`` (the dataset) and
``nonlocal_distance_angle_map.png`` (the map of R1 on a log colour scale, and
R1(d, a)/R1(d, 0) against cos^2 a). ``python examples/nonlocal_distance_angle_map.py``
(8 x 13 points) takes about two minutes on two cores; ``--quick``: a 2 x 4 grid on a
coarse mesh.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

import numpy as np

import nfdiff as nf

CURRENT = 50e-6  # A; the built-in 0.1 T YIG gap condenses near 80 uA
DISTANCES = np.geomspace(1e-6, 20e-6, 8)  # m, centre to centre
ANGLES = np.linspace(0.0, 180.0, 13)  # deg
QUICK_DISTANCES = (2e-6, 6e-6)
QUICK_ANGLES = (0.0, 45.0, 90.0, 135.0)
#: Coarse mesh of the quick run (the same physics within about 2 %).
COARSE = {"h_min": (5e-9, 0.5e-9), "h_max": (2.5e-6, 50e-9), "growth": 1.4}


def device_at(distance, angle, quick=False):
    """One grid point: the device at a distance [m] and an angle of n [deg], its drive."""
    a = np.deg2rad(angle)
    dev = nf.devices.nonlocal_strips(distance=distance, n=(np.cos(a), np.sin(a), 0.0),
                                     thermal=False, **(COARSE if quick else {}))
    return dev, {"current": CURRENT}


def cell_edges(centres, log=False):
    """Edges of the cells around sorted centres (geometric midpoints when ``log``)."""
    x = np.log(centres) if log else np.asarray(centres, dtype=float)
    if len(x) == 1:
        half = 0.25 if log else 0.5 * max(abs(x[0]), 1.0)
        edges = np.array([x[0] - half, x[0] + half])
    else:
        mid = 0.5 * (x[1:] + x[:-1])
        edges = np.concatenate([[2 * x[0] - mid[0]], mid, [2 * x[-1] - mid[-1]]])
    return np.exp(edges) if log else edges


def main(out_dir=".", distances=DISTANCES, angles=ANGLES, quick=False, client=None):
    """Sweep the grid; returns a dict with the dataset and R1(d, a) / R1(d, 0)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    d = np.sort(np.asarray(distances, dtype=float))
    a = np.sort(np.asarray(angles, dtype=float))
    ds = nf.sweep(functools.partial(device_at, quick=quick),
                  {"distance": list(d), "angle": list(a)}, method="harmonics", client=client)
    failed = ds["error_type"].values != ""
    if failed.any():
        raise RuntimeError(f"{int(failed.sum())} points failed: "
                           f"{sorted(set(ds['error'].values[failed]))}")
    ds["R1"].attrs["units"] = "Ohm"
    ds["R2"].attrs["units"] = "V/A^2"
    ds["distance"].attrs["units"] = "m"
    ds["angle"].attrs["units"] = "deg"
    ds.to_netcdf(out / "nonlocal_distance_angle_map.nc")

    r1 = ds["R1"].transpose("distance", "angle").values
    at_zero = ds["R1"].sel(angle=0.0).values if 0.0 in a else np.max(r1, axis=1)
    ratio = r1 / at_zero[:, None]
    cos2 = np.cos(np.deg2rad(a)) ** 2
    away = cos2 > 0.05  # where cos^2 a is not (close to) zero
    deviation = np.max(np.abs(ratio[:, away] / cos2[away] - 1.0))
    print(f"{'d [um]':>7} " + " ".join(f"{ak:7.0f}" for ak in a) + "   (R1 [mOhm] by angle)")
    for dk, row in zip(d, r1, strict=True):
        print(f"{dk * 1e6:7.2f} " + " ".join(f"{v * 1e3:7.4f}" for v in row))
    print(f"R1(d, a) / R1(d, 0) = cos^2 a within a relative {deviation:.1e} "
          "(where cos^2 a > 0.05)")

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5), constrained_layout=True)
    floor = np.max(r1) * 1e-3  # R1 vanishes at 90 deg: clip the log scale there
    mesh = ax1.pcolormesh(cell_edges(a), cell_edges(d * 1e6, log=True),
                          np.maximum(r1, floor) * 1e3,
                          norm=LogNorm(vmin=floor * 1e3, vmax=np.max(r1) * 1e3))
    fig.colorbar(mesh, ax=ax1, label=r"$R_1$ [m$\Omega$]")
    ax1.set(yscale="log", xlabel="angle a of n from x (across the strips) [deg]",
            ylabel=r"distance $d$ [$\mu$m]", title=f"first harmonic, I = {CURRENT * 1e6:g} uA")
    fine = np.linspace(a.min(), a.max(), 361)
    ax2.plot(fine, np.cos(np.deg2rad(fine)) ** 2, "k-", lw=0.8, label=r"$\cos^2 a$")
    for k, dk in enumerate(d):  # open markers, smaller and smaller: all stay visible
        ax2.plot(a, ratio[k], "o", mfc="none", ms=max(11 - 1.2 * k, 2.5),
                 label=f"d = {dk * 1e6:.3g} um")
    ax2.set(xlabel="angle a [deg]", ylabel=r"$R_1(d, a) / R_1(d, 0)$",
            title="the angle law does not depend on the distance")
    ax2.legend(fontsize=7, ncols=2)
    fig.suptitle("Pt strips on 200 nm YIG, 300 K, no heating")
    fig.savefig(out / "nonlocal_distance_angle_map.png", dpi=120)
    plt.close(fig)
    return {"distance": d, "angle": a, "R1": r1, "ratio": ratio, "deviation": deviation,
            "dataset": ds}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".", help="where to write the NetCDF and PNG")
    parser.add_argument("--quick", action="store_true",
                        help="a 2 x 4 grid on a coarse mesh (seconds)")
    parser.add_argument("--scheduler", default=None,
                        help="Dask scheduler address (default: a local cluster); 'serial'")
    args = parser.parse_args()
    if args.quick:
        main(args.out_dir, QUICK_DISTANCES, QUICK_ANGLES, quick=True, client=args.scheduler)
    else:
        main(args.out_dir, client=args.scheduler)
