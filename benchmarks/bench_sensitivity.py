"""Cost of the exact sensitivities of one observable against the solve (issue 18).

The default thermal nonlocal device (nf.devices.nonlocal_strips(): nonlinear law, heat,
Pt strips on 200 nm YIG on GGG) at 50 uA, in this process:

- ``solve``: ``template.solve(50e-6)`` on an already meshed device whose previous solves
  are forgotten (its cached problem dropped: discretisation built, Newton from
  equilibrium), the best of ``--repeat`` runs;
- ``sensitivities``: ``sol.sensitivities("V_det", TEN)`` for ten parameters on a fresh
  solution (the Jacobian at the converged state assembled and factored once, one
  adjoint solve, ten assemblies of dR/dp), the best of ``--repeat`` runs.

Reported: wall and CPU time [s] of each, ``ratio`` = sensitivities / solve, and the
logarithmic sensitivities (p/O) dO/dp. ``load_average`` tells whether something else
competed for the cores.

    python benchmarks/bench_sensitivity.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import time

CURRENT = 50e-6  # A
TEN = ["metal.conductivity", "metal.spin_diffusion_length", "metal.spin_hall_angle",
       "magnet.magnon_conductivity", "magnet.magnon_diffusion_length", "magnet.spin_seebeck",
       "magnet.phonon_thermal_conductivity", "magnet.magnon_phonon_length", "interface.g_r",
       "interface.kapitza_conductance"]


def timed(f):
    w, c = time.perf_counter(), time.process_time()
    out = f()
    return out, time.perf_counter() - w, time.process_time() - c


def main(argv=None):
    import nfdiff as nf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    template = nf.devices.nonlocal_strips()
    dev = template.device()
    solves, sens = [], []
    for _ in range(args.repeat):
        dev.__dict__.pop("_problem", None)  # forget the previous solve
        sol, w, c = timed(lambda: template.solve(CURRENT, device=dev))
        solves.append((w, c))
        s, w, c = timed(lambda sol=sol: sol.sensitivities("V_det", TEN))
        sens.append((w, c))
    solve, sensitivities = min(solves), min(sens)
    print(json.dumps({
        "device": "nonlocal_strips() at 50 uA, thermal, nonlinear law",
        "unknowns": len(sol.x), "newton_iterations": sol.newton.iterations,
        "solve_wall": round(solve[0], 4), "solve_cpu": round(solve[1], 4),
        "sensitivities_wall": round(sensitivities[0], 4),
        "sensitivities_cpu": round(sensitivities[1], 4),
        "parameters": len(TEN), "ratio": round(sensitivities[0] / solve[0], 3),
        "relative": {k: float(f"{v:.4g}") for k, v in s.relative().items()},
        "load_average": os.getloadavg()[0],
    }, indent=1))


if __name__ == "__main__":
    main()
