r"""Nonlocal magnon transport between strips of finite length on a finite film (3D).

:func:`nonlocal_strips_3d` turns the cross-section of a
:class:`~nfdiff.devices.NonlocalStrips` (strips, film, materials, interfaces, law, the
(x, z) element sizes) into a 3D device: the strips run along y from 0 to
``strip_length``, the film extends ``film_margin`` beyond their ends, and the currents
enter and leave through terminal contacts on the strips' end faces
(:class:`nfdiff.bc.Terminal`, docs/theory.md#theory-3d). The injector carries the
current along +y (a terminal at its front end y = 0, ground at its back end); the
detector's end faces are open terminals (voltage probes) and ``V_det = phi(back) -
phi(front)``, the sign convention of the 2D template. Isothermal (the thermal model
needs the substrate of the 2D template, not meshed in 3D yet).

Where the strips are longer than the distance and the magnon diffusion length, R1
follows the 2D law of the cross-section; once the distance exceeds the strip length,
the magnons spread along y as well and R1 decays faster (docs/theory.md#theory-3d,
examples/nonlocal_strip_length.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validate import nonnegative, positive
from ..bc import Potential, Terminal
from ..device import Device
from ..errors import ParameterError
from ..mesh import boxes
from .magnon_transport import FILM, STRIPS, NonlocalStrips

if TYPE_CHECKING:
    import skfem

    from ..solution import Solution

__all__ = ["NonlocalStrips3D", "nonlocal_strips_3d"]

#: Default element sizes along y: at the strip ends (and the film ends), per strip
#: thickness; the largest per strip length.
_HY_MIN_PER_THICKNESS = 5.0
_HY_MAX_PER_LENGTH = 1 / 8


@dataclass(frozen=True)
class NonlocalStrips3D:
    """Two strips of finite length on a finite film: the 3D nonlocal device.

    Attributes
    ----------
    strips : NonlocalStrips
        The cross-section and everything else (isothermal).
    film_margin : float
        How far the film extends beyond the strip ends along y [m] (0: it ends with
        them).
    hy : tuple of float
        Element sizes along y [m]: at the strip and film ends, and the largest.
    cells : str
        "hexahedra" or "tetrahedra".
    """

    strips: NonlocalStrips
    film_margin: float
    hy: tuple[float, float]
    cells: str = "hexahedra"

    @property
    def strip_length(self) -> float:
        return self.strips.strip_length

    def mesh(self) -> skfem.MeshHex1 | skfem.MeshTet1:
        """Boxes of the film and the strips, graded towards every face; boundaries of
        :func:`nfdiff.mesh.boxes` and the strips' end faces ``"A_front"`` (y = 0),
        ``"A_back"`` (y = strip_length), ``"B_front"``, ``"B_back"``."""
        regions, _ = self.strips._grid()
        Ls, m = self.strip_length, self.film_margin
        box = {FILM: (*regions[FILM][:2], -m, Ls + m, *regions[FILM][2:])}
        for s in STRIPS:
            box[s] = (*regions[s][:2], 0.0, Ls, *regions[s][2:])
        (hx, hz), (Hx, Hz) = self.strips.mesh_sizes()
        mesh = boxes(box, cells=self.cells, h_min=(hx, self.hy[0], hz),
                     h_max=(Hx, max(self.hy), Hz), growth=self.strips.growth,
                     h_outer=(Hx, self.hy[0], Hz))
        ext = mesh.boundaries["exterior"]
        y = mesh.p[1][mesh.facets[:, ext]]
        cell = mesh.f2t[0, ext]
        named = dict(mesh.boundaries)
        for s in STRIPS:
            inside = np.isin(cell, mesh.subdomains[s])
            named[f"{s}_front"] = ext[inside & np.all(y == 0.0, axis=0)]
            named[f"{s}_back"] = ext[inside & np.all(y == Ls, axis=0)]
        return mesh.with_boundaries(named)

    def device(self, injector: str = "A") -> Device:
        """The :class:`~nfdiff.Device` (meshes it): a terminal on the injector's front
        end (the current enters there), ground on its back end, open terminals on the
        detector's ends."""
        if injector not in STRIPS:
            raise ParameterError("injector", injector, f"must be one of {STRIPS}")
        det = STRIPS[1 - STRIPS.index(injector)]
        st = self.strips
        conditions = {f"{injector}_front": Terminal(), f"{injector}_back": Potential(0.0),
                      f"{det}_front": Terminal(), f"{det}_back": Terminal()}
        return Device(self.mesh(), materials={FILM: st.magnet, "A": st.metal, "B": st.metal},
                      interfaces={(s, FILM): st.interface_law(s) for s in STRIPS},
                      boundary_conditions=conditions, temperature=st.temperature,
                      law=st.law, thermal=False, n=st.n, order=st.order)

    def solve(self, current: float = 50e-6, injector: str = "A", *, rtol: float = 1e-10,
              maxiter: int = 40, device: Device | None = None) -> Solution:
        """Drive the injector with ``current`` [A] along +y; the detector is open.

        Observables: ``V_det`` [V] (``phi(back) - phi(front)`` of the detector), ``R_nl``
        = V_det / current [Ohm], ``V_inj`` and ``R_inj`` (the same of the injector: minus
        its resistance, as in 2D), ``magnon_current_injector`` and ``_detector`` [J/s in
        energy units, into the film], ``mu_m_detector`` [J] (under the detector's
        centre).
        """
        positive("current", abs(current), "A")
        dev = device or self.device(injector)
        det = STRIPS[1 - STRIPS.index(injector)]
        sol = dev.solve(current={f"{injector}_front": current}, rtol=rtol, maxiter=maxiter)
        obs: dict[str, Any] = {}
        for role, s in (("inj", injector), ("det", det)):
            obs[f"V_{role}"] = sol.voltage(f"{s}_back", f"{s}_front")
        obs["R_nl"], obs["R_inj"] = obs["V_det"] / current, obs["V_inj"] / current
        for role, s in (("injector", injector), ("detector", det)):
            obs[f"magnon_current_{role}"] = sol.interface_current(s, FILM, "magnon")
        c = self.strips.centres()[STRIPS.index(det)]
        point = np.array([[c], [self.strip_length / 2], [self.strips.film_thickness]])
        obs["mu_m_detector"] = float(sol.evaluate("mu_m", point, region=FILM)[0])
        sol.observables.update(obs)
        return sol

    def harmonics(self, current: float = 50e-6, injector: str = "A", **options: Any
                  ) -> dict[str, Any]:
        """``R1`` [Ohm] and ``R2`` [V/A^2] from solves at +I and -I, as
        :meth:`NonlocalStrips.harmonics` (one mesh and factorisation pattern for both)."""
        dev = options.pop("device", None) or self.device(injector)
        sols = [self.solve(s * current, injector, device=dev, **options) for s in (1.0, -1.0)]
        vp, vm = (s.observables["V_det"] for s in sols)
        return {"R1": (vp - vm) / (2 * current), "R2": (vp + vm) / (2 * current**2),
                "V_plus": vp, "V_minus": vm, "solutions": sols}


