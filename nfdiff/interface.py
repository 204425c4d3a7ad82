r"""The N|F interface of Bender & Tserkovnyak, PRB 91, 140402(R) (2015): its parameters.

Spin current ``i`` (J/m^2, angular-momentum current density) and energy current
``qdot`` (W/m^2) across a normal-metal / magnetic-insulator interface, both counted
*into F*, as functions of the spin accumulation ``mu_s`` in N (J, a 3-vector), the
direction ``n`` of the ordered spin density of F (the magnetisation is ``m = -n``),
the magnon chemical potential ``mu_m`` (J) and temperature ``T_m`` (K) in F and the
electron temperature ``T_e`` (K) in N.

:class:`NFInterface` holds the parameters (the spin-mixing conductances, the magnon
band of F as a :class:`MagnonGas`) and the linear-response coefficients of Eqs. (4)-(5);
:meth:`NFInterface.currents` evaluates the currents with an interface law of
:mod:`nfdiff.laws` (``"nonlinear"``, ``"linear"``, ``"elastic"`` or a law object).

The magnon integrals are evaluated in closed form (polylogarithms, ``_polylog``) and
without cancellation at small bias (``_bose``): biases of 1e-9 k_B T keep full
relative accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, overload

import numpy as np
from numpy.typing import ArrayLike

from . import _bose
from ._validate import finite, nonnegative, positive, unit_vector
from .errors import CondensationError, ParameterError
from .laws import InterfaceJacobian, InterfaceLaw, require_pumping, resolve
from .units import hbar, k_B

__all__ = ["InterfaceJacobian", "LinearCoefficients", "MagnonGas", "NFInterface"]

_G32 = _bose._G32


# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MagnonGas:
    """Thermal magnons of a quadratic band ``E = gap + J_s k^2``.

    Parameters
    ----------
    exchange_stiffness : float
        ``J_s`` [J m^2], the stiffness of the dispersion (not the micromagnetic
        exchange constant A).
    gap : float
        Magnon gap ``Delta = hbar Omega`` [J], e.g. the Zeeman gap ``g mu_B B``.
    spin_density : float
        Zero-temperature saturation spin density ``s`` [1/m^3] (in units of hbar).
    """

    exchange_stiffness: float
    gap: float
    spin_density: float

    def __post_init__(self) -> None:
        positive("exchange_stiffness", self.exchange_stiffness, "J m^2")
        nonnegative("gap", self.gap, "J")
        positive("spin_density", self.spin_density, "1/m^3")

    def thermal_wavelength(self, temperature: ArrayLike) -> np.ndarray:
        """``Lambda = sqrt(4 pi J_s / (k_B T))`` [m]; temperature in K."""
        T = np.asarray(positive("temperature", temperature, "K"))
        return np.sqrt(4 * np.pi * self.exchange_stiffness / (k_B * T))

    def _density_scale(self, E0: np.ndarray) -> np.ndarray:
        """kappa_g E0^(3/2) [1/m^3] with g(eps) = kappa_g sqrt(eps)."""
        return (E0 / self.exchange_stiffness) ** 1.5 / (4 * np.pi**2)

    def thermal_density(self, temperature: ArrayLike, mu: ArrayLike = 0.0) -> np.ndarray:
        """Thermal magnon density ``n_th = Li_{3/2}(exp((mu - gap)/k_B T)) / Lambda^3``.

        Parameters
        ----------
        temperature : array_like
            Magnon temperature [K], > 0.
        mu : array_like
            Magnon chemical potential [J], ``mu <= gap``.

        Returns
        -------
        ndarray
            Density [1/m^3].
        """
        T = np.asarray(positive("temperature", temperature, "K"))
        mu = np.asarray(finite("mu", mu, "J"))
        T, mu = np.broadcast_arrays(T, mu)
        self._check_below_gap(mu, strict=False)
        E0 = k_B * T
        y = ((self.gap - mu) / E0).ravel()
        li = _bose.polylog_exp([1.5], -y)[0]
        return (self._density_scale(E0.ravel()) * _G32 * li).reshape(T.shape)

    def _check_below_gap(self, mu_m: np.ndarray, *, strict: bool = True,
                         region: str | None = None,
                         location: np.ndarray | None = None) -> None:
        over = mu_m >= self.gap if strict else mu_m > self.gap
        if np.any(over):
            idx = np.argmax(np.where(over, mu_m, -np.inf))
            flat = np.ravel(mu_m)
            point = tuple(int(i) for i in np.unravel_index(idx, np.shape(mu_m)))
            raise CondensationError(
                float(flat[idx]), self.gap, region=region, location=location,
                detail=f"Largest mu_m at point {point} of {np.size(mu_m)}",
            )


@dataclass(frozen=True)
class LinearCoefficients:
    """Linear-response interface coefficients at equilibrium (Eqs. (4)-(5)).

    Attributes
    ----------
    temperature : ndarray
        [K].
    g : ndarray
        Spin conductance ``4 dM_++/dmu`` [1/m^2].
    S : ndarray
        Spin Seebeck coefficient ``4 dM_++/dT`` [J/(K m^2)].
    kappa : ndarray
        Magnonic thermal conductance ``4 dN_++/dT`` [W/(K m^2)].
    Pi : ndarray
        Spin Peltier coefficient ``4 dN_++/dmu`` [1/(m^2 s)]; equals ``T S / hbar``.
    n_thermal : ndarray
        Thermal magnon density [1/m^3].
    g_r_tilde, g_i_tilde : ndarray
        ``(1 - 2 n/s) g_r`` and ``(1 - n/s) g_i`` [1/m^2].
    g_r_eff : ndarray
        Total effective mixing conductance below Eq. (4) with the sign correction
        of docs/theory.md#theory-nonlinear: ``g_r_tilde + 2 pi g`` [1/m^2].
    """

    temperature: np.ndarray
    g: np.ndarray
    S: np.ndarray
    kappa: np.ndarray
    Pi: np.ndarray
    n_thermal: np.ndarray
    g_r_tilde: np.ndarray
    g_i_tilde: np.ndarray
    g_r_eff: np.ndarray


# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NFInterface:
    """A normal-metal / magnetic-insulator interface (the paper's law).

    Parameters
    ----------
    g_r : float
        Real part of the zero-temperature spin-mixing conductance per area [1/m^2]
        (``G_r = e^2 g_r / h`` in S/m^2, see :mod:`nfdiff.units`).
    g_i : float
        Imaginary part [1/m^2] (signed), default 0.
    magnons : MagnonGas or None
        Magnon gas of F used by the law.  ``None``: devices take the gas of the
        adjacent magnet; the bare methods then need one.
    kapitza_conductance : float or None
        Phonon (Kapitza) thermal conductance across the interface [W/(m^2 K)];
        ``None``: devices use the built-in value of the material pair.
    """

    g_r: float
    g_i: float = 0.0
    magnons: MagnonGas | None = None
    kapitza_conductance: float | None = None
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        nonnegative("g_r", self.g_r, "1/m^2")
        finite("g_i", self.g_i, "1/m^2")
        if self.magnons is not None and not isinstance(self.magnons, MagnonGas):
            raise ParameterError("magnons", self.magnons, "must be a MagnonGas or None")
        if self.kapitza_conductance is not None:
            nonnegative("kapitza_conductance", self.kapitza_conductance, "W/(m^2 K)")

    # ----------------------------------------------------------------------------------
    def _gas(self) -> MagnonGas:
        if self.magnons is None:
            raise ParameterError("magnons", None,
                                 "this law needs the magnon gas of F: pass "
                                 "NFInterface(..., magnons=MagnonGas(...)) or "
                                 "magnet.magnon_gas()")
        return self.magnons

    def with_magnons(self, magnons: MagnonGas) -> NFInterface:
        """Copy with the magnon gas set (devices use the adjacent magnet's)."""
        from dataclasses import replace

        return replace(self, magnons=magnons)

    def thermal_magnon_density(self, temperature: ArrayLike = 300.0,
                               mu: ArrayLike = 0.0) -> np.ndarray:
        """Thermal magnon density of F [1/m^3] at ``temperature`` [K] and ``mu`` [J]."""
        return self._gas().thermal_density(temperature, mu)

    def _prefactors(self, gas: MagnonGas, E0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """C_M kappa_g E0^(5/2) [J/m^2], kappa_g E0^(3/2)/s [1]."""
        dens = gas._density_scale(E0)  # kappa_g E0^(3/2)
        K_M = self.g_r / (4 * np.pi * gas.spin_density) * dens * E0
        return K_M, dens / gas.spin_density

    def linear_coefficients(self, temperature: ArrayLike = 300.0) -> LinearCoefficients:
        """Interface coefficients of Eqs. (4)-(5) at equilibrium (``mu = 0``).

        Parameters
        ----------
        temperature : array_like
            [K], > 0.  A zero gap is allowed.
        """
        T = np.asarray(positive("temperature", temperature, "K"))
        shape = T.shape
        c = self._linear(self._gas(), T.ravel(), derivatives=False)
        return LinearCoefficients(temperature=T, **{k: v.reshape(shape) for k, v in c.items()})

    def _linear(self, gas: MagnonGas, T: np.ndarray, *,
                derivatives: bool) -> dict[str, np.ndarray]:
        E0 = k_B * T
        a = gas.gap / E0
        z = np.zeros_like(T)
        mm = _bose.magnon_moments(z, np.ones_like(T), a, second=derivatives)
        K_M, Kn = self._prefactors(gas, E0)
        g = 4 * K_M / E0 * mm["p_c"][1]
        S = 4 * K_M / T * mm["p_t"][1]
        kappa = 4 * K_M * k_B / hbar * mm["p_t"][2]
        Pi = 4 * K_M / hbar * mm["p_c"][2]
        n_rel = Kn * mm["p"][0]
        out = dict(
            g=g, S=S, kappa=kappa, Pi=Pi, n_thermal=n_rel * gas.spin_density,
            g_r_tilde=self.g_r * (1 - 2 * n_rel), g_i_tilde=self.g_i * (1 - n_rel),
            g_r_eff=self.g_r * (1 - 2 * n_rel) + 2 * np.pi * g,
        )
        if derivatives:
            # d/dT at fixed mu = 0: d/dT = (1/T) d/dtheta in units of E0 = k_B T
            out.update(
                dg=4 * K_M / (E0 * T) * mm["p_ct"][1],
                dS=4 * K_M / T**2 * mm["p_tt"][1],
                dkappa=4 * K_M * k_B / (hbar * T) * mm["p_tt"][2],
                dPi=4 * K_M / (hbar * T) * mm["p_ct"][2],
                dn_rel=Kn * mm["p_t"][0] / T,
            )
        return out

    # ----------------------------------------------------------------------------------
    @overload
    def currents(self, mu_s: ArrayLike, n: ArrayLike, mu_m: ArrayLike = 0.0,
                 T_m: ArrayLike | None = None, T_e: ArrayLike | None = None, *,
                 delta_T: ArrayLike | None = None, law: str | InterfaceLaw = "nonlinear",
                 reference_temperature: float | None = None,
                 jacobian: Literal[False] = False, dn_dt: ArrayLike | None = None
                 ) -> tuple[np.ndarray, np.ndarray]: ...
    @overload
    def currents(self, mu_s: ArrayLike, n: ArrayLike, mu_m: ArrayLike = 0.0,
                 T_m: ArrayLike | None = None, T_e: ArrayLike | None = None, *,
                 delta_T: ArrayLike | None = None, law: str | InterfaceLaw = "nonlinear",
                 reference_temperature: float | None = None, jacobian: Literal[True],
                 dn_dt: ArrayLike | None = None
                 ) -> tuple[np.ndarray, np.ndarray, InterfaceJacobian]: ...
    @overload
    def currents(self, mu_s: ArrayLike, n: ArrayLike, mu_m: ArrayLike = 0.0,
                 T_m: ArrayLike | None = None, T_e: ArrayLike | None = None, *,
                 delta_T: ArrayLike | None = None, law: str | InterfaceLaw = "nonlinear",
                 reference_temperature: float | None = None, jacobian: bool = False,
                 dn_dt: ArrayLike | None = None) -> tuple[Any, ...]: ...
    def currents(self, mu_s: ArrayLike, n: ArrayLike, mu_m: ArrayLike = 0.0,
                 T_m: ArrayLike | None = None, T_e: ArrayLike | None = None, *,
                 delta_T: ArrayLike | None = None, law: str | InterfaceLaw = "nonlinear",
                 reference_temperature: float | None = None, jacobian: bool = False,
                 dn_dt: ArrayLike | None = None) -> tuple[Any, ...]:
        """Spin and energy currents into F.

        Parameters
        ----------
        mu_s : array_like, shape (..., 3)
            Spin accumulation in N at the interface [J].
        n : array_like, shape (..., 3)
            Unit vector of the ordered spin density of F (``m = -n``).
        mu_m : array_like
            Magnon chemical potential in F [J]; the nonlinear law needs ``mu_m < gap``.
        T_m : array_like, optional
            Magnon temperature [K]; default ``T_e``.
        T_e : array_like
            Electron temperature in N [K].
        delta_T : array_like, optional
            ``T_m - T_e`` [K] given exactly (instead of ``T_m``), for callers that hold
            temperature deviations.
        law : {"nonlinear", "linear", "elastic"} or nfdiff.laws.InterfaceLaw
            The interface law (:mod:`nfdiff.laws`).
        reference_temperature : float, optional
            Temperature [K] of the linear-law coefficients; default ``T_e``.
        jacobian : bool
            Also return an :class:`InterfaceJacobian`.
        dn_dt : array_like, shape (..., 3), optional
            Rate of change of ``n`` [1/s] (spin pumping; laws ``"linear"`` and
            ``"elastic"`` only). The mixing term becomes
            ``(1/4pi)(g_i + g_r n x)(mu_s x n - hbar dn/dt)`` as in Eq. (4): the
            paper's substitution ``mu_s -> mu_s - hbar n x dn/dt``, which leaves
            ``n . mu_s`` (the magnon terms) unchanged. Only the part of ``dn_dt``
            perpendicular to ``n`` acts. The Jacobian is unchanged.

        Returns
        -------
        i : ndarray, shape (..., 3)
            Spin current density into F [J/m^2].
        qdot : ndarray, shape (...)
            Energy current density into F [W/m^2].
        jac : InterfaceJacobian
            Only with ``jacobian=True``.

        Raises
        ------
        CondensationError
            Nonlinear law with ``mu_m >= gap``.
        ParameterError
            Non-finite input, non-positive temperature, ``n`` not a unit vector,
            ``dn_dt`` with the nonlinear law.
        """
        law = resolve(law)
        mu_s = np.asarray(finite("mu_s", mu_s, "J"))
        if mu_s.shape[-1:] != (3,):
            raise ParameterError("mu_s", mu_s.tolist(), "must be a 3-vector (shape (..., 3))",
                                 "J")
        n = unit_vector("n", n)
        if dn_dt is not None:
            require_pumping(law, dn_dt)
            dn_dt = np.asarray(finite("dn_dt", dn_dt, "1/s"))
            if dn_dt.shape[-1:] != (3,):
                raise ParameterError("dn_dt", dn_dt.tolist(), "must be a 3-vector (shape "
                                     "(..., 3))", "1/s")
            mu_s = mu_s - hbar * np.cross(n, dn_dt)
        mu_m = np.asarray(finite("mu_m", mu_m, "J"))
        if T_e is None:
            raise ParameterError("T_e", None, "the electron temperature is required", "K")
        T_e = np.asarray(positive("T_e", T_e, "K"))
        if delta_T is not None:
            if T_m is not None:
                raise ParameterError("T_m", T_m, "give either T_m or delta_T, not both", "K")
            dT = np.asarray(finite("delta_T", delta_T, "K"))
        elif T_m is not None:
            T_m = np.asarray(positive("T_m", T_m, "K"))
            dT = T_m - T_e
        else:
            dT = np.zeros(())
        shape = np.broadcast_shapes(mu_s.shape[:-1], n.shape[:-1], mu_m.shape, T_e.shape,
                                    dT.shape)
        if np.any(T_e + dT <= 0):
            raise ParameterError("T_m", T_e + dT, "must be > 0", "K")
        flat = (np.broadcast_to(mu_s, shape + (3,)).reshape(-1, 3),
                np.broadcast_to(n, shape + (3,)).reshape(-1, 3),
                np.broadcast_to(mu_m, shape).ravel(),
                np.broadcast_to(T_e, shape).ravel(),
                np.broadcast_to(dT, shape).ravel())
        if reference_temperature is not None:
            reference_temperature = positive("reference_temperature", reference_temperature,
                                             "K")
        res = law.evaluate(self, *flat, reference_temperature=reference_temperature,
                           jacobian=jacobian)
        i, q = res[0].reshape(shape + (3,)), res[1].reshape(shape)
        if not jacobian:
            return i, q
        return i, q, res[2].reshaped(shape)

    # ----------------------------------------------------------------------------------
