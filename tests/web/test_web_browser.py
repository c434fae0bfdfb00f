"""The dashboard in headless Chromium (Debian's chromium + chromedriver, driven by Selenium):
a lever moves the numbers as the API says, a cell opens its evidence with the span
highlighted, hostile text stays text, and a dropped article appears without a reload."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from servekit import served  # noqa: F401 (the fixture)

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() or not DRIVER.exists():
        pytest.skip("chromium/chromedriver not found: run scripts/install-browser.sh (as root)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = str(CHROMIUM)
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,2000"):
        opts.add_argument(a)
    drv = webdriver.Chrome(service=Service(str(DRIVER)), options=opts)
    ARTIFACTS.mkdir(exist_ok=True)
    yield drv
    drv.quit()


def wait(drv, script: str, timeout: float = 60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = drv.execute_script(script)
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def cell_value(drv, issue: str, model: str) -> float:
    return float(drv.execute_script(
        f"return document.querySelector('[data-testid=\"fc-{issue}-{model}\"]').dataset.value"))


def test_a_lever_moves_the_chart_as_the_api_says(served, browser):
    browser.get(served.url + "/")
    wait(browser, "return document.body.dataset.ready")
    before = cell_value(browser, "us_aid", "compromise")
    browser.find_element("css selector", "input[data-lever='condition_aid']").click()
    wait(browser, "return (document.body.dataset.forecastRequest || '').includes('levers=condition_aid')")
    after = cell_value(browser, "us_aid", "compromise")
    _, api = served.json("/api/forecast?levers=condition_aid&draws=1000&seed=0")
    want = [i for i in api["issues"] if i["id"] == "us_aid"][0]["forecast"]["compromise"]
    assert after == pytest.approx(want, abs=1e-9) and after != before
    browser.save_screenshot(str(ARTIFACTS / "dashboard-lever.png"))


def test_evidence_shows_the_span_and_keeps_hostile_text_as_text(served, browser):
    _, data = served.json("/api/statements?limit=5000")
    s = next(x for x in data["statements"] if x["actor"] and x["issue"])
    browser.get(served.url + "/")
    wait(browser, "return document.body.dataset.ready")
    browser.find_element("css selector", f"td.cell[data-actor='{s['actor']}'][data-issue='{s['issue']}']").click()
    wait(browser, "return document.querySelectorAll('#statements li[data-statement]').length")
    li = browser.find_element("css selector", f"#statements li[data-statement='{s['id']}']")
    if s["cue_start"] is not None:
        assert li.find_element("tag name", "mark").text == s["sentence"][s["cue_start"]:s["cue_end"]].strip()
    assert "<script>" in li.text or "<img" in li.text or s["sentence"] in li.text
    assert browser.execute_script("return window.__pwned") is None
    links = browser.execute_script("return [...document.querySelectorAll('#statements a')].map(a => a.href)")
    assert not any(h.lower().startswith("javascript:") for h in links)
    browser.save_screenshot(str(ARTIFACTS / "dashboard-evidence.png"))


def test_a_dropped_article_appears_without_a_reload(served, browser):
    browser.get(served.url + "/")
    wait(browser, "return document.body.dataset.ready")
    wait(browser, "return document.body.dataset.version !== undefined")
    v0 = int(browser.execute_script("return document.body.dataset.version"))
    browser.find_element("css selector", "td.cell[data-actor='ukraine'][data-issue='territory']").click()
    n0 = int(wait(browser, "return String(document.querySelectorAll('#statements li').length)"))
    (served.watch / "dropped.txt").write_text(
        "Ukrainian President Volodymyr Zelenskyy said on Friday that Ukraine insists on the full restoration of "
        "its territorial integrity within its 1991 borders.\n", encoding="utf-8")
    wait(browser, f"return Number(document.body.dataset.version) > {v0}", timeout=120)
    wait(browser, f"return document.querySelectorAll('#statements li[data-statement]').length > {n0 if n0 else 0}"
                  " || [...document.querySelectorAll('#statements li')].some(li => li.textContent.includes('1991 borders'))",
         timeout=60)
    assert "1991 borders" in browser.find_element("id", "statements").text
    browser.save_screenshot(str(ARTIFACTS / "dashboard-live.png"))
