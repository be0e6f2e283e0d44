"""Configuration: ``[tool.pipespec]`` in a pyproject.toml, or a .pipespec.toml, found upward from a checked file.

    [tool.pipespec]            # in .pipespec.toml the table may be top-level instead
    disable = ["L105"]         # rules whose findings are dropped (verdicts never change)
    [tool.pipespec.severity]
    C500 = "error"             # error | warning | info
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from pipespec.analysis.results import Config
from pipespec.analysis.rules import RULES
from pipespec.errors import ConfigError

SEVERITIES = ("error", "warning", "info")


def parse_config(data: dict[str, Any], source: str) -> Config:
    table = data.get("tool", {}).get("pipespec") if "tool" in data else data
    if table is None:
        return Config(source=None)
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [tool.pipespec] must be a table")
    disable = table.get("disable", [])
    severity = table.get("severity", {})
    if not isinstance(disable, list) or not all(isinstance(c, str) for c in disable):
        raise ConfigError(f"{source}: 'disable' must be a list of rule codes")
    if not isinstance(severity, dict):
        raise ConfigError(f"{source}: 'severity' must be a table of CODE = \"error|warning|info\"")
    for code in [*disable, *severity]:
        if code.upper() not in RULES:
            raise ConfigError(f"{source}: unknown rule code {code!r}")
        if not RULES[code.upper()].configurable:
            raise ConfigError(f"{source}: {code} is an input error, a verdict rule or a waiver check; it cannot be "
                              "configured")
    for code, sev in severity.items():
        if sev not in SEVERITIES:
            raise ConfigError(f"{source}: severity of {code} must be error, warning or info, not {sev!r}")
    unknown = set(table) - {"disable", "severity"}
    if unknown:
        raise ConfigError(f"{source}: unknown key(s) {', '.join(sorted(unknown))} in pipespec configuration")
    return Config({k.upper(): v for k, v in severity.items()}, frozenset(c.upper() for c in disable), source)


def load_config_file(path: str) -> Config:
    import tomllib

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return parse_config(data, path)


@lru_cache(maxsize=1024)
def config_for_dir(directory: str) -> Config:
    """The nearest .pipespec.toml, or pyproject.toml with a [tool.pipespec] table, from ``directory`` upward."""
    folder = os.path.realpath(directory)  # as Path.resolve(): os.path only, so a check does not import pathlib
    while True:
        dot = os.path.join(folder, ".pipespec.toml")
        if os.path.isfile(dot):
            return load_config_file(dot)
        py = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(py):
            try:
                with open(py, encoding="utf-8") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError):
                text = ""
            if "[tool.pipespec" in text:
                return load_config_file(py)
        parent = os.path.dirname(folder)
        if parent == folder:
            return Config()
        folder = parent
