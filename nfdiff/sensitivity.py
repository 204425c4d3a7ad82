r"""Exact sensitivities of observables to material parameters, by the adjoint method.

At a converged state ``x`` the residual vanishes, ``R(x(p); p) = 0`` for every value of a
parameter ``p``, so ``J dx/dp = -dR/dp`` with ``J = dR/dx`` the Jacobian Newton uses. An
observable ``O(x)`` then changes as (docs/theory.md#theory-sensitivity)::

    dO/dp = dO/dx . dx/dp = -lambda . dR/dp,    J^T lambda = dO/dx

one transposed linear solve per observable (the adjoint ``lambda``) and, per parameter,
one assembly of the exact partial derivative ``dR/dp`` of the residual
(:meth:`nfdiff.problem.Problem.parameter_residual`, from the region models'
:meth:`~nfdiff.physics.RegionModel.parameter_terms` and the couplings'
:meth:`~nfdiff.physics.Coupling.parameter_terms`). Nothing is differenced: the result is
the derivative of the discrete solution, to the accuracy of the converged Newton solve.

Parameters are named ``"<owner>.<field>"``:

- ``"<region>.<field>"``: a field of the material of one region (``"film.magnon_conductivity"``);
- ``"metal.<field>"``, ``"magnet.<field>"``, ``"dielectric.<field>"``: the field of every
  region of that kind (its models :class:`~nfdiff.physics.MetalModel`,
  :class:`~nfdiff.physics.MagnetModel`, :class:`~nfdiff.physics.DielectricModel`), when
  they all hold the same value (the strips of a template share their metal); a region
  named so takes precedence;
- ``"interface.<field>"``: ``g_r``, ``g_i`` or ``kapitza_conductance`` of every
  metal|magnet interface and magnet contact (:class:`nfdiff.bc.MagnetContact`; same
  value on all); ``"<metal>|<magnet>.<field>"`` of one interface, ``"<boundary>.<field>"``
  of one contact; a Kapitza coupling's ``"<a>|<b>.conductance"``.

The values are those of the device's materials (at the device temperature). A
parameter's temperature law keeps its exponent: the derivative is with respect to the
value at the device temperature, the whole law scaled. Derived defaults follow what they
are derived from, as :meth:`~nfdiff.materials.MagneticInsulator.replace` derives them: the
Boltzmann ``spin_seebeck`` and ``magnon_thermal_conductivity`` of a magnet follow its
``magnon_conductivity``, the Wiedemann-Franz ``thermal_conductivity`` of a metal its
``conductivity``.

Observables are those a solution lists in :attr:`~nfdiff.solution.Solution.linear_observables`:
linear combinations of extruded field components (voltages, resistances, resistivities),
which the device templates fill in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .errors import ParameterError
from .linsolve import LinearSolver, _abs_max, _scale_rows
from .physics.couplings import NFCoupling
from .physics.models import DielectricModel, MagnetModel, MetalModel, RegionModel
from .physics.terms import EXTRUDED

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .bc import BoundaryCondition
    from .solution import Solution

__all__ = ["Sensitivities", "Sensitivity", "harmonic_sensitivities", "parameters",
           "sensitivities"]

#: Relative residual of the adjoint solves.
_ACCURACY = 1e-10
#: Role names of the built-in region models.
_ROLES: dict[str, type[RegionModel]] = {"metal": MetalModel, "magnet": MagnetModel,
                                         "dielectric": DielectricModel}


@dataclass(frozen=True)
class _Target:
    """Where a named parameter acts: regions and couplings (indices of the problem's
    interfaces) and its field name, value and unit."""

    regions: tuple[str, ...]
    interfaces: tuple[int, ...]
    field: str
    value: float
    unit: str
    conditions: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Sensitivity:
    """The derivative of an observable with respect to one parameter.

    Attributes
    ----------
    parameter : str
        Its name (``"magnet.magnon_diffusion_length"``).
    value : float
        The parameter's value [``unit``].
    unit : str
        The parameter's unit.
    derivative : float
        ``dO/dp`` [observable unit per parameter unit].
    observable : float
        The observable's value O.
    """

    parameter: str
    value: float
    unit: str
    derivative: float
    observable: float

    @property
    def relative(self) -> float:
        """The logarithmic sensitivity ``(p / O) dO/dp`` [1]: the relative change of the
        observable per relative change of the parameter (nan when O = 0)."""
        if self.observable == 0:
            return float("nan")
        return self.value / self.observable * self.derivative


class Sensitivities(Mapping[str, Sensitivity]):
    """Sensitivities of one observable, ``{parameter: Sensitivity}``, in the order asked.

    Attributes
    ----------
    observable : str
        Its name.
    value : float
        Its value.
    unit : str
        Its unit ("" when not declared).
    """

    def __init__(self, observable: str, value: float, unit: str,
                 items: Sequence[Sensitivity]) -> None:
        self.observable, self.value, self.unit = observable, value, unit
        self._items = {s.parameter: s for s in items}

    def __getitem__(self, key: str) -> Sensitivity:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def derivatives(self) -> dict[str, float]:
        """``{parameter: dO/dp}``."""
        return {k: s.derivative for k, s in self._items.items()}

    def relative(self) -> dict[str, float]:
        """``{parameter: (p/O) dO/dp}``."""
        return {k: s.relative for k, s in self._items.items()}

    def ranking(self) -> list[str]:
        """Parameters by decreasing ``|relative|``: those the observable constrains
        most first."""
        return sorted(self._items, key=lambda k: -abs(np.nan_to_num(self._items[k].relative)))

    def plot(self, ax: Any = None) -> Figure:
        """Bar chart of the logarithmic sensitivities ``(p/O) dO/dp``, largest first:
        which parameters the observable constrains.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw in; default a new figure.

        Returns
        -------
        matplotlib.figure.Figure
        """
        import matplotlib.pyplot as plt

        names = self.ranking()[::-1]
        if ax is None:
            fig, ax = plt.subplots(figsize=(6.0, 0.8 + 0.32 * len(names)),
                                   layout="constrained")
        else:
            fig = ax.figure
        values = [self._items[k].relative for k in names]
        ax.barh(range(len(names)), values, color=["C0" if v >= 0 else "C3" for v in values])
        ax.set_yticks(range(len(names)), names)
        ax.axvline(0.0, color="k", lw=0.8)
        ax.set_xlabel(f"(p / {self.observable}) d{self.observable}/dp")
        ax.set_title(f"{self.observable} = {self.value:.4g} {self.unit}".rstrip())
        return fig

    def __repr__(self) -> str:
        lines = [f"Sensitivities of {self.observable} = {self.value:.6g} {self.unit}".rstrip()]
        for k in self.ranking():
            s = self._items[k]
            lines.append(f"  {k:<44s} (p/O) dO/dp = {s.relative:+.4g}   dO/dp = "
                         f"{s.derivative:.6g} {self.unit}/({s.unit})")
        return "\n".join(lines)


def parameters(sol: Solution) -> dict[str, _Target]:
    """The parameters a solution's sensitivities take, ``{name: target}``."""
    p = sol.problem
    out: dict[str, _Target] = {}
    for r, model in p.models.items():
        material = model.material
        for f in model.parameters:
            out[f"{r}.{f}"] = _Target((r,), (), f, float(getattr(material, f)),
                                      _unit(material, f))
    for role, cls in _ROLES.items():
        regions = [r for r, m in p.models.items() if type(m) is cls]
        if not regions or role in p.models:
            continue
        for f in cls.parameters:
            values = {out[f"{r}.{f}"].value for r in regions}
            if len(values) == 1:
                first = out[f"{regions[0]}.{f}"]
                out[f"{role}.{f}"] = _Target(tuple(regions), (), f, first.value, first.unit)
    nf = []
    for k, itf in enumerate(p.interfaces):
        c = itf.coupling
        for f, unit in c.parameters.items():
            owner = f"{c.metal}|{c.magnet}" if isinstance(c, NFCoupling) else f"{itf.a}|{itf.b}"
            out[f"{owner}.{f}"] = _Target((), (k,), f, c.parameter_value(f), unit)
        if isinstance(c, NFCoupling):
            nf.append(k)
    contacts: list[BoundaryCondition] = []  # with parameters (nf.bc.MagnetContact)
    for boundary, parts in p.boundary_parts.items():
        found: list[BoundaryCondition] = []
        for d in (d for part in parts for d in part.conditions if d.parameters):
            if not any(d is e for e in found):
                found.append(d)
        for cond in found:
            for f, unit in cond.parameters.items():
                out[f"{boundary}.{f}"] = _Target((), (), f, cond.parameter_value(f), unit,
                                                 (cond,))
            contacts.append(cond)
    if (nf or contacts) and "interface" not in p.models:
        for f, unit in NFCoupling.parameters.items():
            values = ({p.interfaces[k].coupling.parameter_value(f) for k in nf}
                      | {c.parameter_value(f) for c in contacts})
            if len(values) == 1:
                out[f"interface.{f}"] = _Target((), tuple(nf), f, values.pop(), unit,
                                                tuple(contacts))
    return out


