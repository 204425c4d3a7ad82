"""Command line: ``nfdiff run CASE.toml`` solves a device described in a TOML file;
``nfdiff sweep CASE.toml --vary KEY=START:STOP:N ...`` solves it on a grid (:func:`nfdiff.sweep`).

The CLI only parses and calls the Python API: a case file names a device template of
:mod:`nfdiff.devices` and gives its keyword arguments, the materials (built-in sets with
parameter overrides), optionally the N|F interface, the keyword arguments of the
template's ``solve`` and what to write::

    [device]
    template = "smr_film"
    thickness = "5 nm"          # SI number, or a string "<number> <unit>"
    n = [0, 1, 0]

    [materials.metal]
    name = "Pt"
    spin_hall_angle = 0.1

    [solve]
    current_density = 1e10      # A/m^2

    [output]
    figure = "mu_s"

The valid keys are read from the templates' signatures and numpydoc docstrings (and
from the material classes), so the help text (``nfdiff run --help``) and the checks
follow the library. A wrong key, value or unit is reported as
``case.toml:LINE: [table] key: message`` with exit status 2, never a traceback
(``--traceback`` shows one, for debugging).
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import math
import re
import sys
import textwrap
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["case_reference", "main", "templates"]

#: Exit statuses.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

#: Top-level tables of a case file.
TABLES = ("device", "materials", "interface", "solve", "output")
#: Material classes of :mod:`nfdiff.materials` that a template argument may take.
MATERIAL_CLASSES = ("NormalMetal", "MagneticInsulator", "Dielectric")
#: Material class of a template argument by its name, when its docstring does not say.
ROLE_CLASSES = {"metal": "NormalMetal", "magnet": "MagneticInsulator",
                "substrate": "Dielectric"}
#: Figure drawn by default, per template (others: see :func:`_default_figure`).
DEFAULT_FIGURES = {"smr_film": "mu_s", "nonlocal_strips": "mu_m", "lsse_stack": "T",
                   "spin_peltier": "T"}
#: Units of observables named in the api, when a template's docstring does not say.
KNOWN_OBSERVABLE_UNITS = {"rho_long": "Ohm m", "rho_trans": "Ohm m", "V_det": "V",
                          "R_nl": "Ohm", "V_ISHE": "V"}
#: Keys of the [output] table: (TOML default shown in the help, description).
OUTPUT_KEYS = {
    "directory": ('"<case>_output"',
                  "Output directory, relative to the current directory (created if "
                  "needed); --output overrides it. Files: <case>.json (observables, Newton "
                  "record, inputs), <case>.vtu, <case>_<figure>.png, where <case> is the "
                  "case file's name without .toml."),
    "vtu": ("true", "Write every field to <case>.vtu (ParaView, meshio)."),
    "xdmf": ("false", "Also write <case>.xdmf + .h5 (needs h5py: pip install nfdiff[xdmf])."),
    "figure": ('"<per template>"',
               "Field of the PNG figure: mu_m, mu_s, mu_x, mu_y, mu_z, phi, T, T_e, T_m, "
               "T_p or region; false: no figure. Default: "
               + ", ".join(f"{f} for {t}" for t, f in DEFAULT_FIGURES.items())
               + "; otherwise mu_m in 2D and mu_s in 1D when present."),
    "figure_units": ('"<auto>"',
                     "Display unit of the figure: eV, meV, ueV, neV for energies; V, mV, "
                     "uV, nV for phi; K, mK, uK for temperatures (then plotted as T - T0). "
                     "Default: chosen from the largest value."),
}

# ---------------------------------------------------------------------------------------
# Numbers with units
# ---------------------------------------------------------------------------------------

#: SI prefixes accepted in front of a simple unit.
_PREFIXES = {"G": 1e9, "M": 1e6, "k": 1e3, "": 1.0, "m": 1e-3, "u": 1e-6, "µ": 1e-6,
             "n": 1e-9, "p": 1e-12}
#: Simple SI units that take a prefix (``"nm"``, ``"uA"``, ``"mK"``...); ``c`` only for m.
_PREFIXABLE = ("m", "K", "A", "V", "J", "W", "s", "T", "Ohm", "S", "Hz")
#: Further spellings of some SI units: unit -> {spelling: size in the unit}.
_ALIASES = {
    "m": {"cm": 1e-2, "Å": 1e-10},
    "J": {"eV": 1.602176634e-19, "meV": 1.602176634e-22, "ueV": 1.602176634e-25,
          "µeV": 1.602176634e-25, "neV": 1.602176634e-28},
    "A/m^2": {"A/cm^2": 1e4, "kA/cm^2": 1e7, "MA/cm^2": 1e10},
    "Ohm": {"Ω": 1.0},
}
_NUMBER_WITH_UNIT = re.compile(
    r"\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(\S.*?)?\s*")
#: Text in square brackets that is a unit (in docstrings: ``[m]``, ``[W/(m K)]``).
_UNIT_TEXT = re.compile(r"[A-Za-zµΩÅ0-9^/()*. +-]*[A-Za-zµΩÅ1][A-Za-zµΩÅ0-9^/()*. +-]*")


def _canonical_unit(text: str) -> str:
    """A unit spelled one way: no blanks around / and ^, ** as ^, single blanks."""
    text = " ".join(text.replace("**", "^").split())
    return re.sub(r"\s*([/^()])\s*", r"\1", text)


def unit_scale(unit: str, si_unit: str) -> float:
    """Size of ``unit`` in ``si_unit``, e.g. ``unit_scale("nm", "m") = 1e-9``.

    Accepts ``si_unit`` itself, an SI prefix on a simple unit (G, M, k, m, u or µ, n,
    p; c on m) and a few common spellings (eV for J, A/cm^2 for A/m^2, Ω for Ohm).

    Raises
    ------
    ValueError
        If ``unit`` is not a unit of ``si_unit``; the message says what is accepted.
    """
    unit, base = _canonical_unit(unit), _canonical_unit(si_unit)
    if unit == base:
        return 1.0
    if base in _PREFIXABLE:
        for prefix, size in _PREFIXES.items():
            if prefix and unit == prefix + base:
                return size
    aliases = _ALIASES.get(base, {})
    if unit in aliases:
        return aliases[unit]
    accepted = [base]
    if base in _PREFIXABLE:
        accepted.append(f"SI prefixes on {base} (e.g. n{base}, u{base}, m{base}, k{base})")
    accepted += list(aliases)
    raise ValueError(f"unit {unit!r} is not a unit of {base}; use " + ", ".join(accepted))


def parse_quantity(text: str, si_unit: str) -> float:
    """The SI value of ``"<number> <unit>"`` for a quantity measured in ``si_unit``.

    Raises
    ------
    ValueError
        If the text is not a number followed by a unit of ``si_unit``.
    """
    match = _NUMBER_WITH_UNIT.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a number with a unit (e.g. \"10 nm\"); this key "
                         f"is in {si_unit}")
    number, unit = match.groups()
    if unit is None:
        raise ValueError(f"{text!r} has no unit; write a plain number (no quotes) in "
                         f"{si_unit} or a number with a unit, e.g. \"1.5 {si_unit}\"")
    # in decimal: "1.5 nm" is 1.5e-09, not 1.5000000000000002e-09
    return float(Decimal(number) * Decimal(repr(unit_scale(unit, si_unit))))


# ---------------------------------------------------------------------------------------
# What the library accepts: read from signatures and numpydoc docstrings
# ---------------------------------------------------------------------------------------


def _sections(doc: str | None) -> tuple[str, dict[str, str]]:
    """(summary line, {numpydoc section title: text}) of a docstring."""
    lines = inspect.cleandoc(doc or "").splitlines()
    summary = lines[0].strip() if lines else ""
    sections: dict[str, list[str]] = {}
    current = None
    i = 0
    while i < len(lines):
        if (i + 1 < len(lines) and lines[i].strip() and not lines[i][0].isspace()
                and re.fullmatch(r"-{3,}", lines[i + 1].strip())):
            current = lines[i].strip()
            sections[current] = []
            i += 2
            continue
        if current is not None:
            sections[current].append(lines[i])
        i += 1
    return summary, {k: "\n".join(v) for k, v in sections.items()}


def _parameter_docs(doc: str | None) -> dict[str, tuple[str, str]]:
    """``{name: (type, description)}`` from the Parameters section of a docstring."""
    out: dict[str, tuple[str, list[str]]] = {}
    names: list[str] = []
    for line in _sections(doc)[1].get("Parameters", "").splitlines():
        if line.strip() and not line[0].isspace():
            head, _, kind = line.partition(" : ")
            names = [n.strip().lstrip("*") for n in head.split(",") if n.strip()]
            for n in names:
                out[n] = (kind.strip(), [])
        elif line.strip():
            for n in names:
                out[n][1].append(line.strip())
    return {n: (kind, " ".join(desc)) for n, (kind, desc) in out.items()}


def _plain(text: str) -> str:
    """reStructuredText roles and literals as plain text."""
    text = re.sub(r":\w+:`~?([^`]+)`", lambda m: m.group(1).split(".")[-1], text)
    return text.replace("``", "")


#: Words before a full stop that do not end a sentence.
_ABBREVIATIONS = ("e.g", "i.e", "al", "cf", "vs", "approx", "Eq", "Eqs", "Ref", "Fig")


def _first_sentence(text: str) -> str:
    """The first sentence of a description (plain text)."""
    text = _plain(text).strip()
    for match in re.finditer(r"[.;]\s+(?=[A-Z(])", text):
        before = text[:match.start()]
        if not any(before.endswith(a) for a in _ABBREVIATIONS):
            return before + "."
    return text


def _unit_in(text: str) -> str | None:
    """The first unit in square brackets of a description, e.g. ``"m"`` of ``[m]``."""
    for match in re.finditer(r"\[([^\[\]]+)\]", text):
        if _UNIT_TEXT.fullmatch(match.group(1).strip()):
            return match.group(1).strip()
    return None


@dataclasses.dataclass(frozen=True)
class Key:
    """One key of a case-file table."""

    name: str
    default: Any = inspect.Parameter.empty  # empty: required
    kind: str = ""  # numpydoc type
    unit: str | None = None
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is inspect.Parameter.empty


#: Words of a numpydoc type that a TOML value can stand for.
_TOML_TYPES = ("float", "int", "str", "bool", "array_like", "array", "tuple", "list",
               "sequence", "number", "vector", "dict", "mapping")


def _toml_representable(kind: str) -> bool:
    """Whether a numpydoc type admits a TOML value (not only a Python object)."""
    kind = kind.strip()
    if not kind or kind.startswith(("{", "(")):
        return True
    return any(w.casefold().endswith(_TOML_TYPES) for w in re.findall(r"[\w-]+", kind))


def _mentioned(name: str, docs: Mapping[str, tuple[str, str]]) -> tuple[str | None, str]:
    """(unit, sentence) of ````name`` [unit]`` in another parameter's description."""
    for _, desc in docs.values():
        match = re.search(rf"``{re.escape(name)}``\s*\[([^\[\]]+)\]", desc)
        if match and _UNIT_TEXT.fullmatch(match.group(1).strip()):
            return match.group(1).strip(), _first_sentence(desc)
    return None, ""


