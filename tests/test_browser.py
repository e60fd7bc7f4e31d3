"""A person's path through the alert page, in headless Chromium (Debian's chromium + chromium-driver).

Opens `/`, filters by province, follows an alert, and proves a title carrying `<script>` is shown as
text and never runs. `scripts/system-deps` installs the browser; without it this test fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from support import HOSTILE_CLEAN

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
pytestmark = pytest.mark.integration  # Chromium, and `portalwatch serve` in a child process


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    if not (shutil.which(CHROMIUM) and shutil.which(DRIVER)):
        pytest.fail(
            "Chromium is not installed: run `bash scripts/system-deps` as root (Debian chromium, chromium-driver)."
        )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_filter_by_province_then_follow_an_alert(served: str, browser: webdriver.Chrome) -> None:
    base = served
    browser.get(base + "/")
    assert browser.find_elements(By.CSS_SELECTOR, "li.entry"), "the page lists the latest alerts"
    Select(browser.find_element(By.ID, "province")).select_by_visible_text("Đồng Tháp")
    browser.find_element(By.ID, "apply").click()
    # The click starts a navigation; wait for it rather than read the URL of the page still shown.
    WebDriverWait(browser, 15).until(lambda d: "province=" in d.current_url)
    entries = browser.find_elements(By.CSS_SELECTOR, "li.entry")
    assert entries and all("sim-tuyenhoa" not in e.text for e in entries), "only Đồng Tháp's portals remain"

    shown = " ".join(HOSTILE_CLEAN.split())  # as a browser lays out the text: runs of spaces collapse
    links = [a for a in browser.find_elements(By.CSS_SELECTOR, "a.title") if a.text == shown]
    assert links, f"the hostile title is listed as text: {shown!r}"
    links[0].click()
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.ID, "title"))
    assert browser.find_element(By.ID, "title").text == shown
    assert browser.find_elements(By.TAG_NAME, "script") == [], "no script element reached the page"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 (an alert() would mean the title ran as code)
