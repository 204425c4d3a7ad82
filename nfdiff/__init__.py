"""nfdiff: spin and heat transport in normal-metal / magnetic-insulator devices.

Finite elements (scikit-fem) for electrons, magnons and phonons, coupled at N|F
interfaces by the law of Bender & Tserkovnyak, Phys. Rev. B 91, 140402(R) (2015).
"""

from . import bc, devices, dynamics, laws, materials, mesh, sensitivity, units
from .device import Device
from .errors import CondensationError, ConvergenceError, NfdiffError, ParameterError
from .interface import InterfaceJacobian, LinearCoefficients, MagnonGas, NFInterface
from .sweep import sweep

__version__ = "0.1.0.dev0"

__all__ = [
    "CondensationError",
    "ConvergenceError",
    "Device",
    "InterfaceJacobian",
    "LinearCoefficients",
    "MagnonGas",
    "NFInterface",
    "NfdiffError",
    "ParameterError",
    "__version__",
    "bc",
    "devices",
    "dynamics",
    "laws",
    "materials",
    "mesh",
    "sensitivity",
    "sweep",
    "units",
]
