"""Device templates: thin layers over :class:`nfdiff.Device` for standard experiments.

A template is plain data (materials, thicknesses, the interface, the order-parameter
direction, the drive); the mesh and the :class:`~nfdiff.Device` are built when it is
solved. Each template's ``solve`` returns a :class:`~nfdiff.solution.Solution` whose
``observables`` hold the experiment's named results.

- :func:`smr_film`: spin Hall magnetoresistance of a metal film on a magnetic insulator
  (1D; Chen et al., Phys. Rev. B 87, 144411 (2013)).
- :func:`nonlocal_strips`: nonlocal magnon transport between an injector and a detector
  strip on a magnetic film (2D cross-section; Cornelissen et al., Nat. Phys. 11, 1022
  (2015)).
- :func:`lsse_stack`: longitudinal spin Seebeck effect of a metal film on a magnet
  (and substrate) with a temperature difference across the stack (1D; Uchida et al.,
  Appl. Phys. Lett. 97, 172505 (2010)).
- :func:`spin_peltier`: spin Peltier effect of a current-carrying metal film on a
  magnet, the Onsager partner of the spin Seebeck effect (1D; Flipse et al., Phys. Rev.
  Lett. 113, 027601 (2014)).
"""

from typing import Any

from ..params import Template
from .lsse import LSSEStack, lsse_stack
from .magnon_transport import NonlocalStrips, nonlocal_strips
from .nonlocal3d import NonlocalStrips3D, nonlocal_strips_3d
from .peltier import SpinPeltierSignal, SpinPeltierStack, spin_peltier
from .smr import SMRFilm, smr_film

#: The templates by name (the names a case file of ``nfdiff run`` gives). Each factory
#: carries its declarations: ``factory.parameters`` and ``factory.device_class``, whose
#: ``solve`` has ``parameters`` and ``observables`` (:mod:`nfdiff.params`).
TEMPLATES: dict[str, Template[..., Any]] = {
    "smr_film": smr_film, "nonlocal_strips": nonlocal_strips, "lsse_stack": lsse_stack,
    "spin_peltier": spin_peltier}

__all__ = [
    "TEMPLATES",
    "LSSEStack",
    "NonlocalStrips",
    "NonlocalStrips3D",
    "SMRFilm",
    "SpinPeltierSignal",
    "SpinPeltierStack",
    "lsse_stack",
    "nonlocal_strips",
    "nonlocal_strips_3d",
    "smr_film",
    "spin_peltier",
]
