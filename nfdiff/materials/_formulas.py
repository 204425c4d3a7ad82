"""Formulas of derived material quantities (:mod:`nfdiff.materials`): the Kittel gap, the
Boltzmann magnon coefficients, Wiedemann-Franz, the magnon-phonon coupling."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, overload

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import zeta

from .. import _validate, units

if TYPE_CHECKING:
    pass

__all__ = [
    "DEFAULT_GAP_FIELD",
    "LORENZ_NUMBER",
    "MAGNON_LORENZ_RATIO",
    "SPIN_SEEBECK_RATIO",
    "boltzmann_magnon_thermal_conductivity",
    "boltzmann_spin_seebeck",
    "kittel_gap",
    "magnon_phonon_coupling",
    "magnon_phonon_length",
    "wiedemann_franz_thermal_conductivity",
]

# ---------------------------------------------------------------------------------------
# Derived-quantity formulas (docs/materials.md#materials-derived)
# ---------------------------------------------------------------------------------------

#: Boltzmann ratio ``varsigma / (k_B sigma_m)`` of a gapless quadratic magnon band with an
#: energy-independent relaxation time: ``5 zeta(5/2) / (2 zeta(3/2))`` = 1.28378 [1].
SPIN_SEEBECK_RATIO: float = float(5.0 * zeta(2.5) / (2.0 * zeta(1.5)))

#: Magnon Lorenz ratio ``kappa_m hbar / (k_B^2 T sigma_m)`` (sigma_m in 1/m) of the same
#: model: ``35 zeta(7/2) / (4 zeta(3/2))`` = 3.77393 [1].
MAGNON_LORENZ_RATIO: float = float(35.0 * zeta(3.5) / (4.0 * zeta(1.5)))

#: Sommerfeld value of the Lorenz number ``pi^2 k_B^2 / (3 e^2)`` [W Ohm/K^2].
LORENZ_NUMBER: float = math.pi**2 / 3.0 * (units.k_B / units.e) ** 2

#: Default in-plane applied field [T] of a MagneticInsulator, which sets its magnon gap.
DEFAULT_GAP_FIELD: float = 0.1


def kittel_gap(field: ArrayLike, saturation_magnetization: ArrayLike,
               g_factor: float = 2.0) -> float | np.ndarray:
    """The magnon gap of an in-plane magnetised film in an in-plane field: the bottom of
    the magnon band, the uniform (Kittel) mode ``hbar omega = g mu_B sqrt(B (B + mu0 M_s))``
    (C. Kittel, Phys. Rev. 73, 155 (1948); thin-film shape anisotropy, no crystalline
    anisotropy). The exchange band ``E = gap + J_s k^2`` of the interface law and of the
    bulk starts there, and :class:`nfdiff.dynamics.Macrospin` precesses at it.

    Parameters
    ----------
    field : float or array_like
        Applied field B [T] (>= 0).
    saturation_magnetization : float or array_like
        M_s [A/m] (> 0).
    g_factor : float
        Spectroscopic g-factor (default 2).

    Returns
    -------
    float or ndarray
        The gap [J]: 19.24 ueV for YIG (mu0 M_s = 0.176 T) at 0.1 T, against the Zeeman
        energy g mu_B B = 11.58 ueV.
    """
    from scipy.constants import mu_0

    B = _validate.nonnegative("field", field, "T")
    Ms = _validate.positive("saturation_magnetization", saturation_magnetization, "A/m")
    return g_factor * units.mu_B * np.sqrt(B * (B + mu_0 * Ms))


@overload
def boltzmann_spin_seebeck(magnon_conductivity: float) -> float: ...
@overload
def boltzmann_spin_seebeck(magnon_conductivity: ArrayLike) -> float | np.ndarray: ...
def boltzmann_spin_seebeck(magnon_conductivity: ArrayLike) -> float | np.ndarray:
    """Bulk magnon spin Seebeck coefficient of the Boltzmann model, in charge units.

    ``varsigma = (5 zeta(5/2) / (2 zeta(3/2))) (k_B / e) sigma_m``, i.e. 110.6 uV/K
    times sigma_m (gapless quadratic band, energy-independent relaxation time;
    docs/materials.md#materials-derived).

    Parameters
    ----------
    magnon_conductivity : float or array_like
        Magnon spin conductivity sigma_m in charge units [S/m] (> 0).

    Returns
    -------
    float or ndarray
        varsigma [A/(m K)].
    """
    sigma = _validate.positive("magnon_conductivity", magnon_conductivity, "S/m")
    return SPIN_SEEBECK_RATIO * units.k_B / units.e * sigma


@overload
def boltzmann_magnon_thermal_conductivity(magnon_conductivity: float,
                                          temperature: float) -> float: ...
@overload
def boltzmann_magnon_thermal_conductivity(magnon_conductivity: ArrayLike,
                                          temperature: ArrayLike) -> float | np.ndarray: ...
def boltzmann_magnon_thermal_conductivity(magnon_conductivity: ArrayLike,
                                          temperature: ArrayLike) -> float | np.ndarray:
    """Magnon thermal conductivity of the Boltzmann model (docs/materials.md#materials-derived).

    ``kappa_m = (sigma_m / (2 e^2)) k_B^2 T * 35 zeta(7/2) / (4 zeta(3/2))`` with sigma_m
    in S/m: sigma_m / (2 e^2) is the magnon *particle* conductivity [1/(J m s)], and
    times k_B^2 T [J^2/K] it is a thermal conductivity [W/(m K)].  This is the
    coefficient at zero gradient of mu_m, as in ``q_m = ... - kappa_m grad(T_m)``.

    Parameters
    ----------
    magnon_conductivity : float or array_like
        Magnon spin conductivity sigma_m in charge units [S/m] (> 0).
    temperature : float or array_like
        Temperature T [K] (> 0).

    Returns
    -------
    float or ndarray
        kappa_m [W/(m K)].
    """
    sigma = _validate.positive("magnon_conductivity", magnon_conductivity, "S/m")
    T = _validate.positive("temperature", temperature, "K")
    return sigma / (2.0 * units.e**2) * units.k_B**2 * T * MAGNON_LORENZ_RATIO


@overload
def wiedemann_franz_thermal_conductivity(conductivity: float, temperature: float) -> float: ...
@overload
def wiedemann_franz_thermal_conductivity(conductivity: ArrayLike,
                                         temperature: ArrayLike) -> float | np.ndarray: ...
def wiedemann_franz_thermal_conductivity(conductivity: ArrayLike,
                                         temperature: ArrayLike) -> float | np.ndarray:
    """Electronic thermal conductivity from the Wiedemann-Franz law, ``L0 sigma T``.

    Parameters
    ----------
    conductivity : float or array_like
        Electrical conductivity sigma [S/m] (> 0).
    temperature : float or array_like
        Temperature T [K] (> 0).

    Returns
    -------
    float or ndarray
        kappa [W/(m K)], with the Sommerfeld Lorenz number L0 = 2.443e-8 W Ohm/K^2.
    """
    sigma = _validate.positive("conductivity", conductivity, "S/m")
    T = _validate.positive("temperature", temperature, "K")
    return LORENZ_NUMBER * sigma * T


@overload
def magnon_phonon_coupling(magnon_thermal_conductivity: float,
                           phonon_thermal_conductivity: float,
                           magnon_phonon_length: float) -> float: ...
@overload
def magnon_phonon_coupling(magnon_thermal_conductivity: ArrayLike,
                           phonon_thermal_conductivity: ArrayLike,
                           magnon_phonon_length: ArrayLike) -> float | np.ndarray: ...
def magnon_phonon_coupling(magnon_thermal_conductivity: ArrayLike,
                           phonon_thermal_conductivity: ArrayLike,
                           magnon_phonon_length: ArrayLike) -> float | np.ndarray:
    """Magnon-phonon energy exchange coefficient Gamma_mp from the relaxation length.

    Inverts ``l_mp^2 = kappa_m kappa_p / (Gamma_mp (kappa_m + kappa_p))``
    (docs/theory.md#theory-bulk).

    Parameters
    ----------
    magnon_thermal_conductivity : float or array_like
        kappa_m [W/(m K)] (> 0).
    phonon_thermal_conductivity : float or array_like
        kappa_p [W/(m K)] (> 0).
    magnon_phonon_length : float or array_like
        l_mp [m] (> 0).

    Returns
    -------
    float or ndarray
        Gamma_mp [W/(m^3 K)], in ``div q_m = -Gamma_mp (T_m - T_p)``.
    """
    km = _validate.positive("magnon_thermal_conductivity", magnon_thermal_conductivity,
                            "W/(m K)")
    kp = _validate.positive("phonon_thermal_conductivity", phonon_thermal_conductivity,
                            "W/(m K)")
    lmp = _validate.positive("magnon_phonon_length", magnon_phonon_length, "m")
    return km * kp / (lmp**2 * (km + kp))


@overload
def magnon_phonon_length(magnon_thermal_conductivity: float,
                         phonon_thermal_conductivity: float,
                         magnon_phonon_coupling: float) -> float: ...
@overload
def magnon_phonon_length(magnon_thermal_conductivity: ArrayLike,
                         phonon_thermal_conductivity: ArrayLike,
                         magnon_phonon_coupling: ArrayLike) -> float | np.ndarray: ...
def magnon_phonon_length(magnon_thermal_conductivity: ArrayLike,
                         phonon_thermal_conductivity: ArrayLike,
                         magnon_phonon_coupling: ArrayLike) -> float | np.ndarray:
    """Magnon-phonon relaxation length l_mp from Gamma_mp (inverse of the function above).

    Parameters
    ----------
    magnon_thermal_conductivity : float or array_like
        kappa_m [W/(m K)] (> 0).
    phonon_thermal_conductivity : float or array_like
        kappa_p [W/(m K)] (> 0).
    magnon_phonon_coupling : float or array_like
        Gamma_mp [W/(m^3 K)] (> 0).

    Returns
    -------
    float or ndarray
        ``l_mp = sqrt(kappa_m kappa_p / (Gamma_mp (kappa_m + kappa_p)))`` [m].
    """
    km = _validate.positive("magnon_thermal_conductivity", magnon_thermal_conductivity,
                            "W/(m K)")
    kp = _validate.positive("phonon_thermal_conductivity", phonon_thermal_conductivity,
                            "W/(m K)")
    gamma = _validate.positive("magnon_phonon_coupling", magnon_phonon_coupling,
                               "W/(m^3 K)")
    return np.sqrt(km * kp / (gamma * (km + kp)))
