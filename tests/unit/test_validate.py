"""Tests for the shared input checks in exneuro._validate."""

from __future__ import annotations

import numpy as np
import pytest

from exneuro._validate import (
    as_alternative,
    as_int,
    as_level,
    as_probability,
    as_real,
    as_real_sequence,
    as_rng,
    broadcast,
    broadcast_shape,
    is_scalar,
    to_output,
)


class TestAsReal:
    def test_scalar_in_python_float_out(self):
        value = as_real(np.int64(3), "x")
        assert value == 3.0 and type(value) is float

    def test_array_in_float_array_out(self):
        value = as_real([1, 2, 3], "x")
        assert isinstance(value, np.ndarray) and value.dtype == np.float64
        assert value.tolist() == [1.0, 2.0, 3.0]

    def test_zero_dimensional_array_is_a_scalar(self):
        assert type(as_real(np.array(2.5), "x")) is float

    @pytest.mark.parametrize("bad", [True, np.bool_(False), "0.05", b"1", None, 1 + 2j])
    def test_non_numbers_are_type_errors(self, bad):
        with pytest.raises(TypeError, match="alpha"):
            as_real(bad, "alpha")

    @pytest.mark.parametrize("bad", [[True, False], ["a", "b"], [1, "a"], np.array([1j])])
    def test_non_numeric_arrays_are_type_errors(self, bad):
        with pytest.raises(TypeError, match="x"):
            as_real(bad, "x")

    def test_unconvertible_object_is_type_error(self):
        with pytest.raises(TypeError, match="x"):
            as_real([[1, 2], [3]], "x")

    def test_empty_array_rejected(self):
        with pytest.raises(ValueError, match="x must not be empty"):
            as_real([], "x")

    @pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
    def test_non_finite_rejected(self, bad):
        with pytest.raises(ValueError, match="sd must be finite"):
            as_real(bad, "sd", lower=0)

    def test_nan_in_array_reports_index(self):
        with pytest.raises(ValueError, match=r"x must be finite, got nan at index \(1,\)"):
            as_real([1.0, np.nan], "x")

    def test_open_interval_message(self):
        with pytest.raises(ValueError) as info:
            as_real(1.5, "alpha", lower=0.0, upper=1.0)
        assert str(info.value) == "alpha must be in (0, 1), got 1.5"

    def test_closed_interval_accepts_bounds(self):
        assert as_real(0, "p", lower=0, upper=1, lower_inclusive=True, upper_inclusive=True) == 0
        assert as_real(1, "p", lower=0, upper=1, lower_inclusive=True, upper_inclusive=True) == 1

    def test_closed_interval_message(self):
        with pytest.raises(ValueError, match=r"p must be in \[0, 1\], got 2"):
            as_real(2, "p", lower=0, upper=1, lower_inclusive=True, upper_inclusive=True)

    def test_lower_bound_only(self):
        with pytest.raises(ValueError, match="sd must be > 0, got 0"):
            as_real(0, "sd", lower=0)

    def test_upper_bound_only(self):
        with pytest.raises(ValueError, match="x must be < 1, got 1"):
            as_real(1, "x", upper=1)
        with pytest.raises(ValueError, match="x must be <= 1, got 2"):
            as_real(2, "x", upper=1, upper_inclusive=True)

    def test_integer_rule_message(self):
        with pytest.raises(ValueError) as info:
            as_real(1, "n1", lower=2, lower_inclusive=True, integer=True)
        assert str(info.value) == "n1 must be an integer >= 2, got 1"
        with pytest.raises(ValueError, match="n1 must be an integer >= 2, got 10.5"):
            as_real(10.5, "n1", lower=2, lower_inclusive=True, integer=True)

    def test_integer_without_bounds(self):
        with pytest.raises(ValueError, match="k must be an integer, got 0.5"):
            as_real(0.5, "k", integer=True)

    def test_reason_is_included(self):
        with pytest.raises(ValueError, match=r"x must be > 0 \(because\), got -1"):
            as_real(-1, "x", lower=0, reason="because")

    def test_array_element_out_of_range_reports_index(self):
        with pytest.raises(ValueError, match=r"n must be > 0, got -2.0 at index \(1, 0\)"):
            as_real([[1], [-2]], "n", lower=0)

    def test_scalar_required(self):
        with pytest.raises(TypeError, match="level must be a scalar"):
            as_real([0.9, 0.95], "level", allow_array=False)


class TestAsInt:
    def test_accepts_integral_values(self):
        assert as_int(12, "n", minimum=2) == 12
        assert as_int(12.0, "n", minimum=2) == 12
        assert type(as_int(np.int32(5), "n", minimum=2)) is int

    def test_rejects_small_and_fractional(self):
        with pytest.raises(ValueError, match="n must be an integer >= 2, got 1"):
            as_int(1, "n", minimum=2)
        with pytest.raises(ValueError, match="n must be an integer >= 2, got 2.5"):
            as_int(2.5, "n", minimum=2)

    def test_rejects_bool_and_arrays(self):
        with pytest.raises(TypeError, match="n"):
            as_int(True, "n", minimum=0)
        with pytest.raises(TypeError, match="n"):
            as_int([3, 4], "n", minimum=0)


def test_as_probability_open_interval():
    assert as_probability(0.8, "power") == 0.8
    for bad in (0, 1, -0.1, 1.5):
        with pytest.raises(ValueError, match="power must be in"):
            as_probability(bad, "power")


def test_as_level():
    assert as_level(0.9) == 0.9
    with pytest.raises(ValueError, match="level"):
        as_level(95)
    with pytest.raises(TypeError, match="level"):
        as_level([0.9])


def test_as_alternative():
    for option in ("two-sided", "larger", "smaller"):
        assert as_alternative(option) == option
    with pytest.raises(ValueError, match="alternative must be one of"):
        as_alternative("greater")
    with pytest.raises(TypeError, match="alternative"):
        as_alternative(2)


def test_as_rng():
    generator = np.random.default_rng(0)
    assert as_rng(generator) is generator
    for bad in (None, 42, np.random.RandomState(0), np.random.default_rng):
        with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
            as_rng(bad)


def test_broadcast_names_both_arguments():
    with pytest.raises(ValueError, match=r"effect_size and n1 must have broadcastable shapes"):
        broadcast(effect_size=np.zeros(3), n1=np.ones(4))
    with pytest.raises(ValueError, match=r"n1 and alpha .* \(4,\) and \(2,\)"):
        broadcast_shape(effect_size=1.0, n1=np.ones(4), alpha=np.ones(2))


def test_broadcast_returns_common_shape():
    first, second = broadcast(a=np.zeros((3, 1)), b=np.zeros(2))
    assert first.shape == second.shape == (3, 2)
    assert broadcast_shape(a=np.zeros((3, 1)), b=np.zeros(2), c=1.0) == (3, 2)


def test_is_scalar_and_to_output():
    assert is_scalar(1, 2.0, np.float64(3), np.array(4.0))
    assert not is_scalar(1, [1])
    assert type(to_output(np.array([0.5]), True)) is float
    out = to_output([1, 2], False)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64


def test_as_real_sequence():
    assert as_real_sequence([1, 2], "means", min_length=2).tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="means must have at least 2 elements, got 1"):
        as_real_sequence([1], "means", min_length=2)
    with pytest.raises(ValueError, match="means must be a one-dimensional sequence"):
        as_real_sequence([[1, 2], [3, 4]], "means")
    with pytest.raises(ValueError, match="means must be a one-dimensional sequence"):
        as_real_sequence(3.0, "means")
