"""Reading and checking a case file: TOML in, a :class:`Case` out, errors with file:line.

tomllib reports no positions for valid documents, so :class:`_Locator` scans the text
for the line of each table and key; a :class:`CaseError` names the table and the key and
gets its line from there. The values are checked by the library (the templates' and
materials' declarations, :mod:`nfdiff.params`); here the keys are checked against the
schema (:mod:`nfdiff.cli.schema`) and strings ``"<number> <unit>"`` converted to SI
(:func:`nfdiff.units.parse_quantity`).
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..params import Parameter
from ..units import parse_quantity
from .schema import (
    DEFAULT_FIGURES,
    OUTPUT_KEYS,
    TABLES,
    Template,
    describe,
    interface_keys,
    material_keys,
    templates,
)


class CaseError(Exception):
    """A problem with the case file, in ``table`` (dotted) at ``key`` (if known)."""

    def __init__(self, message: str, table: str | None = None, key: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
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


@dataclasses.dataclass
class Case:
    """A checked case file: everything needed to build, solve and write."""

    template: Template
    device: dict[str, Any]
    materials: dict[str, Any]  # role -> material instance
    material_inputs: dict[str, dict[str, Any]]  # role -> overrides [SI]
    interface: dict[str, Any] | None
    solve: dict[str, Any]
    output: dict[str, Any]


def read_case(path: Path) -> tuple[dict[str, Any], _Locator]:
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
        line: int | None = raw[:err.start].count(b"\n") + 1
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


def _table(data: dict[str, Any], name: str, where: str | None = None) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise CaseError(f"must be a table ([{name}] with keys below it), not a "
                        f"{type(value).__name__}", where if where is not None else "", name)
    return value


def _unknown(keys: Iterable[str], what: str = "key") -> str:
    valid = list(keys)
    return (f"unknown {what}; valid {what}s: {', '.join(valid)}" if valid
            else f"unknown {what}; this table takes no {what}s")


def _convert(value: Any, key: Parameter | None, table: str) -> Any:
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


def check_case(data: dict[str, Any]) -> Case:
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

    kwargs: dict[str, Any] = {}
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
        if key not in tpl.device:
            raise CaseError(_unknown(["template", *tpl.device]), "device", key)
        kwargs[key] = _convert(value, tpl.device.get(key), "device")
    for p in tpl.device.values():
        if p.required and p.name not in kwargs:
            raise CaseError(f"required key of {name} is missing", "device", p.name)

    materials, material_inputs = _check_materials(data, tpl)
    interface = _check_interface(data, tpl)
    solve = _check_solve(data, tpl)
    output = _check_output(data, tpl)
    return Case(tpl, kwargs, materials, material_inputs, interface, solve, output)


def _python_object(key: Parameter, table: str) -> CaseError:
    return CaseError(f"cannot be given in a case file (it takes a Python object: "
                     f"{key.type_name})", table, key.name)



def _check_materials(data: dict[str, Any], tpl: Template
                     ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    from .. import materials as mats
    from ..errors import ParameterError

    table = _table(data, "materials")
    built: dict[str, Any] = {}
    inputs: dict[str, dict[str, Any]] = {}
    for role, spec in table.items():
        where = f"materials.{role}"
        if role not in tpl.roles:
            raise CaseError(f"{tpl.name} takes no material {role!r}; "
                            + (f"its materials: {', '.join(tpl.roles)}" if tpl.roles
                               else "it takes no materials"), where)
        if spec is False:  # [materials] substrate = false: no such layer
            if tpl.roles[role].none is None:
                raise CaseError(f"cannot be false: {tpl.name} needs a {role}", "materials",
                                role)
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
        cls = tpl.roles[role].material
        assert cls is not None  # a material parameter declares its class
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


def _check_interface(data: dict[str, Any], tpl: Template) -> dict[str, Any] | None:
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
    for p in keys.values():
        if p.required and p.name not in out:
            raise CaseError("required key is missing (an [interface] table replaces the "
                            "built-in parameters of the metal|magnet pair)", "interface",
                            p.name)
    return out


def _check_solve(data: dict[str, Any], tpl: Template) -> dict[str, Any]:
    table = _table(data, "solve")
    out = {}
    for key, value in table.items():
        if key in tpl.python_only:
            raise _python_object(tpl.python_only[key], "solve")
        spec = tpl.solve.get(key)
        if spec is None:
            raise CaseError(_unknown(tpl.solve), "solve", key)
        out[key] = _convert(value, spec, "solve")
    return out


def _check_output(data: dict[str, Any], tpl: Template) -> dict[str, Any]:
    from ..export import FIELD_UNITS
    from ..units import DISPLAY_UNITS

    table = _table(data, "output")
    out: dict[str, Any] = {"directory": None, "vtu": True, "xdmf": False, "figure": None,
                           "figure_units": None, "x_range": None, "z_range": None}
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
        if key in ("x_range", "z_range"):
            value = _window(value, key)
        out[key] = value
    figure = out["figure"] if out["figure"] is not None else DEFAULT_FIGURES.get(tpl.name)
    si = FIELD_UNITS.get(figure) if isinstance(figure, str) else None
    if out["figure_units"] is not None and si is not None:
        if out["figure_units"] not in DISPLAY_UNITS[si]:  # known before the solve
            raise CaseError(f"{out['figure_units']!r} is not a unit of {figure} [{si}]; "
                            f"units: {', '.join(DISPLAY_UNITS[si])}", "output",
                            "figure_units")
    return out


def _window(value: Any, key: str) -> tuple[float, float] | str:
    """An [output] x_range or z_range: "all", or two lengths (numbers [m] or "3 um")."""
    if value == "all":
        return value
    if not (isinstance(value, list) and len(value) == 2):
        raise CaseError(f"must be \"all\" or a pair [min, max] of lengths, e.g. "
                        f"[\"-3 um\", \"5 um\"], not {value!r}", "output", key)
    ends = []
    for v in value:
        if isinstance(v, str):
            try:
                v = parse_quantity(v, "m")
            except ValueError as err:
                raise CaseError(str(err), "output", key) from None
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise CaseError(f"{v!r} is not a length (a number in m or \"<number> <unit>\")",
                            "output", key)
        ends.append(float(v))
    if not ends[0] < ends[1]:
        raise CaseError(f"{value!r}: the first value must be below the second", "output", key)
    return ends[0], ends[1]
