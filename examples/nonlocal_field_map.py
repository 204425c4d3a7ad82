r"""Field maps around the injector: magnon chemical potential and temperature.

The default nonlocal device (two 300 nm Pt strips, 5 um apart, on 200 nm YIG, 50 uA
through strip A). Under the injector the spin Hall spin accumulation pulls magnons out
of the YIG (mu_m < 0 for I > 0, n along x: the electron spins at the interface point
against n); Joule heating warms the strip by a few tens of mK, the YIG below it less,
and the heat flows to the bath at the film bottom. The magnon chemical potential
decays along the film on the magnon diffusion length (9.4 um) and, under the strip,
across the film on its thickness; with heat, the magnon temperature gradient adds the
bulk spin Seebeck accumulation at the film bottom (mu_m > 0 there).

Rendered with pyvista off-screen: the cross-section is 200 nm thick and tens of um
wide, so the plots stretch z (the scale factor is printed in the title) and zoom to
a window around the injector. Writes ``nonlocal_field_map_mu_m.png``,
``nonlocal_field_map_T.png`` and ``nonlocal_field_map.vtu`` (all fields, for
ParaView).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import nfdiff as nf

CURRENT = 50e-6  # A


def main(out_dir=".", quick=False, window=3e-6):
    """Solve the default device, write the maps; returns the Solution."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    device = nf.devices.nonlocal_strips()
    if quick:
        device = device.replace(h_min=(5e-9, 0.5e-9), growth=1.4)
    sol = device.solve(CURRENT)
    sol.save(out / "nonlocal_field_map.vtu")
    x_a = device.centres()[0]
    zoom = (x_a - window, x_a + window)
    sol.plot("mu_m", screenshot=out / "nonlocal_field_map_mu_m.png", x_range=zoom,
             units="ueV", title="magnon chemical potential")
    sol.plot("T", screenshot=out / "nonlocal_field_map_T.png", x_range=zoom, units="mK",
             relative=True, title="temperature rise T - T0")
    obs = sol.observables
    print(f"mu_m under the injector {obs['mu_m_injector'] / 1.602176634e-19 * 1e6:+.3f} ueV,"
          f" under the detector {obs['mu_m_detector'] / 1.602176634e-19 * 1e6:+.3g} ueV")
    print(f"injector {obs['T_injector'] - 300:.4f} K above the bath, film under it "
          f"{obs['T_film_injector'] - 300:.4f} K; V_det = {obs['V_det'] * 1e9:.2f} nV")
    return sol


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=".", help="where to write the PNGs and VTU")
    parser.add_argument("--quick", action="store_true", help="coarse mesh")
    args = parser.parse_args()
    main(args.out_dir, quick=args.quick)
