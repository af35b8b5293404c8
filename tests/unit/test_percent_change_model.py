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
