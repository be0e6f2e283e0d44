"""The submission-desk page in real headless Chromium (selenium with the system chromedriver): typing checks the
pipeline, the verdicts and the drawing update, a finding's line is highlighted, a hostile title stays text, nothing
leaves the origin, every control has an accessible name, and the editor, example picker and downloads work from
the keyboard; the METRICS items answered by clicks and by keyboard write assess lines (DSL and YAML), the text
drives the panel, the score equals the command's, the answer sheet goes out and comes in, review is amber, and the
page is one column at phone width.  ``PIPESPEC_UPDATE_SCREENSHOT=1`` rewrites docs/serve.png."""

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
    # the drawing's stable hooks: .stage boxes, path.edge edges, text.elabel edge labels
    assert len(driver.find_elements(By.CSS_SELECTOR, "#drawing path.edge")) == 2
    assert {e.text for e in driver.find_elements(By.CSS_SELECTOR, "#drawing text.elabel")} == {"image3d", "prediction"}
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
    assert len(driver.find_elements(By.CSS_SELECTOR, "#items [data-item]")) == 30


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
    driver.find_element(By.TAG_NAME, "h1").click()  # nothing focusable: Tab starts from the top
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


EXAMPLE2 = (ROOT / "examples" / "metrics-e3" / "example-2.pipe").read_text()
EXAMPLE2_YAML = (ROOT / "examples" / "metrics-e3" / "example-2.yaml").read_text()
REVIEW = (ROOT / "examples" / "unstated-model-review.pipe").read_text()


def before_brace(text: str, lines: str) -> str:
    """``text`` with ``lines`` added before the pipeline's closing brace (the last one)."""
    at = text.rindex("}")
    return text[:at] + lines + text[at:]


def spec_text(driver: Any) -> str:
    return str(driver.find_element(By.ID, "spec").get_attribute("value"))


def click_answer(driver: Any, item: int, answer: str) -> None:
    """Click an item's Yes or No (its label, as a person does) and wait for the check of the text it writes."""
    before = checked(driver)
    label = driver.find_element(By.CSS_SELECTOR, f"label[for=item-{item}-{answer}]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", label)
    label.click()
    wait(lambda: checked(driver) > before and f"item{item}" in spec_text(driver).replace("item ", "item"),
         what=f"item {item} written")
    wait(lambda: driver.find_element(By.CSS_SELECTOR, f"#item-{item}-{answer}").is_selected(), what="the radio")


def radios(driver: Any, item: int) -> dict[str, bool]:
    return {e.get_attribute("data-answer"): e.is_selected()
            for e in driver.find_elements(By.CSS_SELECTOR, f"[data-item='{item}'] input[data-answer]")}


def cli(*args: str, text: str, suffix: str, tmp_path: Path) -> str:
    import subprocess
    import sys

    path = tmp_path / f"spec{suffix}"
    path.write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pipespec", "check", "--no-config", *args, str(path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode in (0, 1), out.stderr
    return out.stdout.replace(str(path), "<request>")


def test_answering_items_by_click_writes_assess_lines_in_dsl(driver: Any, server: Server, tmp_path: Path) -> None:
    import json

    open_page(driver, server)
    set_text(driver, EXAMPLE2)
    assert driver.find_element(By.ID, "score").text == "not assessed"
    assert driver.find_element(By.ID, "score").get_attribute("data-score") is None
    click_answer(driver, 1, "yes")
    click_answer(driver, 2, "no")
    click_answer(driver, 17, "yes")
    text = spec_text(driver)
    assert text == EXAMPLE2.replace("  expect condition5 = yes\n", "  expect condition5 = yes\n  assess item1 = yes\n"
                                    "  assess item2 = no\n  assess item17 = yes\n")
    click_answer(driver, 2, "yes")  # a change rewrites that answer only
    assert spec_text(driver) == text.replace("item2 = no", "item2 = yes")
    # switched off by the verdicts: n/a, disabled, with the reason and the deciding rule
    off = driver.find_element(By.CSS_SELECTOR, "[data-item='14']")
    na = off.find_element(By.CSS_SELECTOR, "[data-answer=na]")
    assert na.get_attribute("disabled") is not None and na.is_selected()
    assert "no tabular data: Condition #4 is No, decided by D401" in off.text
    assert not [e for e in off.find_elements(By.CSS_SELECTOR, "[data-answer=yes], [data-answer=no]") if e.is_displayed()]
    assert len(driver.find_elements(By.CSS_SELECTOR, "[data-answer=na]")) == 4  # items 12, 14, 15, 16
    # the page's score is the command's for the same text
    doc = json.loads(cli("--format", "json", text=spec_text(driver), suffix=".pipe", tmp_path=tmp_path))
    score = driver.find_element(By.ID, "score")
    assert score.get_attribute("data-score") == f"{doc['files'][0]['score']:.1f}"
    assert score.text == f"{doc['files'][0]['score']:.1f} ({doc['files'][0]['category']})"
    counts = driver.find_element(By.ID, "score-counts").text
    assert counts.startswith("3 yes, 0 no, 23 unanswered")
    # applicable items left unanswered are one warning (M203): no error, no review, so the status is a warning
    assert "M203" in {f["code"] for f in doc["files"][0]["findings"]}
    assert driver.find_element(By.ID, "status").get_attribute("data-state") == "warning"


