"""Declarations and checks shared by the device templates (private).

The templates are frozen dataclasses whose fields are declared with
:func:`nfdiff.params.declare`: ``__post_init__`` checks them all from their declarations
(:func:`nfdiff.params.check_fields`) and then the conditions that involve several
fields. The declarations below are those of the fields (and ``solve`` arguments) that
several templates share under the same name and meaning; a template may replace the
description, details or hint of one (``METAL.replace(description=...)``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from .. import materials as mats
from .. import params
from .._validate import require
from ..errors import NfdiffWarning, ParameterError
from ..interface import NFInterface
from ..params import Interval, Parameter, number_text
from ..params import material as material  # nfdiff.dynamics takes materials from here

# ---- device -----------------------------------------------------------------------------
METAL = Parameter(None, None, "The normal metal.", kind="material",
                  material=mats.NormalMetal, builtin="Pt")
MAGNET = Parameter(None, None, "The magnetic insulator.", kind="material",
                   material=mats.MagneticInsulator, builtin="YIG")
SUBSTRATE = Parameter(None, None, "The substrate under the magnet.", kind="material",
                      material=mats.Dielectric, none="no substrate")
INTERFACE = Parameter(None, None, "The N|F interface (g_r, g_i, optionally a magnon gas and "
                      "a Kapitza conductance).", kind="interface",
                      none="the built-in parameters of the (metal, magnet) pair, e.g. Pt|YIG")
N = Parameter(None, None, "Order-parameter direction of F (the paper's n; the magnetisation "
              "is m = -n).", kind="vector",
              details="n is the direction of the ordered spin density.")
TEMPERATURE = Parameter("K", "positive", "Bath temperature T0.")
LAW = Parameter(None, None, "Interface law (nf.laws).", kind="law")
ORDER = Parameter(None, None, "Lagrange element order.", kind="integer", choices=(1, 2))
THERMAL = Parameter(None, None, "Solve the heat equations too.", kind="bool")
H_MIN = Parameter("m", "positive", "Element size at the metal's surfaces and at the "
                  "interface.", none="the template's default")
H_MAX = Parameter("m", "positive", "Largest element.", none="the template's default")
GROWTH = Parameter("1", Interval(1.0, closed=(False, True)),
                   "Largest size ratio of neighbouring elements.",
                   hint="the largest size ratio of neighbouring elements; for a uniform "
                        "mesh set h_max = h_min")

# ---- solve ------------------------------------------------------------------------------
CURRENT_DENSITY = Parameter("A/m^2", "nonzero", "Mean current density j along +x over the "
                            "metal thickness.")
RTOL, MAXITER = params.RTOL, params.MAXITER


def check_sizes(obj: Any) -> None:
    """``h_max >= h_min`` when both are given (scalars, checked already)."""
    if obj.h_min is not None and obj.h_max is not None:
        require("h_max", obj.h_max, obj.h_max >= obj.h_min,
                f"must be >= h_min = {obj.h_min:.6g} m", "m")


def builtin_interface(metal: mats.NormalMetal, magnet: mats.MagneticInsulator,
                      interface: NFInterface | None) -> NFInterface:
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


# ---- guards: sizes and plausibility ------------------------------------------------------
#: Lengths of a thin-film device [m], from an atomic layer to a chip: a length outside
#: warns (most likely a slip of units, e.g. nanometres given as metres).
DEVICE_LENGTHS = (1e-10, 1e-2)
#: Current density [A/m^2] above which a warning is given: nanoscale metal lines fail
#: (Joule heating, electromigration) at about 1e12-1e13 A/m^2.
MAX_CURRENT_DENSITY = 1e13
#: Largest element aspect ratio of a 2D mesh: the stiffness of an hx-by-hz element weighs
#: the two directions in the ratio (hx/hz)^2, which double precision resolves only below
#: 1/eps, so hx/hz must stay below 1/sqrt(eps) = 6.7e7.
MAX_ASPECT = 1.0 / math.sqrt(float(np.finfo(float).eps))
#: A length this many times its typical value is taken for a slip of units.
_SLIP = 100.0

#: Lengths of a template to check: ``{name: (value, typical value)}`` [m]; a value may
#: be a tuple of lengths (``widths``), whose largest counts.
Lengths = Mapping[str, tuple[Any, float]]


def _largest(value: Any) -> float:
    return float(np.max(value))


def metres_hint(value: float, typical: float) -> str:
    """"; lengths are in metres", with a guess of what was meant for a value of 1 or more
    (a number of nm, um or mm, by the scale of the typical value)."""
    text = "; lengths are in metres"
    if value >= 1.0:
        scale = 1e-9 if typical < 1e-6 else 1e-6 if typical < 1e-3 else 1e-3
        text += f" (did you mean {number_text(value * scale)}?)"
    return text


def check_count(count: int, limit: int, lengths: Lengths, sizes: Mapping[str, Any]) -> None:
    """Refuse a mesh of more than ``limit`` nodes (:func:`too_large`)."""
    if count > limit:
        raise too_large(f"~{count:.1e} nodes (more than {limit:.0e})", lengths, sizes)


def given_sizes(obj: Any) -> dict[str, Any]:
    """The mesh sizes given to a template (h_min, h_max not None)."""
    return {k: getattr(obj, k) for k in ("h_min", "h_max") if getattr(obj, k) is not None}


def too_large(what: str, lengths: Lengths, sizes: Mapping[str, Any]) -> ParameterError:
    """The error of a mesh that would be ``what`` (e.g. "~2e8 nodes"), naming the length
    furthest above its typical value; or, when no length is far above it, the given mesh
    sizes (``sizes``: the given ones of h_min, h_max)."""
    name = max(lengths, key=lambda k: _largest(lengths[k][0]) / lengths[k][1])
    value, typical = lengths[name]
    if _largest(value) > _SLIP * typical or not sizes:
        return ParameterError(name, value, f"gives {what}{metres_hint(_largest(value), typical)}",
                              "m")
    size = "h_max" if "h_max" in sizes else "h_min"  # the count grows as 1/h_max
    return ParameterError(size, sizes[size], f"gives {what}: coarser element sizes are needed "
                          "(lengths are in metres)", "m")


def warn_lengths(lengths: Lengths, stacklevel: int = 5) -> None:
    """An :class:`~nfdiff.errors.NfdiffWarning` for each length outside
    :data:`DEVICE_LENGTHS` (``stacklevel`` 5: the caller of a template's factory, from
    its ``__post_init__``)."""
    lo, hi = DEVICE_LENGTHS
    for name, (value, typical) in lengths.items():
        for x in np.ravel(value):
            if not lo <= x <= hi:
                warnings.warn(f"{name} = {number_text(x)} m is outside the lengths of a "
                              f"thin-film device, {number_text(lo)} to {number_text(hi)} m (an "
                              f"atomic layer to a chip){metres_hint(x, typical)}",
                              NfdiffWarning, stacklevel=stacklevel)
                break


def short(x: float) -> str:
    """A number to two significant digits, as :func:`~nfdiff.params.number_text`."""
    return number_text(float(f"{x:.2g}"))


def warn_current_density(j: float, source: str | None = None, hint: str = "",
                         stacklevel: int = 4) -> None:
    """An :class:`~nfdiff.errors.NfdiffWarning` when ``|j|`` [A/m^2] exceeds
    :data:`MAX_CURRENT_DENSITY`; ``source`` names the drive that gives j (None: j is the
    drive ``current_density``), ``hint`` ends the message."""
    if abs(j) > MAX_CURRENT_DENSITY:
        what = (f"{source} gives a current density of {short(abs(j))} A/m^2, which" if source
                else f"current_density = {short(j)} A/m^2")
        warnings.warn(f"{what} is above the {short(MAX_CURRENT_DENSITY)} A/m^2 at which metal "
                      f"films melt or fail by electromigration{hint}", NfdiffWarning,
                      stacklevel=stacklevel)
