"""Seeded simulation power for counts and proportions.

Where no closed form fits the data (overdispersed cell counts, neurons
nested in animals), power is estimated by simulating the experiment many
times and counting significant results. Every function requires an explicit
:class:`numpy.random.Generator`, so a chapter's numbers are reproduced
exactly by re-running it with the same seed. Replicates are simulated as
arrays of shape ``(n_sims, n_per_group)`` and tested in one vectorised pass.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from exneuro._validate import as_choice, as_int, as_probability, as_real, as_rng
from exneuro.design import _ratio_design_inputs

__all__ = [
    "CountPowerResult",
    "RatioDesignSimulation",
    "SimulationPowerResult",
    "nb_dispersion_from_cv",
    "simulate_clustered_proportion_power",
    "simulate_count_power",
    "simulate_proportion_power",
    "simulate_ratio_design",
    "welch_test_rows",
]

_MIN_SIMS = 100

#: The tests :func:`simulate_count_power` can apply, and how its result names them.
_COUNT_TESTS = {"welch": "Welch t test on log(count + 1)",
                "student": "Student t test on log(count + 1)"}


def _n_sims(n_sims: int) -> int:
    return as_int(n_sims, "n_sims", minimum=_MIN_SIMS)


def _mc_se(power: float, n_sims: int) -> float:
    return math.sqrt(power * (1.0 - power) / n_sims)


def _rows(value: ArrayLike, name: str) -> np.ndarray:
    """A 2-D float array of replicates (rows) by observations (columns)."""
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a 2-D array of numbers, got {type(value).__name__}")
    array = np.asarray(value)
    if array.dtype == np.bool_ or not (np.issubdtype(array.dtype, np.integer)
                                       or np.issubdtype(array.dtype, np.floating)):
        raise TypeError(f"{name} must be a 2-D array of numbers, got dtype {array.dtype}")
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (rows are replicates), got shape "
                         f"{array.shape}")
    if array.shape[1] < 2:
        raise ValueError(f"{name} needs at least 2 columns (observations), got shape "
                         f"{array.shape}")
    return array.astype(float)


def welch_test_rows(first: ArrayLike, second: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Welch's unequal-variance t test applied to every row of two arrays.

    Parameters
    ----------
    first, second : array_like
        Arrays of shape ``(n_rows, n_first)`` and ``(n_rows, n_second)``,
        each row one replicate; at least 2 columns each.

    Returns
    -------
    p_values : numpy.ndarray
        Two-sided p-values, one per row; NaN for a row that contains a NaN or
        an infinite value.
    difference : numpy.ndarray
        Row means of ``first`` minus row means of ``second``; NaN where the
        p-value is NaN.

    Raises
    ------
    TypeError
        If an argument is not an array of numbers.
    ValueError
        If the arrays are not 2-D, have fewer than 2 columns, or their row
        counts differ.

    Notes
    -----
    Identical to ``scipy.stats.ttest_ind(first, second, axis=1,
    equal_var=False)`` for ordinary rows. It is computed directly because
    small count samples often contain a group of identical values, for
    which scipy warns and, if both groups are constant, returns NaN. Here a
    row with one constant group is an ordinary Welch test (its df reduce to
    those of the other group), and a row with both groups constant has
    p = 0 if the groups differ (complete separation) and p = 1 if not. A
    row with a missing (NaN) or infinite value has no test: its p-value is
    NaN, never a spurious 0, so a missing value cannot look significant
    (``p < alpha`` is False for NaN).

    References
    ----------
    .. [1] Welch, B. L. (1947). The generalization of "Student's" problem when
       several different population variances are involved. Biometrika,
       34(1-2), 28-35. https://doi.org/10.1093/biomet/34.1-2.28

    Examples
    --------
    >>> p, diff = welch_test_rows(np.array([[1.0, 2.0, 3.0]]), np.array([[2.0, 2.0, 2.0]]))
    >>> float(p[0]), float(diff[0])
    (1.0, 0.0)
    >>> p, diff = welch_test_rows([[1.0, np.nan, 3.0]], [[2.0, 2.0, 2.0]])
    >>> bool(np.isnan(p[0]))
    True
    """
    first_rows = _rows(first, "first")
    second_rows = _rows(second, "second")
    if first_rows.shape[0] != second_rows.shape[0]:
        raise ValueError(
            "first and second must have the same number of rows, "
            f"got shapes {first_rows.shape} and {second_rows.shape}"
        )
    n_first, n_second = first_rows.shape[1], second_rows.shape[1]
    finite = np.isfinite(first_rows).all(axis=1) & np.isfinite(second_rows).all(axis=1)
    p_values = np.full(first_rows.shape[0], np.nan)
    difference = np.full(first_rows.shape[0], np.nan)
    a, b = first_rows[finite], second_rows[finite]
    diff = a.mean(axis=1) - b.mean(axis=1)
    share_first = a.var(axis=1, ddof=1) / n_first
    share_second = b.var(axis=1, ddof=1) / n_second
    variance = share_first + share_second
    spread = variance > 0
    p_finite = np.where(diff != 0, 0.0, 1.0)  # rows with no spread at all
    se = np.sqrt(variance[spread])
    t = diff[spread] / se
    df = variance[spread] ** 2 / (
        share_first[spread] ** 2 / (n_first - 1) + share_second[spread] ** 2 / (n_second - 1)
    )
    p_finite[spread] = 2.0 * stats.t.sf(np.abs(t), df)
    p_values[finite] = p_finite
    difference[finite] = diff
    return p_values, difference


