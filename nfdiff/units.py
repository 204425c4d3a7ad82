"""Physical constants and unit conversions (SI throughout).

nfdiff works in SI units with spin currents as angular-momentum current densities
[J/m^2] and per-area conductances [1/m^2] (physics.md 2).  Experimental papers quote
the same quantities in *charge units*; the converters below translate at the edges:

- spin-mixing conductance g_r, g_i: charge units G = (e^2/h) g [S/m^2]; nfdiff
  g [1/m^2];
- longitudinal magnon conductance g: G_L = (2 e^2/hbar) g [S/m^2]; nfdiff g [1/m^2];
- magnon spin conductivity: sigma_m [S/m]; nfdiff sigma_m hbar/(2 e^2) [1/m];
- bulk magnon spin Seebeck coefficient: varsigma [A/(m K)]; nfdiff
  varsigma hbar/(2 e) [J/(m K)].

``G_L / G = 4 pi`` for the same ``g``: the paper's longitudinal magnon term has no
``1/(4 pi)`` in front of it, the mixing terms do.

All converters are vectorised: a scalar gives a ``float``, an array a new array.  They
are plain arithmetic, so NaN propagates (as in numpy); non-real input (strings,
complex numbers) raises :class:`~nfdiff.errors.ParameterError`.
"""

from __future__ import annotations

import numpy as np
from scipy import constants as _const

from . import _validate

__all__ = [
    "G_QUANTUM",
    "e",
    "eV",
    "from_ev",
    "h",
    "hbar",
    "k_B",
    "magnon_conductance_from_si",
    "magnon_conductance_to_si",
    "magnon_conductivity_from_spin",
    "magnon_conductivity_to_spin",
    "meV",
    "mixing_conductance_from_si",
    "mixing_conductance_to_si",
    "mu_B",
    "spin_seebeck_from_spin",
    "spin_seebeck_to_spin",
    "to_ev",
    "ueV",
    "zeeman_gap",
]

#: Elementary charge [C] (exact, SI 2019).
e: float = _const.e
#: Planck constant [J s] (exact).
h: float = _const.h
#: Reduced Planck constant [J s].
hbar: float = _const.hbar
#: Boltzmann constant [J/K] (exact).
k_B: float = _const.k
#: Bohr magneton [J/T] (CODATA, via scipy.constants).
mu_B: float = _const.physical_constants["Bohr magneton"][0]
#: One electronvolt [J].
eV: float = _const.eV
#: One millielectronvolt [J].
meV: float = 1e-3 * _const.eV
#: One microelectronvolt [J].
ueV: float = 1e-6 * _const.eV
#: Conductance quantum per spin e^2/h [S]; G = G_QUANTUM * g for the mixing conductance.
G_QUANTUM: float = _const.e**2 / _const.h

_MAGNON_CONDUCTANCE = 2.0 * e**2 / hbar      # S, G_L = this * g
_SIGMA_TO_SPIN = hbar / (2.0 * e**2)         # (1/m) per (S/m)
_SEEBECK_TO_SPIN = hbar / (2.0 * e)          # (J/(m K)) per (A/(m K))


def _scaled(name: str, value, factor: float) -> float | np.ndarray:
    x = _validate.as_real(name, value)
    return x * factor


def mixing_conductance_to_si(g):
    """Spin-mixing conductance per area in charge units, ``G = (e^2/h) g``.

    Parameters
    ----------
    g : float or array_like
        Mixing conductance per area in nfdiff units (the paper's g_r or g_i) [1/m^2].

    Returns
    -------
    float or ndarray
        ``G`` [S/m^2] (Ohm^-1 m^-2), the quantity fitted in SMR and spin-pumping papers.

    Examples
    --------
    >>> round(mixing_conductance_to_si(1e19) / 1e14, 4)
    3.874
    """
    return _scaled("g", g, G_QUANTUM)


def mixing_conductance_from_si(G):
    """Spin-mixing conductance per area from charge units, ``g = (h/e^2) G``.

    Parameters
    ----------
    G : float or array_like
        Mixing conductance in charge units [S/m^2].

    Returns
    -------
    float or ndarray
        ``g`` [1/m^2].
    """
    return _scaled("G", G, 1.0 / G_QUANTUM)


def magnon_conductance_to_si(g):
    """Longitudinal magnon conductance in charge units, ``G_L = (2 e^2/hbar) g``.

    The paper's longitudinal term ``g (mu + n.mu_s) n`` carries no ``1/(4 pi)``, so
    ``G_L = 4 pi (e^2/h) g``, four pi times the mixing-conductance conversion.

    Parameters
    ----------
    g : float or array_like
        Magnon conductance per area in nfdiff units [1/m^2].

    Returns
    -------
    float or ndarray
        ``G_L`` [S/m^2].
    """
    return _scaled("g", g, _MAGNON_CONDUCTANCE)


