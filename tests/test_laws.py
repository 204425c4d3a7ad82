"""Interface laws as objects (nfdiff.laws): names and objects agree exactly, and a law
written outside nfdiff works in nf.Device, the templates and the dynamics.

The law defined here, ``ScaledLinear(factor)``, evaluates the built-in linear law on an
interface whose spin-mixing conductances are scaled by ``factor``. Every current of the
linear law is proportional to g_r (its coefficients g, S, kappa, Pi all carry the
prefactor g_r, the mixing term g_r and g_i), so a device with ScaledLinear(f) must
reproduce, to round-off, the same device with the built-in linear law and an interface
of conductances f g_r, f g_i: an exact check that the user's law is the one being
solved, through every layer.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import nfdiff as nf
from nfdiff.laws import InterfaceLaw, Linear

YIG = nf.materials.get("YIG")
ITF = nf.materials.interface_parameters("Pt", "YIG").to_interface(YIG.magnon_gas())


@dataclasses.dataclass(frozen=True, repr=False)
class ScaledLinear(InterfaceLaw):
    """The linear law with the interface's mixing conductances scaled by ``factor``."""

    factor: float = 2.0
    name = "scaled linear"
    pumping = True

    def evaluate(self, interface, mu_s, n, mu_m, T_e, delta_T, *,
                 reference_temperature=None, jacobian=False):
        return Linear().evaluate(_scaled(interface, self.factor), mu_s, n, mu_m, T_e, delta_T,
                                 reference_temperature=reference_temperature,
                                 jacobian=jacobian)


def _scaled(itf, factor):
    return dataclasses.replace(itf, g_r=factor * itf.g_r, g_i=factor * itf.g_i)


# ---- resolution ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["nonlinear", "linear", "elastic"])
def test_names_resolve_to_the_builtin_objects(name):
    law = nf.laws.resolve(name)
    assert isinstance(law, InterfaceLaw) and law.name == name
    assert law == {"nonlinear": nf.laws.Nonlinear(), "linear": nf.laws.Linear(),
                   "elastic": nf.laws.Elastic()}[name]
    assert nf.laws.resolve(law) is law
    assert name in nf.laws.names()


def test_declared_needs_of_the_builtin_laws():
    """Only the nonlinear law is limited by the gap; it alone cannot take a precessing n."""
    assert [nf.laws.resolve(n).gap_limited for n in ("nonlinear", "linear", "elastic")] == \
        [True, False, False]
    assert [nf.laws.resolve(n).pumping for n in ("nonlinear", "linear", "elastic")] == \
        [False, True, True]
    assert not nf.laws.Elastic().needs_magnon_gas and nf.laws.Linear().needs_magnon_gas


@pytest.mark.parametrize("bad", ["Linear", "quadratic", 1, None, nf.laws.Linear])
def test_a_bad_law_is_a_parameter_error_naming_law(bad):
    with pytest.raises(nf.ParameterError) as info:
        nf.laws.resolve(bad)
    assert info.value.name == "law"
    with pytest.raises(nf.ParameterError, match="law"):
        ITF.currents((0, 0, 1e-25), (0, 0, 1), T_e=300.0, law=bad)


def test_a_subclass_without_evaluate_says_so():
    class Incomplete(InterfaceLaw):
        pass

    with pytest.raises(NotImplementedError, match="Incomplete must define evaluate"):
        ITF.currents((0, 0, 1e-25), (0, 0, 1), T_e=300.0, law=Incomplete())


# ---- the bare interface -------------------------------------------------------------------
@pytest.mark.parametrize("name", ["nonlinear", "linear", "elastic"])
def test_objects_and_names_give_identical_currents(name):
    rng = np.random.default_rng(3)
    mu_s = rng.normal(scale=1e-24, size=(5, 3))
    n = rng.normal(size=(5, 3))
    n /= np.linalg.norm(n, axis=1, keepdims=True)
    args = dict(mu_m=-rng.uniform(0, 1e-24, 5), T_m=301.0, T_e=300.0, jacobian=True)
    by_name = ITF.currents(mu_s, n, law=name, **args)
    by_object = ITF.currents(mu_s, n, law=nf.laws.resolve(name), **args)
    for a, b in zip(by_name[:2], by_object[:2], strict=True):
        np.testing.assert_array_equal(a, b)
    for f in dataclasses.fields(by_name[2]):
        np.testing.assert_array_equal(getattr(by_name[2], f.name), getattr(by_object[2], f.name))


