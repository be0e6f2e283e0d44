"""The submission-desk page in real headless Chromium (selenium with the system chromedriver): typing checks the
pipeline, the verdicts and the drawing update, a finding's line is highlighted, a hostile title stays text, nothing
leaves the origin, every control has an accessible name, and the editor, example picker and downloads work from
the keyboard.  ``PIPESPEC_UPDATE_SCREENSHOT=1`` rewrites docs/serve.png."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
webdriver = pytest.importorskip("selenium.webdriver")

from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from .test_serve_load import Server  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("headless Chromium and chromedriver are needed (apt-get install chromium chromium-driver)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = Server("--workers", "2")
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[Any]:
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--window-size=1400,1000", f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    try:
        d = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    except WebDriverException as exc:
        pytest.skip(f"headless Chromium could not start: {exc.msg}")
    try:
        d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        yield d
    finally:
        d.quit()


def wait(fn: Callable[[], Any], timeout: float = 30, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or fn}")


def checked(driver: Any) -> int:
    return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-checked") or 0)


def open_page(driver: Any, server: Server) -> None:
    driver.get(server.base + "/")
    wait(lambda: checked(driver) > 0, what="the first check")


def set_text(driver: Any, text: str) -> int:
    """Replace the editor's text by typing (the way an author does) and wait for its check."""
    before = checked(driver)
    spec = driver.find_element(By.ID, "spec")
    driver.execute_script("arguments[0].value = '';", spec)
    spec.send_keys(text)
    return int(wait(lambda: checked(driver) > before and checked(driver), what="a new check"))


def verdicts(driver: Any) -> dict[str, tuple[str, str]]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#verdicts tbody tr")
    out = {}
    for r in rows:
        cells = r.find_elements(By.CSS_SELECTOR, "th, td")
        out[cells[0].text.split()[0]] = (cells[1].text.split()[0], cells[2].text)
    return out


FUSED = (ROOT / "examples" / "fused-handcrafted-deep.pipe").read_text()
E2E = ('pipeline "Typed" {\n  input ct: CT image3d\n  model net: ResNet-18 { task: classification }\n'
       '  output y: classification\n  flow ct -> net -> y\n  declare condition5 = no\n}\n')


def test_typing_a_pipeline_shows_verdicts_findings_and_drawing(driver: Any, server: Server) -> None:
    open_page(driver, server)
    set_text(driver, E2E)
    v = verdicts(driver)
    assert v["#5"][0] == "Yes" and "DISAGREES" in v["#5"][1]
    assert "ct → net → y" in driver.find_element(By.ID, "drawing-caption").text
    stages = {g.get_attribute("data-stage") for g in driver.find_elements(By.CSS_SELECTOR, "#drawing svg g.stage")}
    assert stages == {"ct", "net", "y"}
    # the declared-answer finding sits on the `declare` line (line 6): its gutter number is flagged
    flagged = [e.get_attribute("data-line") for e in driver.find_elements(By.CSS_SELECTOR, "#gutter .flag-error")]
    assert flagged == ["6"]
    button = driver.find_element(By.CSS_SELECTOR, "#problems button.show")
    assert button.text == "Show line 6"
    fix = driver.find_element(By.CSS_SELECTOR, "#problems .fix").text
    assert fix.startswith("Fix:")
    button.click()
    current = driver.find_element(By.CSS_SELECTOR, "#gutter .current")
    assert current.get_attribute("data-line") == "6"
    band = driver.find_element(By.CSS_SELECTOR, "#marks .current")
    assert band.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    selected = driver.execute_script("var t = document.getElementById('spec');"
                                     "return t.value.substring(t.selectionStart, t.selectionEnd);")
    assert selected.strip() == "declare condition5 = no"
    # the drawing updates as the pipeline changes
    set_text(driver, FUSED)
    wait(lambda: "mlp" in {g.get_attribute("data-stage") for g in
                           driver.find_elements(By.CSS_SELECTOR, "#drawing svg g.stage")}, what="a new drawing")
    assert verdicts(driver)["#5"][0] == "No"
    on_path = {g.get_attribute("data-stage") for g in driver.find_elements(By.CSS_SELECTOR, "#drawing g.onpath")}
    assert {"mlp", "fuse"} <= on_path
    assert driver.find_elements(By.CSS_SELECTOR, "#items li")


def test_a_hostile_title_is_text_and_no_script_runs(driver: Any, server: Server) -> None:
    open_page(driver, server)
    driver.execute_script("window.__pwned = 0;")
    hostile = ('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
               '<svg onload="window.__pwned=3">')
    set_text(driver, f'pipeline "{hostile.replace(chr(34), chr(39))}" {{\n  input a: CT image2d\n'
                     '  model m: ResNet-18\n  output y: classification\n  flow a -> m -> y\n}\n')
    title = driver.find_element(By.ID, "title").text
    assert "<script>" in title and "<img" in title
    time.sleep(0.3)
    assert driver.execute_script("return window.__pwned;") == 0
    assert not driver.find_elements(By.CSS_SELECTOR, "main img, main script, #drawing foreignObject")