def _keys_of(func: Callable, skip: tuple[str, ...] = ()) -> tuple[dict[str, Key], bool]:
    """Keys of the keyword arguments of ``func`` and whether it takes ``**kwargs``.

    Arguments documented with a type that only a Python object can have (``Device``,
    say) are left out: a case file cannot give them.
    """
    docs = _parameter_docs(func.__doc__)
    keys, var_keyword = {}, False
    for p in inspect.signature(func).parameters.values():
        if p.kind is p.VAR_KEYWORD:
            var_keyword = True
            continue
        if p.kind in (p.VAR_POSITIONAL, p.POSITIONAL_ONLY) or p.name in skip:
            continue
        kind, desc = docs.get(p.name, ("", ""))
        unit, doc = _unit_in(desc), _first_sentence(desc)
        if p.name not in docs:
            unit, doc = _mentioned(p.name, docs)
        keys[p.name] = Key(p.name, p.default, _plain(kind), unit, doc)
    return keys, var_keyword


def _python_only(keys: dict[str, Key]) -> dict[str, Key]:
    """Remove and return the keys whose documented type no TOML value has."""
    out = {name: key for name, key in keys.items() if not _toml_representable(key.kind)}
    for name in out:
        del keys[name]
    return out


def _material_class(name: str):
    from . import materials

    return getattr(materials, name)


def material_keys(cls) -> dict[str, Key]:
    """Override keys of a material class: its numeric fields, with units."""
    docs = _parameter_docs(cls.__doc__)
    return {f.name: Key(f.name, None, "float", f.metadata["unit"],
                        _first_sentence(docs.get(f.name, ("", ""))[1]))
            for f in cls.numeric_fields()}


def interface_keys() -> dict[str, Key]:
    """Keys of the [interface] table (the fields of :class:`nfdiff.NFInterface`)."""
    from .interface import NFInterface
    from .materials import InterfaceParameters

    docs = _parameter_docs(NFInterface.__doc__)
    keys = {}
    for name, key in material_keys(InterfaceParameters).items():
        field = {f.name: f for f in dataclasses.fields(NFInterface)}[name]
        default = (inspect.Parameter.empty if field.default is dataclasses.MISSING
                   else field.default)
        doc = _first_sentence(docs.get(name, ("", ""))[1]) or key.doc
        keys[name] = dataclasses.replace(key, default=default, doc=doc)
    return keys


@dataclasses.dataclass(frozen=True)
class Template:
    """What a device template accepts, from its signature and docstring."""

    name: str
    factory: Callable
    summary: str
    device: dict[str, Key]
    roles: dict[str, str]  # material argument -> material class name
    interface: bool  # takes interface=
    var_keyword: bool
    solve: dict[str, Key] | None  # None: unknown until the template is built
    python_only: dict[str, Key]  # arguments a case file cannot give (Python objects)
    observable_units: dict[str, str]


def _returned_class(func: Callable):
    """The class a factory returns, from its return annotation (None if unknown)."""
    ann = inspect.signature(func).return_annotation
    if isinstance(ann, str):
        ann = func.__globals__.get(ann.strip("'\""))
    return ann if inspect.isclass(ann) else None


