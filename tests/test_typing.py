"""The public API is typed: every function, method and property a user calls states the
types of its arguments and of its result, and the package says so (``py.typed``).

mypy checks the annotations (``.ci/run``, ``[tool.mypy]`` in ``pyproject.toml``); this
test makes sure that they are there, so that a new function without them, or an old one
that loses them, fails here.
"""

import dataclasses
import functools
import inspect
import tomllib
from pathlib import Path

import pytest

import nfdiff as nf
import nfdiff.params
import nfdiff.solution

ROOT = Path(__file__).resolve().parents[1]
#: The modules whose public names (``__all__``) make the API.
MODULES = [nf, nf.devices, nf.laws, nf.physics, nf.bc, nf.mesh, nf.materials, nf.units,
           nf.dynamics, nf.errors, nf.params, nf.solution]


def _missing(func, qualname, *, method=False):
    """The unannotated parts of ``func``: ``"qualname(x)"`` per argument, ``"qualname ->"``
    for the result. The first argument of a method (self, cls) needs none."""
    sig = inspect.signature(func)
    params = list(sig.parameters.values())[1 if method else 0:]
    out = [f"{qualname}({p.name})" for p in params if p.annotation is inspect.Parameter.empty]
    if sig.return_annotation is inspect.Signature.empty:
        out.append(f"{qualname} ->")
    return out


def _ours(obj):
    return getattr(obj, "__module__", "").startswith("nfdiff")


def _class_members(cls):
    """``(name, function, is_method)`` of the public methods, properties and constructor
    of a class and its nfdiff bases (each definition once)."""
    seen = set()
    for klass in cls.__mro__:
        if not _ours(klass):
            continue
        for name, member in vars(klass).items():
            if (name.startswith("_") and name not in ("__init__", "__call__")) or name in seen:
                continue
            seen.add(name)
            if isinstance(member, staticmethod):
                yield name, member.__func__, False
            elif isinstance(member, classmethod):
                yield name, member.__func__, True
            elif isinstance(member, property):
                yield name, member.fget, True
            elif isinstance(member, functools.cached_property):
                yield name, member.func, True
            elif inspect.isfunction(member):
                yield name, member, True


def _api(module):
    """``{qualified name: (function, is_method)}`` of what ``module`` exposes."""
    out = {}
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.ismodule(obj) or not _ours(obj):
            continue
        where = f"{module.__name__}.{name}"
        if inspect.isclass(obj):
            for member, func, method in _class_members(obj):
                out[f"{where}.{member}"] = (func, method)
        elif callable(obj):
            out[where] = (obj, False)
    return out


API = {module.__name__: _api(module) for module in MODULES}


def test_the_check_finds_what_is_missing():
    def bare(a, b: int = 1, *args, **kwargs):
        return a

    def typed(a: int, *args: float, **kwargs: str) -> int:
        return a

    assert _missing(bare, "bare") == ["bare(a)", "bare(args)", "bare(kwargs)", "bare ->"]
    assert _missing(typed, "typed") == []
    assert _missing(lambda self, x: x, "m", method=True) == ["m(x)", "m ->"]


def test_the_api_is_collected():
    """The names users call most are among the checked ones (the walk is not empty)."""
    for name in ["nfdiff.Device.__init__", "nfdiff.Device.solve",
                 "nfdiff.solution.Solution.boundary_current", "nfdiff.solution.Solution.plot",
                 "nfdiff.devices.smr_film", "nfdiff.devices.SMRFilm.solve",
                 "nfdiff.devices.NonlocalStrips.harmonics", "nfdiff.NFInterface.currents",
                 "nfdiff.MagnonGas.thermal_density", "nfdiff.laws.InterfaceLaw.evaluate",
                 "nfdiff.laws.Nonlinear.evaluate", "nfdiff.physics.RegionModel.terms",
                 "nfdiff.physics.Terms.res", "nfdiff.physics.NFCoupling.currents",
                 "nfdiff.bc.MagnetContact.terms", "nfdiff.mesh.stack",
                 "nfdiff.mesh.graded_points", "nfdiff.materials.NormalMetal.conductivity_at",
                 "nfdiff.materials.MagneticInsulator.replace", "nfdiff.units.zeeman_gap",
                 "nfdiff.sweep", "nfdiff.dynamics.Macrospin.integrate",
                 "nfdiff.dynamics.Bilayer.critical_current_density",
                 "nfdiff.dynamics.fmr_precession", "nfdiff.ParameterError.__init__",
                 "nfdiff.params.Parameter.validate"]:
        assert any(name in found for found in API.values()), name
    assert sum(map(len, API.values())) > 250


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_public_api_is_annotated(module):
    missing = [m for name, (func, method) in API[module.__name__].items()
               for m in _missing(func, name, method=method)]
    assert missing == [], "missing annotations: " + ", ".join(missing)


