"""Region models: what is solved in a region, declared once per kind of material.

A region model states the fields of its region (:class:`Field`: name, unit, the current
its balance equation carries), whether the region conducts charge along the extruded
direction, which field a bath fixes (its lattice temperature), and the weak-form
densities of its bulk equations (:meth:`RegionModel.terms`, a :class:`Terms` with exact
derivatives). The discretisation (:class:`nfdiff.problem.Problem`) loops over the models
of a device and knows no kind of material.

Fields of the same name are continuous across the regions that share them (``T_p``
through a magnet and a dielectric, ``mu_s`` and ``phi`` through touching metals); fields
of different names meet only through couplings (:mod:`nfdiff.physics.couplings`).

The built-in models (docs/theory.md#theory-bulk):

- :class:`~nfdiff.materials.NormalMetal`: :class:`MetalModel`, fields ``mu_x, mu_y, mu_z``
  [J], ``phi`` [V] and, with the thermal model, ``T_e`` [K];
- :class:`~nfdiff.materials.MagneticInsulator`: :class:`MagnetModel`, ``mu_m`` [J];
  thermally ``T_m``, ``T_p`` [K];
- :class:`~nfdiff.materials.Dielectric`: :class:`DielectricModel`, thermally ``T_p`` [K].

A model of one's own is a subclass of :class:`RegionModel` passed as the material of a
region (``nf.Device(mesh, materials={"substrate": MyModel(...)})``).

Examples
--------
A plain heat conductor (the phonon part of a dielectric):

>>> import numpy as np
>>> import nfdiff as nf
>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class HeatConductor(nf.physics.RegionModel):
...     kappa: float  # W/(m K)
...     fields = (nf.physics.Field("T_p", "K", current="phonon_heat", thermal=True),)
...     lattice_temperature = "T_p"
...     def terms(self, u, ctx):
...         t = nf.physics.Terms()
...         t.res("T_p", b=self.kappa * u["T_p"][1])  # -div(kappa grad T) = 0
...         t.jac("T_p", "T_p", gg=self.kappa * np.eye(ctx.dim)[:, :, None, None])
...         return t
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy.constants import e as q_e
from scipy.constants import k as k_B

from .. import materials as mats
from ..errors import ParameterError
from .bulk import (
    MAGNET_PARAMETERS,
    METAL_PARAMETERS,
    dielectric_parameter_terms,
    dielectric_terms,
    magnet_parameter_terms,
    magnet_terms,
    metal_parameter_terms,
    metal_terms,
)
from .terms import SPIN, Terms, check_parameter

__all__ = ["DielectricModel", "Field", "MagnetModel", "MetalModel", "RegionContext",
           "RegionModel", "model_for", "register_model"]

#: Boundary-current kinds whose sum is the total heat current.
HEAT_CURRENTS = ("electron_heat", "magnon_heat", "phonon_heat")
#: Unit of the boundary current of a field's balance, per area (1D); per length in 2D.
_CURRENT_UNITS = {"J": "J/m^2", "V": "A/m^2", "K": "W/m^2"}


@dataclass(frozen=True)
class Field:
    """One unknown field of a region model.

    Parameters
    ----------
    name : str
        Field name, e.g. ``"mu_m"``; regions that share a name share the field.
    unit : str
        SI unit of its values: ``"J"`` (energies: spin accumulation, chemical
        potentials), ``"V"`` (potentials) or ``"K"`` (temperatures, solved as
        deviations from the device temperature T0); another unit needs ``scale``.
    current : str
        Kind of the current its balance equation carries, as
        :meth:`nfdiff.solution.Solution.boundary_current` names it (``"spin"``,
        ``"charge"``, ``"magnon"``, ``"electron_heat"``, ``"magnon_heat"``,
        ``"phonon_heat"`` or a new word).
    thermal : bool
        The field exists only with the thermal model (``Device(thermal=True)``).
    scale : float, optional
        Size [unit] of a typical value, which Newton's unknowns are divided by; default
        from the unit: k_B T0 for J, k_B T0 / e for V, T0 for K.
    """

    name: str
    unit: str
    current: str
    thermal: bool = False
    scale: float | None = None

    def __post_init__(self) -> None:
        if self.scale is None and self.unit not in _CURRENT_UNITS:
            raise ParameterError(f"Field({self.name!r}).scale", None,
                                 f"is required for the unit {self.unit!r} (J, V and K have "
                                 "defaults)")

    @property
    def is_temperature(self) -> bool:
        """Whether the field is a temperature, solved as the deviation from T0 [K]."""
        return self.unit == "K"

    def reference(self, T0: float) -> float:
        """The scale of the field at device temperature ``T0`` [K], in its unit."""
        if self.scale is not None:
            return float(self.scale)
        return {"J": k_B * T0, "V": k_B * T0 / q_e, "K": T0}[self.unit]

    @property
    def current_unit(self) -> str:
        """Unit of its boundary current per area (1D); per metre of extrusion in 2D the
        ``/m^2`` becomes ``/m``."""
        return _CURRENT_UNITS.get(self.unit, f"({self.unit}) flux")


@dataclass(frozen=True)
class RegionContext:
    """What a region model's densities may depend on besides the fields.

    Attributes
    ----------
    T0 : float
        Device (bath) temperature [K].
    dim : int
        Dimension of the mesh (1 or 2).
    thermal : bool
        Whether the heat equations are solved.
    extruded : tuple of str
        Names of the global unknowns of the extruded electric field of the region's
        conductor set (one component in 2D, two in 1D; empty for non-conductors) [V/m].
    """

    T0: float
    dim: int
    thermal: bool
    extruded: tuple[str, ...] = ()


class RegionModel:
    """Base class of region models.

    Subclasses set the class attributes and define :meth:`terms`. The densities follow
    :mod:`nfdiff.fem`: per test field ``f``, ``a_f`` multiplies the test function and
    ``b_f`` (minus the flux) its gradient; ``u[name] = (value, grad)`` at the quadrature
    points in SI units (temperatures as deviations from T0), globals as their values.

    Attributes
    ----------
    fields : tuple of Field
        The region's unknowns.
    conductor : bool
        The region carries charge along the extruded direction: every electrically
        connected set of conductor regions gets an extruded electric field (global
        unknowns, ``RegionContext.extruded``), its density rows are the current closure.
    lattice_temperature : str or None
        The field a bath (:class:`nfdiff.bc.Temperature`), a heat flux and a Kapitza
        conductance act on.
    material : object
        The parameters of the region (a material of :mod:`nfdiff.materials`, or None).
    parameters : tuple of str
        The fields of ``material`` whose derivatives :meth:`parameter_terms` gives
        (sensitivities, :mod:`nfdiff.sensitivity`); default none.
    """

    fields: ClassVar[tuple[Field, ...]] = ()
    parameters: ClassVar[tuple[str, ...]] = ()
    conductor: ClassVar[bool] = False
    lattice_temperature: ClassVar[str | None] = None
    material: Any = None

    def active_fields(self, thermal: bool) -> tuple[Field, ...]:
        """The fields solved with (``thermal=True``) or without the heat equations."""
        return tuple(f for f in self.fields if thermal or not f.thermal)

    @property
    def gap(self) -> float | None:
        """The magnon gap [J] of a region with magnons (``mu_m`` must stay below it when
        the interface law is gap-limited); None without magnons."""
        return None

    def bounds(self) -> dict[str, tuple[float, float]]:
        """Open intervals the fields must stay in, ``{field: (low, high)}`` in SI units
        (temperatures absolute, K). Default: every temperature above 0 K."""
        return {f.name: (0.0, np.inf) for f in self.fields if f.is_temperature}

    def data_ranges(self) -> dict[str, dict[str, tuple[float, float]]]:
        """Temperatures [K] the region's parameter data cover, per temperature field:
        ``{field: {parameter: (low, high)}}``. A solved temperature outside is an
        extrapolation (:meth:`nfdiff.Device.solve` warns). Default: none."""
        return {}

    def terms(self, u: dict[str, Any], ctx: RegionContext) -> Terms | None:
        """Bulk densities of the region's equations and their exact derivatives."""
        raise NotImplementedError(f"{type(self).__name__} must define terms()")

    def parameter_terms(self, u: dict[str, Any], ctx: RegionContext, name: str
                        ) -> Terms | None:
        """Exact partial derivatives of the residual densities of :meth:`terms` with
        respect to the parameter ``name`` of :attr:`parameters` (residual parts only,
        per unit of the parameter's value), at the state ``u``.

        Raises
        ------
        ParameterError
            For a name not in :attr:`parameters`.
        """
        self._check_parameter(name)
        raise NotImplementedError(f"{type(self).__name__} must define parameter_terms()")

    def _check_parameter(self, name: str) -> None:
        check_parameter(self, name, self.parameters)