def _observable_units(solve: Callable | None) -> dict[str, str]:
    """``{observable: unit}`` from the Returns section of a solve docstring.

    Reads runs of ````name```` literals followed by runs of ``[unit]`` brackets: one unit
    after several names applies to all of them, as many units as names pair up in
    order (``"``rho_long`` and ``rho_trans`` [Ohm m]; ``E_x``, ``E_y`` [V/m]"``).
    """
    units: dict[str, str] = {}
    if solve is None:
        return units
    text = _sections(solve.__doc__)[1].get("Returns", "")
    tokens = re.findall(r"``(\w+)``|\[([^\[\]]+)\]", text)
    names: list[str] = []
    found: list[str] = []
    for name, unit in [*tokens, ("", "")]:
        if name == "observables":
            continue
        if name and found:  # a new group starts
            _pair(names, found, units)
            names, found = [], []
        if name:
            names.append(name)
        elif unit and _UNIT_TEXT.fullmatch(unit.strip()) and names:
            found.append(unit.strip())
    _pair(names, found, units)
    return units


def _pair(names, found, units):
    if len(found) == 1:
        units.update(dict.fromkeys(names, found[0]))
    elif len(found) == len(names):
        units.update(zip(names, found, strict=True))


def templates() -> dict[str, Callable]:
    """Device templates by name: ``nfdiff.devices.TEMPLATES`` if it exists, else every
    public function of :mod:`nfdiff.devices` that returns a class with ``solve`` (by its
    return annotation, or by a ``solve(`` in its Returns section)."""
    from . import devices

    registry = getattr(devices, "TEMPLATES", None)
    if isinstance(registry, Mapping):
        return dict(registry)
    found = {}
    for name in getattr(devices, "__all__", dir(devices)):
        obj = getattr(devices, name, None)
        if name.startswith("_") or not inspect.isfunction(obj):
            continue
        cls = _returned_class(obj)
        returns = _sections(obj.__doc__)[1].get("Returns", "")
        if hasattr(cls, "solve") or (cls is None and "solve(" in returns):
            found[name] = obj
    return found


def describe(name: str, factory: Callable) -> Template:
    """The keys a template takes (device, materials, interface, solve)."""
    summary = _sections(factory.__doc__)[0]
    keys, var_keyword = _keys_of(factory)
    roles = {}
    for key in list(keys.values()):
        mentioned = [c for c in MATERIAL_CLASSES if c in key.kind]
        if mentioned or key.name in ROLE_CLASSES:
            roles[key.name] = mentioned[0] if mentioned else ROLE_CLASSES[key.name]
            del keys[key.name]
    interface = keys.pop("interface", None) is not None
    python_only = _python_only(keys)
    cls = _returned_class(factory)
    solve = getattr(cls, "solve", None) if cls is not None else None
    solve_keys = None
    if solve is not None:
        solve_keys = _keys_of(solve, skip=("self",))[0]
        python_only.update(_python_only(solve_keys))
    units = _observable_units(solve)
    units.update(getattr(cls, "observable_units", None) or {})
    return Template(name, factory, _plain(summary), keys, roles, interface, var_keyword,
                    solve_keys, python_only, units)


# ---------------------------------------------------------------------------------------
# Errors that point into the case file
# ---------------------------------------------------------------------------------------