def _student_test_rows(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Student's pooled-variance t test on every row (finite 2-D float arrays, same rows).

    ``scipy.stats.ttest_ind(first, second, axis=1)`` for ordinary rows; a row with no
    spread in either group has p = 0 if the groups differ and p = 1 if not, as in
    :func:`welch_test_rows`.
    """
    n_first, n_second = first.shape[1], second.shape[1]
    diff = first.mean(axis=1) - second.mean(axis=1)
    df = n_first + n_second - 2
    pooled = ((n_first - 1) * first.var(axis=1, ddof=1)
              + (n_second - 1) * second.var(axis=1, ddof=1)) / df
    variance = pooled * (1.0 / n_first + 1.0 / n_second)
    spread = variance > 0
    p_values = np.where(diff != 0, 0.0, 1.0)
    t = diff[spread] / np.sqrt(variance[spread])
    p_values[spread] = 2.0 * stats.t.sf(np.abs(t), df)
    return p_values, diff


def nb_dispersion_from_cv(mean: float, cv: float) -> float:
    """Negative binomial size parameter k giving counts a coefficient of variation.

    Parameters
    ----------
    mean : float
        Mean count, > 0.
    cv : float
        Coefficient of variation of the counts, with ``cv**2 > 1 / mean``.

    Returns
    -------
    float
        ``k = 1 / (cv**2 - 1 / mean)``, from ``CV^2 = 1 / mean + 1 / k``.

    Raises
    ------
    ValueError
        If ``cv**2 <= 1 / mean``: Poisson noise alone already gives counts a CV
        of ``1 / sqrt(mean)``, and a negative binomial can only add to it.

    Examples
    --------
    >>> nb_dispersion_from_cv(10.0, 0.5)
    6.666666666666667
    """
    mean_checked = float(as_real(mean, "mean", lower=0.0, allow_array=False))
    cv_checked = float(as_real(cv, "cv", lower=0.0, allow_array=False))
    excess = cv_checked**2 - 1.0 / mean_checked
    if excess <= 0:
        floor = 1.0 / math.sqrt(mean_checked)
        raise ValueError(
            f"cv must be > 1/sqrt(control_mean) = {floor:.4g} (counts with mean "
            f"{mean_checked:g} have at least Poisson variation), got {cv_checked!r}"
        )
    return 1.0 / excess


@dataclass(frozen=True)
class CountPowerResult:
    """Simulated power of a two-group comparison of negative binomial counts.

    Attributes
    ----------
    power : float
        Share of replicates with p < alpha.
    mc_se : float
        Monte Carlo standard error of ``power``, ``sqrt(p (1 - p) / n_sims)``.
    type_s : float or None
        Among significant replicates, the share whose estimated effect has the
        wrong sign. None if ``ratio == 1`` or nothing was significant.
    exaggeration : float or None
        Among significant replicates, mean ``|ln estimated ratio|`` divided by
        ``|ln ratio|``. None if ``ratio == 1`` or nothing was significant.
    mean_estimated_ratio : float
        Geometric mean of the estimated ratio over all replicates.
    mean_significant_ratio : float or None
        Geometric mean of the estimated ratio over significant replicates,
        i.e. what a literature filtered by significance reports.
    n_significant, n_sims : int
    control_mean, ratio : float
    n_per_group : int
    dispersion : float
        Negative binomial size parameter k shared by both groups.
    cv : float
        Coefficient of variation of control counts, ``sqrt(1/mu + 1/k)``.
    alpha : float
    test : str
        Description of the test used.
    """

    power: float
    mc_se: float
    type_s: float | None
    exaggeration: float | None
    mean_estimated_ratio: float
    mean_significant_ratio: float | None
    n_significant: int
    n_sims: int
    control_mean: float
    ratio: float
    n_per_group: int
    dispersion: float
    cv: float
    alpha: float
    test: str = "Welch t test on log(count + 1)"

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def simulate_count_power(
    control_mean: float,
    ratio: float,
    n_per_group: int,
    *,
    dispersion: float | None = None,
    cv: float | None = None,
    rng: np.random.Generator,
    n_sims: int = 10_000,
    alpha: float = 0.05,
    test: str = "welch",
) -> CountPowerResult:
    """Simulated power to detect a ratio of mean counts between two groups.

    Counts are negative binomial with mean ``mu`` and variance
    ``mu + mu**2 / k``: a gamma-distributed latent rate (CV ``1/sqrt(k)``)
    with Poisson counting noise on top. The control mean is
    ``control_mean``; treatment multiplies the latent rate by ``ratio``, so
    the treated mean is ``control_mean * ratio`` and k is shared by both
    groups (the usual negative binomial regression assumption).

    Parameters
    ----------
    control_mean : float
        Mean count in the control group, > 0.
    ratio : float
        True ratio of treated to control mean, > 0 (0.3 for "70% fewer").
    n_per_group : int
        Animals per group, >= 2.
    dispersion : float, optional
        Negative binomial size k, > 0. Give exactly one of ``dispersion`` and
        ``cv``.
    cv : float, optional
        Total coefficient of variation of control counts,
        ``CV^2 = 1 / control_mean + 1 / k``; k is solved from it (see
        :func:`nb_dispersion_from_cv`), which requires
        ``cv > 1 / sqrt(control_mean)``.
    rng : numpy.random.Generator
        Source of randomness, e.g. ``numpy.random.default_rng(2024)``.
    n_sims : int, optional
        Number of simulated experiments, >= 100. Default 10,000.
    alpha : float, optional
        Two-sided significance level. Default 0.05.
    test : {"welch", "student"}, optional
        The t test applied to ``log(count + 1)``: Welch's unequal-variance test
        (default) or Student's pooled-variance test, the test of
        :func:`exneuro.design.design_analysis_ratio`, which this simulation then
        checks with counts instead of log-normal values.

    Returns
    -------
    CountPowerResult

    Raises
    ------
    TypeError
        If ``rng`` is not a :class:`numpy.random.Generator` or a number is not
        numeric.
    ValueError
        If neither or both of ``dispersion`` and ``cv`` are given, ``cv`` is
        below the Poisson floor, or any value is out of range.

    Notes
    -----
    Test: by default Welch's t test on ``log(count + 1)`` (see
    :func:`welch_test_rows`), the analysis most often applied to such counts in
    the literature being re-analysed: the log makes a multiplicative treatment
    effect additive and tames the right skew, the +1 keeps zero counts, and
    Welch's test allows the treated group's variance to differ. With
    ``test="student"`` the pooled-variance t test is used instead; with a
    shared CV the log counts of both groups have about the same spread, which
    is what that test assumes. With 3 units per group Welch's test has fewer
    degrees of freedom, and so less power, than Student's.

    The estimated ratio in each replicate is
    ``(treated total + 0.5) / (control total + 0.5)``, the ratio of group
    means with 0.5 added to each total so that a group of all zeros still
    gives a finite ratio; the correction is negligible unless totals are
    tiny. Type S and exaggeration follow Gelman & Carlin (2014) on the log
    ratio scale.

    References
    ----------
    .. [1] Gelman, A., & Carlin, J. (2014). Beyond power calculations.
       Perspectives on Psychological Science, 9(6), 641-651.
       https://doi.org/10.1177/1745691614551642

    Examples
    --------
    >>> import numpy as np
    >>> res = simulate_count_power(50, 0.3, 5, cv=0.4, rng=np.random.default_rng(1),
    ...                            n_sims=2000)
    >>> res.power > 0.9
    True
    """
    generator = as_rng(rng)
    mu_control = float(as_real(control_mean, "control_mean", lower=0.0, allow_array=False))
    true_ratio = float(as_real(ratio, "ratio", lower=0.0, allow_array=False))
    n = as_int(n_per_group, "n_per_group", minimum=2)
    sims = _n_sims(n_sims)
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    test = as_choice(test, "test", _COUNT_TESTS)
    if dispersion is not None:
        k = float(as_real(dispersion, "dispersion", lower=0.0, allow_array=False))
    if cv is not None:
        as_real(cv, "cv", lower=0.0, allow_array=False)
    if (dispersion is None) == (cv is None):
        raise ValueError("give exactly one of dispersion (negative binomial k) and cv")
    if cv is not None:
        k = nb_dispersion_from_cv(mu_control, cv)
    mu_treated = mu_control * true_ratio

    # numpy's negative_binomial(n, p) has mean n (1 - p) / p, so p = k / (k + mu).
    control = generator.negative_binomial(k, k / (k + mu_control), size=(sims, n))
    treated = generator.negative_binomial(k, k / (k + mu_treated), size=(sims, n))
    if test == "student":
        p_values, difference = _student_test_rows(np.log1p(treated), np.log1p(control))
    else:
        p_values, difference = welch_test_rows(np.log1p(treated), np.log1p(control))
    significant = p_values < alpha_checked
    n_significant = int(significant.sum())
    power = n_significant / sims

    log_estimates = np.log(treated.sum(axis=1) + 0.5) - np.log(control.sum(axis=1) + 0.5)
    type_s = exaggeration = mean_significant = None
    if n_significant > 0:
        mean_significant = float(np.exp(log_estimates[significant].mean()))
        if true_ratio != 1:
            true_log = math.log(true_ratio)
            type_s = float(np.mean(np.sign(difference[significant]) != np.sign(true_log)))
            exaggeration = float(np.mean(np.abs(log_estimates[significant])) / abs(true_log))

    return CountPowerResult(
        power=power,
        mc_se=_mc_se(power, sims),
        type_s=type_s,
        exaggeration=exaggeration,
        mean_estimated_ratio=float(np.exp(log_estimates.mean())),
        mean_significant_ratio=mean_significant,
        n_significant=n_significant,
        n_sims=sims,
        control_mean=mu_control,
        ratio=true_ratio,
        n_per_group=n,
        dispersion=k,
        cv=math.sqrt(1.0 / mu_control + 1.0 / k),
        alpha=alpha_checked,
        test=_COUNT_TESTS[test],
    )


@dataclass(frozen=True)
class SimulationPowerResult:
    """Simulated power with its Monte Carlo error.

    Attributes
    ----------
    power : float
        Share of replicates with p < alpha.
    mc_se : float
        ``sqrt(power (1 - power) / n_sims)``.
    n_significant, n_sims : int
    alpha : float
    test : str
        Description of the test used.
    settings : dict
        The design parameters that were simulated.
    """

    power: float
    mc_se: float
    n_significant: int
    n_sims: int
    alpha: float
    test: str
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def _pooled_z_p_values(
    successes1: np.ndarray, n1: float, successes2: np.ndarray, n2: float
) -> np.ndarray:
    """Two-sided p of the pooled two-proportion z test (= Pearson chi-square, no correction)."""
    pooled = (successes1 + successes2) / (n1 + n2)
    variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    difference = successes1 / n1 - successes2 / n2
    p_values = np.ones(pooled.shape)  # all successes or all failures: no evidence
    informative = variance > 0
    z = difference[informative] / np.sqrt(variance[informative])
    p_values[informative] = 2.0 * stats.norm.sf(np.abs(z))
    return p_values


def simulate_proportion_power(
    p1: float,
    p2: float,
    n1: int,
    n2: int | None = None,
    *,
    rng: np.random.Generator,
    n_sims: int = 10_000,
    alpha: float = 0.05,
) -> SimulationPowerResult:
    """Simulated power of the two-proportion z test (Pearson chi-square).

    Parameters
    ----------
    p1, p2 : float
        True proportions in [0, 1].
    n1 : int
        Size of group 1, >= 1.
    n2 : int, optional
        Size of group 2, >= 1; defaults to ``n1``.
    rng : numpy.random.Generator
        Source of randomness.
    n_sims : int, optional
        Number of simulated experiments, >= 100. Default 10,000.
    alpha : float, optional
        Two-sided significance level. Default 0.05.

    Returns
    -------
    SimulationPowerResult

    Raises
    ------
    TypeError
        If ``rng`` is not a :class:`numpy.random.Generator` or a number is not
        numeric.
    ValueError
        If a value is out of range.

    Notes
    -----
    The pooled z test is the square root of Pearson's chi-square test on the
    2 x 2 table without continuity correction. Replicates in which every
    observation is a success (or every one a failure) carry no evidence and
    are counted as non-significant.

    Examples
    --------
    >>> import numpy as np
    >>> res = simulate_proportion_power(0.5, 0.3, 100, rng=np.random.default_rng(1))
    >>> 0.75 < res.power < 0.9
    True
    """
    generator = as_rng(rng)
    p1_checked = float(as_real(p1, "p1", lower=0.0, upper=1.0, lower_inclusive=True,
                               upper_inclusive=True, allow_array=False))
    p2_checked = float(as_real(p2, "p2", lower=0.0, upper=1.0, lower_inclusive=True,
                               upper_inclusive=True, allow_array=False))
    size1 = as_int(n1, "n1", minimum=1)
    size2 = size1 if n2 is None else as_int(n2, "n2", minimum=1)
    sims = _n_sims(n_sims)
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))

    successes1 = generator.binomial(size1, p1_checked, size=sims).astype(float)
    successes2 = generator.binomial(size2, p2_checked, size=sims).astype(float)
    p_values = _pooled_z_p_values(successes1, size1, successes2, size2)
    n_significant = int((p_values < alpha_checked).sum())
    power = n_significant / sims
    return SimulationPowerResult(
        power=power,
        mc_se=_mc_se(power, sims),
        n_significant=n_significant,
        n_sims=sims,
        alpha=alpha_checked,
        test="pooled two-proportion z test (Pearson chi-square, no continuity correction)",
        settings={"p1": p1_checked, "p2": p2_checked, "n1": size1, "n2": size2},
    )


_ANALYSES = ("animal", "pooled")


def simulate_clustered_proportion_power(
    p1: float,
    p2: float,
    animals_per_group: int,
    cells_per_animal: int,
    icc: float,
    *,
    rng: np.random.Generator,
    analysis: str = "animal",
    n_sims: int = 10_000,
    alpha: float = 0.05,
) -> SimulationPowerResult:
    """Simulated power when cells (e.g. neurons) are nested in animals.

    Each animal has its own proportion drawn from a beta distribution with
    mean ``p1`` or ``p2`` and intraclass correlation ``icc``; each of its
    ``cells_per_animal`` cells is then positive with that proportion
    (beta-binomial). Comparing the two analyses shows why treating cells as
    independent inflates false positives: their effective number is only
    ``n / design_effect`` (see :func:`exneuro.power.design_effect`).

    Parameters
    ----------
    p1, p2 : float
        Mean proportions in the two groups, in (0, 1).
    animals_per_group : int
        Animals per group, >= 2.
    cells_per_animal : int
        Cells counted per animal, >= 1.
    icc : float
        Intraclass correlation of the cell outcomes within an animal, in
        [0, 1).
    rng : numpy.random.Generator
        Source of randomness.
    analysis : {"animal", "pooled"}, optional
        "animal" (default): Welch t test on per-animal proportions, which
        respects the design. "pooled": z test on all cells as if independent
        (pseudoreplication), included to show its inflated error rate.
    n_sims : int, optional
        Number of simulated experiments, >= 100. Default 10,000.
    alpha : float, optional
        Two-sided significance level. Default 0.05.

    Returns
    -------
    SimulationPowerResult
        With ``p1 == p2`` the ``power`` is the false-positive rate.

    Raises
    ------
    TypeError
        If ``rng`` is not a :class:`numpy.random.Generator` or a number is not
        numeric.
    ValueError
        If a value is out of range or ``analysis`` is unknown.

    References
    ----------
    .. [1] Aarts, E., Verhage, M., Veenvliet, J. V., Dolan, C. V., & van der
       Sluis, S. (2014). A solution to dependency: using multilevel analysis
       to accommodate nested data. Nature Neuroscience, 17(4), 491-496.
       https://doi.org/10.1038/nn.3648

    Examples
    --------
    >>> import numpy as np
    >>> res = simulate_clustered_proportion_power(
    ...     0.3, 0.3, 4, 50, 0.1, rng=np.random.default_rng(1), analysis="pooled")
    >>> res.power > 0.2  # far above the nominal 5% false-positive rate
    True
    """
    generator = as_rng(rng)
    p1_checked = float(as_real(p1, "p1", lower=0.0, upper=1.0, allow_array=False))
    p2_checked = float(as_real(p2, "p2", lower=0.0, upper=1.0, allow_array=False))
    animals = as_int(animals_per_group, "animals_per_group", minimum=2)
    cells = as_int(cells_per_animal, "cells_per_animal", minimum=1)
    icc_checked = float(as_real(icc, "icc", lower=0.0, upper=1.0, lower_inclusive=True,
                                allow_array=False))
    as_choice(analysis, "analysis", _ANALYSES)
    sims = _n_sims(n_sims)
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))

    def animal_proportions(mean: float) -> np.ndarray:
        if icc_checked == 0:
            return np.full((sims, animals), mean)
        # A beta(a, b) with a + b = 1/icc - 1 gives beta-binomial ICC = icc.
        concentration = 1.0 / icc_checked - 1.0
        return generator.beta(mean * concentration, (1.0 - mean) * concentration,
                              size=(sims, animals))

    positives1 = generator.binomial(cells, animal_proportions(p1_checked)).astype(float)
    positives2 = generator.binomial(cells, animal_proportions(p2_checked)).astype(float)
    if analysis == "animal":
        p_values, _ = welch_test_rows(positives1 / cells, positives2 / cells)
        test = "Welch t test on per-animal proportions"
    else:
        total = animals * cells
        p_values = _pooled_z_p_values(positives1.sum(axis=1), total,
                                      positives2.sum(axis=1), total)
        test = "pooled two-proportion z test on all cells (ignores animals)"
    n_significant = int((p_values < alpha_checked).sum())
    power = n_significant / sims
    return SimulationPowerResult(
        power=power,
        mc_se=_mc_se(power, sims),
        n_significant=n_significant,
        n_sims=sims,
        alpha=alpha_checked,
        test=test,
        settings={
            "p1": p1_checked,
            "p2": p2_checked,
            "animals_per_group": animals,
            "cells_per_animal": cells,
            "icc": icc_checked,
            "analysis": analysis,
        },
    )


@dataclass(frozen=True)
class RatioDesignSimulation:
    """A simulated design analysis of a ratio outcome tested on the log scale.

    The Monte Carlo counterpart of :func:`exneuro.design.design_analysis_ratio`.

    Attributes
    ----------
    power : float
        Share of simulated studies whose t test on log values has p < alpha.
    type_s : float
        Among significant studies, the share whose estimate points the wrong way.
    exaggeration : float
        Among significant studies, mean ``|ln estimated ratio|`` over ``|ln true_ratio|``.
    typical_percent : float
        ``100 (exp(mean ln estimate) - 1)`` over significant studies pointing the right
        way: the geometric-mean significant estimate as a percent change.
    power_mc_se, type_s_mc_se, exaggeration_mc_se : float
        Monte Carlo standard errors.
    typical_percent_mc_se : float
        Monte Carlo standard error of ``typical_percent`` (delta method).
    n_sims, n_significant : int
    true_ratio, sd_log, alpha : float
    n_per_group : int
    """

    power: float
    type_s: float
    exaggeration: float
    typical_percent: float
    power_mc_se: float
    type_s_mc_se: float
    exaggeration_mc_se: float
    typical_percent_mc_se: float
    n_sims: int
    n_significant: int
    true_ratio: float
    sd_log: float
    n_per_group: int
    alpha: float

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


def simulate_ratio_design(
    true_ratio: float,
    n_per_group: int,
    *,
    cv: float | None = None,
    sd_log: float | None = None,
    rng: np.random.Generator,
    n_sims: int = 20_000,
    alpha: float = 0.05,
) -> RatioDesignSimulation:
    """Simulate two-group studies of a ratio outcome, each tested by a t test on log values.

    Each study draws ``n_per_group`` log-normal values per group (control median 1,
    treated median ``true_ratio``, the same log-scale SD in both groups), runs the
    pooled-variance two-sample t test on their logarithms and records the estimated ratio
    of geometric means. Power, Type S rate, exaggeration ratio (log scale) and the typical
    significant estimate follow from the significant studies. This is the independent,
    brute-force check of the exact :func:`exneuro.design.design_analysis_ratio`.

    Parameters
    ----------
    true_ratio : float
        True treated / control ratio, > 0 and != 1.
    n_per_group : int
        Units per group, >= 2.
    cv : float, optional
        Coefficient of variation of the raw values, > 0; ``sd_log = sqrt(ln(1 + cv^2))``.
        Give exactly one of ``cv`` and ``sd_log``.
    sd_log : float, optional
        SD of the log values in each group, > 0.
    rng : numpy.random.Generator
        Source of randomness, e.g. ``numpy.random.default_rng(1999)``.
    n_sims : int, optional
        Number of simulated studies, >= 100. Default 20,000.
    alpha : float, optional
        Two-sided significance level in (0, 1). Default 0.05.

    Returns
    -------
    RatioDesignSimulation

    Raises
    ------
    TypeError
        If ``rng`` is not a :class:`numpy.random.Generator` or a number is not numeric.
    ValueError
        If ``true_ratio`` <= 0 or equals 1, neither or both of ``cv`` and ``sd_log`` are
        given, a value is out of range, or fewer than two simulated studies are
        significant (increase ``n_sims``).

    Examples
    --------
    >>> import numpy as np
    >>> sim = simulate_ratio_design(1.5, 10, cv=0.35, rng=np.random.default_rng(1), n_sims=4000)
    >>> abs(sim.power - 0.713) < 4 * sim.power_mc_se
    True
    """
    generator = as_rng(rng)
    ratio, n, spread = _ratio_design_inputs(true_ratio, n_per_group, cv, sd_log)
    sims = _n_sims(n_sims)
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))

    log_ratio = math.log(ratio)
    control = generator.normal(0.0, spread, size=(sims, n))
    treated = generator.normal(log_ratio, spread, size=(sims, n))
    estimate = treated.mean(axis=1) - control.mean(axis=1)
    pooled = (control.var(axis=1, ddof=1) + treated.var(axis=1, ddof=1)) / 2.0
    t = estimate / np.sqrt(pooled * 2.0 / n)
    significant = np.abs(t) > stats.t.isf(alpha_checked / 2.0, 2 * n - 2)
    n_significant = int(significant.sum())
    if n_significant < 2:
        raise ValueError(f"only {n_significant} of n_sims={sims} simulated studies were significant; "
                         "increase n_sims")
    power = n_significant / sims
    chosen = estimate[significant]
    right = np.sign(chosen) == np.sign(log_ratio)
    type_s = float(1.0 - right.mean())
    ratios = np.abs(chosen) / abs(log_ratio)
    kept = chosen[right]  # significant and pointing the right way (at least one: power >> type S)
    mean_log = float(kept.mean()) if kept.size else math.nan
    spread_log = float(kept.std(ddof=1)) if kept.size > 1 else math.nan
    return RatioDesignSimulation(
        power=power,
        type_s=type_s,
        exaggeration=float(ratios.mean()),
        typical_percent=100.0 * math.expm1(mean_log),
        power_mc_se=_mc_se(power, sims),
        type_s_mc_se=math.sqrt(type_s * (1.0 - type_s) / n_significant),
        exaggeration_mc_se=float(ratios.std(ddof=1) / math.sqrt(n_significant)),
        typical_percent_mc_se=(100.0 * math.exp(mean_log) * spread_log / math.sqrt(kept.size)
                               if kept.size > 1 else math.nan),
        n_sims=sims,
        n_significant=n_significant,
        true_ratio=ratio,
        sd_log=spread,
        n_per_group=n,
        alpha=alpha_checked,
    )
