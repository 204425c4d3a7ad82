"""Declarations and checks shared by the device templates (private).

The templates are frozen dataclasses whose fields are declared with
:func:`nfdiff.params.declare`: ``__post_init__`` checks them all from their declarations
(:func:`nfdiff.params.check_fields`) and then the conditions that involve several
fields. The declarations below are those of the fields (and ``solve`` arguments) that
several templates share under the same name and meaning; a template may replace the
description, details or hint of one (``METAL.replace(description=...)``).
"""

from __future__ import annotations

from typing import Any

from .. import materials as mats
from .. import params
from .._validate import require
from ..errors import ParameterError
from ..interface import NFInterface
from ..params import Interval, Parameter
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
