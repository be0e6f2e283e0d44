"""Facts about one stage that several rules need: a model's family and task, an extraction's method.

The vocabulary decides over a stage's own declaration when it knows the name (a 'deep' SVM is classical).
"""

from __future__ import annotations

from pipespec import vocab
from pipespec.model import Stage


def model_family(stage: Stage) -> str | None:
    """deep / classical / statistical: the vocabulary's answer for a known name (the architecture or algorithm,
    else its backbone), else the declared family."""
    for key in ("architecture", "algorithm", "backbone"):
        name = stage.text(key)
        if name:
            term = vocab.lookup(name)
            if term is not None and term.family in ("deep", "classical", "statistical"):
                return term.family
    return stage.text("family")


def extraction_method(stage: Stage) -> str | None:
    """handcrafted / deep: what the tool is (vocabulary) when known, else the declared method."""
    for key in ("tool", "backbone"):
        tool = stage.text(key)
        if tool:
            term = vocab.lookup(tool)
            if term is not None:
                if term.family == "handcrafted":
                    return "handcrafted"
                if term.family == "deep":
                    return "deep"
    method = stage.text("method")
    if method is None and stage.get("feature_classes"):
        return "handcrafted"  # predefined feature classes are hand-crafted, whatever the tool
    return method


def model_task(stage: Stage) -> str | None:
    task = stage.text("task")
    if task:
        return task
    for key in ("architecture", "algorithm"):
        name = stage.text(key)
        term = vocab.lookup(name) if name else None
        if term is not None and term.task in ("segmentation", "detection", "image_to_image"):
            return term.task
    return None
