"""A person's path through the workbench, in headless Chromium (Debian's chromium + chromium-driver), at a laptop's
width and a phone's (1280 and 412 CSS pixels).

Every page (home, search, calendar, entry, portal) is read at both widths and must not scroll sideways; the search
finds "kỳ họp" typed "ky hop"; the calendar shows a known meeting on its day; an entry page shows its attachments and
the other portals carrying the story; and a title carrying ``<script>`` is shown as text and never runs.
`scripts/system-deps` installs the browser; without it these tests fail.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from support import HOSTILE_CLEAN, SEED, Workbench

from crawler.web.browser import WIDTHS, BrowserMissingError, chromium, overflow, set_width

pytestmark = pytest.mark.integration  # Chromium, and `portalwatch serve` in a child process


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chrome]:
    try:
        driver = chromium(tmp_path_factory.mktemp("chromium"))
    except BrowserMissingError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield driver
    driver.quit()


def story_with_files(db: str) -> tuple[int, list[str]]:
    """An article of sim-tanhong with attachments whose story other portals carry, and those portals' slugs."""
    conn = sqlite3.connect(db)
    try:
        article, cluster = conn.execute(
            "SELECT id, cluster_id FROM articles a WHERE attachments != '[]' AND portal = 'sim-tanhong'"
            " AND (SELECT count(*) FROM articles c WHERE c.cluster_id = a.cluster_id) > 1 ORDER BY id LIMIT 1"
        ).fetchone()
        others = [
            r[0]
            for r in conn.execute("SELECT portal FROM articles WHERE cluster_id = ? AND id != ?", (cluster, article))
        ]
    finally:
        conn.close()
    return article, others


def pages(wb: Workbench) -> dict[str, str]:
    article, _ = story_with_files(str(wb.db))
    return {
        "home": "/",
        "search": "/?q=ky+hop",
        "calendar": "/calendar?month=2022-07",
        "entry": f"/entries/article:{article}",
        "portal": "/portals/sim-tanhong",
    }


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", ["home", "search", "calendar", "entry", "portal"])
def test_every_page_fits_the_screen(workbench: Workbench, browser: Chrome, page: str, width: int) -> None:
    set_width(browser, width)
    browser.get(workbench.base + pages(workbench)[page])
    assert browser.execute_script("return window.innerWidth") == width
    assert browser.find_element(By.TAG_NAME, "h1").text, "every page has a heading"
    assert browser.execute_script("return document.documentElement.lang") == "vi"
    assert overflow(browser, width) <= 0, f"{page} at {width} px is {overflow(browser, width)} px wider than the screen"
    assert browser.find_elements(By.TAG_NAME, "script") == []


@pytest.mark.parametrize("width", WIDTHS)
def test_search_finds_ky_hop_typed_without_diacritics(workbench: Workbench, browser: Chrome, width: int) -> None:
    set_width(browser, width)
    browser.get(workbench.base + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("ky hop")
    browser.find_element(By.ID, "apply").click()
    WebDriverWait(browser, 15).until(lambda d: "q=ky+hop" in d.current_url)
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a.title")]
    assert SEED in titles and all("kỳ họp" in t.lower() for t in titles[:3])
    assert browser.find_element(By.ID, "results").text == "Kết quả tìm “ky hop”, mới đăng trước"
    assert overflow(browser, width) <= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_calendar_shows_the_meeting_on_its_day(workbench: Workbench, browser: Chrome, width: int) -> None:
    set_width(browser, width)
    browser.get(workbench.base + "/calendar?month=2022-07")
    day = browser.find_element(By.ID, "day-2022-07-11")
    assert day.is_displayed() and SEED in day.text
    assert ("Thứ Hai, 11/7" if width < 600 else "11") in day.text.splitlines()[0]
    if width < 600:  # a phone lists the days that have meetings, not the empty ones
        assert not browser.find_element(By.ID, "day-2022-07-12").is_displayed()
    day.find_element(By.PARTIAL_LINK_TEXT, SEED).click()
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.ID, "title"))
    assert browser.find_element(By.ID, "title").text == SEED
    assert browser.find_element(By.XPATH, "//table[@id='meeting']//tr[th='Ngày họp']/td").text == "11/7/2022"


@pytest.mark.parametrize("width", WIDTHS)
def test_entry_shows_attachments_and_other_portals(workbench: Workbench, browser: Chrome, width: int) -> None:
    from crawler.registry import load_registry

    registry = load_registry()
    article, others = story_with_files(str(workbench.db))
    set_width(browser, width)
    browser.get(f"{workbench.base}/entries/article:{article}")
    files = browser.find_elements(By.CSS_SELECTOR, "#attachments li")
    assert files and all(f.text.startswith("PDF ") for f in files)
    link = files[0].find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href").endswith(".pdf") and link.is_displayed()
    copies = browser.find_element(By.ID, "copies").text
    assert others and all(registry[s].name in copies for s in others)
    assert browser.find_element(By.ID, "copies-title").text == "Cũng đăng trên"
    assert overflow(browser, width) <= 0


def test_filter_by_province_then_follow_an_alert(served: str, browser: Chrome) -> None:
    set_width(browser, 1280)
    browser.get(served + "/")
    assert browser.find_elements(By.CSS_SELECTOR, "li.entry"), "the page lists the latest entries"
    Select(browser.find_element(By.ID, "province")).select_by_visible_text("Đồng Tháp")
    browser.find_element(By.ID, "apply").click()
    # The click starts a navigation; wait for it rather than read the URL of the page still shown.
    WebDriverWait(browser, 15).until(lambda d: "province=" in d.current_url)
    entries = browser.find_elements(By.CSS_SELECTOR, "li.entry")
    assert entries and all("Tuyên Hóa" not in e.text for e in entries), "only Đồng Tháp's portals remain"

    shown = " ".join(HOSTILE_CLEAN.split())  # as a browser lays out the text: runs of spaces collapse
    links = [a for a in browser.find_elements(By.CSS_SELECTOR, "a.title") if a.text == shown]
    assert links, f"the hostile title is listed as text: {shown!r}"
    links[0].click()
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.ID, "title"))
    assert browser.find_element(By.ID, "title").text == shown
    assert browser.find_elements(By.TAG_NAME, "script") == [], "no script element reached the page"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 (an alert() would mean the title ran as code)