def test_answering_items_by_click_writes_the_yaml_assess_mapping(driver: Any, server: Server) -> None:
    open_page(driver, server)
    set_text(driver, EXAMPLE2_YAML)
    assert driver.find_element(By.ID, "format-shown").text == "Format: YAML (detected)"
    click_answer(driver, 3, "yes")  # written as the file writes its declared answers ("yes", quoted)
    assert spec_text(driver) == EXAMPLE2_YAML + 'assess:\n  item3: "yes"\n'
    click_answer(driver, 5, "no")
    assert spec_text(driver) == EXAMPLE2_YAML + 'assess:\n  item3: "yes"\n  item5: "no"\n'
    before = checked(driver)
    driver.find_element(By.CSS_SELECTOR, "[data-item='3'] button.clear").click()
    wait(lambda: checked(driver) > before and "item3" not in spec_text(driver), what="the answer cleared")
    assert spec_text(driver) == EXAMPLE2_YAML + 'assess:\n  item5: "no"\n'


def test_editing_a_line_updates_the_panel(driver: Any, server: Server) -> None:
    open_page(driver, server)
    set_text(driver, before_brace(EXAMPLE2, '  assess item6 = yes "Table 1"\n'))
    assert radios(driver, 6) == {"yes": True, "no": False}
    assert driver.find_element(By.ID, "item-6-note").get_attribute("value") == "Table 1"
    set_text(driver, before_brace(EXAMPLE2, "  assess item6 = no\n"))
    assert radios(driver, 6) == {"yes": False, "no": True}
    assert driver.find_element(By.ID, "item-6-note").get_attribute("value") == ""
    # an input error disables the panel and says why
    set_text(driver, EXAMPLE2.replace("  input ", "  inptu ", 1))
    assert driver.find_element(By.ID, "items-fields").get_attribute("disabled") is not None
    why = driver.find_element(By.ID, "items-disabled")
    assert why.is_displayed() and "input error" in why.text and "line 9" in why.text
    assert driver.find_element(By.ID, "status").get_attribute("data-state") == "error"


def test_the_downloaded_csv_is_check_metrics_csv(driver: Any, server: Server, downloads: Path,
                                                 tmp_path: Path) -> None:
    open_page(driver, server)
    text = (ROOT / "examples" / "assessed-radiomics.pipe").read_text()
    set_text(driver, text)
    target = downloads / "metrics.csv"
    if target.exists():
        target.unlink()
    driver.find_element(By.ID, "dl-csv").click()
    wait(lambda: target.exists() and target.stat().st_size > 0, what="metrics.csv")
    got = target.read_text(encoding="utf-8").splitlines()
    want = cli("--format", "metrics-csv", text=text, suffix=".pipe", tmp_path=tmp_path).splitlines()
    assert got[0] == want[0] and got[0].endswith(",Status")
    assert got[1].split(",", 1)[1] == want[1].split(",", 1)[1]  # all but the file-name column
    assert got[1].endswith(",assessed")
    # an item's M findings stand beside it (M316: what the pipeline shows about item 16)
    beside = driver.find_element(By.CSS_SELECTOR, "[data-item='16'] .ifindings")
    assert "M316" in beside.text and not driver.find_element(By.CSS_SELECTOR, "[data-item='15'] .ifindings").text


