""""Draft from your Methods" on the submission-desk page, in real headless Chromium (selenium with the system
chromedriver): pasted text and a chosen DOCX, PDF or JATS file (sent as the raw body with its media type) fill the
editor with the draft the API gives; the cursor on a stage or flow line (or on the comment above it) shows the
sentence it came from with its paragraph and sentence numbers; a text with no pipeline leaves the editor as it
was and says why; the replaced text can be put back; and all of it works from the keyboard with named controls."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from . import test_serve_page as page
from .test_serve_page import By, Keys, checked, open_page, wait

server, driver, downloads = page.server, page.driver, page.downloads  # the page's fixtures, shared

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
METHODS = ("Materials and methods\n\n"
           "Contrast-enhanced CT scans of 212 patients with renal masses were collected at two centres.\n\n"
           "Each mass was delineated manually by two radiologists in consensus.\n\n"
           "Radiomic features were extracted from each mask with PyRadiomics.\n\n"
           "Features were selected with LASSO and a support vector machine classified the masses as benign or "
           "malignant.\n")


def api_draft(server: Any, body: bytes, media: str) -> dict[str, Any]:
    """What the API answers for the same body (the page must show exactly its draft)."""
    req = urllib.request.Request(server.base + "/api/v1/draft", data=body, headers={"Content-Type": media},
                                 method="POST")
    with urllib.request.urlopen(req, timeout=120) as resp:
        return dict(json.loads(resp.read()))


def spec_text(driver: Any) -> str:
    return str(driver.execute_script("return document.getElementById('spec').value"))


def open_panel(driver: Any) -> None:
    panel = driver.find_element(By.ID, "draft-panel")
    if not panel.get_attribute("open"):
        driver.find_element(By.ID, "draft-h").click()
    wait(lambda: driver.find_element(By.ID, "draft-text").is_displayed(), what="the draft panel open")


def drafted(driver: Any, before: int) -> None:
    wait(lambda: "Drafted " in driver.find_element(By.ID, "draft-state").text or
         "Could not" in driver.find_element(By.ID, "draft-state").text, timeout=90, what="the draft")
    assert "Drafted " in driver.find_element(By.ID, "draft-state").text, driver.find_element(By.ID, "draft-state").text
    wait(lambda: checked(driver) > before, what="the draft's check")


def cursor_to_line(driver: Any, number: int) -> None:
    """Put the cursor on line ``number`` (1-based) of the editor with the keyboard, as an author does."""
    spec = driver.find_element(By.ID, "spec")
    spec.click()
    spec.send_keys(Keys.CONTROL, Keys.HOME)
    for _ in range(number - 1):
        spec.send_keys(Keys.ARROW_DOWN)


def line_of(text: str, start: str) -> int:
    for i, line in enumerate(text.split("\n"), 1):
        if line.strip().startswith(start):
            return i
    raise AssertionError(f"no line starts with {start!r}")


def evidence(driver: Any) -> str:
    box = driver.find_element(By.ID, "evidence")
    wait(box.is_displayed, what="the evidence shown")
    return str(driver.find_element(By.ID, "evidence-what").text)


def test_pasted_methods_fill_the_editor_and_each_line_shows_its_sentence(driver: Any, server: Any) -> None:
    open_page(driver, server)
    open_panel(driver)
    driver.find_element(By.ID, "draft-text").send_keys(METHODS)
    before = checked(driver)
    driver.find_element(By.ID, "draft-go").click()
    drafted(driver, before)
    want = api_draft(server, json.dumps({"text": METHODS}).encode(), "application/json")
    text = spec_text(driver)
    assert text == want["spec"]
    state = driver.find_element(By.ID, "draft-state").text
    assert f"Drafted {len(want['stages'])} stages" in state and "Materials and methods" in state
    assert driver.find_element(By.ID, "verdicts-box").is_displayed()
    missing = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#draft-missing li")]
    assert missing == [f"{m['fact']} ({m['affects']})" for m in want["missing"]]

    # the cursor on the delineation's stage line: its sentence, paragraph and sentence numbers
    cursor_to_line(driver, line_of(text, "preprocessing"))
    shown = evidence(driver)
    ev = want["stages"]["seg"][0]
    assert shown.startswith("Stage seg came from paragraph 2, sentence 1: “Each mass was delineated manually")
    quotes = driver.find_elements(By.CSS_SELECTOR, "#evidence-quotes li")
    assert [q.text for q in quotes] == [f"{e['quote']} paragraph {e['paragraph']}, sentence {e['sentence']}"
                                        for e in want["stages"]["seg"]]
    assert ev["quote"] in quotes[0].text
    # on the evidence comment above the extraction: the extraction's sentence
    cursor_to_line(driver, line_of(text, "feature_extraction") - 1)
    assert "Stage rad came from" in evidence(driver) and "PyRadiomics" in evidence(driver)
    # an inferred flow line says so
    inferred = [e for e in want["edges"] if e["inferred"]]
    assert inferred, want["edges"]
    cursor_to_line(driver, line_of(text, f"flow {inferred[0]['from']} -> {inferred[0]['to']}"))
    assert evidence(driver).startswith(f"Flow {inferred[0]['from']} → {inferred[0]['to']} is inferred")
    # a stage clicked in the drawing: its line selected in the editor, its sentence shown
    driver.find_element(By.CSS_SELECTOR, '#drawing .stage[data-stage="clf"]').click()
    assert evidence(driver).startswith("Stage clf came from")
    assert "support vector machine" in evidence(driver)
    selected = driver.execute_script("var s = document.getElementById('spec');"
                                     "return s.value.slice(s.selectionStart, s.selectionEnd)")
    assert selected.strip().startswith("model") and "clf" in selected
    # a line that is neither: nothing shown
    cursor_to_line(driver, 1)
    wait(lambda: not driver.find_element(By.ID, "evidence").is_displayed(), what="the evidence hidden")
    # converted to YAML, a stage's '- name:' line still shows its sentence
    driver.find_element(By.ID, "to-yaml").click()
    wait(lambda: spec_text(driver).lstrip("#").find("stages:") > 0, what="the YAML draft")
    cursor_to_line(driver, line_of(spec_text(driver), "- name: seg"))
    assert evidence(driver).startswith("Stage seg came from paragraph 2, sentence 1")
    # the text the draft replaced comes back
    driver.find_element(By.ID, "draft-undo").click()
    wait(lambda: spec_text(driver) != text, what="the text put back")
    assert 'pipeline "' in spec_text(driver) and spec_text(driver) != text


@pytest.mark.parametrize("kind", ["docx", "pdf", "xml"])
def test_a_chosen_manuscript_is_sent_as_its_own_media_type_and_drafted(driver: Any, server: Any, tmp_path: Path,
                                                                        kind: str) -> None:
    from tests.draft import test_formats as f

    body, media = {"docx": (f.as_docx, DOCX), "pdf": (f.as_two_column_pdf, "application/pdf"),
                   "xml": (f.as_jats, "application/jats+xml")}[kind]
    data = body()
    path = tmp_path / f"manuscript.{kind}"
    path.write_bytes(data)
    open_page(driver, server)
    open_panel(driver)
    before = checked(driver)
    driver.find_element(By.ID, "draft-file").send_keys(str(path))
    drafted(driver, before)
    assert spec_text(driver) == api_draft(server, data, media)["spec"]


def test_a_text_with_no_pipeline_leaves_the_editor_and_says_why(driver: Any, server: Any) -> None:
    open_page(driver, server)
    text = spec_text(driver)
    open_panel(driver)
    box = driver.find_element(By.ID, "draft-text")
    box.clear()
    box.send_keys("Methods\n\nWe thank the nurses of the ward for their help.")
    driver.find_element(By.ID, "draft-go").click()
    wait(lambda: "Could not draft" in driver.find_element(By.ID, "draft-state").text, timeout=60,
         what="the refusal")
    state = driver.find_element(By.ID, "draft-state").text
    assert "no pipeline drafted" in state and "HTTP 422" in state
    assert spec_text(driver) == text
    assert not driver.find_element(By.ID, "evidence").is_displayed()


def test_drafting_by_keyboard_alone_with_named_controls(driver: Any, server: Any) -> None:
    open_page(driver, server)
    summary = driver.find_element(By.ID, "draft-h")
    driver.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)  # opens the panel
    wait(lambda: driver.find_element(By.ID, "draft-text").is_displayed(), what="the panel opened by keyboard")
    for c in driver.find_elements(By.CSS_SELECTOR, "#draft-panel button, #draft-panel textarea, #draft-panel input"):
        if c.is_displayed():
            assert c.accessible_name.strip(), c.get_attribute("outerHTML")[:200]
    assert driver.find_element(By.ID, "draft-text").accessible_name == "Methods text"
    summary.send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.get_attribute("id") == "draft-text"
    active.clear()
    active.send_keys(METHODS)
    active.send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.get_attribute("id") == "draft-go"
    before = checked(driver)
    active.send_keys(Keys.ENTER)
    drafted(driver, before)
    assert driver.find_element(By.ID, "draft-state").get_attribute("role") == "status"
    # the sentence of the line under the cursor is announced in the page's polite live region
    text = spec_text(driver)
    spec = driver.find_element(By.ID, "spec")
    spec.send_keys(Keys.CONTROL, Keys.HOME)
    for _ in range(line_of(text, "preprocessing") - 1):
        spec.send_keys(Keys.ARROW_DOWN)
    live = driver.find_element(By.ID, "announce")
    assert live.get_attribute("aria-live") == "polite"
    wait(lambda: "Stage seg came from paragraph 2, sentence 1" in live.get_attribute("textContent"),
         what="the evidence announced")
