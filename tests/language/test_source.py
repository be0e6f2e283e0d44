"""pipespec.language.source: a file or a text is read, decoded and its format detected once, into a Source."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import pipespec
from pipespec.checker import Options, check_file, check_source, check_text
from pipespec.errors import LimitError, ReadError
from pipespec.language import Source, load_source, read_source, source_from_bytes, source_from_text
from pipespec.language import source as source_module
from pipespec.limits import Limits

DSL = 'pipeline "t" {\n  input img: CT image2d\n  model net: CNN\n  output out: classification\n' \
      '  flow img -> net -> out\n}\n'
YAML = "pipeline: t\nstages:\n  - {name: img, kind: input, modality: CT, form: image2d}\n"
JSON = '{"pipeline": "t", "stages": [{"name": "img", "kind": "input", "modality": "CT", "form": "image2d"}]}\n'


def test_a_source_is_a_frozen_value() -> None:
    src = source_from_text(DSL, "x.pipe")
    assert src == Source("x.pipe", DSL, "dsl", len(DSL.encode("utf-8")))
    with pytest.raises(AttributeError):
        src.format = "yaml"  # type: ignore[misc]


@pytest.mark.parametrize(("name", "text", "fmt"), [
    ("a.pipe", DSL, "dsl"), ("a.yaml", YAML, "yaml"), ("a.YML", YAML, "yaml"), ("a.json", JSON, "json"),
    ("no-suffix", DSL, "dsl"), ("no-suffix", YAML, "yaml"), ("no-suffix", JSON, "json"),
    ("a.txt", JSON, "json"),
])
def test_the_format_comes_from_the_suffix_else_from_the_text(tmp_path: Path, name: str, text: str,
                                                             fmt: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert read_source(str(path)).format == fmt
    assert source_from_text(text, name).format == fmt
    assert pipespec.load(path).title == "t"  # pipespec.load reads unknown suffixes by their text too


def test_a_given_format_wins_and_an_unknown_one_is_refused() -> None:
    assert source_from_text(YAML, "x.pipe", "yaml").format == "yaml"
    with pytest.raises(ValueError, match="unknown format"):
        source_from_text(YAML, "x.yaml", "toml")


def test_bytes_are_decoded_once_without_the_bom(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + DSL.encode("utf-8")
    src = source_from_bytes(data, "x.pipe")
    assert src.text == DSL and src.size == len(DSL.encode("utf-8"))
    path = tmp_path / "bom.pipe"
    path.write_bytes(data)
    assert read_source(str(path)) == src._replace(path=str(path))


@pytest.mark.parametrize(("data", "where"), [(b"pipeline\n\x00", (2, 1)), (b'pipeline "\xff"', (1, 11))])
def test_bad_bytes_are_located_read_errors(data: bytes, where: tuple[int, int]) -> None:
    with pytest.raises(ReadError) as info:
        source_from_bytes(data, "x.pipe")
    (d,) = info.value.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("PS100", *where)


def test_a_lone_surrogate_is_a_located_read_error() -> None:
    with pytest.raises(ReadError) as info:
        source_from_text('pipeline "a\ud800" {\n}\n', "x.pipe")
    (d,) = info.value.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("PS100", 1, 12)
    report = check_text('pipeline "a\ud800" {\n}\n', "x.pipe")
    assert [e.code for e in report.errors] == ["PS100"] and report.format == "dsl"


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.pipe"
    path.write_text(DSL, encoding="utf-8")

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("read a file over the limit")

    monkeypatch.setattr(source_module, "open", no_open, raising=False)
    with pytest.raises(LimitError) as info:
        read_source(str(path), limits=Limits(max_bytes=10))
    (d,) = info.value.diagnostics
    assert d.code == "PS112" and "--max-bytes" in d.message and d.span.line == 1


def test_text_over_the_size_limit_is_refused_by_the_prescan_when_loaded() -> None:
    src = source_from_text(DSL, "x.pipe")
    with pytest.raises(LimitError, match="--max-bytes"):
        load_source(src, Limits(max_bytes=10))


def test_every_later_layer_takes_the_source_and_detects_nothing(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking a file detects its format exactly once, in pipespec.language.source."""
    calls: list[object] = []
    real = source_module.detect_format

    def counting(*args: object) -> str:
        calls.append(args)
        return real(*args)  # type: ignore[arg-type]

    for module in list(sys.modules.values()):  # every module that took the function by name
        if getattr(module, "detect_format", None) is real:
            monkeypatch.setattr(module, "detect_format", counting)
    for name, text in (("a.pipe", DSL), ("a.yaml", YAML), ("a.json", JSON), ("plain", YAML)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        calls.clear()
        report = check_file(str(path), Options(use_config=False))
        assert not report.errors, report.errors
        assert len(calls) == 1, (name, calls)
        calls.clear()
        assert check_text(text, name).format == report.format
        assert len(calls) == 1, (name, calls)


def test_check_source_reports_the_source_format_and_text() -> None:
    report = check_source(source_from_text(YAML, "<memory>", "yaml"), Options(use_config=False))
    assert report.format == "yaml" and report.source_text == YAML and not report.errors


def test_a_huge_byte_limit_reads_only_what_the_file_holds(tmp_path: Path) -> None:
    f = tmp_path / "p.pipe"
    f.write_text(DSL, encoding="utf-8")
    # a limit far above any memory: the file is read in pieces, never allocated at the limit's size
    src = read_source(str(f), None, Limits(max_bytes=1 << 62))
    assert src.text == DSL


def test_a_pipe_is_read_only_as_far_as_the_limit(tmp_path: Path) -> None:
    import io

    endless = io.BytesIO(b"#" * (5 << 20))
    data = source_module._read_at_most(endless, 1000 + 1)
    assert len(data) == 1001 and endless.tell() == 1001
