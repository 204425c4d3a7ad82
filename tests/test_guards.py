"""Guards of a solve: solver options, the domain of the model, and the drive named in
every error that a too strong drive causes."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import nfdiff as nf
from nfdiff.errors import NfdiffWarning, StateError

YIG = nf.materials.get("YIG")


@pytest.fixture(scope="module")
def small():
    return nf.devices.nonlocal_strips(distance=2e-6, extent=8e-6)


@pytest.mark.parametrize("rtol", [float("nan"), float("inf"), 1e300, 0.0, -1e-8, 1.0,
                                  [1e-10], "1e-10"])
def test_rtol_must_be_a_number_in_0_1(small, rtol):
    with pytest.raises(nf.ParameterError) as info:
        small.solve(current=50e-6, rtol=rtol)
    assert info.value.name == "rtol"


@pytest.mark.parametrize("maxiter", [0, -3, 2.5, "10", True, None])
def test_maxiter_must_be_a_positive_integer(small, maxiter):
    with pytest.raises(nf.ParameterError) as info:
        small.solve(current=50e-6, maxiter=maxiter)
    assert info.value.name == "maxiter"


def test_numpy_integers_are_fine_for_maxiter(small):
    assert small.solve(current=10e-6, maxiter=np.int64(30)).newton.converged


def test_a_bath_at_or_above_the_curie_temperature_is_refused():
    tc = YIG.curie_temperature
    for T in (tc, tc + 1.0, 1e6):
        with pytest.raises(nf.ParameterError, match="Curie temperature") as info:
            nf.devices.nonlocal_strips(temperature=T).device()
        assert info.value.name == "temperature"
    with pytest.warns(NfdiffWarning, match="outside .*-300 K"):  # beyond YIG's data
        nf.devices.nonlocal_strips(temperature=tc - 1.0, thermal=False).device()  # ordered


def test_a_drive_that_overheats_names_the_drive_and_the_threshold(small):
    """50 A instead of 50 uA: Joule heating takes the magnet past its Curie temperature
    long before the drive is reached (the linear law: no gap to stop at first); the error
    says where, what and under which drive."""
    with pytest.raises(StateError) as info:
        small.replace(law="linear").solve(current=50.0)
    err = info.value
    assert err.field in ("T_m", "T_p") and err.region == "film"
    assert err.bounds == (0.0, YIG.curie_temperature)
    assert err.value >= YIG.curie_temperature
    assert "current={'A': 50.0}" in str(err) and "continuation" in str(err)


def test_states_outside_the_bounds_are_not_admissible(small):
    """The admissibility check of the system: a temperature below 0 K, or one at the
    Curie temperature of the magnet, makes the state inadmissible; equilibrium is fine."""
    problem = nf.problem.Problem(small.device())
    x = np.zeros(problem.size)
    assert problem.admissible(x) is None
    in_film = problem._region_dofs("film")  # T_p also lives in the GGG, which has no T_C
    hot = x.copy()
    hot[problem.gidx["T_p"][in_film[0]]] = (YIG.curie_temperature - 300.0) / problem.scale["T_p"]
    err = problem.admissible(hot)
    assert isinstance(err, StateError) and err.field == "T_p"
    T_e = problem.gidx["T_e"][problem.field_dofs["T_e"]]
    cold = x.copy()
    cold[T_e[3]] = -1.0  # T = 0 K in scaled units (T0 + dT with dT = -T0)
    err = problem.admissible(cold)
    assert isinstance(err, StateError) and err.field == "T_e" and err.value == 0.0


def test_the_linear_law_warns_past_the_gap_and_the_nonlinear_law_stops():
    """The linear law has no gap limit of its own: past the gap it warns (region, point,
    value); the nonlinear law raises CondensationError there."""
    low = YIG.replace(gap=YIG.gap / 20)
    dev = nf.devices.nonlocal_strips(distance=2e-6, extent=8e-6, thermal=False,
                                     law="linear", magnet=low)
    with pytest.warns(NfdiffWarning, match=r"x the magnon gap .* in film at") as record:
        sol = dev.solve(current=-100e-6)
    p = sol.problem
    ratio = p.gap_ratio(p.to_fields(sol.x)[0])[0]
    assert ratio > 1 and f"{ratio:.3g} x the magnon gap" in str(record[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dev.solve(current=-1e-6)  # below the gap: no warning
    with pytest.raises(nf.CondensationError, match=r"current=\{'A': -0.0001\}"):
        dev.replace(law="nonlinear").solve(current=-100e-6)


def test_a_voltage_along_a_direction_without_current_is_refused(small):
    sol = small.replace(thermal=False).solve(current=10e-6)
    with pytest.raises(nf.ParameterError, match=r"one of \('y',\)") as info:
        sol.voltage("B", direction="z")
    assert info.value.name == "direction"
    assert sol.voltage("B", direction="y") == sol.voltage("B")
