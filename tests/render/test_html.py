"""The HTML review report and the pictures: structure, self-containment, the layout, Mermaid/DOT, and a real
browser (headless Chromium): no console errors, the diagram drawn (screenshot pixels), sorting, printing.

``PIPESPEC_UPDATE_SCREENSHOT=1`` rewrites docs/report-example.png from the shipped example it shows.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from pipespec import __version__
from pipespec.analysis.rules import RULESET_VERSION
from pipespec.batch import check_paths
from pipespec.checker import Options
from pipespec.cli import main
from pipespec.render import RenderOptions
from pipespec.render.graph import GraphView, StageView, to_dot, to_mermaid, view_for
from pipespec.render.html import render
from pipespec.render.svg import NODE_H, WIDTH_BUDGET, Layout, render_svg, wrap
from pipespec.report import Report
from tests.support.browser import (
    console,
    decode_png,
    find_chromedriver,
    find_chromium,
    have_selenium,
    pixel_stats,
    print_pdf,
    screenshot,
    start_browser,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/metrics-e3/example-2.pipe"  # the example shown in docs/report-example.png
BATCH = "tests/data/batch"
DOC_PNG = ROOT / "docs" / "report-example.png"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def page(*paths: str) -> tuple[Report, str]:
    reports = check_paths(list(paths), Options(drawing=True))
    report = Report(reports, __version__, RULESET_VERSION)
    return report, render(report, RenderOptions(views=tuple(view_for(r) for r in reports)))


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: dict[str, list[str]] = {"style": [], "script": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.blocks:
            self._in = tag
            self.blocks[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.blocks[self._in][-1] += data


def parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    p.close()
    return p


# ------------------------------------------------------------------ the page, without a browser
def test_page_is_self_contained_and_locked_down() -> None:
    _, html = page("examples", BATCH)
    doc = parse(html)
    for tag, attrs in doc.tags:
        for key in ("src", "href", "xlink:href", "action", "srcset"):
            value = attrs.get(key)
            if value is None:
                continue
            assert value.startswith("#") or value.startswith("data:"), (tag, key, value)
        assert not (tag == "link" and attrs.get("rel") == "stylesheet")
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "@import" not in html and "url(http" not in html
    csp = next(a["content"] for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp
    assert len(doc.blocks["style"]) == 1 and len(doc.blocks["script"]) == 1
    for kind in ("style", "script"):
        digest = base64.b64encode(hashlib.sha256(doc.blocks[kind][0].encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in csp  # the hash covers exactly the inline block


def test_batch_page_has_an_index_linking_every_pipeline() -> None:
    report, html = page("examples", BATCH)
    doc = parse(html)
    sections = [a for t, a in doc.tags if t == "section" and (a.get("class") or "") == "pipeline"]
    assert len(sections) == len(report.files)
    links = [a["href"] for t, a in doc.tags if t == "a" and (a.get("href") or "").startswith("#p")]
    assert links == [f"#p{k}" for k in range(1, len(report.files) + 1)]
    assert html.index('id="index"') < html.index('id="p1"')
    rows = re.findall(r'<tr data-order="(\d+)">', html)
    assert rows == [str(k) for k in range(1, len(report.files) + 1)]
    svgs = [a for t, a in doc.tags if t == "svg"]
    assert len(svgs) == sum(1 for r in report.files if r.ok)  # a diagram for every readable pipeline
    assert len({a["id"] for a in svgs}) == len(svgs)


def test_single_page_has_verdicts_declarations_items_findings() -> None:
    report, html = page(f"{BATCH}/misclassified.pipe")
    assert 'id="index"' not in html
    r = report.files[0]
    rows = re.findall(r'<tr data-condition="(\d)">(.*?)</tr>', html, re.DOTALL)
    assert [c for c, _ in rows] == ["1", "2", "3", "4", "5"]
    row5 = rows[4][1]
    assert 'v-no">No</span> <code>D502</code>' in row5 and 'v-yes">Yes</span>' in row5 and "disagrees" in row5
    assert "cxr → f → lr → y" in row5
    assert f"{len(r.items)} of 30 items apply" in html
    assert len(re.findall(r'<li value="\d+" class="applies"', html)) == len(r.items)
    # the finding with its excerpt (the span marked) and fix
    assert '<code>C502</code>' in html
    assert '<span class="ln">8</span>  declare <mark>condition5</mark> = yes' in html
    assert "<strong>Fix:</strong> declare condition5 = no." in html


def test_deciding_path_is_highlighted() -> None:
    report, html = page(EXAMPLE)
    paths = [p for e in report.files[0].conditions[5].evidence for p in e.paths]
    edges = {(a, b) for p in paths for a, b in zip(p, p[1:])}
    hi = re.findall(r'<path class="edge hi" [^>]*><title>(.*?) → (.*?):', html)
    assert set(hi) == edges and len(hi) == len(edges)
    on = re.findall(r'<g class="stage k-\w+ onpath" data-stage="([^"]+)"', html)
    assert set(on) == {n for p in paths for n in p}


def test_author_text_is_escaped(tmp_path: Path) -> None:
    evil = tmp_path / "evil.pipe"
    evil.write_text((ROOT / BATCH / "good-e2e.pipe").read_text().replace(
        "Batch fixture: end-to-end CNN", '</title><script>alert(1)</script> & \\"quoted\\"'))
    _, html = page(str(evil))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert len(parse(html).blocks["script"]) == 1


def test_input_errors_are_shown_with_their_excerpt() -> None:
    _, html = page(f"{BATCH}/broken-syntax.pipe")
    assert "The file could not be checked" in html and "<code>PS101</code>" in html
    assert '<span class="ln">2</span>  input ct <mark>' in html
    assert "<svg" not in html


# ------------------------------------------------------------------ layout
def _chain_view(n: int, fan: int = 1) -> GraphView:
    stages = [StageView("in", "input", "CT image3d")]
    edges = []
    for k in range(n):
        for j in range(fan):
            name = f"s{k}_{j}"
            stages.append(StageView(name, "preprocessing", "normalize"))
            edges.append((f"s{k - 1}_{j}" if k else "in", name, "image3d"))
    stages.append(StageView("out", "output", "classification"))
    edges += [(f"s{n - 1}_{j}", "out", "prediction") for j in range(fan)]
    return GraphView("synthetic", stages, edges)


def test_layout_layers_by_longest_path_and_never_overlaps() -> None:
    for path in ["examples", BATCH]:
        for r in check_paths([path], Options(drawing=True)):
            view = view_for(r)
            if view is None:
                continue
            lay = Layout(view)
            along = lay.y if lay.vertical else lay.x  # the direction of the flow: down or right
            for u, v, _ in view.edges:
                assert lay.layer[v] >= lay.layer[u] + 1
                assert along[v] > along[u]
            for s in view.stages:  # longest path: some input sits exactly one layer before
                ins = [u for u, v, _ in view.edges if v == s.name]
                if ins:
                    assert lay.layer[s.name] == max(lay.layer[u] for u in ins) + 1
            boxes = [(lay.x[s.name], lay.y[s.name], lay.w[s.name]) for s in view.stages]
            assert lay.node_h >= NODE_H
            for i, (x1, y1, w1) in enumerate(boxes):
                for x2, y2, w2 in boxes[i + 1:]:
                    assert abs(x1 - x2) * 2 >= (w1 + w2) or abs(y1 - y2) >= lay.node_h, "stages overlap"
            assert lay.vertical or lay.width <= WIDTH_BUDGET, "wider than a page left to right: drawn downwards"


def test_long_edges_go_around_stages() -> None:
    report, _ = page(EXAMPLE)
    view = view_for(report.files[0])
    assert view is not None
    lay = Layout(view)
    k = view.edges.index(("us", "node", "image2d"))  # us -> node skips the 'seg' layer
    pts = lay.route(k)
    assert len(pts) >= 4 and lay.layer["node"] - lay.layer["us"] == 2
    across, along = (0, 1) if lay.vertical else (1, 0)
    seg_along = lay.y["seg"] if lay.vertical else lay.x["seg"]
    seg_across = lay.x["seg"] if lay.vertical else lay.y["seg"]
    half = (lay.w["seg"] if lay.vertical else lay.node_h) / 2
    (d,) = [n for n in lay.chains[k] if lay.rank[n] == lay.rank["seg"]]  # its point in the rank of 'seg'
    at = (lay.x[d], lay.y[d])
    assert abs(at[along] - seg_along) < 1 and abs(at[across] - seg_across) > half  # beside 'seg', not through it
    assert any(abs(p[across] - at[across]) < 1 for p in pts)  # and the edge runs through that point


def test_barycentre_ordering_removes_a_crossing() -> None:
    # a->d, b->c with c declared before d: ordering by barycentre puts c beside b and d beside a
    stages = [StageView("a", "input", ""), StageView("b", "input", ""), StageView("c", "model", ""),
              StageView("d", "model", "")]
    lay = Layout(GraphView("x", stages, [("a", "d", "image"), ("b", "c", "image")]))
    assert (lay.y["a"] < lay.y["b"]) == (lay.y["d"] < lay.y["c"])


def test_layout_is_linear_ish_in_size() -> None:
    sizes = {}
    for n in (150, 600):  # 453 and 1,803 edges: drawn (past 2,000 a drawing is a one-line note)
        view = _chain_view(n, fan=3)
        t = time.perf_counter()
        svg = render_svg(view)
        sizes[n] = (len(svg), time.perf_counter() - t)
    ratio = sizes[600][0] / sizes[150][0]
    assert 3.5 < ratio < 4.5  # output grows with the graph, not faster
    assert sizes[600][1] < 10


def test_page_is_deterministic() -> None:
    assert page("examples/metrics-e3")[1] == page("examples/metrics-e3")[1]


# ------------------------------------------------------------------ mermaid and dot
def test_graph_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "examples/fused-handcrafted-deep.pipe"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\ntitle: ") and "\nflowchart LR\n" in out
    ids = dict(re.findall(r"^  (s\d+)\W+<b>(\w+)</b>", out, re.MULTILINE))
    assert sorted(ids.values()) == sorted(["ct", "seg", "rad", "dl", "fuse", "mlp", "malignant"])
    assert re.search(r"^  s\d+\{\{\"<b>rad</b>", out, re.MULTILINE)  # feature extraction: hexagon
    assert re.search(r"^  s\d+\(\[\"<b>ct</b>", out, re.MULTILINE)  # input: stadium
    edges = re.findall(r"^  (s\d+) (-->|==>)\|(\w+)\| (s\d+)$", out, re.MULTILINE)
    assert len(edges) == 7
    assert ("rad", "tabular", "fuse") in {(ids[a], t, ids[b]) for a, _, t, b in edges}
    thick = {(ids[a], ids[b]) for a, arrow, _, b in edges if arrow == "==>"}
    assert thick == {("ct", "seg"), ("seg", "rad"), ("rad", "fuse"), ("fuse", "mlp"), ("mlp", "malignant")}
    assert "classDef feature_extraction" in out and "linkStyle" in out
    assert "segmentation#40;mode: semi_automated#41;" in out  # brackets in labels are escaped


def test_graph_dot(tmp_path: Path) -> None:
    out = tmp_path / "g.dot"
    assert main(["graph", EXAMPLE, "--format", "dot", "--output", str(out), "--no-highlight"]) == 0
    text = out.read_text()
    assert text.startswith("digraph ") and text.rstrip().endswith("}")
    assert text.count("{") == text.count("}")
    nodes = re.findall(r'^  "([^"]+)" \[label=', text, re.MULTILINE)
    assert nodes == ["us", "seg", "node", "cnn", "metastasis"]
    edges = re.findall(r'^  "([^"]+)" -> "([^"]+)" \[label="(\w+)"', text, re.MULTILINE)
    assert ("seg", "node", "mask") in edges and len(edges) == 5
    assert "#dc2626" not in text  # --no-highlight
    assert "shape=parallelogram" in text and "shape=ellipse" in text
    if shutil.which("dot"):
        subprocess.run(["dot", "-Tsvg", str(out)], check=True, capture_output=True)


def test_graph_quoting_survives_odd_titles() -> None:
    view = GraphView('a "quoted" \\ title', [StageView('x"y', "input", 'CT "3d" #5 <b>')], [])
    dot = to_dot(view)
    assert '"x\\"y"' in dot and "\\\\ title" in dot
    mer = to_mermaid(view)
    assert "#34;" in mer and "<b>x#34;y</b>" in mer and "#35;5" in mer and "#60;b#62;" in mer


def test_graph_of_a_bad_file_is_a_located_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", f"{BATCH}/broken-syntax.pipe"]) == 2
    err = capsys.readouterr().err
    assert f"{BATCH}/broken-syntax.pipe:2:12: PS101" in err and "Traceback" not in err


def test_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert main(["report", "examples/metrics-e3", "--html", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert main(["report", BATCH, "--html", str(out)]) == 2  # input errors still exit 2 (the page is written)
    assert "broken-syntax.pipe" in out.read_text()
    assert main(["report", f"{BATCH}/misclassified.pipe", "--html", str(out), "--fail-on", "error"]) == 1


# ------------------------------------------------------------------ a real browser
CHROMIUM = find_chromium()
CHROMEDRIVER = find_chromedriver()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
needs_driver = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None or not have_selenium(),
    reason="chromium, chromium-driver (.ci/run installs them) or selenium (the test extra) is not installed")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    driver = start_browser(CHROMIUM, CHROMEDRIVER,  # type: ignore[arg-type]
                           tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def batch_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "batch.html"
    os.chdir(ROOT)
    _, html = page("examples", BATCH)
    out.write_text(html, encoding="utf-8")
    return out


@needs_driver
def test_console_is_clean_and_every_diagram_is_drawn(browser: Any, batch_page: Path) -> None:
    browser.get(batch_page.as_uri())
    console(browser)  # drain
    browser.get(batch_page.as_uri())
    logs = console(browser)
    assert [e for e in logs if e.get("level") in ("SEVERE", "WARNING")] == [], logs
    sizes = browser.execute_script("return Array.from(document.querySelectorAll('svg.pipeline-graph')).map(function (s) {"
                        " var r = s.getBoundingClientRect(); return [r.width, r.height,"
                        " s.querySelectorAll('g.stage').length, s.querySelectorAll('path.edge').length]; });")
    assert len(sizes) >= 15
    assert all(w > 150 and h > 40 and n >= 3 and e >= 2 for w, h, n, e in sizes), sizes
    # the console check is not vacuous: an error is seen when there is one
    browser.execute_script("console.error('pipespec test: deliberate console error');")
    assert any("deliberate console error" in e.get("message", "") for e in console(browser))


@needs_driver
def test_diagram_pixels_and_highlight(browser: Any, tmp_path: Path) -> None:
    _, html = page(EXAMPLE)
    p = tmp_path / "one.html"
    p.write_text(html, encoding="utf-8")
    browser.get(p.as_uri())
    assert console(browser) == []
    from selenium.webdriver.common.by import By

    png = browser.find_element(By.CSS_SELECTOR, "svg.pipeline-graph").screenshot_as_png
    stats = pixel_stats(png)
    assert stats["non_white"] / stats["total"] > 0.05, stats  # stages, edges and labels are painted
    assert stats["red"] > 300, stats  # the deciding path is drawn in the highlight colour
    verdicts = browser.execute_script("return Array.from(document.querySelectorAll('tr[data-condition] .v'))"
                           ".map(function (e) { return e.textContent; });")
    assert verdicts[:2] == ["Yes", "Yes"]


@needs_driver
def test_index_sorts_in_the_browser(browser: Any, batch_page: Path) -> None:
    browser.get(batch_page.as_uri())
    order = "return Array.from(document.querySelectorAll('table.index tbody tr')).map(function (r) {" \
            " return r.cells[9].textContent + '|' + r.cells[0].textContent; });"
    before = browser.execute_script(order)
    from selenium.webdriver.common.by import By

    button = browser.find_element(By.CSS_SELECTOR, "table.index th:nth-child(10) button")  # Errors
    button.click()
    asc = browser.execute_script(order)
    assert [int(x.split("|")[0]) for x in asc] == sorted(int(x.split("|")[0]) for x in before)
    button.click()
    desc = browser.execute_script(order)
    assert [int(x.split("|")[0]) for x in desc] == sorted((int(x.split("|")[0]) for x in before), reverse=True)
    assert browser.execute_script("return document.querySelector('table.index th:nth-child(10)')"
                       ".getAttribute('aria-sort');") == "descending"
    assert console(browser) == []


@needs_driver
def test_print_layout(browser: Any, batch_page: Path) -> None:
    browser.get(batch_page.as_uri())
    pdf = print_pdf(browser)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    n = len(check_paths(["examples", BATCH], Options()))
    assert pages >= n + 1  # the index, then every pipeline from a new page


@needs_chromium
def test_screenshot_from_the_command_line(tmp_path: Path) -> None:
    """Plain ``chromium --headless --screenshot``: the diagram area of the page is drawn, the log is clean."""
    _, html = page(EXAMPLE)
    p = tmp_path / "one.html"
    p.write_text(html, encoding="utf-8")
    png_path = tmp_path / "shot.png"
    run = screenshot(CHROMIUM, p.as_uri(), png_path, tmp_path / "profile", size=(1280, 1400))  # type: ignore[arg-type]
    assert png_path.exists(), run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line or "Content Security Policy" in line]
    assert console == [], console
    png = png_path.read_bytes()
    width, height, _, _ = decode_png(png)
    assert (width, height) == (1280, 1400)
    # the figure sits under the title: its band holds the drawn stages (non-white) and the red deciding path
    band = pixel_stats(png, (0, 180, width, 480))
    assert band["non_white"] / band["total"] > 0.04, band
    assert band["red"] > 300, band
    if os.environ.get("PIPESPEC_UPDATE_SCREENSHOT"):
        DOC_PNG.parent.mkdir(exist_ok=True)
        shutil.copy(png_path, DOC_PNG)


def test_docs_screenshot_is_a_real_picture_of_the_report() -> None:
    assert DOC_PNG.exists(), "run PIPESPEC_UPDATE_SCREENSHOT=1 python -m pytest tests/render/test_html.py"
    png = DOC_PNG.read_bytes()
    stats = pixel_stats(png, (0, 180, 1280, 480))
    assert stats["red"] > 300 and stats["non_white"] / stats["total"] > 0.04


def test_python_dash_m_works_for_the_pictures(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = tmp_path / "x.html"
    r = subprocess.run([sys.executable, "-m", "pipespec", "report", EXAMPLE, "--html", str(out)], cwd=ROOT,
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and out.exists() and f"wrote {out}" in r.stderr
    r = subprocess.run([sys.executable, "-m", "pipespec", "graph", EXAMPLE, "-f", "dot"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.startswith("digraph")


# ------------------------------------------------------------------ large graphs stay legible
LARGE = ["tests/data/large/twelve-stages.pipe", "tests/data/large/twenty-five-stages.pipe"]


def test_wrap_breaks_at_name_boundaries_and_marks_what_is_cut() -> None:
    assert wrap("seg", 8.0, 200) == ["seg"]
    lines = wrap("mask_postprocessing_and_cropping_for_the_tumour", 8.0, 200)
    assert lines == ["mask_postprocessing_", "and_cropping_for_the…"]
    assert all(len(line) * 8.0 <= 200 - 28 for line in lines)
    assert wrap("logistic regression (classification)", 6.6, 180) == ["logistic regression", "(classification)"]
    cut = wrap("a" * 200, 6.6, 180)
    assert len(cut) == 2 and cut[1].endswith("…") and set("".join(cut)) == {"a", "…"}


@pytest.mark.parametrize("path", LARGE)
def test_a_large_graph_is_drawn_downwards_at_full_size_with_whole_labels(path: str) -> None:
    (r,) = check_paths([path], Options(drawing=True))
    view = view_for(r)
    assert view is not None and len(view.stages) >= 12
    lay = Layout(view)
    assert lay.vertical and lay.width <= WIDTH_BUDGET
    for s in view.stages:
        name, detail = lay.lines[s.name]
        assert "".join(name) == s.name, name  # every stage name whole, wrapped at most
        assert "".join(detail).replace(" ", "") == s.detail.replace(" ", ""), detail
    svg = render_svg(view)
    assert "…" not in svg


def _stage_geometry(browser: Any) -> dict[str, Any]:
    return browser.execute_script("""
      var svg = document.querySelector('svg.pipeline-graph');
      var box = svg.getBoundingClientRect();
      var out = {scale: box.width / svg.viewBox.baseVal.width, stages: []};
      svg.querySelectorAll('g.stage').forEach(function (g) {
        var shape = g.querySelector('rect, polygon').getBoundingClientRect();
        var texts = Array.from(g.querySelectorAll('text')).map(function (t) {
          var r = t.getBoundingClientRect();
          return {cls: t.getAttribute('class'), text: t.textContent, left: r.left, right: r.right,
                  top: r.top, bottom: r.bottom, size: parseFloat(getComputedStyle(t).fontSize)};
        });
        out.stages.push({name: g.getAttribute('data-stage'), left: shape.left, right: shape.right,
                         top: shape.top, bottom: shape.bottom, texts: texts});
      });
      return out;""")


@needs_driver
@pytest.mark.parametrize("path", LARGE)
def test_a_large_graph_is_legible_in_the_browser(browser: Any, path: str, tmp_path: Path) -> None:
    _, html = page(path)
    p = tmp_path / "large.html"
    p.write_text(html, encoding="utf-8")
    browser.get(p.as_uri())
    assert console(browser) == []
    geo = _stage_geometry(browser)
    assert geo["scale"] > 0.99, geo["scale"]  # drawn at full size, never shrunk to fit
    assert len(geo["stages"]) >= 12
    for st in geo["stages"]:
        name = "".join(t["text"] for t in st["texts"] if t["cls"] == "name")
        assert name == st["name"], (name, st["name"])  # the whole name, not cut
        for t in st["texts"]:
            assert t["size"] * geo["scale"] >= 10, t  # not tiny
            # every label inside its stage's shape (polygons slant: a little room at their corners)
            assert t["left"] >= st["left"] - 1 and t["right"] <= st["right"] + 1, (st["name"], t)
            assert t["top"] >= st["top"] - 1 and t["bottom"] <= st["bottom"] + 1, (st["name"], t)
    from selenium.webdriver.common.by import By

    png = browser.find_element(By.CSS_SELECTOR, "svg.pipeline-graph").screenshot_as_png
    stats = pixel_stats(png)
    assert stats["non_white"] / stats["total"] > 0.05 and stats["red"] > 300, stats


def test_a_label_sized_to_its_stage_is_not_wrapped() -> None:
    view = GraphView("x", [StageView("a", "input", "CT image3d"),
                           StageView("i3d", "model", "Inception-3D (classification)")], [("a", "i3d", "image3d")])
    lay = Layout(view)
    assert lay.lines["i3d"] == (["i3d"], ["Inception-3D (classification)"])
