"""Configuration: ``[tool.pipespec]`` in a pyproject.toml, or a .pipespec.toml, found upward from a checked file.

    [tool.pipespec]            # in .pipespec.toml the settings may be top-level instead
    disable = ["L105"]         # rules whose findings are dropped (verdicts never change)
    [tool.pipespec.severity]
    C500 = "error"             # error | warning | info

Precedence (the nearest configuration wins, whole; configurations are never merged):

- from the checked file's folder upward, the first folder with a ``.pipespec.toml`` that holds pipespec settings, or
  a ``pyproject.toml`` with a ``[tool.pipespec]`` table, gives the configuration (``.pipespec.toml`` first when a
  folder has both);
- a ``.pipespec.toml`` without pipespec settings (empty, comments only, or only other tools' ``[tool.x]`` tables) is
  not a pipespec configuration: the search goes on upward, so an empty file never hides a parent's settings;
- in ``.pipespec.toml`` the settings are the top-level keys, or the ``[tool.pipespec]`` table; other ``[tool.x]``
  tables are other tools' and ignored; giving settings both at top level and in ``[tool.pipespec]`` is an error;
- ``--config FILE`` replaces the search (configurations in the tree are ignored); ``--isolated`` ignores every
  configuration file.

Every problem with a configuration file (bad TOML, a wrong type, an unknown or unconfigurable code, a file over
``MAX_CONFIG_BYTES``, nesting too deep to read) is a :class:`~pipespec.errors.ConfigError`, reported as PS113.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from pipespec.analysis.results import Config
from pipespec.analysis.rules import RULES
from pipespec.errors import ConfigError

SEVERITIES = ("error", "warning", "info")
MAX_CONFIG_BYTES = 1 << 20  # a configuration file larger than this is refused unread
_KEYS = ("disable", "severity")


def _bad(path: str, reason: str, line: int | None = None, column: int | None = None) -> ConfigError:
    return ConfigError(reason, path, line, column)


def _toml_error(path: str, exc: Exception, source: str) -> ConfigError:
    """tomllib's message, located: ``Invalid value (at line 3, column 5)`` -> ``PATH:3:5: Invalid value`` (``at end
    of document``: the end of ``source``)."""
    import re

    text = str(exc)[:200]
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)", text)
    if m is not None:
        return _bad(path, text[:m.start()] + text[m.end():], int(m.group(1)), int(m.group(2)))
    m = re.search(r"\s*\(at end of document\)", text)
    if m is not None:
        last = source.rsplit("\n", 1)[-1]
        return _bad(path, text[:m.start()] + " at the end of the file" + text[m.end():], source.count("\n") + 1,
                    len(last) + 1)
    return _bad(path, text)


def _kind_of(code: str) -> str:
    """What kind of rule an unconfigurable code is (for the PS113 message)."""
    rule = RULES[code]
    if code.startswith("PS1"):
        return "an input error"
    if rule.severity == "verdict":
        return "a verdict rule"
    if code.startswith("W"):
        return "a check of waivers and configurations"
    return "not configurable"


def _settings(data: dict[str, Any], source: str, dot_file: bool) -> dict[str, Any] | None:
    """The pipespec table of a parsed file (``None``: the file holds no pipespec settings)."""
    tool = data.get("tool")
    if tool is not None and not isinstance(tool, dict):
        raise _bad(source, f"'tool' must be a table ([tool.pipespec]), not {type(tool).__name__}")
    table = tool.get("pipespec") if tool is not None else None
    if table is not None and not isinstance(table, dict):
        raise _bad(source, "[tool.pipespec] must be a table")
    if not dot_file:
        return table
    top = {k: v for k, v in data.items() if k != "tool"}
    if top and table is not None:
        raise _bad(source, f"settings both at top level ({', '.join(sorted(top))}) and in "
                          "[tool.pipespec]: give them in one place")
    return table if table is not None else (top or None)


def parse_config(data: dict[str, Any], source: str, sha256: str | None = None, dot_file: bool | None = None) -> Config:
    """The :class:`Config` of a parsed file (``dot_file``: a .pipespec.toml, whose settings may be top-level;
    default: decided from the file name); every problem is a :class:`ConfigError` naming ``source``."""
    if dot_file is None:
        dot_file = os.path.basename(source) != "pyproject.toml"
    table = _settings(data, source, dot_file)
    if table is None:
        return Config(source=None)
    disable = table.get("disable", [])
    severity = table.get("severity", {})
    if not isinstance(disable, list) or not all(isinstance(c, str) for c in disable):
        raise _bad(source, "'disable' must be a list of rule codes")
    if not isinstance(severity, dict):
        raise _bad(source, "'severity' must be a table of CODE = \"error|warning|info\"")
    for code in [*disable, *severity]:
        if code.upper() not in RULES:
            raise _bad(source, f"unknown rule code {code[:64]!r}")
        if not RULES[code.upper()].configurable:
            raise _bad(source, f"{code} is {_kind_of(code.upper())}; it cannot be disabled or given a severity")
    for code, sev in severity.items():
        if sev not in SEVERITIES:
            raise _bad(source, f"severity of {code} must be error, warning or info, not {str(sev)[:64]!r}")
    unknown = set(table) - set(_KEYS)
    if unknown:
        raise _bad(source, f"unknown key(s) {', '.join(sorted(k[:64] for k in unknown))} in pipespec "
                          "configuration")
    return Config({k.upper(): v for k, v in severity.items()}, frozenset(c.upper() for c in disable), source, sha256)


def _read(path: str) -> tuple[dict[str, Any], str]:
    """A configuration file parsed, and the SHA-256 of its bytes; every failure is a ConfigError."""
    import tomllib

    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise _bad(path, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise _bad(path, f"configuration file larger than {MAX_CONFIG_BYTES} bytes")
    try:
        text = data.decode("utf-8")
        parsed = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise _bad(path, f"invalid UTF-8 (byte 0x{data[exc.start]:02x})") from None
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc, text) from None
    except RecursionError:
        raise _bad(path, "nested too deeply to read") from None
    import hashlib  # only when a configuration file is read: it loads the OpenSSL library (megabytes)

    return parsed, hashlib.sha256(data).hexdigest()


def load_config_file(path: str) -> Config:
    data, digest = _read(path)
    config = parse_config(data, path, digest)
    # a file named explicitly (--config) is the configuration even when it holds no settings
    return Config(config.severity, config.disable, path, digest)


@lru_cache(maxsize=1024)
def config_for_dir(directory: str) -> Config:
    """The nearest configuration from ``directory`` upward (see the module docstring for the precedence)."""
    folder = os.path.realpath(directory)  # as Path.resolve(): os.path only, so a check does not import pathlib
    while True:
        dot = os.path.join(folder, ".pipespec.toml")
        if os.path.isfile(dot):
            data, digest = _read(dot)
            config = parse_config(data, dot, digest, dot_file=True)
            if config.source is not None:
                return Config(config.severity, config.disable, dot, digest)
        py = os.path.join(folder, "pyproject.toml")
        text = None
        if os.path.isfile(py):
            try:
                if os.stat(py).st_size > MAX_CONFIG_BYTES:
                    raise _bad(py, f"configuration file larger than {MAX_CONFIG_BYTES} bytes")
                with open(py, encoding="utf-8") as fh:
                    text = fh.read()
            except (OSError, UnicodeDecodeError):
                text = None
        # any spelling of the table ([tool.pipespec], tool.pipespec.disable = ..., an inline table) names it
        if text is not None and "pipespec" in text:
            data, digest = _read(py)
            config = parse_config(data, py, digest, dot_file=False)
            if config.source is not None:
                return Config(config.severity, config.disable, py, digest)
        parent = os.path.dirname(folder)
        if parent == folder:
            return Config()
        folder = parent