def test_importing_a_metrics_tool_row_fills_the_answers(driver: Any, server: Server, tmp_path: Path) -> None:
    open_page(driver, server)
    set_text(driver, EXAMPLE2)
    items = ",".join(f"Item#{n}" for n in range(1, 31))
    answers = ["Yes", "No", "Yes", "No", "Yes", "Yes", "No", "Yes", "Yes", "No", "Yes", "n/a", "Yes", "Yes", "No",
               "Yes", "Yes", "Yes", "No", "Yes", "No", "No", "Yes", "No", "No", "Yes", "No", "Yes", "No", "No"]
    sheet = tmp_path / "metrics-tool.csv"
    sheet.write_text(f"Paper,Condition#1,Condition#2,Condition#3,Condition#4,Condition#5,{items},"
                     "Total METRICS score:,Quality category:\n"
                     f"'=Smith 2024,Yes,Yes,No,Yes,Yes,{','.join(answers)},60.00%,Good\n", encoding="utf-8")
    before = checked(driver)
    driver.find_element(By.ID, "csv-file").send_keys(str(sheet))
    wait(lambda: checked(driver) > before and "assess item1" in spec_text(driver), what="the imported answers")
    text = spec_text(driver)
    assert "  assess item1 = yes\n" in text and "  assess item2 = no\n" in text and "  assess item17 = yes\n" in text
    assert "  declare condition4 = yes\n" in text and "  declare condition3 = no\n" in text  # none declared before
    assert text.count("declare condition1") == 1  # a declared condition is not written twice
    assert radios(driver, 1) == {"yes": True, "no": False} and radios(driver, 2) == {"yes": False, "no": True}
    notes = driver.find_element(By.ID, "import-notes").text
    assert "written from the sheet" in notes
    # the verdicts (tabular data: No, D401) switch items 14-16 off: those answers are not written, and said so
    assert "assess item14" not in text and "items 14, 15, 16" in notes and "D401" in notes
    # a sheet of several rows offers a choice by its identifier columns
    set_text(driver, EXAMPLE2)
    driver.execute_script("document.getElementById('csv-file').value = '';")
    driver.find_element(By.ID, "csv-file").send_keys(str(ROOT / "examples" / "sheets" / "three-papers-three-raters.csv"))
    choice = wait(lambda: driver.find_element(By.ID, "csv-row").is_displayed() and driver.find_element(By.ID, "csv-row"),
                  what="the row choice")
    options = [o.text for o in choice.find_elements(By.TAG_NAME, "option")]
    assert len(options) == 9 and options[0].startswith("Paper: EX-0001 (made-up), Rater: A")
    from selenium.webdriver.support.ui import Select

    Select(choice).select_by_index(1)
    before = checked(driver)
    driver.find_element(By.ID, "csv-use").click()
    wait(lambda: checked(driver) > before and "assess item1" in spec_text(driver), what="the chosen row")


def test_a_review_condition_shows_amber_with_a_link_and_a_range(driver: Any, server: Server) -> None:
    open_page(driver, server)
    text = before_brace(REVIEW.replace("  declare condition5 = yes\n", ""), "  assess item1 = yes\n  assess item17 = yes\n")
    set_text(driver, text)
    status = driver.find_element(By.ID, "status")
    assert status.get_attribute("data-state") == "review"
    assert "Condition #5 (D503)" in status.text
    link = status.find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href").endswith("#verdict-5")
    r, g, b = [int(x) for x in status.value_of_css_property("background-color")[5:-1].split(",")[:3]]
    assert r > 240 and 200 < g < 250 and b < 200, "amber"
    score = driver.find_element(By.ID, "score")
    low, high = score.get_attribute("data-score-low"), score.get_attribute("data-score-high")
    assert low and high and float(low) < float(high) and score.get_attribute("data-score") is None
    assert "while a condition is in review" in score.text
    assert "Waits on a review verdict: Condition #5 (in review, D503)" in \
        driver.find_element(By.CSS_SELECTOR, "[data-item='17'] .istate").text
    link.click()
    assert driver.execute_script("return location.hash") == "#verdict-5"
    # the author declares the condition from its row: a declare line, and the range becomes the declared score
    from selenium.webdriver.support.ui import Select

    before = checked(driver)
    Select(driver.find_element(By.ID, "declare-5")).select_by_value("no")
    wait(lambda: checked(driver) > before and "declare condition5 = no" in spec_text(driver), what="the declaration")
    wait(lambda: driver.find_element(By.ID, "score").get_attribute("data-score"), what="a single score")
    assert driver.find_element(By.ID, "score").get_attribute("data-score-low") is None
    assert driver.find_element(By.ID, "status").get_attribute("data-state") == "review"  # still the reviewer's call
    # the score gates on the declared No, so item 17 is switched off, saying why
    row17 = driver.find_element(By.CSS_SELECTOR, "[data-item='17']")
    assert row17.find_element(By.CSS_SELECTOR, "[data-answer=na]").get_attribute("disabled") is not None
    assert "Condition #5 is No as you declared (D503 leaves it to review)" in row17.text


