"""Exception types of nfdiff.

Every error a user can trigger is an :class:`NfdiffError`.  Bad parameters raise
:class:`ParameterError`, which is also a :class:`ValueError`, so that code written
against plain ``ValueError`` keeps working.  Messages name the parameter, its value
and the valid range; failed solves say where and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "CondensationError",
    "ConvergenceError",
    "NfdiffError",
    "NfdiffWarning",
    "ParameterError",
    "StateError",
]


class NfdiffError(Exception):
    """Base class of all errors raised by nfdiff."""


class NfdiffWarning(UserWarning):
    """A result that holds but needs the user's attention (e.g. a linear interface law
    driven past the magnon gap, where the model it linearises no longer holds)."""


class ParameterError(NfdiffError, ValueError):
    """A parameter is outside its valid range.

    Attributes
    ----------
    name : str
        Name of the parameter (a function argument or a dataclass field).
    value : object
        The offending value.
    index : tuple of int or None
        Index of the offending entry of an array argument; None for a scalar.
    """

    def __init__(self, name: str, value: object, requirement: str, unit: str = "") -> None:
        self.name = name
        self.value = value
        self.index: tuple[int, ...] | None = None
        self.requirement = requirement
        unit = f" {unit}" if unit else ""
        super().__init__(f"{name} = {value!r}{unit} is invalid: {requirement}")


class CondensationError(NfdiffError):
    """The magnon chemical potential reached the magnon gap.

    At ``mu_m >= gap`` the magnon gas condenses (or a spin-torque instability sets in),
    which the model does not describe.

    Attributes
    ----------
    region : str or None
        Region (or interface) where the threshold was crossed.
    location : ndarray or None
        Coordinates [m] of the offending point(s).
    mu_m : float
        Largest magnon chemical potential found [J].
    gap : float
        The magnon gap [J].
    """

    def __init__(self, mu_m: float, gap: float, region: str | None = None,
                 location: Iterable[float] | None = None, detail: str = "") -> None:
        self.mu_m = float(mu_m)
        self.gap = float(gap)
        self.region = region
        self.location = location
        where = f" in {region}" if region is not None else ""
        if location is not None:
            where += " at " + ", ".join(f"{c:.4g}" for c in location) + " m"
        msg = (f"magnon chemical potential mu_m = {self.mu_m:.6g} J reached the magnon gap "
               f"{self.gap:.6g} J{where}; the nonlinear interface law needs mu_m < gap: the "
               "magnon gas condenses or a spin-torque instability sets in, which the model "
               "does not describe")
        if detail:
            msg += f". {detail}"
        super().__init__(msg)


class StateError(NfdiffError):
    """The solved state left the domain of the model.

    A temperature reached 0 K or the Curie temperature of a magnet, say, under a drive
    too strong for the device. Newton damps its steps and continuation reduces the
    drive to stay inside; this error says where the drive could not be reached.

    Attributes
    ----------
    field : str
        The field (``"T_e"``, ``"T_p"``, ...).
    region : str
        The region where it left its range.
    location : ndarray or None
        Coordinates [m] of the offending point.
    value : float
        The value there [SI; temperatures absolute].
    bounds : tuple of float
        The valid open interval of the field in that region.
    """

    def __init__(self, field: str, region: str, location: Iterable[float] | None,
                 value: float, bounds: tuple[float, float], unit: str = "",
                 detail: str = "") -> None:
        self.field, self.region, self.location = field, region, location
        self.value, self.bounds = float(value), (float(bounds[0]), float(bounds[1]))
        self.unit = unit
        where = f" in {region}"
        if location is not None:
            where += " at " + ", ".join(f"{c:.4g}" for c in location) + " m"
        unit = f" {unit}" if unit else ""
        msg = (f"{field} = {self.value:.6g}{unit}{where} left its valid range "
               f"({self.bounds[0]:.6g}, {self.bounds[1]:.6g}){unit}")
        if detail:
            msg += f". {detail}"
        super().__init__(msg)


class ConvergenceError(NfdiffError):
    """Newton's method did not converge.

    Attributes
    ----------
    iterations : int
        Newton iterations performed.
    residuals : list of float
        Residual norms, the first one of the initial guess.
    """

    def __init__(self, message: str, iterations: int, residuals: Sequence[float]) -> None:
        self.iterations = int(iterations)
        self.residuals = list(residuals)
        hist = ", ".join(f"{r:.3e}" for r in self.residuals[-6:])
        super().__init__(f"{message} after {self.iterations} Newton iterations "
                         f"(last residual norms: {hist})")