def test_no_request_leaves_the_origin(driver: Any, server: Server) -> None:
    driver.get_log("performance")  # drop what came before
    open_page(driver, server)
    set_text(driver, FUSED)
    import json

    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    assert urls and any(u.endswith("/api/v1/check?include=svg") for u in urls)
    for u in urls:
        assert u.startswith(server.base + "/") or u.startswith(("data:", "blob:")), u
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
    assert all(r.startswith(server.base + "/") for r in resources), resources
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_every_control_has_an_accessible_name(driver: Any, server: Server) -> None:
    open_page(driver, server)
    set_text(driver, FUSED)
    controls = driver.find_elements(By.CSS_SELECTOR, "button, select, textarea, input, a[href]")
    assert len(controls) >= 9
    for c in controls:
        if c.is_displayed():
            assert c.accessible_name.strip(), c.get_attribute("outerHTML")[:200]
    assert driver.find_element(By.ID, "spec").accessible_name == "Pipeline specification"


def test_keyboard_editor_example_picker_and_downloads(driver: Any, server: Server, downloads: Path) -> None:
    open_page(driver, server)
    body = driver.find_element(By.TAG_NAME, "body")
    body.click()
    # the example picker: reach it with Tab, choose with the arrows, load with Tab + Enter
    picker = driver.find_element(By.ID, "example")
    for _ in range(20):
        if driver.switch_to.active_element == picker:
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element == picker
    options = [o.get_attribute("value") for o in picker.find_elements(By.TAG_NAME, "option")]
    target = "init:radiomics"
    steps = options.index(target) - options.index(picker.get_attribute("value"))
    for _ in range(abs(steps)):
        picker.send_keys(Keys.ARROW_DOWN if steps > 0 else Keys.ARROW_UP)
    assert picker.get_attribute("value") == target
    before = checked(driver)
    picker.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "load"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    wait(lambda: checked(driver) > before, what="the loaded starter's check")
    spec = driver.find_element(By.ID, "spec")
    assert "My hand-crafted radiomics study" in spec.get_attribute("value")
    # the editor: keep Tab for leaving it, type into it from the keyboard
    for _ in range(5):
        if driver.switch_to.active_element == spec:
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.switch_to.active_element == spec
    before = checked(driver)
    spec.send_keys(Keys.CONTROL, Keys.END)
    spec.send_keys("\n# typed from the keyboard\n")
    wait(lambda: checked(driver) > before, what="a check after typing")
    assert spec.get_attribute("value").endswith("# typed from the keyboard\n")
    # the downloads: Tab to each button and press Enter
    expected = {"dl-dsl": "pipeline.pipe", "dl-yaml": "pipeline.yaml", "dl-json": "pipespec-report.json",
                "dl-html": "pipespec-report.html"}
    for button, name in expected.items():
        for _ in range(10):
            if driver.switch_to.active_element.get_attribute("id") == button:
                break
            driver.switch_to.active_element.send_keys(Keys.TAB)
        assert driver.switch_to.active_element.get_attribute("id") == button
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        wait(lambda n=name: (downloads / n).exists() and (downloads / n).stat().st_size > 0, what=name)
    assert "# typed from the keyboard" in (downloads / "pipeline.pipe").read_text()
    assert "pipeline: My hand-crafted radiomics study" in (downloads / "pipeline.yaml").read_text()
    import json

    report = json.loads((downloads / "pipespec-report.json").read_text())
    assert report["files"][0]["path"] == "<request>" and "svg" not in report
    assert (downloads / "pipespec-report.html").read_text().startswith("<!DOCTYPE html>")


def test_screenshot_for_the_readme(driver: Any, server: Server, tmp_path: Path) -> None:
    open_page(driver, server)
    from selenium.webdriver.support.ui import Select

    driver.set_window_size(1400, 1250)
    Select(driver.find_element(By.ID, "example")).select_by_value("fused-handcrafted-deep.pipe")
    before = checked(driver)
    driver.find_element(By.ID, "load").click()
    wait(lambda: checked(driver) > before)
    driver.find_element(By.CSS_SELECTOR, "#problems button.show").click()
    driver.execute_script("window.scrollTo(0, 0); document.activeElement.blur();")
    out = ROOT / "docs" / "serve.png" if os.environ.get("PIPESPEC_UPDATE_SCREENSHOT") else tmp_path / "serve.png"
    assert driver.save_screenshot(str(out))
    driver.set_window_size(1400, 1000)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
