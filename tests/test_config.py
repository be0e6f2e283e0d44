"""pipespec.config: reading one configuration file and the precedence of discovery (unit level; the end-to-end
cases of hostile configurations are in tests/hostile/test_config_trust.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipespec.config import MAX_CONFIG_BYTES, config_for_dir, load_config_file, parse_config
from pipespec.errors import ConfigError


def test_parse_config_reads_top_level_settings_of_a_dot_file() -> None:
    c = parse_config({"disable": ["l105"], "severity": {"C500": "warning"}, "tool": {"ruff": {}}}, "x/.pipespec.toml")
    assert c.disable == frozenset({"L105"}) and c.severity == {"C500": "warning"} and c.source == "x/.pipespec.toml"


def test_parse_config_ignores_top_level_keys_of_a_pyproject() -> None:
    assert parse_config({"disable": ["L105"]}, "pyproject.toml").source is None


def test_parse_config_without_settings_is_no_configuration() -> None:
    assert parse_config({}, ".pipespec.toml").source is None
    assert parse_config({"tool": {"black": {}}}, ".pipespec.toml").source is None


@pytest.mark.parametrize("data,words", [
    ({"tool": 1}, "'tool' must be a table"),
    ({"tool": {"pipespec": []}}, "must be a table"),
    ({"disable": ["W101"]}, "cannot be disabled"),
    ({"severity": {"W102": "info"}}, "cannot be disabled"),
    ({"disable": ["Z9"]}, "unknown rule code 'Z9'"),
    ({"disable": ["L105"], "tool": {"pipespec": {}}}, "give them in one place"),
])
def test_parse_config_errors_name_the_file(data: dict[str, object], words: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_config(data, "/c/.pipespec.toml")
    assert str(exc.value).startswith("/c/.pipespec.toml: ") and words in str(exc.value)
    assert exc.value.located().startswith("/c/.pipespec.toml:1:1: PS113 ")


def test_load_config_file_gives_path_and_digest(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text('[tool.pipespec]\ndisable = ["L105"]\n')
    c = load_config_file(str(f))
    assert c.source == str(f) and c.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()


def test_load_config_file_locates_toml_errors(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text("a = 1\nb = \n")
    with pytest.raises(ConfigError) as exc:
        load_config_file(str(f))
    assert (exc.value.path, exc.value.line, exc.value.column) == (str(f), 2, 5)


def test_load_config_file_refuses_a_large_file_without_parsing_it(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_bytes(b"[" * (MAX_CONFIG_BYTES + 1))  # parsed, this would be a nesting error, not a size error
    with pytest.raises(ConfigError, match="larger than"):
        load_config_file(str(f))


def test_discovery_skips_a_folder_whose_dot_file_holds_no_settings(tmp_path: Path) -> None:
    (tmp_path / ".pipespec.toml").write_text('disable = ["L105"]\n')
    child = tmp_path / "child"
    child.mkdir()
    (child / ".pipespec.toml").write_text("")
    config_for_dir.cache_clear()
    assert config_for_dir(str(child)).source == str(tmp_path / ".pipespec.toml")
    (child / ".pipespec.toml").write_text("disable = []\n")  # an explicit empty list is a configuration
    config_for_dir.cache_clear()
    assert config_for_dir(str(child)).source == str(child / ".pipespec.toml")
    config_for_dir.cache_clear()