def _unit(material: Any, field: str) -> str:
    try:
        return str(type(material).unit_of(field))
    except (AttributeError, KeyError):
        return ""


def _observable_gradient(sol: Solution, observable: str) -> tuple[np.ndarray, float]:
    """``dO/dx`` in the scaled unknowns and O, for a linear observable."""
    forms = sol.linear_observables
    if observable not in forms:
        raise ParameterError("observable", observable, f"must be one of {sorted(forms)} "
                             "(the observables of this solution that are linear in the "
                             "extruded fields: Solution.linear_observables)")
    p = sol.problem
    grad = np.zeros(p.size)
    value = 0.0
    for region, axis, coefficient in forms[observable]:
        a = EXTRUDED[p.dim].index(axis)
        i = p.global_index[f"E{p.set_of[region]}_{a}"]
        grad[i] += coefficient * p.global_scale
        value += coefficient * sol.x[i] * p.global_scale
    return grad, value


def _adjoint(sol: Solution, grad: np.ndarray) -> np.ndarray:
    """``lambda`` of ``J^T lambda = grad`` with the Jacobian at the converged state
    (Dirichlet rows replaced).

    ``J`` is assembled once per solution and row-scaled as Newton scales it. The
    transposed system is solved by GMRES preconditioned with the transpose of Newton's
    last factorisation (:class:`~nfdiff.newton.WarmStart`: the Jacobian changes little
    between the last Newton steps and the converged state), else by a factorisation of
    its own; either way the true residual is checked to 1e-10 of ``grad``.
    """
    p = sol.problem
    cache = sol.__dict__.setdefault("_adjoint_cache", {})
    if "At" not in cache:
        _, J = p.system().evaluate(sol.x)
        Dr = p.warm.row_scale
        if Dr is None or len(Dr) != p.size:
            rows = _abs_max(J)
            rows[rows == 0] = 1.0
            Dr = 1.0 / rows
        cache["At"] = (sp.csr_matrix(_scale_rows(J, Dr).T), Dr)
    At, Dr = cache["At"]
    target = _ACCURACY * float(np.linalg.norm(grad))

    def accurate(y: np.ndarray | None) -> bool:
        return y is not None and bool(np.all(np.isfinite(y))) and float(
            np.linalg.norm(grad - At @ y)) <= target

    inverse = cache.get("inverse") or getattr(getattr(p.warm.solver, "inverse", None),
                                              "transposed", None)
    y = None
    if inverse is not None:
        M = spla.LinearOperator(At.shape, matvec=inverse, dtype=float)
        y, _ = spla.gmres(At, grad, M=M, rtol=1e-13, atol=0.0, restart=30, maxiter=3)
    if not accurate(y):
        solver = LinearSolver("superlu")
        y = solver(At, grad)
        assert solver.inverse is not None
        cache["inverse"] = solver.inverse
        for _ in range(2):  # iterative refinement with the same factorisation
            y = y + solver.inverse(grad - At @ y)
    return Dr * y


