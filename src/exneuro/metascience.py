"""How likely is a significant finding to be true? Positive predictive value of research.

A p-value below alpha says little on its own about whether the effect is real. That
also depends on how often the hypotheses tested in a field are true before the study
(the pre-study odds ``R``), on the study's power, and on how often analyses that should
not have produced a finding are reported as one anyway (bias ``u``). Ioannidis (2005)
combined these into the positive predictive value (PPV) of a claimed finding; Button et
al. (2013) used it to show that low power in neuroscience lowers not only the chance of
finding a true effect but also the chance that a finding is true.

References
----------
.. [1] Ioannidis, J. P. A. (2005). Why most published research findings are false.
   PLoS Medicine, 2(8), e124. https://doi.org/10.1371/journal.pmed.0020124
.. [2] Button, K. S., Ioannidis, J. P. A., Mokrysz, C., Nosek, B. A., Flint, J.,
   Robinson, E. S. J., & Munafò, M. R. (2013). Power failure: why small sample size
   undermines the reliability of neuroscience. Nature Reviews Neuroscience, 14(5),
   365-376. https://doi.org/10.1038/nrn3475
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from exneuro._validate import as_probability, as_real, broadcast, is_scalar, to_output

__all__ = ["ppv"]


def ppv(
    power: ArrayLike, alpha: ArrayLike = 0.05, *, prior_odds: ArrayLike, bias: ArrayLike = 0.0
) -> float | np.ndarray:
    """Positive predictive value of a significant finding (Ioannidis 2005), vectorised.

    Parameters
    ----------
    power : float or array_like
        Power of the study, ``1 - beta``, in [0, 1].
    alpha : float or array_like, optional
        Significance level in (0, 1). Default 0.05.
    prior_odds : float or array_like
        Pre-study odds ``R`` that a probed relationship is true, > 0 (for
        example 0.25 when one in five tested hypotheses is true; a pre-study
        probability ``pi`` gives ``R = pi / (1 - pi)``).
    bias : float or array_like, optional
        Ioannidis's ``u`` in [0, 1]: the proportion of analyses that would not
        have been findings but are reported as findings anyway. Default 0.

    Returns
    -------
    float or numpy.ndarray
        The probability that a claimed (significant or biased) finding is
        true, broadcast over the array arguments.

    Raises
    ------
    ValueError
        If a value is out of range or not finite, or shapes clash.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    With ``beta = 1 - power``, ``R = prior_odds`` and ``u = bias``:

    ``PPV = ((1 - beta) R + u beta R) / (R + alpha - beta R + u - u alpha + u beta R)``

    (Ioannidis 2005, from his Table 2), which for ``u = 0`` is
    ``PPV = (1 - beta) R / (R - beta R + alpha)`` (from his Table 1; the form
    Button et al. 2013 use). It is Bayes' rule: a true relationship is
    claimed with probability ``1 - beta + u beta``, a null one with
    ``alpha + u (1 - alpha)``.

    Validated against: the nine PPVs printed in Ioannidis (2005), Table 4
    (alpha = 0.05), to their printed precision.

    References
    ----------
    .. [1] Ioannidis, J. P. A. (2005). Why most published research findings are
       false. PLoS Medicine, 2(8), e124. https://doi.org/10.1371/journal.pmed.0020124

    Examples
    --------
    An adequately powered RCT with little bias and 1:1 pre-study odds
    (Ioannidis 2005, Table 4, first row):

    >>> round(ppv(0.80, prior_odds=1.0, bias=0.10), 2)
    0.85

    PPV falls with power:

    >>> ppv([0.2, 0.5, 0.8], prior_odds=0.25).round(2)
    array([0.5 , 0.71, 0.8 ])
    """
    power_b, alpha_b, odds_b, bias_b = broadcast(
        power=as_real(power, "power", lower=0.0, upper=1.0, lower_inclusive=True,
                      upper_inclusive=True),
        alpha=as_probability(alpha, "alpha"),
        prior_odds=as_real(prior_odds, "prior_odds", lower=0.0),
        bias=as_real(bias, "bias", lower=0.0, upper=1.0, lower_inclusive=True,
                     upper_inclusive=True),
    )
    beta = 1.0 - power_b
    true_claims = (1.0 - beta) * odds_b + bias_b * beta * odds_b
    all_claims = (odds_b + alpha_b - beta * odds_b + bias_b - bias_b * alpha_b
                  + bias_b * beta * odds_b)
    return to_output(true_claims / all_claims, is_scalar(power, alpha, prior_odds, bias))
