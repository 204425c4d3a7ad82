"""Interface and boundary densities (docs/theory.md#theory-boundaries).

Residual densities here are outward normal fluxes of the test field's region
(``a`` in ``int a v ds``): the spin current leaving N into F is ``i``; the magnon
spin current leaving F is ``n . i``; the magnon heat current leaving F is
``-(qdot + mu_m n . i / hbar)`` (energy minus chemical potential times the magnon number
current ``-n . i / hbar``); the heat leaving N is ``qdot + h_K (T_N - T_p) - mu_s . i /
hbar``; the heat leaving the phonons of F is ``-h_K (T_N - T_p)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
from scipy.constants import hbar

from ..laws import InterfaceJacobian, InterfaceLaw, require_pumping
from .terms import SPIN, Terms

if TYPE_CHECKING:
    from ..bc import MagnetContact
    from ..interface import NFInterface

__all__ = ["interface_law", "kapitza_terms", "magnet_contact_terms", "nf_interface_terms"]


@overload
def interface_law(itf: NFInterface, mu_s: np.ndarray, n: np.ndarray, mu_m: np.ndarray,
                  dT_e: np.ndarray, dT_m: np.ndarray, *, T0: float, law: str | InterfaceLaw,
                  jacobian: Literal[True] = True
                  ) -> tuple[np.ndarray, np.ndarray, InterfaceJacobian]: ...
@overload
def interface_law(itf: NFInterface, mu_s: np.ndarray, n: np.ndarray, mu_m: np.ndarray,
                  dT_e: np.ndarray, dT_m: np.ndarray, *, T0: float, law: str | InterfaceLaw,
                  jacobian: bool) -> tuple[np.ndarray, np.ndarray, InterfaceJacobian | None]: ...
def interface_law(itf: NFInterface, mu_s: np.ndarray, n: np.ndarray, mu_m: np.ndarray,
                  dT_e: np.ndarray, dT_m: np.ndarray, *, T0: float, law: str | InterfaceLaw,
                  jacobian: bool = True
                  ) -> tuple[np.ndarray, np.ndarray, InterfaceJacobian | None]:
    """The interface law at facet quadrature points, flattened and reshaped back.

    ``mu_s`` is the spin accumulation the law sees (shifted by ``-hbar n x dn/dt`` for
    a pumping contact); temperatures are deviations from ``T0``, the reference
    temperature of linear-response coefficients. Returns ``(i, qdot, jac)`` with ``i``
    (..., 3), ``qdot`` (...) and the flat :class:`~nfdiff.laws.InterfaceJacobian` (None
    without ``jacobian``).
    """
    shape = dT_e.shape
    res = itf.currents(mu_s.reshape(-1, 3), n, mu_m.ravel(), T_e=(T0 + dT_e).ravel(),
                       delta_T=(dT_m - dT_e).ravel(), law=law, reference_temperature=T0,
                       jacobian=jacobian)
    return res[0].reshape(shape + (3,)), res[1].reshape(shape), res[2] if jacobian else None


def _electron_side(t: Terms, i: np.ndarray, q: np.ndarray, jac: InterfaceJacobian,
                   mu_s: np.ndarray, *, thermal: bool, h: float, dT_e: np.ndarray,
                   dT_p: np.ndarray, magnon_fields: Mapping[str, str | None]) -> None:
    """Rows of the metal fields (spin accumulation and electron heat).

    ``magnon_fields`` maps "mu_m"/"T_m" to the magnet-side field names, or to None
    where the magnet side is a fixed reservoir.
    """
    shape = q.shape
    mu_m, T_m, T_p = (magnon_fields.get(f) for f in ("mu_m", "T_m", "T_p"))
    for k, name in enumerate(SPIN):
        t.res(name, a=i[..., k])
        for j, other in enumerate(SPIN):
            t.jac(name, other, vv=jac.di_dmu_s.reshape(shape + (3, 3))[..., k, j])
        if mu_m:
            t.jac(name, mu_m, vv=jac.di_dmu_m.reshape(shape + (3,))[..., k])
        if thermal:
            t.jac(name, "T_e", vv=jac.di_dT_e.reshape(shape + (3,))[..., k])
            if T_m:
                t.jac(name, T_m, vv=jac.di_dT_m.reshape(shape + (3,))[..., k])
    if not thermal:
        return
    di = {name: jac.di_dmu_s.reshape(shape + (3, 3))[..., :, j] for j, name in enumerate(SPIN)}
    mu_dot_i = np.sum(mu_s * i, axis=-1)
    t.res("T_e", a=q + h * (dT_e - dT_p) - mu_dot_i / hbar)
    for j, name in enumerate(SPIN):
        dqs = jac.dq_dmu_s.reshape(shape + (3,))[..., j]
        t.jac("T_e", name, vv=dqs - (i[..., j] + np.sum(mu_s * di[name], axis=-1)) / hbar)
    t.jac("T_e", "T_e", vv=jac.dq_dT_e.reshape(shape) + h
          - np.sum(mu_s * jac.di_dT_e.reshape(shape + (3,)), axis=-1) / hbar)
    if mu_m:
        t.jac("T_e", mu_m, vv=jac.dq_dmu_m.reshape(shape)
              - np.sum(mu_s * jac.di_dmu_m.reshape(shape + (3,)), axis=-1) / hbar)
    if T_m:
        t.jac("T_e", T_m, vv=jac.dq_dT_m.reshape(shape)
              - np.sum(mu_s * jac.di_dT_m.reshape(shape + (3,)), axis=-1) / hbar)
    if T_p:
        t.jac("T_e", T_p, vv=np.full(shape, -h))


def nf_interface_terms(uN: dict[str, Any], uF: dict[str, Any], itf: NFInterface,
                       n: np.ndarray, *, law: InterfaceLaw, T0: float, thermal: bool,
                       kapitza: float) -> Terms:
    """The paper's interface law between a metal (``uN``) and a magnet (``uF``).

    ``n`` is the order-parameter direction of the magnet (3-vector, the paper's n);
    ``kapitza`` the phonon conductance h_K [W/(m^2 K)] (used if ``thermal``).
    """
    t = Terms()
    mu_s = np.stack([uN[s][0] for s in SPIN], axis=-1)
    shape = mu_s.shape[:-1]
    zero = np.zeros(shape)
    dT_e = uN["T_e"][0] if thermal else zero
    dT_m = uF["T_m"][0] if thermal else zero
    dT_p = uF["T_p"][0] if thermal else zero
    i, q, jac = interface_law(itf, mu_s, n, uF["mu_m"][0], dT_e, dT_m, T0=T0, law=law)
    fields = {"mu_m": "mu_m", "T_m": "T_m" if thermal else None, "T_p": "T_p" if thermal
              else None}
    _electron_side(t, i, q, jac, mu_s, thermal=thermal, h=kapitza, dT_e=dT_e, dT_p=dT_p,
                   magnon_fields=fields)

    # magnon side: n . i leaves F; -qdot is the magnon energy current leaving F
    nv = np.asarray(n, dtype=float)
    t.res("mu_m", a=i @ nv)
    dmu = jac.di_dmu_s.reshape(shape + (3, 3))
    for j, name in enumerate(SPIN):
        t.jac("mu_m", name, vv=dmu[..., :, j] @ nv)
    t.jac("mu_m", "mu_m", vv=jac.di_dmu_m.reshape(shape + (3,)) @ nv)
    if thermal:
        t.jac("mu_m", "T_m", vv=jac.di_dT_m.reshape(shape + (3,)) @ nv)
        t.jac("mu_m", "T_e", vv=jac.di_dT_e.reshape(shape + (3,)) @ nv)
        # magnon heat entering F: the energy current qdot minus mu_m times the magnon
        # number current (-n.i/hbar): qdot + mu_m n.i / hbar (docs/theory.md#theory-energy)
        mu_m = uF["mu_m"][0]
        ni = i @ nv
        t.res("T_m", a=-q - mu_m * ni / hbar)
        for j, name in enumerate(SPIN):
            t.jac("T_m", name, vv=-jac.dq_dmu_s.reshape(shape + (3,))[..., j]
                  - mu_m * (dmu[..., :, j] @ nv) / hbar)
        t.jac("T_m", "mu_m", vv=-jac.dq_dmu_m.reshape(shape) - ni / hbar
              - mu_m * (jac.di_dmu_m.reshape(shape + (3,)) @ nv) / hbar)
        t.jac("T_m", "T_m", vv=-jac.dq_dT_m.reshape(shape)
              - mu_m * (jac.di_dT_m.reshape(shape + (3,)) @ nv) / hbar)
        t.jac("T_m", "T_e", vv=-jac.dq_dT_e.reshape(shape)
              - mu_m * (jac.di_dT_e.reshape(shape + (3,)) @ nv) / hbar)
        # phonons of F gain h_K (T_N - T_p)
        t.res("T_p", a=-kapitza * (dT_e - dT_p))
        t.jac("T_p", "T_e", vv=np.full(shape, -kapitza))
        t.jac("T_p", "T_p", vv=np.full(shape, kapitza))
    return t


def magnet_contact_terms(uN: dict[str, Any], contact: MagnetContact, *, law: InterfaceLaw,
                         T0: float, thermal: bool, kapitza: float) -> Terms:
    """A metal boundary on an unmeshed magnet held at (mu_m, T_magnet).

    With ``contact.dn_dt`` the magnet pumps: the law and the interface heat see
    ``mu_s - hbar n x dn/dt`` (:class:`~nfdiff.bc.MagnetContact`).
    """
    t = Terms()
    mu_s = np.stack([uN[s][0] for s in SPIN], axis=-1)
    shape = mu_s.shape[:-1]
    if contact.dn_dt is not None:
        require_pumping(law, contact.dn_dt)
        mu_s = mu_s - hbar * np.cross(np.asarray(contact.n), np.asarray(contact.dn_dt))
    dT_e = uN["T_e"][0] if thermal else np.zeros(shape)
    T_mag = T0 if contact.temperature is None else contact.temperature
    dT_mag = np.full(shape, T_mag - T0)
    i, q, jac = interface_law(contact.interface, mu_s, np.asarray(contact.n),
                               np.full(shape, contact.mu_m), dT_e, dT_mag, T0=T0, law=law)
    _electron_side(t, i, q, jac, mu_s, thermal=thermal, h=kapitza, dT_e=dT_e, dT_p=dT_mag,
                   magnon_fields={})
    return t


def kapitza_terms(uA: dict[str, Any], uB: dict[str, Any], h: float, field_a: str,
                  field_b: str) -> Terms:
    """Phonon (Kapitza) conductance between two temperature fields: ``h (T_a - T_b)``."""
    t = Terms()
    d = uA[field_a][0] - uB[field_b][0]
    shape = d.shape
    t.res(field_a, a=h * d)
    t.res(field_b, a=-h * d)
    t.jac(field_a, field_a, vv=np.full(shape, h))
    t.jac(field_a, field_b, vv=np.full(shape, -h))
    t.jac(field_b, field_a, vv=np.full(shape, -h))
    t.jac(field_b, field_b, vv=np.full(shape, h))
    return t