class CaseError(Exception):
    """A problem with the case file, in ``table`` (dotted) at ``key`` (if known)."""

    def __init__(self, message: str, table: str | None = None, key: str | None = None,
                 line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message, self.table, self.key = message, table, key
        self.line, self.column = line, column

    def format(self, filename: str, locator: _Locator | None = None) -> str:
        line = self.line
        if line is None and locator is not None and self.table is not None:
            path = [*self.table.split("."), self.key] if self.table else [self.key]
            line = locator.line(tuple(p for p in path if p))
        where = filename
        if line is not None:
            where += f":{line}"
            if self.column is not None:
                where += f":{self.column}"
        what = f"[{self.table}]" if self.table else ""
        msg = self.message
        if self.key is not None:
            # a library message that starts with the key needs no second copy of it
            if not re.match(rf"{re.escape(self.key)}\b", msg):
                msg = f"{self.key}: {msg}"
        elif what:
            what += ":"
        return " ".join(s for s in (f"{where}:", what, msg) if s)


class SolveFailed(Exception):
    """The solve itself failed (Newton, condensation): exit status 1."""


_HEADER = re.compile(r"\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(?:#.*)?")
_ASSIGN = re.compile(r"\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
                     r"(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=")


def _key_path(text: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", text)
    return tuple(next(p for p in part if p) if any(part) else "" for part in parts)


class _Locator:
    """Line numbers of tables and keys, found by scanning the text of a TOML file.

    tomllib reports no positions for valid documents, so ``line(("device",
    "thickness"))`` looks for the assignment in its table (dotted keys and table headers
    understood); a key that is not written in the file (an inline table's entry, a
    default) gets the line of the nearest enclosing table or key that is.
    """

    def __init__(self, text: str):
        self.lines: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.fullmatch(line)
            if header:
                table = _key_path(header.group(1))
                self.lines.setdefault(table, number)
                continue
            assign = _ASSIGN.match(line)
            if assign:
                self.lines.setdefault(table + _key_path(assign.group(1)), number)

    def line(self, path: tuple[str, ...]) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


# ---------------------------------------------------------------------------------------
# Reading a case
# ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Case:
    """A checked case file: everything needed to build, solve and write."""

    template: Template
    device: dict[str, Any]
    materials: dict[str, Any]  # role -> material instance
    material_inputs: dict[str, dict[str, Any]]  # role -> overrides [SI]
    interface: dict[str, float] | None
    solve: dict[str, Any]
    output: dict[str, Any]


def read_case(path: Path) -> tuple[dict, _Locator]:
    """The TOML document and its locator; CaseError for a missing file or bad syntax."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CaseError("no such file") from None
    except IsADirectoryError:
        raise CaseError("is a directory, not a case file") from None
    except OSError as err:
        raise CaseError(f"cannot read: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise CaseError("not UTF-8 text (TOML files are UTF-8)", line=line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg = str(err)
        at = re.search(r"\s*\(at line (\d+), column (\d+)\)$", msg)
        if at is None:
            at = re.search(r"\s*\(at end of document\)$", msg)
            line = text.count("\n") + 1 if at else None
            raise CaseError(f"TOML syntax error: {msg[:at.start()] if at else msg}",
                            line=line) from None
        raise CaseError(f"TOML syntax error: {msg[:at.start()]}", line=int(at.group(1)),
                        column=int(at.group(2))) from None
    return data, _Locator(text)


def _table(data: dict, name: str, where: str | None = None) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise CaseError(f"must be a table ([{name}] with keys below it), not a "
                        f"{type(value).__name__}", where if where is not None else "", name)
    return value


def _unknown(keys, what: str = "key") -> str:
    valid = list(keys)
    return (f"unknown {what}; valid {what}s: {', '.join(valid)}" if valid
            else f"unknown {what}; this table takes no {what}s")


def _convert(value: Any, key: Key | None, table: str) -> Any:
    """A TOML value as the library wants it: lists as tuples, "10 nm" as 1e-08."""
    if isinstance(value, list):
        return tuple(_convert(v, key, table) for v in value)
    if isinstance(value, str) and key is not None and key.unit is not None:
        if re.match(r"\s*[+-]?\.?\d", value):  # a number: it must carry a fitting unit
            try:
                return parse_quantity(value, key.unit)
            except ValueError as err:
                raise CaseError(str(err), table, key.name) from None
    return value


def check_case(data: dict) -> Case:
    """Check a TOML document against the template it names (nothing is solved)."""
    for name, value in data.items():
        if name not in TABLES:
            if isinstance(value, dict):
                raise CaseError(_unknown(TABLES, "table"), name)
            raise CaseError(f"{_unknown(TABLES, 'table')} (keys belong in a table, e.g. "
                            "[device])", "", name)
    device = _table(data, "device")
    if "template" not in device:
        raise CaseError("required key is missing; templates: " + ", ".join(templates()),
                        "device", "template")
    name = device["template"]
    registry = templates()
    if not isinstance(name, str) or name not in registry:
        raise CaseError(f"{name!r} is not a template; templates: {', '.join(registry)}",
                        "device", "template")
    tpl = describe(name, registry[name])

    kwargs = {}
    for key, value in device.items():
        if key == "template":
            continue
        if key in tpl.roles:
            raise CaseError(f"materials go in their own table: [materials.{key}] with "
                            "name = \"...\" and parameter overrides", "device", key)
        if key == "interface" and tpl.interface:
            raise CaseError("the interface goes in its own table [interface] (g_r, g_i, "
                            "kapitza_conductance)", "device", key)
        if key in tpl.python_only:
            raise _python_object(tpl.python_only[key], "device")
        if key not in tpl.device and not tpl.var_keyword:
            raise CaseError(_unknown(["template", *tpl.device]), "device", key)
        kwargs[key] = _convert(value, tpl.device.get(key), "device")
    for key in tpl.device.values():
        if key.required and key.name not in kwargs:
            raise CaseError(f"required key of {name} is missing", "device", key.name)

    materials, material_inputs = _check_materials(data, tpl)
    interface = _check_interface(data, tpl)
    solve = _check_solve(data, tpl)
    output = _check_output(data)
    return Case(tpl, kwargs, materials, material_inputs, interface, solve, output)


def _python_object(key: Key, table: str) -> CaseError:
    return CaseError(f"cannot be given in a case file (it takes a Python object: "
                     f"{key.kind})", table, key.name)


def _check_materials(data: dict, tpl: Template):
    from . import materials as mats
    from .errors import ParameterError

    table = _table(data, "materials")
    built, inputs = {}, {}
    for role, spec in table.items():
        where = f"materials.{role}"
        if role not in tpl.roles:
            raise CaseError(f"{tpl.name} takes no material {role!r}; "
                            + (f"its materials: {', '.join(tpl.roles)}" if tpl.roles
                               else "it takes no materials"), where)
        if spec is False:  # [materials] substrate = false: no such layer
            built[role], inputs[role] = None, {}
            continue
        if isinstance(spec, str):  # [materials] metal = "Pt"
            spec = {"name": spec}
        if not isinstance(spec, dict):
            raise CaseError("must be a table with name = \"...\", a material name or "
                            "false (none)", "materials", role)
        if "name" not in spec:
            raise CaseError("required key is missing: the built-in material to start "
                            f"from, one of {', '.join(mats.names())}", where, "name")
        try:
            material = mats.get(spec["name"])
        except KeyError as err:
            raise CaseError(err.args[0], where, "name") from None
        cls = _material_class(tpl.roles[role])
        if not isinstance(material, cls):
            fitting = [n for n in mats.names() if isinstance(mats.get(n), cls)]
            raise CaseError(f"{material.name} is a {type(material).__name__}; {role} takes a "
                            f"{cls.__name__}: {', '.join(fitting)}", where, "name")
        keys = material_keys(type(material))
        overrides = {}
        for key, value in spec.items():
            if key == "name":
                continue
            if key not in keys:
                raise CaseError(_unknown(["name", *keys]) + f" (of {type(material).__name__}"
                                f" {material.name})", where, key)
            overrides[key] = _convert(value, keys[key], where)
        try:
            material = material.replace(**overrides)
        except ParameterError as err:
            raise CaseError(str(err), where, err.name) from None
        built[role] = material
        inputs[role] = overrides
    return built, inputs


def _check_interface(data: dict, tpl: Template):
    if "interface" not in data:
        return None
    table = _table(data, "interface")
    if not tpl.interface:
        raise CaseError(f"{tpl.name} takes no interface", "interface")
    keys = interface_keys()
    out = {}
    for key, value in table.items():
        if key not in keys:
            raise CaseError(_unknown(keys), "interface", key)
        out[key] = _convert(value, keys[key], "interface")
    for key in keys.values():
        if key.required and key.name not in out:
            raise CaseError("required key is missing (an [interface] table replaces the "
                            "built-in parameters of the metal|magnet pair)", "interface",
                            key.name)
    return out


def _check_solve(data: dict, tpl: Template) -> dict:
    table = _table(data, "solve")
    out = {}
    for key, value in table.items():
        if key in tpl.python_only:
            raise _python_object(tpl.python_only[key], "solve")
        spec = (tpl.solve or {}).get(key)
        if tpl.solve is not None and spec is None:
            raise CaseError(_unknown(tpl.solve), "solve", key)
        out[key] = _convert(value, spec, "solve")
    return out


def _check_output(data: dict) -> dict:
    from .export import FIELD_UNITS

    table = _table(data, "output")
    out = {"directory": None, "vtu": True, "xdmf": False, "figure": None,
           "figure_units": None}
    for key, value in table.items():
        if key not in OUTPUT_KEYS:
            raise CaseError(_unknown(OUTPUT_KEYS), "output", key)
        if key in ("vtu", "xdmf") and not isinstance(value, bool):
            raise CaseError(f"must be true or false, not {value!r}", "output", key)
        if key in ("directory", "figure_units") and not isinstance(value, str):
            raise CaseError(f"must be a string, not {value!r}", "output", key)
        if key == "figure":
            if value is not False and not (isinstance(value, str) and value in FIELD_UNITS):
                raise CaseError(f"{value!r} is not a field; fields: "
                                f"{', '.join(FIELD_UNITS)}, or false (no figure)",
                                "output", key)
        out[key] = value
    return out


# ---------------------------------------------------------------------------------------
# Building and solving
# ---------------------------------------------------------------------------------------


def _library_error(err: Exception, candidates: list[tuple[str, Mapping]]) -> CaseError:
    """A CaseError for an error of the library, at the key that produced it.

    ``candidates``: (table, keys of that table) in the order to look in. A
    :class:`~nfdiff.ParameterError` names its parameter; other errors are matched by
    the first key of the case that their message mentions.
    """
    name = getattr(err, "name", None)
    msg = str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)
    for table, keys in candidates:
        if name is not None and name in keys:
            return CaseError(msg, table, name)
    if name is None:
        for table, keys in candidates:
            for key in keys:
                if re.search(rf"\b{re.escape(key)}\b", msg):
                    return CaseError(msg, table, key)
    table = candidates[0][0] if candidates else None
    return CaseError(msg, table, name)


def _template_arguments(case: Case) -> dict:
    """The template's keyword arguments: [device], the materials, the interface.

    Errors of the library (building the interface) pass unchanged.
    """
    kwargs = dict(case.device)
    kwargs.update(case.materials)
    if case.interface is not None:
        from .interface import NFInterface

        kwargs["interface"] = NFInterface(**case.interface)
    return kwargs


def build(case: Case):
    """The template's device description (plain data; nothing meshed yet)."""
    from .errors import ParameterError

    try:
        kwargs = _template_arguments(case)
    except (ParameterError, ValueError, TypeError) as err:
        raise _library_error(err, [("interface", case.interface)]) from None
    try:
        return case.template.factory(**kwargs)
    except (ParameterError, ValueError, TypeError, KeyError) as err:
        name = getattr(err, "name", None)
        if name in case.materials:
            raise CaseError(str(err), f"materials.{name}", "name") from None
        if name == "interface":
            raise CaseError(str(err), "interface" if case.interface is not None else "device"
                            ) from None
        raise _library_error(err, [("device", {**case.device, **case.template.device}),
                                   ("interface", case.interface or {"interface": None}),
                                   ("solve", case.solve)]) from None


def _check_solve_keys(case: Case, device) -> dict[str, Key]:
    """The keys of the built template's ``solve``; CaseError for a key it does not take."""
    keys, var_keyword = _keys_of(device.solve)
    _python_only(keys)
    for key in case.solve:
        if key not in keys and not var_keyword:
            raise CaseError(_unknown(keys), "solve", key)
    return keys


def solve(case: Case, device):
    """Solve the built template with the [solve] keyword arguments."""
    from .errors import NfdiffError, ParameterError

    keys = _check_solve_keys(case, device)
    try:
        return device.solve(**case.solve)
    except (ParameterError, ValueError, TypeError, KeyError) as err:
        raise _library_error(err, [("solve", {**case.solve, **keys}),
                                   ("device", case.device)]) from None
    except NfdiffError as err:
        raise SolveFailed(str(err)) from err


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """numpy and dataclasses as plain JSON; NaN and infinities as null."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.repr}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, complex):
        return {"real": _jsonable(value.real), "imag": _jsonable(value.imag)}
    return str(value)


def _figures_available(sol) -> list[str]:
    fields = set(sol.field_names)
    out = [f for f in ("mu_m", "phi", "T_e", "T_m", "T_p") if f in fields]
    if {"mu_x", "mu_y", "mu_z"} <= fields:
        out += ["mu_s", "mu_x", "mu_y", "mu_z"]
    if any(f.startswith("T_") for f in fields):
        out.append("T")
    return out


def _default_figure(case: Case, sol) -> str | None:
    available = _figures_available(sol)
    preferred = [DEFAULT_FIGURES.get(case.template.name)]
    preferred += (["mu_m", "mu_s", "T"] if sol.problem.dim == 2 else ["mu_s", "T", "mu_m"])
    return next((f for f in preferred if f in available), available[0] if available else None)


def _display_units(sol, field: str) -> tuple[str | None, bool]:
    """(display unit, relative) for a figure: the largest unit below the largest value."""
    from .export import FIELD_UNITS
    from .plotting import UNIT_SCALES

    si = FIELD_UNITS.get(field)
    if si not in ("J", "V", "K"):
        return None, False
    names = {"mu_s": ["mu_x", "mu_y", "mu_z"],
             "T": [f for f in sol.field_names if f.startswith("T_")]}.get(field, [field])
    names = [f for f in names if f in sol.field_names]
    if not names:  # not a field of this solution: plot() says which ones are
        return None, False
    values = np.concatenate([sol.dof_values(f) for f in names])
    relative = si == "K"
    if relative:
        values = values - float(sol.device.temperature)
    largest = float(np.nanmax(np.abs(values))) if np.any(np.isfinite(values)) else 0.0
    scales = sorted(UNIT_SCALES[si].items(), key=lambda kv: -kv[1])
    if si == "J":
        scales = [kv for kv in scales if kv[0] != "J"]  # electronvolts read better
    for unit, size in scales:
        if largest >= size:
            return unit, relative
    return scales[-1][0], relative


def write_outputs(case: Case, sol, directory: Path, stem: str, inputs: dict) -> dict:
    """Write JSON, VTU/XDMF and the figure; returns ``{kind: path}``."""
    directory.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    observables = _jsonable(sol.observables)
    units = {k: case.template.observable_units.get(k, KNOWN_OBSERVABLE_UNITS.get(k))
             for k in observables}
    record = {
        "template": case.template.name,
        "observables": observables,
        "units": units,
        "newton": _jsonable({"iterations": sol.newton.iterations,
                             "converged": sol.newton.converged,
                             "residuals": sol.newton.residuals}),
        "inputs": inputs,
    }
    from . import __version__

    record["nfdiff_version"] = __version__
    out = case.output
    if out["vtu"]:
        files["vtu"] = directory / f"{stem}.vtu"
    if out["xdmf"]:
        files["xdmf"] = directory / f"{stem}.xdmf"
    figure = out["figure"] if out["figure"] is not None else _default_figure(case, sol)
    if figure:
        files["figure"] = directory / f"{stem}_{figure}.png"
    files["json"] = directory / f"{stem}.json"
    record["files"] = {k: v.name for k, v in files.items()}
    files["json"].write_text(json.dumps(record, indent=2, allow_nan=False) + "\n")
    for kind in ("vtu", "xdmf"):
        if kind in files:
            sol.save(files[kind])
    if figure:
        from .errors import ParameterError

        units, relative = _display_units(sol, figure)
        if out["figure_units"] is not None:
            units = out["figure_units"]
        try:
            sol.plot(figure, screenshot=files["figure"], units=units, relative=relative)
        except ParameterError as err:
            key = "figure_units" if err.name == "units" else "figure"
            raise CaseError(f"{err} (the other files are written, the figure is not)",
                            "output", key) from None
    return files


def _inputs(case: Case, device) -> dict:
    """The case's inputs in SI units, and the materials actually used, for the JSON."""
    materials = {}
    for role in case.template.roles:
        material = case.materials.get(role, getattr(device, role, None))
        if material is None or not hasattr(material, "numeric_fields"):
            continue
        materials[role] = {"name": material.name,
                           "overrides": case.material_inputs.get(role, {}),
                           "parameters": {f.name: getattr(material, f.name)
                                          for f in material.numeric_fields()},
                           "units": {f.name: f.metadata["unit"]
                                     for f in material.numeric_fields()}}
    return _jsonable({"device": case.device, "materials": materials,
                      "interface": case.interface, "solve": case.solve})


def _format_value(value: Any, unit: str | None) -> str:
    if isinstance(value, float):
        text = f"{value:.9g}"
    elif isinstance(value, list):
        text = "[" + ", ".join(_format_value(v, None) for v in value) + "]"
    else:
        text = str(value)
    return f"{text} {unit}" if unit and unit != "1" else text


# ---------------------------------------------------------------------------------------
# Help: every key, generated from the library
# ---------------------------------------------------------------------------------------


def _toml_default(key: Key) -> str:
    value = key.default
    if key.required:
        return "(required)"
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_default(Key("", v)) for v in value) + "]"
    if isinstance(value, float) and float(f"{value:g}") == value:
        return f"{value:g}"
    return repr(value)


def _key_lines(keys: Mapping[str, Key], indent: int = 4, show_default: bool = True) -> list[str]:
    lines = []
    pad = " " * indent
    for key in keys.values():
        head = f"{pad}{key.name} = {_toml_default(key)}" if show_default else f"{pad}{key.name}"
        extra = [f"[{key.unit}]" if key.unit else "",
                 key.kind if key.kind and not key.unit else ""]
        head = "  ".join(s for s in [head, *extra] if s)
        lines.append(head)
        if key.doc:
            lines += textwrap.wrap(key.doc, 88, initial_indent=pad + "    ",
                                   subsequent_indent=pad + "    ")
    return lines


def case_reference() -> str:
    """Documentation of every case-file key, generated from the templates and materials."""
    from . import materials as mats

    out = [
        "case file (TOML)",
        "",
        "  [device]            template = \"<name>\" (required) and the template's keyword",
        "                      arguments",
        "  [materials.<role>]  a material argument of the template: name = \"<built-in>\"",
        "                      (required) and parameter overrides ([materials] metal = \"Pt\"",
        "                      is short for a name alone; = false: none, where the",
        "                      template allows it)",
        "  [interface]         the N|F interface (default: the built-in parameters of the",
        "                      metal|magnet pair)",
        "  [solve]             keyword arguments of the template's solve()",
        "  [output]            what to write",
        "",
        "  Numbers are in SI units. A key with a unit in brackets also takes a string",
        "  \"<number> <unit>\" with an SI prefix, e.g. thickness = \"5 nm\",",
        "  current = \"100 uA\", gap = \"20 ueV\", current_density = \"1 MA/cm^2\".",
        "  Vectors are arrays: n = [0, 1, 0]; a key left out takes the default shown.",
        "",
        "templates",
    ]
    for name, factory in templates().items():
        try:
            tpl = describe(name, factory)
        except Exception as err:  # a template being written must not break --help
            out += ["", f"{name}: (cannot be described: {err})"]
            continue
        out += ["", f"{name}: {tpl.summary}", "  [device]",
                f"    template = {json.dumps(name)}"]
        out += _key_lines(tpl.device)
        for role, cls in tpl.roles.items():
            out.append(f"  [materials.{role}]  a {cls}: name and the {cls} keys below")
        if tpl.interface:
            out.append("  [interface]  optional: the keys below")
        if tpl.solve is None:
            out.append(f"  [solve]  the keyword arguments of {name}(...).solve()")
        else:
            out.append("  [solve]")
            out += _key_lines(tpl.solve)
        if tpl.observable_units:
            text = "observables (JSON): " + ", ".join(
                f"{k} [{u}]" for k, u in tpl.observable_units.items())
            out += textwrap.wrap(text, 88, initial_indent="  ", subsequent_indent="    ")

    out += ["", "[materials.<role>] keys",
            "    name = \"<material>\"  (required) one of: " + ", ".join(mats.names())]
    for cls_name in MATERIAL_CLASSES:
        cls = _material_class(cls_name)
        built_in = [n for n in mats.names() if isinstance(mats.get(n), cls)]
        out.append(f"  {cls_name} ({', '.join(built_in)}): overrides, default the built-in value")
        out += _key_lines(material_keys(cls), show_default=False)
    out += ["", "[interface] keys (nf.NFInterface)"]
    out += _key_lines(interface_keys())
    out += ["", "[output] keys"]
    for key, (default, doc) in OUTPUT_KEYS.items():
        out.append(f"    {key} = {default}")
        out += textwrap.wrap(doc, 88, initial_indent="        ", subsequent_indent="        ")
    out += ["", "exit status: 0 solved and written; 1 the solve failed (Newton, condensation)",
            "or files could not be written; 2 bad command line or case file (the message",
            "names the file, line, table and key)."]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Sweeps: nfdiff sweep CASE.toml --vary KEY=START:STOP:N ...
# ---------------------------------------------------------------------------------------

#: Observable drawn by ``nfdiff sweep`` per template (else the first scalar observable).
DEFAULT_SWEEP_OBSERVABLES = {"smr_film": "rho_long", "nonlocal_strips": "R_nl",
                             "lsse_stack": "V_ISHE", "spin_peltier": "delta_T_interface"}

SWEEP_HELP = """\
--vary KEY=VALUES (repeatable; one dimension of the grid each, in this order)
  KEY is a scalar keyword of the template ([device] table) or of its solve()
  ([solve] table): e.g. distance, temperature, thickness, law, current,
  current_density. VALUES is one of
    START:STOP:N        N values from START to STOP, evenly spaced (numpy.linspace)
    START:STOP:N:log    N values spaced evenly on a log scale (START, STOP > 0)
    V1,V2,...           the values given (numbers, or words for keys such as law)
  Numbers are in SI units or carry a unit with an SI prefix as in the case file:
  --vary "distance=0.5 um:20 um:12:log", --vary "current=20 uA:80 uA:4".
  The grid is the full product of the --vary values; the case file's value of a
  varied key is replaced. Vectors (n, widths as a pair), materials and the
  interface cannot be varied here: write a factory and call nf.sweep in Python
  (e.g. n = (cos a, sin a, 0) for an angle a).

Where the points run: by default on a Dask LocalCluster with one single-threaded
worker process per core (--workers N to change), BLAS pinned to one thread;
--scheduler ADDRESS runs them on an existing Dask cluster (tcp://host:8786);
--scheduler serial runs them one after the other in this process (debugging).

Files (in the output directory): <case>_sweep.nc, the xarray dataset (NetCDF:
the varied keys as coordinates, every scalar observable, newton_iterations,
converged, error, error_type; provenance in the attributes) and
<case>_sweep.png, the observable (--observable, default R_nl, rho_long, V_ISHE
per template) against the first varied key, one line per value of the second
(further varied keys at their first value); the x axis is logarithmic for a
:log range, and --log draws |observable| on a log axis. With --store DIR every
finished point is kept in DIR as it completes, so that the same command run
again after an interruption computes only the missing points; a point that
fails (bad parameter, condensation, no convergence) is recorded with its error
and the others go on.

exit status: 0 the sweep ran and the files are written (failed points are
listed on stderr); 1 no point solved, or the files could not be written; 2 bad
command line or case file (the message names the file, key or --vary key).

examples:
  nfdiff sweep examples/cases/nonlocal.toml --vary "distance=0.5 um:20 um:12:log" --log
  nfdiff sweep examples/cases/smr.toml --vary thickness=1nm:10nm:10 \\
      --vary law=elastic,nonlinear --store smr_store
"""


class VaryError(Exception):
    """A bad ``--vary`` option (exit status 2): ``key`` is the varied key, if known."""

    def __init__(self, message: str, key: str | None = None, spec: str = ""):
        super().__init__(message)
        self.message, self.key, self.spec = message, key, spec

    def format(self, filename: str) -> str:
        what = self.key if self.key else repr(self.spec)
        return f"{filename}: --vary {what}: {self.message}"


@dataclasses.dataclass(frozen=True)
class Vary:
    """One ``--vary``: a key of the [device] or [solve] table and its values."""

    key: str
    table: str
    values: tuple
    log: bool = False
    unit: str | None = None


def _scalar_kind(key: Key) -> str | None:
    """``float``, ``int``, ``bool`` or ``str`` for a key a single value can take."""
    default = key.default
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, str):
        return "str"
    kind = key.kind.strip().casefold()
    for word in ("float", "int", "bool", "str"):
        if kind.startswith(word):
            return word
    if kind.startswith("{"):
        return "str"
    return None


