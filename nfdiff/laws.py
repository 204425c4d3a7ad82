r"""Interface laws: the spin and energy currents across an N|F interface.

An interface law turns the state on both sides of a normal-metal / magnetic-insulator
interface into the spin current ``i`` [J/m^2] and the energy current ``qdot`` [W/m^2]
into the magnet, with their exact derivatives (Newton needs them). The parameters of the
interface (``g_r``, ``g_i``, the magnon gas) live in :class:`nfdiff.NFInterface`; the law
says what to do with them. Three laws implement Bender & Tserkovnyak, PRB 91, 140402(R)
(2015) (docs/theory.md#theory-laws):

:class:`Nonlinear` (``law="nonlinear"``)
    Eqs. (1)-(3) with the sign of the transverse magnon term of Eq. (2) corrected,
    written without the 0/0 at ``mu_s = 0``::

        i     = (1/4 pi)(g_i~ + g_r~ n x)(mu_s x n) + L n - T (mu_s - p n)
        L     = 4 M_0 + (mu'^2 + p^2) E2 - 2 p O,     T = O - p E2
        qdot  = -[4 N_0 + (mu'^2 + p^2) E2_N - 2 p O_N]

    with ``mu' = |mu_s|``, ``p = n . mu_s``, ``O = (M_+ - M_-)/mu'``,
    ``E2 = (M_+ + M_- - 2 M_0)/mu'^2`` and ``M_pm = M_ab`` at ``mu_ab = +-mu'``. Valid
    only below the magnon gap (``mu_m < gap``).
:class:`Linear` (``law="linear"``)
    Eqs. (4)-(5), with the coefficients at a reference temperature.
:class:`Elastic` (``law="elastic"``)
    The zero-temperature mixing term ``(1/4 pi)(g_i + g_r n x)(mu_s x n)`` only.

Everywhere in nfdiff that takes ``law=`` (:class:`nfdiff.Device`, the device templates,
:meth:`nfdiff.NFInterface.currents`, :mod:`nfdiff.dynamics`) accepts an instance of
these classes, of a subclass of :class:`InterfaceLaw` written by a user, or one of the
names ``"nonlinear"``, ``"linear"``, ``"elastic"``; :func:`resolve` turns a name into
its law, in this one place.

Examples
--------
A law of one's own: the linear law with the thermal magnon term switched off (only
the elastic mixing term and the magnon spin conductance ``g``):

>>> import numpy as np
>>> import nfdiff as nf
>>> class MagnonConductanceOnly(nf.laws.InterfaceLaw):
...     name = "magnon conductance only"
...     def evaluate(self, interface, mu_s, n, mu_m, T_e, delta_T, *,
...                  reference_temperature=None, jacobian=False):
...         i, q, jac = nf.laws.Elastic().evaluate(interface, mu_s, n, mu_m, T_e, delta_T,
...                                                jacobian=True)
...         T = T_e if reference_temperature is None else np.full_like(T_e, reference_temperature)
...         g = interface.linear_coefficients(T).g
...         i = i + (g * (mu_m + np.einsum("ij,ij->i", mu_s, n)))[:, None] * n
...         if not jacobian:
...             return i, q
...         nn = n[:, :, None] * n[:, None, :]
...         return i, q, nf.laws.InterfaceJacobian(
...             jac.di_dmu_s + g[:, None, None] * nn, g[:, None] * n, jac.di_dT_m,
...             jac.di_dT_e, jac.dq_dmu_s, jac.dq_dmu_m, jac.dq_dT_m, jac.dq_dT_e)
>>> itf = nf.NFInterface(g_r=1e19, magnons=nf.materials.get("YIG").magnon_gas())
>>> i, q = itf.currents((0, 0, 1e-25), (0, 0, 1), T_e=300.0, law=MagnonConductanceOnly())
>>> bool(i[2] > 0)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from scipy.constants import hbar
from scipy.constants import k as k_B

from . import _bose
from .errors import ParameterError

if TYPE_CHECKING:
    from .interface import MagnonGas, NFInterface

__all__ = ["Elastic", "InterfaceJacobian", "InterfaceLaw", "Linear", "Nonlinear", "names",
           "require_pumping", "resolve"]

_G32 = _bose._G32
_G52 = _bose._G52
_G72 = _bose._G72


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

    def reshaped(self, shape: tuple[int, ...]) -> InterfaceJacobian:
        """The same derivatives with the leading (point) axis reshaped to ``shape``."""
        return InterfaceJacobian(*(np.reshape(d, shape + np.shape(d)[1:])
                                   for d in (self.di_dmu_s, self.di_dmu_m, self.di_dT_m,
                                             self.di_dT_e, self.dq_dmu_s, self.dq_dmu_m,
                                             self.dq_dT_m, self.dq_dT_e)))


class InterfaceLaw:
    """Base class of the interface laws.

    A law is a small, immutable object: a subclass defines :meth:`evaluate` and states,
    through its class attributes, what it needs. An instance (``law=MyLaw()``) then
    works wherever nfdiff takes ``law=``, without any change to nfdiff.

    Attributes
    ----------
    name : str
        Short name, shown in results and reports.
    gap_limited : bool
        The law is valid only while the magnon chemical potential stays below the magnon
        gap (``mu_m < gap``); solvers then keep every Newton iterate below it and stop
        with :class:`~nfdiff.CondensationError` when no steady state below it exists.
    pumping : bool
        :meth:`evaluate` takes a precessing magnet through the substitution
        ``mu_s -> mu_s - hbar n x dn/dt`` (Eq. (4): linear response); needed for spin
        pumping (``nf.bc.MagnetContact(dn_dt=...)``) and for :mod:`nfdiff.dynamics`.
    needs_magnon_gas : bool
        :meth:`evaluate` uses ``interface.magnons`` (the magnon band of the magnet).
    """

    name: ClassVar[str] = "custom"
    gap_limited: ClassVar[bool] = False
    pumping: ClassVar[bool] = False
    needs_magnon_gas: ClassVar[bool] = True

    def evaluate(self, interface: NFInterface, mu_s: np.ndarray, n: np.ndarray,
                 mu_m: np.ndarray, T_e: np.ndarray, delta_T: np.ndarray, *,
                 reference_temperature: float | None = None, jacobian: bool = False
                 ) -> tuple[Any, ...]:
        """Spin and energy currents into F at N points (flat, checked arrays).

        Parameters
        ----------
        interface : NFInterface
            The interface parameters (``g_r``, ``g_i`` [1/m^2], ``magnons``).
        mu_s : ndarray, shape (N, 3)
            Spin accumulation in N at the interface [J].
        n : ndarray, shape (N, 3)
            Unit vector of the ordered spin density of F (``m = -n``).
        mu_m : ndarray, shape (N,)
            Magnon chemical potential in F [J].
        T_e : ndarray, shape (N,)
            Electron temperature in N [K], > 0.
        delta_T : ndarray, shape (N,)
            ``T_m - T_e`` [K] (magnon minus electron temperature).
        reference_temperature : float, optional
            Temperature [K] of linear-response coefficients (device solves pass the
            bath temperature); None: ``T_e``.
        jacobian : bool
            Also return the derivatives.

        Returns
        -------
        tuple
            ``(i, qdot)`` with ``i`` (N, 3) [J/m^2] and ``qdot`` (N,) [W/m^2], both into
            F; with ``jacobian=True`` a third item, an :class:`InterfaceJacobian` with
            the leading axis N.
        """
        raise NotImplementedError(f"{type(self).__name__} must define evaluate()")

    def mixing_conductance(self, interface: NFInterface, temperature: float) -> complex:
        """``g_r + i g_i`` [1/m^2] of the torque on a macrospin at ``temperature`` [K].

        The transverse (torque) part of the law in linear response, used by
        :mod:`nfdiff.dynamics`. Default: the zero-temperature ``g_r + i g_i``.
        """
        return complex(interface.g_r, interface.g_i)

    def thermal_magnon_density(self, interface: NFInterface, temperature: float) -> float:
        """Thermal magnon density [1/m^3] that reduces the spin density ``s~ = s - n_th``
        of a macrospin at ``temperature`` [K] (:mod:`nfdiff.dynamics`). Default 0."""
        return 0.0

    def __repr__(self) -> str:
        return f"{type(self).__module__}.{type(self).__qualname__}()"


def _cross_matrix(n: np.ndarray) -> np.ndarray:
    """Matrix C with C @ v = v x n, i.e. C_jk = eps_jkl n_l."""
    z = np.zeros(n.shape[:-1])
    nx, ny, nz = n[..., 0], n[..., 1], n[..., 2]
    return np.stack([np.stack([z, nz, -ny], -1),
                     np.stack([-nz, z, nx], -1),
                     np.stack([ny, -nx, z], -1)], -2)


def _mixing(g_r: np.ndarray, g_i: np.ndarray, mu_s: np.ndarray, n: np.ndarray,
            p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(1/4 pi)(g_i + g_r n x)(mu_s x n) and its mu_s-derivative (flat arrays)."""
    cross = np.cross(mu_s, n)
    perp = mu_s - p[:, None] * n
    i = (g_i[:, None] * cross + g_r[:, None] * perp) / (4 * np.pi)
    proj = np.eye(3) - n[:, :, None] * n[:, None, :]
    d = (g_i[:, None, None] * _cross_matrix(n) + g_r[:, None, None] * proj) / (4 * np.pi)
    return i, d, cross, perp


