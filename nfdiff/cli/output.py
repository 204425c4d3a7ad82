"""What ``nfdiff run`` writes: the JSON record, the fields (VTU/XDMF) and a figure.

The output directory is checked before the solve (:func:`check_directory`); the files
are written under temporary names and renamed into place, the JSON record last
(:func:`write_outputs`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ParameterError
from .case import Case, CaseError
from .schema import DEFAULT_FIGURES, OUTPUT_KEYS

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


class OutputError(Exception):
    """The results cannot be written; the message names the directory or file."""


def check_directory(directory: Path) -> list[Path]:
    """Create ``directory`` if needed and check that a file can be written in it.

    Called before the solve, so that an unwritable output directory is reported at
    once. Returns the directories it created, deepest first (:func:`remove_created`
    removes them again if the run fails).

    Raises
    ------
    OutputError
        Naming the directory and the reason (permission denied, not a directory, ...).
    """
    created = [d for d in (directory, *directory.parents) if not d.exists()]
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".nfdiff-check-"):
            pass
    except OSError as err:
        remove_created(created)
        raise OutputError(f"cannot write to the output directory {directory}: "
                          f"{err.strerror or err}") from None
    return created


def remove_created(created: list[Path]) -> None:
    """Remove the directories :func:`check_directory` created, if they are still empty."""
    for directory in created:
        try:
            directory.rmdir()
        except FileNotFoundError:  # never made: mkdir failed below its parent
            continue
        except OSError:  # not empty, or not ours to remove
            return


@contextlib.contextmanager
def _staging(directory: Path) -> Iterator[Path]:
    """A temporary directory inside ``directory``, removed with whatever it still holds.

    Files are written there under their final names (an XDMF file keeps the name of
    its .h5 file) and moved into ``directory`` by :func:`os.replace`, an atomic
    rename on the same file system: a failure or Ctrl-C while writing leaves no
    partial file and the files of an earlier run as they were.
    """
    stage = Path(tempfile.mkdtemp(prefix=".nfdiff-partial-", dir=directory))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def write_outputs(case: Case, sol: Solution, directory: Path, stem: str,
                  inputs: dict[str, Any]) -> dict[str, Path]:
    """Write the fields (VTU/XDMF), the figure and, last, the JSON record.

    Every file is written in a staging directory and renamed into ``directory`` once
    all are written; the JSON record, written last, lists the files of this run. If
    writing fails (a full disk) or is interrupted, nothing is renamed: the files of an
    earlier run stay as they were and no partial file is left behind.

    Returns ``{kind: path}`` of the files written. Raises :class:`OutputError` if a
    file cannot be written (then nothing in ``directory`` has changed),
    :class:`CaseError` if the figure cannot be drawn (the other files are written).
    """
    from .. import __version__

    observables = _jsonable(sol.observables)
    declared = case.template.observables
    record = {
        "template": case.template.name,
        "observables": observables,
        "units": {k: declared[k].unit if k in declared else None for k in observables},
        "newton": _jsonable({"iterations": sol.newton.iterations,
                             "converged": sol.newton.converged,
                             "residuals": sol.newton.residuals}),
        "inputs": inputs,
        "nfdiff_version": __version__,
    }
    out = case.output
    names: dict[str, str] = {}
    figure_error = None
    try:
        with _staging(directory) as stage:
            for kind in ("vtu", "xdmf"):
                if out[kind]:
                    names[kind] = f"{stem}.{kind}"
                    sol.save(stage / names[kind])
            figure = out["figure"] if out["figure"] is not None else _default_figure(case, sol)
            if figure:
                names["figure"] = f"{stem}_{figure}.png"
                try:
                    _draw(sol, figure, stage / names["figure"], out)
                except ParameterError as err:
                    del names["figure"]
                    key = "figure_units" if err.name == "units" else err.name
                    figure_error = CaseError(f"{err} (the other files are written, the "
                                             "figure is not)", "output",
                                             key if key in OUTPUT_KEYS else "figure")
            names["json"] = f"{stem}.json"
            record["files"] = names
            (stage / names["json"]).write_text(json.dumps(record, indent=2, allow_nan=False)
                                               + "\n")
            _commit(stage, directory, names["json"])
    except OSError as err:  # while writing the staged files: nothing renamed yet
        raise OutputError(f"cannot write the results in {directory}: {err}; the files "
                          "there are unchanged") from err
    if figure_error is not None:
        raise figure_error
    return {k: directory / v for k, v in names.items()}


def _commit(stage: Path, directory: Path, last: str) -> None:
    """Rename every file of ``stage`` into ``directory``, ``last`` (the record) last.

    Raises
    ------
    OutputError
        Saying what was replaced before the rename that failed (a rename within a file
        system writes no data, so this is rare).
    """
    staged = sorted(p.name for p in stage.iterdir() if p.name != last) + [last]
    for i, name in enumerate(staged):
        try:
            os.replace(stage / name, directory / name)
        except OSError as err:
            done = ", ".join(staged[:i]) or "none"
            raise OutputError(f"cannot move {name} into {directory}: {err}; replaced "
                              f"before it: {done}") from err


def _draw(sol: Solution, figure: str, path: Path, out: dict[str, Any]) -> None:
    """The figure of ``figure``: display unit from the data unless [output] gives one."""
    sol.plot(figure, screenshot=path, units=out["figure_units"],
             x_range=out["x_range"], z_range=out["z_range"])


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


