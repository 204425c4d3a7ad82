"""Material classes of nfdiff (:mod:`nfdiff.materials`): the formulas of the derived
quantities, the machinery shared by the parameter classes (checks, ``replace``,
provenance) and the classes themselves."""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Self, cast, overload

import numpy as np
from numpy.typing import ArrayLike

from .. import _validate, units
from ..errors import ParameterError
from ..params import Parameter, declared, documented
from ._temperature import PowerLaw

if TYPE_CHECKING:
    from ..interface import MagnonGas, NFInterface

from ._formulas import (
    DEFAULT_GAP_FIELD,
    boltzmann_magnon_thermal_conductivity,
    boltzmann_spin_seebeck,
    kittel_gap,
    magnon_phonon_coupling,
    wiedemann_franz_thermal_conductivity,
)

# ---------------------------------------------------------------------------------------
# Machinery shared by the parameter classes
# ---------------------------------------------------------------------------------------


class _FrozenMapping(Mapping[str, str]):
    """A read-only, hashable, picklable ``str -> str`` mapping (for ``sources``)."""

    __slots__ = ("_data",)
    _data: dict[str, str]

    def __init__(self, data: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
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

    def __reduce__(self) -> tuple[type[_FrozenMapping], tuple[dict[str, str]]]:
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


def _temperature_laws() -> Any:
    """The ``temperature_dependence`` field: ``{field: PowerLaw}`` (:meth:`at`)."""
    return field(default_factory=dict, compare=True, repr=False, metadata={
        "parameter": Parameter(None, None, "Temperature laws of some fields, each with its "
                               "source; fields without one keep their value at every "
                               "temperature.", kind="object",
                               type_name="Mapping[str, PowerLaw], optional")})


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
    # declared by every subclass (a frozen dataclass)
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    name: str
    sources: Mapping[str, str]

    # -- introspection -----------------------------------------------------------------
    @classmethod
    def numeric_fields(cls) -> tuple[dataclasses.Field[Any], ...]:
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

        pending: list[tuple[Parameter, str]] = []
        cls: type = type(self)  # a bare ``type`` is Hashable to mypy (python/mypy#11470)
        parameters = declared(cls)
        for f in numeric:
            p = parameters[f.name]
            value = getattr(self, f.name)
            if value is None:
                if p.derive is None:
                    raise ParameterError(f.name, None, f"is required (a number in {p.unit})")
                pending.append((p, p.derive))
                continue
            object.__setattr__(self, f.name, p.validate(value))
        for p, derive in pending:  # derived defaults, once everything they depend on is checked
            value, text = getattr(self, derive)()
            object.__setattr__(self, p.name, p.validate(value))
            sources[p.name] = text
        object.__setattr__(self, "sources", _FrozenMapping(sources))
        laws = getattr(self, "temperature_dependence", None)
        if laws is not None:
            if not isinstance(laws, Mapping):
                raise ParameterError("temperature_dependence", laws,
                                     "must be a mapping {field: nf.materials.PowerLaw}")
            for key, law in laws.items():
                if key not in valid or key == "reference_temperature":
                    raise ParameterError("temperature_dependence", key,
                                         f"keys must be numeric fields of {cls_name}")
                if not isinstance(law, PowerLaw):
                    raise ParameterError(f"temperature_dependence[{key!r}]", law,
                                         "must be an nf.materials.PowerLaw")
            object.__setattr__(self, "temperature_dependence", _FrozenMapping(laws))
        self._check_consistency()

    def _check_consistency(self) -> None:
        """Checks that involve several fields (overridden where there are any)."""

    # -- copies ------------------------------------------------------------------------
    def replace(self, **changes: Any) -> Self:
        """A validated copy with some fields changed.

        Parameters
        ----------
        **changes
            New field values, by field name, in the field's unit (see the class
            docstring).  ``None`` re-derives a field that has a derived default; a
            field holding its derived default follows the new values (a number given
            for it holds).
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
        laws = dict(getattr(self, "temperature_dependence", None) or {})
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
                laws.pop(key, None)  # a number given: a fixed value at every temperature
        sources.update(new_sources or {})
        if "temperature_dependence" in valid and "temperature_dependence" not in changes:
            changes["temperature_dependence"] = laws
        # derived defaults follow what they are derived from (as in at())
        for p in declared(cast(Any, type(self))).values():
            if p.derive is not None and p.name not in changes and self._is_derived(p.name):
                changes[p.name] = None
                sources.pop(p.name, None)
        return dataclasses.replace(self, sources=sources, **changes)

    # -- temperature -------------------------------------------------------------------
    def at(self, temperature: float) -> Self:
        """The same material with every value at ``temperature`` [K].

        Parameters with a temperature dependence (``temperature_dependence``, each a
        :class:`PowerLaw` with its source) follow it, warning outside the range of its
        data; derived defaults are derived again at the new temperature; the others keep
        their value. Materials without a reference temperature (dielectrics, interface
        parameters) are returned as they are.

        Returns
        -------
        same type as self
            With ``reference_temperature = temperature``.
        """
        T = float(_validate.positive("temperature", temperature, "K"))
        T_ref = getattr(self, "reference_temperature", None)
        if T_ref is None or T == T_ref:
            return self
        sources = dict(self.sources)
        changes: dict[str, Any] = self._changes_at(T)
        for key, law in (getattr(self, "temperature_dependence", None) or {}).items():
            old = getattr(self, key)
            changes[key] = law.value(old, T_ref, T, name=key, material=self.name)
            sources[key] = (f"{law.source}; at {_fmt(T)} K from {_fmt(old)} at "
                            f"{_fmt(T_ref)} K")
        for p in declared(cast(Any, type(self))).values():
            if p.derive is not None and sources.get(p.name, "").startswith("derived"):
                changes[p.name] = None
                sources.pop(p.name)
        return dataclasses.replace(self, sources=sources, reference_temperature=T, **changes)

    def _changes_at(self, T: float) -> dict[str, Any]:
        """Changes :meth:`at` makes besides the temperature laws (class-specific)."""
        return {}

    def fixed(self) -> Self:
        """The same values held at every temperature: no temperature laws, derived
        defaults kept as numbers.

        For comparisons with constant-coefficient models; :meth:`at` and the local
        temperature of a device then change nothing (except the conductivity of a
        metal with a resistivity temperature coefficient, a field of its own).

        Returns
        -------
        same type as self
            Sources of derived values say they were fixed at ``reference_temperature``.
        """
        T_ref = getattr(self, "reference_temperature", None)
        where = f" at {_fmt(T_ref)} K" if T_ref is not None else ""
        sources = {key: (f"fixed{where} by fixed(): {text}" if text.startswith("derived")
                         else text) for key, text in self.sources.items()}
        changes: dict[str, Any] = {}
        if getattr(self, "temperature_dependence", None) is not None:
            changes["temperature_dependence"] = {}
        return dataclasses.replace(self, sources=sources, **changes)

    def temperature_exponents(self) -> dict[str, float]:
        """Exponents of the fields that :meth:`at` changes as a power of temperature.

        ``at(T).f == f (T / reference_temperature) ** exponents[f]`` for every field
        ``f`` listed: those with a :class:`PowerLaw` and the derived defaults that
        depend on them or on the temperature. The models use them to evaluate a
        material at the local temperature of a solved field, with exact derivatives.

        Returns
        -------
        dict
            ``{field: exponent [1]}``; fields not listed do not change with temperature.
        """
        laws = getattr(self, "temperature_dependence", None) or {}
        exponents = {key: law.exponent for key, law in laws.items()}
        exponents.update(self._derived_exponents(exponents))
        return {key: float(e) for key, e in exponents.items() if e != 0.0}

    def value_at(self, name: str, temperature: ArrayLike) -> float | np.ndarray:
        """One field at temperatures ``T`` [K], as :meth:`at` gives it, vectorised.

        Parameters
        ----------
        name : str
            A numeric field, e.g. ``"magnon_conductivity"``.
        temperature : float or array_like
            Temperatures [K] (> 0); no warning outside the range of the data.

        Returns
        -------
        float or ndarray
            ``value (T / reference_temperature) ** exponent`` in the field's unit
            (:meth:`temperature_exponents`; the value itself for a constant field).
        """
        valid = [f.name for f in self.numeric_fields()]
        if name not in valid:
            raise ParameterError("name", name, f"must be a numeric field: {', '.join(valid)}")
        T = _validate.positive("temperature", temperature, "K")
        value = getattr(self, name)
        exponent = self.temperature_exponents().get(name, 0.0)
        if exponent == 0.0:
            return value if np.ndim(T) == 0 else np.full(np.shape(T), value)
        return value * (np.asarray(T) / self.reference_temperature) ** exponent  # type: ignore[attr-defined]

    def _derived_exponents(self, exponents: dict[str, float]) -> dict[str, float]:
        """Exponents of the derived defaults given those of the laws (class-specific)."""
        return {}

    def _is_derived(self, name: str) -> bool:
        """Whether a field holds its derived default (which :meth:`at` derives again)."""
        return self.sources.get(name, "").startswith("derived")


# ---------------------------------------------------------------------------------------
# The material classes
# ---------------------------------------------------------------------------------------


@_documented
@dataclass(frozen=True)
class NormalMetal(_ParameterSet):
    """A normal metal N: spin diffusion with spin Hall conversion (docs/theory.md#theory-bulk)."""

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
    thermal_conductivity: float = _quantity(
        "W/(m K)", "positive", "Thermal conductivity kappa_N.",
        derive="_derive_thermal_conductivity",
        details="Default (None): the Wiedemann-Franz value L0 sigma_0 T_ref.")
    resistivity_temperature_coefficient: float = _quantity(
        "1/K", "finite", "alpha in rho(T) = rho_0 (1 + alpha (T - T_ref)), signed.",
        default=0.0, details="0: a temperature-independent conductivity.")
    reference_temperature: float = _quantity(
        "K", "positive", "T_ref, where the conductivity is sigma_0.", default=300.0)
    sources: Mapping[str, str] = _sources()
    temperature_dependence: Mapping[str, PowerLaw] = _temperature_laws()

    def _derive_thermal_conductivity(self) -> tuple[float, str]:
        value = wiedemann_franz_thermal_conductivity(self.conductivity,
                                                     self.reference_temperature)
        return value, ("derived: Wiedemann-Franz L0 sigma T_ref with L0 = pi^2 k_B^2/(3 e^2) "
                       f"= 2.443e-8 W Ohm/K^2 at T_ref = {_fmt(self.reference_temperature)} K")

    def _derived_exponents(self, exponents: dict[str, float]) -> dict[str, float]:
        # Wiedemann-Franz kappa ~ sigma T: a power law while the resistivity has no slope
        if self._is_derived("thermal_conductivity") \
                and self.resistivity_temperature_coefficient == 0.0:
            return {"thermal_conductivity": exponents.get("conductivity", 0.0) + 1.0}
        return {}

    @property
    def resistivity(self) -> float:
        """Resistivity rho_0 = 1/sigma_0 at ``reference_temperature`` [Ohm m]."""
        return 1.0 / self.conductivity

    def _changes_at(self, T: float) -> dict[str, Any]:
        """The conductivity at T, and alpha re-anchored there: the same line rho(T)."""
        alpha = self.resistivity_temperature_coefficient
        return {"conductivity": float(self.conductivity_at(T)),
                "resistivity_temperature_coefficient":
                    alpha / (1.0 + alpha * (T - self.reference_temperature))}

    def _resistivity_factor(self, temperature: ArrayLike) -> float | np.ndarray:
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

    @overload
    def conductivity_at(self, temperature: float) -> float: ...
    @overload
    def conductivity_at(self, temperature: ArrayLike) -> float | np.ndarray: ...
    def conductivity_at(self, temperature: ArrayLike) -> float | np.ndarray:
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

    @overload
    def dconductivity_dT(self, temperature: float) -> float: ...
    @overload
    def dconductivity_dT(self, temperature: ArrayLike) -> float | np.ndarray: ...
    def dconductivity_dT(self, temperature: ArrayLike) -> float | np.ndarray:
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
    """A magnetic insulator F: magnon gas and phonons (docs/theory.md#theory-bulk)."""

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
    applied_field: float = _quantity(
        "T", "nonnegative", "In-plane applied field B of the experiment.",
        default=DEFAULT_GAP_FIELD, details="It sets the default gap (:func:`kittel_gap`).")
    gap: float = _quantity(
        "J", "nonnegative", "Magnon gap Delta, the bottom of the magnon band.",
        derive="_derive_gap",
        details="Default (None): :func:`kittel_gap` of applied_field and "
                "saturation_magnetization (19.24 ueV for YIG at 0.1 T).")
    magnon_conductivity: float = _quantity(
        "S/m", "positive", "Magnon spin conductivity sigma_m, in charge units.")
    magnon_diffusion_length: float = _quantity(
        "m", "positive", "Magnon diffusion (relaxation) length lambda_m.")
    spin_seebeck: float = _quantity(
        "A/(m K)", "finite", "Bulk magnon spin Seebeck coefficient varsigma, in charge units, "
        "signed.", derive="_derive_spin_seebeck",
        details="Default (None): the Boltzmann value :func:`boltzmann_spin_seebeck` "
                "(110.6 uV/K times sigma_m).")
    magnon_thermal_conductivity: float = _quantity(
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
    temperature_dependence: Mapping[str, PowerLaw] = _temperature_laws()

    # -- derived defaults --------------------------------------------------------------
    def _derive_gap(self) -> tuple[float, str]:
        value = float(kittel_gap(self.applied_field, self.saturation_magnetization,
                                 self.g_factor))
        return value, (f"derived: Kittel gap g mu_B sqrt(B (B + mu0 M_s)) of the in-plane "
                       f"film in B = {_fmt(self.applied_field)} T with M_s = "
                       f"{_fmt(self.saturation_magnetization)} A/m, g = {_fmt(self.g_factor)} "
                       f"({_fmt(units.to_ev(value) * 1e6)} ueV; Kittel, Phys. Rev. 73, 155 "
                       "(1948)): the bottom of the magnon band")

    def _derive_spin_seebeck(self) -> tuple[float, str]:
        value = boltzmann_spin_seebeck(self.magnon_conductivity)
        return value, ("derived: Boltzmann ratio 5 zeta(5/2)/(2 zeta(3/2)) k_B/e = 110.6 uV/K "
                       "(gapless quadratic band, energy-independent relaxation time; "
                       "docs/materials.md#materials-derived) times magnon_conductivity")

    def _derive_magnon_thermal_conductivity(self) -> tuple[float, str]:
        value = boltzmann_magnon_thermal_conductivity(self.magnon_conductivity,
                                                      self.reference_temperature)
        return value, ("derived: Boltzmann value (sigma_m/(2 e^2)) k_B^2 T "
                       "35 zeta(7/2)/(4 zeta(3/2)) with sigma_m = magnon_conductivity in S/m "
                       f"at T = reference_temperature = {_fmt(self.reference_temperature)} K "
                       "(docs/materials.md#materials-derived)")

    def _derived_exponents(self, exponents: dict[str, float]) -> dict[str, float]:
        # varsigma ~ sigma_m and kappa_m ~ sigma_m T where they hold their Boltzmann value
        sigma = exponents.get("magnon_conductivity", 0.0)
        derived = {}
        if self._is_derived("spin_seebeck"):
            derived["spin_seebeck"] = sigma
        if self._is_derived("magnon_thermal_conductivity"):
            derived["magnon_thermal_conductivity"] = sigma + 1.0
        return derived

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
        # Positive entropy production of the bulk magnon transport (docs/theory.md#theory-bulk):
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

    def magnon_gas(self) -> MagnonGas:
        """The magnon band of this magnet for the interface law.

        Returns
        -------
        nfdiff.interface.MagnonGas
            With ``exchange_stiffness`` [J m^2], ``gap`` [J] and ``spin_density``
            [1/m^3] of this material.
        """
        from ..interface import MagnonGas  # lazy: the interface module is heavier

        return MagnonGas(exchange_stiffness=self.exchange_stiffness, gap=self.gap,
                         spin_density=self.spin_density)


@_documented
@dataclass(frozen=True)
class Dielectric(_ParameterSet):
    """A dielectric (substrate): phonon heat conduction only (docs/theory.md#theory-bulk)."""

    kind: ClassVar[str] = "dielectric"

    name: str = _name("Name of the material (positional).")
    _: KW_ONLY
    thermal_conductivity: float = _quantity("W/(m K)", "positive", "Thermal conductivity kappa.")
    sources: Mapping[str, str] = _sources()


@_documented
@dataclass(frozen=True)
class InterfaceParameters(_ParameterSet):
    """Parameters of an N|F interface (docs/theory.md#theory-interface), per unit area."""

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

    def to_interface(self, magnons: MagnonGas | None = None) -> NFInterface:
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
        from ..interface import NFInterface  # lazy: the interface module is heavier

        return NFInterface(g_r=self.g_r, g_i=self.g_i, magnons=magnons,
                           kapitza_conductance=self.kapitza_conductance)


Material = NormalMetal | MagneticInsulator | Dielectric