def sensitivities(sol: Solution, observable: str,
                  names: str | Iterable[str] | None = None) -> Sensitivities:
    """Exact derivatives of an observable of a solution with respect to parameters.

    Parameters
    ----------
    sol : Solution
        A converged solution.
    observable : str
        A name of ``sol.linear_observables`` (``"V_det"``, ``"R_nl"``, ``"V_ISHE"``, ...).
    names : str or iterable of str, optional
        Parameter names (module docstring); default all of :func:`parameters`.

    Returns
    -------
    Sensitivities

    Raises
    ------
    ParameterError
        For an unknown observable or parameter (the message lists the valid names).
    """
    available = parameters(sol)
    if names is None:
        names = list(available)
    elif isinstance(names, str):
        names = [names]
    names = list(names)
    for n in names:
        if n not in available:
            raise ParameterError("parameters", n, f"must be one of {sorted(available)}")
    grad, value = _observable_gradient(sol, observable)
    lam = _adjoint(sol, grad)
    p = sol.problem
    items = []
    for n in names:
        t = available[n]
        dR = p.parameter_residual(sol.x, t.regions, t.interfaces, t.field, t.conditions)
        items.append(Sensitivity(n, t.value, t.unit, -float(lam @ dR), value))
    units = _observable_units()
    return Sensitivities(observable, value, units.get(observable, ""), items)


def _observable_units() -> dict[str, str]:
    from .solution import _observable_units

    return _observable_units()


def harmonic_sensitivities(harmonics: Mapping[str, Any], current: float,
                           names: str | Iterable[str] | None = None,
                           observable: str = "V_det") -> dict[str, Sensitivities]:
    """Sensitivities of the first and second harmonics ``R1 = (V+ - V-)/(2I)`` and
    ``R2 = (V+ + V-)/(2 I^2)`` from those of the two solves.

    Parameters
    ----------
    harmonics : dict
        What :meth:`nfdiff.devices.NonlocalStrips.harmonics` returns (its
        ``solutions``, +I first).
    current : float
        I [A], as given to ``harmonics``.
    names : str or iterable of str, optional
        Parameter names, as in :func:`sensitivities`.
    observable : str
        The voltage of each solve the harmonics combine.

    Returns
    -------
    dict
        ``{"R1": Sensitivities (Ohm), "R2": Sensitivities (V/A^2)}``.
    """
    plus, minus = (sensitivities(s, observable, names) for s in harmonics["solutions"])
    out = {}
    for key, sign, scale, unit in (("R1", -1.0, 1 / (2 * current), "Ohm"),
                                   ("R2", 1.0, 1 / (2 * current**2), "V/A^2")):
        value = (plus.value + sign * minus.value) * scale
        items = [Sensitivity(k, s.value, s.unit,
                             (s.derivative + sign * minus[k].derivative) * scale, value)
                 for k, s in plus.items()]
        out[key] = Sensitivities(key, value, unit, items)
    return out
