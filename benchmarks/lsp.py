"""The language server's own work, in process: from the end of a change's debounce to the diagnostics ready to
send (the check, the stage-name scan and the conversion to editor positions), and the hover and completion
answers, on a generated pipeline of 200 stages. Prints one JSON object (milliseconds, medians of --runs)."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen  # noqa: E402

from pipespec.cli.lsp.features import Analysis, completions, diagnostics, hover  # noqa: E402
from pipespec.cli.lsp.text import Text  # noqa: E402


def _median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def measure(stages: int = 200, runs: int = 15) -> dict[str, float]:
    text = gen.large_dsl(stages)
    path = "bench.pipe"

    def publish() -> None:
        a = Analysis(text, path, "dsl")
        diagnostics(a, Text(text))
        _ = a.occurrences

    publish()  # warm: imports, caches
    a = Analysis(text, path, "dsl")
    _ = a.occurrences
    at_name = text.index("m1:")
    at_flow = text.rindex("flow ") + len("flow ")
    return {
        "stages": stages,
        "bytes": len(text.encode("utf-8")),
        "diagnostics_ms": _median_ms(publish, runs),
        "hover_ms": _median_ms(lambda: hover(a, at_name), runs),
        "completion_ms": _median_ms(lambda: completions(a, at_flow), runs),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stages", type=int, default=200)
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    print(json.dumps(measure(a.stages, a.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
