"""Checks and look-ups shared by the device templates (private).

The templates are frozen dataclasses that check and normalise their fields in
``__post_init__``. The ``check_*`` helpers below each check a group of fields that
several templates share, under the same names and with the same meaning, and store
the normalised values on the (frozen) instance; a template calls them in the order in
which it wants its fields checked. Every failure is a
:class:`~nfdiff.errors.ParameterError` that names the field.
"""

from __future__ import annotations

import numpy as np

from .. import materials as mats
from .._validate import finite, positive, require, unit_vector
from ..errors import ParameterError
from ..interface import NFInterface
from ..laws import resolve


def _set(obj, name, value):
    """Store ``value`` as the field ``name`` of a frozen dataclass instance."""
    object.__setattr__(obj, name, value)


def material(name, value, cls, default):
    """A material of class ``cls`` from an instance, a built-in name or None (default)."""
    if value is None:
        value = default
    if isinstance(value, str):
        try:
            value = mats.get(value)
        except KeyError:
            raise ParameterError(name, value, f"is not a built-in material; known: "
                                 f"{', '.join(mats.names())}") from None
    if not isinstance(value, cls):
        raise ParameterError(name, getattr(value, "name", value),
                             f"must be a {cls.__name__} (nf.materials.{cls.__name__} or "
                             "a built-in name)")
    return value


def check_metal_magnet(obj):
    """``metal`` (a NormalMetal, default Pt) and ``magnet`` (a MagneticInsulator, YIG)."""
    _set(obj, "metal", material("metal", obj.metal, mats.NormalMetal, "Pt"))
    _set(obj, "magnet", material("magnet", obj.magnet, mats.MagneticInsulator, "YIG"))


def check_interface_and_bath(obj):
    """``interface`` (NFInterface or None), ``n`` (normalised), ``temperature``, ``law``
    (a name or an :class:`~nfdiff.laws.InterfaceLaw`, stored as the law object)."""
    if obj.interface is not None and not isinstance(obj.interface, NFInterface):
        raise ParameterError("interface", obj.interface,
                             "must be an nf.NFInterface or None (the built-in "
                             "parameters of the metal|magnet pair); for a parameter "
                             "set use nf.materials.interface_parameters(...)"
                             ".to_interface()")
    _set(obj, "n", tuple(float(c) for c in unit_vector("n", obj.n)))
    _set(obj, "temperature", positive("temperature", obj.temperature, "K"))
    _set(obj, "law", resolve(obj.law))


def check_order(obj):
    """``order``: the Lagrange element order, 1 or 2 (not a bool)."""
    if isinstance(obj.order, bool) or obj.order not in (1, 2):
        raise ParameterError("order", obj.order, "must be 1 or 2")


def check_thermal(obj):
    """``thermal``: a bool (numpy's too), stored as ``bool``."""
    if not isinstance(obj.thermal, (bool, np.bool_)):
        raise ParameterError("thermal", obj.thermal, "must be True or False")
    _set(obj, "thermal", bool(obj.thermal))


def check_sizes(obj):
    """Scalar ``h_min``, ``h_max`` (each None or > 0, ``h_max >= h_min``) and ``growth``."""
    for name in ("h_min", "h_max"):
        if getattr(obj, name) is not None:
            _set(obj, name, positive(name, getattr(obj, name), "m"))
    if obj.h_min is not None and obj.h_max is not None:
        require("h_max", obj.h_max, obj.h_max >= obj.h_min,
                f"must be >= h_min = {obj.h_min:.6g} m", "m")
    check_growth(obj)


def check_growth(obj):
    """``growth``: the largest size ratio of neighbouring elements, finite and > 1."""
    growth = finite("growth", obj.growth)
    require("growth", growth, growth > 1.0,
            "must be > 1 (the largest size ratio of neighbouring elements; for a "
            "uniform mesh set h_max = h_min)")
    _set(obj, "growth", growth)


def builtin_interface(metal, magnet, interface: NFInterface | None) -> NFInterface:
    """``interface``, or if None the built-in interface of the (metal, magnet) pair.

    Raises
    ------
    ParameterError
        (named ``interface``) if the pair has no built-in parameters.
    """
    if interface is not None:
        return interface
    try:
        return mats.interface_parameters(metal, magnet).to_interface()
    except KeyError as err:
        raise ParameterError("interface", None,
                             f"{err.args[0]}; pass interface=nf.NFInterface(g_r=..., "
                             "g_i=...)") from None
