"""Headless Chromium for the workbench's browser tests and screenshots (Debian's chromium and chromium-driver, driven
by Selenium, a development dependency): one way to start it, to set a phone's or a desktop's width, to measure
horizontal overflow and to photograph a whole page.

Widths are set through the DevTools protocol's device metrics rather than the window size, because a desktop window
cannot be made as narrow as a phone, and ``mobile`` makes the page's ``<meta name="viewport">`` count as on a phone.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selenium.webdriver import Chrome

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
WIDTHS = (1280, 412)  # a laptop, and a common Android phone (CSS pixels)
MAX_HEIGHT = 8000  # a full-page picture is cut here


class BrowserMissingError(RuntimeError):
    """Chromium or its driver is not installed; the message says how to install them."""


def chromium(profile: Path) -> Chrome:
    """A headless Chromium with its own profile directory, no network of its own, and a 30 s page-load limit."""
    if not (shutil.which(CHROMIUM) and shutil.which(DRIVER)):
        raise BrowserMissingError(
            "Chromium is not installed: run `bash scripts/system-deps` as root (Debian chromium, chromium-driver)."
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

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
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def set_width(driver: Chrome, width: int, height: int = 900) -> None:
    """Lay pages out ``width`` CSS pixels wide (a phone's viewport below 600)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def overflow(driver: Chrome, width: int) -> int:
    """How many CSS pixels the page is wider than a screen ``width`` pixels wide (0 or less when it fits).

    Both the page's scroll width and the layout viewport count: a phone that meets a page wider than the screen
    widens its viewport and zooms out (``innerWidth`` grows with the page), so ``scrollWidth <= innerWidth`` alone
    would pass there."""
    widest = driver.execute_script("return Math.max(document.scrollingElement.scrollWidth, window.innerWidth)")
    return int(widest) - width


def photograph(driver: Chrome, width: int, path: Path) -> Path:
    """The whole page as shown ``width`` pixels wide, as a PNG at ``path`` (its height capped at ``MAX_HEIGHT``)."""
    set_width(driver, width)
    height = int(driver.execute_script("return document.scrollingElement.scrollHeight"))
    set_width(driver, width, min(max(height, 600), MAX_HEIGHT))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not driver.save_screenshot(str(path)):
        raise OSError(f"Chromium could not save a screenshot to {path}")
    set_width(driver, width)
    return path
