r"""Nonlocal magnon transport between two metal strips on a magnetic insulator (2D).

The device of Cornelissen et al., Nat. Phys. 11, 1022 (2015): two long, parallel metal
strips (Pt) on a magnetic-insulator film (YIG), optionally on a substrate. A current
along the injector creates, by the spin Hall effect, a spin accumulation at its
interface that injects magnons (electrical injection, odd in the current); its Joule
heat drives magnons thermally (spin Seebeck, even in the current). The magnons diffuse
through the film; under the open detector they are absorbed into a spin accumulation
whose inverse spin Hall effect gives an open-circuit voltage along the detector.

The cross-section is solved: x across the strips, z up through the film (film below,
strips on top), the strips run along y (the extruded direction of physics.md 5) and
carry their current along +y. :func:`nonlocal_strips` describes the device (plain data);
:meth:`NonlocalStrips.solve` meshes it, builds the :class:`~nfdiff.Device` and solves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .. import materials as mats
from .._validate import finite, positive, require
from ..bc import Temperature
from ..device import Device
from ..errors import ParameterError
from ..interface import NFInterface
from ..laws import InterfaceLaw
from ..mesh import rectangles
from ._common import (
    builtin_interface,
    check_growth,
    check_interface_and_bath,
    check_metal_magnet,
    check_order,
    check_thermal,
    material,
)

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
_HX_MAX_PER_LAMBDA_M = 1 / 8
_HZ_MAX_PER_FILM = 1 / 8
_GROWTH = 1.25


@dataclass(frozen=True)
class NonlocalStrips:
    r"""Two metal strips on a magnetic-insulator film: the nonlocal magnon device.

    Plain data: nothing is meshed until :meth:`solve` (or :meth:`mesh`,
    :meth:`device`). Build it with :func:`nonlocal_strips`, which documents the
    parameters; change it with :meth:`replace`. Lengths in metres, temperatures in
    kelvin.
    """

    distance: float
    widths: tuple[float, float]
    strip_thickness: float
    strip_length: float
    film_thickness: float
    metal: mats.NormalMetal
    magnet: mats.MagneticInsulator
    substrate: mats.Dielectric | None
    substrate_thickness: float | None
    interface: NFInterface | None
    n: tuple[float, float, float]
    temperature: float
    law: InterfaceLaw
    thermal: bool
    order: int
    extent: float | None
    h_min: tuple[float, float] | None
    h_max: tuple[float, float] | None
    growth: float

    def __post_init__(self):
        set_ = object.__setattr__
        check_metal_magnet(self)
        set_(self, "distance", positive("distance", self.distance, "m"))
        widths = tuple(self.widths) if np.ndim(self.widths) else (self.widths,) * 2
        if len(widths) != 2:
            raise ParameterError("widths", self.widths, "must be two strip widths "
                                 "(A, B) [m] or one for both")
        set_(self, "widths", tuple(positive(f"widths[{i}]", w, "m")
                                   for i, w in enumerate(widths)))
        gap = self.distance - sum(self.widths) / 2
        require("distance", self.distance, gap > 0,
                f"must exceed the sum of the half-widths, {sum(self.widths) / 2:.4g} m "
                "(the strips would overlap)", "m")
        for name in ("strip_thickness", "strip_length", "film_thickness"):
            set_(self, name, positive(name, getattr(self, name), "m"))
        if self.substrate is not None:
            set_(self, "substrate", material("substrate", self.substrate, mats.Dielectric, None))
            set_(self, "substrate_thickness",
                 positive("substrate_thickness", self.substrate_thickness, "m"))
        elif self.substrate_thickness is not None:
            raise ParameterError("substrate_thickness", self.substrate_thickness,
                                 "needs a substrate (e.g. substrate='GGG')")
        check_interface_and_bath(self)
        check_thermal(self)
        check_order(self)
        if self.extent is not None:
            set_(self, "extent", positive("extent", self.extent, "m"))
            outer = self.distance / 2 + max(self.widths) / 2
            require("extent", self.extent, self.extent > outer,
                    f"must exceed the outer strip edge, {outer:.4g} m from the centre", "m")
        for name in ("h_min", "h_max"):
            value = getattr(self, name)
            if value is not None:
                pair = tuple(value) if np.ndim(value) else (value, value)
                if len(pair) != 2:
                    raise ParameterError(name, value, "must be one size or (hx, hz) [m]")
                set_(self, name, tuple(positive(f"{name}[{i}]", h, "m")
                                       for i, h in enumerate(pair)))
        check_growth(self)
        self.interface_law()  # a pair without built-in parameters fails here

    # ---- description -----------------------------------------------------------------
    def replace(self, **changes) -> NonlocalStrips:
        """A copy with some parameters changed (and checked again)."""
        return replace(self, **changes)

    def interface_law(self) -> NFInterface:
        """The N|F interface: ``interface`` or the built-in (metal, magnet) parameters."""
        return builtin_interface(self.metal, self.magnet, self.interface)

    def centres(self) -> tuple[float, float]:
        """x of the strip centres A (left) and B (right) [m]."""
        return -self.distance / 2, self.distance / 2

    def half_extent(self) -> float:
        """Half the lateral extent of the film [m] (the film spans -L..L)."""
        if self.extent is not None:
            return self.extent
        depth = self.film_thickness + (self.substrate_thickness or 0.0)
        margin = max(_EXTENT_PER_LAMBDA_M * self.magnet.magnon_diffusion_length,
                     _EXTENT_PER_THICKNESS * depth if self.thermal else 0.0)
        return self.distance / 2 + max(self.widths) / 2 + margin

    def mesh_sizes(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """``((hx_min, hz_min), (hx_max, hz_max))`` [m], defaults filled in.

        The spin accumulation in the strips varies on the metal's spin diffusion length
        lambda next to the interface and the surfaces, so ``hz_min = min(lambda/16,
        t/8)`` and ``hx_min = min(lambda, w/20)`` at the strip edges; the magnon
        chemical potential varies on the film thickness under the strips and on the
        magnon diffusion length lambda_m along the film: ``hx_max = lambda_m/8``,
        ``hz_max = film/8``.
        """
        lam = self.metal.spin_diffusion_length
        h_min = self.h_min or (min(_HX_MIN_PER_LAMBDA * lam, _HX_MIN_PER_WIDTH * min(self.widths)),
                               min(_HZ_MIN_PER_LAMBDA * lam,
                                   _HZ_MIN_PER_STRIP * self.strip_thickness))
        h_max = self.h_max or (_HX_MAX_PER_LAMBDA_M * self.magnet.magnon_diffusion_length,
                               _HZ_MAX_PER_FILM * max(self.film_thickness,
                                                      self.substrate_thickness or 0.0))
        return h_min, (max(h_max[0], h_min[0]), max(h_max[1], h_min[1]))

    # ---- discretisation ----------------------------------------------------------------
    def mesh(self):
        """The graded tensor-product mesh of the cross-section [m].

        Regions ``"film"`` (0 < z < film_thickness), ``"A"`` and ``"B"`` (the strips on
        top) and, with a substrate, ``"substrate"`` (z < 0); boundaries ``"bottom"``,
        ``"left"``, ``"right"``, ``"top"`` and ``"exterior"``.
        """
        L, tf, ts = self.half_extent(), self.film_thickness, self.strip_thickness
        regions = {FILM: (-L, L, 0.0, tf)}
        for name, c, w in zip(STRIPS, self.centres(), self.widths, strict=True):
            regions[name] = (c - w / 2, c + w / 2, tf, tf + ts)
        if self.substrate is not None:
            regions[SUBSTRATE] = (-L, L, -self.substrate_thickness, 0.0)
        h_min, h_max = self.mesh_sizes()
        return rectangles(regions, h_min=h_min, h_max=h_max, growth=self.growth,
                          h_outer=h_max)

    def device(self) -> Device:
        """The :class:`~nfdiff.Device` of the cross-section (meshes it).

        With the thermal model the bottom of the stack is held at the bath temperature
        (a heat sink); every other boundary is adiabatic, spin-blocking and insulating.
        """
        materials = {FILM: self.magnet, STRIPS[0]: self.metal, STRIPS[1]: self.metal}
        if self.substrate is not None:
            materials[SUBSTRATE] = self.substrate
        itf = self.interface_law()
        conditions = {"bottom": Temperature(self.temperature)} if self.thermal else {}
        return Device(self.mesh(), materials=materials,
                      interfaces={(s, FILM): itf for s in STRIPS},
                      boundary_conditions=conditions, temperature=self.temperature,
                      law=self.law, thermal=self.thermal, length=self.strip_length,
                      n=self.n, order=self.order)

    # ---- solving -------------------------------------------------------------------------
    def solve(self, current: float = 50e-6, injector: str = "A", detector: str = "B", *,
              rtol: float = 1e-10, maxiter: int = 40, device: Device | None = None):
        """Drive the injector with a current; the detector is open.

        Parameters
        ----------
        current : float
            Current along +y through the injector [A], nonzero (default 50e-6).
        injector, detector : {"A", "B"}
            The driven strip and the open one (different).
        rtol, maxiter
            Newton tolerance and iterations per stage (:meth:`nfdiff.Device.solve`).
        device : Device, optional
            A device from :meth:`device` to reuse (saves meshing in repeated solves).

        Returns
        -------
        Solution
            With ``observables``:

            - ``V_det`` [V]: open-circuit voltage along the detector,
              phi(y = L) - phi(0) = -E_y L with L = strip_length;
            - ``R_nl`` [Ohm]: V_det / current;
            - ``V_inj`` [V], ``R_inj`` [Ohm]: the same for the injector;
            - ``magnon_current_injector``, ``magnon_current_detector`` [J/m]: magnon
              spin current from each strip into the film per metre of strip, in energy
              units (hbar/2 per magnon times the number rate; positive into the film);
            - ``spin_current_injector``, ``spin_current_detector`` [J/m]: the electron
              spin current vector (x, y, z polarisation) from each strip into the film;
            - ``T_injector``, ``T_detector`` [K]: mean electron temperature of each
              strip; ``T_film_injector``, ``T_film_detector`` [K]: mean phonon
              temperature of the film under each strip (thermal model only);
            - ``mu_m_injector``, ``mu_m_detector`` [J]: mean magnon chemical potential
              under each strip.

        Raises
        ------
        ParameterError
            For a zero or non-finite current, or unknown or equal strips.
        CondensationError
            If the magnon chemical potential reaches the gap (physics.md 7).
        ConvergenceError
            If Newton fails.
        """
        current = finite("current", current, "A")
        require("current", current, current != 0.0,
                "must be nonzero (R_nl = V_det / current)", "A")
        for name, strip in (("injector", injector), ("detector", detector)):
            if strip not in STRIPS:
                raise ParameterError(name, strip, f"must be one of {STRIPS}")
        if injector == detector:
            raise ParameterError("detector", detector, "must differ from the injector")
        dev = device or self.device()
        sol = dev.solve(current={injector: current}, rtol=rtol, maxiter=maxiter)
        sol.observables.update(self._observables(sol, current, injector, detector))
        return sol

    def harmonics(self, current: float = 50e-6, injector: str = "A", detector: str = "B",
                  **solve_options) -> dict:
        """First and second harmonic nonlocal resistances from solves at +I and -I.

        ``R1 = (V(+I) - V(-I)) / (2I)`` [Ohm] (electrical injection, odd in I) and
        ``R2 = (V(+I) + V(-I)) / (2 I^2)`` [V/A^2] (Joule heating and thermally driven
        magnons, even in I), physics.md 6: the low-frequency lock-in harmonics of an
        ac current of amplitude I (up to the factor conventions of the lock-in,
        R2_lockin = R2 / sqrt(2) for the rms second harmonic, not applied here).

        Returns
        -------
        dict
            ``R1``, ``R2``, ``V_plus``, ``V_minus`` [V] and ``solutions`` (the two
            :class:`~nfdiff.solution.Solution` objects, +I first).
        """
        current = finite("current", current, "A")
        require("current", current, current != 0.0, "must be nonzero", "A")
        dev = solve_options.pop("device", None) or self.device()
        sols = [self.solve(s * current, injector, detector, device=dev, **solve_options)
                for s in (1.0, -1.0)]
        vp, vm = (s.observables["V_det"] for s in sols)
        return {"R1": (vp - vm) / (2 * current), "R2": (vp + vm) / (2 * current**2),
                "V_plus": vp, "V_minus": vm, "solutions": sols}

    def _observables(self, sol, current, injector, detector) -> dict:
        p = sol.problem
        u, _ = p.to_fields(sol.x)
        obs = {}
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


def nonlocal_strips(*, distance: float = 5e-6, widths=(300e-9, 300e-9),
                    strip_thickness: float = 10e-9, strip_length: float = 100e-6,
                    film_thickness: float = 200e-9, metal=None, magnet=None, substrate=None,
                    substrate_thickness: float | None = None,
                    interface: NFInterface | None = None, n=(1.0, 0.0, 0.0),
                    temperature: float = 300.0, law: str | InterfaceLaw = "nonlinear",
                    thermal: bool = True,
                    order: int = 1, extent: float | None = None, h_min=None, h_max=None,
                    growth: float = _GROWTH) -> NonlocalStrips:
    r"""Nonlocal magnon transport: injector and detector strips on a magnetic film.

    Defaults: the device of Cornelissen et al., Nat. Phys. 11, 1022 (2015) — 300 nm
    wide, 10 nm thick, 100 um long Pt strips on 200 nm YIG, 5 um apart, at 300 K, with
    the built-in Pt, YIG and Pt|YIG parameters (``docs/materials.md``).

    Parameters
    ----------
    distance : float
        Centre-to-centre distance of the strips [m]; must exceed the sum of the
        half-widths.
    widths : float or (float, float)
        Widths of strips A (left, at x = -distance/2) and B (right) [m].
    strip_thickness, strip_length : float
        Strip thickness [m] and length along the current [m] (the length only scales
        voltages: V = -E_y L).
    film_thickness : float
        Magnetic film thickness [m].
    metal, magnet : material or str, optional
        Strip metal (default ``"Pt"``) and film (default ``"YIG"``).
    substrate : Dielectric or str, optional
        Substrate under the film (e.g. ``"GGG"``), with ``substrate_thickness`` [m].
        Default: none, the film bottom is the heat sink.
    interface : NFInterface, optional
        The strip|film interface; default: the built-in (metal, magnet) parameters.
    n : 3-vector
        Order-parameter direction of the film (the paper's n; magnetisation m = -n).
        The signal is largest with n along x, across the strips, where the spin Hall
        spin accumulation is (anti)parallel to n.
    temperature : float
        Bath temperature T0 [K], held at the bottom of the stack (thermal model).
    law : {"nonlinear", "linear", "elastic"} or InterfaceLaw
        Interface law (physics.md 4.1). ``"elastic"`` injects no magnons.
    thermal : bool
        Solve the heat equations (Joule heating, spin Seebeck). Default True.
    order : {1, 2}
        Lagrange element order.
    extent : float, optional
        Half-width of the film [m] (it spans -extent..extent). Default: the outer strip
        edge plus 5 magnon diffusion lengths (and, thermally, 10 stack thicknesses),
        far enough that the ends do not change the signal (tests/test_nonlocal.py).
    h_min, h_max : float or (float, float), optional
        Smallest and largest element sizes (hx, hz) [m]; defaults in
        :meth:`NonlocalStrips.mesh_sizes`.
    growth : float
        Largest size ratio of neighbouring elements (default 1.25).

    Returns
    -------
    NonlocalStrips
        ``solve(current=50e-6, injector="A", detector="B")`` gives a
        :class:`~nfdiff.solution.Solution` with ``observables["V_det"]`` [V] and
        ``observables["R_nl"]`` [Ohm]; ``harmonics(current)`` gives R1 and R2.

    Raises
    ------
    ParameterError
        For non-positive lengths, overlapping strips, an unknown law or material, a
        material of the wrong kind, or bad mesh options.

    Notes
    -----
    Voltages follow ``V = phi(L) - phi(0) = -E_y L`` (api.md): a strip carrying
    current along +y has V < 0, so the injector's own ``R_inj`` is minus its
    resistance. Electrically injected magnons give a detector voltage of the opposite
    sign, ``R_nl > 0`` (for theta_SH > 0, n along x): the inverse spin Hall current in
    the detector flows along the injector's current. In the lock-in convention where
    the local resistance is positive, this is the negative first-harmonic signal of
    Cornelissen et al. (2015). R1 decays as exp(-d/lambda_m) beyond a few film
    thicknesses and is even in n; it vanishes for n along the strips (y), where the
    spin Hall polarisation (along x) is perpendicular to n.

    The thermal model holds the bottom of the stack at T0. With the built-in YIG gap
    (Zeeman, 0.1 T) the Joule heating of 100 uA in the default strip brings the thermal
    magnon chemical potential near the film bottom within 20 % of the gap: at about
    -80 uA (electrical and thermal injection adding up) the solve stops with
    :class:`~nfdiff.CondensationError`. The examples use 50 uA.

    Examples
    --------
    >>> import nfdiff as nf
    >>> dev = nf.devices.nonlocal_strips(distance=2e-6, thermal=False)
    >>> sol = dev.solve(current=100e-6)
    >>> sol.observables["R_nl"] > 0
    True
    """
    return NonlocalStrips(distance=distance, widths=widths, strip_thickness=strip_thickness,
                          strip_length=strip_length, film_thickness=film_thickness,
                          metal=metal, magnet=magnet, substrate=substrate,
                          substrate_thickness=substrate_thickness, interface=interface, n=n,
                          temperature=temperature, law=law, thermal=thermal, order=order,
                          extent=extent, h_min=h_min, h_max=h_max, growth=growth)
