"""The JSON report: ``Report.to_dict()`` (see schema/report.schema.json), indented, UTF-8 kept as is."""

from __future__ import annotations

from pipespec.render import RenderOptions
from pipespec.render.common import dump_json
from pipespec.report import Report


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return dump_json(report.to_dict())