def test_user_law_through_the_interface():
    mu_s, n = np.array([1e-25, -2e-25, 3e-25]), np.array([0.0, 0.6, 0.8])
    i, q = ITF.currents(mu_s, n, mu_m=-1e-25, T_m=300.5, T_e=300.0, law=ScaledLinear())
    i2, q2 = _scaled(ITF, 2.0).currents(mu_s, n, mu_m=-1e-25, T_m=300.5, T_e=300.0,
                                        law="linear")
    np.testing.assert_array_equal(i, i2)
    assert q == q2


def test_pumping_needs_a_law_that_takes_it():
    with pytest.raises(nf.ParameterError, match="'nonlinear' law does not take it") as info:
        ITF.currents((0, 0, 0), (0, 0, 1), T_e=300.0, law=nf.laws.Nonlinear(),
                     dn_dt=(1e9, 0, 0))
    assert info.value.name == "dn_dt"


# ---- devices ------------------------------------------------------------------------------
def _nonlocal(**kw):
    return nf.devices.nonlocal_strips(distance=2e-6, extent=8e-6, thermal=False, **kw)


def test_law_object_equals_law_name_in_a_template():
    """law=nf.laws.Linear() gives exactly the result of law="linear"."""
    a = _nonlocal(law="linear").solve(current=100e-6)
    b = _nonlocal(law=nf.laws.Linear()).solve(current=100e-6)
    np.testing.assert_array_equal(a.x, b.x)
    assert a.observables["R_nl"] == b.observables["R_nl"] > 0


def test_user_law_in_a_template_and_in_a_device():
    """A law defined in this file, through nonlocal_strips(law=...) and nf.Device(law=...)."""
    itf = nf.materials.interface_parameters("Pt", "YIG").to_interface()
    law = ScaledLinear(0.01)  # an opaque interface: the signal depends on it
    user = _nonlocal(law=law, interface=itf).solve(current=100e-6)
    ref = _nonlocal(law="linear", interface=_scaled(itf, 0.01)).solve(current=100e-6)
    assert user.observables["R_nl"] == pytest.approx(ref.observables["R_nl"], rel=1e-12, abs=0)
    plain = _nonlocal(law="linear", interface=itf).solve(current=100e-6)
    assert user.observables["R_nl"] < 0.9 * plain.observables["R_nl"]

    template = _nonlocal(law=law, interface=itf)
    dev = template.device()
    assert dev.law is law
    hand = nf.Device(dev.mesh, materials=dev.materials, interfaces=dev.interfaces,
                     law=law, thermal=False, length=template.strip_length, n=template.n)
    sol = hand.solve(current={"A": 100e-6})
    assert sol.voltage("B") / 100e-6 == pytest.approx(ref.observables["R_nl"], rel=1e-12, abs=0)


def test_a_gap_limited_user_law_is_kept_below_the_gap():
    """A user law that declares gap_limited gets the condensation check of the solver."""

    class LimitedLinear(ScaledLinear):
        gap_limited = True

    low_gap = YIG.replace(gap=1e-26)  # far below the mu_m a -1 mA injector makes
    with pytest.raises(nf.CondensationError):
        _nonlocal(law=LimitedLinear(), magnet=low_gap).solve(current=-1e-3)
    with pytest.warns(nf.errors.NfdiffWarning, match="'scaled linear' law is used beyond"):
        sol = _nonlocal(law=ScaledLinear(), magnet=low_gap).solve(current=-1e-3)
    _, mu_m = sol.field("mu_m")
    assert sol.newton.converged and mu_m.max() > 100 * low_gap.gap  # no limit, a warning


# ---- dynamics -----------------------------------------------------------------------------
def test_dynamics_takes_the_same_law_objects():
    film = nf.dynamics.Macrospin(thickness=20e-9, interface=ITF, law="linear")
    same = film.replace(law=nf.laws.Linear())
    assert same.mixing_conductance() == film.mixing_conductance()
    assert same.spin_density() == film.spin_density()
    c = ITF.linear_coefficients(300.0)
    assert film.mixing_conductance() == complex(float(c.g_r_eff), float(c.g_i_tilde))
    elastic = film.replace(law=nf.laws.Elastic())
    assert elastic.mixing_conductance() == complex(ITF.g_r, ITF.g_i)
    assert elastic.spin_density() == YIG.spin_density
    user = film.replace(law=ScaledLinear())  # the base class's zero-temperature defaults
    assert user.mixing_conductance() == complex(ITF.g_r, ITF.g_i)
    with pytest.raises(nf.ParameterError, match="precessing") as info:
        film.replace(law=nf.laws.Nonlinear())
    assert info.value.name == "law"
