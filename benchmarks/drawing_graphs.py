#!/usr/bin/env python3
"""Study graphs the drawing is measured on (beside the shipped examples): writes ``benchmarks/graphs/``.

    python benchmarks/drawing_graphs.py     # rewrites benchmarks/graphs/multi-sequence-5.pipe

``multi_sequence(k)`` is a multi-sequence MRI radiomics study of the common shape, with ``k`` sequences: each
sequence is corrected, registered to the first and normalised; one segmentation on the first sequence gives the
mask every sequence's radiomics uses; each sequence's features are filtered for robustness on its own, then all
are fused with a clinical table, selected and fed to three classifiers; a deep branch (a 3D CNN on the first two
sequences, and deep features of the third) joins the ensemble.  The cross links (the mask to every sequence, the
registration target, the clinical table joining late) are what make a layered drawing cross edges.  Deterministic:
the same ``k`` gives the same text.  ``hybrid-15.pipe`` beside them is written by hand.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent / "graphs"
SEQUENCES = ["t1", "t1c", "t2", "flair", "adc", "dce", "swi", "pd"]


def multi_sequence(k: int) -> str:
    seqs = SEQUENCES[:k]
    first = seqs[0]
    lines = [f'pipeline "Multi-sequence MRI: {k} sequences, radiomics per sequence, a deep branch and an ensemble" {{']
    for s in seqs:
        lines.append(f"  input {s}_mri: MRI image3d")
    lines.append("  input clinical: tabular clinical")
    for s in seqs:
        lines.append(f"  preprocessing {s}_n4: bias_field_correction")
        if s != first:
            lines.append(f"  preprocessing {s}_reg: register")
        lines.append(f"  preprocessing {s}_norm: normalize")
        lines.append(f"  feature_extraction {s}_rad: handcrafted PyRadiomics")
        lines.append(f"  preprocessing {s}_icc: select(method: ICC)")
    lines += ["  model tumour_seg: nnU-Net { task: segmentation }",
              "  preprocessing mask_crop: roi_crop",
              "  preprocessing fuse_all: fuse",
              "  preprocessing mrmr: select(method: mRMR)",
              "  preprocessing combat: harmonize",
              "  model xgb: XGBoost { task: classification }",
              "  model svm: SVM { task: classification }",
              '  model rf: "random forest" { task: classification }',
              '  model cnn3d: "3D CNN" { task: classification }',
              "  feature_extraction deep: deep DenseNet-121 { training: pretrained_only, pretrained_on: ImageNet }",
              '  model stack: "logistic regression" { task: classification }',
              "  output grade: classification"]
    for s in seqs:
        chain = [f"{s}_mri", f"{s}_n4"] + ([] if s == first else [f"{s}_reg"]) + [f"{s}_norm"]
        lines.append(f"  flow {' -> '.join(chain)}")
        lines.append(f"  flow {s}_norm -> {s}_rad -> {s}_icc -> fuse_all")
        lines.append(f"  flow mask_crop -> {s}_rad")
        if s != first:
            lines.append(f"  flow {first}_n4 -> {s}_reg")
    lines.append(f"  flow {first}_norm -> tumour_seg -> mask_crop")
    lines.append("  flow fuse_all -> combat -> mrmr")
    lines.append("  flow clinical -> fuse_all")
    lines.append("  flow mrmr -> xgb, svm, rf")
    lines.append(f"  flow {seqs[0]}_norm, {seqs[1]}_norm -> cnn3d")
    lines.append(f"  flow {seqs[2 % k]}_norm -> deep -> combat")
    lines.append("  flow xgb, svm, rf, cnn3d -> stack -> grade")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for k in (5,):
        (OUT / f"multi-sequence-{k}.pipe").write_text(multi_sequence(k), encoding="utf-8")


if __name__ == "__main__":
    main()