def test_phone_width_is_one_column_without_sideways_scroll(driver: Any, server: Server) -> None:
    driver.set_window_size(420, 900)
    try:
        open_page(driver, server)
        set_text(driver, (ROOT / "examples" / "fused-handcrafted-deep.pipe").read_text())
        width = driver.execute_script("return window.innerWidth")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        panes = driver.find_elements(By.CSS_SELECTOR, "main > section")
        assert panes[0].rect["y"] + panes[0].rect["height"] <= panes[1].rect["y"] + 1, "one column"
        box = driver.find_element(By.ID, "drawing")
        svg = driver.find_element(By.CSS_SELECTOR, "#drawing svg")
        assert svg.rect["width"] <= box.rect["width"] + 1, "fitted to the panel"
        for stage in driver.find_elements(By.CSS_SELECTOR, "#drawing .stage"):
            assert stage.rect["x"] >= svg.rect["x"] - 1 and stage.rect["x"] + stage.rect["width"] <= svg.rect["x"] + svg.rect["width"] + 1
        driver.find_element(By.ID, "zoom-in").click()
        driver.find_element(By.ID, "zoom-in").click()
        assert driver.execute_script("var b = document.getElementById('drawing'); return b.scrollWidth > b.clientWidth")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width, "the panel pans, not the page"
        driver.find_element(By.ID, "zoom-fit").click()
    finally:
        driver.set_window_size(1400, 1000)


def test_keyboard_alone_answers_an_item_and_hears_the_score(driver: Any, server: Server) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    def press(key: str) -> None:  # a key press to whatever has the focus, as a keyboard gives it
        ActionChains(driver).send_keys(key).perform()

    open_page(driver, server)
    set_text(driver, EXAMPLE2)
    driver.execute_script("document.getElementById('csv-file').focus();")  # where the panel begins
    for _ in range(10):
        if driver.switch_to.active_element.get_attribute("id") == "item-1-yes":
            break
        press(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("id") == "item-1-yes"
    before = checked(driver)
    press(Keys.SPACE)
    wait(lambda: checked(driver) > before and "assess item1 = yes" in spec_text(driver), what="item 1 by Space")
    wait(lambda: "METRICS score: " in driver.find_element(By.ID, "announce").text, what="the announcement")
    assert driver.find_element(By.ID, "announce").text.startswith("Item 1: Yes.")
    assert driver.switch_to.active_element.get_attribute("id") == "item-1-yes", "focus stays on the answer"
    before = checked(driver)
    press(Keys.ARROW_RIGHT)
    wait(lambda: checked(driver) > before and "assess item1 = no" in spec_text(driver), what="item 1 by arrow")
    assert driver.find_element(By.ID, "score").text.startswith("0.0 (very low)")
    wait(lambda: driver.find_element(By.ID, "announce").text.startswith("Item 1: No."), what="the second announcement")
    # Tab goes on through item 1's own controls (clear, add a note) to item 2's answers
    seen = []
    for _ in range(4):
        press(Keys.TAB)
        seen.append(driver.execute_script("var e = document.activeElement; return e.id || e.className;"))
        if seen[-1] == "item-2-yes":
            break
    assert seen == ["clear", "note-toggle", "item-2-yes"], seen
    # a note, by keyboard: back to "Add note", Enter, type, Enter
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    assert "note-toggle" in driver.switch_to.active_element.get_attribute("class")
    press(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == "item-1-note"
    before = checked(driver)
    press("Methods 2.4")
    press(Keys.ENTER)
    wait(lambda: checked(driver) > before and 'assess item1 = no "Methods 2.4"' in spec_text(driver), what="the note")


def test_convert_changes_the_format_and_keeps_comments(driver: Any, server: Server) -> None:
    open_page(driver, server)
    set_text(driver, EXAMPLE2)
    assert driver.find_element(By.ID, "format-shown").text == "Format: DSL (detected)"
    assert driver.find_element(By.ID, "to-dsl").get_attribute("disabled") is not None
    before = checked(driver)
    driver.find_element(By.ID, "to-yaml").click()
    wait(lambda: checked(driver) > before and spec_text(driver).lstrip().startswith("#") and
         "pipeline: Axillary" in spec_text(driver), what="the YAML")
    wait(lambda: driver.find_element(By.ID, "format-shown").text == "Format: YAML (detected)", what="YAML detected")
    assert "METRICS-E3, Condition #5, Example 2" in spec_text(driver)  # the comments kept
    assert driver.find_element(By.ID, "status").get_attribute("data-state") == "ok"


def test_screenshot_for_the_readme(driver: Any, server: Server, tmp_path: Path) -> None:
    open_page(driver, server)
    from selenium.webdriver.support.ui import Select

    driver.set_window_size(1400, 1700)
    Select(driver.find_element(By.ID, "example")).select_by_value("assessed-radiomics.pipe")
    before = checked(driver)
    driver.find_element(By.ID, "load").click()
    wait(lambda: checked(driver) > before)
    assert driver.find_element(By.ID, "score").get_attribute("data-score")
    driver.find_element(By.CSS_SELECTOR, "#problems button.show").click()
    driver.execute_script("window.scrollTo(0, 0); document.activeElement.blur();")
    out = ROOT / "docs" / "serve.png" if os.environ.get("PIPESPEC_UPDATE_SCREENSHOT") else tmp_path / "serve.png"
    assert driver.save_screenshot(str(out))
    driver.set_window_size(1400, 1000)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
