"""Drawings and pages stay well-formed and bounded: characters XML forbids (U+FFFE, U+FFFF, controls) in a
title are written as escapes in SVG and HTML (one of them made a browser's XML parser drop the page's drawing),
and a drawing of more than 2,000 edges is replaced by a one-line note (a 24 KB fan-out drew 20 MB)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from pipespec.checker import Options, check_text
from pipespec.render.common import markup_safe
from pipespec.render.svg import MAX_EDGES, render_svg

FORBIDDEN = "\ufffe\uffff\x01\x0b\x0c\x1f\ud800\x85\ufdd0"


def spec(title: str) -> str:
    return json.dumps({"pipeline": title, "stages": [
        {"name": "a", "kind": "input", "modality": "CT", "form": "image3d"},
        {"name": "m", "kind": "model", "algorithm": "CNN", "from": ["a"]},
        {"name": "y", "kind": "output", "task": "classification", "from": ["m"]}]})


def _forbidden_in(text: str) -> list[str]:
    return [c for c in text if c in FORBIDDEN]


@pytest.mark.parametrize("title", ["a\ufffeb", "c\uffffd", "e\ufdd0f"])
def test_a_title_with_characters_xml_forbids_keeps_the_drawing_well_formed(title: str) -> None:
    from pipespec.cli.web import jobs

    _, _, body = jobs.check({"text": spec(title), "format": "json", "svg": True})
    svg = json.loads(body)["svg"]
    assert svg is not None and _forbidden_in(svg) == []
    root = ET.fromstring(svg)  # a browser's XML parser reads it too
    assert "\\u" in "".join(root.itertext())  # shown as its escape, not dropped
    _, _, html = jobs.report_html({"text": spec(title), "format": "json"})
    assert _forbidden_in(html) == [] and "\\u" in html


def test_markup_safe_escapes_only_what_markup_may_not_carry() -> None:
    assert markup_safe("tab\tnl\ncr\r ok \u00e9 \U0001f600") == "tab\tnl\ncr\r ok \u00e9 \U0001f600"
    assert markup_safe("x\ufffey\x01z") == "x\\ufffey\\u0001z"


def _fan_out(n: int) -> str:
    return ('pipeline "fan" {\n  input a: CT image3d\n' + "".join(f"  model m{i}: CNN\n" for i in range(n))
            + "  output y: classification\n" + "".join(f"  flow a -> m{i} -> y\n" for i in range(n)) + "}\n")


def test_a_drawing_of_more_than_2000_edges_is_a_one_line_note() -> None:
    big = check_text(_fan_out(1001), "<t>", "dsl", Options(use_config=False, drawing=True))  # 2,002 edges
    assert big.drawing is not None and len(big.drawing.edges) > MAX_EDGES
    svg = render_svg(big.drawing, "d")
    assert len(svg) < 1000 and svg.count("<text") == 1 and "2,002 edges" in svg and "at most 2,000" in svg
    ET.fromstring(svg)
    small = check_text(_fan_out(999), "<t>", "dsl", Options(use_config=False, drawing=True))  # 1,998 edges
    assert small.drawing is not None
    drawn = render_svg(small.drawing, "d")
    assert drawn.count('class="edge') == 1998


def test_the_api_answers_a_huge_fan_out_with_the_note() -> None:
    from pipespec.cli.web import jobs

    text = _fan_out(3000)
    _, _, body = jobs.check({"text": text, "svg": True})
    assert len(body) < 10 * len(text)  # it was about 850 times the input
    assert "drawings have at most" in json.loads(body)["svg"]