_SPIN = tuple(Field(name, "J", "spin") for name in SPIN)


@dataclass(frozen=True)
class MetalModel(RegionModel):
    """A normal metal: spin diffusion with spin Hall conversion, charge, electron heat
    (:func:`nfdiff.physics.metal_terms`)."""

    material: mats.NormalMetal
    fields: ClassVar[tuple[Field, ...]] = (*_SPIN, Field("phi", "V", "charge"),
                                           Field("T_e", "K", "electron_heat", thermal=True))
    conductor: ClassVar[bool] = True
    lattice_temperature: ClassVar[str | None] = "T_e"

    parameters: ClassVar[tuple[str, ...]] = METAL_PARAMETERS

    def terms(self, u: dict[str, Any], ctx: RegionContext) -> Terms:
        return metal_terms(u, self.material, T0=ctx.T0, dim=ctx.dim, thermal=ctx.thermal,
                           ext=list(ctx.extruded))

    def parameter_terms(self, u: dict[str, Any], ctx: RegionContext, name: str) -> Terms:
        self._check_parameter(name)
        return metal_parameter_terms(u, self.material, name, T0=ctx.T0, dim=ctx.dim,
                                     thermal=ctx.thermal, ext=list(ctx.extruded))


@dataclass(frozen=True)
class MagnetModel(RegionModel):
    """A magnetic insulator: magnons (chemical potential, temperature) and phonons
    (:func:`nfdiff.physics.magnet_terms`)."""

    material: mats.MagneticInsulator
    fields: ClassVar[tuple[Field, ...]] = (
        Field("mu_m", "J", "magnon"), Field("T_m", "K", "magnon_heat", thermal=True),
        Field("T_p", "K", "phonon_heat", thermal=True))
    lattice_temperature: ClassVar[str | None] = "T_p"

    @property
    def gap(self) -> float:
        return self.material.gap

    def bounds(self) -> dict[str, tuple[float, float]]:
        """Magnon and phonon temperatures between 0 K and the Curie temperature: above
        it the magnet is not ordered."""
        tc = self.material.curie_temperature
        return {"T_m": (0.0, tc), "T_p": (0.0, tc)}

    def data_ranges(self) -> dict[str, dict[str, tuple[float, float]]]:
        """The ranges of the magnet's temperature laws: kappa_p's at ``T_p``, the
        magnon parameters' at ``T_m`` (where :func:`~nfdiff.physics.magnet_terms`
        evaluates them)."""
        ranges: dict[str, dict[str, tuple[float, float]]] = {}
        for name, law in self.material.temperature_dependence.items():
            field = "T_p" if name == "phonon_thermal_conductivity" else "T_m"
            ranges.setdefault(field, {})[name] = law.valid
        return ranges

    parameters: ClassVar[tuple[str, ...]] = MAGNET_PARAMETERS

    def terms(self, u: dict[str, Any], ctx: RegionContext) -> Terms:
        return magnet_terms(u, self.material, T0=ctx.T0, dim=ctx.dim, thermal=ctx.thermal)

    def parameter_terms(self, u: dict[str, Any], ctx: RegionContext, name: str) -> Terms:
        self._check_parameter(name)
        return magnet_parameter_terms(u, self.material, name, T0=ctx.T0, thermal=ctx.thermal)


