"""Physical constants and unit conversions (SI throughout).

nfdiff works in SI units with spin currents as angular-momentum current densities
[J/m^2] and per-area conductances [1/m^2] (docs/theory.md#theory-conventions).
Experimental papers quote the same quantities in *charge units*; the converters below
translate at the edges:

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

**The unit table.** Every unit that nfdiff reads or shows besides the SI ones is
defined here once: an SI prefix (:data:`PREFIXES`) on a simple SI unit
(:data:`PREFIXABLE`), or another name of an SI unit (:data:`ALIASES`: eV, A/cm^2,
Ohm as Ω, ...). :func:`scale` gives the size of such a unit in its SI unit,
:func:`parse_quantity` reads ``"<number> <unit>"`` (the command line's case files), and
:data:`DISPLAY_UNITS` lists the units a figure may use for each SI unit
(:func:`display_unit` picks one for a range of values, :func:`pretty` spells it for a
label).
"""

from __future__ import annotations

import re
from typing import overload

import numpy as np
from numpy.typing import ArrayLike
from scipy import constants as _const

from . import _validate

__all__ = [
    "ALIASES",
    "DISPLAY_UNITS",
    "G_QUANTUM",
    "PREFIXABLE",
    "PREFIXES",
    "display_unit",
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
    "parse_quantity",
    "pretty",
    "scale",
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

# ---------------------------------------------------------------------------------------
# The unit table: prefixes, other names of SI units, display units
# ---------------------------------------------------------------------------------------

#: SI prefixes accepted in front of a unit of :data:`PREFIXABLE` (``u`` and ``µ`` alike).
PREFIXES: dict[str, float] = {"G": 1e9, "M": 1e6, "k": 1e3, "m": 1e-3, "u": 1e-6,
                              "µ": 1e-6, "n": 1e-9, "p": 1e-12}
#: Simple SI units that take a prefix (``"nm"``, ``"uA"``, ``"mK"``, ``"mOhm"``...).
PREFIXABLE: tuple[str, ...] = ("m", "K", "A", "V", "J", "W", "s", "T", "Ohm", "S", "Hz")
#: Further names of some SI units: SI unit -> {name: size in the SI unit}.
ALIASES: dict[str, dict[str, float]] = {
    "m": {"cm": 1e-2, "Å": 1e-10},
    # electronvolts (exact since SI 2019), written out: 1e-3 * eV is not the nearest
    # double to 1.602176634e-22
    "J": {"eV": 1.602176634e-19, "meV": 1.602176634e-22, "ueV": 1.602176634e-25,
          "µeV": 1.602176634e-25, "neV": 1.602176634e-28},
    "A/m^2": {"A/cm^2": 1e4, "kA/cm^2": 1e7, "MA/cm^2": 1e10},
    "Ohm": {"Ω": 1.0},
}
#: Units a figure may show, per SI unit, largest first (each one is accepted by
#: :func:`scale`); :func:`display_unit` chooses among them, energies in electronvolts.
DISPLAY_UNITS: dict[str, tuple[str, ...]] = {
    "J": ("J", "eV", "meV", "ueV", "neV"),
    "V": ("V", "mV", "uV", "nV"),
    "K": ("K", "mK", "uK"),
    "m": ("m", "mm", "um", "nm"),
    "Ohm": ("Ohm", "mOhm", "uOhm"),
    "1": ("1",),
}
#: Display units that :func:`display_unit` does not choose by itself.
_NOT_CHOSEN = {"J"}  # electronvolts read better

_NUMBER_WITH_UNIT = re.compile(
    r"\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(\S.*?)?\s*")


def _canonical(unit: str) -> str:
    """A unit spelled one way: no blanks around / and ^, ** as ^, single blanks."""
    text = " ".join(unit.replace("**", "^").split())
    return re.sub(r"\s*([/^()])\s*", r"\1", text)


def scale(unit: str, si_unit: str) -> float:
    """Size of ``unit`` in ``si_unit``, e.g. ``scale("nm", "m") = 1e-9``.

    Accepts ``si_unit`` itself, an SI prefix (:data:`PREFIXES`) on a unit of
    :data:`PREFIXABLE` and the other names of :data:`ALIASES` (eV for J, A/cm^2 for
    A/m^2, Ω for Ohm, ...).

    Raises
    ------
    ValueError
        If ``unit`` is not a unit of ``si_unit``; the message says what is accepted.

    Examples
    --------
    >>> scale("ueV", "J") == ueV, scale("mK", "K"), scale("MA/cm^2", "A/m^2")
    (True, 0.001, 10000000000.0)
    """
    unit, base = _canonical(unit), _canonical(si_unit)
    if unit == base:
        return 1.0
    if base in PREFIXABLE and unit.endswith(base) and unit[:-len(base)] in PREFIXES:
        return PREFIXES[unit[:-len(base)]]
    aliases = ALIASES.get(base, {})
    if unit in aliases:
        return aliases[unit]
    accepted = [base]
    if base in PREFIXABLE:
        accepted.append(f"SI prefixes on {base} (e.g. n{base}, u{base}, m{base}, k{base})")
    accepted += list(aliases)
    raise ValueError(f"unit {unit!r} is not a unit of {base}; use " + ", ".join(accepted))


def parse_quantity(text: str, si_unit: str) -> float:
    """The SI value of ``"<number> <unit>"`` for a quantity measured in ``si_unit``.

    The unit is anything :func:`scale` accepts; the product is exact in decimal
    (``"1.5 nm"`` is 1.5e-09, not 1.5000000000000002e-09).

    Raises
    ------
    ValueError
        If the text is not a number followed by a unit of ``si_unit``.

    Examples
    --------
    >>> parse_quantity("1.5 nm", "m"), parse_quantity("100 uA", "A")
    (1.5e-09, 0.0001)
    """
    match = _NUMBER_WITH_UNIT.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a number with a unit (e.g. \"10 nm\"); this key "
                         f"is in {si_unit}")
    number, unit = match.groups()
    if unit is None:
        raise ValueError(f"{text!r} has no unit; write a plain number (no quotes) in "
                         f"{si_unit} or a number with a unit, e.g. \"1.5 {si_unit}\"")
    from decimal import Decimal  # only the command line reads quantities

    return float(Decimal(number) * Decimal(repr(scale(unit, si_unit))))


def display_unit(si_unit: str, largest: float) -> str:
    """The display unit of :data:`DISPLAY_UNITS` for values up to ``largest`` in size.

    The largest unit not above ``largest`` (so that the numbers shown are >= 1), the
    smallest unit for smaller values; energies in electronvolts (eV, meV, ueV, neV),
    never J. ``si_unit`` itself if it has no display units.

    Examples
    --------
    >>> display_unit("J", 3e-24), display_unit("K", 0.02), display_unit("V", 0.0)
    ('ueV', 'mK', 'nV')
    """
    choices = [u for u in DISPLAY_UNITS.get(si_unit, (si_unit,)) if u not in _NOT_CHOSEN]
    for unit in choices:
        if abs(largest) >= scale(unit, si_unit):
            return unit
    return choices[-1]


def pretty(unit: str) -> str:
    """A unit as shown in a figure: the prefix ``u`` as ``µ`` (``"ueV"`` -> ``"µeV"``)."""
    if unit.startswith("u") and any(unit == "u" + base for base in (*PREFIXABLE, "eV")):
        return "µ" + unit[1:]
    return unit


_MAGNON_CONDUCTANCE = 2.0 * e**2 / hbar      # S, G_L = this * g
_SIGMA_TO_SPIN = hbar / (2.0 * e**2)         # (1/m) per (S/m)
_SEEBECK_TO_SPIN = hbar / (2.0 * e)          # (J/(m K)) per (A/(m K))


def _scaled(name: str, value: ArrayLike, factor: float) -> float | np.ndarray:
    x = _validate.as_real(name, value)
    return x * factor


@overload
def mixing_conductance_to_si(g: float) -> float: ...
@overload
def mixing_conductance_to_si(g: ArrayLike) -> float | np.ndarray: ...
def mixing_conductance_to_si(g: ArrayLike) -> float | np.ndarray:
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


@overload
def mixing_conductance_from_si(G: float) -> float: ...
@overload
def mixing_conductance_from_si(G: ArrayLike) -> float | np.ndarray: ...
def mixing_conductance_from_si(G: ArrayLike) -> float | np.ndarray:
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


@overload
def magnon_conductance_to_si(g: float) -> float: ...
@overload
def magnon_conductance_to_si(g: ArrayLike) -> float | np.ndarray: ...
def magnon_conductance_to_si(g: ArrayLike) -> float | np.ndarray:
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


@overload
def magnon_conductance_from_si(G_L: float) -> float: ...
@overload
def magnon_conductance_from_si(G_L: ArrayLike) -> float | np.ndarray: ...
def magnon_conductance_from_si(G_L: ArrayLike) -> float | np.ndarray:
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


@overload
def magnon_conductivity_to_spin(sigma: float) -> float: ...
@overload
def magnon_conductivity_to_spin(sigma: ArrayLike) -> float | np.ndarray: ...
def magnon_conductivity_to_spin(sigma: ArrayLike) -> float | np.ndarray:
    """Magnon spin conductivity from charge to angular-momentum units.

    ``sigma_m[1/m] = sigma_m[S/m] * hbar / (2 e^2)`` (docs/theory.md#theory-coefficients): the
    literature
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


@overload
def magnon_conductivity_from_spin(sigma_m: float) -> float: ...
@overload
def magnon_conductivity_from_spin(sigma_m: ArrayLike) -> float | np.ndarray: ...
def magnon_conductivity_from_spin(sigma_m: ArrayLike) -> float | np.ndarray:
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


@overload
def spin_seebeck_to_spin(varsigma: float) -> float: ...
@overload
def spin_seebeck_to_spin(varsigma: ArrayLike) -> float | np.ndarray: ...
def spin_seebeck_to_spin(varsigma: ArrayLike) -> float | np.ndarray:
    """Bulk magnon spin Seebeck coefficient from charge to angular-momentum units.

    ``varsigma[J/(m K)] = varsigma[A/(m K)] * hbar / (2 e)``
    (docs/theory.md#theory-coefficients), for
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


@overload
def spin_seebeck_from_spin(varsigma: float) -> float: ...
@overload
def spin_seebeck_from_spin(varsigma: ArrayLike) -> float | np.ndarray: ...
def spin_seebeck_from_spin(varsigma: ArrayLike) -> float | np.ndarray:
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


@overload
def zeeman_gap(field: float, g_factor: float = 2.0) -> float: ...
@overload
def zeeman_gap(field: ArrayLike, g_factor: float = 2.0) -> float | np.ndarray: ...
def zeeman_gap(field: ArrayLike, g_factor: float = 2.0) -> float | np.ndarray:
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


@overload
def to_ev(energy: float) -> float: ...
@overload
def to_ev(energy: ArrayLike) -> float | np.ndarray: ...
def to_ev(energy: ArrayLike) -> float | np.ndarray:
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


@overload
def from_ev(energy: float) -> float: ...
@overload
def from_ev(energy: ArrayLike) -> float | np.ndarray: ...
def from_ev(energy: ArrayLike) -> float | np.ndarray:
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
