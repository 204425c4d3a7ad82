"""Declared parameters (nfdiff.params): one declaration per template argument, solve
argument and observable, read by the checks, the docstrings and the command line.

The declarations must match the signatures exactly (a new argument without a
declaration, or a stale declaration, fails here), every bad value must be refused with
a ParameterError that names the parameter, the value, the valid range and the unit, and
every observable a solve returns must be declared with its unit.
"""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pytest

import nfdiff as nf
from nfdiff import params
from nfdiff.params import Interval, Parameter

TEMPLATES = nf.devices.TEMPLATES
#: Methods of the template classes whose arguments are declared.
DECLARED_METHODS = [(nf.devices.SMRFilm, "solve"), (nf.devices.NonlocalStrips, "solve"),
                    (nf.devices.NonlocalStrips, "harmonics"), (nf.devices.LSSEStack, "solve"),
                    (nf.devices.LSSEStack, "device"), (nf.devices.SpinPeltierStack, "solve"),
                    (nf.devices.SpinPeltierStack, "solve_odd_even")]


def _arguments(func):
    return [n for n, p in inspect.signature(func).parameters.items()
            if n != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


# ---- the declarations match the signatures ------------------------------------------------
@pytest.mark.parametrize("name", TEMPLATES)
def test_every_factory_argument_is_declared_and_nothing_else(name):
    factory = TEMPLATES[name]
    assert list(factory.parameters) == _arguments(factory)
    cls = factory.device_class
    assert set(params.declared(cls)) == set(_arguments(factory))
    for arg, p in factory.parameters.items():       # the factory's defaults are bound
        assert p.name == arg
        assert p.default == inspect.signature(factory).parameters[arg].default


@pytest.mark.parametrize(("cls", "method"), DECLARED_METHODS,
                         ids=[f"{c.__name__}.{m}" for c, m in DECLARED_METHODS])
def test_every_solve_argument_is_declared_and_nothing_else(cls, method):
    func = getattr(cls, method)
    assert list(func.parameters) == _arguments(func)


def test_a_mismatch_is_refused_when_the_module_is_imported():
    with pytest.raises(TypeError, match="declarations"):
        @params.checked(x=Parameter("m", "positive", "A length."))
        def f(x, y):
            return x + y


@pytest.mark.parametrize("name", TEMPLATES)
def test_declarations_describe_themselves(name):
    factory = TEMPLATES[name]
    declarations = [*factory.parameters.values(),
                    *factory.device_class.solve.parameters.values()]
    for p in declarations:
        assert p.description and p.description.endswith("."), p.name
        assert p.kind in params.KINDS
        if p.kind == "number":
            assert p.unit is not None, p.name   # every number states its unit ("1" if none)
        if p.kind == "material":
            assert issubclass(p.material, nf.materials._ParameterSet)
    for o in factory.device_class.solve.observables.values():
        assert o.unit and o.description.endswith(".")


# ---- the docs read the declarations ----------------------------------------------------------
@pytest.mark.parametrize("name", TEMPLATES)
def test_docstrings_are_written_from_the_declarations(name):
    """The Parameters section of the factory and of solve, and the Returns section of
    solve, hold each declared description (once)."""
    factory = TEMPLATES[name]
    solve = factory.device_class.solve
    doc = " ".join(inspect.getdoc(factory).split())
    for p in factory.parameters.values():
        text = " ".join(p.doc_text().split())
        assert doc.count(f"{p.name} : {p.type_text()} {text}") == 1, p.name
    doc = " ".join(inspect.getdoc(solve).split())
    for p in solve.parameters.values():
        assert f"{p.name} : {p.type_text()}" in doc
    for key, o in solve.observables.items():
        assert f"``{key}`` [{o.unit}]: {' '.join(o.description.split())}" in doc
    assert doc.index("Parameters ---") < doc.index("Returns ---") < doc.index("Raises ---")


def test_material_docstrings_are_written_from_the_declarations():
    for cls in (nf.materials.NormalMetal, nf.materials.MagneticInsulator,
                nf.materials.Dielectric, nf.materials.InterfaceParameters):
        doc = " ".join(inspect.getdoc(cls).split())
        for f in cls.numeric_fields():
            p = params.declared(cls)[f.name]
            assert p.unit == cls.unit_of(f.name)
            assert f"{f.name} : float" in doc and p.description.rstrip(".") in doc


# ---- the checks: names, values, ranges and units ----------------------------------------------
SMR_BAD = [
    ({"thickness": -5e-9}, "thickness = -5e-09 m is invalid: must be finite and > 0"),
    ({"thickness": [5e-9]}, "thickness = [5e-09] m is invalid: must be a single number"),
    ({"thickness": "5 nm"}, "thickness = '5 nm' m is invalid: must be a real number"),
    ({"temperature": np.inf}, "temperature = inf K is invalid: must be finite and > 0"),
    ({"growth": 1.0}, "growth = 1.0 is invalid: must be > 1 (the largest size ratio"),
    ({"transverse": "closed"}, "transverse = 'closed' is invalid: must be one of ('open', "
                               "'shorted'): 'open' (no transverse current"),
    ({"order": 2.0}, "order = 2.0 is invalid: must be one of (1, 2)"),
    ({"order": True}, "order = True is invalid: must be one of (1, 2)"),
    ({"thermal": "yes"}, "thermal = 'yes' is invalid: must be True or False"),
    ({"n": (0, 0, 0)}, "n = [0.0, 0.0, 0.0] is invalid: must be a nonzero 3-vector"),
    ({"n": np.eye(3)}, "must be one 3-vector"),
    ({"law": "quadratic"}, "law = 'quadratic' is invalid: must be one of ('nonlinear', "
                           "'linear', 'elastic')"),
    ({"metal": "YIG"}, "metal = 'YIG' is invalid: must be a NormalMetal"),
    ({"interface": 1e19}, "interface = 1e+19 is invalid: must be an nf.NFInterface or None"),
]


@pytest.mark.parametrize(("kwargs", "message"), SMR_BAD, ids=[m[:28] for _, m in SMR_BAD])
def test_template_arguments_are_checked_from_their_declaration(kwargs, message):
    with pytest.raises(nf.ParameterError) as info:
        nf.devices.smr_film(**kwargs)
    assert info.value.name == next(iter(kwargs))
    assert message in str(info.value)


def test_sequence_entries_name_their_index():
    with pytest.raises(nf.ParameterError) as info:
        nf.devices.nonlocal_strips(widths=(300e-9, -1e-9))
    assert info.value.name == "widths" and info.value.index == (1,)
    assert str(info.value).startswith("widths[1] = -1e-09 m is invalid: must be finite and > 0")
    with pytest.raises(nf.ParameterError, match=r"must be 2 numbers \(A, B\) \[m\] or one for"):
        nf.devices.nonlocal_strips(widths=(1e-7, 2e-7, 3e-7))
    assert nf.devices.nonlocal_strips(widths=4e-7).widths == (4e-7, 4e-7)   # one for both


SOLVE_BAD = [
    ({"current_density": 0.0}, "current_density = 0.0 A/m^2 is invalid: must be nonzero "
                               "(resistivities are E/j)"),
    ({"rtol": float("nan")}, "rtol = nan is invalid: must be finite and in (0, 1)"),
    ({"rtol": 1.0}, "rtol = 1.0 is invalid: must be finite and in (0, 1)"),
    ({"rtol": 0.0}, "rtol = 0.0 is invalid: must be finite and in (0, 1)"),
    ({"maxiter": 2.5}, "maxiter = 2.5 is invalid: must be an integer >= 1"),
    ({"maxiter": "10"}, "maxiter = '10' is invalid: must be an integer >= 1"),
    ({"maxiter": 0}, "maxiter = 0 is invalid: must be an integer >= 1"),
]


@pytest.mark.parametrize(("kwargs", "message"), SOLVE_BAD, ids=[m[:24] for _, m in SOLVE_BAD])
def test_solve_arguments_are_checked_before_anything_is_meshed(kwargs, message):
    film = nf.devices.smr_film()
    with pytest.raises(nf.ParameterError) as info:
        film.solve(**kwargs)
    assert info.value.name == next(iter(kwargs))
    assert message in str(info.value)


def test_checked_values_are_normalised():
    film = nf.devices.smr_film(thickness=np.float32(5e-9), order=np.int64(2), n=(0, 2, 0),
                               thermal=np.bool_(False), law="linear")
    assert type(film.thickness) is float and film.thickness == float(np.float32(5e-9))
    assert type(film.order) is int and film.order == 2
    assert film.n == (0.0, 1.0, 0.0) and film.thermal is False
    assert isinstance(film.law, nf.laws.Linear)
    spe = nf.devices.spin_peltier(top=5)
    assert spe.top == 5.0 and type(spe.top) is float
    assert nf.devices.spin_peltier(top="bath").top == "bath"
    with pytest.raises(nf.ParameterError, match=r"must be one of \('adiabatic', 'bath'\)"
                                                r".* or a number >= 0 \[W/\(m\^2 K\)\]"):
        nf.devices.spin_peltier(top="warm")


def test_intervals_and_range_texts():
    assert Interval(1.0, closed=(False, True)).text() == "> 1"
    assert Interval(0.0, 1.0, closed=(False, False)).text() == "in (0, 1)"
    assert Interval(hi=0.0).text() == "<= 0"
    p = Parameter("m", Interval(0.0, 1e-3, closed=(True, False)), "A gap.", name="gap")
    assert p.validate(0.0) == 0.0 and p.validate(np.float64(5e-4)) == 5e-4
    for bad in (1e-3, -1e-9, math.nan):
        with pytest.raises(nf.ParameterError, match=re.escape("must be finite and in [0, 0.001)")):
            p.validate(bad)


# ---- the observables ---------------------------------------------------------------------
COARSE_2D = dict(distance=2e-6, extent=4e-6, h_min=(30e-9, 5e-9), h_max=(500e-9, 100e-9))


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_observable_is_declared_with_its_unit(name):
    """The observables a solve returns are exactly its declared ones (the nonlocal
    device with heat, so that its temperatures are there too)."""
    factory = TEMPLATES[name]
    device = factory(**COARSE_2D) if name == "nonlocal_strips" else factory()
    sol = device.solve()
    assert list(sol.observables) and set(sol.observables) == set(factory.device_class.solve
                                                                  .observables)
