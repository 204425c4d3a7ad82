"""Regenerate the gmsh meshes of this directory from their .geo files.

Usage::

    python meshes/build.py                 # every meshes/*.geo -> meshes/*.msh
    python meshes/build.py strip_on_film   # only the named ones

Each ``NAME.geo`` is meshed in 2D with the gmsh Python API (the optional extra
``nfdiff[mesh]``) and written next to it as ``NAME.msh`` in MSH 4.1 ASCII, the format
:func:`nfdiff.mesh.load` reads (read through meshio, MSH 2.2 loses the interior physical
curves such as the strip|film interface).  Only elements of physical groups are saved.
gmsh's mesher is deterministic: rerunning with the same gmsh version gives the same
files.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(geo: Path, msh: Path | None = None, *, verbose: bool = False) -> Path:
    """Mesh one .geo file (2D, first order) and write it as MSH 4.1 ASCII.

    Parameters
    ----------
    geo : pathlib.Path
        The gmsh geometry file.
    msh : pathlib.Path, optional
        Output file (default: ``geo`` with the suffix ``.msh``).
    verbose : bool, optional
        Print gmsh's messages (default: False).

    Returns
    -------
    pathlib.Path
        The written file.
    """
    import gmsh

    msh = geo.with_suffix(".msh") if msh is None else msh
    # interruptible=False: gmsh installs no signal handler, so this also works when
    # called outside the main thread
    gmsh.initialize(interruptible=False)
    try:
        gmsh.option.setNumber("General.Terminal", int(verbose))
        gmsh.open(str(geo))
        gmsh.option.setNumber("Mesh.ElementOrder", 1)
        gmsh.option.setNumber("Mesh.MshFileVersion", 4.1)
        gmsh.option.setNumber("Mesh.Binary", 0)
        gmsh.option.setNumber("Mesh.SaveAll", 0)
        gmsh.model.mesh.generate(2)
        gmsh.write(str(msh))
    finally:
        gmsh.finalize()
    return msh


def main(names: list[str]) -> None:
    """Build the named meshes of this directory (all .geo files if none are named)."""
    geos = [HERE / f"{n.removesuffix('.geo')}.geo" for n in names] or sorted(HERE.glob("*.geo"))
    for geo in geos:
        if not geo.is_file():
            raise SystemExit(f"{geo}: no such file")
        msh = build(geo)
        print(f"{geo.name} -> {msh.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
