"""Mouse-to-human translation: age, time and dose.

Every constant comes from ``data/translation_constants.csv``, where each row carries its
bib key; none is typed into this module. The conversions are rough by nature: mice and
humans do not age along proportional clocks, so each helper returns the range given by
the different published conversions rather than a single number.

References
----------
Dutta S, Sengupta P (2016). Men and mice: relating their ages. Life Sci 152:244-248.
Flurkey K, Currer JM, Harrison DE (2007). Mouse models in aging research. In Fox JG et al.
(eds), The Mouse in Biomedical Research, 2nd ed., vol. III, pp. 637-672. Academic Press.
Reagan-Shaw S, Nihal M, Ahmad N (2008). Dose translation from animal to human studies
revisited. FASEB J 22:659-661.
"""

from __future__ import annotations

import math

import pandas as pd

from exneuro._validate import as_real
from exneuro.data import load_translation_constants, translation_constant

__all__ = [
    "DAYS_PER_YEAR",
    "human_equivalent_dose",
    "mouse_adult_age_to_human_years",
    "mouse_days_in_human_time",
]

def _check_positive(name: str, value: object) -> float:
    """A finite real number > 0 (numpy numbers included), or a clear error."""
    return float(as_real(value, name, lower=0.0, allow_array=False))


#: Calendar days per year used to express human durations in years.
DAYS_PER_YEAR = 365.25


def mouse_days_in_human_time(days: float) -> pd.DataFrame:
    """Express a stretch of an adult mouse's life in human time, by each published rate.

    Parameters
    ----------
    days : float
        Duration in mouse days, > 0.

    Returns
    -------
    pandas.DataFrame
        One row per conversion: ``conversion``, ``mouse_days_per_human_day`` (the
        speed-up), ``human_days``, ``human_years``, ``bib_key`` and ``applies_to``.

    Notes
    -----
    Two verified conversions are used: the whole-life average of Dutta & Sengupta (2016),
    nine mouse days per human year, and Flurkey et al. (2007), who put mouse maturation at
    45 times the human pace from the second to the sixth month of life. Neither is exact
    for a given strain or age; the spread between them is the honest uncertainty.

    Examples
    --------
    >>> table = mouse_days_in_human_time(28)  # doctest: +SKIP
    """
    days = _check_positive("days", days)
    whole_life = translation_constant("mouse_days_per_human_year")  # per human year
    adult = translation_constant("adult_maturation_speedup")  # fold
    constants = load_translation_constants().set_index("constant_id")
    rows = [
        {
            "conversion": "whole-life average",
            "mouse_days_per_human_day": DAYS_PER_YEAR / whole_life,
            "bib_key": constants.loc["mouse_days_per_human_year", "bib_key"],
            "applies_to": "the whole life span, averaged",
        },
        {
            "conversion": "young adult (months 2-6)",
            "mouse_days_per_human_day": adult,
            "bib_key": constants.loc["adult_maturation_speedup", "bib_key"],
            "applies_to": "mice between about 1 and 6 months of age",
        },
    ]
    frame = pd.DataFrame(rows)
    frame["mouse_days"] = float(days)
    frame["human_days"] = frame["mouse_days"] * frame["mouse_days_per_human_day"]
    frame["human_years"] = frame["human_days"] / DAYS_PER_YEAR
    return frame[
        ["conversion", "mouse_days", "mouse_days_per_human_day", "human_days", "human_years",
         "bib_key", "applies_to"]
    ]


def mouse_adult_age_to_human_years(months: float) -> float:
    """Human age matching a mature adult mouse's age, by linear interpolation.

    Flurkey et al. (2007) equate mature adult mice, 3 to 6 months old, with humans aged 20
    to 30 years. Outside that phase there is no verified anchor in the book's data, so
    ages outside 3-6 months are refused rather than extrapolated.

    Parameters
    ----------
    months : float
        Mouse age in months, within [3, 6].

    Returns
    -------
    float
        Human age in years.

    Raises
    ------
    ValueError
        If ``months`` is outside [3, 6].
    """
    months = _check_positive("months", months)
    m_low = translation_constant("mature_adult_mouse_age_low")
    m_high = translation_constant("mature_adult_mouse_age_high")
    h_low = translation_constant("mature_adult_human_age_low")
    h_high = translation_constant("mature_adult_human_age_high")
    if not m_low <= months <= m_high:
        raise ValueError(
            f"months must be within [{m_low:g}, {m_high:g}] (the mature-adult phase with "
            f"verified anchors), got {months}"
        )
    return h_low + (months - m_low) * (h_high - h_low) / (m_high - m_low)


def human_equivalent_dose(animal_dose_mg_per_kg: float, km_animal: float | None = None,
                          km_human: float | None = None) -> float:
    """Human-equivalent dose by body-surface-area scaling.

    ``HED = animal dose x Km_animal / Km_human`` (Reagan-Shaw et al. 2008), with the mouse
    and 60-kg human Km factors from ``data/translation_constants.csv`` by default.

    Parameters
    ----------
    animal_dose_mg_per_kg : float
        Dose in the animal, mg/kg, > 0.
    km_animal, km_human : float, optional
        Km factors (kg/m^2), > 0. Default: mouse and 60-kg adult human.

    Returns
    -------
    float
        Human-equivalent dose in mg/kg.

    Notes
    -----
    This scaling is for drugs. Exercise "dose" does not scale this way; see the
    mouse-to-human chapter.
    """
    animal_dose_mg_per_kg = _check_positive("animal_dose_mg_per_kg", animal_dose_mg_per_kg)
    km_a = _check_positive("km_animal", translation_constant("km_mouse")
                           if km_animal is None else km_animal)
    km_h = _check_positive("km_human", translation_constant("km_human")
                           if km_human is None else km_human)
    result = animal_dose_mg_per_kg * km_a / km_h
    if not math.isfinite(result):
        raise ValueError("animal_dose_mg_per_kg is too large to scale")
    return result
