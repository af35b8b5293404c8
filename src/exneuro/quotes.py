"""Numbers read back from the verbatim quotes in ``data/``.

Every row of ``data/`` that comes from a paper carries the shortest verbatim quote that
contains its numbers. Some analyses need a number that the quote states but no column
holds: the arm means and SDs behind a derived effect ("32.8 ± 6.5 vs 28.7 ± 7.5"), a
printed p-value with its number of decimals ("p = 0.005"), an interval given in words
("CI = 2.7–15.6"). The parsers here read them, so that chapters and the provenance tests
read quotes the same way, and each fails loudly when the quote does not say what it is
asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from exneuro._validate import as_text

__all__ = [
    "ReportedP",
    "interval",
    "mean_sd_pairs",
    "reported_p",
]

_NUMBER = r"-?\d+(?:\.\d+)?"
_MEAN_SD = re.compile(rf"({_NUMBER}) ± (\d+(?:\.\d+)?)")
# "p = 0.005", "p < 0.001", "p-value = 0.01", "p=0.02"; not the P of "SMD" or "P = " in capitals.
_P_VALUE = re.compile(r"(?<![A-Za-z])p(?:-value)?\s*(<=|>=|=|<|>|≤|≥)\s*(\d*\.?\d+)")
# "CI = 2.7–15.6", "(CI) 0.24 to 1.82", "95% CI [-0.91; 0.11]", "95%-CI: 0.25–0.50"
_INTERVAL = re.compile(rf"CI\)?\s*[=:]?\s*\[?\s*({_NUMBER})\s*(?:–|-|to|;)\s*({_NUMBER})")


def _quote(text: object) -> str:
    return as_text(text, "quote")


def mean_sd_pairs(quote: str) -> list[tuple[float, float]]:
    """Every "mean ± SD" pair in a quote, in order.

    Parameters
    ----------
    quote : str
        A verbatim quote, e.g. ``"32.8 ± 6.5 vs 28.7 ± 7.5, p = 0.0298"``.

    Returns
    -------
    list of (mean, sd) tuples of float
        Empty when the quote holds no such pair.

    Raises
    ------
    TypeError
        If ``quote`` is not a string.
    ValueError
        If it is empty.

    Examples
    --------
    >>> mean_sd_pairs("32.8 ± 6.5 vs 28.7 ± 7.5, p = 0.0298")
    [(32.8, 6.5), (28.7, 7.5)]
    """
    return [(float(mean), float(sd)) for mean, sd in _MEAN_SD.findall(_quote(quote))]


@dataclass(frozen=True)
class ReportedP:
    """A p-value as printed.

    Attributes
    ----------
    relation : str
        ``"="``, ``"<"``, ``">"``, ``"<="`` or ``">="`` (``≤`` and ``≥`` are read as the
        last two).
    text : str
        The number as printed, e.g. ``"0.020"``.
    """

    relation: str
    text: str

    @property
    def value(self) -> float:
        """The printed number."""
        return float(self.text)

    @property
    def decimals(self) -> int:
        """Decimals as printed, trailing zeros included (``"0.020"`` has 3)."""
        return len(self.text.partition(".")[2])

    def __str__(self) -> str:
        return f"{self.relation} {self.text}"


def reported_p(quote: str) -> ReportedP:
    """The first p-value printed in a quote.

    Parameters
    ----------
    quote : str
        A verbatim quote, e.g. ``"Hedges' g = 0.27, p = 0.005"`` or
        ``"SMD −0.51, 95% CI [-0.91; 0.11], p-value = 0.01"``.

    Returns
    -------
    ReportedP

    Raises
    ------
    TypeError
        If ``quote`` is not a string.
    ValueError
        If it is empty or prints no p-value (a lower-case ``p`` or ``p-value`` followed by
        a relation and a number).

    Examples
    --------
    >>> p = reported_p("Hedges' g = 0.59, p = 0.020")
    >>> str(p), p.value, p.decimals
    ('= 0.020', 0.02, 3)
    """
    match = _P_VALUE.search(_quote(quote))
    if match is None:
        raise ValueError(f"quote must print a p-value such as 'p = 0.01', got {quote!r}")
    relation = {"≤": "<=", "≥": ">="}.get(match.group(1), match.group(1))
    return ReportedP(relation=relation, text=match.group(2))


def interval(quote: str) -> tuple[float, float]:
    """The first confidence interval printed after "CI" in a quote.

    Parameters
    ----------
    quote : str
        A verbatim quote, e.g. ``"elevated by 9.1 ± 3.3 cm s−1 (CI = 2.7–15.6, P = 0.006)"``.

    Returns
    -------
    low, high : float

    Raises
    ------
    TypeError
        If ``quote`` is not a string.
    ValueError
        If it is empty or prints no interval after "CI".

    Examples
    --------
    >>> interval("(CI = 2.7–15.6, P = 0.006)")
    (2.7, 15.6)
    >>> interval("SMD −0.51, 95% CI [-0.91; 0.11], p-value = 0.01")
    (-0.91, 0.11)
    """
    match = _INTERVAL.search(_quote(quote))
    if match is None:
        raise ValueError(f"quote must print an interval such as 'CI = 2.7–15.6', got {quote!r}")
    return float(match.group(1)), float(match.group(2))
