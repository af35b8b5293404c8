"""Tests for exneuro.guidance: heart-rate bands and weekly doses from exercise guidance.

Reference values: the two maximal heart-rate equations evaluated by hand
(220 - 60 = 160; 208 - 0.7 * 60 = 166), their crossing point (220 - a = 208 - 0.7 a at
a = 40), and the ACSM handout arithmetic (3 sessions of up to 30 minutes = up to 90
minutes a week; one or two sessions a day = 7 to 14 a week).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exneuro import guidance

ages = st.floats(min_value=18, max_value=100, allow_nan=False)
percents = st.floats(min_value=1, max_value=100, allow_nan=False)


# --- reference values -----------------------------------------------------------------------

def test_customary_rule_reference_values():
    assert guidance.age_predicted_max_heart_rate(60) == pytest.approx(160.0)
    assert guidance.age_predicted_max_heart_rate(20, "220-age") == pytest.approx(200.0)


def test_tanaka_equation_reference_values():
    assert guidance.age_predicted_max_heart_rate(60, "tanaka") == pytest.approx(166.0)
    assert guidance.age_predicted_max_heart_rate(20, "tanaka") == pytest.approx(194.0)


def test_equations_cross_at_forty():
    assert guidance.age_predicted_max_heart_rate(40) == pytest.approx(
        guidance.age_predicted_max_heart_rate(40, "tanaka"))


def test_heart_rate_band_of_the_reader_comment_at_sixty():
    band = guidance.heart_rate_range(60, 50, 80)
    assert (band.max_bpm, band.low_bpm, band.high_bpm) == pytest.approx((160.0, 80.0, 128.0))
    assert band.to_dict()["formula"] == "220-age"


def test_acsm_handout_aerobic_dose():
    dose = guidance.weekly_dose(3, (0, 30))
    assert (dose.weekly_minutes_low, dose.weekly_minutes_high) == (0.0, 90.0)
    assert dose.to_dict()["activity"] == "aerobic"


def test_daily_flexibility_in_sessions_per_week():
    assert guidance.per_day_to_per_week((1, 2)) == (7.0, 14.0)
    assert guidance.per_day_to_per_week(1) == (7.0, 7.0)


def test_non_aerobic_days_and_repetitions():
    assert guidance.non_aerobic_days(3) == 4.0
    assert guidance.weekly_repetitions(1, (8, 12), 4) == (32.0, 48.0)
    assert guidance.weekly_repetitions((1, 2), (8, 12), 4) == (32.0, 96.0)


def test_dose_table_rows_and_columns():
    table = guidance.dose_table({"a": guidance.weekly_dose(3, 30),
                                 "b": guidance.weekly_dose((3, 5), (10, 30), "strength")})
    assert isinstance(table, pd.DataFrame)
    assert list(table.index) == ["a", "b"]
    assert table.loc["b", "weekly_minutes_high"] == 150.0
    assert table.loc["b", "activity"] == "strength"


# --- properties -------------------------------------------------------------------------------

@settings(max_examples=100, deadline=None)
@given(age=ages, older=st.floats(min_value=0.1, max_value=10, allow_nan=False))
def test_maximum_falls_with_age(age, older):
    if age + older > 100:
        return
    for formula in guidance.HR_MAX_FORMULAS:
        assert (guidance.age_predicted_max_heart_rate(age + older, formula)
                < guidance.age_predicted_max_heart_rate(age, formula))


@settings(max_examples=100, deadline=None)
@given(age=ages, a=percents, b=percents)
def test_band_is_ordered_and_inside_the_maximum(age, a, b):
    low, high = sorted((a, b))
    band = guidance.heart_rate_range(age, low, high, "tanaka")
    assert 0 < band.low_bpm <= band.high_bpm <= band.max_bpm
    assert band.high_bpm == pytest.approx(band.max_bpm * high / 100)


@settings(max_examples=100, deadline=None)
@given(sessions=st.floats(min_value=0.5, max_value=28, allow_nan=False),
       minutes=st.floats(min_value=0, max_value=600, allow_nan=False))
def test_weekly_minutes_are_sessions_times_minutes(sessions, minutes):
    dose = guidance.weekly_dose(sessions, minutes)
    assert dose.weekly_minutes_low == dose.weekly_minutes_high
    assert math.isclose(dose.weekly_minutes_high, sessions * minutes)


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("age", [17, 101, -5, math.nan, math.inf])
def test_age_outside_the_adult_range_is_named(age):
    with pytest.raises(ValueError, match=r"age must be (finite and )?in \[18, 100\], got"):
        guidance.age_predicted_max_heart_rate(age)


@pytest.mark.parametrize("age", ["60", None, True, [60]])
def test_non_numeric_age_is_named(age):
    with pytest.raises(TypeError, match="age must be a (real number|scalar)"):
        guidance.age_predicted_max_heart_rate(age)


def test_unknown_formula_is_named():
    with pytest.raises(ValueError, match="formula must be one of"):
        guidance.age_predicted_max_heart_rate(60, "fox")
    with pytest.raises(TypeError, match="formula must be a str"):
        guidance.age_predicted_max_heart_rate(60, 220)


def test_bad_percent_band():
    with pytest.raises(ValueError, match="low_pct must be <= high_pct"):
        guidance.heart_rate_range(60, 80, 50)
    with pytest.raises(ValueError, match=r"high_pct must be in \(0, 100\], got 120"):
        guidance.heart_rate_range(60, 50, 120)
    with pytest.raises(ValueError, match=r"low_pct must be in \(0, 100\], got 0"):
        guidance.heart_rate_range(60, 0, 50)


def test_bad_doses_are_named():
    with pytest.raises(ValueError, match="sessions_per_week"):
        guidance.weekly_dose(0, 30)
    with pytest.raises(ValueError, match="minutes_per_session"):
        guidance.weekly_dose(3, 900)
    with pytest.raises(ValueError, match="a number or a \\(low, high\\) pair"):
        guidance.weekly_dose((1, 2, 3), 30)
    with pytest.raises(TypeError, match="activity must be a str"):
        guidance.weekly_dose(3, 30, activity=1)
    with pytest.raises(TypeError, match="minutes_per_session must be a real number"):
        guidance.weekly_dose(3, "30")


def test_bad_repetitions_and_days_are_named():
    with pytest.raises(ValueError, match="sets"):
        guidance.weekly_repetitions(0, 10, 3)
    with pytest.raises(ValueError, match="repetitions"):
        guidance.weekly_repetitions(1, 500, 3)
    with pytest.raises(ValueError, match="aerobic_days_per_week"):
        guidance.non_aerobic_days(8)
    with pytest.raises(ValueError, match="times_per_day"):
        guidance.per_day_to_per_week(5)


def test_bad_dose_table_input():
    with pytest.raises(TypeError, match="doses must be a dict"):
        guidance.dose_table([guidance.weekly_dose(3, 30)])
    with pytest.raises(ValueError, match="must not be empty"):
        guidance.dose_table({})
    with pytest.raises(TypeError, match=r"doses\['x'\] must be a WeeklyDose"):
        guidance.dose_table({"x": 3})


def test_range_text_writes_numbers_and_ranges_as_the_tables_do():
    assert guidance.range_text((8, 12)) == "8-12"
    assert guidance.range_text((50.0, 80.0), "% of age-predicted peak heart rate") == (
        "50-80 % of age-predicted peak heart rate")
    assert guidance.range_text((1, 1), "per day") == "1 per day"
    assert guidance.range_text(2.5) == "2.5"
    assert guidance.range_text(guidance.weekly_repetitions((1, 2), (8, 12), 4)) == "32-96"
    with pytest.raises(ValueError, match="values must have low <= high"):
        guidance.range_text((12, 8))
    with pytest.raises(TypeError, match="unit must be a str"):
        guidance.range_text(3, unit=1)