def magnon_conductance_from_si(G_L):
    """Longitudinal magnon conductance from charge units, ``g = hbar G_L / (2 e^2)``.

    Parameters
    ----------
    G_L : float or array_like
        Magnon conductance in charge units [S/m^2].

    Returns
    -------
    float or ndarray
        ``g`` [1/m^2].
    """
    return _scaled("G_L", G_L, 1.0 / _MAGNON_CONDUCTANCE)


def magnon_conductivity_to_spin(sigma):
    """Magnon spin conductivity from charge to angular-momentum units.

    ``sigma_m[1/m] = sigma_m[S/m] * hbar / (2 e^2)`` (physics.md 3.2): the literature
    quotes sigma_m for a spin current in A/m^2 driven by mu_m in V; nfdiff uses
    ``j_m = -sigma_m grad(mu_m)`` with j_m in J/m^2 and mu_m in J.

    Parameters
    ----------
    sigma : float or array_like
        Magnon spin conductivity in charge units [S/m].

    Returns
    -------
    float or ndarray
        ``sigma_m`` [1/m].
    """
    return _scaled("sigma", sigma, _SIGMA_TO_SPIN)


def magnon_conductivity_from_spin(sigma_m):
    """Magnon spin conductivity from angular-momentum to charge units.

    Inverse of :func:`magnon_conductivity_to_spin`: ``sigma[S/m] = sigma_m 2 e^2 / hbar``.

    Parameters
    ----------
    sigma_m : float or array_like
        Magnon spin conductivity [1/m].

    Returns
    -------
    float or ndarray
        Magnon spin conductivity in charge units [S/m].
    """
    return _scaled("sigma_m", sigma_m, 1.0 / _SIGMA_TO_SPIN)


def spin_seebeck_to_spin(varsigma):
    """Bulk magnon spin Seebeck coefficient from charge to angular-momentum units.

    ``varsigma[J/(m K)] = varsigma[A/(m K)] * hbar / (2 e)`` (physics.md 3.2), for
    ``j_m = -sigma_m grad(mu_m) - varsigma grad(T_m)`` with j_m in J/m^2.

    Parameters
    ----------
    varsigma : float or array_like
        Spin Seebeck coefficient in charge units [A/(m K)].

    Returns
    -------
    float or ndarray
        ``varsigma`` [J/(m K)].
    """
    return _scaled("varsigma", varsigma, _SEEBECK_TO_SPIN)


def spin_seebeck_from_spin(varsigma):
    """Bulk magnon spin Seebeck coefficient from angular-momentum to charge units.

    Inverse of :func:`spin_seebeck_to_spin`: ``varsigma[A/(m K)] = varsigma 2 e / hbar``.

    Parameters
    ----------
    varsigma : float or array_like
        Spin Seebeck coefficient [J/(m K)].

    Returns
    -------
    float or ndarray
        Spin Seebeck coefficient in charge units [A/(m K)].
    """
    return _scaled("varsigma", varsigma, 1.0 / _SEEBECK_TO_SPIN)


def zeeman_gap(field, g_factor: float = 2.0):
    """Magnon gap opened by an applied magnetic field, ``Delta = g mu_B B``.

    Parameters
    ----------
    field : float or array_like
        Magnitude of the applied field B [T] (>= 0).
    g_factor : float, optional
        Spectroscopic g-factor of the magnet [1] (> 0, default 2.0).

    Returns
    -------
    float or ndarray
        The gap [J]; 1 T and g = 2 give 1.8548e-23 J = 0.1158 meV.

    Raises
    ------
    ParameterError
        If ``field`` is negative or not finite, or ``g_factor`` is not positive.
    """
    field = _validate.nonnegative("field", field, "T")
    g_factor = _validate.positive("g_factor", g_factor)
    return g_factor * mu_B * field


def to_ev(energy):
    """Energy in electronvolts.

    Parameters
    ----------
    energy : float or array_like
        Energy [J].

    Returns
    -------
    float or ndarray
        Energy [eV]; divide by ``1e-3`` for meV.
    """
    return _scaled("energy", energy, 1.0 / eV)


def from_ev(energy):
    """Energy in joules from electronvolts.

    Parameters
    ----------
    energy : float or array_like
        Energy [eV] (write ``from_ev(0.1158e-3)`` for 0.1158 meV).

    Returns
    -------
    float or ndarray
        Energy [J].
    """
    return _scaled("energy", energy, eV)