@dataclass(frozen=True, repr=False)
class Elastic(InterfaceLaw):
    """The zero-temperature spin-mixing term ``(1/4 pi)(g_i + g_r n x)(mu_s x n)`` only.

    No magnons cross the interface and no energy: the usual spin-mixing boundary
    condition of spin Hall magnetoresistance.
    """

    name: ClassVar[str] = "elastic"
    pumping: ClassVar[bool] = True
    needs_magnon_gas: ClassVar[bool] = False

    def evaluate(self, interface: NFInterface, mu_s: np.ndarray, n: np.ndarray,
                 mu_m: np.ndarray, T_e: np.ndarray, delta_T: np.ndarray, *,
                 reference_temperature: float | None = None, jacobian: bool = False
                 ) -> tuple[Any, ...]:
        N = mu_s.shape[0]
        p = np.einsum("ij,ij->i", mu_s, n)
        full = np.full(N, 1.0)
        i, d, _, _ = _mixing(interface.g_r * full, interface.g_i * full, mu_s, n, p)
        q = np.zeros(N)
        if not jacobian:
            return i, q
        z3 = np.zeros((N, 3))
        return i, q, InterfaceJacobian(d, z3, z3, z3, z3, np.zeros(N), np.zeros(N),
                                       np.zeros(N))


