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

The valid keys, their units, defaults and descriptions are the declarations of the
templates, their ``solve`` methods and the materials (:mod:`nfdiff.params`), so the
help text (``nfdiff run --help``) and the checks follow the library. A wrong key, value
or unit is reported as ``case.toml:LINE: [table] key: message`` with exit status 2,
never a traceback (``--traceback`` shows one, for debugging).

The modules: :mod:`~nfdiff.cli.schema` (the keys of each table),
:mod:`~nfdiff.cli.case` (reading and checking a case file), :mod:`~nfdiff.cli.run`
(``nfdiff run``), :mod:`~nfdiff.cli.output` (what it writes),
:mod:`~nfdiff.cli.reference` (the help texts) and :mod:`~nfdiff.cli.sweep`
(``nfdiff sweep``).
"""

from __future__ import annotations

import argparse

from ..units import parse_quantity, scale  # what "<number> <unit>" in a case file means
from .case import Case, CaseError, check_case, read_case
from .reference import case_reference, overview
from .run import EXIT_FAILED, EXIT_OK, EXIT_USAGE, _output_options, _run, build, solve
from .schema import Template, describe, templates
from .sweep import _sweep, _sweep_parser

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "Case",
    "CaseError",
    "Template",
    "build",
    "case_reference",
    "check_case",
    "describe",
    "main",
    "parse_quantity",
    "read_case",
    "scale",
    "solve",
    "templates",
]


def _parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="nfdiff", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Spin and heat transport in normal-metal / magnetic-insulator devices "
                    "(finite elements).\n\ncommands:\n  run    solve a device described in "
                    "a TOML case file and write its observables\n         (JSON), fields "
                    "(VTU) and a figure (PNG); nfdiff run --help lists every key\n  sweep  "
                    "solve it on a grid of parameter values (Dask) and write the\n         "
                    "dataset (NetCDF) and a figure; nfdiff sweep --help",
        epilog=overview())
    parser.add_argument("--version", action="version", version=f"nfdiff {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", formatter_class=argparse.RawDescriptionHelpFormatter,
        help="solve a device described in a TOML case file",
        description="Solve a device described in a TOML case file; write its observables "
                    "(JSON), fields\n(VTU) and a figure (PNG) into the output directory.",
        epilog=case_reference())
    run.add_argument("case", metavar="CASE.toml", help="the case file")
    _output_options(run, "<case>_output", "print nothing but errors")
    _sweep_parser(commands)
    return parser


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
