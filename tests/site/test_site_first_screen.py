"""A reader who stops after the first screen of a finding chapter has the answer.

At a desktop width (1280 x 800) and a phone width (390 x 844), the first viewport of every
finding chapter shows the "Bottom line" box's verdict and its first plain sentences, and
on a phone nothing in the main column is wider than the screen.
"""

from __future__ import annotations

from typing import Any

import pytest
import sitekit as kit

pytestmark = pytest.mark.site

FIRST_SCREEN_JS = r"""
() => {
  const box = document.querySelector(".admonition.bottom-line");
  if (!box) return {box: false};
  const rect = box.getBoundingClientRect();
  const verdict = [...box.querySelectorAll("p")].find((p) => p.textContent.trim().startsWith("Verdict:"));
  const vRect = verdict ? verdict.getBoundingClientRect() : null;
  const main = document.querySelector("main") || document.body;
  const wide = [...main.querySelectorAll("*")].filter((el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= document.documentElement.clientWidth + 1) return false;
    // inside a horizontally scrollable container is fine: the page itself does not scroll sideways
    for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (["auto", "scroll"].includes(style.overflowX) && p.scrollWidth > p.clientWidth) return false;
    }
    return true;
  }).map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
  return {
    box: true, top: rect.top, verdictBottom: vRect ? vRect.bottom : null,
    verdictText: verdict ? verdict.textContent.trim() : "",
    viewport: window.innerHeight,
    pageScrollsSideways: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
    wide: wide.slice(0, 5),
  };
}
"""


def first_screen(browser: Any, server: kit.SiteServer, page: str, phone: bool) -> dict[str, Any]:
    context, _guard = kit.guarded_context(browser, server, viewport=kit.PHONE if phone else kit.DESKTOP,
                                          phone=phone)
    try:
        tab = context.new_page()
        tab.goto(server.url(page), wait_until="load", timeout=60_000)
        return tab.evaluate(FIRST_SCREEN_JS)
    finally:
        context.close()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_first_screen_gives_the_verdict(chapter, browser, server, phone):
    seen = first_screen(browser, server, chapter, phone)
    assert seen["box"], f"{chapter} has no Bottom line box (admonition with class bottom-line)"
    assert seen["verdictText"], f"{chapter}: the Bottom line box names no verdict"
    assert seen["verdictBottom"] is not None and seen["verdictBottom"] <= seen["viewport"], (
        f"{chapter}: the verdict ends {seen['verdictBottom']:.0f} px down, below the first "
        f"screen ({seen['viewport']} px)")


def test_nothing_in_the_main_column_is_wider_than_a_phone(chapter, browser, server):
    seen = first_screen(browser, server, chapter, phone=True)
    assert not seen["pageScrollsSideways"], f"{chapter} scrolls sideways on a phone: {seen['wide']}"