def _vary_value(token: str, key: Key, kind: str):
    """One value of a --vary list or range end, as the template wants it."""
    text = token.strip().strip("\"'")
    if not text:
        raise VaryError("empty value", key.name)
    if kind == "str":
        return text
    if kind == "bool":
        if text.casefold() not in ("true", "false"):
            raise VaryError(f"{text!r} is not true or false", key.name)
        return text.casefold() == "true"
    try:
        value = float(text)
    except ValueError:
        if key.unit is None:
            raise VaryError(f"{text!r} is not a number", key.name) from None
        try:
            value = parse_quantity(text, key.unit)
        except ValueError as err:
            raise VaryError(str(err), key.name) from None
    if not math.isfinite(value):
        raise VaryError(f"{text!r} is not finite", key.name)
    if kind == "int":
        if value != int(value):
            raise VaryError(f"{text!r} is not an integer", key.name)
        return int(value)
    return value


def parse_vary(spec: str, tpl: Template) -> Vary:
    """A ``--vary KEY=VALUES`` option checked against the template's keys.

    Raises
    ------
    VaryError
        Naming the key: unknown or vector keys, malformed ranges and lists, bad numbers
        or units.
    """
    name, eq, values = spec.partition("=")
    name = name.strip()
    if not eq:
        raise VaryError("expected KEY=START:STOP:N, KEY=START:STOP:N:log or "
                        "KEY=V1,V2,...", name or None, spec)
    if not name:
        raise VaryError("no key before '='", None, spec)
    key, table = tpl.device.get(name), "device"
    if key is None and tpl.solve is not None:
        key, table = tpl.solve.get(name), "solve"
    if key is None:
        if name in tpl.roles or name == "interface" or name in tpl.python_only:
            raise VaryError("cannot be varied from the command line (materials, the "
                            "interface and Python objects): use nf.sweep in Python", name)
        scalar = [f"[{t}] " + ", ".join(k for k, v in keys.items() if _scalar_kind(v))
                  for t, keys in (("device", tpl.device), ("solve", tpl.solve or {}))]
        raise VaryError(f"not a keyword of {tpl.name}; scalar keys: {'; '.join(scalar)} "
                        "(an angle of n, a material parameter: use nf.sweep in Python)", name)
    kind = _scalar_kind(key)
    if kind is None:
        raise VaryError(f"takes a vector ({key.kind}); only scalar keys can be varied from "
                        "the command line: use nf.sweep in Python for vectors", name)
    values = values.strip()
    if ":" in values:
        parts = values.split(":")
        spacing = parts.pop().strip().casefold() if len(parts) == 4 else "lin"
        if len(parts) != 3 or spacing not in ("lin", "log"):
            raise VaryError(f"{values!r}: a range is START:STOP:N or START:STOP:N:log", name)
        if kind not in ("float", "int"):
            raise VaryError(f"a range needs a numeric key; {name} takes a {kind}: list the "
                            "values, V1,V2,...", name)
        start, stop = (_vary_value(p, key, "float") for p in parts[:2])
        try:
            count = int(parts[2])
        except ValueError:
            count = 0
        if count < 1 or str(count) != parts[2].strip():
            raise VaryError(f"N = {parts[2].strip()!r} must be a whole number >= 1", name)
        if spacing == "log":
            if start <= 0 or stop <= 0:
                raise VaryError("a log range needs START > 0 and STOP > 0", name)
            grid = np.geomspace(start, stop, count)
        else:
            grid = np.linspace(start, stop, count)
        out = [float(v) for v in grid]
        if kind == "int":
            out = [_vary_value(repr(v), key, "int") for v in out]
        return Vary(name, table, tuple(out), spacing == "log", key.unit)
    tokens = values.split(",")
    out = tuple(_vary_value(t, key, kind) for t in tokens)
    if len(set(out)) != len(out):
        raise VaryError("a value appears twice", name)
    return Vary(name, table, out, False, key.unit)


