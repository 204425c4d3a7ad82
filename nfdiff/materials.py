"""Material parameters: frozen, validated, and cited.

Three kinds of material, one per kind of region (physics.md 1), and the parameters of
an N|F interface:

- :class:`NormalMetal` (Pt, Ta, W, Cu): electrons with spin diffusion and spin Hall
  conversion (physics.md 3.1);
- :class:`MagneticInsulator` (YIG): a magnon gas with its own chemical potential and
  temperature, coupled to the phonons (physics.md 3.2);
- :class:`Dielectric` (GGG): phonon heat conduction only (physics.md 3.3);
- :class:`InterfaceParameters`: spin-mixing conductances and Kapitza conductance of an
  N|F pair (physics.md 4.1).

Every instance is a frozen dataclass, checked when it is made (a bad value raises
:class:`~nfdiff.errors.ParameterError` naming the field, the value and the valid
range).  Change a value with ``replace``, which returns a checked copy::

    >>> import nfdiff.materials as materials
    >>> pt = materials.get("Pt").replace(spin_hall_angle=0.08)

Each instance carries ``sources``, a read-only mapping from field name to where the
number comes from (citation, unit, and a note where it is an estimate or a choice
among disagreeing sources).  ``replace`` marks the fields it changes as user values.
Fields whose default is derived from others (``gap``, ``spin_seebeck``,
``magnon_thermal_conductivity``, a metal's ``thermal_conductivity``) are evaluated
when the instance is made; pass ``None`` to ``replace`` to derive them again after
changing what they depend on.

Units: SI throughout, except that the magnon spin conductivity and the spin Seebeck
coefficient are stored in the *charge units* of the experimental literature (S/m and
A/(m K)); :attr:`MagneticInsulator.magnon_conductivity_spin` and
:attr:`MagneticInsulator.spin_seebeck_spin` give them in nfdiff's angular-momentum
units (physics.md 3.2).

The built-in sets are listed by :func:`names` and returned by :func:`get`; the
interface sets by :func:`interface_pairs` and :func:`interface_parameters`.
:func:`sources_table` renders every built-in number with its source as markdown (it
generates docs/materials.md: ``python -m nfdiff.materials docs/materials.md``).
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import sys
from collections.abc import Iterator, Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import Any, ClassVar

import numpy as np
from scipy.special import zeta

from . import _validate, units
from .errors import ParameterError
from .params import Parameter, declared, documented

__all__ = [
    "DEFAULT_GAP_FIELD",
    "DEFAULT_KAPITZA_CONDUCTANCE",
    "LORENZ_NUMBER",
    "MAGNON_LORENZ_RATIO",
    "SPIN_SEEBECK_RATIO",
    "Dielectric",
    "InterfaceParameters",
    "MagneticInsulator",
    "NormalMetal",
    "boltzmann_magnon_thermal_conductivity",
    "boltzmann_spin_seebeck",
    "get",
    "interface_pairs",
    "interface_parameters",
    "magnon_phonon_coupling",
    "magnon_phonon_length",
    "names",
    "sources_table",
    "wiedemann_franz_thermal_conductivity",
]

# ---------------------------------------------------------------------------------------
# Derived-quantity formulas (physics.md 3.2 and 9)
# ---------------------------------------------------------------------------------------

#: Boltzmann ratio ``varsigma / (k_B sigma_m)`` of a gapless quadratic magnon band with an
#: energy-independent relaxation time: ``5 zeta(5/2) / (2 zeta(3/2))`` = 1.28378 [1].
SPIN_SEEBECK_RATIO: float = float(5.0 * zeta(2.5) / (2.0 * zeta(1.5)))

#: Magnon Lorenz ratio ``kappa_m hbar / (k_B^2 T sigma_m)`` (sigma_m in 1/m) of the same
#: model: ``35 zeta(7/2) / (4 zeta(3/2))`` = 3.77393 [1].
MAGNON_LORENZ_RATIO: float = float(35.0 * zeta(3.5) / (4.0 * zeta(1.5)))

#: Sommerfeld value of the Lorenz number ``pi^2 k_B^2 / (3 e^2)`` [W Ohm/K^2].
LORENZ_NUMBER: float = math.pi**2 / 3.0 * (units.k_B / units.e) ** 2

#: Applied field [T] whose Zeeman gap is the default magnon gap of a MagneticInsulator.
DEFAULT_GAP_FIELD: float = 0.1


def boltzmann_spin_seebeck(magnon_conductivity):
    """Bulk magnon spin Seebeck coefficient of the Boltzmann model, in charge units.

    ``varsigma = (5 zeta(5/2) / (2 zeta(3/2))) (k_B / e) sigma_m``, i.e. 110.6 uV/K
    times sigma_m (gapless quadratic band, energy-independent relaxation time;
    physics.md 3.2).

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


def boltzmann_magnon_thermal_conductivity(magnon_conductivity, temperature):
    """Magnon thermal conductivity of the Boltzmann model (physics.md 9, last row).

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


def wiedemann_franz_thermal_conductivity(conductivity, temperature):
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


def magnon_phonon_coupling(magnon_thermal_conductivity, phonon_thermal_conductivity,
                           magnon_phonon_length):
    """Magnon-phonon energy exchange coefficient Gamma_mp from the relaxation length.

    Inverts ``l_mp^2 = kappa_m kappa_p / (Gamma_mp (kappa_m + kappa_p))`` (physics.md 3.2).

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


def magnon_phonon_length(magnon_thermal_conductivity, phonon_thermal_conductivity,
                         magnon_phonon_coupling):
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


# ---------------------------------------------------------------------------------------
# Machinery shared by the parameter classes
# ---------------------------------------------------------------------------------------


