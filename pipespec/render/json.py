"""The JSON report: ``Report.to_dict()`` (see schema/report.schema.json), indented, UTF-8 kept as is."""

from __future__ import annotations

import json

from pipespec.render import RenderOptions
from pipespec.report import Report


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
