r"""Spin Peltier temperature map of a Pt strip on a YIG film (2D) and of a Pt film (1D).

Device: ``nf.devices.nonlocal_strips`` with its defaults (Cornelissen et al. 2015): two
300 nm wide, 10 nm thick Pt strips 5 um apart on 200 nm of YIG whose bottom is the
bath (300 K); n along x (across the strips), thermal model on, nonlinear interface law.
Strip A carries I = +-50 uA along +y; B is open. Every field splits into a part odd in
the current and a part even in it::

    T_odd  = (T(+I) - T(-I)) / 2        spin Peltier (and any other effect linear in I)
    T_even = (T(+I) + T(-I)) / 2 - T0   Joule heating (and the spin dissipation)

with T the lattice temperature: the electron temperature T_e in the strips, the phonon
temperature T_p in the film (the magnon temperature T_m is shown too).

Mechanism (docs/theory.md#theory-bulk, docs/theory.md#theory-linear). The spin Hall
effect of I along +y accumulates spins along +x at the bottom of A (theta_SH > 0):
mu_s . n > 0 for n = +x. The interface
law (linear form) carries the energy current ``qdot = -kappa (T_m - T_e) - Pi (mu_m +
n.mu_s)`` into the film with ``Pi = T S / hbar``: the spin current absorbs magnons from
the film and carries their energy into the strip, so A is *heated* for +I, and the
magnons under it are depleted (mu_m < 0). The depletion reaches out over the magnon
diffusion length lambda_m = 9.4 um; the magnon current that refills it flows towards A
and carries heat with it (the magnon Peltier term ``varsigma T0 grad(mu_m) / hbar``):
the film around A is cooled, over lambda_m. The open detector B refills the depletion
from its electrons, and the magnons it creates carry energy out of it: B is *cooled*,
a nonlocal spin Peltier effect, the thermal counterpart of the nonlocal magnon signal
(built-in parameters, 50 uA: A +95 uK, B -59 uK, the film wings about -0.5 uK; the
Joule heating of A is 29 mK). The odd part reverses with I and with n, and vanishes
for n along y (the strips), perpendicular to the spin Hall accumulation, where the
magnon current into the film (``n.i``, even in mu_s when p = n.mu_s = 0) has no part
odd in I. The even part scales as I^2. The heat pumped into A returns to the bath
through the Kapitza conductance and the 200 nm film, while the magnon cooling is
spread over lambda_m: per current density the 2D signal is larger than in the 1D film
(below), where the heat pumped into the metal returns through the same area.

The map is very anisotropic (a 200 nm film, strips 10 nm thick and 300 nm wide, a film
about 100 um wide): the figures show windows around the strips with the z axis
stretched (stated on every panel); the line cuts cover the film.

1D partner: ``nf.devices.spin_peltier`` (10 nm Pt on 1 um YIG, no substrate, adiabatic
top, n = +y, current along +x), ``solve_odd_even(j).delta_T`` (odd part of T_e at the
interface) versus current density: odd and linear (-1.04e-5 K at 1e10 A/m^2: the metal
is cooled for this orientation), while the Joule rise of the top is even and ~ j^2.

Writes ``spin_peltier_map.png`` and ``spin_peltier_map.vtu`` (point data ``T_odd``,
``T_even`` (rise above T0), ``T_m_odd``, ``T_m_even``, ``mu_m_odd``, ``mu_m_even``;
every region has its own copy of its vertices, as :func:`nfdiff.export.to_meshio`, so
the jumps at the interfaces stay sharp) and prints the signals.

References: J. Flipse et al., Phys. Rev. Lett. 113, 027601 (2014) (spin Peltier effect);
S. A. Bender and Y. Tserkovnyak, Phys. Rev. B 91, 140402(R) (2015) (interface law);
L. J. Cornelissen et al., Nat. Phys. 11, 1022 (2015) (device).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import nfdiff as nf
import nfdiff.devices  # nf.devices
from nfdiff.export import to_meshio
from nfdiff.progress import progress

#: Injector current [A] (the nonlocal_strips docs: condensation near -80 uA).
CURRENT = 50e-6
#: Quick mode: coarser mesh and a 15 um half-width film (odd signals within ~6 %).
QUICK = {"h_min": (10e-9, 0.5e-9), "growth": 1.5, "extent": 15e-6}
#: Scalar observables split by parity.
SIGNALS = ("T_injector", "T_film_injector", "T_detector", "T_film_detector",
           "mu_m_injector", "mu_m_detector", "V_det", "V_inj")
#: Point-data fields split by parity (T: the lattice temperature of every region).
FIELDS = ("T", "T_m", "mu_m")


def strips(quick=False, n=(1.0, 0.0, 0.0), law="nonlinear"):
    """The two-strip device (thermal model on); ``quick``: the reduced mesh."""
    return nf.devices.nonlocal_strips(n=n, law=law, thermal=True, **(QUICK if quick else {}))


def odd_even(device, current=CURRENT):
    """Solve at +I and -I; split observables and point fields by parity.

    Returns
    -------
    dict
        ``odd``, ``even``: the scalar :data:`SIGNALS` (temperatures: odd part in K, even
        part as the rise above T0); ``mesh``: a :class:`meshio.Mesh` (per-region vertex
        copies, metres) with point data ``<field>_odd`` and ``<field>_even`` for
        :data:`FIELDS` (even temperatures as rises above T0); ``plus``, ``minus``: the
        two solutions.
    """
    import meshio

    dev = device.device()
    plus, minus = (device.solve(s * current, device=dev)
                   for s in progress((1.0, -1.0), desc="+I, -I", leave=False))
    T0 = device.temperature
    odd, even = {}, {}
    for key in SIGNALS:
        a, b = plus.observables[key], minus.observables[key]
        odd[key], even[key] = (a - b) / 2, (a + b) / 2 - (T0 if key.startswith("T_") else 0)
    mp, mm = to_meshio(plus), to_meshio(minus)
    if not np.array_equal(mp.points, mm.points):
        raise RuntimeError("the two solutions are not on the same grid")
    data = {}
    for f in FIELDS:
        a, b = mp.point_data[f], mm.point_data[f]
        data[f"{f}_odd"] = (a - b) / 2
        data[f"{f}_even"] = (a + b) / 2 - (T0 if f.startswith("T") else 0.0)
    mesh = meshio.Mesh(mp.points, mp.cells, point_data=data, cell_data=mp.cell_data)
    return {"odd": odd, "even": even, "mesh": mesh, "plus": plus, "minus": minus}


def film_1d(current_densities):
    """The 1D spin Peltier film: odd delta_T and even top rise [K] per current density."""
    spe = nf.devices.spin_peltier(substrate=None, n=(0, 1, 0))
    odd, even = [], []
    for j in progress(current_densities, desc="1D film"):
        res = spe.solve_odd_even(j)
        odd.append(res.delta_T)
        even.append(res.even["T_top"] - spe.temperature)
    return np.array(odd), np.array(even)


def _triangles(mesh, window):
    """matplotlib triangulation (um) of the quads that overlap ``window``."""
    from matplotlib.tri import Triangulation

    quads = mesh.cells[0].data
    x, z = mesh.points[:, 0] / 1e-6, mesh.points[:, 2] / 1e-6
    (x0, x1), (z0, z1) = window
    quads = quads[(x[quads].max(axis=1) > x0) & (x[quads].min(axis=1) < x1)
                  & (z[quads].max(axis=1) > z0) & (z[quads].min(axis=1) < z1)]
    tris = np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
    return Triangulation(x, z, tris)


def _map(fig, ax, mesh, values, window, stretch, label, title, cmap="coolwarm",
         shrink=0.8):
    """Colour map of nodal ``values`` in ``window`` (um) with z stretched by ``stretch``."""
    from matplotlib.colors import CenteredNorm

    tri = _triangles(mesh, window)
    used = np.unique(tri.triangles)
    norm = CenteredNorm(0.0, np.abs(values[used]).max()) if cmap == "coolwarm" else None
    art = ax.tripcolor(tri, values, shading="gouraud", cmap=cmap, norm=norm,
                       rasterized=True)
    ax.set_xlim(*window[0])
    ax.set_ylim(*window[1])
    ax.set_aspect(stretch)
    ax.set_xlabel(r"x [$\mu$m]")
    ax.set_ylabel(r"z [$\mu$m]")
    ax.set_title(f"{title}  (z stretched x{stretch:g})" if stretch != 1 else title,
                 fontsize=10)
    fig.colorbar(art, ax=ax, label=label, shrink=shrink)


def _film_top(mesh, name, region_index, height):
    """x [m] and values of a point field along the top of the film (its own copy)."""
    quads = mesh.cells[0].data[mesh.cell_data["region"][0] == region_index]
    pts = np.unique(quads)
    pts = pts[mesh.points[pts, 2] == height]  # the nodes of the film top, exactly
    pts = pts[np.argsort(mesh.points[pts, 0])]
    return mesh.points[pts, 0], mesh.point_data[name][pts]


def main(out_dir=".", quick=False, current=CURRENT, law="nonlinear", show_table=True):
    """Solve the strips at +-I, map the odd and even temperatures, sweep the 1D film.

    Parameters
    ----------
    out_dir : path
        Where the PNG and VTU go.
    quick : bool
        Reduced mesh and film (:data:`QUICK`) and 3 instead of 7 current densities.
    current : float
        Injector current [A].
    law : str
        Interface law.

    Returns
    -------
    dict
        ``odd``, ``even`` (scalar signals of the strips, see :func:`odd_even`),
        ``mesh`` (meshio, with the odd/even point fields), ``current_density`` [A/m^2]
        and ``film_odd``, ``film_even`` [K] (the 1D film), ``vtu`` (path).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    device = strips(quick=quick, law=law)
    res = odd_even(device, current)
    mesh = res["mesh"]
    vtu = out_dir / "spin_peltier_map.vtu"
    mesh.write(vtu)
    j_1d = np.geomspace(1e9, 1e10, 3 if quick else 7)
    film_odd, film_even = film_1d(j_1d)

    xa, xb = (c / 1e-6 for c in device.centres())
    top = (device.film_thickness + device.strip_thickness) / 1e-6
    uK, mK = 1e6, 1e3
    fig = plt.figure(figsize=(13, 11), layout="constrained")
    grid = fig.add_gridspec(3, 2, height_ratios=(0.55, 1.0, 1.1))
    ax = fig.add_subplot(grid[0, :])
    _map(fig, ax, mesh, mesh.point_data["T_odd"] * uK, ((xa - 1.5, xb + 1.5), (0.0, top)),
         5, r"$T_\mathrm{odd}$ [$\mu$K]",
         rf"spin Peltier: odd part of T ($T_e$ in the strips, $T_p$ in the film), "
         rf"I = {current * 1e6:.0f} $\mu$A in A (left), B open (right)", shrink=1.0)
    for x, name in ((xa, "A (injector)"), (xb, "B (detector)")):
        ax.annotate(name, (x, top), (x, top + 0.08), ha="center", fontsize=9,
                    arrowprops={"arrowstyle": "-", "lw": 0.6}, annotation_clip=False)
    zoom = ((xa - 0.45, xa + 0.45), (0.0, top))
    _map(fig, fig.add_subplot(grid[1, 0]), mesh, mesh.point_data["T_odd"] * uK, zoom, 2,
         r"$T_\mathrm{odd}$ [$\mu$K]", "odd part (spin Peltier) under A")
    _map(fig, fig.add_subplot(grid[1, 1]), mesh, mesh.point_data["T_even"] * mK, zoom, 2,
         r"$T_\mathrm{even} - T_0$ [mK]", "even part (Joule heating) under A",
         cmap="inferno")

    ax = fig.add_subplot(grid[2, 0])
    for name, style, label in (("T_odd", "-", r"$T_p$ (odd)"), ("T_m_odd", "--",
                                                                   r"$T_m$ (odd)")):
        x, v = _film_top(mesh, name, 0, device.film_thickness)
        ax.plot(x / 1e-6, v * uK, style, label=label)
    ax.set_yscale("symlog", linthresh=1e-2)
    half = min(20.0, device.half_extent() / 1e-6)
    ax.set_xlim(-half, half)
    ax.axhline(0, color="k", lw=0.5)
    for x in (xa, xb):
        ax.axvspan(x - 0.15, x + 0.15, color="grey", alpha=0.3, lw=0)
    ax.set_xlabel(rf"x [$\mu$m] (film top, z = 200 nm, strips shaded; film: "
                  rf"$\pm${device.half_extent() / 1e-6:.0f} $\mu$m)")
    ax.set_ylabel(r"odd temperature [$\mu$K] (symlog)")
    ax.set_title(r"film top: magnons flowing towards A carry heat (wings, B cool)",
                 fontsize=10)
    ax.legend(fontsize=8)

    ax = fig.add_subplot(grid[2, 1])
    ax.loglog(j_1d, -film_odd, "o-", label=r"$-\delta T$ (odd $T_e$ at the interface)")
    ax.loglog(j_1d, film_even, "s-", label="Joule rise of the top (even)")
    ax.loglog(j_1d, -film_odd[-1] * j_1d / j_1d[-1], ":", color="grey", label=r"$\propto j$")
    ax.loglog(j_1d, film_even[-1] * (j_1d / j_1d[-1]) ** 2, "--", color="grey",
              label=r"$\propto j^2$")
    ax.set_xlabel(r"current density j [A/m$^2$]")
    ax.set_ylabel("temperature [K]")
    ax.set_title("1D: 10 nm Pt on 1 um YIG (nf.devices.spin_peltier, n = +y)", fontsize=10)
    ax.legend(fontsize=8)
    png = out_dir / "spin_peltier_map.png"
    fig.savefig(png, dpi=110)
    plt.close(fig)

    if show_table:
        odd, even = res["odd"], res["even"]
        print(f"strips, I = {current * 1e6:.0f} uA in A, n = {device.n}, law {law}:")
        print(f"{'signal':>16} {'odd':>12} {'even':>12}")
        for key in SIGNALS:
            print(f"{key:>16} {odd[key]:12.4e} {even[key]:12.4e}")
        j_strip = current / (device.widths[0] * device.strip_thickness)
        print(f"(strip current density {j_strip:.3g} A/m^2)")
        print("1D film (Pt 10 nm / YIG 1 um):")
        for j, o, e_ in zip(j_1d, film_odd, film_even, strict=True):
            print(f"  j = {j:9.3e} A/m^2: delta_T (odd) = {o:11.4e} K, "
                  f"Joule top rise = {e_:10.4e} K")
        print(f"figure: {png}\nodd/even fields: {vtu}")
    return {"odd": res["odd"], "even": res["even"], "mesh": mesh,
            "current_density": j_1d, "film_odd": film_odd, "film_even": film_even,
            "vtu": vtu}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".")
    parser.add_argument("--quick", action="store_true",
                        help="coarser mesh, smaller film, fewer current densities")
    args = parser.parse_args()
    main(args.out_dir, quick=args.quick)
