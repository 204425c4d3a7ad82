r"""Macrospin dynamics: the generalised Landau-Lifshitz equation of the paper.

A uniform magnetic insulator F of thickness ``d_F`` whose order parameter ``n`` (the
paper's n, the direction of the ordered *spin* density; the magnetisation is
``m = -n``) obeys the equation below Eq. (5) of Bender & Tserkovnyak, PRB 91,
140402(R) (2015)::

    (1 + alpha n x) hbar dn/dt + n x H = (alpha'_i + alpha'_r n x)(mu_s x n - hbar dn/dt)

with

* ``alpha`` the bulk Gilbert damping;
* ``H = g mu_B B_eff(n)`` the effective field in energy units (J), with
  ``B_eff(n) = B + mu0 M_s (n . z) z - B_K (n . u) u`` [T]: the applied field B, the
  thin-film shape anisotropy (film normal z) and a uniaxial anisotropy of field B_K
  along u. It is ``H = d eps / d n`` of the energy per spin
  ``eps(n) = g mu_B [n . B + (mu0 M_s / 2)(n . z)^2 - (B_K / 2)(n . u)^2]``: the
  magnetisation ``m = -n`` lines up with B;
* ``alpha'_r = g_r^ / (4 pi s~ d_F)``, ``alpha'_i = g_i~ / (4 pi s~ d_F)`` from the
  temperature-corrected mixing conductances of the interface
  (``NFInterface.linear_coefficients``: ``g_r^ = g_r~ + 2 pi g``, the total effective
  one with the sign correction of docs/theory.md#theory-nonlinear, and
  ``g_i~ = (1 - n_th/s) g_i``) and the thermally reduced spin density ``s~ = s - n_th``
  (``law="linear"``), or the zero-temperature ``g_r, g_i, s`` (``law="elastic"``);
* ``mu_s`` the spin accumulation in the metal at the interface [J].

The transverse spin current into F of Eq. (4), ``(1/4pi)(g_i~ + g_r^ n x)(mu_s x n -
hbar dn/dt)``, divided by the angular-momentum density ``hbar s~ d_F`` per area, is
the right-hand side; the longitudinal (magnon) part does not act on ``n``.

Solved for ``dn/dt`` (with ``a = alpha + alpha'_r``, ``b = 1 + alpha'_i``, and
``(b + a n x)^-1 v = (b v - a n x v)/(a^2 + b^2)`` on the tangent plane)::

    hbar dn/dt = (b v - a n x v) / (a^2 + b^2),
    v = -n x (H + alpha'_i mu_s) + alpha'_r (mu_s - (n . mu_s) n)

The field-like ``alpha'_i`` shifts the field by ``alpha'_i mu_s`` and renormalises the
gyromagnetic ratio by ``1/(1 + alpha'_i)``; ``alpha'_r mu_s`` is the damping-like
(anti-damping for ``mu_s`` antiparallel to ``n``) torque and ``alpha'_r`` adds to the
Gilbert damping (spin pumping).

Power balance per area (exact for the equation above; ``N = s~ d_F`` spins per area)::

    dE/dt = P_rf - P_Gilbert - P_pumping + P_torque
    E         = N eps(n)                                  (static energy, no rf Zeeman)
    P_rf      = -N g mu_B B_rf . dn/dt = d_F B_rf . dM/dt  (M = -g mu_B s~ n)
    P_Gilbert = N alpha hbar |dn/dt|^2,    P_pumping = N alpha'_r hbar |dn/dt|^2
    P_torque  = N [alpha'_r (mu_s x n) - alpha'_i mu_s] . dn/dt

:meth:`Macrospin.integrate` integrates the work terms along with ``n``
(``scipy.integrate.solve_ivp``), so that the balance can be checked to the
integrator's tolerance. ``n`` is integrated in Cartesian components with the
right-hand side evaluated at ``n/|n|`` (tangent to the sphere); the outputs are
normalised.

**Which magnetisation where.** The torques act on the angular-momentum density
``hbar s~`` of the paper (``g mu_B s~`` = 1.84e5 A/m for YIG at 300 K in the
quadratic-band model, which underestimates the thermal reduction of the measured
1.4e5 A/m). The shape anisotropy uses ``shape_magnetization`` (default: the magnet's
measured ``saturation_magnetization``, mu0 M_s = 0.176 T for YIG), an effective-field
parameter as FMR measures it (``mu0 M_eff``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import ArrayLike

from .. import materials as mats
from .._validate import finite, nonnegative, positive, unit_vector
from ..devices._common import material
from ..errors import ParameterError
from ..interface import NFInterface
from ..laws import InterfaceLaw, names, resolve
from ..units import hbar, mu_B
from ._kernel import ATOL, RTOL, RFField, Trajectory, _Kernel, _vector

if TYPE_CHECKING:
    from ..interface import MagnonGas

__all__ = ["LAWS", "Macrospin", "RFField", "Trajectory"]

#: Names of the built-in interface laws the dynamics takes: those of linear response with
#: a precessing magnet (``InterfaceLaw.pumping``): the paper's linear response with
#: thermal magnons, or the zero-temperature mixing conductances.
LAWS = tuple(name for name in names() if resolve(name).pumping)


# --------------------------------------------------------------------------------------
#: Fields of the magnet the macrospin uses, taken at its temperature.
_DYNAMICS_FIELDS = ("gilbert_damping", "saturation_magnetization", "g_factor", "spin_density",
                    "exchange_stiffness", "applied_field", "gap")


@dataclass(frozen=True)
class Macrospin:
    r"""A uniform magnetic-insulator film with the paper's interfacial torque.

    Plain data; change it with :meth:`replace`. The torque comes from a spin
    accumulation ``mu_s`` [J] *given* at the interface (the paper's equation as it
    stands); :class:`~nfdiff.dynamics.Bilayer` adds the metal film that produces
    ``mu_s`` and the backflow.

    Parameters
    ----------
    thickness : float
        Film thickness d_F [m], > 0.
    field : 3-vector
        Applied field B = mu0 H [T] (default 0.1 T along +y, in the plane: the
        magnetisation m = -n lines up with it, so n points along -y).
    magnet : MagneticInsulator or str
        The material (default built-in ``"YIG"``): spin density s (zero temperature),
        magnon band, g-factor, Gilbert damping and saturation magnetisation.
    interface : NFInterface or None
        The N|F interface that exerts the torque (g_r, g_i [1/m^2]; without a magnon
        gas the magnet's is used). None: no torque (a bare film; alpha'_r = alpha'_i
        = 0).
    temperature : float
        Temperature T [K] of the magnons and of the interface coefficients, > 0
        (default 300).
    law : {"linear", "elastic"} or InterfaceLaw
        ``"linear"`` (default): the paper's temperature-corrected ``g_r^``, ``g_i~``
        and ``s~ = s - n_th(T)``; ``"elastic"``: the zero-temperature ``g_r``, ``g_i``
        and ``s``. Any law of :mod:`nfdiff.laws` that takes a precessing magnet
        (``pumping``) gives its :meth:`~nfdiff.laws.InterfaceLaw.mixing_conductance`
        and :meth:`~nfdiff.laws.InterfaceLaw.thermal_magnon_density`.
    gilbert_damping : float or None
        Bulk Gilbert damping alpha [1], >= 0; None: the magnet's (YIG 4e-5).
    shape_magnetization : float or None
        M_s of the thin-film shape anisotropy ``mu0 M_s (n . z) z`` [A/m], >= 0; None:
        the magnet's ``saturation_magnetization`` (YIG 1.4e5 A/m, mu0 M_s = 0.176 T).
    anisotropy_field : float
        Uniaxial anisotropy field B_K = 2 K_u / M_s [T] along ``anisotropy_axis``
        (> 0: easy axis, < 0: hard axis; default 0).
    anisotropy_axis : 3-vector
        u (normalised; default z).

    Examples
    --------
    A 20 nm YIG film in 0.1 T in-plane: the Kittel frequency
    ``gamma sqrt(B (B + mu0 M_s)) / 2 pi``:

    >>> import nfdiff as nf
    >>> film = nf.dynamics.Macrospin(thickness=20e-9, field=(0, 0.1, 0))
    >>> print(film.equilibrium())
    [ 0. -1.  0.]
    >>> print(f"{film.resonance_frequency() / 1e9:.3f} GHz")
    4.650 GHz
    """

    thickness: float
    field: Sequence[float] = (0.0, 0.1, 0.0)
    magnet: mats.MagneticInsulator | str = "YIG"
    interface: NFInterface | None = None
    temperature: float = 300.0
    law: str | InterfaceLaw = "linear"
    gilbert_damping: float | None = None
    shape_magnetization: float | None = None
    anisotropy_field: float = 0.0
    anisotropy_axis: Sequence[float] = (0.0, 0.0, 1.0)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "thickness", positive("thickness", self.thickness, "m"))
        set_(self, "field", tuple(float(c) for c in _vector("field", self.field, "T")))
        set_(self, "magnet", material("magnet", self.magnet, mats.MagneticInsulator, "YIG"))
        if self.interface is not None and not isinstance(self.interface, NFInterface):
            raise ParameterError("interface", self.interface, "must be an nf.NFInterface "
                                 "or None")
        set_(self, "temperature", positive("temperature", self.temperature, "K"))
        magnet = cast(mats.MagneticInsulator, self.magnet)
        tc = magnet.curie_temperature
        if self.temperature >= tc:
            raise ParameterError("temperature", self.temperature, f"must be below the Curie "
                                 f"temperature {tc:.6g} K of {magnet.name} (the magnet "
                                 "must be ordered)", "K")
        set_(self, "law", resolve(self.law))
        if not self._law.pumping:
            raise ParameterError("law", self._law.name, f"does not take a precessing magnet "
                                 f"(the dynamics is linear response, Eq. (4)): use one of "
                                 f"{LAWS}")
        if self.gilbert_damping is not None:
            set_(self, "gilbert_damping",
                 nonnegative("gilbert_damping", self.gilbert_damping))
        if self.shape_magnetization is not None:
            set_(self, "shape_magnetization",
                 nonnegative("shape_magnetization", self.shape_magnetization, "A/m"))
        set_(self, "anisotropy_field", finite("anisotropy_field", self.anisotropy_field, "T"))
        set_(self, "anisotropy_axis",
             tuple(float(c) for c in unit_vector("anisotropy_axis", self.anisotropy_axis)))

    def replace(self, **changes: Any) -> Macrospin:
        """A copy with some parameters changed (and checked again)."""
        return replace(self, **changes)

    @cached_property
    def _material(self) -> mats.MagneticInsulator:
        """``magnet`` at ``temperature``: the temperature laws of the fields the dynamics
        uses (damping, magnetisation, band) followed, warning outside their data
        (docs/theory.md#theory-temperature); the others are not evaluated."""
        magnet = cast(mats.MagneticInsulator, self.magnet)
        laws = {k: law for k, law in magnet.temperature_dependence.items()
                if k in _DYNAMICS_FIELDS}
        return magnet.replace(temperature_dependence=laws).at(self.temperature)

    @property
    def _law(self) -> InterfaceLaw:
        """``law``, a law object once checked (a name is resolved)."""
        return cast(InterfaceLaw, self.law)

    # ---- parameters ----------------------------------------------------------------------
    @property
    def damping(self) -> float:
        """Bulk Gilbert damping alpha [1] in use."""
        if self.gilbert_damping is not None:
            return self.gilbert_damping
        return self._material.gilbert_damping

    @property
    def g_factor(self) -> float:
        """Spectroscopic g-factor of the magnet [1]."""
        return self._material.g_factor

    @property
    def gyromagnetic_ratio(self) -> float:
        """gamma = g mu_B / hbar [rad/(s T)]."""
        return self.g_factor * mu_B / hbar

    @property
    def shape_field(self) -> float:
        """mu0 M_s of the shape anisotropy [T]."""
        from scipy.constants import mu_0

        ms = self.shape_magnetization
        if ms is None:
            ms = self._material.saturation_magnetization
        return mu_0 * ms

    def interface_law(self, interface: NFInterface | None = None) -> NFInterface | None:
        """The interface with a magnon gas (``interface`` or this one's; without one, the
        magnet's band above this film's gap, :meth:`magnon_gap`, unless the material
        gives an explicit gap); None without an interface."""
        itf = self.interface if interface is None else interface
        if itf is None:
            return None
        if itf.magnons is None:
            itf = itf.with_magnons(self._own_gas)
        return itf

    def magnon_gap(self) -> float:
        """The bottom of the magnon band [J]: ``hbar omega`` of the uniform precession
        about equilibrium without damping (the Kittel mode of the effective field:
        applied, shape and uniaxial). For an in-plane field on the film it is
        :func:`nfdiff.materials.kittel_gap`, the gap of the magnet's material at its
        ``applied_field``: the interface law and the bulk use the same band bottom."""
        return self._gap

    @cached_property
    def _gap(self) -> float:
        J, _ = self._static_kernel.tangent_jacobian(self._equilibrium)
        return float(hbar * np.max(np.abs(np.linalg.eigvals(J).imag)))

    @cached_property
    def _own_gas(self) -> MagnonGas:
        """The magnet's band; its gap this film's band bottom unless the material sets
        a gap of its own (an explicit ``gap``, e.g. 0 for a gapless band)."""
        gas = self._material.magnon_gas()
        if not self._material.sources.get("gap", "").startswith("derived"):
            return gas
        return type(gas)(exchange_stiffness=gas.exchange_stiffness, gap=self.magnon_gap(),
                         spin_density=gas.spin_density)

    def _gas(self, interface: NFInterface | None = None) -> MagnonGas:
        itf = self.interface_law(interface)
        return itf._gas() if itf is not None else self._own_gas

    def thermal_magnon_density(self) -> float:
        """n_th at ``temperature`` and mu = 0 [1/m^3] (0 for the elastic law)."""
        return self._n_thermal

    @cached_property
    def _n_thermal(self) -> float:
        itf = self.interface_law() or NFInterface(g_r=0.0, magnons=self._gas())
        return float(self._law.thermal_magnon_density(itf, self.temperature))

    def spin_density(self) -> float:
        """The spin density the torques act on [1/m^3] (units of hbar).

        ``s~ = s - n_th(T)`` (``law="linear"``) or s (``"elastic"``), with s the
        zero-temperature spin density of the magnon gas in use.
        """
        return float(self._gas().spin_density) - self.thermal_magnon_density()

    def magnetization(self) -> float:
        """``g mu_B s~`` [A/m]: the model's saturation magnetisation at ``temperature``."""
        return self.g_factor * mu_B * self.spin_density()

    def mixing_conductance(self) -> complex:
        """``g_r + i g_i`` the torque sees [1/m^2] (temperature-corrected for "linear").

        ``law="linear"``: ``g_r^ + i g_i~`` of ``linear_coefficients(temperature)``;
        ``"elastic"``: ``g_r + i g_i``. 0 without an interface.
        """
        return self._conductance

    @cached_property
    def _conductance(self) -> complex:
        itf = self.interface_law()
        if itf is None:
            return 0j
        return complex(self._law.mixing_conductance(itf, self.temperature))

    def torque_coefficients(self, conductance: complex | None = None) -> tuple[float, float]:
        """``(alpha'_r, alpha'_i) = (g_r, g_i) / (4 pi s~ d_F)`` [1].

        Parameters
        ----------
        conductance : complex, optional
            ``g_r + i g_i`` [1/m^2]; default :meth:`mixing_conductance` (no backflow).
        """
        g = self.mixing_conductance() if conductance is None else complex(conductance)
        scale = 4 * math.pi * self.spin_density() * self.thickness
        return g.real / scale, g.imag / scale

    # ---- the equation ----------------------------------------------------------------
    def _kernel(self, *, mu_s: ArrayLike | Callable[[float], ArrayLike] | None = None,
                rf_field: RFField | Callable[[float], Sequence[float] | np.ndarray] | None = None,
                conductance: complex | None = None) -> _Kernel:
        if mu_s is not None and not callable(mu_s):
            mu_s = _vector("mu_s", mu_s, "J")
        if rf_field is not None and not callable(rf_field):
            raise ParameterError("rf_field", rf_field, "must be an RFField or a function "
                                 "of the time t [s] returning B_rf [T] (3-vector)")
        ar, ai = self.torque_coefficients(conductance)
        return _Kernel(g_factor=self.g_factor, alpha=self.damping, alpha_r=ar, alpha_i=ai,
                       field_=self.field, shape=self.shape_field,
                       anisotropy=self.anisotropy_field, axis=self.anisotropy_axis,
                       spins=self.spin_density() * self.thickness, mu_s=mu_s, rf=rf_field)

    def effective_field(self, n: ArrayLike) -> np.ndarray:
        """``B_eff(n)`` [T] (applied + shape + uniaxial; H = g mu_B B_eff)."""
        n = unit_vector("n", n)
        return np.array(self._kernel().static_field(n))

    def energy(self, n: ArrayLike) -> float:
        """Static magnetic energy per area ``s~ d_F eps(n)`` [J/m^2]."""
        n = unit_vector("n", n)
        k = self._kernel()
        return float(k.energy(n) * k.spins * k.gmu)

    def dn_dt(self, n: ArrayLike, *,
              mu_s: ArrayLike | Callable[[float], ArrayLike] | None = None,
              rf_field: RFField | Callable[[float], Sequence[float] | np.ndarray] | None = None,
              t: float = 0.0) -> np.ndarray:
        """Right-hand side of the LL equation, dn/dt [1/s].

        Parameters
        ----------
        n : 3-vector
            Order parameter (normalised).
        mu_s : 3-vector or callable, optional
            Spin accumulation at the interface [J] (or a function of t [s]).
        rf_field : RFField or callable, optional
            ``B_rf(t)`` [T].
        t : float
            Time [s] (for time-dependent drives).
        """
        n = unit_vector("n", n)
        return self._kernel(mu_s=mu_s, rf_field=rf_field).dn_dt(t, n)

    def equilibrium(self, guess: ArrayLike | None = None, *,
                    mu_s: ArrayLike | None = None) -> np.ndarray:
        """Stationary direction of n [1] near the energy minimum.

        Parameters
        ----------
        guess : 3-vector, optional
            Where to start (default: ``-field``, i.e. m along the field; z for zero
            field).
        mu_s : 3-vector, optional
            Constant spin accumulation [J]; the torque may move the fixed point.
        """
        if guess is None:
            n0 = self._equilibrium
        else:
            n0 = self._static_kernel.minimum(unit_vector("guess", guess))
        if mu_s is None:
            return n0.copy()
        return self._kernel(mu_s=mu_s).fixed_point(n0)

    @cached_property
    def _equilibrium(self) -> np.ndarray:
        b = np.array(self.field)
        guess = -b if np.linalg.norm(b) > 0 else np.array(self.anisotropy_axis)
        return self._static_kernel.minimum(unit_vector("guess", guess))

    @cached_property
    def _static_kernel(self) -> _Kernel:
        """The LL equation without damping and torques: the energy landscape and the
        undamped precession (equilibrium, band bottom)."""
        return _Kernel(g_factor=self.g_factor, alpha=0.0, alpha_r=0.0, alpha_i=0.0,
                       field_=self.field, shape=self.shape_field,
                       anisotropy=self.anisotropy_field, axis=self.anisotropy_axis, spins=1.0)

    def linear_modes(self, *, mu_s: ArrayLike | None = None, n0: ArrayLike | None = None,
                     conductance: complex | None = None) -> np.ndarray:
        """Eigenvalues lambda [1/s] of the LL equation linearised about its fixed point.

        Small deviations evolve as ``exp(lambda t)``: ``Re lambda`` is the growth
        (negative: decay) rate, ``|Im lambda|`` the angular frequency. Computed on the
        tangent plane of the sphere (central differences of dn/dt).

        Parameters
        ----------
        mu_s : 3-vector, optional
            Constant spin accumulation [J].
        n0 : 3-vector, optional
            Fixed point (default :meth:`equilibrium`).
        conductance : complex, optional
            Mixing conductance ``g_r + i g_i`` [1/m^2] of the torques (default: the
            interface's, no backflow).
        """
        k = self._kernel(mu_s=mu_s, conductance=conductance)
        if n0 is None:
            n0 = self.equilibrium()
            if mu_s is not None:
                n0 = k.fixed_point(n0)
        J, _ = k.tangent_jacobian(unit_vector("n0", n0))
        return np.linalg.eigvals(J)

    def resonance_frequency(self, **kwargs: Any) -> float:
        """Ferromagnetic resonance frequency ``|Im lambda| / 2 pi`` [Hz] (Kittel).

        Keyword arguments go to :meth:`linear_modes`.
        """
        return float(np.max(np.abs(self.linear_modes(**kwargs).imag)) / (2 * math.pi))

    def integrate(self, n_start: ArrayLike, t_end: float, *,
                  mu_s: ArrayLike | Callable[[float], ArrayLike] | None = None,
                  rf_field: (RFField | Callable[[float], Sequence[float] | np.ndarray]
                             | None) = None,
                  t_start: float = 0.0, t_eval: ArrayLike | None = None, rtol: float = RTOL,
                  atol: float = ATOL, max_step: float | None = None, dense: bool = False,
                  conductance: complex | None = None) -> Trajectory:
        """Integrate the LL equation with ``scipy.integrate.solve_ivp`` (DOP853).

        Parameters
        ----------
        n_start : 3-vector
            n at ``t_start`` (normalised).
        t_end : float
            Final time [s].
        mu_s : 3-vector or callable, optional
            Spin accumulation at the interface [J], constant or a function of t [s].
        rf_field : RFField or callable, optional
            ``B_rf(t)`` [T].
        t_start : float
            Initial time [s] (default 0).
        t_eval : array_like, optional
            Output times [s] (default: the integrator's steps).
        rtol, atol : float
            Integrator tolerances (relative; absolute on the components of n and on
            the work integrals in units of ``g mu_B (1 T)`` per spin).
        max_step : float, optional
            Largest step [s].
        dense : bool
            Keep the dense output (for :meth:`Trajectory.n_at`).
        conductance : complex, optional
            Mixing conductance of the torques [1/m^2] (default: the interface's).

        Returns
        -------
        Trajectory
        """
        k = self._kernel(mu_s=mu_s, rf_field=rf_field, conductance=conductance)
        return k.integrate(n_start, t_end, t_start=t_start, t_eval=t_eval, rtol=rtol,
                           atol=atol, max_step=max_step, dense=dense,
                           equilibrium=self.equilibrium())

