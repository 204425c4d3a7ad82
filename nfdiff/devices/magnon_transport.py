r"""Nonlocal magnon transport between two metal strips on a magnetic insulator (2D).

The device of Cornelissen et al., Nat. Phys. 11, 1022 (2015): two long, parallel metal
strips (Pt) on a magnetic-insulator film (YIG), optionally on a substrate. A current
along the injector creates, by the spin Hall effect, a spin accumulation at its
interface that injects magnons (electrical injection, odd in the current); its Joule
heat drives magnons thermally (spin Seebeck, even in the current). The magnons diffuse
through the film; under the open detector they are absorbed into a spin accumulation
whose inverse spin Hall effect gives an open-circuit voltage along the detector.

The cross-section is solved: x across the strips, z up through the film (film below,
strips on top), the strips run along y (the extruded direction,
docs/theory.md#theory-extruded) and
carry their current along +y. :func:`nonlocal_strips` describes the device (plain data);
:meth:`NonlocalStrips.solve` meshes it, builds the :class:`~nfdiff.Device` and solves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from .. import materials as mats
from .._validate import require
from ..bc import Temperature
from ..device import Device
from ..errors import ParameterError
from ..interface import NFInterface
from ..laws import InterfaceLaw
from ..mesh import MAX_NODES, rectangles, rectangles_size
from ..params import Observable, Parameter, check_fields, checked, declare, observables, template
from . import _common as common
from ._common import builtin_interface

if TYPE_CHECKING:
    import skfem

    from ..solution import Solution

__all__ = ["NonlocalStrips", "nonlocal_strips"]

#: Region names of the template's mesh.
FILM, SUBSTRATE, STRIPS = "film", "substrate", ("A", "B")
#: The film extends beyond the outer strip edges by this many magnon diffusion lengths
#: (a magnon reflected at the film's end returns attenuated by exp(-2 * 5) = 5e-5) and
#: by at least this many film-plus-substrate thicknesses (lateral heat spreading).
_EXTENT_PER_LAMBDA_M = 5.0
_EXTENT_PER_THICKNESS = 10.0
#: Default element sizes: at the strips' edges and the interface, per spin diffusion
#: length of the metal (and at most 1/8 of the strip thickness, 1/20 of its width); the
#: largest element across per magnon diffusion length, and through the film per its
#: thickness. See NonlocalStrips.mesh_sizes and tests/test_nonlocal.py for the
#: resulting accuracy.
_HZ_MIN_PER_LAMBDA = 1 / 16
_HZ_MIN_PER_STRIP = 1 / 8
_HX_MIN_PER_LAMBDA = 1.0
_HX_MIN_PER_WIDTH = 1 / 20
_HX_MAX_PER_EXTENT = 1 / 4
_HZ_MAX_PER_FILM = 1 / 8
#: Element size at the film|substrate interface, per film thickness and per magnon-phonon
#: length (the magnon chemical potential peaks there, in a boundary layer of l_mp).
_HZ_BOTTOM_PER_FILM = 1 / 8
_HZ_BOTTOM_PER_LMP = 1 / 4
_GROWTH = 1.25
#: Default substrate thickness [m]: a GGG wafer.
_SUBSTRATE_THICKNESS = 500e-6


#: Element sizes: one for both directions or (hx, hz).
_SIZES = dict(entries=2, labels=("hx", "hz"), broadcast=True)


#: Arguments of :meth:`NonlocalStrips.solve`.
CURRENT = Parameter("A", "nonzero", "Current along +y through the injector.")
INJECTOR = Parameter(None, None, "The driven strip.", kind="word", choices=STRIPS)
DETECTOR = Parameter(None, None, "The open strip, other than the injector.", kind="word",
                     choices=STRIPS)
DEVICE = Parameter(None, None, "A device from NonlocalStrips.device to reuse (it saves the "
                   "meshing in repeated solves).", kind="object", type_name="Device",
                   none="a new one")
#: The observables of :meth:`NonlocalStrips.solve`.
OBSERVABLES = {
    "V_det": Observable("V", "open-circuit voltage along the detector, phi(y = L) - "
                             "phi(0) = -E_y L with L = strip_length."),
    "R_nl": Observable("Ohm", "nonlocal resistance V_det / current."),
    "V_inj": Observable("V", "the voltage along the injector."),
    "R_inj": Observable("Ohm", "V_inj / current."),
    "magnon_current_injector": Observable(
        "J/m", "magnon spin current from the injector into the film per metre of strip, in "
               "energy units (hbar per magnon times the number rate; positive into the "
               "film)."),
    "magnon_current_detector": Observable("J/m", "the same from the detector."),
    "spin_current_injector": Observable(
        "J/m", "the electron spin current vector (x, y, z polarisation) from the injector "
               "into the film."),
    "spin_current_detector": Observable("J/m", "the same from the detector."),
    "mu_m_injector": Observable("J", "mean magnon chemical potential under the injector."),
    "mu_m_detector": Observable("J", "mean magnon chemical potential under the detector."),
    "T_injector": Observable("K", "mean electron temperature of the injector (thermal "
                                  "model only)."),
    "T_detector": Observable("K", "mean electron temperature of the detector (thermal "
                                  "model only)."),
    "T_film_injector": Observable("K", "mean phonon temperature of the film under the "
                                       "injector (thermal model only)."),
    "T_film_detector": Observable("K", "mean phonon temperature of the film under the "
                                       "detector (thermal model only)."),
}


@dataclass(frozen=True)
class NonlocalStrips:
    r"""Two metal strips on a magnetic-insulator film: the nonlocal magnon device.

    Plain data: nothing is meshed until :meth:`solve` (or :meth:`mesh`,
    :meth:`device`). Build it with :func:`nonlocal_strips`, whose parameters are the
    fields of this class (checked and normalised: materials as instances, ``widths``,
    ``h_min`` and ``h_max`` as pairs, ``n`` of unit length, ``law`` an
    :class:`~nfdiff.laws.InterfaceLaw`); change it with :meth:`replace`.
    """

    distance: float = declare(Parameter(
        "m", "positive", "Centre-to-centre distance of the strips, more than the sum of "
        "their half-widths."))
    widths: tuple[float, float] = declare(Parameter(
        "m", "positive", "Widths of strips A (left, at x = -distance/2) and B (right).",
        entries=2, labels=("A", "B"), broadcast=True))
    strip_thickness: float = declare(Parameter("m", "positive", "Strip thickness."))
    strip_length: float = declare(Parameter(
        "m", "positive", "Strip length along the current; it only scales the voltages, "
        "V = -E_y L."))
    film_thickness: float = declare(Parameter("m", "positive", "Magnetic film thickness."))
    metal: mats.NormalMetal = declare(common.METAL.replace(description="The strip metal."))
    magnet: mats.MagneticInsulator = declare(common.MAGNET.replace(
        description="The magnetic film."))
    substrate: mats.Dielectric | None = declare(common.SUBSTRATE.replace(
        description="Substrate under the film, of substrate_thickness, with the heat sink "
                    "at its bottom; the default GGG is the substrate of the experiments.",
        none="the film bottom is the heat sink"))
    substrate_thickness: float | None = declare(Parameter(
        "m", "positive", "Substrate thickness, with a substrate.",
        none="500 um with a substrate (a GGG wafer), none without"))
    interface: NFInterface | None = declare(common.INTERFACE.replace(
        description="The strip|film interface."))
    strip_interfaces: tuple | None = declare(Parameter(
        None, None, "Interfaces of strips A and B, each an NFInterface or None (then "
        "interface), e.g. a magnon-opaque heater (an oxide barrier under strip A, Shan et "
        "al., PRB 94, 174437 (2016)).", kind="object",
        type_name="(NFInterface or None, NFInterface or None)", none="interface for both"))
    n: tuple[float, float, float] = declare(common.N.replace(
        details="The signal is largest with n along x, across the strips, where the spin "
                "Hall spin accumulation is (anti)parallel to n."))
    temperature: float = declare(common.TEMPERATURE.replace(
        details="Held at the bottom of the stack (thermal model)."))
    law: InterfaceLaw = declare(common.LAW.replace(details='"elastic" injects no magnons.'))
    thermal: bool = declare(common.THERMAL.replace(
        description="Solve the heat equations (Joule heating, spin Seebeck)."))
    order: int = declare(common.ORDER)
    extent: float | None = declare(Parameter(
        "m", "positive", "Half-width of the film, which spans -extent..extent.",
        none="the outer strip edge plus 5 magnon diffusion lengths (and, thermally, 10 "
             "stack thicknesses), far enough that the ends do not change the signal"))
    h_min: tuple[float, float] | None = declare(common.H_MIN.replace(
        description="Smallest element sizes (hx, hz), at the strip edges and the interface.",
        none="as NonlocalStrips.mesh_sizes", **_SIZES))
    h_max: tuple[float, float] | None = declare(common.H_MAX.replace(
        description="Largest element sizes (hx, hz).", none="as NonlocalStrips.mesh_sizes",
        **_SIZES))
    growth: float = declare(common.GROWTH)

    def __post_init__(self) -> None:
        check_fields(self)
        if self.substrate is not None and self.substrate_thickness is None:
            object.__setattr__(self, "substrate_thickness", _SUBSTRATE_THICKNESS)
        self._check_aspect()  # a slip of units first: widths=300 blames the widths
        gap = self.distance - sum(self.widths) / 2
        require("distance", self.distance, gap > 0,
                f"must exceed the sum of the half-widths, {sum(self.widths) / 2:.4g} m "
                "(the strips would overlap)", "m")
        if self.strip_interfaces is not None:
            pair = tuple(self.strip_interfaces)
            if len(pair) != 2 or not all(i is None or isinstance(i, NFInterface)
                                         for i in pair):
                raise ParameterError("strip_interfaces", self.strip_interfaces,
                                     "must be a pair (A, B) of nf.NFInterface or None")
            object.__setattr__(self, "strip_interfaces", pair)
        if self.substrate is None and self.substrate_thickness is not None:
            raise ParameterError("substrate_thickness", self.substrate_thickness,
                                 "needs a substrate (e.g. substrate='GGG')")
        if self.extent is not None:
            outer = self.distance / 2 + max(self.widths) / 2
            require("extent", self.extent, self.extent > outer,
                    f"must exceed the outer strip edge, {outer:.4g} m from the centre", "m")
        self._check_nodes()
        common.warn_lengths(self._lengths())
        self.interface_law()  # a pair without built-in parameters fails here

    # ---- size guards: arithmetic, before anything is meshed ---------------------------
    def _lengths(self) -> common.Lengths:
        """The lengths to check, ``{name: (value, typical value)}`` [m]."""
        out: dict[str, tuple[Any, float]] = {
            "distance": (self.distance, 5e-6), "widths": (self.widths, 300e-9),
            "strip_thickness": (self.strip_thickness, 10e-9),
            "strip_length": (self.strip_length, 100e-6),
            "film_thickness": (self.film_thickness, 200e-9)}
        if self.substrate_thickness is not None:
            out["substrate_thickness"] = (self.substrate_thickness, _SUBSTRATE_THICKNESS)
        if self.extent is not None:
            out["extent"] = (self.extent, 10e-6)
        return out

    def _check_aspect(self) -> None:
        """Refuse elements longer than thick beyond what double precision resolves
        (:data:`~nfdiff.devices._common.MAX_ASPECT`): a length in nm or um given as a
        number of metres stretches the grid's cells along x, not their number."""
        (hx_min, hz_min), (hx_max, hz_max) = self.mesh_sizes()
        aspect, (a, b) = max((hx_max / hz_min, (hx_max, hz_min)),
                             (hz_max / hx_min, (hx_min, hz_max)))
        if aspect > common.MAX_ASPECT:
            raise common.too_large(
                f"elements {aspect:.2g} times wider than thick ({a:.3g} m by {b:.3g} m), "
                f"beyond the {common.MAX_ASPECT:.2g} that double precision resolves (a "
                "smaller h_max narrows them)",
                self._lengths(), common.given_sizes(self))

    def _check_nodes(self) -> None:
        """Refuse a grid of more than :data:`nfdiff.mesh.MAX_NODES` nodes, counted by
        :func:`~nfdiff.mesh.rectangles_size` (arithmetic)."""
        regions, options = self._grid()
        nx, nz = rectangles_size(regions, **options)
        common.check_count(nx * nz, MAX_NODES, self._lengths(), common.given_sizes(self))

    # ---- description -----------------------------------------------------------------
    def replace(self, **changes: Any) -> NonlocalStrips:
        """A copy with some parameters changed (and checked again)."""
        return replace(self, **changes)

    def interface_law(self, strip: str | None = None) -> NFInterface:
        """The N|F interface of a strip (``"A"`` or ``"B"``; None: the common one):
        ``strip_interfaces``, else ``interface``, else the built-in (metal, magnet)
        parameters."""
        own = None
        if strip is not None and self.strip_interfaces is not None:
            own = self.strip_interfaces[STRIPS.index(strip)]
        return builtin_interface(self.metal, self.magnet, own or self.interface)

    def centres(self) -> tuple[float, float]:
        """x of the strip centres A (left) and B (right) [m]."""
        return -self.distance / 2, self.distance / 2

    def half_extent(self) -> float:
        """Half the lateral extent of the film [m] (the film spans -L..L)."""
        if self.extent is not None:
            return self.extent
        depth = self.film_thickness + self.meshed_substrate_thickness
        margin = max(_EXTENT_PER_LAMBDA_M * self.magnet.magnon_diffusion_length,
                     _EXTENT_PER_THICKNESS * depth if self.thermal else 0.0)
        return self.distance / 2 + max(self.widths) / 2 + margin

    def mesh_sizes(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """``((hx_min, hz_min), (hx_max, hz_max))`` [m], defaults filled in.

        The spin accumulation in the strips varies on the metal's spin diffusion length
        lambda next to the interface and the surfaces, so ``hz_min = min(lambda/16,
        t/8)`` and ``hx_min = min(lambda, w/20)`` at the strip edges; away from them the
        elements grow by at most ``growth`` per element, up to ``hx_max`` = a quarter of
        the half-extent and ``hz_max`` = 1/8 of the film or substrate thickness (the
        magnon chemical potential varies on the film thickness under the strips and on
        the magnon diffusion length along the film, which the growth resolves:
        tests/test_nonlocal.py). The film|substrate interface takes
        :meth:`bottom_size`.
        """
        lam = self.metal.spin_diffusion_length
        h_min = self.h_min or (min(_HX_MIN_PER_LAMBDA * lam, _HX_MIN_PER_WIDTH * min(self.widths)),
                               min(_HZ_MIN_PER_LAMBDA * lam,
                                   _HZ_MIN_PER_STRIP * self.strip_thickness))
        h_max = self.h_max or (_HX_MAX_PER_EXTENT * self.half_extent(),
                               _HZ_MAX_PER_FILM * max(self.film_thickness,
                                                      self.meshed_substrate_thickness))
        return h_min, (max(h_max[0], h_min[0]), max(h_max[1], h_min[1]))

    @property
    def meshed_substrate_thickness(self) -> float:
        """Thickness of the substrate in the mesh [m]: 0 without a substrate or without
        the thermal model (without heat nothing is solved in a substrate)."""
        if self.substrate is None or self.substrate_thickness is None or not self.thermal:
            return 0.0
        return self.substrate_thickness

    def bottom_size(self) -> float:
        """Element size through the film at its bottom (film|substrate) [m]:
        ``min(film/8, l_mp/4)``, the magnon-phonon boundary layer where mu_m peaks; no
        metal there needs the strips' nm sizes."""
        return min(_HZ_BOTTOM_PER_FILM * self.film_thickness,
                   _HZ_BOTTOM_PER_LMP * self.magnet.magnon_phonon_length)

    # ---- discretisation ----------------------------------------------------------------
    def mesh(self) -> skfem.MeshQuad1:
        """The graded tensor-product mesh of the cross-section [m].

        Regions ``"film"`` (0 < z < film_thickness), ``"A"`` and ``"B"`` (the strips on
        top) and, with a substrate and the thermal model, ``"substrate"`` (z < 0);
        boundaries ``"bottom"``,
        ``"left"``, ``"right"``, ``"top"`` and ``"exterior"``.
        """
        regions, options = self._grid()
        return rectangles(regions, **options)

    def _grid(self) -> tuple[dict[str, tuple[float, float, float, float]], dict[str, Any]]:
        """The rectangles of the cross-section and the options of
        :func:`~nfdiff.mesh.rectangles` that mesh them."""
        L, tf, ts = self.half_extent(), self.film_thickness, self.strip_thickness
        regions = {FILM: (-L, L, 0.0, tf)}
        for name, c, w in zip(STRIPS, self.centres(), self.widths, strict=True):
            regions[name] = (c - w / 2, c + w / 2, tf, tf + ts)
        if self.meshed_substrate_thickness:
            regions[SUBSTRATE] = (-L, L, -self.meshed_substrate_thickness, 0.0)
        h_min, h_max = self.mesh_sizes()
        lines = None
        if self.meshed_substrate_thickness:
            lines = {"z": {0.0: min(max(self.bottom_size(), h_min[1]), h_max[1])}}
        return regions, dict(h_min=h_min, h_max=h_max, growth=self.growth, h_outer=h_max,
                             h_lines=lines)

    def device(self) -> Device:
        """The :class:`~nfdiff.Device` of the cross-section (meshes it).

        With the thermal model the bottom of the stack is held at the bath temperature
        (a heat sink); every other boundary is adiabatic, spin-blocking and insulating.
        """
        materials = {FILM: self.magnet, STRIPS[0]: self.metal, STRIPS[1]: self.metal}
        if self.substrate is not None and self.meshed_substrate_thickness:
            materials[SUBSTRATE] = self.substrate
        conditions = {"bottom": Temperature(self.temperature)} if self.thermal else {}
        return Device(self.mesh(), materials=materials,
                      interfaces={(s, FILM): self.interface_law(s) for s in STRIPS},
                      boundary_conditions=conditions, temperature=self.temperature,
                      law=self.law, thermal=self.thermal, length=self.strip_length,
                      n=self.n, order=self.order)

    # ---- solving -------------------------------------------------------------------------
    @observables(**OBSERVABLES)
    @checked(current=CURRENT.replace(hint="R_nl = V_det / current"), injector=INJECTOR,
             detector=DETECTOR, rtol=common.RTOL, maxiter=common.MAXITER, device=DEVICE)
    def solve(self, current: float = 50e-6, injector: str = "A", detector: str = "B", *,
              rtol: float = 1e-10, maxiter: int = 40, device: Device | None = None
              ) -> Solution:
        """Drive the injector with a current; the detector is open.

        Raises
        ------
        ParameterError
            For an argument out of its range (a zero current, say) or equal strips.
        CondensationError
            If the magnon chemical potential reaches the gap
            (docs/theory.md#theory-domain).
        ConvergenceError
            If Newton fails.
        """
        if injector == detector:
            raise ParameterError("detector", detector, "must differ from the injector")
        w, t = self.widths[STRIPS.index(injector)], self.strip_thickness
        common.warn_current_density(
            current / (w * t), f"current = {common.short(current)} A through strip {injector} "
            f"({w * 1e9:.3g} nm x {t * 1e9:.3g} nm)", "; currents are in amperes" + (
                f" (did you mean {common.short(current * 1e-6)}?)" if abs(current) >= 1e-3
                else ""))
        dev = device or self.device()
        sol = dev.solve(current={injector: current}, rtol=rtol, maxiter=maxiter)
        sol.observables.update(self._observables(sol, current, injector, detector))
        L = self.strip_length  # V = -E_y L (Solution.voltage), R = V / current
        sol.linear_observables.update(
            V_det=((detector, 1, -L),), R_nl=((detector, 1, -L / current),),
            V_inj=((injector, 1, -L),), R_inj=((injector, 1, -L / current),))
        return sol

    @checked(current=CURRENT, injector=INJECTOR, detector=DETECTOR)
    def harmonics(self, current: float = 50e-6, injector: str = "A", detector: str = "B",
                  **solve_options: Any) -> dict[str, Any]:
        """First and second harmonic nonlocal resistances from solves at +I and -I.

        ``R1 = (V(+I) - V(-I)) / (2I)`` [Ohm] (electrical injection, odd in I) and
        ``R2 = (V(+I) + V(-I)) / (2 I^2)`` [V/A^2] (Joule heating and thermally driven
        magnons, even in I; docs/theory.md#theory-observables): the low-frequency
        lock-in harmonics of an ac current of amplitude I (up to the factor conventions
        of the lock-in, R2_lockin = R2 / sqrt(2) for the rms second harmonic, not applied
        here). Further keyword arguments go to :meth:`solve`.

        Returns
        -------
        dict
            ``R1``, ``R2``, ``V_plus``, ``V_minus`` [V] and ``solutions`` (the two
            :class:`~nfdiff.solution.Solution` objects, +I first).
        """
        dev = solve_options.pop("device", None) or self.device()
        sols = [self.solve(s * current, injector, detector, device=dev, **solve_options)
                for s in (1.0, -1.0)]
        vp, vm = (s.observables["V_det"] for s in sols)
        return {"R1": (vp - vm) / (2 * current), "R2": (vp + vm) / (2 * current**2),
                "V_plus": vp, "V_minus": vm, "solutions": sols}

    def _observables(self, sol: Solution, current: float, injector: str, detector: str
                     ) -> dict[str, Any]:
        p = sol.problem
        u, _ = p.to_fields(sol.x)
        obs: dict[str, Any] = {}
        for role, strip in (("inj", injector), ("det", detector)):
            obs[f"V_{role}"] = sol.voltage(strip)
            obs[f"R_{role if role == 'inj' else 'nl'}"] = obs[f"V_{role}"] / current
        names = {"injector": injector, "detector": detector}
        film_top = self.film_thickness
        for role, strip in names.items():
            obs[f"magnon_current_{role}"] = sol.interface_current(strip, FILM, "magnon")
            obs[f"spin_current_{role}"] = sol.interface_current(strip, FILM, "spin")
            c, w = self.centres()[STRIPS.index(strip)], self.widths[STRIPS.index(strip)]
            xs = c + np.linspace(-0.45, 0.45, 19) * w
            under = np.vstack([xs, np.full_like(xs, film_top)])
            obs[f"mu_m_{role}"] = float(np.mean(sol.evaluate("mu_m", under, region=FILM)))
            if p.thermal:
                q = p.cells[strip]
                area = q.integrate(np.ones_like(q.dx))
                obs[f"T_{role}"] = p.T0 + q.integrate(q.value(u["T_e"])) / area
                obs[f"T_film_{role}"] = float(np.mean(sol.evaluate("T_p", under,
                                                                   region=FILM)))
        return obs


@template(NonlocalStrips)
def nonlocal_strips(*, distance: float = 5e-6,
                    widths: float | Sequence[float] = (300e-9, 300e-9),
                    strip_thickness: float = 10e-9, strip_length: float = 100e-6,
                    film_thickness: float = 200e-9,
                    metal: mats.NormalMetal | str | None = None,
                    magnet: mats.MagneticInsulator | str | None = None,
                    substrate: mats.Dielectric | str | None = "GGG",
                    substrate_thickness: float | None = None,
                    interface: NFInterface | None = None,
                    strip_interfaces: Sequence[NFInterface | None] | None = None,
                    n: Sequence[float] = (1.0, 0.0, 0.0),
                    temperature: float = 300.0, law: str | InterfaceLaw = "nonlinear",
                    thermal: bool = True, order: int = 1, extent: float | None = None,
                    h_min: float | Sequence[float] | None = None,
                    h_max: float | Sequence[float] | None = None,
                    growth: float = _GROWTH) -> NonlocalStrips:
    r"""Nonlocal magnon transport: injector and detector strips on a magnetic film.

    Defaults: the device of Cornelissen et al., Nat. Phys. 11, 1022 (2015) — 300 nm
    wide, 10 nm thick, 100 um long Pt strips on 200 nm YIG on a 500 um GGG substrate
    whose bottom is the heat sink, 5 um apart, at 300 K, with the built-in Pt, YIG, GGG
    and Pt|YIG parameters (``docs/materials.md``).

    Returns
    -------
    NonlocalStrips
        ``solve(current=50e-6, injector="A", detector="B")`` gives a
        :class:`~nfdiff.solution.Solution` with ``observables["V_det"]`` [V] and
        ``observables["R_nl"]`` [Ohm]; ``harmonics(current)`` gives R1 and R2.

    Raises
    ------
    ParameterError
        For a parameter out of its range (above), overlapping strips, an extent inside
        the strips, a substrate without its thickness (or the reverse), or a
        metal|magnet pair without built-in interface parameters and no ``interface``.

    Notes
    -----
    Voltages follow ``V = phi(L) - phi(0) = -E_y L`` (docs/theory.md#theory-observables):
    a strip carrying
    current along +y has V < 0, so the injector's own ``R_inj`` is minus its
    resistance. Electrically injected magnons give a detector voltage of the opposite
    sign, ``R_nl > 0`` (for theta_SH > 0, n along x): the inverse spin Hall current in
    the detector flows along the injector's current. In the lock-in convention where
    the local resistance is positive, this is the negative first-harmonic signal of
    Cornelissen et al. (2015). R1 decays as exp(-d/lambda_m) beyond a few film
    thicknesses and is even in n; it vanishes for n along the strips (y), where the
    spin Hall polarisation (along x) is perpendicular to n.

    The thermal model holds the bottom of the stack (the GGG) at T0. Joule heating drives
    magnons by the bulk spin Seebeck effect towards the magnon-blocking film bottom,
    where mu_m peaks; with the built-in YIG (Boltzmann bulk spin Seebeck coefficient,
    Kittel gap 19.2 ueV at 0.1 T) it reaches the gap between 112 and 119 uA, and
    between -94 and -100 uA, where the electrical injection adds to it: the solve stops
    with :class:`~nfdiff.CondensationError`, whose message gives the current reached
    (docs/theory.md#theory-validity). The examples use 50 uA.

    Examples
    --------
    >>> import nfdiff as nf
    >>> dev = nf.devices.nonlocal_strips(distance=2e-6, thermal=False)
    >>> sol = dev.solve(current=100e-6)
    >>> sol.observables["R_nl"] > 0
    True
    """
    # names and sequences: the dataclass checks and normalises them (fields typed as normalised)
    return NonlocalStrips(distance=distance, widths=cast(Any, widths),
                          strip_thickness=strip_thickness, strip_length=strip_length,
                          film_thickness=film_thickness, metal=cast(Any, metal),
                          magnet=cast(Any, magnet), substrate=cast(Any, substrate),
                          substrate_thickness=substrate_thickness, interface=interface,
                          strip_interfaces=cast(Any, strip_interfaces),
                          n=cast(Any, n), temperature=temperature, law=cast(Any, law),
                          thermal=thermal, order=order, extent=extent,
                          h_min=cast(Any, h_min), h_max=cast(Any, h_max), growth=growth)