@dataclass(frozen=True, repr=False)
class Linear(InterfaceLaw):
    """Linear response, Eqs. (4)-(5) of the paper::

        i    = (1/4 pi)(g_i~ + g_r^ n x)(mu_s x n) + [g (mu_m + n.mu_s) + S dT] n
        qdot = -kappa dT - Pi (mu_m + n.mu_s)

    with the coefficients of :meth:`nfdiff.NFInterface.linear_coefficients` at the
    reference temperature (device solves: the bath temperature, which keeps the
    discrete operator Onsager-symmetric) or, without one, at ``T_e``.
    """

    name: ClassVar[str] = "linear"
    pumping: ClassVar[bool] = True

    def evaluate(self, interface: NFInterface, mu_s: np.ndarray, n: np.ndarray,
                 mu_m: np.ndarray, T_e: np.ndarray, delta_T: np.ndarray, *,
                 reference_temperature: float | None = None, jacobian: bool = False
                 ) -> tuple[Any, ...]:
        gas = interface._gas()
        T_ref = reference_temperature
        Tr = T_e if T_ref is None else np.full_like(T_e, T_ref)
        c = interface._linear(gas, Tr, derivatives=jacobian and T_ref is None)
        p = np.einsum("ij,ij->i", mu_s, n)
        i, d, cross, perp = _mixing(c["g_r_eff"], c["g_i_tilde"], mu_s, n, p)
        drive = mu_m + p
        i += (c["g"] * drive + c["S"] * delta_T)[:, None] * n
        q = -c["kappa"] * delta_T - c["Pi"] * drive
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
            dgr_eff = -2 * interface.g_r * c["dn_rel"] + 2 * np.pi * c["dg"]
            dgi = -interface.g_i * c["dn_rel"]
            di_dT_e = di_dT_e + (dgi[:, None] * cross + dgr_eff[:, None] * perp) / (4 * np.pi)
            di_dT_e += (c["dg"] * drive + c["dS"] * delta_T)[:, None] * n
            dq_dT_e = dq_dT_e - c["dkappa"] * delta_T - c["dPi"] * drive
        return i, q, InterfaceJacobian(di_dmu_s, di_dmu_m, di_dT_m, di_dT_e, dq_dmu_s,
                                       dq_dmu_m, dq_dT_m, dq_dT_e)

    def mixing_conductance(self, interface: NFInterface, temperature: float) -> complex:
        """``g_r^ + i g_i~`` of :meth:`~nfdiff.NFInterface.linear_coefficients` [1/m^2]."""
        c = interface.linear_coefficients(temperature)
        return complex(float(c.g_r_eff), float(c.g_i_tilde))

    def thermal_magnon_density(self, interface: NFInterface, temperature: float) -> float:
        """``n_th`` at ``temperature`` [K] and ``mu = 0`` [1/m^3]."""
        return float(interface._gas().thermal_density(temperature))


