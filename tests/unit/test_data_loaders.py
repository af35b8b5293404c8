"""Loader arguments of exneuro.data: exact ids, clear errors (issue 15)."""

from __future__ import annotations

import pandas as pd
import pytest

from exneuro import data


def test_load_claims_matches_source_ids_exactly():
    every = data.load_claims()
    by_short = data.load_claims("001")
    by_full = data.load_claims("001_b803b9ca9dc4dcc8")
    assert len(by_short) > 0 and by_short.equals(by_full)
    assert set(by_short["source_id"]) == {"001_b803b9ca9dc4dcc8"}
    assert len(by_short) == (every["source_id"] == "001_b803b9ca9dc4dcc8").sum()
    # a known source without claims gives an empty table, not an error
    assert data.load_claims("000").empty


@pytest.mark.parametrize("bad", ["no_such_id", "0", "00", "001_", ""])
def test_load_claims_rejects_unknown_ids(bad):
    # before 0.2.0 an unknown id gave an empty frame and "0" matched every source by prefix
    with pytest.raises(ValueError, match="source_id must be one of"):
        data.load_claims(bad)


def test_loader_argument_types():
    with pytest.raises(TypeError, match="source_id must be a str"):
        data.load_claims(1)
    with pytest.raises(TypeError, match="chapter must be a str"):
        data.load_assumptions(2)
    with pytest.raises(TypeError, match="folder must be a path"):
        data.load_table("claims", folder=3)
    with pytest.raises(TypeError, match="folder must be a path"):
        data.validate_package(folder=3.5)
    with pytest.raises(ValueError, match="assumption_id must not be empty"):
        data.assumption("")
    # an unknown id is still a KeyError naming the key, as before
    with pytest.raises(KeyError, match="assumption_id == 'nope'"):
        data.assumption("nope")


def test_planning_settings_come_from_the_assumptions():
    assert data.planning_settings(data.load_table("assumptions")) == (
        data.assumption("conventional_alpha"), data.assumption("conventional_power"))
    with pytest.raises(KeyError, match="conventional_power"):
        data.planning_settings(pd.DataFrame({"assumption_id": ["conventional_alpha"],
                                                  "value": [0.05]}))
    with pytest.raises(TypeError, match="assumptions must be a pandas DataFrame"):
        data.planning_settings({"conventional_alpha": 0.05})
    assert data.planning_settings() == (0.05, 0.8)
    with pytest.raises(ValueError, match="assumptions lacks the column"):
        data.planning_settings(pd.DataFrame({"id": ["conventional_alpha"]}))


def test_reported_range_reads_value_and_value_high():
    assert data.reported_range("003-11") == (50.0, 80.0)   # "50–80%"
    assert data.reported_range("003-09") == (3.0, 3.0)     # "3 times a week"
    numbers = data.load_reported_numbers().set_index("number_id")
    assert data.reported_range("004-02") == (numbers.loc["004-02", "value"],
                                             numbers.loc["004-02", "value_high"])
    with pytest.raises(KeyError, match="no row with number_id == '999-99'"):
        data.reported_range("999-99")
