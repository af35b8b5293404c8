"""The shared-CV model behind percent-change claims: SE, d and detectable reduction agree."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exneuro import effect_size, power


@settings(max_examples=60, deadline=None)
@given(
    percent=st.floats(min_value=-95, max_value=300),
    cv=st.floats(min_value=0.05, max_value=1.5),
    n=st.integers(min_value=2, max_value=200),
)
def test_se_and_d_give_the_same_noncentrality(percent, cv, n):
    # With equal n the pooled SD is SE * sqrt(n / 2), so |diff| / SE = |d| * sqrt(n / 2).
    effect = effect_size.effect_from_percent_change(percent, cv, n)
    se = effect_size.contrast_se_shared_cv(cv, [1, effect.ratio], n)
    assert abs(effect.ratio - 1) / se == pytest.approx(abs(effect.d) * math.sqrt(n / 2), rel=1e-9)
    # d needs no sample size: the same d at every n, and the one inside the full result
    assert effect_size.d_from_percent_change(percent, cv) == effect.d


def test_detectable_reduction_has_the_target_power():
    for n, cv in [(3, 0.3), (5, 0.5), (10, 0.8)]:
        reduction = power.min_detectable_reduction(n, cv)
        d = effect_size.effect_from_percent_change(-reduction, cv, n).d
        assert power.power_ttest_ind(abs(d), n) == pytest.approx(0.8, abs=1e-8)


def test_contrast_se_of_two_groups_is_the_difference_se():
    # Two groups: sqrt((cv^2 + (ratio cv)^2) / n), e.g. CV 0.3, a 30 % drop, 3 per group.
    assert effect_size.contrast_se_shared_cv(0.3, [1, 0.7], 3) == math.sqrt((0.09 + 0.21**2) / 3)
    # The order and the sign of the contrast do not matter; a 2 x 2 interaction adds the
    # variances of all four means.
    assert (effect_size.contrast_se_shared_cv(0.3, [0.7, 1], 3)
            == effect_size.contrast_se_shared_cv(0.3, [1, 0.7], 3))
    four = effect_size.contrast_se_shared_cv(0.3, [1, 1.15, 1, 1.0], 5)
    assert four == pytest.approx(0.3 * math.sqrt((1 + 1.15**2 + 1 + 1) / 5), rel=1e-15)


@settings(max_examples=60, deadline=None)
@given(cv=st.floats(min_value=0.05, max_value=1.5), ratio=st.floats(min_value=0.05, max_value=5),
       n=st.integers(min_value=2, max_value=200))
def test_contrast_se_matches_a_simulation_free_identity(cv, ratio, n):
    # A contrast of the same two groups twice over (four groups) has twice the variance.
    two = effect_size.contrast_se_shared_cv(cv, [1, ratio], n)
    assert effect_size.contrast_se_shared_cv(cv, [1, ratio, 1, ratio], n) == pytest.approx(
        math.sqrt(2) * two, rel=1e-12)


def test_d_from_percent_change_matches_the_textbook_formula_and_vectorises():
    # -70 % with CV 0.3: ratio 0.3, pooled SD 0.3 * sqrt((1 + 0.09) / 2).
    assert effect_size.d_from_percent_change(-70, 0.3) == pytest.approx(
        -0.7 / (0.3 * math.sqrt(1.09 / 2)), rel=1e-15)
    grid = effect_size.d_from_percent_change([[-50], [100]], [0.2, 0.5])
    assert grid.shape == (2, 2)
    assert grid[0, 1] == effect_size.d_from_percent_change(-50, 0.5)
    # doubling and halving are mirror images under a shared CV
    assert grid[1, 0] == pytest.approx(-grid[0, 0], rel=1e-14)


def test_se_rejects_bad_input():
    with pytest.raises(ValueError, match="cv"):
        effect_size.contrast_se_shared_cv(0, [1, 0.7], 3)
    with pytest.raises(ValueError, match="means must all be > 0"):
        effect_size.contrast_se_shared_cv(0.3, [1, -1], 3)
    with pytest.raises(ValueError, match="means must have at least 2"):
        effect_size.contrast_se_shared_cv(0.3, [1], 3)
    with pytest.raises(ValueError, match="n_per_group"):
        effect_size.contrast_se_shared_cv(0.3, [1, 0.7], 1)
    with pytest.raises(TypeError, match="cv"):
        effect_size.contrast_se_shared_cv("0.3", [1, 0.7], 3)


# --- the log scale, and the CV at which an observed change stops being distinguishable ---

def test_log_scale_d_is_the_log_ratio_over_the_log_normal_sd():
    # A log-normal value with coefficient of variation cv has log-SD sqrt(ln(1 + cv^2)).
    assert effect_size.d_from_percent_change(-70, 0.3, scale="log") == pytest.approx(
        math.log(0.3) / math.sqrt(math.log(1.09)), rel=1e-15)
    # on the log scale halving and doubling are mirror images whatever the CV
    assert effect_size.d_from_percent_change([-50, 100], 0.7, scale="log").tolist() == pytest.approx(
        [-math.log(2) / math.sqrt(math.log(1.49)), math.log(2) / math.sqrt(math.log(1.49))])
    with pytest.raises(ValueError, match="^scale"):
        effect_size.d_from_percent_change(-70, 0.3, scale="sqrt")


def _closed_form_threshold(percent, n, level=0.95, scale="raw"):
    """The CV at which a pooled t test of the observed change has p = 1 - level (scipy only)."""
    from scipy import stats

    ratio = 1 + percent / 100
    critical = stats.t.ppf(1 - (1 - level) / 2, 2 * n - 2)
    if scale == "log":
        return math.sqrt(math.expm1((abs(math.log(ratio)) / (critical * math.sqrt(2 / n))) ** 2))
    return abs(ratio - 1) / (math.sqrt((1 + ratio**2) / 2) * critical * math.sqrt(2 / n))


@pytest.mark.parametrize("scale", ["raw", "log"])
@pytest.mark.parametrize(("percent", "n", "level"), [
    (-70, 3, 0.95), (-70, 5, 0.95), (-30, 8, 0.95), (40, 4, 0.9), (-99, 2, 0.99), (250, 20, 0.95)])
def test_threshold_cv_is_where_the_t_test_stops_being_significant(percent, n, level, scale):
    found = effect_size.largest_cv_excluding_zero(percent, n, level=level, scale=scale)
    assert found == pytest.approx(_closed_form_threshold(percent, n, level, scale), rel=1e-9)


def test_threshold_cv_is_where_the_d_interval_reaches_zero():
    # The chapter's example: an observed 70 % drop, 3 per group. The v0.1.0 text said 0.5.
    found = effect_size.largest_cv_excluding_zero(-70, 3)
    assert round(found, 2) == 0.42
    below = effect_size.effect_from_percent_change(-70, found * (1 - 1e-6), 3)
    above = effect_size.effect_from_percent_change(-70, found * (1 + 1e-6), 3)
    assert below.d_high < 0 < above.d_high
    # a grid search of 0.01 steps (the chapter's exercise) first reaches zero at 0.42
    grid = effect_size.effect_grid_from_percent_change(-70, [0.40, 0.41, 0.42, 0.43], [3])
    assert grid.loc[grid["d_high"] >= 0, "cv"].min() == pytest.approx(0.42)
    # an increase is mirrored: the lower limit reaches zero
    up = effect_size.largest_cv_excluding_zero(50, 6)
    assert effect_size.effect_from_percent_change(50, up * 1.001, 6).d_low < 0


def test_threshold_cv_rejects_bad_input():
    with pytest.raises(ValueError, match="^percent must be non-zero"):
        effect_size.largest_cv_excluding_zero(0, 3)
    with pytest.raises(ValueError, match="^percent"):
        effect_size.largest_cv_excluding_zero(-100, 3)
    with pytest.raises(ValueError, match="^n_per_group"):
        effect_size.largest_cv_excluding_zero(-70, 1)
    with pytest.raises(ValueError, match="^scale"):
        effect_size.largest_cv_excluding_zero(-70, 3, scale="linear")


def test_detectable_reduction_on_the_log_scale_has_the_target_power():
    for n, cv in [(3, 0.3), (5, 0.5), (10, 0.8), (3, 0.8)]:
        reduction = power.min_detectable_reduction(n, cv, scale="log")
        assert 0 < reduction < 100  # always reachable on the log scale
        d = effect_size.d_from_percent_change(-reduction, cv, scale="log")
        assert power.power_ttest_ind(abs(d), n) == pytest.approx(0.8, abs=1e-8)
    # where the raw scale finds no detectable reduction at all, the log scale still does
    assert math.isnan(power.min_detectable_reduction(3, 0.8))
    with pytest.raises(ValueError, match="^scale"):
        power.min_detectable_reduction(3, 0.3, scale="ratio")