class _FrozenMapping(Mapping):
    """A read-only, hashable, picklable ``str -> str`` mapping (for ``sources``)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, str] = ()):
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("sources is read-only; use replace(sources=...)")

    def __reduce__(self):
        return (type(self), (self._data,))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"


def _quantity(unit: str, check: str | tuple[float, float], description: str, *,
              default: Any = dataclasses.MISSING, derive: str | None = None,
              details: str = "") -> Any:
    """A numeric dataclass field declared with its unit, check and description
    (:class:`nfdiff.params.Parameter`) and, optionally, a derivation.

    ``check`` is ``"finite"``, ``"positive"``, ``"nonnegative"`` or a closed interval
    ``(lo, hi)``.  ``derive`` names a method ``(self) -> (value, source_text)`` used when
    the field is None (its default).
    """
    if derive is not None:
        default = None
    metadata = {"parameter": Parameter(unit, check, description, derive=derive,
                                       details=details), "unit": unit}
    return field(default=default, metadata=metadata)


def _name(description: str, **options: Any) -> Any:
    """The ``name`` field (not a quantity, checked by the class), declared for the docs."""
    return field(**options, metadata={"parameter": Parameter(
        None, None, description, kind="object", type_name="str")})


def _sources() -> Any:
    """The ``sources`` field of every parameter set (checked by the class)."""
    return field(default_factory=dict, compare=False, repr=False, metadata={
        "parameter": Parameter(None, None, "Field name -> citation, unit and notes "
                               "(read-only; default: empty, except for derived fields, "
                               "which state their formula).", kind="object",
                               type_name="Mapping[str, str], optional")})


def _fmt(value: float) -> str:
    """Six significant digits, exponent without '+' and leading zeros (2.5e6, 1.5e-9)."""
    text = format(value, ".6g")
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def _documented(cls: type) -> type:
    """Class decorator: the Parameters section of the docstring from the declarations."""
    return documented(declared(cls).values())(cls)


class _ParameterSet:
    """Validation, ``replace`` and provenance shared by the frozen parameter classes.

    Subclasses are frozen dataclasses whose numeric fields are made with
    :func:`_quantity`; they may add consistency checks in ``_check_consistency``.
    """

    __slots__ = ()
    kind: ClassVar[str] = ""

    # -- introspection -----------------------------------------------------------------
    @classmethod
    def numeric_fields(cls) -> tuple[dataclasses.Field, ...]:
        """The numeric fields (those with a unit), in declaration order.

        Returns
        -------
        tuple of dataclasses.Field
            ``f.name`` is the field name and ``f.metadata["unit"]`` its unit.
        """
        return tuple(f for f in dataclasses.fields(cls) if "unit" in f.metadata)

    @classmethod
    def unit_of(cls, field_name: str) -> str:
        """Unit of a numeric field (``"1"`` for dimensionless ones).

        Parameters
        ----------
        field_name : str
            Name of a numeric field.

        Returns
        -------
        str
            The unit, e.g. ``"S/m"``.
        """
        for f in cls.numeric_fields():
            if f.name == field_name:
                return f.metadata["unit"]
        raise KeyError(f"{cls.__name__} has no numeric field {field_name!r}; numeric fields: "
                       + ", ".join(f.name for f in cls.numeric_fields()))

    # -- validation --------------------------------------------------------------------
    def __post_init__(self) -> None:
        cls_name = type(self).__name__
        if not isinstance(self.name, str) or not self.name.strip():
            raise ParameterError("name", self.name, f"{cls_name}.name must be a non-empty str")
        sources = self.sources
        if not isinstance(sources, Mapping):
            raise ParameterError("sources", sources,
                                 "must be a mapping from field name to citation text")
        sources = dict(sources)
        numeric = self.numeric_fields()
        valid = [f.name for f in numeric]
        for key, text in sources.items():
            if key not in valid:
                raise ParameterError("sources", key, f"keys must be numeric fields of "
                                     f"{cls_name}: {', '.join(valid)}")
            if not isinstance(text, str):
                raise ParameterError(f"sources[{key!r}]", text, "must be a str (a citation)")

        pending = []
        parameters = declared(type(self))
        for f in numeric:
            p = parameters[f.name]
            value = getattr(self, f.name)
            if value is None:
                if p.derive is None:
                    raise ParameterError(f.name, None, f"is required (a number in {p.unit})")
                pending.append(p)
                continue
            object.__setattr__(self, f.name, p.validate(value))
        for p in pending:  # derived defaults, once everything they depend on is checked
            value, text = getattr(self, p.derive)()
            object.__setattr__(self, p.name, p.validate(value))
            sources[p.name] = text
        object.__setattr__(self, "sources", _FrozenMapping(sources))
        self._check_consistency()

    def _check_consistency(self) -> None:
        """Checks that involve several fields (overridden where there are any)."""

    # -- copies ------------------------------------------------------------------------
    def replace(self, **changes: Any):
        """A validated copy with some fields changed.

        Parameters
        ----------
        **changes
            New field values, by field name, in the field's unit (see the class
            docstring).  ``None`` re-derives a field that has a derived default.
            A changed field's ``sources`` entry becomes a note that it was set here,
            unless ``sources={field: citation}`` is passed too (entries given there
            are merged into the existing sources).

        Returns
        -------
        same type as self
            The new instance (``self`` is unchanged).

        Raises
        ------
        TypeError
            For an unknown field name; the message lists the valid fields.
        ParameterError
            If a new value is invalid (the message names the field, value and range).
        """
        valid = [f.name for f in dataclasses.fields(self) if f.init]
        unknown = sorted(set(changes) - set(valid))
        if unknown:
            raise TypeError(f"{type(self).__name__}.replace() got unknown field(s) "
                            f"{', '.join(map(repr, unknown))}; valid fields: {', '.join(valid)}")
        new_sources = changes.pop("sources", None)
        if new_sources is not None and not isinstance(new_sources, Mapping):
            raise ParameterError("sources", new_sources,
                                 "must be a mapping from field name to citation text")
        sources = dict(self.sources)
        units_by_name = {f.name: f.metadata["unit"] for f in self.numeric_fields()}
        for key, value in changes.items():
            if key not in units_by_name:
                continue
            old = getattr(self, key)
            if value is None:
                sources.pop(key, None)  # derived again (or an error if not derivable)
            elif not (isinstance(value, numbers.Real) and value == old):
                unit = units_by_name[key]
                unit = "" if unit == "1" else f" {unit}"
                sources[key] = f"user value set with replace() (was {_fmt(old)}{unit})"
        sources.update(new_sources or {})
        return dataclasses.replace(self, sources=sources, **changes)


# ---------------------------------------------------------------------------------------
# The material classes
# ---------------------------------------------------------------------------------------


@_documented
@dataclass(frozen=True)
class NormalMetal(_ParameterSet):
    """A normal metal N: spin diffusion with spin Hall conversion (physics.md 3.1)."""

    kind: ClassVar[str] = "normal metal"

    name: str = _name("Name of the material (positional; every other field is "
                      "keyword-only).")
    _: KW_ONLY
    conductivity: float = _quantity(
        "S/m", "positive", "Electrical conductivity sigma_0 at reference_temperature.")
    spin_diffusion_length: float = _quantity("m", "positive", "Spin diffusion length lambda.")
    spin_hall_angle: float = _quantity(
        "1", (-1.0, 1.0), "Spin Hall angle theta_SH, signed, positive for Pt.",
        details="Convention: J_c^ISHE = theta_SH (2e/hbar) sum_k i_k x k_hat.")
    thermal_conductivity: float | None = _quantity(
        "W/(m K)", "positive", "Thermal conductivity kappa_N.",
        derive="_derive_thermal_conductivity",
        details="Default (None): the Wiedemann-Franz value L0 sigma_0 T_ref.")
    resistivity_temperature_coefficient: float = _quantity(
        "1/K", "finite", "alpha in rho(T) = rho_0 (1 + alpha (T - T_ref)), signed.",
        default=0.0, details="0: a temperature-independent conductivity.")
    reference_temperature: float = _quantity(
        "K", "positive", "T_ref, where the conductivity is sigma_0.", default=300.0)
    sources: Mapping[str, str] = _sources()

    def _derive_thermal_conductivity(self) -> tuple[float, str]:
        value = wiedemann_franz_thermal_conductivity(self.conductivity,
                                                     self.reference_temperature)
        return value, ("derived: Wiedemann-Franz L0 sigma T_ref with L0 = pi^2 k_B^2/(3 e^2) "
                       f"= 2.443e-8 W Ohm/K^2 at T_ref = {_fmt(self.reference_temperature)} K")

    @property
    def resistivity(self) -> float:
        """Resistivity rho_0 = 1/sigma_0 at ``reference_temperature`` [Ohm m]."""
        return 1.0 / self.conductivity

    def _resistivity_factor(self, temperature) -> float | np.ndarray:
        T = _validate.positive("temperature", temperature, "K")
        alpha = self.resistivity_temperature_coefficient
        factor = 1.0 + alpha * (T - self.reference_temperature)
        if alpha != 0.0:
            limit = self.reference_temperature - 1.0 / alpha
            side = ">" if alpha > 0 else "<"
            _validate.require("temperature", T, factor > 0,
                              f"the resistivity rho_0 (1 + alpha (T - T_ref)) must stay > 0, "
                              f"i.e. T {side} {_fmt(limit)} K for "
                              f"resistivity_temperature_coefficient = {_fmt(alpha)} 1/K and "
                              f"reference_temperature = {_fmt(self.reference_temperature)} K",
                              "K")
        return factor

    def conductivity_at(self, temperature):
        """Conductivity at temperature T, ``sigma_0 / (1 + alpha (T - T_ref))``.

        Parameters
        ----------
        temperature : float or array_like
            Temperature T [K] (> 0).

        Returns
        -------
        float or ndarray
            sigma(T) [S/m], the shape of ``temperature``.

        Raises
        ------
        ParameterError
            If a temperature is not positive and finite, or makes the resistivity
            non-positive (possible with alpha != 0 far from T_ref).
        """
        return self.conductivity / self._resistivity_factor(temperature)

    def dconductivity_dT(self, temperature):
        """Temperature derivative of :meth:`conductivity_at`.

        ``d sigma / dT = -sigma_0 alpha / (1 + alpha (T - T_ref))^2``.

        Parameters
        ----------
        temperature : float or array_like
            Temperature T [K] (> 0).

        Returns
        -------
        float or ndarray
            d sigma / dT [S/(m K)], the shape of ``temperature``.
        """
        factor = self._resistivity_factor(temperature)
        return -self.conductivity * self.resistivity_temperature_coefficient / factor**2


@_documented
@dataclass(frozen=True)
class MagneticInsulator(_ParameterSet):
    """A magnetic insulator F: magnon gas and phonons (physics.md 3.2)."""

    kind: ClassVar[str] = "magnetic insulator"

    name: str = _name("Name of the material (positional; every other field is "
                      "keyword-only).")
    _: KW_ONLY
    spin_density: float = _quantity(
        "1/m^3", "positive", "Zero-temperature saturation spin density s = M_s(0)/(g mu_B).",
        details="Not the room-temperature magnetisation, which would count the thermal "
                "reduction twice in the interface law.")
    exchange_stiffness: float = _quantity(
        "J m^2", "positive", "J_s of the magnon dispersion E = gap + J_s k^2.",
        details="Not the micromagnetic exchange constant A [J/m].")
    gap: float | None = _quantity(
        "J", "nonnegative", "Magnon gap Delta.", derive="_derive_gap",
        details="Default (None): the Zeeman gap g mu_B B of an applied field B = 0.1 T "
                "(:data:`DEFAULT_GAP_FIELD`), 1.855e-24 J for g = 2.")
    magnon_conductivity: float = _quantity(
        "S/m", "positive", "Magnon spin conductivity sigma_m, in charge units.")
    magnon_diffusion_length: float = _quantity(
        "m", "positive", "Magnon diffusion (relaxation) length lambda_m.")
    spin_seebeck: float | None = _quantity(
        "A/(m K)", "finite", "Bulk magnon spin Seebeck coefficient varsigma, in charge units, "
        "signed.", derive="_derive_spin_seebeck",
        details="Default (None): the Boltzmann value :func:`boltzmann_spin_seebeck` "
                "(110.6 uV/K times sigma_m).")
    magnon_thermal_conductivity: float | None = _quantity(
        "W/(m K)", "positive", "Magnon thermal conductivity kappa_m.",
        derive="_derive_magnon_thermal_conductivity",
        details="Default (None): the Boltzmann value "
                ":func:`boltzmann_magnon_thermal_conductivity` at reference_temperature.")
    phonon_thermal_conductivity: float = _quantity(
        "W/(m K)", "positive", "Phonon thermal conductivity kappa_p.")
    magnon_phonon_length: float = _quantity(
        "m", "positive", "Magnon-phonon relaxation length l_mp.")
    gilbert_damping: float = _quantity("1", "nonnegative", "Gilbert damping alpha.")
    saturation_magnetization: float = _quantity(
        "A/m", "positive", "Saturation magnetisation M_s at reference_temperature.",
        details="For magnetisation dynamics; it must not exceed g mu_B s.")
    g_factor: float = _quantity("1", "positive", "Spectroscopic g-factor.", default=2.0)
    curie_temperature: float = _quantity(
        "K", "positive", "Curie temperature T_C, above reference_temperature.")
    reference_temperature: float = _quantity(
        "K", "positive", "Temperature at which the transport values hold.", default=300.0)
    sources: Mapping[str, str] = _sources()

    # -- derived defaults --------------------------------------------------------------
    def _derive_gap(self) -> tuple[float, str]:
        value = units.zeeman_gap(DEFAULT_GAP_FIELD, self.g_factor)
        return value, (f"derived default: Zeeman gap g mu_B B of an applied field "
                       f"B = {_fmt(DEFAULT_GAP_FIELD)} T with g = {_fmt(self.g_factor)} "
                       f"({_fmt(units.to_ev(value) * 1e3)} meV); set gap=zeeman_gap(B) for "
                       "another field (the nonlinear interface law needs a gap > 0)")

    def _derive_spin_seebeck(self) -> tuple[float, str]:
        value = boltzmann_spin_seebeck(self.magnon_conductivity)
        return value, ("derived: Boltzmann ratio 5 zeta(5/2)/(2 zeta(3/2)) k_B/e = 110.6 uV/K "
                       "(gapless quadratic band, energy-independent relaxation time; "
                       "physics.md 3.2) times magnon_conductivity")

    def _derive_magnon_thermal_conductivity(self) -> tuple[float, str]:
        value = boltzmann_magnon_thermal_conductivity(self.magnon_conductivity,
                                                      self.reference_temperature)
        return value, ("derived: Boltzmann value (sigma_m/(2 e^2)) k_B^2 T "
                       "35 zeta(7/2)/(4 zeta(3/2)) with sigma_m = magnon_conductivity in S/m "
                       f"at T = reference_temperature = {_fmt(self.reference_temperature)} K "
                       "(physics.md 9)")

    # -- checks among fields -----------------------------------------------------------
    def _check_consistency(self) -> None:
        _validate.require("reference_temperature", self.reference_temperature,
                          self.reference_temperature < self.curie_temperature,
                          f"must be below curie_temperature = {_fmt(self.curie_temperature)} K "
                          "(the magnet must be ordered)", "K")
        m_max = self.g_factor * units.mu_B * self.spin_density
        _validate.require("spin_density", self.spin_density,
                          self.saturation_magnetization <= m_max * (1.0 + 1e-12),
                          "must be the zero-temperature saturation spin density, at least "
                          "saturation_magnetization/(g_factor mu_B) = "
                          f"{_fmt(self.saturation_magnetization / (self.g_factor * units.mu_B))}"
                          " 1/m^3 (M_s at reference_temperature cannot exceed g mu_B s)",
                          "1/m^3")
        # Positive entropy production of the bulk magnon transport (physics.md 3.2):
        # the Onsager matrix [[sigma_m, varsigma], [varsigma T0/hbar, kappa_m]] must be
        # positive definite, i.e. varsigma^2 T0 < hbar sigma_m kappa_m in spin units.
        lhs = self.spin_seebeck_spin**2 * self.reference_temperature
        rhs = units.hbar * self.magnon_conductivity_spin * self.magnon_thermal_conductivity
        limit = units.spin_seebeck_from_spin(
            math.sqrt(rhs / self.reference_temperature))
        _validate.require("spin_seebeck", self.spin_seebeck, lhs < rhs,
                          f"|spin_seebeck| must be below {_fmt(limit)} A/(m K) = "
                          "sqrt(2 magnon_conductivity magnon_thermal_conductivity / "
                          "reference_temperature) (positive entropy production); after "
                          "changing magnon_conductivity, pass spin_seebeck=None and "
                          "magnon_thermal_conductivity=None to re-derive them", "A/(m K)")

    # -- internal units ----------------------------------------------------------------
    @property
    def magnon_conductivity_spin(self) -> float:
        """Magnon spin conductivity in angular-momentum units, sigma hbar/(2e^2) [1/m]."""
        return units.magnon_conductivity_to_spin(self.magnon_conductivity)

    @property
    def spin_seebeck_spin(self) -> float:
        """Spin Seebeck coefficient in angular-momentum units, varsigma hbar/(2e) [J/(m K)]."""
        return units.spin_seebeck_to_spin(self.spin_seebeck)

    @property
    def magnon_phonon_coupling(self) -> float:
        """Magnon-phonon energy exchange Gamma_mp [W/(m^3 K)].

        From ``l_mp^2 = kappa_m kappa_p / (Gamma_mp (kappa_m + kappa_p))``.
        """
        return magnon_phonon_coupling(self.magnon_thermal_conductivity,
                                      self.phonon_thermal_conductivity,
                                      self.magnon_phonon_length)

    @property
    def zero_temperature_magnetization(self) -> float:
        """Saturation magnetisation at zero temperature, g mu_B s [A/m]."""
        return self.g_factor * units.mu_B * self.spin_density

    def magnon_gas(self):
        """The magnon band of this magnet for the interface law.

        Returns
        -------
        nfdiff.interface.MagnonGas
            With ``exchange_stiffness`` [J m^2], ``gap`` [J] and ``spin_density``
            [1/m^3] of this material.
        """
        from .interface import MagnonGas  # lazy: the interface module is heavier

        return MagnonGas(exchange_stiffness=self.exchange_stiffness, gap=self.gap,
                         spin_density=self.spin_density)


@_documented
@dataclass(frozen=True)
class Dielectric(_ParameterSet):
    """A dielectric (substrate): phonon heat conduction only (physics.md 3.3)."""

    kind: ClassVar[str] = "dielectric"

    name: str = _name("Name of the material (positional).")
    _: KW_ONLY
    thermal_conductivity: float = _quantity("W/(m K)", "positive", "Thermal conductivity kappa.")
    sources: Mapping[str, str] = _sources()


@_documented
@dataclass(frozen=True)
class InterfaceParameters(_ParameterSet):
    """Parameters of an N|F interface (physics.md 4.1), per unit area."""

    kind: ClassVar[str] = "N|F interface"

    name: str = _name('Label of the pair, e.g. "Pt|YIG"; positional.', default="N|F")
    _: KW_ONLY
    g_r: float = _quantity(
        "1/m^2", "nonnegative", "Real part of the spin-mixing conductance per area.",
        details="In charge units G_r = (e^2/h) g_r "
                "(:func:`nfdiff.units.mixing_conductance_to_si`).")
    g_i: float = _quantity(
        "1/m^2", "finite", "Imaginary part of the spin-mixing conductance per area, signed.")
    kapitza_conductance: float = _quantity(
        "W/(m^2 K)", "nonnegative", "Phonon (Kapitza) thermal boundary conductance h_K.")
    sources: Mapping[str, str] = _sources()

    def to_interface(self, magnons=None):
        """The interface law with these parameters.

        Parameters
        ----------
        magnons : nfdiff.interface.MagnonGas or None, optional
            Magnon band for the law; None (default) lets a device use the gas of the
            adjacent magnet (e.g. ``MagneticInsulator.magnon_gas()``).

        Returns
        -------
        nfdiff.interface.NFInterface
        """
        from .interface import NFInterface  # lazy: the interface module is heavier

        return NFInterface(g_r=self.g_r, g_i=self.g_i, magnons=magnons,
                           kapitza_conductance=self.kapitza_conductance)


Material = NormalMetal | MagneticInsulator | Dielectric

# ---------------------------------------------------------------------------------------
# Built-in parameter sets: one block per material, every number with its source.
# Values at room temperature (300 K).
# ---------------------------------------------------------------------------------------

_ROOM = 300.0  # K
_THIN_FILM_KAPPA = ("thin-film estimate: Wiedemann-Franz L0 sigma T with the film "
                    "conductivity above (L0 = 2.443e-8 W Ohm/K^2, T = 300 K); bulk {bulk} "
                    "W/(m K) (handbook, 300 K): films are several times less conductive")
_ALPHA_ZERO = ("0 by choice: temperature-independent conductivity (the api default); "
               "{note}; set a value to let Joule heating feed back through sigma(T)")
_ROOM_T = "room temperature, where the values of this set hold"


def _pt() -> NormalMetal:
    # One consistent fit: theta, lambda and G_r(Pt|YIG) all from Althammer et al. (2013).
    sigma = 2.5e6  # S/m (40 uOhm cm)
    return NormalMetal(
        "Pt",
        conductivity=sigma,
        spin_diffusion_length=1.5e-9,  # m
        spin_hall_angle=0.11,  # 1
        thermal_conductivity=wiedemann_franz_thermal_conductivity(sigma, _ROOM),  # W/(m K)
        resistivity_temperature_coefficient=0.0,  # 1/K
        reference_temperature=_ROOM,  # K
        sources={
            "conductivity": "estimate for a few-nm Pt film: 40 uOhm cm, inside the 20-60 "
                            "uOhm cm of 3-10 nm films (bulk 9.4e6 S/m, handbook); "
                            "film resistivity depends on thickness and growth: use the "
                            "measured one",
            "spin_diffusion_length": "Althammer et al., PRB 87, 224401 (2013): 1.5 +- 0.5 nm "
                                     "from the SMR fit with G_r = 4e14 S/m^2; sources "
                                     "disagree (Vlietstra et al., APL 103, 032401 (2013): "
                                     "1.1 nm; Rojas-Sanchez et al., PRL 112, 106602 (2014): "
                                     "3.4 nm with spin-memory loss): Althammer chosen so that "
                                     "theta, lambda and g_r(Pt|YIG) come from one fit",
            "spin_hall_angle": "Althammer et al., PRB 87, 224401 (2013): 0.11 +- 0.08, same "
                               "fit as lambda and G_r (Vlietstra: 0.08; Rojas-Sanchez: "
                               "0.051); positive in the convention of physics.md 3.1",
            "thermal_conductivity": _THIN_FILM_KAPPA.format(bulk=71.6),
            "resistivity_temperature_coefficient": _ALPHA_ZERO.format(
                note="bulk Pt has 3.85e-3 1/K (IEC 60751 platinum thermometers), thin "
                     "films less"),
            "reference_temperature": _ROOM_T,
        },
    )


def _ta() -> NormalMetal:
    sigma = 1.0 / 190e-8  # S/m (beta-Ta, 190 uOhm cm)
    return NormalMetal(
        "Ta",
        conductivity=sigma,
        spin_diffusion_length=2.5e-9,  # m
        spin_hall_angle=-0.12,  # 1
        thermal_conductivity=wiedemann_franz_thermal_conductivity(sigma, _ROOM),  # W/(m K)
        resistivity_temperature_coefficient=0.0,  # 1/K
        reference_temperature=_ROOM,  # K
        sources={
            "conductivity": "beta-Ta film, rho = 190 uOhm cm: Liu et al., Science 336, 555 "
                            "(2012)",
            "spin_diffusion_length": "estimate: ~2.5 nm (physics.md 9); reported values for "
                                     "beta-Ta spread over roughly 1.5-3 nm (e.g. Hahn et al., "
                                     "PRB 87, 174417 (2013): about 1.8 nm) and do not come "
                                     "from the same fit as theta",
            "spin_hall_angle": "Liu et al., Science 336, 555 (2012): |theta| = 0.12-0.15, "
                               "negative (opposite to Pt); ST-FMR value 0.12 chosen; "
                               "later reports span -0.09 to -0.15",
            "thermal_conductivity": _THIN_FILM_KAPPA.format(bulk=57.5),
            "resistivity_temperature_coefficient": _ALPHA_ZERO.format(
                note="the high-resistivity beta phase has a temperature coefficient close "
                     "to zero"),
            "reference_temperature": _ROOM_T,
        },
    )


def _w() -> NormalMetal:
    sigma = 1.0 / 260e-8  # S/m (beta-W, 260 uOhm cm)
    return NormalMetal(
        "W",
        conductivity=sigma,
        spin_diffusion_length=1.5e-9,  # m
        spin_hall_angle=-0.30,  # 1
        thermal_conductivity=wiedemann_franz_thermal_conductivity(sigma, _ROOM),  # W/(m K)
        resistivity_temperature_coefficient=0.0,  # 1/K
        reference_temperature=_ROOM,  # K
        sources={
            "conductivity": "beta-W film, rho ~ 260 uOhm cm: Pai et al., APL 101, 122404 "
                            "(2012)",
            "spin_diffusion_length": "estimate: middle of the 1-2 nm reported for beta-W "
                                     "(physics.md 9); not from the same fit as theta",
            "spin_hall_angle": "Pai et al., APL 101, 122404 (2012): theta ~ -0.30 for beta-W",
            "thermal_conductivity": _THIN_FILM_KAPPA.format(bulk=173),
            "resistivity_temperature_coefficient": _ALPHA_ZERO.format(
                note="the high-resistivity beta phase has a small temperature coefficient"),
            "reference_temperature": _ROOM_T,
        },
    )


def _cu() -> NormalMetal:
    sigma = 4.0e7  # S/m (2.5 uOhm cm)
    return NormalMetal(
        "Cu",
        conductivity=sigma,
        spin_diffusion_length=350e-9,  # m
        spin_hall_angle=0.003,  # 1
        thermal_conductivity=wiedemann_franz_thermal_conductivity(sigma, _ROOM),  # W/(m K)
        resistivity_temperature_coefficient=0.0,  # 1/K
        reference_temperature=_ROOM,  # K
        sources={
            "conductivity": "estimate for a ~100 nm evaporated Cu film: 2.5 uOhm cm (bulk "
                            "5.96e7 S/m, i.e. 1.68 uOhm cm, handbook)",
            "spin_diffusion_length": "Jedema et al., Nature 410, 345 (2001): ~350 nm at room "
                                     "temperature in lateral spin valves (chosen: the "
                                     "nonlocal geometry nfdiff models); other work reports "
                                     "shorter lengths, >= 110 nm (Ji et al., APL 88, 052509 "
                                     "(2006)); lambda_Cu depends strongly on film quality",
            "spin_hall_angle": "order 0.003 (physics.md 9), the magnitude found by YIG/Cu "
                               "spin pumping (Wang et al., PRL 112, 197201 (2014)); "
                               "uncertain to a factor of a few",
            "thermal_conductivity": _THIN_FILM_KAPPA.format(bulk=401),
            "resistivity_temperature_coefficient": _ALPHA_ZERO.format(
                note="bulk Cu has 3.9e-3 1/K (handbook)"),
            "reference_temperature": _ROOM_T,
        },
    )


# YIG: zero-temperature magnetisation from 5 mu_B per formula unit Y3Fe5O12, 8 formula
# units per cubic cell of a = 12.376 A: 1.957e5 A/m.
_YIG_MS0 = 1.96e5  # A/m
_YIG_SIGMA_M = 5e5  # S/m
_YIG_KAPPA_TOTAL = 7.0  # W/(m K), measured bulk value = kappa_m + kappa_p


def _yig() -> MagneticInsulator:
    g = 2.0
    kappa_m = boltzmann_magnon_thermal_conductivity(_YIG_SIGMA_M, _ROOM)
    return MagneticInsulator(
        "YIG",
        spin_density=_YIG_MS0 / (g * units.mu_B),  # 1/m^3
        exchange_stiffness=8.458e-40,  # J m^2
        gap=units.zeeman_gap(DEFAULT_GAP_FIELD, g),  # J
        magnon_conductivity=_YIG_SIGMA_M,  # S/m
        magnon_diffusion_length=9.4e-6,  # m
        spin_seebeck=boltzmann_spin_seebeck(_YIG_SIGMA_M),  # A/(m K)
        magnon_thermal_conductivity=kappa_m,  # W/(m K)
        phonon_thermal_conductivity=_YIG_KAPPA_TOTAL - kappa_m,  # W/(m K)
        magnon_phonon_length=100e-9,  # m
        gilbert_damping=4e-5,  # 1
        saturation_magnetization=1.4e5,  # A/m
        g_factor=g,  # 1
        curie_temperature=559.0,  # K
        reference_temperature=_ROOM,  # K
        sources={
            "spin_density": "derived: s = M_s(0)/(g mu_B) with M_s(0) = 1.96e5 A/m (5 mu_B "
                            "per formula unit, 8 per cubic cell of 12.376 A; physics.md 4.1) "
                            "and g = 2: the zero-temperature value the interface law needs, "
                            "not M_s(300 K)/(g mu_B) = 7.55e27 1/m^3",
            "exchange_stiffness": "Cornelissen et al., PRB 94, 014412 (2016), the value of "
                                  "the nonlocal magnon-transport literature (chosen for "
                                  "comparability); Klingler et al., J. Phys. D 48, 015001 "
                                  "(2015) measure D = 5.18-5.34e-17 T m^2, i.e. "
                                  "J_s = g mu_B D ~ 9.7e-40 J m^2; the band is quadratic "
                                  "below ~14 meV (Shamoto et al., PRB 97, 054429 (2018))",
            "gap": f"Zeeman gap g mu_B B of an applied field B = {_fmt(DEFAULT_GAP_FIELD)} T "
                   "(g = 2): a typical in-plane field of the nonlocal experiments; "
                   "set gap=zeeman_gap(B) for another field",
            "magnon_conductivity": "Cornelissen et al., Nat. Phys. 11, 1022 (2015) and PRB "
                                   "94, 014412 (2016): 5e5 S/m (charge units) for a 200 nm "
                                   "film at room temperature",
            "magnon_diffusion_length": "Cornelissen et al., Nat. Phys. 11, 1022 (2015): "
                                       "9.4 um for a 200 nm film at room temperature",
            "spin_seebeck": "derived: Boltzmann ratio 5 zeta(5/2)/(2 zeta(3/2)) k_B/e = "
                            "110.6 uV/K (gapless quadratic band, energy-independent "
                            "relaxation time; physics.md 3.2) times magnon_conductivity",
            "magnon_thermal_conductivity": "derived: Boltzmann value (sigma_m/(2 e^2)) k_B^2 "
                                           "T 35 zeta(7/2)/(4 zeta(3/2)) at 300 K with "
                                           "sigma_m = 5e5 S/m (physics.md 9), consistent "
                                           "with sigma_m and varsigma; an estimate: "
                                           "literature values of the magnon heat "
                                           "conductivity of YIG at 300 K vary widely",
            "phonon_thermal_conductivity": "derived: measured bulk YIG thermal conductivity "
                                           "7.0 W/(m K) at 300 K (single-crystal data, e.g. "
                                           "Slack and Oliver, PRB 4, 592 (1971); handbook "
                                           "range 6-8, middle chosen) minus "
                                           "magnon_thermal_conductivity, because a bulk "
                                           "measurement with T_m = T_p sees kappa_m + kappa_p "
                                           "(Sanders and Walton, PRB 15, 1489 (1977))",
            "magnon_phonon_length": "estimate: literature values range from a few nm to "
                                    "~1 um (physics.md 9) and disagree; 100 nm, near the "
                                    "logarithmic middle, chosen; override it to fit data",
            "gilbert_damping": "typical bulk / liquid-phase-epitaxy YIG, 3-5e-5 "
                               "(physics.md 9), middle chosen; thin sputtered or laser-"
                               "deposited films have 1e-4 to 1e-3",
            "saturation_magnetization": "standard room-temperature value, 4 pi M_s ~ 1.76 kG "
                                        "(physics.md 9); for magnetisation dynamics only",
            "g_factor": "Fe3+ (S = 5/2, L = 0): g = 2.0 (standard)",
            "curie_temperature": "standard value, 555-560 K (physics.md 9)",
            "reference_temperature": _ROOM_T,
        },
    )


def _ggg() -> Dielectric:
    return Dielectric(
        "GGG",
        thermal_conductivity=8.0,  # W/(m K)
        sources={
            "thermal_conductivity": "Gd3Ga5O12 at 300 K: 7-9 W/(m K) in single-crystal data "
                                    "(e.g. Slack and Oliver, PRB 4, 592 (1971)) and "
                                    "handbooks; middle chosen",
        },
    )


_MATERIALS: dict[str, Material] = {m.name: m for m in (_pt(), _ta(), _w(), _cu(), _yig(),
                                                       _ggg())}

# -- N|F interfaces ------------------------------------------------------------------------
#: Metal/oxide thermal boundary (Kapitza) conductance [W/(m^2 K)], an estimate; used for
#: N|F pairs and, by devices, for metal|dielectric boundaries without a given value.
DEFAULT_KAPITZA_CONDUCTANCE = 2e8
_KAPITZA = DEFAULT_KAPITZA_CONDUCTANCE
_KAPITZA_SOURCE = ("estimate: typical metal/oxide thermal boundary conductance; measured "
                   "metal/dielectric interfaces lie at ~1e8-1e9 W/(m^2 K) at room "
                   "temperature (review: Cahill et al., J. Appl. Phys. 93, 793 (2003)); no "
                   "measurement for this pair used")
_G_I_RATIO = 0.1  # g_i/g_r where no fit gives g_i


def _interface_estimate(metal: str, g_r: float) -> InterfaceParameters:
    return InterfaceParameters(
        f"{metal}|YIG",
        g_r=g_r,  # 1/m^2
        g_i=_G_I_RATIO * g_r,  # 1/m^2
        kapitza_conductance=_KAPITZA,  # W/(m^2 K)
        sources={
            "g_r": f"estimate: YIG/{metal} spin pumping gives effective mixing conductances "
                   "of a few 1e18 m^-2 (Wang et al., PRL 112, 197201 (2014)), SMR fits on "
                   "Pt/YIG ~1e19 m^-2; an order-of-magnitude value, not from a fit "
                   f"consistent with the {metal} set",
            "g_i": f"estimate: {_fmt(_G_I_RATIO)} g_r; |g_i| << g_r at YIG interfaces "
                   "(Vlietstra et al., APL 103, 032401 (2013) fit G_i/G_r ~ 0.07 for "
                   "Pt/YIG)",
            "kapitza_conductance": _KAPITZA_SOURCE,
        },
    )


_INTERFACES: dict[tuple[str, str], InterfaceParameters] = {
    ("Pt", "YIG"): InterfaceParameters(
        "Pt|YIG",
        g_r=units.mixing_conductance_from_si(4e14),  # 1/m^2, from G_r = 4e14 S/m^2
        g_i=units.mixing_conductance_from_si(5e13),  # 1/m^2, from G_i = 5e13 S/m^2
        kapitza_conductance=_KAPITZA,  # W/(m^2 K)
        sources={
            "g_r": "Althammer et al., PRB 87, 224401 (2013): G_r = 4e14 S/m^2, the value "
                   "their theta and lambda fit assumes (same fit as the Pt set), "
                   "g_r = G_r h/e^2; spin pumping gives less (Qiu et al., APL 103, 092404 "
                   "(2013): 1.3e18 m^-2), other SMR fits more (Vlietstra: G_r = 7e14 S/m^2)",
            "g_i": "estimate in this set: Vlietstra et al., APL 103, 032401 (2013) fit "
                   "G_i = (5 +- 3)e13 S/m^2 (another fit, with G_r = 7e14 S/m^2); "
                   "Althammer's fit does not give G_i; g_i = G_i h/e^2",
            "kapitza_conductance": _KAPITZA_SOURCE,
        },
    ),
    ("Ta", "YIG"): _interface_estimate("Ta", 5e18),
    ("W", "YIG"): _interface_estimate("W", 5e18),
    ("Cu", "YIG"): _interface_estimate("Cu", 1.5e18),
}


# ---------------------------------------------------------------------------------------
# Look-up
# ---------------------------------------------------------------------------------------


def names() -> list[str]:
    """Names of the built-in materials.

    Returns
    -------
    list of str
        ``["Pt", "Ta", "W", "Cu", "YIG", "GGG"]`` (metals, magnet, dielectric).
    """
    return list(_MATERIALS)


def get(name: str) -> Material:
    """A built-in material by name (case-insensitive).

    Parameters
    ----------
    name : str
        One of :func:`names`, e.g. ``"Pt"`` or ``"yig"``.

    Returns
    -------
    NormalMetal or MagneticInsulator or Dielectric
        The frozen instance; change values with its ``replace``.

    Raises
    ------
    KeyError
        For an unknown name; the message lists the known ones.
    """
    key = _lookup(name, _MATERIALS)
    if key is None:
        raise KeyError(f"unknown material {name!r}; known materials: {', '.join(names())}")
    return _MATERIALS[key]


def _lookup(name: Any, table: Mapping[str, Any]) -> str | None:
    if not isinstance(name, str):
        return None
    folded = {k.casefold(): k for k in table}
    return folded.get(name.strip().casefold())


def interface_pairs() -> list[tuple[str, str]]:
    """The (metal, magnet) pairs with built-in interface parameters.

    Returns
    -------
    list of (str, str)
        E.g. ``("Pt", "YIG")``.
    """
    return list(_INTERFACES)


def interface_parameters(metal_name: str | NormalMetal,
                         magnet_name: str | MagneticInsulator) -> InterfaceParameters:
    """Built-in parameters of an N|F interface.

    Parameters
    ----------
    metal_name : str or NormalMetal
        The metal, e.g. ``"Pt"`` (case-insensitive), or a material whose ``name`` is one.
    magnet_name : str or MagneticInsulator
        The magnet, e.g. ``"YIG"``, likewise.

    Returns
    -------
    InterfaceParameters
        g_r, g_i [1/m^2] and kapitza_conductance [W/(m^2 K)], with sources.

    Raises
    ------
    KeyError
        For a pair without built-in values; the message lists the known pairs.
    """
    metal = getattr(metal_name, "name", metal_name)
    magnet = getattr(magnet_name, "name", magnet_name)
    key_metal = _lookup(metal, {m: None for m, _ in _INTERFACES})
    key_magnet = _lookup(magnet, {f: None for _, f in _INTERFACES})
    pair = (key_metal, key_magnet)
    if pair not in _INTERFACES:
        known = ", ".join(f"{m}|{f}" for m, f in _INTERFACES)
        raise KeyError(f"no built-in interface parameters for {metal!r}|{magnet!r}; known "
                       f"pairs: {known}")
    return _INTERFACES[pair]


# ---------------------------------------------------------------------------------------
# Documentation
# ---------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def sources_table() -> str:
    """Markdown table of every built-in value with its unit and source.

    One row per numeric field of every built-in material and interface set, in the
    order of :func:`names` and :func:`interface_pairs`.  docs/materials.md embeds this
    output (a test keeps them equal).

    Returns
    -------
    str
        The table, ending with a newline.
    """
    rows = ["| material | quantity | value | unit | source |",
            "|---|---|---|---|---|"]
    entries: list[_ParameterSet] = [*_MATERIALS.values(), *_INTERFACES.values()]
    for item in entries:
        for f in item.numeric_fields():
            value = getattr(item, f.name)
            rows.append(f"| {_cell(item.name)} | `{f.name}` | {_fmt(value)} | "
                        f"{f.metadata['unit']} | {_cell(item.sources.get(f.name, ''))} |")
    return "\n".join(rows) + "\n"


_BEGIN = "<!-- BEGIN sources_table (generated: python -m nfdiff.materials docs/materials.md) -->"
_END = "<!-- END sources_table -->"


def _update_doc(path: str) -> bool:
    """Replace the generated block of ``path`` by :func:`sources_table`; True if changed."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    head, sep, rest = text.partition(_BEGIN)
    _, sep2, tail = rest.partition(_END)
    if not (sep and sep2):
        raise ValueError(f"{path} has no {_BEGIN!r} ... {_END!r} block")
    new = f"{head}{_BEGIN}\n{sources_table()}{_END}{tail}"
    if new != text:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)
    return new != text


def _main(argv: list[str]) -> int:
    if not argv:
        sys.stdout.write(sources_table())
        return 0
    for path in argv:
        changed = _update_doc(path)
        print(f"{path}: {'updated' if changed else 'up to date'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
