"""A pool target for the tests: the real jobs, except that a text starting with a marker hangs (or dies), so the
pool's time limit and crash recovery can be exercised deterministically in a spawned worker."""

from __future__ import annotations

import os
import time
from typing import Any

from pipespec.cli.web import jobs

HANG = "#hang\n"
DIE = "#die\n"


def run(kind: str, payload: dict[str, Any]) -> Any:
    text = payload.get("text", "")
    if text.startswith(HANG):
        while True:  # stuck for good: only killing the process ends it
            time.sleep(3600)
    if text.startswith(DIE):
        os._exit(3)
    return jobs.run(kind, payload)


def pid(kind: str, payload: dict[str, Any]) -> Any:
    """Which process answered (to see a worker replaced)."""
    if payload.get("text", "").startswith(HANG):
        while True:
            time.sleep(3600)
    return os.getpid()
