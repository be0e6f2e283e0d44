"""The delineation matrix: Methods paragraphs composed from who delineates (readers with their experience, two in
consensus, a technologist, "we", no agent, a network trained in the study or used as is, a vendor's product, a
classical algorithm), how (by hand, slice by slice, semi-automatically, from a seed point, a threshold in a box,
automatically), what (tumour, lesion, gland, organ, GTV, VOIs, a box, the whole image, an image-level label), with
what correction (none, "no manual correction", corrected, edited where necessary, only checked), where each fact is
stated (the same sentence, a later one, a later paragraph, a subsection, a figure caption), with British and American
spelling. Each is drafted and its Conditions #1 and #2 and the drafted delineation's mode are compared with the
reading pipespec's decisions give it by construction (tests/draft/delineation_cases.py)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipespec.analysis.engine import analyse
from pipespec.draft import draft
from tests.draft.delineation_cases import Case, compose

_MODE = re.compile(r"\bmode: (\w+)")


def _reading(case: Case) -> tuple[str, str, list[str]]:
    d = draft(case.text)
    conditions = analyse(d.pipeline).conditions
    modes = [m.group(1) for s in d.stages if any(k in s.head for k in ("segmentation", "bounding_box", "roi_crop"))
             for m in [_MODE.search(s.head)] if m]
    return conditions[1].verdict, conditions[2].verdict, modes


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_composed_delineation_drafts_to_its_reading_by_construction(data: st.DataObject) -> None:
    case = compose(lambda items: data.draw(st.sampled_from(list(items))))
    c1, c2, modes = _reading(case)
    assert c1 == case.condition1, (case.axes, case.text, c1, modes)
    if case.condition1 == "yes":
        assert c2 == case.condition2, (case.axes, case.text, c2, modes)
        assert all(m in case.modes for m in modes), (case.axes, case.text, modes, sorted(case.modes))
    else:
        assert not modes, (case.axes, case.text, modes)
