"""Mouse-to-human conversions reproduce the published constants they are built from."""

import math

import pytest

from exneuro import translate


def test_whole_life_rate_is_nine_mouse_days_per_human_year():
    # Dutta & Sengupta (2016): "one human year is equivalent to nine mice days".
    table = translate.mouse_days_in_human_time(9).set_index("conversion")
    assert table.loc["whole-life average", "human_years"] == pytest.approx(1.0)


def test_young_adult_rate_is_45_fold():
    # Flurkey et al. (2007): maturation 45 times faster over months 2-6.
    table = translate.mouse_days_in_human_time(10).set_index("conversion")
    assert table.loc["young adult (months 2-6)", "human_days"] == pytest.approx(450.0)


def test_durations_scale_linearly():
    one = translate.mouse_days_in_human_time(14)["human_days"].to_numpy()
    two = translate.mouse_days_in_human_time(28)["human_days"].to_numpy()
    assert two == pytest.approx(2 * one)


def test_mature_adult_anchor_points():
    # Flurkey et al. (2007): mature adult mice, 3-6 months, ~ humans aged 20-30 years.
    assert translate.mouse_adult_age_to_human_years(3) == pytest.approx(20.0)
    assert translate.mouse_adult_age_to_human_years(6) == pytest.approx(30.0)
    assert 20 < translate.mouse_adult_age_to_human_years(4.5) < 30


def test_age_outside_the_verified_phase_is_refused():
    with pytest.raises(ValueError, match=r"months must be within \[3, 6\]"):
        translate.mouse_adult_age_to_human_years(24)


def test_human_equivalent_dose_uses_km_ratio():
    # Reagan-Shaw et al. (2008), Table 1: mouse Km 3, human Km 37 -> factor 3/37 ~ 0.081.
    assert translate.human_equivalent_dose(37.0) == pytest.approx(3.0)
    assert translate.human_equivalent_dose(10.0, km_animal=6, km_human=37) == pytest.approx(60 / 37)


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf])
def test_bad_numbers_are_named(bad):
    with pytest.raises(ValueError, match="days must be (finite and )?> 0, got"):
        translate.mouse_days_in_human_time(bad)
    with pytest.raises(ValueError, match="animal_dose_mg_per_kg"):
        translate.human_equivalent_dose(bad)


@pytest.mark.parametrize("bad", ["28", None, True])
def test_bad_types_are_named(bad):
    with pytest.raises(TypeError, match="days must be a real number"):
        translate.mouse_days_in_human_time(bad)


def test_bad_km_is_named():
    with pytest.raises(ValueError, match="km_human"):
        translate.human_equivalent_dose(1.0, km_human=0)
    with pytest.raises(ValueError, match="too large"):
        translate.human_equivalent_dose(1e308, km_animal=1e10, km_human=1)