def nonlocal_strips_3d(strips: NonlocalStrips, *, film_margin: float | None = None,
                       hy: tuple[float, float] | None = None,
                       cells: str = "hexahedra") -> NonlocalStrips3D:
    """The 3D device of a nonlocal cross-section with strips of ``strips.strip_length``.

    Parameters
    ----------
    strips : NonlocalStrips
        From :func:`nfdiff.devices.nonlocal_strips` with ``thermal=False``: the
        cross-section, its materials and (x, z) element sizes, the strip length [m].
    film_margin : float, optional
        Film beyond the strip ends along y [m], >= 0 (default: the film's lateral
        margin beyond the outer strip edge, ``half_extent - distance/2 - width/2``).
    hy : (float, float), optional
        Element sizes along y [m]: at the strip and film ends, and the largest
        (default: 5 strip thicknesses, strip_length / 8).
    cells : {"hexahedra", "tetrahedra"}

    Examples
    --------
    >>> import nfdiff as nf
    >>> base = nf.devices.nonlocal_strips(distance=1e-6, strip_length=2e-6, thermal=False,
    ...                                   h_min=(50e-9, 1.5e-9), h_max=(2e-6, 50e-9),
    ...                                   extent=5e-6)
    >>> dev = nf.devices.nonlocal_strips_3d(base, film_margin=0.0, hy=(50e-9, 0.5e-6))
    >>> dev.solve(current=100e-6).observables["R_nl"] > 0
    True
    """
    if not isinstance(strips, NonlocalStrips):
        raise ParameterError("strips", strips, "must be an nf.devices.nonlocal_strips(...)")
    if strips.thermal:
        raise ParameterError("strips.thermal", True, "the 3D nonlocal device is isothermal "
                             "for now: pass thermal=False")
    if film_margin is None:
        film_margin = strips.half_extent() - strips.distance / 2 - max(strips.widths) / 2
    nonnegative("film_margin", film_margin, "m")
    if hy is None:
        hy = (_HY_MIN_PER_THICKNESS * strips.strip_thickness,
              _HY_MAX_PER_LENGTH * strips.strip_length)
    sizes = np.atleast_1d(positive("hy", np.asarray(hy, dtype=float), "m")).astype(float)
    if sizes.shape != (2,):
        raise ParameterError("hy", sizes.tolist(), "must be a pair (at the ends, largest)", "m")
    hy = (float(sizes[0]), float(sizes[1]))
    if cells not in ("hexahedra", "tetrahedra"):
        raise ParameterError("cells", cells, "must be 'hexahedra' or 'tetrahedra'")
    return NonlocalStrips3D(strips, float(film_margin), (hy[0], max(hy)), cells)
