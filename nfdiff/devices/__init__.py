"""Device templates: thin layers over :class:`nfdiff.Device` for standard experiments.

A template is plain data (materials, thicknesses, the interface, the order-parameter
direction, the drive); the mesh and the :class:`~nfdiff.Device` are built when it is
solved. Each template's ``solve`` returns a :class:`~nfdiff.solution.Solution` whose
``observables`` hold the experiment's named results.

- :func:`smr_film`: spin Hall magnetoresistance of a metal film on a magnetic insulator
  (1D; Chen et al., Phys. Rev. B 87, 144411 (2013)).
"""

from .smr import SMRFilm, smr_film

__all__ = ["SMRFilm", "smr_film"]