class CaseFactory:
    """``factory(**point)`` of :func:`nfdiff.sweep` for a case file with varied keys.

    Holds the case's TOML document (without [output]) and where each varied key goes;
    a point's values replace the document's, the case is checked and the template
    built as ``nfdiff run`` would, and ``(device, [solve] arguments)`` returned. Errors
    of the library (a ParameterError for a point's value) pass unchanged, so that the
    sweep records their type. Picklable, for the workers.
    """

    def __init__(self, data: Mapping, tables: Mapping[str, str]):
        self.data = {k: v for k, v in data.items() if k != "output"}
        self.tables = dict(tables)

    def __call__(self, **point):
        import copy

        data = copy.deepcopy(self.data)
        for name, value in point.items():
            data.setdefault(self.tables[name], {})[name] = value
        case = check_case(data)
        return case.template.factory(**_template_arguments(case)), dict(case.solve)


def _sweep_observable(ds, template: str, wanted: str | None) -> str | None:
    """The observable of the figure: ``wanted``, else the template's default, else the
    first scalar observable (None if there is none)."""
    from .sweep import DIAGNOSTICS

    names = [n for n, v in ds.data_vars.items() if n not in DIAGNOSTICS and v.dtype.kind == "f"]
    if wanted is not None:
        return wanted if wanted in names else None
    preferred = DEFAULT_SWEEP_OBSERVABLES.get(template)
    return preferred if preferred in names else (names[0] if names else None)


