"""Temperature dependence of material parameters (:meth:`nfdiff.materials` ``at``)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from .. import _validate
from ..errors import NfdiffWarning, ParameterError

__all__ = ["PowerLaw"]


@dataclass(frozen=True)
class PowerLaw:
    """``value(T) = value(T_ref) (T / T_ref)^exponent``, from data on ``valid`` [K].

    Anchored at the material's own value at its ``reference_temperature``, so that a
    material evaluated at any temperature keeps the law (:meth:`at` of the material).

    Parameters
    ----------
    exponent : float
        The exponent [1].
    valid : (float, float)
        Temperatures [K] the law's data cover; outside, :meth:`value` warns (an
        extrapolation).
    source : str
        Where the law comes from.
    """

    exponent: float
    valid: tuple[float, float]
    source: str

    def __post_init__(self) -> None:
        _validate.finite("exponent", self.exponent)
        lo, hi = (float(_validate.positive(f"valid[{i}]", v, "K"))
                  for i, v in enumerate(self.valid))
        if not lo < hi:
            raise ParameterError("valid", self.valid, "must be (low, high) with low < high",
                                 "K")
        object.__setattr__(self, "valid", (lo, hi))
        if not isinstance(self.source, str) or not self.source.strip():
            raise ParameterError("source", self.source, "must be a citation (a str)")

    def value(self, value_ref: float, T_ref: float, T: float, *, name: str = "value",
              material: str = "") -> float:
        """The value at ``T`` [K] of a parameter worth ``value_ref`` at ``T_ref`` [K].

        Warns (:class:`~nfdiff.errors.NfdiffWarning`) when ``T`` is outside ``valid``.
        """
        lo, hi = self.valid
        if not lo <= T <= hi:
            owner = f"{material}." if material else ""
            warnings.warn(f"{owner}{name} at T = {T:.6g} K is outside {lo:.6g}-{hi:.6g} K, "
                          f"the range of its data ({self.source}): extrapolated as "
                          f"T^{self.exponent:.4g}", NfdiffWarning, stacklevel=3)
        return float(value_ref * (T / T_ref) ** self.exponent)
