"""The site checks catch what they claim to catch.

Hand-written pages, each broken in one way (a dead link, a missing anchor, a figure
without alt text, a JavaScript error, a request to another host...), are served and loaded
in Chromium exactly like the book's pages; each check must report its fault, and report
nothing on a page that is fine. So a green run of ``test_site_pages.py`` means something.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sitekit as kit
from PIL import Image

pytestmark = pytest.mark.site

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - fixture</title></head>
<body><main><h1 id="top">{title}</h1>
{body}
</main></body></html>
"""

PAGES = {
    "good.html": """
<p id="intro">A page with nothing wrong: <a href="other.html#section">a link</a>,
<a href="#intro">an anchor</a>, <a href="https://doi.org/10.1000/182">an external link</a>.</p>
<img src="opaque.png" alt="A black diagonal line on a white background.">
<div class="cell"><div class="cell_input"><pre>print(1)</pre></div>
  <div class="cell_output"><pre>1</pre></div></div>
<div class="tip cite-this-chapter admonition"><p>Cite this chapter</p></div>
<div class="dropdown-download-buttons"><a href="notebook.ipynb">.ipynb</a></div>
<table><thead><tr><th>row</th><th>value</th></tr></thead><tbody>
  <tr><th>one</th><td>1</td></tr><tr><th>two</th><td>2</td></tr>
  <tr><th>three</th><td>3</td></tr><tr><th>four</th><td>4</td></tr></tbody></table>
""",
    "other.html": '<h2 id="section">A section</h2><p>Linked to from good.html.</p>',
    "broken_link.html": '<p><a href="missing.html">A dead link</a> and '
    '<a href="other.html#no-such-anchor">a dead anchor</a>.</p>',
    "no_alt.html": '<img src="opaque.png"><img src="opaque.png" alt="  ">'
    '<img src="missing.png" alt="An image that is not there.">',
    "js_error.html": "<p>Scripts fail here.</p><script>undefinedFunction();</script>"
    '<script>console.error("something went wrong");</script>',
    "missing_script.html": '<p>A script that is not there.</p><script src="no-such.js"></script>',
    "offsite.html": '<p>Third-party resources.</p>'
    '<link rel="preconnect" href="https://fonts.example.com">'
    '<img src="https://cdn.example.com/pixel.png" alt="A tracking pixel.">'
    '<script>fetch("https://analytics.example.com/collect").catch(() => {});</script>',
    "transparent.html": '<img src="transparent.png" alt="A black line on a transparent background.">',
    "outputs.html": """
<div class="cell"><div class="cell_input"><pre>plt.show()</pre></div>
  <div class="cell_output"><pre>&lt;Figure size 640x480 with 1 Axes&gt;</pre></div></div>
<div class="cell"><div class="cell_input"><pre>pass</pre></div><div class="cell_output"></div></div>
<div class="cell"><div class="cell_input"><pre>raise</pre></div>
  <div class="cell_output"><div class="output traceback"><pre>Traceback</pre></div></div></div>
<div class="cell"><div class="cell_input"><pre>fig</pre></div>
  <div class="cell_output"><img src="missing.png" alt="A figure that did not load."></div></div>
""",
    "math.html": '<p>Math that nothing typesets: <span class="math notranslate">\\(x^2\\)</span>.</p>',
    "inaccessible.html": '<form><input type="text"></form>'
    '<p style="color:#777;background:#888">Low contrast text.</p>',
    # Two paragraphs styled alike, one faded by its container: not the same text style.
    "faded.html": '<p>Plain text.</p><div style="opacity:0.25"><p>Faded text.</p></div>',
    # Sixty rows alike but one, whose low-contrast style no other text on the page has.
    "long_table.html": "<table><tbody>" + "".join(
        "<tr><td{}>row {}</td></tr>".format(' style="color:#777;background:#888"' if row == 40 else "", row)
        for row in range(1, 61)) + "</tbody></table>",
}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fixture-site")
    for name, body in PAGES.items():
        title = name.removesuffix(".html").replace("_", " ").capitalize()
        (folder / name).write_text(PAGE.format(title=title, body=body), encoding="utf-8")
    opaque = Image.new("RGB", (120, 80), "white")
    transparent = Image.new("RGBA", (120, 80), (0, 0, 0, 0))
    for image in (opaque, transparent):
        for i in range(80):
            image.putpixel((i, i), (0, 0, 0) if image.mode == "RGB" else (0, 0, 0, 255))
    opaque.save(folder / "opaque.png")
    transparent.save(folder / "transparent.png")
    (folder / "notebook.ipynb").write_text('{"cells": []}', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def fixture_server(fixture_site) -> kit.SiteServer:
    with kit.SiteServer(fixture_site) as server:
        yield server


@pytest.fixture(scope="module")
def report(browser, fixture_server):
    cache: dict[tuple[str, bool], kit.PageReport] = {}

    def get(name: str, dark: bool = False) -> kit.PageReport:
        if (name, dark) not in cache:
            cache[(name, dark)] = kit.visit(browser, fixture_server, name, dark=dark)
        return cache[(name, dark)]

    return get


def test_a_good_page_passes_every_check(report, fixture_server):
    page = report("good.html")
    assert page.status == 200
    for check in (
        kit.load_problems, kit.console_problems, kit.request_problems, kit.offline_problems,
        kit.alt_text_problems, kit.output_problems, kit.math_problems, kit.axe_problems,
        kit.dark_mode_problems, kit.chapter_feature_problems,
    ):
        assert check(page) == [], check.__name__
    assert kit.link_problems(page, fixture_server) == []
    assert kit.dark_mode_problems(report("good.html", dark=True)) == []


def test_a_broken_link_and_a_broken_anchor_fail(report, fixture_server):
    problems = kit.link_problems(report("broken_link.html"), fixture_server)
    assert len(problems) == 2, problems
    assert "'missing.html'" in problems[0] and "HTTP 404" in problems[0]
    assert "no id 'no-such-anchor'" in problems[1]


def test_a_figure_without_alt_text_fails(report):
    problems = kit.alt_text_problems(report("no_alt.html"))
    assert problems == [
        "image without alt text: opaque.png",
        "image without alt text: opaque.png",
        "image did not load: missing.png",
    ]


def test_a_javascript_error_fails(report):
    problems = kit.console_problems(report("js_error.html"))
    assert any("JavaScript error" in p and "undefinedFunction" in p for p in problems), problems
    assert any("console error: something went wrong" in p for p in problems), problems


def test_a_missing_local_resource_fails(report):
    page = report("missing_script.html")
    assert any("no-such.js" in p and "404" in p for p in kit.request_problems(page))
    assert kit.console_problems(page)  # Chromium also logs the failed load


def test_requests_to_other_hosts_are_blocked_and_fail(report):
    page = report("offsite.html")
    problems = kit.offline_problems(page)
    blocked = " ".join(page.blocked_requests)
    assert "cdn.example.com/pixel.png" in blocked and "analytics.example.com" in blocked
    assert any("request to another host" in p for p in problems)
    assert any("resource from another host: https://fonts.example.com" in p for p in problems)


def test_a_transparent_figure_fails_in_dark_mode(report):
    page = report("transparent.html", dark=True)
    problems = kit.dark_mode_problems(page)
    assert len(problems) == 1 and "transparent background" in problems[0], problems


def test_unrendered_code_cell_outputs_fail(report):
    problems = kit.output_problems(report("outputs.html"))
    assert any("cell 1" in p and "<Figure size 640x480 with 1 Axes>" in p for p in problems), problems
    assert any("cell 2" in p and "empty" in p for p in problems), problems
    assert any("cell 3" in p and "error" in p for p in problems), problems
    assert any("cell 4" in p and "did not load" in p for p in problems), problems


def test_a_stored_output_missing_from_the_page_fails(report):
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "# Title"},
        {"cell_type": "code", "metadata": {}, "outputs": [
            {"output_type": "stream", "name": "stdout", "text": "1\n"}]},
        {"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "outputs": []},
    ]}
    assert kit.expected_outputs(notebook) == [True]
    page = report("good.html")
    assert kit.output_problems(page, notebook) == []
    notebook["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [
        {"output_type": "display_data", "data": {"text/plain": "x"}, "metadata": {}}]})
    assert kit.output_problems(page, notebook) == [
        "the notebook has 2 rendered code cells, the page 1"
    ]
    glue_only = {"output_type": "display_data", "metadata": {"scrapbook": {}},
                 "data": {"application/papermill.record/text/plain": "1.0"}}
    assert kit.expected_outputs({"cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [glue_only]},
        {"cell_type": "code", "metadata": {"tags": ["remove-output"]}, "outputs": [
            {"output_type": "stream", "name": "stdout", "text": "hidden\n"}]},
    ]}) == [False, False]


