"""The physics of nfdiff: region models, couplings and their pointwise densities.

- :mod:`~nfdiff.physics.models`: what is solved in a region (:class:`RegionModel`, its
  :class:`Field` declarations; the built-in :class:`MetalModel`, :class:`MagnetModel`,
  :class:`DielectricModel`);
- :mod:`~nfdiff.physics.couplings`: what crosses the interface between two regions
  (:class:`NFCoupling`, the paper's law; :class:`Kapitza`);
- :mod:`~nfdiff.physics.bulk` and :mod:`~nfdiff.physics.interfaces`: the densities of
  the weak forms at quadrature points (values and gradients of the fields in SI units;
  temperatures as deviations from the device temperature ``T0``), each a :class:`Terms`
  with the residual densities ``a`` (times the test function) and ``b`` (minus the flux,
  times the test-function gradient) and their exact derivatives. :mod:`nfdiff.fem`
  assembles them; nothing here knows of meshes.

Conventions (docs/theory.md#theory-bulk): the mesh coordinates are the 3D axes ``AXES[dim]``
(1D: z; 2D: x and z; 3D: x, y, z); the extruded directions are ``EXTRUDED[dim]`` (1D: x,
y; 2D: y; 3D: none);
spin currents are angular-momentum currents [J/m^2]; interface currents are counted into
the magnet.
"""

from .bulk import dielectric_terms, magnet_terms, metal_terms
from .couplings import Coupling, CouplingContext, Kapitza, NFCoupling
from .interfaces import interface_law, kapitza_terms, magnet_contact_terms, nf_interface_terms
from .models import (
    DielectricModel,
    Field,
    MagnetModel,
    MetalModel,
    RegionContext,
    RegionModel,
    model_for,
    register_model,
)
from .terms import AXES, EXTRUDED, SPIN, Terms

__all__ = [
    "AXES",
    "EXTRUDED",
    "SPIN",
    "Coupling",
    "CouplingContext",
    "DielectricModel",
    "Field",
    "Kapitza",
    "MagnetModel",
    "MetalModel",
    "NFCoupling",
    "RegionContext",
    "RegionModel",
    "Terms",
    "dielectric_terms",
    "interface_law",
    "kapitza_terms",
    "magnet_contact_terms",
    "magnet_terms",
    "metal_terms",
    "model_for",
    "nf_interface_terms",
    "register_model",
]
