"""Material parameters: frozen, validated, and cited.

Three kinds of material, one per kind of region (docs/theory.md#theory-bulk), and the
parameters of an N|F interface:

- :class:`NormalMetal` (Pt, Ta, W, Cu): electrons with spin diffusion and spin Hall
  conversion;
- :class:`MagneticInsulator` (YIG): a magnon gas with its own chemical potential and
  temperature, coupled to the phonons;
- :class:`Dielectric` (GGG): phonon heat conduction only;
- :class:`InterfaceParameters`: spin-mixing conductances and Kapitza conductance of an
  N|F pair (docs/theory.md#theory-interface).

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
units (docs/materials.md#materials-units).

The built-in sets are listed by :func:`names` and returned by :func:`get`; the
interface sets by :func:`interface_pairs` and :func:`interface_parameters`.
:func:`sources_table` renders every built-in number with its source as markdown (it
generates docs/materials.md: ``python -m nfdiff.materials docs/materials.md``).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, Literal, overload

from ._builtin import _INTERFACES, _MATERIALS, DEFAULT_KAPITZA_CONDUCTANCE
from ._classes import (
    Dielectric,
    InterfaceParameters,
    MagneticInsulator,
    Material,
    NormalMetal,
    _fmt,
    _ParameterSet,
)
from ._formulas import (
    DEFAULT_GAP_FIELD,
    LORENZ_NUMBER,
    MAGNON_LORENZ_RATIO,
    SPIN_SEEBECK_RATIO,
    boltzmann_magnon_thermal_conductivity,
    boltzmann_spin_seebeck,
    kittel_gap,
    magnon_phonon_coupling,
    magnon_phonon_length,
    wiedemann_franz_thermal_conductivity,
)
from ._temperature import PowerLaw

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
    "PowerLaw",
    "boltzmann_magnon_thermal_conductivity",
    "boltzmann_spin_seebeck",
    "get",
    "interface_pairs",
    "interface_parameters",
    "kittel_gap",
    "magnon_phonon_coupling",
    "magnon_phonon_length",
    "names",
    "sources_table",
    "wiedemann_franz_thermal_conductivity",
]

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


@overload
def get(name: Literal["Pt", "Ta", "W", "Cu"]) -> NormalMetal: ...
@overload
def get(name: Literal["YIG"]) -> MagneticInsulator: ...
@overload
def get(name: Literal["GGG"]) -> Dielectric: ...
@overload
def get(name: str) -> Material: ...
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

