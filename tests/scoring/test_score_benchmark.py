"""benchmarks/score.py works (quick smoke mode, small sizes): it is not a performance test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_score_benchmark_quick_mode_prints_every_row() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "score.py"), "--quick"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    text = out.stdout
    assert "20 raters x 3 papers (190 pairs), every item yes" in text
    for fmt in ("text", "json", "markdown", "csv", "html"):
        assert text.count(f" {fmt} ") == 4, fmt  # two sizes, two kinds of answers
    assert "score time 20 / 10 raters" in text and "fractions / integers" in text
