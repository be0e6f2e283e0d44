"""The drawing against Graphviz ``dot``, measured by the same code on both (benchmarks/drawing_geometry.py): on
every shipped example, the large test pipelines and the benchmark studies (a 15-stage hybrid study and a generated
42-stage multi-sequence one), no edge label overlaps a label or a box, no edge passes through a box that is not
one of its ends, every edge is drawn, the area is at most 1.5x dot's and the crossing edge pairs at most
ceil(1.2 x) dot's.  Graphviz is needed here only: where it should be installed (CI, or Debian with apt) its
absence fails the test rather than skipping it."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipespec.batch import check_paths
from pipespec.checker import Options
from pipespec.render.graph import GraphView, StageView, to_dot, view_for
from pipespec.render.svg import render_svg

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import drawing_geometry as geo
    import gen
    from drawing_graphs import multi_sequence
finally:
    sys.path.remove(str(ROOT / "benchmarks"))

GRAPHS = sorted(str(p.relative_to(ROOT)) for p in [*(ROOT / "examples").glob("*.pipe"),
                                                   *(ROOT / "tests" / "data" / "large").glob("*.pipe"),
                                                   *(ROOT / "benchmarks" / "graphs").glob("*.pipe")])


def _dot_expected() -> bool:
    return os.environ.get("CI", "").lower() == "true" or (Path("/etc/debian_version").exists()
                                                           and shutil.which("apt-get") is not None)


def _view(path: str) -> GraphView:
    (r,) = check_paths([str(ROOT / path)], Options(drawing=True))
    view = view_for(r)
    assert view is not None, path
    return view


@pytest.mark.parametrize("path", GRAPHS)
def test_drawing_has_no_overlaps_and_no_edge_through_a_box(path: str) -> None:
    view = _view(path)
    ours = geo.measure(geo.from_svg(render_svg(view)))
    assert ours["label_overlaps"] == 0, ours
    assert ours["through_boxes"] == 0, ours
    assert ours["edges"] == len(view.edges)  # every edge drawn


def _need_dot() -> None:
    if shutil.which("dot") is None:
        if _dot_expected():
            pytest.fail("Graphviz dot is missing where it should be installed (.ci/run installs Debian's graphviz)")
        pytest.skip("Graphviz dot is not installed")


@pytest.mark.parametrize("path", GRAPHS)
def test_drawing_is_as_good_as_dot(path: str) -> None:
    _need_dot()
    _as_good_as_dot(_view(path))


@pytest.mark.parametrize("i", range(0, 48, 4))
def test_generated_typical_studies_are_drawn_as_well_as_dot(i: int, tmp_path: Path) -> None:
    # the benchmark's typical specs (six designs, side inputs, several branches): not hand-picked examples
    path = tmp_path / f"t{i}.pipe"
    path.write_text(gen.typical_dsl(i), encoding="utf-8")
    (r,) = check_paths([str(path)], Options(drawing=True))
    view = view_for(r)
    assert view is not None
    ours = geo.measure(geo.from_svg(render_svg(view)))
    assert ours["label_overlaps"] == ours["through_boxes"] == 0 and ours["edges"] == len(view.edges), ours
    _need_dot()
    _as_good_as_dot(view)


def _as_good_as_dot(view: GraphView) -> None:
    ours = geo.measure(geo.from_svg(render_svg(view)))
    dot = geo.measure(geo.from_dot_json(geo.dot_json(to_dot(view))))
    assert dot["edges"] == ours["edges"] == len(view.edges)
    assert ours["crossings"] <= math.ceil(1.2 * dot["crossings"]), (ours, dot)
    assert ours["area"] <= 1.5 * dot["area"], (ours, dot)


def test_the_committed_multi_sequence_study_is_the_generators() -> None:
    assert (ROOT / "benchmarks" / "graphs" / "multi-sequence-5.pipe").read_text(encoding="utf-8") == multi_sequence(5)


def test_the_measure_sees_overlaps_boxes_crossed_and_crossings() -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
           '<g class="stage" data-stage="a"><rect x="0" y="0" width="40" height="20"/></g>'
           '<g class="stage" data-stage="b"><rect x="80" y="40" width="40" height="20"/></g>'
           '<path class="edge" data-from="c" data-to="d" d="M100,0 L100,100"/>'
           '<path class="edge" data-from="e" data-to="f" d="M60,50 C80,50 120,50 140,50"/>'
           '<path class="edge" data-from="a" data-to="b" d="M20,20 L90,40"/>'
           '<text class="elabel" x="20" y="12">abcd</text><text class="elabel start" x="150" y="80">x</text>'
           '<text class="elabel start" x="152" y="82">y</text></svg>')
    m = geo.measure(geo.from_svg(svg))
    assert m["label_overlaps"] == 2  # a label on box a, two labels on each other
    assert m["through_boxes"] == 2  # c->d and e->f through b; a->b ends there
    assert m["crossings"] == 1  # c->d with e->f (a->b shares no stage with them but meets neither)
    assert m["area"] == 200 * 100


def test_relations_and_labels_keep_their_hooks() -> None:
    view = GraphView("x", [StageView("a", "input", ""), StageView("m", "model", ""), StageView("t", "model", "")],
                     [("a", "m", "image"), ("a", "t", "image")], relations=[("t", "m", "labels")])
    svg = render_svg(view)
    d = geo.from_svg(svg)
    assert set(d.boxes) == {"a", "m", "t"} and len(d.edges) == 2 and len(d.labels) == 3
    assert geo.measure(d)["label_overlaps"] == 0
    assert svg.count('class="relation"') == 1 and render_svg(view) == svg  # deterministic


def test_the_same_graph_gives_the_same_bytes_in_any_process() -> None:
    code = ("import hashlib, sys; from pipespec.batch import check_paths; from pipespec.checker import Options; "
            "from pipespec.render.graph import view_for; from pipespec.render.svg import render_svg; "
            "(r,) = check_paths([sys.argv[1]], Options(drawing=True)); "
            "print(hashlib.sha256(render_svg(view_for(r)).encode()).hexdigest())")
    path = str(ROOT / "benchmarks" / "graphs" / "multi-sequence-5.pipe")
    seen = set()
    for seed in ("1", "2"):  # the order of sets of names differs between the two
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        out = subprocess.run([sys.executable, "-c", code, path], env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        seen.add(out.stdout.strip())
    assert len(seen) == 1
