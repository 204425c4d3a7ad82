"""What ``nfdiff run`` writes: the JSON record, the fields (VTU/XDMF) and a figure."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import units
from .case import Case, CaseError
from .schema import DEFAULT_FIGURES

if TYPE_CHECKING:
    from ..solution import Solution


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


def _figures_available(sol: Solution) -> list[str]:
    fields = set(sol.field_names)
    out: list[str] = [f for f in ("mu_m", "phi", "T_e", "T_m", "T_p") if f in fields]
    if {"mu_x", "mu_y", "mu_z"} <= fields:
        out += ["mu_s", "mu_x", "mu_y", "mu_z"]
    if any(f.startswith("T_") for f in fields):
        out.append("T")
    return out


def _default_figure(case: Case, sol: Solution) -> str | None:
    available = _figures_available(sol)
    preferred = [DEFAULT_FIGURES.get(case.template.name)]
    preferred += (["mu_m", "mu_s", "T"] if sol.problem.dim == 2 else ["mu_s", "T", "mu_m"])
    return next((f for f in preferred if f in available), available[0] if available else None)


def _display_units(sol: Solution, field: str) -> tuple[str | None, bool]:
    """(display unit, relative) for a figure: the largest unit below the largest value."""
    from ..export import FIELD_UNITS

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
    return units.display_unit(si, largest), relative


def write_outputs(case: Case, sol: Solution, directory: Path, stem: str,
                  inputs: dict[str, Any]) -> dict[str, Path]:
    """Write JSON, VTU/XDMF and the figure; returns ``{kind: path}``."""
    directory.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    observables = _jsonable(sol.observables)
    declared = case.template.observables
    observable_units = {k: declared[k].unit if k in declared else None for k in observables}
    record = {
        "template": case.template.name,
        "observables": observables,
        "units": observable_units,
        "newton": _jsonable({"iterations": sol.newton.iterations,
                             "converged": sol.newton.converged,
                             "residuals": sol.newton.residuals}),
        "inputs": inputs,
    }
    from .. import __version__

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
        from ..errors import ParameterError

        unit, relative = _display_units(sol, figure)
        if out["figure_units"] is not None:
            unit = out["figure_units"]
        try:
            sol.plot(figure, screenshot=files["figure"], units=unit, relative=relative)
        except ParameterError as err:
            key = "figure_units" if err.name == "units" else "figure"
            raise CaseError(f"{err} (the other files are written, the figure is not)",
                            "output", key) from None
    return files


def _inputs(case: Case, device: Any) -> dict[str, Any]:
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


