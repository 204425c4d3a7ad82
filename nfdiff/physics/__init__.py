"""Pointwise constitutive laws of nfdiff: the densities of every weak form.

Each function receives the fields at quadrature points (values and gradients, SI
units; temperatures as deviations from the device temperature ``T0``) and returns a
:class:`Terms` with the residual densities ``a`` (source, times the test function)
and ``b`` (minus the flux, times the test-function gradient) and their exact
derivatives. :mod:`nfdiff.fem` assembles them; nothing here knows of meshes.

Conventions (physics.md): the mesh coordinates are the 3D axes ``AXES[dim]``
(1D: z; 2D: x and z); the extruded directions are ``EXTRUDED[dim]`` (1D: x, y;
2D: y); spin currents are angular-momentum currents [J/m^2]; interface currents are
counted into the magnet.
"""

from .bulk import dielectric_terms, magnet_terms, metal_terms
from .interfaces import (
    boundary_terms,
    kapitza_terms,
    magnet_contact_terms,
    nf_interface_terms,
)
from .terms import AXES, EXTRUDED, Terms

__all__ = [
    "AXES",
    "EXTRUDED",
    "Terms",
    "boundary_terms",
    "dielectric_terms",
    "kapitza_terms",
    "magnet_contact_terms",
    "magnet_terms",
    "metal_terms",
    "nf_interface_terms",
]
