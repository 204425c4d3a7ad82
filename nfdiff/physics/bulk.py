"""Bulk transport in metals, magnetic insulators and dielectrics (docs/theory.md#theory-bulk).

``u`` maps a field name to ``(value, grad)`` at the quadrature points (value shape
(ne, nq), grad shape (dim, ne, nq); SI units; temperature fields are deviations
``T - T0`` in K) and a global name to its value (the extruded field components
[V/m]).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.constants import e, hbar

from .. import units
from .terms import AXES, EXTRUDED, SPIN, Terms, cross_unit, embed, inplane

if TYPE_CHECKING:
    from ..materials import Dielectric, MagneticInsulator, NormalMetal

__all__ = ["MAGNET_PARAMETERS", "METAL_PARAMETERS", "dielectric_parameter_terms",
           "dielectric_terms", "magnet_parameter_terms", "magnet_terms",
           "metal_parameter_terms", "metal_terms"]


def metal_terms(u: dict[str, Any], metal: NormalMetal, *, T0: float, dim: int, thermal: bool,
                ext: list[str]) -> Terms:
    """Spin, charge and heat transport in a normal metal with spin Hall conversion.

    Fields ``mu_x, mu_y, mu_z`` (spin accumulation, J), ``phi`` (V), ``T_e`` (K, if
    ``thermal``), and the extruded field components ``ext`` (V/m). Equations::

        i_k   = -(hbar sigma / 4 e^2) grad mu_k - theta (hbar sigma / 2 e) k x E
        J_c   = sigma E + theta (sigma / 2 e) sum_k k x grad mu_k,   E = -grad phi + E_ext
        div i_k = -(hbar sigma / 4 e^2 lambda^2) mu_k,   div J_c = 0
        -div(kappa grad T) = sigma |E|^2
                             + (sigma / 4 e^2) sum_k (|grad mu_k|^2 + mu_k^2 / lambda^2)

    and, per extruded component a, ``int J_c,a dA`` (the current closure, minus the
    drive that :mod:`nfdiff.problem` adds). ``metal`` holds its values at ``T0``; with
    the heat equation, ``sigma(T)`` follows the metal's resistivity temperature
    coefficient and ``kappa(T)`` its Wiedemann-Franz default (or power law) at the local
    electron temperature (docs/theory.md#theory-temperature); other power laws of a
    metal are evaluated at ``T0``.
    """
    t = Terms()
    axes, extr = AXES[dim], EXTRUDED[dim]
    shape = u["phi"][0].shape
    lam2 = metal.spin_diffusion_length**2
    theta = metal.spin_hall_angle
    alpha = metal.resistivity_temperature_coefficient
    if thermal and alpha != 0.0:
        T = T0 + u["T_e"][0]
        sigma = metal.conductivity_at(T)
        dlns = metal.dconductivity_dT(T) / sigma  # d ln sigma / dT
    else:
        sigma = np.full(shape, metal.conductivity)
        dlns = None
    Ds = hbar * sigma / (4 * e**2)  # spin diffusion "conductivity" [1/m]
    c_she = theta * hbar * sigma / (2 * e)
    c_ish = theta * sigma / (2 * e)
    eye = np.eye(dim)[:, :, None, None]

    E3, mu, g3 = _metal_state(u, dim, ext)

    for k, name in enumerate(SPIN):
        kxE = np.cross(np.eye(3)[k], E3, axis=0)
        flux = Ds * g3[k] + c_she * kxE  # = -i_k
        b = inplane(flux, dim)
        a = Ds * mu[k] / lam2
        t.res(name, a=a, b=b)
        t.jac(name, name, vv=Ds / lam2, gg=Ds * eye)
        # d b / d grad(phi): E3[axes[j]] = -d_j phi
        gg = np.zeros((dim, dim) + shape)
        for j, ax in enumerate(axes):
            gg[:, j] = -(c_she * inplane(cross_unit(k, ax)[:, None, None], dim))
        t.jac(name, "phi", gg=gg)
        for a_idx, gname in enumerate(ext):
            gv = c_she * inplane(cross_unit(k, extr[a_idx])[:, None, None], dim)
            t.jac(name, gname, gv=gv)
        if dlns is not None:
            t.jac(name, "T_e", vv=a * dlns, gv=b * dlns)

    # charge: b = -J_c (in-plane)
    J3 = sigma * E3
    for k in range(3):
        J3 = J3 + c_ish * np.cross(np.eye(3)[k], g3[k], axis=0)
    t.res("phi", b=-inplane(J3, dim))
    t.jac("phi", "phi", gg=sigma * eye)
    for k, name in enumerate(SPIN):
        gg = np.zeros((dim, dim) + shape)
        for j, ax in enumerate(axes):
            gg[:, j] = -(c_ish * inplane(cross_unit(k, ax)[:, None, None], dim))
        t.jac("phi", name, gg=gg)
    if dlns is not None:
        t.jac("phi", "T_e", gv=-inplane(J3, dim) * dlns)

    # current closure along each extruded direction: a = J_c,a
    for a_idx, gname in enumerate(ext):
        ax = extr[a_idx]
        t.res(gname, a=J3[ax])
        t.jac(gname, gname, vv=sigma)
        for k, name in enumerate(SPIN):
            vg = np.zeros((dim,) + shape)
            for j, axj in enumerate(axes):
                vg[j] = c_ish * cross_unit(k, axj)[ax]
            t.jac(gname, name, vg=vg)
        if dlns is not None:
            t.jac(gname, "T_e", vv=J3[ax] * dlns)

    if thermal:
        kappa, d_kappa = _metal_thermal_conductivity(metal, sigma, dlns, T0 + u["T_e"][0], T0)
        heat = sigma * np.sum(E3 * E3, axis=0)
        for k in range(3):
            heat = heat + sigma / (4 * e**2) * (np.sum(g3[k] ** 2, axis=0) + mu[k] ** 2 / lam2)
        t.res("T_e", a=-heat, b=kappa * u["T_e"][1])
        t.jac("T_e", "T_e", gg=kappa * eye, gv=kappa * d_kappa * u["T_e"][1])
        if dlns is not None:
            t.jac("T_e", "T_e", vv=-heat * dlns)
        t.jac("T_e", "phi", vg=2 * sigma * inplane(E3, dim))
        for a_idx, gname in enumerate(ext):
            t.jac("T_e", gname, vv=-2 * sigma * E3[extr[a_idx]])
        for k, name in enumerate(SPIN):
            t.jac("T_e", name, vg=-(sigma / (2 * e**2)) * u[name][1],
                  vv=-(sigma / (2 * e**2 * lam2)) * mu[k])
    return t


def _metal_state(u: dict[str, Any], dim: int, ext: list[str]
                 ) -> tuple[np.ndarray, list[Any], list[np.ndarray]]:
    """The electric field (3D: in-plane -grad(phi), extruded components from the
    globals) [V/m], the spin accumulations [J] and their gradients (3D) [J/m]."""
    E3 = embed(-u["phi"][1], dim)
    for a, name in enumerate(ext):
        E3[EXTRUDED[dim][a]] = u[name]
    return E3, [u[s][0] for s in SPIN], [embed(u[s][1], dim) for s in SPIN]


def _metal_thermal_conductivity(metal: NormalMetal, sigma: Any, dlns: Any, T: Any,
                                T0: float) -> tuple[Any, Any]:
    """kappa_N at the local electron temperature ``T`` [K] and its log-derivative [1/K].

    The Wiedemann-Franz default ``L0 sigma(T) T`` follows the local conductivity and
    temperature; a power law (``temperature_dependence``) its exponent; a number given
    by the user stays constant.
    """
    kappa = metal.thermal_conductivity
    if metal._is_derived("thermal_conductivity"):
        d_sigma = 0.0 if dlns is None else dlns
        return kappa * (sigma / metal.conductivity) * (T / T0), d_sigma + 1.0 / T
    exponent = metal.temperature_exponents().get("thermal_conductivity", 0.0)
    if exponent == 0.0:
        return kappa, 0.0
    return kappa * (T / T0) ** exponent, exponent / T


def _magnet_coefficients(magnet: MagneticInsulator, Tm: Any, Tp: Any, T0: float
                         ) -> tuple[dict[str, float], dict[str, tuple[Any, Any]]]:
    """The coefficients of :func:`magnet_terms` as stored (nfdiff's units, at ``T0``) and,
    per coefficient, ``(factor, d ln c / dT)`` at the local temperatures: ``factor =
    (T/T0)^e`` of its power law (1.0 and 0.0 for a constant), with ``T = T_p`` for
    ``kappa_p`` and ``T_m`` for the others [K]."""
    stored = {"magnon_conductivity": magnet.magnon_conductivity_spin,
              "magnon_diffusion_length": magnet.magnon_diffusion_length,
              "spin_seebeck": magnet.spin_seebeck_spin,
              "magnon_thermal_conductivity": magnet.magnon_thermal_conductivity,
              "phonon_thermal_conductivity": magnet.phonon_thermal_conductivity,
              "magnon_phonon_length": magnet.magnon_phonon_length}
    ex = magnet.temperature_exponents()
    local: dict[str, tuple[Any, Any]] = {}
    for key in stored:
        T = Tp if key == "phonon_thermal_conductivity" else Tm
        e_ = ex.get(key, 0.0)
        local[key] = (1.0, 0.0) if e_ == 0.0 else ((T / T0) ** e_, e_ / T)
    return stored, local


def magnet_terms(u: dict[str, Any], magnet: MagneticInsulator, *, T0: float, dim: int,
                 thermal: bool) -> Terms:
    """Magnon and phonon transport in a magnetic insulator (docs/theory.md#theory-bulk).

    Fields ``mu_m`` (J) and, if ``thermal``, ``T_m`` and ``T_p`` (K)::

        j_m = -sigma_m grad mu_m - varsigma grad T_m,   div j_m = -(sigma_m/lambda_m^2) mu_m
        q_m = -(varsigma T_m/hbar) grad mu_m - kappa_m grad T_m
        div q_m = -Gamma (T_m - T_p) + (-j_m . grad mu_m + sigma_m mu_m^2/lambda_m^2)/hbar
        -div(kappa_p grad T_p) = Gamma (T_m - T_p)

    with sigma_m and varsigma in angular-momentum units (1/m, J/(m K)) and the Kelvin
    relation between the spin Seebeck and spin Peltier coefficients at the local magnon
    temperature. ``magnet`` holds its values at ``T0``; the coefficients that change with
    temperature (:meth:`~nfdiff.materials.MagneticInsulator.temperature_exponents`) are
    evaluated at the local temperature (docs/theory.md#theory-temperature): the magnon
    coefficients at ``T_m``, ``kappa_p`` at ``T_p``, ``Gamma`` from both.
    """
    t = Terms()
    eye = np.eye(dim)[:, :, None, None]
    mu, gmu = u["mu_m"]
    if not thermal:
        sm = magnet.magnon_conductivity_spin
        lam2 = magnet.magnon_diffusion_length**2
        t.res("mu_m", a=sm * mu / lam2, b=sm * gmu)
        t.jac("mu_m", "mu_m", vv=sm / lam2, gg=sm * eye)
        return t
    dTm, gTm = u["T_m"]
    dTp, gTp = u["T_p"]
    Tm, Tp = T0 + dTm, T0 + dTp
    stored, local = _magnet_coefficients(magnet, Tm, Tp, T0)
    c = {k: (stored[k] * f, d) for k, (f, d) in local.items()}
    sm, d_sm = c["magnon_conductivity"]
    lam, d_lam = c["magnon_diffusion_length"]
    vs, d_vs = c["spin_seebeck"]
    km, d_km = c["magnon_thermal_conductivity"]
    kp, d_kp = c["phonon_thermal_conductivity"]
    lmp, d_lmp = c["magnon_phonon_length"]
    lam2 = lam * lam
    # Gamma = km kp / (lmp^2 (km + kp)): log-derivatives with respect to T_m and T_p
    gamma = km * kp / (lmp * lmp * (km + kp))
    d_gamma_m = d_km * kp / (km + kp) - 2.0 * d_lmp
    d_gamma_p = d_kp * km / (km + kp)
    d_relax = d_sm - 2.0 * d_lam  # log-derivative of sm / lambda^2
    dT = dTm - dTp

    t.res("mu_m", a=sm * mu / lam2, b=sm * gmu + vs * gTm)
    t.jac("mu_m", "mu_m", vv=sm / lam2, gg=sm * eye)
    t.jac("mu_m", "T_m", gg=vs * eye, vv=sm * mu / lam2 * d_relax,
          gv=sm * d_sm * gmu + vs * d_vs * gTm)

    g2, gTg = np.sum(gmu * gmu, axis=0), np.sum(gTm * gmu, axis=0)
    dissipation = (sm * g2 + vs * gTg + sm * mu**2 / lam2) / hbar
    d_dissipation = (sm * d_sm * g2 + vs * d_vs * gTg + sm * mu**2 / lam2 * d_relax) / hbar
    peltier = vs * Tm / hbar  # Kelvin relation at the local T_m
    t.res("T_m", a=gamma * dT - dissipation, b=peltier * gmu + km * gTm)
    t.jac("T_m", "mu_m", gg=peltier * eye, vg=-(2 * sm * gmu + vs * gTm) / hbar,
          vv=-2 * sm * mu / (lam2 * hbar))
    t.jac("T_m", "T_m", gg=km * eye, vv=gamma * (1.0 + d_gamma_m * dT) - d_dissipation,
          vg=-vs * gmu / hbar, gv=peltier * (d_vs + 1.0 / Tm) * gmu + km * d_km * gTm)
    t.jac("T_m", "T_p", vv=-gamma * (1.0 - d_gamma_p * dT))

    t.res("T_p", a=-gamma * dT, b=kp * gTp)
    t.jac("T_p", "T_p", gg=kp * eye, vv=gamma * (1.0 - d_gamma_p * dT), gv=kp * d_kp * gTp)
    t.jac("T_p", "T_m", vv=-gamma * (1.0 + d_gamma_m * dT))
    return t


def dielectric_terms(u: dict[str, Any], dielectric: Dielectric, *, dim: int) -> Terms:
    """Phonon heat conduction ``-div(kappa grad T_p) = 0``."""
    t = Terms()
    kappa = dielectric.thermal_conductivity
    t.res("T_p", b=kappa * u["T_p"][1])
    t.jac("T_p", "T_p", gg=kappa * np.eye(dim)[:, :, None, None])
    return t


# ---- derivatives of the residual densities with respect to material parameters ---------
#: The parameters of each material whose derivatives the models give
#: (docs/theory.md#theory-sensitivity).
METAL_PARAMETERS = ("conductivity", "spin_diffusion_length", "spin_hall_angle",
                    "thermal_conductivity")
MAGNET_PARAMETERS = ("magnon_conductivity", "magnon_diffusion_length", "spin_seebeck",
                     "magnon_thermal_conductivity", "phonon_thermal_conductivity",
                     "magnon_phonon_length")
#: Derived defaults of a magnet that follow its magnon conductivity (Boltzmann values).
_FOLLOW_SIGMA_M = ("spin_seebeck", "magnon_thermal_conductivity")


def metal_parameter_terms(u: dict[str, Any], metal: NormalMetal, name: str, *, T0: float,
                          dim: int, thermal: bool, ext: list[str]) -> Terms:
    """Exact partial derivatives of the residual densities of :func:`metal_terms` with
    respect to one parameter of ``metal`` (:data:`METAL_PARAMETERS`), at the state ``u``.

    The densities are linear in the coefficients ``sigma``, ``sigma theta``,
    ``sigma / lambda^2`` and ``kappa`` (each at the local electron temperature), so the
    derivative is the residual evaluated with these coefficients replaced by their
    derivatives. The Wiedemann-Franz default of ``kappa`` follows ``sigma``.
    """
    t = Terms()
    extr = EXTRUDED[dim]
    shape = u["phi"][0].shape
    lam, theta = metal.spin_diffusion_length, metal.spin_hall_angle
    alpha = metal.resistivity_temperature_coefficient
    if thermal and alpha != 0.0:
        sigma = metal.conductivity_at(T0 + u["T_e"][0])
        dlns = metal.dconductivity_dT(T0 + u["T_e"][0]) / sigma
    else:
        sigma, dlns = np.full(shape, metal.conductivity), None
    kappa = (_metal_thermal_conductivity(metal, sigma, dlns, T0 + u["T_e"][0], T0)[0]
             if thermal else 0.0)
    zero = np.zeros(shape)
    # derivatives of sigma, theta, lambda and kappa with respect to the parameter
    d_sigma, d_theta, d_lam, d_kappa = zero, 0.0, 0.0, zero
    if name == "conductivity":
        d_sigma = sigma / metal.conductivity
        if metal._is_derived("thermal_conductivity"):
            d_kappa = kappa / metal.conductivity * np.ones(shape)
    elif name == "spin_hall_angle":
        d_theta = 1.0
    elif name == "spin_diffusion_length":
        d_lam = 1.0
    elif name == "thermal_conductivity":
        d_kappa = kappa / metal.thermal_conductivity * np.ones(shape)
    c_s = d_sigma  # d sigma
    c_t = d_sigma * theta + sigma * d_theta  # d (sigma theta)
    c_r = d_sigma / lam**2 - 2 * sigma * d_lam / lam**3  # d (sigma / lambda^2)

    E3, mu, g3 = _metal_state(u, dim, ext)
    for k, sname in enumerate(SPIN):
        kxE = np.cross(np.eye(3)[k], E3, axis=0)
        t.res(sname, a=hbar / (4 * e**2) * c_r * mu[k],
              b=inplane(hbar / (4 * e**2) * c_s * g3[k] + hbar / (2 * e) * c_t * kxE, dim))
    J3 = c_s * E3
    for k in range(3):
        J3 = J3 + c_t / (2 * e) * np.cross(np.eye(3)[k], g3[k], axis=0)
    t.res("phi", b=-inplane(J3, dim))
    for a, gname in enumerate(ext):
        t.res(gname, a=J3[extr[a]])
    if thermal:
        heat = c_s * np.sum(E3 * E3, axis=0)
        for k in range(3):
            heat = heat + (c_s * np.sum(g3[k] ** 2, axis=0) + c_r * mu[k] ** 2) / (4 * e**2)
        t.res("T_e", a=-heat, b=d_kappa * u["T_e"][1])
    return t


def magnet_parameter_terms(u: dict[str, Any], magnet: MagneticInsulator, name: str, *,
                           T0: float, thermal: bool) -> Terms:
    """Exact partial derivatives of the residual densities of :func:`magnet_terms` with
    respect to one parameter of ``magnet`` (:data:`MAGNET_PARAMETERS`), at the state ``u``.

    The densities are linear in ``sigma_m``, ``sigma_m / lambda_m^2``, ``varsigma``,
    ``kappa_m``, ``kappa_p`` and ``Gamma``; each coefficient at the local temperature is
    ``c0 (T/T0)^e``, so its derivative with respect to ``c0`` is ``(T/T0)^e``. The
    Boltzmann defaults of ``varsigma`` and ``kappa_m`` (when not given) follow
    ``sigma_m``, as :meth:`~nfdiff.materials.MagneticInsulator.replace` derives them.
    """
    t = Terms()
    mu, gmu = u["mu_m"]
    # the coefficients in nfdiff's units per unit of the stored value (S/m, A/(m K))
    per = {"magnon_conductivity": magnet.magnon_conductivity_spin / magnet.magnon_conductivity,
           "spin_seebeck": float(units.spin_seebeck_to_spin(1.0))}
    follows = {name} | ({f for f in _FOLLOW_SIGMA_M if magnet._is_derived(f)}
                        if name == "magnon_conductivity" else set())
    if not thermal:
        sm, lam = magnet.magnon_conductivity_spin, magnet.magnon_diffusion_length
        ds = sm / magnet.magnon_conductivity if name == "magnon_conductivity" else 0.0
        dl = 1.0 if name == "magnon_diffusion_length" else 0.0
        dr = ds / lam**2 - 2 * sm * dl / lam**3
        t.res("mu_m", a=dr * mu, b=ds * gmu)
        return t
    dTm, gTm = u["T_m"]
    dTp, gTp = u["T_p"]
    Tm, Tp = T0 + dTm, T0 + dTp
    stored, local = _magnet_coefficients(magnet, Tm, Tp, T0)
    c, dc = {}, {}
    for key, value in stored.items():
        factor = local[key][0] * np.ones_like(Tm)
        c[key] = value * factor
        if key not in follows:
            dc[key] = 0.0 * factor
        elif key == name:
            dc[key] = per.get(key, 1.0) * factor
        else:  # a Boltzmann default, proportional to sigma_m
            dc[key] = c[key] / magnet.magnon_conductivity
    s, lam = c["magnon_conductivity"], c["magnon_diffusion_length"]
    km, kp, lmp = (c["magnon_thermal_conductivity"], c["phonon_thermal_conductivity"],
                   c["magnon_phonon_length"])
    ds, dl, dv = dc["magnon_conductivity"], dc["magnon_diffusion_length"], dc["spin_seebeck"]
    dkm, dkp, dlmp = (dc["magnon_thermal_conductivity"], dc["phonon_thermal_conductivity"],
                      dc["magnon_phonon_length"])
    dr = ds / lam**2 - 2 * s * dl / lam**3  # d (sigma_m / lambda_m^2)
    gamma = km * kp / (lmp * lmp * (km + kp))
    dgamma = gamma * (dkm / km + dkp / kp - 2 * dlmp / lmp - (dkm + dkp) / (km + kp))
    dT = dTm - dTp
    g2, gTg = np.sum(gmu * gmu, axis=0), np.sum(gTm * gmu, axis=0)
    t.res("mu_m", a=dr * mu, b=ds * gmu + dv * gTm)
    t.res("T_m", a=dgamma * dT - (ds * g2 + dv * gTg + dr * mu**2) / hbar,
          b=dv * Tm / hbar * gmu + dkm * gTm)
    t.res("T_p", a=-dgamma * dT, b=dkp * gTp)
    return t


def dielectric_parameter_terms(u: dict[str, Any], name: str) -> Terms:
    """Derivative of the densities of :func:`dielectric_terms` with respect to its
    ``thermal_conductivity`` (the only parameter)."""
    t = Terms()
    t.res("T_p", b=u["T_p"][1])
    return t
