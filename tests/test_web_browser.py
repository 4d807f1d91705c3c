"""The web view in a real browser: headless Chromium loads the pages `nrkb serve` serves, and the
tests read what a person would see (the DOM after the page has run) and look at screenshots."""

from __future__ import annotations

import html
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import copy_of

pytest.importorskip("datasette")
pytest.importorskip("playwright")

from playwright.sync_api import Browser as Headless
from playwright.sync_api import Page, sync_playwright

from test_web import Server

pytestmark = pytest.mark.slow  # a real browser

# Without these flags Chromium tries to reach Google's servers (this may run offline).
CHROMIUM_FLAGS = (
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
SCREEN = {"width": 1280, "height": 1000}


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI runs the browser tests: .ci/run installs Debian's chromium package")
        pytest.skip("no chromium on this machine (apt-get install chromium); CI runs these")
    return found


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, built_db: Path) -> Path:
    return copy_of(built_db, tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[Server]:
    running = Server(database)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def headless(chromium: str) -> Iterator[Headless]:
    """One headless Chromium for the module (starting one costs about a second); each test
    gets a fresh page in a fresh context, so nothing carries over between tests."""
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Browser:
    def __init__(self, headless: Headless, server: Server, shots: Path) -> None:
        self.headless = headless
        self.server = server
        self.shots = shots

    def look(self, path: str, name: str) -> str:
        """Load the page as a person would and return the DOM as the browser built it, after
        its scripts ran; a PNG of its first screen is kept and checked not to be blank."""
        from PIL import Image

        context = self.headless.new_context(viewport=SCREEN)
        try:
            page: Page = context.new_page()
            response = page.goto(self.server.url + path, wait_until="load")
            assert response is not None and response.ok, (path, response and response.status)
            dom = page.content()
            target = self.shots / f"{name}.png"
            page.screenshot(path=target)
        finally:
            context.close()
        with Image.open(target) as image:
            grey = image.convert("L")
            darkest, lightest = grey.getextrema()
            colours = grey.getcolors(maxcolors=256 * 256) or []
        assert lightest - darkest > 100, f"the screenshot of {path} is blank"
        assert len(colours) > 20, f"the screenshot of {path} is nearly blank"
        return dom


@pytest.fixture
def browser(headless: Headless, server: Server, tmp_path: Path) -> Browser:
    return Browser(headless, server, tmp_path)


def text_of(dom: str) -> str:
    """The visible words of a page, roughly: tags dropped, entities decoded, spaces joined."""
    without_code = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without_code)).split())


def cells(dom: str, column: str) -> list[str]:
    pattern = rf'<td class="[^"]*\bcol-{column}\b[^"]*"[^>]*>(.*?)</td>'
    return [text_of(cell) for cell in re.findall(pattern, dom, flags=re.S)]


def test_the_home_page_says_what_the_site_is(browser: Browser) -> None:
    dom = browser.look("/", "home")
    assert "<title>nrkb: NATO–Russia relations since 1991" in dom
    words = text_of(dom)
    assert "nrkb: NATO–Russia relations since 1991" in words
    assert "CC BY 4.0" in words and "_memory" not in words


def test_the_events_table_is_sorted_by_date_with_facets(browser: Browser) -> None:
    dom = browser.look("/nrkb/events", "events")
    words = text_of(dom)
    assert "rows sorted by date_start" in words
    starts = cells(dom, "date_start")
    assert len(starts) >= 50 and starts == sorted(starts)
    facets = re.findall(r'data-column="([a-z_]+)"', dom)
    assert {"type", "precision"} <= set(facets)
    assert "Dated events" in words  # the table's description


def test_a_search_on_the_flattened_view_finds_the_crimea_referendum(browser: Browser) -> None:
    dom = browser.look("/nrkb/events_flat?_search=crimea", "search")
    words = text_of(dom)
    assert re.search(r'\d+ rows? where search matches "crimea"', words)
    assert "2014-03-16-crimea-status-referendum" in cells(dom, "id")
    assert 'href="/nrkb/events/2014-03-16-crimea-status-referendum"' in dom


def test_an_event_page_links_its_sources(browser: Browser, database: Path) -> None:
    event = "2008-08-19-nato-suspends-formal-nrc-meetings"
    dom = browser.look(f"/nrkb/events/{event}", "event")
    links = [
        html.unescape(href)
        for href in re.findall(r'<a class="nrkb-source-link" href="([^"]+)"', dom)
    ]
    with sqlite3.connect(database) as connection:
        cited = connection.execute(
            "SELECT s.url FROM citations c JOIN sources s ON s.id = c.source_id "
            "WHERE c.record_id = ? ORDER BY c.context = 'record' DESC, c.context, c.position",
            (event,),
        ).fetchall()
    assert links == [url for (url,) in cited] and links
    words = text_of(dom)
    assert "Sources" in words and "NATO-Russia Council — suspended" in words


def test_a_canned_query_answers_the_status_of_every_institution(browser: Browser) -> None:
    path = "/nrkb/institutions_on?on=2008-10-01"
    dom = browser.look(path, "institutions-on")
    assert "Status of every institution on a date" in text_of(dom)
    rows = re.findall(r"<tr>(.*?)</tr>", dom, flags=re.S)
    council = next(row for row in rows if "/nrkb/institutions/nato-russia-council" in row)
    assert "suspended" in text_of(council)