def test_untypeset_math_fails(report):
    problems = kit.math_problems(report("math.html"))
    assert problems == ["1 math element(s) but MathJax did not load"]


def test_serious_accessibility_violations_fail(report):
    problems = kit.axe_problems(report("inaccessible.html"))
    assert any("label" in p and "critical" in p for p in problems), problems
    assert any("color-contrast" in p and "serious" in p for p in problems), problems


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_one_cell_styled_apart_in_a_long_table_fails(report, dark):
    """Contrast is checked once per text style: a style that only one cell has is checked."""
    problems = kit.axe_problems(report("long_table.html", dark=dark))
    assert len(problems) == 1 and "color-contrast" in problems[0], problems
    assert "tr:nth-child(40) > td" in problems[0], problems


def test_text_faded_by_its_container_is_checked_apart(report):
    problems = kit.axe_problems(report("faded.html"))
    assert len(problems) == 1 and "color-contrast" in problems[0] and "div > p" in problems[0], problems


def test_a_chapter_without_cite_box_or_notebook_download_fails(report):
    problems = kit.chapter_feature_problems(report("other.html"))
    assert len(problems) == 2 and "cite-this-chapter" in problems[0] and ".ipynb" in problems[1]


def test_a_chapter_without_its_bundle_fails(report, fixture_server):
    problems = kit.bundle_problems(report("other.html"), fixture_server)
    assert len(problems) == 1 and "runnable bundle" in problems[0]


def test_pages_are_discovered_from_the_built_site(fixture_site, tmp_path):
    pages = kit.discover_pages(fixture_site, root=None)
    assert "good.html" in pages and "other.html" in pages
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: other\nparts:\n  - chapters:\n      - file: good\n"
        "        sections:\n          - file: js_error\n"
    )
    ordered = kit.discover_pages(fixture_site, root=tmp_path)
    assert ordered[:3] == ["other.html", "good.html", "js_error.html"]
    assert sorted(ordered) == sorted(pages)
    assert kit.is_finding_chapter("chapters/05-als-running-swimming/als-running-swimming.html")
    assert not kit.is_finding_chapter("chapters/10-glossary/glossary.html")


def test_the_benchmark_server_sends_text_gzip_compressed_like_a_static_host(fixture_site):
    import gzip
    import urllib.request

    with kit.SiteServer(fixture_site, compress=True) as server:
        request = urllib.request.Request(server.url("good.html"), headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            body = gzip.decompress(response.read())
        with urllib.request.urlopen(server.url("opaque.png")) as response:  # already compressed
            assert response.headers["Content-Encoding"] is None
    assert body == (fixture_site / "good.html").read_bytes()
