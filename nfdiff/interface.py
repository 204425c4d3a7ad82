r"""The N|F interface law of Bender & Tserkovnyak, PRB 91, 140402(R) (2015).

Spin current ``i`` (J/m^2, angular-momentum current density) and energy current
``qdot`` (W/m^2) across a normal-metal / magnetic-insulator interface, both counted
*into F*, as functions of the spin accumulation ``mu_s`` in N (J, a 3-vector), the
direction ``n`` of the ordered spin density of F (the magnetisation is ``m = -n``),
the magnon chemical potential ``mu_m`` (J) and temperature ``T_m`` (K) in F and the
electron temperature ``T_e`` (K) in N.

Three laws (``law=``):

``"nonlinear"``
    Eqs. (1)-(3) of the paper with the sign of the transverse magnon term of Eq. (2)
    corrected (physics.md 4.1; docs/theory.md says why), written without the 0/0 at
    ``mu_s = 0``::

        i     = (1/4 pi)(g_i~ + g_r~ n x)(mu_s x n) + L n - T (mu_s - p n)
        L     = 4 M_0 + (mu'^2 + p^2) E2 - 2 p O,     T = O - p E2
        qdot  = -[4 N_0 + (mu'^2 + p^2) E2_N - 2 p O_N]

    with ``mu' = |mu_s|``, ``p = n . mu_s``, ``O = (M_+ - M_-)/mu'``,
    ``E2 = (M_+ + M_- - 2 M_0)/mu'^2`` and ``M_pm = M_ab`` at ``mu_ab = +-mu'``.
``"linear"``
    Eqs. (4)-(5) with coefficients at a reference temperature.
``"elastic"``
    The zero-temperature mixing term ``(1/4 pi)(g_i + g_r n x)(mu_s x n)`` only.

The magnon integrals are evaluated in closed form (polylogarithms, ``_polylog``) and
without cancellation at small bias (``_bose``): biases of 1e-9 k_B T keep full
relative accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.constants import hbar
from scipy.constants import k as k_B

from . import _bose
from ._validate import finite, nonnegative, positive, unit_vector
from .errors import CondensationError, ParameterError

__all__ = ["InterfaceJacobian", "LinearCoefficients", "MagnonGas", "NFInterface"]

Law = Literal["nonlinear", "linear", "elastic"]
LAWS = ("nonlinear", "linear", "elastic")

_G32 = _bose._G32
_G52 = _bose._G52
_G72 = _bose._G72


# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MagnonGas:
    """Thermal magnons of a quadratic band ``E = gap + J_s k^2``.

    Parameters
    ----------
    exchange_stiffness : float
        ``J_s`` [J m^2], the stiffness of the dispersion (not the micromagnetic
        exchange constant A).
    gap : float
        Magnon gap ``Delta = hbar Omega`` [J], e.g. the Zeeman gap ``g mu_B B``.
    spin_density : float
        Zero-temperature saturation spin density ``s`` [1/m^3] (in units of hbar).
    """

    exchange_stiffness: float
    gap: float
    spin_density: float

    def __post_init__(self):
        positive("exchange_stiffness", self.exchange_stiffness, "J m^2")
        nonnegative("gap", self.gap, "J")
        positive("spin_density", self.spin_density, "1/m^3")

    def thermal_wavelength(self, temperature):
        """``Lambda = sqrt(4 pi J_s / (k_B T))`` [m]; temperature in K."""
        T = np.asarray(positive("temperature", temperature, "K"))
        return np.sqrt(4 * np.pi * self.exchange_stiffness / (k_B * T))

    def _density_scale(self, E0):
        """kappa_g E0^(3/2) [1/m^3] with g(eps) = kappa_g sqrt(eps)."""
        return (E0 / self.exchange_stiffness) ** 1.5 / (4 * np.pi**2)

    def thermal_density(self, temperature, mu=0.0):
        """Thermal magnon density ``n_th = Li_{3/2}(exp((mu - gap)/k_B T)) / Lambda^3``.

        Parameters
        ----------
        temperature : array_like
            Magnon temperature [K], > 0.
        mu : array_like
            Magnon chemical potential [J], ``mu <= gap``.

        Returns
        -------
        ndarray
            Density [1/m^3].
        """
        T = np.asarray(positive("temperature", temperature, "K"))
        mu = np.asarray(finite("mu", mu, "J"))
        T, mu = np.broadcast_arrays(T, mu)
        self._check_below_gap(mu, strict=False)
        E0 = k_B * T
        y = ((self.gap - mu) / E0).ravel()
        li = _bose.polylog_exp([1.5], -y)[0]
        return (self._density_scale(E0.ravel()) * _G32 * li).reshape(T.shape)

    def _check_below_gap(self, mu_m, *, strict=True, region=None, location=None):
        over = mu_m >= self.gap if strict else mu_m > self.gap
        if np.any(over):
            idx = np.argmax(np.where(over, mu_m, -np.inf))
            flat = np.ravel(mu_m)
            point = tuple(int(i) for i in np.unravel_index(idx, np.shape(mu_m)))
            raise CondensationError(
                float(flat[idx]), self.gap, region=region, location=location,
                detail=f"Largest mu_m at point {point} of {np.size(mu_m)}",
            )


@dataclass(frozen=True)
class LinearCoefficients:
    """Linear-response interface coefficients at equilibrium (Eqs. (4)-(5)).

    Attributes
    ----------
    temperature : ndarray
        [K].
    g : ndarray
        Spin conductance ``4 dM_++/dmu`` [1/m^2].
    S : ndarray
        Spin Seebeck coefficient ``4 dM_++/dT`` [J/(K m^2)].
    kappa : ndarray
        Magnonic thermal conductance ``4 dN_++/dT`` [W/(K m^2)].
    Pi : ndarray
        Spin Peltier coefficient ``4 dN_++/dmu`` [1/(m^2 s)]; equals ``T S / hbar``.
    n_thermal : ndarray
        Thermal magnon density [1/m^3].
    g_r_tilde, g_i_tilde : ndarray
        ``(1 - 2 n/s) g_r`` and ``(1 - n/s) g_i`` [1/m^2].
    g_r_eff : ndarray
        Total effective mixing conductance below Eq. (4) with the sign correction
        of physics.md 4.1: ``g_r_tilde + 2 pi g`` [1/m^2].
    """

    temperature: np.ndarray
    g: np.ndarray
    S: np.ndarray
    kappa: np.ndarray
    Pi: np.ndarray
    n_thermal: np.ndarray
    g_r_tilde: np.ndarray
    g_i_tilde: np.ndarray
    g_r_eff: np.ndarray


@dataclass(frozen=True)
class InterfaceJacobian:
    """Exact derivatives of the interface currents (same leading shape as the inputs).

    ``di_dmu_s[..., j, k] = d i_j / d mu_s,k`` [1/1]; ``di_dmu_m`` (..., 3) [1/1];
    ``di_dT_m``, ``di_dT_e`` (..., 3) [J/(m^2 K)]; ``dq_dmu_s`` (..., 3) and
    ``dq_dmu_m`` [W/(m^2 J)]; ``dq_dT_m``, ``dq_dT_e`` [W/(m^2 K)].
    """

    di_dmu_s: np.ndarray
    di_dmu_m: np.ndarray
    di_dT_m: np.ndarray
    di_dT_e: np.ndarray
    dq_dmu_s: np.ndarray
    dq_dmu_m: np.ndarray
    dq_dT_m: np.ndarray
    dq_dT_e: np.ndarray


def _cross_matrix(n):
    """Matrix C with C @ v = v x n, i.e. C_jk = eps_jkl n_l."""
    z = np.zeros(n.shape[:-1])
    nx, ny, nz = n[..., 0], n[..., 1], n[..., 2]
    return np.stack([np.stack([z, nz, -ny], -1),
                     np.stack([-nz, z, nx], -1),
                     np.stack([ny, -nx, z], -1)], -2)


# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NFInterface:
    """A normal-metal / magnetic-insulator interface (the paper's law).

    Parameters
    ----------
    g_r : float
        Real part of the zero-temperature spin-mixing conductance per area [1/m^2]
        (``G_r = e^2 g_r / h`` in S/m^2, see :mod:`nfdiff.units`).
    g_i : float
        Imaginary part [1/m^2] (signed), default 0.
    magnons : MagnonGas or None
        Magnon gas of F used by the law.  ``None``: devices take the gas of the
        adjacent magnet; the bare methods then need one.
    kapitza_conductance : float or None
        Phonon (Kapitza) thermal conductance across the interface [W/(m^2 K)];
        ``None``: devices use the built-in value of the material pair.
    """

    g_r: float
    g_i: float = 0.0
    magnons: MagnonGas | None = None
    kapitza_conductance: float | None = None
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        nonnegative("g_r", self.g_r, "1/m^2")
        finite("g_i", self.g_i, "1/m^2")
        if self.magnons is not None and not isinstance(self.magnons, MagnonGas):
            raise ParameterError("magnons", self.magnons, "must be a MagnonGas or None")
        if self.kapitza_conductance is not None:
            nonnegative("kapitza_conductance", self.kapitza_conductance, "W/(m^2 K)")

    # ----------------------------------------------------------------------------------
    def _gas(self) -> MagnonGas:
        if self.magnons is None:
            raise ParameterError("magnons", None,
                                 "this law needs the magnon gas of F: pass "
                                 "NFInterface(..., magnons=MagnonGas(...)) or "
                                 "magnet.magnon_gas()")
        return self.magnons

    def with_magnons(self, magnons: MagnonGas) -> NFInterface:
        """Copy with the magnon gas set (devices use the adjacent magnet's)."""
        from dataclasses import replace

        return replace(self, magnons=magnons)

    def thermal_magnon_density(self, temperature=300.0, mu=0.0):
        """Thermal magnon density of F [1/m^3] at ``temperature`` [K] and ``mu`` [J]."""
        return self._gas().thermal_density(temperature, mu)

    def _prefactors(self, gas, E0):
        """C_M kappa_g E0^(5/2) [J/m^2], kappa_g E0^(3/2)/s [1]."""
        dens = gas._density_scale(E0)  # kappa_g E0^(3/2)
        K_M = self.g_r / (4 * np.pi * gas.spin_density) * dens * E0
        return K_M, dens / gas.spin_density

    def linear_coefficients(self, temperature=300.0) -> LinearCoefficients:
        """Interface coefficients of Eqs. (4)-(5) at equilibrium (``mu = 0``).

        Parameters
        ----------
        temperature : array_like
            [K], > 0.  A zero gap is allowed.
        """
        T = np.asarray(positive("temperature", temperature, "K"))
        shape = T.shape
        c = self._linear(self._gas(), T.ravel(), derivatives=False)
        return LinearCoefficients(temperature=T, **{k: v.reshape(shape) for k, v in c.items()})

    def _linear(self, gas, T, *, derivatives):
        E0 = k_B * T
        a = gas.gap / E0
        z = np.zeros_like(T)
        mm = _bose.magnon_moments(z, np.ones_like(T), a, second=derivatives)
        K_M, Kn = self._prefactors(gas, E0)
        g = 4 * K_M / E0 * mm["p_c"][1]
        S = 4 * K_M / T * mm["p_t"][1]
        kappa = 4 * K_M * k_B / hbar * mm["p_t"][2]
        Pi = 4 * K_M / hbar * mm["p_c"][2]
        n_rel = Kn * mm["p"][0]
        out = dict(
            g=g, S=S, kappa=kappa, Pi=Pi, n_thermal=n_rel * gas.spin_density,
            g_r_tilde=self.g_r * (1 - 2 * n_rel), g_i_tilde=self.g_i * (1 - n_rel),
            g_r_eff=self.g_r * (1 - 2 * n_rel) + 2 * np.pi * g,
        )
        if derivatives:
            # d/dT at fixed mu = 0: d/dT = (1/T) d/dtheta in units of E0 = k_B T
            out.update(
                dg=4 * K_M / (E0 * T) * mm["p_ct"][1],
                dS=4 * K_M / T**2 * mm["p_tt"][1],
                dkappa=4 * K_M * k_B / (hbar * T) * mm["p_tt"][2],
                dPi=4 * K_M / (hbar * T) * mm["p_ct"][2],
                dn_rel=Kn * mm["p_t"][0] / T,
            )
        return out

    # ----------------------------------------------------------------------------------
    def currents(self, mu_s, n, mu_m=0.0, T_m=None, T_e=None, *, delta_T=None,
                 law: Law = "nonlinear", reference_temperature=None, jacobian: bool = False,
                 dn_dt=None):
        """Spin and energy currents into F.

        Parameters
        ----------
        mu_s : array_like, shape (..., 3)
            Spin accumulation in N at the interface [J].
        n : array_like, shape (..., 3)
            Unit vector of the ordered spin density of F (``m = -n``).
        mu_m : array_like
            Magnon chemical potential in F [J]; the nonlinear law needs ``mu_m < gap``.
        T_m : array_like, optional
            Magnon temperature [K]; default ``T_e``.
        T_e : array_like
            Electron temperature in N [K].
        delta_T : array_like, optional
            ``T_m - T_e`` [K] given exactly (instead of ``T_m``), for callers that hold
            temperature deviations.
        law : {"nonlinear", "linear", "elastic"}
        reference_temperature : float, optional
            Temperature [K] of the linear-law coefficients; default ``T_e``.
        jacobian : bool
            Also return an :class:`InterfaceJacobian`.
        dn_dt : array_like, shape (..., 3), optional
            Rate of change of ``n`` [1/s] (spin pumping; laws ``"linear"`` and
            ``"elastic"`` only). The mixing term becomes
            ``(1/4pi)(g_i + g_r n x)(mu_s x n - hbar dn/dt)`` as in Eq. (4): the
            paper's substitution ``mu_s -> mu_s - hbar n x dn/dt``, which leaves
            ``n . mu_s`` (the magnon terms) unchanged. Only the part of ``dn_dt``
            perpendicular to ``n`` acts. The Jacobian is unchanged.

        Returns
        -------
        i : ndarray, shape (..., 3)
            Spin current density into F [J/m^2].
        qdot : ndarray, shape (...)
            Energy current density into F [W/m^2].
        jac : InterfaceJacobian
            Only with ``jacobian=True``.

        Raises
        ------
        CondensationError
            Nonlinear law with ``mu_m >= gap``.
        ParameterError
            Non-finite input, non-positive temperature, ``n`` not a unit vector,
            ``dn_dt`` with the nonlinear law.
        """
        if law not in LAWS:
            raise ParameterError("law", law, f"must be one of {LAWS}")
        mu_s = np.asarray(finite("mu_s", mu_s, "J"))
        if mu_s.shape[-1:] != (3,):
            raise ParameterError("mu_s", mu_s.tolist(), "must be a 3-vector (shape (..., 3))",
                                 "J")
        n = unit_vector("n", n)
        if dn_dt is not None:
            if law == "nonlinear":
                raise ParameterError("dn_dt", dn_dt, "spin pumping is linear response "
                                     "(Eq. (4)): use law='linear' or law='elastic'", "1/s")
            dn_dt = np.asarray(finite("dn_dt", dn_dt, "1/s"))
            if dn_dt.shape[-1:] != (3,):
                raise ParameterError("dn_dt", dn_dt.tolist(), "must be a 3-vector (shape "
                                     "(..., 3))", "1/s")
            mu_s = mu_s - hbar * np.cross(n, dn_dt)
        mu_m = np.asarray(finite("mu_m", mu_m, "J"))
        if T_e is None:
            raise ParameterError("T_e", None, "the electron temperature is required", "K")
        T_e = np.asarray(positive("T_e", T_e, "K"))
        if delta_T is not None:
            if T_m is not None:
                raise ParameterError("T_m", T_m, "give either T_m or delta_T, not both", "K")
            dT = np.asarray(finite("delta_T", delta_T, "K"))
        elif T_m is not None:
            T_m = np.asarray(positive("T_m", T_m, "K"))
            dT = T_m - T_e
        else:
            dT = np.zeros(())
        shape = np.broadcast_shapes(mu_s.shape[:-1], n.shape[:-1], mu_m.shape, T_e.shape,
                                    dT.shape)
        if np.any(T_e + dT <= 0):
            raise ParameterError("T_m", T_e + dT, "must be > 0", "K")
        flat = (np.broadcast_to(mu_s, shape + (3,)).reshape(-1, 3),
                np.broadcast_to(n, shape + (3,)).reshape(-1, 3),
                np.broadcast_to(mu_m, shape).ravel(),
                np.broadcast_to(T_e, shape).ravel(),
                np.broadcast_to(dT, shape).ravel())
        if law == "elastic":
            res = self._elastic(*flat, jacobian)
        elif law == "linear":
            if reference_temperature is not None:
                reference_temperature = positive("reference_temperature",
                                                 reference_temperature, "K")
            res = self._linear_currents(*flat, reference_temperature, jacobian)
        else:
            gas = self._gas()
            gas._check_below_gap(np.broadcast_to(mu_m, shape))
            res = self._nonlinear(gas, *flat, jacobian)
        i, q = res[0].reshape(shape + (3,)), res[1].reshape(shape)
        if not jacobian:
            return i, q
        jac = InterfaceJacobian(*(d.reshape(shape + d.shape[1:]) for d in res[2]))
        return i, q, jac

    # ----------------------------------------------------------------------------------
    def _mixing(self, g_r, g_i, mu_s, n, p):
        """(1/4 pi)(g_i + g_r n x)(mu_s x n) and its mu_s-derivative."""
        cross = np.cross(mu_s, n)
        perp = mu_s - p[:, None] * n
        i = (g_i[:, None] * cross + g_r[:, None] * perp) / (4 * np.pi)
        proj = np.eye(3) - n[:, :, None] * n[:, None, :]
        d = (g_i[:, None, None] * _cross_matrix(n) + g_r[:, None, None] * proj) / (4 * np.pi)
        return i, d, cross, perp

    def _elastic(self, mu_s, n, mu_m, T_e, dT, jacobian):
        N = mu_s.shape[0]
        p = np.einsum("ij,ij->i", mu_s, n)
        full = np.full(N, 1.0)
        i, d, _, _ = self._mixing(self.g_r * full, self.g_i * full, mu_s, n, p)
        q = np.zeros(N)
        if not jacobian:
            return i, q
        z3 = np.zeros((N, 3))
        return i, q, (d, z3, z3, z3, z3, np.zeros(N), np.zeros(N), np.zeros(N))

    def _linear_currents(self, mu_s, n, mu_m, T_e, dT, T_ref, jacobian):
        gas = self._gas()
        Tr = T_e if T_ref is None else np.full_like(T_e, T_ref)
        c = self._linear(gas, Tr, derivatives=jacobian and T_ref is None)
        p = np.einsum("ij,ij->i", mu_s, n)
        i, d, cross, perp = self._mixing(c["g_r_eff"], c["g_i_tilde"], mu_s, n, p)
        drive = mu_m + p
        i += (c["g"] * drive + c["S"] * dT)[:, None] * n
        q = -c["kappa"] * dT - c["Pi"] * drive
        if not jacobian:
            return i, q
        di_dmu_s = d + c["g"][:, None, None] * n[:, :, None] * n[:, None, :]
        di_dmu_m = c["g"][:, None] * n
        di_dT_m = c["S"][:, None] * n
        di_dT_e = -di_dT_m
        dq_dmu_s = -c["Pi"][:, None] * n
        dq_dmu_m = -c["Pi"]
        dq_dT_m = -c["kappa"]
        dq_dT_e = c["kappa"].copy()
        if T_ref is None:  # coefficients follow T_e
            dgr_eff = -2 * self.g_r * c["dn_rel"] + 2 * np.pi * c["dg"]
            dgi = -self.g_i * c["dn_rel"]
            di_dT_e = di_dT_e + (dgi[:, None] * cross + dgr_eff[:, None] * perp) / (4 * np.pi)
            di_dT_e += (c["dg"] * drive + c["dS"] * dT)[:, None] * n
            dq_dT_e = dq_dT_e - c["dkappa"] * dT - c["dPi"] * drive
        return i, q, (di_dmu_s, di_dmu_m, di_dT_m, di_dT_e, dq_dmu_s, dq_dmu_m, dq_dT_m,
                      dq_dT_e)

    def _nonlinear(self, gas, mu_s, n, mu_m, T_e, dT, jacobian):
        N = mu_s.shape[0]
        E0 = k_B * T_e
        delta = dT / T_e
        tau = 1.0 + delta
        a = gas.gap / E0
        mu = mu_m / E0
        ms = mu_s / E0[:, None]
        h = np.linalg.norm(ms, axis=1)
        p = np.einsum("ij,ij->i", ms, n)

        mm = _bose.magnon_moments(mu, tau, a)  # Bose gas of F at (mu, tau)
        D = _bose.bose_difference(mu, tau, delta, a)  # H_s(mu, tau) - H_s(0, 1)
        M0 = a * _G32 * D[0] + _G52 * D[1]
        N0 = a * a * _G32 * D[0] + 2 * a * _G52 * D[1] + _G72 * D[2]

        el = self._electron_side(a, h, jacobian)
        O = -2 * mm["p"][0] - 2 * el["a1"]
        E2 = -el["a2"]
        ON = -2 * mm["p"][1] - 2 * el["g1"]
        E2N = -el["g2"]

        hp2 = h * h + p * p
        L = 4 * M0 + hp2 * E2 - 2 * p * O
        T = O - p * E2
        LN = 4 * N0 + hp2 * E2N - 2 * p * ON
        v = ms - p[:, None] * n  # (mu_s - p n) / E0

        K_M, Kn = self._prefactors(gas, E0)
        K_N = K_M * E0 / hbar
        n_rel = Kn * mm["p"][0]  # n_th / s
        g_r_t = self.g_r * (1 - 2 * n_rel)
        g_i_t = self.g_i * (1 - n_rel)
        i_el, d_el, cross, perp = self._mixing(g_r_t, g_i_t, mu_s, n, p * E0)
        i = i_el + K_M[:, None] * (L[:, None] * n - T[:, None] * v)
        q = -K_N * LN
        if not jacobian:
            return i, q

        # ---- derivatives in units of E0 (mu, mu_s) and of T_e (tau, theta') ----------
        Oh = -2 * el["a1h"]
        E2h = -el["a2h"]
        ONh = -2 * el["g1h"]
        E2Nh = -el["g2h"]
        pc, pt = mm["p_c"], mm["p_t"]
        eq_t = el["eq_t"]  # d/dtheta of p_m at (0, 1): electron-side equilibrium terms

        def dL_dms(E2_, E2h_, O_, Oh_):
            return ((2 * E2_)[:, None] * ms + (2 * p * E2_)[:, None] * n
                    + (hp2 * E2h_)[:, None] * ms - 2 * O_[:, None] * n
                    - (2 * p * Oh_)[:, None] * ms)

        dLs = dL_dms(E2, E2h, O, Oh)
        dTs = Oh[:, None] * ms - E2[:, None] * n - (p * E2h)[:, None] * ms
        dLNs = dL_dms(E2N, E2Nh, ON, ONh)
        # magnon side: O depends on (mu, tau) through -2 p_0, O_N through -2 p_1
        dL_mu = 4 * pc[1] + 4 * p * pc[0]
        dT_mu = -2 * pc[0]
        dL_tau = 4 * pt[1] + 4 * p * pt[0]
        dT_tau = -2 * pt[0]
        dLN_mu = 4 * pc[2] + 4 * p * pc[1]
        dLN_tau = 4 * pt[2] + 4 * p * pt[1]
        # electron side (theta' = T_e / T_e)
        dO_th = -2 * el["a1t"]
        dE2_th = -el["a2t"]
        dON_th = -2 * el["g1t"]
        dE2N_th = -el["g2t"]
        dL_th = -4 * eq_t[1] + hp2 * dE2_th - 2 * p * dO_th
        dT_th = dO_th - p * dE2_th
        dLN_th = -4 * eq_t[2] + hp2 * dE2N_th - 2 * p * dON_th

        proj = np.eye(3) - n[:, :, None] * n[:, None, :]
        di_dmu_s = d_el + (K_M / E0)[:, None, None] * (
            n[:, :, None] * dLs[:, None, :] - v[:, :, None] * dTs[:, None, :]
            - T[:, None, None] * proj)

        def vec(dL_, dT_):
            return dL_[:, None] * n - dT_[:, None] * v

        # thermal reduction of the mixing conductances: d(n_th/s)
        dnrel_mu = Kn * pc[0] / E0
        dnrel_T = Kn * pt[0] / T_e
        el_dn = -(self.g_i * cross + 2 * self.g_r * perp) / (4 * np.pi)
        di_dmu_m = (K_M / E0)[:, None] * vec(dL_mu, dT_mu) + dnrel_mu[:, None] * el_dn
        di_dT_m = (K_M / T_e)[:, None] * vec(dL_tau, dT_tau) + dnrel_T[:, None] * el_dn
        di_dT_e = (K_M / T_e)[:, None] * vec(dL_th, dT_th)
        dq_dmu_s = -(K_N / E0)[:, None] * dLNs
        dq_dmu_m = -K_N / E0 * dLN_mu
        dq_dT_m = -K_N / T_e * dLN_tau
        dq_dT_e = -K_N / T_e * dLN_th
        _ = N
        return i, q, (di_dmu_s, di_dmu_m, di_dT_m, di_dT_e, dq_dmu_s, dq_dmu_m, dq_dT_m,
                      dq_dT_e)

    @staticmethod
    def _electron_side(a, h, jacobian):
        """Divided differences of the electron integrals in the spin splitting h.

        alpha = F_{3/2}(w) (for M) and gamma = F_{5/2}(w) + a F_{3/2}(w) (for N) at
        w = -a +- h; the suffix ``t`` marks d/dtheta' (electron temperature).
        """
        w0 = -a
        out = {k: np.empty_like(h) for k in
               ("a1", "a2", "g1", "g2", "a1h", "a2h", "g1h", "g2h", "a1t", "a2t", "g1t", "g2t")}
        tay = h < _bose.H_TAYLOR
        K = _bose.TAYLOR_ORDER
        if np.any(tay):
            w = w0[tay]
            at = a[tay]
            F = _bose.electron_taylor(w, K + 1)  # (2, K + 2, n)
            alpha, beta = F[0], F[1]
            gam = beta + at * alpha
            k = np.arange(K + 1)[:, None]
            alpha_t = (2.5 - k) * alpha[:-1] - w * alpha[1:]
            gam_t = (3.5 - k) * beta[:-1] - w * beta[1:] + at * alpha_t
            ht = h[tay]
            (out["a1"][tay], out["a2"][tay], out["a1h"][tay],
             out["a2h"][tay]) = _bose.divided_differences(ht, taylor=alpha[:-1])
            (out["g1"][tay], out["g2"][tay], out["g1h"][tay],
             out["g2h"][tay]) = _bose.divided_differences(ht, taylor=gam[:-1])
            out["a1t"][tay], out["a2t"][tay], _, _ = _bose.divided_differences(ht, taylor=alpha_t)
            out["g1t"][tay], out["g2t"][tay], _, _ = _bose.divided_differences(ht, taylor=gam_t)
        dirc = ~tay
        if np.any(dirc):
            w = w0[dirc]
            ad = a[dirc]
            hd = h[dirc]
            em = [_bose.electron_moments(w + s * hd) for s in (-1.0, 0.0, 1.0)]
            ws = [w - hd, w, w + hd]
            alpha = [e[0, 0] for e in em]
            dalpha = [e[0, 1] for e in em]
            gam = [e[1, 0] + ad * e[0, 0] for e in em]
            dgam = [e[1, 1] + ad * e[0, 1] for e in em]
            alpha_t = [2.5 * e[0, 0] - x * e[0, 1] for e, x in zip(em, ws, strict=True)]
            gam_t = [3.5 * e[1, 0] - x * e[1, 1] + ad * at_
                     for e, x, at_ in zip(em, ws, alpha_t, strict=True)]
            (out["a1"][dirc], out["a2"][dirc], out["a1h"][dirc],
             out["a2h"][dirc]) = _bose.divided_differences(
                hd, direct=(*alpha, dalpha[0], dalpha[2]))
            (out["g1"][dirc], out["g2"][dirc], out["g1h"][dirc],
             out["g2h"][dirc]) = _bose.divided_differences(hd, direct=(*gam, dgam[0], dgam[2]))
            out["a1t"][dirc], out["a2t"][dirc], _, _ = _bose.divided_differences(
                hd, direct=(*alpha_t, None, None))
            out["g1t"][dirc], out["g2t"][dirc], _, _ = _bose.divided_differences(
                hd, direct=(*gam_t, None, None))
        if jacobian:
            # d/dtheta of the equilibrium moments p_m(0, theta) at theta = 1
            out["eq_t"] = _bose.magnon_moments(np.zeros_like(a), np.ones_like(a), a)["p_t"]
        return out