@dataclass(frozen=True)
class DielectricModel(RegionModel):
    """A dielectric: phonon heat conduction only (:func:`nfdiff.physics.dielectric_terms`)."""

    material: mats.Dielectric
    fields: ClassVar[tuple[Field, ...]] = (Field("T_p", "K", "phonon_heat", thermal=True),)
    lattice_temperature: ClassVar[str | None] = "T_p"

    parameters: ClassVar[tuple[str, ...]] = ("thermal_conductivity",)

    def terms(self, u: dict[str, Any], ctx: RegionContext) -> Terms | None:
        return dielectric_terms(u, self.material, dim=ctx.dim) if ctx.thermal else None

    def parameter_terms(self, u: dict[str, Any], ctx: RegionContext, name: str
                        ) -> Terms | None:
        self._check_parameter(name)
        return dielectric_parameter_terms(u, name) if ctx.thermal else None


#: Model of each material class (:func:`register_model` adds to it).
_MODELS: dict[type, Callable[[Any], RegionModel]] = {
    mats.NormalMetal: MetalModel,
    mats.MagneticInsulator: MagnetModel,
    mats.Dielectric: DielectricModel,
}
#: Fields of the built-in models in the order of the unknowns (others follow them).
FIELD_ORDER = tuple(dict.fromkeys(f.name for m in (MetalModel, MagnetModel, DielectricModel)
                                  for f in m.fields))


def register_model(material_class: type, model: Callable[[Any], RegionModel]) -> None:
    """Make ``model(material)`` the region model of every material of ``material_class``."""
    _MODELS[material_class] = model


def model_for(material: object, name: str = "materials") -> RegionModel:
    """The region model of a material (a model is returned as it is).

    Raises
    ------
    ParameterError
        (named ``name``) for an object that is neither a model nor a material with a
        registered model.
    """
    if isinstance(material, RegionModel):
        return material
    for cls in type(material).__mro__:
        if cls in _MODELS:
            return _MODELS[cls](material)
    known = ", ".join(c.__name__ for c in _MODELS)
    raise ParameterError(name, getattr(material, "name", material),
                         f"must be a material ({known}) or an nf.physics.RegionModel")