@dataclass(frozen=True, repr=False)
class Nonlinear(InterfaceLaw):
    """Eqs. (1)-(3) of the paper with the corrected sign of Eq. (2) (module docstring).

    The currents hold for any bias below the magnon gap; their linearisation at
    equilibrium is :class:`Linear` (also what :mod:`nfdiff.dynamics` uses for torques:
    :meth:`mixing_conductance`). Spin pumping (a precessing ``n``) is linear response
    and needs :class:`Linear` or :class:`Elastic`.
    """

    name: ClassVar[str] = "nonlinear"
    gap_limited: ClassVar[bool] = True

    def evaluate(self, interface: NFInterface, mu_s: np.ndarray, n: np.ndarray,
                 mu_m: np.ndarray, T_e: np.ndarray, delta_T: np.ndarray, *,
                 reference_temperature: float | None = None, jacobian: bool = False
                 ) -> tuple[Any, ...]:
        gas = interface._gas()
        gas._check_below_gap(mu_m)
        res = _nonlinear(interface, gas, mu_s, n, mu_m, T_e, delta_T, jacobian)
        return res if not jacobian else (res[0], res[1], InterfaceJacobian(*res[2]))

    def mixing_conductance(self, interface: NFInterface, temperature: float) -> complex:
        return Linear().mixing_conductance(interface, temperature)

    def thermal_magnon_density(self, interface: NFInterface, temperature: float) -> float:
        return Linear().thermal_magnon_density(interface, temperature)


#: The laws by name: the strings that ``law=`` accepts.
_BY_NAME: dict[str, type[InterfaceLaw]] = {"nonlinear": Nonlinear, "linear": Linear,
                                           "elastic": Elastic}


def names() -> tuple[str, ...]:
    """The names ``law=`` accepts for the built-in laws."""
    return tuple(_BY_NAME)


