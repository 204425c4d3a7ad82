"""Tests of nfdiff._validate: clear errors naming the parameter, value and range."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nfdiff import _validate as v
from nfdiff.errors import ParameterError

NON_REALS = ["1.0", b"1", True, np.bool_(False), 1 + 2j, np.array([1 + 1j]), None,
             [1.0, [2.0, 3.0]], {"a": 1}, object()]


def _id(value) -> str:
    """A parametrize id that is the same in every process (no memory addresses)."""
    return "object()" if type(value) is object else repr(value)


def test_message_names_field_value_and_range():
    with pytest.raises(ParameterError) as info:
        v.positive("conductivity", -1.0, "S/m")
    assert str(info.value) == "conductivity = -1.0 S/m is invalid: must be finite and > 0"
    assert info.value.name == "conductivity"
    assert info.value.value == -1.0
    assert isinstance(info.value, ValueError)


def test_message_without_unit():
    with pytest.raises(ParameterError) as info:
        v.in_range("spin_hall_angle", 1.5, -1.0, 1.0)
    assert str(info.value) == "spin_hall_angle = 1.5 is invalid: must be finite and in [-1, 1]"


@pytest.mark.parametrize("check", [v.finite, v.positive, v.nonnegative,
                                   lambda n, x: v.in_range(n, x, -10, 10)])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_nan_and_inf_never_pass(check, bad):
    with pytest.raises(ParameterError, match=r"^x = (nan|inf|-inf) is invalid"):
        check("x", bad)


def test_numpy_scalars_are_shown_as_plain_floats():
    with pytest.raises(ParameterError) as info:
        v.positive("x", np.float64(-2.0))
    assert str(info.value).startswith("x = -2.0 is invalid")


@pytest.mark.parametrize("bad", NON_REALS, ids=_id)
@pytest.mark.parametrize("check", [v.as_real, v.finite, v.positive, v.nonnegative])
def test_non_reals_rejected(check, bad):
    with pytest.raises(ParameterError, match="must be a real number"):
        check("x", bad)


def test_return_types():
    assert type(v.positive("x", 2)) is float
    assert type(v.positive("x", np.float32(2.0))) is float
    assert type(v.positive("x", np.array(2.0))) is float
    src = np.array([1.0, 2.0])
    out = v.positive("x", src)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    out[0] = 5.0
    assert src[0] == 1.0  # a copy, not a view of the caller's array
    assert v.finite("x", [[1, 2], [3, 4]]).shape == (2, 2)
    from fractions import Fraction
    assert v.positive("x", [Fraction(1, 2), 3]).tolist() == [0.5, 3.0]


def test_array_message_shows_first_offending_entry_and_index():
    temps = np.full(10, 300.0)
    temps[3] = np.nan
    temps[7] = -1.0
    with pytest.raises(ParameterError) as info:
        v.positive("temperature", temps, "K")
    msg = str(info.value)
    assert msg.startswith("temperature[3] = nan K is invalid: must be finite and > 0")
    assert "first of 2 invalid entries of an array of shape (10,)" in msg
    assert info.value.name == "temperature"
    assert info.value.index == (3,)
    assert math.isnan(info.value.value)


def test_array_message_multi_index():
    x = np.ones((2, 3))
    x[1, 2] = 0.0
    with pytest.raises(ParameterError, match=r"^x\[1, 2\] = 0.0 is invalid: must be finite "
                                             r"and > 0 \(first of 1 invalid entry"):
        v.positive("x", x)


def test_nonnegative_and_finite():
    assert v.nonnegative("gap", 0.0, "J") == 0.0
    with pytest.raises(ParameterError, match="gap = -1e-30 J is invalid: must be finite and >= 0"):
        v.nonnegative("gap", -1e-30, "J")
    assert v.finite("g_i", -3.0) == -3.0
    with pytest.raises(ParameterError, match="must be finite"):
        v.finite("g_i", [0.0, np.inf])


def test_in_range_bounds():
    assert v.in_range("a", 1.0, -1.0, 1.0) == 1.0
    assert v.in_range("a", -1.0, -1.0, 1.0) == -1.0
    with pytest.raises(ParameterError, match=r"must be finite and in \(0, 1\]"):
        v.in_range("a", 0.0, 0.0, 1.0, inclusive=(False, True))
    with pytest.raises(ParameterError, match=r"must be finite and in \(0, 1\)"):
        v.in_range("a", 1.0, 0.0, 1.0, inclusive=False)
    assert v.in_range("a", [0.5, 0.25], 0.0, 1.0, inclusive=False).tolist() == [0.5, 0.25]
    with pytest.raises(ValueError, match="lower bound"):
        v.in_range("a", 0.5, 2.0, 1.0)


def test_require():
    v.require("T", [1.0, 2.0], [True, True], "must be ok", "K")
    with pytest.raises(ParameterError, match=r"^T\[1\] = 2.0 K is invalid: must be below 1.5 K"):
        v.require("T", np.array([1.0, 2.0]), np.array([1.0, 2.0]) < 1.5, "must be below 1.5 K",
                  "K")
    with pytest.raises(ParameterError, match=r"^T = 3\.0 is invalid: nope$"):
        v.require("T", 3.0, False, "nope")


def test_unit_vector():
    np.testing.assert_allclose(v.unit_vector("n", (0, 0, 2)), [0, 0, 1])
    np.testing.assert_allclose(v.unit_vector("n", [3, 4, 0]), [0.6, 0.8, 0], rtol=1e-15)
    stack = v.unit_vector("n", [[1, 1, 0], [0, -5, 0]])
    np.testing.assert_allclose(stack, [[2**-0.5, 2**-0.5, 0], [0, -1, 0]], rtol=1e-15)
    # no under- or overflow in the norm
    np.testing.assert_allclose(v.unit_vector("n", [1e-300, 0, 1e-300]),
                               [2**-0.5, 0, 2**-0.5], rtol=1e-15)
    np.testing.assert_allclose(v.unit_vector("n", [1e300, 1e300, 0]),
                               [2**-0.5, 2**-0.5, 0], rtol=1e-15)


@pytest.mark.parametrize("bad", [(0, 0, 0), (np.nan, 0, 1), (np.inf, 0, 0)])
def test_unit_vector_rejects_zero_and_non_finite(bad):
    with pytest.raises(ParameterError, match=r"^n = \[.*\] is invalid: must be a nonzero "
                                             r"3-vector with finite components$") as info:
        v.unit_vector("n", bad)
    assert info.value.name == "n"


def test_unit_vector_stack_error_names_index():
    with pytest.raises(ParameterError, match=r"^n\[2\] = \[0.0, 0.0, 0.0\] is invalid") as info:
        v.unit_vector("n", [[1, 0, 0], [0, 1, 0], [0, 0, 0]])
    assert info.value.name == "n" and info.value.index == (2,)


@pytest.mark.parametrize("bad", [(1, 0), 1.0, [[1, 2, 3, 4]]])
def test_unit_vector_rejects_wrong_shape(bad):
    with pytest.raises(ParameterError, match="must be a 3-vector"):
        v.unit_vector("n", bad)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_positive_accepts_exactly_the_positive_finite_floats(x):
    ok = math.isfinite(x) and x > 0
    try:
        out = v.positive("x", x)
    except ParameterError as err:
        assert not ok
        assert err.name == "x"
    else:
        assert ok and out == x


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=30))
def test_nonnegative_arrays(values):
    arr = np.array(values)
    bad = ~(np.isfinite(arr) & (arr >= 0))
    if bad.any():
        first = int(np.argmax(bad))
        with pytest.raises(ParameterError) as info:
            v.nonnegative("x", arr)
        assert info.value.index == (first,)
    else:
        np.testing.assert_array_equal(v.nonnegative("x", arr), arr)


@given(st.lists(st.floats(min_value=-1e100, max_value=1e100), min_size=3, max_size=3)
       .filter(lambda c: max(abs(x) for x in c) > 1e-100))
def test_unit_vector_has_unit_norm_and_same_direction(components):
    n = v.unit_vector("n", components)
    assert np.linalg.norm(n) == pytest.approx(1.0, rel=1e-14, abs=0)
    c = np.array(components) / max(abs(x) for x in components)
    assert np.dot(n, c) == pytest.approx(np.linalg.norm(c), rel=1e-13, abs=0)
