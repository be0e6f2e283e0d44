"""A generated Methods section of about N words for the drafting benchmark: varied sentences of the kinds Methods
sections hold (cohort, imaging, delineation, extraction, selection, networks, evaluation), none copied from a paper."""

from __future__ import annotations

MODALITIES = ["contrast-enhanced CT", "T2-weighted MRI", "FDG PET/CT", "B-mode ultrasound", "digital mammography"]
TOOLS = ["PyRadiomics", "LIFEx", "MaZda", "an IBSI-compliant in-house tool"]
NETS = ["ResNet-50", "DenseNet-121", "EfficientNet-B0", "a vision transformer", "a 3D CNN"]
MODELS = ["a support vector machine", "a random forest", "logistic regression", "XGBoost", "a LASSO-Cox model"]
SENTENCES = [
    "A total of {n} patients from {c} centres were included between 2015 and 2021.",
    "All patients underwent {mod} before treatment, and images were exported in DICOM format.",
    "Images were resampled to an isotropic voxel size of {v} mm and intensities were normalised.",
    "Tumours were segmented manually on every slice by {r} radiologists using ITK-SNAP (Fig. {f}).",
    "A second reader re-segmented {k} randomly chosen cases to assess inter-observer reproducibility.",
    "Radiomic features (first-order, shape, GLCM, GLRLM and GLSZM) were extracted with {tool}, with a bin "
    "width of {b}.",
    "Features with an intraclass correlation coefficient below 0.75 were removed.",
    "Highly correlated features (Pearson |r| > 0.9) were removed, and mRMR followed by LASSO selected the most "
    "predictive features in the training cohort only.",
    "In parallel, {net} pretrained on ImageNet was fine-tuned on the cropped tumour regions to classify each "
    "lesion as benign or malignant.",
    "Deep features were also taken from the penultimate layer of {net} and concatenated with the radiomic "
    "features.",
    "{model} was trained on the selected features with {k}-fold cross-validation.",
    "Class imbalance was handled with SMOTE applied to the training folds only.",
    "Performance was measured with the AUC, sensitivity and specificity with 95% confidence intervals, and "
    "calibration curves were drawn.",
    "The model was tested on an external validation cohort from another hospital.",
    "No manual correction of the contours was performed after the automated pre-segmentation.",
    "Code is available at https://example.org/repository{f}.",
]


def methods_text(words: int = 3000) -> str:
    """About ``words`` words: paragraphs of the sentences above with rotating names and numbers."""
    out = ["Materials and methods", ""]
    count = 0
    k = 0
    para: list[str] = []
    while count < words:
        template = SENTENCES[k % len(SENTENCES)]
        s = template.format(n=100 + 7 * k, c=2 + k % 3, mod=MODALITIES[k % 5], v=1 + k % 2, r=2 + k % 2,
                            f=1 + k % 6, k=5 + k % 6, tool=TOOLS[k % 4], b=25 + k % 10, net=NETS[k % 5],
                            model=MODELS[k % 5])
        para.append(s[0].upper() + s[1:])
        count += len(s.split())
        k += 1
        if len(para) == 5:
            out += [" ".join(para), ""]
            para = []
    if para:
        out.append(" ".join(para))
    out += ["", "Results", "", "The AUC was 0.90."]
    return "\n".join(out) + "\n"
