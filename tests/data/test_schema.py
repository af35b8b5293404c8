"""The data package validates, loads typed, and fails loudly when a row is broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from exneuro import data


def test_every_table_loads_with_schema_types():
    for name in data.TABLES:
        frame = data.load_table(name)
        assert isinstance(frame, pd.DataFrame)
    numbers = data.load_reported_numbers()
    assert numbers["value"].dtype == "float64"
    assert numbers["occurrences"].dtype == "Int64"
    assert str(data.load_sources()["author_named"].dtype) == "boolean"


def test_loaders_work_from_another_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(data.load_sources()) == 5


def test_environment_variable_points_at_the_data(tmp_path, monkeypatch, root):
    copy = tmp_path / "data"
    shutil.copytree(root / "data", copy)
    monkeypatch.setenv("EXNEURO_DATA", str(copy))
    assert data.data_dir() == copy.resolve()
    monkeypatch.setenv("EXNEURO_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="EXNEURO_DATA"):
        data.data_dir()


def _broken_copy(tmp_path: Path, root: Path, table: str, old: str, new: str) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(root / "data", copy)
    path = copy / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {table}.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_bad_type_names_file_row_and_column(tmp_path, root):
    copy = _broken_copy(tmp_path, root, "reported_numbers", ",28,,28 days,", ",twenty-eight,,28 days,")
    where = r"data/reported_numbers\.csv, row \d+, column 'value'"
    with pytest.raises(data.DataValidationError, match=where):
        data.load_table("reported_numbers", folder=copy)


def test_unknown_source_key_names_the_row(tmp_path, root):
    copy = _broken_copy(tmp_path, root, "reported_numbers",
                        "000-02,000_1070e3a96af4fc6b", "000-02,999_1070e3a96af4fc6b")
    with pytest.raises(data.DataValidationError, match=r"reported_numbers\.csv, row 3.*foreign key"):
        data.load_table("sources", folder=copy)


def test_missing_quote_names_row_and_column(tmp_path, root):
    copy = _broken_copy(tmp_path, root, "reported_numbers",
                        ",days,unable to use their hind legs for 28 days,", ",days,,")
    with pytest.raises(data.DataValidationError, match=r"row 3, column 'quote'"):
        data.load_table("reported_numbers", folder=copy)


def test_unknown_dispersion_kind_is_rejected(tmp_path, root):
    copy = _broken_copy(tmp_path, root, "study_results", ",none,", ",variance,")
    where = r"study_results\.csv, row \d+, column 'dispersion_kind'"
    with pytest.raises(data.DataValidationError, match=where):
        data.load_table("study_results", folder=copy)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="name must be one of"):
        data.load_table("no_such_table")
    with pytest.raises(TypeError, match="name must be a str"):
        data.load_table(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="source_id must be one of"):
        data.load_reported_numbers("999")
    with pytest.raises(TypeError, match="source_id must be a str"):
        data.load_reported_numbers(0)  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="assumption_id == 'nope'"):
        data.assumption("nope")
    with pytest.raises(ValueError, match="chapter must be one of"):
        data.load_assumptions("99-nothing")


def test_short_and_full_source_ids_agree():
    assert data.load_reported_numbers("000").equals(data.load_reported_numbers("000_1070e3a96af4fc6b"))


def test_assumption_ranges_contain_their_values():
    table = data.load_assumptions()
    bad = table[(table["value"] < table["low"]) | (table["value"] > table["high"])]
    assert bad.empty, f"assumptions outside their own range: {list(bad['assumption_id'])}"


def test_every_dispersion_has_its_kind():
    results = data.load_study_results()
    has_value = results["dispersion"].notna()
    has_kind = results["dispersion_kind"] != "none"
    assert (has_value == has_kind).all(), results.loc[has_value != has_kind, "result_id"].tolist()


def test_interval_bounds_bracket_estimates():
    effects = data.load_literature_effects()
    both = effects.dropna(subset=["ci_low", "ci_high"])
    bad = both[(both["ci_low"] > both["estimate"]) | (both["ci_high"] < both["estimate"])]
    assert bad.empty, bad["effect_id"].tolist()
    assert (both["ci_level"].notna()).all(), "every interval needs its level"


def test_the_whole_package_validates_in_full():
    # Loaders may trust an earlier validation of the same content; the tests never do.
    data.validate_package(force=True)


def test_a_validation_is_remembered_by_content_hash(tmp_path, monkeypatch, root):
    copy = tmp_path / "data"
    shutil.copytree(root / "data", copy)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("EXNEURO_VALIDATE", raising=False)
    calls = []
    real = data._validate_now
    monkeypatch.setattr(data, "_validate_now", lambda path: (calls.append(path), real(path)))

    def load_in_a_new_process():
        data._validate_cached.cache_clear()  # a new kernel has an empty memory cache
        data.load_table("sources", folder=copy)

    load_in_a_new_process()
    assert len(calls) == 1 and list((tmp_path / "cache" / "exneuro" / "validated").iterdir())
    load_in_a_new_process()
    assert len(calls) == 1, "unchanged content must not be validated twice"
    descriptor = copy / "datapackage.json"
    descriptor.write_text(descriptor.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load_in_a_new_process()
    assert len(calls) == 2, "changed content must be validated again"
    monkeypatch.setenv("EXNEURO_VALIDATE", "always")
    load_in_a_new_process()
    assert len(calls) == 3
