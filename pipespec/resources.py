"""Locate the grammar and schema files, installed (pipespec/data/...) or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resource_path(folder: str, name: str) -> Path:
    """Path of ``folder/name`` where folder is ``grammar`` or ``schema``."""
    installed = _HERE / "data" / folder / name
    if installed.is_file():
        return installed
    source = _HERE.parent / folder / name
    if source.is_file():
        return source
    raise FileNotFoundError(f"pipespec resource {folder}/{name} is missing from the installation")
