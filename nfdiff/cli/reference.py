"""The help texts: every key of a case file, one line each, from the declarations.

Each key is shown as ``name = default  [unit] range: description`` (wrapped when
long), under the table it belongs to; the descriptions, units, ranges and defaults are
those declared by the templates, their ``solve`` methods and the materials
(:mod:`nfdiff.params`), so the help follows the library.
"""

from __future__ import annotations

import json
import re
import textwrap

from ..params import Parameter, number_text
from .schema import (
    OUTPUT_KEYS,
    describe,
    interface_keys,
    material_classes,
    material_keys,
    templates,
)

#: Width of the help text.
WIDTH = 99
#: Column at which a key's unit and description start (when the key is shorter).
_COLUMN = 30

INTRODUCTION = """\
case file (TOML)

  [device]            template = "<name>" and the template's keyword arguments
  [materials.<role>]  a material of the template: name = "<built-in>" and overrides of
                      its values ([materials] metal = "Pt" is short for a name alone;
                      = false: none, where the template allows it)
  [interface]         the N|F interface (default: the built-in parameters of the
                      metal|magnet pair)
  [solve]             keyword arguments of the template's solve()
  [output]            what to write

  Numbers are in SI units. A key with a unit also takes "<number> <unit>" with an SI
  prefix: thickness = "5 nm", current = "100 uA", gap = "20 ueV", current_density =
  "1 MA/cm^2". Vectors are arrays: n = [0, 1, 0]. A key left out takes the default
  after "="; a key without one is not set (its meaning follows "not set:")."""

EXIT_STATUS = """\
exit status: 0 solved and written; 1 the solve failed (Newton, condensation) or files
could not be written; 2 bad command line or case file (the message names the file,
line, table and key)."""


def _plain(text: str) -> str:
    """Docs markup as plain text: ``literal`` and :role:`target` as their words."""
    text = re.sub(r":\w+:`~?([^`]+)`", lambda m: m.group(1).split(".")[-1], text)
    return text.replace("``", "")


def toml_value(value: object) -> str:
    """A default as TOML text (``5e-9``, ``[1, 0, 0]``, ``"elastic"``, ``true``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, float):
        return number_text(value)
    return repr(value)


def _what(p: Parameter) -> str:
    """The unit and range of a key, or the values it takes: ``[m] > 0``."""
    if p.kind in ("word", "law") or (p.kind == "integer" and p.choices):
        return " | ".join(toml_value(v) for v in p.values)
    text = f"[{p.unit}]" if p.unit is not None else ""
    if p.kind == "number" and p.choices:
        text = " | ".join(toml_value(v) for v in p.values) + " | " + text
    extra = {"vector": "3-vector", "bool": "true | false", "integer": "integer"}.get(p.kind, "")
    text = " ".join(t for t in (text, extra, p.range_text()) if t)
    if p.entries is not None:
        lengths = (p.entries,) if isinstance(p.entries, int) else p.entries
        labels = f" ({', '.join(p.labels)})" if p.labels else ""
        text += f", {' or '.join(map(str, lengths))} values{labels}"
        text += " or one for all" if p.broadcast else ""
    return text


def key_line(p: Parameter, *, show_default: bool = True, indent: int = 4) -> list[str]:
    """The help line(s) of one key."""
    head = p.name
    if show_default and not p.required and p.default is not None:
        head += f" = {toml_value(p.default)}"
    elif p.required and show_default:
        head += " (required)"
    text = _plain(p.description)
    if p.default is None and p.none and show_default:
        text = text.rstrip(".") + f"; not set: {_plain(p.none)}."
    what = _what(p)
    body = f"{what}: {text}" if what else text
    pad = " " * indent
    return _wrap(f"{pad}{head}", body, pad + "    ")


def _wrap(head: str, text: str, indent: str) -> list[str]:
    """``head`` padded to the description column, then ``text``, wrapped."""
    head = head.ljust(_COLUMN) if len(head) < _COLUMN - 1 else head + " "
    return textwrap.wrap(text, WIDTH, initial_indent=head, subsequent_indent=indent,
                         break_on_hyphens=False)


def case_reference() -> str:
    """Every key of a case file, per template and table, from the declarations."""
    from .. import materials as mats

    out = [INTRODUCTION, "", "templates"]
    described = [describe(name, factory) for name, factory in templates().items()]
    for tpl in described:
        out += ["", f"{tpl.name}: {_plain(tpl.summary)}", "  [device]",
                f"    template = {json.dumps(tpl.name)}"]
        for p in tpl.device.values():
            out += key_line(p)
        for role, p in tpl.roles.items():
            builtin = p.builtin or (p.default if isinstance(p.default, str) else "none")
            out += key_line(p.replace(name=f"[materials.{role}]", description=(
                f"a {getattr(p.material, '__name__', 'material')} (default {builtin}): "
                f"{_plain(p.description)}")),
                show_default=False, indent=2)
        if tpl.interface:
            out.append("  [interface]  optional: the keys listed under [interface] below")
        out.append("  [solve]")
        for p in tpl.solve.values():
            out += key_line(p)
        text = "observables (JSON): " + ", ".join(
            f"{k} [{o.unit}]" for k, o in tpl.observables.items())
        out += textwrap.wrap(text, WIDTH, initial_indent="  ", subsequent_indent="    ")

    out += ["", "[materials.<role>] keys",
            "    name = \"<material>\"  (required) one of: " + ", ".join(mats.names())]
    for cls in material_classes(described):
        built_in = [n for n in mats.names() if isinstance(mats.get(n), cls)]
        out.append(f"  {cls.__name__} ({', '.join(built_in)}): overrides of the built-in "
                   "values")
        for p in material_keys(cls).values():
            out += key_line(p, show_default=False)
    out += ["", "[interface] keys (nf.NFInterface)"]
    for p in interface_keys().values():
        out += key_line(p)
    out += ["", "[output] keys"]
    for key, (default, doc) in OUTPUT_KEYS.items():
        out += _wrap(f"    {key} = {default}", doc, "        ")
    out += ["", EXIT_STATUS]
    return "\n".join(out)


def overview() -> str:
    """The epilog of ``nfdiff --help``: the templates, one line each."""
    lines = ["templates ([device] template = ...; nfdiff run --help lists every key of "
             "[device],", "[materials.<role>], [interface], [solve] and [output]):"]
    for name, factory in templates().items():
        summary = _plain(describe(name, factory).summary)
        lines += textwrap.wrap(summary, WIDTH, initial_indent=f"  {name:<17}",
                               subsequent_indent=" " * 19)
    return "\n".join(lines)
