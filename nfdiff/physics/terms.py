"""Containers for residual densities and their derivatives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

#: 3D axes of the mesh coordinates: 1D meshes run along z, 2D meshes span (x, z), 3D
#: meshes (x, y, z).
AXES = {1: (2,), 2: (0, 2), 3: (0, 1, 2)}
#: Extruded (invariant) directions along which charge may flow: none in 3D.
EXTRUDED: dict[int, tuple[int, ...]] = {1: (0, 1), 2: (1,), 3: ()}
#: Spin-polarisation component names.
SPIN = ("mu_x", "mu_y", "mu_z")

_EPS = np.zeros((3, 3, 3))
_EPS[0, 1, 2] = _EPS[1, 2, 0] = _EPS[2, 0, 1] = 1.0
_EPS[0, 2, 1] = _EPS[2, 1, 0] = _EPS[1, 0, 2] = -1.0


def cross_unit(k: int, j: int) -> np.ndarray:
    """``k_hat x j_hat`` as a 3-vector."""
    return _EPS[k, j, :]


def embed(v: np.ndarray, dim: int) -> np.ndarray:
    """In-plane vector (dim, ...) -> 3D vector (3, ...) with zeros out of the plane."""
    out = np.zeros((3,) + v.shape[1:])
    for d, ax in enumerate(AXES[dim]):
        out[ax] = v[d]
    return out


def inplane(v3: np.ndarray, dim: int) -> np.ndarray:
    """3D vector (3, ...) -> its in-plane components (dim, ...)."""
    return v3[list(AXES[dim])]


def check_parameter(owner: object, name: str, valid: Iterable[str]) -> None:
    """Raise ParameterError unless ``name`` is one of the parameters ``valid`` that
    ``owner`` (a region model or a coupling) differentiates by."""
    valid = list(valid)
    if name not in valid:
        from ..errors import ParameterError

        raise ParameterError("parameter", name, f"{type(owner).__name__} gives derivatives "
                             f"with respect to {valid or 'no parameter'}")


class Terms:
    """Residual densities and Jacobian densities, keyed by field names.

    ``residual[f] = [a, b]``; ``jacobian[(f, g)] = {"vv": ..., "vg": ..., "gv": ...,
    "gg": ...}``. Contributions with the same key add up.
    """

    def __init__(self) -> None:
        self.residual: dict[str, list[Any]] = {}
        self.jacobian: dict[tuple[str, str], dict[str, np.ndarray | float]] = {}

    def res(self, field: str, a: np.ndarray | float | None = None,
            b: np.ndarray | float | None = None) -> None:
        entry = self.residual.setdefault(field, [None, None])
        if a is not None:
            entry[0] = a if entry[0] is None else entry[0] + a
        if b is not None:
            entry[1] = b if entry[1] is None else entry[1] + b

    def jac(self, test: str, trial: str, **parts: np.ndarray | float | None) -> None:
        entry = self.jacobian.setdefault((test, trial), {})
        for kind, value in parts.items():
            if value is None:
                continue
            entry[kind] = value if kind not in entry else entry[kind] + value
