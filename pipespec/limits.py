"""Safety limits for untrusted input: one value, checked by pipespec.language.prescan before building."""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from typing import NamedTuple


class Limits(NamedTuple):
    """Safety limits for untrusted input; each is a clean error when exceeded. Override via CLI options."""

    max_bytes: int = 1 << 20  # file size
    max_depth: int = 64  # nesting of YAML/JSON containers and DSL brackets
    max_nodes: int = 200_000  # YAML nodes after alias expansion
    max_expanded_bytes: int = 8 << 20  # bytes of YAML scalars after alias expansion
    max_stages: int = 5_000
    max_edges: int = 100_000  # data-flow edges: `from` entries plus the edges DSL `flow` statements expand to
    max_identifier: int = 128


DEFAULT_LIMITS = Limits()
