"""Argument checks that fail early with a message a user can act on.

Every helper takes the *name* of the parameter (a function argument or a dataclass
field), its *value* and optionally its *unit*, and either returns the value as
``float`` (for a scalar, including 0-d arrays and numpy scalars) or as a new
``float64`` array (for anything with a shape), or raises
:class:`~nfdiff.errors.ParameterError`, whose message names the parameter, the value
and the valid range, e.g.::

    conductivity = -1.0 S/m is invalid: must be finite and > 0

For an array the message shows the first offending entry and its index::

    temperature[3] = nan K is invalid: must be finite and > 0 (first of 2 invalid
    entries of an array of shape (10,))

and the error carries ``name`` (the bare parameter name), ``value`` (the offending
entry) and ``index`` (its index tuple).  NaN never passes a check (only
:func:`as_real`, which checks the type and nothing else, lets it through).
Booleans, strings, complex numbers and other non-real objects are rejected.
"""

from __future__ import annotations

import numbers
from typing import Any, overload

import numpy as np

from .errors import ParameterError

__all__ = [
    "as_real",
    "finite",
    "in_range",
    "nonnegative",
    "positive",
    "require",
    "unit_vector",
]


def _fmt(x: float) -> str:
    """Short, exact-enough text for a bound in a message."""
    return format(float(x), ".6g")


def _not_real(name: str, value: Any, unit: str) -> ParameterError:
    return ParameterError(name, value, f"must be a real number or an array of real numbers, "
                          f"not {type(value).__name__}", unit)


def _to_float_array(name: str, value: Any, unit: str) -> np.ndarray:
    """``value`` as a float64 array (a copy), or ParameterError for non-real input."""
    if isinstance(value, (str, bytes, bool, np.bool_)) or value is None:
        raise _not_real(name, value, unit)
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nested sequences, odd objects
        raise _not_real(name, value, unit) from exc
    kind = arr.dtype.kind
    if kind in "iuf":
        return np.array(arr, dtype=float)
    if kind == "O" and all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))
                           for v in arr.flat):
        return arr.astype(float)
    raise _not_real(name, value, unit)


def _result(arr: np.ndarray) -> float | np.ndarray:
    return float(arr) if arr.ndim == 0 else arr


def _raise_first(name: str, arr: np.ndarray, bad: np.ndarray, requirement: str,
                 unit: str) -> None:
    """Raise ParameterError for the first True entry of ``bad`` (if any)."""
    if not np.any(bad):
        return
    if arr.ndim == 0:
        raise ParameterError(name, float(arr), requirement, unit)
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    count = int(np.count_nonzero(bad))
    label = f"{name}[{', '.join(str(i) for i in index)}]"
    err = ParameterError(label, float(arr[index]),
                         f"{requirement} (first of {count} invalid "
                         f"entr{'y' if count == 1 else 'ies'} of an array of shape {arr.shape})",
                         unit)
    err.name = name
    err.index = index
    raise err


@overload
def as_real(name: str, value: float, unit: str = "") -> float: ...
@overload
def as_real(name: str, value: Any, unit: str = "") -> float | np.ndarray: ...
def as_real(name: str, value: Any, unit: str = "") -> float | np.ndarray:
    """Check that ``value`` is real-valued; NaN and infinities pass.

    For unit converters and other pure arithmetic, where NaN should propagate as in
    numpy (e.g. the failed points of a sweep).

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : float or array_like
        Value to check.
    unit : str, optional
        Unit shown after the value in the message (default: none).

    Returns
    -------
    float or ndarray
        ``float`` for a scalar, a new ``float64`` array otherwise.

    Raises
    ------
    ParameterError
        If ``value`` is not real (string, bool, complex, None, ragged sequence...).
    """
    return _result(_to_float_array(name, value, unit))


@overload
def finite(name: str, value: float, unit: str = "") -> float: ...
@overload
def finite(name: str, value: Any, unit: str = "") -> float | np.ndarray: ...
def finite(name: str, value: Any, unit: str = "") -> float | np.ndarray:
    """Check that ``value`` is real and finite (no NaN, no infinity).

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : float or array_like
        Value to check, in the unit ``unit``.
    unit : str, optional
        Unit shown after the value in the message (default: none).

    Returns
    -------
    float or ndarray
        ``float`` for a scalar, a new ``float64`` array otherwise.

    Raises
    ------
    ParameterError
        If any entry is NaN or infinite, or ``value`` is not real.
    """
    arr = _to_float_array(name, value, unit)
    _raise_first(name, arr, ~np.isfinite(arr), "must be finite", unit)
    return _result(arr)


@overload
def positive(name: str, value: float, unit: str = "") -> float: ...
@overload
def positive(name: str, value: Any, unit: str = "") -> float | np.ndarray: ...
def positive(name: str, value: Any, unit: str = "") -> float | np.ndarray:
    """Check that ``value`` is finite and strictly positive.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : float or array_like
        Value to check, in the unit ``unit``.
    unit : str, optional
        Unit shown after the value in the message (default: none).

    Returns
    -------
    float or ndarray
        ``float`` for a scalar, a new ``float64`` array otherwise.

    Raises
    ------
    ParameterError
        If any entry is NaN, infinite, zero or negative, or ``value`` is not real.
    """
    arr = _to_float_array(name, value, unit)
    _raise_first(name, arr, ~(np.isfinite(arr) & (arr > 0)), "must be finite and > 0", unit)
    return _result(arr)


