"""The words of the language shared by every front end, the writer and the strategies: names, reserved words, spans."""

from __future__ import annotations

import re
from typing import Any

from pipespec.errors import Span

# a document path (keys and indexes from the root) -> where that node stands in the source
SpanMap = dict[tuple[Any, ...], Span]

# the DSL's NAME token (grammar/pipespec.lark; tests/test_fuzz.py keeps the two equal): every front end takes the
# same stage names, so any pipeline converts to the DSL and back
NAME = re.compile(r"(?:\d+(?:\.\d+)?(?![eE][-+]?\d)[^\W\d_]|[^\W\d])\w*(?:[-.+\/]\w+)*\+*")
# the reserved words (grammar/pipespec.lark): no front end takes them as a stage name, and values spelled like
# them are quoted: the statement keywords (the assessment blocks among them) and the stage kinds
STATEMENT_KEYWORDS = frozenset({"pipeline", "flow", "from", "declare", "expect", "waive", "study", "at", "assess",
                                "cohort", "evaluation", "availability"})
RESERVED = STATEMENT_KEYWORDS | frozenset({"input", "preprocessing", "feature_extraction", "model", "output"})
