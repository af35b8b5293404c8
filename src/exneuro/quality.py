"""A transparency score for a source article, computed from its source card.

The score counts how many of twelve things a reader needs in order to check a claim the
article actually gives: who wrote it, when, which study, which journal, species, sample
size, duration, measure, uncertainty, researchers' own words, references, and a page free
of product advertising. It measures how checkable an article is, not whether its claim
is true. It is defined once here and used by every chapter and the synthesis.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from exneuro._validate import as_bool, as_choice

__all__ = ["QUALITY_CRITERIA", "source_card", "source_quality_score", "source_quality_table"]

#: Source-card fields that make up the score, with the question each answers.
QUALITY_CRITERIA: dict[str, str] = {
    "author_named": "Is an author named?",
    "date_given": "Does the text show a publication date?",
    "names_primary_study": "Does it name the study?",
    "names_journal": "Does it name the journal?",
    "states_species": "Does it say which species?",
    "states_sample_size": "Does it give a sample size?",
    "states_duration": "Does it give the duration?",
    "states_measure": "Does it say what was measured?",
    "states_uncertainty": "Does it give any uncertainty?",
    "quotes_researchers": "Does it quote the researchers or paper?",
    "has_references": "Does it link or list its evidence?",
    "free_of_advertising": "Is the page free of product advertising?",
}


def source_quality_score(card: Mapping[str, object] | pd.Series) -> int:
    """Number of the twelve transparency criteria a source meets (0-12).

    Parameters
    ----------
    card : mapping or pandas.Series
        One row of ``data/sources.csv`` (or any mapping with the criteria as boolean
        values).

    Returns
    -------
    int
        How many criteria are met.

    Raises
    ------
    ValueError
        If a criterion is missing from ``card``.
    TypeError
        If ``card`` is not a mapping or Series, or a criterion's value is not a boolean
        (Python or numpy).

    Examples
    --------
    >>> source_quality_score({name: True for name in QUALITY_CRITERIA})
    12
    """
    if not isinstance(card, (Mapping, pd.Series)):
        raise TypeError(f"card must be a mapping or a pandas Series, got {type(card).__name__}")
    missing = [name for name in QUALITY_CRITERIA if name not in card]
    if missing:
        raise ValueError(f"card lacks the source-card field(s): {', '.join(missing)}")
    return sum(as_bool(card[name], f"card[{name!r}]") for name in QUALITY_CRITERIA)


def source_quality_table(sources: pd.DataFrame) -> pd.DataFrame:
    """Score every source and show which criteria each meets.

    Parameters
    ----------
    sources : pandas.DataFrame
        ``data/sources.csv`` as returned by :func:`exneuro.data.load_sources`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``short_id``: one column per criterion ("yes"/"no"), then ``score``
        and ``out_of``.
    """
    if not isinstance(sources, pd.DataFrame):
        raise TypeError(f"sources must be a pandas DataFrame, got {type(sources).__name__}")
    missing = [c for c in ("short_id", *QUALITY_CRITERIA) if c not in sources.columns]
    if missing:
        raise ValueError(f"sources lacks the column(s): {', '.join(missing)}")
    rows = {}
    for _, card in sources.iterrows():
        row: dict[str, str | int] = {
            QUALITY_CRITERIA[c]: ("yes" if bool(card[c]) else "no") for c in QUALITY_CRITERIA
        }
        row["score"] = source_quality_score({c: bool(card[c]) for c in QUALITY_CRITERIA})
        row["out_of"] = len(QUALITY_CRITERIA)
        rows[card["short_id"]] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "source"
    return table


def _yes_no(value: object) -> str:
    return "yes" if bool(value) else "no"


def source_card(short_id: str) -> pd.DataFrame:
    """The source card of one article: what it gives a reader who wants to check it.

    Parameters
    ----------
    short_id : str
        Three-digit id of the source (``"000"`` to ``"004"``).

    Returns
    -------
    pandas.DataFrame
        Two columns, ``item`` and ``what the source gives``, built from
        ``data/sources.csv`` and ``data/primary_studies.csv``.
    """
    from exneuro.data import load_primary_studies, load_sources

    sources = load_sources()
    as_choice(short_id, "short_id", list(sources["short_id"]))
    card = sources.loc[sources["short_id"] == short_id].iloc[0]
    study = "none identified"
    if not pd.isna(card["primary_study"]):
        studies = load_primary_studies().set_index("bib_key")
        row = studies.loc[card["primary_study"]]
        study = f"{card['primary_study']} (doi:{row['doi']})"
    date = "not given" if pd.isna(card["date"]) else card["date"].strftime("%Y-%m-%d")
    items = [
        ("Outlet", card["outlet"]),
        ("Kind", card["kind"]),
        ("Author", card["author"] if not pd.isna(card["author"]) else "not given"),
        ("Date", f"{date} ({card['date_basis']})"),
        ("Primary study named in the text?", _yes_no(card["names_primary_study"])),
        ("Journal named?", _yes_no(card["names_journal"])),
        ("Primary study identified by this book", study),
        ("Species stated?", _yes_no(card["states_species"])),
        ("Sample size stated?", _yes_no(card["states_sample_size"])),
        ("Duration stated?", _yes_no(card["states_duration"])),
        ("Measure stated?", _yes_no(card["states_measure"])),
        ("Uncertainty given?", _yes_no(card["states_uncertainty"])),
        ("References or links to evidence?", _yes_no(card["has_references"])),
        ("Page free of product advertising?", _yes_no(card["free_of_advertising"])),
        (
            "Transparency score",
            f"{source_quality_score({c: bool(card[c]) for c in QUALITY_CRITERIA})} of "
            f"{len(QUALITY_CRITERIA)}",
        ),
    ]
    return pd.DataFrame(items, columns=["item", "what the source gives"])
