"""A reader who stops after the first screen of a finding chapter has the answer.

At a desktop width (1280 x 800) and a phone width (390 x 844), the first viewport of every
finding chapter shows the "Bottom line" box's verdict and its first plain sentences, and
on a phone nothing in the main column is wider than the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sitekit as kit

pytestmark = pytest.mark.site


@pytest.fixture(scope="session")
def phone_screen(browser: Any, server: kit.SiteServer) -> Callable[[str], dict[str, Any]]:
    """``phone_screen(page)``: the first screen at the phone width, measured once per page."""
    seen: dict[str, dict[str, Any]] = {}

    def get(page: str) -> dict[str, Any]:
        if page not in seen:
            context, _guard = kit.guarded_context(browser, server, viewport=kit.PHONE, phone=True)
            try:
                tab = context.new_page()
                tab.goto(server.url(page), wait_until="load", timeout=60_000)
                seen[page] = tab.evaluate(kit.FIRST_SCREEN_JS)
            finally:
                context.close()
        return seen[page]

    return get


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_first_screen_gives_the_verdict(chapter, visit, phone_screen, phone):
    # At the desktop width, the page's light visit (kit.DESKTOP) measured it.
    seen = phone_screen(chapter) if phone else visit(chapter).first_screen
    assert seen["box"], f"{chapter} has no Bottom line box (admonition with class bottom-line)"
    assert seen["verdictText"], f"{chapter}: the Bottom line box names no verdict"
    assert seen["verdictBottom"] is not None and seen["verdictBottom"] <= seen["viewport"], (
        f"{chapter}: the verdict ends {seen['verdictBottom']:.0f} px down, below the first "
        f"screen ({seen['viewport']} px)")


def test_nothing_in_the_main_column_is_wider_than_a_phone(chapter, phone_screen):
    seen = phone_screen(chapter)
    assert not seen["pageScrollsSideways"], f"{chapter} scrolls sideways on a phone: {seen['wide']}"