@overload
def nonnegative(name: str, value: float, unit: str = "") -> float: ...
@overload
def nonnegative(name: str, value: Any, unit: str = "") -> float | np.ndarray: ...
def nonnegative(name: str, value: Any, unit: str = "") -> float | np.ndarray:
    """Check that ``value`` is finite and >= 0.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : float or array_like
        Value to check, in the unit ``unit``.
    unit : str, optional
        Unit shown after the value in the message (default: none).

    Returns
    -------
    float or ndarray
        ``float`` for a scalar, a new ``float64`` array otherwise.

    Raises
    ------
    ParameterError
        If any entry is NaN, infinite or negative, or ``value`` is not real.
    """
    arr = _to_float_array(name, value, unit)
    _raise_first(name, arr, ~(np.isfinite(arr) & (arr >= 0)), "must be finite and >= 0", unit)
    return _result(arr)


@overload
def in_range(name: str, value: float, lo: float, hi: float, unit: str = "", *,
             inclusive: bool | tuple[bool, bool] = True) -> float: ...
@overload
def in_range(name: str, value: Any, lo: float, hi: float, unit: str = "", *,
             inclusive: bool | tuple[bool, bool] = True) -> float | np.ndarray: ...
def in_range(name: str, value: Any, lo: float, hi: float, unit: str = "", *,
             inclusive: bool | tuple[bool, bool] = True) -> float | np.ndarray:
    """Check that ``value`` is finite and lies between ``lo`` and ``hi``.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : float or array_like
        Value to check, in the unit ``unit``.
    lo, hi : float
        Bounds, in the unit ``unit``; ``-inf`` or ``inf`` for a one-sided range.
    unit : str, optional
        Unit shown after the value in the message (default: none).
    inclusive : bool or (bool, bool), optional
        Whether the lower and upper bounds are allowed (default: both).  A single
        bool applies to both ends.

    Returns
    -------
    float or ndarray
        ``float`` for a scalar, a new ``float64`` array otherwise.

    Raises
    ------
    ParameterError
        If any entry is NaN, infinite or outside the range, or ``value`` is not real.
    ValueError
        If ``lo > hi`` (a programming error, not a user error).
    """
    if lo > hi:
        raise ValueError(f"in_range({name!r}): lower bound {lo} exceeds upper bound {hi}")
    lo_in, hi_in = (inclusive, inclusive) if isinstance(inclusive, bool) else inclusive
    arr = _to_float_array(name, value, unit)
    ok = np.isfinite(arr)
    ok &= (arr >= lo) if lo_in else (arr > lo)
    ok &= (arr <= hi) if hi_in else (arr < hi)
    interval = f"{'[' if lo_in else '('}{_fmt(lo)}, {_fmt(hi)}{']' if hi_in else ')'}"
    _raise_first(name, arr, ~ok, f"must be finite and in {interval}", unit)
    return _result(arr)


def require(name: str, value: Any, ok: Any, requirement: str, unit: str = "") -> None:
    """Raise for the first entry of ``value`` where the condition ``ok`` is False.

    For conditions that the other helpers do not cover (a bound that depends on
    other parameters, for instance).  ``value`` should already have passed one of
    the helpers above.

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : float or array_like
        The checked value, in the unit ``unit``.
    ok : bool or array_like of bool
        The condition, broadcastable to the shape of ``value``.
    requirement : str
        What the condition means, e.g. ``"must be below curie_temperature = 559 K"``.
    unit : str, optional
        Unit shown after the value in the message (default: none).

    Raises
    ------
    ParameterError
        If ``ok`` is False anywhere (the message shows the first such entry).
    """
    arr = _to_float_array(name, value, unit)
    bad = ~np.broadcast_to(np.asarray(ok, dtype=bool), arr.shape)
    _raise_first(name, arr, bad, requirement, unit)


def unit_vector(name: str, value: Any) -> np.ndarray:
    """Normalise a 3-vector (or a stack of them, shape ``(..., 3)``).

    Parameters
    ----------
    name : str
        Parameter name used in the error message.
    value : array_like, shape (..., 3)
        Direction(s); any nonzero finite length.

    Returns
    -------
    ndarray, shape (..., 3)
        A new array of unit vectors along ``value``.

    Raises
    ------
    ParameterError
        If the last axis is not of length 3, or a vector is zero or has a non-finite
        component.  For a stack the message shows the first offending vector and its
        index.
    """
    arr = _to_float_array(name, value, "")
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise ParameterError(name, value, f"must be a 3-vector (shape (3,) or (..., 3)), "
                             f"got shape {arr.shape}")
    # Scale by the largest component first: no overflow or underflow in the norm.
    scale = np.max(np.abs(arr), axis=-1)
    bad = ~np.all(np.isfinite(arr), axis=-1) | ~(scale > 0)
    if np.any(bad):
        requirement = "must be a nonzero 3-vector with finite components"
        if arr.ndim == 1:
            raise ParameterError(name, arr.tolist(), requirement)
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        count = int(np.count_nonzero(bad))
        label = f"{name}[{', '.join(str(i) for i in index)}]"
        err = ParameterError(label, arr[index].tolist(),
                             f"{requirement} (first of {count} invalid vector"
                             f"{'' if count == 1 else 's'} of a stack of shape {arr.shape})")
        err.name = name
        err.index = index
        raise err
    arr = arr / scale[..., None]
    return arr / np.linalg.norm(arr, axis=-1, keepdims=True)