def resolve(law: str | InterfaceLaw, name: str = "law") -> InterfaceLaw:
    """The law object of ``law``: an :class:`InterfaceLaw` instance as it is, a name
    (``"nonlinear"``, ``"linear"``, ``"elastic"``) as its built-in law.

    Raises
    ------
    ParameterError
        (named ``name``) for anything else, e.g. a law class instead of an instance.
    """
    if isinstance(law, InterfaceLaw):
        return law
    if isinstance(law, type) and issubclass(law, InterfaceLaw):
        raise ParameterError(name, law.__name__, f"is a class: pass an instance, "
                             f"{name}={law.__name__}()")
    if isinstance(law, str) and law in _BY_NAME:
        return _BY_NAME[law]()
    raise ParameterError(name, law, f"must be one of {names()} or an instance of "
                         "nf.laws.InterfaceLaw")


def require_pumping(law: InterfaceLaw, dn_dt: object) -> None:
    """Raise unless ``law`` takes a precessing magnet (``dn_dt`` [1/s], for the message)."""
    if not law.pumping:
        raise ParameterError("dn_dt", dn_dt, f"spin pumping is linear response (Eq. (4)): "
                             f"the {law.name!r} law does not take it; use law='linear' or "
                             "law='elastic'", "1/s")


def _nonlinear(interface: NFInterface, gas: MagnonGas, mu_s: np.ndarray, n: np.ndarray,
               mu_m: np.ndarray, T_e: np.ndarray, dT: np.ndarray, jacobian: bool
               ) -> tuple[Any, ...]:
    """Currents of Eqs. (1)-(3) (corrected) and their derivatives, flat arrays."""
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

    el = _electron_side(a, h, jacobian)
    O = -2 * mm["p"][0] - 2 * el["a1"]
    E2 = -el["a2"]
    ON = -2 * mm["p"][1] - 2 * el["g1"]
    E2N = -el["g2"]

    hp2 = h * h + p * p
    L = 4 * M0 + hp2 * E2 - 2 * p * O
    T = O - p * E2
    LN = 4 * N0 + hp2 * E2N - 2 * p * ON
    v = ms - p[:, None] * n  # (mu_s - p n) / E0

    K_M, Kn = interface._prefactors(gas, E0)
    K_N = K_M * E0 / hbar
    n_rel = Kn * mm["p"][0]  # n_th / s
    g_r_t = interface.g_r * (1 - 2 * n_rel)
    g_i_t = interface.g_i * (1 - n_rel)
    i_el, d_el, cross, perp = _mixing(g_r_t, g_i_t, mu_s, n, p * E0)
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

    def dL_dms(E2_: np.ndarray, E2h_: np.ndarray, O_: np.ndarray, Oh_: np.ndarray
               ) -> np.ndarray:
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

    def vec(dL_: np.ndarray, dT_: np.ndarray) -> np.ndarray:
        return dL_[:, None] * n - dT_[:, None] * v

    # thermal reduction of the mixing conductances: d(n_th/s)
    dnrel_mu = Kn * pc[0] / E0
    dnrel_T = Kn * pt[0] / T_e
    el_dn = -(interface.g_i * cross + 2 * interface.g_r * perp) / (4 * np.pi)
    di_dmu_m = (K_M / E0)[:, None] * vec(dL_mu, dT_mu) + dnrel_mu[:, None] * el_dn
    di_dT_m = (K_M / T_e)[:, None] * vec(dL_tau, dT_tau) + dnrel_T[:, None] * el_dn
    di_dT_e = (K_M / T_e)[:, None] * vec(dL_th, dT_th)
    dq_dmu_s = -(K_N / E0)[:, None] * dLNs
    dq_dmu_m = -K_N / E0 * dLN_mu
    dq_dT_m = -K_N / T_e * dLN_tau
    dq_dT_e = -K_N / T_e * dLN_th
    return i, q, (di_dmu_s, di_dmu_m, di_dT_m, di_dT_e, dq_dmu_s, dq_dmu_m, dq_dT_m,
                  dq_dT_e)


def _electron_side(a: np.ndarray, h: np.ndarray, jacobian: bool) -> dict[str, np.ndarray]:
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
