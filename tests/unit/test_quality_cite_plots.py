"""Source-quality score, citation text and the book's figure helpers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import yaml

import exneuro
from exneuro import cite, data, plots, quality

# --- quality ------------------------------------------------------------------------------

def test_score_counts_true_criteria():
    card = {name: False for name in quality.QUALITY_CRITERIA}
    assert quality.source_quality_score(card) == 0
    card["author_named"] = True
    card["states_species"] = True
    assert quality.source_quality_score(card) == 2
    assert quality.source_quality_score({n: True for n in quality.QUALITY_CRITERIA}) == 12


def test_score_rejects_missing_or_non_boolean_fields():
    with pytest.raises(ValueError, match="card lacks"):
        quality.source_quality_score({"author_named": True})
    card = {name: False for name in quality.QUALITY_CRITERIA}
    card["date_given"] = "yes"
    with pytest.raises(TypeError, match=r"card\['date_given'\] must be a bool, got str"):
        quality.source_quality_score(card)


def test_table_matches_scores_of_each_card():
    sources = data.load_sources()
    table = quality.source_quality_table(sources)
    assert list(table.index) == list(sources["short_id"])
    for _, card in sources.iterrows():
        yes = sum(bool(card[c]) for c in quality.QUALITY_CRITERIA)
        assert table.loc[card["short_id"], "score"] == yes
    with pytest.raises(TypeError, match="sources must be a pandas DataFrame"):
        quality.source_quality_table([1, 2])


def test_source_card_reports_what_the_data_says():
    card = quality.source_card("000").set_index("item")["what the source gives"]
    assert card["Species stated?"] == "yes"
    assert card["Sample size stated?"] == "no"
    assert "10.3389/fnins.2018.00336" in card["Primary study identified by this book"]
    viral = quality.source_card("004").set_index("item")["what the source gives"]
    assert viral["Primary study identified by this book"] == "none identified"
    with pytest.raises(ValueError, match="short_id must be one of"):
        quality.source_card("999")
    with pytest.raises(TypeError, match="short_id must be a str"):
        quality.source_card(0)


# --- cite ---------------------------------------------------------------------------------

def test_version_is_kept_in_one_place(root):
    meta = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(meta["version"]) == exneuro.__version__
    assert f"## [{exneuro.__version__}]" in (root / "CHANGELOG.md").read_text(encoding="utf-8")


def test_chapter_citation_carries_title_version_and_path():
    text = cite.chapter_citation("A chapter", "chapters/x/y")
    assert "A chapter." in text and exneuro.__version__ in text and "chapters/x/y" in text
    assert "Ends already?" in cite.chapter_citation("Ends already?", "chapters/x/y")
    assert "Ends already?." not in cite.chapter_citation("Ends already?", "chapters/x/y")


def test_bibtex_entry_is_parseable():
    from pybtex.database import parse_string

    entry = cite.chapter_bibtex("A chapter", "chapters/02-x/hindlimb-unloading")
    bib = parse_string(entry, "bibtex")
    (key, parsed), = bib.entries.items()
    assert parsed.type == "incollection"
    assert parsed.fields["title"] == "A chapter"
    assert exneuro.__version__ in parsed.fields["edition"]


def test_cite_box_is_an_admonition():
    box = cite.cite_box("A chapter", "chapters/x/y")
    assert box.startswith("````{admonition} Cite this chapter")
    assert "```bibtex" in box


def test_citation_metadata_errors(tmp_path):
    (tmp_path / "CITATION.cff").write_text(
        "title: x\nauthors: []\nversion: 9.9.9\ndate-released: 2020-01-01\n"
    )
    with pytest.raises(ValueError, match="keep them equal"):
        cite.book_metadata(tmp_path)
    (tmp_path / "CITATION.cff").write_text("title: x\n")
    with pytest.raises(ValueError, match="lacks the required key 'authors'"):
        cite.book_metadata(tmp_path)
    with pytest.raises(ValueError, match="chapter_title must not be empty"):
        cite.chapter_citation("  ", "x")
    with pytest.raises(TypeError, match="chapter_path must be a str"):
        cite.chapter_citation("x", None)  # type: ignore[arg-type]


def test_person_authors_and_url(tmp_path):
    (tmp_path / "CITATION.cff").write_text(
        "title: T\nauthors:\n  - family-names: Doe\n    given-names: Jane\n"
        f"version: {exneuro.__version__}\ndate-released: 2026-01-02\nurl: https://example.org/book/\n"
    )
    text = cite.chapter_citation("C", "chapters/a/b", root=tmp_path)
    assert text.startswith("Doe, Jane (2026).")
    assert "https://example.org/book/chapters/a/b.html" in text
    bibtex = cite.chapter_bibtex("C", "chapters/a/b", root=tmp_path)
    assert "https://example.org/book/chapters/a/b.html" in bibtex


def _citation_file(folder, authors: str, url: str = "") -> None:
    (folder / "CITATION.cff").write_text(
        f"title: The Book\nauthors:\n{authors}version: {exneuro.__version__}\n"
        f"date-released: 2026-03-04\n" + (f"url: {url}\n" if url else ""), encoding="utf-8")


def test_every_author_of_the_citation_file_is_named_in_the_text_and_the_bibtex(tmp_path):
    from pybtex.database import parse_string

    _citation_file(tmp_path, "  - family-names: Doe\n    given-names: Jane\n"
                             "  - family-names: Beethoven\n    name-particle: van\n    given-names: Ludwig\n"
                             "  - name: The Example Lab\n", url="https://example.org/book")
    text = cite.chapter_citation("A chapter", "chapters/02-x/x", root=tmp_path)
    assert text.startswith(
        "Doe, Jane; van Beethoven, Ludwig; The Example Lab (2026). A chapter. In: The Book, ")
    assert (f"version {exneuro.__version__} (2026-03-04). https://example.org/book/chapters/02-x/x.html"
            in text)
    entry = cite.chapter_bibtex("A chapter", "chapters/02-x/x", root=tmp_path)
    (key, parsed), = parse_string(entry, "bibtex").entries.items()
    assert parsed.type == "incollection" and key == "exneuro2026x"
    people = parsed.persons["author"]
    assert [p.last_names for p in people] == [["Doe"], ["Beethoven"], ["{The Example Lab}"]]
    assert people[1].prelast_names == ["van"] and people[0].first_names == ["Jane"]
    assert parsed.fields["booktitle"] == "The Book" and parsed.fields["title"] == "A chapter"
    assert parsed.fields["url"] == "https://example.org/book/chapters/02-x/x.html"
    assert parsed.fields["date"] == "2026-03-04" and parsed.fields["year"] == "2026"
    assert f"Version {exneuro.__version__}, released 2026-03-04" == parsed.fields["note"]


def test_without_a_site_url_the_citation_says_so_and_gives_the_repository_path(tmp_path):
    from pybtex.database import parse_string

    _citation_file(tmp_path, "  - name: The Example Lab\n")
    text = cite.chapter_citation("A chapter", "chapters/02-x/x", root=tmp_path)
    assert "http" not in text
    assert text.endswith("Not yet published online; the chapter's notebook is chapters/02-x/x.ipynb "
                         "in the book's repository.")
    (_, parsed), = parse_string(cite.chapter_bibtex("A chapter", "chapters/02-x/x", root=tmp_path),
                                "bibtex").entries.items()
    assert "url" not in parsed.fields and "chapters/02-x/x.ipynb" in parsed.fields["note"]
    # An entity's name stays whole: BibTeX must not read "Lab" as a family name.
    assert str(parsed.persons["author"][0]) == "{The Example Lab}"


def test_the_book_cites_the_authors_of_its_citation_file(root):
    meta = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    names = [a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in meta["authors"]]
    assert cite.book_metadata().authors == tuple(names)
    assert cite.chapter_citation("T", "chapters/x/y").startswith("; ".join(names) + " (")
    assert cite.book_metadata().url == str(meta.get("url", ""))


@pytest.mark.parametrize(("authors", "message"), [
    ("  []\n", "at least one author"),
    ("  - affiliation: Nowhere\n", "neither 'family-names' nor 'name'"),
    ("  - just a string\n", "must be a mapping"),
])
def test_citation_authors_must_name_someone(tmp_path, authors, message):
    _citation_file(tmp_path, authors)
    with pytest.raises(ValueError, match=message):
        cite.book_metadata(tmp_path)


def test_reference_list_formats_and_sorts():
    listing = cite.reference_list(["spalding2013", "adami2018"])
    lines = listing.splitlines()
    assert lines[0].startswith("- Adami R") and "(2018)" in lines[0]
    assert "doi:10.1016/j.cell.2013.05.002" in lines[1]
    assert "et al." in lines[1]  # more than six authors
    with pytest.raises(KeyError, match="nosuchkey"):
        cite.reference_list(["nosuchkey"])
    with pytest.raises(TypeError, match="keys must be a list"):
        cite.reference_list("adami2018")  # type: ignore[arg-type]


# --- plots --------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_theme_gives_opaque_white_figures():
    plots.set_theme()
    assert plt.rcParams["savefig.transparent"] is False
    assert plt.rcParams["figure.facecolor"] == "white"


def test_power_curve_labels_axes():
    frame = pd.DataFrame({"n": [3, 5, 8, 3, 5, 8], "power": [0.1, 0.3, 0.6, 0.2, 0.5, 0.9],
                          "d": [0.5] * 3 + [1.0] * 3})
    ax = plots.power_curve(frame, x="n", hue="d", xlabel="mice per group (n)")
    assert ax.get_xlabel() == "mice per group (n)"
    assert "power" in ax.get_ylabel()
    with pytest.raises(ValueError, match="x='missing' is not a column of frame"):
        plots.power_curve(frame, x="missing", xlabel="x")
    # issue 15: a target power outside (0, 1) or of the wrong type was drawn silently
    for bad, error in [(float("nan"), ValueError), (1.5, ValueError), ("0.8", TypeError)]:
        with pytest.raises(error, match="target"):
            plots.power_curve(frame, x="n", xlabel="x", target=bad)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plots.power_curve(frame, x="n", xlabel="x", ax="not an axes")


def test_heatmap_design_and_forest_plots():
    grid = pd.DataFrame({"n": [3, 3, 5, 5], "cv": [0.1, 0.2, 0.1, 0.2], "v": [1.0, 2.0, 3.0, 4.0]})
    ax = plots.sensitivity_heatmap(grid, x="n", y="cv", value="v", xlabel="n (units)",
                                   ylabel="CV (SD/mean)", colorbar_label="v (units)")
    assert ax.get_xlabel() == "n (units)"
    curve = pd.DataFrame({"true_effect": [0.1, 0.2], "power": [0.1, 0.2], "type_s": [0.1, 0.0],
                          "exaggeration": [3.0, 1.5]})
    ax = plots.design_analysis_plot(curve, xlabel="true effect (SD units)")
    assert ax.get_ylabel() == "probability"
    assert ax.figure.axes[-1].get_yscale() == "log"
    ax = plots.design_analysis_plot(curve, xlabel="true effect (SD units)", exaggeration_scale="linear")
    right = ax.figure.axes[-1]
    assert right.get_yscale() == "linear" and "log" not in right.get_ylabel()
    with pytest.raises(ValueError, match="^exaggeration_scale"):
        plots.design_analysis_plot(curve, xlabel="x", exaggeration_scale="symlog")
    forest = pd.DataFrame({"label": ["a", "b"], "estimate": [0.3, 0.5], "ci_low": [0.1, np.nan],
                           "ci_high": [0.5, np.nan], "species": ["mouse", "human"]})
    ax = plots.forest_plot(forest, group="species", xlabel="standardized effect (SMD)")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    with pytest.raises(ValueError, match="at least one row"):
        plots.forest_plot(forest.iloc[0:0], xlabel="x")
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        plots.forest_plot([1], xlabel="x")


def test_heatmap_marks_the_boundary_of_a_value():
    # 2 x 3 grid (rows cv 0.1, 0.2; columns n 3, 4, 5); values at or above 0 in three cells
    grid = pd.DataFrame({"n": [3, 4, 5, 3, 4, 5], "cv": [0.1] * 3 + [0.2] * 3,
                         "v": [-2.0, -1.0, -0.5, -0.5, 0.0, 0.5]})
    ax = plots.sensitivity_heatmap(grid, x="n", y="cv", value="v", xlabel="n", ylabel="cv",
                                   colorbar_label="v", mark=0)
    segments = sorted(tuple(map(tuple, line.get_xydata().tolist())) for line in ax.get_lines())
    # (cv 0.2, n 4) and (cv 0.2, n 5) are at or above 0: a horizontal edge under each, and
    # a vertical edge between n 3 and n 4 in the cv 0.2 row
    assert segments == [((1.0, 1.0), (1.0, 2.0)), ((1.0, 1.0), (2.0, 1.0)),
                        ((2.0, 1.0), (3.0, 1.0))]
    colorbar = ax.collections[0].colorbar
    assert [line.get_ydata()[0] for line in colorbar.ax.get_lines()] == [0]
    unmarked = plots.sensitivity_heatmap(grid, x="n", y="cv", value="v", xlabel="n",
                                         ylabel="cv", colorbar_label="v")
    assert unmarked.get_lines() == []
    with pytest.raises(ValueError, match="^mark"):
        plots.sensitivity_heatmap(grid, x="n", y="cv", value="v", xlabel="n", ylabel="cv",
                                  colorbar_label="v", mark=float("nan"))


def test_reference_list_handles_prefixes_others_accents_and_misc(tmp_path):
    (tmp_path / "references.bib").write_text(
        "@article{a, author={van Praag, Henriette and Gage, Fred H.}, title={T}, journal={J},"
        " year={1999}, volume={2}, pages={266--270}, doi={10.1/a}}\n"
        "@misc{b, author={Pan and Banks and others}, title={U}, howpublished={Some Journal 37},"
        " year={1998}, url={https://example.org/u}}\n"
        "@article{c, author={Just-Borr{\\`a}s, Laia}, title={V}, journal={K}, year={2020}, doi={10.1/c}}\n",
        encoding="utf-8",
    )
    lines = cite.reference_list(["a", "b", "c"], root=tmp_path).splitlines()
    assert lines[0].startswith("- Just-Borràs L (2020)")
    assert lines[1] == "- Pan, Banks et al. (1998). U. *Some Journal 37*. <https://example.org/u>"
    assert lines[2].startswith("- van Praag H, Gage FH (1999). T. *J 2:266–270*.")


def test_figures_are_svg_of_whole_pixels_on_an_opaque_background():
    import re

    import matplotlib.pyplot as plt

    from exneuro import plots

    plots.set_theme()
    figure, ax = plt.subplots(figsize=(3.33, 2.1))
    ax.plot([0, 1], [0, 1])
    svg = plots.figure_svg(figure)
    width, height, view_w, view_h = map(float, re.search(
        r'width="(\d+)px" height="(\d+)px" viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    assert view_w == width * 0.75 and view_h == height * 0.75  # 1 pt = 4/3 px
    assert f'<rect width="{view_w:g}" height="{view_h:g}" fill="#ffffff"/>' in svg
    assert "<dc:date>" not in svg
    assert plots.figure_svg(figure) == svg, "the same figure must give the same SVG"
    plt.close(figure)
    with pytest.raises(TypeError, match="figure"):
        plots.figure_svg(ax)

def test_plot_arguments_are_named():
    grid = pd.DataFrame({"n": [3, 3, 5, 5], "cv": [0.1, 0.2, 0.1, 0.2], "v": [1.0, 2.0, 3.0, 4.0]})
    labels = {"xlabel": "n", "ylabel": "cv", "colorbar_label": "v"}
    with pytest.raises(ValueError, match="fmt must be a format specification"):
        plots.sensitivity_heatmap(grid, x="n", y="cv", value="v", fmt=".2q", **labels)
    with pytest.raises(ValueError, match="cmap must be the name of a matplotlib colour map"):
        plots.sensitivity_heatmap(grid, x="n", y="cv", value="v", cmap="nope", **labels)
    with pytest.raises(TypeError, match="xlabel must be a str"):
        plots.forest_plot(pd.DataFrame({"label": ["a"], "estimate": [0.3], "ci_low": [0.1],
                                        "ci_high": [0.5]}), xlabel=3)


# --- author-year labels ---------------------------------------------------------------

def test_author_year_from_the_bibliography_and_fallbacks():
    assert cite.author_year("button2013") == "Button et al. 2013"
    assert cite.author_year("gelman2014") == "Gelman & Carlin 2014"
    # the bibliography writes Just-Borr{\`a}s; the label shows the letter, not the LaTeX
    assert cite.author_year("justborras2020") == "Just-Borràs et al. 2020"
    assert cite.author_year("frontiers2018press") == "Bishop 2018"
    assert cite.author_year("nosuchkey2001") == "Nosuchkey 2001"
    assert cite.author_year("odd-key") == "odd-key"
    with pytest.raises(ValueError, match="key must not be empty"):
        cite.author_year("")
    with pytest.raises(TypeError, match="key must be a str"):
        cite.author_year(2013)


def test_author_year_treats_others_as_et_al(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{smith2020, author={Smith, A. and others}, title={T}, year={2020}}\n"
                   "@article{solo2019, author={Solo, B.}, title={T}, year={2019}}\n",
                   encoding="utf-8")
    assert cite.author_year("smith2020", bib) == "Smith et al. 2020"
    assert cite.author_year("solo2019", bib) == "Solo 2019"