def _label(name: str, unit: str | None) -> str:
    return f"{name} [{unit}]" if unit and unit != "1" else name


def sweep_figure(ds, varies: list[Vary], observable: str, path: Path, *,
                 log: bool = False, title: str = "") -> None:
    """The observable against the first varied key, one line per value of the second."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    first = varies[0]
    fixed = {v.key: v.values[0] for v in varies[2:]}
    data = ds[observable].sel(fixed) if fixed else ds[observable]
    unit = ds[observable].attrs.get("units")
    fig, ax = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in first.values)
    x = np.asarray(first.values, dtype=float) if numeric else [str(v) for v in first.values]
    lines = [(None, data)] if len(varies) == 1 else [
        (value, data.sel({varies[1].key: value})) for value in varies[1].values]
    for value, line in lines:
        y = np.asarray(line.transpose(first.key).values, dtype=float)
        if log:
            y = np.abs(y)
        label = (None if value is None
                 else f"{varies[1].key} = {_format_value(value, varies[1].unit)}")
        ax.plot(x, y, "o-", ms=3.5, label=label)
    ylabel = _label(f"|{observable}|" if log else observable, unit)
    ax.set(xlabel=_label(first.key, first.unit), ylabel=ylabel)
    if log:
        ax.set_yscale("log")
    if first.log:
        ax.set_xscale("log")
    if len(varies) > 1:
        ax.legend(fontsize=8)
    note = ", ".join(f"{k} = {_format_value(v, vary.unit)}" for (k, v), vary
                     in zip(fixed.items(), varies[2:], strict=True))
    ax.set_title("\n".join(t for t in (title, note) if t), fontsize=10)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _output_options(parser, default_dir: str, quiet_help: str) -> None:
    """The options of every command: output directory, quiet, traceback."""
    parser.add_argument("-o", "--output", metavar="DIR",
                        help="output directory (default: [output] directory, else "
                             f"{default_dir} in the current directory)")
    parser.add_argument("-q", "--quiet", action="store_true", help=quiet_help)
    parser.add_argument("--traceback", action="store_true",
                        help="show the Python traceback of an error (for debugging)")


def _sweep_parser(commands) -> None:
    sweep = commands.add_parser(
        "sweep", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="solve a case on a grid of parameter values (Dask)",
        description="Solve the device of a TOML case file at every point of a grid of "
                    "parameter values (nf.sweep on Dask);\nwrite the dataset (NetCDF) and a "
                    "figure into the output directory.",
        epilog=SWEEP_HELP)
    sweep.add_argument("case", metavar="CASE.toml", help="the case file (nfdiff run --help "
                       "lists its keys)")
    sweep.add_argument("--vary", action="append", default=[], metavar="KEY=VALUES",
                       help="a scalar [device] or [solve] key and its values: "
                            "START:STOP:N, START:STOP:N:log or V1,V2,... (see below)")
    sweep.add_argument("--scheduler", metavar="ADDRESS",
                       help="address of a Dask scheduler to run on (default: a local cluster "
                            "of one process per core); 'serial': in this process")
    sweep.add_argument("--workers", type=int, metavar="N",
                       help="worker processes of the local cluster (default: the cores)")
    sweep.add_argument("--store", metavar="DIR",
                       help="keep every finished point in DIR; run again to resume")
    sweep.add_argument("--observable", metavar="NAME",
                       help="observable of the figure (default per template: "
                            + ", ".join(f"{o} for {t}" for t, o in
                                        DEFAULT_SWEEP_OBSERVABLES.items()) + ")")
    sweep.add_argument("--log", action="store_true",
                       help="figure: |observable| on a logarithmic axis")
    _output_options(sweep, "<case>_sweep", "no progress bar, print nothing but errors")


def _sweep(args) -> int:
    path = Path(args.case)
    filename = args.case
    locator = None
    try:
        data, locator = read_case(path)
        case = check_case(data)
        if not args.vary:
            raise VaryError("give at least one --vary KEY=START:STOP:N (nfdiff sweep "
                            "--help)", None, "")
        varies = []
        for spec in args.vary:
            vary = parse_vary(spec, case.template)
            if any(v.key == vary.key for v in varies):
                raise VaryError("varied twice", vary.key)
            varies.append(vary)
        _check_solve_keys(case, build(case))  # the case itself must be sound
        if args.workers is not None and args.workers < 1:
            raise VaryError("--workers must be >= 1", None, "")
    except CaseError as err:
        return _failed(args, err.format(filename, locator), EXIT_USAGE)
    except VaryError as err:
        message = err.format(filename) if err.spec or err.key else f"{filename}: {err.message}"
        return _failed(args, message, EXIT_USAGE)

    from .errors import ParameterError
    from .sweep import SERIAL, sweep

    factory = CaseFactory(data, {v.key: v.table for v in varies})
    grid = {v.key: list(v.values) for v in varies}
    client = args.scheduler
    if client is not None and client.strip() == SERIAL:
        client = SERIAL
    directory = Path(args.output or case.output["directory"] or f"{path.stem}_sweep")
    try:
        ds = sweep(factory, grid, client=client, store=args.store, n_workers=args.workers,
                   progress=False if args.quiet else None)
    except KeyboardInterrupt:
        kept = (f"; the finished points are kept in {args.store}: run the same command to "
                "resume" if args.store else "")
        print(f"{filename}: interrupted{kept}", file=sys.stderr)
        return 130
    except (ParameterError, ImportError) as err:
        status = EXIT_USAGE if isinstance(err, ParameterError) else EXIT_FAILED
        return _failed(args, f"{filename}: {err}", status)
    ds.attrs["case"] = path.name
    ds.attrs["case_file"] = path.read_text(encoding="utf-8")
    for vary in varies:
        if vary.unit:
            ds[vary.key].attrs["units"] = vary.unit
    template = case.template.name
    observable = _sweep_observable(ds, template, args.observable)
    failed = int(ds.attrs["n_failed"])
    solved = int(ds.attrs["n_points"]) - failed
    try:
        directory.mkdir(parents=True, exist_ok=True)
        files = [directory / f"{path.stem}_sweep.nc"]
        ds.to_netcdf(files[0])
        if observable is not None and solved:
            files.append(directory / f"{path.stem}_sweep.png")
            sweep_figure(ds, varies, observable, files[1], log=args.log,
                         title=f"{path.name}: {template}")
    except OSError as err:
        return _failed(args, f"{filename}: cannot write the results: {err}", EXIT_FAILED)
    if args.observable is not None and observable is None:
        print(f"{filename}: --observable {args.observable}: not a scalar observable of "
              f"{template}; no figure", file=sys.stderr)
    if failed:
        errors = ds["error_type"].values.ravel()
        messages = ds["error"].values.ravel()
        first = int(np.flatnonzero(errors != "")[0])
        at = np.unravel_index(first, ds["error"].shape)
        where = ", ".join(f"{v.key} = {_format_value(v.values[i], v.unit)}"
                          for v, i in zip(varies, at, strict=True))
        print(f"{filename}: {failed} of {ds.attrs['n_points']} points failed; first at "
              f"{where}: {errors[first]}: {messages[first]}", file=sys.stderr)
    if not args.quiet:
        shape = " x ".join(f"{v.key} ({len(v.values)})" for v in varies)
        print(f"{filename}: {template}, {ds.attrs['n_points']} points ({shape}) on "
              f"{ds.attrs['client']}: {solved} solved, {failed} failed")
        print("wrote " + ", ".join(str(p) for p in files))
    return EXIT_OK if solved else EXIT_FAILED


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    reference = case_reference()
    parser = argparse.ArgumentParser(
        prog="nfdiff", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Spin and heat transport in normal-metal / magnetic-insulator devices "
                    "(finite elements).\n\ncommands:\n  run    solve a device described in "
                    "a TOML case file and write its observables\n         (JSON), fields "
                    "(VTU) and a figure (PNG)\n  sweep  solve it on a grid of parameter "
                    "values (Dask) and write the\n         dataset (NetCDF) and a figure; "
                    "nfdiff sweep --help",
        epilog=reference)
    parser.add_argument("--version", action="version", version=f"nfdiff {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="solve a device described in a TOML case file",
        description="Solve a device described in a TOML case file; write its observables "
                    "(JSON), fields\n(VTU) and a figure (PNG) into the output directory.",
        epilog=reference)
    run.add_argument("case", metavar="CASE.toml", help="the case file")
    _output_options(run, "<case>_output", "print nothing but errors")
    _sweep_parser(commands)
    return parser


def _failed(args, message: str, status: int) -> int:
    """Print one error line and return the exit status; with --traceback, re-raise.

    Call it in an ``except`` block: a bare ``raise`` re-raises the error being handled.
    """
    if args.traceback:
        raise  # the exception the caller is handling
    print(message, file=sys.stderr)
    return status


def _run(args) -> int:
    path = Path(args.case)
    filename = args.case
    locator = None
    try:
        data, locator = read_case(path)
        case = check_case(data)
        device = build(case)
        sol = solve(case, device)
        directory = Path(args.output or case.output["directory"] or f"{path.stem}_output")
        files = write_outputs(case, sol, directory, path.stem, _inputs(case, device))
    except CaseError as err:
        return _failed(args, err.format(filename, locator), EXIT_USAGE)
    except SolveFailed as err:
        return _failed(args, f"{filename}: the solve failed: {err}", EXIT_FAILED)
    except OSError as err:
        return _failed(args, f"{filename}: cannot write the results: {err}", EXIT_FAILED)
    if not args.quiet:
        newton = sol.newton
        print(f"{filename}: {case.template.name}, Newton "
              f"{'converged' if newton.converged else 'did NOT converge'} in "
              f"{newton.iterations} iteration{'s' if newton.iterations != 1 else ''}")
        width = max((len(k) for k in sol.observables), default=0)
        for name, value in _jsonable(sol.observables).items():
            unit = case.template.observable_units.get(name, KNOWN_OBSERVABLE_UNITS.get(name))
            print(f"  {name:<{width}} = {_format_value(value, unit)}")
        print("wrote " + ", ".join(str(p) for p in files.values()))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failed solve, 2 bad input).

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    return _sweep(args) if args.command == "sweep" else _run(args)


if __name__ == "__main__":
    sys.exit(main())
