"""Packaging: light import, public names, version."""

import subprocess
import sys

import nfdiff as nf


def test_import_does_not_pay_for_vtk_gmsh_meshio_or_matplotlib():
    code = ("import sys, nfdiff; "
            "print(sorted(m for m in ('vtk', 'pyvista', 'gmsh', 'matplotlib', 'dask', 'meshio') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_public_names():
    for name in ("NFInterface", "MagnonGas", "CondensationError", "ConvergenceError",
                 "NfdiffError", "ParameterError", "materials", "units"):
        assert hasattr(nf, name), name
    assert issubclass(nf.CondensationError, nf.NfdiffError)
    assert issubclass(nf.ParameterError, ValueError)
    assert nf.__version__
