"""Find numerals typed by hand in a chapter's prose.

Every number a reader sees in prose must reach the page through a glue role (a value
computed from ``data/``) or a substitution, so that the one road from a data row to the
page holds (``tests/notebooks/test_numerals.py``). This module strips what is not prose
(code, roles, directives, link targets, math) and returns every numeral left that is not
of a structural kind:

* a citation year (``Adami et al. (2018)``, ``Button et al. 2013``, ``(Spalding 2013)``);
* a chapter, figure, table, exercise, section, part, cell or step number
  (``Fig. 2.1``, ``chapter 5``, ``exercise 3``);
* list numbering at the start of a line or table cell, and section numbers in headings
  (``1. ...``, ``| 2. ...``, ``## 3. Dose``);
* an identifier or a version of a named thing (``source 004``, ``Python 3.11``,
  ``CC BY 4.0``);
* the confidence level of an interval (``95 % CI``, ``95 % confidence interval``);
* part of a name (``SOD1-G93A``, ``IL-6``, ``log2``, ``NT-4``, ``Ki67``).

Anything else -- a sample size, a percentage, a dose, a duration, a date -- is reported
with its cell, its line and a little context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLE = re.compile(r"\{[a-zA-Z][\w:.-]*\}`[^`]*`")
CODE_SPAN = re.compile(r"``.+?``|`[^`\n]+`")
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})[^\n]*\n.*?^(?P=fence)\s*$", re.S | re.M)
DIRECTIVE_LINE = re.compile(r"^\s*(`{3,}|:{3,})[^\n]*$|^\s*:[\w-]+:[^\n]*$", re.M)
DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)[^$\n]+?(?<!\s)\$")
LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")
LABEL = re.compile(r"^\s*\([\w:.-]+\)=\s*$", re.M)
HTML = re.compile(r"<!--.*?-->|<[^>\n]+>", re.S)

NUMERAL = re.compile(r"(?<![\w.,-])[-−+]?\d+(?:[.,]\d+)*(?:\s?%)?")
# A numeral glued to letters on its left (SOD1, log2, IL-6, NT-4, G93A) is part of a name.
NAME = re.compile(r"[A-Za-z]+\d|[A-Za-z]-\d")
CITATION_YEAR = re.compile(
    r"(?:et al\.?|[A-Z][\w'’-]+(?: and [A-Z][\w'’-]+)?|&\s?[A-Z][\w'’-]+),?\s\(?(?:19|20)\d{2}[a-z]?\)?$")
STRUCTURAL_WORD = re.compile(
    r"(?:\b(?:Fig|Figs|Figure|Figures|figure|figures|chapter|Chapter|chapters|Chapters|section|Section|"
    r"sections|exercise|Exercise|exercises|Exercises|table|Table|tables|part|Part|cell|Cell|cells|"
    r"step|Step|steps|equation|Equation|item|Item|version|Version|Source|source|sources|Python|BY|lesson|"
    r"Lesson)\.?\s(?:[\d.]+(?:,\s|\sand\s|–|-))*)$")
CONFIDENCE = re.compile(r"^\s?(?:%\s)?(?:CI|confidence|credible|interval|prediction interval|compatibility)")


@dataclass(frozen=True)
class Numeral:
    """A numeral found in prose: where, what, and the text around it."""

    cell: int
    line: int
    token: str
    context: str

    def __str__(self) -> str:
        return f"markdown cell {self.cell}, line {self.line}: {self.token!r} in \u201c{self.context}\u201d"


def _blank(match: re.Match[str]) -> str:
    # Keep line structure so that line numbers stay right.
    return "".join("\n" if ch == "\n" else " " for ch in match.group(0))


def prose_only(text: str) -> str:
    """``text`` with code, roles, directives, math, link targets and labels blanked out."""
    for pattern in (FENCE, DISPLAY_MATH, ROLE, CODE_SPAN, INLINE_MATH, LINK_TARGET, LABEL, HTML,
                    DIRECTIVE_LINE):
        text = pattern.sub(_blank, text)
    return text


def _structural(line: str, start: int, end: int, token: str) -> bool:
    before, after = line[:start], line[end:]
    if NAME.search(before[-2:] + token[:1]) or re.match(r"^[A-Za-z]", after):
        return True  # part of a name: SOD1-G93A, log2, 5HT2A-like, G93A
    if re.match(r"^\s*\d+\.\s", line) and line.lstrip().startswith(token) and before.strip() == "":
        return True  # list numbering
    if re.search(r"(?:^\s*#+|\|)\s*$", before) and after.startswith(". "):
        return True  # a numbered heading or a numbered row of a table
    core = token.strip("−-+ %")
    closing = ")" if after.startswith(")") else ""
    if re.fullmatch(r"(?:19|20)\d{2}", core) and CITATION_YEAR.search(before + core + closing):
        return True
    if re.fullmatch(r"(?:19|20)\d{2}", core) and re.search(r"\(\s*$", before) \
            and re.search(r"^[a-z]?\s*[;,)]", after) \
            and re.search(r"[A-Z][\w'’-]+(?: et al\.?)?,?\s*\(?\s*$", before):
        return True
    if STRUCTURAL_WORD.search(before):
        return True
    if core in ("90", "95", "99") and (token.endswith("%") or after.lstrip().startswith("%")):
        rest = after.lstrip()
        rest = rest[1:] if rest.startswith("%") else rest
        if CONFIDENCE.match(rest):
            return True
    return False


def hand_typed_numerals(cells: list[str]) -> list[Numeral]:
    """Every numeral in the given Markdown cells that is not glued and not structural."""
    found = []
    for index, text in enumerate(cells):
        prose = prose_only(text)
        for line_no, line in enumerate(prose.splitlines(), start=1):
            for match in NUMERAL.finditer(line):
                token = match.group(0).strip()
                if not re.search(r"\d", token):
                    continue
                if _structural(line, match.start(), match.end(), match.group(0)):
                    continue
                context = " ".join(text.splitlines()[line_no - 1].split())
                lo = max(0, context.find(token) - 40)
                found.append(Numeral(index, line_no, token, context[lo:lo + 100]))
    return found


def markdown_cells(path: "Path") -> list[str]:
    """The Markdown a chapter file shows as prose: a notebook's Markdown cells, or an .md page."""
    import json

    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


if __name__ == "__main__":  # python tests/notebooks/numerals.py chapters/02-*/*.ipynb
    import sys
    from pathlib import Path

    total = 0
    for argument in sys.argv[1:]:
        found = hand_typed_numerals(markdown_cells(Path(argument)))
        total += len(found)
        for numeral in found:
            print(f"{argument}: {numeral}")
    print(f"{total} numeral(s) typed by hand")
    sys.exit(1 if total else 0)
