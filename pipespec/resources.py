"""Locate the grammar and schema files, installed (pipespec/data/...) or in a source checkout."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

_HERE = os.path.dirname(os.path.realpath(__file__))


def resource_file(folder: str, name: str) -> str:
    """The path of ``folder/name`` (``grammar`` or ``schema``), installed or in a source checkout, as a string
    (os.path only: a check of one file does not import pathlib)."""
    for candidate in (os.path.join(_HERE, "data", folder, name), os.path.join(os.path.dirname(_HERE), folder, name)):
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError(f"pipespec resource {folder}/{name} is missing from the installation")


def resource_path(folder: str, name: str) -> Path:
    """Path of ``folder/name`` where folder is ``grammar`` or ``schema``."""
    from pathlib import Path

    return Path(resource_file(folder, name))


def install_hint(extra: str) -> str:
    """How to install an optional extra, both ways: from the package index, and from a source checkout (where the
    index form fails when the version there is not the checkout's, or pipespec is not published at all)."""
    return f"pip install 'pipespec[{extra}]' (from a source checkout: pip install \".[{extra}]\")"


def missing_extra(what: str, extra: str, module: str | None) -> str:
    """The one-line error of a feature whose optional extra is not installed."""
    missing = f" ({module} is missing)" if module else ""
    return f"{what} needs the {extra} extra{missing}: {install_hint(extra)}"


# the serve command's one-line help, where `pipespec --help` lists it without importing the server's module
SERVE_HELP = "serve the submission-desk web page and the HTTP API"
