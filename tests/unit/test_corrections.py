"""The corrections log renders every correction, newest version first, linked to its chapter."""

from __future__ import annotations

import pandas as pd
import pytest

from exneuro import chapter, corrections, data


def _log(**changes):
    rows = [
        {"correction_id": "c010-001", "version": "0.10.0", "chapter": "02-hindlimb-unloading",
         "location": "the effect-size section", "said_before": "a | b", "says_now": "c",
         "why": "d", "evidence": "e"},
        {"correction_id": "c020-001", "version": "0.2.0", "chapter": "book-wide",
         "location": "the methods", "said_before": "x", "says_now": "y", "why": "z", "evidence": "w"},
    ]
    frame = pd.DataFrame(rows)
    for key, value in changes.items():
        frame[key] = value
    return frame


def test_versions_newest_first_with_links_and_escaped_pipes():
    text = corrections.corrections_markdown(_log(), {"02-hindlimb-unloading": "/chapters/02/x"})
    assert text.index("Version 0.10.0") < text.index("Version 0.2.0"), "0.10.0 is newer than 0.2.0"
    assert "**In {doc}`/chapters/02/x`**" in text and "**In book-wide**" in text
    assert "- *It said:* a \\| b" in text and "(c020-001)" in text


def test_a_location_keeps_the_case_of_its_names():
    text = corrections.corrections_markdown(_log(location="the SF1 table in “Looking back”"), {})
    assert "*The SF1 table in “Looking back”* (c020-001)" in text


def test_the_books_log_renders_and_every_chapter_folder_exists():
    log = data.load_corrections()
    documents = chapter.documents()
    assert set(log["chapter"]) <= set(documents) | {"book-wide"}
    text = corrections.corrections_markdown(log, documents)
    assert all(cid in text for cid in log["correction_id"])


def test_a_chapter_with_corrections_links_to_the_log():
    log = data.load_corrections()
    with_one = log["chapter"].iloc[0]
    if with_one == "book-wide":
        pytest.skip("the first correction is book-wide")
    note = chapter.setup(with_one, theme=False).corrections_note()
    assert "{doc}`/chapters/14-corrections/corrections`" in note
    assert chapter.setup("14-corrections", theme=False).corrections_note() == ""


def test_bad_input():
    with pytest.raises(TypeError, match="frame"):
        corrections.corrections_markdown("log", {})
    with pytest.raises(TypeError, match="documents"):
        corrections.corrections_markdown(_log(), [])
    with pytest.raises(ValueError, match="frame lacks the column"):
        corrections.corrections_markdown(_log().drop(columns="why"), {})
    assert corrections.corrections_markdown(_log().iloc[0:0], {}) == "No corrections so far."
