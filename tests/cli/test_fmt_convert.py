"""`pipespec fmt` and `pipespec convert` keep what the author wrote: spellings, numbers, comments, line endings and
the byte-order mark; fmt treats every format alike (--check and --write agree)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import E3, ROOT, run

AUTHORED = ('# a study as its author wrote it\npipeline "  Knee MRI  " {  # the title, spaces and all\n'
            '  study { id: 00123, version: 2024.10 }\n'
            '  input   mri: MR image3d  # 3 T\n'
            '  feature_extraction rad: handcrafted PyRadiomics { feature_classes: [wavelet-LLH, firstorder] }\n'
            '  model net: ResNet-50 {\n'
            '    training: transfer learning  # from ImageNet\n'
            '    epochs: 20\n'
            '  }\n'
            '  model clf: logistic regression\n'
            '  output y: classification\n'
            '  # the radiomics branch\n'
            '  flow mri -> rad -> clf -> y\n'
            '  flow mri -> net -> y  # the deep branch\n'
            '}\n')


def test_fmt_write_keeps_the_spelling_of_every_name_and_value(tmp_path: Path) -> None:
    f = tmp_path / "p.pipe"
    f.write_text(AUTHORED, encoding="utf-8")
    assert run("fmt", "--write", str(f)).returncode == 0
    out = f.read_text(encoding="utf-8")
    for written in ('"  Knee MRI  "', "id: 00123", "version: 2024.10", ": MR image3d", "wavelet-LLH", "firstorder",
                    '"transfer learning"  # from ImageNet', "logistic regression"):
        assert written in out, written
    for canonical in ("MRI image3d", "fine_tuned", "2024.1 ", " 123", "first_order", '"Knee MRI"'):
        assert canonical not in out, canonical
    for comment in ("# a study as its author wrote it", "{  # the title, spaces and all", "image3d  # 3 T",
                    "  # the radiomics branch\n  flow mri -> rad", "flow mri -> net -> y  # the deep branch"):
        assert comment in out, comment
    assert run("fmt", "--check", str(f)).returncode == 0


@pytest.mark.parametrize("ending,bom", [("\r\n", False), ("\n", True), ("\r\n", True)])
def test_line_endings_and_the_byte_order_mark_are_kept(tmp_path: Path, ending: str, bom: bool) -> None:
    canonical = run("fmt", str(E3 / "example-2.pipe")).stdout
    f = tmp_path / "p.pipe"
    data = (b"\xef\xbb\xbf" if bom else b"") + canonical.replace("\n", ending).encode("utf-8")
    f.write_bytes(data)
    check = run("fmt", "--check", str(f))
    assert check.returncode == 0 and check.stdout == ""  # only the endings or the BOM differ: nothing to do
    untidy = data.replace(b"  input ", b"  input    ")
    f.write_bytes(untidy)
    assert run("fmt", "--check", str(f)).returncode == 1
    assert run("fmt", "--write", str(f)).returncode == 0
    assert f.read_bytes() == data


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                       ("utf-32-le", b"\xff\xfe\x00\x00")])
def test_a_utf16_or_utf32_file_is_written_back_in_its_own_encoding(tmp_path: Path, codec: str, bom: bytes) -> None:
    canonical = run("fmt", str(E3 / "example-2.pipe")).stdout
    f = tmp_path / "p.pipe"
    f.write_bytes(bom + canonical.replace("  input ", "  input    ").encode(codec))
    assert run("fmt", "--check", str(f)).returncode == 1
    assert run("fmt", "--write", str(f)).returncode == 0
    assert f.read_bytes() == bom + canonical.encode(codec)  # not rewritten as UTF-8
    assert run("fmt", "--check", str(f)).returncode == 0


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_fmt_check_and_write_agree_on_yaml_and_json(tmp_path: Path, suffix: str) -> None:
    target = "yaml" if suffix == ".yaml" else "json"
    canonical = run("convert", str(E3 / "example-4.pipe"), "--to", target).stdout
    f = tmp_path / f"p{suffix}"
    f.write_text(canonical, encoding="utf-8")
    assert run("fmt", "--check", str(f)).returncode == 0  # canonical: not "would reformat"
    untidy = canonical.replace("\n  ", "\n    ") if target == "json" else canonical.replace("---\n", "")
    untidy = untidy.replace("kind: model", "kind:    model")
    f.write_text(untidy, encoding="utf-8")
    check = run("fmt", "--check", str(f))
    assert check.returncode == 1 and check.stdout == ""
    assert check.stderr == f"would reformat {f}\n1 file would be reformatted\n"
    write = run("fmt", "--write", str(f))
    assert write.returncode == 0 and write.stderr == "1 file reformatted\n"
    assert f.read_text(encoding="utf-8") == canonical  # in its own format, not converted
    assert run("fmt", "--check", str(f)).returncode == 0
    assert run("fmt", str(f)).stdout == canonical


def test_fmt_formats_yaml_with_its_comments(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("# header\npipeline: t   # title\nstages:\n  - name: a    # the scan\n    kind: input\n"
                 "    modality: MR\n    form: image3d\n  # the model\n  - {name: m, kind: model, from: [a], "
                 "architecture: CNN}\n  - name: y\n    kind: output\n    from: [m]  # into y\n"
                 "    task: classification\n", encoding="utf-8")
    assert run("fmt", "--write", str(f)).returncode == 0
    assert f.read_text(encoding="utf-8") == (
        "# header\n---\npipeline: t  # title\nstages:\n  - name: a  # the scan\n    kind: input\n    modality: MR\n"
        "    form: image3d\n  # the model\n  - name: m\n    kind: model\n    from:\n      - a\n    architecture: CNN\n"
        '  - name: "y"\n    kind: output\n    from:  # into y\n      - m\n    task: classification\n')


def test_convert_carries_comments_between_dsl_and_yaml(tmp_path: Path) -> None:
    src = tmp_path / "p.pipe"
    src.write_text(AUTHORED, encoding="utf-8")
    y = tmp_path / "p.yaml"
    out = run("convert", str(src), "-o", str(y))
    assert out.returncode == 0 and out.stderr == ""
    text = y.read_text(encoding="utf-8")
    for piece in ("# a study as its author wrote it\n---\npipeline: '  Knee MRI  '  # the title, spaces and all",
                  "  - name: mri  # 3 T", "training: transfer learning  # from ImageNet", "modality: MR",
                  "- wavelet-LLH", "version: 2024.10"):
        assert piece in text, piece
    back = run("convert", str(y), "--to", "dsl")
    assert back.returncode == 0
    assert back.stdout == run("fmt", str(src)).stdout.replace("id: 00123", "id: 123") \
        or back.stdout == run("fmt", str(src)).stdout


def test_convert_to_json_says_how_many_comments_it_dropped(tmp_path: Path) -> None:
    src = tmp_path / "p.pipe"
    src.write_text(AUTHORED, encoding="utf-8")
    out = run("convert", str(src), "--to", "json")
    assert out.returncode == 0
    assert out.stderr == "pipespec: note: JSON has no comments: 6 comments dropped\n"
    assert '"training": "transfer learning"' in out.stdout and '"version": 2024.10' in out.stdout
    quiet = run("convert", str(E3 / "example-4.yaml"), "--to", "json")
    assert quiet.returncode == 0 and "1 comment dropped" not in quiet.stderr
    clean = tmp_path / "c.pipe"
    clean.write_text("\n".join(line.split("  #")[0] for line in AUTHORED.splitlines()
                               if not line.lstrip().startswith("#")) + "\n", encoding="utf-8")
    silent = run("convert", str(clean), "--to", "json")
    assert silent.returncode == 0 and silent.stderr == ""


def test_every_shipped_example_passes_fmt_check() -> None:
    paths = sorted(str(p) for p in (ROOT / "examples").rglob("*") if p.suffix in (".pipe", ".yaml", ".json"))
    out = run("fmt", "--check", *paths)
    assert out.returncode == 0 and out.stdout == "", out.stdout


def test_a_crlf_yaml_file_with_a_bom_keeps_both(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + (E3 / "example-2.yaml").read_bytes().replace(b"\n", b"\r\n")
    f = tmp_path / "p.yaml"
    f.write_bytes(data)
    assert run("fmt", "--check", str(f)).returncode == 0
    f.write_bytes(data.replace(b"kind: input", b"kind:   input"))
    assert run("fmt", "--check", str(f)).returncode == 1
    assert run("fmt", "--write", str(f)).returncode == 0
    assert f.read_bytes() == data


@pytest.mark.parametrize("command", ["fmt", "convert", "graph"])
def test_excerpts_come_from_the_text_as_read_not_from_the_file_again(tmp_path: Path, command: str) -> None:
    f = tmp_path / "p.pipe"
    f.write_bytes('pipeline "x" {\n  input a: \n}\n'.encode("utf-16"))  # read as UTF-16, not as bytes again
    out = run(command, str(f))
    assert out.returncode == 2
    assert out.stderr.splitlines()[1:3] == ["  2 |   input a: ", "    |          ^"], out.stderr


def test_fmt_on_a_pipe_with_an_error_does_not_hang(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "p.pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as fh:
            fh.write('pipeline "x" {\n  input a: \n}\n')

    threading.Thread(target=feed, daemon=True).start()
    out = run("fmt", str(fifo))  # the excerpt needs no second read of the pipe (which would wait forever)
    assert out.returncode == 2 and "PS101" in out.stderr and "input a:" in out.stderr


def test_converting_to_the_dsl_says_the_schema_reference_is_dropped(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("$schema: ../schema/pipeline.schema.json\npipeline: t\nstages: []\n", encoding="utf-8")
    out = run("convert", str(f), "--to", "dsl")
    assert out.returncode == 0 and "$schema" not in out.stdout
    assert out.stderr == "pipespec: note: the DSL has no $schema reference: it was dropped\n"
    assert run("convert", str(f), "--to", "json").stderr == ""  # JSON keeps it


def test_convert_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    f = tmp_path / "p.pipe"
    f.write_bytes((E3 / "example-2.pipe").read_bytes())
    out = run("convert", str(f), "--to", "yaml", "-o", str(f))
    assert out.returncode == 2 and out.stderr.startswith(f"pipespec: error: cannot write {f}: it is an input")
    assert f.read_bytes() == (E3 / "example-2.pipe").read_bytes()
