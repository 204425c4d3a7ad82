"""``nfdiff run CASE.toml``: check the case, build the template, solve, write.

Errors of the library (a :class:`~nfdiff.ParameterError` naming a parameter) are
reported at the case-file key that gave the value; a failed solve exits with status 1.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .case import Case, CaseError, check_case, read_case
from .output import (
    OutputError,
    _format_value,
    _inputs,
    _jsonable,
    check_directory,
    remove_created,
    write_outputs,
)

if TYPE_CHECKING:
    from ..solution import Solution

#: Exit statuses; 130 (128 + SIGINT) is the shells' status of a command stopped by Ctrl-C.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class SolveFailed(Exception):
    """The solve itself failed (Newton, condensation): exit status 1."""


def _library_error(err: Exception, candidates: list[tuple[str, Mapping[str, Any]]]
                   ) -> CaseError:
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
    first = candidates[0][0] if candidates else None
    return CaseError(msg, first, name)


def _template_arguments(case: Case) -> dict[str, Any]:
    """The template's keyword arguments: [device], the materials, the interface.

    Errors of the library (building the interface) pass unchanged.
    """
    kwargs = dict(case.device)
    kwargs.update(case.materials)
    if case.interface is not None:
        from ..interface import NFInterface

        kwargs["interface"] = NFInterface(**case.interface)
    return kwargs


def build(case: Case) -> Any:
    """The template's device description (plain data; nothing meshed yet)."""
    from ..errors import ParameterError

    try:
        kwargs = _template_arguments(case)
    except (ParameterError, ValueError, TypeError) as err:
        raise _library_error(err, [("interface", case.interface or {})]) from None
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


def solve(case: Case, device: Any) -> Solution:
    """Solve the built template with the [solve] keyword arguments."""
    from ..errors import NfdiffError, ParameterError

    try:
        return device.solve(**case.solve)
    except (ParameterError, ValueError, TypeError, KeyError) as err:
        raise _library_error(err, [("solve", {**case.solve, **case.template.solve}),
                                   ("device", case.device)]) from None
    except NfdiffError as err:
        raise SolveFailed(str(err)) from err


def _output_options(parser: argparse.ArgumentParser, default_dir: str,
                    quiet_help: str) -> None:
    """The options of every command: output directory, quiet, traceback."""
    parser.add_argument("-o", "--output", metavar="DIR",
                        help="output directory (default: [output] directory, else "
                             f"{default_dir} in the current directory)")
    parser.add_argument("-q", "--quiet", action="store_true", help=quiet_help)
    parser.add_argument("--traceback", action="store_true",
                        help="show the Python traceback of an error (for debugging)")


def _failed(args: argparse.Namespace, message: str, status: int) -> int:
    """Print one error line and return the exit status; with --traceback, re-raise.

    Call it in an ``except`` block: a bare ``raise`` re-raises the error being handled.
    """
    if args.traceback:
        raise  # the exception the caller is handling
    print(message, file=sys.stderr)
    return status


def _interrupted(filename: str, detail: str = "") -> int:
    """Ctrl-C: one line on stderr (no traceback) and exit status 130.

    ``detail`` says what was kept, e.g. ``"; the finished points are kept in DIR"``.
    """
    print(f"{filename}: interrupted{detail}", file=sys.stderr)
    return EXIT_INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    created: list[Path] = []
    status = EXIT_FAILED
    try:
        status = _run_case(args, created)
    except KeyboardInterrupt:  # at any point: the files of an earlier run stay whole
        status = _interrupted(args.case)
    finally:
        if status != EXIT_OK:  # a directory made for this run, left empty
            remove_created(created)
    return status


def _run_case(args: argparse.Namespace, created: list[Path]) -> int:
    """Read, check, solve and write; ``created`` gets the directories made for the run."""
    path = Path(args.case)
    filename = args.case
    locator = None
    try:
        data, locator = read_case(path)
        case = check_case(data)
        directory = Path(args.output or case.output["directory"] or f"{path.stem}_output")
        created += check_directory(directory)  # before the solve: fail early
        device = build(case)
        sol = solve(case, device)
        files = write_outputs(case, sol, directory, path.stem, _inputs(case, device))
    except CaseError as err:
        return _failed(args, err.format(filename, locator), EXIT_USAGE)
    except SolveFailed as err:
        return _failed(args, f"{filename}: the solve failed: {err}", EXIT_FAILED)
    except OutputError as err:
        return _failed(args, f"{filename}: {err}", EXIT_FAILED)
    if not args.quiet:
        newton = sol.newton
        print(f"{filename}: {case.template.name}, Newton "
              f"{'converged' if newton.converged else 'did NOT converge'} in "
              f"{newton.iterations} iteration{'s' if newton.iterations != 1 else ''}")
        width = max((len(k) for k in sol.observables), default=0)
        for name, value in _jsonable(sol.observables).items():
            declared = case.template.observables.get(name)
            unit = declared.unit if declared is not None else None
            print(f"  {name:<{width}} = {_format_value(value, unit)}")
        print("wrote " + ", ".join(str(p) for p in files.values()))
    return EXIT_OK


