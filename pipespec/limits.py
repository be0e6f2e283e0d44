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
    # messages name the command-line option that raises each limit; False where no such option applies (a caller
    # of the library that sets its own limits)
    options: bool = True

    def option(self, name: str, value: int | None = None) -> str:
        """`` (--max-stages)`` (with ``value``: `` (--max-depth 64)``) for a message, or nothing where no
        command-line option applies (``options`` false, or a process that answers an API: see
        :func:`without_options`)."""
        if not (self.options and _OPTIONS[0]):
            return ""
        return f" (--{name})" if value is None else f" (--{name} {value})"


DEFAULT_LIMITS = Limits()
_OPTIONS = [True]


def without_options() -> None:
    """From now on, no message of this process names a command-line option that raises a limit: for the server's
    worker processes, whose clients cannot pass one (the server's operator sets its limits)."""
    _OPTIONS[0] = False
