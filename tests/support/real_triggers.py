"""Trigger pairs for the rules of real study designs: (code, a pipeline body that raises it, the narrowest change
that does not).  tests/analysis/rules/test_rules.py runs them with the others."""

from __future__ import annotations

IMG = "input img: CT image3d\n"

REAL_TRIGGERS = [
    ("C508", IMG + "feature_extraction fm: handcrafted PyRadiomics { produces: maps }\nmodel net: CNN\n"
             "output y: classification\nflow img -> fm -> net -> y\ndeclare condition5 = yes",
     IMG + "feature_extraction fm: handcrafted PyRadiomics { produces: maps }\nmodel net: CNN\n"
           "output y: classification\nflow img -> fm -> net -> y\nflow img -> net\ndeclare condition5 = yes"),
    ("L106", IMG + "model net: U-Net { task: segmentation }\noutput y: classification\nflow img -> net -> y",
     IMG + "model net: U-Net { task: [segmentation, classification] }\noutput y: classification\n"
           "flow img -> net -> y"),
    ("V102", IMG + "feature_extraction f: handcrafted PyRadiomix\nmodel m: SVM\noutput y: classification\n"
             "flow img -> f -> m -> y",
     IMG + "feature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
           "flow img -> f -> m -> y"),
    ("R501", IMG + "feature_extraction f: deep ResNet-50\nmodel m: MLP\noutput y: classification\n"
             "flow img -> f -> m -> y",
     IMG + "feature_extraction f: deep ResNet-50\nmodel m: random forest\noutput y: classification\n"
           "flow img -> f -> m -> y"),
    ("R502", IMG + "preprocessing seg: segmentation(mode: automated, tool: nnU-Net)\n"
             "feature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
             "flow img -> seg -> f -> m -> y",
     IMG + "preprocessing seg: segmentation(mode: automated, tool: TotalSegmentator)\n"
           "feature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
           "model net: CNN\noutput z: classification\nflow img -> seg -> f -> m -> y\nflow img -> net -> z"),
    ("R503", IMG + "model cnn: ResNet-50 { task: classification, training: fine_tuned }\n"
             "feature_extraction f: deep ResNet-50 { weights_from: cnn }\nmodel m: SVM\noutput y: classification\n"
             "flow img -> cnn\nflow img -> f -> m -> y",
     IMG + "model cnn: ResNet-50 { task: classification, training: fine_tuned }\n"
           "feature_extraction f: deep ResNet-50 { weights_from: cnn }\nmodel m: SVM\noutput y: classification\n"
           "output z: classification\nflow img -> cnn -> z\nflow img -> f -> m -> y"),
    ("R504", IMG + "preprocessing dn: denoise(tool: AiCE)\npreprocessing seg: segmentation(mode: manual)\n"
             "feature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
             "flow img -> dn -> seg -> f -> m -> y",
     IMG + "preprocessing dn: denoise(tool: NLM)\npreprocessing seg: segmentation(mode: manual)\n"
           "feature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
           "flow img -> dn -> seg -> f -> m -> y"),
    ("V106", IMG + "preprocessing seg: segmentation(mode: automated, tool: LiverSeg)\n"
             "feature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
             "flow img -> seg -> f -> m -> y",
     IMG + "preprocessing seg: segmentation(mode: automated, tool: LiverSeg, family: classical)\n"
           "feature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
           "flow img -> seg -> f -> m -> y"),
    ("V107", IMG + "preprocessing seg: segmentation(mode: manual, tool: LiverSeg)\n"
             "feature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
             "flow img -> seg -> f -> m -> y",
     IMG + "preprocessing seg: segmentation(mode: manual, tool: ITK-SNAP)\n"
           "feature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
           "flow img -> seg -> f -> m -> y"),
]
