"""Region models, couplings and boundary conditions as objects (nfdiff.physics, nf.bc).

Extends nfdiff from outside it: region models defined in this file are solved in
devices, next to the built-in ones, and checked against exact results:

- ``HeatConductor``, a plain heat conductor, replaces the built-in dielectric under a
  thermal nonlocal device: the same equations, so the same solution to round-off;
- in a two-layer slab heated from the top and held at the bath below, the temperature
  is piecewise linear, ``T(top) = T0 + q (d1/k1 + d2/k2)``, which P1 elements represent
  exactly, and all the heat leaves through the bath;
- ``ScreenedDiffusion`` brings a new field with a new equation, ``-D c'' + D c/l^2 = s``
  with a cosine source and no flux at the ends: ``c = s0 cos(pi z/L) / (D ((pi/L)^2 +
  1/l^2))``, converging at the P2 rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

import nfdiff as nf
from nfdiff.physics import Field, RegionModel, Terms

GGG = nf.materials.get("GGG")


@dataclass(frozen=True)
class HeatConductor(RegionModel):
    """Phonon heat conduction ``-div(kappa grad T_p) = 0`` with kappa [W/(m K)]."""

    kappa: float
    fields = (Field("T_p", "K", current="phonon_heat", thermal=True),)
    lattice_temperature = "T_p"

    def terms(self, u, ctx):
        if not ctx.thermal:
            return None
        t = Terms()
        t.res("T_p", b=self.kappa * u["T_p"][1])
        t.jac("T_p", "T_p", gg=self.kappa * np.eye(ctx.dim)[:, :, None, None])
        return t


@dataclass(frozen=True)
class ScreenedDiffusion(RegionModel):
    """A new field c [J] with ``div(-D grad c) = -D c / l^2 + s``: D [1/m], l [m]."""

    D: float
    length: float
    fields = (Field("c", "J", current="c_current"),)

    def terms(self, u, ctx):
        t = Terms()
        c, grad = u["c"]
        t.res("c", a=self.D * c / self.length**2, b=self.D * grad)
        t.jac("c", "c", vv=np.full(c.shape, self.D / self.length**2),
              gg=self.D * np.eye(ctx.dim)[:, :, None, None])
        return t


def test_a_user_heat_conductor_equals_the_builtin_dielectric():
    template = nf.devices.nonlocal_strips(distance=2e-6, substrate="GGG",
                                          substrate_thickness=2e-6, extent=10e-6)
    dev = template.device()
    ref = dev.solve(current={"A": 30e-6})
    materials = {**dev.materials, "substrate": HeatConductor(GGG.thermal_conductivity)}
    mine = nf.Device(dev.mesh, materials=materials, interfaces=dev.interfaces,
                     boundary_conditions=dev.boundary_conditions, law=dev.law,
                     length=dev.length, n=template.n)
    sol = mine.solve(current={"A": 30e-6})
    assert sol.field_names == ref.field_names
    np.testing.assert_allclose(sol.x, ref.x, rtol=1e-12, atol=1e-12 * np.max(np.abs(ref.x)))
    assert sol.voltage("B") == pytest.approx(ref.voltage("B"), rel=1e-10, abs=0)
    assert np.max(np.abs(ref.x)) > 0 and ref.field("T_p", "substrate")[1].max() > 300.001


def test_user_heat_conductors_in_series_give_the_exact_profile():
    """Two layers, heat flux q in at the top, bath T0 at the bottom: T is piecewise linear."""
    d1, d2, k1, k2, q, T0 = 1e-6, 3e-6, 2.0, 7.0, 5e5, 300.0
    mesh = nf.mesh.stack([("low", d1), ("high", d2)], h_min=50e-9, h_max=200e-9)
    dev = nf.Device(mesh, materials={"low": HeatConductor(k1), "high": HeatConductor(k2)},
                    boundary_conditions={"bottom": nf.bc.Temperature(T0),
                                         "top": nf.bc.HeatFlux(q)}, temperature=T0)
    sol = dev.solve()
    (z,), T = sol.field("T_p")
    exact = T0 + q * np.where(z <= d1, z / k1, d1 / k1 + (z - d1) / k2)
    np.testing.assert_allclose(T - T0, exact - T0, rtol=1e-10, atol=0)
    assert T.max() - T0 == pytest.approx(q * (d1 / k1 + d2 / k2), rel=1e-10, abs=0)
    # all the heat leaves through the bath: outward boundary current q per area
    assert sol.boundary_current("bottom", "heat") == pytest.approx(q, rel=1e-10, abs=0)
    assert sol.boundary_current("bottom", "phonon_heat") == \
        sol.boundary_current("bottom", "heat")


@pytest.mark.parametrize("order, levels, tol", [(2, (20, 40, 80), 2e-6)])
def test_a_new_field_with_its_own_equation(order, levels, tol):
    """A field nfdiff does not know, its equation, a source: the cosine closed form."""
    L, D, lam, s0 = 2e-6, 3.0, 0.5e-6, 1e-12
    k = np.pi / L
    amplitude = s0 / (D * (k**2 + 1 / lam**2))
    errors = []
    for n in levels:
        mesh = nf.mesh.stack([("layer", L)], h_min=L / n, h_max=L / n)
        dev = nf.Device(mesh, materials={"layer": ScreenedDiffusion(D, lam)}, thermal=False,
                        order=order,
                        sources={"layer": {"c": lambda x: s0 * np.cos(k * x[0])}})
        sol = dev.solve()
        (z,), c = sol.field("c")
        errors.append(np.max(np.abs(c - amplitude * np.cos(k * z))) / amplitude)
        assert sol.current_kinds()["c_current"] == ("c",)
    assert errors[-1] < tol
    rates = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all(rates > 2.7), rates  # nodal error of P2: O(h^3) or better


def test_models_declare_their_fields():
    pt, yig = nf.materials.get("Pt"), nf.materials.get("YIG")
    metal, magnet = nf.physics.model_for(pt), nf.physics.model_for(yig)
    assert isinstance(metal, nf.physics.MetalModel) and metal.material is pt
    assert [f.name for f in metal.active_fields(False)] == ["mu_x", "mu_y", "mu_z", "phi"]
    assert [f.name for f in magnet.active_fields(True)] == ["mu_m", "T_m", "T_p"]
    assert metal.conductor and not magnet.conductor
    assert magnet.gap == yig.gap and metal.gap is None
    assert nf.physics.model_for(metal) is metal
    assert Field("T_x", "K", "heat").reference(250.0) == 250.0


def test_bad_models_and_fields_get_clear_errors():
    mesh = nf.mesh.stack([("a", 1e-6), ("b", 1e-6)], h_min=1e-7, h_max=1e-7)
    with pytest.raises(nf.ParameterError, match=r"materials\['a'\]") as info:
        nf.Device(mesh, materials={"a": 3.0, "b": GGG})
    assert "RegionModel" in str(info.value)

    @dataclass(frozen=True)
    class ClashingTemperature(HeatConductor):
        fields = (Field("T_p", "J", current="phonon_heat", thermal=True),)

    dev = nf.Device(mesh, materials={"a": ClashingTemperature(1.0), "b": GGG},
                    boundary_conditions={"bottom": nf.bc.Temperature(300.0)})
    with pytest.raises(nf.ParameterError, match=r"field 'T_p' in K .* another region in J"):
        dev.solve()
    with pytest.raises(nf.ParameterError, match="scale"):
        Field("n_imp", "1/m^3", current="impurity")


def test_conditions_apply_by_the_fields_of_the_model():
    """A bath acts on the lattice temperature a model declares; a magnon reservoir only on
    a model with magnons."""
    conductor = HeatConductor(1.0)
    assert nf.bc.Temperature(300.0).applies_to(conductor)
    assert nf.bc.Temperature(300.0).dirichlet(conductor, 290.0) == [("T_p", 10.0)]
    assert not nf.bc.MagnonReservoir(0.0).applies_to(conductor)
    assert not nf.bc.Temperature(300.0).applies_to(ScreenedDiffusion(1.0, 1.0))
    contact = nf.bc.HeatTransfer(coefficient=10.0, ambient=310.0)
    assert contact.scaled(0.5, 300.0).ambient == 305.0
