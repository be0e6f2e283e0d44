"""The benchmark suite works (quick smoke mode, small sizes): it is not a performance test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_quick_mode_prints_the_table(tmp_path: Path) -> None:
    md = tmp_path / "table.md"
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--runs", "2", "--files",
                          "12", "--sizes", "50,100", "--markdown", str(md)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    text = out.stdout
    for row in ("cold start: python -m pipespec check", "throughput: 12 mixed DSL+YAML specs",
                "throughput: DSL text parsed+checked per core", "scaling: 100 stages", "scaling: t(100) / t(50)",
                "scaling: peak memory at 100 stages", "draft: 3,", "draft: cold command (pipespec draft"):
        assert row in text, text
    assert "comparison" in text and "ratio" in text and "target" in text
    # the peer row is there when check-jsonschema is installed, and said to be skipped otherwise
    assert "peer: pipespec check" in text or "peer comparison skipped" in text
    assert "yaml/jsonschema/lark among them" in text
    assert md.read_text(encoding="utf-8").startswith("Machine: ")


def test_generated_specs_are_valid_and_varied() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import gen
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from pipespec.checker import check_text

    verdicts = set()
    for i in range(12):
        dsl = gen.typical_dsl(i)
        report = check_text(dsl, f"spec{i}.pipe", "dsl")
        assert not report.errors, (dsl, report.errors)
        yaml_report = check_text(gen.to_yaml(dsl), f"spec{i}.yaml", "yaml")
        assert not yaml_report.errors
        assert {c: v.verdict for c, v in yaml_report.conditions.items()} == \
            {c: v.verdict for c, v in report.conditions.items()}
        verdicts.add(report.conditions[5].verdict)
    assert verdicts == {"yes", "no"}
    big = check_text(gen.large_dsl(300), "big.pipe", "dsl")
    assert not big.errors and big.stages == 300


def test_quick_baseline_is_skipped_with_a_note_without_git(tmp_path: Path) -> None:
    """From an unpacked source archive (no .git) there is no baseline commit to install: --quick says so."""
    from tests.test_install import copy_source

    src = tmp_path / "src"
    copy_source(ROOT, src)
    assert not (src / ".git").exists()
    out = subprocess.run([sys.executable, str(src / "benchmarks" / "run.py"), "--quick", "--runs", "1", "--files",
                          "4", "--sizes", "50,100", "--baseline", "HEAD"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "baseline HEAD skipped: no .git here" in out.stdout
    assert "against the baseline" not in out.stdout
