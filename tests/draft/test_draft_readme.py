"""The README's drafting round trip is real: its Methods paragraph drafts to the draft it shows, with the summary it
shows, and checking that draft prints the check it shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section() -> str:
    start = README.index("## Drafting from a manuscript: `pipespec draft`\n")
    return README[start:README.find("\n## ", start + 1)]


def test_the_readme_round_trip_is_what_the_program_prints(tmp_path: Path) -> None:
    blocks = re.findall(r"```(\w*)\n(.*?)```", _section(), re.S)
    methods = next(text for lang, text in blocks if lang == "text")
    shown_draft, shown_summary, shown_check = [text for lang, text in blocks if lang == ""][:3]
    (tmp_path / "methods.txt").write_text(methods, encoding="utf-8")
    env_run = dict(capture_output=True, text=True, timeout=120, cwd=tmp_path)
    drafted = subprocess.run([sys.executable, "-m", "pipespec", "draft", "methods.txt", "-o", "methods.pipe"],
                             **env_run)  # type: ignore[call-overload]
    assert drafted.returncode == 0, drafted.stderr
    assert (tmp_path / "methods.pipe").read_text(encoding="utf-8") == shown_draft
    assert drafted.stderr == shown_summary
    checked = subprocess.run([sys.executable, "-m", "pipespec", "check", "methods.pipe"],
                             **env_run)  # type: ignore[call-overload]
    assert checked.stdout == shown_check