def test_dataclass_fields_are_typed():
    """The fields of the public dataclasses (parameters, results) state their types;
    ``Any`` or ``object`` only where a field holds any Python object."""
    loose = sorted(f"{module.__name__}.{name}.{f.name}" for module in MODULES
                   for name in module.__all__
                   if dataclasses.is_dataclass(obj := getattr(module, name))
                   and inspect.isclass(obj)
                   for f in dataclasses.fields(obj) if f.type in ("Any", "object"))
    assert loose == ["nfdiff.dynamics.Trajectory.solution", "nfdiff.params.Parameter.default"]


def test_the_package_is_marked_typed():
    """PEP 561: ``py.typed`` is in the package and in its package data (so that wheels
    ship it and users' type checkers read the annotations)."""
    assert (ROOT / "nfdiff" / "py.typed").is_file()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["nfdiff"]
    assert config["tool"]["mypy"]["files"] == ["nfdiff"]
    assert config["tool"]["mypy"]["disallow_untyped_defs"] is True


def test_builtin_materials_are_typed_by_name():
    """``nf.materials.get("YIG")`` is a MagneticInsulator to a type checker (its
    overloads by name) as it is at run time; every built-in name has its overload."""
    from typing import Literal, get_args, get_overloads

    namespace = {**vars(nf.materials), "Literal": Literal}
    typed = {}
    for ov in get_overloads(nf.materials.get):
        sig = inspect.signature(ov)
        names = eval(sig.parameters["name"].annotation, namespace)
        if names is not str:
            typed.update(dict.fromkeys(get_args(names), eval(sig.return_annotation,
                                                             namespace)))
    assert typed == {name: type(nf.materials.get(name)) for name in nf.materials.names()}


#: A user's script, for their type checker: what the annotations promise (never run).
USER_SCRIPT = '''
from typing import Any, assert_type

import numpy as np

import nfdiff as nf
from nfdiff.params import Parameter
from nfdiff.solution import Solution

film = nf.devices.smr_film(thickness=5e-9, n=(1, 0, 0), law="linear", metal="Pt")
assert_type(film, nf.devices.SMRFilm)
assert_type(film.law, nf.laws.InterfaceLaw)
assert_type(film.metal, nf.materials.NormalMetal)
sol = film.replace(n=(0, 1, 0)).solve(current_density=1e10)
assert_type(sol, Solution)
assert_type(sol.boundary_current("bottom", "spin"), np.ndarray)
assert_type(sol.boundary_current("bottom", "heat"), float)
assert_type(sol.interface_current("metal", "magnet"), float)
assert_type(nf.devices.nonlocal_strips.parameters, dict[str, Parameter])
assert_type(nf.devices.nonlocal_strips().harmonics(50e-6), dict[str, Any])
assert_type(nf.units.to_ev(1e-22), float)
assert_type(nf.units.to_ev([1e-22, 2e-22]), float | np.ndarray)
assert_type(nf.materials.get("YIG"), nf.materials.MagneticInsulator)
assert_type(nf.materials.get("YIG").magnon_gas(), nf.MagnonGas)
itf = nf.NFInterface(g_r=1e19)
assert_type(itf.currents([0.0, 0.0, 1e-24], (1, 0, 0), T_e=300.0),
            tuple[np.ndarray, np.ndarray])
assert_type(itf.currents([0.0, 0.0, 1e-24], (1, 0, 0), T_e=300.0, jacobian=True)[2],
            nf.InterfaceJacobian)
assert_type(nf.dynamics.Macrospin(thickness=20e-9).resonance_frequency(), float)
nf.devices.smr_film(thickness="5 nm")  # type: ignore[arg-type]
nf.units.to_ev(1e-22).shape  # type: ignore[attr-defined]
'''


def test_a_users_type_checker_sees_the_api(tmp_path):
    """mypy, on a script that uses the API, infers the types the API promises (overloads:
    a float in gives a float; a template keeps its factory's signature) and rejects
    a wrong argument (an unused ``type: ignore`` would be an error). Fast after the
    ``mypy`` step of ``.ci/run``, which leaves its cache."""
    api = pytest.importorskip("mypy.api")
    script = tmp_path / "user_script.py"
    script.write_text(USER_SCRIPT)
    out, err, status = api.run([str(script), "--config-file", str(ROOT / "pyproject.toml"),
                                "--cache-dir", str(ROOT / ".mypy_cache")])
    assert status == 0, out + err
