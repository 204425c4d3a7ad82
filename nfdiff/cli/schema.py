"""What a case file may hold: the keys of each table, read from the declarations.

A template's ``[device]`` keys are the declared parameters of its factory
(``factory.parameters``, :mod:`nfdiff.params`) that a TOML value can give; its material
parameters are the ``[materials.<role>]`` tables, its ``interface`` the ``[interface]``
table; its ``[solve]`` keys are the declared arguments of its ``solve`` and its
observables (with their units) the declared observables of ``solve``. The keys of a
material table are the declared quantities of the material class.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import TYPE_CHECKING, Any

from ..params import REQUIRED, Observable, Parameter
from ..params import Template as Factory

if TYPE_CHECKING:
    from ..materials._classes import _ParameterSet

#: Top-level tables of a case file.
TABLES = ("device", "materials", "interface", "solve", "output")
#: Figure drawn by default, per template (others: mu_m in 2D, mu_s in 1D when present).
DEFAULT_FIGURES = {"smr_film": "mu_s", "nonlocal_strips": "mu_m", "lsse_stack": "T",
                   "spin_peltier": "T"}
#: Keys of the [output] table: (TOML default shown in the help, description).
OUTPUT_KEYS = {
    "directory": ('"<case>_output"',
                  "Output directory (created if needed; --output overrides it) for "
                  "<case>.json (observables, Newton record, inputs), <case>.vtu and "
                  "<case>_<figure>.png, <case> the case file's name without .toml."),
    "vtu": ("true", "Write every field to <case>.vtu (ParaView, meshio)."),
    "xdmf": ("false", "Also write <case>.xdmf + .h5 (needs h5py: pip install nfdiff[xdmf])."),
    "figure": ('"<per template>"',
               "Field of the PNG figure: mu_m, mu_s, mu_x, mu_y, mu_z, phi, T, T_e, T_m, "
               "T_p or region; false: no figure. Default: "
               + ", ".join(f"{f} for {t}" for t, f in DEFAULT_FIGURES.items()) + "."),
    "figure_units": ('"<auto>"',
                     "Display unit of the figure: eV, meV, ueV, neV for energies; V, mV, "
                     "uV, nV for phi; K, mK, uK for temperatures (then T - T0). Default: "
                     "from the largest value."),
    "x_range": ('"<auto>"',
                "2D figure: the window x_min <= x <= x_max shown, e.g. [\"-3 um\", "
                "\"5 um\"] [m]; \"all\": the whole device. Default: around the strips "
                "(the regions much narrower than the device), else the whole device."),
    "z_range": ('"<auto>"',
                "2D figure: the window z_min <= z <= z_max shown [m]; \"all\": every "
                "region. Default: the regions where the field lives, at most about as deep "
                "as the x window below the strips."),
}
#: Kinds of parameter that a TOML value cannot give (a Python object).
_PYTHON_ONLY = ("object",)


@dataclasses.dataclass(frozen=True)
class Template:
    """What a device template accepts and returns, from its declarations."""

    name: str
    factory: Factory[..., Any]
    summary: str
    device: dict[str, Parameter]  # the [device] keys
    roles: dict[str, Parameter]  # material parameters: [materials.<role>]
    interface: bool  # takes interface=: the [interface] table
    solve: dict[str, Parameter]  # the [solve] keys
    python_only: dict[str, Parameter]  # arguments a case file cannot give
    observables: dict[str, Observable]


def templates() -> dict[str, Factory[..., Any]]:
    """The device templates by name (:data:`nfdiff.devices.TEMPLATES`)."""
    from ..devices import TEMPLATES

    return dict(TEMPLATES)


def describe(name: str, factory: Factory[..., Any]) -> Template:
    """The keys of a template, from ``factory.parameters`` and its class's ``solve``."""
    device: dict[str, Parameter] = {}
    roles: dict[str, Parameter] = {}
    python_only: dict[str, Parameter] = {}
    interface = False
    for key, p in factory.parameters.items():
        if p.kind == "material":
            roles[key] = p
        elif p.kind == "interface":
            interface = True
        elif p.kind in _PYTHON_ONLY:
            python_only[key] = p
        else:
            device[key] = p
    solve = factory.device_class.solve
    solve_keys: dict[str, Parameter] = {}
    for key, p in solve.parameters.items():
        (python_only if p.kind in _PYTHON_ONLY else solve_keys)[key] = p
    summary = (inspect.getdoc(factory) or "").partition("\n")[0]
    return Template(name, factory, summary, device, roles, interface, solve_keys,
                    python_only, dict(solve.observables))


def material_keys(cls: type[_ParameterSet]) -> dict[str, Parameter]:
    """Override keys of a material class: its declared quantities."""
    from ..params import declared

    klass: type = cls  # a bare type is Hashable to mypy (python/mypy#11470)
    return {f.name: declared(klass)[f.name] for f in cls.numeric_fields()}


def interface_keys() -> dict[str, Parameter]:
    """Keys of the [interface] table: the quantities of
    :class:`~nfdiff.materials.InterfaceParameters` with the defaults of
    :class:`nfdiff.NFInterface` (None: the built-in value of the pair)."""
    from ..interface import NFInterface
    from ..materials import InterfaceParameters

    fields = {f.name: f for f in dataclasses.fields(NFInterface)}
    keys = {}
    for name, p in material_keys(InterfaceParameters).items():
        default = fields[name].default
        default = REQUIRED if default is dataclasses.MISSING else default
        keys[name] = p.replace(default=default, none="the built-in value of the pair"
                               if default is None else None)
    return keys


def material_classes(described: list[Template]) -> list[type]:
    """The material classes the templates take, in order of appearance."""
    out: list[type] = []
    for tpl in described:
        for p in tpl.roles.values():
            if p.material is not None and p.material not in out:
                out.append(p.material)
    return out
