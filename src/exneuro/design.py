"""Design analysis: power, Type S error and exaggeration ratio.

Gelman & Carlin (2014) ask of a study not only "how likely is it to reach
significance?" but "if it does, how likely is the sign to be wrong (Type S),
and by how much will the estimate overstate the truth (exaggeration ratio,
Type M)?" The answers depend only on a plausible true effect and the
standard error of the estimate.

The analytic functions here use closed forms: the sampling distribution of
the estimate is ``true_effect + se * Z`` with Z standard normal, or Z
replaced by a Student t with ``df`` degrees of freedom (the shifted-t used by
Gelman & Carlin's ``retrodesign`` function). Truncated first moments give the
exaggeration ratio without simulation; :func:`design_analysis_simulated` is
the independent Monte Carlo check.

References
----------
.. [1] Gelman, A., & Carlin, J. (2014). Beyond power calculations: Assessing
   Type S (sign) and Type M (magnitude) errors. Perspectives on
   Psychological Science, 9(6), 641-651.
   https://doi.org/10.1177/1745691614551642
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from exneuro._validate import (
    as_int,
    as_probability,
    as_real,
    as_rng,
    broadcast,
    is_scalar,
    to_output,
)

__all__ = [
    "DesignAnalysis",
    "SimulatedDesignAnalysis",
    "design_analysis",
    "design_analysis_curve",
    "design_analysis_simulated",
]


@dataclass(frozen=True)
class DesignAnalysis:
    """Power, Type S error rate and exaggeration ratio of a design.

    Attributes
    ----------
    power : float or numpy.ndarray
        Probability that the estimate is statistically significant.
    type_s : float or numpy.ndarray
        Probability that a significant estimate has the wrong sign.
    exaggeration : float or numpy.ndarray
        Expected absolute significant estimate divided by the absolute true
        effect (Gelman & Carlin's Type M error, exaggeration ratio).
    """

    power: float | np.ndarray
    type_s: float | np.ndarray
    exaggeration: float | np.ndarray

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dictionary."""
        return asdict(self)


@dataclass(frozen=True)
class SimulatedDesignAnalysis(DesignAnalysis):
    """A :class:`DesignAnalysis` estimated by simulation, with Monte Carlo SEs.

    Attributes
    ----------
    power_mc_se, type_s_mc_se, exaggeration_mc_se : float
        Monte Carlo standard errors of the three estimates.
    n_sims : int
        Number of simulated estimates.
    n_significant : int
        How many of them were significant.
    """

    power_mc_se: float = 0.0
    type_s_mc_se: float = 0.0
    exaggeration_mc_se: float = 0.0
    n_sims: int = 0
    n_significant: int = 0


def _check_inputs(
    true_effect: Any, se: Any, alpha: Any, df: Any
) -> tuple[float | np.ndarray, float | np.ndarray, float, float | None]:
    effect = as_real(true_effect, "true_effect")
    if np.any(np.asarray(effect) == 0):
        raise ValueError(
            "true_effect must be non-zero (the exaggeration ratio divides by it), got 0.0"
        )
    se_checked = as_real(se, "se", lower=0.0)
    alpha_checked = float(as_probability(alpha, "alpha", allow_array=False))
    df_checked = None
    if df is not None:
        # The exaggeration ratio needs E|T|, which is finite only for df > 1.
        df_checked = float(as_real(df, "df", lower=1.0, allow_array=False))
    return effect, se_checked, alpha_checked, df_checked


def _analytic(
    effect: np.ndarray, se: np.ndarray, alpha: float, df: float | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Closed-form power, Type S and exaggeration for estimate = effect + se * T."""
    # By symmetry only |effect| matters; "wrong sign" is then "negative".
    shift = np.abs(effect) / se
    if df is None:
        distribution = stats.norm
        critical = stats.norm.isf(alpha / 2.0)
    else:
        distribution = stats.t(df)
        critical = stats.t.isf(alpha / 2.0, df)
    upper_cut = critical - shift  # significant and positive: T > upper_cut
    lower_cut = -critical - shift  # significant and negative: T < lower_cut
    p_positive = distribution.sf(upper_cut)
    p_negative = distribution.cdf(lower_cut)
    power = p_positive + p_negative

    # Partial first moments of T: integral_a^inf t f(t) dt equals phi(a) for the
    # normal and f(a) (df + a^2) / (df - 1) for Student's t.
    if df is None:
        moment_above = stats.norm.pdf(upper_cut)
        moment_below = -stats.norm.pdf(lower_cut)
    else:
        moment_above = distribution.pdf(upper_cut) * (df + upper_cut**2) / (df - 1.0)
        moment_below = -distribution.pdf(lower_cut) * (df + lower_cut**2) / (df - 1.0)
    # E[|shift + T| ; significant] in units of se.
    abs_moment = (shift * p_positive + moment_above) - (shift * p_negative + moment_below)
    exaggeration = abs_moment / (power * shift)
    type_s = p_negative / power
    return power, type_s, exaggeration


def design_analysis(
    true_effect: Any, se: Any, alpha: Any = 0.05, df: Any = None
) -> DesignAnalysis:
    """Power, Type S error and exaggeration ratio for a true effect and a standard error.

    Parameters
    ----------
    true_effect : float or array_like
        Plausible true effect (on the scale of the estimate), non-zero. Take
        it from outside the study (meta-analyses, other literature), not from
        the study's own estimate.
    se : float or array_like
        Standard error of the estimate, > 0.
    alpha : float, optional
        Two-sided significance level in (0, 1). Default 0.05.
    df : float, optional
        Degrees of freedom (> 1) for a t sampling distribution; ``None``
        (default) for normal.

    Returns
    -------
    DesignAnalysis
        Fields are floats for scalar input, arrays otherwise.

    Raises
    ------
    ValueError
        If ``true_effect`` is 0, ``se`` <= 0, ``alpha`` is outside (0, 1),
        ``df`` <= 1, a value is not finite, or shapes clash.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    With ``lambda = |true_effect| / se`` and critical value ``z``:
    ``power = P(T > z - lambda) + P(T < -z - lambda)``,
    ``type_s = P(T < -z - lambda) / power`` and
    ``exaggeration = E(|lambda + T| ; significant) / (power * lambda)``,
    using the partial moments of the normal or t density. Results are
    symmetric in the sign of ``true_effect``.

    References
    ----------
    .. [1] Gelman, A., & Carlin, J. (2014). Beyond power calculations.
       Perspectives on Psychological Science, 9(6), 641-651.
       https://doi.org/10.1177/1745691614551642

    Examples
    --------
    >>> res = design_analysis(2, 8.1)  # Gelman & Carlin's ovulation example
    >>> round(res.power, 3), round(res.type_s, 2), round(res.exaggeration, 1)
    (0.057, 0.24, 9.5)
    """
    effect, se_checked, alpha_checked, df_checked = _check_inputs(true_effect, se, alpha, df)
    effect_b, se_b = broadcast(true_effect=effect, se=se_checked)
    power, type_s, exaggeration = _analytic(effect_b, se_b, alpha_checked, df_checked)
    scalar = is_scalar(true_effect, se)
    return DesignAnalysis(
        power=to_output(power, scalar),
        type_s=to_output(type_s, scalar),
        exaggeration=to_output(exaggeration, scalar),
    )


def design_analysis_simulated(
    true_effect: Any,
    se: Any,
    rng: np.random.Generator,
    n_sims: Any = 100_000,
    alpha: Any = 0.05,
    df: Any = None,
) -> SimulatedDesignAnalysis:
    """Design analysis by simulation, the Monte Carlo check of :func:`design_analysis`.

    Parameters
    ----------
    true_effect : float
        Plausible true effect, non-zero.
    se : float
        Standard error of the estimate, > 0.
    rng : numpy.random.Generator
        Source of randomness, e.g. ``numpy.random.default_rng(2024)``.
    n_sims : int, optional
        Number of simulated estimates, >= 100. Default 100,000.
    alpha : float, optional
        Two-sided significance level. Default 0.05.
    df : float, optional
        Degrees of freedom (> 1) for t-distributed estimates.

    Returns
    -------
    SimulatedDesignAnalysis

    Raises
    ------
    TypeError
        If ``rng`` is not a :class:`numpy.random.Generator`, or a number is
        not numeric.
    ValueError
        As for :func:`design_analysis`; also if ``n_sims`` < 100 or fewer than
        two simulated estimates are significant.

    Examples
    --------
    >>> import numpy as np
    >>> res = design_analysis_simulated(2, 8.1, np.random.default_rng(1))
    >>> abs(res.power - 0.057) < 4 * res.power_mc_se
    True
    """
    generator = as_rng(rng)
    effect, se_checked, alpha_checked, df_checked = _check_inputs(true_effect, se, alpha, df)
    if not is_scalar(effect, se_checked):
        raise TypeError("true_effect and se must be scalars for a simulated design analysis")
    sims = as_int(n_sims, "n_sims", minimum=100)
    effect_value, se_value = float(effect), float(se_checked)

    if df_checked is None:
        noise = generator.standard_normal(sims)
        critical = float(stats.norm.isf(alpha_checked / 2.0))
    else:
        noise = generator.standard_t(df_checked, sims)
        critical = float(stats.t.isf(alpha_checked / 2.0, df_checked))
    estimates = effect_value + se_value * noise
    significant = np.abs(estimates) > critical * se_value
    n_significant = int(significant.sum())
    if n_significant < 2:
        raise ValueError(
            f"only {n_significant} of n_sims={sims} estimates were significant; "
            "increase n_sims"
        )
    power = n_significant / sims
    wrong_sign = np.sign(estimates[significant]) != np.sign(effect_value)
    type_s = float(wrong_sign.mean())
    ratios = np.abs(estimates[significant]) / abs(effect_value)
    return SimulatedDesignAnalysis(
        power=power,
        type_s=type_s,
        exaggeration=float(ratios.mean()),
        power_mc_se=float(np.sqrt(power * (1.0 - power) / sims)),
        type_s_mc_se=float(np.sqrt(type_s * (1.0 - type_s) / n_significant)),
        exaggeration_mc_se=float(ratios.std(ddof=1) / np.sqrt(n_significant)),
        n_sims=sims,
        n_significant=n_significant,
    )


def design_analysis_curve(true_effects: Any, se: Any, alpha: Any = 0.05,
                          df: Any = None) -> pd.DataFrame:
    """Design analysis over a range of plausible true effects, for plotting.

    Parameters
    ----------
    true_effects : array_like
        Non-zero true effects (any shape; flattened).
    se : float
        Standard error of the estimate, > 0.
    alpha : float, optional
        Default 0.05.
    df : float, optional
        Degrees of freedom (> 1) for a t sampling distribution.

    Returns
    -------
    pandas.DataFrame
        Columns ``true_effect``, ``power``, ``type_s``, ``exaggeration``.

    Raises
    ------
    ValueError, TypeError
        As for :func:`design_analysis`.

    Examples
    --------
    >>> curve = design_analysis_curve([0.5, 1.0, 2.0], se=1.0)
    >>> list(curve.columns)
    ['true_effect', 'power', 'type_s', 'exaggeration']
    """
    effects = np.atleast_1d(as_real(true_effects, "true_effects")).reshape(-1)
    if np.any(effects == 0):
        raise ValueError("true_effects must all be non-zero (the exaggeration ratio divides "
                         "by them), got 0.0")
    result = design_analysis(effects, se, alpha=alpha, df=df)
    return pd.DataFrame(
        {
            "true_effect": effects,
            "power": result.power,
            "type_s": result.type_s,
            "exaggeration": result.exaggeration,
        }
    )
