"""The book as pages: table of contents, chapter links, keyword labels and Markdown tables."""

from __future__ import annotations

import pandas as pd
import pytest

from exneuro import book


def test_toc_documents_reads_parts_chapters_and_sections_in_order(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: A\n    chapters:\n"
        "      - file: a/one.ipynb\n        sections:\n          - file: a/two\n"
        "            sections:\n              - file: a/deep.md\n"
        "          - file: a/three\n      - file: b\n"
        "      # - file: a/commented\n", encoding="utf-8")
    assert book.toc_documents(toc) == ["intro", "a/one", "a/two", "a/deep", "a/three", "b"]
    assert book.toc_documents(tmp_path / "missing.yml") == []


def test_toc_documents_of_the_book_lists_every_chapter_once_in_order():
    documents = book.toc_documents()
    assert documents[0] == "chapters/00-introduction/introduction"
    assert len(documents) == len(set(documents))
    folders = [d.split("/")[1] for d in documents]
    assert folders == sorted(folders)  # the folders are numbered in reading order


def test_toc_documents_names_the_extra_it_needs(tmp_path, monkeypatch):
    import sys

    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    # a bundle's environment: the parser is not installed (None in sys.modules blocks import)
    monkeypatch.setitem(sys.modules, "sphinx_external_toc.parsing", None)
    with pytest.raises(ImportError, match=r"exneuro\[book\]"):
        book.toc_documents(toc)
    assert book.toc_documents(tmp_path / "missing.yml") == []  # no file, nothing to parse


def test_toc_documents_rejects_a_malformed_file(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nparts: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="toc_path .* is not a valid table of contents"):
        book.toc_documents(toc)
    toc.write_text(": : :\n", encoding="utf-8")
    with pytest.raises(ValueError, match="toc_path"):
        book.toc_documents(toc)
    with pytest.raises(TypeError, match="toc_path must be a path"):
        book.toc_documents(toc_path=1)


def test_chapter_label_reads_the_folder_number():
    assert book.chapter_label("02-hindlimb-unloading") == "Chapter 2"
    assert book.chapter_label("13-reproducibility") == "Chapter 13"
    assert book.chapter_label("glossary") == "glossary"


def test_chapter_link_only_to_listed_documents():
    doc = "chapters/02-hindlimb-unloading/hindlimb-unloading"
    assert book.chapter_link(doc, [doc]) == f"{{doc}}`Chapter 2 </{doc}>`"
    assert book.chapter_link(doc, []) == "02-hindlimb-unloading"
    assert book.chapter_link(doc, None, otherwise="in preparation") == "in preparation"
    with pytest.raises(TypeError, match="toc must be a collection of document paths"):
        book.chapter_link(doc, doc)
    with pytest.raises(TypeError, match="toc must contain document paths"):
        book.chapter_link(doc, {1, 2})


def test_keyword_labels_take_the_first_keyword_in_order():
    texts = pd.Series(["BMD at the lumbar spine", "BMD at the spine", "number of fractures"],
                      index=["a", "b", "c"], name="outcome")
    labels = book.keyword_labels(texts, {"lumbar spine": "spine (lumbar)", "spine": "spine",
                                         "fractures": "fractures"})
    assert labels.to_dict() == {"a": "spine (lumbar)", "b": "spine", "c": "fractures"}
    assert labels.name == "outcome"
    with pytest.raises(ValueError, match="'BMD at the hip', which contains none"):
        book.keyword_labels(pd.Series(["BMD at the hip"]), {"spine": "spine"})


def test_markdown_table_escapes_folds_and_fills():
    frame = pd.DataFrame({"a": [1, None], "b": ["x|y", "  "], "c": ["two\nlines", "a  b"]},
                         index=["r1", "r2"])
    text = book.markdown_table(frame, index=True)
    lines = text.splitlines()
    assert lines[0] == "| index | a | b | c |"
    assert lines[1] == "|---|---|---|---|"
    assert lines[2] == "| r1 | 1.0 | x\\|y | two lines |"
    assert lines[3] == "| r2 | — | — | a b |"
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        book.markdown_table([[1]])
    wrapped = book.markdown_table(pd.DataFrame({"a": [1]}), full_width=True).splitlines()
    assert wrapped[0] == ":::{container} full-width" and wrapped[-1] == ":::"


def test_markdown_table_keeps_markup_and_round_trips_plain_cells():
    frame = pd.DataFrame({"verdict": ["**supported**"], "sources": ["{cite:p}`a2000,b2001`"]})
    row = book.markdown_table(frame).splitlines()[2]
    assert row == "| **supported** | {cite:p}`a2000,b2001` |"
    cells = [cell.strip() for cell in row.strip("|").split(" | ")]
    assert cells == list(frame.iloc[0])


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_markdown_table_flags_must_be_booleans(bad):
    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(TypeError, match="index must be a bool"):
        book.markdown_table(frame, index=bad)
    with pytest.raises(TypeError, match="full_width must be a bool"):
        book.markdown_table(frame, full_width=bad)
