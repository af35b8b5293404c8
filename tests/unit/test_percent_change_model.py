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
    se = effect_size.difference_se_shared_cv(cv, effect.ratio, n)
    assert abs(effect.ratio - 1) / se == pytest.approx(abs(effect.d) * math.sqrt(n / 2), rel=1e-9)


def test_detectable_reduction_has_the_target_power():
    for n, cv in [(3, 0.3), (5, 0.5), (10, 0.8)]:
        reduction = power.min_detectable_reduction(n, cv)
        d = effect_size.effect_from_percent_change(-reduction, cv, n).d
        assert power.power_ttest_ind(abs(d), n) == pytest.approx(0.8, abs=1e-8)


def test_se_rejects_bad_input():
    with pytest.raises(ValueError, match="cv"):
        effect_size.difference_se_shared_cv(0, 0.7, 3)
    with pytest.raises(ValueError, match="ratio"):
        effect_size.difference_se_shared_cv(0.3, -1, 3)
    with pytest.raises(ValueError, match="n_per_group"):
        effect_size.difference_se_shared_cv(0.3, 0.7, 1)
    with pytest.raises(TypeError, match="cv"):
        effect_size.difference_se_shared_cv("0.3", 0.7, 3)
